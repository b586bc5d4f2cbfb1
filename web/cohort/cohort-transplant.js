// "Transplant (time-dependent)": did a stem-cell transplant help? Shown for a cohort whose
// endpoints come from dates and which has a transplant date (canonical input hsct_date). The
// naive ever/never comparison is shown, labelled as biased, beside the analyses that treat the
// transplant as what it is, an exposure that starts during follow-up: the Mantel-Byar test,
// Simon-Makuch curves and landmark analyses. Every number is the engine's (km, logrank and
// landmark parts of one analyze request); this file asks and lays out.
import { plotKm } from '../plot/plot-km.js';
import { h, table } from '../ui/dom.js';
import { selectField, inputField, chooseOption, setOptions } from './cohort-controls.js';
import { figureButtons } from './cohort-export.js';
import { riskCounts } from './cohort-km.js';
import { rCodeButton, transplantRCode } from './cohort-rcode.js';
import { pct, pText, formatP, num, ciText, parseTimes } from './cohort-format.js';

const TX_ENDPOINTS = [['efs', 'Event-free survival (EFS)'], ['os', 'Overall survival (OS)']];
const NAIVE_LABEL = { 0: 'Never transplanted', 1: 'Ever transplanted' };
const SM_LABEL = { 0: 'Not (yet) transplanted', 1: 'Transplanted' };
const LM_LABEL = (L) => ({ 0: `Not transplanted by ${num(L)} y`, 1: `Transplanted by ${num(L)} y` });
const EP_WORD = { efs: 'EFS', os: 'OS' };

// The file's column the engine maps to hsct_date, or null.
export function transplantColumn(mapping) {
  const m = (mapping || []).find((x) => x.canonical === 'hsct_date');
  return m ? m.header : null;
}

// The section's requests as named parts of one analyze request.
// `within`: one risk group's label (its patients only: subset risk_group=LABEL), or '' for all.
export function transplantParts(s, col, ep, landmarks, within = '') {
  const base = { endpoint: ep, time_unit: 'years', induction_failure_time: s.induction, exposure_date: col,
    ...(within && s.risk ? { subset: `risk_group=${within}`, protocol: s.risk.protocol } : {}) };
  const times = s.horizons.map((t) => t * s.scale);
  const ci = { conf_type: s.confType, conf_level: s.confLevel };
  const parts = {
    tx_naive_km: { command: 'km', ...base, naive: true, times, ...ci },
    tx_naive_logrank: { command: 'logrank', ...base, naive: true },
    tx_mantel_byar: { command: 'logrank', ...base },
    tx_simon_makuch: { command: 'km', ...base, times, axis_ticks: true, axis_scale: s.scale, ...ci },
    tx_landmark: { command: 'landmark', ...base, at: landmarks, times, conf_level: s.confLevel },
  };
  // Transplant is usually offered to one risk group only: within risk groups as well.
  if (s.risk && !within) parts.tx_mantel_byar_strata = { ...parts.tx_mantel_byar, strata: 'risk_group', protocol: s.risk.protocol };
  // The hazard ratio of transplant as a time-dependent covariate (and its score test).
  parts.tx_cox = { command: 'cox', ...base, conf_level: s.confLevel };
  return parts;
}

function explanation() {
  return h('div', { class: 'hint', id: 'cohort-tx-why' },
    h('p', {}, h('strong', {}, 'Why not simply compare transplanted with not transplanted patients? '),
      'A patient can only be transplanted if they are still alive and event-free when the transplant ' +
      'can be done, months after diagnosis. Counting them as “transplanted” from diagnosis credits the ' +
      'transplant with that waiting time, in which they could not have had an event (immortal time), and ' +
      'puts every early event among the “never transplanted”. The naive comparison therefore favours ' +
      'transplant even when it does nothing. In Interfant-06, 54 of the 143 high-risk patients in ' +
      'complete remission had an early event before a transplant could be done.'),
    h('p', {}, 'The correct analyses count each patient as not transplanted until the transplant date and ' +
      'as transplanted after it (Mantel-Byar test, Simon-Makuch curves), or compare only patients still ' +
      'event-free at a fixed landmark time, grouped by transplant before that time.'));
}

const groupLabel = (labels, g) => labels[String(g)] || String(g);

// Naive: KM numbers per group at the chosen times, and the ever/never log-rank test.
function naiveBlock(km, lr, s) {
  const rows = [];
  for (const c of km.curves) {
    for (const a of c.at_times || []) {
      rows.push([groupLabel(NAIVE_LABEL, c.group), String(c.n), String(c.events), num(a.time / s.scale),
        { text: `${pct(a.surv)}%`, data: { surv: a.surv } }, ciText(a.lower, a.upper)]);
    }
  }
  return h('div', { class: 'result-block tx-naive', id: 'cohort-tx-naive' },
    h('h4', {}, 'Naive comparison (biased: immortal time)'),
    table(`Ever against never transplanted, from diagnosis (biased; ${Math.round(s.confLevel * 100)}% CI)`,
      ['Group', 'n', 'Events', `Time (${s.shown})`, 'Survival', 'CI'], rows, { class: 'data-table', id: 'cohort-tx-naive-table' }),
    h('p', { class: 'test-result', id: 'cohort-tx-naive-p', dataset: { p: lr.p, chisq: lr.chisq } },
      h('strong', {}, 'Naive log-rank test (biased): '),
      `χ² = ${num(lr.chisq)} on ${lr.df} df, ${pText(lr.p)}; observed / expected events: ` +
      `${lr.groups.map((g, i) => `${groupLabel(NAIVE_LABEL, g)} ${num(lr.obs[i])} / ${num(lr.exp[i])}`).join(', ')}.`));
}

function exposureWords(x) {
  const notes = (x.notes || []).length;
  return `${x.n_subjects} patients, ${x.n_exposed} transplanted during follow-up (${x.n_split} follow-ups split at the transplant)` +
    `${x.n_time_zero ? `; ${x.n_time_zero} with a follow-up time of 0 left out` : ''}` +
    `${notes ? `; ${notes} transplant date${notes === 1 ? '' : 's'} at or after the end of follow-up ignored (rows ${x.notes.slice(0, 10).map((n) => n.row).join(', ')})` : ''}`;
}

// The Mantel-Byar test (and within risk groups, when asked).
function mantelByarBlock(mb, strata, s) {
  const oe = mb.groups.map((g, i) => `${groupLabel(SM_LABEL, g)} ${num(mb.obs[i])} / ${num(mb.exp[i])}`).join(', ');
  return h('div', { class: 'result-block', id: 'cohort-tx-mb-block' },
    h('h4', {}, 'Mantel-Byar test (transplant as a time-dependent exposure)'),
    h('p', { class: 'test-result', id: 'cohort-tx-mb', dataset: { p: mb.p, chisq: mb.chisq } },
      h('strong', {}, 'Mantel-Byar test: '), `χ² = ${num(mb.chisq)} on ${mb.df} df, ${pText(mb.p)}; ` +
      `observed / expected events: ${oe}. ${exposureWords(mb.exposure)}.`),
    strata ? h('p', { class: 'test-result', id: 'cohort-tx-mb-strata', dataset: { p: strata.p, chisq: strata.chisq } },
      h('strong', {}, `Within ${s.risk.name} risk groups: `), `χ² = ${num(strata.chisq)} on ${strata.df} df, ${pText(strata.p)} ` +
      `(strata ${(strata.strata || []).join(', ')}). When transplant is offered to one risk group only, the whole-cohort ` +
      'test also compares risk groups; this one compares like with like.') : null);
}

// Simon-Makuch curves with the number at risk at the axis ticks.
function simonMakuchBlock(km, s, ep, fileName) {
  const ticks = km.axis_ticks;
  const curves = [...km.curves].sort((a, b) => String(a.group).localeCompare(String(b.group)));
  const title = `Simon-Makuch estimate of ${EP_WORD[ep]} by transplant status`;
  const desc = `Source: ${fileName}. Each patient counts as not transplanted until the transplant date and as transplanted from then on; ` +
    `${exposureWords(km.exposure)}; ${Math.round(km.conf_level * 100)}% CI, ${km.conf_type} transform.`;
  const svg = plotKm({
    curves: curves.map((c) => ({
      label: groupLabel(SM_LABEL, c.group), legend: `${groupLabel(SM_LABEL, c.group)} (${c.events} events)`,
      time: c.time, y: c.surv, lower: c.lower, upper: c.upper,
      censor: c.time.map((t, i) => (c.n_censor[i] > 0 ? [t, c.surv[i]] : null)).filter(Boolean),
      end: c.time.length ? c.time[c.time.length - 1] : 0,
    })),
    y0: 1, xMax: ticks[ticks.length - 1], xTicks: ticks, xScale: s.scale,
    xLabel: `Time since diagnosis (${s.shown})`, yLabel: `${EP_WORD[ep]} (%)`, showCi: s.showCi,
    risk: { title: 'Number at risk', rows: curves.map((c) => riskCounts(c, ticks, s.scale)) },
    title, desc,
  });
  const [svgBtn, pngBtn] = figureButtons(svg, `Simon-Makuch figure of ${EP_WORD[ep]}`, `${ep}_simon-makuch`, 'cohort-tx-export');
  return h('div', { class: 'result-block' },
    h('h4', {}, 'Simon-Makuch curves'),
    h('figure', { class: 'km-figure', id: 'cohort-tx-sm-figure', 'aria-labelledby': 'cohort-tx-sm-caption' },
      h('div', { class: 'plot-scroll' }, svg),
      h('figcaption', { id: 'cohort-tx-sm-caption' }, h('strong', {}, `Figure. ${title}. `),
        'The number at risk in each group changes as patients are transplanted. ', desc)),
    h('div', { class: 'actions' }, svgBtn, pngBtn));
}

// One table per landmark: n per group, survival at the chosen times from the landmark, log-rank p.
function landmarkTable(lm, i, s) {
  const labels = LM_LABEL(lm.landmark);
  const rows = lm.curves.map((c) => [groupLabel(labels, c.group), String(c.n), String(c.events),
    ...(c.at_times || []).map((a) => ({ text: `${pct(a.surv)}% (${ciText(a.lower, a.upper)})`, data: { surv: a.surv } }))]);
  const head = ['Group', 'n', 'Events', ...s.horizons.map((t) => `${num(t)} ${s.shown} after the landmark`)];
  const p = lm.logrank ? `log-rank ${pText(lm.logrank.p)}` : `no log-rank test: ${lm.note || 'one group only'}`;
  return h('div', { class: 'result-block' },
    table(`Landmark at ${num(lm.landmark)} years: ${lm.n} patients still event-free and followed (${lm.n_exposed} transplanted by then, ` +
      `${lm.n_not_exposed} not; ${lm.n_ended} left out: an event or the end of follow-up at or before it); ${p}`, head, rows,
    { class: 'data-table', id: `cohort-tx-landmark-${i}`, dataset: { landmark: lm.landmark, n: lm.n, nExposed: lm.n_exposed,
      nNotExposed: lm.n_not_exposed, nEnded: lm.n_ended, p: lm.logrank ? lm.logrank.p : 'NA' } }));
}

function landmarkBlock(r, s) {
  return h('div', { class: 'result-block', id: 'cohort-tx-landmarks' },
    h('h4', {}, 'Landmark analysis'),
    h('p', { class: 'hint' }, `Only patients still event-free and in follow-up at the landmark, grouped by transplant before it; ` +
      `time counted from the landmark. Survival ${Math.round(s.confLevel * 100)}% CI in brackets.`),
    ...r.landmarks.map((lm, i) => landmarkTable(lm, i, s)));
}

// The time-dependent hazard ratio of transplant from a Cox reply (the `cox` command with
// exposure_date: terms[] with the term "exposed", tests.score = the score test, Efron ties).
export function renderTransplantCox(cox) {
  const t = (cox.terms || []).find((x) => x.name === 'exposed');
  if (!t) return h('p', { class: 'cohort-message error', role: 'alert' }, 'The Cox model has no transplant term.');
  const level = Math.round((cox.conf_level || 0.95) * 100);
  return h('div', { class: 'result-block', id: 'cohort-tx-cox' },
    h('h4', {}, 'Hazard ratio of transplant (Cox model, time-dependent)'),
    table(`Transplant as a time-dependent covariate: ${cox.n} intervals (patients' follow-up split at the transplant), ${cox.events} events`,
      ['Term', 'Hazard ratio', `${level}% CI`, 'p', 'coef', 'SE'],
      [['Transplanted (from the transplant date)', { text: num(t.hr), data: { hr: t.hr } },
        `${num(t.lower)}–${num(t.upper)}`, formatP(t.p), num(t.coef, 3), num(t.se, 3)]],
      { class: 'data-table', id: 'cohort-tx-cox-table' }),
    cox.tests && cox.tests.score ? h('p', { class: 'test-result' },
      `Score test (Efron ties): ${num(cox.tests.score.stat)}, ${pText(cox.tests.score.p)}; ` +
      'the Mantel-Byar test above is the same test with exact ties.') : null);
}

// One part of an analyze reply: its result, or its error thrown.
function partOf(reply, name) {
  const r = reply.parts[name];
  if (!r) throw new Error(`the engine did not answer ${name}`);
  if (r.error !== undefined) throw new Error(r.error);
  return r;
}

function renderTransplant(out, reply, s, q, fileName) {
  const mb = partOf(reply, 'tx_mantel_byar');
  const strata = reply.parts.tx_mantel_byar_strata && reply.parts.tx_mantel_byar_strata.error === undefined
    ? reply.parts.tx_mantel_byar_strata : null;
  out.replaceChildren(
    h('p', { class: 'analysis-note', id: 'cohort-tx-note' }, `${EP_WORD[q.ep]} from the dates; transplant date: column “${q.col}”` +
      `${q.within ? `; ${s.risk.name} risk group ${q.within} only (${mb.subset.n_in} patients, ${mb.subset.n_out} others left out)` : '; all patients'}. Source: ${fileName}.`),
    explanation(),
    h('div', { class: 'tx-compare' },
      naiveBlock(partOf(reply, 'tx_naive_km'), partOf(reply, 'tx_naive_logrank'), s),
      mantelByarBlock(mb, strata, s)),
    simonMakuchBlock(partOf(reply, 'tx_simon_makuch'), s, q.ep, fileName),
    landmarkBlock(partOf(reply, 'tx_landmark'), s),
    renderTransplantCox(partOf(reply, 'tx_cox')),
    rCodeButton('cohort-rcode-transplant', 'transplant analysis', () => transplantRCode(s, q.ep, q.col, q.landmarks, q.within), `${q.ep}_transplant`));
}

// The panel, in the further analyses' shape (panel, plan, run, configure, values, apply).
export function transplantPanel(ctx, { note, errorBox, runPlan }) {
  const endpoint = selectField('Endpoint', TX_ENDPOINTS, 'efs', { id: 'cohort-tx-endpoint' });
  const landmarks = inputField('Landmarks (years after diagnosis)', { type: 'text', id: 'cohort-tx-landmarks', value: '0.5, 1', inputmode: 'decimal', autocomplete: 'off' }, 'Comma-separated, e.g. 0.5, 1');
  // Transplant is usually offered to one risk group: its patients alone compare like with like.
  const within = selectField('Patients', [['', 'All patients']], '', { id: 'cohort-tx-within' });
  const btn = h('button', { type: 'submit', id: 'cohort-tx-run' }, 'Analyse transplant');
  const out = h('div', { id: 'cohort-tx-out' });
  const form = h('form', { class: 'cohort-form no-print', novalidate: true },
    h('div', { class: 'field-row' }, endpoint.wrap, within.wrap, landmarks.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-transplant', hidden: true },
    h('summary', {}, h('h3', {}, 'Transplant (time-dependent)')),
    note('Did transplant help? Compares patients by stem-cell transplant, counting each as transplanted only from the transplant date.'),
    form, out);
  let col = null;
  function plan() {
    if (!col) return { parts: {}, draw: () => out.replaceChildren() };
    const s = ctx.getSettings();
    const lm = parseTimes(landmarks.input.value);
    const error = s.inputError || (lm.error ? `Landmarks: ${lm.error}.` : !lm.values.length ? 'Landmarks: give at least one time.' : null);
    if (error) return { parts: {}, draw: () => errorBox(out, new Error(error.replace(/\.$/, ''))) };
    // The risk groups on offer: those the classification found (known once classified).
    const levels = (s.risk && s.risk.levels) || [];
    const chosen = within.input.value;
    setOptions(within.input, [['', 'All patients'], ...levels.map((g) => [g, `Risk group ${g} only`])], chosen);
    const q = { col, ep: endpoint.input.value, landmarks: lm.values, within: levels.includes(chosen) ? chosen : '' };
    return {
      parts: transplantParts(s, col, q.ep, q.landmarks, q.within),
      draw(reply) {
        try {
          renderTransplant(out, reply, ctx.settle(s), q, ctx.fileName());
        } catch (err) { errorBox(out, err); }
      },
    };
  }
  const run = () => runPlan(ctx, 'Analysing transplant…', plan(), out);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  return {
    panel, run, plan,
    configure(cols, guess, summary, mapping, hasDates) {
      col = hasDates ? transplantColumn(mapping) : null;
      panel.hidden = !col;
    },
    values: () => ({ endpoint: endpoint.input.value, landmarks: landmarks.input.value, within: within.input.value }),
    apply(v) {
      if (typeof v.landmarks === 'string') landmarks.input.value = v.landmarks;
      if (typeof v.within === 'string' && v.within) setOptions(within.input, [['', 'All patients'], [v.within, `Risk group ${v.within} only`]], v.within);
      if (v.endpoint !== undefined && !chooseOption(endpoint.input, v.endpoint)) return [`transplant endpoint “${v.endpoint}”`];
      return [];
    },
  };
}
