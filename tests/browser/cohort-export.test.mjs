// Exports of the demo report: each figure as a PNG at 300 dpi (risk table included) that
// decodes to the pixel size its button states, with a pHYs chunk saying 300 dpi; each table as
// a formula-safe CSV that the engine's own reader (the CLI's validate) reads back with the
// values shown on the page.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, requireBuilt, screenshotPath } from './harness.mjs';
import { assertClean, downloadFrom, openDemo, parseCsv, runCli } from './cohort-helpers.mjs';

let browser;
let tmp;
before(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'infant-all-export-'));
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function downloadBytes(page, selector) {
  const dl = await downloadFrom(page, selector);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

// IHDR size and pHYs density straight from the PNG bytes.
function pngHeader(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const out = { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs') out.ppm = [buf.readUInt32BE(at + 8), buf.readUInt32BE(at + 12), buf[at + 16]];
    if (type === 'IEND') break;
    at += 12 + len;
  }
  return out;
}

test('figures export as 300-dpi PNGs of the stated size, risk table included', async () => {
  const { context, rec, page } = await openDemo(browser);
  for (const id of ['cohort-export-efs-png', 'cohort-export-os-png', 'cohort-ci-export-png']) {
    const btn = page.locator(`#${id}`);
    const stated = { width: Number(await btn.getAttribute('data-width')), height: Number(await btn.getAttribute('data-height')) };
    assert.match(await btn.textContent(), new RegExp(`300 dpi, ${stated.width} × ${stated.height} px`));
    // The SVG's CSS size times 300/96.
    const svgSize = await btn.evaluate((b) => {
      const svg = b.closest('.km-block, #cohort-ci-out').querySelector('svg.km-plot');
      return { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
    });
    assert.deepEqual(stated, { width: Math.round(svgSize.width * 300 / 96), height: Math.round(svgSize.height * 300 / 96) });

    const { name, bytes } = await downloadBytes(page, `#${id}`);
    assert.match(name, /\.png$/);
    const head = pngHeader(bytes);
    assert.deepEqual({ width: head.width, height: head.height }, stated, id);
    assert.deepEqual(head.ppm, [11811, 11811, 1], '300 dpi = 11811 pixels per metre');
    // The browser decodes it (CRCs and zlib intact) to the same size, and it is not blank.
    const decoded = await page.evaluate(async (b64) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bin], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4 * 97) if (px[i] < 100 && px[i + 1] < 100 && px[i + 2] < 100) dark += 1;
      return { width: bmp.width, height: bmp.height, dark };
    }, bytes.toString('base64'));
    assert.deepEqual({ width: decoded.width, height: decoded.height }, stated);
    assert.ok(decoded.dark > 100, `${id}: the PNG has ink (${decoded.dark} dark samples)`);
    writeFileSync(screenshotPath(`export-${id}.png`), bytes);
  }
  await context.close();
  assertClean(rec);
});

test('every table exports as CSV that the engine reads back with the values shown', async () => {
  const { context, rec, page } = await openDemo(browser);
  // Some tables (every KM step) sit in folded panels: open them so their buttons can be pressed.
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  const buttons = await page.locator('#cohort-view button.export').evaluateAll((bs) => bs
    .filter((b) => /CSV/.test(b.textContent) && b.id && !/demo-csv/.test(b.id)).map((b) => b.id));
  // Risk groups; per endpoint survival at times, differences at those times, medians,
  // restricted means and their differences, log-rank, pairwise log-rank, every step; CIR and its
  // Fine-Gray model; characteristics; Cox and its proportional-hazards test.
  assert.equal(buttons.length, 22, `CSV buttons: ${buttons}`);
  const read = {};
  for (const id of buttons) {
    const { name, bytes } = await downloadBytes(page, `#${id}`)
      .catch((err) => assert.fail(`${id}: ${err.message.split('\n')[0]}`));
    assert.match(name, /\.csv$/);
    const file = join(tmp, name);
    writeFileSync(file, bytes);
    const v = runCli(['validate', '--csv', file]).table;
    const rows = parseCsv(bytes.toString('utf8'));
    assert.equal(v.status, 'ok', id);
    assert.equal(v.n_rows, rows.length - 1, `${id}: rows read back`);
    assert.deepEqual(v.columns.map((c) => c.name), rows[0], `${id}: header`);
    assert.deepEqual(v.ragged_rows, [], id);
    read[id] = { rows, columns: v.columns };
  }
  // Cox: terms and hazard ratios as the table shows them.
  const cox = read['cohort-cox-export-csv'];
  const shown = await page.locator('#cohort-cox-table tbody tr').evaluateAll((trs) => trs.map((r) => [r.cells[0].textContent, Number(r.cells[1].dataset.hr)]));
  assert.deepEqual(cox.rows.slice(1).map((r) => [r[0], Number(r[cox.rows[0].indexOf('hr')])]), shown);
  // EFS at 6 years: the numbers of the table's cells.
  const efs = read['cohort-export-surv-at-efs'];
  const cells = await page.locator('#cohort-surv-at-efs tbody tr').evaluateAll((trs) => trs.map((r) => Number(r.cells[3].dataset.surv)));
  assert.deepEqual(efs.rows.slice(1).map((r) => Number(r[3])), cells);
  // Groups in clinical order in the file too.
  assert.deepEqual([...new Set(efs.rows.slice(1).map((r) => r[0]))], ['LR', 'MR', 'HR']);
  await context.close();
  assertClean(rec);
});
