#!/usr/bin/env node
// Writes the SYNTHETIC demo cohort shown by the page's "Load demo cohort" button: 651 infants
// with Interfant-06-like marginals (the model: scripts/cohort-model.mjs). Deterministic.
// Usage: node scripts/make-demo-cohort.mjs [OUT.csv]   (default: stdout)
import { writeFileSync } from 'node:fs';
import { cohortCsv, makeCohort } from './cohort-model.mjs';

const csv = cohortCsv(makeCohort());
if (process.argv[2]) writeFileSync(process.argv[2], csv);
else process.stdout.write(csv);
