// The figures as survminer / Prism users expect them (issue 19, item 4), held against the CLI:
// the CIR figure's bands, number-at-risk table and Gray's p; the forest plot's readable labels,
// reference rows and n / events per level; the Kaplan-Meier figure's options (axis, truncation,
// medians, 1 − S, cumulative hazard, title and labels, saved and exported); a risk table of
// six-digit counts whose numbers never touch.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pText } from '../../web/cohort/cohort-format.js';
import { assertClean, demoSuite, downloadFrom, openDemo, openPage, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-figures-');
const ORDER = ['LR', 'MR', 'HR'];
const base = () => ['--csv', suite.demo, '--group', 'risk_group', '--protocol', 'interfant06', '--levels', ORDER.join(',')];

test('CIR figure: a band per group, the engine\'s number at risk under it, Gray\'s p on it', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const ci = runCli(['cuminc', ...base(), '--endpoint', 'cir', '--axis-ticks']);
  const fig = page.locator('#cohort-ci-figure');
  const bands = await fig.locator('.km-band').evaluateAll((ps) => ps.map((p) => p.dataset.group));
  for (const g of ORDER) assert.ok(bands.some((b) => b.startsWith(`${g}, `)), `a band for ${g}: ${bands}`);
  // One risk row per group (each cause of a group has the same patients at risk), the CLI's.
  const rows = await fig.locator('.km-risk-row').evaluateAll((gs) => gs.map((g) => [g.dataset.group, [...g.children].map((t) => Number(t.dataset.n))]));
  const first = ci.curves.filter((c) => c.cause === ci.curves[0].cause);
  assert.deepEqual(rows, first.map((c) => [c.group, c.risk_table.map((r) => r.n_risk)]));
  assert.equal(rows[0][1][0], first[0].n, 'everyone at risk at 0');
  assert.deepEqual(await fig.locator('.km-x-tick').allTextContents(), ci.axis_ticks.map(String));
  // Gray's p, cause by cause, as the page's test sentence gives it.
  assert.equal(await fig.locator('.km-legend-note').textContent(),
    `Gray's test: ${ci.tests.map((t) => `${t.cause} ${pText(t.p)}`).join('; ')}`);
  const svg = readFileSync(await (await downloadFrom(page, '#cohort-ci-export-svg')).path(), 'utf8');
  assert.match(svg, /class="km-band"/);
  assert.match(svg, /Gray's test: relapse/);
  assertClean(rec);
  await context.close();
});

test('forest plot: readable labels, a reference row per factor, n / events per level as the CLI counts them', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  await page.evaluate(() => { document.getElementById('cohort-cox').open = true; });
  await page.locator('#cohort-cox input[value="sex"]').check();
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-forest .forest-row[data-name="sexM"]').waitFor();
  const cox = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR,sex', '--protocol', 'interfant06']);
  const labels = await page.locator('#cohort-cox-forest .forest-label').allTextContents();
  for (const t of cox.terms) assert.ok(!labels.some((l) => l.includes(t.name)), `no R column name ${t.name} in ${labels}`);
  assert.ok(!labels.some((l) => l.includes('risk_group')), labels.join('; '));
  assert.ok(labels.includes('Interfant-06 risk group: HR') || labels.some((l) => / risk group: HR$/.test(l)), labels.join('; '));
  const refs = await page.locator('#cohort-cox-forest .forest-reference').evaluateAll((gs) => gs.map((g) => [g.querySelector('.forest-label').textContent, g.querySelector('.forest-text').textContent]));
  assert.equal(refs.length, cox.factors.length);
  cox.factors.forEach((f, i) => {
    assert.ok(refs[i][0].endsWith(`: ${f.reference}`), refs[i][0]);
    assert.equal(refs[i][1], '1 (reference)');
  });
  // n / events per level: the CLI's, and they add up to the fit's n and events.
  const counts = await page.locator('#cohort-cox-forest .forest-row').evaluateAll((gs) => gs.map((g) => [g.querySelector('.forest-label').textContent.replace(/^.*: /, ''), g.querySelector('.forest-count').textContent]));
  assert.deepEqual(counts, cox.factors.flatMap((f) => f.levels.map((l) => [l.level, `${l.n} / ${l.events}`])));
  for (const f of cox.factors) {
    assert.equal(f.levels.reduce((a, l) => a + l.n, 0), cox.n);
    assert.equal(f.levels.reduce((a, l) => a + l.events, 0), cox.events);
  }
  // The crosstab's count of each risk group agrees (every demo row is in the model).
  const xt = runCli(['crosstab', '--csv', suite.demo, '--row', 'risk_group', '--col', 'sex', '--protocol', 'interfant06']);
  for (const l of cox.factors[0].levels) assert.equal(l.n, xt.row_totals[xt.row_levels.indexOf(l.level)], l.level);
  assertClean(rec);
  await context.close();
});

// The pixel path of a curve as [x, y] corners (M, H and V commands only).
const corners = (d) => {
  const pts = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([MHV])(-?[\d.]+)(?:,(-?[\d.]+))?/g)) {
    if (cmd === 'M') { x = Number(a); y = Number(b); } else if (cmd === 'H') x = Number(a); else y = Number(a);
    pts.push([x, y]);
  }
  return pts;
};
const curvePaths = (page, fig) => page.locator(`${fig} .km-curve > path:first-child`).evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));

test('KM figure options: axis, truncation, medians, 1 − S, cumulative hazard, title and labels; saved and exported', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const fig = '#cohort-km-figure-efs';
  await page.click('#cohort-fig-options-efs summary');
  // KMunicate's extended table by default.
  assert.ok(await page.locator(`${fig} .km-risk-extra`).count() > 0);

  // x max and tick spacing: the last tick is the maximum; the risk table at those ticks is the CLI's.
  await page.fill('#cohort-fig-xmax-efs', '6');
  await page.fill('#cohort-fig-xstep-efs', '1.5');
  await page.locator('#cohort-fig-xstep-efs').dispatchEvent('change');
  await page.waitForFunction((f) => [...document.querySelectorAll(`${f} .km-x-tick`)].pop()?.textContent === '6', fig);
  assert.deepEqual(await page.locator(`${fig} .km-x-tick`).allTextContents(), ['0', '1.5', '3', '4.5', '6']);
  const km = runCli(['km', ...base(), '--endpoint', 'efs', '--risk-times', '0,1.5,3,4.5,6']);
  const risk = await page.locator(`${fig} .km-risk-row`).evaluateAll((gs) => gs.map((g) => [...g.children].map((t) => Number(t.dataset.n))));
  assert.deepEqual(risk, km.curves.map((c) => c.risk_table.map((r) => r.n_risk)));
  const events = await page.locator(`${fig} .km-risk-extra[data-kind="events"]`).evaluateAll((gs) => gs.map((g) => [...g.children].map((t) => Number(t.dataset.n))));
  assert.deepEqual(events, km.curves.map((c) => c.risk_table.map((r) => r.cum_event)));
  await page.fill('#cohort-fig-xmax-efs', '');
  await page.fill('#cohort-fig-xstep-efs', '');
  await page.locator('#cohort-fig-xstep-efs').dispatchEvent('change');
  await page.waitForFunction((f) => [...document.querySelectorAll(`${f} .km-x-tick`)].pop()?.textContent === '12', fig);

  // Truncation: each curve stops at its last step with at least 40 at risk.
  const fullPaths = await curvePaths(page, fig);
  const full = fullPaths.map((d) => Math.max(...corners(d).map((p) => p[0])));
  await page.fill('#cohort-fig-truncate-efs', '40');
  await page.locator('#cohort-fig-truncate-efs').dispatchEvent('change');
  await page.waitForFunction(([f, before]) => {
    const now = [...document.querySelectorAll(`${f} .km-curve > path:first-child`)].map((p) => p.getAttribute('d'));
    return now.join() !== before;
  }, [fig, fullPaths.join()]);
  const cut = (await curvePaths(page, fig)).map((d) => Math.max(...corners(d).map((p) => p[0])));
  const kmAll = runCli(['km', ...base(), '--endpoint', 'efs']);
  kmAll.curves.forEach((c, k) => {
    if (c.n_risk[c.n_risk.length - 1] < 40) assert.ok(cut[k] < full[k], `${c.group} loses its tail (${cut[k]} < ${full[k]})`);
    else assert.equal(cut[k], full[k]);
  });
  await page.fill('#cohort-fig-truncate-efs', '');
  await page.locator('#cohort-fig-truncate-efs').dispatchEvent('change');

  // Median lines.
  assert.equal(await page.locator(`${fig} .km-median`).count(), 0);
  await page.check('#cohort-fig-medians-efs');
  await page.locator(`${fig} .km-median`).first().waitFor();
  assert.equal(await page.locator(`${fig} .km-median`).count(), kmAll.curves.filter((c) => typeof c.median === 'number').length);

  // 1 − S: the curves start at 0 (the bottom) instead of 100% (the top), and end at 1 − S.
  const yOfTick = async (label) => Number(await page.locator(`${fig} .km-y-tick`, { hasText: new RegExp(`^${label}$`) }).getAttribute('y')) - 4;
  const starts = async () => (await curvePaths(page, fig)).map((d) => corners(d)[0][1]);
  const top = await yOfTick('100');
  const bottom = await yOfTick('0');
  assert.ok((await starts()).every((y) => Math.abs(y - top) < 0.01));
  await page.selectOption('#cohort-fig-view-efs', 'failure');
  await page.waitForFunction(([f, b]) => [...document.querySelectorAll(`${f} .km-curve > path:first-child`)].every((p) => Math.abs(Number(p.getAttribute('d').split(',')[1].split(/[HV]/)[0]) - b) < 0.01), [fig, bottom]);
  const pxPerUnit = bottom - top;
  const lastY = (d) => { const p = corners(d); return p[p.length - 1][1]; };
  (await curvePaths(page, fig)).forEach((d, k) => {
    const s = kmAll.curves[k].surv;
    assert.ok(Math.abs((bottom - lastY(d)) / pxPerUnit - (1 - s[s.length - 1])) < 0.01 / pxPerUnit + 1e-9, `${kmAll.curves[k].group} ends at 1 − S`);
  });

  // Cumulative hazard: the engine's Nelson-Aalen, read back from the pixels through the y axis.
  await page.selectOption('#cohort-fig-view-efs', 'cumhaz');
  await page.locator(`${fig} text`, { hasText: 'Cumulative hazard (Nelson-Aalen)' }).waitFor();
  const ticks = await page.locator(`${fig} .km-y-tick`).evaluateAll((ts) => ts.map((t) => [Number(t.textContent), Number(t.getAttribute('y')) - 4]));
  const [v0, y0] = ticks[0];
  const [v1, y1] = ticks[ticks.length - 1];
  const value = (y) => v0 + ((y - y0) * (v1 - v0)) / (y1 - y0);
  const perPx = Math.abs((v1 - v0) / (y1 - y0));
  (await curvePaths(page, fig)).forEach((d, k) => {
    const h = kmAll.curves[k].cumhaz;
    assert.ok(Math.abs(value(lastY(d)) - h[h.length - 1]) <= 0.011 * perPx + 1e-9, `${kmAll.curves[k].group}: ${value(lastY(d))} vs ${h[h.length - 1]}`);
    // Nelson-Aalen: the sum of d / n over the steps.
    const c = kmAll.curves[k];
    const na = c.n_event.reduce((a, e, i) => a + e / c.n_risk[i], 0);
    assert.ok(Math.abs(na - h[h.length - 1]) < 1e-12);
  });

  // Title and legend label, on the screen and in the exported SVG.
  await page.fill('#cohort-fig-title-efs', 'Event-free survival, Interfant-06');
  await page.locator('#cohort-fig-title-efs').dispatchEvent('change');
  await page.fill('#cohort-fig-label-efs-0', 'Low risk');
  await page.locator('#cohort-fig-label-efs-0').dispatchEvent('change');
  await page.locator(`${fig} .km-legend text`, { hasText: /^Low risk \(n = / }).waitFor();
  assert.equal(await page.locator(`${fig} .km-heading`).textContent(), 'Event-free survival, Interfant-06');
  const svg = readFileSync(await (await downloadFrom(page, '#cohort-export-efs-svg')).path(), 'utf8');
  assert.match(svg, /Event-free survival, Interfant-06/);
  assert.match(svg, /Low risk \(n = /);
  // As on the screen: no median lines on the hazard scale (a median is where S = 0.5).
  assert.equal(await page.locator(`${fig} .km-median`).count(), 0);
  assert.ok(!svg.includes('km-median'), 'no median lines in the cumulative-hazard export');
  assert.ok(svg.includes('class="km-heading"'));
  assert.match(svg, /Cumulative hazard \(Nelson-Aalen\)/);

  // Saved with the page's settings.
  const saved = JSON.parse(readFileSync(await (await downloadFrom(page, '#cohort-settings-save')).path(), 'utf8'));
  const o = saved.settings.further.km_figures.efs;
  assert.deepEqual([o.view, o.medians, o.title, o.labels.LR], ['cumhaz', true, 'Event-free survival, Interfant-06', 'Low risk']);
  assertClean(rec);
  await context.close();
});

test('a risk table of six-digit counts: abbreviated, no two numbers touch', async () => {
  // 250,412 patients in one arm and 120,000 in the other, followed 0-10 years.
  const lines = ['time,event,arm'];
  for (let i = 0; i < 370412; i += 1) lines.push(`${((i * 7919) % 10000) / 1000},${i % 3 === 0 ? 1 : 0},${i < 250412 ? 'A' : 'B'}`);
  const big = join(suite.tmp, 'big.csv');
  writeFileSync(big, `${lines.join('\n')}\n`);
  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  await page.setInputFiles('#cohort-file', big);
  await page.locator('#cohort-analysis:not([hidden])').waitFor({ timeout: 120000 });
  await page.selectOption('#cohort-time', 'time');
  await page.selectOption('#cohort-event', 'event');
  await page.selectOption('#cohort-group', 'arm');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-km-figure .km-risk-row').first().waitFor({ timeout: 120000 });
  // With room, written in full; the columns are wide enough here.
  const first = await page.locator('#cohort-km-figure .km-risk-row').first().evaluate((g) => [g.children[0].dataset.n, g.children[0].textContent]);
  assert.deepEqual(first, ['250412', '250412']);
  // Each row's numbers, left to right: a gap between every neighbour's boxes; the same with
  // the axis made dense (21 ticks).
  const overlaps = () => page.locator('#cohort-km-figure').evaluate((f) => {
    const bad = [];
    for (const row of f.querySelectorAll('.km-risk-row, .km-risk-extra')) {
      const boxes = [...row.children].map((t) => t.getBBox());
      for (let i = 1; i < boxes.length; i += 1) {
        if (boxes[i - 1].x + boxes[i - 1].width >= boxes[i].x) bad.push([row.dataset.group, i, boxes[i - 1].x + boxes[i - 1].width, boxes[i].x]);
      }
    }
    return { bad, n: f.querySelectorAll('.km-risk-row text').length };
  });
  const wide = await overlaps();
  assert.ok(wide.n >= 10, `numbers drawn: ${wide.n}`);
  assert.deepEqual(wide.bad, []);
  await page.click('#cohort-fig-options summary');
  // A tick every twentieth of the axis, whatever unit the axis is in.
  const ticks = (await page.getAttribute('#cohort-km-figure', 'data-ticks')).split(',').map(Number);
  await page.fill('#cohort-fig-xstep', String(ticks[ticks.length - 1] / 20));
  await page.locator('#cohort-fig-xstep').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelectorAll('#cohort-km-figure .km-x-tick').length > 15);
  const dense = await overlaps();
  assert.ok(dense.n > 30, `numbers drawn: ${dense.n}`);
  // Too narrow for six digits: abbreviated (and set smaller as needed).
  const abbreviated = await page.locator('#cohort-km-figure .km-risk-row').first().evaluate((g) => [g.children[0].dataset.n, g.children[0].textContent]);
  assert.deepEqual(abbreviated, ['250412', '250k']);
  assert.deepEqual(dense.bad, []);
  assertClean(rec);
  await context.close();
});

test('the KM figure options come back from a settings file', async () => {
  const first = await openDemo(suite.browser);
  await first.page.click('#cohort-fig-options-efs summary');
  await first.page.fill('#cohort-fig-xmax-efs', '8');
  await first.page.locator('#cohort-fig-xmax-efs').dispatchEvent('change');
  await first.page.selectOption('#cohort-fig-view-efs', 'failure');
  const file = join(suite.tmp, 'settings.json');
  writeFileSync(file, readFileSync(await (await downloadFrom(first.page, '#cohort-settings-save')).path()));
  await first.context.close();

  const { context, rec, page } = await openDemo(suite.browser);
  const fig = '#cohort-km-figure-efs';
  assert.notEqual(await page.locator(`${fig} .km-x-tick`).last().textContent(), '8');
  await page.setInputFiles('#cohort-settings-file', file);
  await page.locator('#cohort-settings-message, .cohort-message', { hasText: 'Settings loaded' }).first().waitFor();
  await page.click('#cohort-analyse');
  await page.waitForFunction((f) => [...document.querySelectorAll(`${f} .km-x-tick`)].pop()?.textContent === '8', fig);
  assert.equal(await page.locator('#cohort-fig-view-efs').inputValue(), 'failure');
  assert.equal(await page.locator('#cohort-fig-xmax-efs').inputValue(), '8');
  assertClean(rec);
  await context.close();
});
