// The cohort view: import a CSV, choose an endpoint and a grouping, and read Kaplan-Meier curves,
// survival at chosen times, medians and the log-rank test. Every number comes from the engine
// (engine.run); this file only asks, lays out and exports.
import { plotKm, niceTicks, svgToString } from './plot-km.js';
import { h, selectField, setOptions, inputField, table, download, csvButton } from './cohort-dom.js';
import { renderImportReport } from './cohort-import.js';
import { mountFurtherAnalyses } from './cohort-more.js';
// The synthetic demo cohort, embedded at build time by scripts/build-web.mjs.
import { demoCsv } from 'infant-all-demo';
import {
  pct, pText, num, timeText, survText, ciText, medianText, parseTimes,
} from './cohort-format.js';

// Column units per display unit.
const SCALE = {
  days: { years: 365.25, months: 365.25 / 12 },
  months: { years: 12, months: 1 },
  years: { years: 1, months: 1 / 12 },
};
const ENDPOINTS = {
  efs: 'event-free survival (EFS)',
  os: 'overall survival (OS)',
  dfs: 'disease-free survival (DFS)',
};
const PROTOCOLS = [['interfant06', 'Interfant-06'], ['interfant99', 'Interfant-99'], ['mll10', 'MLL-10'],
  ['interfant21', 'Interfant-21'], ['aall0631', 'COG AALL0631']];
// Group-by value meaning "the risk group the engine classifies from the row's columns".
const CLASSIFIED = '__classified_risk_group__';
const CONF_TYPES = [['log', 'log (R default)'], ['log-log', 'log-log (SAS, Prism)'], ['plain', 'plain']];

// Guesses which columns hold follow-up time and event status, from their names.
function guessColumns(cols) {
  const names = cols.map((c) => c.name);
  const numeric = cols.filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name);
  const find = (re, pool) => pool.find((n) => re.test(n));
  const timeByName = find(/(^|_|\.)(time|years?|months?|days?|futime|fu)($|_|\.)/i, numeric);
  const eventByName = find(/(^|_|\.)(status|event|dead|death|died|fustat|censor)($|_|\.)/i,
    names.filter((n) => n !== timeByName));
  const time = timeByName || numeric[0] || names[0];
  const event = eventByName || names.find((n) => n !== time);
  // Run straight after import only when the names make the choice obvious.
  const confident = Boolean(timeByName && eventByName);
  const group = names.includes('risk_group') ? 'risk_group' : '';
  const unit = /day/i.test(time) ? 'days' : /month/i.test(time) ? 'months' : /year/i.test(time) ? 'years' : 'days';
  return { time, event, group, unit, confident };
}

export function mountCohortView(root, engine) {
  const state = { bytes: null, fileName: '', summary: null, busy: 0, cancelled: false };

  // ---- 1. Import -------------------------------------------------------------------------
  const fileInput = h('input', {
    type: 'file', id: 'cohort-file', accept: '.csv,.tsv,.txt,text/csv,text/plain',
    class: 'visually-hidden-file',
  });
  const fileLabel = h('label', { for: 'cohort-file', class: 'file-button' }, 'Choose a CSV file…');
  const demoBtn = h('button', { type: 'button', id: 'cohort-demo' }, 'Load the demo cohort');
  const drop = h('div', { class: 'drop-zone', id: 'cohort-drop' },
    h('p', {}, 'Drop a CSV file here, or ', fileInput, fileLabel, ' or ', demoBtn),
    h('p', { class: 'hint' }, 'The file is read inside this browser tab and never uploaded. ' +
      'Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252. The demo cohort ' +
      'is synthetic (651 invented infants shaped like Interfant-06): it describes no real patient.'));
  const progressText = h('span', { id: 'cohort-progress-text' }, 'Working…');
  const cancelBtn = h('button', { type: 'button', id: 'cohort-cancel' }, 'Cancel');
  const busy = h('div', { class: 'busy', id: 'cohort-busy', hidden: true, role: 'status' },
    h('progress', { 'aria-labelledby': 'cohort-progress-text' }), progressText, cancelBtn);
  const message = h('div', { id: 'cohort-message', class: 'cohort-message', role: 'alert' });
  const report = h('div', { id: 'cohort-import-report', class: 'import-report' });
  const importSection = h('section', { class: 'cohort-step', 'aria-labelledby': 'cohort-import-h' },
    h('h2', { id: 'cohort-import-h' }, '1. Import a cohort'), drop, busy, message, report);

  // ---- 2. Analysis controls ----------------------------------------------------------------
  const endpoint = selectField('Endpoint', [['columns', 'Time and event columns I choose']], 'columns', { id: 'cohort-endpoint' });
  const timeCol = selectField('Follow-up time column', [], undefined, { id: 'cohort-time' });
  const unit = selectField('Time column is in', [['days', 'days'], ['months', 'months'], ['years', 'years']], 'days', { id: 'cohort-unit' });
  const eventCol = selectField('Event column', [], undefined, { id: 'cohort-event' });
  const groupCol = selectField('Compare groups by', [['', '(no grouping)']], '', { id: 'cohort-group' });
  const induction = selectField('Induction failure counted at', [['0', 'day 0 (diagnosis)'], ['eoi_date', 'end-of-induction date']], '0', { id: 'cohort-induction' });
  const protocol = selectField('Risk-group protocol', PROTOCOLS, 'interfant06', { id: 'cohort-protocol' });
  const confType = selectField('Confidence interval', CONF_TYPES, 'log', { id: 'cohort-conf-type' });
  const axisUnit = selectField('Show time in', [['years', 'years'], ['months', 'months']], 'years', { id: 'cohort-axis-unit' });
  const horizons = inputField('Survival at (in the units shown)', { type: 'text', id: 'cohort-horizons', value: '1, 2', inputmode: 'decimal', autocomplete: 'off' }, 'Comma-separated, e.g. 1, 3, 6');
  const showCi = h('input', { type: 'checkbox', id: 'cohort-show-ci', checked: true });
  const eventHint = h('p', { class: 'hint', id: 'cohort-event-hint' },
    'Event coding as R\'s Surv reads it: 0/1 (1 = event), 1/2 (2 = event) or TRUE/FALSE.');
  const columnFields = h('div', { class: 'field-row', id: 'cohort-column-fields' }, timeCol.wrap, unit.wrap, eventCol.wrap);
  const analyseBtn = h('button', { type: 'submit', class: 'primary', id: 'cohort-analyse' }, 'Analyse');
  const form = h('form', { id: 'cohort-form', class: 'cohort-form', novalidate: true },
    h('div', { class: 'field-row' }, endpoint.wrap, induction.wrap, groupCol.wrap, protocol.wrap),
    columnFields, eventHint,
    h('div', { class: 'field-row' }, confType.wrap, axisUnit.wrap, horizons.wrap,
      h('div', { class: 'field check' }, showCi, h('label', { for: 'cohort-show-ci' }, 'Show 95% confidence bands'))),
    h('div', { class: 'actions' }, analyseBtn));
  const analysisSection = h('section', { class: 'cohort-step', 'aria-labelledby': 'cohort-analysis-h', hidden: true, id: 'cohort-analysis' },
    h('h2', { id: 'cohort-analysis-h' }, '2. Choose the analysis'), form);

  // ---- 3. Results ---------------------------------------------------------------------------
  const results = h('section', { class: 'cohort-step', id: 'cohort-results', 'aria-labelledby': 'cohort-results-h', hidden: true, 'aria-live': 'polite' });

  const moreSection = h('section', { class: 'cohort-step', id: 'cohort-more', 'aria-labelledby': 'cohort-more-h', hidden: true });

  root.replaceChildren(
    h('p', { class: 'lead' }, 'Load a cohort file to estimate survival curves by group, with ' +
      'confidence intervals, the number at risk and the log-rank test. The calculations run in ' +
      'the statistics engine in this tab and agree with R\'s survival package.'),
    importSection, analysisSection, results, moreSection);
  const more = mountFurtherAnalyses(moreSection, engine, {
    getSettings: () => currentSettings(), withBusy: (l, f) => withBusy(l, f), fileName: () => state.fileName,
  });

  // ---- busy / cancel -------------------------------------------------------------------------
  async function withBusy(label, fn) {
    state.busy += 1;
    state.cancelled = false;
    progressText.textContent = label;
    // Show the bar only for operations that take a noticeable time.
    const timer = setTimeout(() => { busy.hidden = false; }, 250);
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      state.busy -= 1;
      if (!state.busy) busy.hidden = true;
    }
  }
  cancelBtn.addEventListener('click', async () => {
    state.cancelled = true;
    engine.cancel();
    busy.hidden = true;
    showMessage('info', state.summary
      ? `Cancelled. The previous cohort (${state.fileName}, ${state.summary.n_rows} rows) is still loaded.`
      : 'Cancelled.');
    // Cancelling replaces the engine, which forgets the loaded table: reload the last good one.
    if (state.bytes) {
      try { await engine.loadCsv(state.bytes.slice()); } catch { /* reported on next run */ }
    }
  });

  function showMessage(kind, text) {
    message.className = `cohort-message ${kind}`;
    message.textContent = text;
  }

  // ---- import --------------------------------------------------------------------------------
  async function importBytes(bytes, name) {
    showMessage('', '');
    let summary;
    try {
      // The engine takes the buffer over; keep our own copy to restore after a Cancel.
      summary = await withBusy(`Reading ${name}…`, () => engine.loadCsv(bytes.slice()));
    } catch (err) {
      if (state.cancelled) return;
      const kept = state.summary ? ` The previous cohort (${state.fileName}, ${state.summary.n_rows} rows) is still loaded.` : '';
      showMessage('error', `Could not read ${name}: ${err.message}.${kept}`);
      return;
    }
    state.bytes = bytes;
    state.fileName = name;
    state.summary = summary;
    showMessage('ok', `Loaded ${name}: ${summary.n_rows} rows, ${summary.columns.length} columns.`);
    renderImportReport(report, summary, name);
    const ready = await configureControls(summary);
    analysisSection.hidden = false;
    results.hidden = true;
    results.replaceChildren();
    if (ready) await analyse();
    else showMessage('ok', `Loaded ${name}: ${summary.n_rows} rows, ${summary.columns.length} columns. Choose the time and event columns below, then Analyse.`);
  }

  async function importFile(file) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await importBytes(bytes, file.name);
  }

  demoBtn.addEventListener('click', () => {
    importBytes(new TextEncoder().encode(demoCsv), 'demo cohort (synthetic)');
  });
  fileInput.addEventListener('change', () => {
    importFile(fileInput.files[0]);
    fileInput.value = '';
  });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    importFile(e.dataTransfer.files[0]);
  });

  // Asks the engine how it maps the file's headers and classifies its rows, to offer endpoints
  // from dates and grouping by classified risk group. A failure only means neither is offered.
  async function probeClassification() {
    try {
      return await withBusy('Classifying risk groups…', () => engine.run({ command: 'classify', protocol: 'interfant06' }));
    } catch {
      return null;
    }
  }

  async function configureControls(summary) {
    const cols = summary.columns.map((c) => c.name);
    const g = guessColumns(summary.columns);
    const cls = await probeClassification();
    const canonical = new Set((cls?.mapping || []).map((m) => m.canonical));
    const hasDates = canonical.has('diagnosis_date') && canonical.has('last_followup_date');
    const counts = cls?.counts || {};
    // counts also holds statuses (indeterminate, invalid, not_applicable) beside the groups.
    const groupKeys = Object.keys(counts).filter((k) => !['indeterminate', 'invalid', 'not_applicable'].includes(k));
    const classifiable = !cols.includes('risk_group') && groupKeys.length >= 2;
    if (classifiable) renderClassCounts(counts);
    const endpoints = [['columns', 'Time and event columns I choose']];
    if (hasDates) for (const [k, v] of Object.entries(ENDPOINTS)) endpoints.push([k, `${v}, from the dates`]);
    setOptions(endpoint.input, endpoints, hasDates ? 'efs' : 'columns');
    // Infant ALL papers quote 1-, 3- and 6-year EFS; a file with plain time columns starts short.
    horizons.input.value = hasDates ? '1, 3, 6' : '1, 2';
    setOptions(timeCol.input, cols, g.time);
    setOptions(eventCol.input, cols, g.event);
    unit.input.value = g.unit;
    const groupOptions = [['', '(no grouping)']];
    if (classifiable) groupOptions.push([CLASSIFIED, 'Risk group (classified from the columns)']);
    setOptions(groupCol.input, [...groupOptions, ...cols.map((c) => [c, c])], classifiable ? CLASSIFIED : g.group);
    syncEndpoint();
    more.configure(summary, g);
    moreSection.hidden = false;
    return hasDates || g.confident;
  }

  function syncEndpoint() {
    const fromDates = endpoint.input.value !== 'columns';
    columnFields.hidden = fromDates;
    eventHint.hidden = fromDates;
    protocol.wrap.hidden = groupCol.input.value !== CLASSIFIED;
    // Only EFS has induction failure as an event (spec section 5).
    induction.wrap.hidden = endpoint.input.value !== 'efs';
  }
  endpoint.input.addEventListener('change', syncEndpoint);
  groupCol.input.addEventListener('change', syncEndpoint);

  function renderClassCounts(counts) {
    const text = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
    if (text) report.append(h('p', { id: 'cohort-class-counts' }, `Interfant-06 risk groups classified from the columns: ${text}.`));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    analyse();
  });
  // Redraw rather than hide the bands, so the caption and the exported SVG say the same thing.
  showCi.addEventListener('change', () => { if (state.summary) analyse(); });

  // ---- analysis ------------------------------------------------------------------------------
  function currentSettings() {
    const ep = endpoint.input.value;
    const fromDates = ep !== 'columns';
    const colUnit = fromDates ? 'years' : unit.input.value;
    const shown = axisUnit.input.value;
    const base = fromDates
      ? { endpoint: ep, time_unit: 'years', induction_failure_time: induction.input.value }
      : { time: timeCol.input.value, event: eventCol.input.value };
    return {
      base, fromDates, ep, colUnit, shown, scale: SCALE[colUnit][shown],
      group: groupCol.input.value === CLASSIFIED ? 'risk_group' : groupCol.input.value,
      protocol: groupCol.input.value === CLASSIFIED ? protocol.input.value : null,
      confType: confType.input.value, confLevel: 0.95,
      horizons: parseTimes(horizons.input.value),
    };
  }

  async function analyse() {
    const s = currentSettings();
    if (!s.fromDates && s.base.time === s.base.event) {
      showMessage('error', 'Choose different columns for the follow-up time and the event.');
      return;
    }
    const kmRequest = { command: 'km', ...s.base, conf_type: s.confType, conf_level: s.confLevel };
    if (s.group) kmRequest.group = s.group;
    if (s.protocol) kmRequest.protocol = s.protocol;
    let km;
    let lr = null;
    try {
      km = await withBusy('Estimating survival…', async () => {
        // First pass finds the follow-up span; the axis ticks it gives are then the times of the
        // number-at-risk table (KMunicate: counts sit under the ticks).
        const first = await engine.run(kmRequest);
        const maxT = Math.max(0, ...first.curves.map((c) => (c.time.length ? c.time[c.time.length - 1] : 0)));
        const ticks = niceTicks(maxT / s.scale);
        const result = await engine.run({
          ...kmRequest, times: s.horizons.map((t) => t * s.scale), risk_times: ticks.map((t) => t * s.scale),
        });
        result.ticks = ticks;
        return result;
      });
      if (s.group && km.curves.length > 1) {
        lr = await withBusy('Log-rank test…', () => engine.run({ command: 'logrank', ...s.base, group: s.group, ...(s.protocol ? { protocol: s.protocol } : {}) }));
      }
    } catch (err) {
      if (!state.cancelled) showMessage('error', `The analysis could not run: ${err.message}.`);
      return;
    }
    showMessage('ok', `Loaded ${state.fileName}: ${state.summary.n_rows} rows. Analysis updated.`);
    renderResults(results, km, lr, s, showCi.checked, state.fileName);
    results.hidden = false;
  }
}

// ---- results ---------------------------------------------------------------------------------

function endpointWords(s, result) {
  if (s.fromDates) {
    const when = s.base.induction_failure_time === '0' ? 'day 0' : 'the end-of-induction date';
    const ep = result && result.endpoint;
    const dropped = ep && ep.n_excluded
      ? `; ${ep.n_excluded} patient${ep.n_excluded === 1 ? '' : 's'} without a usable ${s.ep.toUpperCase()} time left out (${
        (ep.excluded || []).slice(0, 5).map((x) => `row ${x.row}${x.patient_id ? ` ${x.patient_id}` : ''}: ${x.reason}`).join('; ')}${
        (ep.excluded || []).length > 5 ? '; …' : ''})`
      : '';
    return `${ENDPOINTS[s.ep]} from the date columns, time from ${(ep && ep.start) || 'diagnosis'}` +
      `${s.ep === 'efs' ? `, induction failure counted at ${when}` : ''}${dropped}`;
  }
  return `time = column “${s.base.time}” (${s.colUnit}), event = column “${s.base.event}”`;
}

function excludedWords(n, rows) {
  if (!n) return 'no rows excluded';
  const list = (rows || []).slice(0, 15).join(', ');
  const more = rows && rows.length > 15 ? `, … (${rows.length - 15} more)` : '';
  return `${n} row${n === 1 ? '' : 's'} excluded for a missing time, status or group (file row${n === 1 ? '' : 's'} ${list}${more})`;
}

function confWords(km) {
  return `${Math.round(km.conf_level * 100)}% pointwise CI, ${km.conf_type} transform`;
}

function renderResults(root, km, lr, s, showCi, fileName) {
  const curves = km.curves;
  const grouped = Boolean(s.group) && curves.length > 0;
  // A bare code ("1") means nothing in a legend: say which column it is ("sex = 1"), as R does.
  const numericCodes = curves.every((c) => String(c.group).trim() !== '' && Number.isFinite(Number(c.group)));
  const label = (c) => {
    if (!grouped) return 'All patients';
    return numericCodes && !s.protocol ? `${s.group} = ${c.group}` : String(c.group);
  };
  const nTotal = curves.reduce((a, c) => a + c.n, 0);
  const eventsTotal = curves.reduce((a, c) => a + c.events, 0);
  const unitWord = s.shown;
  const what = s.fromDates ? ENDPOINTS[s.ep].replace(/ \(.*\)/, '') : 'survival';
  const protocolName = s.protocol ? PROTOCOLS.find((x) => x[0] === s.protocol)[1] : '';
  const byWords = grouped ? ` by ${s.protocol ? `${protocolName} risk group` : s.group}` : '';
  const source = `Source: ${fileName}; ${endpointWords(s, km)}; n = ${nTotal}, ${eventsWord(eventsTotal)}; ` +
    `${excludedWords(km.n_excluded, km.excluded_rows)}; ${confWords(km)}.`;

  // Figure.
  const lrText = lr ? `Log-rank ${pText(lr.p)}` : '';
  const plotCurves = curves.map((c) => ({
    label: label(c),
    legend: `${label(c)} (n = ${c.n}, ${eventsWord(c.events)})`,
    time: c.time,
    y: c.surv,
    lower: c.lower,
    upper: c.upper,
    censor: c.time.map((t, i) => (c.n_censor[i] > 0 ? [t, c.surv[i]] : null)).filter(Boolean),
    end: c.time.length ? c.time[c.time.length - 1] : 0,
  }));
  const riskRows = curves.map((c) => riskCounts(c, km.ticks, s.scale));
  const svg = plotKm({
    curves: plotCurves, y0: 1, xMax: km.ticks[km.ticks.length - 1], xTicks: km.ticks, xScale: s.scale,
    xLabel: `Time since start of follow-up (${unitWord})`,
    yLabel: `${what[0].toUpperCase()}${what.slice(1)} (%)`, showCi,
    risk: { title: 'Number at risk', rows: riskRows }, legendNote: lrText,
    title: `Kaplan-Meier estimate of ${what}${byWords}`,
    desc: `${source} The table of estimates below the figure gives the same numbers as text.`,
  });
  const figId = 'cohort-km-figure';
  const capId = 'cohort-km-caption';
  const figure = h('figure', { class: 'km-figure', id: figId, 'aria-labelledby': capId },
    h('div', { class: 'plot-scroll' }, svg),
    h('figcaption', { id: capId },
      h('strong', {}, `Figure. Kaplan-Meier estimate of ${what}${byWords}. `),
      `Vertical ticks mark censored observations${showCi ? '; shaded bands are the 95% pointwise confidence intervals' : ''}. `,
      source));
  const svgBtn = h('button', { type: 'button', class: 'export', id: 'cohort-export-svg' }, 'Download figure (SVG)');
  svgBtn.addEventListener('click', () => download('kaplan-meier.svg', svgToString(svg), 'image/svg+xml'));

  // Survival at chosen times.
  const atHeader = ['Group', `Time (${unitWord})`, 'At risk', 'Survival % (SE)', `${Math.round(km.conf_level * 100)}% CI`];
  const atRows = [];
  const atRaw = [];
  for (const c of curves) {
    for (const a of c.at_times || []) {
      const t = a.time / s.scale;
      atRows.push([label(c), { text: num(t) }, { text: String(a.n_risk) },
        { text: survText(a.surv, a.std_err), data: { surv: a.surv, se: a.std_err } },
        { text: ciText(a.lower, a.upper), data: { lower: a.lower, upper: a.upper } }]);
      atRaw.push([label(c), t, a.n_risk, a.surv, a.std_err, a.lower, a.upper]);
    }
  }
  const atTable = table(`Survival at chosen times (${confWords(km)})`, atHeader, atRows, { id: 'cohort-surv-at' });
  const atCsv = csvButton('Download table (CSV)', 'survival-at-times.csv', () => ({
    header: ['group', `time_${unitWord}`, 'n_risk', 'surv', 'std_err', 'lower', 'upper'], rows: atRaw,
  }));
  atCsv.id = 'cohort-export-surv-at';

  // Medians.
  const medHeader = ['Group', 'n', 'Events', `Median ${what} (${unitWord}) (95% CI)`];
  const medRows = curves.map((c) => [label(c), String(c.n), String(c.events),
    { text: medianText(c.median, c.median_lower, c.median_upper, s.scale), data: { median: c.median ?? 'NA' } }]);
  const medTable = table('Median and its confidence interval', medHeader, medRows, { id: 'cohort-medians' });
  const medCsv = csvButton('Download table (CSV)', 'medians.csv', () => ({
    header: ['group', 'n', 'events', `median_${unitWord}`, 'lower', 'upper'],
    rows: curves.map((c) => [label(c), c.n, c.events, scaled(c.median, s.scale), scaled(c.median_lower, s.scale), scaled(c.median_upper, s.scale)]),
  }));

  // Log-rank.
  let lrBlock = null;
  if (lr) {
    const p = h('p', { class: 'test-result', id: 'cohort-logrank', dataset: { p: lr.p, chisq: lr.chisq } },
      h('strong', {}, 'Log-rank test: '),
      `χ² = ${num(lr.chisq)} on ${lr.df} df, ${pText(lr.p)}`,
      lr.groups.length > 2 && isOrdered(lr.groups) && lr.trend && Number.isFinite(lr.trend.p)
        ? `; test for trend (groups scored ${lr.groups.join(' < ')}): χ² = ${num(lr.trend.chisq)} on 1 df, ${pText(lr.trend.p)}` : '',
      `. n = ${lr.n.reduce((a, b) => a + b, 0)}; ${excludedWords(lr.n_excluded, lr.excluded_rows)}.`);
    const oe = table('Observed and expected events (log-rank)', ['Group', 'n', 'Observed', 'Expected', 'O/E'],
      lr.groups.map((g, i) => [String(g), String(lr.n[i]), num(lr.obs[i]), num(lr.exp[i]), num(lr.obs[i] / lr.exp[i])]),
      { id: 'cohort-logrank-table' });
    lrBlock = h('div', { class: 'result-block' }, p, oe);
  }

  // Text alternative: every step of every curve, folded away.
  const stepRows = [];
  for (const c of curves) {
    c.time.forEach((t, i) => stepRows.push([label(c), timeText(t, s.scale), String(c.n_risk[i]),
      String(c.n_event[i]), String(c.n_censor[i]), pct(c.surv[i]), pct(c.lower[i]), pct(c.upper[i])]));
  }
  const steps = h('details', { class: 'steps' }, h('summary', {}, 'Table of estimates at every event and censoring time (text alternative to the figure)'),
    table(null, ['Group', `Time (${unitWord})`, 'At risk', 'Events', 'Censored', 'Survival %', 'Lower %', 'Upper %'], stepRows));

  const moreSection = h('section', { class: 'cohort-step', id: 'cohort-more', 'aria-labelledby': 'cohort-more-h', hidden: true });

  root.replaceChildren(
    h('h2', { id: 'cohort-results-h' }, '3. Results'),
    h('p', { class: 'analysis-note', id: 'cohort-analysis-note' }, `Analysis for every figure and table below: ${source}`),
    figure, h('div', { class: 'actions' }, svgBtn),
    h('div', { class: 'result-block' }, atTable, h('div', { class: 'actions' }, atCsv)),
    h('div', { class: 'result-block' }, medTable, h('div', { class: 'actions' }, medCsv)),
    lrBlock, steps);
}

// The trend test scores groups in the engine's order; show it only when that order means
// something (numeric levels, or risk groups listed low to high).
const RISK_ORDERS = [['LR', 'MR', 'HR'], ['LR', 'IR', 'HR'], ['SR', 'IR', 'HR'], ['SR', 'MR', 'HR']];
function isOrdered(groups) {
  const g = groups.map(String);
  if (g.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))) {
    return g.every((v, i) => i === 0 || Number(g[i - 1]) < Number(v));
  }
  return RISK_ORDERS.some((o) => o.length === g.length && o.every((v, i) => v === g[i]));
}

const eventsWord = (n) => `${n} event${n === 1 ? '' : 's'}`;
const scaled = (v, scale) => (typeof v === 'number' ? v / scale : null);

// The engine's risk table, read at each tick (it was requested at exactly those times).
function riskCounts(c, ticks, scale) {
  const byTime = new Map((c.risk_table || []).map((r) => [r.time, r.n_risk]));
  return ticks.map((t) => {
    const hit = [...byTime.keys()].find((k) => Math.abs(k - t * scale) <= 1e-9 * Math.max(1, t * scale));
    return hit === undefined ? null : byTime.get(hit);
  });
}

