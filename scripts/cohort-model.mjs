// The synthetic cohort model behind the demo cohort (scripts/make-demo-cohort.mjs) and the
// benchmark cohorts (scripts/make-bench-cohort.mjs): Interfant-06-like marginals (Pieters et
// al., JCO 2019): LR 167 / MR 320 / HR 164 of 651, 6-year EFS near
// 74 / 45 / 21%, relapses, deaths in CR and second malignancies. No row describes a real
// patient. Deterministic: a seed gives the same rows every run.

// mulberry32: a small, well-known 32-bit PRNG; enough for a reproducible demo.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const addMonths = (ms, m) => {
  const d = new Date(ms);
  const day = d.getUTCDate();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(day, last));
};

const accrualStart = Date.UTC(2006, 0, 1);
const accrualEnd = Date.UTC(2016, 11, 31);
const cutoff = Date.UTC(2017, 11, 31);
// Fraction event-free at 6 years (cure fraction of a mixture with mean event time 1.1 years).
const efs6 = { LR: 0.74, MR: 0.45, HR: 0.21 };
// Stem-cell transplant in first CR for high-risk patients (Interfant-06 offered it to HR
// patients in CR; 54 of its 143 HR patients in CR had an event before transplant could be done):
// planned 4-7 months after diagnosis, done in about 65% of those still event-free and followed
// then. The outcome was drawn without it, so the transplant has no true effect here: the naive
// ever/never comparison shows an advantage that is all immortal time.
const hsctPlan = { fromDays: 122, spanDays: 91, done: 0.65 };

export function makeCohort({ n = 651, seed = 20061201, bench = false } = {}) {
const rand = rng(seed);
// The transplant column's own stream, so every other column is what it was before the column
// was added (tests count the demo's rows and groups).
const randHsct = rng(seed ^ 0x5c7d0a7e);
const pick = (pairs) => {
  let u = rand();
  for (const [v, p] of pairs) {
    if ((u -= p) < 0) return v;
  }
  return pairs[pairs.length - 1][0];
};
const exp = (mean) => -Math.log(1 - rand()) * mean;
// Interfant-06's LR 167 / MR 320 / HR 164 of 651, scaled to n.
const nLR = Math.round((n * 167) / 651);
const nHR = Math.round((n * 164) / 651);
const rows = [];
const groups = [
  ...Array(nLR).fill('LR'), ...Array(n - nLR - nHR).fill('MR'), ...Array(nHR).fill('HR'),
];
groups.forEach((target, i) => {
  const kmt2a = target === 'LR' ? 'germline' : 'rearranged';
  // Ages and factors consistent with the target group's rule (docs/CLINICAL-RULES.md).
  let ageDays, wbc, pred;
  if (target === 'HR') {
    ageDays = Math.floor(rand() * 182);
    const both = pick([['wbc', 0.45], ['ppr', 0.3], ['both', 0.25]]);
    wbc = both === 'ppr' ? 20 + rand() * 270 : 300 + exp(250);
    pred = both === 'wbc' ? pick([['PGR', 0.8], ['PPR', 0.2]]) : 'PPR';
  } else if (target === 'MR') {
    const old = rand() < 0.72;
    ageDays = old ? 183 + Math.floor(rand() * 183) : Math.floor(rand() * 182);
    wbc = old ? exp(180) + 1 : 5 + rand() * 290;
    pred = old ? pick([['PGR', 0.75], ['PPR', 0.25]]) : 'PGR';
  } else {
    ageDays = Math.floor(rand() * 366);
    wbc = exp(90) + 1;
    pred = pick([['PGR', 0.8], ['PPR', 0.2]]);
  }
  const diagnosis = accrualStart + Math.floor(rand() * ((accrualEnd - accrualStart) / DAY)) * DAY;
  const dob = diagnosis - ageDays * DAY;
  const partner = kmt2a === 'germline' ? '' :
    pick([['t(4;11)', 0.44], ['t(11;19)', 0.22], ['t(9;11)', 0.11], ['other', 0.23]]);
  const pheno = pick([['B', 0.947], ['MPAL', 0.038], ['T', 0.015]]);
  const cd10 = pheno !== 'B' ? '' : kmt2a === 'germline' ? pick([['pos', 0.7], ['neg', 0.3]]) :
    pick([['pos', 0.2], ['neg', 0.8]]);

  // Outcome: event with probability 1 - efs6, time from a mixture; then type and death.
  const lost = rand() < 0.06 ? diagnosis + exp(2.5 * 365.25) * DAY : Infinity;
  const lastContact = Math.min(cutoff - Math.floor(rand() * 120) * DAY, lost);
  let eventType = 'none';
  let eventDate = '';
  let deathDate = '';
  if (rand() > efs6[target]) {
    const kind = pick([['induction_death', 0.068], ['resistance', 0.062], ['relapse', 0.69],
      ['death_in_cr', 0.13], ['smn', 0.05]]);
    const days = kind === 'induction_death' ? 3 + rand() * 30 :
      kind === 'resistance' ? 33 : 60 + exp(1.1 * 365.25);
    const when = diagnosis + Math.round(days) * DAY;
    if (when <= lastContact) {
      eventType = kind;
      eventDate = iso(when);
      const dies = kind === 'induction_death' || kind === 'death_in_cr' ? 1 :
        kind === 'resistance' ? 0.85 : kind === 'smn' ? 0.5 : 0.72;
      if (rand() < dies) {
        const death = kind === 'induction_death' || kind === 'death_in_cr' ? when :
          when + Math.round(30 + exp(0.8 * 365.25)) * DAY;
        if (death <= lastContact) deathDate = iso(death);
      }
    }
  }
  const followup = deathDate ? deathDate : iso(lastContact);
  let hsctDate = '';
  if (target === 'HR' && !bench) {
    const planned = diagnosis + Math.round(hsctPlan.fromDays + randHsct() * hsctPlan.spanDays) * DAY;
    const done = randHsct() < hsctPlan.done;
    const inCr = eventType !== 'induction_death' && eventType !== 'resistance';
    const eventFree = !eventDate || Date.parse(eventDate) > planned;
    if (done && inCr && eventFree && planned < lastContact) hsctDate = iso(planned);
  }
  if (bench) {
    // The benchmark's 15 columns, with a registry's missingness: drawn after every
    // draw the demo makes, so the demo file stays the same.
    const blank = (v, p) => (rand() < p ? '' : v);
    rows.push({
      patient_id: `SYNTHETIC-${String(i + 1).padStart(7, '0')}`,
      dob: blank(iso(dob), 0.02),
      diagnosis_date: iso(diagnosis),
      age_days: ageDays,
      sex: blank(pick([['M', 0.45], ['F', 0.55]]), 0.01),
      kmt2a_status: blank(kmt2a, 0.01),
      kmt2a_partner: partner,
      wbc: blank(wbc.toFixed(1), 0.02),
      pred_response: blank(pred, 0.03),
      cd10: blank(cd10, 0.02),
      cns_status: blank(pick([['CNS1', 0.84], ['CNS2', 0.1], ['CNS3', 0.06]]), 0.02),
      event_type: eventType,
      event_date: eventDate,
      death_date: deathDate,
      last_followup_date: followup,
    });
    return;
  }
  rows.push({
    patient_id: `SYNTHETIC-${String(i + 1).padStart(4, '0')}`,
    dob: iso(dob),
    diagnosis_date: iso(diagnosis),
    sex: pick([['M', 0.45], ['F', 0.55]]),
    kmt2a_status: kmt2a,
    kmt2a_partner: partner,
    wbc: wbc.toFixed(1),
    wbc_unit: 'x10^9/L',
    pred_response: pred,
    immunophenotype: pheno,
    cd10,
    cns_status: pick([['CNS1', 0.84], ['CNS2', 0.1], ['CNS3', 0.06]]),
    study_group: pick([['original', 0.69], ['other', 0.31]]),
    event_type: eventType,
    event_date: eventDate,
    death_date: deathDate,
    last_followup_date: followup,
    eoi_date: iso(diagnosis + 33 * DAY),
    hsct_date: hsctDate,
  });
});
// Shuffle so the file is not sorted by group (as a registry export would not be).
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}
return rows;
}

// The rows as CSV text (no quoting needed: no cell holds a comma, quote or line end).
export function cohortCsv(rows) {
  const header = Object.keys(rows[0]);
  const lines = [header.join(',')];
  for (const r of rows) lines.push(header.map((h) => r[h]).join(','));
  return `${lines.join('\n')}\n`;
}
