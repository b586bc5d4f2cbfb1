// The Kaplan-Meier figure's own options, as survminer's ggsurvplot and Prism offer them: the time
// axis's maximum and tick spacing, curves stopped where few remain at risk, median lines, the
// curve shown (S, 1 − S or the cumulative hazard), an editable title and legend labels. They only
// change how the engine's result is drawn; every number still comes from the engine. Kept per
// figure (EFS, OS, ...) for the page's settings file.
import { h } from '../ui/dom.js';

const VIEWS = [
  ['surv', 'Survival S(t)'],
  ['failure', '1 − S(t) (cumulative incidence of the event)'],
  ['cumhaz', 'Cumulative hazard (Nelson-Aalen)'],
];

const state = {};  // figure key -> options
const blank = () => ({ xMax: null, xStep: null, truncate: null, medians: false, view: 'surv', title: '', labels: {} });
export const kmOptionsOf = (key) => {
  if (!state[key]) state[key] = blank();
  return state[key];
};

// For the settings file: every figure's options, and back (unknown keys are ignored).
export const kmOptionValues = () => JSON.parse(JSON.stringify(state));
export function applyKmOptions(v) {
  if (!v || typeof v !== 'object') return [];
  for (const [key, o] of Object.entries(v)) {
    if (!o || typeof o !== 'object') continue;
    const cur = kmOptionsOf(key);
    for (const f of ['xMax', 'xStep', 'truncate']) if (o[f] === null || (typeof o[f] === 'number' && o[f] > 0)) cur[f] = o[f];
    if (typeof o.medians === 'boolean') cur.medians = o.medians;
    if (VIEWS.some(([k]) => k === o.view)) cur.view = o.view;
    if (typeof o.title === 'string') cur.title = o.title.slice(0, 200);
    if (o.labels && typeof o.labels === 'object') {
      cur.labels = Object.fromEntries(Object.entries(o.labels).filter(([, l]) => typeof l === 'string').map(([g, l]) => [g, l.slice(0, 80)]));
    }
  }
  return [];
}

// The axis's ticks: the engine's, or from 0 by the chosen spacing up to the chosen maximum.
export function axisTicks(engineTicks, o) {
  if (!o.xMax && !o.xStep) return engineTicks;
  const max = o.xMax || engineTicks[engineTicks.length - 1];
  const step = o.xStep || (engineTicks.length > 1 ? engineTicks[1] - engineTicks[0] : max);
  const ticks = [];
  for (let k = 0; k <= 200 && k * step <= max * (1 + 1e-9); k += 1) ticks.push(+(k * step).toPrecision(12));
  return ticks;
}

// The engine's risk table read at ticks it was not asked for: the rows of its steps as
// kaplan_meier fills risk_table (at risk: those of the first step at or after t, 0 after the last;
// events and censored: the sums of the steps up to t).
export function stepCounts(c, tickTimes) {
  return tickTimes.map((x) => {
    let j = 0;
    while (j < c.time.length && c.time[j] < x) j += 1;
    let ev = 0;
    let cen = 0;
    for (let i = 0; i < c.time.length && c.time[i] <= x; i += 1) {
      ev += c.n_event[i];
      cen += c.n_censor[i];
    }
    return { n_risk: j < c.time.length ? c.n_risk[j] : 0, cum_event: ev, cum_censor: cen };
  });
}

// The index after the last step with at least `n` at risk (the curve stops there); all steps
// when truncation is off.
export function truncatedLength(c, n) {
  if (!n) return c.time.length;
  let k = 0;
  while (k < c.time.length && c.n_risk[k] >= n) k += 1;
  return k;
}

// The drawn values of the chosen view: S with its band, 1 − S (the band turned over) or the
// engine's cumulative hazard (no band).
export function viewValues(c, view) {
  if (view === 'failure') {
    const flip = (v) => (typeof v === 'number' ? 1 - v : v);
    return { y: c.surv.map(flip), lower: c.upper.map(flip), upper: c.lower.map(flip), y0: 0 };
  }
  if (view === 'cumhaz') return { y: c.cumhaz || [], lower: null, upper: null, y0: 0 };
  return { y: c.surv, lower: c.lower, upper: c.upper, y0: 1 };
}

const numberField = (id, label, value, onChange) => {
  const input = h('input', { type: 'number', id, min: '0', step: 'any', inputmode: 'decimal', value: value ?? '' });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    onChange(input.value.trim() === '' || !(v > 0) ? null : v);
  });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
};

// The controls of one figure; redraw() is called after each change.
export function kmOptionsControls(key, sfx, groups, unit, defaultTitle, redraw) {
  const o = kmOptionsOf(key);
  // Only a real change redraws (a change event also comes when focus leaves an edited field).
  const set = (f) => (v) => { if (o[f] !== v) { o[f] = v; redraw(); } };
  const view = h('select', { id: `cohort-fig-view${sfx}` }, ...VIEWS.map(([v, t]) => h('option', { value: v, selected: o.view === v }, t)));
  view.addEventListener('change', () => { o.view = view.value; redraw(); });
  const medians = h('input', { type: 'checkbox', id: `cohort-fig-medians${sfx}`, checked: o.medians });
  medians.addEventListener('change', () => { o.medians = medians.checked; redraw(); });
  const title = h('input', { type: 'text', id: `cohort-fig-title${sfx}`, value: o.title, placeholder: defaultTitle, maxlength: '200' });
  title.addEventListener('change', () => { if (o.title !== title.value.trim()) set('title')(title.value.trim()); });
  const labels = groups.map((g, i) => {
    const id = `cohort-fig-label${sfx}-${i}`;
    const input = h('input', { type: 'text', id, value: o.labels[g] || '', placeholder: g, maxlength: '80' });
    input.addEventListener('change', () => {
      const v = input.value.trim();
      if ((o.labels[g] || '') === v) return;
      if (v) o.labels[g] = v;
      else delete o.labels[g];
      redraw();
    });
    return h('div', { class: 'field' }, h('label', { for: id }, `Legend label for ${g}`), input);
  });
  return h('details', { class: 'report-details no-print', id: `cohort-fig-options${sfx}` },
    // Named after its endpoint: each KM block has one, and each control needs a name of its own.
    h('summary', {}, `${key === 'columns' ? 'Figure' : `${key.toUpperCase()} figure`} options (axis, truncation, medians, scale, title, labels)`),
    h('div', { class: 'field-row' },
      numberField(`cohort-fig-xmax${sfx}`, `X-axis maximum (${unit})`, o.xMax, set('xMax')),
      numberField(`cohort-fig-xstep${sfx}`, `Tick spacing (${unit})`, o.xStep, set('xStep')),
      numberField(`cohort-fig-truncate${sfx}`, 'Stop each curve where fewer than this many remain at risk (blank: off)', o.truncate, set('truncate'))),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: `cohort-fig-view${sfx}` }, 'Curve shown'), view),
      h('div', { class: 'field check' }, medians, h('label', { for: `cohort-fig-medians${sfx}` }, 'Median lines'))),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: `cohort-fig-title${sfx}` }, 'Figure title (blank: the default)'), title), ...labels));
}
