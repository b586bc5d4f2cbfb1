// The Cox panel's forest plot, as survminer's ggforest and Prism lay it out: each factor under
// its own name with its reference level as a row ("Risk group: LR", 1, reference), every level's
// n and events beside it (the engine's cox `factors`: the rows the fit used), and readable labels
// instead of R's design-column names ("Risk group: HR", not risk_groupHR).
import { plotForest } from '../plot/plot-forest.js';
import { h } from '../ui/dom.js';
import { figureButtons } from './cohort-export.js';
import { num } from './cohort-format.js';

// A covariate as a reader names it: the classified risk group and the exposure in words, a
// column by its own header.
export function covariateName(name, s) {
  if (name === 'risk_group') return s && s.risk && s.risk.name ? `${s.risk.name} risk group` : 'Risk group';
  if (name === 'exposed') return 'Exposed';
  return name;
}

// Each design column's label: "<covariate>: <level>" for a factor's level, the covariate for a
// number, the parts joined by " × " for an interaction.
export function termLabeller(r, s) {
  const byTerm = new Map();
  for (const f of r.factors || []) {
    for (const l of f.levels) if (l.term) byTerm.set(l.term, `${covariateName(f.covariate, s)}: ${l.level}`);
  }
  const one = (part) => byTerm.get(part) || covariateName(part, s);
  return (name) => (byTerm.has(name) ? byTerm.get(name) : name.split(':').map(one).join(' × '));
}

const countText = (l) => `${l.n} / ${l.events}`;

// The rows of the figure in the model's order, each factor's reference first.
export function forestRows(r, s) {
  const label = termLabeller(r, s);
  const level = (t) => (Number.isFinite(t.lower) ? `${num(t.lower)}–${num(t.upper)}` : 'NA');
  const factorOf = new Map();
  for (const f of r.factors || []) for (const l of f.levels) if (l.term) factorOf.set(l.term, f);
  const done = new Set();
  const rows = [];
  const termRow = (t, count) => ({
    label: label(t.name), hr: t.hr, lower: t.lower, upper: t.upper, count,
    text: Number.isFinite(t.hr) ? `${num(t.hr)} (${level(t)})` : 'NA', term: t.name,
  });
  for (const t of r.terms) {
    const f = factorOf.get(t.name);
    if (!f) {
      rows.push(termRow(t, null));
      continue;
    }
    if (done.has(f.covariate)) continue;
    done.add(f.covariate);
    for (const l of f.levels) {
      const ft = l.term ? r.terms.find((x) => x.name === l.term) : null;
      if (l.reference) {
        rows.push({ label: `${covariateName(f.covariate, s)}: ${l.level}`, hr: 1, lower: 1, upper: 1, reference: true,
          text: '1 (reference)', count: countText(l), level: l.level, covariate: f.covariate });
      } else if (ft) {
        rows.push({ ...termRow(ft, countText(l)), level: l.level, covariate: f.covariate });
      }
    }
  }
  return rows;
}

// The figure and its export buttons.
export function coxForest(r, s, { level, title, fileName }) {
  const rows = forestRows(r, s);
  const svg = plotForest({
    rows, xLabel: `Hazard ratio, ${level}% CI (log scale)`, textHeader: `HR (${level}% CI)`,
    labelHeader: 'Covariate: level', countHeader: 'n / events',
    title: `Forest plot. ${title}`, desc: `Source: ${fileName}. The table beside the figure gives the same numbers.`,
  });
  const figure = h('figure', { class: 'km-figure', id: 'cohort-cox-forest' },
    // Wider than a narrow window with long labels: the scroll box takes the keyboard focus.
    h('div', { class: 'plot-scroll', tabindex: '0', role: 'region', 'aria-label': 'Forest plot (scrolls sideways)' }, svg),
    h('figcaption', {}, h('strong', {}, `Figure. Hazard ratios with ${level}% confidence intervals. `),
      `${title}; each factor's reference level is drawn at 1 (hollow square); n / events: the patients of each level in the model and their events; ` +
      `the dashed line marks no effect (HR = 1). Source: ${fileName}.`));
  const [svgBtn, pngBtn] = figureButtons(svg, 'Cox forest plot', 'cox-forest', 'cohort-cox-export');
  return { figure, buttons: h('div', { class: 'actions' }, svgBtn, pngBtn) };
}
