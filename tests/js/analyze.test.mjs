// The analyze command (the page's full cohort analysis) gives, part by part, exactly what the separate
// commands give on the same file: sharing one classification and one endpoint derivation must
// not change a number. Native and the WASM build under node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadModule, root, runCli } from './helpers.mjs';

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

// analyze --parts: the page's first screen as one request. Each part must be exactly the JSON its
// command gives alone for the request analyze ran it with (echoed in `requests`): the same text,
// key order and numbers, on the WASM module the page uses. Native and WASM analyze agree too.
const FIRST_SCREEN = {
  preview: { command: 'preview', rows: 10 },
  classify: { command: 'classify', protocol: 'interfant06', rows: 'unsettled' },
  km_efs: { command: 'km', endpoint: 'efs', time_unit: 'years', induction_failure_time: '0', conf_type: 'log',
    conf_level: 0.95, group: 'risk_group', protocol: 'interfant06', times: [1, 3, 6], rmean: 6,
    axis_ticks: true, axis_scale: 1 },
  logrank_efs: { command: 'logrank', endpoint: 'efs', time_unit: 'years', induction_failure_time: '0',
    group: 'risk_group', protocol: 'interfant06' },
  logrank_strata_efs: { command: 'logrank', endpoint: 'efs', time_unit: 'years', induction_failure_time: '0',
    group: 'risk_group', protocol: 'interfant06', strata: 'sex' },
  km_os: { command: 'km', endpoint: 'os', time_unit: 'years', conf_type: 'log-log', group: 'risk_group',
    protocol: 'interfant06', times: [12, 36], axis_ticks: true, axis_scale: 12 },
  cuminc: { command: 'cuminc', endpoint: 'cir', time_unit: 'years', group: 'risk_group', protocol: 'interfant06',
    times: [1, 3, 6], conf_level: 0.95, axis_ticks: true, axis_scale: 1 },
  crosstab_0: { command: 'crosstab', row: 'sex', col: 'risk_group', protocol: 'interfant06' },
  crosstab_1: { command: 'crosstab', row: 'cns_status', col: 'risk_group', protocol: 'interfant06' },
  cox: { command: 'cox', endpoint: 'efs', time_unit: 'years', covariates: ['risk_group', 'wbc'], ties: 'efron',
    conf_level: 0.95, protocol: 'interfant06' },
  validate: { command: 'validate' },
};
const TODAY = '2026-12-01';

test('analyze --parts: every part = its command alone (same JSON text), one classification shared', async () => {
  const mod = await loadModule();
  assert.ok(JSON.parse(mod.loadCsv(new Uint8Array(readFileSync(csv)), '{}')).ok);
  const run = (request) => {
    const reply = JSON.parse(mod.runCommand(JSON.stringify(request)));
    assert.ok(reply.ok, reply.error);
    return reply.result;
  };
  const all = run({ command: 'analyze', risk_order: true, today: TODAY, parts: FIRST_SCREEN });
  assert.deepEqual(Object.keys(all.parts), Object.keys(FIRST_SCREEN));
  for (const [name, part] of Object.entries(all.parts)) {
    assert.equal(part.error, undefined, `${name}: ${part.error}`);
    const request = all.requests[name];
    assert.equal(request.today, TODAY, `${name} inherits today`);
    assert.equal(JSON.stringify(part), JSON.stringify(run(request)), `part ${name}`);
  }
  // risk_order: the groups lowest first, and the Cox risk group against the lowest.
  assert.deepEqual(all.requests.km_efs.levels, ['LR', 'MR', 'HR']);
  assert.deepEqual(all.parts.km_efs.curves.map((c) => c.group), ['LR', 'MR', 'HR']);
  assert.deepEqual(all.requests.cox.covariates, ['risk_group:LR', 'wbc']);
  // The other levels as R's factor() orders them (reference first, then HR, MR).
  assert.deepEqual(all.parts.cox.terms.slice(0, 2).map((t) => t.name), ['risk_groupHR', 'risk_groupMR']);
  // Without risk_order a request runs as written.
  const plain = run({ command: 'analyze', today: TODAY, parts: { km: FIRST_SCREEN.km_efs } });
  assert.equal(plain.requests.km.levels, undefined);
  assert.deepEqual(plain.parts.km.curves.map((c) => c.group), ['HR', 'LR', 'MR']);
  // A part that fails is reported in its place; the others stand.
  const mixed = run({ command: 'analyze', parts: { bad: { command: 'km', time: 'no_such_column', event: 'x' }, preview: FIRST_SCREEN.preview } });
  assert.match(mixed.parts.bad.error, /no_such_column/);
  assert.equal(mixed.parts.preview.rows.length, 10);
  // Requests that are not parts are refused as a whole.
  for (const parts of [[], {}, { a: { rows: 1 } }, { a: { command: 'analyze', parts: {} } }]) {
    const reply = JSON.parse(mod.runCommand(JSON.stringify({ command: 'analyze', parts })));
    assert.equal(reply.ok, false, JSON.stringify(parts));
  }
});

// Equal, numbers to a few ulps: a p-value from a distribution's tail goes through the C library,
// whose last bit can differ between native and WASM (tests/browser/cohort-demo.test.mjs). Far in
// the tail (p < 1e-10) an ulp of the statistic moves p by z² ulps (2.7e-48 at z = 14.6: ~200),
// so those compare on the log scale, as ENGINE.md compares p-values with R.
function sameJson(a, b, path) {
  if (typeof a === 'number' && typeof b === 'number') {
    const tiny = a > 0 && b > 0 && Math.max(a, b) < 1e-10;
    assert.ok(a === b || Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)) ||
      (tiny && Math.abs(Math.log(a) - Math.log(b)) <= 1e-12 * Math.abs(Math.log(b))), `${path}: ${a} vs ${b}`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a), Object.keys(b), path);
    for (const k of Object.keys(a)) sameJson(a[k], b[k], `${path}.${k}`);
  } else {
    assert.equal(a, b, path);
  }
}

test('analyze --parts: native and WASM give the same parts', () => {
  const args = ['analyze', '--csv', csv, '--risk-order', '--today', TODAY, '--parts', JSON.stringify(FIRST_SCREEN)];
  const native = json('native', args);
  const wasm = json('wasm', args);
  sameJson(native.parts, wasm.parts, 'parts');
  assert.equal(JSON.stringify(native.requests), JSON.stringify(wasm.requests));
  const bad = runCli('native', ['analyze', '--csv', csv, '--parts', '{not json']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--parts is not valid JSON/);
});

// The axis ticks moved from the page (d3's scaleLinear().nice(6).ticks(6) over the follow-up of
// an ungrouped Kaplan-Meier) into the engine: the same ticks for follow-ups of every size.
test('km --axis-ticks: the ticks d3 gave the page, over the ungrouped follow-up', async () => {
  const { scaleLinear } = await import('d3-scale');
  const d3Ticks = (max) => (max > 0 ? scaleLinear().domain([0, max]).nice(6).ticks(6) : [0, 1]);
  const mod = await loadModule();
  const maxima = [0.3, 1, 2.5, 5.99, 6, 7.2, 9.75, 10, 11.1, 13.7, 24, 99, 100.5, 1234, 3650.25, 0.0042, 1e-9, 7e7];
  for (let i = 0; i < 60; i += 1) maxima.push(Math.exp(Math.sin(i * 12.9898) * 9));
  for (const max of maxima) {
    const text = `time,event,g\n${max / 3},1,a\n${max},0,\n`;
    assert.ok(JSON.parse(mod.loadCsv(new TextEncoder().encode(text), '{}')).ok);
    for (const scale of [1, 12, 365.25]) {
      const reply = JSON.parse(mod.runCommand(JSON.stringify({ command: 'km', time: 'time', event: 'event', group: 'g', axis_ticks: true, axis_scale: scale })));
      assert.ok(reply.ok, reply.error);
      const want = d3Ticks(max / scale);
      assert.deepEqual(reply.result.axis_ticks, want, `max ${max}, scale ${scale}`);
      // The number at risk is given at exactly those times (the row without a group counts for
      // the span but is in no curve).
      assert.deepEqual(reply.result.curves[0].risk_table.map((r) => r.time), want.map((t) => t * scale));
    }
  }
  const both = JSON.parse(mod.runCommand(JSON.stringify({ command: 'km', time: 'time', event: 'event', axis_ticks: true, risk_times: [1] })));
  assert.match(both.error, /--risk-times or --axis-ticks, not both/);
});
