// End to end against R: the CLI reads R's datasets as CSV (tests/data/r, gen_datasets.R), and its
// JSON must match what R computes for the same request (tests/golden/gen_cli.R -> cli.json).
// This checks the wiring the core tests cannot see: CSV typing, R's 1/2 status coding, factor
// reference levels, option parsing. Tolerances: 1e-10 relative for direct estimators, 1e-7 for
// the Cox fit (docs/ENGINE.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const golden = JSON.parse(readFileSync(join(root, 'tests/golden/cli.json'), 'utf8'));
const csv = (name) => join(root, 'tests/data/r', `${name}.csv`);
const cli = (args) => {
  const r = runCli('native', args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const close = (got, want, tol, what) => {
  const g = got === null ? NaN : got;
  const w = want === null ? NaN : want;
  if (Number.isNaN(w)) return assert.ok(Number.isNaN(g), `${what}: ${got} vs NA`);
  assert.ok(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)), `${what}: ${got} vs ${want}`);
};

test('km on aml by x equals survfit + summary(times = c(10, 20, 40))', () => {
  const out = cli(['km', '--csv', csv('aml'), '--time', 'time', '--event', 'status', '--group',
    'x', '--times', '10,20,40']);
  const g = golden.km_aml;
  const rows = out.curves.flatMap((c) => c.at_times.map((a) => ({ ...a, group: c.group })));
  assert.equal(rows.length, g.time.length);
  rows.forEach((a, i) => {
    assert.equal(`x=${a.group}`, g.strata[i]);
    for (const k of ['surv', 'std_err', 'lower', 'upper']) close(a[k], g[k][i], 1e-10, `${k}[${i}]`);
    assert.equal(a.n_risk, g.n_risk[i]);
  });
  out.curves.forEach((c, i) => {
    close(c.median, g.median[i], 1e-10, 'median');
    close(c.median_lower, g.median_lower[i], 1e-10, 'median_lower');
    close(c.median_upper, g.median_upper[i], 1e-10, 'median_upper');
  });
});

test('logrank on lung, ph.ecog stratified by sex (1/2 status) equals survdiff', () => {
  const out = cli(['logrank', '--csv', csv('lung'), '--time', 'time', '--event', 'status',
    '--group', 'ph.ecog', '--strata', 'sex']);
  const g = golden.logrank_lung;
  close(out.chisq, g.chisq, 1e-10, 'chisq');
  out.obs.forEach((o, i) => close(o, g.obs[i], 1e-10, `obs[${i}]`));
  out.exp.forEach((e, i) => close(e, g.exp[i], 1e-10, `exp[${i}]`));
  assert.equal(out.n_excluded, 1);  // lung has one row with ph.ecog NA
});

test('cox on veteran with a chosen reference level and Breslow ties equals coxph', () => {
  const out = cli(['cox', '--csv', csv('veteran'), '--time', 'time', '--event', 'status',
    '--covariates', 'trt,celltype:large,karno', '--ties', 'breslow']);
  const g = golden.cox_vet;
  assert.deepEqual(out.terms.map((t) => t.name), g.names);
  out.terms.forEach((t, i) => {
    close(t.coef, g.coef[i], 1e-7, `coef ${t.name}`);
    close(t.se, g.se[i], 1e-7, `se ${t.name}`);
  });
  out.loglik.forEach((l, i) => close(l, g.loglik[i], 1e-7, `loglik[${i}]`));
  close(out.tests.lr.stat, g.lr, 1e-7, 'lr');
  close(out.tests.score.stat, g.score, 1e-7, 'score');
  close(out.tests.wald.stat, g.wald, 1e-7, 'wald');
  close(out.concordance, g.concordance, 1e-7, 'concordance');
  close(out.concordance_se, g.concordance_se, 1e-7, 'concordance_se');
  assert.equal(out.status, 'converged');
});

test('crosstab on veteran celltype x trt equals chisq.test and fisher.test', () => {
  const out = cli(['crosstab', '--csv', csv('veteran'), '--row', 'celltype', '--col', 'trt']);
  const g = golden.crosstab_vet;
  close(out.chisq.statistic, g.statistic, 1e-10, 'X-squared');
  close(out.chisq.p, g.p, 1e-10, 'chisq p');
  close(out.fisher.p, g.fisher_p, 1e-9, 'fisher p');
});

test('cuminc on myeloid by trt equals cmprsk::cuminc + timepoints', () => {
  const out = cli(['cuminc', '--csv', csv('myeloid'), '--time', 'futime', '--status', 'death',
    '--group', 'trt', '--times', '100,365,1000']);
  const g = golden.cuminc_myeloid;
  out.curves.forEach((c, i) => {
    assert.equal(`${c.group} ${c.cause}`, g.names[i]);
    c.at_times.forEach((a, j) => {
      close(a.est, g.est[i][j], 1e-10, `est ${g.names[i]} t${j}`);
      close(a.var, g.var[i][j], 1e-10, `var ${g.names[i]} t${j}`);
    });
  });
  close(out.tests[0].stat, g.stat[0], 1e-10, 'Gray stat');
  // The curves themselves in cuminc's $time/$est/$var layout.
  // (R's named list of curves is written as a JSON object in cuminc's order.)
  const [times, ests, vars] = [g.curve_time, g.curve_est, g.curve_var].map(Object.values);
  out.curves.forEach((c, i) => {
    assert.equal(`${c.group} ${c.cause}`, g.curve_names[i]);
    assert.equal(c.time.length, times[i].length);
    c.time.forEach((t, j) => close(t, times[i][j], 1e-12, `time[${j}]`));
    c.est.forEach((e, j) => close(e, ests[i][j], 1e-10, `est[${j}]`));
    c.var.forEach((v, j) => close(v, vars[i][j], 1e-10, `var[${j}]`));
  });
});

test('crr on mgus2 (age, sex) with --predict equals cmprsk::crr + predict.crr', () => {
  const out = cli(['crr', '--csv', csv('mgus2'), '--time', 'etime', '--status', 'event',
    '--covariates', 'age,sex', '--predict', 'age=60,sex=M']);
  const g = golden.crr_mgus2;
  assert.deepEqual(out.terms.map((t) => t.name), g.names);
  out.terms.forEach((t, i) => {
    close(t.coef, g.coef[i], 1e-8, `coef ${t.name}`);
    close(t.se, g.se[i], 1e-8, `se ${t.name}`);
    close(t.shr, Math.exp(g.coef[i]), 1e-8, `shr ${t.name}`);
  });
  close(out.loglik, g.loglik, 1e-8, 'loglik');
  close(out.loglik_null, g.loglik_null, 1e-8, 'loglik_null');
  assert.equal(out.n, g.n);
  assert.equal(out.status, 'converged');
  assert.deepEqual(out.predict.x, [60, 1]);
  assert.deepEqual(out.predict.time, g.uftime);
  out.predict.cif.forEach((c, i) => close(c, g.cif[i], 1e-8, `cif[${i}]`));
  // A failcode no row has, and a level the factor lacks, are errors naming them.
  let r = runCli('native', ['crr', '--csv', csv('mgus2'), '--time', 'etime', '--status', 'event',
    '--covariates', 'age', '--failcode', '7']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /failcode \(7\)/);
  r = runCli('native', ['crr', '--csv', csv('mgus2'), '--time', 'etime', '--status', 'event',
    '--covariates', 'age,sex', '--predict', 'age=60,sex=X']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /'X' is not a level of sex/);
});
