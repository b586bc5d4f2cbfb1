// Shared by the node tests: paths to the built artifacts and the node build of the module.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const nativeCli = join(root, 'build/native-release/cli/infant-all');
export const wasmCli = join(root, 'build/wasm-release/cli/infant-all-cli.js');

function required(path) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/test.sh (it builds it)`);
  return path;
}

// The Embind module built for node (SINGLE_FILE, synchronous compile).
export async function loadModule() {
  const require = createRequire(import.meta.url);
  const factory = require(required(join(root, 'build/wasm-release/wasm/infant_all_node.js')));
  return await factory();
}

// Runs a CLI (native binary or the WASM build under node); returns { status, stdout, stderr }.
export function runCli(which, args) {
  const [cmd, pre] = which === 'native' ? [required(nativeCli), []] : ['node', [required(wasmCli)]];
  try {
    const stdout = execFileSync(cmd, [...pre, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}
