// Save and load the analysis settings as a small JSON file the user keeps (download / file
// input). Never to browser storage: nothing about a cohort should outlive the tab unasked.
import { h, download } from '../ui/dom.js';

export const SETTINGS_KIND = 'infant-all cohort settings';
export const SETTINGS_VERSION = 1;
const MAX_BYTES = 64 * 1024;

// ctx.get() -> values of every control; ctx.set(values) -> (a promise of) the names it could
// not apply;
// ctx.message(kind, text) reports the outcome.
export function settingsControls(ctx) {
  const saveBtn = h('button', { type: 'button', id: 'cohort-settings-save' }, 'Save settings (JSON)');
  const input = h('input', {
    type: 'file', id: 'cohort-settings-file', accept: '.json,application/json', class: 'visually-hidden-file',
  });
  const loadLabel = h('label', { for: 'cohort-settings-file', class: 'file-button' }, 'Load settings…');
  saveBtn.addEventListener('click', () => {
    const doc = { kind: SETTINGS_KIND, version: SETTINGS_VERSION, settings: ctx.get() };
    download('infant-all-settings.json', `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
  });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      if (file.size > MAX_BYTES) throw new Error(`it is ${file.size} bytes; a settings file is a few hundred`);
      let doc;
      try {
        doc = JSON.parse(await file.text());
      } catch (err) {
        throw new Error(`it is not JSON (${err.message})`);
      }
      if (!doc || doc.kind !== SETTINGS_KIND || typeof doc.settings !== 'object' || doc.settings === null) {
        throw new Error(`it is not an infant-all settings file (expected "kind": "${SETTINGS_KIND}")`);
      }
      if (doc.version !== SETTINGS_VERSION) throw new Error(`it is version ${doc.version}; this page reads version ${SETTINGS_VERSION}`);
      const skipped = await ctx.set(doc.settings);
      ctx.message(skipped.length ? 'info' : 'ok', skipped.length
        ? `Settings loaded from ${file.name}, except what this file's columns do not allow: ${skipped.join('; ')}. Press Analyse to apply them.`
        : `Settings loaded from ${file.name}. Press Analyse to apply them.`);
    } catch (err) {
      ctx.message('error', `Could not load settings from ${file.name}: ${err.message}.`);
    }
  });
  // The input sits right before its label, so the label shows the input's keyboard focus.
  return { buttons: [saveBtn, input, loadLabel] };
}
