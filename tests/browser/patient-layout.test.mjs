// The patient view's layout (issue 19, items 5 and 7): the result stays in view while the form
// is filled to its last field, at 1366x768 and on a 390 px phone; no table is cut off on the
// phone; "Skip to the result" is among the first tab stops and moves focus into the result; the
// printed summary is one A4 page with the identifier, the group and the reasons and no form;
// axe finds no violation at either size.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { assertClean, openPage } from './cohort-helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Interfant-06 Table 1 example (HR, definite), as in patient.test.mjs, then the form's last field.
const PATIENT = {
  patient_id: 'TEST-ID-4711', kmt2a_status: 'rearranged', kmt2a_partner: 't(4;11)', age_days: '100',
  wbc: '350', wbc_unit: 'x10^9/L', pred_response: 'PPR', immunophenotype: 'B', cd10: 'negative',
  sex: 'female', bcr_abl1: 'negative', study_group: 'DCOG',
};
// Interfant-06 worked example #7: prednisone response unknown -> not settled, MR or HR.
const UNSETTLED = { patient_id: 'TEST-ID-0007', kmt2a_status: 'rearranged', age_days: '100', wbc: '100', wbc_unit: 'x10^9/L' };
const WIDE = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser;
before(async () => {
  requireBuilt();
  browser = await launch();
});
after(async () => browser && browser.close());

// window.print is replaced by a counter: the test drives print media itself.
const open = (viewport, opts = {}) => openPage(browser, {
  viewport, init: () => { window.__printCalls = 0; window.print = () => { window.__printCalls += 1; }; }, ...opts,
});

// Fills the form in its order, each field scrolled into view as a user would reach it.
async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const sel = `#pf-${name}`;
    await page.locator(sel).scrollIntoViewIfNeeded();
    if ((await page.$eval(sel, (n) => n.tagName)) === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
  await page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });
}

// Whether the element lies wholly inside the window and inside every scrolling box around it.
const inView = (page, sel) => page.$eval(sel, (el) => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  let ok = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  for (let p = el.parentElement; p && ok; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (!/(auto|scroll|hidden)/.test(s.overflowY + s.overflowX)) continue;
    const b = p.getBoundingClientRect();
    ok = r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
  }
  return ok;
});

for (const [size, viewport, groupSel] of [['1366x768', WIDE, '#pv-result [data-testid="group"]'],
  ['390x844', PHONE, '[data-testid="summary-group"]']]) {
  test(`${size}: the risk group stays in view with the form filled to its last field`, async () => {
    const { context, rec, page } = await open(viewport);
    await fill(page, PATIENT);
    // Scrolled down: the last field is on screen, the top of the form is not.
    assert.ok(await inView(page, '#pf-study_group'), 'the last field is on screen');
    assert.ok(await page.evaluate(() => scrollY > 300), `scrolled down (${await page.evaluate(() => scrollY)} px)`);
    assert.equal(await inView(page, '#pf-sex'), false, 'the first fields are scrolled away');
    assert.ok(await inView(page, groupSel), `${groupSel} is inside the viewport`);
    assert.equal(await page.textContent(groupSel), 'HR (high risk)');
    await page.screenshot({ path: screenshotPath(`patient-layout-${size}.png`) });
    if (viewport === PHONE) {
      // The summary's reason line and its link to the full result.
      assert.match(await page.textContent('[data-testid="summary-reason"]'), /KMT2A/);
      assert.equal(await page.getAttribute('#pv-summary-live', 'aria-live'), 'polite');
      await page.click('.pv-sum-more');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'pv-result-panel');
      assert.ok(await inView(page, '#pv-result-h'), 'the full result is scrolled to');
    } else {
      assert.equal(await page.isVisible('.pv-sum-more'), false, 'no summary bar on a wide screen');
    }
    await context.close();
    assertClean(rec);
  });
}

test('390x844: the summary follows typing, and no table is cut off', async () => {
  const { context, rec, page } = await open(PHONE);
  await fill(page, UNSETTLED);
  assert.match(await page.textContent('[data-testid="summary-group"]'), /Not settled: .*MR.* or .*HR/);
  assert.match(await page.textContent('[data-testid="summary-reason"]'), /Prednisone response/);
  await fill(page, { pred_response: 'PPR' });
  assert.equal(await page.textContent('[data-testid="summary-group"]'), 'HR (high risk)');
  // Every table on show: all protocols side by side, Table 1 and 2 of the hazard panel, the trace.
  await fill(page, PATIENT);
  await page.check('#pv-compare');
  await page.waitForSelector('#pv-result[data-pending="false"] .pv-compare-table', { timeout: 15000 });
  await page.evaluate(() => { for (const d of document.querySelectorAll('#patient-view details')) d.open = true; });
  const tables = await page.$$eval('#patient-view table', (all) => all.filter((t) => t.checkVisibility()).map((t) => {
    const box = t.parentElement;
    const s = getComputedStyle(box);
    return {
      cls: t.className, width: t.scrollWidth, room: box.clientWidth,
      region: /(auto|scroll)/.test(s.overflowX) && box.tabIndex === 0 && box.getAttribute('role') === 'region' &&
        Boolean(box.getAttribute('aria-label')),
      boxRight: box.getBoundingClientRect().right,
    };
  }));
  assert.ok(tables.length >= 5, `${tables.length} tables shown`);
  for (const t of tables) {
    assert.ok(t.width <= t.room || t.region, `${t.cls}: ${t.width} px in ${t.room} px without a scroll region`);
    assert.ok(t.boxRight <= 390, `${t.cls}: its box ends at ${t.boxRight} px`);
  }
  // At least the outcome figures are wider than a phone: they scroll inside their region.
  assert.ok(tables.some((t) => t.width > t.room), 'some table scrolls sideways');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    'the page itself does not scroll sideways');
  await page.screenshot({ path: screenshotPath('patient-layout-390x844-tables.png'), fullPage: true });
  await context.close();
  assertClean(rec);
});

for (const [size, viewport] of [['1366x768', WIDE], ['390x844', PHONE]]) {
  test(`${size}: keyboard only, Tab reaches "Skip to the result" within 3 stops and it moves focus into the result`, async () => {
    const { context, rec, page } = await open(viewport);
    await page.waitForSelector('#pv-result[data-pending="false"]', { timeout: 15000 });
    let stops = 0;
    let id = '';
    while (stops < 3 && id !== 'pv-skip') {
      await page.keyboard.press('Tab');
      stops += 1;
      id = await page.evaluate(() => document.activeElement.id);
    }
    assert.equal(id, 'pv-skip', `after ${stops} Tab presses focus is on #${id}`);
    assert.equal(await page.textContent('#pv-skip'), 'Skip to the result');
    // Visible focus: shown on screen, with an outline.
    assert.ok(await inView(page, '#pv-skip'), 'the focused skip link is on screen');
    assert.notEqual(await page.$eval('#pv-skip', (n) => getComputedStyle(n).outlineStyle), 'none');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'pv-result-panel');
    assert.ok(await inView(page, '#pv-result-h'), 'the result heading is on screen');
    // The next stop is inside the result.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.getElementById('pv-result-panel').contains(document.activeElement) &&
      document.activeElement.id !== 'pv-result-panel'), 'Tab continues inside the result');
    if (viewport === PHONE) {
      // Focus not obscured: every field reached with Shift+Tab, going up the form, shows below
      // the pinned summary (going down, the browser scrolls a field in at the bottom).
      await page.focus('#pf-study_group');
      const hidden = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Shift+Tab');
        const r = await page.evaluate(() => {
          const a = document.activeElement.getBoundingClientRect();
          return { id: document.activeElement.id, top: a.top, bar: document.getElementById('pv-summary').getBoundingClientRect().bottom };
        });
        if (r.top < r.bar) hidden.push(`${r.id} at ${Math.round(r.top)} px, summary ends at ${Math.round(r.bar)} px`);
      }
      assert.deepEqual(hidden, []);
    }
    await context.close();
    assertClean(rec);
  });
}

// Pages of a PDF: one /Type /Page object each (not /Pages, the tree).
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

for (const [name, fields, expect] of [['definite', PATIENT, /HR \(high risk\)/], ['not settled', UNSETTLED, /Cannot be settled yet/]]) {
  test(`print (${name}): one A4 page with the identifier, engine version, group, reasons, and no form`, async () => {
    const { context, rec, page } = await open(WIDE, { colorScheme: 'dark' });
    await fill(page, fields);
    await page.click('#pv-print-button');
    assert.equal(await page.evaluate(() => window.__printCalls), 1, 'the Print button prints');
    await page.emulateMedia({ media: 'print' });
    const text = await page.evaluate(() => document.body.innerText);
    const version = (await page.textContent('#engine-status')).match(/engine (\S+) ready/)[1];
    assert.match(text, new RegExp(fields.patient_id));
    assert.match(text, new RegExp(`engine ${version.replace(/\./g, '\\.')}`));
    assert.match(text, /Protocol:\s+Interfant-06/);
    assert.match(text, /Printed:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    assert.match(text, expect);
    assert.match(text, /How the rule was applied[\s\S]*KMT2A rearranged/);
    assert.match(text, new RegExp(`Inputs as read[\\s\\S]*WBC at diagnosis:\\s+${fields.wbc}\\b`));
    assert.match(text, /Published (outcome )?figures/);
    if (fields === UNSETTLED) assert.match(text, /Missing inputs[\s\S]*Prednisone response/);
    // Nothing from the form, its controls, the tabs or the cohort; no disclosure triangles.
    const shown = await page.evaluate(() => ['#pf-wbc', '#pv-print-button', '#pv-protocol', 'nav.views',
      '#cohort-view', '#pv-result', '#pv-summary', 'details'].filter((s) => [...document.querySelectorAll(s)].some((n) => n.checkVisibility())));
    assert.deepEqual(shown, []);
    assert.equal(await page.$$eval('#pv-print input, #pv-print select, #pv-print button, #pv-print details', (n) => n.length), 0);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(255, 255, 255)', 'printed in the light palette');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pageCount(pdf), 1, 'one page');
    writeFileSync(screenshotPath(`patient-summary-${name.replace(' ', '-')}.pdf`), pdf);
    await page.screenshot({ path: screenshotPath(`patient-print-${name.replace(' ', '-')}.png`), fullPage: true });
    await context.close();
    assertClean(rec);
  });
}

test('print: the summary of each protocol, settled or not, fits on one A4 page', async () => {
  const { context, rec, page } = await open(WIDE);
  const protocols = await page.$$eval('#pv-protocol option', (os) => os.map((o) => o.value));
  assert.ok(protocols.length >= 5, protocols.join());
  const counts = {};
  for (const protocol of protocols) {
    for (const [name, fields] of [['definite', PATIENT], ['not settled', UNSETTLED]]) {
      await page.emulateMedia({ media: 'screen' });
      await page.click('#pv-clear');
      await page.selectOption('#pv-protocol', protocol);
      await fill(page, fields);
      await page.emulateMedia({ media: 'print' });
      assert.match(await page.textContent('#pv-print'), new RegExp(fields.patient_id));
      const pdf = await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
      counts[`${protocol} ${name}`] = pageCount(pdf);
    }
  }
  assert.deepEqual(Object.values(counts).filter((n) => n !== 1), [], JSON.stringify(counts));
  await context.close();
  assertClean(rec);
});

async function axe(page) {
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document.getElementById('patient-view'), {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), TAGS);
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

for (const [size, viewport] of [['1366x768', WIDE], ['390x844', PHONE]]) {
  test(`${size}: axe finds no violation in the patient view`, async () => {
    const { context, rec, page } = await open(viewport);
    await fill(page, PATIENT);
    await page.check('#pv-compare');
    await page.waitForSelector('#pv-result[data-pending="false"] .pv-compare-table', { timeout: 15000 });
    const violations = await axe(page);
    await page.screenshot({ path: screenshotPath(`patient-layout-axe-${size}.png`), fullPage: true });
    await context.close();
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    assertClean(rec);
  });
}
