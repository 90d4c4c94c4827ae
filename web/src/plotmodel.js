// PlotModel: the plot's data, one row per plotted line: its time (seconds
// since the epoch: the read time of the line's first byte) and a value or
// null per series, in columns as uPlot takes them. Bounded: at most
// maxSeries series and maxPoints rows (the oldest go).

import { PlotParser } from './plotparse.js';

export class PlotModel {
  constructor(maxSeries, maxPoints) {
    this.maxSeries = maxSeries;
    this.maxPoints = maxPoints;
    this.parser = new PlotParser();
    this.xs = [];          // seconds since the epoch, one per row
    this.series = [];      // {key, name, ys: [], show} (the view adds its elements)
    this.byKey = new Map();
  }

  // add parses one line read at time t (ms). It returns what changed:
  // added (a row), named (a series was added or renamed), over (a series
  // beyond maxSeries was left out).
  add(text, t) {
    const res = { added: false, named: false, over: false };
    const points = this.parser.parse(text);
    if (!points.length) return res;
    const row = this.xs.length;
    for (const p of points) {
      let s = this.byKey.get(p.key);
      if (!s) {
        if (this.series.length >= this.maxSeries) {
          res.over = true;
          continue;
        }
        s = { key: p.key, name: p.name, ys: new Array(row).fill(null), show: true };
        this.series.push(s);
        this.byKey.set(p.key, s);
        res.named = true;
      } else if (s.name !== p.name) {
        s.name = p.name; // a header line renamed a column
        res.named = true;
      }
      if (s.ys.length === row) {
        s.ys.push(p.value);
        res.added = true;
      }
    }
    if (!res.added) return res;
    this.xs.push(t / 1000);
    for (const s of this.series) if (s.ys.length === row) s.ys.push(null);
    if (this.xs.length > this.maxPoints + (this.maxPoints >> 3)) {
      const k = this.xs.length - this.maxPoints;
      this.xs.splice(0, k);
      for (const s of this.series) s.ys.splice(0, k);
    }
    return res;
  }

  clear() {
    this.xs = [];
    this.series = [];
    this.byKey.clear();
  }
}
