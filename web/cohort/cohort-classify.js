// The cohort's risk groups, from the engine's classify command. The page asks only for the rows
// without a definite group (rows: 'unsettled'; the engine counts the others), so a 100,000-row
// cohort answers in a few kB instead of tens of MB of JSON. The per-row file is asked for only
// when the user downloads it, as the engine's annotated CSV.
import { EngineError } from '../engine/engine.js';

const MAX_OPEN = 200;

// Resolves with {protocol, counts, mapping, open: [first rows without a definite group], nOpen};
// rejects with the engine's message.
export async function classifyCohort(engine, protocol) {
  const r = await engine.run({ command: 'classify', protocol, rows: 'unsettled' });
  return { protocol: r.protocol, counts: r.counts, mapping: r.mapping, open: r.rows.slice(0, MAX_OPEN), nOpen: r.rows.length };
}

// The cohort's own CSV with risk_group, status, missing and flags appended, one line per row in
// the file's order (the engine writes it formula-injection safe).
export async function classifiedCsv(engine, protocol) {
  const request = { command: 'classify', protocol, rows: 'none', format: 'csv' };
  const r = JSON.parse(await engine.call('runCommand', [JSON.stringify(request)]));
  if (!r.ok) throw new EngineError(r.error);
  return r.text;
}
