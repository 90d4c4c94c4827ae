// The plot's pure parts, unit-tested by parse.test.js (node --test):
//
//   - PlotModel: the data, one row per plotted line: its time (seconds
//     since the epoch: the read time of the line's first byte) and a value
//     per series, in columns as uPlot takes them. Bounded: at most
//     maxSeries series and maxPoints rows (the oldest go).
//   - LineCuts: which lines are whole, given where in the port's stream
//     each frame of bytes begins and where the stream has gaps.
//   - EchoFilter: which received lines are the device's echo of what the
//     console sent.
//   - recordPoints, plotSource: a decoder's record as points, and whether
//     the plot takes the server's records (a port with a decoder) or
//     parses lines itself.
//   - visibleRange, yScale, timeLabel, paletteIndex: the Y range from what
//     is shown, the time axis's labels, a series' colour from its name.
//   - plotPrefs, prefsJSON, seriesLabel, sharedUnit, sampleRange,
//     SAMPLE_INCRS: what is remembered per port (x by time or sample, each
//     series' unit and axis), labels with units, the x range by sample.
//     Unit-tested by plotaxes.test.js.
//
// Gaps. A value of null breaks a series' line (uPlot with spanGaps false);
// undefined is skipped over (the line joins the values on either side). A
// series missing from a line gets:
//   - null when the line holds a series that was on the series' own last
//     line (it went missing from lines it used to be part of: a sensor
//     that stopped answering), so the line breaks;
//   - undefined otherwise (series printed on lines of their own, e.g.
//     "temp:…" and "hum:…" on alternate lines, are joined).
// Once a series gets a null, the undefined since its last value become null
// too: the line breaks right after its last value, not some rows later.
// A break row (a time and null in every series) goes between two rows when
// a gap marker came between them (bytes missed, connection lost or closed:
// brk()), or when the device was silent much longer than usual (more than
// GAP_FACTOR times the median of the last intervals, and at least
// GAP_MIN_MS). Break rows are not points: `points` leaves them out.

import { PlotParser } from './plotparse.js';

export const GAP_MIN_MS = 1000;  // a silence shorter than this never breaks a line...
export const GAP_FACTOR = 8;     // ...nor one shorter than 8 times the usual interval
const INTERVALS = 16;            // the usual interval: median of the last 16

export class PlotModel {
  constructor(maxSeries, maxPoints) {
    if (maxSeries > 30) throw new Error('plotmodel: at most 30 series (a bit mask each)');
    this.maxSeries = maxSeries;
    this.maxPoints = maxPoints;
    this.parser = new PlotParser();
    this.xs = [];            // seconds since the epoch, one per row (break rows included)
    this.ns = [];            // sample numbers, one per row: the nth plotted line since clear() is n,
    //                          a break row is halfway between its neighbours
    this.samples = 0;        // lines plotted since clear()
    this.series = [];        // {key, name, ys, bit, mask, seq, last, undef} in order of arrival
    this.byKey = new Map();
    this.dropped = new Set(); // keys the user dropped: their values are ignored until clear() or undrop()
    this.version = 0;        // changes when series are added, renamed or removed
    this.breaks = [];        // absolute row numbers of break rows, ascending
    this.base = 0;           // absolute row number of xs[0] (rows trimmed so far)
    this.breakNext = false;  // a gap marker came: the next row follows a break row
    this.used = 0;           // bits of the series present
    this.seq = 0;            // lines added (marks the series present on the current one)
    this.lastT = null;       // read time (ms) of the last row, or null
    this.intervals = [];     // the last INTERVALS intervals between rows (ms)
    this.gapMs = Infinity;   // a silence longer than this breaks lines (from intervals)
  }

  // points is the number of rows holding values (break rows left out).
  get points() {
    return this.xs.length - this.breaks.length;
  }

  // brk records a gap in the stream (a marker): the next row is not joined
  // to the previous one.
  brk() {
    this.breakNext = true;
  }

  // add parses one line read at time t (ms): see addPoints.
  add(text, t) {
    return this.addPoints(this.parser.parse(text), t);
  }

  // addPoints adds a row of points ([{key, name, value}]: a parsed line,
  // or a decoder's record by recordPoints) at time t (ms). It returns
  // what changed: added (a row), named (a series was added or renamed),
  // over (a series beyond maxSeries was left out).
  addPoints(points, t) {
    const res = { added: false, named: false, over: false };
    if (!points.length) return res;
    const seq = ++this.seq;
    const row = [];   // series, value, series, value…
    const fresh = []; // points of series not seen before
    for (const p of points) {
      if (this.dropped.has(p.key)) continue;
      const s = this.byKey.get(p.key);
      if (s) {
        if (s.seq === seq) continue; // twice on one line: the first counts
        s.seq = seq;
        if (s.name !== p.name) {
          s.name = p.name; // a header line renamed a column
          res.named = true;
        }
        row.push(s, p.value);
      } else if (!fresh.some((f) => f.key === p.key)) {
        if (this.series.length + fresh.length >= this.maxSeries) {
          res.over = true;
          continue;
        }
        fresh.push(p);
      }
    }
    if (!row.length && !fresh.length) {
      if (res.named) this.version++;
      return res;
    }
    const x = t / 1000;
    if (this.lastT !== null) {
      const dt = t - this.lastT;
      if (this.breakNext || dt > this.gapMs) this.pushBreak(x);
      this.noteInterval(dt);
    }
    this.breakNext = false;
    this.lastT = t;
    const n = this.xs.length;
    for (const p of fresh) {
      const bit = lowestFreeBit(this.used);
      this.used |= bit;
      // bit: its bit in masks; mask: the series on its last line; seq:
      // the last line it was on; last: the absolute row of its last value;
      // undef: undefined pushed since.
      const s = { key: p.key, name: p.name, ys: new Array(n).fill(null), bit, mask: 0, seq, last: -1, undef: false };
      this.series.push(s);
      this.byKey.set(p.key, s);
      row.push(s, p.value);
      res.named = true;
    }
    let mask = 0;
    for (let i = 0; i < row.length; i += 2) mask |= row[i].bit;
    for (let i = 0; i < row.length; i += 2) {
      const s = row[i];
      s.ys.push(row[i + 1]);
      s.mask = mask;
      s.last = this.base + n;
      s.undef = false;
    }
    for (const s of this.series) {
      if (s.seq === seq) continue;
      if (s.mask & mask) this.pushNull(s);
      else {
        s.ys.push(undefined);
        s.undef = true;
      }
    }
    this.xs.push(x);
    this.ns.push(++this.samples);
    res.added = true;
    if (res.named) this.version++;
    if (this.xs.length > this.maxPoints + (this.maxPoints >> 3)) this.trim(this.xs.length - this.maxPoints);
    return res;
  }

  // pushBreak adds a break row between the last row and one at x.
  pushBreak(x) {
    const last = this.xs[this.xs.length - 1];
    this.xs.push(x > last ? (last + x) / 2 : last);
    this.ns.push(this.samples + 0.5);
    for (const s of this.series) this.pushNull(s);
    this.breaks.push(this.base + this.xs.length - 1);
  }

  // pushNull breaks the line of series s: null in the new row, and in the
  // rows since its last value.
  pushNull(s) {
    if (s.undef) {
      const ys = s.ys;
      for (let i = Math.max(0, s.last - this.base + 1); i < ys.length; i++) if (ys[i] === undefined) ys[i] = null;
      s.undef = false;
    }
    s.ys.push(null);
  }

  noteInterval(dt) {
    const iv = this.intervals;
    iv.push(Math.max(0, dt));
    if (iv.length > INTERVALS) iv.shift();
    // Recomputed every few rows: a median of 16 is cheap, but not free at
    // 1,000 lines a second.
    if (iv.length < 4 || this.seq % 4 === 0) {
      const sorted = [...iv].sort((a, b) => a - b);
      this.gapMs = Math.max(GAP_MIN_MS, GAP_FACTOR * sorted[sorted.length >> 1]);
    }
  }

  trim(k) {
    this.xs.splice(0, k);
    this.ns.splice(0, k);
    for (const s of this.series) s.ys.splice(0, k);
    this.base += k;
    let i = 0;
    while (i < this.breaks.length && this.breaks[i] < this.base) i++;
    if (i) this.breaks.splice(0, i);
  }

  // drop removes a series: its values go, and its later values are
  // ignored until clear() or undrop(). It frees its place among maxSeries.
  drop(key) {
    const s = this.byKey.get(key);
    this.dropped.add(key);
    if (!s) return;
    this.byKey.delete(key);
    this.series.splice(this.series.indexOf(s), 1);
    this.used &= ~s.bit;
    for (const o of this.series) o.mask &= ~s.bit;
    this.version++;
  }

  // undrop plots the dropped series again, from their next values on.
  undrop() {
    this.dropped.clear();
  }

  clear() {
    this.xs = [];
    this.ns = [];
    this.samples = 0;
    this.series = [];
    this.byKey.clear();
    this.dropped.clear();
    this.breaks = [];
    this.base = 0;
    this.breakNext = false;
    this.used = 0;
    this.lastT = null;
    this.intervals = [];
    this.gapMs = Infinity;
    this.version++;
  }
}

// recordPoints gives what the plot takes of a decoder's record
// ({time, offset, values}, a `values` event's, docs/decoders.md): its
// time (ms since the epoch: the device read time of the record) and its
// numeric values as points, a series per value name (key and name the
// value's name). Values that are not finite numbers (text, booleans,
// null) are left out; null when the record has no time or no such value.
export function recordPoints(rec) {
  if (!rec || typeof rec !== 'object' || typeof rec.time !== 'string') return null;
  const t = Date.parse(rec.time);
  if (!Number.isFinite(t)) return null;
  const vals = rec.values;
  if (!vals || typeof vals !== 'object') return null;
  const points = [];
  for (const [name, value] of Object.entries(vals)) {
    if (typeof value === 'number' && Number.isFinite(value)) points.push({ key: name, name, value });
  }
  return points.length ? { t, points } : null;
}

// plotSource says where the plot's points come from for a port object:
// the server's records when the port has a decoder (any decoder), the
// lines parsed in this browser (plotparse.js) otherwise. decoder is the
// decoder's name or null; text is the view's label, title its tooltip.
export function plotSource(port) {
  const d = port && typeof port.decoder === 'string' && port.decoder !== '' ? port.decoder : null;
  if (d) {
    return {
      decoder: d,
      text: `decoded by the server (${d})`,
      title: `The port's ${d} decoder's records, decoded on the server: their numeric values, at their device times`,
    };
  }
  return {
    decoder: null,
    text: 'parsed in this browser; set a decoder in the port panel to decode on the server',
    title: 'Lines in the Arduino Serial Plotter format, parsed by this page',
  };
}

function lowestFreeBit(used) {
  for (let b = 1; b !== 0; b <<= 1) if (!(used & b)) return b;
  throw new Error('plotmodel: no series bit left');
}

// LineCuts tells which completed lines are whole. A line is cut when its
// beginning was not received: the first line of a replay (which begins
// where the server's scrollback begins, in the middle of a line unless at
// stream offset 0), the first line after bytes were missed, and a line
// torn by a gap marker: its first part (completed by the marker) and the
// rest that follows it. The session calls frame() with each frame of
// device bytes before the lines it completes, and gap() at each gap marker
// before the line the marker completes; whole() is then asked once per
// completed line, in order.
export class LineCuts {
  constructor() {
    this.started = false;  // a frame was seen
    this.next = null;      // stream offset just after the last frame (null: unknown)
    this.mid = false;      // the last frame ended inside a line
    this.gapped = false;   // a gap marker came since the last frame
    this.cutAtGap = false; // ...and a line was torn by it
    this.dropNow = false;  // the line a marker completes is torn: not whole
    this.skipFirst = false; // the next line completed began before what was received
  }

  // frame notes a frame of device bytes at stream offset off (null when
  // unknown), before the lines it completes are asked about.
  frame(off, bytes) {
    const n = bytes.length;
    if (!n) return;
    this.dropNow = false;
    if (!this.started) {
      this.started = true;
      this.skipFirst = off !== 0;
    } else if (this.gapped) {
      const continues = off !== null && off === this.next;
      this.skipFirst = off !== 0 && (!continues || this.cutAtGap);
    } else if (off !== null && this.next !== null && off !== this.next) {
      this.skipFirst = true; // bytes went missing without a marker
    }
    this.gapped = false;
    this.cutAtGap = false;
    this.next = off === null ? null : off + n;
    this.mid = bytes[n - 1] !== 0x0a;
  }

  // gap notes a gap marker: the line it completes, if any, is torn.
  gap() {
    if (this.mid) this.cutAtGap = this.dropNow = true;
    this.mid = false;
    this.gapped = true;
    this.skipFirst = false;
  }

  // whole tells whether the next completed line is whole.
  whole() {
    if (this.dropNow) {
      this.dropNow = false;
      return false;
    }
    if (this.skipFirst) {
      this.skipFirst = false;
      return false;
    }
    return true;
  }
}

// EchoFilter remembers the lines the console sent (as the device sees
// them: bytes typed one by one make a line at CR or LF, backspace takes a
// character back) for ttl ms, and tells whether a received line is the
// echo of one of them: the same text (trimmed), or the same after a short
// prompt such as "> " or ">>> ". Each sent line matches one echo.
export class EchoFilter {
  constructor(ttl = 10000, max = 64) {
    this.ttl = ttl;
    this.max = max;
    this.partial = '';  // what was sent since the last line end
    this.recent = [];   // {text, at}, oldest first
  }

  sent(text, now) {
    let p = this.partial;
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        const line = p.trim();
        if (line) {
          this.recent.push({ text: line, at: now });
          if (this.recent.length > this.max) this.recent.shift();
        }
        p = '';
      } else if (ch === '\x7f' || ch === '\b') p = p.slice(0, -1);
      else if (ch === '\x03' || ch === '\x15') p = ''; // Ctrl-C, Ctrl-U
      else if (ch >= ' ' || ch === '\t') p += ch;
      if (p.length > 4096) p = '';
    }
    this.partial = p;
  }

  // isEcho tells whether line is the echo of a line sent within ttl, and
  // forgets that line if so.
  isEcho(line, now) {
    const r = this.recent;
    if (!r.length) return false;
    while (r.length && now - r[0].at > this.ttl) r.shift();
    const t = line.trim();
    if (!t) return false;
    for (let i = 0; i < r.length; i++) {
      const s = r[i].text;
      if (t === s || (t.endsWith(s) && /^[^\w\s]{1,4}\s*$/.test(t.slice(0, t.length - s.length)))) {
        r.splice(i, 1);
        return true;
      }
    }
    return false;
  }
}

// lowerBound is the first index of sorted xs whose value is >= x.
export function lowerBound(xs, x) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// rowsIn returns the first and last index of the rows of sorted xs within
// [x0, x1] (i1 < i0 when there are none).
export function rowsIn(xs, x0, x1) {
  return [lowerBound(xs, x0), lowerBound(xs, x1 + 1e-9 * Math.abs(x1)) - 1];
}

// nearestValue returns the index of the value of ys nearest in time to
// row i (xs: the rows' times), looking at most limit rows either way, or
// -1 when there is none.
export function nearestValue(xs, ys, i, limit = 1000) {
  if (i < 0 || i >= ys.length) return -1;
  if (ys[i] !== null && ys[i] !== undefined) return i;
  let best = -1;
  for (let k = 1; k <= limit; k++) {
    const l = i - k;
    const r = i + k;
    if (l < 0 && r >= ys.length) break;
    for (const j of [l, r]) {
      if (j < 0 || j >= ys.length || ys[j] === null || ys[j] === undefined) continue;
      if (best < 0 || Math.abs(xs[j] - xs[i]) < Math.abs(xs[best] - xs[i])) best = j;
    }
    if (best >= 0) return best;
  }
  return best;
}

// visibleRange returns [min, max] of the values in columns cols at the rows
// whose x is within [x0, x1], or null when there are none.
export function visibleRange(xs, cols, x0, x1) {
  const [i0, i1] = rowsIn(xs, x0, x1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const ys of cols) {
    for (let i = i0; i <= i1; i++) {
      const v = ys[i];
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

// yScale is the Y range to show: auto is [min, max] of what is shown (or
// null), min and max the range typed in (numbers, or null for automatic;
// when both are given min < max). The automatic part gets a 5% margin; a
// fixed end that the data's range crosses keeps the range the right way
// up.
export function yScale(auto, min, max) {
  if (min !== null && max !== null) return [min, max];
  let lo;
  let hi;
  if (auto) {
    [lo, hi] = auto;
    if (lo === hi) {
      const d = Math.abs(lo) * 0.1 || 1;
      lo -= d;
      hi += d;
    }
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
  } else {
    [lo, hi] = [0, 1];
  }
  if (min !== null) {
    lo = min;
    if (hi <= lo) hi = lo + (Math.abs(lo) * 0.1 || 1);
  }
  if (max !== null) {
    hi = max;
    if (lo >= hi) lo = hi - (Math.abs(hi) * 0.1 || 1);
  }
  return [lo, hi];
}

// timeLabel is a time axis label for t (seconds since the epoch, local
// time) with ticks incr seconds apart: 24-hour HH:MM:SS, with milliseconds
// below a second, as the lines view shows times.
export function timeLabel(t, incr) {
  const d = new Date(Math.round(t * 1000));
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const s = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return incr < 1 ? `${s}.${p(d.getMilliseconds(), 3)}` : s;
}

// paletteIndex maps a series' name to a palette index (FNV-1a), so a
// series keeps its colour whatever order series arrive in.
export function paletteIndex(name, n) {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}

// ----- x by sample, units and axes (remembered per port) -----

export const X_MODES = ['time', 'sample'];
export const MAX_UNIT = 16;          // characters of a unit
export const MAX_REMEMBERED = 64;    // series whose unit or axis a port remembers

// plotPrefs reads what a port remembers about its plot (as stored: any
// JSON, possibly from an older page or edited by hand) into
// {x: 'time'|'sample', series: Map(name -> {unit, axis: 'left'|'right'})};
// anything unexpected falls back to the defaults (x by time, no unit, left).
export function plotPrefs(v) {
  const ok = v !== null && typeof v === 'object';
  const out = { x: ok && X_MODES.includes(v.x) ? v.x : 'time', series: new Map() };
  const ser = ok && v.series !== null && typeof v.series === 'object' && !Array.isArray(v.series) ? v.series : {};
  for (const [name, o] of Object.entries(ser)) {
    if (o === null || typeof o !== 'object') continue;
    const unit = typeof o.unit === 'string' ? cleanUnit(o.unit) : '';
    const axis = o.axis === 'right' ? 'right' : 'left';
    if (unit || axis !== 'left') out.series.set(name, { unit, axis });
    if (out.series.size >= MAX_REMEMBERED) break;
  }
  return out;
}

// prefsJSON is what plotPrefs reads back: series left with the defaults
// are not stored, and at most MAX_REMEMBERED (the latest set) are.
export function prefsJSON(p) {
  const entries = [...p.series].filter(([, o]) => o.unit || o.axis !== 'left').slice(-MAX_REMEMBERED);
  return { x: p.x, series: Object.fromEntries(entries) };
}

// setSeriesPref changes one series' unit or axis (fields of change) and
// moves it last, so that the latest are kept.
export function setSeriesPref(p, name, change) {
  const o = { unit: '', axis: 'left', ...(p.series.get(name) || {}), ...change };
  o.unit = cleanUnit(o.unit);
  o.axis = o.axis === 'right' ? 'right' : 'left';
  p.series.delete(name);
  if (o.unit || o.axis !== 'left') p.series.set(name, o);
}

// cleanUnit is a unit as typed: trimmed, control characters out, at most
// MAX_UNIT characters.
export function cleanUnit(s) {
  return [...String(s).replace(/[\x00-\x1f\x7f]/g, '').trim()].slice(0, MAX_UNIT).join('');
}

// seriesLabel is a series' name with its unit, as a CSV header or a
// legend in a picture shows it: "temp (°C)", or "temp" without a unit.
export function seriesLabel(name, unit) {
  return unit ? `${name} (${unit})` : name;
}

// sharedUnit is the unit all of units share, or '' when they are none,
// or when one has none or another.
export function sharedUnit(units) {
  if (!units.length) return '';
  const u = units[0];
  return u && units.every((v) => v === u) ? u : '';
}

// sampleRange is the x range by sample: the last n samples, where last is
// the newest sample number (0 when none); while fewer than n were
// plotted, samples 1 to n, so the line grows from the left and no axis
// shows a sample number below 1. With n = 0 (all): the samples kept,
// first to last.
export function sampleRange(first, last, n) {
  if (n > 0) {
    const lo = Math.max(1, last - n + 1);
    return [lo, lo + n - 1];
  }
  if (!last) return [1, 100];
  return [first, Math.max(last, first + 1)];
}

// sampleAt is where a time t (s) falls by sample, given the rows' times
// xs and sample numbers ns: halfway between the lines before and after it
// (half a sample before the first or after the last); null without rows.
export function sampleAt(xs, ns, t) {
  const n = ns.length;
  if (!n) return null;
  const i = lowerBound(xs, t);
  if (i === 0) return ns[0] - 0.5;
  if (i >= n) return ns[n - 1] + 0.5;
  return (ns[i - 1] + ns[i]) / 2;
}

// SAMPLE_INCRS are the steps between sample-number ticks: whole numbers.
export const SAMPLE_INCRS = (() => {
  const out = [];
  for (let m = 1; m <= 1e9; m *= 10) out.push(m, 2 * m, 5 * m);
  return out;
})();
