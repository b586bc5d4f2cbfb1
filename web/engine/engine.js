// The one adapter that owns the statistics engine. It starts the WASM module in a Web Worker
// built from a Blob (so the page works from file:// under a strict CSP), loads it once, and
// exposes promise-returning calls. UI modules call this file and never the module itself.
import { glueSource, workerSource, wasmGzipBase64 } from 'infant-all-assets';
import { demoCsv } from 'infant-all-demo';

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
// The last cohort the engine read successfully ({blob, options}; the worker sends the Blob back),
// to read again into a new worker after the old one died (out of memory): what the user had
// stays loaded.
let lastLoad = null;
// The CSV reader's limits as the module reports them ({max_bytes, max_rows, max_columns,
// max_field_bytes}), known once the engine is ready.
let engineLimits = null;
// Why the cohort was lost when a restarted engine could not read it again (else null): the next
// command then says so, instead of the module's bare "no CSV loaded yet".
let lostCohort = null;
// Counts cancel()s: a call whose wait for the engine spanned one is itself cancelled, rather than
// sent to the fresh worker that has not read the cohort yet.
let cancels = 0;

function rejectAll(err) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function post(method, args, transfer = []) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type: 'call', id, method, args }, transfer);
  });
}

// A worker whose module aborted (out of memory) is replaced: the new one starts with fresh
// memory and reads the last good cohort again before any other call runs.
function replaceAfterCrash(err) {
  if (worker) worker.terminate();
  worker = null;
  ready = null;
  rejectAll(err);
  start(true);
}

function start(restore = false) {
  const blob = new Blob([glueSource, '\n', workerSource], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  worker = new Worker(url);
  URL.revokeObjectURL(url);
  const booted = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'ready') {
        engineLimits = msg.limits;
        resolve(msg.version);
      }
      else if (msg.type === 'failed') reject(new EngineError(msg.error));
      else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.error === undefined) {
          p.resolve(msg);
          return;
        }
        const err = new EngineError(msg.error);
        p.reject(err);
        if (msg.fatal) replaceAfterCrash(err);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const err = new EngineError(event.message || 'the engine worker failed');
      reject(err);
      rejectAll(err);
    };
  });
  worker.postMessage({ type: 'init', wasmGzipBase64, warmUpCsv: demoCsv });
  ready = booted.then(async (version) => {
    if (restore && lastLoad) {
      const kept = lastLoad;
      lastLoad = null;  // should the reload itself crash, do not try it forever
      try {
        const r = JSON.parse((await post('loadCsv', [kept.blob, kept.options])).result);
        if (r.ok) lastLoad = kept;
        else lostCohort = r.error;
      } catch (err) {
        lostCohort = err.message;
      }
    }
    return version;
  });
  return ready;
}

// Resolves with the engine version once the module is loaded; rejects with an EngineError.
export function load() {
  return ready || start();
}

async function invoke(method, args = [], transfer = []) {
  const before = cancels;
  await load();
  if (before !== cancels) throw new EngineError('cancelled');
  return (await post(method, args, transfer)).result;
}

// Resolves in a later task (the page paints and handles input in between).
const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

// Calls an exported engine function in the worker. `transfer` lists ArrayBuffers to hand over
// rather than copy. Commands go through run() only (it keeps what the reply carries and says
// when a restarted engine lost the cohort), so runCommand is refused here.
export async function call(method, args = [], transfer = []) {
  if (method === 'runCommand') throw new EngineError('engine commands go through run()');
  return invoke(method, args, transfer);
}

// Reads CSV bytes (a Uint8Array, handed over to the worker, or a Blob such as a File, which the
// worker reads itself: the page's thread never copies the file) with the CLI's CSV
// options ({delimiter, decimal, date_format, na}); resolves with the table summary, and in
// `summary.validation` the engine's validate report for it (the JSON `infant-all validate`
// prints: mapping, endpoints, excluded rows), which the module returns with the table: reading
// a file is one call. The cohort stays in the engine for run(); a failed read keeps the previous
// cohort.
export async function loadCsv(bytes, options = {}) {
  const opts = JSON.stringify(options);
  await load();
  const msg = await post('loadCsv', [bytes, opts], bytes instanceof Blob ? [] : [bytes.buffer]);
  const reply = JSON.parse(msg.result);
  if (!reply.ok) throw new EngineError(reply.error);
  lastLoad = { blob: msg.kept, options: opts };
  lostCohort = null;
  const table = reply.table;
  table.validation = reply.validation || { error: 'the engine gave no import report' };
  return table;
}

// Runs one ENGINE.md command on the loaded cohort, e.g. {command: 'km', time: 'efs_years',
// event: 'efs_event', group: 'risk_group'}; resolves with the same JSON the CLI prints. The only
// way the page runs a command. A command that writes a file (classify with format 'csv') has it
// as the result's `text`, as the CLI prints it.
export async function run(request) {
  const before = cancels;
  await load();
  if (before !== cancels) throw new EngineError('cancelled');
  const msg = await post('runCommand', [JSON.stringify(request)]);
  const text = msg.result;
  if (lostCohort !== null && /no CSV loaded yet/.test(text)) {
    throw new EngineError(`the engine was restarted after running out of memory and could not read the cohort again (${lostCohort}); load the file again`);
  }
  const reply = JSON.parse(text);
  if (!reply.ok) throw new EngineError(reply.error);
  // An analyze reply's parts come as separate texts (engine-worker.js): read one per task.
  if (msg.partTexts) {
    for (const [name, part] of Object.entries(msg.partTexts)) {
      await nextTask();
      reply.result.parts[name] = JSON.parse(part);
    }
  }
  if (typeof reply.text === 'string') {
    return { ...(reply.result && typeof reply.result === 'object' ? reply.result : {}), text: reply.text };
  }
  return reply.result;
}

// Classifies one patient: fields are canonical input names -> text as typed in the form (the
// same text a CSV cell would hold); protocol is a protocol name or 'all'.
export async function classifyPatient(fields, protocol = 'interfant06', today = null) {
  const request = { fields, protocol, today: today || new Date().toISOString().slice(0, 10) };
  const r = JSON.parse(await call('classifyPatient', [JSON.stringify(request)]));
  if (!r.ok) throw new EngineError(r.error);
  return r;
}

// The engine's reference tables: each protocol's rules as the classifier implements them, and
// the clinical input vocabulary (the JSON of `infant-all rules` and `infant-all vocabulary`).
let referenceTables = null;
export async function reference() {
  if (!referenceTables) {
    const [rules, vocabulary] = await Promise.all([call('rules'), call('vocabulary')]);
    referenceTables = { rules: JSON.parse(rules), vocabulary: JSON.parse(vocabulary) };
  }
  return referenceTables;
}

// Stops whatever the engine is doing (a long parse or fit) by replacing the worker. The new
// worker starts empty: the caller reads its cohort again.
export function cancel() {
  if (!worker) return;
  cancels += 1;
  worker.terminate();
  rejectAll(new EngineError('cancelled'));
  worker = null;
  ready = null;
}

// Resolves with the engine's CSV limits (CsvLimits in csv_reader.h, from the module itself).
export async function limits() {
  await load();
  return engineLimits;
}

export async function version() {
  return load();
}
