// The cohort view end to end, from file:// with no network: load R's lung data through the file
// input, run Kaplan-Meier by sex, and hold every number the page shows (median, survival at one
// year, log-rank p) against the native CLI's JSON for the same request. Then: a binary file is
// refused with a clear message and the previous cohort stays; the SVG export parses; the CSV
// export round-trips; screenshots in light and dark mode.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, root, screenshotPath } from './harness.mjs';
import { medianText, survText, ciText, pText, formatP } from '../../web/cohort/cohort-format.js';
import { analyseLungBySex, openPage, parseCsv } from './cohort-helpers.mjs';

// The native CLI is the reference; INFANT_ALL_CLI=wasm uses the node build of the same program
// (for a machine where only the WASM tree is current).
const cliCommand = process.env.INFANT_ALL_CLI === 'wasm'
  ? [process.execPath, join(root, 'build/wasm-release/cli/infant-all-cli.js')]
  : [join(root, 'build/native-release/cli/infant-all')];
const lung = join(root, 'tests/data/r/lung.csv');
const garbage = join(root, 'tests/data/csv/binary_garbage.bin');
const DAYS_PER_YEAR = 365.25;

// The CLI prints JSON on stdout by default.
const runCli = (args) => JSON.parse(execFileSync(cliCommand[0], [...cliCommand.slice(1), ...args], { encoding: 'utf8' }));

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

async function openCohort(colorScheme = 'light') {
  const opened = await openPage(browser, { colorScheme, viewport: { width: 1100, height: 900 } });
  await opened.page.click('#tab-cohort');
  return opened;
}

const loadLungBySex = (page) => analyseLungBySex(page, { horizons: '1' });

function assertClean(rec) {
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
}

test('KM by sex on lung: the page shows the CLI\'s numbers, offline, without errors', async () => {
  const { context, rec, page } = await openCohort();
  await loadLungBySex(page);

  const km = runCli(['km', '--csv', lung, '--time', 'time', '--event', 'status', '--group', 'sex', '--times', String(DAYS_PER_YEAR)]);
  const lr = runCli(['logrank', '--csv', lung, '--time', 'time', '--event', 'status', '--group', 'sex']);

  // Medians: the raw value on the cell equals the CLI's, and the text is its formatting in years.
  const medCells = await page.locator('#cohort-medians tbody tr').evaluateAll((rows) => rows.map((r) => ({
    group: r.cells[0].textContent, raw: r.cells[3].dataset.median, text: r.cells[3].textContent,
  })));
  assert.equal(medCells.length, km.curves.length);
  km.curves.forEach((c, i) => {
    assert.equal(medCells[i].group, `sex = ${c.group}`);
    assert.equal(Number(medCells[i].raw), c.median);
    assert.equal(medCells[i].text, medianText(c.median, c.median_lower, c.median_upper, DAYS_PER_YEAR));
  });

  // Survival at 1 year with SE and CI.
  const atCells = await page.locator('#cohort-surv-at tbody tr').evaluateAll((rows) => rows.map((r) => ({
    surv: r.cells[3].dataset.surv, se: r.cells[3].dataset.se, text: r.cells[3].textContent, ci: r.cells[4].textContent,
  })));
  km.curves.forEach((c, i) => {
    const a = c.at_times[0];
    assert.equal(Number(atCells[i].surv), a.surv);
    assert.equal(Number(atCells[i].se), a.std_err);
    assert.equal(atCells[i].text, survText(a.surv, a.std_err));
    assert.equal(atCells[i].ci, ciText(a.lower, a.upper));
  });

  // Log-rank p.
  const lrEl = page.locator('#cohort-logrank');
  assert.equal(Number(await lrEl.getAttribute('data-p')), lr.p);
  assert.ok((await lrEl.textContent()).includes(pText(lr.p)));

  // The figure: one curve per group, and the number-at-risk row starts with each group's n.
  assert.equal(await page.locator('#cohort-km-figure .km-curve').count(), km.curves.length);
  const firstAtRisk = await page.locator('#cohort-km-figure .km-risk-row').evaluateAll((rows) => rows.map((r) => r.firstChild.textContent));
  assert.deepEqual(firstAtRisk.map(Number), km.curves.map((c) => c.n));
  const caption = await page.locator('#cohort-km-caption').textContent();
  assert.match(caption, /n = 228/);
  assert.match(caption, /no rows excluded/);
  assert.match(caption, /95% pointwise CI, log transform/);

  await page.locator('#cohort-km-figure').screenshot({ path: screenshotPath('cohort-km-figure.png') });
  await page.screenshot({ path: screenshotPath('cohort-km.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});

test('an invalid file is refused with a clear message and the previous cohort stays loaded', async () => {
  const { context, rec, page } = await openCohort();
  await loadLungBySex(page);
  await page.setInputFiles('#cohort-file', garbage);
  const msg = page.locator('#cohort-message.error');
  await msg.waitFor();
  const text = await msg.textContent();
  assert.match(text, /Could not read binary_garbage\.bin: /);
  assert.match(text, /previous cohort \(lung\.csv, 228 rows\) is still loaded/);
  await page.screenshot({ path: screenshotPath('cohort-invalid-file.png'), fullPage: true });
  // The engine still holds lung: re-running works and gives the same log-rank p.
  const before = await page.locator('#cohort-logrank').getAttribute('data-p');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-message.ok').waitFor();
  assert.equal(await page.locator('#cohort-logrank').getAttribute('data-p'), before);
  await context.close();
  assertClean(rec);
});

test('exports: the SVG parses and the CSV round-trips the table shown', async () => {
  const { context, rec, page } = await openCohort();
  await loadLungBySex(page);

  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('#cohort-export-svg')]);
  assert.equal(svgDl.suggestedFilename(), 'lung_km.svg');
  const svgText = readFileSync(await svgDl.path(), 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: Boolean(doc.querySelector('parsererror')), root: doc.documentElement.nodeName,
      curves: doc.querySelectorAll('.km-curve').length };
  }, svgText);
  assert.deepEqual(parsed, { error: false, root: 'svg', curves: 2 });

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#cohort-export-surv-at')]);
  const rows = parseCsv(readFileSync(await csvDl.path(), 'utf8'));
  assert.deepEqual(rows[0], ['group', 'time_years', 'n_risk', 'surv', 'std_err', 'lower', 'upper']);
  const shown = await page.locator('#cohort-surv-at tbody tr').evaluateAll((trs) => trs.map((r) => ({
    group: r.cells[0].textContent, nRisk: r.cells[2].textContent, surv: r.cells[3].dataset.surv,
  })));
  assert.equal(rows.length - 1, shown.length);
  shown.forEach((s, i) => {
    assert.equal(rows[i + 1][0], s.group);
    assert.match(s.group, /^sex = [12]$/);
    assert.equal(rows[i + 1][2], s.nRisk);
    assert.equal(Number(rows[i + 1][3]), Number(s.surv));
  });
  await context.close();
  assertClean(rec);
});

test('dark mode renders the same figure legibly', async () => {
  const { context, rec, page } = await openCohort('dark');
  await loadLungBySex(page);
  await page.screenshot({ path: screenshotPath('cohort-km-dark.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});

test('further analyses: Cox, crosstab and cumulative incidence show the CLI\'s numbers', async () => {
  const { context, rec, page } = await openCohort();
  await loadLungBySex(page);
  for (const id of ['cohort-cuminc', 'cohort-cox', 'cohort-crosstab']) await page.click(`#${id} > summary`);

  // Cox on age and sex (Efron ties).
  await page.locator('#cohort-cox input[value="age"]').check();
  await page.locator('#cohort-cox input[value="sex"]').check();
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-table').waitFor();
  const cox = runCli(['cox', '--csv', lung, '--time', 'time', '--event', 'status', '--covariates', 'age,sex']);
  const coxRows = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(coxRows.map((r) => r[0]), cox.terms.map((t) => t.name));
  cox.terms.forEach((t, i) => {
    assert.equal(coxRows[i][1], t.hr.toFixed(2));
    assert.equal(coxRows[i][3], formatP(t.p));
  });

  // Characteristics table: ECOG score by sex, counts and both p-values as the CLI gives them.
  await page.selectOption('#cohort-xt-col', 'sex');
  for (const box of await page.locator('#cohort-xt-rows input:checked').all()) await box.uncheck();
  await page.locator('#cohort-xt-rows input[value="ph.ecog"]').check();
  await page.click('#cohort-xt-run');
  await page.locator('#cohort-xt-table').waitFor();
  const xt = runCli(['crosstab', '--csv', lung, '--row', 'ph.ecog', '--col', 'sex']);
  const body = page.locator('#cohort-xt-table tbody[data-row="ph.ecog"]');
  assert.equal(Number(await body.getAttribute('data-p-chisq')), xt.chisq.p);
  assert.equal(Number(await body.getAttribute('data-p-fisher')), xt.fisher.p);
  const head = await body.locator('tr.table1-head td').allTextContents();
  assert.deepEqual(head, [formatP(xt.chisq.p), formatP(xt.fisher.p)]);
  const counts = await body.locator('tr:not(.table1-head)').evaluateAll((trs) => trs.map((r) => ({
    level: r.cells[0].textContent, n: [...r.querySelectorAll('td[data-n]')].map((c) => Number(c.dataset.n)),
  })));
  assert.deepEqual(counts.map((c) => c.level), xt.row_levels.map(String));
  counts.forEach((c, i) => assert.deepEqual(c.n, xt.counts[xt.row_levels.map(String).indexOf(c.level)]));

  // Cumulative incidence with status 1/2 read as two causes (a mechanical check, not a clinical one).
  await page.selectOption('#cohort-ci-status', 'status');
  await page.click('#cohort-ci-run');
  await page.locator('#cohort-gray').waitFor();
  const ci = runCli(['cuminc', '--csv', lung, '--time', 'time', '--status', 'status', '--group', 'sex']);
  const grayText = await page.locator('#cohort-gray').textContent();
  for (const t of ci.tests) assert.ok(grayText.includes(`cause ${t.cause}: ${pText(t.p)}`), grayText);

  await page.locator('#cohort-more').screenshot({ path: screenshotPath('cohort-further.png') });
  await context.close();
  assertClean(rec);
});

test('Cancel stops a long import and keeps the previous cohort', async () => {
  // A 2-million-row file takes the engine long enough to cancel by hand.
  const big = join(tmpdir(), `infant-all-big-${process.pid}.csv`);
  const lines = ['time,status,sex'];
  for (let i = 0; i < 2000000; i += 1) lines.push(`${((i * 7919) % 1000) + 1},${1 + (i % 2)},${1 + (i % 3 === 0)}`);
  writeFileSync(big, `${lines.join('\n')}\n`);
  const { context, rec, page } = await openCohort();
  try {
    await loadLungBySex(page);
    const before = await page.locator('#cohort-logrank').getAttribute('data-p');
    await page.setInputFiles('#cohort-file', big);
    await page.locator('#cohort-cancel').waitFor();
    await page.locator('#cohort-busy').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('cohort-busy.png') });
    await page.click('#cohort-cancel');
    assert.match(await page.locator('#cohort-message').textContent(), /Cancelled\. The previous cohort \(lung\.csv, 228 rows\) is still loaded\./);
    await page.click('#cohort-analyse');
    await page.locator('#cohort-message.ok').waitFor();
    assert.equal(await page.locator('#cohort-logrank').getAttribute('data-p'), before);
  } finally {
    await context.close();
    unlinkSync(big);
  }
  assertClean(rec);
});
