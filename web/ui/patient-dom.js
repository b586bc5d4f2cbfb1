// Tiny DOM helpers for the patient view. Data always goes in as textContent, never as HTML,
// so nothing typed or returned by the engine can inject markup (strict CSP: SECURITY.md).

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of [].concat(children)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function table(caption, headers, rows, className = '') {
  const thead = el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h }))));
  const tbody = el('tbody', {}, rows);
  return el('table', { className: `pv-table ${className}`.trim() },
    [caption ? el('caption', { text: caption }) : null, thead, tbody]);
}

export function list(items, className = '') {
  return el('ul', { className }, items.map((i) => el('li', {}, i)));
}
