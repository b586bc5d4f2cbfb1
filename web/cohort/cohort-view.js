// The cohort view: import a CSV, choose endpoints and a grouping, and read Kaplan-Meier curves,
// survival at chosen times, medians and the log-rank test, then the further analyses. Every
// number comes from the engine (engine.run); this file only asks, lays out and exports. A loaded
// file's first screen - preview, risk groups, the analysis and the further analyses - is one
// analyze request (firstScreen); later actions send their own.
import { h, table, download } from '../ui/dom.js';
import { selectField, setOptions, chooseOption, inputField } from './cohort-controls.js';
import { renderImportReport, checkImportFile } from './cohort-import.js';
import { mountFurtherAnalyses } from './cohort-more.js';
import { renderKmBlock, ENDPOINTS } from './cohort-km.js';
import { clinicalOrder, displayOrder } from './cohort-order.js';
import { rCodeButton, kmRCode } from './cohort-rcode.js';
import { settingsControls } from './cohort-settings.js';
// The synthetic demo cohort, embedded at build time by scripts/build-web.mjs.
import { demoCsv } from 'infant-all-demo';
import { parseTimes, parseHorizon, setCsvDialect } from './cohort-format.js';
import { classifyCohort, classifiedCsv, classifyRequest, classification } from './cohort-classify.js';
import { clinicalInputs, riskGroupWords } from './cohort-choices.js';
import { withMapping, renderPreview, mappingEditor } from './cohort-mapping.js';
import { readOptionsPanel, loadOptions, requestDateOptions } from './cohort-read-options.js';
import { recodeEditor } from './cohort-recode.js';
import { setExportCohort } from './cohort-export.js';
import { mountPrintReport } from './cohort-print.js';

// Column units per display unit.
const SCALE = {
  days: { years: 365.25, months: 365.25 / 12 },
  months: { years: 12, months: 1 },
  years: { years: 1, months: 1 / 12 },
};
const PROTOCOLS = [['interfant06', 'Interfant-06'], ['interfant99', 'Interfant-99'], ['mll10', 'MLL-10'],
  ['interfant21', 'Interfant-21'], ['aall0631', 'COG AALL0631']];
// Group-by value meaning "the risk group the engine classifies from the row's columns".
const CLASSIFIED = '__classified_risk_group__';
// The same choice as a settings file names it, and back.
const SAVED_CLASSIFIED = 'risk_group (classified)';
const savedChoice = (v) => (v === CLASSIFIED ? SAVED_CLASSIFIED : v);
const loadedChoice = (v) => (v === SAVED_CLASSIFIED ? CLASSIFIED : v);
const CONF_TYPES = [['log', 'log (R default)'], ['log-log', 'log-log (SAS, Prism)'], ['plain', 'plain']];
const CONF_LEVELS = [['0.9', '90%'], ['0.95', '95%'], ['0.99', '99%']];
const P_ADJUST = [['BH', 'Benjamini-Hochberg (false discovery rate)'], ['holm', 'Holm'], ['bonferroni', 'Bonferroni'], ['none', 'none']];
const STATUS_KEYS = ['indeterminate', 'invalid', 'not_applicable'];
// "Risk group" kept in the grouping list, disabled, when the rows cannot be classified.
const RISK_UNAVAILABLE = '__risk_group_unavailable__';
const TIME_PROMPT = 'Choose the follow-up time column';
const EVENT_PROMPT = 'Choose the event column';

// Guesses which columns hold follow-up time and event status, from their names.
// inputs: headers the mapping reads as clinical inputs (kmt2a_status, cns_status): never guessed
// as the outcome, whatever their names say.
function guessColumns(cols, inputs = new Set()) {
  const names = cols.map((c) => c.name).filter((n) => !inputs.has(n));
  const numeric = cols.filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name);
  const find = (re, pool) => pool.find((n) => re.test(n));
  const timeByName = find(/(^|_|\.)(time|years?|months?|days?|futime|fu)($|_|\.)/i, numeric);
  const eventByName = find(/(^|_|\.)(status|event|dead|death|died|fustat|censor)($|_|\.)/i,
    names.filter((n) => n !== timeByName));
  // No name that looks like time (or an event): no guess. A column picked for being the first
  // number (a white-cell count) draws a convincing curve of nothing; the user chooses instead.
  const time = timeByName || '';
  const event = eventByName || '';
  // Run straight after import only when the names make the choice obvious.
  const confident = Boolean(timeByName && eventByName);
  const group = names.includes('risk_group') ? 'risk_group' : '';
  const unit = /day/i.test(time) ? 'days' : /month/i.test(time) ? 'months' : /year/i.test(time) ? 'years' : 'days';
  return { time, event, group, unit, confident };
}

export function mountCohortView(root, rawEngine) {
  // epoch counts Cancels: a chain of steps started before one stops at its next step.
  // source: the loaded cohort's File (or the demo as a Blob), read again after a Cancel.
  const state = { source: null, fileName: '', summary: null, busy: 0, cancelled: false, mapping: [], epoch: 0, reading: false,
    // Risk groups per protocol in clinical order (from the classification's counts): the levels
    // km and cuminc get, and the Cox reference (the first).
    riskLevels: {},
    // The user's column mapping changes ("canonical=column", the CLI's --map): every request
    // carries them (withMapping); a new file starts without, unless it has the same header.
    map: [],
    // The user's recoding ("event_type:Rezidiv=relapse", the CLI's --recode), carried the same way.
    recode: [],
    // How the file was read (delimiter, decimal, date_format, na, thousands, excel_serial): the
    // user's choices; what is not chosen the reader sniffs.
    readOptions: {},
    // Counts survival analyses asked for: a reply is drawn only if no later one was asked for.
    asked: 0 };
  const engine = withMapping(rawEngine, () => ({ map: state.map, recode: state.recode, ...requestDateOptions(state.readOptions) }));
  // Named requests as one (the analyze command's parts): resolves with {parts, requests}.
  // Risk groups without known levels come lowest first (risk_order).
  const analyze = (parts) => engine.run({ command: 'analyze', risk_order: true, parts });

  // ---- 1. Import -------------------------------------------------------------------------
  const fileInput = h('input', {
    type: 'file', id: 'cohort-file', accept: '.csv,.tsv,.txt,text/csv,text/plain',
    class: 'visually-hidden-file',
  });
  const fileLabel = h('label', { for: 'cohort-file', class: 'file-button' }, 'Choose a CSV file…');
  const demoBtn = h('button', { type: 'button', id: 'cohort-demo' }, 'Load the demo cohort');
  // The demo as a file, so its R code can be run on exactly what the page analysed.
  const demoCsvBtn = h('button', { type: 'button', id: 'cohort-demo-csv', class: 'export' }, 'Download the demo cohort (CSV)');
  demoCsvBtn.addEventListener('click', () => download('infant-all-demo-cohort.csv', demoCsv, 'text/csv;charset=utf-8'));
  const drop = h('div', { class: 'drop-zone', id: 'cohort-drop' },
    h('p', {}, 'Drop a CSV file here, or ', fileInput, fileLabel, ' or ', demoBtn),
    h('p', { class: 'hint' }, 'The file is read inside this browser tab and never uploaded. ' +
      'Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252. The demo cohort ' +
      'is synthetic (651 invented infants shaped like Interfant-06): it describes no real patient. ', demoCsvBtn));
  const progressText = h('span', { id: 'cohort-progress-text' }, 'Working…');
  const cancelBtn = h('button', { type: 'button', id: 'cohort-cancel' }, 'Cancel');
  const busy = h('div', { class: 'busy no-print', id: 'cohort-busy', hidden: true, role: 'status' },
    h('progress', { 'aria-labelledby': 'cohort-progress-text' }), progressText, cancelBtn);
  const message = h('div', { id: 'cohort-message', class: 'cohort-message', role: 'alert' });
  const report = h('div', { id: 'cohort-import-report', class: 'import-report' });
  const readBox = h('div', { id: 'cohort-read-box', class: 'import-report no-print' });
  const recodeBox = h('div', { id: 'cohort-recode-box', class: 'import-report no-print' });
  // Not printed: a report should not carry rows of patient data.
  const previewBox = h('div', { id: 'cohort-preview-box', class: 'import-report no-print' });
  const mapBox = h('div', { id: 'cohort-map-box', class: 'import-report no-print' });
  // Paste: cells copied from a spreadsheet arrive tab-separated, which the reader sniffs.
  const pasteText = h('textarea', { id: 'cohort-paste', rows: '6', spellcheck: 'false', autocomplete: 'off' });
  const pasteBtn = h('button', { type: 'button', id: 'cohort-paste-read' }, 'Read the pasted text');
  const paste = h('details', { class: 'report-details no-print', id: 'cohort-paste-panel' },
    h('summary', {}, 'Or paste the table (copied from a spreadsheet or a text file)'),
    h('div', { class: 'field' }, h('label', { for: 'cohort-paste' }, 'Table with a header row'), pasteText),
    h('div', { class: 'actions' }, pasteBtn));
  const classBox = h('div', { id: 'cohort-classification' });
  const importSection = h('section', { class: 'cohort-step', 'aria-labelledby': 'cohort-import-h' },
    h('h2', { id: 'cohort-import-h' }, 'Import a cohort'), h('div', { class: 'no-print' }, drop), paste, busy, message, readBox, report,
    previewBox, mapBox, recodeBox, classBox);

  // ---- 2. Analysis controls ----------------------------------------------------------------
  const endpoint = selectField('Endpoint', [['columns', 'Time and event columns I choose']], 'columns', { id: 'cohort-endpoint' });
  const timeCol = selectField('Follow-up time column', [], undefined, { id: 'cohort-time' });
  const unit = selectField('Time column is in', [['days', 'days'], ['months', 'months'], ['years', 'years']], 'days', { id: 'cohort-unit' });
  const eventCol = selectField('Event column', [], undefined, { id: 'cohort-event' });
  // A text event column ("verstorben" / "lebt") needs the value that means the event (the
  // CLI's --event-value): asked here, never guessed.
  const eventValue = selectField('Value that means the event', [], '', { id: 'cohort-event-value' });
  eventValue.wrap.hidden = true;
  const groupCol = selectField('Compare groups by', [['', '(no grouping)']], '', { id: 'cohort-group' });
  const induction = selectField('Induction failure counted at', [['0', 'day 0 (diagnosis)'], ['eoi_date', 'end-of-induction date']], '0', { id: 'cohort-induction' });
  const protocol = selectField('Risk-group protocol', PROTOCOLS, 'interfant06', { id: 'cohort-protocol' });
  const confType = selectField('Confidence interval transform', CONF_TYPES, 'log', { id: 'cohort-conf-type' });
  const confLevel = selectField('Confidence level', CONF_LEVELS, '0.95', { id: 'cohort-conf-level' });
  const axisUnit = selectField('Show time in', [['years', 'years'], ['months', 'months']], 'years', { id: 'cohort-axis-unit' });
  const horizons = inputField('Survival at (in the units shown)', { type: 'text', id: 'cohort-horizons', value: '1, 2', inputmode: 'decimal', autocomplete: 'off' }, 'Comma-separated, e.g. 1, 3, 6');
  const rmst = inputField('Restricted mean survival up to (in the units shown)', { type: 'text', id: 'cohort-rmst', value: '', inputmode: 'decimal', autocomplete: 'off' }, 'One time, e.g. 6; empty for none');
  const strataCol = selectField('Stratify the log-rank test by', [['', '(no stratification)']], '', { id: 'cohort-strata' });
  const pAdjust = selectField('Pairwise comparisons: adjust p-values by', P_ADJUST, 'BH', { id: 'cohort-p-adjust' });
  const showCi = h('input', { type: 'checkbox', id: 'cohort-show-ci', checked: true });
  const riskDetail = h('input', { type: 'checkbox', id: 'cohort-risk-detail', checked: true });  // KMunicate's table by default
  // Why the time or event column starts empty; why "Risk group" is not (fully) offered.
  const columnHint = h('p', { class: 'hint', id: 'cohort-column-hint', hidden: true });
  const groupHint = h('p', { class: 'hint', id: 'cohort-group-hint', hidden: true });
  timeCol.input.setAttribute('aria-describedby', 'cohort-column-hint');
  groupCol.input.setAttribute('aria-describedby', 'cohort-group-hint');
  const eventHint = h('p', { class: 'hint', id: 'cohort-event-hint' },
    'Event coding as R\'s Surv reads it: 0/1 (1 = event), 1/2 (2 = event) or TRUE/FALSE.');
  const columnFields = h('div', { class: 'field-row', id: 'cohort-column-fields' }, timeCol.wrap, unit.wrap, eventCol.wrap, eventValue.wrap);
  const analyseBtn = h('button', { type: 'submit', class: 'primary', id: 'cohort-analyse' }, 'Analyse');
  // What stops an analysis is said here, beside the button that asked, and focus comes here.
  const analyseMessage = h('p', { class: 'cohort-message', id: 'cohort-analyse-message', tabindex: '-1', hidden: true });
  const settings = settingsControls({
    // What loading settings did is said beside its button, where the user is.
    get: () => controlValues(), set: (v) => applyControlValues(v), message: (k, t) => sayBesideAnalyse(k, t),
  });
  const form = h('form', { id: 'cohort-form', class: 'cohort-form', novalidate: true },
    h('div', { class: 'field-row' }, endpoint.wrap, induction.wrap, groupCol.wrap, protocol.wrap), groupHint,
    columnFields, columnHint, eventHint,
    h('div', { class: 'field-row' }, confType.wrap, confLevel.wrap, axisUnit.wrap, horizons.wrap,
      h('div', { class: 'field check' }, showCi, h('label', { for: 'cohort-show-ci' }, 'Show confidence bands'))),
    h('div', { class: 'field-row' }, rmst.wrap, strataCol.wrap, pAdjust.wrap,
      h('div', { class: 'field check' }, riskDetail, h('label', { for: 'cohort-risk-detail' }, 'Risk table with censored and events (KMunicate)'))),
    h('div', { class: 'actions' }, analyseBtn, ...settings.buttons), analyseMessage);
  const analysisSection = h('section', { class: 'cohort-step no-print', 'aria-labelledby': 'cohort-analysis-h', hidden: true, id: 'cohort-analysis' },
    h('h2', { id: 'cohort-analysis-h' }, 'Choose the analysis'), form);

  // ---- 3. Results ---------------------------------------------------------------------------
  const results = h('section', { class: 'cohort-step', id: 'cohort-results', 'aria-labelledby': 'cohort-results-h', hidden: true });
  const moreSection = h('section', { class: 'cohort-step', id: 'cohort-more', 'aria-labelledby': 'cohort-more-h', hidden: true });

  // Sections are numbered by CSS counters (cohort.css), so the numbers stay consecutive when a
  // section is hidden (the choices, in print).
  const print = mountPrintReport(root, {
    engine: rawEngine, settings: () => state.drawn, cohort: () => (state.summary ? { fileName: state.fileName, rows: state.summary.n_rows } : null),
  });
  root.replaceChildren(
    h('a', { class: 'skip-link no-print', href: '#cohort-results-h', id: 'cohort-skip' }, 'Skip to the results'),
    print.header,
    h('p', { class: 'lead no-print' }, 'Load a cohort file to estimate survival curves by group, with ' +
      'confidence intervals, the number at risk and the log-rank test. The calculations run in ' +
      'the statistics engine in this tab and agree with R\'s survival package.'),
    importSection, analysisSection, results, moreSection);
  form.querySelector('.actions').append(print.button);
  // The skip link goes to the results' heading, or to the import's while there are none.
  root.querySelector('#cohort-skip').addEventListener('click', (e) => {
    e.preventDefault();
    const to = results.hidden ? importSection.querySelector('h2') : results.querySelector('h2');
    to.tabIndex = -1;
    to.focus();
  });
  const more = mountFurtherAnalyses(moreSection, engine, {
    getSettings: () => currentSettings(), withBusy: (l, f) => withBusy(l, f), fileName: () => state.fileName,
    epoch: () => state.epoch, analyze, settle: (s) => settle(s),
  });

  // Resolves in a later task, so that what has been drawn is painted and input is handled.
  const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

  // ---- busy / cancel -------------------------------------------------------------------------
  // Keyboard: a job that lasts more than a moment takes focus to Cancel (a quick one leaves focus
  // where it is); Escape anywhere in the view cancels; when the job ends or is cancelled, focus
  // goes back to the control that started it.
  const FOCUS_CANCEL_MS = 300;
  let starter = null;
  async function withBusy(label, fn) {
    // A job of several steps keeps the control that started its first.
    const at = document.activeElement;
    if (!state.busy && at !== cancelBtn) starter = root.contains(at) ? at : null;
    state.busy += 1;
    state.cancelled = false;
    progressText.textContent = label;
    // Show the bar only for operations that take a noticeable time.
    const timer = setTimeout(() => { busy.hidden = false; }, 250);
    const focusTimer = setTimeout(() => {
      const at = document.activeElement;
      if (state.busy && (at === document.body || root.contains(at))) cancelBtn.focus();
    }, FOCUS_CANCEL_MS);
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      clearTimeout(focusTimer);
      state.busy -= 1;
      if (!state.busy) {
        busy.hidden = true;
        if (document.activeElement === cancelBtn) returnFocus();
      }
    }
  }
  // Back to the control that started the job, if it is still on the page and shown; else to the
  // message that says what happened.
  function returnFocus() {
    const to = starter && starter.isConnected && starter.checkVisibility() ? starter : message;
    if (to === message) message.tabIndex = -1;
    to.focus();
  }
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !state.busy || root.hidden) return;
    if (e.target !== document.body && !root.contains(e.target)) return;
    e.preventDefault();
    cancelBtn.click();
  });
  cancelBtn.addEventListener('click', async () => {
    state.cancelled = true;
    state.epoch += 1;
    engine.cancel();
    busy.hidden = true;
    // Stopped while reading: the cohort before stays. Stopped later: the new file is loaded,
    // only its analyses were stopped.
    const cohort = state.summary ? `${state.fileName}, ${state.summary.n_rows} rows` : '';
    showMessage('info', !state.summary ? 'Cancelled.'
      : state.reading ? `Cancelled. The previous cohort (${cohort}) is still loaded.`
        : `Cancelled. The cohort (${cohort}) is loaded; its analysis was stopped. Press Analyse to run it.`);
    // The status line says so (announced politely), and focus goes back where the job began.
    message.setAttribute('role', 'status');
    returnFocus();
    // Cancelling replaces the engine, which forgets the loaded table: reload the last good one.
    // Its worker reads the File again, so the page neither copies nor holds the file's bytes.
    if (state.source) {
      const epoch = state.epoch;
      try {
        await engine.loadCsv(state.source, loadOptions(state.readOptions));
      } catch (err) {
        // A file changed or moved since it was read cannot be read again: say so now, unless
        // another Cancel or a new file has taken over.
        if (epoch === state.epoch && !state.reading && err.message !== 'cancelled') {
          showMessage('error', `Cancelled, but ${state.fileName} could not be read again (${err.message}). Load it again to analyse it.`);
        }
      }
    }
  });

  function showMessage(kind, text) {
    message.className = `cohort-message ${kind}`;
    message.textContent = text;
    if (kind === 'warning') message.setAttribute('role', 'alert');
    else message.removeAttribute('role');
  }

  // "Loaded ...": a success only when every data row of the file was read; rows the reader had
  // to leave out (a ragged row: an unquoted delimiter) make it a warning with the count and the
  // first rows, never a green message.
  function showLoaded(name, summary, tail = '') {
    const ragged = summary.ragged_rows || [];
    if (!ragged.length) {
      showMessage('ok', `Loaded ${name}: ${summary.n_rows} rows, ${summary.columns.length} columns.${tail}`);
      return;
    }
    const total = summary.n_rows + ragged.length;
    const first = ragged.slice(0, 5).map((r) => `row ${r.row} (line ${r.line}: ${r.found} fields, expected ${r.expected})`);
    showMessage('warning', `Loaded ${name} with rows left out: ${summary.n_rows} of ${total} data rows read; ` +
      `${ragged.length} ${ragged.length === 1 ? 'row has' : 'rows have'} the wrong number of fields ` +
      `(an unquoted delimiter?) and ${ragged.length === 1 ? 'is' : 'are'} not in any analysis: ` +
      `${first.join('; ')}${ragged.length > first.length ? '; …' : ''}. Correct the file and load it again.${tail}`);
  }

  // ---- import --------------------------------------------------------------------------------
  // source: a File or Blob, which engine.loadCsv hands to its worker to read; options: how to
  // read it (the reading panel's choices; a new file starts from the reader's sniffing).
  // Resolves with '' or the error (also shown).
  async function importSource(source, name, options = {}) {
    showMessage('', '');
    const epoch = state.epoch;
    let summary;
    try {
      state.reading = true;
      summary = await withBusy(`Reading ${name}…`, () => engine.loadCsv(source, loadOptions(options)));
    } catch (err) {
      if (epoch !== state.epoch) return err.message;
      const kept = state.summary ? ` The previous cohort (${state.fileName}, ${state.summary.n_rows} rows) is still loaded.` : '';
      showMessage('error', `Could not read ${name}: ${err.message}.${kept}`);
      return err.message;
    } finally {
      state.reading = false;
    }
    if (epoch !== state.epoch) return 'cancelled';
    // A file with the header of the one before (a corrected export, or the same file read with
    // other options) keeps the user's mapping and recoding, and says so.
    const sameHeader = state.summary && JSON.stringify(state.summary.columns.map((c) => c.name)) === JSON.stringify(summary.columns.map((c) => c.name));
    const keep = sameHeader && (state.map.length > 0 || state.recode.length > 0);
    state.source = source;
    state.fileName = name;
    state.summary = summary;
    setExportCohort(name);
    // The report's header describes this file's analysis once drawn, not the one before.
    state.drawn = null;
    print.fill();
    state.readOptions = options;
    setCsvDialect(summary.delimiter, summary.decimal);
    state.riskLevels = {};
    if (!keep) {
      state.map = [];
      state.recode = [];
    }
    // Results of the cohort before must not stay beside the new one, even if Cancel comes next.
    results.hidden = true;
    results.replaceChildren();
    moreSection.hidden = true;
    showLoaded(name, summary);
    drawReadOptions();
    renderImportReport(report, summary, name);
    previewBox.replaceChildren();
    // Each step of drawing in a task of its own (a file of 10,000 columns makes each take a
    // while).
    await nextTask();
    if (epoch !== state.epoch) return 'cancelled';
    if (keep) {
      const kept = `Kept your ${[state.map.length ? `column mapping (${state.map.length})` : '', state.recode.length ? `recoding (${state.recode.length})` : '']
        .filter(Boolean).join(' and ')}: ${name} has the same columns as the file before.`;
      const error = await applyMapping(state.map, state.recode, kept, true);
      if (error) {
        state.map = [];
        state.recode = [];
        showMessage('warning', `Your column mapping and recoding were not kept (${error}): ${name} is read with the automatic mapping.`);
        drawMappingEditor();
        await firstScreen(epoch, name, true);
      }
      return '';
    }
    drawMappingEditor();
    await nextTask();
    if (epoch !== state.epoch) return 'cancelled';
    await firstScreen(epoch, name, true);
    return '';
  }

  // The reading options, pre-set from the reader's sniffing; a change reads the file again.
  function drawReadOptions() {
    readOptionsPanel(readBox, {
      summary: state.summary, options: state.readOptions,
      apply: (o) => importSource(state.source, state.fileName, o),
    });
  }

  // The preview of the first rows (the engine's preview result, or why there is none).
  function showPreview(p) {
    if (p && p.error === undefined) renderPreview(previewBox, p);
    else previewBox.replaceChildren(h('p', { class: 'cohort-message error' }, `No preview: ${p ? p.error : 'cancelled'}.`));
  }

  function drawMappingEditor(kept = '') {
    mapBox.dataset.map = JSON.stringify(state.map);
    recodeBox.dataset.recode = JSON.stringify(state.recode);
    const v = state.summary.validation;
    if (!v || v.error || !v.mapping.canonical_inputs) {
      mapBox.replaceChildren();
      recodeBox.replaceChildren();
      return;
    }
    mappingEditor(mapBox, {
      inputs: v.mapping.canonical_inputs, columns: state.summary.columns.map((c) => c.name),
      matches: v.mapping.matches, overrides: state.map, kept, apply: (o) => applyMapping(o, state.recode),
    });
    recodeEditor(recodeBox, { recoding: v.recoding, recodes: state.recode, apply: (r) => applyMapping(state.map, r) });
  }

  // Puts the user's mapping and recoding in force: the engine checks them (validate), the
  // report, the choices and the analyses follow them. What the engine refuses changes nothing.
  // Resolves with '' when applied, else the reason (the editor that asked shows it beside
  // itself). kept: the sentence to show when they were kept from the file before; withPreview:
  // the first screen of a new file.
  async function applyMapping(overrides, recodes = state.recode, kept = '', withPreview = false) {
    const epoch = state.epoch;
    const before = [state.map, state.recode];
    state.map = overrides;
    state.recode = recodes;
    let validation;
    try {
      validation = await withBusy('Checking the mapping…', () => engine.run({ command: 'validate' }));
    } catch (err) {
      [state.map, state.recode] = before;
      return err.message;
    }
    if (epoch !== state.epoch) return 'cancelled';
    state.summary = { ...state.summary, validation };
    state.riskLevels = {};
    // Results under the mapping before must not stay beside the new report.
    results.hidden = true;
    results.replaceChildren();
    renderImportReport(report, state.summary, state.fileName);
    drawMappingEditor(kept);
    const changed = [
      overrides.length ? `mapping: ${overrides.map((o) => o.replace('=', ' → ')).join(', ')}` : 'automatic mapping',
      recodes.length ? `recoding: ${recodes.map((r) => r.replace(':', ' ').replace('=', ' → ')).join(', ')}` : '',
    ].filter(Boolean).join('; ');
    showMessage(kept ? 'info' : 'ok', kept || `In force: ${changed}.`);
    await firstScreen(epoch, state.fileName, withPreview);
    return '';
  }

  // The first screen of a loaded file (or of a new mapping), from ONE analyze request: the
  // choices are set from the import report, then the preview (with a new file), the risk groups
  // under Interfant-06 and - when the file makes the choice clear - the survival analysis and,
  // for a registry-style file (dates and risk groups), the further analyses are its parts.
  // Whether the rows can be classified is known only from the reply: the choices assume it for
  // a file with dates (and no risk_group column of its own). Should the reply say otherwise,
  // the choices are set again and the analysis asked for anew (a second request).
  async function firstScreen(epoch, name, withPreview) {
    const summary = state.summary;
    const cols = summary.columns.map((c) => c.name);
    const mapped = new Set((summary.validation?.mapping?.matches || []).map((m) => m.canonical));
    const assumed = !cols.includes('risk_group') && mapped.has('diagnosis_date') && mapped.has('last_followup_date');
    const { ready, full } = await configureControls(summary, null, assumed);
    await nextTask();
    if (epoch !== state.epoch) return;
    analysisSection.hidden = false;
    results.hidden = true;
    results.replaceChildren();
    const s = currentSettings();
    const problem = ready ? settingsProblem(s) : null;
    const first = ready && !problem && full ? more.firstScreen() : null;
    const asked = ++state.asked;
    const parts = {
      ...(withPreview ? { preview: { command: 'preview', rows: 10 } } : {}),
      classify: classifyRequest('interfant06'),
      ...(ready && !problem ? analysisParts(s) : {}),
      ...(first ? first.parts : {}),
    };
    let reply;
    try {
      reply = await withBusy('Classifying risk groups and analysing the cohort…', () => analyze(parts));
    } catch (err) {
      if (epoch !== state.epoch) return;
      if (withPreview) showPreview({ error: err.message });
      if (err.message !== 'cancelled') showMessage('error', `The analysis could not run: ${err.message}.`);
      return;
    }
    if (epoch !== state.epoch) return;
    if (withPreview) showPreview(reply.parts.preview);
    const cls = reply.parts.classify.error === undefined ? classification(reply.parts.classify) : null;
    if (cls) state.riskLevels.interfant06 = displayOrder(riskGroupsOf(cls));
    explainRiskGroup(summary, cls, canClassify(summary, cls));
    if (canClassify(summary, cls) !== assumed) {
      // The rows could (not) be classified after all: choices as they should be, and the
      // analysis asked for again.
      const again = await configureControls(summary, cls, canClassify(summary, cls));
      if (epoch !== state.epoch) return;
      if (!again.ready) {
        showLoaded(name, summary, ' Choose the time and event columns below, then Analyse.');
        return;
      }
      if (await analyse() && again.full && epoch === state.epoch) await more.runAll(epoch);
      return;
    }
    if (assumed) renderClassification(cls, 'Interfant-06');
    more.refresh();
    if (!ready) {
      showLoaded(name, summary, ' Choose the time and event columns below, then Analyse.');
      return;
    }
    if (problem) {
      showMessage('error', problem);
      return;
    }
    // Drawn a part at a time, letting the page breathe in between (no long task on a big cohort).
    await nextTask();
    // Drawn with the settings it was asked with, the risk groups' levels now known; not at all
    // when Analyse was pressed meanwhile (its reply is the one to show).
    if (epoch !== state.epoch || asked !== state.asked || !drawAnalysis(settle(s), reply) || !first) return;
    await nextTask();
    if (epoch === state.epoch) await first.draw(reply, () => epoch === state.epoch);
  }

  async function importFile(file) {
    if (!file) return;
    try {
      // A file over the engine's size limit is refused on File.size, before it is read.
      checkImportFile(file, await engine.limits());
    } catch (err) {
      const kept = state.summary ? ` The previous cohort (${state.fileName}, ${state.summary.n_rows} rows) is still loaded.` : '';
      showMessage('error', `Could not read ${file.name}: ${err.message}.${kept}`);
      return;
    }
    await importSource(file, file.name);
  }

  pasteBtn.addEventListener('click', () => {
    const text = pasteText.value;
    if (!text.trim()) {
      showMessage('error', 'Nothing to read: paste a table with a header row into the box first.');
      return;
    }
    importSource(new Blob([text], { type: 'text/plain' }), 'pasted table');
  });
  demoBtn.addEventListener('click', () => {
    importSource(new Blob([demoCsv], { type: 'text/csv' }), 'demo cohort (synthetic)');
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
  async function probeClassification(name = 'interfant06') {
    try {
      const cls = await withBusy('Classifying risk groups…', () => classifyCohort(engine, name));
      const groups = Object.keys(cls.counts || {}).filter((k) => !STATUS_KEYS.includes(k));
      state.riskLevels[name] = displayOrder(groups);
      return cls;
    } catch {
      return null;
    }
  }

  // The risk groups a classification found (its counts also hold statuses: indeterminate,
  // invalid, not_applicable).
  const riskGroupsOf = (cls) => Object.keys((cls && cls.counts) || {}).filter((k) => !STATUS_KEYS.includes(k));
  // Grouping by the classified risk group is offered when the file has no risk_group column of
  // its own and the classifier finds at least two groups.
  const canClassify = (summary, cls) => !summary.columns.some((c) => c.name === 'risk_group') && riskGroupsOf(cls).length >= 2;

  // Sets the choices for the loaded file from its import report; `risk` says whether grouping by
  // the classified risk group is offered (cls: the classification when known, drawn then). The
  // further analyses' forms are set in later tasks: with 10,000 columns each form's lists of
  // columns took ~100 ms, and the page's thread must not be held for the whole set at once.
  async function configureControls(summary, cls, risk) {
    const epoch = state.epoch;
    const current = () => epoch === state.epoch;  // false after a Cancel: stop setting choices
    const cols = summary.columns.map((c) => c.name);
    // The import's validate report has the mapping.
    state.mapping = summary.validation?.mapping?.matches || cls?.mapping || [];
    const g = guessColumns(summary.columns, clinicalInputs(state.mapping));
    const canonical = new Set(state.mapping.map((m) => m.canonical));
    const hasDates = canonical.has('diagnosis_date') && canonical.has('last_followup_date');
    const hasDfs = hasDates && (canonical.has('randomisation_date') || canonical.has('cr_date'));
    const classifiable = risk;
    classBox.replaceChildren();
    if (classifiable && cls && cls.counts) renderClassification(cls, 'Interfant-06');
    const endpoints = [['columns', 'Time and event columns I choose']];
    if (hasDates) {
      endpoints.push(['efs+os', 'EFS and OS, from the dates']);
      for (const [k, v] of Object.entries(ENDPOINTS)) if (k !== 'dfs' || hasDfs) endpoints.push([k, `${v}, from the dates`]);
    }
    setOptions(endpoint.input, endpoints, hasDates ? 'efs+os' : 'columns');
    // Infant ALL papers quote 1-, 3- and 6-year EFS; a file with plain time columns starts short.
    horizons.input.value = hasDates ? '1, 3, 6' : '1, 2';
    rmst.input.value = hasDates ? '6' : '';
    setOptions(timeCol.input, g.time ? cols : [['', TIME_PROMPT], ...cols], g.time);
    setOptions(eventCol.input, g.event ? cols : [['', EVENT_PROMPT], ...cols], g.event);
    const unguessed = [!g.time && 'follow-up time', !g.event && 'event'].filter(Boolean);
    columnHint.hidden = hasDates || !unguessed.length;
    columnHint.textContent = unguessed.length ? `No column name looks like the ${unguessed.join(' or the ')} column ` +
      `(e.g. “time”, “years”, “futime”; “status”, “event”, “death”), and the file has no dates to derive ` +
      `endpoints from: choose ${unguessed.length > 1 ? 'them' : 'it'} above; nothing is analysed until you do.` : '';
    unit.input.value = g.unit;
    // Groups and strata: the classified risk group (when there is one), or any column.
    const byChoices = [...(classifiable ? [[CLASSIFIED, 'Risk group (classified from the columns)']] : []), ...cols.map((c) => [c, c])];
    setOptions(groupCol.input, [['', '(no grouping)'], ...byChoices], classifiable ? CLASSIFIED : g.group);
    setOptions(strataCol.input, [['', '(no stratification)'], ...byChoices], '');
    explainRiskGroup(summary, cls, classifiable);
    syncEndpoint();
    await nextTask();
    if (current()) await more.configure(summary, g, state.mapping, hasDates, classifiable, current);
    if (current()) moreSection.hidden = false;
    return { ready: hasDates || g.confident, full: hasDates };
  }

  // Keeps "Risk group" in the grouping list and says why it cannot be chosen (no row, or only
  // one group, classified), or how many rows a comparison by it leaves out - from the engine's
  // classification (cls; null until it has answered).
  function explainRiskGroup(summary, cls, classifiable) {
    const unavailable = groupCol.input.querySelector(`option[value="${RISK_UNAVAILABLE}"]`);
    if (unavailable) unavailable.remove();
    const said = riskGroupWords(summary, cls, classifiable, state.mapping, riskGroupsOf(cls));
    groupHint.hidden = !said;
    groupHint.textContent = said ? said.text : '';
    if (said && !said.available) {
      const option = new Option('Risk group (not available, see below)', RISK_UNAVAILABLE);
      option.disabled = true;
      groupCol.input.insertBefore(option, groupCol.input.options[1] || null);
    }
  }

  function syncEndpoint() {
    const fromDates = endpoint.input.value !== 'columns';
    columnFields.hidden = fromDates;
    eventHint.hidden = fromDates;
    protocol.wrap.hidden = groupCol.input.value !== CLASSIFIED;
    // Only EFS has induction failure as an event (docs/ENGINE.md, "Endpoints derived from dates").
    induction.wrap.hidden = !endpoint.input.value.includes('efs');
  }
  endpoint.input.addEventListener('change', syncEndpoint);
  groupCol.input.addEventListener('change', syncEndpoint);
  protocol.input.addEventListener('change', async () => {
    if (!state.summary || groupCol.input.value !== CLASSIFIED) return;
    const cls = await probeClassification(protocol.input.value);
    if (cls) renderClassification(cls, PROTOCOLS.find((p) => p[0] === protocol.input.value)[1]);
  });

  // Counts per risk group (clinical order) and per status, and the rows without a definite
  // group with what they lack.
  function renderClassification(cls, protocolName) {
    const counts = cls.counts || {};
    const groups = displayOrder(Object.keys(counts).filter((k) => !STATUS_KEYS.includes(k)));
    const keys = [...groups, ...STATUS_KEYS.filter((k) => counts[k])];
    const total = keys.reduce((a, k) => a + counts[k], 0);
    const rows = keys.map((k) => [k.replace('_', ' '), { text: String(counts[k]), data: { group: k, n: counts[k] } }]);
    const openRows = cls.open.map((r) => [String(r.row), r.patient_id || '', r.status.replace('_', ' '),
      (r.candidates || []).join(' or '), (r.missing || []).join(', ') || (r.reasons || []).join('; ')]);
    // One row per file row, for checking the classification elsewhere (and for the R code).
    // Two steps: the engine writes the file (seconds for a big cohort), then a second click saves
    // it. A download started after an await has lost the click's user activation, and Chromium
    // may then block it as an unrequested download.
    const perRow = h('button', { type: 'button', class: 'export', id: 'cohort-class-export-csv', 'data-prepare': 'true' },
      'Prepare risk group per row (CSV)');
    let prepared = null;
    perRow.addEventListener('click', async () => {
      if (prepared !== null) {
        download(`risk-groups-${cls.protocol}.csv`, prepared, 'text/csv;charset=utf-8');
        return;
      }
      try {
        prepared = await withBusy('Writing the risk group of every row…', () => classifiedCsv(engine, cls.protocol));
        perRow.textContent = 'Save risk group per row (CSV, ready)';
        perRow.dataset.ready = 'true';
        perRow.focus();
      } catch (err) {
        if (err.message !== 'cancelled') showMessage('error', `Could not write the risk groups: ${err.message}.`);
      }
    });
    classBox.replaceChildren(...[
      h('h3', {}, `${protocolName} risk groups`),
      h('p', { class: 'hint' }, `Classified by the engine from each row's columns; ${total} rows.`),
      table(`${protocolName} risk groups (n = ${total})`, ['Risk group or status', 'Patients'], rows, { class: 'data-table', id: 'cohort-class-counts' }),
      h('div', { class: 'actions' }, perRow),
      cls.nOpen ? h('details', { class: 'report-details' }, h('summary', {}, `Rows without a definite risk group (${cls.nOpen})`),
        h('div', { class: 'table-scroll' }, table(null, ['File row', 'Patient', 'Status', 'Could be', 'Missing or why'], openRows, { class: 'data-table', id: 'cohort-class-open' })),
        cls.nOpen > cls.open.length ? h('p', { class: 'hint' }, `First ${cls.open.length} of ${cls.nOpen} shown; the CSV has every row.`) : null) : null,
    ].filter(Boolean));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    analyse();
  });
  // Redraw rather than hide the bands, so the caption and the exported SVG say the same thing.
  showCi.addEventListener('change', () => { if (state.summary && !results.hidden) analyse(); });
  riskDetail.addEventListener('change', () => { if (state.summary && !results.hidden) analyse(); });

  // ---- settings ------------------------------------------------------------------------------
  // Every control by a stable name (the file's column names as chosen), for save and load.
  function controlValues() {
    return {
      endpoint: endpoint.input.value, time: timeCol.input.value, time_unit: unit.input.value,
      event: eventCol.input.value, event_value: eventValue.wrap.hidden ? '' : eventValue.input.value,
      group: savedChoice(groupCol.input.value),
      protocol: protocol.input.value, induction_failure_time: induction.input.value,
      conf_type: confType.input.value, conf_level: Number(confLevel.input.value),
      axis_unit: axisUnit.input.value, times: horizons.input.value, show_ci: showCi.checked,
      rmst_horizon: rmst.input.value, risk_table_detail: riskDetail.checked,
      column_map: state.map, recode: state.recode, read_options: state.readOptions,
      strata: savedChoice(strataCol.input.value),
      p_adjust: pAdjust.input.value,
      further: more.values(),
    };
  }

  // Sets what the loaded file allows; resolves with the names of settings it could not apply.
  // The column mapping goes first: putting it in force sets the choices up afresh.
  async function applyControlValues(v) {
    const skipped = [];
    const map = Array.isArray(v.column_map) && v.column_map.every((m) => typeof m === 'string') ? v.column_map : null;
    const recode = Array.isArray(v.recode) && v.recode.every((m) => typeof m === 'string') ? v.recode : [];
    const reading = v.read_options && typeof v.read_options === 'object' ? v.read_options : null;
    if (reading && state.source && JSON.stringify(reading) !== JSON.stringify(state.readOptions)) {
      const error = await importSource(state.source, state.fileName, reading);
      if (error) skipped.push(`reading options (${error})`);
    }
    if (map && state.summary && (JSON.stringify(map) !== JSON.stringify(state.map) || JSON.stringify(recode) !== JSON.stringify(state.recode))) {
      const error = await applyMapping(map, recode);
      if (error) skipped.push(`column mapping ${map.join(', ')} and recoding ${recode.join(', ')} (${error})`);
    }
    const put = (sel, value, name) => {
      if (value === undefined || value === null) return;
      const s = String(value);
      // A column of a long list may sit behind the select's filter: chooseOption finds it there.
      if (!chooseOption(sel, s)) skipped.push(`${name} “${s}”`);
    };
    put(endpoint.input, v.endpoint, 'endpoint');
    // An empty time or event (saved before one was chosen) leaves the choice to the user.
    put(timeCol.input, v.time || undefined, 'time column');
    put(unit.input, v.time_unit, 'time unit');
    put(eventCol.input, v.event || undefined, 'event column');
    syncEventValue();
    if (v.event_value) put(eventValue.input, v.event_value, 'event value');
    put(groupCol.input, loadedChoice(v.group), 'grouping');
    put(protocol.input, v.protocol, 'protocol');
    put(induction.input, v.induction_failure_time, 'induction failure time');
    put(confType.input, v.conf_type, 'confidence interval transform');
    put(confLevel.input, v.conf_level === undefined ? undefined : String(v.conf_level), 'confidence level');
    put(axisUnit.input, v.axis_unit, 'time axis unit');
    if (typeof v.times === 'string') horizons.input.value = v.times;
    if (typeof v.rmst_horizon === 'string') rmst.input.value = v.rmst_horizon;
    if (typeof v.risk_table_detail === 'boolean') riskDetail.checked = v.risk_table_detail;
    put(strataCol.input, loadedChoice(v.strata), 'log-rank strata');
    put(pAdjust.input, v.p_adjust, 'pairwise p-value adjustment');
    if (typeof v.show_ci === 'boolean') showCi.checked = v.show_ci;
    if (v.further) skipped.push(...more.apply(v.further));
    syncEndpoint();
    return skipped;
  }

  // ---- analysis ------------------------------------------------------------------------------
  // A text column's levels in display order when that order means something (a risk
  // vocabulary): km and cuminc then draw the curves in it. null leaves the engine's order.
  function columnLevels(name) {
    const col = name && state.summary ? state.summary.columns.find((c) => c.name === name) : null;
    const levels = (col && col.levels) || [];
    return clinicalOrder(levels) ? displayOrder(levels) : null;
  }

  // Shows the event-value chooser when the event column holds text, with its values.
  function syncEventValue() {
    const col = state.summary && endpoint.input.value === 'columns'
      ? state.summary.columns.find((c) => c.name === eventCol.input.value) : null;
    const text = Boolean(col && (col.type === 'categorical' || col.type === 'text'));
    eventValue.wrap.hidden = !text;
    if (!text) return;
    const levels = col.levels || [];
    const wanted = eventValue.input.value;
    const opts = [['', '(choose)'], ...levels.map((l) => [l, l])];
    if (eventValue.input.options.length !== opts.length || [...eventValue.input.options].some((o, i) => o.value !== opts[i][0])) {
      setOptions(eventValue.input, opts, levels.includes(wanted) ? wanted : '');
    }
  }
  eventCol.input.addEventListener('change', syncEventValue);
  endpoint.input.addEventListener('change', syncEventValue);

  function currentSettings() {
    syncEventValue();
    const choice = endpoint.input.value;
    const fromDates = choice !== 'columns';
    const endpoints = !fromDates ? ['columns'] : choice === 'efs+os' ? ['efs', 'os'] : [choice];
    const colUnit = fromDates ? 'years' : unit.input.value;
    const shown = axisUnit.input.value;
    const classified = groupCol.input.value === CLASSIFIED;
    const riskProtocol = protocol.input.value;
    const times = parseTimes(horizons.input.value);
    const horizon = parseHorizon(rmst.input.value);
    const strataClassified = strataCol.input.value === CLASSIFIED;
    const s = {
      fromDates, endpoints, ep: endpoints[0], colUnit, shown, scale: SCALE[colUnit][shown],
      time: timeCol.input.value, event: eventCol.input.value, induction: induction.input.value,
      eventText: !eventValue.wrap.hidden, eventValue: eventValue.wrap.hidden ? '' : eventValue.input.value,
      group: classified ? 'risk_group' : groupCol.input.value,
      protocol: classified ? protocol.input.value : null,
      protocolName: classified ? PROTOCOLS.find((x) => x[0] === protocol.input.value)[1] : '',
      // The classified risk group as the further analyses use it (characteristics, Cox), under
      // the protocol chosen above; null when the cohort cannot be classified.
      // levels: null until the engine has classified under that protocol (requests then leave
      // the order to the engine: risk_order).
      risk: groupCol.input.querySelector(`option[value="${CLASSIFIED}"]`)
        ? { protocol: riskProtocol, name: PROTOCOLS.find((x) => x[0] === riskProtocol)[1], levels: state.riskLevels[riskProtocol] || null }
        : null,
      levels: classified ? state.riskLevels[riskProtocol] || null : columnLevels(groupCol.input.value),
      confType: confType.input.value, confLevel: Number(confLevel.input.value),
      horizons: times.values, horizonsText: horizons.input.value,
      rmst: horizon.value,
      // The log-rank strata: a column, or the classified risk group under the chosen protocol.
      strata: strataClassified ? 'risk_group' : strataCol.input.value,
      strataProtocol: strataClassified ? riskProtocol : null,
      strataName: strataClassified ? `${PROTOCOLS.find((x) => x[0] === riskProtocol)[1]} risk group` : strataCol.input.value,
      pAdjust: pAdjust.input.value,
      inputError: times.error ? `Survival at: ${times.error}.` : horizon.error ? `Restricted mean: ${horizon.error}.` : null,
      showCi: showCi.checked, riskDetail: riskDetail.checked, fileName: state.fileName, mapping: state.mapping,
      csv: state.summary ? {
        delimiter: state.summary.delimiter, decimal: state.summary.decimal, encoding: state.summary.encoding,
        na: state.readOptions.na || null,
        // Columns whose D/M/Y dates the engine read day- or month-first: the R code reads them so.
        dateOrders: Object.fromEntries(state.summary.columns.filter((c) => c.type === 'date')
          .map((c) => [c.name, c.date_order || (['dmy', 'mdy'].includes(state.readOptions.date_format) ? state.readOptions.date_format : '')])
          .filter(([, o]) => o)),
      } : {},
      recode: state.recode,
    };
    // The request's source of time and status for one endpoint ('columns' or a date endpoint).
    s.baseFor = (key) => (key === 'columns'
      ? { time: s.time, event: s.event, ...(s.eventValue ? { event_value: s.eventValue } : {}) }
      : { endpoint: key, time_unit: 'years', induction_failure_time: s.induction });
    s.base = s.baseFor(s.ep);
    return s;
  }

  // The requests of one endpoint, as named parts: KM (the engine chooses the time axis's ticks
  // over the follow-up and gives the number at risk at them, KMunicate style), and with a
  // grouping the log-rank test (and within strata), groups in display order (so the trend test
  // scores LR < MR < HR; classified risk groups not yet known: the engine's risk order).
  function endpointParts(key, s) {
    const kmRequest = { command: 'km', ...s.baseFor(key), conf_type: s.confType, conf_level: s.confLevel };
    if (s.group) kmRequest.group = s.group;
    if (s.protocol) kmRequest.protocol = s.protocol;
    // Curves in clinical order (LR, MR, HR), as the engine's levels option puts them.
    if (s.group && s.levels) kmRequest.levels = s.levels;
    kmRequest.times = s.horizons.map((t) => t * s.scale);
    if (s.rmst !== null) kmRequest.rmean = s.rmst * s.scale;
    // Each group against the first at the same times (and in restricted mean): differences.
    if (s.group && s.horizons.length) kmRequest.milestones = kmRequest.times;
    kmRequest.axis_ticks = true;
    kmRequest.axis_scale = s.scale;
    const parts = { [`km_${key}`]: kmRequest };
    if (s.group) {
      const lrRequest = { command: 'logrank', ...s.baseFor(key), group: s.group, ...(s.protocol ? { protocol: s.protocol } : {}) };
      if (s.levels) lrRequest.levels = s.levels;
      // Every pair of groups too (shown when there are more than two), survminer's way.
      parts[`logrank_${key}`] = { ...lrRequest, pairwise: true, p_adjust: s.pAdjust, conf_level: s.confLevel };
      // The same test within strata: survdiff(Surv(time, status) ~ group + strata(s)).
      if (s.strata) parts[`logrank_strata_${key}`] = { ...lrRequest, strata: s.strata, ...(s.strataProtocol ? { protocol: s.strataProtocol } : {}) };
    }
    return parts;
  }

  // One part of an analyze reply: its result, or its error thrown.
  function partOf(reply, name) {
    const r = reply.parts[name];
    if (!r) throw new Error(`the engine did not answer ${name}`);
    if (r.error !== undefined) throw new Error(r.error);
    return r;
  }

  // One endpoint's results from the reply; the log-rank test only when there are groups to
  // compare.
  function endpointResult(key, s, reply) {
    const km = partOf(reply, `km_${key}`);
    km.ticks = km.axis_ticks;
    km.request = reply.requests[`km_${key}`];
    let lr = null;
    if (s.group && km.curves.length > 1) {
      lr = partOf(reply, `logrank_${key}`);
      lr.request = reply.requests[`logrank_${key}`];
      if (s.strata) lr.stratified = partOf(reply, `logrank_strata_${key}`);
    }
    return { key, km, lr };
  }

  // Settings taken before the engine classified the cohort, with the risk groups' levels it has
  // found since (state.riskLevels).
  function settle(s) {
    if (s.risk && !s.risk.levels) s.risk.levels = state.riskLevels[s.risk.protocol] || null;
    if (s.protocol && !s.levels) s.levels = state.riskLevels[s.protocol] || null;
    return s;
  }

  // Why the settings cannot be analysed, or null.
  function settingsProblem(s) {
    if (!s.fromDates && !s.time) return `${TIME_PROMPT}: no column name looks like follow-up time, so none is assumed.`;
    if (!s.fromDates && !s.event) return `${EVENT_PROMPT}: no column name looks like an event status, so none is assumed.`;
    if (!s.fromDates && s.time === s.event) return 'Choose different columns for the follow-up time and the event.';
    if (!s.fromDates && s.eventText && !s.eventValue) {
      return `The event column “${s.event}” holds text: choose the value that means the event (beside it).`;
    }
    if (s.inputError) return s.inputError;
    if (s.strata && s.strata === s.group) {
      return 'Choose a stratification other than the grouping: within strata of the groups it compares, a log-rank test has nothing to compare.';
    }
    return null;
  }

  // Every endpoint's parts.
  const analysisParts = (s) => Object.assign({}, ...s.endpoints.map((key) => endpointParts(key, s)));

  // The analysis (Analyse): one request for every endpoint.
  // Says what happened beside the Analyse and settings buttons, and moves focus there.
  function sayBesideAnalyse(kind, text) {
    analyseMessage.className = `cohort-message ${kind}`;
    analyseMessage.textContent = text;
    analyseMessage.hidden = false;
    if (kind === 'error') analyseMessage.setAttribute('role', 'alert');
    else analyseMessage.removeAttribute('role');
    analyseMessage.focus();
  }
  const analysisError = (text) => sayBesideAnalyse('error', text);

  async function analyse() {
    analyseMessage.hidden = true;
    const s = currentSettings();
    const problem = settingsProblem(s);
    if (problem) {
      analysisError(problem);
      return false;
    }
    const epoch = state.epoch;
    const asked = ++state.asked;
    let reply;
    try {
      reply = await withBusy('Estimating survival…', () => analyze(analysisParts(s)));
    } catch (err) {
      if (epoch === state.epoch && asked === state.asked) analysisError(`The analysis could not run: ${err.message}.`);
      return false;
    }
    if (epoch !== state.epoch || asked !== state.asked) return false;
    return drawAnalysis(s, reply);
  }

  // Draws the results of every endpoint from an analyze reply; false (with the message) when a
  // part failed.
  function drawAnalysis(s, reply) {
    let done;
    try {
      done = s.endpoints.map((key) => endpointResult(key, s, reply));
    } catch (err) {
      showMessage('error', `The analysis could not run: ${err.message}.`);
      return false;
    }
    showLoaded(state.fileName, state.summary, ' Analysis updated.');
    state.drawn = s;
    print.fill();
    const blocks = done.map(({ key, km, lr }) => renderKmBlock({
      key, km, lr, s, fileName: state.fileName,
      extras: [rCodeButton(`cohort-rcode-km${key === 'columns' ? '' : `-${key}`}`, `${key === 'columns' ? 'survival' : key.toUpperCase()} analysis`, () => kmRCode(s, key, lr), `${key === 'columns' ? '' : key}_km`)],
    }));
    const names = s.endpoints.map((k) => (k === 'columns' ? 'survival' : k.toUpperCase())).join(' and ');
    results.replaceChildren(
      h('h2', { id: 'cohort-results-h', tabindex: '-1' }, `Results: ${names}`),
      h('p', { class: 'analysis-note', id: 'cohort-analysis-note' },
        `Every figure and table below: ${state.fileName}, ${state.summary.n_rows} rows read; ` +
        `${Math.round(s.confLevel * 100)}% pointwise confidence intervals, ${s.confType} transform` +
        `${s.fromDates ? `; endpoints from the dates in years, induction failure counted at ${s.induction === '0' ? 'day 0' : 'the end-of-induction date'}` : ''}. ` +
        'Each figure states its own n and excluded rows.'),
      ...blocks);
    results.hidden = false;
    return true;
  }
}
