// Renders the engine's classifyPatient answer: the risk group, what is missing, warnings, the
// rule trace, the published outcome figures and the Interfant-06 relative-hazard panel.
// Nothing here computes statistics; it only words what the engine returned. "HR" alone always
// means the high-risk group; a hazard ratio is always spelled out.
import { h, list, table } from '../ui/dom.js';
import { fieldFor, labelOf, PROTOCOL_LABEL, withoutFieldName } from './patient-fields.js';
import { clinical, criterionText, flagText, groupText, STATUS_TEXT, TREATMENT_FLAGS } from './patient-words.js';

// A table that may be wider than a phone scrolls sideways inside its own region: focusable and
// named, so keyboard users reach it, with a visible cue on narrow screens (patient.css).
function scrollRegion(label, content) {
  return h('div', { class: 'pv-scroll', tabindex: '0', role: 'region', 'aria-label': label }, content);
}

// "183 days (6.0 months), from the dates": the age the rules used, always in the headline, so
// a date the browser read in another order than meant shows at once.
export function ageText(age) {
  if (!age) return 'unknown (give the dates, or the age in days)';
  const from = { dates: 'from the dates', age_days: 'as given in days', age_months: 'as given in months only' }[age.source];
  const months = `${age.months.toFixed(1)} months`;
  return age.days === null ? `${months}, ${from}` : `${age.days} days (${months}), ${from}`;
}

// Groups spelled out, with "not applicable" where eligibility is still open.
export function possibleText(codes) {
  return codes.map((c) => (c === 'not_applicable' ? 'not applicable (outside the protocol)' : groupText(c))).join(' or ');
}

function headline(r) {
  const status = STATUS_TEXT[r.status] || r.status;
  let big;
  if (r.status === 'definite') big = groupText(r.group);
  else big = status;
  const parts = [h('p', { class: 'pv-group', 'data-status': r.status, 'data-testid': 'group' }, big)];
  parts.push(h('p', { class: 'pv-status', 'data-testid': 'status' },
    [h('span', { class: 'pv-k' }, 'Status: '), status]));
  if (r.status === 'indeterminate' && r.candidates.length) {
    parts.push(h('p', { class: 'pv-candidates', 'data-testid': 'candidates' }, [
      h('span', { class: 'pv-k' }, 'Still possible: '),
      possibleText(r.still_possible || r.candidates),
    ]));
  }
  parts.push(h('p', { class: 'pv-age', 'data-testid': 'age' },
    [h('span', { class: 'pv-k' }, 'Age at diagnosis: '), ageText(r.age)]));
  return parts;
}

function missingBlock(r, focusField) {
  if (!r.missing.length) return null;
  const items = r.missing.map((name) => {
    const { field, label } = fieldFor(name);
    if (!field) return label;
    const b = h('button', { type: 'button', class: 'pv-link', 'data-field': field }, label);
    b.addEventListener('click', () => focusField(field));
    return [b];
  });
  return h('div', { class: 'pv-missing', 'data-testid': 'missing' }, [
    h('h4', {}, 'To settle the group, give:'), list(items)]);
}

function flagsBlock(all) {
  const flags = all.filter((f) => !TREATMENT_FLAGS.has(f));
  if (!flags.length) return null;
  return h('div', { class: 'pv-flags', 'data-testid': 'flags' }, [
    h('h4', {}, 'Warnings'),
    list(flags.map((f) => [h('span', { class: 'pv-warn-icon', 'aria-hidden': 'true' }, '⚠ '),
      flagText(f), h('span', { class: 'pv-code' }, ` (${f})`)]))]);
}

function reasonsBlock(r) {
  const out = [];
  if (r.errors.length) {
    out.push(h('div', { class: 'pv-errors', role: 'alert' }, [h('h4', {}, 'Problems with the input'),
      list(r.errors.map((e) => `${labelOf(e.field)}: ${clinical(withoutFieldName(e.field, e.message))}`))]));
  }
  const rows = Object.entries(r.criteria).map(([name, v]) => h('tr', { 'data-value': v }, [
    h('td', {}, criterionText(name)),
    h('td', { class: `pv-tv pv-tv-${v.toLowerCase()}` }, { TRUE: 'true', FALSE: 'false' }[v] || 'unknown'),
  ]));
  const trace = [];
  if (rows.length) {
    trace.push(scrollRegion('Criteria', table('Criteria (three-valued: true / false / unknown)',
      ['Criterion', 'Value'], rows, { class: 'pv-table pv-trace' })));
  }
  if (r.reasons.length) trace.push(h('h5', {}, 'Reasons'), list(r.reasons.map(clinical)));
  if (trace.length) {
    out.push(h('details', { class: 'pv-rule-trace', open: r.status !== 'definite' },
      [h('summary', {}, 'How the rule was applied'), ...trace]));
  }
  return out;
}

function extrasBlock(r) {
  const items = [];
  if (r.mann_hr_subgroup !== undefined) {
    items.push('Post hoc Interfant-99 high-risk subgroup (Mann; the basis of the Interfant-06 ' +
      `HR group; not a protocol risk group): ${r.mann_hr_subgroup.toLowerCase()}`);
  }
  if (r.mr_substratum !== undefined) items.push(`MR sub-stratum: ${r.mr_substratum || 'not applicable'}`);
  if (r.switched_to_hr_treatment !== undefined) {
    items.push(`Switched to high-risk treatment: ${r.switched_to_hr_treatment.toLowerCase()}`);
  }
  return items.length ? list(items, 'pv-extras') : null;
}

// With the paper's own precision (49.0%, not 49%).
export function estimateText(row) {
  if (row.estimate === null) return '—';
  const v = row.estimate_text || String(row.estimate);
  return row.unit === '%' ? `${v}%` : `${v} ${row.unit}`;
}

export function outcomeUncertainty(row) {
  if (row.uncertainty) return clinical(row.uncertainty);
  if (row.se !== null) return `SE ${row.se}`;
  if (row.ci_lower !== null) return `95% CI ${row.ci_lower}–${row.ci_upper}`;
  return 'not published';
}

// "original: HR" -> "Original study groups: HR (high risk)"; group codes are always spelled out.
export function outcomeLabel(row) {
  const studyGroups = { original: 'Original study groups', other: 'Other study groups' };
  const word = (t) => studyGroups[t] || groupText(t);
  const parts = [row.subgroup, row.category].filter((t, i, a) => t && a.indexOf(t) === i);
  return clinical(parts.map(word).join(': '));
}

// One table of figures; caveats repeat across rows, so each distinct text becomes one numbered
// note under the table and the rows carry its number.
function figuresTable(rows, caption, skipCaveat = null, label = 'Published outcome figures') {
  const notes = [];
  const ref = (text) => {
    if (!text) return null;
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return h('sup', { class: 'pv-ref' }, `[${i + 1}]`);
  };
  const trs = rows.map((row) => h('tr', {}, [
    h('td', {}, [outcomeLabel(row), ' ',
      row.caveat === skipCaveat ? null : ref(clinical(row.caveat)), ref(clinical(row.footnote))]),
    h('td', {}, row.endpoint),
    h('td', {}, row.horizon_label),
    h('td', { class: 'pv-numcell' }, estimateText(row)),
    h('td', {}, outcomeUncertainty(row)),
    h('td', { class: 'pv-numcell' }, row.n === null ? '' : String(row.n)),
    h('td', {}, row.citation || row.source),
  ]));
  return [
    scrollRegion(caption || label, table(caption,
      ['Group / characteristic', 'Endpoint', 'Horizon', 'Estimate', 'Uncertainty as published',
        'n', 'Source'], trs, { class: 'pv-table pv-outcome-table' })),
    notes.length ? h('ol', { class: 'pv-footnotes', 'aria-label': 'Caveats' },
      notes.map((t) => h('li', {}, t))) : null,
  ];
}

// The engine's blinatumomab caveats ("(1) ...; (2) ...") as a list, shown before the figures.
function caveatItems(text) {
  return clinical(text).replace(/^[^:]*:\s*/, '').split(/;?\s*\(\d\)\s*/).filter(Boolean)
    .map((t) => t.charAt(0).toUpperCase() + t.slice(1));
}

// What the figures are: the group's own when it is settled, else those of the groups still
// possible, side by side.
export function outcomesHeading(r) {
  if (r.status === 'definite') return `Published outcome figures for ${groupText(r.group)}`;
  if (r.status === 'indeterminate') {
    return `Published figures for the groups still possible (${possibleText(r.candidates)}): ` +
      'the group is not settled, so none of them is this patient\'s yet';
  }
  return 'Published figures for the whole cohort (no group)';
}

function outcomesBlock(r) {
  const o = r.outcomes;
  // Notes without figures would only explain an empty table.
  if (!o || !o.rows.length) return null;
  const main = o.rows.filter((row) => row.protocol !== 'blinatumomab');
  const blina = o.rows.filter((row) => row.protocol === 'blinatumomab');
  const blinaCaveat = blina.length ? blina[0].caveat : null;
  const notes = [...new Set(o.notes.filter((n) => n !== blinaCaveat).map(clinical))];
  return h('section', { class: 'pv-outcomes', 'aria-labelledby': 'pv-outcomes-h' }, [
    h('h3', { id: 'pv-outcomes-h' }, outcomesHeading(r)),
    h('p', { class: 'pv-hint' }, 'Group-level results of the trials as published, with ' +
      'their own uncertainty. They are not a prediction for this patient.'),
    ...(main.length ? figuresTable(main, null) : []),
    blina.length ? h('section', { class: 'pv-blina', 'aria-labelledby': 'pv-blina-h' }, [
      h('h4', { id: 'pv-blina-h' }, 'Blinatumomab added to Interfant-06 (KMT2A-rearranged infants): read these caveats first'),
      list(caveatItems(blinaCaveat), 'pv-caveats'),
      ...figuresTable(blina, null, blinaCaveat, 'Blinatumomab figures'),
    ]) : null,
    notes.length ? list(notes, 'pv-notes') : null,
  ]);
}

// Hazard ratios and their limits are published with two decimals: show them so (2.00, 1.70).
const hz2 = (v) => (v === null || v === undefined ? '' : v.toFixed(2));

// One factor, plus a full-width caveat row under it when there is one (e.g. the Table 2 erratum).
function factorRows(f) {
  let hz;
  if (f.hazard_ratio !== null) {
    hz = [hz2(f.hazard_ratio),
      f.lower !== null ? h('span', { class: 'pv-ci' }, `95% CI ${hz2(f.lower)}–${hz2(f.upper)}`) : null];
  } else if (f.hazard_ratio_low !== null) {
    hz = [`${hz2(f.hazard_ratio_low)} to ${hz2(f.hazard_ratio_high)}`,
      h('span', { class: 'pv-ci' }, 'level unknown: range')];
  } else {
    hz = ['—'];
  }
  const cls = f.greyed ? 'pv-greyed' : '';
  const rows = [h('tr', { class: cls, 'data-factor': f.factor }, [
    h('th', { scope: 'row' }, clinical(f.factor)),
    h('td', {}, clinical(f.patient_level) || 'unknown'),
    h('td', {}, clinical(f.reference_level)),
    h('td', { class: 'pv-numcell' }, hz),
    h('td', {}, f.p || ''),
    h('td', {}, `${f.in_product ? 'yes' : 'no'}${f.greyed ? ' (greyed: see note)' : ''}`),
  ])];
  if (f.caveat) {
    rows.push(h('tr', { class: `pv-caveat-row ${cls}`.trim() },
      h('td', { colspan: 6, class: 'pv-caveat-cell' }, clinical(`${f.factor}: ${f.caveat}`))));
  }
  return rows;
}

function productText(rh) {
  if (rh.relative_hazard !== null) {
    return `×${hz2(rh.relative_hazard)} the hazard of an EFS event of a reference-profile infant`;
  }
  if (rh.relative_hazard_low !== null) {
    return `×${hz2(rh.relative_hazard_low)} to ×${hz2(rh.relative_hazard_high)} the hazard of a ` +
      'reference-profile infant (range over the unknown levels)';
  }
  return 'Relative hazard cannot be computed';
}

function hazardTable(rh, number) {
  const title = /n = \d/.test(rh.table_label) ? rh.table_label : `${rh.table_label} (n = ${rh.n})`;
  const body = [h('h4', {}, title)];
  if (rh.status === 'not_applicable') {
    body.push(h('p', {}, rh.summary || 'Not applicable to this patient.'));
    return h('div', { class: 'pv-hazard-table', 'data-table': rh.table }, body);
  }
  body.push(h('p', { class: 'pv-product', 'data-testid': `rh-table${number}` }, productText(rh)));
  // The engine's summary repeats the product; it is shown only when there is no product to explain why.
  if (rh.summary && rh.relative_hazard === null) body.push(h('p', { class: 'pv-summary' }, clinical(rh.summary)));
  body.push(h('p', { class: 'pv-hint' }, `Reference profile: ${clinical(rh.reference_profile)}. ` +
    "No confidence interval can be given for the product (the coefficients' covariance was not " +
    "published); each factor's own interval is shown."));
  if (rh.factors.length) {
    body.push(scrollRegion(`Factors of ${rh.table_label}`, table(null,
      ['Factor', "Patient's level", 'Reference level', 'Hazard ratio (95% CI)', 'P (as published)', 'In product'],
      rh.factors.flatMap(factorRows), { class: 'pv-table pv-factors' })));
  }
  if (rh.missing.length) {
    const names = rh.missing.map((m) => fieldFor(m).label).join(', ');
    body.push(h('p', {}, `Missing for this table: ${names}`));
  }
  const notes = [...new Set([...rh.flags.map(flagText), ...rh.notes.map(clinical),
    ...rh.errors.map((e) => clinical(e.message))])];
  if (notes.length) body.push(list(notes, 'pv-notes'));
  return h('div', { class: 'pv-hazard-table', 'data-table': rh.table }, body);
}

function hazardBlock(hazards, kmt2aR) {
  if (!hazards || !hazards.length) return null;
  const shown = hazards.filter((rh, i) => i === 0 || kmt2aR);
  return h('section', { class: 'pv-hazard', 'aria-labelledby': 'pv-hazard-h' }, [
    h('h3', { id: 'pv-hazard-h' }, 'Relative hazard (Interfant-06 Cox models for EFS, as published)'),
    h('p', { class: 'pv-hint' }, 'Hazard ratios describe Interfant-06 treatment only. ' +
      'They give no absolute survival for this patient: the baseline survival was not published.'),
    ...shown.map((rh) => hazardTable(rh, hazards.indexOf(rh) + 1)),
  ]);
}

export function renderCompare(results) {
  const rows = results.map((r) => h('tr', { 'data-protocol': r.protocol }, [
    h('th', { scope: 'row' }, PROTOCOL_LABEL[r.protocol] || r.protocol),
    h('td', {}, r.status === 'definite' ? groupText(r.group) : '—'),
    h('td', {}, STATUS_TEXT[r.status] || r.status),
    h('td', {}, r.candidates.map(groupText).join(', ')),
    h('td', {}, r.missing.map((m) => fieldFor(m).label).join(', ')),
  ]));
  return h('section', { class: 'pv-compare', 'aria-labelledby': 'pv-compare-h' }, [
    h('h3', { id: 'pv-compare-h' }, 'All protocols side by side'),
    scrollRegion('All protocols side by side', table(null,
      ['Protocol', 'Risk group', 'Status', 'Candidates', 'Missing'], rows,
      { class: 'pv-table pv-compare-table' })),
  ]);
}

// The engine's notes, each once, in clinical notation (treatment consequences such as the SCT
// eligibility are among them, not among the warnings).
function notesBlock(r) {
  const notes = [...new Set(r.notes.map(clinical))];
  if (!notes.length) return null;
  return h('div', { class: 'pv-notes-block' }, [h('h4', {}, 'Notes'), list(notes, 'pv-notes')]);
}

// One protocol's full result. kmt2aR says whether Table 2 (KMT2A-rearranged) applies.
export function renderResult(r, hazards, kmt2aR, focusField) {
  return [
    h('h3', { class: 'pv-protocol' }, `Risk group under ${PROTOCOL_LABEL[r.protocol] || r.protocol}`),
    ...headline(r),
    // Why the protocol does not apply (or the input is invalid), right under the verdict.
    ['not_applicable', 'invalid'].includes(r.status) && r.reasons.length
      ? list(r.reasons.map(clinical), 'pv-verdict-reasons') : null,
    missingBlock(r, focusField),
    flagsBlock(r.flags),
    extrasBlock(r),
    notesBlock(r),
    ...reasonsBlock(r),
    outcomesBlock(r),
    hazardBlock(hazards, kmt2aR),
  ];
}
