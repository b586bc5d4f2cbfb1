// The engine's Web Worker. Its source is concatenated after Emscripten's glue (which defines
// createInfantAll) and started from a Blob URL, so it also runs from file://. Only this worker
// touches the WASM module; the page talks to it through web/engine/engine.js.
/* global createInfantAll */

let modulePromise = null;

function decodeBase64(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

// The engine arrives gzipped (scripts/build-web.mjs). DecompressionStream is in every browser
// since 2023 (Chrome and Edge 80, Firefox 113, Safari 16.4); an older one is told so in words.
async function gunzip(bytes) {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('this browser is too old to unpack the statistics engine (it needs Chrome or ' +
      'Edge 80, Firefox 113 or Safari 16.4 or later)');
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function describe(err) {
  if (err && err.message) return err.message;
  return String(err);
}

// A WebAssembly trap or an Emscripten abort leaves the module unusable. The engine reports every
// input problem as a status, so an abort almost always means memory ran out (a failed allocation
// aborts: the module is built without C++ exceptions). Say so plainly, with how far memory grew.
function fatalMessage(err, mod) {
  const mb = mod && mod.HEAP8 ? Math.round(mod.HEAP8.length / 1048576) : null;
  const grown = mb ? ` (its memory had grown to ${mb.toLocaleString('en')} MB)` : '';
  if (/^Aborted\(/.test(describe(err))) {
    return `the statistics engine ran out of memory${grown} and was restarted`;
  }
  return `the statistics engine stopped with an internal error (${describe(err)})${grown} and was restarted`;
}

// Calls run one at a time, in the order posted. A Blob is read with an await, so without the
// queue a call posted behind it could overtake it: a new file chosen while the last good one is
// read again after a Cancel would be loaded first and then replaced by the old one.
let queue = Promise.resolve();

// WebAssembly starts in V8's baseline compiler and a function is optimised only after it has run
// a while, taking effect at its next call: a fresh engine analysed a 1e4-row file 6x slower than
// the same engine the second time. So while the page is idle after start-up, the worker analyses
// the demo cohort a few times (the module's warmUp, which keeps nothing), with pauses for the
// optimising compiler (under node the first real file then took 340 ms instead of 2.2 s, a warm
// engine 250 ms; in Chromium the gain measured smaller, ~1.5x). Each
// round waits for the queue to be empty, a call never waits for more than the round in progress,
// and the rounds stop once the user's own file is read.
const warmUp = { rounds: 3, bytes: null, mod: null, timer: null };
let pendingCalls = 0;
function scheduleWarmUp(delayMs) {
  if (warmUp.rounds <= 0 || !warmUp.bytes || warmUp.timer) return;
  warmUp.timer = setTimeout(() => {
    warmUp.timer = null;
    if (pendingCalls > 0 || warmUp.rounds <= 0) return;  // resumed when the queue drains
    warmUp.rounds -= 1;
    queue = queue.then(() => {
      try {
        warmUp.mod.warmUp(warmUp.bytes);
      } catch (err) {
        warmUp.rounds = 0;  // a broken module: the next call reports it and the page replaces us
      }
      scheduleWarmUp(300);
    });
  }, delayMs);
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === 'call') {
    pendingCalls += 1;
    if (msg.method === 'loadCsv') warmUp.rounds = 0;
    queue = queue.then(() => handleCall(msg)).finally(() => {
      pendingCalls -= 1;
      if (pendingCalls === 0) scheduleWarmUp(300);
    });
    return;
  }
  if (msg.type === 'init') {
    try {
      // wasmBinary handed over: Emscripten then never tries to fetch the .wasm, which a
      // connect-src 'none' policy (rightly) forbids.
      // Set before the first await: a call posted right after init waits on it.
      modulePromise = gunzip(decodeBase64(msg.wasmGzipBase64))
        .then((wasmBinary) => createInfantAll({ wasmBinary }));
      const mod = await modulePromise;
      self.postMessage({ type: 'ready', version: mod.version(), limits: JSON.parse(mod.limits()) });
      if (msg.warmUpCsv) {
        warmUp.bytes = new TextEncoder().encode(msg.warmUpCsv);
        warmUp.mod = mod;
        scheduleWarmUp(500);
      }
    } catch (err) {
      self.postMessage({ type: 'failed', error: describe(err) });
    }
  }
};

// One call: the result, or the error as text (fatal when the module itself broke).
async function handleCall(msg) {
  let mod = null;
  try {
    mod = await modulePromise;
    const fn = mod[msg.method];
    if (typeof fn !== 'function') throw new Error(`engine has no method ${msg.method}`);
    const args = msg.args || [];
    // loadCsv takes bytes, or a Blob (the page's File) read here, off the page's thread.
    const load = msg.method === 'loadCsv';
    const blob = load && args[0] instanceof Blob ? args[0] : null;
    if (blob) args[0] = new Uint8Array(await blob.arrayBuffer());
    const result = fn.apply(null, args);
    // A cohort read successfully goes back as a Blob, for web/engine/engine.js to hand to a new
    // worker should this one die: the Blob it came as (no copy), or else a copy made here, not on
    // the page's thread.
    const kept = load && result.startsWith('{"ok":true') ? blob || new Blob([args[0]]) : undefined;
    // An analyze reply with parts is handed over part by part (each as its own JSON text), so
    // that the page reads one part per task instead of the whole reply in one long task; the
    // parsing and splitting happen here, off the page's thread.
    if (msg.method === 'runCommand' && result.startsWith('{"ok":true') && result.includes('"parts":')) {
      const reply = JSON.parse(result);
      if (reply.result && reply.result.parts && typeof reply.result.parts === 'object') {
        const partTexts = {};
        for (const [name, part] of Object.entries(reply.result.parts)) partTexts[name] = JSON.stringify(part);
        reply.result.parts = {};
        self.postMessage({ type: 'result', id: msg.id, result: JSON.stringify(reply), partTexts });
        return;
      }
    }
    self.postMessage({ type: 'result', id: msg.id, result, kept });
  } catch (err) {
    // An out-of-memory abort lands here too: report it as fatal, so web/engine/engine.js
    // replaces this worker (and its grown memory) instead of calling into a broken module again.
    const fatal = err instanceof WebAssembly.RuntimeError;
    self.postMessage({ type: 'result', id: msg.id, error: fatal ? fatalMessage(err, mod) : describe(err), fatal });
  }
}
