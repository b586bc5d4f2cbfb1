// Forest plot of a Cox model: one row per term, the hazard ratio as a square and its confidence
// interval as a line, on a log scale with the no-effect line at 1, the numbers written beside
// each row. A pure drawing function: the engine's terms in, an <svg> element out.

import { scaleLog } from 'd3-scale';
import { NS, el } from './svg.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const fmtTick = (v) => String(+v.toPrecision(3));

/**
 * spec = {
 *   rows: [{label, hr, lower, upper, text, count?, reference?, term? (the engine's name, data-name)}] (text: "1.85 (1.40–2.45)",
 *          written at the right; count: "167 / 42", n and events of the level; a reference row
 *          gets a hollow marker at 1; a row without a finite hr and limits is listed with its
 *          text and no marker),
 *   xLabel, textHeader, countHeader (with counts), title (for <title>), desc (for <desc>)
 * }
 */
export function plotForest(spec) {
  const font = 13;
  const rowH = 26;
  const labelW = 16 + 7.2 * Math.max(8, ...spec.rows.map((r) => r.label.length));
  const counted = spec.rows.some((r) => r.count);
  const countW = counted ? 16 + 7.2 * Math.max((spec.countHeader || '').length, ...spec.rows.map((r) => (r.count || '').length)) : 0;
  const textW = 16 + 7.2 * Math.max(12, ...spec.rows.map((r) => (r.text || '').length));
  const plotW = 360;
  const m = { top: 30, bottom: 52 };
  // Columns: label, n / events, the plot, the numbers.
  const plotX = labelW + countW;
  const width = plotX + plotW + textW;
  const height = m.top + rowH * spec.rows.length + m.bottom;
  // The axis covers every drawn limit and 1, widened to round powers where d3 finds them.
  const drawn = spec.rows.filter((r) => finite(r.hr) && finite(r.lower) && finite(r.upper));
  const lo = Math.min(1, ...drawn.map((r) => r.lower));
  const hi = Math.max(1, ...drawn.map((r) => r.upper));
  const xs = scaleLog().domain([lo === hi ? lo / 2 : lo, lo === hi ? hi * 2 : hi]).range([plotX, plotX + plotW]).nice();
  const sx = (v) => +xs(v).toFixed(2);
  const yOf = (i) => m.top + rowH * i + rowH / 2;

  const svg = el('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'forest-plot',
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', 'font-size': font, fill: 'currentColor',
  });
  svg.append(el('title', {}, spec.title || 'Forest plot'));
  if (spec.desc) svg.append(el('desc', {}, spec.desc));

  const axisY = m.top + rowH * spec.rows.length + 4;
  const axes = el('g', { stroke: 'currentColor', 'stroke-width': 1 });
  axes.append(el('line', { x1: plotX, x2: plotX + plotW, y1: axisY, y2: axisY }));
  // A readable number of labelled ticks whatever the span: d3's log ticks over several decades
  // are dozens, so keep 1-2-5 steps, then powers of ten only.
  const leading = (t) => Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
  let ticks = xs.ticks(6);
  if (ticks.length > 9) ticks = ticks.filter((t) => [1, 2, 5].includes(leading(t)));
  if (ticks.length > 9) ticks = ticks.filter((t) => leading(t) === 1);
  for (const t of ticks) {
    axes.append(el('line', { x1: sx(t), x2: sx(t), y1: axisY, y2: axisY + 5 }));
    svg.append(el('text', { x: sx(t), y: axisY + 19, 'text-anchor': 'middle' }, fmtTick(t)));
  }
  // No effect: the dashed line at a hazard ratio of 1.
  axes.append(el('line', { x1: sx(1), x2: sx(1), y1: m.top - 6, y2: axisY, 'stroke-dasharray': '4 3', class: 'forest-null' }));
  svg.append(axes);
  svg.append(el('text', { x: plotX + plotW / 2, y: axisY + 40, 'text-anchor': 'middle', 'font-weight': 600 }, spec.xLabel || 'Hazard ratio (log scale)'));
  svg.append(el('text', { x: 4, y: m.top - 12, 'font-weight': 600 }, spec.labelHeader || 'Term'));
  if (counted) svg.append(el('text', { x: labelW + 4, y: m.top - 12, 'font-weight': 600 }, spec.countHeader || 'n / events'));
  svg.append(el('text', { x: plotX + plotW + 12, y: m.top - 12, 'font-weight': 600 }, spec.textHeader || 'HR (CI)'));

  spec.rows.forEach((r, i) => {
    const y = yOf(i);
    const g = el('g', { class: `forest-row${r.reference ? ' forest-reference' : ''}`, 'data-term': r.label, 'data-name': r.term || null, 'data-hr': finite(r.hr) ? r.hr : 'NA' });
    g.append(el('text', { x: 4, y: y + 4, class: 'forest-label' }, r.label));
    if (r.count) g.append(el('text', { x: labelW + 4, y: y + 4, class: 'forest-count', 'font-variant-numeric': 'tabular-nums' }, r.count));
    if (r.reference) {
      g.append(el('rect', { x: sx(1) - 5, y: y - 5, width: 10, height: 10, fill: 'none', stroke: '#0072B2', 'stroke-width': 1.5, class: 'forest-ref-point' }));
    } else if (finite(r.hr) && finite(r.lower) && finite(r.upper)) {
      g.append(el('line', { x1: sx(r.lower), x2: sx(r.upper), y1: y, y2: y, stroke: 'currentColor', 'stroke-width': 1.5 }));
      g.append(el('rect', { x: sx(r.hr) - 5, y: y - 5, width: 10, height: 10, fill: '#0072B2', class: 'forest-point' }));
    }
    g.append(el('text', { x: plotX + plotW + 12, y: y + 4, 'font-variant-numeric': 'tabular-nums', class: 'forest-text' }, r.text || 'NA'));
    svg.append(g);
  });
  return svg;
}
