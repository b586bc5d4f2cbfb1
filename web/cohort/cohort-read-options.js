// How the file is read: delimiter, decimal mark, date order, missing-value words, thousands
// separators and Excel serial dates, as page controls pre-set from what the engine's reader
// sniffed (the CLI's --delimiter, --decimal, --date-format, --na, --allow-thousands,
// --excel-serial-dates). Changing one reads the file again with the new options; each date
// column says in which order its dates were read and which date settled it. Nothing here reads
// a byte of the file: the engine does.
import { h } from '../ui/dom.js';
import { selectField, inputField } from './cohort-controls.js';

const DELIMITERS = [[',', 'comma ( , )'], [';', 'semicolon ( ; )'], ['\t', 'tab'], ['|', 'pipe ( | )']];
const DECIMALS = [['.', 'point ( 1.5 )'], [',', 'comma ( 1,5 )']];
const DATE_FORMATS = [
  ['auto', 'automatic: the order each column’s dates settle'],
  ['dmy', 'day first (31.12.2020, 31/12/2020)'],
  ['mdy', 'month first (12/31/2020)'],
  ['iso', 'YYYY-MM-DD only'],
];
// The reader's missing-value words (CsvOptions::missing_tokens); an empty cell is always missing.
export const DEFAULT_NA = ['NA', 'N/A', '.', '-', 'NULL', 'nan'];
const ORDER_WORDS = { dmy: 'day first', mdy: 'month first' };

// The options a request to engine.loadCsv carries, from the controls' values.
export function loadOptions(o) {
  const out = {};
  if (o.delimiter) out.delimiter = o.delimiter;
  if (o.decimal) out.decimal = o.decimal;
  if (o.date_format && o.date_format !== 'auto') out.date_format = o.date_format;
  if (o.na && o.na.join('\n') !== DEFAULT_NA.join('\n')) out.na = ['', ...o.na];
  if (o.thousands) out.thousands = true;
  if (o.excel_serial) out.excel_serial = true;
  return out;
}

// The settings of the analyses that re-read date cells (endpoints from text date columns).
export function requestDateOptions(o) {
  const out = {};
  if (o.date_format && o.date_format !== 'auto') out.date_format = o.date_format;
  if (o.excel_serial) out.excel_serial = true;
  return out;
}

// "NA, n.a., k.A." -> ["NA", "n.a.", "k.A."]
const parseWords = (text) => text.split(',').map((w) => w.trim()).filter((w) => w !== '');

/**
 * The panel. spec = {
 *   summary: engine.loadCsv's answer (delimiter, decimal, columns[].date_order, notes),
 *   options: the options the file was read with ({delimiter, decimal, date_format, na,
 *     thousands, excel_serial}; missing ones were sniffed),
 *   apply(options): reads the file again (async)
 * }
 */
export function readOptionsPanel(root, spec) {
  const { summary, options } = spec;
  const delimiter = selectField('Delimiter', DELIMITERS, options.delimiter || summary.delimiter, { id: 'cohort-read-delimiter' });
  const decimal = selectField('Decimal mark', DECIMALS, options.decimal || summary.decimal, { id: 'cohort-read-decimal' });
  const dates = selectField('Dates', DATE_FORMATS, options.date_format || 'auto', { id: 'cohort-read-dates' });
  const na = inputField('Missing-value words (besides empty cells)', {
    type: 'text', id: 'cohort-read-na', value: (options.na || DEFAULT_NA).join(', '), autocomplete: 'off', spellcheck: 'false',
  }, 'Comma-separated, e.g. NA, n.a., k.A.');
  const thousands = h('input', { type: 'checkbox', id: 'cohort-read-thousands', checked: Boolean(options.thousands) });
  const serial = h('input', { type: 'checkbox', id: 'cohort-read-serial', checked: Boolean(options.excel_serial) });
  const apply = h('button', { type: 'button', id: 'cohort-read-apply' }, 'Read the file again with these options');
  const status = h('p', { class: 'cohort-message', id: 'cohort-read-message', role: 'status', tabindex: '-1' });

  // Which date column was read in which order, and why (the reader's own notes).
  const ordered = summary.columns.filter((c) => c.date_order);
  const dateNotes = (summary.notes || []).filter((n) => /day-first|month-first|day\/month order/.test(n));
  const dateLines = [
    ...ordered.map((c) => h('li', { dataset: { column: c.name, dateOrder: c.date_order } },
      `${c.name}: read ${ORDER_WORDS[c.date_order]}`)),
    ...dateNotes.map((n) => h('li', { class: 'hint', dataset: { note: n } }, n)),
  ];
  const current = () => ({
    delimiter: delimiter.input.value, decimal: decimal.input.value, date_format: dates.input.value,
    na: parseWords(na.input.value), thousands: thousands.checked, excel_serial: serial.checked,
  });
  const changed = () => {
    const c = current();
    return c.delimiter !== (options.delimiter || summary.delimiter) || c.decimal !== (options.decimal || summary.decimal) ||
      c.date_format !== (options.date_format || 'auto') || c.na.join('\n') !== (options.na || DEFAULT_NA).join('\n') ||
      c.thousands !== Boolean(options.thousands) || c.excel_serial !== Boolean(options.excel_serial);
  };
  const update = () => { apply.disabled = !changed(); };
  for (const el of [delimiter.input, decimal.input, dates.input, thousands, serial]) el.addEventListener('change', update);
  na.input.addEventListener('input', update);
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    root.dataset.open = 'true';  // the panel drawn anew after the read stays open
    // The answer (or the error) is said here, beside the button that asked.
    const error = await spec.apply(current());
    // Read again, the panel was drawn anew: its message element is the new one.
    const said = status.isConnected ? status : root.querySelector('#cohort-read-message');
    if (!said) return;
    said.className = `cohort-message ${error ? 'error' : 'ok'}`;
    said.textContent = error ? `The file was not read again: ${error}.` : 'Read again with these options.';
    said.focus();
    if (status.isConnected) update();
  });
  update();
  const sniffed = !options.delimiter ? ' (the delimiter and decimal mark as the reader found them)' : '';
  const details = h('details', { class: 'report-details', id: 'cohort-read-options',
    open: root.dataset.open === 'true' || Boolean(dateNotes.length && !ordered.length) },
    h('summary', {}, `How the file is read${sniffed}`),
    h('div', { class: 'field-row' }, delimiter.wrap, decimal.wrap, dates.wrap, na.wrap,
      h('div', { class: 'field check' }, thousands, h('label', { for: 'cohort-read-thousands' }, 'Numbers with thousands separators (1.234,5)')),
      h('div', { class: 'field check' }, serial, h('label', { for: 'cohort-read-serial' }, 'Plain numbers in date columns are Excel serial days'))),
    dateLines.length ? h('ul', { class: 'notes', id: 'cohort-date-orders' }, dateLines) : null,
    h('div', { class: 'actions' }, apply), status);
  details.addEventListener('toggle', () => { if (!details.open) delete root.dataset.open; });
  root.replaceChildren(details);
}
