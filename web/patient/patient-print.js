// The one-page printed summary of the patient view: who (the identifier typed in the form; it
// never leaves the page), when, which engine and protocol, the inputs as read, the group and why,
// what is missing, the warnings and caveats, and the published outcomes. It is built from the
// same engine answer as the screen, kept up to date with it, and shown only by the print CSS:
// the form and its controls are never printed.
import { h, list, table } from '../ui/dom.js';
import { PROTOCOL_LABEL, fieldFor, labelOf, withoutFieldName } from './patient-fields.js';
import { clinical, criterionText, flagText, groupText, STATUS_TEXT } from './patient-words.js';
import { ageText, estimateText, outcomeLabel, outcomeUncertainty, outcomesHeading, possibleText } from './patient-results.js';

export function printedAt(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

// Term / value pairs, each on a line of its own, the list in two columns (patient.css).
function pairs(items, cls) {
  return h('dl', { class: cls }, items.map(([k, v]) => h('div', {}, [h('dt', {}, `${k}:`), ' ', h('dd', {}, v)])));
}

function section(title, ...body) {
  return h('section', { class: 'pp-section' }, h('h3', {}, title), ...body);
}

function verdict(r) {
  const parts = [h('p', { class: 'pp-group', 'data-testid': 'print-group' },
    r.status === 'definite' ? groupText(r.group) : STATUS_TEXT[r.status] || r.status)];
  if (r.status === 'indeterminate') parts.push(h('p', {}, `Still possible: ${possibleText(r.still_possible || r.candidates)}`));
  parts.push(h('p', {}, `Age at diagnosis used: ${ageText(r.age)}`));
  return parts;
}

function trace(r) {
  const out = [];
  if (r.errors.length) {
    out.push(h('p', { class: 'pp-k' }, 'Problems with the input'),
      list(r.errors.map((e) => `${labelOf(e.field)}: ${clinical(withoutFieldName(e.field, e.message))}`)));
  }
  const criteria = Object.entries(r.criteria);
  if (criteria.length) {
    out.push(h('p', { class: 'pp-criteria' }, criteria.map(([name, v], i) =>
      `${i ? '; ' : ''}${criterionText(name)}: ${{ TRUE: 'true', FALSE: 'false' }[v] || 'unknown'}`).join('')));
  }
  if (r.reasons.length) out.push(list(r.reasons.map(clinical), 'pp-reasons'));
  return out;
}

function cautions(r) {
  const items = [...r.flags.map(flagText), ...r.notes.map(clinical)];
  return [...new Set(items)];
}

// The published figures, compact: one row per figure; sources and caveats, which repeat from
// row to row, as numbered notes under the table.
function outcomes(r) {
  const o = r.outcomes;
  if (!o || !o.rows.length) return null;
  const notes = [];
  const ref = (text) => {
    if (!text) return '';
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return ` [${i + 1}]`;
  };
  // Rows of one subgroup in a run (the blinatumomab arms) go under one heading row, so each
  // row names only its own category and the table stays narrow enough for the page.
  const rows = [];
  o.rows.forEach((row, i) => {
    const same = (other) => other && other.subgroup && other.subgroup === row.subgroup && other.category !== row.category;
    const inRun = same(o.rows[i - 1]) || same(o.rows[i + 1]);
    if (inRun && !same(o.rows[i - 1])) {
      rows.push(h('tr', { class: 'pp-run' }, h('th', { colspan: 7, scope: 'colgroup' },
        outcomeLabel({ ...row, category: null }))));
    }
    const label = outcomeLabel(inRun ? { ...row, subgroup: null } : row);
    rows.push([
      `${label}${ref(clinical(row.caveat))}${ref(clinical(row.footnote))}`,
      row.endpoint, row.horizon_label, estimateText(row), outcomeUncertainty(row),
      row.n === null ? '' : String(row.n), ref(`Source: ${row.citation || row.source}`).trim(),
    ]);
  });
  for (const n of o.notes.map(clinical)) if (!notes.includes(n)) notes.push(n);
  return section(outcomesHeading(r),
    table(null, ['Group', 'Endpoint', 'Horizon', 'Estimate', 'Uncertainty', 'n', 'Source'], rows, { class: 'pp-table' }),
    notes.length ? h('ol', { class: 'pp-notes' }, notes.map((t) => h('li', {}, t))) : null,
    h('p', { class: 'pp-small' }, 'Group-level results as published; not a prediction for this patient.'));
}

// node: the summary's container. inputs: [label, value as read] of every filled field.
export function renderPrint(node, { id, version, protocol, inputs, result }) {
  const head = h('header', { class: 'pp-head' }, [
    h('h2', {}, 'infant-all: one-patient risk-group summary'),
    pairs([
      ['Patient identifier', id || '(none given)'],
      ['Printed', printedAt()],
      ['Engine', version ? `infant-all statistics engine ${version}` : 'infant-all statistics engine (version not read)'],
      ['Protocol', PROTOCOL_LABEL[protocol] || protocol],
    ], 'pp-meta'),
  ]);
  const parts = [head];
  parts.push(section('Inputs as read', inputs.length
    ? pairs(inputs, 'pp-inputs') : h('p', {}, 'Nothing entered.'),
  h('p', { class: 'pp-small' }, 'Every input not listed was left blank (unknown).')));
  if (result) {
    parts.push(section('Risk group', ...verdict(result)));
    parts.push(section('How the rule was applied', ...trace(result)));
    if (result.missing.length) {
      parts.push(section('Missing inputs (to settle the group)', list(result.missing.map((m) => fieldFor(m).label))));
    }
    const c = cautions(result);
    if (c.length) parts.push(section('Warnings and caveats', list(c)));
    parts.push(outcomes(result));
  } else {
    parts.push(section('Risk group', h('p', {}, 'No result.')));
  }
  parts.push(h('p', { class: 'pp-small' }, 'Research tool, not clinical guidance. Computed in the browser; nothing was sent anywhere.'));
  node.replaceChildren(...parts.filter(Boolean));
}
