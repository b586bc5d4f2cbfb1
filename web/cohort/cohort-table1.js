// The characteristics table (Interfant-06 Table 1 style) as the page lays it out: categorical
// characteristics as n (%) per group with Pearson's chi-square and Fisher's exact p (engine:
// crosstab), continuous ones (numbers: age, WBC) as median (IQR) and range per group with the
// Wilcoxon rank-sum (2 groups) or Kruskal-Wallis test (3+) (engine: describe). Missing values
// are counted per characteristic; patients without a group (not classified) are said apart.
// Every number is the engine's; this file lays out and writes the R code.
import { h } from '../ui/dom.js';
import { csvButton } from './cohort-controls.js';
import { displayOrder } from './cohort-order.js';
import { rCodeButton, crosstabRCode } from './cohort-rcode.js';
import { formatP } from './cohort-format.js';

const num0 = (p) => p.toFixed(0);
// A summary number as a table prints it: 4 significant digits, no trailing zeros.
const sig = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '–');
const TEST_NAME = { wilcoxon: 'Wilcoxon rank-sum', kruskal: 'Kruskal-Wallis' };
const missingWords = (n) => (n ? ` (${n} missing)` : '');

function categoricalBody(r, colLevels, csvRows) {
  const idx = colLevels.map((l) => r.col_levels.map(String).indexOf(l));
  const chiP = r.chisq && Number.isFinite(r.chisq.p) ? r.chisq.p : null;
  const fisherP = r.fisher && Number.isFinite(r.fisher.p) ? r.fisher.p : null;
  const missing = r.n_row_missing ?? r.n_excluded;
  const body = h('tbody', { dataset: { row: r.row, pChisq: chiP ?? 'NA', pFisher: fisherP ?? 'NA', nMissing: String(missing) } });
  body.append(h('tr', { class: 'table1-head' },
    h('th', { scope: 'rowgroup', colspan: String(colLevels.length + 2) }, `${r.row}${missingWords(missing)}`),
    h('td', { title: r.chisq && r.chisq.warning ? r.chisq.warning : null }, formatP(chiP)),
    h('td', { title: fisherP === null && r.fisher && r.fisher.message ? r.fisher.message : null }, fisherP === null && r.fisher && r.fisher.status === 'not_implemented' ? 'not computed*' : formatP(fisherP))));
  for (const lv of displayOrder(r.row_levels.map(String))) {
    const i = r.row_levels.map(String).indexOf(lv);
    // A column level this characteristic never meets (j < 0) has no patients: no percentage.
    const cells = idx.map((j) => {
      const n = j < 0 ? 0 : r.counts[i][j];
      const p = j < 0 ? null : r.col_percent[i][j];
      return h('td', { dataset: { n: String(n), pct: p ?? 'NA' } }, `${n} (${typeof p === 'number' ? `${num0(p)}` : '–'})`);
    });
    const total = r.row_totals[i];
    const totalPct = r.row_total_percent[i];
    body.append(h('tr', {}, h('th', { scope: 'row', class: 'table1-level' }, lv), ...cells,
      h('td', { dataset: { total: String(total), pct: totalPct ?? 'NA' } }, `${total} (${typeof totalPct === 'number' ? num0(totalPct) : '–'})`),
      h('td', {}), h('td', {})));
    csvRows.push([r.row, lv, ...idx.map((j) => (j < 0 ? 0 : r.counts[i][j])), total, 'chi-square', chiP, 'Fisher', fisherP]);
  }
  return body;
}

function numericBody(r, colLevels, csvRows) {
  const groups = colLevels.map((l) => r.groups.find((g) => String(g.level) === l) || null);
  const test = r.test || null;
  const p = test && Number.isFinite(test.p) ? test.p : null;
  const body = h('tbody', { dataset: { row: r.var, test: test ? test.name : 'none', p: p ?? 'NA', nMissing: String(r.n_missing) } });
  const testName = test ? TEST_NAME[test.name] : 'none';
  body.append(h('tr', { class: 'table1-head' },
    h('th', { scope: 'rowgroup', colspan: String(colLevels.length + 2) }, `${r.var}${missingWords(r.n_missing)}`),
    h('td', { title: test ? test.method : r.test_message }, testName), h('td', {}, formatP(p))));
  const cell = (g, kind) => {
    if (!g || !g.n) return h('td', { dataset: { n: g ? '0' : 'NA' } }, '–');
    return kind === 'iqr'
      ? h('td', { dataset: { median: g.median, q1: g.q1, q3: g.q3, n: String(g.n) } }, `${sig(g.median)} (${sig(g.q1)}–${sig(g.q3)})`)
      : h('td', { dataset: { min: g.min, max: g.max } }, `${sig(g.min)}–${sig(g.max)}`);
  };
  for (const [kind, label] of [['iqr', 'median (IQR)'], ['range', 'range']]) {
    body.append(h('tr', { dataset: { stat: kind } }, h('th', { scope: 'row', class: 'table1-level' }, label),
      ...groups.map((g) => cell(g, kind)), cell(r.total, kind), h('td', {}), h('td', {})));
  }
  // One CSV line per statistic: median, quartiles, range ends (empty where a group has no value).
  for (const k of ['median', 'q1', 'q3', 'min', 'max']) {
    const v = (g) => (g && g.n ? g[k] : '');
    csvRows.push([r.var, k, ...groups.map(v), v(r.total), testName, p, '', '']);
  }
  return body;
}

// R code for the continuous rows (the categorical rows' code is crosstabRCode's).
function describeRCode(rows, byVector) {
  const lines = ['# Continuous characteristics: median (IQR) and range per group (quantile type 7, R\'s default),',
    '# Wilcoxon rank-sum test for 2 groups, Kruskal-Wallis for 3 or more.', `g <- factor(${byVector})`];
  for (const r of rows) {
    lines.push(`x <- d[[${JSON.stringify(r)}]]`, 'sum(is.na(x))  # missing',
      'tapply(x, g, quantile, probs = c(0, 0.25, 0.5, 0.75, 1), na.rm = TRUE, type = 7)',
      'quantile(x[!is.na(g)], probs = c(0, 0.25, 0.5, 0.75, 1), na.rm = TRUE, type = 7)  # total',
      'k <- nlevels(droplevels(g[!is.na(x)]))',
      'if (k == 2) wilcox.test(x ~ droplevels(g), exact = FALSE, correct = TRUE)$p.value else kruskal.test(x, g)$p.value', '');
  }
  return lines.join('\n');
}

// results: [{kind: 'categorical', r: crosstab JSON} | {kind: 'numeric', r: describe JSON}], in
// the order ticked. byColumn: the column compared by, or null for the classified risk group.
export function renderCharacteristics(out, results, byColumn, s, fileName) {
  const by = byColumn || 'risk_group';
  const byWords = byColumn || `${s.risk.name} risk group`;
  const cat = results.filter((x) => x.kind === 'categorical').map((x) => x.r);
  const nums = results.filter((x) => x.kind === 'numeric').map((x) => x.r);
  const colLevels = displayOrder([...cat.flatMap((r) => r.col_levels.map(String)), ...nums.flatMap((r) => r.levels.map(String))]);
  const t = h('table', { class: 'data-table table1', id: 'cohort-xt-table', dataset: { by } });
  t.append(h('caption', {}, `Patient characteristics by ${byWords}: n (%) with Pearson's chi-square and Fisher's exact p; ` +
    'numbers as median (IQR) and range with the Wilcoxon rank-sum or Kruskal-Wallis test'));
  t.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Characteristic'),
    ...colLevels.map((l) => h('th', { scope: 'col' }, byColumn ? `${by} = ${l}` : l)), h('th', { scope: 'col' }, 'Total'),
    h('th', { scope: 'col' }, 'p (χ²); numbers: test'), h('th', { scope: 'col' }, 'p (Fisher); numbers: p'))));
  const csvRows = [];
  for (const x of results) t.append(x.kind === 'numeric' ? numericBody(x.r, colLevels, csvRows) : categoricalBody(x.r, colLevels, csvRows));
  const warnings = cat.filter((r) => r.chisq && r.chisq.warning).map((r) => `${r.row}: ${r.chisq.warning}`);
  // An r x c table past the exact test's work limit: say so, with what to use instead.
  const tooLarge = cat.filter((r) => r.fisher && r.fisher.status === 'not_implemented').map((r) => r.row);
  if (tooLarge.length) {
    warnings.push(`* Fisher's exact test not computed for ${tooLarge.join(', ')}: the table is too large for an exact p-value here; use the chi-square p, or a Monte Carlo p-value in R (fisher.test(tab, simulate.p.value = TRUE))`);
  }
  // Patients without a group are in no column: said once, apart from the missing values.
  const first = results[0];
  const unclassified = first ? (first.kind === 'numeric' ? first.r.n_by_missing : first.r.n_col_missing ?? 0) : 0;
  const csv = csvButton('table of characteristics', 'characteristics', () => ({
    header: ['characteristic', 'level', ...colLevels.map((l) => `${by}=${l}`), 'total', 'test', 'p', 'test_2', 'p_2'], rows: csvRows,
  }));
  csv.id = 'cohort-xt-export-csv';
  const byVector = byColumn ? `d[[${JSON.stringify(byColumn)}]]` : 'rg$risk_group';
  const rCode = () => {
    const base = crosstabRCode(s, cat.map((r) => r.row), byColumn);
    return nums.length ? `${base}\n${describeRCode(nums.map((r) => r.var), byVector)}\n` : base;
  };
  out.replaceChildren(
    h('div', { class: 'table-scroll' }, t),
    h('p', { class: 'hint', id: 'cohort-xt-unclassified', dataset: { n: String(unclassified) } },
      unclassified ? `${unclassified} patient${unclassified === 1 ? '' : 's'} ${byColumn ? `without a value of ${byColumn}` : 'not classified (no definite risk group)'} ` +
        'are in no column; the missing counts beside each characteristic are of that characteristic itself.'
        : 'Missing counts beside each characteristic are of that characteristic itself.'),
    h('p', { class: 'test-result', id: 'cohort-xt-test' },
      `Percentages are of the patients in each column with a known value. p (χ²): Pearson's chi-square test (Yates' ` +
      `correction on 2 × 2 tables, as R's chisq.test); p (Fisher): Fisher's exact test. Numbers: median (IQR) and range ` +
      `(R's quantile type 7); the test named in the row: Wilcoxon rank-sum with continuity correction (2 groups, R's ` +
      `wilcox.test(exact = FALSE)) or Kruskal-Wallis (3 or more, R's kruskal.test).${warnings.length ? ` Note: ${warnings.join('; ')}.` : ''} Source: ${fileName}.`),
    h('div', { class: 'actions' }, csv),
    rCodeButton('cohort-rcode-xt', 'table of characteristics', rCode, 'characteristics'));
}
