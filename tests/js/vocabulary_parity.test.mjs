// The form and the CLI read every corpus spelling alike (docs/CLINICAL-INPUTS.md). The corpus
// (tests/data/vocabulary/*.csv) is written into CSV files, one column per input, and classified
// under every protocol the way `infant-all classify --csv` reads a file (the module's loadCsv +
// runCommand, the same contract code as the CLI) and the way the patient form sends a field
// (classifyPatient). Each text is also placed among plain numbers, so the reader types its
// column as numeric and the cell reaches the classifier as a misfit or a number in scientific
// notation: "350 G/L" keeps its unit and "1e-4" stays a fraction there too. The native CLI is
// held to the same answers on one file per input.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCorpus } from './corpus.mjs';
import { loadModule, root, runCli } from './helpers.mjs';

const PROTOCOLS = ['interfant06', 'interfant99', 'mll10', 'interfant21', 'aall0631'];

const cell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

// Every corpus row, grouped by input.
const byField = new Map();
for (const { text, field } of readCorpus(root)) {
  if (!byField.has(field)) byField.set(field, []);
  byField.get(field).push(text);
}

// What must agree, for one classification.
const summary = (r) => JSON.stringify({
  status: r.status, group: r.group, candidates: r.candidates, missing: r.missing,
  errors: (r.errors || []).map((e) => e.field),
});

// Rows of an id column and the input's column; `numeric` puts nine plain numbers first.
function fileFor(field, texts, numeric) {
  const lines = [`id,${field}`];
  const pad = numeric ? Array.from({ length: 9 }, (_, i) => String(i + 1)) : [];
  [...pad, ...texts].forEach((t, i) => lines.push(`${i + 1},${cell(t)}`));
  return { text: `${lines.join('\n')}\n`, offset: pad.length };
}

test('corpus: the CSV path and the form path classify every spelling alike, under every protocol', async () => {
  const mod = await loadModule();
  let compared = 0;
  for (const [field, texts] of byField) {
    for (const numeric of [false, true]) {
      const { text, offset } = fileFor(field, texts, numeric);
      const loaded = JSON.parse(mod.loadCsv(new TextEncoder().encode(text), '{}'));
      assert.ok(loaded.ok, loaded.error);
      for (const protocol of PROTOCOLS) {
        const reply = JSON.parse(mod.runCommand(JSON.stringify({ command: 'classify', protocol })));
        assert.ok(reply.ok, reply.error);
        const rows = reply.result.rows;
        assert.equal(rows.length, texts.length + offset);
        texts.forEach((t, i) => {
          const viaCsv = rows[offset + i];
          const viaForm = JSON.parse(mod.classifyPatient(JSON.stringify({ fields: { [field]: t }, protocol })));
          assert.ok(viaForm.ok, viaForm.error);
          const label = `${field} '${t}' (${numeric ? 'among numbers' : 'text column'}) under ${protocol}`;
          assert.equal(summary(viaCsv), summary(viaForm.results[0]), label);
          assert.equal(viaCsv.problems.length > 0, viaForm.problems.length > 0, `${label}: problems`);
          compared++;
        });
      }
    }
  }
  assert.ok(compared >= 5 * 2 * 300, `compared ${compared}`);
});

test('corpus: the native CLI gives the module\'s answers (Interfant-06, every input)', async () => {
  const mod = await loadModule();
  const tmp = mkdtempSync(join(tmpdir(), 'infant-all-vocab-'));
  for (const [field, texts] of byField) {
    const { text } = fileFor(field, texts, false);
    const path = join(tmp, `${field}.csv`);
    writeFileSync(path, text);
    const r = runCli('native', ['classify', '--csv', path, '--protocol', 'interfant06']);
    assert.equal(r.status, 0, r.stderr);
    mod.loadCsv(new TextEncoder().encode(text), '{}');
    const viaModule = JSON.parse(mod.runCommand(JSON.stringify({ command: 'classify', protocol: 'interfant06' })));
    assert.deepEqual(JSON.parse(r.stdout).rows.map(summary), viaModule.result.rows.map(summary), field);
  }
});
