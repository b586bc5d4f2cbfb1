// The text of a PDF that Chromium (Skia) printed, for tests: each font's ToUnicode CMap applied
// to the glyph strings its content streams show (Tj, TJ). Enough for Skia's output (Type0
// fonts, Identity-H, Flate streams, one content stream per page); not a general PDF reader.
import { inflateSync } from 'node:zlib';

// Every "N 0 obj ... endobj": its dictionary text and, for a stream, the decoded bytes.
function objects(pdf) {
  const out = new Map();
  const text = pdf.toString('latin1');
  const re = /(\d+) 0 obj\s*/g;
  let m;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    let data = null;
    if (s >= 0 && body.startsWith('<<')) {
      let from = start + s + 6;
      if (text[from] === '\r') from += 1;
      if (text[from] === '\n') from += 1;
      const len = Number((/\/Length (\d+)/.exec(body.slice(0, s)) || [])[1]);
      const raw = pdf.subarray(from, from + len);
      data = /\/FlateDecode/.test(body.slice(0, s)) ? inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict: s >= 0 ? body.slice(0, s) : body, data });
    re.lastIndex = end;
  }
  return out;
}

const hexCodes = (hex) => (hex.replace(/\s/g, '').match(/..../g) || []).map((x) => parseInt(x, 16));
const hexText = (hex) => String.fromCodePoint(...hexCodes(hex));

// A ToUnicode CMap: glyph code -> text.
function cmap(text) {
  const map = new Map();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(from, 16), hexText(to));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, to, list] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const a = parseInt(lo, 16);
      const b = parseInt(hi, 16);
      const items = list ? [...list.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hexText(x[1])) : null;
      const base = to ? hexCodes(to) : null;
      for (let c = a; c <= b; c += 1) {
        map.set(c, items ? items[c - a] : String.fromCodePoint(...base.slice(0, -1), base[base.length - 1] + c - a));
      }
    }
  }
  return map;
}

// Resolves with one string per page, in page order; text objects (BT ... ET) on lines of their own.
export function pdfPages(pdf) {
  const objs = objects(pdf);
  const fonts = new Map();
  for (const [n, o] of objs) {
    const uni = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    if (/\/Type \/Font/.test(o.dict) && uni) fonts.set(n, cmap(objs.get(Number(uni[1])).data.toString('latin1')));
  }
  const pages = [...objs.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict));
  return pages.map((p) => {
    const names = new Map([...p.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((x) => [x[1], fonts.get(Number(x[2]))]));
    const content = objs.get(Number(/\/Contents (\d+) 0 R/.exec(p.dict)[1])).data.toString('latin1');
    let font = null;
    let out = '';
    const show = (hex) => { for (const c of hexCodes(hex)) out += (font && font.get(c)) || ''; };
    for (const t of content.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9a-fA-F\s]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\bET\b/g)) {
      if (t[1]) font = names.get(t[1]);
      else if (t[2] !== undefined) show(t[2]);
      else if (t[3] !== undefined) for (const x of t[3].matchAll(/<([0-9a-fA-F\s]*)>/g)) show(x[1]);
      else out += '\n';
    }
    return out;
  });
}
