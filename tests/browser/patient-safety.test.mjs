// Clinical input safety on the page (docs/CLINICAL-INPUTS.md): a date is spelled out as read,
// whatever the browser's locale; the age the rules used is in the headline; every corpus
// spelling the form can express gives the CLI's answer; "About these rules" is the engine's own
// rule table; a cohort file with ragged rows loads with a warning that counts them, never a
// green success; the result speaks in clinical notation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoSuite, openPage, runCli } from './cohort-helpers.mjs';
import { root, screenshotPath } from './harness.mjs';
import { readCorpus } from '../js/corpus.mjs';

const suite = demoSuite('infant-all-safety-');

const corpus = readCorpus(root);

async function settled(page) {
  await page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });
}

async function fill(page, fields) {
  await page.click('#pv-clear');
  for (const [name, value] of Object.entries(fields)) {
    const sel = `#pf-${name}`;
    if (await page.$eval(sel, (n) => n.tagName) === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
  await settled(page);
}

const shown = (page) => page.$eval('#pv-result', (n) => ({
  group: n.dataset.group, status: n.dataset.status,
  candidates: n.dataset.candidates ? n.dataset.candidates.split(',') : [],
}));

// The CLI's classification of the same fields as one CSV row (every form field a column, blanks
// as empty cells, as the form sends them).
function cliRow(fields, protocol) {
  const names = Object.keys(fields);
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const path = join(suite.tmp, 'one.csv');
  writeFileSync(path, `${names.join(',')}\n${names.map((n) => q(fields[n])).join(',')}\n`);
  const today = new Date().toISOString().slice(0, 10);
  return runCli(['classify', '--csv', path, '--delimiter', ',', '--protocol', protocol, '--today', today]).rows[0];
}

// Context that makes each input matter to the group.
const CONTEXT = {
  kmt2a_status: { age_days: '100', wbc: '400', wbc_unit: 'x10^9/L', pred_response: 'PPR' },
  pred_response: { kmt2a_status: 'rearranged', age_days: '100', wbc: '100', wbc_unit: 'x10^9/L' },
  wbc: { kmt2a_status: 'rearranged', age_days: '100', pred_response: 'PGR' },
  day8_blasts_per_ul: { kmt2a_status: 'rearranged', age_days: '100', wbc: '100', wbc_unit: 'x10^9/L' },
  cns_status: { kmt2a_status: 'rearranged', age_days: '200' },
  cranial_nerve_palsy: { kmt2a_status: 'rearranged', age_days: '200', csf_blasts: 'no' },
  mrd_eoi: { kmt2a_status: 'rearranged', age_days: '200', wbc: '100', wbc_unit: 'x10^9/L', pred_response: 'PGR' },
};
const PROTOCOL = { cns_status: 'mll10', cranial_nerve_palsy: 'mll10', mrd_eoi: 'interfant21' };

test('every corpus spelling the form can express gives the CLI\'s group, status and candidates', async () => {
  const { context, page, rec } = await openPage(suite.browser);
  try {
    // What the form can hold: any text in a text input, an option's value in a select.
    const options = await page.$$eval('.pf-form select', (ss) => Object.fromEntries(
      ss.map((s) => [s.name, [...s.options].map((o) => o.value)])));
    const rows = corpus.filter((r) => CONTEXT[r.field] && (!options[r.field] || options[r.field].includes(r.text)));
    assert.ok(rows.length >= 80, `${rows.length} corpus rows expressible`);
    let lastProtocol = 'interfant06';
    for (const r of rows) {
      const protocol = PROTOCOL[r.field] || 'interfant06';
      if (protocol !== lastProtocol) {
        await page.selectOption('#pv-protocol', protocol);
        lastProtocol = protocol;
      }
      const fields = { ...CONTEXT[r.field], [r.field]: r.text };
      await fill(page, fields);
      const got = await shown(page);
      const formFields = await page.$$eval('.pf-form input, .pf-form select',
        (ns) => Object.fromEntries(ns.map((n) => [n.name, n.value.trim()])));
      const want = cliRow(formFields, protocol);
      const label = `${r.field} '${r.text}' under ${protocol}`;
      assert.equal(got.status, want.status, label);
      assert.equal(got.group, want.group || '', label);
      assert.deepEqual(got.candidates, want.candidates, label);
      if (r.expected === 'invalid') assert.equal(got.status, 'invalid', `${label}: unreadable is invalid`);
    }
    assert.deepEqual(rec.leaks, []);
    assert.deepEqual(rec.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('a date is spelled out as read, and the age the rules used is in the headline', async () => {
  // A month-first locale shows 02/03/2025 for 3 February: the words leave no doubt.
  const { context, page } = await openPage(suite.browser, { locale: 'en-US' });
  try {
    await fill(page, { kmt2a_status: 'rearranged', dob: '2024-08-31', diagnosis_date: '2025-02-03',
      wbc: '100', wbc_unit: 'x10^9/L', pred_response: 'PGR' });
    assert.equal(await page.textContent('[data-testid="dob-read"]'), 'Read as 31 August 2024');
    assert.equal(await page.textContent('[data-testid="diagnosis_date-read"]'), 'Read as 3 February 2025');
    // 2024-08-31 to 2025-02-03: 156 days (hand count: 30 + 31 + 30 + 31 + 31 + 3).
    assert.match(await page.textContent('[data-testid="age"]'), /156 days \(5\.1 months\), from the dates/);
    assert.ok(await page.isVisible('[data-testid="age"]'), 'the age is visible, not in a collapsed trace');
    await fill(page, { age_days: '183' });
    assert.match(await page.textContent('[data-testid="age"]'), /183 days \(6\.0 months\), as given in days/);
    // The boundary warning in words, without an internal section number.
    assert.match(await page.textContent('[data-testid="flags"]'), /181–184 days/);
    assert.doesNotMatch(await page.textContent('#pv-result'), /spec \d|§/);
    await page.screenshot({ path: screenshotPath('patient-dates-in-words.png'), fullPage: false });
  } finally {
    await context.close();
  }
});

test('the result speaks clinically: no section references, no x10^9/L or 1e-4, SCT as a note, notes once', async () => {
  const { context, page } = await openPage(suite.browser);
  try {
    // MR with MRD before OCTADA(D) 1e-4 (Interfant-06 example #20): the SCT recommendation is a note.
    await fill(page, { kmt2a_status: 'rearranged', wbc: '350', wbc_unit: 'x10^9/L',
      pred_response: 'PGR', mrd_pre_octada: '1e-4', mrd_unit: 'fraction', diagnosis_date: '2008-01-15',
      dob: '2007-07-01' });
    assert.equal((await shown(page)).group, 'MR');
    const text = await page.textContent('#pv-result');
    for (const bad of [/spec \d/i, /§/, /\[AMBIGUOUS\]/, /\[UNVERIFIED\]/, /x10\^9/, /\b1e-4\b/, />=/]) {
      assert.doesNotMatch(text, bad, `shown text has ${bad}`);
    }
    const warnings = await page.$$eval('[data-testid="flags"] li', (ls) => ls.map((l) => l.textContent));
    assert.ok(!warnings.some((w) => /SCT_RECOMMENDED|transplant recommended/.test(w)), 'SCT is not a warning');
    const notes = await page.$$eval('.pv-notes-block li', (ls) => ls.map((l) => l.textContent));
    assert.equal(new Set(notes).size, notes.length, 'no note twice');
    assert.ok(notes.some((n) => /not yet in force/.test(n)), 'diagnosed before June 2009: historical');
    // Published figures with the paper's precision and citation: 6-9 months 49.0% (SE 4.0).
    const outcomes = await page.textContent('.pv-outcomes');
    assert.match(outcomes, /49\.0%/);
    assert.match(outcomes, /J Clin Oncol 2019/);
    // Blinatumomab figures sit under their caveats, apart from the group's EFS.
    assert.match(await page.textContent('.pv-blina'), /not randomised/i);
    // A germline infant: no whole-cohort age/WBC/prednisone rows.
    await fill(page, { kmt2a_status: 'germline', age_days: '30', wbc: '500', wbc_unit: 'x10^9/L' });
    assert.equal((await shown(page)).group, 'LR');
    const lr = await page.textContent('.pv-outcomes');
    assert.doesNotMatch(lr, /0–3 mo|0-3 mo|WBC ×10⁹\/L: ≥ 300/);
    // An unreadable KMT2A text: invalid, said at the field.
    await fill(page, { age_days: '100', wbc: '400', wbc_unit: 'x10^9/L' });
    await page.selectOption('#pf-kmt2a_status', 'pending');
    await settled(page);
    assert.equal((await shown(page)).status, 'indeterminate', 'pending reads as unknown');
  } finally {
    await context.close();
  }
});

test('"About these rules" shows the engine\'s rule table for the chosen protocol', async () => {
  const { context, page } = await openPage(suite.browser);
  try {
    const rules = JSON.parse(execFileSync(join(root, 'build/native-release/cli/infant-all'), ['rules'], { encoding: 'utf8' }));
    await page.click('#pv-about > summary');
    for (const protocol of ['interfant06', 'mll10', 'interfant21']) {
      await page.selectOption('#pv-protocol', protocol);
      await page.waitForSelector(`.pa-about[data-protocol="${protocol}"]`);
      const shownRules = await page.$$eval('.pa-groups .pa-rule', (tds) => tds.map((t) => t.textContent));
      const want = rules.find((r) => r.protocol === protocol);
      assert.deepEqual(shownRules, want.groups.map((g) => g.rule), protocol);
      const about = await page.textContent('.pa-about');
      for (const s of want.sources) assert.ok(about.includes(s), `${protocol} source ${s}`);
    }
    await page.selectOption('#pv-protocol', 'interfant06');
    // The KMT2A spellings hint comes from the vocabulary.
    assert.match(await page.textContent('.pf-group-kmt2a .pf-spellings'), /MLL FISH negative/);
  } finally {
    await context.close();
  }
});

test('a cohort file with ragged rows loads with a warning counting them, not a green success', async () => {
  const path = join(suite.tmp, 'ragged.csv');
  const lines = ['time,status,group'];
  for (let i = 1; i <= 40; i++) lines.push(i % 10 === 0 ? `${i},1,a,extra` : `${i},${i % 3 === 0 ? 1 : 0},${i % 2 ? 'a' : 'b'}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const { context, page } = await openPage(suite.browser);
  try {
    await page.click('#tab-cohort');
    await page.setInputFiles('#cohort-file', path);
    const msg = page.locator('.cohort-message.warning');
    await msg.waitFor();
    const text = await msg.textContent();
    assert.match(text, /36 of 40 data rows read/);
    assert.match(text, /4 rows have the wrong number of fields/);
    assert.match(text, /row 10 \(line 11: 4 fields, expected 3\)/);
    assert.equal(await page.locator('.cohort-message.ok').count(), 0);
    // The CLI says the same of the same file, in every analysis.
    const km = runCli(['km', '--csv', path, '--time', 'time', '--event', 'status', '--group', 'group']);
    assert.equal(km.n_excluded, 4);
    assert.deepEqual(km.excluded_rows, [10, 20, 30, 40]);
    assert.match(km.excluded[0].reason, /ragged row: 4 fields, expected 3/);
    assert.equal(km.n_rows_file, 40);
  } finally {
    await context.close();
  }
});
