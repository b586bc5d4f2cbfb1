// Page entry point: wires the two views to the engine adapter. No statistics here.
import * as engine from './engine/engine.js';
import { mountPatientView } from './patient/patient-view.js';
import { mountCohortView } from './cohort/cohort-view.js';
import { mountBenchHook } from './engine/bench-hook.js';

function setStatus(state, text) {
  const el = document.getElementById('engine-status');
  el.dataset.state = state;
  el.textContent = text;
}

// Two views, one visible at a time; the tabs are real buttons (keyboard and screen readers).
function wireTabs() {
  const tabs = [...document.querySelectorAll('.view-tab')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-pressed', String(on));
        document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
      }
    });
  }
}

wireTabs();
mountPatientView(document.getElementById('patient-view'), engine);
mountCohortView(document.getElementById('cohort-view'), engine);
mountBenchHook(engine);

engine
  .version()
  .then((v) => setStatus('ready', `Statistics engine ${v} ready (WebAssembly, running locally).`))
  .catch((err) =>
    setStatus('error', `The statistics engine could not start: ${err.message}. ` +
      'Try a current version of Chrome, Edge, Firefox or Safari.'));
