// The one-patient form from file://: the Interfant-06 worked examples (numbered as in
// tests/classify_test.cpp) typed into the page give their groups, the Interfant-06 Table 1
// example gives relative hazard 13.73, an invalid entry is explained next to its field without
// wiping the rest, and the page agrees with the CLI row for row. No request leaves the page, no console error, no CSP violation, nothing stored.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  distDir, launch, record, requireBuilt, root, screenshotPath, serve, singleFileUrl,
} from './harness.mjs';

// The CLI the page is held against; INFANT_ALL_CLI points elsewhere (e.g. another build tree).
const cli = process.env.INFANT_ALL_CLI || join(root, 'build/native-release/cli/infant-all');

// Interfant-06 Table 1 example (relative hazard 13.73): t(4;11), < 6 months, WBC >= 300, PPR, CD10-, female.
const TABLE1_EXAMPLE = {
  kmt2a_status: 'rearranged', kmt2a_partner: 't(4;11)', age_days: '100', wbc: '350',
  wbc_unit: 'x10^9/L', pred_response: 'PPR', immunophenotype: 'B', cd10: 'negative', sex: 'female',
};
// Interfant-06 worked example #7: prednisone response unknown -> indeterminate [MR, HR].
const EXAMPLE_7 = { kmt2a_status: 'rearranged', age_days: '100', wbc: '100', wbc_unit: 'x10^9/L' };
// Interfant-06 worked example #1: germline -> LR definite.
const EXAMPLE_1 = { kmt2a_status: 'germline', age_days: '30', wbc: '500', wbc_unit: 'x10^9/L', pred_response: 'PPR' };
// WBC 300,000 /uL = 300 x10^9/L: HR-eligible.
const WBC_PER_UL = { kmt2a_status: 'rearranged', age_days: '100', wbc: '300000', wbc_unit: '/uL', pred_response: 'PGR' };

let browser;
let context;
let page;
let rec;
let tmp;

before(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'infant-all-patient-'));
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  rec = await record(context, (u) => u === singleFileUrl || u.startsWith('blob:'));
  page = rec.watch(await context.newPage());
  await page.goto(singleFileUrl);
  await page.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
  await settled();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Waits until the debounced classification of the latest input has been rendered.
async function settled() {
  await page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });
}

async function fillForm(fields, on = page) {
  await on.click('#pv-clear');
  for (const [name, value] of Object.entries(fields)) {
    const sel = `#pf-${name}`;
    const tag = await on.$eval(sel, (n) => n.tagName);
    if (tag === 'SELECT') await on.selectOption(sel, value);
    else await on.fill(sel, value);
  }
  await on.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });
}

async function shown() {
  return page.$eval('#pv-result', (n) => ({
    group: n.dataset.group, status: n.dataset.status,
    candidates: n.dataset.candidates ? n.dataset.candidates.split(',') : [],
    headline: n.querySelector('[data-testid="group"]').textContent,
  }));
}

// The CLI's answer for the same fields, as one CSV row, with the same "today".
function cliRow(fields, protocol = 'interfant06') {
  const names = Object.keys(fields);
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const csv = `${['patient_id', ...names].join(',')}\n${['P1', ...names.map((n) => q(fields[n]))].join(',')}\n`;
  const path = join(tmp, 'patient.csv');
  writeFileSync(path, csv);
  const today = new Date().toISOString().slice(0, 10);
  const out = execFileSync(cli, ['classify', '--csv', path, '--delimiter', ',', '--protocol', protocol,
    '--today', today], { encoding: 'utf8' });
  return JSON.parse(out).rows[0];
}

async function assertSameAsCli(fields, protocol = 'interfant06') {
  const page_ = await shown();
  const row = cliRow(fields, protocol);
  assert.equal(page_.group, row.group || '', 'group as the CLI');
  assert.equal(page_.status, row.status, 'status as the CLI');
  assert.deepEqual(page_.candidates, row.candidates, 'candidates as the CLI');
}

test('Interfant-06 Table 1 example: HR (high risk), definite, relative hazard 13.73', async () => {
  await fillForm(TABLE1_EXAMPLE);
  const r = await shown();
  assert.equal(r.group, 'HR');
  assert.equal(r.status, 'definite');
  assert.match(r.headline, /^HR \(high risk\)$/);
  const product = await page.textContent('[data-testid="rh-table1"]');
  assert.match(product, /×13\.73 the hazard/);
  // Table 2 is shown for KMT2A-r with its own product (1.21 printed as published).
  const t2 = await page.textContent('[data-testid="rh-table2"]');
  assert.match(t2, /×7\.76/);
  // Never a bare "HR" in the hazard panel: hazard ratios are spelled out.
  const hazardText = await page.textContent('.pv-hazard');
  assert.doesNotMatch(hazardText.replace(/HR \((high|medium|low)[^)]*\)/g, ''), /\bHR\b/);
  assert.match(hazardText, /Hazard ratio/);
  // The published outcome figures are there, with their source cited.
  assert.match(await page.textContent('.pv-outcomes'), /Pieters et al\., J Clin Oncol 2019/);
  await assertSameAsCli(TABLE1_EXAMPLE);

  await page.screenshot({ path: screenshotPath('patient-form.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('patient-form-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('Interfant-06 example #7: prednisone response unknown -> cannot be settled, [MR, HR], missing shown', async () => {
  await fillForm(EXAMPLE_7);
  const r = await shown();
  assert.equal(r.status, 'indeterminate');
  assert.deepEqual([...r.candidates].sort(), ['HR', 'MR']);
  assert.equal(r.headline, 'Cannot be settled yet');
  const missing = page.locator('[data-testid="missing"] button[data-field="pred_response"]');
  assert.match(await missing.textContent(), /Prednisone response/);
  await missing.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pf-pred_response');
  await assertSameAsCli(EXAMPLE_7);
});

test('Interfant-06 example #1: KMT2A germline -> LR (low risk), definite', async () => {
  await fillForm(EXAMPLE_1);
  const r = await shown();
  assert.equal(r.group, 'LR');
  assert.equal(r.status, 'definite');
  assert.match(r.headline, /LR \(low risk\)/);
  await assertSameAsCli(EXAMPLE_1);
});

test('WBC 300000 /µL is 300 ×10⁹/L: HR-eligible', async () => {
  await fillForm(WBC_PER_UL);
  const r = await shown();
  assert.equal(r.group, 'HR');
  assert.equal(r.status, 'definite');
  await assertSameAsCli(WBC_PER_UL);
});

test('Interfant-06 example #17: dates across the 6-month boundary -> MR with the boundary warning in words', async () => {
  const fields = { kmt2a_status: 'rearranged', dob: '2024-08-31', diagnosis_date: '2025-02-28',
    wbc: '400', wbc_unit: 'x10^9/L', pred_response: 'PGR' };
  await fillForm(fields);
  const r = await shown();
  assert.equal(r.group, 'MR');
  assert.equal(r.status, 'definite');
  const flags = await page.textContent('[data-testid="flags"]');
  assert.match(flags, /181–184 days/);
  assert.match(flags, /AGE_NEAR_6_MONTH_BOUNDARY/);
  await assertSameAsCli(fields);
});

test('the protocol selector: #7 under Interfant-21 is MR (unknown prednisone response counts as good)', async () => {
  await fillForm(EXAMPLE_7);
  await page.selectOption('#pv-protocol', 'interfant21');
  await settled();
  const r = await shown();
  assert.equal(r.group, 'MR');
  assert.equal(r.status, 'definite');
  assert.match(await page.textContent('.pv-protocol'), /Interfant-21/);
  await assertSameAsCli(EXAMPLE_7, 'interfant21');
  await page.selectOption('#pv-protocol', 'interfant06');
  await settled();
});

test('an invalid age (-5 days) is explained at its field and keeps every other input', async () => {
  await fillForm({ ...TABLE1_EXAMPLE, age_days: '-5' });
  const err = page.locator('#pf-age_days-err');
  await err.waitFor({ state: 'visible' });
  assert.ok((await err.textContent()).length > 10, 'a readable message');
  assert.equal(await page.getAttribute('#pf-age_days', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#pf-age_days', 'aria-describedby'), /pf-age_days-err/);
  assert.equal(await page.inputValue('#pf-age_days'), '-5');
  assert.equal(await page.inputValue('#pf-wbc'), '350');
  assert.equal(await page.inputValue('#pf-kmt2a_status'), 'rearranged');
  assert.equal(await page.inputValue('#pf-pred_response'), 'PPR');
  const r = await shown();
  assert.notEqual(r.status, 'definite');
  await page.screenshot({ path: screenshotPath('patient-form-invalid.png'), fullPage: false });
  // Correcting the value clears the message.
  await page.fill('#pf-age_days', '100');
  await settled();
  assert.equal(await err.isHidden(), true);
  assert.equal((await shown()).group, 'HR');
});

test('compare all protocols: one row per protocol', async () => {
  await fillForm(TABLE1_EXAMPLE);
  await page.check('#pv-compare');
  await settled();
  const rows = await page.$$eval('.pv-compare-table tbody tr', (trs) => trs.map((t) => t.dataset.protocol));
  assert.deepEqual(rows, ['interfant06', 'interfant99', 'mll10', 'interfant21', 'aall0631']);
  await page.screenshot({ path: screenshotPath('patient-compare.png'), fullPage: false });
  await page.uncheck('#pv-compare');
  await settled();
});

test('every select defaults to Unknown, Clear form empties the form, and nothing is stored', async () => {
  await fillForm(TABLE1_EXAMPLE);
  await page.click('#pv-clear');
  await settled();
  const values = await page.$$eval('.pf-form input, .pf-form select', (ns) => ns.map((n) => n.value));
  assert.ok(values.every((v) => v === ''), 'all fields empty / Unknown');
  const labelled = await page.$$eval('.pf-form input, .pf-form select',
    (ns) => ns.every((n) => document.querySelector(`label[for="${n.id}"]`)));
  assert.ok(labelled, 'every input has a visible <label for>');
  const stored = await page.evaluate(() => {
    try { return localStorage.length + sessionStorage.length; } catch { return 0; }
  });
  assert.equal(stored, 0);
});

test('keyboard: protocol, compare, clear, print, then the form fields in reading order', async () => {
  await page.focus('#pv-protocol');
  const order = [];
  // Five steps: a date input's own day/month/year segments take Tab presses after that.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  assert.deepEqual(order, ['pv-compare', 'pv-clear', 'pv-print-button', 'pf-patient_id', 'pf-sex']);
});

test('no request left the page, no console error, no CSP violation', () => {
  assert.deepEqual(rec.leaks, [], 'requests left the page');
  assert.deepEqual(rec.consoleErrors, [], 'console errors');
  assert.deepEqual(rec.pageErrors, [], 'page errors');
  assert.deepEqual(rec.csp, [], 'CSP violations');
});

test('the served site gives the same answer and requests only its own files', async () => {
  const server = await serve(join(distDir, 'site'));
  const ctx = await browser.newContext();
  try {
    const r2 = await record(ctx, (u) => u.startsWith(server.url) || u.startsWith('blob:'));
    const p2 = r2.watch(await ctx.newPage());
    await p2.goto(server.url);
    await p2.locator('#engine-status[data-state="ready"]').waitFor({ timeout: 20000 });
    await fillForm(TABLE1_EXAMPLE, p2);
    assert.equal(await p2.getAttribute('#pv-result', 'data-group'), 'HR');
    assert.match(await p2.textContent('[data-testid="rh-table1"]'), /×13\.73/);
    assert.deepEqual(r2.leaks, []);
    assert.deepEqual(r2.consoleErrors, []);
    assert.deepEqual(r2.pageErrors, []);
    assert.deepEqual(r2.csp, []);
  } finally {
    await ctx.close();
    server.close();
  }
});
