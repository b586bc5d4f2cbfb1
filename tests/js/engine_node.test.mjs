// The JS face of the engine (the Embind module) against the native CLI built from the same core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModule, root, runCli } from './helpers.mjs';

const projectVersion = readFileSync(join(root, 'CMakeLists.txt'), 'utf8')
  .match(/project\(infant_all VERSION ([0-9.]+)/)[1];

test('module version() equals the native and WASM CLI --version and the CMake version', async () => {
  const mod = await loadModule();
  assert.equal(mod.version(), projectVersion);
  for (const which of ['native', 'wasm']) {
    const r = runCli(which, ['--version']);
    assert.equal(r.status, 0, `${which}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), `infant-all ${projectVersion}`);
  }
});

test('module limits() are CsvLimits of csv_reader.h, the numbers the page checks a file against', async () => {
  const mod = await loadModule();
  const header = readFileSync(join(root, 'core/include/infant_all/io/csv_reader.h'), 'utf8');
  const [, a, b] = header.match(/max_bytes = size_t\{(\d+)\} << (\d+);/);
  const rows = Number(header.match(/max_rows = ([\d']+);/)[1].replace(/'/g, ''));
  const cols = Number(header.match(/max_columns = ([\d']+);/)[1].replace(/'/g, ''));
  const [, c, d] = header.match(/max_field_bytes = size_t\{(\d+)\} << (\d+);/);
  assert.deepEqual(JSON.parse(mod.limits()), {
    max_bytes: Number(a) * 2 ** Number(b), max_rows: rows, max_columns: cols, max_field_bytes: Number(c) * 2 ** Number(d),
  });
});

test('CLI errors are one line on stderr with a non-zero exit, natively and under node', () => {
  for (const which of ['native', 'wasm']) {
    const r = runCli(which, ['km', '--time', 'x']);
    assert.notEqual(r.status, 0, which);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${which} stderr: ${r.stderr}`);
    assert.match(lines[0], /^infant-all/);
  }
});
