// cox --covariates A:B and --test-terms against R (tests/golden/joint.json, gen_joint.R): the
// interaction columns named and ordered as model.matrix, the joint Wald test b' solve(V) b and
// the likelihood-ratio test anova(reduced, fit), and term_tests (the Wald test of each
// multi-column or interaction term). Native CLI and its WASM build alike.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const golden = JSON.parse(readFileSync(join(root, 'tests/golden/joint.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'infant-all-joint-'));
const close = (got, want, tol, what) => {
  if (want === null) return assert.equal(got, null, what);
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
};
const byName = (name) => golden.find((c) => c.name === name);

// The case's columns as a CSV: time, status, the main effects, the strata as "stratum".
function csvOf(c) {
  const cols = [['time', c.time], ['status', c.status]];
  for (const cov of c.covariates) if (cov.type !== 'interaction') cols.push([cov.name, cov.values]);
  if (c.strata) cols.push(['stratum', c.strata]);
  const lines = [cols.map(([n]) => n).join(',')];
  c.time.forEach((_, i) => lines.push(cols.map(([, v]) => v[i] ?? '').join(',')));
  const path = join(dir, `${c.name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const checkTest = (got, want, what) => {
  close(got.stat, want.stat, 1e-6, `${what} stat`);
  close(got.p, want.p, 1e-6, `${what} p`);
  assert.equal(got.df, want.df, `${what} df`);
};

// Each run: the case, its --covariates as a user would type them (interactions either way
// round, a numeric-looking factor forced by its reference level), and the joint test to run.
const runs = [
  { name: 'lung_ecog', covariates: 'age,sex,ecog:0', joint: 0 },
  { name: 'lung_ecog', covariates: 'age,sex,ecog:0', joint: 1 },
  { name: 'veteran_interactions', covariates: 'trt,karno,celltype,celltype:trt,karno:trt', joint: 2 },
  { name: 'veteran_interactions', covariates: 'trt,karno,celltype,trt:celltype,trt:karno', joint: 3 },
  {
    name: 'veteran_factor_by_factor_strata',
    covariates: 'karno,celltype:squamous,prior_c,prior_c:celltype',
    joint: 0,
    strata: true,
  },
  { name: 'lung_breslow', covariates: 'age,sex_c,ecog:0,age:sex_c', joint: 0 },
];

for (const which of ['native', 'wasm']) {
  for (const run of runs) {
    const c = byName(run.name);
    const e = c.expected;
    const want = e.joint_tests[run.joint];
    test(`${which}: cox ${run.name} --test-terms ${want.terms.join(',')} agrees with R`, () => {
      const args = ['cox', '--csv', csvOf(c), '--time', 'time', '--event', 'status',
        '--covariates', run.covariates, '--ties', c.ties, '--test-terms', want.terms.join(',')];
      if (run.strata) args.push('--strata', 'stratum');
      const r = runCli(which, args);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.terms.map((t) => t.name), e.names);
      out.terms.forEach((t, i) => close(t.coef, e.coef[i], 1e-6, `coef ${t.name}`));
      assert.equal(out.joint_tests.length, 1);
      const j = out.joint_tests[0];
      assert.deepEqual(j.terms, want.terms);
      assert.deepEqual(j.columns, want.columns);
      checkTest(j.wald, want.wald, 'joint wald');
      checkTest(j.lr, want.lr, 'joint lr');
      close(j.loglik_reduced, want.loglik_reduced, 1e-8, 'loglik_reduced');
      assert.equal(j.note !== undefined, want.r_lr.includes('model.matrix'));
      assert.deepEqual(out.term_tests.map((t) => t.term), e.term_tests.map((t) => t.term));
      out.term_tests.forEach((t, i) => {
        assert.deepEqual(t.columns, e.term_tests[i].columns);
        checkTest(t.wald, e.term_tests[i].wald, `term ${t.term}`);
      });
    });
  }

  test(`${which}: A:X is a reference level, an interaction, or an error saying how to choose`, () => {
    // g has the levels a and x; x is also a column.
    const file = join(dir, 'ambiguous.csv');
    const rows = ['time,status,g,x,z'];
    const g = ['a', 'x', 'a', 'x', 'a', 'x', 'a', 'x', 'a', 'x', 'a', 'x'];
    g.forEach((v, i) => rows.push(`${i + 1},${i % 3 === 2 ? 0 : 1},${v},${(i * 7) % 5},${(i * 3) % 4}`));
    writeFileSync(file, `${rows.join('\n')}\n`);
    const base = ['cox', '--csv', file, '--time', 'time', '--event', 'status', '--covariates'];
    const bad = runCli(which, [...base, 'g,x,g:x']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /g:x is ambiguous: x is a column and also a level of g\. Write x:g for the interaction \(the same term\) or g:=x for the reference level/);
    const inter = JSON.parse(runCli(which, [...base, 'g,x,x:g']).stdout);
    assert.deepEqual(inter.terms.map((t) => t.name), ['gx', 'x', 'gx:x']);
    const ref = JSON.parse(runCli(which, [...base, 'g:=x,z']).stdout);
    assert.deepEqual(ref.terms.map((t) => t.name), ['ga', 'z']);
    const numeric = JSON.parse(runCli(which, [...base, 'z,x,z:x']).stdout);
    assert.deepEqual(numeric.terms.map((t) => t.name), ['z', 'x', 'z:x']);
    assert.deepEqual(numeric.term_tests.map((t) => [t.term, t.wald.df]), [['z:x', 1]]);
    const missing = runCli(which, [...base, 'g,g:z']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /g:z: an interaction needs its main effects in the list; add z/);
    const unknown = runCli(which, [...base, 'g,z', '--test-terms', 'w']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /'w' is not a term of the model \(g, z\)/);
  });
}
