// Print / Save as PDF: under print media the report keeps its figures and tables and hides
// every control (forms, buttons, tabs, the demo and file pickers, R code panels); Chromium
// prints it to a multi-page PDF that opens with a header (date, engine version, file, rows,
// settings), numbers its sections consecutively and shows no disclosure triangles.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launch, requireBuilt, root, screenshotPath } from './harness.mjs';
import { assertClean, openDemo } from './cohort-helpers.mjs';
import { pdfPages } from './pdf-text.mjs';

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

const CONTROLS = ['#cohort-analysis', '#cohort-print', '#cohort-demo', '#cohort-drop', '#cohort-export-efs-png', '#cohort-cox-run',
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

// The CLI's "infant-all 0.1.0" (INFANT_ALL_CLI=wasm: the node build of the same program).
const cliVersion = () => execFileSync(...(process.env.INFANT_ALL_CLI === 'wasm'
  ? [process.execPath, [join(root, 'build/wasm-release/cli/infant-all-cli.js'), '--version']]
  : [join(root, 'build/native-release/cli/infant-all'), ['--version']]), { encoding: 'utf8' }).trim();

// A4 at 12 mm margins; the demo report (import report with its column tables, EFS and OS with
// their tables, the further analyses) printed to 16 pages when this was written.
const PAGES = [8, 30];

test('the printed report: a header with date, engine and settings, sections 1-2-3, no triangles, no controls', async () => {
  const { context, rec, page } = await openDemo(browser);
  // The Print report button asks the browser to print (stubbed here: a real print dialog).
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.click('#cohort-print');
  assert.equal(await page.evaluate(() => window.__printed), 1, 'Print report calls window.print once');

  const closedBefore = await page.evaluate(() => [...document.querySelectorAll('#cohort-view details:not([open])')].map((d) => d.id || d.querySelector('summary').textContent));
  assert.ok(closedBefore.length > 0, 'some disclosures are closed on screen');
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const shown = await page.evaluate(() => {
    const view = document.getElementById('cohort-view');
    const visible = (sel) => [...view.querySelectorAll(sel)].filter((e) => e.checkVisibility());
    return {
      closed: visible('details:not([open])').length,
      summaries: visible('summary').map((e) => [getComputedStyle(e).listStyleType, getComputedStyle(e, '::marker').content]),
      controls: visible('button, input, select, textarea').map((e) => e.id || e.tagName),
      header: document.getElementById('cohort-print-header').checkVisibility(),
    };
  });
  assert.equal(shown.closed, 0, 'every printed disclosure is open');
  assert.ok(shown.summaries.length > 0);
  for (const [style, marker] of shown.summaries) {
    assert.equal(style, 'none', 'no disclosure marker');
    assert.ok(marker === 'none' || marker === '""', `no ::marker content (${marker})`);
  }
  assert.deepEqual(shown.controls, [], 'no form control or button in print');
  assert.equal(shown.header, true, 'the report header is printed');

  const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  writeFileSync(screenshotPath('cohort-report-header.pdf'), pdf);
  const pages = pdfPages(pdf).map((t) => t.normalize('NFKC'));
  assert.ok(pages.length >= PAGES[0] && pages.length <= PAGES[1], `${pages.length} pages, expected ${PAGES.join('-')}`);
  const text = pages.join('\n');
  const first = pages[0].replace(/\n/g, ' ');
  assert.match(first, /infant-all cohort report/);
  const today = await page.evaluate(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-'); });
  assert.match(first, new RegExp(`Printed ${today} \\d\\d:\\d\\d \\(UTC[+−]\\d\\d:\\d\\d\\)`));
  const version = cliVersion();
  assert.match(version, /^infant-all \d+\.\d+\.\d+/);
  assert.ok(first.includes(`Engine ${version}`), `engine version ${version} in: ${first.slice(0, 300)}`);
  assert.match(first, /File demo cohort \(synthetic\) Rows 651 /);
  assert.match(first, /Endpoint EFS and OS \(from the dates\) Grouping Interfant-06 risk group \(classified\) Protocol Interfant-06 /);
  assert.match(first, /Time unit shown in years Confidence intervals 95% pointwise, log transform/);
  // Sections numbered 1, 2, 3 (the choices, not printed, take no number).
  const sections = [...text.matchAll(/(\d+)\n\. \n(Import a cohort|Results: EFS and OS|Further analyses)/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(sections, ['1 Import a cohort', '2 Results: EFS and OS', '3 Further analyses']);
  // No triangle glyphs, no button text.
  assert.doesNotMatch(text, /[▶▼►▸▾◂◀]/u);
  assert.doesNotMatch(text, /Download the|Print report|Show the R code/);
  // Figures and tables are there.
  assert.match(text, /Kaplan-Meier estimate of event-free survival/);
  assert.match(text, /Observed and expected events/);

  // afterprint puts the disclosures back as they were.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  const closedAfter = await page.evaluate(() => [...document.querySelectorAll('#cohort-view details:not([open])')].map((d) => d.id || d.querySelector('summary').textContent));
  assert.deepEqual(closedAfter, closedBefore);
  await context.close();
  assertClean(rec);
});
