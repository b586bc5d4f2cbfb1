// Checks and companions of the regression models: the proportional-hazards test of a Cox model
// (cox's `zph`, R's cox.zph) with its residual plots, and the Fine-Gray model of the cumulative
// incidence (the `crr` command, R's cmprsk::crr). Every number is the engine's; this file lays
// them out and says in words what they mean.
import { plotZph } from '../plot/plot-zph.js';
import { h, table } from '../ui/dom.js';
import { csvButton } from './cohort-controls.js';
import { figureButtons } from './cohort-export.js';
import { formatP, num, pText } from './cohort-format.js';

const TRANSFORM_WORDS = { km: 'Kaplan-Meier', identity: 'identity', rank: 'rank', log: 'log' };

/** The proportional-hazards check under the Cox table: test per term and global, plots, words. */
export function zphBlock(zph, s, fileName) {
  if (!zph) return null;
  if (zph.error) {
    return h('p', { class: 'hint', id: 'cohort-zph-error' }, `The proportional-hazards check could not be made: ${zph.error}.`);
  }
  const rows = zph.terms.map((t) => [t.term, num(t.chisq), String(t.df), { text: formatP(t.p), data: { p: t.p ?? 'NA', chisq: t.chisq ?? 'NA' } }]);
  const tbl = table(`Test of proportional hazards (scaled Schoenfeld residuals against ${TRANSFORM_WORDS[zph.transform] || zph.transform}-transformed time, as R's cox.zph)`,
    ['Term', 'χ²', 'df', 'p'], rows, { class: 'data-table', id: 'cohort-zph-table' });
  const terms = zph.terms.filter((t) => t.term !== 'GLOBAL');
  const global = zph.terms.find((t) => t.term === 'GLOBAL');
  const violated = terms.filter((t) => Number.isFinite(t.p) && t.p < 0.05);
  const words = violated.length
    ? `The proportional-hazards assumption looks violated for ${violated.map((t) => `${t.term} (${pText(t.p)})`).join(', ')}: ` +
      'its hazard ratio is an average of an effect that changes over time. Look at the plot below for how it changes, ' +
      'and report a comparison that needs no proportional hazards, such as the difference in restricted mean survival ' +
      '(set “Restricted mean survival up to” above) or in survival at fixed times.'
    : `No evidence against proportional hazards (global test ${global ? pText(global.p) : 'NA'}). ` +
      'A test with few events can miss a real departure: the plots show what the data say.';
  const csv = csvButton('table of proportional-hazards tests', 'cox-zph', () => ({
    header: ['term', 'chisq', 'df', 'p', 'transform'], rows: zph.terms.map((t) => [t.term, t.chisq, t.df, t.p, zph.transform]),
  }));
  csv.id = 'cohort-zph-export-csv';
  // The plots (a point per event and term: tens of thousands in a large cohort) are drawn when
  // first opened, not with the table.
  const makePlots = () => terms.map((t, j) => {
    const curve = zph.smooth && zph.smooth.curves ? zph.smooth.curves.find((c) => c.term === t.term) : null;
    const svg = plotZph({
      term: t.term, x: zph.x, y: zph.y[t.term] || [], time: zph.time.map((v) => v / s.scale),
      smooth: curve && curve.fitted !== false ? { x: zph.smooth.x, fit: curve.fit, lower: curve.lower, upper: curve.upper } : null,
      xLabel: `Time (${s.shown}), on the ${TRANSFORM_WORDS[zph.transform] || zph.transform} scale`,
      title: `Scaled Schoenfeld residuals for ${t.term}`,
      desc: `Each point estimates the coefficient of ${t.term} at an event time; the line is a spline smooth with ±2 SE. Test: ${pText(t.p)}. Source: ${fileName}.`,
    });
    const [svgBtn] = figureButtons(svg, `residual plot for ${t.term}`, `cox-zph-${j + 1}`, `cohort-zph-export-${j + 1}`);
    return h('figure', { class: 'zph-figure', id: `cohort-zph-plot-${j + 1}` }, svg,
      h('figcaption', {}, `${t.term}: ${pText(t.p)}. A flat line means a constant hazard ratio.`), h('div', { class: 'actions' }, svgBtn));
  });
  const plotBox = h('div', { class: 'zph-plots' });
  const details = h('details', { class: 'report-details' }, h('summary', {}, 'Residual plots (one per term)'), plotBox);
  details.addEventListener('toggle', () => { if (details.open && !plotBox.firstChild) plotBox.append(...makePlots()); });
  return h('div', { class: 'result-block', id: 'cohort-zph' },
    tbl, h('p', { class: 'test-result', id: 'cohort-zph-words', dataset: { violated: violated.map((t) => t.term).join(',') } }, words),
    h('div', { class: 'actions' }, csv), details);
}

/**
 * The Fine-Gray model beside Gray's test: the subdistribution hazard ratio of each group against
 * the first for the cause of interest (crr's terms). reply: the analyze reply's crr part (its
 * result or {error}); label: how a term is shown.
 */
export function fineGrayBlock(part, { causeWords, byWords, level, fileName, scale = 1, shown = '', order = [] }) {
  if (!part) return null;
  if (part.error !== undefined) {
    return h('p', { class: 'hint', id: 'cohort-crr-error' }, `The Fine-Gray model could not be fitted: ${part.error}.`);
  }
  const mark = (t, text) => (t.reliable === false ? `${text} (unreliable)` : text);
  const rows = part.terms.map((t) => [t.name,
    { text: mark(t, Number.isFinite(t.shr) ? `${num(t.shr)} (${num(t.lower)}–${num(t.upper)})` : 'NA'), data: { shr: t.shr ?? 'NA', p: t.p ?? 'NA' } },
    mark(t, formatP(t.p))]);
  const tbl = table(`Fine-Gray model of ${causeWords} by ${byWords}: subdistribution hazard ratios (${level} CI), n = ${part.n}, ${part.events} events, ${part.competing} competing`,
    ['Term', 'Subdistribution HR (CI)', 'p'], rows, { class: 'data-table', id: 'cohort-crr-table' });
  const csv = csvButton('Fine-Gray model table', 'fine-gray', () => ({
    header: ['term', 'coef', 'se', 'shr', 'lower', 'upper', 'z', 'p'], rows: part.terms.map((t) => [t.name, t.coef, t.se, t.shr, t.lower, t.upper, t.z, t.p]),
  }));
  csv.id = 'cohort-crr-export-csv';
  const status = part.status === 'converged' ? '' : ` Model status: ${part.status}. ${part.message || ''}`;
  // The model's cumulative incidence for each group at the chosen times (predict.crr).
  // In the groups' display order (the engine gives the levels in sort order).
  const rank = (p) => order.indexOf(String(Object.values(p.values)[0]));
  const predictions = (Array.isArray(part.predict) ? [...part.predict] : []).sort((a, b) => rank(a) - rank(b));
  const predRows = predictions.flatMap((p) => p.at_times.map((a) => [Object.values(p.values).join(', '), num(a.time / scale),
    { text: `${(100 * a.cif).toFixed(1)}%`, data: { cif: a.cif } }]));
  const predTable = predRows.length ? table(`Cumulative incidence of ${causeWords} predicted by the Fine-Gray model, by ${byWords}`,
    ['Group', `Time (${shown})`, 'Predicted'], predRows, { class: 'data-table', id: 'cohort-crr-predict' }) : null;
  return h('div', { class: 'result-block', id: 'cohort-crr' }, tbl,
    h('p', { class: 'test-result', id: 'cohort-crr-tests', dataset: { lr: part.lr ? part.lr.stat : 'NA' } },
      `Likelihood ratio test ${part.lr ? `${num(part.lr.stat)} on ${part.lr.df} df, ${pText(part.lr.p)}` : 'NA'}. ` +
      'As cmprsk::crr: a ratio of subdistribution hazards, which moves with the cumulative incidence itself (not the cause-specific hazard).' +
      `${status} Source: ${fileName}.`),
    h('div', { class: 'actions' }, csv), predTable);
}

/**
 * Tests of the Cox terms with several columns (a factor's indicators together, an interaction):
 * cox's term_tests (Wald) and, for the terms asked about, joint_tests (Wald and likelihood ratio
 * against the model without them). Null when there are none.
 */
export function termTestsBlock(r) {
  const joint = new Map((r.joint_tests || []).map((j) => [j.terms.join(' + '), j]));
  const tests = r.term_tests || [];
  if (!tests.length && !joint.size) return null;
  const lrText = (j) => (j && j.lr && Number.isFinite(j.lr.stat) ? `${num(j.lr.stat)} on ${j.lr.df} df, ${pText(j.lr.p)}` : '–');
  const unreliable = (t) => (t.reliable === false ? ' (unreliable)' : '');
  const rows = tests.map((t) => {
    const j = joint.get(t.term);
    joint.delete(t.term);
    return [t.term, { text: `${num(t.wald.stat)} on ${t.wald.df} df, ${pText(t.wald.p)}${unreliable(t)}`, data: { p: t.wald.p, stat: t.wald.stat } },
      { text: lrText(j), data: { p: j && j.lr ? j.lr.p : 'NA' } }];
  });
  for (const [name, j] of joint) {
    rows.push([name, { text: `${num(j.wald.stat)} on ${j.wald.df} df, ${pText(j.wald.p)}`, data: { p: j.wald.p, stat: j.wald.stat } },
      { text: lrText(j), data: { p: j.lr ? j.lr.p : 'NA' } }]);
  }
  return h('div', { class: 'result-block' },
    table('Tests of terms with several columns (a factor\'s levels together; an interaction)',
      ['Term', 'Wald test', 'Likelihood ratio test (model without the term)'], rows, { class: 'data-table', id: 'cohort-cox-term-tests' }),
    h('p', { class: 'hint' }, 'The Wald test asks whether all of a term\'s coefficients are 0 at once (R: the joint Wald test of those ' +
      'coefficients); the likelihood ratio test compares the model with the one without the term (R: anova). ' +
      'An interaction\'s test asks whether the effect of one covariate depends on the other.'));
}
