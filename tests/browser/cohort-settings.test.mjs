// Settings save to a small JSON file and load from one: a fresh page given the file analyses
// with the saved options (checked against the CLI with the same options: plain CI at 99%, chosen
// times, Breslow ties); a bad file is refused with a clear message; settings naming columns the
// loaded file lacks are reported by name. Nothing is ever written to browser storage.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertClean, demoSuite, openDemo, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-settings-');

async function storageUsed(page, context) {
  const inPage = await page.evaluate(async () => ({
    local: localStorage.length, session: sessionStorage.length,
    idb: (await indexedDB.databases()).length, caches: (await caches.keys()).length,
  }));
  return { ...inPage, cookies: (await context.cookies()).length };
}

test('settings round-trip through a JSON file and drive the analysis', async () => {
  // Save from one page...
  const first = await openDemo(suite.browser);
  await first.page.selectOption('#cohort-endpoint', 'efs');
  await first.page.selectOption('#cohort-conf-type', 'plain');
  await first.page.selectOption('#cohort-conf-level', '0.99');
  await first.page.fill('#cohort-horizons', '2, 5');
  await first.page.selectOption('#cohort-cox-ties', 'breslow');
  const [dl] = await Promise.all([first.page.waitForEvent('download'), first.page.click('#cohort-settings-save')]);
  assert.equal(dl.suggestedFilename(), 'infant-all-settings.json');
  const saved = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.equal(saved.kind, 'infant-all cohort settings');
  assert.equal(saved.version, 1);
  assert.deepEqual(
    [saved.settings.endpoint, saved.settings.conf_type, saved.settings.conf_level, saved.settings.times, saved.settings.further.cox.ties],
    ['efs', 'plain', 0.99, '2, 5', 'breslow']);
  const file = join(suite.tmp, 'settings.json');
  writeFileSync(file, JSON.stringify(saved));
  assert.deepEqual(await storageUsed(first.page, first.context), { local: 0, session: 0, idb: 0, caches: 0, cookies: 0 });
  await first.context.close();
  assertClean(first.rec);

  // ...load into a fresh one.
  const { context, rec, page } = await openDemo(suite.browser);
  assert.equal(await page.inputValue('#cohort-conf-type'), 'log');
  await page.setInputFiles('#cohort-settings-file', file);
  await page.locator('#cohort-analyse-message.ok').filter({ hasText: 'Settings loaded from settings.json' }).waitFor();
  assert.deepEqual(
    [await page.inputValue('#cohort-endpoint'), await page.inputValue('#cohort-conf-type'), await page.inputValue('#cohort-conf-level'),
      await page.inputValue('#cohort-horizons'), await page.inputValue('#cohort-cox-ties')],
    ['efs', 'plain', '0.99', '2, 5', 'breslow']);
  await page.click('#cohort-analyse');
  await page.waitForFunction(() => /99% pointwise CI, plain/.test(document.querySelector('#cohort-km-caption-efs')?.textContent || ''));
  assert.equal(await page.locator('#cohort-km-os').count(), 0, 'only EFS, as saved');
  const km = runCli(['km', '--csv', suite.demo, '--endpoint', 'efs', '--group', 'risk_group', '--conf-type', 'plain', '--conf-level', '0.99', '--times', '2,5']);
  const shown = await page.locator('#cohort-surv-at-efs tbody tr').evaluateAll((rows) => rows.map((r) => ({
    group: r.cells[0].textContent, time: Number(r.cells[1].textContent), lower: Number(r.cells[4].dataset.lower), upper: Number(r.cells[4].dataset.upper),
  })));
  assert.equal(shown.length, 6);
  for (const r of shown) {
    const a = km.curves.find((c) => c.group === r.group).at_times.find((x) => x.time === r.time);
    // Native and WASM may differ by libm ulps (tests/js/native_wasm.test.mjs bounds them).
    for (const [got, want] of [[r.lower, a.lower], [r.upper, a.upper]]) {
      assert.ok(Math.abs(got - want) <= 1e-13 * Math.abs(want), `${r.group} at ${r.time}: ${got} vs ${want}`);
    }
  }
  await page.click('#cohort-cox-run');
  await page.locator('#cohort-cox-table caption').filter({ hasText: 'breslow ties' }).waitFor();

  // A file that is not settings, and settings for columns this file does not have.
  const bad = join(suite.tmp, 'bad.json');
  writeFileSync(bad, '{"hello": ');
  await page.setInputFiles('#cohort-settings-file', bad);
  await page.locator('#cohort-analyse-message.error').filter({ hasText: 'Could not load settings from bad.json: it is not JSON' }).waitFor();
  const other = join(suite.tmp, 'other.json');
  writeFileSync(other, JSON.stringify({ ...saved, settings: { ...saved.settings, endpoint: 'columns', time: 'futime', further: { cox: { covariates: ['age'] } } } }));
  await page.setInputFiles('#cohort-settings-file', other);
  const msg = await page.locator('#cohort-analyse-message.info').textContent();
  assert.match(msg, /time column “futime”/);
  assert.match(msg, /covariate “age”/);
  assert.deepEqual(await storageUsed(page, context), { local: 0, session: 0, idb: 0, caches: 0, cookies: 0 });
  await context.close();
  assertClean(rec);
});
