// The comparisons under each Kaplan-Meier block, from file:// on the demo cohort (one click):
// EFS differences at 1, 3 and 6 years and in restricted mean to 6 years, each risk group against
// LR, and the pairwise log-rank tests with adjusted p-values and Cox hazard ratios. Every number
// shown equals the CLI's JSON for the same request (km --milestone --rmean, logrank --pairwise
// --p-adjust); changing the adjustment redraws with the new method; the R code asks R for the
// same; the tables export; nothing leaves the page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { screenshotPath } from './harness.mjs';
import { assertClean, demoSuite, downloadFrom, openDemo, parseCsv, runCli } from './cohort-helpers.mjs';

const ORDER = ['LR', 'MR', 'HR'];
const suite = demoSuite('infant-all-compare-');

// Values from the tail of a distribution may differ in the last bits between the native CLI and
// the page's WASM build (see cohort-demo.test.mjs): equal to a few ulps.
const same = (a, b, what) => assert.ok(a === b || Math.abs(a - b) <= 8 * Number.EPSILON * Math.abs(b), `${what}: ${a} vs ${b}`);

test('EFS differences by risk group and pairwise log-rank tests equal the CLI\'s', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const base = ['--csv', suite.demo, '--endpoint', 'efs', '--group', 'risk_group', '--protocol', 'interfant06',
    '--levels', ORDER.join(',')];
  const km = runCli(['km', ...base, '--times', '1,3,6', '--milestone', '1,3,6', '--rmean', '6']);
  assert.deepEqual(km.differences.map((d) => [d.group1, d.group2]), [['LR', 'MR'], ['LR', 'HR']]);

  const shown = await page.locator('#cohort-diff-table-efs tbody tr').evaluateAll((rows) => rows.map((r) => ({
    what: r.cells[0].textContent, time: r.cells[1].textContent, diff: r.cells[2].dataset.diff, p: r.cells[3].dataset.p,
  })));
  const want = km.differences.flatMap((d) => d.milestones.map((m) => ({ what: `${d.group2} vs ${d.group1}`, time: String(m.time), diff: m.diff, p: m.p })));
  assert.equal(shown.length, want.length);
  shown.forEach((r, k) => {
    assert.equal(r.what, want[k].what);
    assert.equal(r.time, want[k].time);
    same(Number(r.diff), want[k].diff, `diff ${r.what} at ${r.time}`);
    same(Number(r.p), want[k].p, `p ${r.what} at ${r.time}`);
  });
  // Restricted mean to 6 years: a difference with its p, or rmst2's reason where 6 years is too far.
  const rm = await page.locator('#cohort-rmst-diff-efs tbody tr').evaluateAll((rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].dataset.diff ?? r.cells[1].textContent]));
  assert.deepEqual(rm.map((r) => r[0]), ['MR vs LR', 'HR vs LR']);
  km.differences.forEach((d, k) => {
    if (d.rmst.error) assert.equal(rm[k][1], d.rmst.error);
    else same(Number(rm[k][1]), d.rmst.diff.est, `rmst diff ${d.group2}`);
  });

  // Pairwise: three pairs, BH by default.
  const checkPairwise = async (method) => {
    const lr = runCli(['logrank', ...base, '--pairwise', '--p-adjust', method]);
    const rows = await page.locator('#cohort-pairwise-efs tbody tr').evaluateAll((trs) => trs.map((r) => ({
      what: r.cells[0].textContent, p: Number(r.cells[2].dataset.p), pAdj: Number(r.cells[3].dataset.pAdj), hr: Number(r.cells[4].dataset.hr),
    })));
    assert.deepEqual(rows.map((r) => r.what), ['MR vs LR', 'HR vs LR', 'HR vs MR']);
    lr.pairwise.pairs.forEach((c, k) => {
      same(rows[k].p, c.p, `p ${rows[k].what}`);
      same(rows[k].pAdj, c.p_adj, `adjusted p ${rows[k].what}`);
      same(rows[k].hr, c.hr, `hr ${rows[k].what}`);
    });
    return lr;
  };
  const bh = await checkPairwise('BH');
  await page.locator('#cohort-differences-efs').screenshot({ path: screenshotPath('cohort-differences.png') });
  await page.locator('#cohort-pairwise-efs').screenshot({ path: screenshotPath('cohort-pairwise.png') });
  assert.match(await page.textContent('#cohort-pairwise-efs caption'), /Benjamini-Hochberg/);
  await page.selectOption('#cohort-p-adjust', 'holm');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-pairwise-efs caption', { hasText: 'Holm' }).waitFor();
  const holm = await checkPairwise('holm');
  // Holm is never smaller than BH on the same p-values.
  holm.pairwise.pairs.forEach((c, k) => assert.ok(c.p_adj >= bh.pairwise.pairs[k].p_adj));

  // The log-minus-log plot, drawn when opened: one curve per group, in order.
  await page.locator('#cohort-loglog-efs summary').click();
  await page.locator('#cohort-loglog-efs svg').waitFor();
  assert.deepEqual(await page.locator('#cohort-loglog-efs .loglog-curve').evaluateAll((ps) => ps.map((p) => p.dataset.group)), ORDER);

  // The R code asks R for the same comparisons.
  const code = await page.textContent('#cohort-rcode-km-efs pre');
  assert.match(code, /p\.adjust\(pw\[, "p"\], "holm"\)/);
  assert.match(code, /survRM2::rmst2\(time\[sel\], ev\[sel\], arm = as.integer\(group\[sel\] == g\), tau = 6, alpha = 0\.05\)\)/);
  assert.match(code, /d <- s2\$surv - s1\$surv/);

  // The tables export in the units shown.
  const csv = parseCsv(readFileSync(await (await downloadFrom(page, '#cohort-export-pairwise-efs')).path(), 'utf8'));
  assert.deepEqual(csv[0], ['group', 'reference', 'chisq', 'p', 'p_adj', 'p_adjust', 'hr', 'hr_lower', 'hr_upper']);
  assert.equal(csv.length, 1 + 3 + (csv[csv.length - 1].length === 1 ? 1 : 0));
  assert.equal(csv[1][5], 'holm');
  const diffs = parseCsv(readFileSync(await (await downloadFrom(page, '#cohort-export-diff-efs')).path(), 'utf8'));
  assert.equal(Number(diffs[1][2]), 1);
  same(Number(diffs[1][5]), km.differences[0].milestones[0].diff, 'exported diff');
  assertClean(rec);
  await context.close();
});
