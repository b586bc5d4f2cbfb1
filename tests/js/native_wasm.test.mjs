// Native = WASM: the same request on the same CSV gives the same JSON from the native CLI, the
// CLI compiled to WASM under node, and the Embind module the page uses. Both builds use
// -ffp-contract=off and no fast-math, so the arithmetic is the same; the one documented source
// of difference is the C library: glibc's and Emscripten's (musl) exp/log/pow may differ in the
// last bit, which reaches p-values and confidence limits. The bound below (1e-13 relative, a few
// ulps) is checked on every number, and the structure and every string must be identical.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModule, root, runCli } from './helpers.mjs';

const data = (name) => join(root, 'tests/data/r', name);

// [file, CLI arguments]: the requests exercised on R's datasets (tests/golden/gen_datasets.R).
const cases = [
  ['aml.csv', ['km', '--time', 'time', '--event', 'status', '--group', 'x', '--times', '10,20,40']],
  ['lung.csv', ['km', '--time', 'time', '--event', 'status', '--group', 'sex', '--conf-type',
    'log-log', '--rmean', '800', '--reverse']],
  ['veteran.csv', ['km', '--time', 'time', '--event', 'status', '--group', 'celltype',
    '--conf-type', 'plain', '--conf-level', '0.9', '--risk-times', '0,100,200,300']],
  ['myeloid.csv', ['km', '--time', 'futime', '--event', 'death', '--group', 'trt']],
  ['lung.csv', ['logrank', '--time', 'time', '--event', 'status', '--group', 'ph.ecog',
    '--strata', 'sex']],
  ['ovarian.csv', ['logrank', '--time', 'futime', '--event', 'fustat', '--group', 'rx',
    '--rho', '1']],
  ['veteran.csv', ['crosstab', '--row', 'celltype', '--col', 'trt']],
  ['myeloid.csv', ['crosstab', '--row', 'sex', '--col', 'trt', '--no-correct']],
  ['veteran.csv', ['cox', '--time', 'time', '--event', 'status', '--covariates',
    'trt,celltype:large,karno', '--ties', 'breslow']],
  ['lung.csv', ['cox', '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog',
    '--strata', 'inst']],
  ['myeloid.csv', ['cuminc', '--time', 'futime', '--status', 'death', '--group', 'trt',
    '--times', '100,365,1000']],
];

// CLI arguments -> the module's request object, as cli/commands.cpp builds it.
function request(args) {
  const r = { command: args[0] };
  for (let i = 1; i < args.length; i++) {
    const key = args[i].slice(2).replace(/-/g, '_');
    const next = args[i + 1];
    if (key === 'no_correct') { r.correct = false; continue; }
    if (next === undefined || next.startsWith('--')) { r[key] = true; continue; }
    i++;
    if (['times', 'risk_times', 'trend_scores'].includes(key)) r[key] = next.split(',').map(Number);
    else if (key === 'covariates') r[key] = next.split(',');
    else if (['conf_level', 'rmean', 'rho'].includes(key)) r[key] = Number(next);
    else r[key] = next;
  }
  return r;
}

// Same shape, same strings, numbers equal within kUlpBound relative (see the header).
const kUlpBound = 1e-13;
function assertSame(got, want, path) {
  if (typeof want === 'number' && typeof got === 'number') {
    const tol = kUlpBound * Math.max(Math.abs(want), Number.MIN_VALUE);
    assert.ok(got === want || Math.abs(got - want) <= tol, `${path}: ${got} vs ${want}`);
    return;
  }
  if (want === null || typeof want !== 'object') {
    assert.equal(got, want, path);
    return;
  }
  assert.equal(Array.isArray(got), Array.isArray(want), `${path}: array vs object`);
  assert.deepEqual(Object.keys(got), Object.keys(want), `${path}: keys`);
  for (const k of Object.keys(want)) assertSame(got[k], want[k], `${path}.${k}`);
}

for (const [file, args] of cases) {
  test(`${args[0]} on ${file}: native CLI, WASM CLI and module agree`, async () => {
    const csv = data(file);
    const native = runCli('native', [...args, '--csv', csv]);
    assert.equal(native.status, 0, native.stderr);
    const wasm = runCli('wasm', [...args, '--csv', csv]);
    assert.equal(wasm.status, 0, wasm.stderr);
    assertSame(JSON.parse(wasm.stdout), JSON.parse(native.stdout), 'wasm');

    const mod = await loadModule();
    const loaded = JSON.parse(mod.loadCsv(new Uint8Array(readFileSync(csv)), '{}'));
    assert.ok(loaded.ok, loaded.error);
    const out = JSON.parse(mod.runCommand(JSON.stringify(request(args))));
    assert.ok(out.ok, out.error);
    assertSame(out.result, JSON.parse(native.stdout), 'module');
  });
}

test('a failed load keeps the previous cohort and says why', async () => {
  const mod = await loadModule();
  assert.ok(JSON.parse(mod.loadCsv(new Uint8Array(readFileSync(data('aml.csv'))), '{}')).ok);
  const bad = JSON.parse(mod.loadCsv(new Uint8Array([0x00, 0x01, 0x02, 0xff]), '{}'));
  assert.equal(bad.ok, false);
  assert.ok(bad.error.length > 0);
  const still = JSON.parse(mod.runCommand(JSON.stringify(
    { command: 'km', time: 'time', event: 'status' })));
  assert.ok(still.ok, still.error);
  assert.equal(still.result.curves[0].n, 23);  // aml has 23 rows (R: nrow(aml))
});

test('warmUp analyses a cohort of its own and keeps nothing: the loaded cohort is untouched', async () => {
  const mod = await loadModule();
  const request = JSON.stringify({ command: 'km', time: 'time', event: 'status' });
  assert.ok(JSON.parse(mod.loadCsv(new Uint8Array(readFileSync(data('aml.csv'))), '{}')).ok);
  const before = mod.runCommand(request);
  const demo = execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs')]);
  assert.deepEqual(JSON.parse(mod.warmUp(new Uint8Array(demo))), { ok: true });
  assert.equal(mod.runCommand(request), before);
  assert.equal(JSON.parse(before).result.curves[0].n, 23);  // still aml's 23 rows, not the demo's
  // A file it cannot read is reported, not thrown.
  assert.equal(JSON.parse(mod.warmUp(new Uint8Array([0x00, 0xff]))).ok, false);
});
