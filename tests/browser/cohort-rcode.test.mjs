// "Show R code": the script beside each analysis states the options the page used for the
// numbers beside it (endpoint definition, time unit, confidence level and transform, chosen
// times, group order, ties). With INFANT_ALL_R=1 (R with survival and cmprsk installed; CI has
// no R, so it is not part of the default run) the scripts run in R on the demo CSV the page
// downloads and reproduce the page's 6-year EFS and OS, log-rank p, Gray's p and hazard ratios.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requireBuilt } from './harness.mjs';
import { assertClean, downloadFrom, openDemo } from './cohort-helpers.mjs';

let browser;
let tmp;
before(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'infant-all-rcode-'));
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const code = (page, id) => page.locator(`#${id} pre`).textContent();

test('the R code states the options currently chosen', async () => {
  const { context, rec, page } = await openDemo(browser);
  // Defaults first: log transform, 95%, 1/3/6 years, induction failure at day 0, LR < MR < HR.
  let efs = await code(page, 'cohort-rcode-km-efs');
  assert.match(efs, /library\(survival\)/);
  assert.match(efs, /read\.csv\("infant-all-demo-cohort\.csv"/);
  assert.match(efs, /survfit\(Surv\(time, status\) ~ group, conf\.type = "log", conf\.int = 0\.95\)/);
  assert.match(efs, /summary\(fit, times = c\(1, 3, 6\), extend = TRUE\)/);
  assert.match(efs, /induction failure at day 0/);
  assert.match(efs, /levels = c\("LR", "MR", "HR"\)/);
  assert.match(efs, /survdiff\(Surv\(time, status\) ~ group\)/);
  assert.match(efs, /\/ 365\.25/);
  assert.match(await code(page, 'cohort-rcode-km-os'), /OS from the dates/);
  assert.match(await code(page, 'cohort-rcode-cuminc'), /cuminc\(ftime = time, fstatus = status, group = group, cencode = 0\)/);
  // Cox and the characteristics table by the classified risk group: read from the page's per-row file.
  const coxCode = await code(page, 'cohort-rcode-cox');
  assert.match(coxCode, /rg <- read\.csv\("risk-groups-interfant06\.csv"/);
  assert.match(coxCode, /x1 <- relevel\(factor\(rg\$risk_group\), ref = "LR"\)/);
  assert.match(coxCode, /coxph\(Surv\(time, status\) ~ x1, ties = "efron"\)/);
  assert.match(await code(page, 'cohort-rcode-xt'), /table\(d\[\["sex"\]\], rg\$risk_group\)/);

  // Change every option, re-run, and the scripts follow.
  await page.selectOption('#cohort-conf-type', 'log-log');
  await page.selectOption('#cohort-conf-level', '0.9');
  await page.selectOption('#cohort-induction', 'eoi_date');
  await page.selectOption('#cohort-axis-unit', 'months');
  await page.fill('#cohort-horizons', '24, 60');
  await page.click('#cohort-analyse');
  await page.locator('#cohort-message.ok').waitFor();
  await page.waitForFunction(() => /log-log/.test(document.querySelector('#cohort-rcode-km-efs pre').textContent));
  efs = await code(page, 'cohort-rcode-km-efs');
  assert.match(efs, /conf\.type = "log-log", conf\.int = 0\.9\)/);
  assert.match(efs, /summary\(fit, times = c\(24 \* 0\.0833333333333333, 60 \* 0\.0833333333333333\), extend = TRUE\)/);
  assert.match(efs, /at the end-of-induction date/);
  assert.match(efs, /times shown in months/);
  // The page's caption says the same options.
  assert.match(await page.locator('#cohort-km-caption-efs').textContent(), /90% pointwise CI, log-log transform/);
  assert.match(await page.locator('#cohort-km-caption-efs').textContent(), /induction failure counted at the end-of-induction date/);

  await page.selectOption('#cohort-cox-ties', 'breslow');
  await page.click('#cohort-cox-run');
  await page.waitForFunction(() => /breslow/.test(document.querySelector('#cohort-rcode-cox pre').textContent));
  const cox = await code(page, 'cohort-rcode-cox');
  assert.match(cox, /ties = "breslow"/);
  assert.match(cox, /summary\(fit, conf\.int = 0\.9\)/);
  await context.close();
  assertClean(rec);
});

// Runs the page's scripts in R on the files the page downloads; each script gets a few lines
// appended that print the numbers the page shows.
if (process.env.INFANT_ALL_R === '1') {
  test('R, running the page\'s scripts on the demo CSV, gets the page\'s numbers', async () => {
    const { context, page } = await openDemo(browser);
    const save = async (selector) => {
      const dl = await downloadFrom(page, selector);
      const path = join(tmp, dl.suggestedFilename());
      writeFileSync(path, readFileSync(await dl.path()));
      return path;
    };
    await save('#cohort-demo-csv');
    await save('#cohort-class-export-csv');
    const runR = (id, extra) => {
      const script = join(tmp, `${id}.R`);
      return page.locator(`#${id} pre`).textContent().then((text) => {
        writeFileSync(script, `${text}\n${extra}\n`);
        return execFileSync('Rscript', [script], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop().split(/\s+/).filter(Boolean).map(Number);
      });
    };
    for (const ep of ['efs', 'os']) {
      const r = await runR(`cohort-rcode-km-${ep}`,
        'rm <- summary(fit, rmean = 6)$table; cat("\\n", sprintf("%.12g", c(summary(fit, times = 6)$surv, summary(fit, times = 6)$std.err, ' +
        'pchisq(lr$chisq, 2, lower.tail = FALSE), rm[, "rmean"], rm[, "se(rmean)"])), "\\n")');
      const shown = await page.locator(`#cohort-surv-at-${ep} tbody tr`).evaluateAll((rows) => rows
        .filter((x) => x.cells[1].textContent === '6').map((x) => [Number(x.cells[3].dataset.surv), Number(x.cells[3].dataset.se)]));
      const p = Number(await page.locator(`#cohort-logrank-${ep}`).getAttribute('data-p'));
      // The demo's default restricted-mean horizon is 6 years (the R script prints it too).
      const rmst = await page.locator(`#cohort-rmst-table-${ep} tbody tr`).evaluateAll((rows) => rows
        .map((x) => [Number(x.cells[3].dataset.rmean), Number(x.cells[3].dataset.se)]));
      assert.equal(rmst.length, 3);
      const expected = [...shown.map((x) => x[0]), ...shown.map((x) => x[1]), p, ...rmst.map((x) => x[0]), ...rmst.map((x) => x[1])];
      assert.equal(r.length, expected.length);
      r.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-9 * Math.max(1e-300, Math.abs(expected[i])), `${ep} [${i}]: R ${v} page ${expected[i]}`));
    }
    // Gray's statistic (cmprsk's p is 1 - pchisq(), which loses digits for p near 1e-10).
    const gray = await runR('cohort-rcode-cuminc', 'cat("\\n", sprintf("%.12g", fit$Tests[, "stat"]), "\\n")');
    const grayPage = JSON.parse(await page.locator('#cohort-gray').getAttribute('data-stat'));
    gray.forEach((v, i) => assert.ok(Math.abs(v - grayPage[i]) <= 1e-9 * grayPage[i], `Gray statistic: R ${v} page ${grayPage[i]}`));
    const xtP = await runR('cohort-rcode-xt', 'cat("\\n", sprintf("%.12g", chisq.test(tab)$p.value), "\\n")');
    const xtPage = Number(await page.locator('#cohort-xt-table tbody').last().getAttribute('data-p-chisq'));
    assert.ok(Math.abs(xtP[0] - xtPage) <= 1e-9 * xtPage, `chi-square p: R ${xtP[0]} page ${xtPage}`);
    const hr = await runR('cohort-rcode-cox', 'cat("\\n", sprintf("%.12g", exp(coef(fit))), "\\n")');
    const hrPage = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((x) => Number(x.cells[1].dataset.hr)));
    hr.forEach((v, i) => assert.ok(Math.abs(v - hrPage[i]) <= 1e-7 * hrPage[i], `HR: R ${v} page ${hrPage[i]}`));
    await context.close();
  });
}
