// The log-minus-log plot of Kaplan-Meier curves, as R's plot(fit, fun = "cloglog"): log(-log S)
// against time on a log axis. Under proportional hazards the groups' curves are parallel (a
// constant vertical distance, the log hazard ratio); crossing or converging curves say the
// hazards are not proportional. A pure drawing function: the engine's curves in, an <svg> out;
// steps where 0 < S < 1 only (log(-log S) has no value at 1 or 0).

import { scaleLinear, scaleLog } from 'd3-scale';
import { PALETTE } from './plot-km.js';
import { NS, el } from './svg.js';

const fmt = (v) => String(+v.toPrecision(3));

/** spec = { curves: [{ label, time (units shown), surv }], xLabel, title, desc } */
export function plotLogLog(spec) {
  const width = 560;
  const height = 320;
  const m = { left: 60, right: 150, top: 20, bottom: 48 };
  const series = spec.curves.map((c) => c.time.map((t, i) => [t, c.surv[i]])
    .filter(([t, s]) => t > 0 && s > 0 && s < 1).map(([t, s]) => [t, Math.log(-Math.log(s))]));
  const all = series.flat();
  const svg = el('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'loglog-plot',
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', 'font-size': 12, fill: 'currentColor',
  });
  svg.append(el('title', {}, spec.title));
  if (spec.desc) svg.append(el('desc', {}, spec.desc));
  if (!all.length) return svg;
  const xs = scaleLog().domain([Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))]).range([m.left, width - m.right]).nice();
  const ys = scaleLinear().domain([Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))]).range([height - m.bottom, m.top]).nice();
  const X = (v) => +xs(v).toFixed(2);
  const Y = (v) => +ys(v).toFixed(2);
  const base = height - m.bottom;
  const axes = el('g', { stroke: 'currentColor', 'stroke-width': 1 });
  axes.append(el('line', { x1: m.left, x2: width - m.right, y1: base, y2: base }));
  axes.append(el('line', { x1: m.left, x2: m.left, y1: m.top, y2: base }));
  svg.append(axes);
  const ticks = xs.ticks(6).filter((t) => [1, 2, 5].includes(Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9))));
  for (const t of ticks) {
    axes.append(el('line', { x1: X(t), x2: X(t), y1: base, y2: base + 4 }));
    svg.append(el('text', { x: X(t), y: base + 17, 'text-anchor': 'middle' }, fmt(t)));
  }
  for (const t of ys.ticks(5)) {
    axes.append(el('line', { x1: m.left - 4, x2: m.left, y1: Y(t), y2: Y(t) }));
    svg.append(el('text', { x: m.left - 7, y: Y(t) + 4, 'text-anchor': 'end' }, fmt(t)));
  }
  svg.append(el('text', { x: (m.left + width - m.right) / 2, y: height - 10, 'text-anchor': 'middle' }, spec.xLabel));
  svg.append(el('text', { x: 14, y: (m.top + base) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(m.top + base) / 2})` }, 'log(−log survival)'));
  series.forEach((pts, i) => {
    if (!pts.length) return;
    const colour = PALETTE[i % PALETTE.length];
    // A step function: flat until the next time, then up.
    const d = pts.map(([t, y], k) => (k === 0 ? `M${X(t)},${Y(y)}` : `H${X(t)}V${Y(y)}`)).join('');
    svg.append(el('path', { d, fill: 'none', stroke: colour, 'stroke-width': 2, class: 'loglog-curve', 'data-group': spec.curves[i].label }));
    const ly = m.top + 10 + 18 * i;
    svg.append(el('line', { x1: width - m.right + 12, x2: width - m.right + 32, y1: ly, y2: ly, stroke: colour, 'stroke-width': 2 }));
    svg.append(el('text', { x: width - m.right + 38, y: ly + 4 }, spec.curves[i].label));
  });
  return svg;
}
