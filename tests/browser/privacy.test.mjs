// Privacy proof over the whole flow, on the single file opened from file://:
// the patient form classified under every protocol and compared across them, lung.csv imported
// and analysed, the demo cohort imported (which runs every analysis the page offers: Kaplan-Meier
// for each endpoint, cumulative incidence, Cox, characteristics), and every export and download
// button pressed. Afterwards: no request left the page, no console error, no CSP violation,
// and nothing was kept: localStorage, sessionStorage, IndexedDB, Cache Storage, service workers
// and cookies are all empty. (Settings are saved only to a file the user downloads.)
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, record, requireBuilt, root, screenshotPath, singleFileUrl } from './harness.mjs';
import { analyseLungBySex, cohortQuiet, downloadFrom } from './cohort-helpers.mjs';

const lung = join(root, 'tests/data/r/lung.csv');
// Interfant-06 Table 1 example (relative hazard 13.73), with an identifier that must never be stored.
const PATIENT = {
  patient_id: 'PRIVATE-ID-0417', kmt2a_status: 'rearranged', kmt2a_partner: 't(4;11)', dob: '2024-01-10',
  diagnosis_date: '2024-04-19', wbc: '350', wbc_unit: 'x10^9/L', pred_response: 'PPR', immunophenotype: 'B',
  cd10: 'negative', sex: 'female',
};

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

const settled = (page) => page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });

// Waits until the cohort view has been still for a second and nothing is busy: changing a
// control may start an analysis of its own, and the results it draws replace the buttons.
// Everything a page could have kept, read from inside it.
function storedState(page) {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    indexedDb: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    // A file:// page (origin "null") cannot register a service worker at all: SecurityError.
    serviceWorkers: await navigator.serviceWorker.getRegistrations()
      .then((r) => r.length, (e) => (e.name === 'SecurityError' ? 0 : String(e))),
    cookie: document.cookie,
  }));
}

test('the whole flow sends nothing, logs no error and keeps nothing', async (t) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const rec = await record(context, (u) => u === singleFileUrl || u.startsWith('blob:'));
  const page = rec.watch(await context.newPage());
  page.setDefaultTimeout(60000);
  await page.goto(singleFileUrl);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
  // Nothing stored by merely opening the page either.
  assert.deepEqual(await storedState(page), { local: 0, session: 0, indexedDb: [], caches: [], serviceWorkers: 0, cookie: '' });

  // ---- the patient form, under every protocol, then all side by side.
  for (const [name, value] of Object.entries(PATIENT)) {
    const sel = `#pf-${name}`;
    if (await page.$eval(sel, (n) => n.tagName) === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
  await settled(page);
  const protocols = await page.$$eval('#pv-protocol option', (os) => os.map((o) => o.value));
  assert.ok(protocols.length >= 5, `${protocols.length} protocols`);
  for (const p of protocols) {
    await page.selectOption('#pv-protocol', p);
    await settled(page);
    assert.notEqual(await page.getAttribute('#pv-result', 'data-status'), '', `a result under ${p}`);
  }
  await page.check('#pv-compare');
  await settled(page);
  assert.equal(await page.locator('.pv-compare-table tbody tr').count(), protocols.length);

  // ---- a cohort from a file: lung.csv, Kaplan-Meier and log-rank by sex.
  await page.click('#tab-cohort');
  await analyseLungBySex(page);

  // ---- the demo cohort: every analysis the page offers runs on import.
  await page.click('#cohort-demo');
  await page.locator('#cohort-message', { hasText: 'Loaded demo cohort' }).waitFor();
  for (const id of ['cohort-cox-table', 'cohort-xt-table', 'cohort-ci-out table']) {
    await page.locator(`#${id}`).first().waitFor({ timeout: 120000 });
  }
  await cohortQuiet(page);
  // Grouping by the risk group the engine classifies, under every protocol, when offered.
  const classified = await page.$('#cohort-group option[value="__classified_risk_group__"]');
  if (classified) {
    for (const p of await page.$$eval('#cohort-protocol option', (os) => os.map((o) => o.value))) {
      await page.selectOption('#cohort-group', '__classified_risk_group__');
      await page.selectOption('#cohort-protocol', p);
      await page.click('#cohort-analyse');
      await cohortQuiet(page);
    }
  }

  // ---- every export and download button, each giving a file.
  await cohortQuiet(page);
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  const buttons = await page.$$eval('button.export, #cohort-settings-save', (bs) => bs
    .filter((b) => b.offsetParent !== null && b.id).map((b) => b.id));
  assert.ok(buttons.length >= 10, `${buttons.length} export buttons`);
  const files = [];
  for (const id of buttons) {
    const dl = await downloadFrom(page, `#${id}`, 30000).catch(() => assert.fail(`${id}: no download`));
    const path = await dl.path();
    assert.ok(statSync(path).size > 0, `${id}: ${dl.suggestedFilename()} is empty`);
    files.push(dl.suggestedFilename());
  }
  t.diagnostic(`${files.length} downloads: ${files.join(', ')}`);
  await page.screenshot({ path: screenshotPath('privacy-whole-flow.png') });

  // ---- nothing left the page, nothing went wrong, nothing was kept.
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.ok(rec.requests.every((u) => u === singleFileUrl || u.startsWith('blob:')), 'only the page itself and its blobs');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
  assert.deepEqual(await storedState(page), { local: 0, session: 0, indexedDb: [], caches: [], serviceWorkers: 0, cookie: '' });
  assert.deepEqual(await context.cookies(), [], 'cookies');
  await context.close();
});

test('the storage probes see what a page stores (control)', async () => {
  // Without this, empty answers could mean a probe that cannot see anything on file://.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(singleFileUrl);
  await page.evaluate(async () => {
    localStorage.setItem('probe', '1');
    sessionStorage.setItem('probe', '1');
    await new Promise((ok, fail) => { const r = indexedDB.open('probe-db'); r.onsuccess = () => { r.result.close(); ok(); }; r.onerror = fail; });
    await caches.open('probe-cache');
  });
  const s = await storedState(page);
  assert.deepEqual([s.local, s.session, s.indexedDb, s.caches], [1, 1, ['probe-db'], ['probe-cache']]);
  await page.evaluate(async () => {
    localStorage.clear();
    sessionStorage.clear();
    await new Promise((ok) => { indexedDB.deleteDatabase('probe-db').onsuccess = ok; });
    await caches.delete('probe-cache');
  });
  await context.close();
});
