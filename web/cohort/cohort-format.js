// Display formatting for the cohort view: the engine's numbers as a paper would print them.
// Pure functions (no DOM), so node tests can import them and compare the page with the CLI.

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

// A proportion as a percentage with one decimal: 0.4614 -> "46.1". NA -> "NA".
export function pct(v, digits = 1) {
  return isNum(v) ? (100 * v).toFixed(digits) : 'NA';
}

// p-values as journals print them: "< 0.001", three decimals below 0.1, two above.
export function formatP(p) {
  if (!isNum(p)) return 'NA';
  if (p < 0.001) return '< 0.001';
  if (p < 0.1) return p.toFixed(3);
  return p.toFixed(2);
}

// "p = 0.013" or "p < 0.001".
export function pText(p) {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

// A time or statistic with sensible digits: integers stay integers, otherwise 3 significant
// digits but never fewer decimals than needed to tell 1.25 from 1.3 (at most 2 decimals).
export function num(v, digits = 2) {
  if (!isNum(v)) return 'NA';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : digits);
}

// A time in column units shown in display units (e.g. days shown as years).
export function timeText(t, scale) {
  return isNum(t) ? num(t / scale) : 'NA';
}

// "46.1% (SE 2.1)" for a survival estimate and its standard error.
export function survText(s, se) {
  return isNum(s) ? `${pct(s)}% (SE ${pct(se)})` : 'NA';
}

// "38.0-54.1%" for a confidence interval (en dash); "NA" when a limit is missing.
export function ciText(lo, hi) {
  return isNum(lo) && isNum(hi) ? `${pct(lo)}–${pct(hi)}%` : 'NA';
}

// Median with its CI in display units: "0.74 (0.63–0.97)"; "not reached" when NA.
export function medianText(med, lo, hi, scale) {
  if (!isNum(med)) return 'not reached';
  const l = isNum(lo) ? num(lo / scale) : 'NA';
  const h = isNum(hi) ? num(hi / scale) : 'NA';
  return `${num(med / scale)} (${l}–${h})`;
}

// The CSV dialect tables are written in: the loaded file's own delimiter and decimal mark (a
// German export's tables open in the same spreadsheet as the export did). Set on import.
export const csvDialect = { delimiter: ',', decimal: '.' };
export function setCsvDialect(delimiter, decimal) {
  // A tab-separated input (a table pasted from a spreadsheet) still gets commas: a .csv file.
  csvDialect.delimiter = delimiter && delimiter !== '\t' ? delimiter : ',';
  // A decimal comma with a comma delimiter cannot be: numbers then keep the point.
  csvDialect.decimal = decimal === ',' && csvDialect.delimiter !== ',' ? ',' : '.';
}

// One CSV cell, RFC 4180 quoting plus formula safety: a cell a spreadsheet would run as a
// formula (starts with = + - @, tab or CR) gets a leading apostrophe. Numbers are written raw
// (a negative number is data, not a formula), with the dialect's decimal mark.
export function csvCell(v, dialect = csvDialect) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return dialect.decimal === ',' ? String(v).replace('.', ',') : String(v);
  }
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s.includes(dialect.delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header, rows, dialect = csvDialect) {
  return [header, ...rows].map((r) => r.map((c) => csvCell(c, dialect)).join(dialect.delimiter)).join('\r\n') + '\r\n';
}

// Parses a comma-separated list of times ("1, 3, 6"; semicolons and spaces also separate).
// Every entry must be a finite number >= 0: { values } or, naming the first that is not,
// { error }. Nothing is dropped silently.
export function parseTimes(text) {
  const parts = String(text).split(/[,;\s]+/).filter(Boolean);
  const values = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v) || v < 0) return { values: [], error: `“${p}” is not a time (a number ≥ 0 was expected)` };
    values.push(v);
  }
  return { values };
}

// One restricted-mean horizon: a number > 0, or empty (no restricted mean).
export function parseHorizon(text) {
  const t = String(text).trim();
  if (t === '') return { value: null };
  const v = Number(t);
  if (!Number.isFinite(v) || v <= 0) return { value: null, error: `“${t}” is not a horizon (one number > 0 was expected)` };
  return { value: v };
}

// A published survival curve typed in: one point per line, "time, survival %" (tab, ';' or
// spaces also separate; a '%' sign may follow). Survival is read as a percentage, never guessed
// from the value. Returns { time, surv (proportions), error } with the first bad line named.
export function parseReferenceCurve(text) {
  const time = [];
  const surv = [];
  const lines = String(text).split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const cells = line.replace(/%/g, ' ').split(/[,;\t ]+/).filter(Boolean);
    const [t, s] = cells.map(Number);
    if (cells.length !== 2 || !Number.isFinite(t) || !Number.isFinite(s)) {
      return { time: [], surv: [], error: `line ${i + 1} (“${line}”) is not a time and a survival %` };
    }
    if (!(s > 0 && s <= 100)) return { time: [], surv: [], error: `line ${i + 1}: survival ${s}% is not between 0 and 100` };
    time.push(t);
    surv.push(s / 100);
  }
  return { time, surv };
}
