// The demo cohort from file://, one click: the page shows the Interfant-06 risk groups, EFS and
// OS curves with their number-at-risk tables, the cumulative incidence of relapse with Gray's
// test, a characteristics table by risk group and a Cox table with the risk group, and every
// number held here (risk-group counts, 6-year EFS and OS with SE, log-rank and trend p, Gray's p,
// chi-square and Fisher p with the counts, the hazard ratios) equals the native CLI's JSON on the
// same CSV, written by the same generator script, asked with the same options (--levels LR,MR,HR,
// --col risk_group, --covariates risk_group:LR). Groups read LR < MR < HR everywhere. Nothing
// leaves the page; no console error or CSP violation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { distDir, screenshotPath, serve } from './harness.mjs';
import { assertClean, demoSuite, openDemo, runCli } from './cohort-helpers.mjs';
import { survText, ciText, pText, formatP } from '../../web/cohort/cohort-format.js';

const ORDER = ['LR', 'MR', 'HR'];

// A p-value from a distribution's tail (pchisq, the hypergeometric sums) goes through the C
// library, whose last bit can differ between the native CLI and the page's WASM build (the node
// build of the CLI gives the page's value exactly): equal to within a few ulps.
function sameP(actual, expected, what) {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= 4 * Number.EPSILON * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

const suite = demoSuite('infant-all-demo-');

// Survival at 6 years per group, as the page's table shows it, in row order.
async function atSixYears(page, sfx) {
  return page.locator(`#cohort-surv-at-${sfx} tbody tr`).evaluateAll((rows) => rows
    .filter((r) => r.cells[1].textContent === '6')
    .map((r) => ({
      group: r.cells[0].textContent, surv: Number(r.cells[3].dataset.surv), se: Number(r.cells[3].dataset.se),
      text: r.cells[3].textContent, ci: r.cells[4].textContent,
    })));
}

function checkSixYears(shown, km) {
  assert.deepEqual(shown.map((r) => r.group), ORDER);
  for (const r of shown) {
    const a = km.curves.find((c) => c.group === r.group).at_times.find((x) => x.time === 6);
    assert.equal(r.surv, a.surv, `${r.group} surv`);
    assert.equal(r.se, a.std_err, `${r.group} SE`);
    assert.equal(r.text, survText(a.surv, a.std_err));
    assert.equal(r.ci, ciText(a.lower, a.upper));
  }
}

test('one click on the demo shows the whole report, with the CLI\'s numbers, groups LR < MR < HR', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const base = ['--csv', suite.demo, '--group', 'risk_group', '--protocol', 'interfant06', '--levels', ORDER.join(',')];

  // Risk groups: counts in clinical order, equal to the classifier's.
  const cls = runCli(['classify', '--csv', suite.demo, '--protocol', 'interfant06']);
  const counts = await page.locator('#cohort-class-counts tbody td').evaluateAll((tds) => tds.map((td) => [td.dataset.group, Number(td.dataset.n)]));
  assert.deepEqual(counts.map((c) => c[0]).slice(0, 3), ORDER);
  for (const [g, n] of counts) assert.equal(n, cls.counts[g], g);
  assert.equal(counts.reduce((a, c) => a + c[1], 0), 651);

  // EFS and OS: 6-year estimates with SE, the figure's curves, legend and risk table in order.
  for (const ep of ['efs', 'os']) {
    const km = runCli(['km', ...base, '--endpoint', ep, '--times', '1,3,6', '--rmean', '6']);
    assert.deepEqual(km.curves.map((c) => c.group), ORDER, 'the CLI orders the curves by --levels');
    checkSixYears(await atSixYears(page, ep), km);
    // The text alternative (every step) is built when opened: one row per step of every curve.
    const steps = page.locator(`#cohort-km-${ep} details.steps`);
    assert.equal(await steps.locator('tbody tr').count(), 0, 'built only when opened');
    await steps.locator('summary').click();
    await steps.locator('tbody tr').first().waitFor();  // the toggle event comes in a later task
    const nSteps = km.curves.reduce((a, c) => a + c.time.length, 0);
    assert.equal(await steps.locator('tbody tr').count(), Math.min(nSteps, 2000));
    assert.equal(await steps.locator('tbody tr').first().locator('th, td').first().textContent(), ORDER[0]);
    // Restricted mean to 6 years (the default horizon for a file with dates), with its SE.
    const rmst = await page.locator(`#cohort-rmst-table-${ep} tbody tr`).evaluateAll((rows) => rows
      .map((r) => [r.cells[0].textContent, Number(r.cells[3].dataset.rmean), Number(r.cells[3].dataset.se)]));
    assert.deepEqual(rmst, km.curves.map((c) => [c.group, c.rmean, c.rmean_se]));
    const fig = page.locator(`#cohort-km-figure-${ep}`);
    assert.deepEqual(await fig.locator('.km-curve').evaluateAll((g) => g.map((x) => x.dataset.group)), ORDER);
    const riskRows = await fig.locator('.km-risk-row').evaluateAll((rows) => rows.map((r) => [r.dataset.group, Number(r.firstChild.textContent)]));
    assert.deepEqual(riskRows, ORDER.map((g) => [g, km.curves.find((c) => c.group === g).n]));
    const legend = await fig.locator('.km-legend text').allTextContents();
    ORDER.forEach((g, i) => assert.match(legend[i], new RegExp(`^${g} \\(n = \\d+, \\d+ events\\)$`)));
    const caption = await page.locator(`#cohort-km-caption-${ep}`).textContent();
    assert.match(caption, /n = 651/);
    assert.match(caption, /95% pointwise CI, log transform/);
    if (ep === 'efs') assert.match(caption, /induction failure counted at day 0/);

    // Log-rank p, and the trend test scored LR = 1 < MR = 2 < HR = 3: the same request as the
    // page's (no more reordering), so the same statistics to the last bit; p to a few ulps.
    const lr = runCli(['logrank', ...base, '--endpoint', ep]);
    assert.deepEqual(lr.groups, ORDER);
    const lrEl = page.locator(`#cohort-logrank-${ep}`);
    assert.equal(Number(await lrEl.getAttribute('data-chisq')), lr.chisq, `${ep} log-rank chi-square`);
    sameP(Number(await lrEl.getAttribute('data-p')), lr.p, `${ep} log-rank p`);
    assert.equal(Number(await lrEl.getAttribute('data-trend-chisq')), lr.trend.chisq, `${ep} trend chi-square`);
    sameP(Number(await lrEl.getAttribute('data-trend-p')), lr.trend.p, `${ep} trend p`);
    const lrText = await lrEl.textContent();
    assert.ok(lrText.includes(pText(lr.p)), lrText);
    assert.match(lrText, /LR = 1, MR = 2, HR = 3/);
    const oeGroups = await page.locator(`#cohort-logrank-table-${ep} tbody th`).allTextContents();
    assert.deepEqual(oeGroups, ORDER);
  }

  // CIR with Gray's test (relapse; death in CR and SMN competing).
  const ci = runCli(['cuminc', ...base, '--endpoint', 'cir', '--times', '1,3,6']);
  const grayP = JSON.parse(await page.locator('#cohort-gray').getAttribute('data-p'));
  assert.deepEqual(grayP, ci.tests.map((t) => t.p));
  const grayText = await page.locator('#cohort-gray').textContent();
  for (const t of ci.tests) assert.ok(grayText.includes(`${t.cause}: ${pText(t.p)}`), grayText);
  const ciCurves = await page.locator('#cohort-ci-figure .km-curve').evaluateAll((g) => g.map((x) => x.dataset.group));
  assert.deepEqual(ciCurves.map((l) => l.split(',')[0]), ['LR', 'LR', 'MR', 'MR', 'HR', 'HR']);
  // The CLI with --levels gives the groups in that order within each cause.
  assert.deepEqual(ci.curves.map((c) => c.group), [...ORDER, ...ORDER]);
  const ciSix = await page.locator('#cohort-ci-table tbody tr').evaluateAll((rows) => rows
    .filter((r) => r.cells[1].textContent === '6').map((r) => [r.cells[0].textContent, Number(r.cells[2].dataset.est)]));
  for (const [label, est] of ciSix) {
    const [g, cause] = label.split(', ');
    assert.equal(est, ci.curves.find((c) => c.group === g && c.cause === cause).at_times.find((a) => a.time === 6).est, label);
  }

  // Characteristics table by risk group by default (Interfant-06 Table 1): columns LR, MR, HR;
  // chi-square and Fisher p and every count as the CLI's crosstab --col risk_group gives them.
  assert.equal(await page.inputValue('#cohort-xt-col'), 'risk_group (classified)');
  const heads = await page.locator('#cohort-xt-table thead th').allTextContents();
  assert.deepEqual(heads.slice(1, 4), ORDER);
  const bodies = await page.locator('#cohort-xt-table tbody').evaluateAll((bs) => bs.map((b) => ({
    row: b.dataset.row, chi: b.dataset.pChisq, fisher: b.dataset.pFisher,
    levels: [...b.querySelectorAll('th.table1-level')].map((th) => th.textContent),
    counts: [...b.querySelectorAll('tr:not(.table1-head)')].map((tr) => [...tr.querySelectorAll('td[data-n]')].map((td) => Number(td.dataset.n))),
    pcts: [...b.querySelectorAll('tr:not(.table1-head)')].map((tr) => [...tr.querySelectorAll('td[data-n]')].map((td) => td.dataset.pct)),
    texts: [...b.querySelectorAll('tr:not(.table1-head)')].map((tr) => [...tr.querySelectorAll('td[data-n]')].map((td) => td.textContent)),
  })));
  assert.ok(bodies.length >= 4, `characteristics shown: ${bodies.map((b) => b.row)}`);
  for (const b of bodies) {
    const xt = runCli(['crosstab', '--csv', suite.demo, '--row', b.row, '--col', 'risk_group']);
    sameP(b.chi === 'NA' ? null : Number(b.chi), xt.chisq.p ?? null, `${b.row} chi-square p`);
    sameP(b.fisher === 'NA' ? null : Number(b.fisher), xt.fisher.p ?? null, `${b.row} Fisher p`);
    const cols = ORDER.map((g) => xt.col_levels.indexOf(g));
    b.levels.forEach((lv, i) => {
      const r = xt.row_levels.indexOf(lv);
      assert.deepEqual(b.counts[i], cols.map((j) => xt.counts[r][j]), `${b.row} = ${lv}`);
      // Percentages of each risk group, as the engine gives them, printed without decimals.
      assert.deepEqual(b.pcts[i].map(Number), cols.map((j) => xt.col_percent[r][j]), `${b.row} = ${lv} %`);
      assert.deepEqual(b.texts[i], cols.map((j) => `${xt.counts[r][j]} (${xt.col_percent[r][j].toFixed(0)})`), `${b.row} = ${lv} text`);
    });
    assert.equal(b.counts.flat().reduce((a, n) => a + n, 0), 651 - xt.n_excluded, `${b.row}: every classified row counted once`);
  }

  // Cox model of EFS by risk group, LR the reference: each hazard ratio as the CLI gives it.
  const cox = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR', '--protocol', 'interfant06']);
  assert.deepEqual(cox.terms.map((t) => t.name).sort(), ['risk_groupHR', 'risk_groupMR']);
  const coxRows = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => ({
    term: r.cells[0].textContent, hr: Number(r.cells[1].dataset.hr), text: r.cells[1].textContent, p: r.cells[3].textContent,
  })));
  assert.deepEqual(coxRows.map((r) => r.term), cox.terms.map((t) => t.name));
  cox.terms.forEach((t, i) => {
    assert.equal(coxRows[i].hr, t.hr, t.name);
    assert.equal(coxRows[i].text, t.hr.toFixed(2));
    assert.equal(coxRows[i].p, formatP(t.p));
  });

  // No placeholder leaked into the text (a null child, an undefined field, a NaN).
  assert.doesNotMatch(await page.locator('#cohort-view').innerText(), /\bnull\b|\bundefined\b|\bNaN\b/);

  await page.screenshot({ path: screenshotPath('cohort-demo-full.png'), fullPage: true });
  await page.locator('#cohort-km-efs').screenshot({ path: screenshotPath('cohort-demo-efs.png') });
  await page.locator('#cohort-more').screenshot({ path: screenshotPath('cohort-demo-further.png') });
  await page.locator('#cohort-km-figure-efs').screenshot({ path: screenshotPath('cohort-demo-efs-figure.png') });
  await page.locator('#cohort-cuminc').screenshot({ path: screenshotPath('cohort-demo-cir.png') });
  await page.locator('#cohort-crosstab').screenshot({ path: screenshotPath('cohort-demo-characteristics.png') });
  await context.close();
  assertClean(rec);
});

test('the demo in dark mode at tablet width', async () => {
  const { context, rec, page } = await openDemo(suite.browser, { colorScheme: 'dark', viewport: { width: 820, height: 1180 } });
  // Nothing wider than the window: the figures scale down, wide tables scroll in their box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
  await page.screenshot({ path: screenshotPath('cohort-demo-dark-tablet.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});

test('the served site gives the same report as the single file: same numbers, only its own files', async () => {
  const server = await serve(join(distDir, 'site'));
  try {
    const { context, rec, page } = await openDemo(suite.browser, { url: server.url, allowed: (u) => u.startsWith(server.url) || u.startsWith('blob:') });
    const base = ['--csv', suite.demo, '--group', 'risk_group', '--protocol', 'interfant06', '--levels', ORDER.join(',')];
    for (const ep of ['efs', 'os']) {
      checkSixYears(await atSixYears(page, ep), runCli(['km', ...base, '--endpoint', ep, '--times', '1,3,6']));
      const lr = runCli(['logrank', ...base, '--endpoint', ep]);
      sameP(Number(await page.locator(`#cohort-logrank-${ep}`).getAttribute('data-p')), lr.p, `${ep} log-rank p`);
    }
    const grayP = JSON.parse(await page.locator('#cohort-gray').getAttribute('data-p'));
    assert.deepEqual(grayP, runCli(['cuminc', ...base, '--endpoint', 'cir']).tests.map((t) => t.p));
    const cox = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR', '--protocol', 'interfant06']);
    const hrs = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => Number(r.cells[1].dataset.hr)));
    assert.deepEqual(hrs, cox.terms.map((t) => t.hr));
    assertClean(rec);
    const own = [...new Set(rec.requests.filter((u) => u.startsWith(server.url)).map((u) => u.slice(server.url.length)))].sort();
    assert.deepEqual(own, ['', 'app.js', 'style.css']);
    await context.close();
  } finally {
    server.close();
  }
});
