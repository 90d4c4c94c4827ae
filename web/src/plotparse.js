// Parsing of plot lines, compatible with the Arduino Serial Plotter:
//
//   - fields are separated by any run of commas, spaces and tabs; a
//     trailing separator is fine;
//   - a line is labelled when a ':' (or '=', which Arduino lacks) appears
//     after its first character; its pieces are name:value, split on the
//     separators first (so "temp: 23" yields nothing, as in Arduino);
//   - unlabelled values are named by position (value 1, value 2, …), or by
//     the fields of a header line: a line of words only, directly before
//     the numbers, with as many fields as the numeric line has values;
//   - values are read leniently ("12abc" is 12); a field without a number
//     gives no point.

const SEP = /[,\s]+/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

// parseNumber reads a number at the start of s, leniently; NaN when none.
export function parseNumber(s) {
  const m = NUMBER.exec(s);
  if (m) return Number(m[0]);
  if (/^[+-]?(inf|infinity)\b/i.test(s)) return NaN; // not plottable
  return NaN;
}

function fields(line) {
  const f = line.trim().split(SEP);
  return f.length === 1 && f[0] === '' ? [] : f;
}

function isLabelled(line) {
  const t = line.trimStart();
  const c = t.search(/[:=]/);
  return c > 0;
}

// PlotParser keeps the state that spans lines (the last header line).
export class PlotParser {
  constructor() {
    this.header = null; // fields of the last words-only line, or null
  }

  // parse returns the points of one line as [{key, name, value}], where
  // key identifies the series (a label, or '#N' for the Nth unlabelled
  // value), or [] when the line has none.
  parse(line) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (isLabelled(line)) {
      this.header = null;
      const out = [];
      for (const piece of fields(line)) {
        const c = piece.search(/[:=]/);
        if (c <= 0) continue;
        const v = parseNumber(piece.slice(c + 1));
        if (Number.isNaN(v)) continue;
        const name = piece.slice(0, c);
        out.push({ key: name, name, value: v });
      }
      return out;
    }
    const f = fields(line);
    if (!f.length) return [];
    const values = f.map(parseNumber);
    if (values.every(Number.isNaN)) {
      // A line of words: a header, if numbers with as many fields follow.
      this.header = f.every((w) => /^[A-Za-z_][\w.\-/%°]*$/.test(w)) ? f : null;
      return [];
    }
    const names = this.header && this.header.length === f.length ? this.header : null;
    const out = [];
    values.forEach((v, i) => {
      if (!Number.isNaN(v)) out.push({ key: `#${i + 1}`, name: names ? names[i] : `value ${i + 1}`, value: v });
    });
    return out;
  }
}
