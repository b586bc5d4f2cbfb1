// Further cohort analyses, each on demand with its own small form: cumulative incidence with
// Gray's test, a Cox model, and a characteristics crosstab with chi-square / Fisher p. Like the
// Kaplan-Meier view, every number comes from engine.run; this file asks and lays out.
import { plotKm, niceTicks, svgToString } from './plot-km.js';
import { h, selectField, setOptions, table, download, csvButton } from './cohort-dom.js';
import { pct, pText, formatP, num, ciText } from './cohort-format.js';

const STATUS_WORDS = {
  converged: 'converged',
  not_converged: 'did not converge in 20 iterations: the estimates below are not reliable',
  singular: 'singular: a covariate is redundant (a linear combination of others); its coefficient is NA, as in R',
  monotone_likelihood: 'monotone likelihood: a coefficient runs to infinity (e.g. no events in one level), ' +
    'so its hazard ratio is not shown',
};

function note(text) {
  return h('p', { class: 'hint' }, text);
}

function errorBox(out, err) {
  out.replaceChildren(h('p', { class: 'cohort-message error', role: 'alert' }, `Could not run: ${err.message}.`));
}

// ---- cumulative incidence ------------------------------------------------------------------
function cumincPanel(engine, ctx) {
  const status = selectField('Competing-risk status column (0 = censored, 1, 2, … = causes)', [], undefined, { id: 'cohort-ci-status' });
  const btn = h('button', { type: 'submit', id: 'cohort-ci-run' }, 'Estimate cumulative incidence');
  const out = h('div', { id: 'cohort-ci-out' });
  const form = h('form', { class: 'cohort-form', novalidate: true }, h('div', { class: 'field-row' }, status.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-cuminc' },
    h('summary', {}, h('h3', {}, 'Cumulative incidence (competing risks) and Gray\'s test')),
    note('Aalen-Johansen estimate per cause, as cmprsk::cuminc computes it (not 1 − Kaplan-Meier). ' +
      'Uses the time column and grouping chosen above.'), form, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const s = ctx.getSettings();
    const base = s.fromDates ? { endpoint: 'cir', time_unit: 'years', induction_failure_time: '0' }
      : { time: s.base.time, status: status.input.value };
    const req = { command: 'cuminc', ...base, times: s.horizons.map((t) => t * s.scale) };
    if (s.group) req.group = s.group;
    if (s.protocol) req.protocol = s.protocol;
    try {
      const r = await ctx.withBusy('Cumulative incidence…', () => engine.run(req));
      renderCuminc(out, r, s, ctx.fileName());
    } catch (err) { errorBox(out, err); }
  });
  return {
    panel,
    configure(cols, guess) {
      setOptions(status.input, cols, cols.find((c) => /status|cause|event_type/i.test(c)) || guess.event);
    },
  };
}

function renderCuminc(out, r, s, fileName) {
  const numeric = r.curves.every((c) => String(c.group).trim() !== '' && Number.isFinite(Number(c.group)));
  const groupText = (c) => (numeric && !s.protocol ? `${s.group} = ${c.group}` : String(c.group));
  const label = (c) => `${s.group ? `${groupText(c)}, ` : ''}cause ${c.cause}`;
  const maxT = Math.max(0, ...r.curves.map((c) => c.max_time || 0));
  const ticks = niceTicks(maxT / s.scale);
  const svg = plotKm({
    curves: r.curves.map((c) => ({
      label: label(c), legend: `${label(c)} (n = ${c.n}, ${c.n_event} event${c.n_event === 1 ? '' : 's'})`, time: c.time, y: c.est,
      end: c.max_time,
    })),
    y0: 0, xMax: ticks[ticks.length - 1], xTicks: ticks, xScale: s.scale,
    xLabel: `Time since start of follow-up (${s.shown})`, yLabel: 'Cumulative incidence (%)',
    showCi: false, risk: null, legendPosition: 'top-left',
    title: 'Cumulative incidence by cause', desc: `Source: ${fileName}.`,
  });
  const tests = (r.tests || []).map((t) => `cause ${t.cause}: ${pText(t.p)} (statistic ${num(t.stat)} on ${t.df} df)`);
  const rows = [];
  for (const c of r.curves) {
    for (const a of c.at_times || []) rows.push([label(c), num(a.time / s.scale), `${pct(a.est)}%`, ciText(a.lower, a.upper)]);
  }
  const svgBtn = h('button', { type: 'button', class: 'export' }, 'Download figure (SVG)');
  svgBtn.addEventListener('click', () => download('cumulative-incidence.svg', svgToString(svg), 'image/svg+xml'));
  const csv = csvButton('Download table (CSV)', 'cumulative-incidence.csv', () => ({
    header: ['group', 'cause', `time_${s.shown}`, 'est', 'var', 'lower', 'upper'],
    rows: r.curves.flatMap((c) => (c.at_times || []).map((a) => [c.group, c.cause, a.time / s.scale, a.est, a.var, a.lower, a.upper])),
  }));
  out.replaceChildren(
    h('figure', { class: 'km-figure' }, h('div', { class: 'plot-scroll' }, svg),
      h('figcaption', {}, h('strong', {}, 'Figure. Cumulative incidence by cause. '),
        `n = ${r.n}; ${r.n_excluded ? `${rowsWord(r.n_excluded)} excluded (rows ${(r.excluded_rows || []).slice(0, 15).join(', ')})` : 'no rows excluded'}; ` +
        `${Math.round((r.conf_level || 0.95) * 100)}% CI on the ${r.ci_transform || 'log-log'} scale. Source: ${fileName}.`)),
    h('div', { class: 'actions' }, svgBtn),
    tests.length ? h('p', { class: 'test-result', id: 'cohort-gray' }, h('strong', {}, 'Gray\'s test: '), tests.join('; '), '.') : null,
    rows.length ? table('Cumulative incidence at chosen times', ['Curve', `Time (${s.shown})`, 'Estimate', '95% CI'], rows) : null,
    rows.length ? h('div', { class: 'actions' }, csv) : null);
}

// ---- Cox -----------------------------------------------------------------------------------
function coxPanel(engine, ctx) {
  const box = h('fieldset', { class: 'covariates' }, h('legend', {}, 'Covariates'));
  const ties = selectField('Ties', [['efron', 'Efron (R default)'], ['breslow', 'Breslow']], 'efron', { id: 'cohort-cox-ties' });
  const btn = h('button', { type: 'submit', id: 'cohort-cox-run' }, 'Fit Cox model');
  const out = h('div', { id: 'cohort-cox-out' });
  const form = h('form', { class: 'cohort-form', novalidate: true }, box, h('div', { class: 'field-row' }, ties.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-cox' },
    h('summary', {}, h('h3', {}, 'Cox proportional hazards model')),
    note('Uses the endpoint chosen above. A text column enters as indicator terms against its ' +
      'alphabetically first level, as in R.'), form, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const s = ctx.getSettings();
    const covariates = [...box.querySelectorAll('input:checked')].map((i) => i.value);
    if (!covariates.length) {
      out.replaceChildren(h('p', { class: 'cohort-message error', role: 'alert' }, 'Tick at least one covariate.'));
      return;
    }
    const req = { command: 'cox', ...s.base, covariates, ties: ties.input.value };
    try {
      const r = await ctx.withBusy('Fitting the Cox model…', () => engine.run(req));
      renderCox(out, r, ctx.fileName());
    } catch (err) { errorBox(out, err); }
  });
  return {
    panel,
    configure(cols, guess, summary) {
      const usable = summary.columns.filter((c) => ['integer', 'number', 'boolean', 'categorical'].includes(c.type) &&
        c.name !== guess.time && c.name !== guess.event);
      box.replaceChildren(h('legend', {}, 'Covariates'), ...usable.map((c, i) => {
        const id = `cohort-cox-cov-${i}`;
        return h('span', { class: 'check-item' }, h('input', { type: 'checkbox', id, value: c.name }), h('label', { for: id }, c.name));
      }));
    },
  };
}

const fixed3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'NA');
const rowsWord = (n) => `${n} row${n === 1 ? '' : 's'}`;

function renderCox(out, r, fileName) {
  const level = Math.round((r.conf_level || 0.95) * 100);
  const rows = r.terms.map((t) => [t.name, Number.isFinite(t.hr) ? num(t.hr) : 'NA',
    Number.isFinite(t.lower) ? `${num(t.lower)}–${num(t.upper)}` : 'NA', formatP(t.p), fixed3(t.coef), fixed3(t.se)]);
  const status = r.status === 'converged' ? null
    : h('p', { class: 'cohort-message error', role: 'alert', id: 'cohort-cox-status' }, `Model status: ${STATUS_WORDS[r.status] || r.status}. ${r.message || ''}`);
  const tt = r.tests;
  const csv = csvButton('Download table (CSV)', 'cox-model.csv', () => ({
    header: ['term', 'coef', 'se', 'hr', 'lower', 'upper', 'z', 'p'],
    rows: r.terms.map((t) => [t.name, t.coef, t.se, t.hr, t.lower, t.upper, t.z, t.p]),
  }));
  out.replaceChildren(...[status].filter(Boolean),
    table(`Cox model (${r.ties} ties): n = ${r.n}, ${r.events} events`, ['Term', 'Hazard ratio', `${level}% CI`, 'p', 'coef', 'SE'], rows, { id: 'cohort-cox-table' }),
    h('p', { class: 'test-result' },
      `Likelihood ratio test ${num(tt.lr.stat)} on ${tt.lr.df} df, ${pText(tt.lr.p)}; Wald ${num(tt.wald.stat)}, ${pText(tt.wald.p)}; ` +
      `score (log-rank) ${num(tt.score.stat)}, ${pText(tt.score.p)}. Concordance ${num(r.concordance, 3)} (SE ${num(r.concordance_se, 3)}). ` +
      `${r.n_excluded ? `${rowsWord(r.n_excluded)} excluded for missing values (file rows ${(r.excluded_rows || []).slice(0, 15).join(', ')}).` : 'No rows excluded.'} Source: ${fileName}.`),
    h('div', { class: 'actions' }, csv));
}

// ---- characteristics crosstab ----------------------------------------------------------------
function crosstabPanel(engine, ctx) {
  const rowSel = selectField('Characteristic (rows)', [], undefined, { id: 'cohort-xt-row' });
  const colSel = selectField('By (columns)', [], undefined, { id: 'cohort-xt-col' });
  const btn = h('button', { type: 'submit', id: 'cohort-xt-run' }, 'Cross-tabulate');
  const out = h('div', { id: 'cohort-xt-out' });
  const form = h('form', { class: 'cohort-form', novalidate: true }, h('div', { class: 'field-row' }, rowSel.wrap, colSel.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-crosstab' },
    h('summary', {}, h('h3', {}, 'Characteristics by group (chi-square and Fisher\'s exact test)')), form, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const col = colSel.input.value || ctx.getSettings().group;
      if (!col) throw new Error('choose a column to compare by (or a grouping above)');
      const r = await ctx.withBusy('Cross-tabulating…', () => engine.run({ command: 'crosstab', row: rowSel.input.value, col }));
      if (r.row_levels.length > 30 || r.col_levels.length > 30) {
        throw new Error(`${r.row_levels.length} × ${r.col_levels.length} levels is too many for a table of characteristics; choose columns with a few categories`);
      }
      renderCrosstab(out, r, ctx.fileName());
    } catch (err) { errorBox(out, err); }
  });
  return {
    panel,
    configure(cols, guess, summary) {
      // Only columns that hold categories make sense here (not times or measurements).
      const cat = summary.columns.filter((c) => ['categorical', 'boolean', 'integer'].includes(c.type) &&
        c.name !== guess.time).map((c) => c.name);
      setOptions(rowSel.input, cat, cat.find((c) => c !== guess.group && c !== guess.event) || cat[0]);
      setOptions(colSel.input, [['', 'the grouping chosen above'], ...cat.map((c) => [c, c])], '');
    },
  };
}

function renderCrosstab(out, r, fileName) {
  const rows = r.row_levels.map((lv, i) => [String(lv), ...r.counts[i].map(String)]);
  const chi = r.chisq && Number.isFinite(r.chisq.p)
    ? `${r.chisq.method || 'Pearson chi-square'}: ${num(r.chisq.statistic)} on ${r.chisq.df} df, ${pText(r.chisq.p)}${r.chisq.warning ? ` (${r.chisq.warning})` : ''}`
    : `Chi-square not available${r.chisq && r.chisq.message ? `: ${r.chisq.message}` : ''}`;
  const fisher = r.fisher && Number.isFinite(r.fisher.p) ? `; ${r.fisher.method || 'Fisher\'s exact test'}: ${pText(r.fisher.p)}` : '';
  const csv = csvButton('Download table (CSV)', 'crosstab.csv', () => ({
    header: [`${r.row} \\ ${r.col}`, ...r.col_levels.map(String)], rows: r.row_levels.map((lv, i) => [String(lv), ...r.counts[i]]),
  }));
  out.replaceChildren(
    h('div', { class: 'table-scroll' }, table(`${r.row} by ${r.col} (counts)`, [`${r.row} \\ ${r.col}`, ...r.col_levels.map(String)], rows, { id: 'cohort-xt-table' })),
    h('p', { class: 'test-result', id: 'cohort-xt-test' }, `${chi}${fisher}. ` +
      `${r.n_excluded ? `${rowsWord(r.n_excluded)} with a missing value excluded.` : 'No rows excluded.'} Source: ${fileName}.`),
    h('div', { class: 'actions' }, csv));
}

// Mounts the three panels; configure() is called after each import with the new columns.
export function mountFurtherAnalyses(root, engine, ctx) {
  const panels = [cumincPanel(engine, ctx), coxPanel(engine, ctx), crosstabPanel(engine, ctx)];
  root.replaceChildren(h('h2', { id: 'cohort-more-h' }, '4. Further analyses'), ...panels.map((p) => p.panel));
  return {
    configure(summary, guess) {
      const cols = summary.columns.map((c) => c.name);
      for (const p of panels) p.configure(cols, guess, summary);
      for (const p of panels) p.panel.querySelector('[id$="-out"]').replaceChildren();
    },
  };
}
