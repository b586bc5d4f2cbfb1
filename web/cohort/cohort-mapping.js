// The import's last two steps before analysis: a preview of the first rows as the engine read
// them, and the column mapping to confirm or change. A change becomes `map` overrides
// ("canonical=column", the CLI's --map) that every later request carries; the engine checks
// them and says what is wrong. Nothing here reads or converts a value.
import { h, table } from '../ui/dom.js';
import { setOptions } from './cohort-controls.js';

// Columns of the preview drawn at most (a file may have 10,000); the rest are counted.
const PREVIEW_COLUMNS = 40;

// Wraps the engine so that every command carries the user's reading settings: the column
// mapping (`map`, the CLI's --map), the recoding (`recode`, --recode) and the date options the
// endpoints need (an analyze request's parts inherit them). getExtras() gives them as request
// keys; empty ones are left out.
export function withMapping(engine, getExtras) {
  const add = (req) => {
    const extra = Object.entries(getExtras()).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length));
    return extra.length ? { ...req, ...Object.fromEntries(extra) } : req;
  };
  return { ...engine, run: (req) => engine.run(add(req)) };
}

// The engine's preview result as a table: file row, then the cells (missing shown as "NA").
export function renderPreview(root, p) {
  const cols = p.columns.slice(0, PREVIEW_COLUMNS);
  const rows = p.rows.map((r) => [String(r.row), ...r.cells.slice(0, PREVIEW_COLUMNS).map((c) => (c === null ? { text: 'NA', data: { missing: 'true' } } : c))]);
  const more = p.columns.length > cols.length ? ` (the first ${PREVIEW_COLUMNS} of ${p.columns.length} columns)` : '';
  root.replaceChildren(h('details', { class: 'report-details', open: true },
    h('summary', {}, `Preview: the first ${p.rows.length} of ${p.n_rows} rows as read`),
    h('p', { class: 'hint' }, 'Dates are shown as the engine read them (year-month-day) and missing cells as NA: ' +
      'check that the day and month, the decimal mark and the columns came out as the file means them.'),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Preview of the first rows' }, table(`First rows as read${more}`, ['File row', ...cols], rows, { class: 'data-table', id: 'cohort-preview' }))));
}

// The canonical inputs in the order a registry file is mapped, with the names people use.
export const INPUT_NAMES = {
  patient_id: 'Patient identifier', dob: 'Date of birth', diagnosis_date: 'Date of diagnosis',
  age_days: 'Age at diagnosis (days)', age_months: 'Age at diagnosis (months)', sex: 'Sex',
  kmt2a_status: 'KMT2A status', kmt2a_method: 'KMT2A method', kmt2a_partner: 'KMT2A partner',
  wbc: 'White-cell count', wbc_unit: 'White-cell count unit', pred_response: 'Prednisone response',
  day8_blasts_per_ul: 'Day-8 blasts (/µL)', prednisone_prephase_given: 'Prednisone prephase given',
  day8_wbc: 'Day-8 white-cell count', day8_wbc_unit: 'Day-8 white-cell count unit', day8_blast_pct: 'Day-8 blasts (%)',
  immunophenotype: 'Immunophenotype', cd10: 'CD10', cd19: 'CD19', cns_status: 'CNS status',
  csf_wbc_per_ul: 'CSF white cells (/µL)', csf_rbc_per_ul: 'CSF red cells (/µL)', csf_blasts: 'CSF blasts',
  cranial_nerve_palsy: 'Cranial nerve palsy', cns_mass: 'CNS mass', cr_eoi: 'CR at end of induction',
  mrd_eoi: 'MRD end of induction', mrd_eoc: 'MRD end of consolidation', mrd_pre_octada: 'MRD before OCTADA(D)',
  mrd_post_blina1: 'MRD after blinatumomab 1', mrd_unit: 'MRD unit', mrd_method: 'MRD method', mrd_qr: 'MRD quantitative range',
  bcr_abl1: 'BCR::ABL1', study_group: 'Study group', protocol: 'Protocol', last_followup_date: 'Date of last follow-up',
  event_type: 'Type of first event', event_date: 'Date of first event', cr_date: 'Date of complete remission',
  relapse_date: 'Date of relapse', death_date: 'Date of death', smn_date: 'Date of second malignancy',
  hsct_date: 'Date of stem-cell transplant', randomisation_date: 'Date of randomisation', eoi_date: 'Date of end of induction',
  efs_time: 'EFS time', efs_status: 'EFS status', os_time: 'OS time', os_status: 'OS status',
  dfs_time: 'DFS time', dfs_status: 'DFS status', cir_time: 'CIR time', cir_status: 'CIR status',
};
export const inputName = (c) => INPUT_NAMES[c] || c;
// What a registry file needs first: the endpoints' dates and the risk-group inputs.
const FIRST = ['patient_id', 'diagnosis_date', 'dob', 'sex', 'event_type', 'event_date', 'last_followup_date',
  'death_date', 'relapse_date', 'cr_date', 'eoi_date', 'hsct_date', 'kmt2a_status', 'kmt2a_partner', 'wbc',
  'wbc_unit', 'pred_response', 'immunophenotype', 'cd10', 'cns_status'];

/**
 * The mapping editor: one table of the calculator's inputs, each with a chooser of the file's
 * columns. spec = {
 *   inputs: the canonical inputs (validate's mapping.canonical_inputs), columns: the file's,
 *   matches: the mapping in force ([{canonical, header, matched_by}]), overrides: the user's so
 *   far (["wbc=Leukos"]), kept: a sentence when the overrides were kept from the file before,
 *   apply(overrides): called with the new list (async; resolves with an error text or '')
 * }
 */
export function mappingEditor(root, spec) {
  const mapped = new Map(spec.matches.map((m) => [m.canonical, m]));
  const ordered = [...FIRST.filter((c) => spec.inputs.includes(c)), ...spec.inputs.filter((c) => !FIRST.includes(c))];
  const applyBtn = h('button', { type: 'button', class: 'primary', id: 'cohort-map-apply' }, 'Apply the mapping');
  const reset = h('button', { type: 'button', id: 'cohort-map-reset' }, 'Back to the automatic mapping');
  const status = h('p', { class: 'cohort-message', id: 'cohort-map-message', role: 'status', tabindex: '-1' });
  const selects = new Map();
  const body = h('tbody', {});
  const details = h('details', { class: 'report-details', id: 'cohort-mapping-editor', open: spec.overrides.length > 0 || Boolean(spec.kept) });
  // The overrides the table's choices make: a changed chooser, or a choice of the user's kept.
  const pending = () => {
    const out = [];
    for (const [c, sel] of selects) {
      const was = (mapped.get(c) || {}).header || '';
      const v = sel.value;
      const ov = spec.overrides.find((o) => o.startsWith(`${c}=`));
      if (ov !== undefined && v === was) out.push(ov);
      else if (v !== was) out.push(`${c}=${v}`);
    }
    return out;
  };
  const update = () => { applyBtn.disabled = pending().join('\n') === spec.overrides.join('\n'); };
  // The table is built when first opened: a select per input over a wide file's columns is not
  // free, and most files need no change.
  const build = () => {
    if (selects.size) return;
    const options = [['', '(not in the file)'], ...spec.columns.map((c) => [c, c])];
    body.replaceChildren(...ordered.map((c) => {
      const m = mapped.get(c);
      const id = `cohort-map-${c}`;
      const sel = h('select', { id, dataset: { canonical: c } });
      setOptions(sel, options, m ? m.header : '');
      sel.addEventListener('change', update);
      selects.set(c, sel);
      const how = m ? ({ name: 'by its name', alias: 'by a known alias', override: 'your choice' }[m.matched_by] || m.matched_by) : '';
      return h('tr', { dataset: { canonical: c } },
        h('th', { scope: 'row' }, h('label', { for: id }, inputName(c)), h('span', { class: 'hint' }, ` ${c}`)),
        h('td', {}, sel), h('td', {}, how));
    }));
    update();
  };
  details.addEventListener('toggle', () => { if (details.open) build(); });
  applyBtn.addEventListener('click', async () => {
    applyBtn.disabled = true;
    const error = await spec.apply(pending());
    if (error) {
      status.className = 'cohort-message error';
      status.textContent = `The mapping was not changed: ${error}.`;
      status.focus();
    }
  });
  reset.addEventListener('click', () => spec.apply([]));
  const nMapped = spec.matches.length;
  details.append(...[
    h('summary', {}, `The calculator’s inputs and the columns they are read from (${nMapped} of ${spec.inputs.length} found` +
      `${spec.overrides.length ? `, ${spec.overrides.length} by your choice` : ''})`),
    spec.kept ? h('p', { class: 'cohort-message info', id: 'cohort-map-kept' }, spec.kept) : null,
    h('p', { class: 'hint' }, 'Choose the column that holds each input (say “Leukos” for the white-cell count). ' +
      'Every analysis then uses your choice, as infant-all --map input=column does.'),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Inputs and their columns' },
      h('table', { class: 'data-table', id: 'cohort-map-table' }, h('caption', {}, 'Inputs and the columns they are read from'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col' }, 'Column in the file'),
          h('th', { scope: 'col' }, 'Found'))), body)),
    h('div', { class: 'actions' }, applyBtn, reset), status].filter(Boolean));
  if (details.open) build();
  root.replaceChildren(details);
}
