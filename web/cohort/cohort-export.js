// Figure exports: the SVG as a file, and the same SVG drawn onto a canvas at 300 dpi as a PNG
// (journals ask for 300 dpi). The PNG carries a pHYs chunk saying 300 dpi, so a word processor
// places it at the figure's true size. Nothing here computes a statistic.
import { svgToString } from '../plot/plot-km.js';
import { h, download } from '../ui/dom.js';

export const PNG_DPI = 300;
// CSS pixels are 1/96 inch.
const SCALE = PNG_DPI / 96;

// The PNG's size in pixels for an <svg> of the given CSS size.
export function pngSize(svg) {
  const w = Number(svg.getAttribute('width'));
  const hgt = Number(svg.getAttribute('height'));
  return { width: Math.round(w * SCALE), height: Math.round(hgt * SCALE) };
}

// CRC-32 (PNG's chunk checksum, ISO 3309), table built once.
let crcTable = null;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Inserts a pHYs chunk (pixels per metre, both axes) right after IHDR.
function withDpi(png, dpi) {
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, ppm);
  view.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length+type, IHDR data, CRC
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

// Draws the figure (risk table included: it is part of the SVG) at 300 dpi; resolves with PNG
// bytes and the pixel size.
export async function svgToPng(svg) {
  const { width, height } = pngSize(svg);
  const url = URL.createObjectURL(new Blob([svgToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/png'));
    const bytes = withDpi(new Uint8Array(await blob.arrayBuffer()), PNG_DPI);
    return { bytes, width, height };
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Exported files are named after the cohort and what they hold: "demo-cohort_efs_km.csv". The
// view sets the cohort's name when a file is loaded (setExportCohort); `part` names the endpoint
// and section ("efs_km"); an empty endpoint leaves no stray separator.
let cohortStem = 'cohort';
export function fileStem(name) {
  const base = String(name || '').replace(/\s*\([^)]*\)\s*$/, '').replace(/\.[A-Za-z0-9]{1,4}$/, '');
  return base.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^[-_]+|[-_]+$/g, '') || 'cohort';
}
export function setExportCohort(name) {
  cohortStem = fileStem(name);
}
export function exportName(part, ext) {
  return `${cohortStem}_${String(part).replace(/^[-_]+|[-_]+$/g, '').replace(/_+/g, '_')}.${ext}`;
}

// A button that downloads a text file: its name says what it downloads ("Download the EFS
// table of medians (CSV)"), unique on the page (WCAG 2.4.6, 2.5.3: the visible text is the name).
export function downloadButton(label, part, ext, getContent, type, attrs = {}) {
  const b = h('button', { type: 'button', class: 'export', ...attrs }, label);
  b.addEventListener('click', () => download(exportName(part, ext), getContent(), type));
  return b;
}

// The two figure buttons: SVG, and PNG at 300 dpi with its pixel size on the label. what: the
// figure in words ("EFS figure"); part: the file name's part after the cohort ("efs_km").
export function figureButtons(svg, what, part, idPrefix) {
  const svgBtn = downloadButton(`Download the ${what} (SVG)`, part, 'svg', () => svgToString(svg), 'image/svg+xml',
    { id: idPrefix ? `${idPrefix}-svg` : null });
  const { width, height } = pngSize(svg);
  const pngBtn = h('button', {
    type: 'button', class: 'export', id: idPrefix ? `${idPrefix}-png` : null,
    dataset: { width: String(width), height: String(height) },
  }, `Download the ${what} (PNG, ${PNG_DPI} dpi, ${width} × ${height} px)`);
  pngBtn.addEventListener('click', async () => {
    const png = await svgToPng(svg);
    download(exportName(part, 'png'), png.bytes, 'image/png');
  });
  return [svgBtn, pngBtn];
}
