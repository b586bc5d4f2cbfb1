// Keyboard: the cohort view by keys alone. The skip link leads to the results; the demo loads
// with Enter; a job that runs more than a moment takes focus to Cancel and Escape cancels it
// ("Cancelled"), focus then back on the control that started it; and every button and
// disclosure in the view has a name of its own (seven "Download table (CSV)" were one name).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { assertClean, cohortQuiet, openPage, writeDemo } from './cohort-helpers.mjs';

// Rows of the big cohort: writing each row's risk group takes seconds, time to press Escape.
const ROWS = 100000;
let browser;
let tmp;
let big;
before(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'infant-all-keys-'));
  const lines = readFileSync(writeDemo(join(tmp, 'demo.csv')), 'utf8').trim().split('\n');
  const out = [lines[0]];
  for (let i = 0; i < ROWS; i += 1) {
    out.push(lines[1 + (i % (lines.length - 1))].replace(/^SYNTHETIC-\d+/, `SYNTHETIC-${String(i + 1).padStart(6, '0')}`));
  }
  big = join(tmp, 'big-cohort.csv');
  writeFileSync(big, `${out.join('\n')}\n`);
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const focused = (page) => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

// Tabs forward until the element with `id` has focus (at most `max` presses); false if never.
async function tabTo(page, id, max = 40) {
  for (let i = 0; i < max; i += 1) {
    if (await focused(page) === id) return true;
    await page.keyboard.press('Tab');
  }
  return await focused(page) === id;
}

// The accessible name as the page gives it: aria-labelledby, aria-label, else the text.
const NAMES = () => [...document.querySelectorAll('#cohort-view button, #cohort-view summary, #cohort-view a[href]')]
  .filter((e) => e.checkVisibility() || e.matches('.skip-link'))
  .map((e) => {
    const by = e.getAttribute('aria-labelledby');
    const text = e.textContent.replace(/\s+/g, ' ').trim();
    const name = by ? by.split(' ').map((i) => document.getElementById(i).textContent).join(' ').replace(/\s+/g, ' ').trim()
      : (e.getAttribute('aria-label') || text);
    return { id: e.id, name, text };
  });

test('keyboard only: skip link, demo with Enter, Escape cancels a slow job, focus comes back', async () => {
  const { context, rec, page } = await openPage(browser);
  await page.focus('#tab-cohort');
  await page.keyboard.press('Enter');
  // The first stop in the cohort view is the skip link, shown when focused.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'cohort-skip');
  assert.equal(await page.locator('#cohort-skip').isVisible(), true);
  assert.equal(await page.locator('#cohort-skip').textContent(), 'Skip to the results');

  assert.ok(await tabTo(page, 'cohort-demo'), 'the demo button is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.locator('#cohort-cox-table').waitFor();
  await cohortQuiet(page);
  // However long the demo took, focus ends where it began.
  assert.equal(await focused(page), 'cohort-demo');

  // The skip link now leads to the results' heading.
  await page.focus('#cohort-skip');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'cohort-results-h');

  // A quick job (a redraw from a checkbox) leaves focus on the checkbox.
  await page.focus('#cohort-show-ci');
  await page.keyboard.press('Space');
  await page.locator('#cohort-message.ok').filter({ hasText: 'Analysis updated' }).waitFor();
  await cohortQuiet(page);
  assert.equal(await focused(page), 'cohort-show-ci');

  // The big cohort (the file picker is the system's dialog: set here), then Analyse by keys.
  await page.setInputFiles('#cohort-file', big);
  await page.locator('#cohort-message.ok').filter({ hasText: `${ROWS} rows` }).waitFor({ timeout: 300000 });
  await page.locator('#cohort-cox-table').waitFor({ timeout: 300000 });
  await cohortQuiet(page);
  // Writing the risk group of every row of the big cohort takes the engine seconds.
  await page.focus('#cohort-class-export-csv');
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  // After a moment, focus is on Cancel (the job is still running).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'cohort-cancel', null, { timeout: 10000 });
  const waited = Date.now() - t0;
  assert.ok(waited >= 300, `focus moved to Cancel after ${waited} ms, not at once`);
  assert.equal(await page.locator('#cohort-busy').isVisible(), true, 'the job is running');
  await page.screenshot({ path: screenshotPath('cohort-keyboard-cancel-focus.png') });
  await page.keyboard.press('Escape');
  await page.locator('#cohort-busy').waitFor({ state: 'hidden' });
  const msg = page.locator('#cohort-message');
  assert.match(await msg.textContent(), /^Cancelled\. /);
  assert.equal(await msg.getAttribute('role'), 'status');
  assert.equal(await focused(page), 'cohort-class-export-csv', 'focus back on the button that started the job');
  // The stopped job left its button unprepared.
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('#cohort-class-export-csv').getAttribute('data-ready'), null);

  // Escape works wherever focus is in the view: pressed at once, on the button that started it.
  await page.evaluate(() => { document.getElementById('cohort-message').textContent = ''; });
  // Enter starts the job at once (the page counts it busy before it first waits); Escape follows
  // before the 300 ms after which focus would go to Cancel.
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'cohort-class-export-csv');
  await page.keyboard.press('Escape');
  await page.locator('#cohort-message').filter({ hasText: /^Cancelled\. / }).waitFor();
  assert.equal(await focused(page), 'cohort-class-export-csv');
  await page.waitForTimeout(2000);
  assert.equal(await page.locator('#cohort-class-export-csv').getAttribute('data-ready'), null, 'the second job was stopped too');
  await context.close();
  assertClean(rec);
});

test('every button, link and disclosure in the cohort view has a name of its own', async () => {
  const { context, rec, page } = await openPage(browser);
  await page.click('#tab-cohort');
  await page.click('#cohort-demo');
  await page.locator('#cohort-cox-table').waitFor();
  await page.locator('#cohort-tx-cox-table').waitFor({ state: 'attached' });
  await cohortQuiet(page);
  // Open every disclosure: the folded plots draw their buttons when opened.
  await page.evaluate(() => { for (const d of document.querySelectorAll('#cohort-view details')) d.open = true; });
  await cohortQuiet(page);
  const all = await page.evaluate(NAMES);
  assert.ok(all.length > 50, `${all.length} named controls`);
  const seen = new Map();
  for (const { id, name } of all) seen.set(name, [...(seen.get(name) || []), id]);
  const twice = [...seen].filter(([, ids]) => ids.length > 1);
  assert.deepEqual(twice, [], 'names used more than once');
  // An aria-label contains the visible text (WCAG 2.5.3, label in name).
  for (const { name, text } of all) assert.ok(name.includes(text), `"${name}" contains "${text}"`);
  // The exports say what they download.
  const names = all.map((x) => x.name);
  for (const n of ['Download the EFS figure (SVG)', 'Download the OS figure (SVG)', 'Download the EFS table of every step (CSV)',
    'Show the R code for the cumulative incidence', 'Download the R script for the EFS analysis']) {
    assert.ok(names.includes(n), `${n} is a button`);
  }
  assert.equal(names.filter((n) => /^Download table \(CSV\)$/.test(n)).length, 0);
  await context.close();
  assertClean(rec);
});
