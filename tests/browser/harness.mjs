// Shared browser-test harness: Debian's Chromium driven by playwright-core (no browser
// download), a static server on 127.0.0.1 for the served site, and a recorder that sees every
// request, console error, page error and CSP violation a page produces.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const distDir = join(root, 'build/dist');
export const artifactsDir = join(root, 'build/test-artifacts');
export const singleFileUrl = pathToFileURL(join(distDir, 'infant-all.html')).href;

export function requireBuilt() {
  const page = join(distDir, 'infant-all.html');
  if (!existsSync(page)) {
    throw new Error(`${page} is missing: run scripts/run.sh --no-serve (or scripts/test.sh) first`);
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // As this machine's probe runs it: no sandbox as root, and no background connections of
    // Chromium's own that would muddy the "no request left the page" check.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

// Serves dir on 127.0.0.1 at a free port; resolves { url, close }.
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() });
  }));
}

// Records everything a page does that could leak data or signal breakage. `allowed(url)` says
// which requests are the page's own (its document, its files on the test server, the blob:
// URL of its own worker). Every other request is aborted and recorded as a leak.
export async function record(context, allowed) {
  const rec = { requests: [], leaks: [], consoleErrors: [], pageErrors: [], csp: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    if (!rec.leaks.includes(url)) rec.leaks.push(url);
    return route.abort();
  });
  context.on('request', (req) => {
    const url = req.url();
    rec.requests.push(url);
    if (!allowed(url) && !rec.leaks.includes(url)) rec.leaks.push(url);
  });
  context.on('weberror', (e) => rec.pageErrors.push(String(e.error())));
  await context.exposeBinding('__reportCsp', (_src, v) => rec.csp.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  rec.watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') rec.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => rec.pageErrors.push(String(e)));
    return page;
  };
  return rec;
}

export function screenshotPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
