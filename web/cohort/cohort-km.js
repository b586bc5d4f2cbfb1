// One Kaplan-Meier result block (one endpoint): the figure with its number-at-risk table,
// survival at chosen times, medians, the log-rank test and the step table, each exportable.
// Every number is the engine's (km and logrank results); this file lays them out.
import { plotKm, PALETTE } from '../plot/plot-km.js';
import { plotLogLog } from '../plot/plot-loglog.js';
import { h, table } from '../ui/dom.js';
import { csvButton } from './cohort-controls.js';
import { figureButtons, pngSize } from './cohort-export.js';
import { differencesBlock, pairwiseBlock } from './cohort-compare.js';
import { sortByGroup, isOrdered } from './cohort-order.js';
import { pct, pText, num, timeText, survText, ciText, medianText } from './cohort-format.js';
import { kmOptionsOf, kmOptionsControls, axisTicks, stepCounts, truncatedLength, viewValues } from './cohort-km-options.js';

export const ENDPOINTS = {
  efs: 'event-free survival (EFS)',
  os: 'overall survival (OS)',
  dfs: 'disease-free survival (DFS)',
};

const MAX_STEPS = 2000;
const eventsWord = (n) => `${n} event${n === 1 ? '' : 's'}`;
const scaled = (v, scale) => (typeof v === 'number' ? v / scale : null);
const levelPct = (level) => `${Math.round(level * 100)}%`;

export function confWords(r) {
  return `${levelPct(r.conf_level)} pointwise CI, ${r.conf_type} transform`;
}

function endpointWords(s, key, result) {
  if (key !== 'columns') {
    const when = s.induction === '0' ? 'day 0' : 'the end-of-induction date';
    const ep = result && result.endpoint;
    const dropped = ep && ep.n_excluded
      ? `; ${ep.n_excluded} patient${ep.n_excluded === 1 ? '' : 's'} without a usable ${key.toUpperCase()} time left out (${
        (ep.excluded || []).slice(0, 5).map((x) => `row ${x.row}${x.patient_id ? ` ${x.patient_id}` : ''}: ${x.reason}`).join('; ')}${
        (ep.excluded || []).length > 5 ? '; …' : ''})`
      : '';
    return `${ENDPOINTS[key]} from the date columns, time from ${(ep && ep.start) || 'diagnosis'}` +
      `${key === 'efs' ? `, induction failure counted at ${when}` : ''}${dropped}`;
  }
  return `time = column “${s.time}” (${s.colUnit}), event = column “${s.event}”`;
}

export function excludedWords(n, rows) {
  if (!n) return 'no rows excluded';
  const list = (rows || []).slice(0, 15).join(', ');
  const more = rows && rows.length > 15 ? `, … (${rows.length - 15} more)` : '';
  return `${n} row${n === 1 ? '' : 's'} excluded for a missing time, status or group (file row${n === 1 ? '' : 's'} ${list}${more})`;
}

// The engine's risk table, read at each tick (it was requested at exactly those times): the
// number at risk, or another of its counts (cum_censor, cum_event).
export function riskCounts(c, ticks, scale, field = 'n_risk') {
  const byTime = new Map((c.risk_table || []).map((r) => [r.time, r[field]]));
  return ticks.map((t) => {
    const hit = [...byTime.keys()].find((k) => Math.abs(k - t * scale) <= 1e-9 * Math.max(1, t * scale));
    return hit === undefined ? null : byTime.get(hit);
  });
}

// A label per curve: a bare code ("1") means nothing in a legend, so say which column it is
// ("sex = 1"), as R does.
export function groupLabeller(s, groups) {
  const grouped = Boolean(s.group) && groups.length > 0;
  const numericCodes = groups.every((g) => String(g).trim() !== '' && Number.isFinite(Number(g)));
  return (g) => {
    if (!grouped) return 'All patients';
    return numericCodes && !s.protocol ? `${s.group} = ${g}` : String(g);
  };
}

// The stratified log-rank test as a sentence; null without strata.
function stratifiedText(st, s, sfx) {
  if (!st) return null;
  const nStrata = st.strata ? st.strata.length : 0;
  return h('p', { class: 'test-result', id: `cohort-logrank-strata${sfx}`, dataset: { p: st.p, chisq: st.chisq } },
    h('strong', {}, `Log-rank test stratified by ${s.strataName}: `),
    `χ² = ${num(st.chisq)} on ${st.df} df, ${pText(st.p)} (${nStrata} strata; n = ${st.n.reduce((a, b) => a + b, 0)}; ` +
    `${excludedWords(st.n_excluded, st.excluded_rows).replace('a missing time, status or group', 'a missing time, status, group or stratum')}).`);
}

// The log-minus-log plot of the curves (R: plot(fit, fun = "cloglog")), folded: parallel curves
// support proportional hazards between the groups, which the log-rank test and a Cox hazard
// ratio take for granted.
function logLogBlock(curves, label, s, sfx, what, source) {
  if (curves.length < 2) return null;
  // Drawn when first opened (a large cohort's curves have thousands of steps).
  const box = h('div', {});
  const details = h('details', { class: 'report-details', id: `cohort-loglog${sfx}` },
    h('summary', {}, `Log-minus-log plot of ${what} (do the groups have proportional hazards?)`), box);
  details.addEventListener('toggle', () => {
    if (!details.open || box.firstChild) return;
    const svg = plotLogLog({
      curves: curves.map((c) => ({ label: label(c.group), time: c.time.map((t) => t / s.scale), surv: c.surv })),
      xLabel: `Time (${s.shown}, log scale)`, title: `Log-minus-log plot of ${what} by group`,
      desc: `${source} log(−log S) of each Kaplan-Meier curve against time on a log axis.`,
    });
    const [svgBtn] = figureButtons(svg, `log-minus-log plot of ${what}`, `${sfx.slice(1)}_loglog`, `cohort-export-loglog${sfx}`);
    box.append(h('figure', { class: 'km-figure' }, h('div', { class: 'plot-scroll' }, svg),
      h('figcaption', {}, 'Parallel curves (a constant vertical distance, the log hazard ratio) support proportional hazards; ' +
        'curves that cross or converge do not, and then the log-rank test loses power and a single hazard ratio misleads. ' +
        'R: plot(fit, fun = "cloglog").')),
    h('div', { class: 'actions' }, svgBtn));
  });
  return details;
}

/**
 * key: 'columns' (time and event columns) or an endpoint from the dates ('efs', 'os', 'dfs').
 * km: the engine's km result (with .ticks added); lr: its logrank result or null.
 * s: the view's settings; extras: more nodes under the figure's buttons (e.g. "Show R code").
 */
export function renderKmBlock({ key, km, lr, s, fileName, extras = [] }) {
  const sfx = key === 'columns' ? '' : `-${key}`;
  const curves = sortByGroup(km.curves);
  const label = groupLabeller(s, curves.map((c) => c.group));
  const grouped = Boolean(s.group) && curves.length > 0;
  const nTotal = curves.reduce((a, c) => a + c.n, 0);
  const eventsTotal = curves.reduce((a, c) => a + c.events, 0);
  const unitWord = s.shown;
  const level = levelPct(km.conf_level);
  const what = key !== 'columns' ? ENDPOINTS[key].replace(/ \(.*\)/, '') : 'survival';
  const byWords = grouped ? ` by ${s.protocol ? `${s.protocolName} risk group` : s.group}` : '';
  const source = `Source: ${fileName}; ${endpointWords(s, key, km)}; n = ${nTotal}, ${eventsWord(eventsTotal)}; ` +
    `${excludedWords(km.n_excluded, km.excluded_rows)}; ${confWords(km)}.`;
  const title = `Kaplan-Meier estimate of ${what}${byWords}`;
  // What each export button names, and the endpoint in its file name (demo-cohort_efs_km.csv).
  const [tag, ep] = key === 'columns' ? ['survival', ''] : [key.toUpperCase(), key];

  // The figure, drawn again when its options change (cohort-km-options.js); the export buttons
  // are made again with it, so the files are what the screen shows.
  const opts = kmOptionsOf(key);
  const VIEW_WORDS = { surv: `${what[0].toUpperCase()}${what.slice(1)} (%)`, failure: `Cumulative incidence of the event, 1 − ${what} (%)`, cumhaz: 'Cumulative hazard (Nelson-Aalen)' };
  const drawSvg = () => {
    const ticks = axisTicks(km.ticks, opts);
    const xMax = ticks[ticks.length - 1];
    const named = (c) => opts.labels[String(c.group)] || label(c.group);
    const plotCurves = curves.map((c) => {
      const keep = truncatedLength(c, opts.truncate);
      const v = viewValues(c, opts.view);
      const cut = (a) => (a ? a.slice(0, keep) : a);
      const time = c.time.slice(0, keep);
      return {
        label: named(c), legend: `${named(c)} (n = ${c.n}, ${eventsWord(c.events)})`,
        time, y: cut(v.y), lower: cut(v.lower), upper: cut(v.upper),
        censor: time.map((t, i) => (c.n_censor[i] > 0 ? [t, v.y[i]] : null)).filter(Boolean),
        // Truncated: the curve stops at its last step with enough at risk.
        end: keep < c.time.length ? (keep ? c.time[keep - 1] : 0) : (c.time.length ? c.time[c.time.length - 1] : 0),
      };
    });
    const y0 = viewValues(curves[0] || { surv: [], lower: [], upper: [] }, opts.view).y0;
    const hazMax = opts.view === 'cumhaz' ? Math.max(0.1, ...plotCurves.flatMap((c) => c.y.filter(Number.isFinite))) : null;
    const fromEngine = ticks === km.ticks;
    const counts = (c, field) => (fromEngine ? riskCounts(c, ticks, s.scale, field) : stepCounts(c, ticks.map((t) => t * s.scale)).map((r) => r[field]));
    return plotKm({
      curves: plotCurves, y0, xMax, xTicks: ticks, xScale: s.scale,
      xLabel: `Time since ${key === 'columns' ? 'start of follow-up' : ((km.endpoint && km.endpoint.start) || 'diagnosis').replace(/_date$/, '').replace(/_/g, ' ')} (${unitWord})`,
      yLabel: VIEW_WORDS[opts.view], yMax: hazMax, yPercent: opts.view !== 'cumhaz', showCi: s.showCi,
      heading: opts.title || null,
      medians: opts.medians && opts.view !== 'cumhaz' ? curves.map((c, k) => ({ x: c.median, y: 0.5, colour: PALETTE[k % PALETTE.length] }))
        .filter((m) => typeof m.x === 'number') : [],
      risk: {
        title: s.riskDetail ? 'Number at risk (censored and events: cumulative)' : 'Number at risk',
        rows: curves.map((c) => counts(c, 'n_risk')),
        // KMunicate's full table: under each at-risk row, those censored and those with an event so far.
        extra: s.riskDetail ? [
          { name: 'Censored', rows: curves.map((c) => counts(c, 'cum_censor')) },
          { name: 'Events', rows: curves.map((c) => counts(c, 'cum_event')) },
        ] : [],
      },
      legendNote: lr ? `Log-rank ${pText(lr.p)}` : '',
      title: opts.title || title, desc: `${source} The table of estimates below the figure gives the same numbers as text.`,
    });
  };
  const svg = drawSvg();
  const plotBox = h('div', { class: 'plot-scroll' }, svg);
  const capId = `cohort-km-caption${sfx}`;
  const figure = h('figure', { class: 'km-figure', id: `cohort-km-figure${sfx}`, 'aria-labelledby': capId, dataset: { ticks: km.ticks.join(',') } },
    plotBox,
    h('figcaption', { id: capId },
      h('strong', {}, `Figure. ${title}. `),
      `Vertical ticks mark censored observations${s.showCi ? `; shaded bands are the ${level} pointwise confidence intervals (${km.conf_type} transform)` : ''}. `,
      source));
  const [svgBtn, pngBtn] = figureButtons(svg, `${tag} figure`, `${ep}_km`, `cohort-export${sfx}`);
  const figActions = h('div', { class: 'actions' }, svgBtn, pngBtn);
  // The same <svg> element takes the new drawing, so the export buttons (bound to it) stay in
  // place: a click on Download right after typing a title (whose change event redraws) lands.
  const figOptions = kmOptionsControls(key, sfx, curves.map((c) => String(c.group)), unitWord, title, () => {
    const fresh = drawSvg();
    for (const a of ['viewBox', 'width', 'height']) svg.setAttribute(a, fresh.getAttribute(a));
    svg.replaceChildren(...fresh.childNodes);
    figure.dataset.shownTicks = axisTicks(km.ticks, opts).join(',');
    const { width, height } = pngSize(svg);
    Object.assign(pngBtn.dataset, { width: String(width), height: String(height) });
    pngBtn.textContent = pngBtn.textContent.replace(/\d+ × \d+ px/, `${width} × ${height} px`);
  });

  // Survival at chosen times.
  const atRows = [];
  const atRaw = [];
  for (const c of curves) {
    for (const a of c.at_times || []) {
      const t = a.time / s.scale;
      atRows.push([label(c.group), { text: num(t) }, { text: String(a.n_risk) },
        { text: survText(a.surv, a.std_err), data: { surv: a.surv, se: a.std_err } },
        { text: ciText(a.lower, a.upper), data: { lower: a.lower, upper: a.upper } }]);
      atRaw.push([label(c.group), t, a.n_risk, a.surv, a.std_err, a.lower, a.upper]);
    }
  }
  const atTable = table(`${what[0].toUpperCase()}${what.slice(1)} at chosen times (${confWords(km)})`,
    ['Group', `Time (${unitWord})`, 'At risk', `${what[0].toUpperCase()}${what.slice(1)} % (SE)`, `${level} CI`], atRows,
    { class: 'data-table', id: `cohort-surv-at${sfx}` });
  const atCsv = csvButton(`${tag} table at chosen times`, `${ep}_surv-at`, () => ({
    header: ['group', `time_${unitWord}`, 'n_risk', 'surv', 'std_err', 'lower', 'upper'], rows: atRaw,
  }));
  atCsv.id = `cohort-export-surv-at${sfx}`;

  // Medians.
  const medRows = curves.map((c) => [label(c.group), String(c.n), String(c.events),
    { text: medianText(c.median, c.median_lower, c.median_upper, s.scale), data: { median: c.median ?? 'NA' } }]);
  const medTable = table(`Median ${what} and its confidence interval`,
    ['Group', 'n', 'Events', `Median ${what} (${unitWord}) (${level} CI)`], medRows, { class: 'data-table', id: `cohort-medians${sfx}` });
  const medCsv = csvButton(`${tag} table of medians`, `${ep}_medians`, () => ({
    header: ['group', 'n', 'events', `median_${unitWord}`, 'lower', 'upper'],
    rows: curves.map((c) => [label(c.group), c.n, c.events, scaled(c.median, s.scale), scaled(c.median_lower, s.scale), scaled(c.median_upper, s.scale)]),
  }));
  medCsv.id = `cohort-export-medians${sfx}`;

  // Restricted mean survival time up to the chosen horizon (R: print(fit, rmean = tau)).
  let rmstBlock = null;
  const withRmst = curves.filter((c) => typeof c.rmean_tau === 'number');
  if (withRmst.length) {
    const tau = withRmst[0].rmean_tau / s.scale;
    const rmstRows = withRmst.map((c) => [label(c.group), String(c.n), String(c.events),
      { text: `${num(c.rmean / s.scale)} (SE ${num(c.rmean_se / s.scale)})`, data: { rmean: c.rmean, se: c.rmean_se, tau: c.rmean_tau } }]);
    const rmstTable = table(`Restricted mean ${what} time up to ${num(tau)} ${unitWord}`,
      ['Group', 'n', 'Events', `Restricted mean (${unitWord}) (SE)`], rmstRows, { class: 'data-table', id: `cohort-rmst-table${sfx}` });
    const rmstCsv = csvButton(`${tag} table of restricted means`, `${ep}_rmst`, () => ({
      header: ['group', 'n', 'events', `horizon_${unitWord}`, `rmean_${unitWord}`, 'std_err'],
      rows: withRmst.map((c) => [label(c.group), c.n, c.events, tau, c.rmean / s.scale, c.rmean_se / s.scale]),
    }));
    rmstCsv.id = `cohort-export-rmst${sfx}`;
    rmstBlock = h('div', { class: 'result-block' }, rmstTable,
      h('p', { class: 'hint' }, `The area under each curve from 0 to ${num(tau)} ${unitWord}: the mean ${what} time within that horizon. ` +
        'A curve that ends before the horizon is carried flat to it, as R does.'),
      h('div', { class: 'actions' }, rmstCsv));
  }

  // Log-rank (groups in the order the request gave the engine).
  let lrBlock = null;
  if (lr) {
    const trend = lr.groups.length > 2 && isOrdered(lr.groups) && lr.trend && Number.isFinite(lr.trend.p);
    const p = h('p', { class: 'test-result', id: `cohort-logrank${sfx}`, dataset: { p: lr.p, chisq: lr.chisq, trendP: trend ? lr.trend.p : '', trendChisq: trend ? lr.trend.chisq : '' } },
      h('strong', {}, 'Log-rank test: '),
      `χ² = ${num(lr.chisq)} on ${lr.df} df, ${pText(lr.p)}`,
      trend ? `; test for trend (groups scored ${lr.groups.map((g, i) => `${label(g)} = ${lr.trend.scores[i] ?? i + 1}`).join(', ')}): χ² = ${num(lr.trend.chisq)} on 1 df, ${pText(lr.trend.p)}` : '',
      `. n = ${lr.n.reduce((a, b) => a + b, 0)}; ${excludedWords(lr.n_excluded, lr.excluded_rows)}.`);
    const oeRows = lr.groups.map((g, i) => [label(g), String(lr.n[i]), num(lr.obs[i]), num(lr.exp[i]), num(lr.obs[i] / lr.exp[i])]);
    const oe = table('Observed and expected events (log-rank)', ['Group', 'n', 'Observed', 'Expected', 'O/E'], oeRows,
      { class: 'data-table', id: `cohort-logrank-table${sfx}` });
    const oeCsv = csvButton(`${tag} log-rank table`, `${ep}_logrank`, () => ({
      header: ['group', 'n', 'observed', 'expected', 'chisq', 'df', 'p', 'trend_chisq', 'trend_p'],
      rows: lr.groups.map((g, i) => [label(g), lr.n[i], lr.obs[i], lr.exp[i], lr.chisq, lr.df, lr.p,
        trend ? lr.trend.chisq : null, trend ? lr.trend.p : null]),
    }));
    oeCsv.id = `cohort-export-logrank${sfx}`;
    lrBlock = h('div', { class: 'result-block' }, p, stratifiedText(lr.stratified, s, sfx), oe, h('div', { class: 'actions' }, oeCsv),
      pairwiseBlock({ lr, label, sfx, level }), logLogBlock(curves, label, s, sfx, what, source));
  }

  // Text alternative: every step of every curve, folded away and built when first opened (2000
  // rows of 8 cells per endpoint were a third of the time a 1e4-row first screen spent drawing).
  // A huge cohort has tens of thousands of steps: the page shows the first MAX_STEPS (a DOM that
  // size would freeze the tab) and the CSV has them all.
  const nSteps = curves.reduce((a, c) => a + c.time.length, 0);
  const stepRows = () => {
    const rows = [];
    for (const c of curves) {
      for (let i = 0; i < c.time.length && rows.length < MAX_STEPS; i += 1) {
        rows.push([label(c.group), timeText(c.time[i], s.scale), String(c.n_risk[i]),
          String(c.n_event[i]), String(c.n_censor[i]), pct(c.surv[i]), pct(c.lower[i]), pct(c.upper[i])]);
      }
    }
    return rows;
  };
  const stepsCsv = csvButton(`${tag} table of every step`, `${ep}_km`, () => ({
    header: ['group', `time_${unitWord}`, 'n_risk', 'n_event', 'n_censor', 'surv', 'std_err', 'lower', 'upper'],
    rows: curves.flatMap((c) => c.time.map((t, i) => [label(c.group), t / s.scale, c.n_risk[i], c.n_event[i], c.n_censor[i],
      c.surv[i], c.std_err[i], c.lower[i], c.upper[i]])),
  }));
  stepsCsv.id = `cohort-export-steps${sfx}`;
  const shown = Math.min(nSteps, MAX_STEPS);
  const stepsTable = h('div', { class: 'table-scroll' });
  const steps = h('details', { class: 'steps' },
    h('summary', {}, `Table of ${what} estimates at every event and censoring time (text alternative to the figure)`),
    nSteps > shown ? h('p', { class: 'hint' }, `The first ${shown} of ${nSteps} steps; the CSV has every one.`) : null,
    stepsTable, h('div', { class: 'actions' }, stepsCsv));
  const fillSteps = () => {
    if (stepsTable.firstChild) return;
    stepsTable.append(table(null, ['Group', `Time (${unitWord})`, 'At risk', 'Events', 'Censored', 'Survival %', 'Lower %', 'Upper %'], stepRows(), { class: 'data-table' }));
  };
  steps.addEventListener('toggle', () => { if (steps.open) fillSteps(); });  // print hides .steps

  return h('section', { class: 'km-block', id: `cohort-km${sfx}`, 'aria-label': title },
    figure, figActions, figOptions, ...extras,
    h('div', { class: 'result-block' }, atTable, h('div', { class: 'actions' }, atCsv)),
    differencesBlock({ km, s, label, sfx, what, level }),
    h('div', { class: 'result-block' }, medTable, h('div', { class: 'actions' }, medCsv)),
    rmstBlock, lrBlock, steps);
}
