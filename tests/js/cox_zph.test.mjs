// cox --zph against R (tests/golden/zph.json, gen_zph.R): cox.zph(coxph(...), transform) and
// plot.cox.zph's smooth, for a right-censored fit with a factor term (veteran) and a
// counting-process one (heart, --entry). Native CLI and its WASM build alike.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const golden = JSON.parse(readFileSync(join(root, 'tests/golden/zph.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'infant-all-zph-'));
const close = (got, want, tol, what) => {
  if (want === null) return assert.equal(got, null, what);
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
};
const byName = (name) => golden.cases.find((c) => c.name === name);

// The case's columns as a CSV: time, status, entry, the covariates.
function csvOf(c) {
  const cols = [['time', c.time], ['status', c.status]];
  if (c.entry?.length) cols.push(['entry', c.entry]);
  for (const cov of c.covariates) cols.push([cov.name, cov.values]);
  const lines = [cols.map(([n]) => n).join(',')];
  c.time.forEach((_, i) => lines.push(cols.map(([, v]) => v[i] ?? '').join(',')));
  const path = join(dir, `${c.name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

for (const which of ['native', 'wasm']) {
  for (const name of ['veteran_km', 'heart_breslow_identity']) {
    test(`${which}: cox --zph on ${name} agrees with R's cox.zph`, () => {
      const c = byName(name);
      const args = ['cox', '--csv', csvOf(c), '--time', 'time', '--event', 'status',
        '--covariates', c.covariates.map((v) => v.name).join(','), '--ties', c.ties,
        '--zph', '--zph-transform', c.transform];
      if (c.entry?.length) args.push('--entry', 'entry');
      const r = runCli(which, args);
      assert.equal(r.status, 0, r.stderr);
      const z = JSON.parse(r.stdout).zph;
      const e = c.expected;
      assert.equal(z.transform, c.transform);
      assert.deepEqual(z.terms.map((t) => t.term), e.table.map((t) => t.term));
      z.terms.forEach((t, i) => {
        close(t.chisq, e.table[i].chisq, 1e-6, `chisq ${t.term}`);
        close(t.p, e.table[i].p, 1e-6, `p ${t.term}`);
        assert.equal(t.df, e.table[i].df);
      });
      z.x.forEach((v, i) => close(v, e.x[i], 1e-6, `x[${i}]`));
      z.time.forEach((v, i) => close(v, e.time[i], 1e-6, `time[${i}]`));
      assert.deepEqual(Object.keys(z.y), e.y_names);
      for (const k of e.y_names) z.y[k].forEach((v, i) => close(v, e.y[k][i], 1e-6, `y.${k}[${i}]`));
      z.smooth.curves.forEach((cv, j) => {
        assert.equal(cv.term, e.smooth[j].name);
        cv.fit.forEach((v, i) => close(v, e.smooth[j].fit[i], 1e-6, `smooth ${cv.term}[${i}]`));
        cv.upper.forEach((v, i) => close(v, e.smooth[j].upper[i], 1e-6, `upper ${cv.term}[${i}]`));
      });
    });
  }

  test(`${which}: cox --zph-transform is checked; without --zph there is no zph`, () => {
    const c = byName('ovarian_identity');
    const args = ['cox', '--csv', csvOf(c), '--time', 'time', '--event', 'status', '--covariates', 'age,rx'];
    const bad = runCli(which, [...args, '--zph', '--zph-transform', 'sqrt']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--zph-transform must be km, identity, rank or log/);
    const plain = JSON.parse(runCli(which, args).stdout);
    assert.equal(plain.zph, undefined);
  });

  test(`${which}: a check that cannot be made leaves the fit and says why`, () => {
    // An event at time 0: log(0) has no value, so cox.zph(fit, "log") stops in R; coxph is fine.
    const dir = mkdtempSync(join(tmpdir(), 'infant-all-zph-'));
    const file = join(dir, 'zero.csv');
    writeFileSync(file, 'time,status,x\n0,1,1\n2,1,0\n3,0,1\n4,1,0\n5,1,1\n6,0,0\n');
    const out = JSON.parse(runCli(which, ['cox', '--csv', file, '--time', 'time', '--event', 'status',
      '--covariates', 'x', '--zph-transform', 'log']).stdout);
    assert.equal(out.terms.length, 1);
    assert.match(out.zph.error, /log/);
  });
}
