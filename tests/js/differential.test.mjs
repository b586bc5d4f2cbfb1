// The randomized differential suite: 500+ random datasets (tests/golden/differential/
// gen_differential.R, fixed seeds: heavy ties, left truncation, near ties, strata, numeric and
// mixed-case labels, competing risks, Cox with factors, sparse and r x c tables) with R's answers,
// committed gzip'd. Every dataset goes through the native CLI (and every 10th through the WASM
// build) and every number R gives is compared: 1e-9 relative for direct estimators, 1e-6 for
// Cox (iterative), p-values on the log scale. The documented convention differences below are
// skipped by name, each with its reason; nothing else is.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { root, runCli } from './helpers.mjs';

const bundle = JSON.parse(gunzipSync(readFileSync(join(root, 'tests/golden/differential/cases.json.gz'))).toString('utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'infant-all-differential-'));

// Convention differences, skipped by name (docs/CONTRACT.md "Deliberate differences from R"); none
// at present: every number R gives is compared.
const SKIPPED = {};

const close = (a, b, tol) => {
  if (b === null || b === undefined || Number.isNaN(b)) return a === null || a === undefined || Number.isNaN(a);
  if (b === 'Inf' || b === '-Inf') return String(a) === b || a === (b === 'Inf' ? Infinity : -Infinity);
  if (a === null || a === undefined) return false;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
};
// p-values: relative on the log scale, so 1e-300 and 1.0000001e-300 agree and 0.04 vs 0.05 does not.
const closeP = (a, b, tol = 1e-6) => {
  if (b === 0 || a === 0) return a === b || (Math.min(a, b) < 1e-300);
  return close(Math.log(a), Math.log(b), tol);
};

function checkArray(got, want, tol, what, errors) {
  if (!Array.isArray(got) || got.length !== want.length) {
    errors.push(`${what}: length ${got && got.length} vs R ${want.length}`);
    return;
  }
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i], want[i], tol)) {
      errors.push(`${what}[${i}]: ${got[i]} vs R ${want[i]}`);
      return;
    }
  }
}

const DIRECT = 1e-9;
const ITERATIVE = 1e-6;

const compare = {
  km(out, e, errors) {
    for (const w of e.curves) {
      const c = out.curves.find((x) => x.group === w.group);
      if (!c) { errors.push(`no curve ${w.group} (have ${out.curves.map((x) => x.group)})`); continue; }
      for (const k of ['time', 'n_risk', 'n_event', 'surv', 'std_err', 'lower', 'upper']) {
        checkArray(c[k], w[k], DIRECT, `${w.group}.${k}`, errors);
      }
      if (!close(c.median, w.median, DIRECT)) errors.push(`${w.group}.median ${c.median} vs R ${w.median}`);
    }
    if (out.curves.length !== e.curves.length) errors.push(`${out.curves.length} curves vs R ${e.curves.length}`);
  },
  logrank(out, e, errors) {
    for (let j = 0; j < e.groups.length; j++) {
      const i = out.groups.indexOf(e.groups[j]);
      if (i < 0) { errors.push(`no group ${e.groups[j]}`); continue; }
      if (!close(out.obs[i], e.obs[j], DIRECT)) errors.push(`obs ${e.groups[j]}: ${out.obs[i]} vs ${e.obs[j]}`);
      if (!close(out.exp[i], e.exp[j], DIRECT)) errors.push(`exp ${e.groups[j]}: ${out.exp[i]} vs ${e.exp[j]}`);
    }
    // Groups in R's factor order (the trend test's scores depend on it).
    assert.deepEqual(out.groups, e.groups, 'group order');
    if (!close(out.chisq, e.chisq, DIRECT)) errors.push(`chisq ${out.chisq} vs R ${e.chisq}`);
    if (out.df !== e.df) errors.push(`df ${out.df} vs R ${e.df}`);
    if (!closeP(out.p, e.p)) errors.push(`p ${out.p} vs R ${e.p}`);
  },
  cuminc(out, e, errors) {
    for (const w of e.curves) {
      const c = out.curves.find((x) => x.group === w.group && x.cause === w.cause);
      if (!c) { errors.push(`no curve ${w.group} ${w.cause}`); continue; }
      for (const k of ['time', 'est', 'var']) checkArray(c[k], w[k], DIRECT, `${w.group} ${w.cause}.${k}`, errors);
    }
    for (const w of e.tests) {
      const t = (out.tests || []).find((x) => x.cause === w.cause);
      if (!t) { errors.push(`no Gray test for cause ${w.cause}`); continue; }
      if (!close(t.stat, w.stat, DIRECT)) errors.push(`Gray ${w.cause} stat ${t.stat} vs R ${w.stat}`);
      if (!closeP(t.p, w.p)) errors.push(`Gray ${w.cause} p ${t.p} vs R ${w.p}`);
    }
  },
  cox(out, e, errors) {
    assert.deepEqual(out.terms.map((t) => t.name), e.names, 'term names as R');
    out.terms.forEach((t, i) => {
      if (!close(t.coef, e.coef[i], ITERATIVE)) errors.push(`${t.name} coef ${t.coef} vs R ${e.coef[i]}`);
      if (!close(t.se, e.se[i], ITERATIVE)) errors.push(`${t.name} se ${t.se} vs R ${e.se[i]}`);
    });
    checkArray(out.loglik, e.loglik, ITERATIVE, 'loglik', errors);
    for (const k of ['lr', 'score', 'wald']) {
      if (!close(out.tests[k].stat, e[k], ITERATIVE)) errors.push(`${k} ${out.tests[k].stat} vs R ${e[k]}`);
    }
  },
  crosstab(out, e, errors, skip) {
    assert.deepEqual(out.row_levels, e.row_levels, 'row levels in R\'s order');
    assert.deepEqual(out.col_levels, e.col_levels, 'column levels in R\'s order');
    if (!close(out.chisq.statistic, e.chisq, DIRECT)) errors.push(`chisq ${out.chisq.statistic} vs R ${e.chisq}`);
    if (!closeP(out.chisq.p, e.chisq_p)) errors.push(`chisq p ${out.chisq.p} vs R ${e.chisq_p}`);
    if (e.fisher_p !== undefined) {
      // Every table R's default fisher.test() answers is answered (the network algorithm).
      if (!closeP(out.fisher.p, e.fisher_p)) errors.push(`fisher p ${out.fisher.p} vs R ${e.fisher_p} (${out.fisher.status || 'ok'})`);
    }
    if (e.odds_ratio !== undefined) {
      for (const k of ['odds_ratio', 'conf_lower', 'conf_upper']) {
        if (!close(out.fisher[k], e[k], 1e-6)) errors.push(`${k} ${out.fisher[k]} vs R ${e[k]}`);
      }
    }
  },
};

function runCase(which, c, skipped) {
  const path = join(tmp, `${c.id}.csv`);
  writeFileSync(path, `${c.csv.join('\n')}\n`);
  const r = runCli(which, [c.args[0], '--csv', path, ...c.args.slice(1)]);
  if (r.status !== 0) return [`CLI failed: ${r.stderr.trim()}`];
  const out = JSON.parse(r.stdout);
  const errors = [];
  compare[c.kind](out, c.expect, errors, (name) => {
    assert.ok(SKIPPED[name], `skip ${name} is documented`);
    skipped.set(name, (skipped.get(name) || 0) + 1);
  });
  return errors;
}

test(`differential suite: ${bundle.cases.length} random datasets, the native CLI against R ${bundle.r_version}`, () => {
  assert.ok(bundle.cases.length >= 500, `${bundle.cases.length} cases`);
  const kinds = {};
  const skipped = new Map();
  const failures = [];
  for (const c of bundle.cases) {
    kinds[c.kind] = (kinds[c.kind] || 0) + 1;
    const errors = runCase('native', c, skipped);
    if (errors.length) failures.push(`${c.id}: ${errors.slice(0, 3).join('; ')}`);
  }
  for (const k of ['km', 'logrank', 'cuminc', 'cox', 'crosstab']) assert.ok(kinds[k] >= 40, `${k}: ${kinds[k]} cases`);
  for (const [name, n] of skipped) console.log(`# skipped ${n}: ${name} (${SKIPPED[name]})`);
  assert.deepEqual(failures, []);
});

test('differential suite: every 10th dataset through the WASM build gives the same agreement', () => {
  const skipped = new Map();
  const failures = [];
  bundle.cases.filter((_, i) => i % 10 === 0).forEach((c) => {
    const errors = runCase('wasm', c, skipped);
    if (errors.length) failures.push(`${c.id}: ${errors.slice(0, 3).join('; ')}`);
  });
  assert.deepEqual(failures, []);
});
