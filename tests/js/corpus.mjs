// The vocabulary corpus (tests/data/vocabulary/*.csv: text, field, expected, source), read for
// the node and browser tests that hold the form and the CLI to the same reading of every row.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// RFC 4180 records (quoted fields, doubled quotes, LF line ends), as the corpus is written.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// Every corpus row as { text, field, expected, source, file }, files in name order.
export function readCorpus(root) {
  const dir = join(root, 'tests/data/vocabulary');
  const out = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
    assert.deepEqual(header, ['text', 'field', 'expected', 'source']);
    for (const [text, field, expected, source] of rows) out.push({ text, field, expected, source, file });
  }
  return out;
}
