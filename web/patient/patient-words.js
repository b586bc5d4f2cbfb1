// Words for the engine's codes: flags, statuses and criteria, as a clinician would read them.
// Unknown codes fall back to the code itself, so a new engine flag is never hidden.

const FLAGS = {
  AGE_NEAR_6_MONTH_BOUNDARY: 'Age is within 181–184 days, where "under 6 months" depends on the calendar months involved; the group may depend on the convention used (no source defines it in days). Check the dates.',
  AGE_NEAR_180_DAY_BOUNDARY: 'Age is close to the MLL-10 cut-off of 180 days; check the dates.',
  AGE_NEAR_90_DAY_BOUNDARY: 'Age is close to the AALL0631 cut-off of 90 days; check the dates.',
  AGE_MONTHS_ONLY: 'Age was given only in months, the least precise input; dates or days are better.',
  AGE_DAYS_DATES_DISAGREE: 'The age in days differs from the one computed from the dates by more than a day; the dates are used.',
  MLL10_ELIGIBILITY_WORDING: 'MLL-10 wrote "age less than 365 days"; at exactly 365 days eligibility is ambiguous.',
  WBC_EXACTLY_300: 'WBC is exactly 300 ×10⁹/L: counted as "300 or more" (Interfant-21 wording leaves 300 unassigned).',
  WBC_UNIT_ASSUMED: 'No WBC unit was chosen: ×10⁹/L was assumed. Choose the unit to be sure.',
  WBC_UNIT_SUSPECT: 'The WBC is above 1,000 with no unit: it is probably in /µL. Choose the unit; until then “300 ×10⁹/L or more” stays unknown.',
  KMT2A_PARTNER_CONFLICT: 'KMT2A germline, yet a fusion partner is given: one of the two is wrong.',
  UNREADABLE_INPUT_NOT_USED: 'An entry could not be read; this protocol does not use it, but check it.',
  SCT_RULE_NOT_IN_FORCE_AT_DIAGNOSIS: 'The MR transplant rule applies from June 2009, after this diagnosis: historical.',
  WBC_UNIT_LOWERCASE_G_PER_L: 'Lower-case g/L is a mass unit; read as G/L (×10⁹/L).',
  WBC_UNIT_PER_ML_READ_AS_PER_L: '×10⁹/mL read as ×10⁹/L (a known typo).',
  WBC_LOW: 'WBC below 0.5 ×10⁹/L: check the value and unit.',
  WBC_VERY_HIGH: 'WBC above 1,000 ×10⁹/L: rare but real; check the value and unit.',
  DAY8_BLASTS_EXACTLY_1000: 'Day-8 blasts exactly 1,000/µL: counts as poor response (PPR).',
  DAY8_BLASTS_EXCEED_DIAGNOSTIC_WBC: 'Day-8 blasts exceed the diagnostic WBC: possible, but check.',
  DAY8_COUNTS_DISAGREE: 'The day-8 blast count and the day-8 WBC × blast % disagree.',
  DAY8_WBC_UNIT_ASSUMED: 'No unit for the day-8 WBC: ×10⁹/L was assumed.',
  DAY8_WBC_UNIT_SUSPECT: 'The day-8 WBC is above 3,000 with no unit: probably /µL. Choose the unit.',
  PREDNISONE_PREPHASE_NOT_GIVEN: 'No prednisone prephase: the day-8 response cannot be evaluated.',
  PRED_RESPONSE_CONFLICT: 'The prednisone response given disagrees with the day-8 counts.',
  INTERFANT21_UNKNOWN_PRED_AS_GOOD: 'Interfant-21 treats an unknown prednisone response as good (protocol rule).',
  KMT2A_GERMLINE_NOT_FISH_CONFIRMED: 'Germline by karyotype only: Interfant-06 required a negative split-signal FISH; a cryptic rearrangement is not excluded.',
  T11_19_ELL_MAPPED_OTHER: 't(11;19)(q23;p13.1) KMT2A::ELL is counted as "other partner", not MLLT1.',
  CNS3_BY_PALSY_OR_MASS: 'CNS3 by cranial nerve palsy or mass without CSF blasts: counted as CNS disease (standard definition).',
  CNS_STATUS_CONFLICT: 'The CNS status given disagrees with the one derived from the CSF counts; the given status is used.',
  CSF_TRAUMATIC: 'CSF with 10 or more red cells/µL: traumatic tap.',
  CSF_WBC_HIGH: 'CSF WBC above 1,000/µL: check the value.',
  MRD_BELOW_QR: 'MRD positive below the quantitative range: not comparable with the threshold unless the range is given.',
  MRD_HIGH_CHECK_CR: 'MRD above 5% (0.05): probably not in remission; check.',
  MRD_UNIT_AMBIGUOUS: 'An MRD value could be a fraction or a percentage: choose the MRD unit.',
  MRD_UNIT_NOT_GIVEN: 'No MRD unit chosen: choose fraction or percent.',
  'MRD_EXACTLY_1E-4_INTERFANT21': 'MRD exactly 0.01% after blinatumomab: not "above 0.01%" (no switch) yet not negative either (ambiguous).',
  SCT_ELIGIBLE_HR: 'Interfant-06: every HR (high-risk) patient in CR was eligible for stem-cell transplant.',
  SCT_RECOMMENDED_MR_MRD: 'Interfant-06: MR with MRD ≥ 0.01% before OCTADA(D): transplant recommended (from June 2009).',
  MLL10_HSCT_ALLOCATED: 'MLL-10: every HR (high-risk) patient was allocated to transplant in first remission.',
  PH_POSITIVE_OUTSIDE_SCOPE: 'BCR::ABL1 positive (Ph+): outside the scope of these infant protocols.',
  COX_CD10_UNDEFINED_NON_B: 'CD10 term left out: it is defined only for B-lineage.',
  COX_LINEAGE_ASSUMED_B: 'Lineage not given: B-lineage assumed for the CD10 term.',
};

// Flags that state a treatment consequence of the group, not a problem with the input: shown
// among the notes (the engine's note says the same with its context), never as a warning.
export const TREATMENT_FLAGS = new Set(['SCT_ELIGIBLE_HR', 'SCT_RECOMMENDED_MR_MRD',
  'MLL10_HSCT_ALLOCATED', 'INTERFANT21_UNKNOWN_PRED_AS_GOOD', 'SCT_RULE_NOT_IN_FORCE_AT_DIAGNOSIS']);

// The engine's human text in clinical notation: ×10⁹/L, percentages for MRD thresholds, ≥ and
// ≤, and no internal markers ([AMBIGUOUS], source IDs, section numbers). Words only; no numbers
// change.
export function clinical(text) {
  if (!text) return text;
  return String(text)
    .replace(/\[AMBIGUOUS\]\s*/g, 'Sources disagree or are unclear: ')
    .replace(/\[UNVERIFIED\]\s*/g, 'Not verified: ')
    .replace(/\s*\(spec(?: section)? [0-9.]+[^)]*\)/g, '')
    .replace(/\s*\((?:S-[A-Z0-9-]+(?:,\s*)?)+\)/g, '')
    .replace(/\bx10\^9\/L\b/g, '×10⁹/L')
    .replace(/\bx10\^9\/mL\b/g, '×10⁹/mL')
    .replace(/\bx10\^3\/uL\b/g, '×10³/µL')
    .replace(/\/uL\b/g, '/µL')
    .replace(/(^|[^\w.])1e-4\b/g, '$10.01%')
    .replace(/(^|[^\w.])5e-4\b/g, '$10.05%')
    .replace(/(^|[^\w.])1e-3\b/g, '$10.1%')
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/ -> /g, ' → ')
    .replace(/\+-(?=\d)/g, '±');
}

export function flagText(code) {
  return clinical(FLAGS[code]) || code.replace(/_/g, ' ').toLowerCase();
}

export const STATUS_TEXT = {
  definite: 'Definite',
  indeterminate: 'Cannot be settled yet',
  not_applicable: 'Not applicable',
  invalid: 'Invalid input',
};

// Risk-group codes spelled out: "HR" here is the high-risk group, never a hazard ratio.
const GROUP_TEXT = {
  LR: 'low risk', SR: 'standard risk', MR: 'medium risk', IR: 'intermediate risk', HR: 'high risk',
};

export function groupText(code) {
  if (!code) return '';
  return GROUP_TEXT[code] ? `${code} (${GROUP_TEXT[code]})` : code;
}

export function criterionText(name) {
  const map = {
    kmt2a_r: 'KMT2A rearranged', kmt2a_g: 'KMT2A germline', age_lt_6mo: 'age under 6 months',
    wbc_ge_300: 'WBC 300 ×10⁹/L or more', ppr: 'prednisone poor response',
    age_lt_180d: 'age under 180 days', age_lt_90d: 'age under 90 days', cns_disease: 'CNS disease',
    no_cr_eoi: 'no complete remission at end of induction', eligible: 'eligible age',
    'mrd_pre_octada_ge_1e-4': 'MRD before OCTADA(D) 10⁻⁴ or more',
    'mrd_eoi_ge_5e-4': 'MRD at end of induction 5×10⁻⁴ or more',
    'mrd_post_blina1_gt_1e-4': 'MRD after blinatumomab cycle 1 above 10⁻⁴',
  };
  return map[name] || name.replace(/_/g, ' ');
}
