// Shared by the cohort browser tests: the CLI the page is held against, the demo cohort written
// by its generator, and the page opened on the cohort tab with the demo loaded by one click.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { launch, record, requireBuilt, root, singleFileUrl } from './harness.mjs';

// INFANT_ALL_CLI=wasm uses the node build of the same program.
const cli = process.env.INFANT_ALL_CLI === 'wasm'
  ? [process.execPath, join(root, 'build/wasm-release/cli/infant-all-cli.js')]
  : [join(root, 'build/native-release/cli/infant-all')];

export const runCli = (args) => JSON.parse(execFileSync(cli[0], [...cli.slice(1), ...args],
  { encoding: 'utf8', maxBuffer: 1 << 28 }));

// Writes the demo CSV with the committed generator (the page embeds the same script's output).
export function writeDemo(path) {
  execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs'), path]);
  return path;
}

// The single-file page from file:// by default; `url` (with `allowed`, the page's own requests)
// opens the served site instead.
// The before / after hooks of a file of cohort tests: one browser, and the demo CSV written by
// its generator into a temporary folder (removed afterwards). Returns { browser, tmp, demo },
// filled in once the hooks have run.
export function demoSuite(prefix) {
  const suite = { browser: null, tmp: null, demo: null };
  before(async () => {
    requireBuilt();
    suite.tmp = mkdtempSync(join(tmpdir(), prefix));
    suite.demo = writeDemo(join(suite.tmp, 'demo.csv'));
    suite.browser = await launch();
  });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    if (suite.tmp) rmSync(suite.tmp, { recursive: true, force: true });
  });
  return suite;
}

// `init`: a script run in the page before its own (context.addInitScript).
export async function openPage(browser, {
  colorScheme = 'light', viewport = { width: 1280, height: 800 }, url = singleFileUrl,
  allowed = (u) => u === singleFileUrl || u.startsWith('blob:'), init = null, ...opts
} = {}) {
  const context = await browser.newContext({ acceptDownloads: true, colorScheme, viewport, ...opts });
  if (init) await context.addInitScript(init);
  const rec = await record(context, allowed);
  const page = rec.watch(await context.newPage());
  // Generous: the test machine may be busy compiling in parallel.
  page.setDefaultTimeout(60000);
  await page.goto(url);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
  return { context, rec, page };
}

// Resolves when the cohort view has not changed for a second and nothing is busy: analyses that
// follow the classification redraw panels (and their buttons) after the first results appear.
export async function cohortQuiet(page) {
  await page.evaluate(() => {
    if (window.__lastChange !== undefined) return;
    window.__lastChange = performance.now();
    new MutationObserver(() => { window.__lastChange = performance.now(); })
      .observe(document.getElementById('cohort-view'), { childList: true, subtree: true, attributes: true });
  });
  await page.waitForFunction(() => performance.now() - window.__lastChange > 1000 &&
    document.getElementById('cohort-busy').hidden, null, { polling: 200 });
}

// One click on the demo; resolves when the last analysis (the Cox table) is drawn and the view
// has settled.
export async function openDemo(browser, options) {
  const opened = await openPage(browser, options);
  await opened.page.click('#tab-cohort');
  await opened.page.click('#cohort-demo');
  await opened.page.locator('#cohort-cox-table').waitFor();
  await cohortQuiet(opened.page);
  return opened;
}

export function assertClean(rec) {
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
}

// Clicks an export button and resolves with its download. A button marked data-prepare (the
// engine writes its file first) is clicked once to prepare, then, when it says data-ready, again
// to save: the page's two-step pattern for files that take the engine a while.
// Downloads are paced a second apart: Chromium drops the 11th of a burst of quick downloads from
// one page (seen here: the 11th of 12 clicks gave no download event, whichever button it was;
// with 1.1 s between clicks all 12 arrive). A person does not click that fast.
const lastDownload = new WeakMap();
export async function downloadFrom(page, selector, timeout = 60000) {
  const wait = 1100 - (Date.now() - (lastDownload.get(page) ?? 0));
  if (wait > 0) await page.waitForTimeout(wait);
  const button = page.locator(selector);
  if (await button.getAttribute('data-prepare') && !(await button.getAttribute('data-ready'))) {
    await button.click();
    await page.locator(`${selector}[data-ready]`).waitFor({ timeout });
  }
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), button.click()]);
  lastDownload.set(page, Date.now());
  return dl;
}

// R's lung data (tests/data/r/lung.csv) through the page's file input (or `load`), then
// Kaplan-Meier by sex in days with the page's own controls; resolves when the log-rank line is
// drawn. Several tests start from this cohort.
export const lungCsv = join(root, 'tests/data/r/lung.csv');
export async function analyseLungBySex(page, { horizons = null, load = null } = {}) {
  if (load) await load(page, lungCsv);
  else await page.setInputFiles('#cohort-file', lungCsv);
  await page.locator('#cohort-analysis:not([hidden])').waitFor();
  await page.selectOption('#cohort-time', 'time');
  await page.selectOption('#cohort-event', 'status');
  await page.selectOption('#cohort-unit', 'days');
  await page.selectOption('#cohort-group', 'sex');
  if (horizons !== null) await page.fill('#cohort-horizons', horizons);
  await page.click('#cohort-analyse');
  await page.locator('#cohort-logrank').waitFor();
}

// Minimal RFC 4180 reader for the exports (quoted fields, doubled quotes, CRLF).
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
