// The one-patient form's inputs, in the canonical input names (docs/CLINICAL-INPUTS.md, "Column
// names"). Each field's value is sent to the engine as the text a spreadsheet cell would hold, so
// the page and the CLI classify the same text. Every select starts at "Unknown" (value ''):
// nothing is ever filled in silently.

const UNKNOWN = ['', 'Unknown'];
const YES_NO = [UNKNOWN, ['yes', 'Yes'], ['no', 'No']];
const POS_NEG = [UNKNOWN, ['positive', 'Positive'], ['negative', 'Negative']];

// WBC units: values are the engine's spellings; labels say what each means to a clinician.
const CELL_UNITS = [
  ['', 'Unit not chosen'],
  ['x10^9/L', '×10⁹/L (= G/L = ×10³/µL)'],
  ['G/L', 'G/L'],
  ['x10^3/uL', '×10³/µL (K/µL)'],
  ['/uL', '/µL (cells per microlitre, = /mm³)'],
  ['/mm3', '/mm³'],
];

// Groups in the form's order; the order is the keyboard focus order.
export const GROUPS = [
  {
    id: 'patient',
    legend: 'Patient',
    fields: [
      { name: 'patient_id', label: 'Patient identifier (optional; never stored)', kind: 'text' },
      { name: 'sex', label: 'Sex', kind: 'select', options: [UNKNOWN, ['female', 'Female'], ['male', 'Male']] },
    ],
  },
  {
    id: 'age',
    legend: 'Age at diagnosis',
    hint: 'Best: both dates (the age is computed in calendar days). Otherwise the age in days. ' +
      'Age in months is the last resort: it is the least precise near the 6-month boundary.',
    fields: [
      { name: 'dob', label: 'Date of birth', kind: 'date' },
      { name: 'diagnosis_date', label: 'Date of diagnosis', kind: 'date' },
      { name: 'age_days', label: 'Or: age at diagnosis in days', kind: 'number', unit: 'days', inputmode: 'numeric' },
      { name: 'age_months', label: 'Or, last resort: age at diagnosis in months', kind: 'number', unit: 'months' },
    ],
  },
  {
    id: 'wbc',
    legend: 'White blood cell count (WBC) at diagnosis',
    fields: [
      { name: 'wbc', label: 'WBC at diagnosis', kind: 'number', unitField: 'wbc_unit' },
      { name: 'wbc_unit', label: 'Unit of the WBC', kind: 'select', options: CELL_UNITS },
    ],
  },
  {
    id: 'kmt2a',
    legend: 'KMT2A (MLL) gene',
    fields: [
      { name: 'kmt2a_status', label: 'KMT2A status', kind: 'select',
        options: [UNKNOWN, ['pending', 'Pending (result not back yet: unknown)'],
          ['rearranged', 'Rearranged (KMT2A-r)'], ['germline', 'Germline (not rearranged)']] },
      { name: 'kmt2a_method', label: 'Method that determined it', kind: 'select',
        options: [UNKNOWN, ['FISH', 'Split-signal FISH'], ['RT-PCR', 'RT-PCR'], ['NGS', 'NGS'],
          ['karyotype', 'Karyotype only']] },
      { name: 'kmt2a_partner', label: 'Fusion partner / translocation', kind: 'select', wide: true,
        options: [UNKNOWN, ['t(4;11)', 't(4;11) KMT2A::AFF1 (MLL-AF4)'],
          ['t(11;19)', 't(11;19)(q23;p13.3) KMT2A::MLLT1 (MLL-ENL)'],
          ['t(9;11)', 't(9;11) KMT2A::MLLT3 (MLL-AF9)'],
          ['ELL', 't(11;19)(q23;p13.1) KMT2A::ELL'],
          ['MLLT10', 't(10;11) KMT2A::MLLT10 (AF10)'],
          ['AFDN', 't(6;11) KMT2A::AFDN (AF6)'],
          ['other', 'Other partner']] },
    ],
  },
  {
    id: 'pred',
    legend: 'Prednisone response (day 8)',
    hint: 'Give the response, or the day-8 blast count, or the day-8 WBC with its blast percentage. ' +
      'Poor response (PPR) means 1,000 or more blasts per µL of blood on day 8.',
    fields: [
      { name: 'prednisone_prephase_given', label: 'Was the 7-day prednisone prephase given?', kind: 'select', options: YES_NO },
      { name: 'pred_response', label: 'Prednisone response', kind: 'select',
        options: [UNKNOWN, ['PGR', 'PGR (good): < 1,000/µL'], ['PPR', 'PPR (poor): ≥ 1,000/µL']] },
      { name: 'day8_blasts_per_ul', label: 'Or: day-8 blood blasts', kind: 'number', unit: '/µL' },
      { name: 'day8_wbc', label: 'Or: day-8 WBC', kind: 'number', unitField: 'day8_wbc_unit' },
      { name: 'day8_wbc_unit', label: 'Unit of the day-8 WBC', kind: 'select', options: CELL_UNITS },
      { name: 'day8_blast_pct', label: 'Day-8 blasts as % of WBC', kind: 'number', unit: '%' },
    ],
  },
  {
    id: 'immuno',
    legend: 'Immunophenotype',
    fields: [
      { name: 'immunophenotype', label: 'Lineage', kind: 'select',
        options: [UNKNOWN, ['B', 'B-lineage (BCP)'], ['T', 'T-lineage'],
          ['MPAL', 'Mixed phenotype / biphenotypic'], ['mature B', 'Mature B / Burkitt']] },
      { name: 'cd10', label: 'CD10', kind: 'select', options: POS_NEG },
      { name: 'cd19', label: 'CD19', kind: 'select', options: POS_NEG },
    ],
  },
  {
    id: 'cns',
    legend: 'CNS status at diagnosis',
    hint: 'Give the CNS status, or the CSF counts with palsy and mass.',
    fields: [
      { name: 'cns_status', label: 'CNS status', kind: 'select',
        options: [UNKNOWN, ['CNS1', 'CNS1'], ['CNS2', 'CNS2'], ['CNS3', 'CNS3'],
          ['TLP+', 'Traumatic tap with blasts (TLP+)'], ['TLP-', 'Traumatic tap without blasts (TLP−)']] },
      { name: 'csf_wbc_per_ul', label: 'Or: CSF WBC', kind: 'number', unit: '/µL' },
      { name: 'csf_rbc_per_ul', label: 'CSF red cells', kind: 'number', unit: '/µL' },
      { name: 'csf_blasts', label: 'Blasts on the CSF cytospin', kind: 'select', options: YES_NO },
      { name: 'cranial_nerve_palsy', label: 'Cranial nerve palsy', kind: 'select', options: YES_NO },
      { name: 'cns_mass', label: 'Intracranial leukaemic mass', kind: 'select', options: YES_NO },
    ],
  },
  {
    id: 'mrd',
    legend: 'Remission and minimal residual disease (MRD)',
    hint: 'MRD as a fraction (0.0001 = 10⁻⁴ = 0.01%) or as a percentage; choose the unit. ' +
      '"negative" and "POS<QR" (positive, not quantifiable) are accepted.',
    fields: [
      { name: 'cr_eoi', label: 'Complete remission at end of induction', kind: 'select', options: YES_NO },
      { name: 'mrd_unit', label: 'Unit of the MRD values', kind: 'select',
        options: [['', 'Unit not chosen'], ['fraction', 'Fraction (0.0001 = 10⁻⁴)'], ['percent', 'Percent (0.01% = 10⁻⁴)']] },
      { name: 'mrd_eoi', label: 'MRD at end of induction', kind: 'number', unitField: 'mrd_unit' },
      { name: 'mrd_eoc', label: 'MRD at end of consolidation', kind: 'number', unitField: 'mrd_unit' },
      { name: 'mrd_pre_octada', label: 'MRD before OCTADA(D) (after MARMA)', kind: 'number', unitField: 'mrd_unit' },
      { name: 'mrd_post_blina1', label: 'MRD after blinatumomab cycle 1', kind: 'number', unitField: 'mrd_unit' },
      { name: 'mrd_qr', label: 'Quantitative range of the MRD assay', kind: 'number', unitField: 'mrd_unit' },
    ],
  },
  {
    id: 'other',
    legend: 'Other',
    fields: [
      { name: 'bcr_abl1', label: 'BCR::ABL1 (Philadelphia chromosome)', kind: 'select', options: POS_NEG },
      { name: 'study_group', label: 'Study group (Interfant-06)', kind: 'select', wide: true,
        options: [UNKNOWN,
          ...['DCOG', 'UKCCSG', 'FRALLE', 'AIEOP', 'COALL', 'EORTC-CLG', 'NOPHO', 'BFM-Austria',
            'St Jude', 'DFCI', 'CPH', 'BFM-Germany', 'Argentina', 'PINDA', 'ANZCHOG', 'CUHK',
            'PPLLSG', 'Seattle'].map((g) => [g, g])] },
    ],
  },
];

export const FIELDS = GROUPS.flatMap((g) => g.fields);
export const FIELD_BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

// Names the engine may list as missing that are not one form field: where to send the user.
const MISSING_ALIASES = {
  age: ['dob', 'Age at diagnosis (dates, or age in days)'],
  age_days: ['dob', 'Age at diagnosis (dates, or age in days)'],
  age_lt_6mo: ['dob', 'Age at diagnosis (dates, or age in days)'],
  prednisone_response: ['pred_response', 'Prednisone response (or the day-8 counts)'],
  pred_response: ['pred_response', 'Prednisone response (or the day-8 counts)'],
  cns_disease: ['cns_status', 'CNS status (or the CSF counts)'],
  cns_status: ['cns_status', 'CNS status (or the CSF counts)'],
  partner: ['kmt2a_partner', 'Fusion partner / translocation'],
  mrd_pre_octada: ['mrd_pre_octada', 'MRD before OCTADA(D)'],
};

// The form field and the label to show for a canonical name the engine reports.
export function fieldFor(name) {
  if (MISSING_ALIASES[name]) {
    const [field, label] = MISSING_ALIASES[name];
    return { field, label };
  }
  const f = FIELD_BY_NAME.get(name);
  if (f) return { field: f.name, label: f.label.replace(/^Or(, last resort)?: /, '') };
  return { field: null, label: name.replace(/_/g, ' ') };
}

export const PROTOCOLS = [
  ['interfant06', 'Interfant-06'],
  ['interfant99', 'Interfant-99'],
  ['mll10', 'JPLSG MLL-10'],
  ['interfant21', 'Interfant-21'],
  ['aall0631', 'COG AALL0631'],
];
export const PROTOCOL_LABEL = Object.fromEntries(PROTOCOLS);

// The label of a field the engine names in an error: the field's own label when it is one.
export function labelOf(name) {
  const f = FIELD_BY_NAME.get(name);
  return f ? f.label.replace(/^Or(, last resort)?: /, '') : fieldFor(name).label;
}

// Engine messages start with the canonical name ("age_days -5 is negative"); next to the field
// that name is noise, so it is dropped there.
export function withoutFieldName(name, message) {
  return message.startsWith(`${name} `) ? message.slice(name.length + 1) : message;
}
