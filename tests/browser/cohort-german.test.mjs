// A German registry export (semicolon, decimal comma, DD.MM.YYYY dates, German headers, German
// event words, Windows-1252) read, mapped and recoded in the page - no file edited outside it -
// to the numbers the CLI gives with --map and --recode. Then: the reading options as controls
// (ISO-only dates make the date columns unread, and the page says why beside the control), and
// re-importing the same file keeps the mapping and recoding and says so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, before } from 'node:test';
import { assertClean, demoSuite, downloadFrom, openPage, cohortQuiet, runCli } from './cohort-helpers.mjs';
import { screenshotPath } from './harness.mjs';

const suite = demoSuite('infant-all-german-');
let german;

const HEADERS = {
  patient_id: 'Patienten-ID', dob: 'Geburtsdatum', diagnosis_date: 'Diagnosedatum', sex: 'Geschlecht', kmt2a_status: 'KMT2A',
  kmt2a_partner: 'KMT2A-Partner', wbc: 'Leukozyten (G/L)', wbc_unit: 'Einheit', pred_response: 'Prednison-Ansprechen',
  immunophenotype: 'Immunphänotyp', cd10: 'CD10', cns_status: 'ZNS', study_group: 'Studiengruppe', event_type: 'Ereignis',
  event_date: 'Ereignisdatum', death_date: 'Todesdatum', last_followup_date: 'Letzte Nachsorge', eoi_date: 'Ende Induktion',
  hsct_date: 'SZT-Datum',
};
const EVENTS = { none: 'kein Ereignis', relapse: 'Rezidiv', death_in_cr: 'Tod in CR', induction_death: 'Tod in Induktion', resistance: 'Nonresponse', smn: 'Zweitmalignom' };
// The inputs the automatic mapping does not find under German names (dob, KMT2A, WBC and CD10 it does).
const MAP = ['patient_id', 'diagnosis_date', 'sex', 'wbc_unit', 'pred_response', 'immunophenotype', 'cns_status',
  'event_type', 'event_date', 'death_date', 'last_followup_date', 'eoi_date'];

// The demo cohort as a German registry would export it.
function germanExport(csv) {
  const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
  const quote = (v) => (/[;"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const out = [head.map((h) => HEADERS[h] || h).join(';')];
  for (const r of rows) {
    out.push(r.map((v, i) => {
      const h = head[i];
      if ((h === 'dob' || h.endsWith('_date')) && v) { const [y, m, d] = v.split('-'); return `${d}.${m}.${y}`; }
      if (h === 'event_type') return EVENTS[v] ?? v;
      if (h === 'wbc') return v.replace('.', ',');
      return quote(v);
    }).join(';'));
  }
  return Buffer.from(`${out.join('\r\n')}\r\n`, 'latin1');
}

before(() => {
  german = join(suite.tmp, 'register-export.csv');
  writeFileSync(german, germanExport(readFileSync(suite.demo, 'utf8')));
});

const counts = (page) => page.locator('#cohort-class-counts tbody td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.group, Number(td.dataset.n)])));

test('a German export mapped and recoded in the page gives the CLI\'s numbers with --map and --recode', async () => {
  const { context, rec, page } = await openPage(suite.browser);
  await page.click('#tab-cohort');
  await page.setInputFiles('#cohort-file', german);
  await page.locator('#cohort-read-options').waitFor();
  await cohortQuiet(page);

  // Read as the file means it: the controls show what was sniffed, every date column day-first.
  assert.equal(await page.inputValue('#cohort-read-delimiter'), ';');
  assert.equal(await page.inputValue('#cohort-read-decimal'), ',');
  assert.equal(await page.inputValue('#cohort-read-dates'), 'auto');
  const orders = await page.locator('#cohort-date-orders li[data-date-order]').evaluateAll((li) => li.map((x) => [x.dataset.column, x.dataset.dateOrder]));
  const table = runCli(['preview', '--csv', german, '--rows', '0']);
  assert.ok(orders.length >= 5, `date columns read day-first: ${JSON.stringify(orders)}`);
  for (const [, o] of orders) assert.equal(o, 'dmy');
  assert.ok(orders.some(([c]) => c === 'Diagnosedatum'));
  assert.equal(Number(await page.getAttribute('#cohort-import-report', 'data-n-misfits')), 0, 'no cell unread');
  assert.equal(table.n_rows, 651);

  // Map the twelve inputs in the one table (human names, a chooser each), then apply once.
  await page.click('#cohort-mapping-editor > summary');
  for (const c of MAP) await page.selectOption(`#cohort-map-${c}`, HEADERS[c]);
  await page.click('#cohort-map-apply');
  const mapArgs = MAP.map((c) => `${c}=${HEADERS[c]}`);
  await page.waitForFunction((n) => JSON.parse(document.getElementById('cohort-map-box').dataset.map || '[]').length === n, mapArgs.length);
  assert.deepEqual(JSON.parse(await page.getAttribute('#cohort-map-box', 'data-map')).sort(), [...mapArgs].sort());
  await cohortQuiet(page);

  // The event words are not read until recoded: the recoding table says so, per value.
  const ev = page.locator('.recode-table[data-canonical="event_type"]');
  assert.equal(Number(await ev.getAttribute('data-n-invalid')), 651);
  for (const [meaning, word] of Object.entries(EVENTS)) {
    const row = ev.locator(`tr[data-value="${word}"]`);
    assert.equal(await row.getAttribute('data-status'), 'invalid', word);
    await row.locator('select').selectOption(meaning);
  }
  await page.click('#cohort-recode-apply');
  const recode = Object.entries(EVENTS).map(([meaning, word]) => `event_type:${word}=${meaning}`);
  await page.locator('.recode-table[data-canonical="event_type"][data-n-invalid="0"]').waitFor();
  await page.locator('#cohort-logrank-efs').waitFor();
  await cohortQuiet(page);

  const args = ['--csv', german, ...mapArgs.flatMap((m) => ['--map', m]), ...recode.flatMap((r) => ['--recode', r])];
  const cls = runCli(['classify', ...args, '--rows', 'none']);
  assert.deepEqual(await counts(page), cls.counts);
  // The demo's own numbers: nothing was lost in translation.
  assert.deepEqual(cls.counts, runCli(['classify', '--csv', suite.demo, '--rows', 'none']).counts);
  // In the page's order of the groups, lowest risk first (as --risk-order gives them).
  const lr = runCli(['logrank', ...args, '--endpoint', 'efs', '--group', 'risk_group', '--levels', 'LR,MR,HR']);
  assert.equal(Number(await page.getAttribute('#cohort-logrank-efs', 'data-p')), lr.p);
  assert.equal(Number(await page.getAttribute('#cohort-logrank-efs', 'data-chisq')), lr.chisq);
  assert.doesNotMatch(await page.textContent('#cohort-mapping-editor'), /\bnull\b/);
  await page.locator('section[aria-labelledby="cohort-import-h"]').screenshot({ path: screenshotPath('cohort-german-import.png') });
  await page.locator('#cohort-recode').screenshot({ path: screenshotPath('cohort-german-recode.png') });

  // Tables download in the file's own dialect: semicolons and decimal commas.
  const dl = await downloadFrom(page, '#cohort-export-surv-at-efs');
  const csv = readFileSync(await dl.path(), 'utf8').split('\r\n');
  assert.match(csv[0], /^group;time_years;n_risk;surv;std_err;lower;upper$/);
  assert.match(csv[1], /;0,\d+;/, `decimal comma: ${csv[1]}`);

  // The R code reads the file as the page did: semicolons, decimal comma, day-first dates, the
  // recoded event words.
  const r = await page.textContent('#cohort-rcode-km-efs pre');
  assert.match(r, /sep = ";"/);
  assert.match(r, /dec = ","/);
  assert.match(r, /"Diagnosedatum" = "dmy"/);
  assert.match(r, /"rezidiv" = "relapse"/);

  // With R at hand (INFANT_ALL_R=1, as for tests/browser/cohort-rcode.test.mjs), the script itself,
  // run beside the file and the page's risk groups, gives the page's log-rank p.
  if (process.env.INFANT_ALL_R === '1') {
    const dir = mkdtempSync(join(suite.tmp, 'r-'));
    copyFileSync(german, join(dir, 'register-export.csv'));
    const rg = await downloadFrom(page, '#cohort-class-export-csv');
    writeFileSync(join(dir, rg.suggestedFilename()), readFileSync(await rg.path()));
    writeFileSync(join(dir, 'km.R'), `${r}\ncat("\\n", sprintf("%.12g", pchisq(lr$chisq, 2, lower.tail = FALSE)), "\\n")\n`);
    const out = execFileSync('Rscript', ['km.R'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
    assert.ok(Math.abs(Number(out) / lr.p - 1) < 1e-9, `R: ${out}, page: ${lr.p}`);
  }

  // The same file again (a corrected export): mapping and recoding kept, and said.
  await page.setInputFiles('#cohort-file', german);
  await page.locator('#cohort-map-kept').waitFor();
  assert.match(await page.textContent('#cohort-map-kept'), /Kept your column mapping \(12\) and recoding \(6\)/);
  await cohortQuiet(page);
  assert.deepEqual(await counts(page), cls.counts);

  // Dates as YYYY-MM-DD only: read again, the date columns are unread, and the page says why
  // next to the control; back to automatic restores them.
  await page.click('#cohort-read-options > summary');
  await page.selectOption('#cohort-read-dates', 'iso');
  await page.click('#cohort-read-apply');
  await page.locator('#cohort-read-message.ok').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cohort-read-message');
  await cohortQuiet(page);
  const iso = runCli(['preview', '--csv', german, '--date-format', 'iso', '--rows', '0']);
  assert.ok(Number(await page.getAttribute('#cohort-import-report', 'data-n-misfits')) > 0);
  const reason = await page.locator('#cohort-misfit-columns tbody tr').first().getAttribute('data-reason');
  assert.match(reason, /date_format is iso/);
  assert.equal(iso.n_rows, 651);
  // The long list of unread cells is collapsed behind its count.
  assert.equal(await page.locator('#cohort-misfits').isVisible(), false);
  // (The panel stays open after a read it asked for.)
  await page.selectOption('#cohort-read-dates', 'auto');
  await page.click('#cohort-read-apply');
  await page.locator('#cohort-read-message.ok').waitFor();
  await cohortQuiet(page);
  assert.equal(Number(await page.getAttribute('#cohort-import-report', 'data-n-misfits')), 0);
  assertClean(rec);
  await context.close();
});
