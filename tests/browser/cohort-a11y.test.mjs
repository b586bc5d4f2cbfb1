// Accessibility: axe-core (locked in package-lock.json) on both views with real content, a
// patient classified and the demo cohort analysed, every <details> opened, in light and dark
// mode: no violation of the WCAG 2.0/2.1/2.2 A and AA rules. axe is evaluated into the page
// through playwright's page.evaluate (the DevTools protocol), which the page's CSP does not
// govern; the page itself keeps its CSP, and the recorder still sees no CSP violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { assertClean, openPage } from './cohort-helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Interfant-06 Table 1 example (relative hazard 13.73), as in patient.test.mjs.
const PATIENT = {
  kmt2a_status: 'rearranged', kmt2a_partner: 't(4;11)', age_days: '100', wbc: '350',
  wbc_unit: 'x10^9/L', pred_response: 'PPR', immunophenotype: 'B', cd10: 'negative', sex: 'female',
};

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

async function axe(page) {
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), TAGS);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 3).join(' ')}`),
  }));
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no WCAG 2.2 AA violation on either view (${colorScheme})`, async () => {
    const { context, rec, page } = await openPage(browser, { colorScheme });
    // The patient view with a classified patient.
    for (const [name, value] of Object.entries(PATIENT)) {
      const sel = `#pf-${name}`;
      if ((await page.$eval(sel, (n) => n.tagName)) === 'SELECT') await page.selectOption(sel, value);
      else await page.fill(sel, value);
    }
    await page.waitForSelector('#pv-result[data-pending="false"][data-group="HR"]', { timeout: 15000 });
    const patient = await axe(page);
    await page.screenshot({ path: screenshotPath(`a11y-patient-${colorScheme}.png`), fullPage: true });

    // The cohort view with the demo analysed (the Cox table is drawn last).
    await page.click('#tab-cohort');
    await page.click('#cohort-demo');
    await page.locator('#cohort-cox-table').waitFor();
    // The transplant section too (the demo has transplant dates): its figure, tables and HR.
    await page.locator('#cohort-tx-cox-table').waitFor({ state: 'attached' });
    const cohort = await axe(page);
    await page.screenshot({ path: screenshotPath(`a11y-cohort-${colorScheme}.png`), fullPage: true });
    await context.close();
    assert.deepEqual(patient, [], `patient view:\n${JSON.stringify(patient, null, 2)}`);
    assert.deepEqual(cohort, [], `cohort view:\n${JSON.stringify(cohort, null, 2)}`);
    assertClean(rec);
  });
}
