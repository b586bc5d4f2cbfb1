// The proportional-hazards check of one Cox term, as R's plot(cox.zph(fit)) draws it: the scaled
// Schoenfeld residuals (an estimate of the coefficient at each event time) against transformed
// time, with the spline smooth and its ±2 SE band. A flat smooth means a constant coefficient
// (proportional hazards). A pure drawing function: the engine's zph numbers in, an <svg> out.

import { scaleLinear } from 'd3-scale';
import { NS, el } from './svg.js';

const fin = (v) => typeof v === 'number' && Number.isFinite(v);
const fmt = (v) => String(+v.toPrecision(3));

/**
 * spec = { term, x, y (one per event), time (one per event, in the units shown),
 *          smooth: { x (grid), fit, lower, upper } or null, xLabel, title, desc }
 */
export function plotZph(spec) {
  const width = 380;
  const height = 260;
  const m = { left: 56, right: 12, top: 26, bottom: 48 };
  const pts = spec.x.map((x, i) => [x, spec.y[i]]).filter(([x, y]) => fin(x) && fin(y));
  const band = spec.smooth ? [...spec.smooth.lower, ...spec.smooth.upper].filter(fin) : [];
  const ys = [...pts.map((p) => p[1]), ...band];
  const xs = pts.map((p) => p[0]);
  const sx = scaleLinear().domain([Math.min(...xs), Math.max(...xs)]).range([m.left, width - m.right]).nice();
  const sy = scaleLinear().domain([Math.min(...ys), Math.max(...ys)]).range([height - m.bottom, m.top]).nice();
  const X = (v) => +sx(v).toFixed(2);
  const Y = (v) => +sy(v).toFixed(2);

  const svg = el('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'zph-plot', 'data-term': spec.term,
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', 'font-size': 12, fill: 'currentColor',
  });
  svg.append(el('title', {}, spec.title));
  if (spec.desc) svg.append(el('desc', {}, spec.desc));
  const axes = el('g', { stroke: 'currentColor', 'stroke-width': 1 });
  const base = height - m.bottom;
  axes.append(el('line', { x1: m.left, x2: width - m.right, y1: base, y2: base }));
  axes.append(el('line', { x1: m.left, x2: m.left, y1: m.top, y2: base }));
  svg.append(axes);
  // x ticks at the transformed positions, labelled with the time of the nearest event.
  for (const t of sx.ticks(5)) {
    let k = 0;
    xs.forEach((x, i) => { if (Math.abs(x - t) < Math.abs(xs[k] - t)) k = i; });
    const tm = spec.time[spec.x.indexOf(xs[k])];
    axes.append(el('line', { x1: X(t), x2: X(t), y1: base, y2: base + 4 }));
    svg.append(el('text', { x: X(t), y: base + 17, 'text-anchor': 'middle' }, fin(tm) ? fmt(tm) : ''));
  }
  for (const t of sy.ticks(5)) {
    axes.append(el('line', { x1: m.left - 4, x2: m.left, y1: Y(t), y2: Y(t) }));
    svg.append(el('text', { x: m.left - 7, y: Y(t) + 4, 'text-anchor': 'end' }, fmt(t)));
  }
  svg.append(el('text', { x: (m.left + width - m.right) / 2, y: height - 10, 'text-anchor': 'middle' }, spec.xLabel));
  svg.append(el('text', { x: 14, y: (m.top + base) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(m.top + base) / 2})` },
    `Beta(t) for ${spec.term}`));
  const dots = el('g', { class: 'zph-points', fill: '#999999' });
  for (const [x, y] of pts) dots.append(el('circle', { cx: X(x), cy: Y(y), r: 1.8 }));
  svg.append(dots);
  if (spec.smooth) {
    const line = (vals) => spec.smooth.x.map((x, i) => (fin(vals[i]) ? `${X(x)},${Y(vals[i])}` : null)).filter(Boolean).join(' ');
    svg.append(el('polyline', { points: line(spec.smooth.fit), fill: 'none', stroke: '#0072B2', 'stroke-width': 2, class: 'zph-smooth' }));
    for (const b of [spec.smooth.lower, spec.smooth.upper]) {
      svg.append(el('polyline', { points: line(b), fill: 'none', stroke: '#0072B2', 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
    }
  }
  return svg;
}
