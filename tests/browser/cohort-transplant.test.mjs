// The transplant section on the demo cohort (its hsct_date column), from file://, one click: the
// naive ever/never comparison (labelled biased), the Mantel-Byar test, Simon-Makuch curves with
// the number at risk and the landmark tables, each equal to the CLI's JSON for the same request
// (--exposure-date hsct_date, --naive, landmark --at 0.5,1); the R code splits the follow-up
// with tmerge and subsets at each landmark. Switching to OS asks again. A file without a
// transplant date has no such section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshotPath } from './harness.mjs';
import { assertClean, demoSuite, openDemo, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-transplant-');

// pchisq's last bit may differ between the native CLI and the page's WASM (cohort-demo.test.mjs).
function sameP(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= 4 * Number.EPSILON * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

const pOf = async (page, id) => Number(await page.locator(`#${id}`).getAttribute('data-p'));

async function checkAgainstCli(page, ep) {
  const base = ['--csv', suite.demo, '--endpoint', ep, '--exposure-date', 'hsct_date'];
  const naive = runCli(['logrank', ...base, '--naive']);
  const mb = runCli(['logrank', ...base]);
  assert.notEqual(naive.p, mb.p);
  sameP(await pOf(page, 'cohort-tx-naive-p'), naive.p, `${ep} naive p`);
  sameP(await pOf(page, 'cohort-tx-mb'), mb.p, `${ep} Mantel-Byar p`);
  const strata = runCli(['logrank', ...base, '--strata', 'risk_group', '--protocol', 'interfant06']);
  sameP(await pOf(page, 'cohort-tx-mb-strata'), strata.p, `${ep} Mantel-Byar within risk groups`);
  const lm = runCli(['landmark', ...base, '--at', '0.5,1', '--times', '1,3,6']);
  assert.equal(await page.locator('[id^="cohort-tx-landmark-"]').count(), lm.landmarks.length);
  for (const [i, L] of lm.landmarks.entries()) {
    const t = page.locator(`#cohort-tx-landmark-${i}`);
    const got = await t.evaluate((el) => ({ ...el.dataset }));
    assert.deepEqual([got.landmark, got.n, got.nExposed, got.nNotExposed, got.nEnded].map(Number),
      [L.landmark, L.n, L.n_exposed, L.n_not_exposed, L.n_ended], `${ep} landmark ${L.landmark}`);
    sameP(Number(got.p), L.logrank.p, `${ep} landmark ${L.landmark} p`);
    // n per group, as the rows say.
    const ns = await t.locator('tbody tr').evaluateAll((trs) => trs.map((r) => Number(r.cells[1].textContent)));
    assert.deepEqual(ns, L.curves.map((c) => c.n));
  }
  // The time-dependent hazard ratio equals the CLI's cox --exposure-date.
  const cox = runCli(['cox', ...base]);
  const hr = Number(await page.locator('#cohort-tx-cox-table [data-hr]').getAttribute('data-hr'));
  const want = cox.terms.find((t) => t.name === 'exposed').hr;
  assert.ok(Math.abs(hr - want) <= 1e-12 * want, `${ep} hazard ratio: ${hr} vs ${want}`);
  return { naive, mb };
}

test('demo: naive, Mantel-Byar, Simon-Makuch and landmarks equal the CLI; R code with tmerge', async () => {
  const { context, rec, page } = await openDemo(suite.browser);
  const section = page.locator('#cohort-transplant');
  await section.locator('#cohort-tx-mb').waitFor();
  assert.equal(await section.isVisible(), true);
  assert.equal(await section.locator('summary h3').textContent(), 'Transplant (time-dependent)');
  assert.match(await section.locator('#cohort-tx-naive h4').textContent(), /biased/);
  assert.match(await section.locator('#cohort-tx-why').textContent(), /54 of the 143 high-risk patients/);
  const { mb } = await checkAgainstCli(page, 'efs');
  assert.match(await page.textContent('#cohort-tx-mb'), new RegExp(`${mb.exposure.n_exposed} transplanted`));

  // Simon-Makuch: two curves and a number-at-risk table with a row per curve.
  const fig = page.locator('#cohort-tx-sm-figure');
  assert.equal(await fig.locator('.km-curve').count(), 2);
  assert.equal(await fig.locator('.km-risk-row').count(), 2);
  const sm = runCli(['km', '--csv', suite.demo, '--endpoint', 'efs', '--exposure-date', 'hsct_date', '--axis-ticks', '--axis-scale', '1']);
  const drawn = await fig.locator('.km-risk-row').evaluateAll((gs) => gs.map((g) => [...g.querySelectorAll('text')].map((t) => Number(t.textContent))));
  assert.deepEqual(drawn, sm.curves.map((c) => c.risk_table.map((r) => r.n_risk)));

  const code = await page.textContent('#cohort-rcode-transplant pre');
  assert.match(code, /tmerge\(d0, d0, id = id, ev = event\(time, status\), trans = tdc\(hsct_time\)\)/);
  assert.match(code, /dl <- subset\(d, time > L\)/);
  assert.match(code, /dl\$exposed <- !is\.na\(dl\$hsct_time\) & dl\$hsct_time <= L/);
  assert.match(code, /survdiff\(Surv\(time, status\) ~ !is\.na\(hsct_time\), data = d\)/);
  assert.match(code, /d\[\["hsct_date"\]\]/);
  assert.match(code, /coxph\(Surv\(tstart, tstop, ev\) ~ trans, data = td\)/);
  await section.screenshot({ path: screenshotPath('cohort-transplant.png') });

  // OS: asked again as one request.
  await page.selectOption('#cohort-tx-endpoint', 'os');
  const before = await pOf(page, 'cohort-tx-mb');
  await page.click('#cohort-tx-run');
  await page.waitForFunction((p) => Number(document.getElementById('cohort-tx-mb')?.dataset.p) !== p, before);
  await checkAgainstCli(page, 'os');

  // The high-risk patients alone (transplant is offered to them): one request with the subset;
  // the Mantel-Byar test and a landmark equal the CLI's with --subset risk_group=HR.
  await page.selectOption('#cohort-tx-within', 'HR');
  const whole = await pOf(page, 'cohort-tx-mb');
  await page.click('#cohort-tx-run');
  await page.waitForFunction((p) => Number(document.getElementById('cohort-tx-mb')?.dataset.p) !== p, whole);
  const hr = ['--csv', suite.demo, '--endpoint', 'os', '--exposure-date', 'hsct_date', '--subset', 'risk_group=HR',
    '--protocol', 'interfant06'];
  const mbHr = runCli(['logrank', ...hr]);
  sameP(await pOf(page, 'cohort-tx-mb'), mbHr.p, 'OS Mantel-Byar within HR');
  assert.match(await page.textContent('#cohort-tx-note'), new RegExp(`risk group HR only \\(${mbHr.subset.n_in} patients`));
  const lmHr = runCli(['landmark', ...hr, '--at', '0.5,1', '--times', '1,3,6']);
  assert.equal(Number(await page.locator('#cohort-tx-landmark-0').getAttribute('data-n')), lmHr.landmarks[0].n);
  assert.equal(await page.locator('#cohort-tx-mb-strata').count(), 0);
  assert.match(await page.textContent('#cohort-rcode-transplant pre'), /d <- subset\(d, rg %in% "HR"\)/);
  assertClean(rec);
  await context.close();
});
