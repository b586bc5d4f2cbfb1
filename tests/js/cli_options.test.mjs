// CSV options of every subcommand: --allow-thousands, --excel-serial-dates, and the
// header "Age (days)" mapped by its unit. Expected values are worked out by hand beside each
// check; both the native CLI and its WASM build under node must give them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const csv = (name) => join(root, 'tests/data/csv', name);

for (const which of ['native', 'wasm']) {
  test(`${which}: thousands separators are listed, or read with --allow-thousands`, () => {
    const plain = JSON.parse(runCli(which, ['validate', '--csv', csv('thousands.csv')]).stdout);
    assert.equal(plain.table.n_misfits, 2);
    assert.match(plain.table.misfits[0].reason, /--allow-thousands/);
    const allowed = JSON.parse(
      runCli(which, ['validate', '--csv', csv('thousands.csv'), '--allow-thousands']).stdout);
    assert.equal(allowed.table.n_misfits, 0);
    assert.equal(allowed.table.columns[1].n_missing, 0);
  });

  test(`${which}: Excel serial dates need --excel-serial-dates, then give EFS in days`, () => {
    const args = ['km', '--csv', csv('excel_serial_dates.csv'), '--endpoint', 'efs',
      '--time-unit', 'days'];
    const refused = runCli(which, args);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /row 1 column 'diagnosis_date' value '43831'.*--excel-serial-dates/);
    const out = JSON.parse(runCli(which, [...args, '--excel-serial-dates']).stdout);
    // Serial 43831 = 2020-01-01 (1899-12-30 + 43831 days, Excel's 1900 system). E3: 44100 - 44000
    // = 100 days to death in CR; E1: 44197 - 43831 = 366 days to relapse; E2: censored at
    // 44561 - 43900 = 661 days.
    assert.deepEqual(out.curves[0].time, [100, 366, 661]);
    assert.deepEqual(out.curves[0].n_event, [1, 1, 0]);
  });

  test(`${which}: "Age (days)" maps to age_days by its unit`, () => {
    const out = JSON.parse(runCli(which, ['validate', '--csv', csv('units_in_header.csv')]).stdout);
    const age = out.mapping.matches.find((m) => m.canonical === 'age_days');
    assert.equal(age?.header, 'Age (days)');
    assert.equal(age?.matched_by, 'unit suffix');
  });
}

// The demo cohort (scripts/make-demo-cohort.mjs): the page's options for grouping by the
// classified risk group and ordering its curves, natively and in the WASM build.
const demo = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'infant-all-options-'));
  const file = join(dir, 'demo.csv');
  execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs'), file]);
  return file;
})();
const ok = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

for (const which of ['native', 'wasm']) {
  test(`${which}: --levels orders KM and CIR curves; a group left out is an error`, () => {
    const km = ok(which, ['km', '--csv', demo, '--endpoint', 'efs', '--group', 'risk_group',
      '--levels', 'LR,MR,HR']);
    assert.deepEqual(km.curves.map((c) => c.group), ['LR', 'MR', 'HR']);
    const plain = ok(which, ['km', '--csv', demo, '--endpoint', 'efs', '--group', 'risk_group']);
    assert.deepEqual(plain.curves.map((c) => c.group), ['HR', 'LR', 'MR']);  // R's factor order
    assert.deepEqual(km.curves[2], plain.curves[0]);  // same numbers, other place
    const ci = ok(which, ['cuminc', '--csv', demo, '--endpoint', 'cir', '--group', 'risk_group',
      '--levels', 'LR,MR,HR']);
    assert.deepEqual(ci.curves.map((c) => `${c.group} ${c.cause}`),
      ['LR relapse', 'MR relapse', 'HR relapse', 'LR competing', 'MR competing', 'HR competing']);
    const bad = runCli(which, ['km', '--csv', demo, '--endpoint', 'efs', '--group', 'risk_group',
      '--levels', 'LR,MR']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--levels .* misses 'HR'/);
  });

  test(`${which}: risk_group as a crosstab column and a Cox covariate`, () => {
    const counts = ok(which, ['classify', '--csv', demo, '--rows', 'none']).counts;
    assert.deepEqual(counts, { HR: 164, LR: 167, MR: 320 });  // the generator's targets
    const tab = ok(which, ['crosstab', '--csv', demo, '--row', 'sex', '--col', 'risk_group']);
    assert.deepEqual(tab.col_levels, ['HR', 'LR', 'MR']);
    const colSums = tab.col_levels.map((_, j) => tab.counts.reduce((a, row) => a + row[j], 0));
    assert.deepEqual(colSums, [164, 167, 320]);
    // The engine's margins and column percentages (what the page's Table 1 prints).
    assert.deepEqual(tab.col_totals, colSums);
    assert.equal(tab.total, 651 - tab.n_excluded);
    tab.counts.forEach((row, i) => row.forEach((n, j) =>
      assert.ok(Math.abs(tab.col_percent[i][j] - 100 * n / colSums[j]) < 1e-12, `col_percent[${i}][${j}]`)));
    // --protocol picks the classifier for risk_group (MLL-10 has other groups than Interfant-06).
    const mll = ok(which, ['crosstab', '--csv', demo, '--row', 'sex', '--col', 'risk_group', '--protocol', 'mll10']);
    const mllCounts = ok(which, ['classify', '--csv', demo, '--protocol', 'mll10', '--rows', 'none']).counts;
    assert.deepEqual(mll.col_levels, Object.keys(mllCounts).filter((k) => !['indeterminate', 'invalid', 'not_applicable'].includes(k)).sort());
    mll.col_levels.forEach((g, j) => assert.equal(mll.col_totals[j], mllCounts[g], g));
    const cox = ok(which, ['cox', '--csv', demo, '--endpoint', 'efs', '--covariates',
      'risk_group:LR']);
    assert.deepEqual(cox.terms.map((t) => t.name), ['risk_groupHR', 'risk_groupMR']);
    assert.equal(cox.status, 'converged');
    assert.ok(cox.terms[0].hr > cox.terms[1].hr && cox.terms[1].hr > 1);  // HR worse than MR
  });

  test(`${which}: preview shows the first rows as read, by file row; validate lists the inputs a column can map to`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-preview-'));
    const file = join(dir, 'p.csv');
    // Row 2 is ragged (left out of the table), so the preview's second row is file data row 3;
    // the date is day-month-year, shown as the ISO date it was read as.
    writeFileSync(file, 'id,diagnosis,wbc\nA,03/04/2020,12.5\nB,x\nC,,7\nD,05/06/2021,1\n');
    const p = ok(which, ['preview', '--csv', file, '--date-format', 'dmy', '--rows', '2']);
    assert.deepEqual(p.columns, ['id', 'diagnosis', 'wbc']);
    assert.equal(p.n_rows, 3);
    assert.deepEqual(p.rows, [{ row: 1, cells: ['A', '2020-04-03', '12.5'] }, { row: 3, cells: ['C', null, '7'] }]);
    const bad = runCli(which, ['preview', '--csv', file, '--rows', '2000']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--rows must be a whole number from 0 to 1000 \(got 2000\)/);
    // A --map that cannot be applied is an error in validate too, not a report without it.
    for (const [m, msg] of [['wbc=Nope', /no column 'Nope' in the file/], ['nope=sex', /'nope' is not a canonical column name/]]) {
      const r = runCli(which, ['validate', '--csv', demo, '--map', m]);
      assert.notEqual(r.status, 0, m);
      assert.match(r.stderr, msg);
    }
    const inputs = ok(which, ['validate', '--csv', demo]).mapping.canonical_inputs;
    for (const name of ['wbc', 'diagnosis_date', 'pred_response', 'event_type']) assert.ok(inputs.includes(name), name);
  });

  test(`${which}: a time column with a word among numbers, and a status of 3, are named by row`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-messy-'));
    const file = join(dir, 'messy.csv');
    writeFileSync(file, 'time,status\n5,1\nfive,0\n7,3\n8,0\nsix,1\n');
    const r = runCli(which, ['km', '--csv', file, '--time', 'time', '--event', 'status']);
    assert.notEqual(r.status, 0);
    // The first cell that is not a number (not the first cell), and how many there are.
    assert.match(r.stderr, /--time: column 'time' holds text, expected numbers \(data row 2 \(file line 3\): 'five'; 2 cells are not numbers\)/);
    writeFileSync(file, 'time,status\n5,1\n6,0\n7,3\n');
    const s = runCli(which, ['km', '--csv', file, '--time', 'time', '--event', 'status']);
    assert.notEqual(s.status, 0);
    assert.match(s.stderr, /--event: column 'status' \(data row 3 \(file line 4\)\): decode_event_status: status\[3\] is 3/);
    // An estimator's own error ("time[k]") is placed in the file too; the ragged row 2 is not
    // in the table, so the table's second row is data row 3, file line 4.
    writeFileSync(file, 'time,status,g\n5,1,a\n6,0\n-2,0,b\n7,1,a\n');
    for (const cmd of [['km'], ['logrank', '--group', 'g'], ['cox', '--covariates', 'g']]) {
      const n = runCli(which, [cmd[0], '--csv', file, '--time', 'time', '--event', 'status', ...cmd.slice(1)]);
      assert.notEqual(n.status, 0, cmd[0]);
      assert.match(n.stderr, /time\[2\] is negative \(-2\) - data row 3 \(file line 4\)/, cmd[0]);
    }
    const ci = runCli(which, ['cuminc', '--csv', file, '--time', 'time', '--status', 'status']);
    assert.match(ci.stderr, /time\[2\] is negative \(-2\) - data row 3 \(file line 4\)/);
  });

  test(`${which}: an estimator's error names the argument and the file row of its row k`, () => {
    // The estimators number the rows they are given (Status::row); the contract turns that into
    // the file's data row and line, which differ here: data row 2 is ragged (not in the table),
    // data row 3's quoted note spans two lines. Data row 5 (file line 7) is the table's and the
    // estimators' row 4.
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-located-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, 'time,status,g,note\n5,1,a,x\n6,0\n4,1,b,"two\nlines"\n3,0,a,y\n' +
      '-2,0,b,z\n7,1,a,w\n');
    const at = / - data row 5 \(file line 7\)$/;
    for (const [cmd, fn] of [[['km'], 'kaplan_meier'], [['logrank', '--group', 'g'], 'log_rank'],
      [['cox', '--covariates', 'g'], 'cox_ph']]) {
      const r = runCli(which, [cmd[0], '--csv', file, '--time', 'time', '--event', 'status',
        ...cmd.slice(1)]);
      assert.notEqual(r.status, 0, cmd[0]);
      const line = r.stderr.trim();
      assert.ok(line.includes(`${fn}: time[4] is negative (-2)`), line);
      assert.match(line, at, cmd[0]);
    }
    let r = runCli(which, ['cuminc', '--csv', file, '--time', 'time', '--status', 'status']);
    assert.match(r.stderr.trim(), /cumulative_incidence: time\[4\] is negative \(-2\) - data row 5 \(file line 7\)$/);
    // The argument at fault is the status column: a cause code of -2 in data row 6 (line 8).
    writeFileSync(file, 'time,status,g,note\n5,1,a,x\n6,0\n4,1,b,"two\nlines"\n3,0,a,y\n' +
      '2,0,b,z\n7,-2,a,w\n');
    r = runCli(which, ['cuminc', '--csv', file, '--time', 'time', '--status', 'status']);
    assert.match(r.stderr.trim(), /cumulative_incidence: status\[5\] is negative \(-2\) and not the censoring value 0 - data row 6 \(file line 8\)$/);

    // An endpoint passes only the rows it could derive: estimator row k is then neither table
    // row k nor data row k. Here data row 2 is ragged and data row 3 has no efs_status, so data
    // row 5 (file line 6) is the estimators' row 3, and data row 6 (file line 7) their row 4.
    writeFileSync(file, 'patient_id,efs_time,efs_status,g,entry\nA,5,1,a,0\nB,6\nC,6,,b,0\n' +
      'D,4,0,b,0\nE,7,1,a,30\nF,8,0,c,0\n');
    r = runCli(which, ['km', '--csv', file, '--endpoint', 'efs', '--time-unit', 'days', '--entry',
      'entry']);
    assert.match(r.stderr.trim(), /kaplan_meier: entry\[3\] \(30\) is not before time\[3\] \(7\) - data row 5 \(file line 6\)$/);
    // A label outside --levels: the group argument, at its row, now placed in the file too.
    r = runCli(which, ['logrank', '--csv', file, '--endpoint', 'efs', '--group', 'g', '--levels',
      'a,b']);
    assert.match(r.stderr.trim(), /log_rank: group\[4\] \("c"\) is not one of the given levels - data row 6 \(file line 7\)$/);
  });

  test(`${which}: km --entry with --endpoint reads an entry date on the endpoint's time scale`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-entry-'));
    const file = join(dir, 'entry.csv');
    // EFS from diagnosis (2020-01-01): A relapse day 10, entered day 0; B censored day 20,
    // entered day 5; C relapse day 15, entered day 12; D no entry date (missing: excluded).
    writeFileSync(file, 'patient_id,diagnosis_date,event_type,event_date,last_followup_date,' +
      'reg_date,reg_days\nA,2020-01-01,relapse,2020-01-11,,2020-01-01,0\n' +
      'B,2020-01-01,none,,2020-01-21,2020-01-06,5\nC,2020-01-01,relapse,2020-01-16,,2020-01-13,12\n' +
      'D,2020-01-01,none,,2020-01-31,,\n');
    // Hand count, at risk when entry < t <= time: day 10 {A, B} -> S = 1/2; day 15 {B, C} ->
    // S = 1/4; day 20 B censored. The same in years (the default unit): times / 365.25.
    for (const [unit, scale] of [['days', 1], ['years', 365.25]]) {
      for (const col of ['reg_date', 'reg_days']) {
        const args = ['km', '--csv', file, '--endpoint', 'efs', '--entry', col];
        if (unit === 'days') args.push('--time-unit', 'days');
        const out = JSON.parse(runCli(which, args).stdout);
        const c = out.curves[0];
        assert.deepEqual(c.time.map((t) => Math.round(t * scale * 1e9) / 1e9), [10, 15, 20], `${unit} ${col}`);
        assert.deepEqual(c.n_risk, [2, 2, 1]);
        assert.deepEqual(c.surv, [0.5, 0.25, 0.25]);
        assert.equal(out.n_excluded, 1);
      }
    }
    // A date that cannot be read is refused at its row, not dropped as missing.
    writeFileSync(file, 'patient_id,diagnosis_date,event_type,event_date,last_followup_date,' +
      'reg_date\nA,2020-01-01,relapse,2020-01-11,,2020-01-01\nB,2020-01-01,none,,2020-01-21,soon\n');
    const r = runCli(which, ['km', '--csv', file, '--endpoint', 'efs', '--entry', 'reg_date']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--entry with --endpoint: column 'reg_date' data row 2 \(file line 3\): 'soon' is not a date/);
  });

  test(`${which}: --subset COLUMN=VALUE analyses those rows, as R's subset() does`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-subset-'));
    const rows = [];
    for (let i = 0; i < 24; i++) {
      rows.push(`${1 + ((i * 7) % 13)},${i % 3 === 0 ? 0 : 1},${i % 3 === 1 ? 2 : i % 3},${'abc'[Math.floor(i / 2) % 3]},${'xy'[i % 2]}`);
    }
    const all = join(dir, 'all.csv'), only = join(dir, 'only.csv');
    writeFileSync(all, `time,status,cause,g,arm\n${rows.join('\n')}\n`);
    writeFileSync(only, `time,status,cause,g,arm\n${rows.filter((r) => r.split(',')[3] === 'b').join('\n')}\n`);
    const nb = rows.filter((r) => r.split(',')[3] === 'b').length;
    // The same analyses on the subset and on a file of only those rows agree exactly.
    for (const args of [['km', '--time', 'time', '--event', 'status', '--group', 'arm'],
      ['logrank', '--time', 'time', '--event', 'status', '--group', 'arm'],
      ['cuminc', '--time', 'time', '--status', 'cause', '--group', 'arm'],
      ['cox', '--time', 'time', '--event', 'status', '--covariates', 'arm']]) {
      const sub = JSON.parse(runCli(which, [args[0], '--csv', all, ...args.slice(1), '--subset', 'g=b']).stdout);
      const ref = JSON.parse(runCli(which, [args[0], '--csv', only, ...args.slice(1)]).stdout);
      assert.deepEqual(sub.subset, { column: 'g', value: 'b', n_in: nb, n_out: 24 - nb }, args[0]);
      for (const key of ['curves', 'chisq', 'terms', 'tests']) {
        if (key in ref) assert.deepEqual(sub[key], ref[key], `${args[0]} ${key}`);
      }
    }
    const bad = runCli(which, ['km', '--csv', all, '--time', 'time', '--event', 'status', '--subset', 'g=z']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--subset g=z: no row has that value \(values: a, b, c\)/);
  });

  test(`${which}: classify --rows unsettled lists only rows without a group; misfits are problems`, () => {
    const some = ok(which, ['classify', '--csv', demo, '--rows', 'unsettled']);
    assert.ok(some.rows.every((r) => r.status !== 'definite'));
    const total = Object.values(some.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, 651);
    // An impossible date is a misfit of the reader: classify reads the file's own text, lists
    // it as the row's problem and reports the row invalid (its age decides the group), instead
    // of passing it on silently as a missing date.
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-dates-'));
    const file = join(dir, 'dates.csv');
    writeFileSync(file, 'patient_id,diagnosis_date,age_days,kmt2a_status,wbc,pred_response\n' +
      'A,2021-02-29,100,rearranged,50,PGR\nB,2020-03-01,100,rearranged,50,PGR\n');
    const rows = ok(which, ['classify', '--csv', file]).rows;
    assert.deepEqual(rows[0].problems, [{ column: 'diagnosis_date', value: '2021-02-29',
      expected: 'a calendar date (this day does not exist)' }]);
    assert.equal(rows[0].status, 'invalid');
    assert.equal(rows[0].errors[0].field, 'diagnosis_date');
    assert.deepEqual(rows[1].problems, []);
    assert.equal(rows[1].status, 'definite');
  });
}
