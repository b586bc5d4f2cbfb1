// "Compare with a published curve": the cohort (or one risk group) against a historical
// reference typed in from a paper's table, as a single-arm trial report compares with
// historical controls. The one-sample log-rank test and, at the chosen times, the cohort's
// Kaplan-Meier beside the published value. Every number is the engine's (logrank --reference,
// ENGINE.md "Comparisons"); this file asks and lays out.
import { h, table } from '../ui/dom.js';
import { selectField, chooseOption, setOptions, csvButton } from './cohort-controls.js';
import { rCodeButton, referenceRCode } from './cohort-rcode.js';
import { pct, pText, num, ciText, parseReferenceCurve } from './cohort-format.js';

const ENDPOINT_WORDS = { efs: 'EFS', os: 'OS', dfs: 'DFS', columns: 'survival' };

// The section's one request: logrank with the reference, no groups.
export function referenceParts(s, q) {
  const base = s.baseFor(q.ep);
  const subset = q.within && s.risk ? { subset: `risk_group=${q.within}`, protocol: s.risk.protocol } : {};
  return {
    reference: {
      command: 'logrank', ...base, ...subset, conf_level: s.confLevel,
      reference: { time: q.time.map((t) => t * s.scale), surv: q.surv },
      milestones: s.horizons.map((t) => t * s.scale),
    },
  };
}

function renderReference(out, r, s, q, fileName) {
  const ref = r.reference;
  const what = ENDPOINT_WORDS[q.ep] || 'survival';
  const line = h('p', { class: 'test-result', id: 'cohort-ref-test', dataset: { p: ref.p, chisq: ref.chisq, obs: ref.obs, exp: ref.exp } },
    h('strong', {}, 'One-sample log-rank test against the published curve: '),
    `observed ${num(ref.obs)} events, expected ${num(ref.exp)} from the published curve (O/E ${num(ref.ratio)}); ` +
    `χ² = ${num(ref.chisq)} on 1 df, ${pText(ref.p)}. n = ${ref.n}` +
    `${ref.n_cut ? `; follow-up cut at ${num(ref.horizon / s.scale)} ${s.shown}, the published curve's last point (${ref.n_cut} patients followed beyond it)` : ''}` +
    `${r.n_excluded ? `; ${r.n_excluded} rows excluded (missing values)` : ''}.`);
  const rows = ref.milestones.map((m) => [num(m.time / s.scale), String(m.n_risk),
    { text: Number.isFinite(m.surv) ? `${pct(m.surv)}% (${ciText(m.lower, m.upper)})` : (m.note || 'NA'), data: { surv: m.surv ?? 'NA' } },
    { text: Number.isFinite(m.reference) ? `${pct(m.reference)}%` : 'NA', data: { reference: m.reference ?? 'NA' }, title: m.note }]);
  const tbl = table(`${what} of this cohort and of the published curve at the chosen times`,
    ['Time (' + s.shown + ')', 'At risk', `This cohort % (${Math.round(s.confLevel * 100)}% CI)`, 'Published %'], rows,
    { class: 'data-table', id: 'cohort-ref-table' });
  const csv = csvButton('table of the comparison with the published curve', 'reference', () => ({
    header: [`time_${s.shown}`, 'n_risk', 'surv', 'std_err', 'lower', 'upper', 'reference', 'obs', 'exp', 'chisq', 'p'],
    rows: ref.milestones.map((m) => [m.time / s.scale, m.n_risk, m.surv, m.std_err, m.lower, m.upper, m.reference, ref.obs, ref.exp, ref.chisq, ref.p]),
  }));
  csv.id = 'cohort-export-ref';
  out.replaceChildren(
    h('p', { class: 'analysis-note', id: 'cohort-ref-note' }, `${what}${q.within ? `, ${s.risk.name} risk group ${q.within} only (${r.subset.n_in} patients)` : ', all patients'}; ` +
      `published curve: ${q.time.map((t, i) => `${num(t)} ${s.shown} ${pct(q.surv[i])}%`).join(', ')}. Source: ${fileName}.`),
    line, tbl, h('div', { class: 'actions' }, csv),
    h('p', { class: 'hint' }, 'Expected events: each patient\'s follow-up under the published curve\'s hazard (constant between the points typed). ' +
      'A historical comparison is not randomised: differences in who was treated, and when, remain.'),
    rCodeButton('cohort-rcode-reference', 'comparison with the published curve', () => referenceRCode(s, q), 'reference'));
}

// The panel, in the further analyses' shape (panel, plan, run, configure, values, apply).
export function referencePanel(ctx, { note, errorBox, runPlan, partOf }) {
  const endpoint = selectField('Endpoint', [['efs', 'Event-free survival (EFS)']], 'efs', { id: 'cohort-ref-endpoint' });
  const within = selectField('Patients', [['', 'All patients']], '', { id: 'cohort-ref-within' });
  const points = h('textarea', { id: 'cohort-ref-points', rows: '4', cols: '28', spellcheck: 'false', placeholder: '1, 72\n3, 55\n6, 46' });
  const btn = h('button', { type: 'submit', id: 'cohort-ref-run' }, 'Compare');
  const out = h('div', { id: 'cohort-ref-out' });
  const form = h('form', { class: 'cohort-form no-print', novalidate: true },
    h('div', { class: 'field-row' }, endpoint.wrap, within.wrap,
      h('div', { class: 'field' }, h('label', { for: 'cohort-ref-points' }, 'Published curve: one point per line, time (in the units shown), survival %'), points)),
    h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-reference' },
    h('summary', {}, h('h3', {}, 'Compare with a published curve')),
    note('Is this cohort doing better or worse than a published series? Type the published survival at a few times (e.g. read from a table of the paper).'),
    form, out);
  function plan() {
    const s = ctx.getSettings();
    const curve = parseReferenceCurve(points.value);
    if (!curve.time.length && !curve.error) return { parts: {}, draw: () => out.replaceChildren() };
    const error = s.inputError || (curve.error ? `Published curve: ${curve.error}.` : null);
    if (error) return { parts: {}, draw: () => errorBox(out, new Error(error.replace(/\.$/, ''))) };
    const levels = (s.risk && s.risk.levels) || [];
    const chosen = within.input.value;
    setOptions(within.input, [['', 'All patients'], ...levels.map((g) => [g, `Risk group ${g} only`])], chosen);
    const q = { ep: s.fromDates ? endpoint.input.value : 'columns', within: levels.includes(chosen) ? chosen : '', time: curve.time, surv: curve.surv };
    return {
      parts: referenceParts(s, q),
      draw(reply) {
        try {
          renderReference(out, partOf(reply, 'reference'), ctx.settle(s), q, ctx.fileName());
        } catch (err) { errorBox(out, err); }
      },
    };
  }
  const run = () => runPlan(ctx, 'Comparing with the published curve…', plan(), out);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  return {
    panel, run, plan,
    configure(cols, guess, summary, mapping, hasDates) {
      // With dates: EFS or OS; with time and event columns: those columns.
      setOptions(endpoint.input, hasDates ? [['efs', 'Event-free survival (EFS)'], ['os', 'Overall survival (OS)']] : [['columns', 'The time and event columns chosen above']], hasDates ? 'efs' : 'columns');
    },
    values: () => ({ endpoint: endpoint.input.value, within: within.input.value, points: points.value }),
    apply(v) {
      if (typeof v.points === 'string') points.value = v.points;
      if (typeof v.within === 'string' && v.within) setOptions(within.input, [['', 'All patients'], [v.within, `Risk group ${v.within} only`]], v.within);
      if (v.endpoint !== undefined && !chooseOption(endpoint.input, v.endpoint)) return [`reference endpoint “${v.endpoint}”`];
      return [];
    },
  };
}
