// The Cox panel on the demo cohort, from file://: the forest plot draws each term of the table
// (hazard ratio and CI, the same numbers); a chosen reference level (risk group MR, sex M) and
// strata (study_group) give the native CLI's fit for the same request
// (--covariates risk_group:MR,sex:M --strata study_group), and the R code says relevel(...) and
// strata(st); a covariate that is also the strata is refused by name; the forest plot exports as
// SVG and as a 300-dpi PNG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { screenshotPath } from './harness.mjs';
import { assertClean, demoSuite, downloadFrom, openDemo, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-cox-');

const tableRows = (page) => page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => [r.cells[0].textContent, Number(r.cells[1].dataset.hr)]));
// The model's terms (the reference rows, drawn at 1, are not terms).
const forestRows = (page) => page.locator('#cohort-cox-forest .forest-row:not(.forest-reference)').evaluateAll((gs) => gs.map((g) => [g.dataset.name, Number(g.dataset.hr)]));

test('forest plot, reference levels and strata: the CLI\'s fit, drawn and stated in R', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  await page.evaluate(() => { document.getElementById('cohort-cox').open = true; });
  // The default model (risk group against LR): the forest plot has the table's terms and HRs,
  // each with a marker and a CI line.
  assert.deepEqual(await forestRows(page), await tableRows(page));
  assert.equal(await page.locator('#cohort-cox-forest .forest-point').count(), 2);

  // Risk group against MR, sex against M, stratified by study group.
  await page.locator('#cohort-cox input[value="sex"]').check();
  const riskRef = page.locator('#cohort-cox-refs select[data-covariate="risk_group (classified)"]');
  assert.deepEqual(await riskRef.locator('option').allTextContents(), ['LR', 'MR', 'HR']);
  await riskRef.selectOption('MR');
  await page.locator('#cohort-cox-refs select[data-covariate="sex"]').selectOption('M');
  await page.selectOption('#cohort-cox-strata', 'study_group');
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-table caption', { hasText: 'stratified by study_group' }).waitFor();

  const cox = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:MR,sex:M',
    '--strata', 'study_group', '--protocol', 'interfant06']);
  assert.equal(cox.status, 'converged');
  assert.deepEqual(cox.terms.map((t) => t.name), ['risk_groupHR', 'risk_groupLR', 'sexF']);
  assert.deepEqual(await tableRows(page), cox.terms.map((t) => [t.name, t.hr]));
  assert.deepEqual(await forestRows(page), cox.terms.map((t) => [t.name, t.hr]));
  // A stratified fit differs from the unstratified one (the strata are not ignored).
  const plain = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:MR,sex:M', '--protocol', 'interfant06']);
  assert.notEqual(plain.terms[0].hr, cox.terms[0].hr);

  const code = await page.textContent('#cohort-rcode-cox pre');
  assert.match(code, /relevel\(factor\(rg\$risk_group\), ref = "MR"\)/);
  assert.match(code, /relevel\(factor\(d\[\["sex"\]\]\), ref = "M"\)/);
  assert.match(code, /st <- d\[\["study_group"\]\]/);
  assert.match(code, /coxph\(Surv\(time, status\) ~ x1 \+ x2 \+ strata\(st\), ties = "efron"\)/);

  // The forest plot exports: SVG with the three terms, PNG at 300 dpi of the stated size.
  const svgFile = readFileSync(await (await downloadFrom(page, '#cohort-cox-export-svg')).path(), 'utf8');
  assert.match(svgFile, /^<\?xml/);
  for (const t of cox.terms) assert.ok(svgFile.includes(`data-name="${t.name}"`), t.name);
  const png = readFileSync(await (await downloadFrom(page, '#cohort-cox-export-png')).path());
  const want = page.locator('#cohort-cox-export-png');
  assert.equal(png.readUInt32BE(16), Number(await want.getAttribute('data-width')));
  assert.equal(png.readUInt32BE(20), Number(await want.getAttribute('data-height')));
  await page.locator('#cohort-cox').screenshot({ path: screenshotPath('cohort-cox-forest.png') });

  // The strata may not also be a covariate.
  await page.selectOption('#cohort-cox-strata', 'sex');
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-out .cohort-message.error', { hasText: 'sex is both a covariate and the strata' }).waitFor();
  assertClean(rec);
  await context.close();
});
