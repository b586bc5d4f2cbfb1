// The page's DOM helpers, shared by the views: elements with text (never innerHTML, so nothing
// typed, read from a file or returned by the engine can inject markup: strict CSP, SECURITY.md),
// lists, tables, and file downloads through a Blob and <a download> (nothing leaves the machine).

// h('p', {class: 'x'}, 'text', child, ...): attributes set with setAttribute, strings as text.
// A child may be an array of children; null, undefined and false are left out, of attributes too.
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

// A bulleted list: one item per entry (text, an element, or an array of them).
export function list(items, className = '') {
  return h('ul', { class: className }, items.map((i) => h('li', {}, i)));
}

// A table: caption (none when empty), header row, and body rows, each a <tr> element or an array
// of cells (text, or {text, title, data}) whose first cell heads its row.
export function table(caption, header, rows, attrs = {}) {
  const row = (r) => h('tr', {}, r.map((c, i) => {
    const cell = typeof c === 'object' && c !== null ? c : { text: c };
    const tag = i === 0 ? 'th' : 'td';
    return h(tag, { scope: i === 0 ? 'row' : null, dataset: cell.data, title: cell.title }, cell.text ?? '');
  }));
  return h('table', attrs, caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, header.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => (Array.isArray(r) ? row(r) : r))));
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
