// Which columns are not offered as Cox covariates or characteristics (issue 19: no silent
// choices): the outcome in use (time, event), the columns the endpoints are derived from, dates
// and the patient id - each with the reason, for the hint beside the list. Names only: no
// statistics here.
import { h } from '../ui/dom.js';

// Canonical outcome and endpoint columns (core/src/clinical/column_mapping.cpp): what the
// endpoints are derived from, and ready-made endpoints.
const OUTCOME_INPUTS = ['last_followup_date', 'event_type', 'event_date', 'cr_date', 'relapse_date', 'death_date',
  'smn_date', 'hsct_date', 'randomisation_date', 'eoi_date', 'efs_time', 'efs_status', 'os_time', 'os_status',
  'dfs_time', 'dfs_status', 'cir_time', 'cir_status'];
// Names of ready-made outcome columns (efs_time, os_status, futime, censor, ...).
const OUTCOME_NAME = /(^|_|\.|\s)(time|futime|fu|status|event|dead|death|died|fustat|censor|efs|os|dfs|cir)($|_|\.|\s)/i;

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
  const inputs = new Set(mapping.filter((m) => !OUTCOME_INPUTS.includes(m.canonical)).map((m) => m.header));
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
