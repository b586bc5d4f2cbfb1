// No silent choices (issue 19, item 3), from file://: a file whose only number is a white-cell
// count gets no time column until the user picks one (and is not analysed); "Risk group" stays
// in the grouping list with the reason it cannot be chosen, naming rows, as the engine's
// classification gives them; the Cox covariates and characteristics leave out the outcome,
// dates and the patient id, and say so; the characteristics table counts missing values per
// characteristic (as the CLI's crosstab / describe) and describes numbers as median (IQR) and
// range with the Wilcoxon rank-sum or Kruskal-Wallis test, whose p equals R's
// (tests/golden/describe.json, from tests/golden/gen_describe.R). Axe finds no violation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, screenshotPath } from './harness.mjs';
import { assertClean, cohortQuiet, demoSuite, downloadFrom, openDemo, openPage, parseCsv, runCli } from './cohort-helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const golden = JSON.parse(readFileSync(join(root, 'tests/golden/describe.json'), 'utf8'));
const suite = demoSuite('infant-all-choices-');

// Numbers from the WASM engine against R's (or the native CLI's): equal to 1e-9 relative.
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);

async function axe(page) {
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  // The reading options (#cohort-read-box, another part of the import) are checked by
  // cohort-a11y.test.mjs; here the controls and tables of this issue.
  const result = await page.evaluate((tags) => window.axe.run({ exclude: [['#cohort-read-box']] }, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), TAGS);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

// A German registry export: KMT2A as positiv/negativ, no age, no dates, no time column; the
// white-cell count is the only number (two missing), the outcome is text.
function leukFile() {
  const lines = ['Patient,KMT2A,Leukozyten (G/L),Verlauf'];
  for (let i = 1; i <= 24; i += 1) {
    const wbc = i % 11 === 0 ? '' : String((i * 37) % 500 + 0.5);
    lines.push(`P${i},${i % 3 === 0 ? 'negativ' : 'positiv'},${wbc},${i % 4 === 0 ? 'verstorben' : 'lebt'}`);
  }
  const path = join(suite.tmp, 'leukozyten.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// Rows of the characteristics table as the page marks them.
const bodies = (page) => page.locator('#cohort-xt-table tbody').evaluateAll((bs) => bs.map((b) => ({
  row: b.dataset.row, test: b.dataset.test, p: b.dataset.p, nMissing: Number(b.dataset.nMissing),
  iqr: [...b.querySelectorAll('tr[data-stat="iqr"] td[data-median]')].map((td) => [Number(td.dataset.median), Number(td.dataset.q1), Number(td.dataset.q3)]),
  range: [...b.querySelectorAll('tr[data-stat="range"] td[data-min]')].map((td) => [Number(td.dataset.min), Number(td.dataset.max)]),
  head: [...b.querySelectorAll('tr.table1-head td')].map((td) => td.textContent),
})));

async function tabulate(page, by, rows) {
  await page.evaluate(() => { document.getElementById('cohort-crosstab').open = true; });
  await page.selectOption('#cohort-xt-col', by);
  const ticked = page.locator('#cohort-xt-rows input:checked');
  while (await ticked.count()) await ticked.first().uncheck();
  for (const r of rows) await page.locator(`#cohort-xt-rows input[value="${r}"]`).check();
  await page.evaluate(() => document.getElementById('cohort-xt-out').replaceChildren());
  await page.click('#cohort-xt-run');
  await page.locator('#cohort-xt-table').waitFor();
}

test('a file without a time-like column is not analysed until one is chosen; Risk group says why it is not available', async () => {
  const file = leukFile();
  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  await page.setInputFiles('#cohort-file', file);
  await page.locator('#cohort-analysis:not([hidden])').waitFor();
  await cohortQuiet(page);

  // No column is taken for time: the prompt, the hint beside it, and no analysis.
  assert.equal(await page.inputValue('#cohort-time'), '');
  assert.equal(await page.locator('#cohort-time option').first().textContent(), 'Choose the follow-up time column');
  assert.equal(await page.inputValue('#cohort-event'), '');
  const hint = await page.locator('#cohort-column-hint').textContent();
  assert.ok(await page.locator('#cohort-column-hint').isVisible());
  assert.match(hint, /No column name looks like the follow-up time or the event column/);
  assert.match(hint, /nothing is analysed until you do/);
  assert.equal(await page.locator('#cohort-results').isHidden(), true, 'nothing analysed');
  await page.click('#cohort-analyse');
  assert.match(await page.locator('#cohort-analyse-message').textContent(), /Choose the follow-up time column/);
  assert.equal(await page.locator('#cohort-results').isHidden(), true, 'still nothing analysed');

  // Risk group: kept in the list, disabled, with the engine's reasons naming rows.
  const cls = runCli(['classify', '--csv', file, '--rows', 'unsettled']);
  const total = Object.values(cls.counts).reduce((a, n) => a + n, 0);
  const classified = Object.entries(cls.counts).filter(([k]) => !['indeterminate', 'invalid', 'not_applicable'].includes(k));
  assert.ok(classified.length < 2, 'the file cannot be compared by risk group');
  const option = page.locator('#cohort-group option[value="__risk_group_unavailable__"]');
  assert.equal(await option.count(), 1);
  assert.equal(await option.evaluate((o) => o.disabled), true);
  const groupHint = await page.locator('#cohort-group-hint').textContent();
  const nClassified = classified.reduce((a, [, n]) => a + n, 0);
  assert.ok(groupHint.startsWith('Risk group: not available — '), groupHint);
  assert.ok(groupHint.includes(nClassified ? `only ${nClassified} of ${total} rows could be classified` : `0 of ${total} rows could be classified`), groupHint);
  assert.ok(groupHint.includes(`first reasons: row ${cls.rows[0].row} `), groupHint);

  // Once a time (and event) column is chosen, it is analysed.
  await page.selectOption('#cohort-time', 'Leukozyten (G/L)');
  await page.selectOption('#cohort-event', 'Verlauf');
  await page.selectOption('#cohort-event-value', 'verstorben');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-results:not([hidden])').waitFor();
  await cohortQuiet(page);

  // Cox covariates and characteristics: the patient id and the outcome in use are not offered.
  const covs = await page.locator('#cohort-cox-covs input').evaluateAll((xs) => xs.map((x) => x.value));
  assert.ok(!covs.includes('Patient'), `covariates: ${covs}`);
  assert.match(await page.locator('#cohort-cox-excluded').textContent(), /“Patient” \(the patient id\)/);

  // Characteristics by KMT2A: the white-cell count's missing values are its own (2), as the CLI's.
  await tabulate(page, 'KMT2A', ['Leukozyten (G/L)']);
  const [b] = await bodies(page);
  const d = runCli(['describe', '--csv', file, '--var', 'Leukozyten (G/L)', '--by', 'KMT2A']);
  assert.equal(b.nMissing, d.n_missing);
  assert.equal(d.n_missing, 2);
  assert.equal(b.test, 'wilcoxon');
  close(Number(b.p), d.test.p, 'Wilcoxon p');
  b.iqr.slice(0, 2).forEach((m, j) => assert.deepEqual(m, [d.groups[j].median, d.groups[j].q1, d.groups[j].q3]));

  const violations = await axe(page);
  await page.screenshot({ path: screenshotPath('cohort-choices-leukozyten.png'), fullPage: true });
  await context.close();
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  assertClean(rec);
});

test('demo: no outcome, date or id as a covariate or characteristic; missing per characteristic; median (IQR) and the rank tests as R', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const outcome = ['patient_id', 'dob', 'diagnosis_date', 'event_type', 'event_date', 'death_date', 'last_followup_date', 'eoi_date', 'hsct_date'];
  const covs = await page.locator('#cohort-cox-covs input').evaluateAll((xs) => xs.map((x) => x.value));
  const rows = await page.locator('#cohort-xt-rows input').evaluateAll((xs) => xs.map((x) => x.value));
  for (const c of outcome) {
    assert.ok(!covs.includes(c), `${c} offered as a covariate`);
    assert.ok(!rows.includes(c), `${c} offered as a characteristic`);
  }
  assert.ok(covs.includes('wbc') && rows.includes('wbc'), 'wbc is offered');
  const coxHint = await page.locator('#cohort-cox-excluded').textContent();
  assert.match(coxHint, /“patient_id” \(the patient id\)/);
  assert.match(coxHint, /“event_type”.*\(an outcome or endpoint column\)/);

  // The first screen's table (by risk group): each characteristic's missing count is the CLI's.
  for (const b of await bodies(page)) {
    const xt = runCli(['crosstab', '--csv', suite.demo, '--row', b.row, '--col', 'risk_group']);
    assert.equal(b.nMissing, xt.n_row_missing, `${b.row} missing`);
  }

  // wbc by CNS status (3 groups: Kruskal-Wallis) and by sex (2: Wilcoxon), against R's golden.
  for (const [by, name] of [['cns_status', 'demo wbc by cns_status'], ['sex', 'demo wbc by sex']]) {
    const g = golden.find((c) => c.name === name);
    await tabulate(page, by, ['wbc', by === 'sex' ? 'cns_status' : 'sex']);
    const shown = await bodies(page);
    const wbc = shown.find((x) => x.row === 'wbc');
    const other = shown.find((x) => x.row !== 'wbc');
    assert.equal(shown.length, 2);
    assert.equal(wbc.test, g.test.name);
    assert.equal(wbc.head[0], g.test.name === 'kruskal' ? 'Kruskal-Wallis' : 'Wilcoxon rank-sum');
    close(Number(wbc.p), g.test.p, `${name} p`);
    assert.equal(wbc.iqr.length, g.levels.length + 1);
    g.groups.forEach((gr, j) => {
      close(wbc.iqr[j][0], gr.median, `${name} ${gr.level} median`);
      close(wbc.iqr[j][1], gr.q1, `${name} ${gr.level} q1`);
      close(wbc.iqr[j][2], gr.q3, `${name} ${gr.level} q3`);
      assert.deepEqual(wbc.range[j], [gr.min, gr.max]);
    });
    close(wbc.iqr[g.levels.length][0], g.total.median, `${name} total median`);
    const d = runCli(['describe', '--csv', suite.demo, '--var', 'wbc', '--by', by]);
    assert.equal(wbc.nMissing, d.n_missing);
    const xt = runCli(['crosstab', '--csv', suite.demo, '--row', other.row, '--col', by]);
    assert.equal(other.nMissing, xt.n_row_missing);
    // With INFANT_ALL_R=1 (R installed), the table's "Show R code" gives R's p on the demo CSV.
    if (process.env.INFANT_ALL_R === '1') {
      const script = await page.locator('#cohort-rcode-xt pre').textContent();
      assert.match(script, /quantile, probs = c\(0, 0\.25, 0\.5, 0\.75, 1\), na\.rm = TRUE, type = 7\)/);
      copyFileSync(suite.demo, join(suite.tmp, 'infant-all-demo-cohort.csv'));
      writeFileSync(join(suite.tmp, 'xt.R'), `${script}\ncat("\\nP", sprintf("%.15g", if (k == 2) wilcox.test(x ~ droplevels(g), exact = FALSE)$p.value else kruskal.test(x, g)$p.value), "\\n")\n`);
      const outR = execFileSync('Rscript', ['xt.R'], { cwd: suite.tmp, encoding: 'utf8' });
      close(Number(outR.match(/\nP (\S+)/)[1]), Number(wbc.p), `${name} p from the R code`);
    }
  }
  // The CSV export: one line per statistic, the medians as shown (last table: wbc by sex).
  const csv = parseCsv(readFileSync(await (await downloadFrom(page, '#cohort-xt-export-csv')).path(), 'utf8'));
  const bySex = golden.find((c) => c.name === 'demo wbc by sex');
  const medianLine = csv.find((r) => r[0] === 'wbc' && r[1] === 'median');
  assert.deepEqual(medianLine.slice(2, 2 + bySex.levels.length).map(Number), bySex.groups.map((gr) => gr.median));
  assert.equal(medianLine[2 + bySex.levels.length + 1], 'Wilcoxon rank-sum');

  // By the classified risk group: the patients not classified are said apart, as the CLI counts them.
  await tabulate(page, 'risk_group (classified)', ['wbc']);
  const d = runCli(['describe', '--csv', suite.demo, '--var', 'wbc', '--by', 'risk_group']);
  const [wbc] = await bodies(page);
  close(Number(wbc.p), d.test.p, 'wbc by risk group p');
  assert.equal(Number(await page.locator('#cohort-xt-unclassified').getAttribute('data-n')), d.n_by_missing);
  const violations = await axe(page);
  await context.close();
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  assertClean(rec);
});

test('some rows not classified: the grouping says how many the risk-group comparison leaves out; the table says them apart', async () => {
  // The demo with KMT2A status blanked on rows 1-6 (those rows can no longer be settled).
  const [head, ...lines] = readFileSync(suite.demo, 'utf8').trimEnd().split('\n');
  const col = head.split(',').indexOf('kmt2a_status');
  const file = join(suite.tmp, 'demo-partly.csv');
  writeFileSync(file, `${[head, ...lines.map((l, i) => {
    if (i >= 6) return l;
    const cells = l.split(',');
    cells[col] = '';
    return cells.join(',');
  })].join('\n')}\n`);
  const cls = runCli(['classify', '--csv', file, '--rows', 'unsettled']);
  const statuses = ['indeterminate', 'invalid', 'not_applicable'];
  const nGroups = Object.entries(cls.counts).filter(([k]) => !statuses.includes(k)).reduce((a, [, n]) => a + n, 0);
  const nOpen = Object.entries(cls.counts).filter(([k]) => statuses.includes(k)).reduce((a, [, n]) => a + n, 0);
  assert.ok(nOpen >= 1, 'some rows without a definite group');

  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  await page.setInputFiles('#cohort-file', file);
  await page.locator('#cohort-cox-table').waitFor();
  await cohortQuiet(page);
  assert.equal(await page.inputValue('#cohort-group'), '__classified_risk_group__');
  const hint = await page.locator('#cohort-group-hint').textContent();
  assert.ok(hint.startsWith(`Risk group: ${nGroups} of ${nGroups + nOpen} rows classified; ${nOpen} without a definite group are left out of the risk-group comparison`), hint);
  assert.ok(hint.includes(`row ${cls.rows[0].row} `), hint);

  // The characteristics table (by risk group): sex is missing for no one, the unclassified are said apart.
  const xt = runCli(['crosstab', '--csv', file, '--row', 'sex', '--col', 'risk_group']);
  const sex = (await bodies(page)).find((b) => b.row === 'sex');
  assert.equal(sex.nMissing, xt.n_row_missing);
  assert.equal(xt.n_row_missing, 0);
  assert.equal(xt.n_col_missing, nOpen);
  assert.equal(Number(await page.locator('#cohort-xt-unclassified').getAttribute('data-n')), nOpen);
  assert.match(await page.locator('#cohort-xt-unclassified').textContent(), new RegExp(`^${nOpen} patients? not classified`));
  await context.close();
  assertClean(rec);
});
