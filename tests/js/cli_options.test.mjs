// CSV options of every subcommand (issue 6): --allow-thousands, --excel-serial-dates, and the
// header "Age (days)" mapped by its unit. Expected values are worked out by hand beside each
// check; both the native CLI and its WASM build under node must give them.
import assert from 'node:assert/strict';
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
