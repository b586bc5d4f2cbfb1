// The model checks on the demo cohort from file:// (one click): the Cox model's
// proportional-hazards test (R's cox.zph) with its residual plots and the words it leads to, and
// the Fine-Gray model of relapse by risk group (cmprsk::crr) beside Gray's test. The numbers
// equal the CLI's JSON for the same requests (cox --zph, crr --endpoint cir); the R code asks R
// for both; the axe check of the page covers the new blocks (cohort-a11y.test.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshotPath } from './harness.mjs';
import { assertClean, demoSuite, openDemo, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-checks-');
const same = (a, b, what) => assert.ok(a === b || Math.abs(a - b) <= 8 * Number.EPSILON * Math.abs(b) ||
  (b > 0 && b < 1e-10 && Math.abs(Math.log(a) - Math.log(b)) <= 1e-12 * Math.abs(Math.log(b))), `${what}: ${a} vs ${b}`);

test('the proportional-hazards check and the Fine-Gray model equal the CLI\'s', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const cox = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR', '--protocol', 'interfant06', '--zph']);
  const rows = await page.locator('#cohort-zph-table tbody tr').evaluateAll((trs) => trs.map((r) => [
    r.cells[0].textContent, Number(r.cells[3].dataset.chisq), Number(r.cells[3].dataset.p)]));
  assert.deepEqual(rows.map((r) => r[0]), cox.zph.terms.map((t) => t.term));
  assert.equal(rows[rows.length - 1][0], 'GLOBAL');
  rows.forEach((r, k) => {
    same(r[1], cox.zph.terms[k].chisq, `chisq ${r[0]}`);
    same(r[2], cox.zph.terms[k].p, `p ${r[0]}`);
  });
  // The words follow the test: the terms with p < 0.05 are named as violating it.
  const violated = cox.zph.terms.filter((t) => t.term !== 'GLOBAL' && t.p < 0.05).map((t) => t.term);
  assert.equal(await page.getAttribute('#cohort-zph-words', 'data-violated'), violated.join(','));
  assert.match(await page.textContent('#cohort-zph-words'), violated.length ? /looks violated/ : /No evidence against proportional hazards/);
  // One residual plot per term, as many points as events.
  await page.locator('#cohort-zph details summary').click();
  await page.locator('#cohort-zph svg.zph-plot').first().waitFor();
  const plots = page.locator('#cohort-zph svg.zph-plot');
  assert.equal(await plots.count(), cox.zph.terms.length - 1);
  assert.equal(await plots.first().locator('circle').count(), cox.zph.x.length);
  await page.locator('#cohort-zph').screenshot({ path: screenshotPath('cohort-zph.png') });

  const crr = runCli(['crr', '--csv', suite.demo, '--endpoint', 'cir', '--covariates', 'risk_group:LR', '--protocol', 'interfant06']);
  const fg = await page.locator('#cohort-crr-table tbody tr').evaluateAll((trs) => trs.map((r) => [
    r.cells[0].textContent, Number(r.cells[1].dataset.shr), Number(r.cells[1].dataset.p)]));
  assert.deepEqual(fg.map((r) => r[0]), crr.terms.map((t) => t.name));
  fg.forEach((r, k) => {
    same(r[1], crr.terms[k].shr, `shr ${r[0]}`);
    same(r[2], crr.terms[k].p, `p ${r[0]}`);
  });
  // The model's CIF per group at 1, 3 and 6 years (predict.crr's step function there).
  const predicted = await page.locator('#cohort-crr-predict tbody tr').evaluateAll((trs) => trs.map((r) => [
    r.cells[0].textContent, r.cells[1].textContent, Number(r.cells[2].dataset.cif)]));
  assert.equal(predicted.length, 9);
  for (const g of ['LR', 'MR', 'HR']) {
    const one = runCli(['crr', '--csv', suite.demo, '--endpoint', 'cir', '--covariates', 'risk_group:LR', '--protocol', 'interfant06',
      '--predict', `risk_group=${g}`, '--times', '1,3,6']);
    const shown = predicted.filter((r) => r[0] === g);
    assert.deepEqual(shown.map((r) => r[1]), ['1', '3', '6']);
    shown.forEach((r, k) => same(r[2], one.predict.at_times[k].cif, `${g} CIF at ${r[1]}`));
  }
  const ciCode = await page.textContent('#cohort-rcode-cuminc pre');
  assert.match(ciCode, /fg <- crr\(ftime = time\[ok\], fstatus = status\[ok\], cov1 = model\.matrix\(~ g\[ok\]\)/);
  assert.match(await page.textContent('#cohort-rcode-cox pre'), /zp <- cox\.zph\(fit\)/);
  assertClean(rec);
  await context.close();
});

test('an interaction in the Cox model and the tests of its terms equal the CLI\'s', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  // The default model (the risk group alone): its two indicators tested together.
  const plain = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR', '--protocol', 'interfant06']);
  const shownPlain = await page.locator('#cohort-cox-term-tests tbody tr').evaluateAll((trs) => trs.map((r) => [r.cells[0].textContent, Number(r.cells[1].dataset.stat)]));
  assert.deepEqual(shownPlain.map((r) => r[0]), plain.term_tests.map((t) => t.term));
  shownPlain.forEach((r, k) => same(r[1], plain.term_tests[k].wald.stat, `Wald ${r[0]}`));

  await page.locator('#cohort-cox input[value="wbc"]').check();
  await page.selectOption('#cohort-cox-interaction', 'risk_group (classified)|wbc');
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-term-tests tbody tr', { hasText: 'wbc' }).first().waitFor();
  const cli = runCli(['cox', '--csv', suite.demo, '--endpoint', 'efs', '--covariates', 'risk_group:LR,wbc,risk_group:wbc',
    '--test-terms', 'risk_group:wbc', '--protocol', 'interfant06', '--zph']);
  const hrs = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => [r.cells[0].textContent, Number(r.cells[1].dataset.hr)]));
  assert.deepEqual(hrs.map((r) => r[0]), cli.terms.map((t) => t.name));
  hrs.forEach((r, k) => same(r[1], cli.terms[k].hr, `HR ${r[0]}`));
  const tests = await page.locator('#cohort-cox-term-tests tbody tr').evaluateAll((trs) => trs.map((r) => [
    r.cells[0].textContent, Number(r.cells[1].dataset.stat), Number(r.cells[2].dataset.p)]));
  const inter = cli.term_tests.find((t) => /:/.test(t.term));
  const row = tests.find((r) => r[0] === inter.term);
  assert.ok(row, `a row for ${inter.term}: ${JSON.stringify(tests)}`);
  same(row[1], inter.wald.stat, 'interaction Wald');
  same(row[2], cli.joint_tests[0].lr.p, 'interaction LR p');
  const code = await page.textContent('#cohort-rcode-cox pre');
  assert.match(code, /fit <- coxph\(Surv\(time, status\) ~ x1 \+ x2 \+ x1:x2, ties = "efron"\)/);
  assert.match(code, /anova\(update\(fit, \. ~ \. - x1:x2\), fit\)/);
  assertClean(rec);
  await context.close();
});

