// No silent choices (issue 19): which columns are not offered as Cox covariates or
// characteristics - the outcome in use (time, event), the columns the endpoints are derived
// from, dates and the patient id - each with the reason, for the hint beside the list; and why
// "Risk group" cannot be chosen, or how many rows a comparison by it leaves out, in the words of
// the engine's classification. Names and counts only: no statistics here.
import { h } from '../ui/dom.js';

// Canonical outcome and endpoint columns (core/src/clinical/column_mapping.cpp): what the
// endpoints are derived from, and ready-made endpoints.
const OUTCOME_INPUTS = ['last_followup_date', 'event_type', 'event_date', 'cr_date', 'relapse_date', 'death_date',
  'smn_date', 'hsct_date', 'randomisation_date', 'eoi_date', 'efs_time', 'efs_status', 'os_time', 'os_status',
  'dfs_time', 'dfs_status', 'cir_time', 'cir_status'];
// Names of ready-made outcome columns (efs_time, os_status, futime, censor, ...).
const OUTCOME_NAME = /(^|_|\.|\s)(time|futime|fu|status|event|dead|death|died|fustat|censor|efs|os|dfs|cir)($|_|\.|\s)/i;

// Headers the mapping reads as clinical inputs (not outcome or endpoint columns).
export const clinicalInputs = (mapping) => new Set(mapping.filter((m) => !OUTCOME_INPUTS.includes(m.canonical)).map((m) => m.header));

// Map of column name -> why it is left out. guess: the view's guessed time/event; s: the current
// settings (its time and event columns when they are chosen from the file).
export function excludedColumns(summary, guess, mapping, hasDates, s = null) {
  const out = new Map();
  const header = (canonical) => (mapping.find((m) => m.canonical === canonical) || {}).header;
  const put = (name, why) => { if (name && !out.has(name)) out.set(name, why); };
  if (s && !s.fromDates) {
    put(s.time, 'the follow-up time in use');
    put(s.event, 'the event status in use');
  }
  if (!hasDates) {
    put(guess.time, 'the follow-up time');
    put(guess.event, 'the event status');
  }
  put(header('patient_id'), 'the patient id');
  for (const c of OUTCOME_INPUTS) put(header(c), 'an outcome or endpoint column');
  // A column the mapping reads as a clinical input (kmt2a_status, cns_status) is not an outcome
  // for its name.
  const inputs = clinicalInputs(mapping);
  for (const c of summary.columns) {
    if (c.type === 'date') put(c.name, 'a date');
    else if (!inputs.has(c.name) && OUTCOME_NAME.test(c.name)) put(c.name, 'an outcome (time or event)');
  }
  return out;
}

// The hint listing what was left out and why (empty when nothing was).
export function excludedHint(id, excluded) {
  const byWhy = new Map();
  for (const [name, why] of excluded) byWhy.set(why, [...(byWhy.get(why) || []), `“${name}”`]);
  const parts = [...byWhy].map(([why, names]) => `${names.join(', ')} (${why})`);
  return h('p', { class: 'hint', id, hidden: !parts.length },
    parts.length ? `Not offered: ${parts.join('; ')}.` : '');
}

// What the grouping control says about the classified risk group, from the engine's
// classification (cohort-classify.js: counts, open = the first rows without a definite group
// with their status, errors, missing inputs and reasons): null when there is nothing to say (the
// file has its own risk_group column, or no answer yet); else {available, text}. groups: the
// risk groups among the counts (the others are statuses).
export function riskGroupWords(summary, cls, classifiable, mapping, groups) {
  const counts = (cls && cls.counts) || {};
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  if (summary.columns.some((c) => c.name === 'risk_group') || !cls || !total) return null;
  const nGroups = groups.reduce((a, k) => a + counts[k], 0);
  const header = (field) => (mapping.find((m) => m.canonical === field) || {}).header || field;
  const status = (r) => r.status.replace('_', ' ');
  const why = (r) => {
    const err = (r.errors || [])[0];
    if (err) return `row ${r.row} ${header(err.field)} “${err.value}” not read (${status(r)})`;
    if ((r.missing || []).length) return `row ${r.row} lacks ${r.missing.map(header).join(', ')} (${status(r)})`;
    return `row ${r.row} ${status(r)}: ${(r.reasons || []).slice(0, 2).join('; ')}`;
  };
  const reasons = cls.open.slice(0, 3).map(why).join('; ');
  const more = cls.nOpen > 3 ? `; … (${cls.nOpen} rows without a definite group in all)` : '';
  if (!classifiable) {
    const words = nGroups ? `only ${nGroups} of ${total} rows could be classified, all ${groups.join(', ')}: no groups to compare`
      : `0 of ${total} rows could be classified`;
    return { available: false, text: `Risk group: not available — ${words}${reasons ? `; first reasons: ${reasons}${more}` : ''}.` };
  }
  const nOpen = total - nGroups;
  if (!nOpen) return null;
  return { available: true, text: `Risk group: ${nGroups} of ${total} rows classified; ${nOpen} without a definite group are ` +
    `left out of the risk-group comparison${reasons ? ` (first reasons: ${reasons}${more})` : ''}.` };
}
