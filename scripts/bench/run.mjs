// The four-way benchmark, driven by scripts/bench.sh (which builds and generates
// first). The same full analysis - parse, classify, KM of EFS and OS by risk group, log-rank,
// cumulative incidence of relapse with Gray's test, Cox (Efron, 6 covariates) - on the same
// files, run as whole processes: native `infant-all analyze`, the same program built to WASM under
// node, the single-file page in headless Chromium (the page's own performance.now() timings,
// hand-off to the worker included), the page as a user meets it (file chosen in the cohort tab
// until the first screen is drawn), and R (survival + cmprsk; data.table::fread, and read.csv as
// a second row; R computes the Interfant-06 groups itself). Each figure is the median of the
// runs with min and max; the numbers the four compute are checked against each other (1e-7), so
// speed never comes from computing something else. Prints the tables and writes them into
// docs/PERFORMANCE.md between the "bench.sh" markers.
//
// Usage: node scripts/bench/run.mjs --sizes 1000,10000,100000,1000000 --runs 5 [--no-r]
//        [--no-page] [--no-doc]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const flag = (name) => process.argv.includes(name);
const sizes = arg('--sizes', '1000,10000,100000,1000000').split(',').map(Number);
const runs = Number(arg('--runs', '5'));
const dataDir = join(root, 'build/bench-data');
const nativeCli = join(root, 'build/native-release/cli/infant-all');
const wasmCli = join(root, 'build/wasm-release/cli/infant-all-cli.js');
const page = join(root, 'build/dist/infant-all.html');
const TODAY = '2026-12-01';  // fixed, so every run classifies alike
const TOL = 1e-7;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

// One process, timed end to end; peak RSS from GNU time.
function timed(cmd, args) {
  const dir = mkdtempSync(join(tmpdir(), 'infant-all-bench-'));
  const rssFile = join(dir, 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], {
    encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  return { wallMs, rssMb: rssKb / 1024, out: JSON.parse(r.stdout) };
}

// The numbers every way reports, in one shape, for the agreement check.
function numbersOfEngine(a) {
  const at6 = (c) => c.at_times.find((t) => t.time === 6);
  const efs6 = {};
  const efs6se = {};
  for (const c of a.km_efs.curves) {
    efs6[c.group] = at6(c).surv;
    efs6se[c.group] = at6(c).std_err;
  }
  const coef = {};
  for (const t of a.cox_efs.terms) coef[t.name] = t.coef;
  const lr = a.logrank_efs;
  return {
    efs6, efs6se, logrank: lr.chisq,
    logrank_n: Object.fromEntries(lr.groups.map((g, i) => [g, lr.n[i]])),
    gray: a.cuminc_cir.tests.find((t) => t.cause === 'relapse').stat, coef,
  };
}
function numbersOfR(r) {
  return {
    efs6: r.efs6, efs6se: r.efs6_se, logrank: r.logrank_chisq, logrank_n: r.logrank_n,
    gray: r.gray_relapse,
    coef: r.cox_coef,
  };
}
// Largest relative difference between two number trees (same keys required).
function maxRelDiff(a, b, path = '') {
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a !== 'number' || typeof b !== 'number') throw new Error(`${path}: ${a} vs ${b}`);
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let worst = 0;
  for (const k of keys) {
    if (!(k in a) || !(k in b)) throw new Error(`${path}.${k} missing on one side`);
    worst = Math.max(worst, maxRelDiff(a[k], b[k], `${path}.${k}`));
  }
  return worst;
}

const PARTS = ['parse', 'classify', 'endpoints', 'km_efs', 'km_os', 'logrank_efs', 'cuminc_cir',
  'cox_efs'];

function engineRow(way, runsOut) {
  const parts = {};
  for (const p of PARTS) parts[p] = stats(runsOut.map((r) => r.out.timings_ms[p] ?? NaN));
  return {
    way, wall: stats(runsOut.map((r) => r.wallMs)), rss: stats(runsOut.map((r) => r.rssMb)),
    parts, numbers: numbersOfEngine(runsOut[0].out),
  };
}

// Headless Debian Chromium with the flags that keep it off the (closed) network.
async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function benchPage(csvFile, nRuns) {
  const browser = await launchChromium();
  const out = [];
  try {
    for (let i = 0; i < nRuns; i += 1) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      tab.setDefaultTimeout(30 * 60 * 1000);
      await tab.goto(`${pathToFileURL(page).href}#bench`);
      const readyMs = await tab.evaluate(() => window.infantAllBench.ready);
      const t0 = Date.now();
      await tab.setInputFiles('#bench-file', csvFile);
      const loaded = await tab.evaluate(() => window.infantAllBench.loadSelected());
      const r = await tab.evaluate(async (req) => {
        const b = window.infantAllBench;
        const t = performance.now();
        const res = await b.run(req);
        return { analyzeMs: performance.now() - t, result: res, heap: await b.heapBytes() };
      }, { command: 'analyze', today: TODAY, times: [1, 3, 6] });
      const wallMs = Date.now() - t0;
      // parse: the engine's read of the bytes, hand-off to the worker included (reading the file
      // off the disk, loaded.readMs, is the browser's and not counted, like read_file natively).
      const timings = { ...r.result.timings_ms, parse: loaded.loadMs };
      out.push({ wallMs, readyMs, heapMb: r.heap / 1048576, out: { ...r.result, timings_ms: timings } });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const row = engineRow('page (WASM, Chromium)', out);
  row.heap = stats(out.map((o) => o.heapMb));
  row.ready = stats(out.map((o) => o.readyMs));
  return row;
}

// R (survival + cmprsk) on the same file, classifying it itself (scripts/bench/analysis.R).
function benchR(csv, reader, nRuns) {
  const rr = [];
  for (let i = 0; i < nRuns; i += 1) {
    rr.push(timed('Rscript', [join(root, 'scripts/bench/analysis.R'), csv, reader]));
  }
  const parts = {};
  const map = { parse: 'read', classify: 'classify', endpoints: 'endpoints', km_efs: 'km_efs',
    km_os: 'km_os', logrank_efs: 'logrank_efs', cuminc_cir: 'cuminc_cir', cox_efs: 'cox_efs' };
  for (const p of PARTS) parts[p] = stats(rr.map((r) => r.out.timings_ms[map[p]]));
  return {
    way: `R ${rr[0].out.reader}`, wall: stats(rr.map((r) => r.wallMs)),
    rss: stats(rr.map((r) => r.rssMb)), parts, numbers: numbersOfR(rr[0].out),
  };
}

// What a user waits for: the page opened on the cohort tab, the file chosen in its file input,
// until the last panel of the first screen (the Cox table) is drawn and nothing is busy. Timed in
// the page (performance.now), checked on every animation frame; engine start-up not included.
async function benchPageFlow(csvFile, nRuns) {
  const browser = await launchChromium();
  const walls = [];
  try {
    for (let i = 0; i < nRuns; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const tab = await context.newPage();
      tab.setDefaultTimeout(30 * 60 * 1000);
      await tab.goto(pathToFileURL(page).href);
      await tab.locator('#engine-status[data-state="ready"]').waitFor();
      await tab.click('#tab-cohort');
      await tab.evaluate(() => {
        const input = document.getElementById('cohort-file');
        input.addEventListener('change', () => { window.__chosen = performance.now(); }, { capture: true });
      });
      await tab.setInputFiles('#cohort-file', csvFile);
      const handle = await tab.waitForFunction(() => {
        const busy = document.getElementById('cohort-busy');
        return document.getElementById('cohort-cox-table') && busy && busy.hidden
          ? performance.now() - window.__chosen : false;
      }, null, { polling: 'raf' });
      walls.push(await handle.jsonValue());
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const parts = Object.fromEntries(PARTS.map((p) => [p, undefined]));
  return { way: 'page flow (file chosen -> drawn)', wall: stats(walls), parts, flow: true };
}

function fmt(s, digits = 0) {
  if (!s || Number.isNaN(s.median)) return '-';
  const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits || (x >= 10 ? 1 : 2)));
  return `${f(s.median)} (${f(s.min)}-${f(s.max)})`;
}

async function main() {
  const results = [];
  for (const n of sizes) {
    const csv = join(dataDir, `cohort_${n}.csv`);
    if (!existsSync(csv)) throw new Error(`${csv} missing: run scripts/bench.sh`);
    const mb = statSync(csv).size / 1e6;
    const rows = [];
    const cliArgs = ['analyze', '--csv', csv, '--today', TODAY, '--times', '1,3,6'];
    process.stderr.write(`bench: ${n} rows (${mb.toFixed(1)} MB): native`);
    const nat = [];
    for (let i = 0; i < runs; i += 1) nat.push(timed(nativeCli, cliArgs));
    rows.push(engineRow('native', nat));
    process.stderr.write(', wasm (node)');
    const wasm = [];
    for (let i = 0; i < runs; i += 1) wasm.push(timed(process.execPath, [wasmCli, ...cliArgs]));
    rows.push(engineRow('WASM (node)', wasm));
    if (!flag('--no-page')) {
      process.stderr.write(', page');
      rows.push(await benchPage(csv, runs));
    }
    if (!flag('--no-page')) {
      process.stderr.write(', page flow');
      rows.push(await benchPageFlow(csv, runs));
    }
    if (!flag('--no-r')) {
      for (const reader of ['fread', 'read.csv']) {
        process.stderr.write(`, R ${reader}`);
        rows.push(benchR(csv, reader, runs));
      }
    }
    process.stderr.write('\n');
    // Agreement: every way's numbers against native's.
    for (const r of rows.slice(1)) {
      if (r.numbers) r.agree = maxRelDiff(rows[0].numbers, r.numbers);
    }
    results.push({ n, mb, rows });
  }
  const report = render(results);
  process.stdout.write(report);
  if (!flag('--no-doc')) writeDoc(report);
  const bad = results.flatMap((s) => s.rows.filter((r) => r.agree > TOL).map((r) => `${s.n} ${r.way}`));
  if (bad.length) {
    console.error(`bench: numbers disagree beyond ${TOL}: ${bad.join(', ')}`);
    process.exit(1);
  }
}

function machine() {
  const v = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
    } catch {
      return 'not found';
    }
  };
  return [
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average at start ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    `- versions: ${v(nativeCli, ['--version'])}; ${v('g++', ['--version'])}; node ${process.version}; ${v('/usr/bin/chromium', ['--version'])}; ${v('R', ['--version'])}`,
  ].join('\n');
}

function render(results) {
  const lines = [];
  lines.push(machine(), '');
  const html = existsSync(page) ? readFileSync(page) : null;
  if (html) {
    lines.push(`Single-file page: ${(html.length / 1e6).toFixed(2)} MB raw, ${(gzipSync(html).length / 1e6).toFixed(2)} MB gzip.`, '');
  }
  for (const s of results) {
    lines.push(`### ${s.n.toLocaleString('en')} rows (${s.mb.toFixed(1)} MB CSV), median (min-max) of ${runs} runs, ms`, '');
    lines.push(`| way | whole process | ${PARTS.join(' | ')} | peak memory MB | agrees with native |`);
    lines.push(`|---|---|${PARTS.map(() => '---').join('|')}|---|---|`);
    for (const r of s.rows) {
      const mem = r.heap ? `heap ${fmt(r.heap)}` : r.rss ? `RSS ${fmt(r.rss)}` : '-';
      const agree = r.flow ? '(draws the page result)' : r.agree === undefined ? '(reference)' : r.agree.toExponential(1);
      lines.push(`| ${r.way} | ${fmt(r.wall)} | ${PARTS.map((p) => fmt(r.parts[p])).join(' | ')} | ${mem} | ${agree} |`);
    }
    const way = (prefix) => s.rows.find((r) => r.way.startsWith(prefix));
    const by = {
      native: way('native'), wasm: way('WASM'), page: way('page (WASM'), flow: way('page flow'),
      fread: way('R data.table'), readcsv: way('R read.csv'),
    };
    const sum = (r, keys) => keys.reduce((a, k) => a + (r.parts[k]?.median ?? 0), 0);
    const notes = [];
    // R's parts, read to Cox, classification included: its compute without R's start-up.
    for (const r of [by.fread, by.readcsv].filter(Boolean)) {
      const rMs = sum(r, PARTS);
      if (by.flow) {
        notes.push(`page flow (file chosen -> drawn) vs ${r.way} (read .. Cox): ${(rMs / by.flow.wall.median).toFixed(1)}x faster`);
      }
      if (by.native) {
        notes.push(`native vs ${r.way}, all parts: ${(rMs / sum(by.native, PARTS)).toFixed(1)}x faster`);
      }
    }
    if (by.page && by.native) {
      notes.push(`page / native, all parts: ${(sum(by.page, PARTS) / sum(by.native, PARTS)).toFixed(2)}x`);
    }
    if (by.wasm && by.native) {
      notes.push(`WASM (node) / native, all parts: ${(sum(by.wasm, PARTS) / sum(by.native, PARTS)).toFixed(2)}x`);
    }
    if (by.native) {
      notes.push(`native parse: ${(s.mb / (by.native.parts.parse.median / 1000)).toFixed(0)} MB/s; classify: ${(by.native.parts.classify.median * 1e6 / s.n).toFixed(0)} ns a row`);
    }
    if (by.page?.ready) notes.push(`page: engine ready ${fmt(by.page.ready)} ms after navigation (file://)`);
    lines.push('', ...notes.map((x) => `- ${x}`), '');
  }
  return `${lines.join('\n')}\n`;
}

function writeDoc(report) {
  const doc = join(root, 'docs/PERFORMANCE.md');
  const begin = '<!-- bench.sh begin -->';
  const end = '<!-- bench.sh end -->';
  let text = readFileSync(doc, 'utf8');
  const block = `${begin}\n${report}${end}`;
  if (text.includes(begin)) {
    text = text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length);
  } else {
    text += `\n## Four-way benchmark (scripts/bench.sh)\n\n${block}\n`;
  }
  writeFileSync(doc, text);
}

await main();
