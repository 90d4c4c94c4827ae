// Plot view: numbers in the device's lines plotted live with uPlot.
// Accepts the Arduino Serial Plotter format (see plotparse.js) and plain
// numbers. Up to MAX_SERIES series (Arduino keeps 8), a chosen time window
// (Arduino shows the last 50 points), pause (zoom by dragging while
// paused), a fixed or automatic Y range, a legend whose entries toggle
// their series, and CSV export of everything retained.
//
// Points are appended to column arrays (plotmodel.js, bounded by
// MAX_POINTS) at the read time of each line's first byte as lines arrive; the chart is redrawn at most once per animation frame and only
// while visible and not paused: 1,000 lines a second cost one redraw a frame.

import uPlot from 'uplot';
import { h, download, fileStamp } from '../dom.js';
import { PlotModel } from '../plotmodel.js';

export const MAX_SERIES = 16;
export const MAX_POINTS = 200000;   // points kept per series (one per plotted line)
const COLORS = ['#2f81f7', '#e5534b', '#3fb950', '#d29922', '#a371f7', '#39c5cf', '#f778ba', '#8b949e',
  '#1f6feb', '#ff7b72', '#56d364', '#e3b341', '#bc8cff', '#76e3ea', '#ffa8d4', '#6e7681'];

export class PlotView {
  constructor(refs, name, notify) {
    this.name = name;
    this.refs = refs;
    this.notify = notify;
    this.model = new PlotModel(MAX_SERIES, MAX_POINTS); // xs and series: see plotmodel.js
    this.chart = null;
    this.needChart = true;    // series set or theme changed: rebuild the chart
    this.dirty = false;
    this.visible = false;
    this.paused = false;
    this.windowS = Number(refs.plotWindow.value) || 30;
    this.warnedSeries = false;
    this.lastValues = new Map();

    refs.plotPause.addEventListener('click', () => this.setPaused(!this.paused));
    refs.plotWindow.addEventListener('change', () => {
      this.windowS = Number(refs.plotWindow.value) || 0;
      this.dirty = true;
      this.flush();
    });
    const yChanged = () => {
      this.dirty = true;
      if (this.chart) this.chart.setScale('y', { min: 0, max: 1 }); // re-ranged by yRange
      this.flush(true);
    };
    refs.plotYMin.addEventListener('change', yChanged);
    refs.plotYMax.addEventListener('change', yChanged);
    refs.plotCsv.addEventListener('click', () => this.exportCSV());
    refs.plotClear.addEventListener('click', () => this.clear());
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.resize()).observe(refs.plotHost);
    }
  }

  // addLine parses one completed line read at time t (ms).
  addLine(text, t) {
    const r = this.model.add(text, t);
    if (r.over && !this.warnedSeries) {
      this.warnedSeries = true;
      this.notify(`${this.name}: plotting the first ${MAX_SERIES} series only`, 'info');
    }
    if (r.named) this.needChart = true;
    if (r.added) this.dirty = true;
  }

  get xs() {
    return this.model.xs;
  }

  get series() {
    return this.model.series;
  }

  clear() {
    this.model.clear();
    this.needChart = true;
    this.dirty = true;
    this.flush();
  }

  setPaused(p) {
    this.paused = p;
    this.refs.plotPause.setAttribute('aria-pressed', String(p));
    this.refs.plotPause.textContent = p ? 'Resume' : 'Pause';
    this.dirty = true;
    this.flush();
  }

  setTheme() {
    this.needChart = true;
    this.dirty = true;
    this.flush();
  }

  show() {
    this.visible = true;
    this.needChart = true;
    this.dirty = true;
    this.flush();
  }

  hide() {
    this.visible = false;
  }

  size() {
    const host = this.refs.plotHost;
    return { width: Math.max(100, host.clientWidth), height: Math.max(120, host.clientHeight) };
  }

  resize() {
    if (this.chart && this.visible) this.chart.setSize(this.size());
  }

  yRange(min, max) {
    const fmin = parseFloat(this.refs.plotYMin.value);
    const fmax = parseFloat(this.refs.plotYMax.value);
    if (min === null || max === null) return [Number.isFinite(fmin) ? fmin : 0, Number.isFinite(fmax) ? fmax : 1];
    if (min === max) {
      min -= 1;
      max += 1;
    }
    const pad = (max - min) * 0.05;
    return [Number.isFinite(fmin) ? fmin : min - pad, Number.isFinite(fmax) ? fmax : max + pad];
  }

  buildChart() {
    this.needChart = false;
    if (this.chart) this.chart.destroy();
    this.chart = null;
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--muted').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ccc';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts = {
      ...this.size(),
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => this.yRange(min, max) } },
      axes: [{ ...axis }, { ...axis, size: 60 }],
      series: [{}, ...this.series.map((s, i) => ({
        label: s.name, stroke: COLORS[i % COLORS.length], width: 1.5, show: s.show, spanGaps: true, points: { show: false },
      }))],
    };
    this.chart = new uPlot(opts, this.data(), this.refs.plotHost);
    this.buildLegend();
  }

  buildLegend() {
    const legend = this.refs.plotLegend;
    legend.textContent = '';
    this.series.forEach((s, i) => {
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = COLORS[i % COLORS.length]; // CSSOM, allowed by CSP
      s.valueEl = h('span', { className: 'value' });
      const b = h('button', {
        type: 'button', className: 'series', title: 'Show or hide this series', dataset: { key: s.key },
        'aria-pressed': String(s.show),
      }, swatch, h('span', { className: 'name' }, s.name), s.valueEl);
      b.addEventListener('click', () => {
        s.show = !s.show;
        b.setAttribute('aria-pressed', String(s.show));
        if (this.chart) this.chart.setSeries(i + 1, { show: s.show });
      });
      legend.append(b);
    });
    this.refs.plotEmpty.hidden = this.series.length > 0;
  }

  data() {
    return [this.xs, ...this.series.map((s) => s.ys)];
  }

  // flush redraws the chart: once per animation frame, while visible.
  flush(force = false) {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    this.refs.plotHost.dataset.points = String(this.xs.length);
    if (this.needChart) this.buildChart();
    for (const s of this.series) {
      let v = null;
      for (let i = s.ys.length - 1; i >= 0 && i >= s.ys.length - 64; i--) {
        if (s.ys[i] !== null) {
          v = s.ys[i];
          break;
        }
      }
      if (s.valueEl) s.valueEl.textContent = v === null ? '' : String(v);
    }
    if (this.paused || !this.xs.length) {
      if (!this.xs.length) this.chart.setData(this.data(), true);
      return;
    }
    this.chart.setData(this.data(), false);
    const last = this.xs[this.xs.length - 1];
    const min = this.windowS > 0 ? last - this.windowS : this.xs[0];
    this.chart.setScale('x', { min, max: Math.max(last, min + 0.001) });
  }

  exportCSV() {
    const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = [['time', ...this.series.map((s) => q(s.name))].join(',')];
    for (let i = 0; i < this.xs.length; i++) {
      const cells = [new Date(this.xs[i] * 1000).toISOString()];
      for (const s of this.series) cells.push(s.ys[i] === null || s.ys[i] === undefined ? '' : String(s.ys[i]));
      rows.push(cells.join(','));
    }
    download(new Blob([rows.join('\n') + '\n'], { type: 'text/csv' }), `${this.name}-plot-${fileStamp()}.csv`);
  }
}
