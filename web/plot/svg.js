// The one helper the plots share: an SVG element with its attributes (null, undefined and ''
// left out) and optional text.
export const NS = 'http://www.w3.org/2000/svg';

export function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  }
  if (text !== undefined) node.textContent = text;
  return node;
}
