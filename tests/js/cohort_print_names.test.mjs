// The page's export file names and the printed report's header lines, as plain functions (no
// DOM): web/cohort/cohort-export.js (fileStem, exportName) and web/cohort/cohort-print.js
// (printedAt, settingsLines). Expected values written by hand from the rules in those files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileStem, exportName, setExportCohort } from '../../web/cohort/cohort-export.js';
import { printedAt, settingsLines } from '../../web/cohort/cohort-print.js';

test('file stems: the cohort name without extension or note, safe for every file system', () => {
  const cases = [
    ['demo cohort (synthetic)', 'demo-cohort'], ['lung.csv', 'lung'], ['Register 2024 v2.tsv', 'Register-2024-v2'],
    ['pasted table', 'pasted-table'], ['a/b\\c:d.txt', 'a-b-c-d'], ['', 'cohort'], ['...', 'cohort'], ['Kohorte_Überleben.csv', 'Kohorte_Überleben'], ['__x__', 'x'],
  ];
  for (const [name, stem] of cases) assert.equal(fileStem(name), stem, name);
});

test('export names: cohort, endpoint and section; no stray separator without an endpoint', () => {
  setExportCohort('demo cohort (synthetic)');
  assert.equal(exportName('efs_km', 'csv'), 'demo-cohort_efs_km.csv');
  assert.equal(exportName('_km', 'svg'), 'demo-cohort_km.svg');
  assert.equal(exportName('_differences', 'csv'), 'demo-cohort_differences.csv');
  setExportCohort('lung.csv');
  assert.equal(exportName('cox-forest', 'png'), 'lung_cox-forest.png');
});

test('printed at: local date and time with the offset from UTC', () => {
  const d = new Date(2026, 11, 6, 9, 5);
  const text = printedAt(d);
  assert.match(text, /^2026-12-06 09:05 \(UTC[+−]\d\d:\d\d\)$/);
  const off = -d.getTimezoneOffset();
  assert.ok(text.endsWith(`${off < 0 ? '−' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')})`));
});

test('settings lines: what the drawn analysis used', () => {
  assert.deepEqual(settingsLines(null), [['Analysis', 'none drawn yet']]);
  const s = {
    endpoints: ['efs', 'os'], fromDates: true, group: 'risk_group', protocol: 'interfant06', protocolName: 'Interfant-06',
    risk: { name: 'Interfant-06' }, shown: 'years', colUnit: 'years', confLevel: 0.9, confType: 'log-log', strata: '',
  };
  assert.deepEqual(settingsLines(s), [
    ['Endpoint', 'EFS and OS (from the dates)'], ['Grouping', 'Interfant-06 risk group (classified)'], ['Protocol', 'Interfant-06'],
    ['Time unit', 'shown in years'], ['Confidence intervals', '90% pointwise, log-log transform']]);
  const cols = { ...s, endpoints: ['columns'], fromDates: false, time: 'time', event: 'status', eventValue: '', group: 'sex',
    protocol: null, risk: null, colUnit: 'days', shown: 'months', confLevel: 0.95, confType: 'log', strata: 'ph.ecog', strataName: 'ph.ecog' };
  assert.deepEqual(settingsLines(cols), [
    ['Endpoint', 'time and event columns (time “time”, event “status”)'], ['Grouping', 'sex'],
    ['Time unit', 'column in days, shown in months'], ['Confidence intervals', '95% pointwise, log transform'], ['Log-rank strata', 'ph.ecog']]);
});
