#!/usr/bin/env node
// Writes a SYNTHETIC benchmark cohort of N infants: the demo's model
// (scripts/cohort-model.mjs) with 15 columns - id, dob, diagnosis date, age in days, sex, KMT2A
// status and partner, WBC, prednisone response, CD10, CNS status, event type and date, death
// date, last follow-up - 1-3% of cells missing, integer-day times with heavy ties. Fixed seed
// per N: the same file every run.
// Usage: node scripts/make-bench-cohort.mjs N OUT.csv
import { createWriteStream } from 'node:fs';
import { makeCohort } from './cohort-model.mjs';

const n = Number(process.argv[2]);
const out = process.argv[3];
if (!Number.isInteger(n) || n < 10 || !out) {
  console.error('usage: node scripts/make-bench-cohort.mjs N OUT.csv   (N >= 10)');
  process.exit(2);
}
const rows = makeCohort({ n, seed: 20061201 + n, bench: true });
const header = Object.keys(rows[0]);
const stream = createWriteStream(out);
let chunk = `${header.join(',')}\n`;
for (const r of rows) {
  chunk += `${header.map((h) => r[h]).join(',')}\n`;
  if (chunk.length > 1 << 20) {
    stream.write(chunk);
    chunk = '';
  }
}
stream.end(chunk);
