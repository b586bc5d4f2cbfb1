// Supply-chain and offline guarantees of the built page, checked on the files users open.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const single = () => readFileSync(join(root, 'build/dist/infant-all.html'), 'utf8');

function csp(html) {
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(m, 'CSP meta tag present');
  return Object.fromEntries(m[1].split(';').map((d) => d.trim().split(/\s+/))
    .map(([k, ...v]) => [k, v]));
}

test('single-file page references no URL outside itself', () => {
  const html = single();
  // src/href attributes pointing anywhere (http, https, protocol-relative) and CSS url(...)
  // that is not a data: URI.
  const external = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]*)/gi)]
    .map((m) => m[1]);
  assert.deepEqual(external, []);
  const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]).join('\n');
  assert.ok(css.length > 0, 'the stylesheet is inlined');
  const cssUrls = [...css.matchAll(/url\(\s*["']?([^"')]+)/gi)].map((m) => m[1])
    .filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
  assert.deepEqual(cssUrls, []);
  assert.doesNotMatch(html, /<script[^>]+src=/i, 'no external script');
  assert.doesNotMatch(html, /<link[^>]+rel=["']?stylesheet/i, 'no external stylesheet');
});

test('single-file CSP forbids every connection, remote script, eval and framing', () => {
  const p = csp(single());
  assert.deepEqual(p['default-src'], ["'none'"]);
  assert.deepEqual(p['connect-src'], ["'none'"]);
  assert.deepEqual(p['object-src'], ["'none'"]);
  assert.deepEqual(p['frame-src'], ["'none'"]);
  assert.deepEqual(p['worker-src'], ['blob:']);
  assert.ok(p['script-src'].every((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s) || s === "'wasm-unsafe-eval'"),
    `script-src only hashes: ${p['script-src']}`);
  assert.ok(!p['script-src'].includes("'unsafe-eval'") && !p['script-src'].includes("'unsafe-inline'"));
});

test('no inline event handlers and no eval in the page', () => {
  const html = single();
  assert.doesNotMatch(html, /<[a-z]+[^>]*\son[a-z]+\s*=/i, 'inline on* handler attribute');
  assert.doesNotMatch(html, /\beval\(/, 'eval(');
  assert.doesNotMatch(html, /new Function\(/, 'new Function(');
});
