// The import report: everything `infant-all validate` finds in a file, shown before anything is
// analysed: rows read, columns and their types, cells that did not fit their column, ragged
// rows, how the headers map to the canonical input names, the endpoints the dates allow and the
// rows each leaves out, duplicated patient IDs, notes. Every list is a table whose rows carry the
// engine's values as data-* attributes, so a test (or a user's own script) reads it without
// parsing prose.
import { h } from '../ui/dom.js';

const TYPE_WORDS = {
  integer: 'whole number', number: 'number', date: 'date', boolean: 'yes/no',
  categorical: 'category', text: 'text', empty: 'empty',
};
const DELIMITER_WORDS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const MATCH_WORDS = { name: 'its name', alias: 'a known alias', map: 'your choice' };
// Long lists are shown up to this many rows (the engine itself lists misfits up to 1000).
const MAX_SHOWN = 1000;
// A list of cells is open at first only when it is this short.
const SHOWN_OPEN = 20;

// 12345 -> "12,345" (toLocaleString's first call loads ICU data: a fifth of a second).
const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const plural = (n, one, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const mb = (bytes) => `${fmt(Math.round(bytes / 104857.6) / 10)} MB`;

// Checks a chosen or dropped file before engine.loadCsv reads it (the engine's worker reads the
// File itself, so its bytes never pass through the page); throws a message that says what is
// wrong and what is expected when the file is too large to read. limits: the engine's own
// (engine.limits(): CsvLimits in csv_reader.h), checked on File.size before a byte is read, so
// a huge file costs nothing.
export function checkImportFile(file, limits) {
  const max = limits.max_bytes;
  if (file.size > max) {
    throw new Error(`the file is ${mb(file.size)} (${fmt(file.size)} bytes), above the ` +
      `limit of ${mb(max)} (${fmt(max)} bytes) this page reads; ` +
      'split it, or save only the columns the analysis needs');
  }
}

// A table whose rows are records: columns = [[header, key, format?]]; each <tr> carries every
// record field as data-<key> (strings; arrays as JSON) and shows the chosen ones as text.
function recordTable(id, caption, columns, records, total = records.length) {
  const shown = records.slice(0, MAX_SHOWN);
  const rows = shown.map((rec) => {
    const tr = h('tr', {});
    for (const [k, v] of Object.entries(rec)) {
      tr.dataset[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = Array.isArray(v) ? JSON.stringify(v) : String(v ?? '');
    }
    columns.forEach(([, key, format], i) => {
      const text = format ? format(rec) : String(rec[key] ?? '');
      tr.append(h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null }, text));
    });
    return tr;
  });
  const more = total > shown.length
    ? h('caption', {}, `${caption} (the first ${fmt(shown.length)} of ${fmt(total)})`)
    : h('caption', {}, caption);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id, dataset: { total: String(total) } },
    more, h('thead', {}, h('tr', {}, columns.map(([head]) => h('th', { scope: 'col' }, head)))), h('tbody', {}, rows)));
}

function fold(title, open, ...content) {
  return h('details', { class: 'report-details', open }, h('summary', {}, title), ...content);
}

function list(id, items, attrs = {}) {
  return h('ul', { class: 'notes', id, ...attrs }, items.map((n) => h('li', { dataset: { text: String(n) } }, String(n))));
}

const rowWords = (r) => `${r.row} (file line ${r.line})`;

function summaryLine(t, report) {
  const delim = DELIMITER_WORDS[t.delimiter] || `“${t.delimiter}”`;
  const read = report ? report.rows_read : t.n_rows;
  const left = read - t.n_rows;
  return `${plural(read, 'data row')} read, ${fmt(t.n_rows)} in the table` +
    `${left ? ` (${fmt(left)} left out: wrong number of fields)` : ''}; ` +
    `${plural(t.columns.length, 'column')}; ${t.encoding}, ${delim}-separated, decimal mark “${t.decimal}”. ` +
    `${plural(t.n_misfits || 0, 'cell')} did not fit ${t.n_misfits === 1 ? 'its' : 'their'} column.`;
}

function columnsPart(t) {
  const levels = (c) => (c.levels && c.levels.length
    ? c.levels.slice(0, 8).join(', ') + (c.levels.length > 8 ? `, … (${c.levels.length})` : '') : '');
  return fold(`Columns and their types (${fmt(t.columns.length)})`, false,
    recordTable('cohort-columns', 'Columns as the engine read them', [
      ['Column', 'name'], ['Read as', 'type', (c) => TYPE_WORDS[c.type] || c.type],
      ['Missing', 'n_missing'], ['Did not fit', 'n_misfit'], ['Levels', 'levels', levels],
    ], t.columns));
}

function mappingPart(m) {
  const parts = [recordTable('cohort-mapping', 'Columns recognised as the calculator’s inputs', [
    ['Input', 'canonical'], ['Column in the file', 'header'], ['Unit in the header', 'unit'],
    ['Recognised by', 'matched_by', (r) => MATCH_WORDS[r.matched_by] || r.matched_by],
  ], m.matches)];
  if (m.conflicts.length) {
    parts.push(recordTable('cohort-mapping-conflicts', 'Inputs claimed by more than one column (left unmapped)', [
      ['Input', 'canonical'], ['Columns', 'headers', (r) => r.headers.join(', ')],
    ], m.conflicts));
  }
  // The engine's notes name the unrecognised columns; the list itself rides on the notes.
  if (m.notes.length) parts.push(list('cohort-mapping-notes', m.notes));
  parts[0].querySelector('table').dataset.unknownColumns = JSON.stringify(m.unknown_columns);
  const title = `How the columns map to the calculator’s inputs (${m.matches.length} recognised` +
    `${m.conflicts.length ? `, ${plural(m.conflicts.length, 'conflict')}` : ''})`;
  return fold(title, m.conflicts.length > 0, ...parts);
}

function endpointsPart(e) {
  return fold('Endpoints from the date columns', false,
    h('p', { class: 'hint', id: 'cohort-endpoint-settings' }, e.settings),
    recordTable('cohort-endpoints', 'Endpoints the file allows', [
      ['Endpoint', 'name', (x) => x.name.toUpperCase()], ['Derived', 'available', (x) => (x.available ? 'yes' : 'no')],
      ['Patients used', 'n_used'], ['Events', 'n_events'], ['Left out', 'n_excluded'], ['Note', 'note'],
    ], e.list.map(({ excluded, ...x }) => x)));
}

// The report as one block; `summary` is engine.loadCsv's answer (with .validation).
export function renderImportReport(root, summary, name) {
  const v = summary.validation && !summary.validation.error ? summary.validation : null;
  const report = v ? v.report : null;
  root.dataset.file = name;
  root.dataset.rowsRead = String(report ? report.rows_read : summary.n_rows);
  root.dataset.nRows = String(summary.n_rows);
  root.dataset.nColumns = String(summary.columns.length);
  root.dataset.nMisfits = String(summary.n_misfits || 0);
  root.dataset.encoding = summary.encoding;
  root.dataset.delimiter = summary.delimiter;
  root.dataset.decimal = summary.decimal;
  root.dataset.duplicateHeaders = JSON.stringify(summary.duplicate_headers || []);
  const parts = [h('h3', {}, `Import report: ${name}`), h('p', { id: 'cohort-import-summary' }, summaryLine(summary, report))];
  if (report && report.summary.length) {
    parts.push(h('p', { class: 'report-lead' }, 'What to check:'), list('cohort-report-summary', report.summary));
  }
  if (summary.misfits.length) {
    // Per column first (a count, the first value and why), the cell list behind a fold: a file
    // read with the wrong settings can have thousands, and the analysis choices come after them.
    const byColumn = summary.columns.filter((c) => c.n_misfit > 0).map((c) => {
      const first = summary.misfits.find((m) => m.column === c.name) || {};
      return { column: c.name, n_misfit: c.n_misfit, value: first.value ?? '', row: first.row ?? '', reason: first.reason ?? '' };
    });
    parts.push(recordTable('cohort-misfit-columns', `Cells that did not fit their column: ${plural(summary.n_misfits, 'cell')} in ${plural(byColumn.length, 'column')}`, [
      ['Column', 'column'], ['Cells', 'n_misfit', (r) => fmt(r.n_misfit)], ['First', 'value', (r) => `${r.value} (row ${r.row})`], ['Why', 'reason'],
    ], byColumn));
    parts.push(fold(`Every cell that did not fit (${fmt(summary.n_misfits)})`, summary.n_misfits <= SHOWN_OPEN,
      recordTable('cohort-misfits', 'Each cell that does not fit its column’s type, and why', [
        ['Data row', 'row', rowWords], ['Column', 'column'], ['Value', 'value'], ['Expected', 'expected'], ['Why', 'reason'],
      ], summary.misfits, summary.n_misfits)));
  }
  if (summary.ragged_rows.length) {
    parts.push(fold(`Rows with the wrong number of fields, left out (${fmt(summary.ragged_rows.length)})`, summary.ragged_rows.length <= SHOWN_OPEN,
      recordTable('cohort-ragged', 'Rows left out of the table', [
        ['Data row', 'row', rowWords], ['Fields expected', 'expected'], ['Fields found', 'found'],
      ], summary.ragged_rows)));
  }
  if (summary.duplicate_headers && summary.duplicate_headers.length) {
    parts.push(h('p', { id: 'cohort-duplicate-headers', dataset: { headers: JSON.stringify(summary.duplicate_headers) } },
      `Column names that appear more than once: ${summary.duplicate_headers.join(', ')} (later copies renamed “name (2)”, …).`));
  }
  if (report && report.duplicated_patient_ids.length) {
    parts.push(h('p', { id: 'cohort-duplicate-ids', dataset: { ids: JSON.stringify(report.duplicated_patient_ids) } },
      `Patient IDs that appear more than once: ${report.duplicated_patient_ids.slice(0, 50).join(', ')}` +
      `${report.duplicated_patient_ids.length > 50 ? `, … (${report.duplicated_patient_ids.length})` : ''}.`));
  }
  if ((summary.notes || []).length) parts.push(h('p', { class: 'report-lead' }, 'Notes on reading the file:'), list('cohort-notes', summary.notes));
  parts.push(columnsPart(summary));
  if (v) {
    parts.push(mappingPart(v.mapping), endpointsPart(v.endpoints));
    if (report.excluded.length) {
      parts.push(fold(`Rows left out of an analysis (${fmt(report.excluded.length)})`, false,
        recordTable('cohort-excluded', 'Rows left out, per analysis, and why', [
          ['Analysis', 'analysis'], ['Data row', 'row', rowWords], ['Patient', 'patient_id'], ['Reason', 'reason'],
        ], report.excluded)));
    }
    if (report.coerced.length) {
      parts.push(fold(`Values read with an assumption (${fmt(report.n_coerced)})`, false,
        recordTable('cohort-coerced', 'Values the engine converted or assumed', [
          ['Data row', 'row', rowWords], ['Column', 'column'], ['Value', 'value'], ['What was assumed', 'action'],
        ], report.coerced, report.n_coerced)));
    }
    parts.push(fold('Settings and assumptions', false, list('cohort-assumptions', report.assumptions)));
  } else if (summary.validation && summary.validation.error) {
    parts.push(h('p', { class: 'cohort-message error', id: 'cohort-validation-error' },
      `The column mapping and endpoint checks could not run: ${summary.validation.error}.`));
  }
  root.replaceChildren(...parts);
}
