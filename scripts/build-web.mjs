#!/usr/bin/env node
// Builds the two artifacts users open, from web/ (plain ES modules) and the Embind module:
//   build/dist/infant-all.html  one self-contained file (CSS, JS, worker and wasm inlined) that
//                               works from file://, e.g. from a USB stick with no network;
//   build/dist/site/            the same page as separate files, for a static web server.
// The wasm binary is embedded gzipped, as base64 (about 40% of the raw binary's base64), unpacked
// by the worker with the browser's DecompressionStream and handed to Emscripten as wasmBinary, so
// nothing is ever fetched. Each artifact carries a Content-Security-Policy that forbids every connection.
// Usage: node scripts/build-web.mjs [--wasm-dir build/wasm-release/wasm] [--out build/dist]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const wasmDir = resolve(root, opt('--wasm-dir', 'build/wasm-release/wasm'));
const outDir = resolve(root, opt('--out', 'build/dist'));
const genDir = resolve(root, 'build/web-gen');
mkdirSync(genDir, { recursive: true });
mkdirSync(join(outDir, 'site'), { recursive: true });

const read = (p) => readFileSync(p, 'utf8');
const glue = read(join(wasmDir, 'infant_all_web.js'));
const wasm = readFileSync(join(wasmDir, 'infant_all_web.wasm'));
const workerSource = read(join(root, 'web/engine/engine-worker.js'));

// The assets module the adapter imports (bare specifier 'infant-all-assets', aliased below).
const assetsPath = join(genDir, 'infant-all-assets.js');
writeFileSync(assetsPath, [
  `export const glueSource = ${JSON.stringify(glue)};`,
  `export const workerSource = ${JSON.stringify(workerSource)};`,
  `export const wasmGzipBase64 = ${JSON.stringify(gzipSync(wasm, { level: 9 }).toString('base64'))};`,
].join('\n'));

// The synthetic demo cohort (scripts/make-demo-cohort.mjs), importable as 'infant-all-demo'.
const demoPath = join(genDir, 'infant-all-demo.js');
const demoCsv = execFileSync(process.execPath, [join(root, 'scripts/make-demo-cohort.mjs')],
  { encoding: 'utf8' });
writeFileSync(demoPath, `export const demoCsv = ${JSON.stringify(demoCsv)};\n`);

const bundlePath = join(genDir, 'app.js');
execFileSync('esbuild', [
  join(root, 'web/main.js'), '--bundle', '--format=iife', '--target=es2020', '--minify',
  '--legal-comments=none', '--log-level=warning', `--alias:infant-all-assets=${assetsPath}`,
  `--alias:infant-all-demo=${demoPath}`,
  `--outfile=${bundlePath}`,
], { stdio: 'inherit' });

const template = read(join(root, 'web/index.html'));
// style.css first, then each view's own stylesheet (web/<folder>/*.css, sorted by path): one
// inlined sheet.
const folders = readdirSync(join(root, 'web'), { withFileTypes: true })
  .filter((d) => d.isDirectory()).map((d) => d.name);
const viewCss = folders.flatMap((dir) => readdirSync(join(root, 'web', dir))
  .filter((f) => f.endsWith('.css')).map((f) => `${dir}/${f}`)).sort();
const css = ['style.css', ...viewCss].map((f) => read(join(root, 'web', f))).join('\n');
// Inline <script> text must not close itself early.
const js = read(bundlePath).replace(/<\/script/gi, '<\\/script');
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const csp = (scriptSrc, styleSrc) => [
  "default-src 'none'", `script-src ${scriptSrc} 'wasm-unsafe-eval'`, `style-src ${styleSrc}`,
  'img-src data: blob:', 'worker-src blob:', "connect-src 'none'", "font-src 'none'",
  "media-src 'none'", "object-src 'none'", "frame-src 'none'", "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const meta = (policy) => `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const fill = (html, parts) => html.replace('<!--CSP-->', () => parts.csp)
  .replace('<!--STYLE-->', () => parts.style).replace('<!--SCRIPT-->', () => parts.script);

const single = fill(template, {
  csp: meta(csp(sha(js), sha(css))),
  style: `<style>${css}</style>`,
  script: `<script>${js}</script>`,
});
const singlePath = join(outDir, 'infant-all.html');
writeFileSync(singlePath, single);

writeFileSync(join(outDir, 'site/index.html'), fill(template, {
  csp: meta(csp("'self'", "'self'")),
  style: '<link rel="stylesheet" href="style.css">',
  script: '<script src="app.js" defer></script>',
}));
writeFileSync(join(outDir, 'site/style.css'), css);
writeFileSync(join(outDir, 'site/app.js'), read(bundlePath));

const kib = (p) => `${(statSync(p).size / 1024).toFixed(0)} KiB`;
console.log(`single file: ${singlePath} (${kib(singlePath)})`);
console.log(`site:        ${join(outDir, 'site')}/`);
