// "About these rules" and the form's spelling hints, drawn from the engine's own tables (the
// JSON of `infant-all rules` and `infant-all vocabulary`): the rules shown are the rows the
// classifier evaluates, and the spellings are the ones its reader accepts. Nothing is written
// here by hand but headings.
import { h, list, table } from '../ui/dom.js';
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
  return [...by].map(([reading, texts]) => h('li', {}, [
    h('span', { class: 'pv-k' }, `${reading}: `), texts.join(', ')]));
}

function vocabularyBlock(v) {
  return h('div', { class: 'pa-vocab', 'data-vocabulary': v.input }, [
    h('h5', {}, `${v.input.replace(/_/g, ' ')} (${v.applies_to})`),
    h('ul', { class: 'pa-spellings' }, spellingsByReading(v)),
    v.patterns ? h('p', {}, [h('span', { class: 'pv-k' }, 'Also read: '), clinical(v.patterns)]) : null,
    v.rejected ? h('p', {}, [h('span', { class: 'pv-k' }, 'Refused on purpose: '), clinical(v.rejected)]) : null,
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
  return h('details', { class: 'pf-spellings' }, [
    h('summary', {}, 'Spellings a CSV file may use here'),
    h('p', { class: 'pv-hint' }, 'Anything else is refused as unreadable (the patient ' +
      'becomes “invalid input”), never read as unknown.'),
    ...blocks]);
}

// One protocol's rule table, criteria, other rules, inputs, sources and open ambiguities.
export function renderAbout(reference, protocol) {
  const r = reference.rules.find((x) => x.protocol === protocol) || reference.rules[0];
  const groups = table(`${r.name}: risk groups as the calculator evaluates them`, ['Group', 'Rule'],
    r.groups.map((g) => h('tr', {}, [h('th', { scope: 'row' }, groupText(g.group)),
      h('td', { class: 'pa-rule' }, g.rule)])), { class: 'pv-table pa-groups' });
  const criteria = table('What each criterion means', ['Criterion', 'Definition'],
    r.criteria.map((c) => h('tr', {}, [h('th', { scope: 'row' }, [criterionText(c.name), ' ',
      h('code', {}, c.name)]), h('td', {}, clinical(c.definition))])),
    { class: 'pv-table pa-criteria' });
  const vocab = [];
  const seen = new Set();
  for (const input of r.inputs_read) {
    for (const v of vocabulariesFor(reference.vocabulary, input)) {
      if (!seen.has(v.input)) vocab.push(vocabularyBlock(v));
      seen.add(v.input);
    }
  }
  return h('div', { class: 'pa-about', 'data-protocol': r.protocol }, [
    h('p', {}, [h('span', { class: 'pv-k' }, 'Population: '), clinical(r.population)]),
    h('div', { class: 'pv-scroll', tabindex: '0', role: 'region', 'aria-label': 'Risk groups' }, groups),
    h('p', { class: 'pv-hint' }, 'Three-valued logic: an unknown input gives a definite ' +
      'group only when every value it could take leads to the same group.'),
    h('div', { class: 'pv-scroll', tabindex: '0', role: 'region', 'aria-label': 'Criteria' }, criteria),
    r.other_rules.length ? h('div', {}, [h('h5', {}, 'Beyond the group'), list(r.other_rules.map(clinical))]) : null,
    h('h5', {}, 'Sources'), list(r.sources),
    r.ambiguities.length ? h('div', {}, [h('h5', {}, 'Open questions, and the reading chosen here'),
      list(r.ambiguities.map(clinical))]) : null,
    h('h5', {}, 'Inputs these rules read'),
    h('p', { class: 'pa-inputs' }, r.inputs_read.join(', ')),
    h('details', { class: 'pa-vocabularies' }, [
      h('summary', {}, 'How free text in these inputs is read'), ...vocab]),
  ]);
}
