// The Dashboard view's pure parts (views/dashboard.js draws them): the
// widgets' fields and defaults, command templates, LED conditions, the
// GPS track's projection and scale bar, and the grid layout's moves.
// (A widget's place is x, y, w, h: an XY plot's values are xValue and
// yValue.) Nothing here touches the page; src/dashmodel.test.js tests it all.

// GRID_COLS: the grid's columns; a widget sits at x (0..COLS-1), y (0..)
// and spans w columns and h rows.
export const GRID_COLS = 12;
export const MAX_H = 8;

// TYPES: each widget type with its default size and fields (the editor's
// form is built from FIELDS). Values are the decoder's names.
export const TYPES = {
  value: { w: 3, h: 1, label: 'Value' },
  gauge: { w: 3, h: 2, label: 'Gauge' },
  plot: { w: 6, h: 3, label: 'Time plot' },
  xy: { w: 4, h: 3, label: 'XY plot' },
  bar: { w: 3, h: 1, label: 'Bar' },
  led: { w: 2, h: 1, label: 'LED' },
  track: { w: 4, h: 3, label: 'GPS track' },
  table: { w: 6, h: 3, label: 'Table' },
  log: { w: 6, h: 2, label: 'Log' },
  button: { w: 2, h: 1, label: 'Button' },
  toggle: { w: 2, h: 1, label: 'Toggle' },
  slider: { w: 3, h: 1, label: 'Slider' },
  number: { w: 3, h: 1, label: 'Number' },
  text: { w: 3, h: 1, label: 'Text' },
};
export const CONTROLS = new Set(['button', 'toggle', 'slider', 'number', 'text']);

// FIELDS: what the editor asks for each type: [field, kind, label].
// kind: 'text', 'number', 'values' (comma-separated names), 'rules'
// (LED rules, one per line).
const F = {
  label: ['label', 'text', 'Label'],
  value: ['value', 'text', 'Value name'],
  values: ['values', 'values', 'Value names (comma-separated)'],
  units: ['units', 'text', 'Units'],
  min: ['min', 'number', 'Min'],
  max: ['max', 'number', 'Max'],
  decimals: ['decimals', 'number', 'Decimals'],
  color: ['color', 'text', 'Colour (when no rule matches)'],
  rules: ['rules', 'rules', 'Rules, one a line: CONDITION => COLOUR (e.g. temp > 30 => red)'],
  xValue: ['xValue', 'text', 'X value name'],
  yValue: ['yValue', 'text', 'Y value name'],
  lat: ['lat', 'text', 'Latitude value name'],
  lon: ['lon', 'text', 'Longitude value name'],
  points: ['points', 'number', 'Points kept'],
  window: ['window', 'number', 'Window (s)'],
  rows: ['rows', 'number', 'Rows kept'],
  send: ['send', 'text', 'Command ({value}, {text}, {on|off}; \\r \\n \\t \\xHH)'],
  step: ['step', 'number', 'Step'],
};
export const FIELDS = {
  value: [F.label, F.value, F.units, F.decimals],
  gauge: [F.label, F.value, F.units, F.min, F.max, F.decimals],
  plot: [F.label, F.values, F.window],
  xy: [F.label, F.xValue, F.yValue, F.points],
  bar: [F.label, F.value, F.units, F.min, F.max],
  led: [F.label, F.rules, F.color],
  track: [F.label, F.lat, F.lon, F.points],
  table: [F.label, F.values, F.rows],
  log: [F.label, F.values, F.rows],
  button: [F.label, F.send],
  toggle: [F.label, F.send],
  slider: [F.label, F.send, F.min, F.max, F.step],
  number: [F.label, F.send, F.min, F.max, F.step],
  text: [F.label, F.send],
};

// newWidget: a widget of type with its defaults, at the first free place.
export function newWidget(type, widgets) {
  const t = TYPES[type];
  if (!t) throw new Error(`unknown widget type ${type}`);
  const ids = new Set(widgets.map((w) => w.id));
  let n = widgets.length + 1;
  while (ids.has(`w${n}`)) n++;
  const w = { id: `w${n}`, type, label: t.label, w: t.w, h: t.h };
  if (type === 'gauge' || type === 'bar' || type === 'slider') Object.assign(w, { min: 0, max: 100 });
  if (type === 'track') Object.assign(w, { lat: 'lat', lon: 'lon', points: 600 });
  if (type === 'table' || type === 'log') w.rows = 20;
  if (type === 'plot') w.window = 60;
  if (type === 'xy') w.points = 500;
  if (type === 'button') w.send = 'LED ON\\r\\n';
  if (type === 'toggle') w.send = 'LED {on|off}\\r\\n';
  if (type === 'slider' || type === 'number') Object.assign(w, { send: 'SET SPEED {value}\\r\\n', step: 1 });
  if (type === 'text') w.send = 'SAY {text}\\r\\n';
  if (type === 'led') Object.assign(w, { rules: [], color: 'grey' });
  const at = freeSpot(widgets, w.w, w.h);
  w.x = at.x;
  w.y = at.y;
  return w;
}

// ----- layout -----

// place returns a widget's box with defaults and within the grid.
export function place(w) {
  const t = TYPES[w.type] || { w: 3, h: 1 };
  const cw = clamp(int(w.w, t.w), 1, GRID_COLS);
  const ch = clamp(int(w.h, t.h), 1, MAX_H);
  return { x: clamp(int(w.x, 0), 0, GRID_COLS - cw), y: Math.max(0, int(w.y, 0)), w: cw, h: ch };
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// freeSpot: the first place (top to bottom, left to right) where a w×h
// box overlaps no widget.
export function freeSpot(widgets, w, h) {
  const boxes = widgets.map(place);
  for (let y = 0; ; y++) {
    for (let x = 0; x + w <= GRID_COLS; x++) {
      const b = { x, y, w, h };
      if (!boxes.some((o) => overlaps(o, b))) return { x, y };
    }
  }
}

// move returns the widgets with widget id moved by (dx, dy) cells or
// resized by (dw, dh), kept within the grid (at least 1×1, at most
// GRID_COLS wide and MAX_H high); widgets it would cover are pushed
// down below it. Other widgets are returned unchanged; the list is new.
export function move(widgets, id, { dx = 0, dy = 0, dw = 0, dh = 0 }) {
  const i = widgets.findIndex((w) => w.id === id);
  if (i < 0) return widgets;
  const b = place(widgets[i]);
  const nw = clamp(b.w + dw, 1, GRID_COLS);
  const nh = clamp(b.h + dh, 1, MAX_H);
  const moved = { ...widgets[i], w: nw, h: nh, x: clamp(b.x + dx, 0, GRID_COLS - nw), y: Math.max(0, b.y + dy) };
  const out = widgets.slice();
  out[i] = moved;
  return settle(out, id);
}

// layout places every widget: those with a place (x and y) keep it,
// those without one (a file written by hand) take the first free spot,
// and overlaps are pushed down. It returns a new list.
export function layout(widgets) {
  const placed = [];
  const has = (w) => Number.isFinite(Number(w.x)) && Number.isFinite(Number(w.y)) && w.x !== null && w.y !== null && w.x !== '' && w.y !== '';
  for (const w of widgets) if (has(w)) placed.push({ ...w, ...place(w) });
  const out = widgets.map((w) => {
    if (has(w)) return placed.find((p) => p.id === w.id);
    const b = place({ ...w, x: 0, y: 0 });
    const at = freeSpot(placed, b.w, b.h);
    const p = { ...w, w: b.w, h: b.h, x: at.x, y: at.y };
    placed.push(p);
    return p;
  });
  return settle(out, null);
}

// settle pushes widgets that overlap the fixed one (and so on) down.
export function settle(widgets, fixedId) {
  const out = widgets.map((w) => ({ ...w, ...place(w) }));
  const order = out.map((_, i) => i).sort((a, b) => {
    if (out[a].id === fixedId) return -1;
    if (out[b].id === fixedId) return 1;
    return out[a].y - out[b].y || out[a].x - out[b].x;
  });
  const done = [];
  for (const i of order) {
    const w = out[i];
    while (done.some((o) => overlaps(o, w))) w.y++;
    done.push(w);
  }
  return out;
}

// ----- command templates -----

// unescape turns \r \n \t \\ \xHH into their characters (a string whose
// code points are all below 256: bytes).
export function unescape(s) {
  return String(s).replace(/\\(x[0-9a-fA-F]{2}|[rnt\\])/g, (_, e) => {
    if (e === 'r') return '\r';
    if (e === 'n') return '\n';
    if (e === 't') return '\t';
    if (e === '\\') return '\\';
    return String.fromCharCode(parseInt(e.slice(1), 16));
  });
}

// expand fills a command template: {value} and {text} with input (a
// number or text), {A|B} with A when on is true and B otherwise; then
// the escapes. The result is the bytes to send (a Uint8Array: the text
// as UTF-8, each \xHH as its byte).
export function expand(template, { value, text, on } = {}) {
  const filled = String(template).replace(/\{([^{}]*)\}/g, (m, name) => {
    if (name === 'value') return value === undefined ? '' : String(value);
    if (name === 'text') return text === undefined ? '' : String(text);
    const alt = name.split('|');
    if (alt.length === 2) return on ? alt[0] : alt[1];
    return m;
  });
  // Escapes give bytes; other text is UTF-8.
  const out = [];
  const enc = new TextEncoder();
  const re = /\\(x[0-9a-fA-F]{2}|[rnt\\])/g;
  let last = 0;
  for (let m; (m = re.exec(filled));) {
    out.push(...enc.encode(filled.slice(last, m.index)));
    out.push(unescape(m[0]).charCodeAt(0));
    last = re.lastIndex;
  }
  out.push(...enc.encode(filled.slice(last)));
  return Uint8Array.from(out);
}

// ----- LED conditions -----

const OPS = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

// parseCondition reads "NAME OP OPERAND" (OP one of > >= < <= == = !=;
// OPERAND a number or a word, or a "quoted" string), or a bare NAME
// (true when the value is present and not 0, false or ''). It returns
// {name, op, operand} or throws with the reason.
export function parseCondition(text) {
  const s = String(text).trim();
  let m = /^([A-Za-z_][\w.-]*)\s*(>=|<=|==|!=|>|<|=)\s*(.+)$/.exec(s);
  if (m) {
    let operand = m[3].trim();
    const q = /^"(.*)"$/.exec(operand);
    if (q) operand = q[1];
    else if (operand !== '' && Number.isFinite(Number(operand))) operand = Number(operand);
    return { name: m[1], op: m[2], operand };
  }
  m = /^([A-Za-z_][\w.-]*)$/.exec(s);
  if (m) return { name: m[1], op: '', operand: null };
  throw new Error(`not a condition: ${JSON.stringify(s)} (want e.g. temp > 30)`);
}

// test: whether a condition holds for values (a record's, by name).
// A missing value never matches; a number compares with a number, text
// with text (a number operand against text compares the text's number).
export function testCondition(cond, values) {
  const v = values[cond.name];
  if (v === undefined || v === null) return false;
  if (!cond.op) return v !== 0 && v !== false && v !== '' && v !== '0';
  let a = v;
  let b = cond.operand;
  if (typeof b === 'number') {
    a = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(a)) return false;
  } else a = String(v);
  return OPS[cond.op](a, b);
}

// parseRules reads LED rules, one a line "CONDITION => COLOUR [LABEL]"
// (blank lines skipped); it throws naming the line that is wrong.
export function parseRules(text) {
  const rules = [];
  String(text).split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(.*?)=>\s*(\S+)\s*(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1}: want CONDITION => COLOUR`);
    try {
      parseCondition(m[1]);
    } catch (err) {
      throw new Error(`line ${i + 1}: ${err.message}`);
    }
    const r = { if: m[1].trim(), color: m[2] };
    if (m[3].trim()) r.label = m[3].trim();
    rules.push(r);
  });
  return rules;
}

export const rulesText = (rules) => (rules || []).map((r) => `${r.if} => ${r.color}${r.label ? ` ${r.label}` : ''}`).join('\n');

// ledState: the first rule that holds for values ({color, label, rule}),
// or the widget's own colour (rule -1). Rules that do not parse never
// match.
export function ledState(widget, values) {
  const rules = widget.rules || [];
  for (let i = 0; i < rules.length; i++) {
    let c;
    try {
      c = parseCondition(rules[i].if);
    } catch (_) {
      continue;
    }
    if (testCondition(c, values)) return { color: rules[i].color, label: rules[i].label || rules[i].if, rule: i };
  }
  return { color: widget.color || 'grey', label: 'off', rule: -1 };
}

// COLOURS: the names an LED takes, each a CSS class (themes pick the
// shade); anything else shows grey.
export const COLOURS = ['red', 'green', 'yellow', 'orange', 'blue', 'grey'];

// ----- GPS track -----

const EARTH_M = 6371008.8; // mean radius

// project maps [lat, lon] points (degrees) to metres east and north of
// their centre (equirectangular at the centre's latitude: right to well
// under 0.1% across a few km). It returns {pts: [[x, y]], span} where
// span is the larger of the east and north extents in metres.
export function project(points) {
  if (!points.length) return { pts: [], span: 0, lat0: 0, lon0: 0 };
  let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
  for (const [la, lo] of points) {
    minLat = Math.min(minLat, la); maxLat = Math.max(maxLat, la);
    minLon = Math.min(minLon, lo); maxLon = Math.max(maxLon, lo);
  }
  const lat0 = (minLat + maxLat) / 2;
  const lon0 = (minLon + maxLon) / 2;
  const k = (Math.PI / 180) * EARTH_M;
  const kx = k * Math.cos(lat0 * Math.PI / 180);
  const pts = points.map(([la, lo]) => [(lo - lon0) * kx, (la - lat0) * k]);
  const span = Math.max((maxLon - minLon) * kx, (maxLat - minLat) * k);
  return { pts, span, lat0, lon0 };
}

// niceScale: the scale bar for a view `metres` wide: the largest 1, 2 or
// 5 × 10^n metres not over a third of it (at least 1 m), and its label.
export function niceScale(metres) {
  const target = Math.max(metres / 3, 1);
  const p = 10 ** Math.floor(Math.log10(target));
  let m = p;
  for (const f of [2, 5, 10]) if (f * p <= target) m = f * p;
  const label = m >= 1000 ? `${m / 1000} km` : `${m} m`;
  return { metres: m, label };
}

// ----- values -----

// formatValue: a number with decimals (or as it is), text as it is.
export function formatValue(v, decimals) {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') {
    const d = Number(decimals);
    return Number.isInteger(d) && d >= 0 && d <= 10 && decimals !== '' && decimals !== undefined ? v.toFixed(d) : String(v);
  }
  return String(v);
}

// fraction: where v sits between min and max, 0..1.
export function fraction(v, min, max) {
  const lo = Number(min ?? 0), hi = Number(max ?? 100);
  if (!(hi > lo) || typeof v !== 'number') return 0;
  return clamp((v - lo) / (hi - lo), 0, 1);
}

// valueNames: a widget's "values" as a list (a comma-separated string or
// a list).
export function valueNames(v) {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  return String(v || '').split(/[,\s]+/).filter(Boolean);
}

// ----- dashboards -----

// slug: a dashboard id from a name (the server's rule: 1 to 64 of
// letters, digits, . _ -).
export function slug(name) {
  const s = String(name).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return s || 'dashboard';
}

// readImport checks an imported file's dashboard: an object with a name
// and a list of widgets of known types with unique ids. It returns the
// dashboard for port (the file's port is replaced) or throws the reason.
export function readImport(text, port) {
  let d;
  try {
    d = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${err.message}`);
  }
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error('not a dashboard: want a JSON object');
  if (typeof d.name !== 'string' || !d.name) throw new Error('not a dashboard: no name');
  if (!Array.isArray(d.widgets)) throw new Error('not a dashboard: no widgets list');
  const ids = new Set();
  for (const w of d.widgets) {
    if (!w || typeof w !== 'object' || typeof w.id !== 'string' || !w.id) throw new Error('a widget without an id');
    if (!TYPES[w.type]) throw new Error(`widget ${w.id}: unknown type ${JSON.stringify(w.type)}`);
    if (ids.has(w.id)) throw new Error(`widget id ${w.id} twice`);
    ids.add(w.id);
  }
  const out = { name: d.name, port, widgets: d.widgets };
  if (typeof d.id === 'string') out.id = d.id;
  return out;
}

function int(v, dflt) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && v !== null && v !== '' && v !== undefined ? n : dflt;
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
