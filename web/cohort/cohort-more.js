// Further cohort analyses, each with its own small form: cumulative incidence with Gray's test,
// a Cox model, a characteristics table (Table 1 style) with chi-square / Fisher p, and (with a
// transplant date column) transplant as a time-dependent exposure (cohort-transplant.js). Like the
// Kaplan-Meier view, every number comes from engine.run; this file asks and lays out. A file
// with dates gets all three at once with sensible defaults, as parts of the view's first request
// (firstParts). Each panel plans its requests as named parts of one analyze request
// ({parts, draw(reply)}) and draws the reply's parts.
import { coxForest } from './cohort-forest.js';
import { h, table } from '../ui/dom.js';
import { selectField, setOptions, chooseOption, csvButton } from './cohort-controls.js';
import { displayOrder } from './cohort-order.js';
import { cumincPanel } from './cohort-cir.js';
import { kmOptionValues, applyKmOptions } from './cohort-km-options.js';
import { rCodeButton, coxRCode } from './cohort-rcode.js';
import { pText, formatP, num } from './cohort-format.js';
import { transplantPanel } from './cohort-transplant.js';
import { referencePanel } from './cohort-reference.js';
import { termTestsBlock, zphBlock } from './cohort-model-checks.js';
import { excludedColumns, excludedHint } from './cohort-choices.js';
import { renderCharacteristics } from './cohort-table1.js';

const STATUS_WORDS = {
  converged: 'converged',
  not_converged: 'did not converge in 20 iterations: the estimates below are not reliable',
  singular: 'singular: a covariate is redundant (a linear combination of others); its coefficient is NA, as in R',
  monotone_likelihood: 'monotone likelihood: a coefficient runs to infinity (e.g. no events in one level), ' +
    'so its hazard ratio is not shown',
};
// Canonical inputs that make a good default characteristics table and Cox model for a registry
// file (canonical names, docs/CLINICAL-INPUTS.md); the page uses the file's own header for each.
const TABLE1_ROWS = ['sex', 'kmt2a_status', 'pred_response', 'immunophenotype', 'cd10', 'cns_status'];
const TABLE1_BY = ['kmt2a_status', 'sex'];
const COX_DEFAULT = ['kmt2a_status', 'pred_response'];
// The choice "risk group the engine classifies from the columns" (request: 'risk_group' with
// the protocol chosen above), offered when the cohort can be classified.
const RISK = 'risk_group (classified)';
const RISK_LABEL = 'risk group (classified)';

const rowsWord = (n) => `${n} row${n === 1 ? '' : 's'}`;
const fixed3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'NA');

function note(text) {
  return h('p', { class: 'hint' }, text);
}

function errorBox(out, err) {
  // A Cancel is reported once, by the view; the panel just stays empty.
  if (err && err.message === 'cancelled') {
    out.replaceChildren();
    return;
  }
  out.replaceChildren(h('p', { class: 'cohort-message error', role: 'alert' }, `Could not run: ${err.message}.`));
}

// One part of an analyze reply: its result, or its error thrown.
function partOf(reply, name) {
  const r = reply.parts[name];
  if (!r) throw new Error(`the engine did not answer ${name}`);
  if (r.error !== undefined) throw new Error(r.error);
  return r;
}

// A plan that only reports `err` in `out`, with nothing to ask.
const failedPlan = (out, err) => ({ parts: {}, draw: () => errorBox(out, err) });

// Runs a panel's plan as one request (ctx.analyze) and draws it.
async function runPlan(ctx, label, p, out) {
  if (!Object.keys(p.parts).length) {
    p.draw(null);
    return;
  }
  let reply;
  try {
    reply = await ctx.withBusy(label, () => ctx.analyze(p.parts));
  } catch (err) {
    errorBox(out, err);
    return;
  }
  p.draw(reply);
}

// The file's header for each canonical name present in the engine's mapping.
function headersOf(mapping, names) {
  return names.map((n) => (mapping.find((m) => m.canonical === n) || {}).header).filter(Boolean);
}

// At most this many checkboxes are drawn at a time. A file of 10,000 columns drew 10,000 in each
// of two lists: about 0.7 s of the page's thread in one task, and more to lay them out. Past
// it, a search box finds any column by name, and ticked columns are always shown.
const MAX_CHECKS = 200;

// A fieldset of checkboxes, one per column (a name, or [value, label]). The ticks live in a Set,
// not in the DOM, since a long list draws only part of itself. Returns { el, ticked, tick }.
function checkList(legend, id, names, checked = []) {
  const items = names.map((n) => (Array.isArray(n) ? n : [n, n]));
  const known = new Set(items.map(([value]) => value));
  let ticks = new Set(checked.filter((v) => known.has(v)));
  const box = h('fieldset', { class: 'covariates', id }, h('legend', {}, legend));
  const checks = items.map(([value, label], i) => ({ value, label, i, el: null, input: null }));
  // Elements are made when first shown and then reused, so typing in the filter stays cheap.
  const make = (c) => {
    if (!c.el) {
      c.input = h('input', { type: 'checkbox', id: `${id}-${c.i}`, value: c.value });
      c.el = h('span', { class: 'check-item' }, c.input, h('label', { for: `${id}-${c.i}` }, c.label));
    }
    c.input.checked = ticks.has(c.value);
    return c.el;
  };
  box.addEventListener('change', (e) => {
    if (e.target.type !== 'checkbox') return;
    if (e.target.checked) ticks.add(e.target.value);
    else ticks.delete(e.target.value);
  });
  const drawn = h('div', { class: 'check-items' });
  const count = h('p', { class: 'hint check-count', id: `${id}-count`, 'aria-live': 'polite' });
  const filter = h('input', { type: 'search', id: `${id}-filter`, autocomplete: 'off', 'aria-describedby': `${id}-count` });
  function draw() {
    const q = filter.value.trim().toLowerCase();
    let matched = 0;
    const shown = checks.filter((c) => {
      const hit = !q || c.label.toLowerCase().includes(q) || c.value.toLowerCase().includes(q);
      if (hit) matched += 1;
      return (hit && matched <= MAX_CHECKS) || ticks.has(c.value);
    });
    drawn.replaceChildren(...shown.map(make));
    const found = !q ? `${items.length} columns` : matched ? `${matched} column${matched === 1 ? '' : 's'} match “${filter.value.trim()}”`
      : `No column matches “${filter.value.trim()}”`;
    count.textContent = `${found}${matched > MAX_CHECKS ? `: the first ${MAX_CHECKS} are shown; type ${q ? 'more of a' : 'part of a'} name to find the others` : ''}.` +
      `${ticks.size ? ` Ticked ones (${ticks.size}) are always shown.` : ''}`;
  }
  if (items.length > MAX_CHECKS) {
    filter.addEventListener('input', draw);
    box.append(h('div', { class: 'field check-filter' },
      h('label', { for: `${id}-filter` }, `Find a column by name (${items.length})`), filter, count), drawn);
    draw();
  } else {
    box.append(...checks.map(make));
  }
  return {
    el: box,
    // In the file's column order, as the request lists them.
    ticked: () => items.map(([value]) => value).filter((v) => ticks.has(v)),
    // Ticks exactly `values`; returns those the list does not have.
    tick(values) {
      ticks = new Set(values.filter((v) => known.has(v)));
      if (items.length > MAX_CHECKS) draw();
      else checks.forEach(make);
      return values.filter((v) => !known.has(v));
    },
  };
}

// ---- Cox -----------------------------------------------------------------------------------
function coxPanel(engine, ctx) {
  let box = checkList('Covariates', 'cohort-cox-covs', []);
  const boxSlot = h('div', {}, box.el);
  const ties = selectField('Ties', [['efron', 'Efron (R default)'], ['breslow', 'Breslow']], 'efron', { id: 'cohort-cox-ties' });
  const strata = selectField('Strata (a separate baseline hazard per level)', [['', '(none)']], '', { id: 'cohort-cox-strata' });
  // One reference-level choice per ticked categorical covariate, redrawn as ticks change.
  const refSlot = h('div', { class: 'field-row', id: 'cohort-cox-refs' });
  const refs = new Map();  // covariate -> chosen reference level ('' = R's default)
  let levelsOf = new Map();  // categorical covariate -> its levels (the risk group: clinical order)
  // An interaction between two ticked covariates (both stay in as main effects, as R requires).
  const interaction = selectField('Interaction (effect of one covariate depending on another)', [['', '(none)']], '', { id: 'cohort-cox-interaction' });
  const btn = h('button', { type: 'submit', id: 'cohort-cox-run' }, 'Fit Cox model');
  const out = h('div', { id: 'cohort-cox-out' });
  // Which columns are not offered as covariates, and why (cohort-choices.js).
  const coxHintSlot = h('div', {});
  const form = h('form', { class: 'cohort-form no-print', novalidate: true }, boxSlot, coxHintSlot, refSlot,
    h('div', { class: 'field-row' }, ties.wrap, strata.wrap, interaction.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-cox' },
    h('summary', {}, h('h3', {}, 'Cox proportional hazards model')),
    note('Uses the endpoint chosen above (the first, when there are two). A text column enters as indicator terms against a ' +
      'reference level: its alphabetically first level unless you choose another, as in R.'), form, out);
  function drawRefs() {
    // The risk group's levels follow the protocol chosen above (null until the engine has
    // classified the cohort: no reference to choose yet).
    if (levelsOf.has(RISK)) {
      const risk = ctx.getSettings().risk;
      levelsOf.set(RISK, (risk && risk.levels) || null);
    }
    const ticked = box.ticked().filter((c) => levelsOf.get(c));
    refSlot.replaceChildren(...ticked.map((c, i) => {
      const isRisk = c === RISK;
      const options = [...(isRisk ? [] : [['', 'first alphabetically (R default)']]), ...levelsOf.get(c).map((l) => [l, l])];
      const f = selectField(`Reference level of ${isRisk ? RISK_LABEL : c}`, options, refs.get(c) ?? options[0][0], { id: `cohort-cox-ref-${i}`, 'data-covariate': c });
      f.input.addEventListener('change', () => refs.set(c, f.input.value));
      return f.wrap;
    }));
  }
  // The pairs of ticked covariates, as "A|B".
  function drawInteractions() {
    const ticked = box.ticked();
    const name = (c) => (c === RISK ? RISK_LABEL : c);
    const pairs = ticked.flatMap((a, i) => ticked.slice(i + 1).map((b) => [`${a}|${b}`, `${name(a)} × ${name(b)}`]));
    setOptions(interaction.input, [['', '(none)'], ...pairs], interaction.input.value);
  }
  boxSlot.addEventListener('change', () => { drawRefs(); drawInteractions(); });
  function plan() {
    const s = ctx.getSettings();
    const chosen = box.ticked();
    const refuse = (text) => ({ parts: {}, draw: () => out.replaceChildren(h('p', { class: 'cohort-message error', role: 'alert' }, text)) });
    if (!chosen.length) return refuse('Tick at least one covariate.');
    const outcome = chosen.find((c) => !s.fromDates && (c === s.time || c === s.event));
    if (outcome) return refuse(`“${outcome}” is the ${outcome === s.time ? 'follow-up time' : 'event'} column of the analysis, not a covariate; untick it.`);
    if (chosen.includes(RISK) && !s.risk) {
      return refuse('The risk groups could not be classified under the protocol chosen above; untick the risk group.');
    }
    const st = strata.input.value;
    if (st && chosen.includes(st)) return refuse(`${st === RISK ? RISK_LABEL : st} is both a covariate and the strata; untick it or choose other strata.`);
    if (st === RISK && !s.risk) return refuse('The risk groups could not be classified under the protocol chosen above; choose other strata.');
    // The risk group enters against its lowest group (LR under Interfant-06), as the paper
    // reports it, unless another is chosen; a text column against the level chosen, if any.
    // Before the engine has classified the cohort, "risk_group" alone: the engine then takes
    // the lowest group it finds (risk_order).
    const covariates = chosen.map((c) => {
      const ref = refs.get(c);
      if (c === RISK) {
        if (!s.risk.levels) return 'risk_group';
        return `risk_group:${ref && s.risk.levels.includes(ref) ? ref : s.risk.levels[0]}`;
      }
      return ref ? `${c}:${ref}` : c;
    });
    // The interaction term and its test against the model without it (likelihood ratio).
    const picked = interaction.input.value ? interaction.input.value.split('|') : null;
    if (picked && !picked.every((c) => chosen.includes(c))) return refuse('An interaction needs both of its covariates ticked (as main effects).');
    const pair = picked && picked.map((c) => (c === RISK ? 'risk_group' : c));  // the engine's names
    if (pair) covariates.push(`${pair[0]}:${pair[1]}`);
    // With the proportional-hazards check (R's cox.zph), which the fit should not be read without.
    const req = { command: 'cox', ...s.base, covariates, ties: ties.input.value, conf_level: s.confLevel, zph: true };
    if (pair) req.test_terms = [`${pair[0]}:${pair[1]}`];
    if (chosen.includes(RISK) || st === RISK) req.protocol = s.risk.protocol;
    if (st) req.strata = st === RISK ? 'risk_group' : st;
    return {
      parts: { cox: req },
      draw(reply) {
        try {
          const ran = reply.requests.cox;
          renderCox(out, partOf(reply, 'cox'), ctx.settle(s), ctx.fileName(), ran.covariates, ran.ties, ran.strata || null, pair);
        } catch (err) { errorBox(out, err); }
      },
    };
  }
  const run = () => runPlan(ctx, 'Fitting the Cox model…', plan(), out);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  return {
    panel, run, plan, refresh: () => drawRefs(),
    configure(cols, guess, summary, mapping, hasDates, classifiable) {
      // Never the outcome (time, event, the endpoints' columns), a date or the patient id.
      const excluded = excludedColumns(summary, guess, mapping, hasDates);
      const usable = summary.columns.filter((c) => ['integer', 'number', 'boolean', 'categorical'].includes(c.type) &&
        !excluded.has(c.name)).map((c) => c.name);
      coxHintSlot.replaceChildren(excludedHint('cohort-cox-excluded', excluded));
      // The risk group alone by default: KMT2A status and prednisone response define it, so
      // beside it they would make the model singular.
      const defaults = classifiable ? [RISK] : hasDates ? headersOf(mapping, COX_DEFAULT).filter((n) => usable.includes(n)) : [];
      box = checkList('Covariates', 'cohort-cox-covs', [...(classifiable ? [[RISK, `${RISK_LABEL}, reference: the lowest group unless chosen below`]] : []), ...usable], defaults);
      boxSlot.replaceChildren(box.el);
      // Categorical columns (a few levels) can be references and strata; so can the risk group.
      const categorical = summary.columns.filter((c) => c.type === 'categorical' && c.levels && c.levels.length >= 2 && c.levels.length <= 30);
      levelsOf = new Map(categorical.map((c) => [c.name, c.levels]));
      if (classifiable) levelsOf.set(RISK, null);
      refs.clear();
      drawRefs();
      drawInteractions();
      setOptions(strata.input, [['', '(none)'], ...(classifiable ? [[RISK, RISK_LABEL]] : []), ...categorical.map((c) => [c.name, c.name])], '');
    },
    values: () => ({ covariates: box.ticked(), ties: ties.input.value, references: Object.fromEntries([...refs].filter(([, v]) => v)), strata: strata.input.value, interaction: interaction.input.value }),
    apply(v) {
      const skipped = Array.isArray(v.covariates) ? box.tick(v.covariates).map((n) => `covariate “${n}”`) : [];
      if (v.ties === 'efron' || v.ties === 'breslow') ties.input.value = v.ties;
      if (v.references && typeof v.references === 'object') {
        for (const [c, l] of Object.entries(v.references)) {
          if (levelsOf.has(c) && levelsOf.get(c).includes(l)) refs.set(c, l);
          else skipped.push(`reference level “${l}” of ${c}`);
        }
      }
      if (typeof v.strata === 'string' && v.strata && !chooseOption(strata.input, v.strata)) skipped.push(`Cox strata “${v.strata}”`);
      drawRefs();
      drawInteractions();
      if (typeof v.interaction === 'string' && v.interaction && !chooseOption(interaction.input, v.interaction)) skipped.push(`Cox interaction “${v.interaction.replace('|', ' × ')}”`);
      return skipped;
    },
  };
}

function renderCox(out, r, s, fileName, covariates, ties, strata, pair = null) {
  const level = Math.round((r.conf_level || 0.95) * 100);
  const ciWords = (t) => (Number.isFinite(t.lower) ? `${num(t.lower)}–${num(t.upper)}` : 'NA');
  // A fit that did not converge: every inferential number is marked (the engine's
  // "reliable": false), not only the status line.
  const mark = (t, text) => (t.reliable === false ? `${text} (unreliable)` : text);
  const rows = r.terms.map((t) => [t.name, { text: Number.isFinite(t.hr) ? num(t.hr) : 'NA', data: { hr: t.hr ?? 'NA' } },
    mark(t, ciWords(t)), mark(t, formatP(t.p)), fixed3(t.coef), mark(t, fixed3(t.se))]);
  const status = r.status === 'converged' ? null
    : h('p', { class: 'cohort-message error', role: 'alert', id: 'cohort-cox-status' }, `Model status: ${STATUS_WORDS[r.status] || r.status}. ${r.message || ''}`);
  const tt = r.tests;
  const csv = csvButton('Cox model table', 'cox', () => ({
    header: ['term', 'coef', 'se', 'hr', 'lower', 'upper', 'z', 'p'],
    rows: r.terms.map((t) => [t.name, t.coef, t.se, t.hr, t.lower, t.upper, t.z, t.p]),
  }));
  csv.id = 'cohort-cox-export-csv';
  const what = s.fromDates ? s.ep.toUpperCase() : `time “${s.time}”, event “${s.event}”`;
  const strataWords = strata ? `, stratified by ${strata === 'risk_group' ? `${s.risk.name} risk group` : strata}` : '';
  const title = `Cox model of ${what} (${r.ties} ties${strataWords}): n = ${r.n}, ${r.events} events`;
  // The forest plot (cohort-forest.js; the table is its text alternative).
  const forest = coxForest(r, s, { level, title, fileName });
  out.replaceChildren(...[status].filter(Boolean),
    table(title, ['Term', 'Hazard ratio', `${level}% CI`, 'p', 'coef', 'SE'], rows, { class: 'data-table', id: 'cohort-cox-table' }),
    h('p', { class: 'test-result', id: 'cohort-cox-tests' },
      `Likelihood ratio test ${num(tt.lr.stat)} on ${tt.lr.df} df, ${pText(tt.lr.p)}; Wald ${num(tt.wald.stat)}, ${pText(tt.wald.p)}; ` +
      `score (log-rank) ${num(tt.score.stat)}, ${pText(tt.score.p)}. Concordance ${num(r.concordance, 3)} (SE ${num(r.concordance_se, 3)}). ` +
      `${r.inference_reliable === false ? 'These tests are unreliable: the fit did not converge. ' : ''}` +
      `${r.n_excluded ? `${rowsWord(r.n_excluded)} excluded (file rows ${(r.excluded_rows || []).slice(0, 15).join(', ')}).` : 'No rows excluded.'}` +
      `${r.endpoint ? ` ${r.endpoint.settings}.` : ''} Source: ${fileName}.`),
    h('div', { class: 'actions' }, csv),
    forest.figure, forest.buttons,
    termTestsBlock(r),
    zphBlock(r.zph, s, fileName),
    rCodeButton('cohort-rcode-cox', 'Cox model', () => coxRCode(s, covariates, ties, strata, pair), 'cox'));
}

// ---- characteristics table -------------------------------------------------------------------
function crosstabPanel(engine, ctx) {
  let box = checkList('Characteristics (rows)', 'cohort-xt-rows', []);
  const boxSlot = h('div', {}, box.el);
  const colSel = selectField('By (columns)', [], undefined, { id: 'cohort-xt-col' });
  const btn = h('button', { type: 'submit', id: 'cohort-xt-run' }, 'Tabulate');
  const out = h('div', { id: 'cohort-xt-out' });
  // Which columns are not offered, and why; which offered ones are numbers (median, IQR).
  const xtHintSlot = h('div', {});
  let numeric = new Set();
  const form = h('form', { class: 'cohort-form no-print', novalidate: true }, boxSlot, xtHintSlot, h('div', { class: 'field-row' }, colSel.wrap), h('div', { class: 'actions' }, btn));
  const panel = h('details', { class: 'further', id: 'cohort-crosstab' },
    h('summary', {}, h('h3', {}, 'Characteristics by group (chi-square, Fisher, Wilcoxon or Kruskal-Wallis)')), form, out);
  function plan() {
    const s = ctx.getSettings();
    const col = colSel.input.value;
    const rows = box.ticked().filter((r) => r !== col);
    if (!col) return failedPlan(out, new Error('choose a column to compare by'));
    if (!rows.length) return failedPlan(out, new Error('tick at least one characteristic other than the “by” column'));
    if (col === RISK && !s.risk) return failedPlan(out, new Error('the risk groups could not be classified under the protocol chosen above; choose another column'));
    // By risk group: the engine classifies each row under the protocol chosen above.
    const by = col === RISK ? { col: 'risk_group', protocol: s.risk.protocol } : { col };
    // A number column (age, WBC) is described (median, IQR, rank test), the others tabulated.
    const kindOf = (row) => (numeric.has(row) ? 'numeric' : 'categorical');
    const parts = Object.fromEntries(rows.map((row, i) => (kindOf(row) === 'numeric'
      ? [`describe_${i}`, { command: 'describe', var: row, by: by.col, ...(by.protocol ? { protocol: by.protocol } : {}) }]
      : [`crosstab_${i}`, { command: 'crosstab', row, ...by }])));
    return {
      parts,
      draw(reply) {
        try {
          const results = rows.map((row, i) => ({ kind: kindOf(row), r: partOf(reply, `${kindOf(row) === 'numeric' ? 'describe' : 'crosstab'}_${i}`) }));
          const big = results.find((x) => x.kind === 'categorical' && (x.r.row_levels.length > 30 || x.r.col_levels.length > 30));
          if (big) {
            throw new Error(`${big.r.row} by ${big.r.col} has ${big.r.row_levels.length} × ${big.r.col_levels.length} levels, too many for a table of characteristics; choose columns with a few categories`);
          }
          renderCharacteristics(out, results, col === RISK ? null : col, ctx.settle(s), ctx.fileName());
        } catch (err) { errorBox(out, err); }
      },
    };
  }
  const run = () => runPlan(ctx, 'Tabulating characteristics…', plan(), out);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  return {
    panel, run, plan,
    configure(cols, guess, summary, mapping, hasDates, classifiable) {
      // Categories (n, %) and numbers (median, IQR); never the outcome, a date or the patient id.
      const excluded = excludedColumns(summary, guess, mapping, hasDates);
      const cat = summary.columns.filter((c) => ['categorical', 'boolean', 'integer'].includes(c.type) &&
        !excluded.has(c.name) && (c.type !== 'integer' || (c.levels || []).length <= 12)).map((c) => c.name);
      numeric = new Set(summary.columns.filter((c) => (c.type === 'number' || (c.type === 'integer' && !cat.includes(c.name))) &&
        !excluded.has(c.name)).map((c) => c.name));
      xtHintSlot.replaceChildren(excludedHint('cohort-xt-excluded', excluded));
      // Interfant-06 Table 1 is by risk group: the default whenever the rows can be classified.
      const by = classifiable ? RISK : (hasDates ? headersOf(mapping, TABLE1_BY) : []).find((n) => cat.includes(n)) ||
        (cat.includes(guess.group) ? guess.group : cat[0]);
      const rows = hasDates ? headersOf(mapping, TABLE1_ROWS).filter((n) => (cat.includes(n) || numeric.has(n)) && n !== by)
        : [cat.find((c) => c !== by && c !== guess.event) || cat[0]].filter(Boolean);
      box = checkList('Characteristics (rows)', 'cohort-xt-rows', [...cat, ...numeric], rows);
      boxSlot.replaceChildren(box.el);
      setOptions(colSel.input, [...(classifiable ? [[RISK, `${RISK_LABEL[0].toUpperCase()}${RISK_LABEL.slice(1)}`]] : []), ...cat.map((c) => [c, c])], by);
    },
    values: () => ({ rows: box.ticked(), by: colSel.input.value }),
    apply(v) {
      const skipped = Array.isArray(v.rows) ? box.tick(v.rows).map((n) => `characteristic “${n}”`) : [];
      if (v.by !== undefined) {
        if (!chooseOption(colSel.input, v.by)) skipped.push(`characteristics by “${v.by}”`);
      }
      return skipped;
    },
  };
}

// Mounts the three panels; configure() is called after each import with the new columns.
export function mountFurtherAnalyses(root, engine, ctx) {
  const named = { cuminc: cumincPanel(ctx, { note, errorBox, runPlan, partOf, failedPlan }), cox: coxPanel(engine, ctx), characteristics: crosstabPanel(engine, ctx),
    transplant: transplantPanel(ctx, { note, errorBox, runPlan }),
    reference: referencePanel(ctx, { note, errorBox, runPlan, partOf }),
    // The Kaplan-Meier figures' options (cohort-km-options.js), saved with the settings.
    km_figures: { values: kmOptionValues, apply: applyKmOptions } };
  const panels = [named.cuminc, named.characteristics, named.cox, named.transplant, named.reference];
  root.replaceChildren(h('h2', { id: 'cohort-more-h' }, 'Further analyses'), ...panels.map((p) => p.panel));
  return {
    // One panel per task (a panel's column lists are ~100 ms with 10,000 columns).
    // current(): false once the view has moved on (a Cancel); the rest is then left as it is.
    async configure(summary, guess, mapping = [], hasDates = false, classifiable = false, current = () => true) {
      const cols = summary.columns.map((c) => c.name);
      for (const [i, p] of panels.entries()) {
        if (i > 0) await new Promise((resolve) => { setTimeout(resolve, 0); });
        if (!current()) return;
        p.configure(cols, guess, summary, mapping, hasDates, classifiable);
        p.panel.querySelector('[id$="-out"]').replaceChildren();
        p.panel.open = false;
      }
    },
    // Opens and runs every panel in turn; a Cancel (a new epoch) stops the rest.
    async runAll(epoch) {
      for (const p of panels) {
        if (epoch !== undefined && epoch !== ctx.epoch()) return;
        p.panel.open = true;
        await p.run();
      }
    },
    // Every panel's requests as parts of the first screen's one request, and how to draw the
    // reply: draw(reply) opens each panel with its result.
    firstScreen() {
      const plans = panels.map((p) => p.plan());
      return {
        parts: Object.assign({}, ...plans.map((p) => p.parts)),
        // One panel per task; stops when current() says the view has moved on (a Cancel).
        async draw(reply, current = () => true) {
          for (const [i, p] of panels.entries()) {
            if (!current()) return;
            p.panel.open = true;
            plans[i].draw(reply);
            await new Promise((resolve) => { setTimeout(resolve, 0); });
          }
        },
      };
    },
    // Redraws what depends on the risk groups' levels, once the engine has classified.
    refresh() {
      named.cox.refresh();
    },
    values: () => Object.fromEntries(Object.entries(named).map(([k, p]) => [k, p.values()])),
    apply(v) {
      return Object.entries(named).flatMap(([k, p]) => (v[k] ? p.apply(v[k]) : []));
    },
  };
}
