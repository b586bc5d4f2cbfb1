// The cohort page's cumulative incidence panel (competing risks): the Aalen-Johansen curves per
// group and cause as cmprsk::cuminc gives them, with the engine's pointwise log(-log) bands, a
// number-at-risk table per group at the axis ticks and Gray's test on the figure, as survminer's
// ggcompetingrisks / tidycmprsk users draw them; the estimates at chosen times, Gray's test per
// cause and the Fine-Gray model (cohort-model-checks.js) below. Every number comes from the engine.
import { plotKm, PALETTE, DASHES } from '../plot/plot-km.js';
import { h, table } from '../ui/dom.js';
import { selectField, setOptions, chooseOption, csvButton } from './cohort-controls.js';
import { figureButtons } from './cohort-export.js';
import { displayOrder, sortByGroup } from './cohort-order.js';
import { groupLabeller } from './cohort-km.js';
import { rCodeButton, cumincRCode } from './cohort-rcode.js';
import { pct, pText, num, ciText } from './cohort-format.js';
import { fineGrayBlock } from './cohort-model-checks.js';

const rowsWord = (n) => `${n} row${n === 1 ? '' : 's'}`;
const causeWord = (cause) => `${/^\d+$/.test(String(cause)) ? 'cause ' : ''}${cause}`;

export function cumincPanel(ctx, { note, errorBox, runPlan, partOf, failedPlan }) {
  const status = selectField('Competing-risk status column (0 = censored, 1, 2, … = causes)', [], undefined, { id: 'cohort-ci-status' });
  const statusRow = h('div', { class: 'field-row' }, status.wrap);
  const btn = h('button', { type: 'submit', id: 'cohort-ci-run' }, 'Estimate cumulative incidence');
  const out = h('div', { id: 'cohort-ci-out' });
  const form = h('form', { class: 'cohort-form no-print', novalidate: true }, statusRow, h('div', { class: 'actions' }, btn));
  const hint = note('Aalen-Johansen estimate per cause, as cmprsk::cuminc computes it (not 1 − Kaplan-Meier). ' +
    'Uses the time column and grouping chosen above.');
  const panel = h('details', { class: 'further', id: 'cohort-cuminc' },
    h('summary', {}, h('h3', {}, 'Cumulative incidence (competing risks) and Gray\'s test')), hint, form, out);
  function plan() {
    const s = ctx.getSettings();
    // The chosen times are refused by name rather than dropped (the message says which).
    if (s.inputError) return failedPlan(out, new Error(s.inputError.replace(/\.$/, '')));
    const base = s.fromDates ? { endpoint: 'cir', time_unit: 'years', induction_failure_time: s.induction }
      : { time: s.time, status: status.input.value };
    // The figure's time axis: the engine's ticks over the longest curve, in the units shown.
    const req = { command: 'cuminc', ...base, times: s.horizons.map((t) => t * s.scale), conf_level: s.confLevel, axis_ticks: true, axis_scale: s.scale };
    if (s.group) req.group = s.group;
    if (s.protocol) req.protocol = s.protocol;
    if (s.group && s.levels) req.levels = s.levels;
    const statusCol = status.input.value;
    const parts = { cuminc: req };
    // With groups, the Fine-Gray model of cause 1 (relapse) against the first group (cmprsk::crr).
    if (s.group) {
      parts.crr = { command: 'crr', ...base, conf_level: s.confLevel, failcode: 1,
        covariates: [s.levels && s.levels.length ? `${s.group}:${s.levels[0]}` : s.group], ...(s.protocol ? { protocol: s.protocol } : {}) };
      // The model's cumulative incidence for each group at the chosen times (predict.crr).
      if (s.horizons.length) {
        parts.crr.predict_levels = s.group;
        parts.crr.times = s.horizons.map((t) => t * s.scale);
      }
    }
    return {
      parts,
      draw(reply) {
        try {
          renderCuminc(out, partOf(reply, 'cuminc'), ctx.settle(s), ctx.fileName(), statusCol, reply.parts.crr);
        } catch (err) { errorBox(out, err); }
      },
    };
  }
  const run = () => runPlan(ctx, 'Cumulative incidence…', plan(), out);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  return {
    panel, run, plan,
    configure(cols, guess, summary, mapping, hasDates) {
      setOptions(status.input, cols, cols.find((c) => /status|cause|event_type/i.test(c)) || guess.event);
      statusRow.hidden = hasDates;
      hint.textContent = hasDates
        ? 'Cumulative incidence of relapse (CIR) from the dates: relapse is the event; death in CR, second ' +
          'malignancy, induction death and resistance compete. Aalen-Johansen, as cmprsk::cuminc ' +
          'computes it (not 1 − Kaplan-Meier), by the grouping chosen above.'
        : 'Aalen-Johansen estimate per cause, as cmprsk::cuminc computes it (not 1 − Kaplan-Meier). ' +
          'Uses the time column and grouping chosen above.';
    },
    values: () => ({ status: status.input.value }),
    apply(v) {
      if (v.status === undefined) return [];
      return chooseOption(status.input, v.status) ? [] : [`competing-risk status column “${v.status}”`];
    },
  };
}

// The engine's risk table (requested at the axis ticks) read at each tick.
const riskAt = (c, ticks, scale) => ticks.map((t) => {
  const hit = (c.risk_table || []).find((row) => Math.abs(row.time - t * scale) <= 1e-9 * Math.max(1, t * scale));
  return hit ? hit.n_risk : null;
});

function renderCuminc(out, r, s, fileName, statusCol, crr = null) {
  const curves = sortByGroup(r.curves);
  const groups = displayOrder(curves.map((c) => c.group));
  const causes = [...new Set(curves.map((c) => String(c.cause)))];
  const groupText = groupLabeller(s, groups);
  const label = (c) => `${s.group ? `${groupText(c.group)}, ` : ''}${/^\d+$/.test(String(c.cause)) ? 'cause ' : ''}${c.cause}`;
  const ticks = r.axis_ticks;
  const level = `${Math.round((r.conf_level || 0.95) * 100)}%`;
  const title = s.fromDates ? `Cumulative incidence of relapse and of competing events${s.group ? ` by ${s.protocol ? `${s.protocolName} risk group` : s.group}` : ''}`
    : 'Cumulative incidence by cause';
  const caption = `n = ${r.n}; ${r.n_excluded ? `${rowsWord(r.n_excluded)} excluded (rows ${(r.excluded_rows || []).slice(0, 15).join(', ')})` : 'no rows excluded'}; ` +
    `${level} CI on the ${r.ci_transform || 'log-log'} scale${r.endpoint ? `; ${r.endpoint.settings}` : ''}. Source: ${fileName}.`;
  // Colour says the group, the dash says the cause (solid = the first cause, e.g. relapse). The
  // band: the engine's log(-log) interval at each event time (lower / upper beside event_time).
  const firstOfGroup = groups.map((g) => curves.find((c) => String(c.group) === g)).filter(Boolean);
  const gray = (r.tests || []).map((t) => `${causeWord(t.cause)} ${pText(t.p)}`);
  const svg = plotKm({
    curves: curves.map((c) => ({
      label: label(c), legend: `${label(c)} (n = ${c.n}, ${c.n_event} event${c.n_event === 1 ? '' : 's'})`, time: c.time, y: c.est,
      band: c.event_time && c.lower ? { time: c.event_time, lower: c.lower, upper: c.upper } : null,
      end: c.max_time, colour: PALETTE[groups.indexOf(String(c.group)) % PALETTE.length],
      dash: DASHES[causes.indexOf(String(c.cause)) % DASHES.length],
    })),
    y0: 0, xMax: ticks[ticks.length - 1], xTicks: ticks, xScale: s.scale,
    xLabel: `Time since ${s.fromDates ? 'diagnosis' : 'start of follow-up'} (${s.shown})`, yLabel: 'Cumulative incidence (%)',
    showCi: s.showCi !== false, legendPosition: 'top-left', title, desc: caption,
    legendNote: gray.length ? `Gray's test: ${gray.join('; ')}` : '',
    // One row per group: every cause of a group has the same patients at risk.
    risk: firstOfGroup.some((c) => c.risk_table) ? {
      title: 'Number at risk',
      series: firstOfGroup.map((c) => ({ label: groupText(c.group), colour: PALETTE[groups.indexOf(String(c.group)) % PALETTE.length], dash: '' })),
      rows: firstOfGroup.map((c) => riskAt(c, ticks, s.scale)),
    } : null,
  });
  const tests = (r.tests || []).map((t) => `${/^\d+$/.test(String(t.cause)) ? 'cause ' : ''}${t.cause}: ${pText(t.p)} (statistic ${num(t.stat)} on ${t.df} df${t.adjusted ? '; repaired where cmprsk gives no statistic, see the contract' : ''})`);
  const rows = [];
  for (const c of curves) {
    for (const a of c.at_times || []) {
      rows.push([label(c), num(a.time / s.scale), { text: `${pct(a.est)}%`, data: { est: a.est } }, ciText(a.lower, a.upper)]);
    }
  }
  const [svgBtn, pngBtn] = figureButtons(svg, 'cumulative incidence figure', 'cuminc', 'cohort-ci-export');
  const csv = csvButton('cumulative incidence table', 'cuminc', () => ({
    header: ['group', 'cause', `time_${s.shown}`, 'est', 'var', 'lower', 'upper'],
    rows: curves.flatMap((c) => (c.at_times || []).map((a) => [c.group, c.cause, a.time / s.scale, a.est, a.var, a.lower, a.upper])),
  }));
  csv.id = 'cohort-ci-export-csv';
  out.replaceChildren(...[
    h('figure', { class: 'km-figure', id: 'cohort-ci-figure' }, h('div', { class: 'plot-scroll' }, svg),
      h('figcaption', {}, h('strong', {}, `Figure. ${title}. `), 'Solid and dashed lines of one colour are the causes of one group', s.showCi !== false ? `; shaded bands are the ${level} pointwise confidence intervals (log(−log) transform)` : '', '. ', caption)),
    h('div', { class: 'actions' }, svgBtn, pngBtn),
    rCodeButton('cohort-rcode-cuminc', 'cumulative incidence', () => cumincRCode(s, statusCol), 'cuminc'),
    tests.length ? h('p', { class: 'test-result', id: 'cohort-gray', dataset: { p: JSON.stringify((r.tests || []).map((t) => t.p)), stat: JSON.stringify((r.tests || []).map((t) => t.stat)) } },
      h('strong', {}, 'Gray\'s test: '), tests.join('; '), '.') : null,
    rows.length ? table(`Cumulative incidence at chosen times (${level} CI)`, ['Curve', `Time (${s.shown})`, 'Estimate', `${level} CI`], rows, { class: 'data-table', id: 'cohort-ci-table' }) : null,
    rows.length ? h('div', { class: 'actions' }, csv) : null,
    fineGrayBlock(crr, {
      causeWords: s.fromDates ? 'relapse (deaths in remission and second malignancies competing)' : `cause 1 of “${statusCol}”`,
      byWords: s.protocol ? `${s.protocolName} risk group` : s.group, level, fileName, scale: s.scale, shown: s.shown, order: groups,
    }),
  ].filter(Boolean));
}

