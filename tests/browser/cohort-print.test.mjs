// Print / Save as PDF: under print media the report keeps its figures and tables and hides
// every control (forms, buttons, tabs, the demo and file pickers, R code panels); Chromium
// prints it to a multi-page PDF.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { assertClean, openDemo } from './cohort-helpers.mjs';

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

// Whether the first element each selector matches is rendered (null: no such element).
const rendered = (page, selectors) => page.evaluate((sels) => Object.fromEntries(sels.map((s) => {
  const el = document.querySelector(s);
  return [s, el ? el.checkVisibility() : null];
})), selectors);

const CONTROLS = ['#cohort-analysis', '#cohort-demo', '#cohort-drop', '#cohort-export-efs-png', '#cohort-cox-run',
  '#cohort-rcode-km-efs', 'nav.views', '#engine-status', '#cohort-xt-export-csv',
  // Not report content: the mapping editor, the paste box, and rows of patient data.
  '#cohort-map-box', '#cohort-paste-panel', '#cohort-preview-box'];
const CONTENT = ['#cohort-km-figure-efs', '#cohort-km-figure-os', '#cohort-surv-at-efs', '#cohort-logrank-efs',
  '#cohort-ci-figure', '#cohort-gray', '#cohort-xt-table', '#cohort-cox-table', '#cohort-class-counts',
  '#cohort-rmst-table-efs', '#cohort-cox-forest'];

test('print media hides the controls, keeps figures and tables, and prints a PDF', async () => {
  const { context, rec, page } = await openDemo(browser, { colorScheme: 'dark' });
  const screen = await rendered(page, CONTROLS);
  for (const s of CONTROLS) assert.equal(screen[s], true, `${s} is visible on screen`);

  await page.emulateMedia({ media: 'print' });
  const printed = await rendered(page, [...CONTROLS, ...CONTENT]);
  for (const s of CONTROLS) assert.equal(printed[s], false, `${s} hidden in print`);
  for (const s of CONTENT) assert.equal(printed[s], true, `${s} kept in print`);
  // Printed in the light palette even when the screen is dark.
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(255, 255, 255)');

  const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 3 && pages <= 40, `${pages} pages`);
  writeFileSync(screenshotPath('cohort-report.pdf'), pdf);
  await page.screenshot({ path: screenshotPath('cohort-print-media.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});
