// Small DOM helpers for the cohort view: elements with text (never innerHTML), tables from
// arrays, and file downloads through a Blob and <a download> (nothing leaves the machine).
import { toCsv } from './cohort-format.js';

let uid = 0;
export const nextId = (prefix) => `${prefix}-${(uid += 1)}`;

// h('p', {class: 'x'}, 'text', child, ...): attributes set with setAttribute, strings as text.
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

// A labelled <select>; options are [value, text] pairs or plain strings.
export function selectField(label, options, value, attrs = {}) {
  // The label must point at the id the control really has (a caller's id wins).
  const id = attrs.id || nextId('cohort-field');
  const select = h('select', { ...attrs, id });
  setOptions(select, options, value);
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), select), input: select };
}

export function setOptions(select, options, value) {
  select.replaceChildren(...options.map((o) => {
    const [v, t] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v }, t);
  }));
  if (value !== undefined && options.some((o) => (Array.isArray(o) ? o[0] : o) === value)) select.value = value;
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

// A data table: caption, header row, body rows of cells (text, or {text, title, data}).
export function table(caption, header, rows, attrs = {}) {
  const t = h('table', { class: 'data-table', ...attrs });
  if (caption) t.append(h('caption', {}, caption));
  t.append(h('thead', {}, h('tr', {}, header.map((c) => h('th', { scope: 'col' }, c)))));
  t.append(h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => {
    const cell = typeof c === 'object' && c !== null ? c : { text: c };
    const tag = i === 0 ? 'th' : 'td';
    return h(tag, { scope: i === 0 ? 'row' : null, dataset: cell.data, title: cell.title }, cell.text ?? '');
  })))));
  return t;
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function csvButton(label, filename, getRows) {
  const b = h('button', { type: 'button', class: 'export' }, label);
  b.addEventListener('click', () => {
    const { header, rows } = getRows();
    download(filename, toCsv(header, rows), 'text/csv;charset=utf-8');
  });
  return b;
}
