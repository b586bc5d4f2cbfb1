// The recoding table: for each clinical input read through a vocabulary (event type, sex, KMT2A,
// prednisone response, CNS status, ...) the file's distinct values, how many rows have each, and
// how the engine reads it - with a chooser of the meanings the input reads, pre-filled with the
// engine's own reading. A value the vocabulary cannot read is marked invalid until the user
// gives it a meaning; a choice becomes a recode ("event_type:Rezidiv=relapse", the CLI's
// --recode) that every request carries. The table is validate's `recoding`; nothing is read here.
import { h } from '../ui/dom.js';
import { inputName } from './cohort-mapping.js';

const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const KEEP = '';  // chooser value: the engine's own reading (no recode)

/**
 * spec = {
 *   recoding: validate's recoding ({recodes, inputs}), recodes: the recodes in force
 *   (["event_type:Rezidiv=relapse"]), apply(recodes): async, resolves with an error text or ''
 * }
 */
export function recodeEditor(root, spec) {
  const inputs = spec.recoding ? spec.recoding.inputs : [];
  if (!inputs.length) {
    root.replaceChildren();
    return;
  }
  const inForce = new Map(spec.recodes.map((r) => [r.slice(0, r.indexOf('=')), r.slice(r.indexOf('=') + 1)]));
  const choosers = [];
  const applyBtn = h('button', { type: 'button', class: 'primary', id: 'cohort-recode-apply' }, 'Apply the recoding');
  const reset = h('button', { type: 'button', id: 'cohort-recode-reset' }, 'Remove all recoding');
  const status = h('p', { class: 'cohort-message', id: 'cohort-recode-message', role: 'status', tabindex: '-1' });
  const pending = () => choosers.filter(({ select }) => select.value !== KEEP)
    .map(({ canonical, value, select }) => `${canonical}:${value}=${select.value}`);
  const update = () => { applyBtn.disabled = pending().join('\n') === spec.recodes.join('\n'); };
  const nInvalid = inputs.reduce((a, i) => a + i.n_invalid, 0);
  const sections = inputs.map((input) => {
    const rows = input.values.map((v, k) => {
      const id = `cohort-recode-${input.canonical}-${k}`;
      const chosen = inForce.get(`${input.canonical}:${v.value}`) || KEEP;
      const select = h('select', { id, dataset: { canonical: input.canonical, value: v.value } },
        new Option(v.status === 'invalid' ? '(not read: choose a meaning)' : `as read: ${v.meaning}`, KEEP),
        ...input.meanings.map((m) => new Option(m, m)));
      select.value = chosen;
      select.addEventListener('change', update);
      choosers.push({ canonical: input.canonical, value: v.value, select });
      return h('tr', { dataset: { status: v.status, value: v.value, n: String(v.n) } },
        h('th', { scope: 'row' }, h('label', { for: id }, v.value)),
        h('td', { class: 'num' }, fmt(v.n)),
        h('td', {}, v.status === 'invalid' ? h('strong', {}, 'invalid') : v.status === 'recoded' ? `recoded: ${v.meaning}` : v.meaning),
        h('td', {}, select));
    });
    const more = input.n_distinct > input.values.length ? ` (the ${input.values.length} most frequent of ${fmt(input.n_distinct)} values)` : '';
    return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Values of ${inputName(input.canonical)}` },
      h('table', { class: 'data-table recode-table', dataset: { canonical: input.canonical, nInvalid: String(input.n_invalid) } },
        h('caption', {}, `${inputName(input.canonical)} — column “${input.column}”${more}` +
          `${input.n_invalid ? `: ${fmt(input.n_invalid)} rows not read` : ''}`),
        h('thead', {}, h('tr', {}, ['Value in the file', 'Rows', 'Read as', 'Meaning'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)));
  });
  applyBtn.addEventListener('click', async () => {
    applyBtn.disabled = true;
    const error = await spec.apply(pending());
    if (error) {
      status.className = 'cohort-message error';
      status.textContent = `The recoding was not changed: ${error}.`;
      status.focus();
      update();
    }
  });
  reset.addEventListener('click', () => spec.apply([]));
  update();
  root.replaceChildren(h('details', { class: 'report-details', id: 'cohort-recode', open: nInvalid > 0 || spec.recodes.length > 0 },
    h('summary', {}, `Values and their meanings${nInvalid ? ` (${fmt(nInvalid)} cells not read)` : ''}` +
      `${spec.recodes.length ? ` — ${spec.recodes.length} recoded by you` : ''}`),
    h('p', { class: 'hint' }, 'Each clinical input’s values as the file writes them, and what the calculator reads. ' +
      'A value it cannot read (say “Rezidiv” for a relapse) counts as invalid until you give it a meaning here; ' +
      'every analysis then reads it so, as infant-all --recode input:value=meaning does.'),
    ...sections, h('div', { class: 'actions' }, applyBtn, reset), status));
}
