// The risk group of every row, from the engine's classify command, summarised off the main
// thread. A 100,000-row cohort gives a 50 MB answer; parsing it on the page would freeze the tab
// for half a second, so a small helper worker parses it and hands back only what the page shows:
// counts, the column mapping, the first rows without a definite group, and the per-row CSV.
import { csvCell } from './cohort-format.js';

const MAX_OPEN = 200;

// Runs inside the helper worker: self-contained but for `cell` (csvCell, prepended below).
/* global cell */
function workerMain() {
  self.onmessage = (event) => {
    try {
      const r = JSON.parse(event.data.text);
      if (!r.ok) {
        self.postMessage({ error: r.error });
        return;
      }
      const res = r.result;
      const open = [];
      let nOpen = 0;
      const lines = ['row,patient_id,risk_group,status,candidates,missing'];
      for (const row of res.rows) {
        if (row.status !== 'definite') {
          nOpen += 1;
          if (open.length < event.data.maxOpen) {
            open.push({ row: row.row, patient_id: row.patient_id, status: row.status, candidates: row.candidates, missing: row.missing, reasons: row.reasons });
          }
        }
        lines.push([row.row, row.patient_id || '', row.status === 'definite' ? row.group : '', row.status,
          (row.candidates || []).join(';'), (row.missing || []).join(';')].map(cell).join(','));
      }
      self.postMessage({
        result: {
          protocol: res.protocol, counts: res.counts, mapping: res.mapping, open, nOpen, nRows: res.rows.length,
          csv: `${lines.join('\r\n')}\r\n`,
        },
      });
    } catch (err) {
      self.postMessage({ error: String((err && err.message) || err) });
    }
  };
}

const source = `const cell = ${csvCell.toString()};\n(${workerMain.toString()})();\n`;

function summarise(text) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error !== undefined) reject(new Error(event.data.error));
      else resolve(event.data.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(event.message || 'the classification could not be read'));
    };
    worker.postMessage({ text, maxOpen: MAX_OPEN });
  });
}

// Resolves with {protocol, counts, mapping, open: [first rows without a definite group], nOpen,
// nRows, csv}; rejects with the engine's message.
export async function classifyCohort(engine, protocol) {
  const text = await engine.call('runCommand', [JSON.stringify({ command: 'classify', protocol })]);
  return summarise(text);
}
