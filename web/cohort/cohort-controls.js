// The cohort view's controls: labelled selects and text fields, the search box that narrows a
// select's long list of a file's columns, and the button that downloads a table as CSV.
import { h } from '../ui/dom.js';
import { toCsv } from './cohort-format.js';
import { downloadButton } from './cohort-export.js';

let uid = 0;
export const nextId = (prefix) => `${prefix}-${(uid += 1)}`;

// A labelled <select>; options are [value, text] pairs or plain strings.
export function selectField(label, options, value, attrs = {}) {
  // The label must point at the id the control really has (a caller's id wins).
  const id = attrs.id || nextId('cohort-field');
  const select = h('select', { ...attrs, id });
  setOptions(select, options, value);
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), select), input: select };
}

// A select offers at most this many of a file's columns at a time. Every <option> is styled and
// laid out even while the list is closed: a file of 10,000 columns held the page's thread about
// 150 ms per select. Past it, a search box below the select narrows the list by name.
export const MAX_OPTIONS = 1000;
// select -> { all: [[value, text]], filter: <input type=search> }, for a select whose list is long.
const longLists = new WeakMap();

// Draws the options a long list shows: the page's own choices (those with a label, such as
// "(no grouping)"), the chosen one, and the first MAX_OPTIONS columns matching the filter.
function drawLong(select, list, value) {
  const q = list.filter.value.trim().toLowerCase();
  let matched = 0;
  const shown = list.all.filter(([v, t]) => {
    if (v === value || v !== t) return true;
    if (q && !t.toLowerCase().includes(q)) return false;
    matched += 1;
    return matched <= MAX_OPTIONS;
  });
  select.replaceChildren(...shown.map(([v, t]) => new Option(t, v)));
  select.value = value;
  list.filter.title = `${matched > MAX_OPTIONS ? `The first ${MAX_OPTIONS} of ` : ''}${matched} ` +
    `column${matched === 1 ? '' : 's'}${q ? ` matching “${list.filter.value.trim()}”` : ''} in the list`;
}

// Replaces a select's options, choosing `value` when it is one of them.
export function setOptions(select, options, value) {
  const all = options.map((o) => (Array.isArray(o) ? o.map(String) : [String(o), String(o)]));
  const chosen = value !== undefined && all.some(([v]) => v === value);
  let list = longLists.get(select);
  if (all.length <= MAX_OPTIONS || !select.parentNode) {
    if (list) {
      list.all = null;
      list.filter.value = '';
      list.filter.hidden = true;
    }
    // new Option: a third of the time h('option') takes, which counts on a list of thousands.
    select.replaceChildren(...all.map(([v, t]) => new Option(t, v)));
    if (chosen) select.value = value;
    return;
  }
  if (!list) {
    const name = select.labels[0] ? select.labels[0].textContent : 'the list';
    list = { all: null, filter: h('input', { type: 'search', autocomplete: 'off', class: 'option-filter', 'aria-label': `${name}: find a column by name` }) };
    list.filter.addEventListener('input', () => drawLong(select, list, select.value));
    longLists.set(select, list);
    select.after(list.filter);
  }
  list.all = all;
  list.filter.value = '';
  list.filter.placeholder = `Find a column (${all.filter(([v, t]) => v === t).length})`;
  list.filter.hidden = false;
  drawLong(select, list, chosen ? value : all[0][0]);
}

// Chooses `value` when the select offers it, shown or behind its filter; says whether it did.
export function chooseOption(select, value) {
  const list = longLists.get(select);
  if (list && list.all) {
    if (!list.all.some(([v]) => v === value)) return false;
    drawLong(select, list, value);
    return true;
  }
  if (![...select.options].some((o) => o.value === value)) return false;
  select.value = value;
  return true;
}

export function inputField(label, attrs = {}, hint) {
  const id = attrs.id || nextId('cohort-field');
  const hintId = hint ? `${id}-hint` : undefined;
  const input = h('input', { 'aria-describedby': hintId, ...attrs, id });
  return {
    wrap: h('div', { class: 'field' }, h('label', { for: id }, label), input,
      hint ? h('span', { class: 'hint', id: hintId }, hint) : null),
    input,
  };
}

// A table's CSV: what names the table ("EFS table of medians"), part the file name after the
// cohort's ("efs_medians").
export function csvButton(what, part, getRows) {
  return downloadButton(`Download the ${what} (CSV)`, part, 'csv', () => {
    const { header, rows } = getRows();
    return toCsv(header, rows);
  }, 'text/csv;charset=utf-8');
}
