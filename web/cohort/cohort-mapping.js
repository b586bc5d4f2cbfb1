// The import's last two steps before analysis: a preview of the first rows as the engine read
// them, and the column mapping to confirm or change. A change becomes `map` overrides
// ("canonical=column", the CLI's --map) that every later request carries; the engine checks
// them and says what is wrong. Nothing here reads or converts a value.
import { h, table } from '../ui/dom.js';
import { selectField, setOptions } from './cohort-controls.js';

// Columns of the preview drawn at most (a file may have 10,000); the rest are counted.
const PREVIEW_COLUMNS = 40;

// Wraps the engine so that every command carries the user's mapping (an analyze request's
// parts inherit it). getMap() gives the current overrides.
export function withMapping(engine, getMap) {
  const add = (req) => {
    const map = getMap();
    return map.length ? { ...req, map } : req;
  };
  return { ...engine, run: (req) => engine.run(add(req)) };
}

// The engine's preview result as a table: file row, then the cells (missing shown as "NA").
export function renderPreview(root, p) {
  const cols = p.columns.slice(0, PREVIEW_COLUMNS);
  const rows = p.rows.map((r) => [String(r.row), ...r.cells.slice(0, PREVIEW_COLUMNS).map((c) => (c === null ? { text: 'NA', data: { missing: 'true' } } : c))]);
  const more = p.columns.length > cols.length ? ` (the first ${PREVIEW_COLUMNS} of ${p.columns.length} columns)` : '';
  root.replaceChildren(h('details', { class: 'report-details', open: true },
    h('summary', {}, `Preview: the first ${p.rows.length} of ${p.n_rows} rows as read`),
    h('p', { class: 'hint' }, 'Dates are shown as the engine read them (year-month-day) and missing cells as NA: ' +
      'check that the day and month, the decimal mark and the columns came out as the file means them.'),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Preview of the first rows' }, table(`First rows as read${more}`, ['File row', ...cols], rows, { class: 'data-table', id: 'cohort-preview' }))));
}

/**
 * The mapping editor. spec = {
 *   inputs: the canonical inputs (validate's mapping.canonical_inputs), columns: the file's,
 *   matches: the mapping in force ([{canonical, header, matched_by}]), overrides: the user's so
 *   far (["wbc=Leukos"]), apply(overrides): called with the new list (async; the caller re-runs
 *   the import report and the analysis)
 * }
 */
export function mappingEditor(root, spec) {
  let pending = [...spec.overrides];
  const input = selectField('Input', spec.inputs.map((n) => [n, n]), spec.inputs[0], { id: 'cohort-map-input' });
  const column = selectField('Column in the file', [], '', { id: 'cohort-map-column' });
  // Show the column the input has now, so a change starts from what is there.
  const current = () => (spec.matches.find((m) => m.canonical === input.input.value) || {}).header || '';
  const showColumns = () => setOptions(column.input,
    [['', '(none: leave this input unmapped)'], ...spec.columns.map((c) => [c, c])], current());
  input.input.addEventListener('change', showColumns);
  showColumns();
  const add = h('button', { type: 'button', id: 'cohort-map-add' }, 'Add to the changes');
  const list = h('ul', { id: 'cohort-map-pending' });
  const applyBtn = h('button', { type: 'button', class: 'primary', id: 'cohort-map-apply' }, 'Apply the mapping');
  const reset = h('button', { type: 'button', id: 'cohort-map-reset' }, 'Back to the automatic mapping');
  function drawList() {
    list.replaceChildren(...pending.map((o, i) => {
      const [canonical, col] = [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)];
      const remove = h('button', { type: 'button', class: 'link', 'aria-label': `Remove the change of ${canonical}` }, 'remove');
      remove.addEventListener('click', () => {
        pending.splice(i, 1);
        drawList();
      });
      return h('li', { dataset: { override: o } }, `${canonical} → ${col || '(unmapped)'} `, remove);
    }));
    applyBtn.disabled = pending.join('\n') === spec.overrides.join('\n');
  }
  add.addEventListener('click', () => {
    const o = `${input.input.value}=${column.input.value}`;
    // One change per input: a later choice replaces an earlier one.
    pending = [...pending.filter((x) => !x.startsWith(`${input.input.value}=`)), o];
    drawList();
  });
  applyBtn.addEventListener('click', () => spec.apply([...pending]));
  reset.addEventListener('click', () => {
    pending = [];
    spec.apply([]);
  });
  drawList();
  root.replaceChildren(h('details', { class: 'report-details', id: 'cohort-mapping-editor', open: spec.overrides.length > 0 },
    h('summary', {}, `Change the column mapping${spec.overrides.length ? ` (${spec.overrides.length} of your changes in force)` : ''}`),
    h('p', { class: 'hint' }, 'If a column was not recognised (say “Leukos” for the WBC) or was taken for the wrong input, ' +
      'map it here. Every analysis then uses your choice, as infant-all --map input=column does.'),
    h('div', { class: 'field-row' }, input.wrap, column.wrap),
    h('div', { class: 'actions' }, add), list,
    h('div', { class: 'actions' }, applyBtn, reset)));
}
