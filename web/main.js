// Page entry point: wires the UI to the engine adapter. No statistics here.
import * as engine from './engine.js';

function setStatus(state, text) {
  const el = document.getElementById('engine-status');
  el.dataset.state = state;
  el.textContent = text;
}

engine
  .version()
  .then((v) => setStatus('ready', `Statistics engine ${v} ready (WebAssembly, running locally).`))
  .catch((err) =>
    setStatus('error', `The statistics engine could not start: ${err.message}. ` +
      'Try a current version of Chrome, Edge, Firefox or Safari.'));
