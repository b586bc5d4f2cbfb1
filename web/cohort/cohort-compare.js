// The comparisons under a Kaplan-Meier block: each group against the first at the chosen times
// and in restricted mean (km's `differences`), and every pair of groups (logrank's `pairwise`).
// Every number is the engine's (ENGINE.md "Comparisons"); this file lays them out.
import { h, table } from '../ui/dom.js';
import { csvButton } from './cohort-controls.js';
import { pct, pText, num } from './cohort-format.js';

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
// A difference of proportions in percentage points with its interval: "+12.3 (4.1 to 20.5)".
const ppText = (d, lo, hi) => (isNum(d)
  ? `${d > 0 ? '+' : ''}${pct(d)} (${pct(lo)} to ${pct(hi)})` : 'NA');
const ratioText = (r, lo, hi) => (isNum(r) ? `${num(r)} (${num(lo)}–${num(hi)})` : 'NA');

/**
 * km: the engine's km result (with differences); label: group labeller; what: 'survival' or the
 * endpoint's name; level: '95%'. Null when there is nothing to compare.
 */
export function differencesBlock({ km, s, label, sfx, what, level }) {
  const diffs = km.differences || [];
  const rows = [];
  const raw = [];
  for (const d of diffs) {
    for (const m of d.milestones || []) {
      const t = m.time / s.scale;
      rows.push([`${label(d.group2)} vs ${label(d.group1)}`, num(t),
        { text: ppText(m.diff, m.lower, m.upper), data: { diff: m.diff ?? 'NA', lower: m.lower ?? 'NA', upper: m.upper ?? 'NA' }, title: m.note },
        { text: isNum(m.p) ? pText(m.p) : (m.note || 'NA'), data: { p: m.p ?? 'NA' } }]);
      raw.push([label(d.group2), label(d.group1), t, m.surv2, m.surv1, m.diff, m.se, m.lower, m.upper, m.p]);
    }
  }
  const rmst = diffs.filter((d) => d.rmst);
  if (!rows.length && !rmst.length) return null;
  const parts = [];
  if (rows.length) {
    const tbl = table(`Difference in ${what} at the chosen times, each group against ${label(diffs[0].group1)} (percentage points, ${level} CI)`,
      ['Comparison', `Time (${s.shown})`, 'Difference (CI)', 'Test'], rows, { class: 'data-table', id: `cohort-diff-table${sfx}` });
    const csv = csvButton(`table of differences in ${what}`, `${sfx.slice(1)}_differences`, () => ({
      header: ['group', 'reference', `time_${s.shown}`, 'surv', 'surv_reference', 'diff', 'se', 'lower', 'upper', 'p'], rows: raw,
    }));
    csv.id = `cohort-export-diff${sfx}`;
    parts.push(tbl, h('p', { class: 'hint' }, 'Each difference has the standard error √(SE₁² + SE₂²) of the two Greenwood SEs, ' +
      'as a trial report gives "an effect with its precision" (CONSORT).'), h('div', { class: 'actions' }, csv));
  }
  if (rmst.length) {
    const rmRows = rmst.map((d) => {
      const r = d.rmst;
      if (r.error) return [`${label(d.group2)} vs ${label(d.group1)}`, { text: r.error }, '', ''];
      return [`${label(d.group2)} vs ${label(d.group1)}`,
        { text: `${num(r.diff.est / s.scale)} (${num(r.diff.lower / s.scale)} to ${num(r.diff.upper / s.scale)})`, data: { diff: r.diff.est, p: r.diff.p } },
        { text: ratioText(r.ratio.est, r.ratio.lower, r.ratio.upper), data: { ratio: r.ratio.est } },
        pText(r.diff.p)];
    });
    const tau = rmst[0].rmst.tau;
    const tbl = table(`Restricted mean ${what} time up to ${isNum(tau) ? num(tau / s.scale) : ''} ${s.shown}: difference and ratio against ${label(diffs[0].group1)} (${level} CI)`,
      ['Comparison', `Difference (${s.shown})`, 'Ratio', 'Test of the difference'], rmRows, { class: 'data-table', id: `cohort-rmst-diff${sfx}` });
    const csv = csvButton(`table of differences in restricted mean ${what}`, `${sfx.slice(1)}_rmst-differences`, () => ({
      header: ['group', 'reference', `tau_${s.shown}`, `diff_${s.shown}`, 'diff_lower', 'diff_upper', 'diff_p', 'ratio', 'ratio_lower', 'ratio_upper', 'ratio_p'],
      rows: rmst.filter((d) => !d.rmst.error).map(({ group1, group2, rmst: r }) => [label(group2), label(group1), r.tau / s.scale,
        r.diff.est / s.scale, r.diff.lower / s.scale, r.diff.upper / s.scale, r.diff.p, r.ratio.est, r.ratio.lower, r.ratio.upper, r.ratio.p]),
    }));
    csv.id = `cohort-export-rmst-diff${sfx}`;
    parts.push(tbl, h('p', { class: 'hint' }, 'As survRM2\'s rmst2: a summary that needs no proportional hazards. ' +
      'The horizon may not pass the shorter follow-up of the two groups (unless that group ends on an event).'),
    h('div', { class: 'actions' }, csv));
  }
  return h('div', { class: 'result-block', id: `cohort-differences${sfx}` }, ...parts);
}

const ADJUST_WORDS = { BH: 'Benjamini-Hochberg', holm: 'Holm', bonferroni: 'Bonferroni', none: 'no' };

/** lr: the engine's logrank result (with pairwise); shown for more than two groups. */
export function pairwiseBlock({ lr, label, sfx, level }) {
  const pw = lr.pairwise;
  if (!pw || lr.groups.length < 3) return null;
  const rows = pw.pairs.map((c) => [`${label(c.group2)} vs ${label(c.group1)}`, num(c.chisq),
    { text: pText(c.p).replace(/^p /, ''), data: { p: c.p } },
    { text: pText(c.p_adj).replace(/^p /, ''), data: { pAdj: c.p_adj } },
    { text: ratioText(c.hr, c.hr_lower, c.hr_upper), data: { hr: c.hr ?? 'NA' }, title: c.cox_status === 'ok' ? undefined : c.cox_status }]);
  const tbl = table(`Log-rank test for every pair of groups, p-values adjusted by ${ADJUST_WORDS[pw.p_adjust] || pw.p_adjust} (hazard ratio from Cox, ${level} CI)`,
    ['Comparison', 'χ² (1 df)', 'p', 'Adjusted p', 'Hazard ratio (CI)'], rows, { class: 'data-table', id: `cohort-pairwise${sfx}` });
  const csv = csvButton(`${sfx.slice(1).toUpperCase() || 'survival'} table of pairwise log-rank tests`, `${sfx.slice(1)}_pairwise-logrank`, () => ({
    header: ['group', 'reference', 'chisq', 'p', 'p_adj', 'p_adjust', 'hr', 'hr_lower', 'hr_upper'],
    rows: pw.pairs.map((c) => [label(c.group2), label(c.group1), c.chisq, c.p, c.p_adj, pw.p_adjust, c.hr, c.hr_lower, c.hr_upper]),
  }));
  csv.id = `cohort-export-pairwise${sfx}`;
  return h('div', { class: 'result-block' }, tbl, h('div', { class: 'actions' }, csv));
}
