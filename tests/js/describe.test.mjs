// The describe command (docs/CONTRACT.md) natively and as WASM under node, against R's golden
// numbers (tests/golden/describe.json from tests/golden/gen_describe.R: quantile(type = 7),
// wilcox.test(exact = FALSE, correct = TRUE), kruskal.test) on the demo cohort, which the
// generator reads from scripts/make-demo-cohort.mjs as this test does; and crosstab's missing
// counts per variable.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'infant-all-describe-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const golden = JSON.parse(readFileSync(join(root, 'tests/golden/describe.json'), 'utf8'));
const demo = join(tmp, 'demo.csv');
execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs'), demo]);

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);
const json = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

for (const which of ['native', 'wasm']) {
  test(`${which}: describe wbc by sex and by cns_status gives R's summaries and rank tests`, () => {
    for (const [by, name] of [['sex', 'demo wbc by sex'], ['cns_status', 'demo wbc by cns_status']]) {
      const g = golden.find((c) => c.name === name);
      const d = json(which, ['describe', '--csv', demo, '--var', 'wbc', '--by', by]);
      assert.deepEqual(d.levels, g.levels);
      g.groups.forEach((want, j) => {
        for (const k of ['median', 'q1', 'q3', 'min', 'max']) close(d.groups[j][k], want[k], `${name} ${want.level} ${k}`);
        assert.equal(d.groups[j].n, want.n);
        assert.equal(d.groups[j].n_missing, want.n_missing);
      });
      close(d.total.median, g.total.median, `${name} total median`);
      assert.equal(d.test.name, g.test.name);
      assert.equal(d.test.method, g.test.method);
      close(d.test.statistic, g.test.statistic, `${name} statistic`);
      close(d.test.p, g.test.p, `${name} p`);
    }
  });

  test(`${which}: missing values are counted per variable, apart from rows without a group`, () => {
    const file = join(tmp, `small-${which}.csv`);
    writeFileSync(file, 'g,x,c\na,1,u\na,,v\nb,3,\n,4,u\nb,5,v\nb,,u\n');
    const d = json(which, ['describe', '--csv', file, '--var', 'x', '--by', 'g']);
    assert.equal(d.n_missing, 2);     // rows 2 and 6
    assert.equal(d.n_by_missing, 1);  // row 4
    assert.deepEqual(d.groups.map((x) => [x.level, x.n, x.n_missing]), [['a', 1, 1], ['b', 2, 1]]);
    assert.equal(d.test.name, 'wilcoxon');
    const xt = json(which, ['crosstab', '--csv', file, '--row', 'c', '--col', 'g']);
    assert.equal(xt.n_row_missing, 1);  // row 3
    assert.equal(xt.n_col_missing, 1);  // row 4
    assert.equal(xt.n_excluded, 2);
    const bad = runCli(which, ['describe', '--csv', file, '--var', 'c', '--by', 'g']);
    assert.notEqual(bad.status, 0, 'a text column is not described');
  });
}
