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

// Calls an exported engine function in the worker.
export async function call(method, ...args) {
  await load();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type: 'call', id, method, args });
  });
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
