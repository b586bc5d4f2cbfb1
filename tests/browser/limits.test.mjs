// Resource limits on the page, with files generated here into the system's
// temporary directory and deleted afterwards: a file over the 256 MB input limit, one line of
// 50 MB, a slow 48 MB import to cancel, more than 1e7 rows, 10,000 and 10,001 columns, a gzip bomb renamed .csv, unbalanced
// quotes, and a file that makes the engine run out of memory. Each ends in a clear message
// within seconds, the page answers clicks meanwhile, cancel works on a slow one, and what the
// user had (lung.csv and its log-rank test) survives every failure.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { launch, record, requireBuilt, root, screenshotPath, singleFileUrl } from './harness.mjs';
import { analyseLungBySex } from './cohort-helpers.mjs';

const lung = join(root, 'tests/data/r/lung.csv');
const KEPT = 'The previous cohort (lung.csv, 228 rows) is still loaded.';
const MB = 1024 * 1024;

// The engine's limits, read from their one definition (CsvLimits in csv_reader.h), so this test
// follows them if they change.
const header = readFileSync(join(root, 'core/include/infant_all/io/csv_reader.h'), 'utf8');
const limit = (name, re) => {
  const m = header.match(re);
  assert.ok(m, `CsvLimits::${name} not found in csv_reader.h`);
  return m;
};
const maxBytes = (([, a, b]) => Number(a) * 2 ** Number(b))(limit('max_bytes', /max_bytes = size_t\{(\d+)\} << (\d+);/));
const maxRows = Number(limit('max_rows', /max_rows = ([\d']+);/)[1].replace(/'/g, ''));
const maxColumns = Number(limit('max_columns', /max_columns = ([\d']+);/)[1].replace(/'/g, ''));

let browser;
let context;
let page;
let rec;
let tmp;
let lungP;

before(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'infant-all-limits-'));
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  rec = await record(context, (u) => u === singleFileUrl || u.startsWith('blob:'));
  // The longest time the page's thread was busy (a timer every 50 ms measures the gaps): while
  // it is under a second, a click is answered within a second. __longTasks: each task over 50 ms
  // the browser itself reports (PerformanceObserver 'longtask', as cohort-longtask.test.mjs).
  await context.addInitScript(() => {
    let last = performance.now();
    window.__maxGap = 0;
    setInterval(() => {
      const now = performance.now();
      window.__maxGap = Math.max(window.__maxGap, now - last);
      last = now;
    }, 50);
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  page = rec.watch(await context.newPage());
  page.setDefaultTimeout(60000);
  await page.goto(singleFileUrl);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
  await page.click('#tab-cohort');
  await analyseLungBySex(page);
  lungP = await page.getAttribute('#cohort-logrank', 'data-p');
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Writes `parts` (strings or buffers, each written `times` times) to a file in tmp.
function writeFile(name, chunks) {
  const path = join(tmp, name);
  const fd = openSync(path, 'w');
  try {
    for (const [chunk, times = 1] of chunks) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      for (let i = 0; i < times; i += 1) writeSync(fd, buf);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

// A click on another control works whatever the engine is doing (the switch to the patient
// view and back).
async function assertClickWorks() {
  await page.click('#tab-patient', { timeout: 2000 });
  await page.locator('#patient-view:not([hidden])').waitFor({ timeout: 2000 });
  await page.click('#tab-cohort');
  await page.locator('#cohort-view:not([hidden])').waitFor({ timeout: 2000 });
}

const resetGap = () => page.evaluate(() => { window.__maxGap = 0; });
async function assertNoLongBlock(what) {
  const gap = await page.evaluate(() => window.__maxGap);
  assert.ok(gap < 1000, `${what}: the page's thread was blocked for ${Math.round(gap)} ms`);
}

// lung.csv is still what the engine analyses: its report, its results, and the same log-rank p
// when the analysis runs again.
async function assertLungKept() {
  assert.equal(await page.getAttribute('#cohort-import-report', 'data-file'), 'lung.csv');
  assert.equal(await page.locator('#cohort-results').isVisible(), true);
  await page.click('#cohort-analyse');
  await page.locator('#cohort-message.ok').waitFor();
  assert.equal(await page.getAttribute('#cohort-logrank', 'data-p'), lungP);
}

// Loads a file that must be refused: the message (matching `says`) names the file, comes within
// maxMs, and says the previous cohort is kept; the page answers a click while it works.
async function assertRefused(t, path, says, maxMs, shot = null) {
  const name = path.split('/').pop();
  await resetGap();
  const t0 = Date.now();
  await page.setInputFiles('#cohort-file', path);
  await assertClickWorks();
  const msg = page.locator('#cohort-message.error', { hasText: `Could not read ${name}:` });
  await msg.waitFor({ timeout: maxMs + 30000 });
  const ms = Date.now() - t0;
  const text = await msg.textContent();
  t.diagnostic(`${name}: ${ms} ms: ${text}`);
  if (shot) {
    await msg.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(shot) });
  }
  assert.match(text, says);
  assert.ok(text.endsWith(KEPT), text);
  assert.ok(ms < maxMs, `${name}: the message took ${ms} ms (limit ${maxMs})`);
  await assertNoLongBlock(name);
  await assertClickWorks();
  await assertLungKept();
  return text;
}

test('a file over the input limit is refused on its size, before it is read', async (t) => {
  // Sparse: 300 MB on paper, nothing on disk; the page must not read it to refuse it.
  const path = join(tmp, 'big-300mb.csv');
  writeFileSync(path, 'time,status\n');
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from('1,1\n'), 0, 4, 300 * MB - 4);
  closeSync(fd);
  const text = await assertRefused(t, path, /the file is 300 MB \(314,572,800 bytes\), above the limit of 256 MB/, 3000,
    'limits-too-large.png');
  assert.ok(text.includes(`(${maxBytes.toLocaleString('en')} bytes) this page reads`), 'the page\'s limit is CsvLimits::max_bytes');
});

test('more than 1e7 rows: the row limit, by name', async (t) => {
  const path = writeFile('rows.csv', [['time\n'], ['1\n', maxRows + 1]]);
  await assertRefused(t, path, new RegExp(`more than max_rows = ${maxRows} data rows`), 20000);
});

test('10,001 columns: the column limit, by name and count', async (t) => {
  const n = maxColumns + 1;
  const path = writeFile('cols-10001.csv', [[`${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n`], [`${Array(n).fill('1').join(',')}\n`]]);
  // The reader stops the record at its (limit + 1)-th field rather than counting them all.
  await assertRefused(t, path, new RegExp(`the record at file line 1 has more than ${maxColumns} fields, above the limit max_columns = ${maxColumns}`), 5000);
});

test('a gzip bomb renamed .csv: binary data, refused at its first byte', async (t) => {
  const path = join(tmp, 'bomb.csv');
  writeFileSync(path, gzipSync(Buffer.alloc(100 * MB), { level: 9 }));
  await assertRefused(t, path, /control byte 0x1F at file line 1 \(byte offset 0\): this is binary data, not a text CSV/, 5000);
});

test('unbalanced quotes over megabytes: the unclosed field, by line and field', async (t) => {
  const path = writeFile('quotes.csv', [['time,status\n1,'], ['"'.repeat(MB), 5], ['"\n']]);
  await assertRefused(t, path, /a quoted field opened in the record at file line 2 \(field 2\) is never closed/, 10000);
});

test('one 50 MB field: the field-size limit, by field and line', async (t) => {
  const path = writeFile('one-field.csv', [['x'.repeat(MB), 50]]);
  await assertRefused(t, path, /field 1 of the record at file line 1 is 52428800 bytes, above the limit max_field_bytes = 1048576/, 10000);
});

test('a slow import (48 MB of rows): cancel stops it and keeps lung; one line of 50 MB is refused at once', async (t) => {
  // 6 million short rows: seconds of work in the engine, so there is time to cancel.
  const slow = writeFile('many-rows.csv', [['a,b\n'], ['123,456\n'.repeat(100_000), 60]]);
  await resetGap();
  await page.setInputFiles('#cohort-file', slow);
  await page.locator('#cohort-busy:not([hidden])').waitFor();
  await page.locator('#cohort-busy').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('limits-busy.png') });
  await page.click('#cohort-cancel', { timeout: 1000 });
  await page.locator('#cohort-message', { hasText: `Cancelled. ${KEPT}` }).waitFor({ timeout: 5000 });
  await assertNoLongBlock('cancel');
  await assertLungKept();
  // One line of 26 million fields: the reader stops it at field 10,001, in well under a second.
  const line = writeFile('one-line.csv', [['x,'.repeat(MB / 2), 50]]);
  await assertRefused(t, line, new RegExp(`the record at file line 1 has more than ${maxColumns} fields, above the limit max_columns = ${maxColumns}`), 5000);
});

test('a file that exhausts the engine\'s memory: a plain message, a fresh engine, lung reloaded', async (t) => {
  // 255 MB of empty header fields: the engine holds every one (two copies) before its column
  // check, and runs out of its 4 GB. Should the engine check the count as it goes, the column
  // limit is the message instead; either way the page survives and says what happened.
  const path = writeFile('commas.csv', [['a'], [','.repeat(MB), 255]]);
  const text = await assertRefused(t, path,
    /the statistics engine ran out of memory \(its memory had grown to [\d,]+ MB\) and was restarted|above the limit max_columns/, 60000,
    'limits-out-of-memory.png');
  t.diagnostic(text);
});

test('10,000 columns (the limit itself) are read, reported, and the page stays responsive', async (t) => {
  const path = writeFile('cols-10000.csv', [[`${Array.from({ length: maxColumns }, (_, i) => `c${i}`).join(',')}\n`],
    [`${Array(maxColumns).fill('1').join(',')}\n`, 5]]);
  await resetGap();
  await page.evaluate(() => { window.__longTasks.length = 0; });
  const t0 = Date.now();
  await page.setInputFiles('#cohort-file', path);
  await page.locator('#cohort-import-report[data-file="cols-10000.csv"]').waitFor();
  t.diagnostic(`10,000 columns: report after ${Date.now() - t0} ms`);
  assert.equal(await page.getAttribute('#cohort-import-report', 'data-n-columns'), String(maxColumns));
  // Long lists are shown up to 1,000 rows, and say how many there are.
  assert.equal(await page.getAttribute('#cohort-columns', 'data-total'), String(maxColumns));
  assert.equal(await page.locator('#cohort-columns tbody tr').count(), 1000);
  assert.match(await page.textContent('#cohort-columns caption'), /\(the first 1,000 of 10,000\)/);
  // The last step of the import: the analysis forms are built (no time or event column is
  // named as such, so nothing runs by itself).
  await page.locator('#cohort-message', { hasText: 'Loaded cols-10000.csv: 5 rows, 10000 columns. Choose the time and event columns' }).waitFor();
  assert.ok(Date.now() - t0 < 20000, 'read within seconds');
  await assertClickWorks();

  // The forms draw at most 1,000 options per select and 200 checkboxes per list (a checkbox or
  // option for every column held the page's thread for over a second in one task, then half a
  // second to lay them out); a search box beside each finds any other column by name.
  assert.ok(await page.locator('#cohort-time option').count() <= 1001, 'the time select draws at most 1,000 columns');
  await page.fill('#cohort-time ~ input[type="search"]', 'c9999');
  await page.selectOption('#cohort-time', 'c9999');
  await page.selectOption('#cohort-event', 'c1');
  await page.click('#cohort-cox > summary');
  assert.ok(await page.locator('#cohort-cox-covs input[type="checkbox"]').count() <= 201, 'the covariate list draws at most 200 columns');
  await page.fill('#cohort-cox-covs-filter', '9998');
  await page.locator('#cohort-cox-covs input[value="c9998"]').check();
  // A ticked column stays in sight (to untick it) when the filter no longer matches it.
  await page.fill('#cohort-cox-covs-filter', '');
  assert.equal(await page.locator('#cohort-cox-covs input[value="c9998"]').isChecked(), true);
  assert.equal(await page.inputValue('#cohort-time'), 'c9999');
  // The column found behind the filter is the one the engine analyses.
  await page.click('#cohort-analyse');
  await page.locator('#cohort-message.ok', { hasText: 'Analysis updated' }).waitFor();
  assert.match(await page.textContent('#cohort-results'), /time = column “c9999”/);

  // Let the last layout land, then no task of the import or of the choices above held the
  // page's thread over 200 ms (the bound cohort-longtask.test.mjs sets for a 100,000-row cohort).
  await page.waitForTimeout(500);
  const tasks = await page.evaluate(() => window.__longTasks.slice());
  t.diagnostic(`10,000 columns: main-thread tasks over 50 ms (ms): ${JSON.stringify(tasks)}`);
  assert.ok(tasks.every((d) => d <= 200), `10,000 columns: main-thread tasks over 200 ms: ${JSON.stringify(tasks)}`);
  await assertNoLongBlock('10,000 columns');
});

test('no request left the page, no console error, no CSP violation', () => {
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
});
