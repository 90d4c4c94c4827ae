// Unit tests of the Dashboard view's pure parts (dashmodel.js): command
// templates, LED conditions, the track's projection and scale bar, the
// grid's moves, imports (node --test web/src/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expand, unescape, parseCondition, testCondition, parseRules, rulesText, ledState,
  project, niceScale, move, layout, newWidget, place, freeSpot, readImport, formatValue, fraction, slug, GRID_COLS, MAX_H,
} from './dashmodel.js';

const text = (b) => String.fromCharCode(...b);

test('templates: escapes, {value}, {text}, {on|off}', () => {
  assert.equal(text(expand('LED ON\\r\\n')), 'LED ON\r\n');
  assert.equal(text(expand('LED {on|off}', { on: true })), 'LED on');
  assert.equal(text(expand('LED {on|off}', { on: false })), 'LED off');
  assert.equal(text(expand('SET SPEED {value}\\n', { value: 42 })), 'SET SPEED 42\n');
  assert.equal(text(expand('SAY {text}', { text: 'hi there' })), 'SAY hi there');
  assert.equal(text(expand('\\x02A\\t\\x03\\\\')), '\x02A\t\x03\\');
  assert.deepEqual([...expand('\\xff\\x00')], [0xff, 0]);
  // Non-ASCII text is UTF-8; unknown braces stay.
  assert.deepEqual([...expand('é')], [0xc3, 0xa9]);
  assert.equal(text(expand('{what}')), '{what}');
  // Escapes apply after filling: a typed \\n is a newline too.
  assert.equal(text(expand('{text}', { text: 'a\\n' })), 'a\n');
  assert.equal(unescape('a\\rb'), 'a\rb');
  assert.equal(unescape('\\q'), '\\q');
});

test('conditions: parse and test', () => {
  assert.deepEqual(parseCondition('temp > 30'), { name: 'temp', op: '>', operand: 30 });
  assert.deepEqual(parseCondition('status == "ok"'), { name: 'status', op: '==', operand: 'ok' });
  assert.deepEqual(parseCondition('fix=GPS'), { name: 'fix', op: '=', operand: 'GPS' });
  assert.deepEqual(parseCondition('alarm'), { name: 'alarm', op: '', operand: null });
  assert.throws(() => parseCondition('> 3'), /not a condition/);
  assert.throws(() => parseCondition('temp >'), /not a condition/);
  const t = (c, v) => testCondition(parseCondition(c), v);
  assert.equal(t('temp > 30', { temp: 31 }), true);
  assert.equal(t('temp > 30', { temp: 30 }), false);
  assert.equal(t('temp >= 30', { temp: 30 }), true);
  assert.equal(t('temp < 30', {}), false, 'a missing value never matches');
  assert.equal(t('temp > 30', { temp: '35' }), true, 'numeric text compares as a number');
  assert.equal(t('temp > 30', { temp: 'hot' }), false);
  assert.equal(t('status == ok', { status: 'ok' }), true);
  assert.equal(t('status != ok', { status: 'bad' }), true);
  assert.equal(t('battery <= 10.5', { battery: 10.5 }), true);
  assert.equal(t('alarm', { alarm: 1 }), true);
  assert.equal(t('alarm', { alarm: 0 }), false);
});

test('LED rules: first match wins, else the widget colour', () => {
  const rules = parseRules('temp > 30 => red hot\n\ntemp > 20 => yellow\n');
  assert.deepEqual(rules, [{ if: 'temp > 30', color: 'red', label: 'hot' }, { if: 'temp > 20', color: 'yellow' }]);
  assert.equal(rulesText(rules), 'temp > 30 => red hot\ntemp > 20 => yellow');
  const w = { rules, color: 'green' };
  assert.deepEqual(ledState(w, { temp: 35 }), { color: 'red', label: 'hot', rule: 0 });
  assert.equal(ledState(w, { temp: 25 }).color, 'yellow');
  assert.deepEqual(ledState(w, { temp: 5 }), { color: 'green', label: 'off', rule: -1 });
  assert.throws(() => parseRules('temp > 30 red'), /line 1: want CONDITION => COLOUR/);
  assert.throws(() => parseRules('ok => green\n> 3 => red'), /line 2: not a condition/);
});

test('track: projection in metres and the scale bar', () => {
  // 0.001° of latitude is about 111.2 m; of longitude at 60° about half.
  const { pts, span } = project([[60, 10], [60.001, 10], [60.001, 10.002]]);
  const dy = pts[1][1] - pts[0][1];
  const dx = pts[2][0] - pts[1][0];
  assert.ok(Math.abs(dy - 111.2) < 0.2, `north ${dy}`);
  assert.ok(Math.abs(dx - 111.2) < 0.3, `east ${dx}`); // 0.002° × cos 60° = 0.001°
  assert.ok(Math.abs(span - 111.2) < 0.3);
  // Centred: the extremes are ± half the extent.
  assert.ok(Math.abs(pts[0][1] + dy / 2) < 1e-6);
  assert.deepEqual(project([]).pts, []);
  assert.deepEqual(niceScale(300), { metres: 100, label: '100 m' });
  assert.deepEqual(niceScale(700), { metres: 200, label: '200 m' });
  assert.deepEqual(niceScale(1600), { metres: 500, label: '500 m' });
  assert.deepEqual(niceScale(4000), { metres: 1000, label: '1 km' });
  assert.deepEqual(niceScale(0), { metres: 1, label: '1 m' });
  assert.deepEqual(niceScale(40000), { metres: 10000, label: '10 km' });
});

test('layout: new widgets find room, moves stay on the grid and push others down', () => {
  let ws = [];
  ws.push(newWidget('gauge', ws)); // 3×2 at 0,0
  ws.push(newWidget('value', ws)); // 3×1 at 3,0
  assert.deepEqual(place(ws[0]), { x: 0, y: 0, w: 3, h: 2 });
  assert.deepEqual(place(ws[1]), { x: 3, y: 0, w: 3, h: 1 });
  assert.notEqual(ws[0].id, ws[1].id);
  // Left from x=0 stays at 0; right by 20 stops at the edge.
  assert.deepEqual(place(move(ws, ws[0].id, { dx: -1 })[0]), { x: 0, y: 0, w: 3, h: 2 });
  assert.equal(place(move(ws, ws[1].id, { dx: 20 })[1]).x, GRID_COLS - 3);
  // Moving the value onto the gauge pushes the gauge below it.
  const m = move(ws, ws[1].id, { dx: -3 });
  assert.deepEqual(place(m[1]), { x: 0, y: 0, w: 3, h: 1 });
  assert.deepEqual(place(m[0]), { x: 0, y: 1, w: 3, h: 2 });
  // Resizing: never under 1×1, never over the grid.
  assert.deepEqual(place(move(ws, ws[1].id, { dw: -9, dh: -9 })[1]), { x: 3, y: 0, w: 1, h: 1 });
  const wide = move(ws, ws[1].id, { dw: 40, dh: 40 });
  assert.deepEqual(place(wide[1]), { x: 0, y: 0, w: GRID_COLS, h: MAX_H });
  assert.equal(place(wide[0]).y, MAX_H, 'the gauge pushed below');
  // The list is new; the old is untouched.
  assert.deepEqual(place(ws[1]), { x: 3, y: 0, w: 3, h: 1 });
  assert.deepEqual(freeSpot([], 12, 1), { x: 0, y: 0 });
  // Widgets without a place take free spots (b, c); of two in one place,
  // the later is pushed down (d), and what it then covers too (c).
  const laid = layout([
    { id: 'a', type: 'value', x: 0, y: 0, w: 6, h: 1 },
    { id: 'b', type: 'value', w: 6, h: 1 },
    { id: 'c', type: 'value', w: 6, h: 1 },
    { id: 'd', type: 'value', x: 0, y: 0, w: 2, h: 1 },
  ]).map(place);
  assert.deepEqual(laid, [{ x: 0, y: 0, w: 6, h: 1 }, { x: 6, y: 0, w: 6, h: 1 }, { x: 0, y: 2, w: 6, h: 1 }, { x: 0, y: 1, w: 2, h: 1 }]);
});

test('import: checked, the port replaced', () => {
  const d = readImport(JSON.stringify({ id: 'gps', name: 'GPS', port: 'other', widgets: [{ id: 'a', type: 'track' }] }), 'mine');
  assert.deepEqual(d, { id: 'gps', name: 'GPS', port: 'mine', widgets: [{ id: 'a', type: 'track' }] });
  assert.throws(() => readImport('{', 'p'), /not JSON/);
  assert.throws(() => readImport('[]', 'p'), /want a JSON object/);
  assert.throws(() => readImport('{"name":"x","widgets":[{"id":"a","type":"map"}]}', 'p'), /unknown type "map"/);
  assert.throws(() => readImport('{"name":"x","widgets":[{"id":"a","type":"led"},{"id":"a","type":"led"}]}', 'p'), /twice/);
});

test('formatting', () => {
  assert.equal(formatValue(21.456, 1), '21.5');
  assert.equal(formatValue(21.456), '21.456');
  assert.equal(formatValue('ok', 2), 'ok');
  assert.equal(formatValue(undefined), '—');
  assert.equal(fraction(25, 0, 50), 0.5);
  assert.equal(fraction(99, 0, 50), 1);
  assert.equal(fraction(5, 10, 10), 0);
  assert.equal(slug('Bench GPS #2'), 'bench-gps-2');
});
