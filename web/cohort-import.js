// The import report: what the engine read from the file (rows, columns and their types, cells
// that did not fit their column, ragged rows, notes), so a user can check before analysing.
import { h, table } from './cohort-dom.js';

const TYPE_WORDS = {
  integer: 'whole number', number: 'number', date: 'date', boolean: 'yes/no',
  categorical: 'category', text: 'text', empty: 'empty',
};

export function renderImportReport(root, summary, name) {
  const delim = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[summary.delimiter] || `“${summary.delimiter}”`;
  const parts = [
    h('h3', {}, `Import report: ${name}`),
    h('p', { id: 'cohort-import-summary' },
      `${summary.n_rows} rows and ${summary.columns.length} columns; ${summary.encoding}, ${delim}-separated, ` +
      `decimal mark “${summary.decimal}”. ${summary.n_misfits || 0} cell${summary.n_misfits === 1 ? '' : 's'} did not fit ` +
      `their column; ${summary.ragged_rows.length} row${summary.ragged_rows.length === 1 ? '' : 's'} had the wrong number of fields.`),
  ];
  const colRows = summary.columns.map((c) => [c.name, TYPE_WORDS[c.type] || c.type, String(c.n_missing), String(c.n_misfit),
    c.levels && c.levels.length ? c.levels.slice(0, 8).join(', ') + (c.levels.length > 8 ? `, … (${c.levels.length})` : '') : '']);
  parts.push(h('details', { class: 'report-details' }, h('summary', {}, 'Columns and their types'),
    table(null, ['Column', 'Read as', 'Missing', 'Did not fit', 'Levels'], colRows, { id: 'cohort-columns' })));
  if (summary.misfits.length) {
    parts.push(h('details', { class: 'report-details', open: true }, h('summary', {}, `Cells that did not fit (${summary.n_misfits})`),
      table(null, ['File row', 'Column', 'Value', 'Expected', 'Reason'],
        summary.misfits.slice(0, 50).map((m) => [String(m.line ?? m.row), m.column, m.value, m.expected, m.reason || '']),
        { id: 'cohort-misfits' })));
  }
  if (summary.ragged_rows.length) {
    parts.push(h('details', { class: 'report-details', open: true }, h('summary', {}, `Rows with the wrong number of fields (${summary.ragged_rows.length})`),
      table(null, ['File line', 'Expected', 'Found'], summary.ragged_rows.slice(0, 50).map((r) => [String(r.line), String(r.expected), String(r.found)]))));
  }
  const notes = [...(summary.notes || [])];
  if (summary.duplicate_headers && summary.duplicate_headers.length) notes.push(`Duplicate column names: ${summary.duplicate_headers.join(', ')}.`);
  if (notes.length) parts.push(h('ul', { class: 'notes' }, notes.map((n) => h('li', {}, String(n)))));
  root.replaceChildren(...parts);
}
