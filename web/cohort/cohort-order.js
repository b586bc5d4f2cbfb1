// The order groups are shown in. The engine sorts group labels by byte value (R's factor()
// default), which puts risk groups as HR < LR < MR; a reader expects them low to high. This
// file only reorders labels the engine returned: it never changes a number.

// Risk-group vocabularies of the five protocols, each from lowest to highest risk.
const RISK_ORDERS = [
  ['LR', 'MR', 'HR'], ['LR', 'IR', 'HR'], ['SR', 'IR', 'HR'], ['SR', 'MR', 'HR'],
  ['SR', 'HR'], ['LR', 'HR'],
];

// The clinical order of `labels` when every label belongs to one risk vocabulary (any subset,
// e.g. only LR and HR present); otherwise null.
export function clinicalOrder(labels) {
  const g = labels.map(String);
  for (const order of RISK_ORDERS) {
    if (g.length >= 2 && g.every((v) => order.includes(v))) return order.filter((v) => g.includes(v));
  }
  return null;
}

// Numeric labels ordered by value; risk groups in clinical order; anything else as given.
export function displayOrder(labels) {
  const g = [...new Set(labels.map(String))];
  const clinical = clinicalOrder(g);
  if (clinical) return clinical;
  if (g.length && g.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))) {
    return [...g].sort((a, b) => Number(a) - Number(b));
  }
  return g;
}

// Items (curves, rows) sorted by the display order of their group label; stable otherwise.
export function sortByGroup(items, groupOf = (x) => x.group) {
  const order = displayOrder(items.map(groupOf));
  const rank = new Map(order.map((v, i) => [v, i]));
  return items.map((x, i) => [x, i])
    .sort(([a, i], [b, j]) => (rank.get(String(groupOf(a))) - rank.get(String(groupOf(b)))) || i - j)
    .map(([x]) => x);
}

// True when the groups' order means something for a trend test: numbers ascending, or a risk
// vocabulary low to high.
export function isOrdered(groups) {
  const g = groups.map(String);
  const clinical = clinicalOrder(g);
  if (clinical) return clinical.every((v, i) => v === g[i]);
  if (g.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))) {
    return g.every((v, i) => i === 0 || Number(g[i - 1]) < Number(v));
  }
  return false;
}
