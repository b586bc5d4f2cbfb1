// --recode and date_format auto through the CLI, native and WASM: a registry's own event words
// and KMT2A spellings recoded give the numbers of the same file in the vocabulary's words; a
// recode the engine cannot apply is an error naming it; a day-first date column is read so and
// says which date settled it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'infant-all-recode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Twelve infants (hand-made): dates ISO in one file, DD.MM.YYYY in the other (row 2's 23.05
// settles day-first), event words English vs German, KMT2A "rearranged" vs "posi".
const rows = [
  ['P1', '2020-01-03', 'relapse', '2020-06-01', '2021-01-01', 'rearranged'],
  ['P2', '2020-05-23', 'none', '', '2022-02-01', 'germline'],
  ['P3', '2020-02-04', 'death_in_cr', '2020-09-10', '2020-09-10', 'rearranged'],
  ['P4', '2020-03-05', 'none', '', '2021-11-11', 'rearranged'],
  ['P5', '2020-04-06', 'relapse', '2021-03-02', '2022-01-05', 'germline'],
  ['P6', '2020-06-07', 'none', '', '2022-06-07', 'rearranged'],
  ['P7', '2020-07-08', 'relapse', '2020-12-24', '2021-07-08', 'rearranged'],
  ['P8', '2020-08-09', 'none', '', '2021-08-09', 'germline'],
  ['P9', '2020-09-10', 'death_in_cr', '2021-01-10', '2021-01-10', 'rearranged'],
  ['P10', '2020-10-11', 'none', '', '2022-10-11', 'rearranged'],
  ['P11', '2020-11-12', 'relapse', '2021-05-12', '2022-05-12', 'germline'],
  ['P12', '2020-12-01', 'none', '', '2023-01-01', 'rearranged'],
];
const de = { relapse: 'Rezidiv', none: 'kein Ereignis', death_in_cr: 'Tod in CR', rearranged: 'posi' };
const dmy = (d) => (d ? d.split('-').reverse().join('.') : '');
const head = 'patient_id,diagnosis_date,event_type,event_date,last_followup_date,kmt2a_status';
const english = join(dir, 'english.csv');
const german = join(dir, 'german.csv');
writeFileSync(english, `${head}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
writeFileSync(german, `${head.replace(/,/g, ';')}\n${rows.map(([id, d, e, ed, l, k]) =>
  [id, dmy(d), de[e], dmy(ed), dmy(l), de[k] || k].join(';')).join('\n')}\n`);
const recode = ['event_type:Rezidiv=relapse', 'event_type:kein Ereignis=none', 'event_type:tod in cr=death_in_cr',
  'kmt2a_status:POSI=rearranged'].flatMap((r) => ['--recode', r]);

const json = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

for (const which of ['native', 'wasm']) {
  test(`${which}: recoded words and day-first dates give the vocabulary file's numbers`, () => {
    const km = (file, extra = []) => json(which, ['km', '--csv', file, '--endpoint', 'efs', '--time-unit', 'days', ...extra]);
    const want = km(english);
    const got = km(german, recode);
    assert.deepEqual(got.curves, want.curves);
    // Without the recodes every event word is unread: no row has an EFS.
    const v = json(which, ['validate', '--csv', german]);
    assert.equal(v.endpoints.list[0].n_used, 0);
    assert.match(v.endpoints.list[0].excluded[0].reason, /recode it: --recode event_type:/);
    const diag = v.table.columns.find((c) => c.name === 'diagnosis_date');
    assert.equal(diag.date_order, 'dmy');
    assert.ok(v.table.notes.some((n) => n.includes("'23.05.2020' on data row 2 can only be day-first")), v.table.notes.join('\n'));
    // The recoding table: counts per value, invalid until recoded.
    const ev = v.recoding.inputs.find((i) => i.canonical === 'event_type');
    assert.equal(ev.n_invalid, 12);
    assert.deepEqual(ev.values.map((x) => [x.value, x.n]), [['kein Ereignis', 6], ['Rezidiv', 4], ['Tod in CR', 2]]);
    const after = json(which, ['validate', '--csv', german, ...recode]).recoding;
    assert.equal(after.recodes.length, 4);
    assert.ok(after.inputs.every((i) => i.n_invalid === 0));
    // The risk groups see the recoded KMT2A.
    const cls = (file, extra = []) => json(which, ['classify', '--csv', file, '--rows', 'none', ...extra]).counts;
    assert.deepEqual(cls(german, recode), cls(english));
  });

  test(`${which}: a recode the engine cannot apply is an error naming it`, () => {
    for (const [bad, message] of [
      ['event_type:Rezidiv=Rückfall', /'Rückfall' is not a meaning: event_type reads none/],
      ['ereignis:Rezidiv=relapse', /'ereignis' is not a clinical input/],
      ['Rezidiv=relapse', /expected input:value=meaning/],
    ]) {
      const r = runCli(which, ['validate', '--csv', german, '--recode', bad]);
      assert.notEqual(r.status, 0, bad);
      assert.match(r.stderr, message);
    }
    const r = runCli(which, ['km', '--csv', german, '--endpoint', 'efs', '--date-format', 'dd.mm']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--date-format: dd\.mm not in \{auto,iso,dmy,mdy\}/);
  });
}
