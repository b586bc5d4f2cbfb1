// The analyze command (the page's full cohort analysis) gives, part by part, exactly what the separate
// commands give on the same file: sharing one classification and one endpoint derivation must
// not change a number. Native and the WASM build under node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'infant-all-analyze-'));
const csv = join(dir, 'cohort.csv');
execFileSync(process.execPath, [join(root, 'scripts/make-bench-cohort.mjs'), '3000', csv]);
after(() => rmSync(dir, { recursive: true, force: true }));

const json = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

for (const which of ['native', 'wasm']) {
  test(`${which}: analyze = km, logrank, cuminc and cox run one by one`, () => {
    const common = ['--csv', csv, '--time-unit', 'years'];
    const all = json(which, ['analyze', ...common, '--times', '1,3,6']);
    for (const part of ['classify', 'endpoints', 'km_efs', 'km_os', 'logrank_efs', 'cuminc_cir',
      'cox_efs', 'read_file', 'parse']) {
      assert.ok(all.timings_ms[part] >= 0, `timing of ${part}`);
    }
    const byGroup = [...common, '--group', 'risk_group'];
    assert.deepEqual(all.km_efs, json(which, ['km', ...byGroup, '--endpoint', 'efs',
      '--times', '1,3,6']));
    assert.deepEqual(all.km_os, json(which, ['km', ...byGroup, '--endpoint', 'os',
      '--times', '1,3,6']));
    assert.deepEqual(all.logrank_efs, json(which, ['logrank', ...byGroup, '--endpoint', 'efs']));
    assert.deepEqual(all.cuminc_cir, json(which, ['cuminc', ...byGroup, '--endpoint', 'cir',
      '--times', '1,3,6']));
    assert.deepEqual(all.cox_efs, json(which, ['cox', ...common, '--endpoint', 'efs',
      '--covariates', 'wbc,age_days,sex,pred_response,cns_status,cd10']));
    // The three risk groups of the synthetic model are all there.
    assert.deepEqual(all.km_efs.curves.map((c) => c.group).sort(), ['HR', 'LR', 'MR']);
  });
}

// A file without dates: analyze takes the columns (R's Surv(time, event) / cuminc(time, status))
// and its parts are again exactly the commands run one by one. The same cohort with its endpoint
// columns written out by `km --endpoint` is not needed: the cohort's own numeric columns serve
// (time = age_days as a stand-in follow-up, event = whether wbc >= 50, status from sex).
const plain = join(dir, 'plain.csv');
const cohortLines = readFileSync(csv, 'utf8').trim().split('\n');
const head = cohortLines[0].split(',');
const at = (name) => head.indexOf(name);
writeFileSync(plain, ['time,event,cause,group,wbc', ...cohortLines.slice(1).map((line) => {
  const f = line.split(',');
  const wbc = Number(f[at('wbc')]);
  const event = wbc >= 50 ? 1 : 0;
  const cause = event ? (f[at('sex')] === 'M' ? 1 : 2) : 0;
  return [f[at('age_days')], event, cause, f[at('cns_status')], f[at('wbc')]].join(',');
})].join('\n') + '\n');

// The cohort without its age_days column (Cox derives it from dob and diagnosis_date), and with
// it replaced by the days between those dates computed here (blank where either is blank; the
// synthetic registry's own age_days has missing values of its own).
const noAge = join(dir, 'no-age.csv');
const withAge = join(dir, 'with-age.csv');
const days = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
writeFileSync(noAge, cohortLines.map((line) => {
  const f = line.split(',');
  f.splice(at('age_days'), 1);
  return f.join(',');
}).join('\n') + '\n');
writeFileSync(withAge, cohortLines.map((line, i) => {
  const f = line.split(',');
  const dob = f[at('dob')], dx = f[at('diagnosis_date')];
  if (i > 0) f[at('age_days')] = dob && dx ? String(days(dx) - days(dob)) : '';
  return f.join(',');
}).join('\n') + '\n');

for (const which of ['native', 'wasm']) {
  test(`${which}: analyze of a file without dates = km, logrank, cox and cuminc of its columns`, () => {
    const cols = ['--csv', plain, '--time', 'time'];
    const all = json(which, ['analyze', ...cols, '--event', 'event', '--status', 'cause',
      '--group', 'group', '--covariates', 'wbc,group', '--times', '100,200']);
    assert.deepEqual(Object.keys(all).filter((k) => k !== 'timings_ms' && k !== 'n_rows').sort(),
      ['cox', 'cuminc', 'km', 'logrank']);
    assert.equal(all.timings_ms.endpoints, undefined, 'no endpoints derived');
    assert.deepEqual(all.km, json(which, ['km', ...cols, '--event', 'event', '--group', 'group',
      '--times', '100,200']));
    assert.deepEqual(all.logrank, json(which, ['logrank', ...cols, '--event', 'event',
      '--group', 'group']));
    assert.deepEqual(all.cox, json(which, ['cox', ...cols, '--event', 'event',
      '--covariates', 'wbc,group']));
    assert.deepEqual(all.cuminc, json(which, ['cuminc', ...cols, '--status', 'cause',
      '--group', 'group', '--times', '100,200']));
    // Without --group: one curve, no log-rank; without --covariates: no Cox.
    const one = json(which, ['analyze', ...cols, '--event', 'event']);
    assert.deepEqual(Object.keys(one).filter((k) => k !== 'timings_ms' && k !== 'n_rows'), ['km']);
    assert.equal(one.km.curves.length, 1);
    // --time alone says what it needs.
    const bad = runCli(which, ['analyze', ...cols]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--time needs --event .* and\/or --status/);
  });

  test(`${which}: Cox takes age_days derived from dob and diagnosis_date when the file has no such column`, () => {
    const derived = json(which, ['cox', '--csv', noAge, '--endpoint', 'efs',
      '--covariates', 'age_days,wbc']);
    const given = json(which, ['cox', '--csv', withAge, '--endpoint', 'efs',
      '--covariates', 'age_days,wbc']);
    assert.deepEqual(derived.terms, given.terms);
    assert.equal(derived.terms[0].name, 'age_days');
    const bad = runCli(which, ['cox', '--csv', plain, '--time', 'time', '--event', 'event',
      '--covariates', 'age_days']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /no age_days column, and no dob and diagnosis_date/);
  });
}
