// The one adapter that owns the statistics engine. It starts the WASM module in a Web Worker
// built from a Blob (so the page works from file:// under a strict CSP), loads it once, and
// exposes promise-returning calls. UI modules call this file and never the module itself.
import { glueSource, workerSource, wasmBase64 } from 'infant-all-assets';

export class EngineError extends Error {
  constructor(message) {
    super(message);
    this.name = 'EngineError';
  }
}

let worker = null;
let ready = null;
let nextId = 1;
const pending = new Map();

function start() {
  const blob = new Blob([glueSource, '\n', workerSource], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  worker = new Worker(url);
  URL.revokeObjectURL(url);
  ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'ready') resolve(msg.version);
      else if (msg.type === 'failed') reject(new EngineError(msg.error));
      else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.error !== undefined) p.reject(new EngineError(msg.error));
        else p.resolve(msg.result);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const err = new EngineError(event.message || 'the engine worker failed');
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
  });
  worker.postMessage({ type: 'init', wasmBase64 });
  return ready;
}

// Resolves with the engine version once the module is loaded; rejects with an EngineError.
export function load() {
  return ready || start();
}

// Calls an exported engine function in the worker. `transfer` lists ArrayBuffers to hand over
// rather than copy (a dropped file's bytes).
export async function call(method, args = [], transfer = []) {
  await load();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type: 'call', id, method, args }, transfer);
  });
}

// The module answers {"ok": true, ...} or {"ok": false, "error": "..."} as JSON text.
function unwrap(text, key) {
  const r = JSON.parse(text);
  if (!r.ok) throw new EngineError(r.error);
  return r[key];
}

// Reads CSV bytes (a Uint8Array, handed over to the worker) with the CLI's CSV options
// ({delimiter, decimal, date_format, na}); resolves with the table summary. The cohort stays in
// the engine for run(); a failed read keeps the previous cohort.
export async function loadCsv(bytes, options = {}) {
  const text = await call('loadCsv', [bytes, JSON.stringify(options)], [bytes.buffer]);
  return unwrap(text, 'table');
}

// Runs one ENGINE.md command on the loaded cohort, e.g. {command: 'km', time: 'efs_years',
// event: 'efs_event', group: 'risk_group'}; resolves with the same JSON the CLI prints.
export async function run(request) {
  return unwrap(await call('runCommand', [JSON.stringify(request)]), 'result');
}

// Classifies one patient: fields are canonical input names -> text as typed in the form (the
// same text a CSV cell would hold); protocol is a protocol name or 'all'.
export async function classifyPatient(fields, protocol = 'interfant06', today = null) {
  const request = { fields, protocol, today: today || new Date().toISOString().slice(0, 10) };
  const r = JSON.parse(await call('classifyPatient', [JSON.stringify(request)]));
  if (!r.ok) throw new EngineError(r.error);
  return r;
}

// Stops whatever the engine is doing (a long parse or fit) by replacing the worker.
export function cancel() {
  if (!worker) return;
  worker.terminate();
  for (const p of pending.values()) p.reject(new EngineError('cancelled'));
  pending.clear();
  worker = null;
  ready = null;
}

export async function version() {
  return load();
}
