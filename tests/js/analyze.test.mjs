// The analyze command (the page's full cohort analysis) gives, part by part, exactly what the separate
// commands give on the same file: sharing one classification and one endpoint derivation must
// not change a number. Native and the WASM build under node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
