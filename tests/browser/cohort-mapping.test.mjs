// The import's preview and mapping editor, and pasting a table, from file://. A registry export
// whose WBC column is called "Leukos" is not recognised: the page shows the first rows as the
// engine read them (equal to `infant-all preview`), the user maps wbc to Leukos, and the risk
// groups then equal `infant-all classify --map wbc=Leukos` (and differ from before); the R code
// names the column. Unmapping an input equals --map wbc= (empty). A table pasted from a spreadsheet (tab-separated) is read like a file.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { screenshotPath } from './harness.mjs';
import { assertClean, cohortQuiet, demoSuite, downloadFrom, lungCsv, openPage, runCli } from './cohort-helpers.mjs';

const suite = demoSuite('infant-all-mapping-');
let leukos;
// The demo with its WBC column renamed to something the mapping does not know.
before(() => {
  const [head, ...rest] = readFileSync(suite.demo, 'utf8').split('\n');
  leukos = join(suite.tmp, 'leukos.csv');
  writeFileSync(leukos, [head.replace(',wbc,', ',Leukos,'), ...rest].join('\n'));
});

const counts = (page) => page.locator('#cohort-class-counts tbody td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.group, Number(td.dataset.n)])));

test('preview as read, then wbc mapped to "Leukos": the CLI\'s risk groups with --map', async () => {
  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  await page.setInputFiles('#cohort-file', leukos);
  await page.locator('#cohort-preview tbody tr').first().waitFor();
  await cohortQuiet(page);

  const preview = runCli(['preview', '--csv', leukos]);
  const shown = await page.locator('#cohort-preview tbody tr').evaluateAll((trs) => trs.map((r) => [...r.cells].map((c) => (c.dataset.missing ? null : c.textContent))));
  assert.deepEqual(shown, preview.rows.map((r) => [String(r.row), ...r.cells]));
  assert.match(await page.textContent('#cohort-preview-box summary'), /the first 10 of 651 rows/);

  const unmapped = runCli(['classify', '--csv', leukos, '--rows', 'none']).counts;
  const mapped = runCli(['classify', '--csv', leukos, '--rows', 'none', '--map', 'wbc=Leukos']).counts;
  assert.notDeepEqual(unmapped, mapped, 'the mapping matters for this file');
  const before = await counts(page);
  for (const [k, v] of Object.entries(before)) assert.equal(v, unmapped[k], k);

  await page.click('#cohort-mapping-editor > summary');
  // One table: each input with its column chooser, under a human name.
  assert.match(await page.textContent('#cohort-map-table tr[data-canonical="wbc"] th'), /White-cell count/);
  assert.equal(await page.isDisabled('#cohort-map-apply'), true, 'nothing to apply before a change');
  await page.selectOption('#cohort-map-wbc', 'Leukos');
  await page.click('#cohort-map-apply');
  await page.locator('#cohort-map-box[data-map=\'["wbc=Leukos"]\']').waitFor();
  await cohortQuiet(page);
  const after = await counts(page);
  for (const [k, v] of Object.entries(mapped)) assert.equal(after[k], v, k);
  // The report's mapping table shows the choice, and the R code reads that column.
  const row = page.locator('#cohort-mapping tbody tr[data-canonical="wbc"]');
  assert.equal(await row.getAttribute('data-header'), 'Leukos');
  assert.match(await page.textContent('#cohort-rcode-km-efs pre'), /wbc = "Leukos"/);
  await page.locator('section[aria-labelledby="cohort-import-h"]').screenshot({ path: screenshotPath('cohort-import-mapping.png') });

  // The mapping is part of the saved settings: a fresh page with the same file and those
  // settings has it in force again.
  const saved = join(suite.tmp, 'settings.json');
  writeFileSync(saved, readFileSync(await (await downloadFrom(page, '#cohort-settings-save')).path()));
  assert.deepEqual(JSON.parse(readFileSync(saved, 'utf8')).settings.column_map, ['wbc=Leukos']);
  {
    const fresh = await openPage(suite.browser);
    await fresh.page.click('#tab-cohort');
    await fresh.page.setInputFiles('#cohort-file', leukos);
    await fresh.page.locator('#cohort-preview').waitFor();
    await cohortQuiet(fresh.page);
    await fresh.page.setInputFiles('#cohort-settings-file', saved);
    await fresh.page.locator('#cohort-map-box[data-map=\'["wbc=Leukos"]\']').waitFor();
    await fresh.page.locator('#cohort-analyse-message', { hasText: 'Settings loaded from settings.json' }).waitFor();
    await cohortQuiet(fresh.page);
    assert.deepEqual(await counts(fresh.page), after);
    assertClean(fresh.rec);
    await fresh.context.close();
  }

  // Unmapping an input (column "(none)") is a change too: wbc unknown again, as with --map wbc=.
  await page.selectOption('#cohort-map-wbc', '');
  await page.click('#cohort-map-apply');
  await page.locator('#cohort-map-box[data-map=\'["wbc="]\']').waitFor();
  await cohortQuiet(page);
  const none = runCli(['classify', '--csv', leukos, '--rows', 'none', '--map', 'wbc=']).counts;
  const shownNone = await counts(page);
  for (const [k, v] of Object.entries(none)) assert.equal(shownNone[k], v, k);
  assert.equal(await page.locator('#cohort-mapping tbody tr[data-canonical="wbc"]').count(), 0);
  // And back to the automatic mapping.
  await page.click('#cohort-map-reset');
  await page.locator('#cohort-map-box[data-map="[]"]').waitFor();
  await cohortQuiet(page);
  assert.deepEqual(await counts(page), before);
  assertClean(rec);
  await context.close();
});

test('a table pasted from a spreadsheet (tab-separated) is read like a file', async () => {
  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  const lines = readFileSync(lungCsv, 'utf8').trim().split('\n').slice(0, 21);
  const tsv = lines.map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')).join('\t')).join('\n');
  await page.click('#cohort-paste-panel > summary');
  await page.click('#cohort-paste-read');
  await page.locator('#cohort-message.error', { hasText: 'Nothing to read' }).waitFor();
  await page.fill('#cohort-paste', tsv);
  await page.click('#cohort-paste-read');
  await page.locator('#cohort-import-report[data-file="pasted table"][data-n-rows="20"][data-n-columns="10"]').waitFor();
  assert.equal(await page.getAttribute('#cohort-import-report', 'data-delimiter'), '\t');
  // The preview comes with the first screen's analysis, after the report.
  await page.locator('#cohort-preview tbody tr').nth(9).waitFor();
  assert.equal(await page.locator('#cohort-preview tbody tr').count(), 10);
  assertClean(rec);
  await context.close();
});
