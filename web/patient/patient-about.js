// "About these rules" and the form's spelling hints, drawn from the engine's own tables (the
// JSON of `infant-all rules` and `infant-all vocabulary`): the rules shown are the rows the
// classifier evaluates, and the spellings are the ones its reader accepts. Nothing is written
// here by hand but headings.
import { el, list, table } from '../ui/patient-dom.js';
import { clinical, criterionText, groupText } from './patient-words.js';

// The vocabularies that read a canonical input ("cranial_nerve_palsy" -> the yes_no table).
function vocabulariesFor(vocabulary, input) {
  return vocabulary.filter((v) => v.applies_to.split(/,\s*/).includes(input));
}

// "rearranged: R, rearranged, positive, ...; germline: G, ..." - the exact spellings by reading.
function spellingsByReading(v) {
  const by = new Map();
  for (const t of v.tokens) {
    if (t.text === '') continue;
    if (!by.has(t.reading)) by.set(t.reading, []);
    by.get(t.reading).push(t.text);
  }
  return [...by].map(([reading, texts]) => el('li', {}, [
    el('span', { className: 'pv-k', text: `${reading}: ` }), texts.join(', ')]));
}

function vocabularyBlock(v) {
  return el('div', { className: 'pa-vocab', 'data-vocabulary': v.input }, [
    el('h5', { text: `${v.input.replace(/_/g, ' ')} (${v.applies_to})` }),
    el('ul', { className: 'pa-spellings' }, spellingsByReading(v)),
    v.patterns ? el('p', {}, [el('span', { className: 'pv-k', text: 'Also read: ' }), clinical(v.patterns)]) : null,
    v.rejected ? el('p', {}, [el('span', { className: 'pv-k', text: 'Refused on purpose: ' }), clinical(v.rejected)]) : null,
  ]);
}

// A collapsed "Spellings a CSV file may use" under a form group, for its categorical inputs.
export function spellingHints(vocabulary, inputs) {
  const seen = new Set();
  const blocks = [];
  for (const input of inputs) {
    for (const v of vocabulariesFor(vocabulary, input)) {
      if (seen.has(v.input)) continue;
      seen.add(v.input);
      blocks.push(vocabularyBlock(v));
    }
  }
  if (!blocks.length) return null;
  return el('details', { className: 'pf-spellings' }, [
    el('summary', { text: 'Spellings a CSV file may use here' }),
    el('p', { className: 'pv-hint', text: 'Anything else is refused as unreadable (the patient ' +
      'becomes “invalid input”), never read as unknown.' }),
    ...blocks]);
}

// One protocol's rule table, criteria, other rules, inputs, sources and open ambiguities.
export function renderAbout(reference, protocol) {
  const r = reference.rules.find((x) => x.protocol === protocol) || reference.rules[0];
  const groups = table(`${r.name}: risk groups as the calculator evaluates them`, ['Group', 'Rule'],
    r.groups.map((g) => el('tr', {}, [el('th', { scope: 'row', text: groupText(g.group) }),
      el('td', { className: 'pa-rule', text: g.rule })])), 'pa-groups');
  const criteria = table('What each criterion means', ['Criterion', 'Definition'],
    r.criteria.map((c) => el('tr', {}, [el('th', { scope: 'row' }, [criterionText(c.name), ' ',
      el('code', { text: c.name })]), el('td', { text: clinical(c.definition) })])), 'pa-criteria');
  const vocab = [];
  const seen = new Set();
  for (const input of r.inputs_read) {
    for (const v of vocabulariesFor(reference.vocabulary, input)) {
      if (!seen.has(v.input)) vocab.push(vocabularyBlock(v));
      seen.add(v.input);
    }
  }
  return el('div', { className: 'pa-about', 'data-protocol': r.protocol }, [
    el('p', {}, [el('span', { className: 'pv-k', text: 'Population: ' }), clinical(r.population)]),
    el('div', { className: 'pv-scroll', tabindex: '0', role: 'region', 'aria-label': 'Risk groups' }, groups),
    el('p', { className: 'pv-hint', text: 'Three-valued logic: an unknown input gives a definite ' +
      'group only when every value it could take leads to the same group.' }),
    el('div', { className: 'pv-scroll', tabindex: '0', role: 'region', 'aria-label': 'Criteria' }, criteria),
    r.other_rules.length ? el('div', {}, [el('h5', { text: 'Beyond the group' }), list(r.other_rules.map(clinical))]) : null,
    el('h5', { text: 'Sources' }), list(r.sources),
    r.ambiguities.length ? el('div', {}, [el('h5', { text: 'Open questions, and the reading chosen here' }),
      list(r.ambiguities.map(clinical))]) : null,
    el('h5', { text: 'Inputs these rules read' }),
    el('p', { className: 'pa-inputs', text: r.inputs_read.join(', ') }),
    el('details', { className: 'pa-vocabularies' }, [
      el('summary', { text: 'How free text in these inputs is read' }), ...vocab]),
  ]);
}
