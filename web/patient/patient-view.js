// The one-patient view: a form of the clinical inputs (docs/CLINICAL-INPUTS.md), classified live
// by the engine in its worker as the user types. The form is the only state; nothing is stored
// anywhere, and a failed or invalid answer never touches what the user typed.
import { h } from '../ui/dom.js';
import { FIELD_BY_NAME, GROUPS, PROTOCOLS, fieldFor, withoutFieldName } from './patient-fields.js';
import { renderAbout, spellingHints } from './patient-about.js';
import { renderCompare, renderResult } from './patient-results.js';
import { clinical } from './patient-words.js';
import { skipLink, summaryBar } from './patient-layout.js';
import { renderPrint } from './patient-print.js';

const DEBOUNCE_MS = 150;

function inputFor(f) {
  const common = { id: `pf-${f.name}`, name: f.name, 'aria-describedby': `pf-${f.name}-err` };
  if (f.kind === 'select') {
    return h('select', common, f.options.map(([v, t]) => h('option', { value: v }, t)));
  }
  if (f.kind === 'date') return h('input', { ...common, type: 'date', max: '9999-12-31' });
  // Numbers are text inputs so that what the user typed reaches the engine verbatim ("-5",
  // "1e-4", "0.01%", "negative") and is never silently dropped by the browser.
  const numeric = f.kind === 'number';
  return h('input', {
    ...common, type: 'text', autocomplete: 'off', spellcheck: 'false',
    inputmode: numeric ? (f.inputmode || 'decimal') : null,
  });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// "3 February 2025" for the ISO value a date input holds: whatever order the browser's locale
// shows the digits in, the date as read is spelled out next to the field.
export function dateInWords(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${Number(m[1])}` : '';
}

function fieldBlock(f) {
  const unit = f.unit ? h('span', { class: 'pf-unit', id: `pf-${f.name}-unit` }, f.unit) : null;
  const input = inputFor(f);
  const read = f.kind === 'date'
    ? h('p', { class: 'pf-date-read', id: `pf-${f.name}-read`, 'data-testid': `${f.name}-read`, 'aria-live': 'polite' })
    : null;
  const described = [unit && `pf-${f.name}-unit`, read && `pf-${f.name}-read`, `pf-${f.name}-err`].filter(Boolean);
  input.setAttribute('aria-describedby', described.join(' '));
  return h('div', { class: `pf-field pf-${f.kind}${f.wide ? ' pf-wide' : ''}`, 'data-field': f.name }, [
    h('label', { for: input.id }, f.unit && !f.label.includes(f.unit) ? `${f.label} (${f.unit})` : f.label),
    h('div', { class: 'pf-control' }, [input, unit]),
    read,
    h('p', { class: 'pf-error', id: `pf-${f.name}-err`, hidden: true, 'aria-live': 'polite' }),
  ]);
}

function showDatesInWords(form) {
  for (const node of form.querySelectorAll('input[type=date]')) {
    const out = form.querySelector(`#${node.id}-read`);
    const words = dateInWords(node.value);
    out.textContent = words ? `Read as ${words}` : '';
  }
}

function buildForm() {
  const form = h('form', { class: 'pf-form', novalidate: true, 'aria-label': 'Patient data' });
  for (const g of GROUPS) {
    const hintId = g.hint ? `pf-hint-${g.id}` : null;
    form.append(h('fieldset', { class: `pf-group pf-group-${g.id}`, 'aria-describedby': hintId }, [
      h('legend', {}, g.legend),
      g.hint ? h('p', { class: 'pf-hint', id: hintId }, g.hint) : null,
      h('div', { class: 'pf-grid' }, g.fields.map(fieldBlock)),
    ]));
  }
  return form;
}

function buildControls() {
  const protocol = h('select', { id: 'pv-protocol' },
    PROTOCOLS.map(([v, t]) => h('option', { value: v }, t)));
  const compare = h('input', { type: 'checkbox', id: 'pv-compare' });
  const clear = h('button', { type: 'button', id: 'pv-clear', class: 'pv-button' }, 'Clear form');
  const print = h('button', { type: 'button', id: 'pv-print-button', class: 'pv-button' }, 'Print summary');
  const bar = h('div', { class: 'pv-bar' }, [
    h('div', { class: 'pv-bar-item' }, [h('label', { for: 'pv-protocol' }, 'Protocol'), protocol]),
    h('div', { class: 'pv-bar-item pv-check' },
      [compare, h('label', { for: 'pv-compare' }, 'Compare all protocols')]),
    clear,
    print,
  ]);
  return { bar, protocol, compare, clear, print };
}

// The form's values as the text a CSV cell would hold. Every field is sent, an empty one as a
// blank cell: "Unknown" is unknown, never "no" (a blank cranial nerve palsy leaves CNS3 open).
function readFields(form) {
  const fields = {};
  for (const node of form.elements) {
    if (!node.name || !FIELD_BY_NAME.has(node.name)) continue;
    fields[node.name] = node.value.trim();
  }
  return fields;
}

function showFieldMessages(form, messages) {
  for (const f of FIELD_BY_NAME.values()) {
    const err = form.querySelector(`#pf-${f.name}-err`);
    const input = form.querySelector(`#pf-${f.name}`);
    const text = messages.get(f.name);
    err.textContent = text ? text.join(' ') : '';
    err.hidden = !text;
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

// A date field the browser holds no value for although something was typed in it (29 February
// 2021, or a year still missing) sends nothing to the engine: say so at the field, or the date
// would silently count as unknown.
const BAD_DATE = 'Not a complete calendar date, so it is not used. Expected day, month and year ' +
  'of a date that exists (29 February only in leap years).';

// Input problems (unparseable cells, impossible dates) and validation errors, keyed by form field.
function collectMessages(form, response, shown) {
  const messages = new Map();
  const add = (name, text) => {
    // A field's own name first: "age_days -5" belongs next to age in days, not next to the dates.
    const field = FIELD_BY_NAME.has(name) ? name : fieldFor(name).field;
    const key = field && FIELD_BY_NAME.has(field) ? field : null;
    if (!key) return;
    const list = messages.get(key) || [];
    if (!list.includes(text)) list.push(text);
    messages.set(key, list);
  };
  for (const p of response.problems || []) {
    add(p.column, `“${p.value}” is not understood here. Expected ${clinical(p.expected)}.`);
  }
  // An unreadable value is also the result's error (same field, same text): said once, above.
  const problemKeys = new Set((response.problems || []).map((p) => `${p.column}\u0000${p.value}`));
  for (const e of (shown && shown.errors) || []) {
    if (!problemKeys.has(`${e.field}\u0000${e.value}`)) add(e.field, clinical(withoutFieldName(e.field, e.message)));
  }
  for (const f of FIELD_BY_NAME.values()) {
    if (f.kind === 'date' && form.querySelector(`#pf-${f.name}`).validity.badInput) add(f.name, BAD_DATE);
  }
  return messages;
}

export function mountPatientView(root, engine) {
  const intro = h('p', { class: 'pv-intro' }, 'Enter what is known; leave the rest as ' +
    'Unknown. The risk group updates as you type and is never guessed: a missing input gives a ' +
    'definite group only when every value it could take leads to the same group.');
  const controls = buildControls();
  const form = buildForm();
  const result = h('div', { class: 'pv-result', id: 'pv-result', 'aria-busy': 'false' },
    h('p', { class: 'pv-hint' }, 'The result appears here.'));
  // The skip link's target; on wide screens it stays in view and scrolls on its own.
  const resultPanel = h('section', {
    class: 'pv-result-panel', id: 'pv-result-panel', tabindex: '-1', 'aria-labelledby': 'pv-result-h',
  }, [h('h2', { id: 'pv-result-h', class: 'pv-result-title' }, 'Result'), result]);
  // Only a one-line summary is announced; re-reading the whole panel on every keystroke would
  // drown a screen-reader user.
  const summary = summaryBar(resultPanel);
  const printed = h('div', { class: 'pv-print', id: 'pv-print' });
  const about = h('details', { class: 'pv-about', id: 'pv-about' }, [
    h('summary', {}, 'About these rules'),
    h('div', { class: 'pv-about-body' }, h('p', { class: 'pv-hint' }, 'Loading the rule tables…'))]);
  root.append(skipLink(resultPanel), summary.bar, intro, controls.bar,
    h('div', { class: 'pv-layout' }, [form, resultPanel]), about, printed);
  let version = null;
  engine.version().then((v) => { version = v; }).catch(() => {});
  let lastPrint = null;
  const refreshPrint = () => {
    if (lastPrint) renderPrint(printed, { ...lastPrint, version, inputs: inputsAsRead(form) });
  };
  // The time printed is the time of printing.
  window.addEventListener('beforeprint', refreshPrint);
  controls.print.addEventListener('click', () => { refreshPrint(); window.print(); });
  let reference = null;
  const showAbout = () => {
    if (!reference) return;
    about.querySelector('.pv-about-body').replaceChildren(renderAbout(reference, controls.protocol.value));
  };
  engine.reference().then((ref) => {
    reference = ref;
    showAbout();
    // The spellings a CSV cell may use, under each form group, from the reader's own tables.
    for (const g of GROUPS.filter((x) => ['kmt2a', 'pred', 'immuno', 'cns'].includes(x.id))) {
      const hints = spellingHints(ref.vocabulary, g.fields.filter((f) => f.kind === 'select').map((f) => f.name));
      if (hints) form.querySelector(`.pf-group-${g.id}`).append(hints);
    }
  }).catch((err) => {
    about.querySelector('.pv-about-body').replaceChildren(h('p', { class: 'error' }, `The rule tables could not be read: ${err.message}`));
  });

  let timer = null;
  let latest = 0;
  let timerPending = false;

  const focusField = (name) => {
    const node = form.querySelector(`#pf-${name}`);
    if (node) node.focus();
  };

  async function classify() {
    const id = ++latest;
    const fields = readFields(form);
    const protocol = controls.protocol.value;
    result.setAttribute('aria-busy', 'true');
    let response;
    try {
      response = await engine.classifyPatient(fields, controls.compare.checked ? 'all' : protocol);
    } catch (err) {
      if (id !== latest) return;
      result.setAttribute('aria-busy', 'false');
      result.replaceChildren(h('p', { class: 'error', role: 'alert' },
        `The classification failed: ${err.message}. Your entries are kept.`));
      result.dataset.pending = String(timerPending);
      summary.failed('The classification failed; your entries are kept.');
      return;
    }
    // A newer keystroke has already asked again: this answer is stale.
    if (id !== latest) return;
    render(response, protocol, fields);
  }

  function render(response, protocol, fields) {
    const shown = response.results.find((r) => r.protocol === protocol) || response.results[0];
    showFieldMessages(form, collectMessages(form, response, shown));
    const parts = [];
    if (controls.compare.checked) parts.push(renderCompare(response.results));
    if (shown) parts.push(...renderResult(shown, response.relative_hazard, isRearranged(fields), focusField));
    if (response.ignored_columns && response.ignored_columns.length) {
      parts.push(h('p', { class: 'pv-hint' }, `Ignored: ${response.ignored_columns.join(', ')}`));
    }
    result.replaceChildren(...parts.filter(Boolean));
    result.setAttribute('aria-busy', 'false');
    // For tests and assistive tooling: the settled answer, as plain attributes.
    result.dataset.group = shown && shown.group ? shown.group : '';
    result.dataset.status = shown ? shown.status : '';
    result.dataset.candidates = shown ? shown.candidates.join(',') : '';
    result.dataset.pending = String(timerPending);
    summary.update(shown);
    lastPrint = { id: fields.patient_id, protocol, result: shown };
    refreshPrint();
  }

  function schedule() {
    showDatesInWords(form);
    result.dataset.pending = 'true';
    timerPending = true;
    clearTimeout(timer);
    timer = setTimeout(() => { timerPending = false; classify(); }, DEBOUNCE_MS);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // Typing an impossible date fires no input event (the value stays empty): check on each key
  // and on leaving the field, so its message appears.
  const onDate = (e) => { if (e.target.type === 'date') schedule(); };
  form.addEventListener('keyup', onDate);
  form.addEventListener('focusout', onDate);
  form.addEventListener('submit', (e) => e.preventDefault());
  controls.protocol.addEventListener('change', schedule);
  controls.protocol.addEventListener('change', showAbout);
  controls.compare.addEventListener('change', schedule);
  controls.clear.addEventListener('click', () => {
    form.reset();
    schedule();
    focusField(GROUPS[0].fields[0].name);
  });
  schedule();
}

// Table 2 (KMT2A-rearranged cases) is shown only when the status is rearranged.
function isRearranged(fields) {
  return /^(r|rearranged)$/i.test(fields.kmt2a_status || '');
}


// The filled fields as [label, value as read]: a choice by its words, a date spelled out. The
// identifier heads the printed summary instead.
function inputsAsRead(form) {
  const out = [];
  for (const f of FIELD_BY_NAME.values()) {
    const node = form.querySelector(`#pf-${f.name}`);
    const value = node.value.trim();
    if (!value || f.name === 'patient_id') continue;
    let text = value;
    if (f.kind === 'select') text = node.selectedOptions[0].textContent;
    else if (f.kind === 'date') text = dateInWords(value) || value;
    else if (f.unit) text = `${value} ${f.unit}`;
    const label = f.label.replace(/^Or(, last resort)?: /, '');
    out.push([label.charAt(0).toUpperCase() + label.slice(1), text]);
  }
  return out;
}
