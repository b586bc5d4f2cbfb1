// The cohort's risk groups, from the engine's classify command. The page asks only for the rows
// without a definite group (rows: 'unsettled'; the engine counts the others), so a 100,000-row
// cohort answers in a few kB instead of tens of MB of JSON. The per-row file is asked for only
// when the user downloads it, as the engine's annotated CSV.

const MAX_OPEN = 200;

// The request for the counts and the unsettled rows (alone, or as a part of the first screen's).
export const classifyRequest = (protocol) => ({ command: 'classify', protocol, rows: 'unsettled' });

// classify's result as the view shows it: {protocol, counts, mapping, open: [first rows without
// a definite group], nOpen}.
export function classification(r) {
  return { protocol: r.protocol, counts: r.counts, mapping: r.mapping, open: r.rows.slice(0, MAX_OPEN), nOpen: r.rows.length };
}

// Resolves with classification(...) under `protocol`; rejects with the engine's message.
export async function classifyCohort(engine, protocol) {
  return classification(await engine.run(classifyRequest(protocol)));
}

// The cohort's own CSV with risk_group, status, missing and flags appended, one line per row in
// the file's order (the engine writes it formula-injection safe): the result's text.
export async function classifiedCsv(engine, protocol) {
  const r = await engine.run({ command: 'classify', protocol, rows: 'none', format: 'csv' });
  return r.text;
}
