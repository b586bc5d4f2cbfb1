// The bad-input catalogue on the page (issues 6 and 9): every file in tests/data/csv/ loaded
// through the cohort tab's file input gives the same findings as `infant-all validate --csv FILE`
// (the refusal message for a refused file; rows read, columns and types, misfit cells, ragged
// rows, notes, duplicate headers, mapping, endpoints, excluded rows for a read one), read from
// the report's data-* attributes. A refused file leaves the previous cohort and its analysis in
// place and the page answers a click within a second. Then every invalid patient-form entry is
// explained next to its field, and every other field keeps its value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, record, requireBuilt, root, screenshotPath, singleFileUrl } from './harness.mjs';
import { analyseLungBySex } from './cohort-helpers.mjs';

const cli = process.env.INFANT_ALL_CLI || join(root, 'build/native-release/cli/infant-all');
const catalogueDir = join(root, 'tests/data/csv');
const lung = join(root, 'tests/data/r/lung.csv');
// Every catalogue file (the README describes them and is not one).
const catalogue = readdirSync(catalogueDir).filter((f) => f !== 'README.md').sort();

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

// `infant-all validate`: {refused: message} (exit 1, one line on stderr) or {json}.
function validate(file) {
  const path = join(catalogueDir, file);
  const r = spawnSync(cli, ['validate', '--csv', path], { encoding: 'utf8' });
  if (r.status === 0) return { json: JSON.parse(r.stdout) };
  assert.equal(r.status, 1, `${file}: validate exit code (stderr: ${r.stderr})`);
  const prefix = `infant-all validate: ${path}: `;
  assert.ok(r.stderr.startsWith(prefix), r.stderr);
  return { refused: r.stderr.slice(prefix.length).trim() };
}

async function openCohort(context) {
  const rec = await record(context, (u) => u === singleFileUrl || u.startsWith('blob:'));
  const page = rec.watch(await context.newPage());
  page.setDefaultTimeout(60000);
  await page.goto(singleFileUrl);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
  await page.click('#tab-cohort');
  return { rec, page };
}

// Loads a file and waits until the page has settled on it: refused (error message naming it) or
// read (report for it, message naming it, nothing busy).
async function loadFile(page, path) {
  const name = path.split('/').pop();
  await page.setInputFiles('#cohort-file', path);
  await page.waitForFunction((n) => {
    const msg = document.getElementById('cohort-message');
    const busy = document.getElementById('cohort-busy');
    if (msg.classList.contains('error') && msg.textContent.startsWith(`Could not read ${n}:`)) return true;
    return document.getElementById('cohort-import-report').dataset.file === n &&
      msg.textContent.includes(`Loaded ${n}`) && busy.hidden;
  }, name);
  return name;
}

const analyseLung = (page) => analyseLungBySex(page, { load: loadFile });

// A click on another control is answered within a second: switching to the other view and back.
async function assertResponsive(page, here = 'cohort') {
  const there = here === 'cohort' ? 'patient' : 'cohort';
  const t0 = Date.now();
  await page.click(`#tab-${there}`, { timeout: 1000 });
  await page.locator(`#${there}-view:not([hidden])`).waitFor({ timeout: 1000 });
  const ms = Date.now() - t0;
  await page.click(`#tab-${here}`);
  assert.ok(ms < 1000, `the page took ${ms} ms to answer a click`);
}

// Every row of a report table as its data-* record.
const records = (page, id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => ({ ...tr.dataset })));
const listed = (page, id) => page.$$eval(`#${id} li`, (lis) => lis.map((li) => li.dataset.text));
const str = (o, keys) => Object.fromEntries(keys.map((k) => [k, Array.isArray(o[k]) ? JSON.stringify(o[k]) : String(o[k])]));
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const pick = (recs, keys) => recs.map((r) => Object.fromEntries(keys.map((k) => [k, r[camel(k)]])));

async function assertSameReport(page, file, v) {
  const t = v.table;
  const rep = v.report;
  const ds = await page.$eval('#cohort-import-report', (n) => ({ ...n.dataset }));
  assert.equal(ds.file, file);
  assert.equal(Number(ds.rowsRead), rep.rows_read, `${file}: rows read`);
  assert.equal(Number(ds.nRows), t.n_rows, `${file}: rows in the table`);
  assert.equal(Number(ds.nMisfits), t.n_misfits, `${file}: misfit count`);
  assert.deepEqual([ds.encoding, ds.delimiter, ds.decimal], [t.encoding, t.delimiter, t.decimal], `${file}: dialect`);
  assert.deepEqual(JSON.parse(ds.duplicateHeaders), t.duplicate_headers, `${file}: duplicate headers`);

  const colKeys = ['name', 'type', 'n_missing', 'n_misfit'];
  assert.deepEqual(pick(await records(page, 'cohort-columns'), colKeys), t.columns.map((c) => str(c, colKeys)), `${file}: columns`);
  const misfitKeys = ['row', 'line', 'column', 'value', 'expected', 'reason'];
  assert.deepEqual(pick(await records(page, 'cohort-misfits'), misfitKeys), t.misfits.map((m) => str(m, misfitKeys)), `${file}: misfits`);
  const raggedKeys = ['row', 'line', 'expected', 'found'];
  assert.deepEqual(pick(await records(page, 'cohort-ragged'), raggedKeys), t.ragged_rows.map((r) => str(r, raggedKeys)), `${file}: ragged rows`);
  assert.deepEqual(await listed(page, 'cohort-notes'), t.notes, `${file}: notes`);

  const m = v.mapping;
  const matchKeys = ['canonical', 'header', 'unit', 'matched_by'];
  assert.deepEqual(pick(await records(page, 'cohort-mapping'), matchKeys), m.matches.map((x) => str(x, matchKeys)), `${file}: mapping`);
  assert.deepEqual(pick(await records(page, 'cohort-mapping-conflicts'), ['canonical', 'headers']),
    m.conflicts.map((x) => str(x, ['canonical', 'headers'])), `${file}: mapping conflicts`);
  assert.deepEqual(JSON.parse(await page.getAttribute('#cohort-mapping', 'data-unknown-columns')), m.unknown_columns, `${file}: unknown columns`);
  assert.deepEqual(await listed(page, 'cohort-mapping-notes'), m.notes, `${file}: mapping notes`);

  const epKeys = ['name', 'available', 'n_used', 'n_events', 'n_excluded', 'note'];
  assert.deepEqual(pick(await records(page, 'cohort-endpoints'), epKeys), v.endpoints.list.map((e) => str(e, epKeys)), `${file}: endpoints`);
  const exKeys = ['analysis', 'row', 'line', 'patient_id', 'reason'];
  assert.deepEqual(pick(await records(page, 'cohort-excluded'), exKeys), rep.excluded.map((x) => str(x, exKeys)), `${file}: excluded rows`);
  const coKeys = ['row', 'line', 'column', 'value', 'action'];
  assert.deepEqual(pick(await records(page, 'cohort-coerced'), coKeys), rep.coerced.map((x) => str(x, coKeys)), `${file}: coerced values`);
  const ids = await page.$eval('#cohort-duplicate-ids', (n) => n.dataset.ids).catch(() => '[]');
  assert.deepEqual(JSON.parse(ids), rep.duplicated_patient_ids, `${file}: duplicated patient IDs`);
  assert.deepEqual(await listed(page, 'cohort-report-summary'), rep.summary, `${file}: what to check`);
  assert.deepEqual(await listed(page, 'cohort-assumptions'), rep.assumptions, `${file}: assumptions`);
}

function assertClean(rec) {
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
}

test('the catalogue has its refused and its read files', () => {
  const outcomes = catalogue.map((f) => [f, Boolean(validate(f).refused)]);
  assert.ok(outcomes.filter(([, r]) => r).length >= 4, 'refused files in the catalogue');
  assert.ok(outcomes.filter(([, r]) => !r).length >= 15, 'read files in the catalogue');
});

test('a refused catalogue file: validate\'s message, the previous cohort and its analysis stay, the page answers', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const { rec, page } = await openCohort(context);
  await analyseLung(page);
  const p = await page.getAttribute('#cohort-logrank', 'data-p');
  let shot = false;
  for (const file of catalogue) {
    const v = validate(file);
    if (!v.refused) continue;
    await loadFile(page, join(catalogueDir, file));
    const text = await page.textContent('#cohort-message.error');
    // What and where (the engine's words, as the CLI prints them), and what the user still has.
    assert.equal(text, `Could not read ${file}: ${v.refused}. The previous cohort (lung.csv, 228 rows) is still loaded.`);
    assert.equal(await page.getAttribute('#cohort-import-report', 'data-file'), 'lung.csv', `${file}: lung's report stays`);
    assert.equal(await page.locator('#cohort-results').isVisible(), true, `${file}: the analysis stays`);
    assert.equal(await page.getAttribute('#cohort-logrank', 'data-p'), p);
    await assertResponsive(page);
    if (!shot) {
      await page.locator('#cohort-message').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('catalogue-refused.png') });
      shot = true;
    }
  }
  // The engine still holds lung: the analysis runs again with the same answer.
  await page.click('#cohort-analyse');
  await page.locator('#cohort-message.ok').waitFor();
  assert.equal(await page.getAttribute('#cohort-logrank', 'data-p'), p);
  await context.close();
  assertClean(rec);
});

test('every read catalogue file: the page\'s report is validate\'s report', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const { rec, page } = await openCohort(context);
  let n = 0;
  for (const file of catalogue) {
    const v = validate(file);
    if (v.refused) continue;
    await loadFile(page, join(catalogueDir, file));
    await assertSameReport(page, file, v.json);
    await assertResponsive(page);
    n += 1;
    if (file === 'german_excel.csv') {
      await page.evaluate(() => document.querySelectorAll('#cohort-import-report details').forEach((d) => { d.open = true; }));
      await page.locator('#cohort-import-report').screenshot({ path: screenshotPath('catalogue-german-excel-report.png') });
    }
  }
  assert.ok(n >= 15, `${n} read files compared`);
  await context.close();
  assertClean(rec);
});

test('findings name row, column, value and what was expected', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const { rec, page } = await openCohort(context);
  await loadFile(page, join(catalogueDir, 'mixed_dates.csv'));
  const cells = await page.$$eval('#cohort-misfits tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const v = validate('mixed_dates.csv').json;
  assert.equal(cells.length, v.table.misfits.length);
  v.table.misfits.forEach((m, i) => {
    assert.deepEqual(cells[i], [`${m.row} (file line ${m.line})`, m.column, m.value, m.expected, m.reason]);
  });
  await loadFile(page, join(catalogueDir, 'ragged.csv'));
  const ragged = await page.$$eval('#cohort-ragged tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(ragged, [['2 (file line 3)', '3', '2'], ['3 (file line 4)', '3', '4']]);
  await page.screenshot({ path: screenshotPath('catalogue-ragged.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});

// ---- the patient form ------------------------------------------------------------------------

// Interfant-06 Table 1 example (relative hazard 13.73), the base every invalid entry is typed into.
const BASE = {
  kmt2a_status: 'rearranged', kmt2a_partner: 't(4;11)', age_days: '100', wbc: '350',
  wbc_unit: 'x10^9/L', pred_response: 'PPR', immunophenotype: 'B', cd10: 'negative', sex: 'female',
};
const isoDaysFromToday = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

// Each invalid entry: the fields typed over BASE, the field whose message must appear, and what
// the message must say (the value, and what was expected).
const INVALID = [
  { what: 'negative age', set: { age_days: '-5' }, field: 'age_days', says: /-5 is negative/ },
  { what: 'diagnosis after today', set: { dob: isoDaysFromToday(-30), diagnosis_date: isoDaysFromToday(400), age_days: '' },
    field: 'diagnosis_date', says: /in the future \(today is \d{4}-\d\d-\d\d\)/ },
  { what: 'diagnosis before birth', set: { dob: '2021-03-01', diagnosis_date: '2021-01-01', age_days: '' },
    field: 'diagnosis_date', says: /2021-01-01 is before dob 2021-03-01/ },
  { what: 'negative WBC', set: { wbc: '-3' }, field: 'wbc', says: /-3 must be > 0/ },
  { what: 'non-numeric WBC', set: { wbc: 'abc' }, field: 'wbc',
    says: /“abc” is not understood here\. Expected a number/ },
  { what: 'absurd WBC', set: { wbc: '1e9' }, field: 'wbc', says: /> 3000 ×10⁹\/L \(the hard limit\); check the unit/ },
  { what: 'MRD above 1 as a fraction', set: { mrd_unit: 'fraction', mrd_eoi: '2' }, field: 'mrd_eoi', says: /2 is outside 0-1 \(a fraction\)/ },
  { what: 'MRD above 100%', set: { mrd_unit: 'percent', mrd_eoi: '150' }, field: 'mrd_eoi', says: /150 % is outside 0-100 %/ },
  { what: 'day-8 blasts over 100%', set: { pred_response: '', day8_wbc: '5', day8_wbc_unit: 'x10^9/L', day8_blast_pct: '150' },
    field: 'day8_blast_pct', says: /150 is outside 0 to 100/ },
  { what: 'negative day-8 blast count', set: { pred_response: '', day8_blasts_per_ul: '-4' }, field: 'day8_blasts_per_ul',
    says: /-4 is outside 0 to 3,000,000\/µL/ },
];

async function fillFields(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const sel = `#pf-${name}`;
    if (await page.$eval(sel, (n) => n.tagName) === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
}

const settled = (page) => page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });

async function formValues(page) {
  return page.$$eval('.pf-form input, .pf-form select', (ns) => Object.fromEntries(ns.map((n) => [n.name, n.value])));
}

test('every invalid patient entry is explained at its field and every other field keeps its value', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  const { rec, page } = await openCohort(context);
  await page.click('#tab-patient');
  for (const c of INVALID) {
    await page.click('#pv-clear');
    await fillFields(page, { ...BASE, ...c.set });
    await settled(page);
    const err = page.locator(`#pf-${c.field}-err`);
    await err.waitFor({ state: 'visible' });
    const text = await err.textContent();
    assert.match(text, c.says, `${c.what}: ${text}`);
    assert.equal(await page.getAttribute(`#pf-${c.field}`, 'aria-invalid'), 'true', c.what);
    // A value out of range, and text that cannot be read as a value at all, make the
    // classification invalid: an unreadable entry is never taken as unknown.
    const status = await page.getAttribute('#pv-result', 'data-status');
    assert.equal(status, 'invalid', c.what);
    // Every field keeps what was typed, the invalid one included.
    const values = await formValues(page);
    for (const [name, value] of Object.entries({ ...BASE, ...c.set })) {
      assert.equal(values[name], value, `${c.what}: ${name} kept`);
    }
    await assertResponsive(page, 'patient');
    if (c.field === 'wbc' && c.set.wbc === 'abc') {
      await page.screenshot({ path: screenshotPath('patient-invalid-wbc.png') });
    }
  }
  await context.close();
  assertClean(rec);
});

test('an impossible date (29 February 2021) typed into a date field is named, not silently dropped', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  const { rec, page } = await openCohort(context);
  await page.click('#tab-patient');
  await fillFields(page, { ...BASE, age_days: '' });
  await page.fill('#pf-diagnosis_date', '2021-06-01');
  // The browser's date field takes the keystrokes (month, day, year in en-US) but holds no value.
  await page.click('#pf-dob');
  await page.keyboard.type('02292021');
  await settled(page);
  assert.equal(await page.inputValue('#pf-dob'), '');
  const err = page.locator('#pf-dob-err');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /not a complete calendar date.*Expected day, month and year/i);
  assert.equal(await page.getAttribute('#pf-dob', 'aria-invalid'), 'true');
  assert.notEqual(await page.getAttribute('#pv-result', 'data-status'), 'definite');
  assert.equal(await page.inputValue('#pf-diagnosis_date'), '2021-06-01');
  assert.equal(await page.inputValue('#pf-wbc'), '350');
  await page.locator('#pf-dob').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('patient-impossible-date.png') });
  // A real date clears the message.
  await page.fill('#pf-dob', '2021-02-28');
  await settled(page);
  assert.equal(await err.isHidden(), true);
  await context.close();
  assertClean(rec);
});
