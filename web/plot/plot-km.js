// Kaplan-Meier (or cumulative incidence) step plot with a number-at-risk table beneath it, in the
// KMunicate layout. A pure drawing function: plain arrays in, an <svg> element out. It never
// estimates anything; every number it draws comes from the engine's result.

import { scaleLinear } from 'd3-scale';
import { NS, el } from './svg.js';


// Okabe-Ito, ordered for contrast on white and on dark backgrounds (yellow left out: it
// disappears on white). Each curve also gets its own dash pattern, so colour is never the only cue.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
export const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 2', '12 4', '1 2'];

// The time axis's ticks come with the result (the engine's axis_ticks: d3's nice ticks over
// the follow-up, computed in contract/src/axis_ticks.cpp); this file only draws them.

const fmtTick = (v) => String(+v.toPrecision(6));
// A curve may name its own colour and dash (e.g. colour per group, dash per cause).
const colourOf = (c, k) => c.colour || PALETTE[k % PALETTE.length];
const dashOf = (c, k) => (c.dash !== undefined ? c.dash : DASHES[k % DASHES.length]);

// The step function through (0, y0) and each (t[i], y[i]), up to xEnd, as SVG path data.
function stepPath(t, y, y0, xEnd, sx, sy) {
  let d = `M${sx(0)},${sy(y0)}`;
  let prev = y0;
  for (let i = 0; i < t.length; i += 1) {
    if (y[i] === null || y[i] === undefined) continue;
    d += `H${sx(t[i])}`;
    if (y[i] !== prev) d += `V${sy(y[i])}`;
    prev = y[i];
  }
  return `${d}H${sx(xEnd)}`;
}

// Confidence band as one polygon per stretch where both limits exist (limits are null where the
// engine reports NA, e.g. log-log at S = 1): upper edge forwards, lower edge backwards.
function bandPaths(t, lower, upper, xEnd, sx, sy) {
  const paths = [];
  let run = [];
  const flush = (endX) => {
    if (run.length) {
      const up = run.map((p, i) => `${i ? 'H' : 'M'}${sx(p.t)}${i ? '' : `,${sy(p.u)}`}V${sy(p.u)}`);
      const last = run[run.length - 1];
      let d = `${up.join('')}H${sx(endX)}V${sy(last.l)}`;
      for (let i = run.length - 1; i >= 0; i -= 1) {
        d += `H${sx(run[i].t)}`;
        if (i > 0) d += `V${sy(run[i - 1].l)}`;
      }
      paths.push(`${d}Z`);
    }
    run = [];
  };
  for (let i = 0; i < t.length; i += 1) {
    const ok = lower[i] !== null && upper[i] !== null && lower[i] !== undefined &&
      upper[i] !== undefined;
    if (ok) run.push({ t: t[i], l: lower[i], u: upper[i] });
    else flush(t[i]);
  }
  flush(xEnd);
  return paths;
}

// Digits are ~0.6 em wide in the fonts the figure names; 4 px stay free between neighbours.
const DIGIT_EM = 0.62;
const abbreviate = (v) => {
  if (Math.abs(v) < 10000) return String(v);
  if (Math.abs(v) < 1e6) return `${+(v / 1000).toFixed(Math.abs(v) < 1e5 ? 1 : 0)}k`;
  return `${+(v / 1e6).toFixed(1)}M`;
};
// How the counts are written: in full when the widest fits the columns, else abbreviated, and the
// font made smaller until the widest fits (never below 7 px; then the columns are too many).
function riskFit(values, gap, font) {
  const widest = (f) => Math.max(1, ...values.map((v) => f(v).length));
  const room = gap - 4;
  if (widest(String) * DIGIT_EM * font <= room) return { text: String, size: font };
  const w = widest(abbreviate);
  const size = Math.max(7, Math.min(font, Math.floor(room / (w * DIGIT_EM))));
  return { text: abbreviate, size };
}

/**
 * Draws the figure.
 * spec = {  (legendPosition: 'top-right' (default) or 'top-left': the first corner tried)
 *   curves: [{label, time[], y[], lower?[], upper?[], band?: {time[], lower[], upper[]},
 *             censor?: [[time, y], ...] (censor marks),
 *             end (last time to draw), legend (e.g. "Male (n = 138, 112 events)"),
 *             colour?, dash? (override the palette by index)}],
 *   y0: 1 for survival, 0 for cumulative incidence;
 *   xMax, xTicks[] (display units), xScale (column units per display unit), xLabel, yLabel,
 *   showCi, risk: {title, rows: [counts per tick, one array per curve],
 *          extra?: [{name: 'Censored', rows: [...]}, {name: 'Events', rows: [...]}] (KMunicate's
 *          cumulative rows under each curve's at-risk row)} or null,
 *   title (for <title>), desc (for <desc>), legendNote,
 *   heading? (a visible title above the plot), yMax? (default 1), yPercent? (default true:
 *   y labelled 0-100; false: the values themselves, e.g. a cumulative hazard),
 *   medians?: [{x, y, colour}] (dotted lines from the y axis to the curve and down to the x axis),
 *   risk.series?: [{label, colour, dash}] (rows of the risk table when they are not the curves',
 *          e.g. one per group under curves per group and cause)
 * }
 */
export function plotKm(spec) {
  const n = spec.curves.length;
  const scale = spec.xScale || 1;
  const font = 13;
  // Room for the risk-table labels left of x = 0 (22 px line sample, text, half a count).
  const extra = (spec.risk && spec.risk.extra) || [];
  const series = spec.risk ? (spec.risk.series || spec.curves.map((c, k) => ({ label: c.label, colour: colourOf(c, k), dash: dashOf(c, k) }))) : [];
  const labelW = 22 + 7.4 * Math.max(0, ...series.map((c) => c.label.length), ...extra.map((e) => e.name.length + 2)) + 26;
  // (Without a risk table only the y axis needs room.)
  const m = { top: spec.heading ? 44 : 22, right: 28, bottom: 52, left: spec.risk ? Math.max(68, labelW) : 68 };
  const plotW = 620;
  const plotH = 340;
  const riskRows = spec.risk ? series.length * (1 + extra.length) : 0;
  const riskH = riskRows ? 34 + 20 * riskRows : 0;
  const width = m.left + plotW + m.right;
  const height = m.top + plotH + m.bottom + riskH;
  const xMax = spec.xMax;
  // Data -> pixels: time (in the x axis' unit, hence / scale) and survival probability.
  const xs = scaleLinear().domain([0, xMax]).range([m.left, m.left + plotW]);
  const yMax = spec.yMax || 1;
  const yPercent = spec.yPercent !== false;
  const ys = scaleLinear().domain([0, yMax]).range([m.top + plotH, m.top]);
  if (spec.yMax) ys.nice(5);
  const sx = (t) => +xs(t / scale).toFixed(2);
  const sy = (p) => +ys(p).toFixed(2);
  const xEndCol = xMax * scale;

  const svg = el('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    class: 'km-plot', 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    'font-size': font, fill: 'currentColor',
  });
  svg.append(el('title', {}, spec.title || 'Kaplan-Meier plot'));
  if (spec.desc) svg.append(el('desc', {}, spec.desc));

  // Axes, gridlines and ticks.
  const axes = el('g', { class: 'km-axes', stroke: 'currentColor', 'stroke-width': 1 });
  const grid = el('g', { class: 'km-grid', stroke: 'currentColor', 'stroke-opacity': 0.12 });
  for (const p of ys.ticks(5)) {  // 0, 0.2, ..., 1, labelled in percent (or as they are)
    const y = sy(p);
    grid.append(el('line', { x1: m.left, x2: m.left + plotW, y1: y, y2: y }));
    axes.append(el('line', { x1: m.left - 5, x2: m.left, y1: y, y2: y }));
    svg.append(el('text', { x: m.left - 8, y: y + 4, 'text-anchor': 'end', class: 'km-y-tick' }, yPercent ? String(Math.round(p * 100)) : fmtTick(p)));
  }
  if (spec.heading) {
    svg.append(el('text', { x: m.left, y: 24, 'font-weight': 700, 'font-size': font + 2, class: 'km-heading' }, spec.heading));
  }
  for (const tk of spec.xTicks) {
    const x = sx(tk * scale);
    axes.append(el('line', { x1: x, x2: x, y1: m.top + plotH, y2: m.top + plotH + 5 }));
    svg.append(el('text', { x, y: m.top + plotH + 19, 'text-anchor': 'middle', class: 'km-x-tick' }, fmtTick(tk)));
  }
  axes.append(el('path', { d: `M${m.left},${m.top}V${m.top + plotH}H${m.left + plotW}`, fill: 'none' }));
  svg.append(grid, axes);
  svg.append(el('text', {
    x: m.left + plotW / 2, y: m.top + plotH + 40, 'text-anchor': 'middle', 'font-weight': 600,
  }, spec.xLabel));
  svg.append(el('text', {
    x: 0, y: 0, transform: `translate(16 ${m.top + plotH / 2}) rotate(-90)`,
    'text-anchor': 'middle', 'font-weight': 600,
  }, spec.yLabel));

  // Curves: bands first (under every line), then lines and censor marks.
  const clipId = `km-clip-${Math.random().toString(36).slice(2, 9)}`;
  const defs = el('defs');
  const clip = el('clipPath', { id: clipId });
  clip.append(el('rect', { x: m.left, y: m.top - 2, width: plotW + 1, height: plotH + 4 }));
  defs.append(clip);
  svg.append(defs);
  const data = el('g', { 'clip-path': `url(#${clipId})` });
  spec.curves.forEach((c, k) => {
    // A band on the curve's own steps, or (c.band) on times of its own, e.g. the event times.
    const b = c.band || (c.lower && c.upper ? { time: c.time, lower: c.lower, upper: c.upper } : null);
    if (!spec.showCi || !b) return;
    for (const d of bandPaths(b.time, b.lower, b.upper, Math.min(c.end ?? xEndCol, xEndCol), sx, sy)) {
      data.append(el('path', { d, fill: colourOf(spec.curves[k], k), 'fill-opacity': 0.13, stroke: 'none', class: 'km-band', 'data-group': c.label }));
    }
  });
  spec.curves.forEach((c, k) => {
    const colour = colourOf(spec.curves[k], k);
    const end = Math.min(c.end ?? xEndCol, xEndCol);
    const g = el('g', { class: 'km-curve', 'data-group': c.label });
    g.append(el('path', {
      d: stepPath(c.time, c.y, spec.y0 ?? 1, end, sx, sy), fill: 'none', stroke: colour,
      'stroke-width': 2, 'stroke-dasharray': dashOf(spec.curves[k], k), 'stroke-linejoin': 'miter',
    }));
    if (c.censor && c.censor.length) {
      let d = '';
      for (const [t, y] of c.censor) d += `M${sx(t)},${sy(y) - 5}v10`;
      g.append(el('path', { d, stroke: colour, 'stroke-width': 1.5, fill: 'none', class: 'km-censor' }));
    }
    data.append(g);
  });
  svg.append(data);
  for (const md of spec.medians || []) {
    if (!Number.isFinite(md.x) || md.x > xEndCol) continue;
    svg.append(el('path', {
      d: `M${m.left},${sy(md.y)}H${sx(md.x)}V${m.top + plotH}`, fill: 'none', stroke: md.colour || 'currentColor',
      'stroke-width': 1, 'stroke-dasharray': '2 3', class: 'km-median',
    }));
  }

  // Legend: a line sample in the curve's colour and dash, then the label with n and events. It
  // goes in the corner the curves cross least (top right first for survival, top left first for
  // incidence), so it never hides a curve that has room elsewhere.
  const texts = spec.curves.map((c) => c.legend || c.label);
  const blockW = 44 + 6.9 * Math.max(0, ...texts.map((t) => t.length), (spec.legendNote || '').length * 0.9);
  const lineH = 19;
  const blockH = lineH * (n + (spec.legendNote ? 1 : 0)) + 8;
  const corners = {
    'top-right': [m.left + plotW - 10 - blockW, m.top + 16],
    'top-left': [m.left + 14, m.top + 16],
    'bottom-left': [m.left + 14, m.top + plotH - blockH + 5],
    'bottom-right': [m.left + plotW - 10 - blockW, m.top + plotH - blockH + 5],
  };
  const first = spec.legendPosition === 'top-left' ? 'top-left' : 'top-right';
  const order = [first, ...Object.keys(corners).filter((k) => k !== first)];
  const crossings = (x0, y0) => {
    let hits = 0;
    spec.curves.forEach((c) => {
      const end = Math.min(c.end ?? xEndCol, xEndCol);
      let i = -1;
      for (let j = 0; j <= 120; j += 1) {
        const t = (j / 120) * xEndCol;
        if (t > end) break;
        while (i + 1 < c.time.length && c.time[i + 1] <= t) i += 1;
        const y = i < 0 ? (spec.y0 ?? 1) : c.y[i];
        if (y === null || y === undefined) continue;
        const px = sx(t);
        const py = sy(y);
        if (px >= x0 - 6 && px <= x0 + blockW + 6 && py >= y0 - 13 && py <= y0 - 13 + blockH) hits += 1;
      }
    });
    return hits;
  };
  const best = order.map((k) => [k, crossings(...corners[k])]).reduce((a, b) => (b[1] < a[1] ? b : a));
  const [lx, ly0] = corners[best[0]];
  const legend = el('g', { class: 'km-legend', 'data-position': best[0] });
  legend.append(el('rect', {
    x: lx - 6, y: ly0 - 13, width: blockW + 12, height: blockH,
    fill: '#ffffff', 'fill-opacity': 0.85, stroke: 'none',
  }));
  texts.forEach((t, k) => {
    const y = ly0 + k * lineH;
    legend.append(el('line', {
      x1: lx, x2: lx + 32, y1: y, y2: y, stroke: colourOf(spec.curves[k], k), 'stroke-width': 2.5,
      'stroke-dasharray': dashOf(spec.curves[k], k),
    }));
    legend.append(el('text', { x: lx + 40, y: y + 4 }, t));
  });
  if (spec.legendNote) {
    legend.append(el('text', { x: lx, y: ly0 + n * lineH + 4, 'font-size': font - 1, class: 'km-legend-note' }, spec.legendNote));
  }
  svg.append(legend);

  // Number at risk, one row per curve (or series), each count under its x tick (KMunicate). The
  // counts are fitted to the columns: abbreviated (250,412 -> 250k), then set smaller, so that
  // neighbours never touch.
  if (spec.risk) {
    const top = m.top + plotH + m.bottom;
    svg.append(el('text', { x: 4, y: top + 12, 'font-weight': 600 }, spec.risk.title || 'Number at risk'));
    const gap = Math.min(...spec.xTicks.slice(1).map((tk, j) => sx(tk * scale) - sx(spec.xTicks[j] * scale)), plotW);
    const all = [spec.risk.rows, ...extra.map((e) => e.rows)].flat(2).filter((v) => typeof v === 'number');
    const fit = riskFit(all, gap, font);
    series.forEach((c, k) => {
      const y = top + 34 + k * 20 * (1 + extra.length);
      svg.append(el('line', {
        x1: 4, x2: 18, y1: y - 4, y2: y - 4, stroke: c.colour, 'stroke-width': 2.5, 'stroke-dasharray': c.dash,
      }));
      svg.append(el('text', { x: 22, y, class: 'km-risk-label' }, c.label));
      const row = el('g', { class: 'km-risk-row', 'data-group': c.label });
      (spec.risk.rows[k] || []).forEach((v, j) => {
        const tk = spec.xTicks[j];
        if (tk === undefined || v === null || v === undefined) return;
        row.append(el('text', { x: sx(tk * scale), y, 'text-anchor': 'middle', 'font-size': fit.size, 'font-variant-numeric': 'tabular-nums', 'data-n': v }, fit.text(v)));
      });
      svg.append(row);
      extra.forEach((e, x) => {
        const ey = y + 20 * (x + 1);
        svg.append(el('text', { x: 22, y: ey, class: 'km-risk-label', 'font-size': font - 1 }, `  ${e.name}`));
        const er = el('g', { class: 'km-risk-extra', 'data-group': c.label, 'data-kind': e.name.toLowerCase() });
        (e.rows[k] || []).forEach((v, j) => {
          const tk = spec.xTicks[j];
          if (tk === undefined || v === null || v === undefined) return;
          er.append(el('text', { x: sx(tk * scale), y: ey, 'text-anchor': 'middle', 'font-size': Math.min(fit.size, font - 1), 'font-variant-numeric': 'tabular-nums', 'data-n': v }, fit.text(v)));
        });
        svg.append(er);
      });
    });
  }
  return svg;
}

// The figure as a standalone SVG file: explicit colours, a white background and the XML
// declaration, so it opens the same in a browser, Inkscape or a journal's system.
export function svgToString(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('fill', '#000000');
  copy.setAttribute('color', '#000000');
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  // The background goes right after <title>/<desc>, under everything drawn.
  let after = copy.firstChild;
  while (after && (after.nodeName === 'title' || after.nodeName === 'desc')) after = after.nextSibling;
  copy.insertBefore(bg, after);
  for (const r of copy.querySelectorAll('.km-legend rect')) r.setAttribute('fill', '#ffffff');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
