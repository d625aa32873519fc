/**
 * The studio's charts, drawn with uPlot (MIT, from npm, served from web/vendor/ — no CDN).
 * They only draw numbers the engine computed; each chart also gets a text summary for screen
 * readers (aria-label) because a canvas says nothing by itself.
 *
 * ```js
 * import { lineChart, intervalChart } from './charts.js';
 * lineChart(box, { title: 'Posterior', x: grid, series: [{ label: 'control', values: density }] });
 * intervalChart(box, { title: 'Conversion', labels: ['A', 'B'], means, lows, highs });
 * ```
 * @module charts
 */

import uPlot from './vendor/uplot/uPlot.min.mjs';

/** Colour-blind-safe palette (Okabe–Ito), one colour per series in order. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

let cssAdded = false;
/** Adds uPlot's stylesheet once (a <link> to our own copy: allowed by a strict CSP). */
function ensureCss() {
  if (cssAdded || typeof document === 'undefined') return;
  cssAdded = true;
  if (document.querySelector('link[data-uplot]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./vendor/uplot/uPlot.min.css', import.meta.url).href;
  link.dataset.uplot = '';
  document.head.append(link);
}

function frame(container, title, summary) {
  ensureCss();
  container.replaceChildren();
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.setAttribute('role', 'img');
  figure.setAttribute('aria-label', summary ? `${title}. ${summary}` : title);
  const plot = document.createElement('div');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(plot, caption);
  container.append(figure);
  return plot;
}

function widthOf(container) {
  return Math.max(280, Math.min(720, container.clientWidth || 560));
}

/**
 * Lines over a shared x axis.
 * @param {HTMLElement} container emptied and filled with the chart
 * @param {{title: string, summary?: string, x: number[], series: {label: string, values: number[]}[],
 *   xLabel?: string, yLabel?: string, xFormat?: (v: number) => string, yFormat?: (v: number) => string,
 *   yRange?: [number, number], height?: number}} spec
 * @returns {uPlot}
 */
export function lineChart(container, spec) {
  const plot = frame(container, spec.title, spec.summary);
  const fmt = f => f ? (u, values) => values.map(v => (v == null ? '' : f(v))) : undefined;
  const opts = {
    width: widthOf(container),
    height: spec.height ?? 240,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: spec.yRange ? { range: spec.yRange } : {} },
    axes: [
      { label: spec.xLabel, values: fmt(spec.xFormat) },
      { label: spec.yLabel, values: fmt(spec.yFormat), size: 60 },
    ],
    series: [
      { label: spec.xLabel ?? 'x', value: (u, v) => (v == null ? '' : (spec.xFormat ?? String)(v)) },
      ...spec.series.map((s, i) => ({
        label: s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        value: (u, v) => (v == null ? '' : (spec.yFormat ?? (n => n.toPrecision(3)))(v)),
      })),
    ],
  };
  return new uPlot(opts, [spec.x, ...spec.series.map(s => s.values)], plot);
}

/**
 * One point per category with an interval (whiskers), e.g. conversion rate per variation with
 * its credible interval.
 * @param {HTMLElement} container
 * @param {{title: string, summary?: string, labels: string[], means: number[], lows: number[],
 *   highs: number[], yLabel?: string, yFormat?: (v: number) => string, height?: number}} spec
 * @returns {uPlot}
 */
export function intervalChart(container, spec) {
  const plot = frame(container, spec.title, spec.summary);
  const n = spec.labels.length;
  const x = spec.labels.map((_, i) => i);
  const yFormat = spec.yFormat ?? (v => v.toPrecision(3));
  const lo = Math.min(...spec.lows), hi = Math.max(...spec.highs);
  const pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 0.01;
  const drawWhiskers = u => {
    const c = u.ctx;
    c.save();
    c.lineWidth = 2 * devicePixelRatio;
    for (let i = 0; i < n; i++) {
      const px = u.valToPos(i, 'x', true);
      const top = u.valToPos(spec.highs[i], 'y', true), bottom = u.valToPos(spec.lows[i], 'y', true);
      const cap = 8 * devicePixelRatio;
      c.strokeStyle = PALETTE[i % PALETTE.length];
      c.beginPath();
      c.moveTo(px, top); c.lineTo(px, bottom);
      c.moveTo(px - cap, top); c.lineTo(px + cap, top);
      c.moveTo(px - cap, bottom); c.lineTo(px + cap, bottom);
      c.stroke();
    }
    c.restore();
  };
  const opts = {
    width: widthOf(container),
    height: spec.height ?? 220,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [-0.5, n - 0.5] }, y: { range: [lo - pad, hi + pad] } },
    axes: [
      { splits: () => x, values: (u, vals) => vals.map(v => spec.labels[v] ?? '') },
      { label: spec.yLabel, values: (u, vals) => vals.map(yFormat), size: 64 },
    ],
    series: [{}, { label: spec.yLabel, stroke: '#222', paths: () => null, points: { show: true, size: 10, fill: '#222' } }],
    hooks: { draw: [drawWhiskers] },
  };
  return new uPlot(opts, [x, spec.means], plot);
}
