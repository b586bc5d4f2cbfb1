// The engine's Web Worker. Its source is concatenated after Emscripten's glue (which defines
// createInfantAll) and started from a Blob URL, so it also runs from file://. Only this worker
// touches the WASM module; the page talks to it through web/engine.js.
/* global createInfantAll */

let modulePromise = null;

function decodeBase64(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function describe(err) {
  if (err && err.message) return err.message;
  return String(err);
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    try {
      // wasmBinary handed over: Emscripten then never tries to fetch the .wasm, which a
      // connect-src 'none' policy (rightly) forbids.
      modulePromise = Promise.resolve(createInfantAll({ wasmBinary: decodeBase64(msg.wasmBase64) }));
      const mod = await modulePromise;
      self.postMessage({ type: 'ready', version: mod.version() });
    } catch (err) {
      self.postMessage({ type: 'failed', error: describe(err) });
    }
    return;
  }
  if (msg.type === 'call') {
    try {
      const mod = await modulePromise;
      const fn = mod[msg.method];
      if (typeof fn !== 'function') throw new Error(`engine has no method ${msg.method}`);
      self.postMessage({ type: 'result', id: msg.id, result: fn.apply(null, msg.args || []) });
    } catch (err) {
      // An out-of-memory abort in the module lands here too: report it, never die silently.
      self.postMessage({ type: 'result', id: msg.id, error: describe(err) });
    }
  }
};
