// The restricted mean survival time to a chosen horizon and the stratified log-rank test on the
// cohort page, from file://: R's lung data by sex, RMST to 2 years and the log-rank test
// stratified by ph.ecog. The page's numbers equal the native CLI's JSON for the same request
// (km --rmean, logrank --strata) and R's (values beside the assertions); the R code states both
// calls; the RMST table exports. Bad entries in the time fields are refused by name, and a
// stratification equal to the grouping is refused, with the results before left in place.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { analyseLungBySex, assertClean, downloadFrom, lungCsv, openPage, parseCsv, runCli } from './cohort-helpers.mjs';
import { num, pText } from '../../web/cohort/cohort-format.js';

const DAYS_PER_YEAR = 365.25;

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

async function lungWithRmstAndStrata() {
  const opened = await openPage(browser);
  await opened.page.click('#tab-cohort');
  await analyseLungBySex(opened.page);
  await opened.page.fill('#cohort-rmst', '2');
  await opened.page.selectOption('#cohort-strata', 'ph.ecog');
  await opened.page.click('#cohort-analyse');
  await opened.page.locator('#cohort-logrank-strata').waitFor();
  return opened;
}

test('RMST to 2 years and the log-rank test stratified by ph.ecog equal the CLI and R', async () => {
  const { context, rec, page } = await lungWithRmstAndStrata();
  const tau = 2 * DAYS_PER_YEAR;
  const km = runCli(['km', '--csv', lungCsv, '--time', 'time', '--event', 'status', '--group', 'sex', '--rmean', String(tau)]);
  const st = runCli(['logrank', '--csv', lungCsv, '--time', 'time', '--event', 'status', '--group', 'sex', '--strata', 'ph.ecog']);

  const rows = await page.locator('#cohort-rmst-table tbody tr').evaluateAll((trs) => trs.map((r) => ({
    group: r.cells[0].textContent, rmean: Number(r.cells[3].dataset.rmean), se: Number(r.cells[3].dataset.se),
    tau: Number(r.cells[3].dataset.tau), text: r.cells[3].textContent,
  })));
  assert.deepEqual(rows.map((r) => r.group), ['sex = 1', 'sex = 2']);
  // R 4.2, survival 3.5-3: summary(survfit(Surv(time, status) ~ sex, lung), rmean = 730.5)$table
  const fromR = [[311.156827944641, 19.3094294931908], [434.798824275598, 27.2646315002498]];
  rows.forEach((r, i) => {
    const c = km.curves[i];
    assert.equal(r.rmean, c.rmean);
    assert.equal(r.se, c.rmean_se);
    assert.equal(r.tau, tau);
    assert.equal(r.text, `${num(c.rmean / DAYS_PER_YEAR)} (SE ${num(c.rmean_se / DAYS_PER_YEAR)})`);
    assert.ok(Math.abs(r.rmean - fromR[i][0]) < 1e-9 * fromR[i][0], `rmean ${r.rmean} vs R ${fromR[i][0]}`);
    assert.ok(Math.abs(r.se - fromR[i][1]) < 1e-9 * fromR[i][1], `se ${r.se} vs R ${fromR[i][1]}`);
  });
  assert.match(await page.textContent('#cohort-rmst-table caption'), /up to 2 years/);

  const line = page.locator('#cohort-logrank-strata');
  assert.equal(Number(await line.getAttribute('data-p')), st.p);
  assert.equal(Number(await line.getAttribute('data-chisq')), st.chisq);
  // R: survdiff(Surv(time, status) ~ sex + strata(ph.ecog), lung): chisq 10.7950596334964,
  // p 0.00101771334472415; one row (missing ph.ecog) left out, 4 strata.
  assert.ok(Math.abs(st.chisq - 10.7950596334964) < 1e-9, `chisq ${st.chisq}`);
  assert.ok(Math.abs(st.p - 0.00101771334472415) < 1e-12, `p ${st.p}`);
  const text = await line.textContent();
  assert.ok(text.includes(`χ² = ${num(st.chisq)} on 1 df, ${pText(st.p)}`), text);
  assert.match(text, /stratified by ph\.ecog: .*4 strata; n = 227; 1 row excluded/);

  // The R code asks for the same two numbers.
  const code = await page.textContent('#cohort-rcode-km pre');
  assert.match(code, /print\(fit, rmean = 2 \* 365\.25\)/);
  assert.match(code, /st <- d\[\["ph\.ecog"\]\]/);
  assert.match(code, /survdiff\(Surv\(time, status\) ~ group \+ strata\(st\)\)/);

  // The RMST table exports with the horizon and the values in the units shown.
  const dl = await downloadFrom(page, '#cohort-export-rmst');
  const csv = parseCsv(readFileSync(await dl.path(), 'utf8'));
  assert.deepEqual(csv[0], ['group', 'n', 'events', 'horizon_years', 'rmean_years', 'std_err']);
  assert.equal(Number(csv[1][3]), 2);
  assert.ok(Math.abs(Number(csv[1][4]) - km.curves[0].rmean / DAYS_PER_YEAR) < 1e-12);
  assertClean(rec);
  await context.close();
});

test('the KMunicate risk table: censored and events so far under each at-risk row, as the engine counts them', async () => {
  const { context, rec, page } = await lungWithRmstAndStrata();
  // On by default (KMunicate); unticked it leaves the at-risk rows alone, ticked again they return.
  assert.ok(await page.locator('#cohort-risk-detail').isChecked(), 'the full table by default');
  await page.locator('.km-risk-extra').first().waitFor();
  await page.uncheck('#cohort-risk-detail');
  await page.waitForFunction(() => document.querySelectorAll('.km-risk-extra').length === 0 && document.querySelectorAll('.km-risk-row').length > 0);
  await page.check('#cohort-risk-detail');
  await page.locator('.km-risk-extra').first().waitFor();
  const ticks = (await page.getAttribute('#cohort-km-figure', 'data-ticks')).split(',').map(Number);
  const km = runCli(['km', '--csv', lungCsv, '--time', 'time', '--event', 'status', '--group', 'sex',
    '--risk-times', ticks.map((t) => t * DAYS_PER_YEAR).join(',')]);
  for (const [kind, field] of [['censored', 'cum_censor'], ['events', 'cum_event']]) {
    const shown = await page.locator(`.km-risk-extra[data-kind="${kind}"]`).evaluateAll((gs) => gs.map((g) => [g.dataset.group, [...g.children].map((t) => Number(t.textContent))]));
    assert.deepEqual(shown, km.curves.map((c) => [`sex = ${c.group}`, c.risk_table.map((r) => r[field])]), kind);
  }
  // Hand check on the engine's counts: at the last tick everyone has had an event or been censored.
  for (const c of km.curves) {
    const last = c.risk_table[c.risk_table.length - 1];
    assert.equal(last.cum_event + last.cum_censor + last.n_risk, c.n);
  }
  assert.match(await page.textContent('#cohort-km-figure svg'), /Number at risk \(censored and events: cumulative\)/);
  await page.locator('#cohort-km').screenshot({ path: screenshotPath('cohort-kmunicate-rmst-strata.png') });
  assertClean(rec);
  await context.close();
});

test('bad time entries and a stratum equal to the grouping are refused by name; the results stay', async () => {
  const { context, rec, page } = await lungWithRmstAndStrata();
  const before = await page.textContent('#cohort-results');
  const refused = async (field, value, message) => {
    await page.fill(field, value);
    await page.click('#cohort-analyse');
    // Said beside the Analyse button, with focus there (the user is down here, not at the top).
    await page.locator('#cohort-analyse-message.error').waitFor();
    assert.match(await page.textContent('#cohort-analyse-message'), message);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cohort-analyse-message');
    assert.equal(await page.textContent('#cohort-results'), before, 'results changed');
  };
  await refused('#cohort-horizons', '1, 2 years', /Survival at: “years” is not a time/);
  await page.fill('#cohort-horizons', '1, 2');
  await refused('#cohort-rmst', '-2', /Restricted mean: “-2” is not a horizon/);
  await refused('#cohort-rmst', '1, 2', /Restricted mean: “1, 2” is not a horizon/);
  await page.fill('#cohort-rmst', '');
  await page.selectOption('#cohort-strata', 'sex');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-analyse-message.error', { hasText: 'Choose a stratification other than the grouping' }).waitFor();
  assert.equal(await page.textContent('#cohort-results'), before, 'results changed');

  // Cleared, the horizon means no RMST table; no strata, no stratified line.
  await page.selectOption('#cohort-strata', '');
  await page.click('#cohort-analyse');
  // (The refusals left the message above as it was: wait for the new results themselves.)
  await page.waitForFunction((old) => document.getElementById('cohort-results').textContent !== old, before);
  await page.locator('#cohort-message.ok', { hasText: 'Analysis updated' }).waitFor();
  assert.equal(await page.isHidden('#cohort-analyse-message'), true);
  assert.equal(await page.locator('#cohort-rmst-table').count(), 0);
  assert.equal(await page.locator('#cohort-logrank-strata').count(), 0);
  assertClean(rec);
  await context.close();
});
