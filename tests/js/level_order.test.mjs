// One level order for every command (docs/CONTRACT.md "Group order"), and Cox inference that
// says when it cannot be trusted: labels 2, 9, 10 in
// numeric order (R's factor() of a numeric column), mixed-case text as R sorts it (a, b, B, C),
// and yes/no columns with the file's own labels. km, logrank, cuminc, cox and crosstab must agree,
// natively and in the WASM build; the trend test and the odds ratio must not change when the
// labels are renamed in the same order (the checks the randomized comparison with R failed).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'infant-all-levels-'));

// 30 rows, three groups with clearly ordered hazards; `labels` name the groups in that order.
function cohort(name, labels, second = ['x', 'y']) {
  const lines = ['time,status,grp,arm'];
  for (let i = 0; i < 30; i++) {
    const g = i % 3;
    const time = 1 + ((i * 7) % 11) + g * 3;
    const status = (i % 4 === 0) ? 0 : (i % 5 === 0 ? 2 : 1);
    lines.push(`${time},${status},${labels[g]},${second[(i + g) % 2]}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const run = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

function orders(which, file) {
  const base = ['--csv', file, '--time', 'time'];
  const km = run(which, ['km', ...base, '--event', 'status', '--event-value', '1', '--group', 'grp']);
  const lr = run(which, ['logrank', ...base, '--event', 'status', '--event-value', '1', '--group', 'grp']);
  const ci = run(which, ['cuminc', ...base, '--status', 'status', '--group', 'grp']);
  const cox = run(which, ['cox', ...base, '--event', 'status', '--event-value', '1', '--covariates', 'grp']);
  const ct = run(which, ['crosstab', '--csv', file, '--row', 'grp', '--col', 'arm']);
  const kmOrder = km.curves.map((c) => c.group);
  const ciOrder = [...new Set(ci.curves.map((c) => c.group))];
  return { km: kmOrder, logrank: lr.groups, cuminc: ciOrder, crosstab: ct.row_levels,
    // Cox: the reference is the first level (R's default), the terms the others in order.
    cox: [kmOrder[0], ...cox.terms.map((t) => t.name.replace(/^grp/, ''))],
    coxTerms: cox.terms.map((t) => t.name), trend: lr.trend, ct };
}

for (const which of ['native', 'wasm']) {
  test(`${which}: numeric labels 2, 9, 10 come in numeric order in every command`, () => {
    const o = orders(which, cohort('numeric.csv', ['2', '9', '10']));
    for (const k of ['km', 'logrank', 'cuminc', 'crosstab']) assert.deepEqual(o[k], ['2', '9', '10'], k);
    // In Cox a numeric column is a numeric covariate, as in R's coxph: one term.
    assert.deepEqual(o.coxTerms, ['grp']);
    // Renamed in the same order, the trend test is the same: scores 1..3 go to 2, 9, 10.
    const letters = orders(which, cohort('letters.csv', ['a', 'b', 'c']));
    assert.ok(Math.abs(o.trend.chisq - letters.trend.chisq) < 1e-12, `${o.trend.chisq} vs ${letters.trend.chisq}`);
    assert.ok(o.trend.chisq > 0);
  });

  test(`${which}: mixed-case labels in R's alphabetical order (a, b, B) in every command`, () => {
    const o = orders(which, cohort('mixed.csv', ['B', 'a', 'b']));
    // R (ICU collation, C.UTF-8): sort(c("B", "a", "b")) is "a" "b" "B".
    for (const k of ['km', 'logrank', 'cuminc', 'crosstab', 'cox']) assert.deepEqual(o[k], ['a', 'b', 'B'], k);
    assert.deepEqual(o.coxTerms, ['grpb', 'grpB']);
  });

  test(`${which}: a 2 x 2 table with numeric labels keeps R's orientation of the odds ratio`, () => {
    // rows 0/1 by columns 1/2: a = (0,1) 6, b = (0,2) 1, c = (1,1) 1, d = (1,2) 6. The sample
    // odds ratio ad/bc = 36 > 1 in R's order (0 before 1, 1 before 2); reversed it would be 1/36.
    const lines = ['x,y'];
    const add = (x, y, n) => { for (let i = 0; i < n; i++) lines.push(`${x},${y}`); };
    add(10, 1, 6); add(10, 2, 1); add(9, 1, 1); add(9, 2, 6);
    const path = join(dir, 'two_by_two.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const ct = run(which, ['crosstab', '--csv', path, '--row', 'x', '--col', 'y']);
    assert.deepEqual(ct.row_levels, ['9', '10']);
    assert.deepEqual(ct.col_levels, ['1', '2']);
    // 9 first: a = (9,1) 1, b = (9,2) 6, c = (10,1) 6, d = (10,2) 1: conditional MLE < 1.
    assert.ok(ct.fisher.odds_ratio < 1, `odds ratio ${ct.fisher.odds_ratio}`);
  });

  test(`${which}: a yes/no column keeps its labels as groups and as R's Cox term name`, () => {
    const path = cohort('yesno.csv', ['x', 'y', 'z'], ['yes', 'no']);
    const km = run(which, ['km', '--csv', path, '--time', 'time', '--event', 'status', '--event-value', '1', '--group', 'arm']);
    assert.deepEqual(km.curves.map((c) => c.group), ['no', 'yes']);
    const cox = run(which, ['cox', '--csv', path, '--time', 'time', '--event', 'status', '--event-value', '1', '--covariates', 'arm']);
    assert.deepEqual(cox.terms.map((t) => t.name), ['armyes']);
  });
}

// A Cox fit that runs out of iterations (R: coxph(..., control = coxph.control(iter.max = 2))
// on lung warns "Ran out of iterations") marks every inferential number as unreliable.
for (const which of ['native', 'wasm']) {
  test(`${which}: a non-converged Cox fit marks its SEs, intervals, p-values and tests unreliable`, () => {
    const lung = new URL('../data/r/lung.csv', import.meta.url).pathname;
    const args = ['cox', '--csv', lung, '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog'];
    const capped = run(which, [...args, '--iter-max', '2']);
    assert.equal(capped.converged, false);
    assert.equal(capped.inference_reliable, false);
    assert.ok(capped.terms.every((t) => t.reliable === false));
    for (const k of ['lr', 'wald', 'score']) assert.equal(capped.tests[k].reliable, false, k);
    const full = run(which, args);
    assert.equal(full.converged, true);
    assert.equal(full.inference_reliable, true);
    assert.ok(full.terms.every((t) => !('reliable' in t)));
  });
}
