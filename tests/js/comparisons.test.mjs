// The comparisons of ENGINE.md "Comparisons" through the command line, native and WASM: km
// --milestone/--rmean differences, logrank --pairwise and logrank --reference, each against the
// R values of tests/golden/compare.json (gen_compare.R) on the same data written out as CSV,
// and their refusals.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { root, runCli } from './helpers.mjs';

const golden = JSON.parse(readFileSync(join(root, 'tests/golden/compare.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'infant-all-compare-'));
const close = (got, want, what) =>
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

// A golden case's rows as a CSV of time, status, group (R's NA as a blank cell).
function writeCase(c, name) {
  const file = join(dir, `${name}.csv`);
  const cell = (v) => (v === null ? '' : String(v));
  const lines = c.time.map((t, i) => [t, c.status[i], c.group ? c.group[i] : 'x'].map(cell).join(','));
  writeFileSync(file, `time,status,group\n${lines.join('\n')}\n`);
  return file;
}

const ok = (which, args) => {
  const r = runCli(which, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

for (const which of ['native', 'wasm']) {
  test(`${which}: km --milestone and --rmean give R's differences between two groups`, () => {
    const m = golden.milestone[0];  // lung by sex
    const file = writeCase(m, 'milestone');
    const times = m.rows.map((r) => r.time);
    const out = ok(which, ['km', '--csv', file, '--time', 'time', '--event', 'status', '--group',
      'group', '--milestone', times.join(',')]);
    assert.equal(out.differences.length, 1);
    const d = out.differences[0];
    assert.deepEqual([d.group1, d.group2], ['1', '2']);
    m.rows.forEach((want, k) => {
      const got = d.milestones[k];
      if (want.diff === null) {
        assert.equal(got.diff, null);
        assert.match(got.note, /the follow-up of group \d ends before it/);
        return;
      }
      for (const key of ['diff', 'se', 'lower', 'upper', 'p']) close(got[key], want[key], `${key} at ${want.time}`);
    });
    const r = golden.rmst[0];  // lung by sex, tau 365
    const rm = ok(which, ['km', '--csv', writeCase(r, 'rmst'), '--time', 'time', '--event', 'status',
      '--group', 'group', '--rmean', String(r.tau)]).differences[0].rmst;
    close(rm.arm1.rmst, r.arm1.rmst, 'rmst 1');
    close(rm.diff.est, r.diff[0], 'rmst diff');
    close(rm.diff.p, r.diff[3], 'rmst diff p');
    close(rm.ratio.upper, r.ratio[2], 'rmst ratio upper');
    close(rm.rmtl_ratio.est, r.rmtl_ratio[0], 'rmtl ratio');
    // A tau past rmst2's limit: the curves are still given, the comparison says why not.
    const beyond = ok(which, ['km', '--csv', writeCase(r, 'rmst'), '--time', 'time', '--event',
      'status', '--group', 'group', '--rmean', '2000']);
    assert.match(beyond.differences[0].rmst.error, /must be at most 965/);
    const alone = runCli(which, ['km', '--csv', file, '--time', 'time', '--event', 'status',
      '--milestone', '100']);
    assert.notEqual(alone.status, 0);
    assert.match(alone.stderr, /--milestone compares the curves of two or more groups/);
  });

  test(`${which}: logrank --pairwise gives pairwise_survdiff's adjusted p-values and HRs`, () => {
    const c = golden.pairwise[1];  // veteran cell type, holm, rho = 1
    const out = ok(which, ['logrank', '--csv', writeCase(c, 'pairwise'), '--time', 'time', '--event',
      'status', '--group', 'group', '--rho', '1', '--pairwise', '--p-adjust', 'holm']);
    assert.equal(out.pairwise.p_adjust, 'holm');
    assert.equal(out.pairwise.pairs.length, 6);
    c.pairs.forEach((want, k) => {
      const got = out.pairwise.pairs[k];
      assert.deepEqual([got.group1, got.group2], [want.group1, want.group2]);
      close(got.chisq, want.chisq, 'chisq');
      close(got.p_adj, want.p_adj, 'p_adj');
      assert.ok(Math.abs(got.hr - want.hr) <= 1e-7 * want.hr, 'hr');
    });
    const bad = runCli(which, ['logrank', '--csv', writeCase(c, 'pairwise'), '--time', 'time',
      '--event', 'status', '--group', 'group', '--pairwise', '--p-adjust', 'tukey']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--p-adjust must be holm, BH, bonferroni or none \(got 'tukey'\)/);
  });

  test(`${which}: logrank --reference FILE is R's one-sample survdiff against that curve`, () => {
    const c = golden.reference[0];  // lung against a typed-in table
    const ref = join(dir, 'reference.csv');
    writeFileSync(ref, `# from a published table\ntime;survival\n${c.ref_time.map((t, k) => `${t};${c.ref_surv[k]}`).join('\n')}\n`);
    const out = ok(which, ['logrank', '--csv', writeCase({ ...c, group: null }, 'reference_rows'),
      '--time', 'time', '--event', 'status', '--reference', ref,
      '--milestone', c.milestones.map((m) => m.time).join(',')]);
    for (const key of ['obs', 'exp', 'chisq', 'p']) close(out.reference[key], c[key], key);
    assert.equal(out.reference.n_cut, c.n_cut);
    assert.equal(out.chisq, undefined);  // no groups: the one-sample test alone
    c.milestones.forEach((want, k) => {
      const got = out.reference.milestones[k];
      if (want.surv !== null) close(got.surv, want.surv, 'milestone surv');
      if (want.reference !== null) close(got.reference, want.reference, 'milestone reference');
      else assert.match(got.note, /after the reference's last time/);
    });
    writeFileSync(ref, 'time,surv\n1,0.9\n2,ninety\n');
    const bad = runCli(which, ['logrank', '--csv', writeCase({ ...c, group: null }, 'reference_rows'),
      '--time', 'time', '--event', 'status', '--reference', ref]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /reference.csv line 3: expected two numbers, time and survival/);
    writeFileSync(ref, 'time,surv\n1,0.9\n2,0.95\n');
    const up = runCli(which, ['logrank', '--csv', writeCase({ ...c, group: null }, 'reference_rows'),
      '--time', 'time', '--event', 'status', '--reference', ref]);
    assert.notEqual(up.status, 0);
    assert.match(up.stderr, /reference point 2 \(time 2, survival 0.95\): survival must be in \(0, 1\], not increasing/);
  });
}
