// "Compare with a published curve" on the demo cohort from file://: the one-sample log-rank
// test of EFS against a typed-in curve, for all patients and for one risk group, equals the CLI's
// (logrank --reference FILE --milestone, with the same points as proportions); the cohort's
// Kaplan-Meier and the published value at the chosen times; a line that is not a point is
// refused by its number; the R code states the test; nothing leaves the page.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertClean, demoSuite, openDemo, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-reference-');
const same = (a, b, what) => assert.ok(a === b || Math.abs(a - b) <= 8 * Number.EPSILON * Math.abs(b), `${what}: ${a} vs ${b}`);

test('the one-sample log-rank test against a typed-in curve equals the CLI\'s', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  await page.evaluate(() => { document.querySelector('#cohort-reference').open = true; });
  const ref = join(suite.tmp, 'published.csv');
  writeFileSync(ref, 'time,surv\n1,0.8\n3,0.65\n6,0.55\n');
  const base = ['--csv', suite.demo, '--endpoint', 'efs', '--reference', ref, '--milestone', '1,3,6'];

  const check = async (cli, within) => {
    const r = cli.reference;
    const line = page.locator('#cohort-ref-test');
    for (const [attr, key] of [['data-obs', 'obs'], ['data-exp', 'exp'], ['data-chisq', 'chisq'], ['data-p', 'p']]) {
      same(Number(await line.getAttribute(attr)), r[key], `${within} ${key}`);
    }
    const rows = await page.locator('#cohort-ref-table tbody tr').evaluateAll((trs) => trs.map((x) => [
      x.cells[0].textContent, Number(x.cells[2].dataset.surv), Number(x.cells[3].dataset.reference)]));
    assert.deepEqual(rows.map((x) => x[0]), ['1', '3', '6']);
    rows.forEach((x, k) => {
      same(x[1], r.milestones[k].surv, `${within} KM at ${x[0]}`);
      same(x[2], r.milestones[k].reference, `${within} reference at ${x[0]}`);
    });
    assert.equal(rows[1][2], 0.65, 'the published value at a typed point is that point');
  };

  await page.fill('#cohort-ref-points', '1, 80\n3, 65%\n# from the paper\n6, 55');
  await page.click('#cohort-ref-run');
  await page.locator('#cohort-ref-test').waitFor();
  await check(runCli(['logrank', ...base]), 'all');
  assert.match(await page.textContent('#cohort-ref-note'), /all patients; published curve: 1 years 80\.0%, 3 years 65\.0%, 6 years 55\.0%/);

  await page.selectOption('#cohort-ref-within', 'HR');
  await page.click('#cohort-ref-run');
  await page.locator('#cohort-ref-note', { hasText: 'risk group HR only' }).waitFor();
  await check(runCli(['logrank', ...base, '--subset', 'risk_group=HR', '--protocol', 'interfant06']), 'HR');

  const code = await page.textContent('#cohort-rcode-reference pre');
  assert.match(code, /ref <- data\.frame\(time = c\(1, 3, 6\), surv = c\(0\.8, 0\.65, 0\.55\)\)/);
  assert.match(code, /survdiff\(Surv\(tt, ee\) ~ offset\(exp\(-H\(tt\)\)\)\)/);
  assert.match(code, /rg\$risk_group == "HR"/);

  await page.fill('#cohort-ref-points', '1, 80\n3, sixty');
  await page.click('#cohort-ref-run');
  await page.locator('#cohort-ref-out', { hasText: 'line 2' }).waitFor();
  assert.match(await page.textContent('#cohort-ref-out'), /Published curve: line 2 \(“3, sixty”\) is not a time and a survival %/);
  assertClean(rec);
  await context.close();
});
