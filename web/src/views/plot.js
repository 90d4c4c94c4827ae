// Plot view: numbers in the device's lines plotted live with uPlot.
// Where they come from (plotSource in plotmodel.js, said in the toolbar):
// a port with a decoder (any: arduino, csv, nmea…; docs/decoders.md) has
// its server's records plotted (the connection's `values` events), their
// numeric values, a series per value name, each record at its device
// time; a port without one has its lines parsed here, in the Arduino
// Serial Plotter format (see plotparse.js) and plain numbers. The plot
// starts afresh when the port's decoder changes (or is set or removed). Up to MAX_SERIES series (Arduino keeps 8), a chosen time window
// (Arduino shows the last 50 points), a fixed or automatic Y range, and
// CSV export of everything retained.
//
// What is plotted (plotmodel.js): only whole lines (not the cut first line
// of a replay, nor a line torn by a gap marker), never the device's echo
// of what this page sent; lines break at gaps (a series missing from lines
// it was part of, a gap marker, a long silence); a lone value is drawn as
// a dot. Each series keeps a colour chosen from its name.
//
// Reading it: the legend's entries toggle their series, and × drops one
// (until Clear; "Restore" plots dropped series again from then on). The
// values under the mouse show with the device time of their line (a
// readout over the chart). Pause freezes what is shown, legend included,
// while the data is still collected. Dragging zooms: sideways in time, up
// or down in Y, a rectangle in both (dragging pauses, so the zoom holds);
// Reset zoom or a double click gives the window back. The automatic Y
// range comes from the series shown and the points in view. Times are
// 24-hour, as in the lines view. With Cursors on, clicks place two
// cursors on lines (A, B; a click moves the nearer one) and the time and
// value differences between them show. "CSV of view" and "PNG" export
// what is shown (time range and series; PNG with the legend).
//
// Units, axes and x (remembered per port name, plotPrefs in plotmodel.js):
// a legend entry's ▾ opens an editor of the series' unit (shown in the
// legend, the readout, the cursors' differences, the CSV header and the
// PNG's legend) and axis: left, or a right axis with its own automatic
// range from its series shown and the points in view (the Y zoom and
// the typed Y range are the left axis's). An axis whose series share a
// unit is labelled with it. "X: sample" puts each line at its number,
// counted per plotted line since Clear, and the window then counts
// lines (the same place in the list: 10 s is 100 lines … 10 min is
// 10,000); the readout, the cursors (Δ in samples) and CSV exports (a
// sample column) follow.
//
// Points are appended to column arrays (plotmodel.js, bounded by
// MAX_POINTS) at the read time of each line's first byte as lines arrive;
// the chart is redrawn only while visible and not paused, when the pane
// asks (at most once per animation frame, duty-cycled: session.js).

import uPlot from 'uplot';
import { h, download, fileStamp } from '../dom.js';
import { load, save } from '../storage.js';
import {
  PlotModel, LineCuts, EchoFilter, visibleRange, yScale, timeLabel, paletteIndex, rowsIn, lowerBound, nearestValue,
  X_MODES, MAX_UNIT, plotPrefs, recordPoints, plotSource, prefsJSON, setSeriesPref, seriesLabel, sharedUnit, sampleRange, sampleAt, SAMPLE_INCRS,
} from '../plotmodel.js';

export const MAX_SERIES = 16;
const MAX_EVENTS = 500;       // line changes and breaks kept to draw
export const MAX_POINTS = 200000;   // points kept per series (one per plotted line)
// Sixteen colours, told apart on light and dark backgrounds.
const PALETTE = ['#2f81f7', '#e5534b', '#3fb950', '#d29922', '#a371f7', '#39c5cf', '#f778ba', '#8b949e',
  '#b08800', '#0b7a75', '#c2410c', '#6d28d9', '#84cc16', '#be185d', '#1e40af', '#a16207'];
const X_TICK_SPACE = 90; // px between time labels: "HH:MM:SS.mmm" fits
const N_TICK_SPACE = 60; // px between sample numbers
// The window's choices: [seconds, label by time, lines by sample]; a
// choice keeps its place in the list when x changes.
const WINDOWS = [[10, '10 s', 100], [30, '30 s', 300], [60, '1 min', 1000], [300, '5 min', 3000], [600, '10 min', 10000], [0, 'all', 0]];

export class PlotView {
  constructor(refs, name, notify) {
    this.name = name;
    this.refs = refs;
    this.notify = notify;
    this.model = new PlotModel(MAX_SERIES, MAX_POINTS); // xs and series: see plotmodel.js
    this.events = [];         // {x (s), text}: line changes and breaks, drawn at their time
    this.cuts = new LineCuts();    // which lines are whole
    this.echo = new EchoFilter();  // what this page sent, for the device's echo
    this.decoder = new TextDecoder();
    this.source = plotSource(null); // where points come from: the server's decoder, or lines parsed here
    this.lastOffset = -1;   // the stream offset of the last record taken (records come again after a reconnect)
    this.chart = null;
    this.built = null;      // the version of the series the chart was built with
    this.dataSrc = null;    // what the chart's data comes from (the model, or a snapshot)
    this.rebuild = true;    // build the chart again (theme, shown again, series toggled away…)
    this.dirty = false;     // data came
    this.viewDirty = false; // what is shown changed (window, Y range, zoom, pause…)
    this.visible = false;
    this.paused = false;
    this.frozen = null;     // while paused: {xs, series: [{key, name, ys}], version} as at the pause
    this.zoom = null;       // {x, y}: ranges chosen by dragging ([min, max] or null), or null
    this.xWin = [0, 1];     // the time range shown (s): the chart's x scale always takes it
    this.yFixed = { min: null, max: null }; // the Y range typed in (checked: min < max)
    this.hidden = new Set(); // keys of series hidden from the legend
    this.colours = new Map(); // series name -> colour, while the series is shown
    this.readout = null;
    this.cursorsOn = false;
    this.marks = { a: null, b: null }; // the cursors: times (s) of lines, or null
    this.markEls = null;               // {a, b, box}: their elements over the chart
    this.warnedSeries = false;
    this.prefs = plotPrefs(load(this.prefsKey(), null)); // {x, series: name -> {unit, axis}}, kept per port
    this.xMode = this.prefs.x;         // 'time' or 'sample'
    this.editing = null;               // the name of the series whose unit and axis are edited, or null
    this.editor = null;                // its editor (kept in the legend while open: typing keeps the focus)
    refs.plotX.value = this.xMode;
    this.renderSource();
    this.fillWindows(refs.plotWindow.selectedIndex);
    this.win = Number(refs.plotWindow.value) || 0; // the window: seconds by time, lines by sample; 0: all

    refs.plotPause.addEventListener('click', () => this.setPaused(!this.paused));
    refs.plotX.addEventListener('change', () => this.setXMode(refs.plotX.value));
    refs.plotWindow.addEventListener('change', () => {
      this.win = Number(refs.plotWindow.value) || 0;
      this.unzoom('x');
      this.changed();
    });
    refs.plotYMin.addEventListener('change', () => this.readYRange());
    refs.plotYMax.addEventListener('change', () => this.readYRange());
    refs.plotReset.addEventListener('click', () => this.resetZoom());
    refs.plotCsv.addEventListener('click', () => this.exportCSV());
    refs.plotCsvView.addEventListener('click', () => this.exportCSV(true));
    refs.plotPng.addEventListener('click', () => this.exportPNG());
    refs.plotCursors.addEventListener('click', () => this.setCursors(!this.cursorsOn));
    refs.plotClear.addEventListener('click', () => this.clear());
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.resize()).observe(refs.plotHost);
    }
  }

  // ----- what the pane tells it -----

  // rx: a frame of device bytes at stream offset off (null when unknown),
  // before the lines it completes are added.
  rx(off, bytes) {
    this.cuts.frame(off, bytes);
  }

  // gap: a gap marker (bytes missed, connection lost or closed), before
  // the line it completes is added.
  gap() {
    this.cuts.gap();
    this.model.brk();
  }

  // event marks something that happened to the port at time t (ms): a
  // change of its lines, a break. The chart draws it as a dashed vertical
  // line with its text, at its time. The last MAX_EVENTS are kept.
  event(text, t) {
    this.events.push({ x: t / 1000, text });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.dirty = true;
  }

  // drawEvents draws the events within the x range on the chart's canvas.
  drawEvents(u) {
    const { left, top, width, height } = u.bbox; // canvas pixels
    const ctx = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    const colour = getComputedStyle(this.refs.plotHost).getPropertyValue('--marker').trim() || '#8250df';
    const shown = [];
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = dpr;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.font = `${11 * dpr}px ui-monospace, monospace`;
    ctx.textBaseline = 'top';
    const src = this.dataSrc || this.shown();
    const bySample = this.xMode === 'sample';
    for (const ev of this.events) {
      // By sample: between the lines read before and after it.
      const at = bySample ? sampleAt(src.xs, src.ns, ev.x) : ev.x;
      if (at === null) continue;
      const x = u.valToPos(at, 'x', true);
      if (!(x >= left && x <= left + width)) continue;
      shown.push(ev.text);
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, top);
      ctx.lineTo(Math.round(x) + 0.5, top + height);
      ctx.stroke();
      ctx.fillText(ev.text, x + 3 * dpr, top + 2 * dpr);
    }
    ctx.restore();
    this.refs.plotHost.dataset.events = shown.join('|'); // for tests and tools
  }

  // noteSent: bytes (or text) this page sent to the device.
  noteSent(data) {
    this.echo.sent(typeof data === 'string' ? data : this.decoder.decode(data), performance.now());
  }

  // addLine parses one completed line read at time t (ms), unless the
  // server decodes the port.
  addLine(text, t) {
    if (!this.cuts.whole()) return;
    if (this.echo.isEcho(text, performance.now())) return;
    if (this.source.decoder) return;
    this.took(this.model.add(text, t));
  }

  // values takes a decoder's records ({time, offset, values}) in order,
  // when the server decodes the port; missed > 0 (records this browser
  // fell behind on) breaks the lines.
  values(records, missed) {
    if (!this.source.decoder) return;
    if (missed > 0) this.model.brk();
    for (const rec of records) {
      if (!rec || typeof rec.offset !== 'number' || rec.offset <= this.lastOffset) continue;
      this.lastOffset = rec.offset;
      const r = recordPoints(rec);
      if (r) this.took(this.model.addPoints(r.points, r.t));
    }
  }

  // resetStream: the port's stream began afresh (the server restarted):
  // record offsets count from 0 again.
  resetStream() {
    this.lastOffset = -1;
  }

  took(r) {
    if (r.over && !this.warnedSeries) {
      this.warnedSeries = true;
      this.notify(`${this.name}: plotting the first ${MAX_SERIES} series only`, 'info');
    }
    if (r.added || r.named) this.dirty = true;
  }

  // setPort follows the port object: when its decoder changes (set,
  // changed or removed), the points come from elsewhere and the plot
  // starts afresh (a decoder's series need not match the lines').
  setPort(port) {
    const src = plotSource(port);
    if (src.decoder === this.source.decoder) return;
    this.source = src;
    this.renderSource();
    this.clear();
  }

  // renderSource says in the toolbar where the points come from.
  renderSource() {
    const el = this.refs.plotSource;
    const src = this.source;
    el.textContent = src.text;
    el.title = src.title;
    el.dataset.source = src.decoder ? 'server' : 'browser';
    this.refs.plotHost.dataset.source = el.dataset.source;
    this.refs.plotEmpty.replaceChildren(...(src.decoder
      ? [`The numeric values of the port's ${src.decoder} records are plotted here.`]
      : ['Lines such as ', h('code', null, 'temp:21.5,hum:40'), ' or ', h('code', null, '21.5 40'), ' are plotted here.']));
  }

  get xs() {
    return this.model.xs;
  }

  get series() {
    return this.model.series;
  }

  // ----- the user's choices -----

  changed() {
    this.viewDirty = true;
    this.flush();
  }

  prefsKey() {
    return `plot:${this.name}`;
  }

  savePrefs() {
    save(this.prefsKey(), prefsJSON(this.prefs));
  }

  unitOf(name) {
    const o = this.prefs.series.get(name);
    return o ? o.unit : '';
  }

  axisOf(name) {
    const o = this.prefs.series.get(name);
    return o ? o.axis : 'left';
  }

  // xcol is the x of src's rows as the chart places them: times (s) or
  // sample numbers.
  xcol(src) {
    return this.xMode === 'sample' ? src.ns : src.xs;
  }

  // fillWindows gives the window's choices for the x mode, the i-th chosen.
  fillWindows(i) {
    const sel = this.refs.plotWindow;
    const bySample = this.xMode === 'sample';
    sel.replaceChildren(...WINDOWS.map(([s, label, n]) => h('option', { value: String(bySample ? n : s) },
      bySample ? (n ? n.toLocaleString('en-US') : 'all') : label)));
    sel.selectedIndex = i >= 0 && i < WINDOWS.length ? i : 1;
    sel.title = bySample ? 'The last samples (lines plotted) shown' : 'The last seconds shown, by device time';
  }

  // setXMode places lines by 'time' or by 'sample' (their number since
  // Clear); the window keeps its place in the list; zoom and cursors go.
  setXMode(mode) {
    if (!X_MODES.includes(mode) || mode === this.xMode) return;
    this.xMode = mode;
    this.prefs.x = mode;
    this.savePrefs();
    this.refs.plotX.value = mode;
    this.fillWindows(this.refs.plotWindow.selectedIndex);
    this.win = Number(this.refs.plotWindow.value) || 0;
    this.zoom = null;
    this.marks = { a: null, b: null };
    this.rebuild = true;
    this.changed();
  }

  // setSeries changes a series' unit or axis (change: {unit} or {axis}),
  // remembered for the port.
  setSeries(name, change) {
    setSeriesPref(this.prefs, name, change);
    this.savePrefs();
    if (this.editor && this.editing === name && 'unit' in change) this.editor.querySelector('.unit-input').value = this.unitOf(name);
    this.rebuild = true; // axes, their labels and the legend
    this.changed();
  }

  // editSeries opens the editor of a series' unit and axis below the
  // legend (name null: closes it).
  editSeries(name) {
    const was = this.editing;
    const closing = this.editor && this.editor.contains(document.activeElement);
    if (this.editor) this.editor.remove();
    this.editor = null;
    this.editing = name;
    if (name !== null) this.editor = this.seriesEditor(name);
    this.buildLegend();
    if (this.editor) this.editor.querySelector('.unit-input').focus();
    else if (closing) {
      // The focus goes back to the ▾ it came from.
      const s = this.shown().series.find((x) => x.name === was);
      const o = s && this.refs.plotLegend.querySelector(`.opts[data-key="${CSS.escape(s.key)}"]`);
      if (o) o.focus();
    }
  }

  seriesEditor(name) {
    const unit = h('input', {
      type: 'text', className: 'unit-input', value: this.unitOf(name), maxLength: MAX_UNIT, size: 6,
      placeholder: 'none', spellcheck: false, autocomplete: 'off',
    });
    const axis = h('select', { className: 'axis-select' },
      h('option', { value: 'left' }, 'left'), h('option', { value: 'right' }, 'right'));
    axis.value = this.axisOf(name);
    const done = h('button', { type: 'button', className: 'editor-done' }, 'Done');
    unit.addEventListener('change', () => this.setSeries(name, { unit: unit.value }));
    axis.addEventListener('change', () => this.setSeries(name, { axis: axis.value }));
    done.addEventListener('click', () => this.editSeries(null));
    const box = h('div', { className: 'plot-series-editor', role: 'group', 'aria-label': `Unit and axis of ${name}` },
      h('span', { className: 'name' }, name), h('label', null, 'Unit ', unit), h('label', null, 'Axis ', axis), done);
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.editSeries(null);
    });
    return box;
  }

  clear() {
    this.model.clear();
    this.events = [];
    if (this.frozen) this.frozen = this.snapshot();
    this.zoom = null;
    this.hidden.clear();
    this.dirty = true;
    this.changed();
  }

  setPaused(p) {
    if (p === this.paused) return;
    this.paused = p;
    this.frozen = p ? this.snapshot() : null;
    if (!p) {
      this.zoom = null;
      this.rebuild = true; // the legend was the snapshot's
    }
    this.refs.plotPause.setAttribute('aria-pressed', String(p));
    this.refs.plotPause.textContent = p ? 'Resume' : 'Pause';
    this.dirty = true;
    this.changed();
  }

  // snapshot copies what is shown, for a pause: the model goes on
  // collecting underneath.
  snapshot() {
    const m = this.model;
    return {
      xs: m.xs.slice(),
      ns: m.ns.slice(),
      series: m.series.map((s) => ({ key: s.key, name: s.name, ys: s.ys.slice() })),
      version: m.version,
    };
  }

  // readYRange takes the Y range typed in, unless the minimum is not below
  // the maximum: that is refused with a message, and the range shown stays.
  readYRange() {
    const r = this.refs;
    const num = (el) => {
      const v = parseFloat(el.value);
      return Number.isFinite(v) ? v : null;
    };
    const min = num(r.plotYMin);
    const max = num(r.plotYMax);
    const bad = min !== null && max !== null && min >= max;
    r.plotYMin.setAttribute('aria-invalid', String(bad));
    r.plotYMax.setAttribute('aria-invalid', String(bad));
    r.plotYError.hidden = !bad;
    if (bad) {
      r.plotYError.textContent = `Y minimum ${min} must be below Y maximum ${max}: the range shown is unchanged`;
      return;
    }
    r.plotYError.textContent = '';
    this.yFixed = { min, max };
    this.unzoom('y');
    this.changed();
  }

  // zoomTo shows the ranges dragged over (x and y: [min, max] or null for
  // unchanged); the plot pauses, so the zoom holds.
  zoomTo(x, y) {
    const z = { x: (this.zoom && this.zoom.x) || null, y: (this.zoom && this.zoom.y) || null };
    if (x) z.x = x;
    if (y) z.y = y;
    this.setPaused(true);
    this.zoom = z;
    this.changed();
  }

  // unzoom forgets the zoom of one axis ('x' or 'y').
  unzoom(axis) {
    if (!this.zoom) return;
    this.zoom[axis] = null;
    if (!this.zoom.x && !this.zoom.y) this.zoom = null;
  }

  resetZoom() {
    if (!this.zoom) return;
    this.zoom = null;
    this.changed();
  }

  // setCursors turns the two cursors on (placed by clicks) or off.
  setCursors(on) {
    this.cursorsOn = on;
    this.marks = { a: null, b: null };
    this.refs.plotCursors.setAttribute('aria-pressed', String(on));
    this.renderMarks();
  }

  // place puts the cursor nearer to the click (or a missing one) on the
  // line nearest to the time clicked.
  place(u, ev) {
    if (!this.cursorsOn) return;
    const xs = u.data[0];
    if (!xs.length) return;
    const t = u.posToVal(ev.offsetX, 'x');
    let i = Math.min(lowerBound(xs, t), xs.length - 1);
    if (i > 0 && Math.abs(xs[i - 1] - t) <= Math.abs(xs[i] - t)) i--;
    // Not on a break row (times between lines, with no values).
    const isBreak = (j) => u.data.slice(1).every((ys) => ys[j] === null);
    if (isBreak(i)) i = i + 1 < xs.length && !isBreak(i + 1) ? i + 1 : Math.max(0, i - 1);
    const at = xs[i];
    const { a, b } = this.marks;
    let which = 'a';
    if (a === null) which = 'a';
    else if (b === null) which = 'b';
    else which = Math.abs(a - at) <= Math.abs(b - at) ? 'a' : 'b';
    this.marks[which] = at;
    this.renderMarks();
  }

  // renderMarks draws the cursors and their differences over the chart:
  // by time, A's and B's times and Δt; by sample, their sample numbers and
  // times, Δ in samples and Δt.
  renderMarks() {
    const u = this.chart;
    const els = this.markEls;
    if (!u || !els) return;
    const src = this.shown();
    const xc = this.xcol(src);
    const bySample = this.xMode === 'sample';
    for (const k of ['a', 'b']) {
      const t = this.marks[k];
      const x = t === null ? -1 : u.valToPos(t, 'x');
      const on = this.cursorsOn && t !== null && x >= 0 && x <= u.over.clientWidth;
      els[k].hidden = !on;
      if (on) els[k].style.transform = `translateX(${Math.round(x)}px)`;
    }
    const { a, b } = this.marks;
    els.box.hidden = !this.cursorsOn || a === null;
    if (els.box.hidden) return;
    const valueAt = (ys, x) => {
      const j = nearestValue(xc, ys, lowerBound(xc, x));
      return j < 0 ? null : ys[j];
    };
    // The device time of a cursor (at a line: its x is one of xc's).
    const timeOf = (x) => (bySample ? src.xs[Math.min(lowerBound(xc, x), src.xs.length - 1)] : x);
    const fmt = (v) => (v === null ? '–' : String(Number(v.toPrecision(10))));
    const mark = (name, k, x) => h('div', { className: 'mark' }, h('span', { className: 'name' }, name),
      bySample ? h('span', { className: `n${k}` }, `sample ${x}`) : null,
      h('span', { className: `t${k}` }, timeLabel(timeOf(x), 0)));
    const rows = [mark('A', 'a', a)];
    if (b !== null) {
      const dt = `${(timeOf(b) - timeOf(a)).toFixed(3)} s`;
      rows.push(mark('B', 'b', b), bySample
        ? h('div', { className: 'mark' }, h('span', { className: 'name' }, 'Δ'), h('span', { className: 'dn' }, `${b - a} samples`), h('span', { className: 'dt' }, dt))
        : h('div', { className: 'mark' }, h('span', { className: 'name' }, 'Δt'), h('span', { className: 'dt' }, dt)));
    }
    for (const s of src.series) {
      if (this.hidden.has(s.key)) continue;
      const unit = this.unitOf(s.name);
      const va = valueAt(s.ys, a);
      const vb = b === null ? null : valueAt(s.ys, b);
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = this.colours.get(s.name) || PALETTE[0];
      const text = b === null ? fmt(va) : `${fmt(va)} → ${fmt(vb)}`;
      const dy = va === null || vb === null ? '' : `Δ ${fmt(vb - va)}${unit ? ` ${unit}` : ''}`;
      rows.push(h('div', { className: 'row', dataset: { key: s.key } }, swatch, h('span', { className: 'name' }, s.name),
        h('span', { className: 'value' }, text), unit ? h('span', { className: 'unit' }, unit) : null, h('span', { className: 'dy' }, dy)));
    }
    els.box.replaceChildren(...rows);
  }

  toggle(key) {
    if (this.hidden.has(key)) this.hidden.delete(key);
    else this.hidden.add(key);
    const i = this.shown().series.findIndex((s) => s.key === key);
    const b = this.refs.plotLegend.querySelector(`.series[data-key="${CSS.escape(key)}"]`);
    if (b) b.setAttribute('aria-pressed', String(!this.hidden.has(key)));
    if (this.chart && i >= 0) this.chart.setSeries(i + 1, { show: !this.hidden.has(key) });
    this.renderMarks();
  }

  // drop removes a series from the plot (and from a paused view) until Clear.
  drop(key) {
    this.model.drop(key);
    this.hidden.delete(key);
    if (this.frozen) {
      this.frozen.series = this.frozen.series.filter((s) => s.key !== key);
      this.frozen.version = this.model.version;
    }
    this.dirty = true;
    this.changed();
  }

  undrop() {
    this.model.undrop();
    this.buildLegend();
  }

  setTheme() {
    this.rebuild = true;
    this.changed();
  }

  show() {
    this.visible = true;
    this.rebuild = true;
    this.changed();
  }

  hide() {
    this.visible = false;
  }

  // ----- drawing -----

  // shown is what the chart shows: the model, or the snapshot taken at
  // the pause.
  shown() {
    return this.frozen || this.model;
  }

  data() {
    const src = this.shown();
    return [this.xcol(src), ...src.series.map((s) => s.ys)];
  }

  size() {
    const host = this.refs.plotHost;
    const cs = getComputedStyle(host);
    const w = host.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const ht = host.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    return { width: Math.max(100, Math.floor(w)), height: Math.max(120, Math.floor(ht)) };
  }

  resize() {
    if (this.chart && this.visible) this.chart.setSize(this.size());
  }

  // assignColours gives each series shown its colour: by its name (a hash
  // into the palette), the next free one when another series shown has
  // that colour already; a series keeps its colour while it is shown.
  assignColours(series) {
    const next = new Map();
    const taken = new Set();
    for (const s of series) {
      const c = this.colours.get(s.name);
      if (c && !taken.has(c)) {
        next.set(s.name, c);
        taken.add(c);
      }
    }
    for (const s of series) {
      if (next.has(s.name)) continue;
      let i = paletteIndex(s.name, PALETTE.length);
      for (let k = 0; k < PALETTE.length && taken.has(PALETTE[i]); k++) i = (i + 1) % PALETTE.length;
      next.set(s.name, PALETTE[i]);
      taken.add(PALETTE[i]);
    }
    this.colours = next;
  }

  buildChart() {
    this.rebuild = false;
    if (this.chart) this.chart.destroy();
    this.chart = null;
    const src = this.shown();
    this.built = src.version;
    this.dataSrc = src;
    this.assignColours(src.series);
    this.xWin = this.xRange();
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--muted').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ccc';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const host = this.refs.plotHost;
    const bySample = this.xMode === 'sample';
    // The axes: left, and right when a series is on it; each labelled
    // with the unit its series share.
    const right = src.series.filter((s) => this.axisOf(s.name) === 'right');
    const left = src.series.filter((s) => this.axisOf(s.name) !== 'right');
    const yLabel = sharedUnit(left.map((s) => this.unitOf(s.name)));
    const y2Label = sharedUnit(right.map((s) => this.unitOf(s.name)));
    const label = (l) => (l ? { label: l, labelSize: 20, labelGap: 2, labelFont: `12px ${css.getPropertyValue('--sans').trim() || 'sans-serif'}` } : {});
    host.dataset.xMode = this.xMode;
    host.dataset.yLabel = yLabel;
    if (right.length) host.dataset.y2Label = y2Label;
    else for (const k of ['y2Label', 'y2Min', 'y2Max']) delete host.dataset[k];
    const opts = {
      ...this.size(),
      legend: { show: false },
      cursor: {
        // Drag a rectangle; mostly sideways (less than 20 px up or down)
        // zooms in time only, mostly up or down in Y only.
        drag: { x: true, y: true, uni: 20, setScale: false },
        bind: {
          dblclick: () => () => {
            this.resetZoom();
            return null;
          },
        },
      },
      scales: {
        // The x scale is always this.xWin; the Y range comes from what is
        // shown (yRange): uPlot computes neither.
        x: { time: !bySample, range: () => this.xWin },
        y: { range: () => this.yRange('left') },
        ...(right.length ? { y2: { range: () => this.yRange('right') } } : {}),
      },
      axes: [
        {
          ...axis,
          space: bySample ? N_TICK_SPACE : X_TICK_SPACE,
          ...(bySample ? { incrs: SAMPLE_INCRS } : {}),
          values: (u, splits, ai, space, incr) => {
            const labels = splits.map((v) => (bySample ? String(Math.round(v)) : timeLabel(v, incr)));
            host.dataset.xTicks = labels.join('|');
            return labels;
          },
        },
        { ...axis, size: 60, ...label(yLabel) },
        ...(right.length ? [{ ...axis, scale: 'y2', side: 1, size: 60, grid: { show: false }, ...label(y2Label) }] : []),
      ],
      series: [{}, ...src.series.map((s) => {
        const colour = this.colours.get(s.name);
        return {
          label: s.name,
          scale: this.axisOf(s.name) === 'right' ? 'y2' : 'y',
          stroke: colour,
          width: 1.5,
          show: !this.hidden.has(s.key),
          spanGaps: false,
          auto: false,
          points: { show: false, filter: lonePoints, size: 6, fill: colour, stroke: colour },
        };
      })],
      hooks: {
        setSelect: [(u) => this.selected(u)],
        setCursor: [(u) => this.renderReadout(u)],
        draw: [(u) => {
          this.drawEvents(u);
          this.renderMarks();
        }],
        setScale: [(u, key) => {
          const sc = u.scales[key];
          if (key === 'x') {
            host.dataset.xMin = String(sc.min);
            host.dataset.xMax = String(sc.max);
          } else if (key === 'y') {
            host.dataset.yMin = String(sc.min);
            host.dataset.yMax = String(sc.max);
          } else if (key === 'y2') {
            host.dataset.y2Min = String(sc.min);
            host.dataset.y2Max = String(sc.max);
          }
        }],
      },
    };
    this.chart = new uPlot(opts, this.data(), host);
    this.readout = h('div', { className: 'plot-readout', hidden: true, role: 'status', 'aria-live': 'off' });
    this.markEls = {
      a: h('div', { className: 'plot-cursor', hidden: true, dataset: { cursor: 'a' } }),
      b: h('div', { className: 'plot-cursor', hidden: true, dataset: { cursor: 'b' } }),
      box: h('div', { className: 'plot-delta', hidden: true, role: 'status' }),
    };
    this.chart.over.append(this.readout, this.markEls.a, this.markEls.b, this.markEls.box);
    const u = this.chart;
    u.over.addEventListener('click', (ev) => this.place(u, ev));
    this.buildLegend();
  }

  // buildLegend shows a button per series (show or hide it: its colour,
  // name, latest value, unit, and R on the right axis), ▾ (its unit and
  // axis) and × (drop it); the editor of a unit and axis stays below.
  buildLegend() {
    const legend = this.refs.plotLegend;
    const src = this.shown();
    for (const c of [...legend.children]) if (c !== this.editor) c.remove();
    if (this.editing !== null && !src.series.some((s) => s.name === this.editing)) {
      if (this.editor) this.editor.remove();
      this.editor = null;
      this.editing = null;
    }
    const items = [];
    for (const s of src.series) {
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = this.colours.get(s.name) || PALETTE[0]; // CSSOM, allowed by CSP
      s.valueEl = h('span', { className: 'value' });
      const unit = this.unitOf(s.name);
      const right = this.axisOf(s.name) === 'right';
      const b = h('button', {
        type: 'button', className: 'series', title: 'Show or hide this series', dataset: { key: s.key },
        'aria-pressed': String(!this.hidden.has(s.key)),
      }, swatch, h('span', { className: 'name' }, s.name), s.valueEl,
      unit ? h('span', { className: 'unit' }, unit) : null,
      right ? h('span', { className: 'side', title: 'On the right axis', 'aria-hidden': 'true' }, 'R') : null,
      right ? h('span', { className: 'visually-hidden' }, ', on the right axis') : null);
      b.addEventListener('click', () => this.toggle(s.key));
      const o = h('button', {
        type: 'button', className: 'opts', title: `Unit and axis of ${s.name}`, 'aria-label': `Unit and axis of ${s.name}`,
        'aria-expanded': String(this.editing === s.name), dataset: { key: s.key },
      }, '▾');
      o.addEventListener('click', () => this.editSeries(this.editing === s.name ? null : s.name));
      const x = h('button', {
        type: 'button', className: 'drop', title: `Remove ${s.name} from the plot (until Clear)`, 'aria-label': `Remove ${s.name} from the plot`,
      }, '×');
      x.addEventListener('click', () => this.drop(s.key));
      items.push(h('span', { className: 'legend-item', dataset: { key: s.key } }, b, o, x));
    }
    const n = this.model.dropped.size;
    if (n) {
      const r = h('button', {
        type: 'button', className: 'undrop', title: `Plot the removed series again from their next values: ${[...this.model.dropped].join(', ')}`,
      }, `Restore ${n} removed`);
      r.addEventListener('click', () => this.undrop());
      items.push(r);
    }
    if (this.editor && this.editor.parentNode === legend) for (const it of items) legend.insertBefore(it, this.editor);
    else {
      legend.append(...items);
      if (this.editor) legend.append(this.editor);
    }
    this.refs.plotEmpty.hidden = src.series.length > 0 || n > 0;
    this.renderValues();
  }

  // renderValues shows each series' latest value in the legend.
  renderValues() {
    for (const s of this.shown().series) {
      let v = null;
      for (let i = s.ys.length - 1; i >= 0 && i >= s.ys.length - 64; i--) {
        if (s.ys[i] !== null && s.ys[i] !== undefined) {
          v = s.ys[i];
          break;
        }
      }
      if (s.valueEl) s.valueEl.textContent = v === null ? '' : String(v);
    }
  }

  // xRange is the x range to show: the zoom's, or the window ending at
  // the last line shown (everything shown for "all"). By sample, see
  // sampleRange.
  xRange() {
    if (this.zoom && this.zoom.x) return this.zoom.x;
    const src = this.shown();
    if (this.xMode === 'sample') {
      const ns = src.ns;
      return sampleRange(ns.length ? ns[0] : 0, ns.length ? ns[ns.length - 1] : 0, this.win);
    }
    const xs = src.xs;
    if (!xs.length) {
      const now = Date.now() / 1000;
      return [now - (this.win || 30), now];
    }
    const last = xs[xs.length - 1];
    const min = this.win > 0 ? last - this.win : xs[0];
    return [min, Math.max(last, min + 0.001)];
  }

  // yRange is the range of an axis ('left' or 'right'). Left: the zoom's,
  // the one typed in, or that of its series shown in the x range shown;
  // right: always the last.
  yRange(side) {
    if (side === 'left' && this.zoom && this.zoom.y) return this.zoom.y;
    const src = this.shown();
    const cols = [];
    for (const s of src.series) if (!this.hidden.has(s.key) && this.axisOf(s.name) === side) cols.push(s.ys);
    const auto = visibleRange(this.xcol(src), cols, this.xWin[0], this.xWin[1]);
    return side === 'left' ? yScale(auto, this.yFixed.min, this.yFixed.max) : yScale(auto, null, null);
  }

  // applyScales sets the chart's time range; the Y range follows.
  applyScales() {
    this.xWin = this.xRange();
    this.chart.setScale('x', { min: this.xWin[0], max: this.xWin[1] });
    this.refs.plotReset.disabled = !this.zoom;
  }

  // selected: the user dragged over the chart (uPlot's selection).
  selected(u) {
    const { left, top, width, height } = u.select;
    if (width <= 0 && height <= 0) return;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    const w = u.over.clientWidth;
    const ht = u.over.clientHeight;
    const x = width > 1 && width < w - 1 ? [u.posToVal(left, 'x'), u.posToVal(left + width, 'x')] : null;
    const y = height > 1 && height < ht - 1 ? [u.posToVal(top + height, 'y'), u.posToVal(top, 'y')] : null;
    if (x || y) this.zoomTo(x, y);
  }

  // renderReadout shows the values at the mouse, with the device time of
  // their line (the nearest one), or nothing when the mouse is away.
  renderReadout(u) {
    const r = this.readout;
    if (!r) return;
    const idx = u.cursor.idx;
    if (idx === null || idx === undefined || u.cursor.left < 0) {
      r.hidden = true;
      return;
    }
    const src = this.shown();
    const rows = [];
    if (this.xMode === 'sample') {
      // (A break row lies halfway between two lines.)
      const n = u.data[0][idx];
      rows.push(h('div', { className: 'sample' }, Number.isInteger(n) ? `sample ${n}` : `gap after sample ${Math.floor(n)}`));
    }
    rows.push(h('div', { className: 'time' }, timeLabel(src.xs[idx], 0)));
    src.series.forEach((s, i) => {
      if (this.hidden.has(s.key)) return;
      const j = u.cursor.idxs[i + 1];
      const v = j === null || j === undefined ? null : u.data[i + 1][j];
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = this.colours.get(s.name) || PALETTE[0];
      const unit = this.unitOf(s.name);
      rows.push(h('div', { className: 'row', dataset: { key: s.key } }, swatch, h('span', { className: 'name' }, s.name),
        h('span', { className: 'value' }, v === null || v === undefined ? '–' : String(v)),
        unit ? h('span', { className: 'unit' }, unit) : null));
    });
    r.replaceChildren(...rows);
    r.hidden = false;
  }

  // flush redraws the chart, when visible: the pane calls it at most once
  // per animation frame. Paused, data arriving changes nothing shown.
  flush(force = false) {
    if (!this.visible || (!this.dirty && !this.viewDirty && !force)) return;
    const newData = this.dirty;
    const viewChanged = this.viewDirty || force;
    this.dirty = false;
    this.viewDirty = false;
    this.refs.plotHost.dataset.points = String(this.model.points);
    const src = this.shown();
    if (!this.chart || this.rebuild || this.built !== src.version) {
      this.buildChart();
    } else if (this.dataSrc !== src || (!this.paused && newData)) {
      // (Paused just now: the same series, from the snapshot.)
      this.dataSrc = src;
      this.chart.setData(this.data(), false);
    } else if (this.paused && !viewChanged) {
      return;
    }
    if (!this.paused) this.renderValues();
    this.applyScales();
  }

  // exportCSV downloads the lines kept, with their device times (UTC), or
  // with view those shown: the x range and series shown. Headers carry the
  // units ("temp (°C)"); by sample, a first column has the sample numbers.
  exportCSV(view = false) {
    const src = view ? this.shown() : this.model;
    const series = view ? src.series.filter((s) => !this.hidden.has(s.key)) : src.series;
    const bySample = this.xMode === 'sample';
    const xs = src.xs;
    const [i0, i1] = view ? rowsIn(this.xcol(src), this.xWin[0], this.xWin[1]) : [0, xs.length - 1];
    const q = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = [[...(bySample ? ['sample'] : []), 'time', ...series.map((s) => q(seriesLabel(s.name, this.unitOf(s.name))))].join(',')];
    for (let i = i0; i <= i1; i++) {
      const cells = [new Date(xs[i] * 1000).toISOString()];
      if (bySample) cells.unshift(String(src.ns[i]));
      let any = false;
      for (const s of series) {
        const v = s.ys[i];
        if (v !== null && v !== undefined) any = true;
        cells.push(v === null || v === undefined ? '' : String(v));
      }
      if (any) rows.push(cells.join(','));
    }
    download(new Blob([rows.join('\n') + '\n'], { type: 'text/csv' }), `${this.name}-plot-${view ? 'view-' : ''}${fileStamp()}.csv`);
  }

  // exportPNG downloads the chart as shown, with a legend of the series
  // shown above it.
  exportPNG() {
    const u = this.chart;
    if (!u) return;
    const chart = u.ctx.canvas;
    const r = chart.width / Math.max(1, chart.clientWidth || chart.width); // device pixels per CSS pixel
    const css = getComputedStyle(document.documentElement);
    const legendH = Math.round(28 * r);
    const out = document.createElement('canvas');
    out.width = chart.width;
    out.height = chart.height + legendH;
    const ctx = out.getContext('2d');
    ctx.fillStyle = css.getPropertyValue('--bg').trim() || '#fff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.font = `${Math.round(13 * r)}px ${css.getPropertyValue('--sans').trim() || 'sans-serif'}`;
    ctx.textBaseline = 'middle';
    let x = Math.round(8 * r);
    const y = legendH / 2;
    for (const s of this.shown().series) {
      if (this.hidden.has(s.key)) continue;
      ctx.fillStyle = this.colours.get(s.name) || PALETTE[0];
      ctx.fillRect(x, y - 5 * r, 10 * r, 10 * r);
      x += 14 * r;
      ctx.fillStyle = css.getPropertyValue('--text').trim() || '#000';
      const text = seriesLabel(s.name, this.unitOf(s.name));
      ctx.fillText(text, x, y);
      x += ctx.measureText(text).width + 16 * r;
    }
    ctx.drawImage(chart, 0, legendH);
    out.toBlob((blob) => {
      if (blob) download(blob, `${this.name}-plot-${fileStamp()}.png`);
    }, 'image/png');
  }
}

// lonePoints is uPlot's points filter: the indices of values with no
// value to join on either side (a null or nothing next to them, skipping
// undefined), which a line cannot show: they are drawn as dots.
function lonePoints(u, si, show, gaps) {
  if (show) return null;
  const ys = u.data[si];
  const [i0, i1] = u.series[0].idxs;
  if (i0 === null || i0 === undefined || i1 < i0) return null;
  // A value whose neighbour beyond [i0, i1] (the first one not undefined)
  // is a value is joined to it.
  const edge = (from, dir) => {
    for (let i = from; i >= 0 && i < ys.length; i += dir) if (ys[i] !== undefined) return ys[i] !== null;
    return false;
  };
  const out = [];
  if (!gaps || !gaps.length) {
    // No null in view: only a single value in view can be alone.
    let only = -1;
    for (let i = i0; i <= i1; i++) {
      if (ys[i] === null || ys[i] === undefined) continue;
      if (only >= 0) return null;
      only = i;
    }
    if (only >= 0 && !edge(i0 - 1, -1) && !edge(i1 + 1, 1)) out.push(only);
    return out.length ? out : null;
  }
  let prevValue = edge(i0 - 1, -1); // the last non-undefined before was a value
  let cand = -1;                     // a value after a null, not yet joined
  for (let i = i0; i <= i1; i++) {
    const v = ys[i];
    if (v === undefined) continue;
    if (v === null) {
      if (cand >= 0) out.push(cand);
      cand = -1;
      prevValue = false;
    } else {
      cand = prevValue ? -1 : i;
      prevValue = true;
    }
  }
  if (cand >= 0 && !edge(i1 + 1, 1)) out.push(cand);
  return out.length ? out : null;
}
