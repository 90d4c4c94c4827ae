// Unit tests of the console's parsers: node --test web/src/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlotParser, parseNumber } from './plotparse.js';
import { PlotModel, LineCuts, EchoFilter, visibleRange, yScale, timeLabel, paletteIndex, GAP_MIN_MS, recordPoints, plotSource } from './plotmodel.js';
import { LineSplitter } from './linesplit.js';
import { parseHex, toHex, CHECKSUMS, displayText } from './bytes.js';

const pts = (p, line) => p.parse(line).map(({ key, name, value }) => [key, name, value]);

test('plot: Arduino labelled lines', () => {
  const p = new PlotParser();
  assert.deepEqual(pts(p, 'a:1,b:2'), [['a', 'a', 1], ['b', 'b', 2]]);
  assert.deepEqual(pts(p, 'temp:21.5 hum:40\t,'), [['temp', 'temp', 21.5], ['hum', 'hum', 40]]);
  assert.deepEqual(pts(p, 'temp: 23'), []); // as in Arduino: a space after the colon yields nothing
  assert.deepEqual(pts(p, 'x=3 y=-4e2'), [['x', 'x', 3], ['y', 'y', -400]]);
  assert.deepEqual(pts(p, 'v:12abc'), [['v', 'v', 12]]);
  assert.deepEqual(pts(p, ':5'), []); // ':' first is not a label
});

test('plot: unlabelled values and plain numbers', () => {
  const p = new PlotParser();
  assert.deepEqual(pts(p, '42'), [['#1', 'value 1', 42]]);
  assert.deepEqual(pts(p, '1 2\t3,4,,'), [['#1', 'value 1', 1], ['#2', 'value 2', 2], ['#3', 'value 3', 3], ['#4', 'value 4', 4]]);
  assert.deepEqual(pts(p, '1 x 3'), [['#1', 'value 1', 1], ['#3', 'value 3', 3]]);
  assert.deepEqual(pts(p, 'hello world'), []);
  assert.deepEqual(pts(p, ''), []);
  assert.deepEqual(pts(p, '7\r'), [['#1', 'value 1', 7]]);
});

test('plot: a header line names the columns', () => {
  const p = new PlotParser();
  assert.deepEqual(pts(p, 'temp hum'), []);
  assert.deepEqual(pts(p, '21 40'), [['#1', 'temp', 21], ['#2', 'hum', 40]]);
  assert.deepEqual(pts(p, 'booting the device now'), []);
  assert.deepEqual(pts(p, '1 2'), [['#1', 'value 1', 1], ['#2', 'value 2', 2]]); // 4 words, 2 values: not a header
});

test('plot: lenient numbers', () => {
  assert.equal(parseNumber('12abc'), 12);
  assert.equal(parseNumber('-.5'), -0.5);
  assert.ok(Number.isNaN(parseNumber('abc')));
});

// cols returns the model's columns by key, for comparing.
const cols = (m) => Object.fromEntries(m.series.map((s) => [s.key, s.ys]));

test('plot model: a series missing from lines it was on breaks; series on lines of their own join', () => {
  const m = new PlotModel(16, 1000);
  for (const [line, t] of [['a:1,b:1', 0], ['t:1', 10], ['h:5', 20], ['a:2,b:2', 30], ['a:3', 40], ['a:4,b:4', 50]]) m.add(line, t);
  const c = cols(m);
  assert.deepEqual(c.a, [1, undefined, undefined, 2, 3, 4]);
  // b: missing from "a:3" (a line with a, which was on b's last line): null,
  // and the rows since its last value too, so the line breaks right there.
  assert.deepEqual(c.b, [1, undefined, undefined, 2, null, 4]);
  assert.deepEqual(c.t, [null, 1, undefined, undefined, undefined, undefined]);
  assert.deepEqual(c.h, [null, null, 5, undefined, undefined, undefined]);
  assert.equal(m.points, 6);
});

test('plot model: gap markers and silences make break rows, which are not points', () => {
  const m = new PlotModel(16, 1000);
  m.add('a:1', 1000);
  m.add('a:2', 1250);
  m.brk();
  m.add('a:3', 1750);
  assert.deepEqual(m.xs, [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(cols(m).a, [1, 2, null, 3]);
  assert.equal(m.points, 3);
  // Every 100 ms, then silent for longer than GAP_MIN_MS: a break.
  for (let t = 1800; t <= 2400; t += 100) m.add('a:4', t);
  m.add('a:5', 2400 + GAP_MIN_MS + 1);
  assert.equal(cols(m).a.at(-2), null);
  assert.equal(m.points, m.xs.length - 2);
  // The usual interval is long (5 s): 6 s is not a silence.
  const slow = new PlotModel(16, 1000);
  for (let t = 0; t <= 50000; t += 5000) slow.add('v:1', t);
  slow.add('v:2', 56000);
  assert.ok(!cols(slow).v.includes(null));
  // Trimming drops the break rows with the rows.
  const small = new PlotModel(4, 8);
  small.add('a:1', 0);
  small.brk();
  for (let i = 1; i <= 9; i++) small.add(`a:${i}`, i);
  assert.ok(small.xs.length <= 9); // 8, and up to an eighth more before trimming
  assert.deepEqual(small.breaks, []);
  assert.equal(small.points, small.xs.length);
  assert.ok(!cols(small).a.includes(null));
});

test('plot model: dropped series stay out until clear or undrop', () => {
  const m = new PlotModel(2, 1000);
  m.add('a:1,b:2', 0);
  m.add('c:3', 1); // over the limit of 2
  m.drop('b');
  assert.deepEqual(m.series.map((s) => s.key), ['a']);
  assert.ok(m.add('a:2,b:5,c:6', 2).added); // c takes b's place; b stays out
  assert.deepEqual(m.series.map((s) => s.key), ['a', 'c']);
  m.undrop();
  m.add('b:7', 3);
  assert.deepEqual(m.series.map((s) => s.key), ['a', 'c']); // full again
  m.clear();
  m.add('b:8', 4);
  assert.deepEqual(m.series.map((s) => s.key), ['b']);
});

// feed runs frames and gap markers through LineCuts as the session does,
// splitting lines at \n, and returns the whole lines.
function feed(events) {
  const cuts = new LineCuts();
  let partial = '';
  const out = [];
  const take = (line) => {
    if (cuts.whole()) out.push(line);
  };
  for (const e of events) {
    if (e === 'gap') {
      cuts.gap();
      if (partial) take(partial);
      partial = '';
      continue;
    }
    const [off, text] = e;
    cuts.frame(off, new TextEncoder().encode(text));
    const parts = (partial + text).split('\n');
    partial = parts.pop();
    parts.forEach(take);
  }
  return out;
}

test('plot records: a decoder\'s numeric values, a series per name, at the record\'s device time', () => {
  const rec = { time: '2026-11-30T10:53:20.123456Z', offset: 18211, values: { temp: 21.5, status: 'ok', lat: -0.5, on: true, none: null, big: 1e308 } };
  assert.deepEqual(recordPoints(rec), {
    t: Date.parse('2026-11-30T10:53:20.123Z'),
    points: [{ key: 'temp', name: 'temp', value: 21.5 }, { key: 'lat', name: 'lat', value: -0.5 }, { key: 'big', name: 'big', value: 1e308 }],
  });
  // Nothing to plot: no numeric value, no time, no values, not a record.
  assert.equal(recordPoints({ time: rec.time, offset: 1, values: { status: 'ok', n: '12' } }), null);
  assert.equal(recordPoints({ offset: 1, values: { temp: 1 } }), null);
  assert.equal(recordPoints({ time: 'yesterday', offset: 1, values: { temp: 1 } }), null);
  assert.equal(recordPoints({ time: rec.time, offset: 1 }), null);
  assert.equal(recordPoints(null), null);

  // Records into the model: series by name, rows at the records' times;
  // a series absent from a record it used to share breaks, as lines do.
  const m = new PlotModel(16, 1000);
  const at = (s) => ({ time: `2026-11-30T10:00:0${s}Z`, offset: s, values: s === 2 ? { temp: 22 } : { temp: 20 + s, hum: 40 + s } });
  for (const s of [0, 1, 2, 3]) {
    const r = recordPoints(at(s));
    m.addPoints(r.points, r.t);
  }
  const t0 = Date.parse('2026-11-30T10:00:00Z') / 1000;
  assert.deepEqual(m.xs, [t0, t0 + 1, t0 + 2, t0 + 3]);
  assert.deepEqual(m.series.map((s) => s.name), ['temp', 'hum']);
  const c = cols(m);
  assert.deepEqual(c.temp, [20, 21, 22, 23]);
  assert.deepEqual(c.hum, [40, 41, null, 43]);
  assert.equal(m.points, 4);
});

test('plot source: the server\'s records with any decoder, lines parsed here without', () => {
  for (const d of ['arduino', 'csv', 'nmea']) {
    const s = plotSource({ name: 'sim', decoder: d });
    assert.equal(s.decoder, d);
    assert.equal(s.text, `decoded by the server (${d})`);
  }
  for (const p of [{ name: 'sim' }, { name: 'sim', decoder: '' }, null]) {
    const s = plotSource(p);
    assert.equal(s.decoder, null);
    assert.match(s.text, /^parsed in this browser; set a decoder in the port panel/);
  }
});

test('plot cuts: a replay begins at a whole line only at offset 0', () => {
  assert.deepEqual(feed([[80, 'm:3\nnum:4\n'], [90, 'num:5\n']]), ['num:4', 'num:5']);
  assert.deepEqual(feed([[0, 'first:1\nnum:2\n']]), ['first:1', 'num:2']);
  assert.deepEqual(feed([[null, 'm:3\nnum:4\n']]), ['num:4']); // unknown: the first line may be cut
  // A frame ending mid-line, the rest in the next: one whole line.
  assert.deepEqual(feed([[0, 'a:1\nnu'], [6, 'm:2\n']]), ['a:1', 'num:2']);
});

test('plot cuts: a line torn by a gap marker is not plotted, either part', () => {
  // Connection lost mid-line, resumed where it was: both parts go.
  assert.deepEqual(feed([[0, 'a:1\nnu'], 'gap', [6, 'm:5\na:2\n']]), ['a:1', 'a:2']);
  // Lost between lines, resumed where it was: nothing lost.
  assert.deepEqual(feed([[0, 'a:1\n'], 'gap', [4, 'a:2\n']]), ['a:1', 'a:2']);
  // Bytes missed: the line after them began before them.
  assert.deepEqual(feed([[0, 'a:1\n'], 'gap', [100, ':7\na:2\n']]), ['a:1', 'a:2']);
  // Bytes missed without a marker: the same.
  assert.deepEqual(feed([[0, 'a:1\n'], [100, ':7\na:2\n']]), ['a:1', 'a:2']);
  // A new stream from 0 (the server restarted): whole.
  assert.deepEqual(feed([[0, 'a:1\n'], 'gap', [0, 'a:2\n']]), ['a:1', 'a:2']);
});

test('plot echo: lines sent, sent as typed, and a prompt before the echo', () => {
  const e = new EchoFilter(1000);
  e.sent('rate 20\n', 0);
  assert.ok(!e.isEcho('temp:21', 1));
  assert.ok(e.isEcho('rate 20', 2));
  assert.ok(!e.isEcho('rate 20', 3)); // each sent line matches one echo
  for (const ch of 'ratx\x7fe 30') e.sent(ch, 4); // typed, with a backspace
  e.sent('\r', 5);
  assert.ok(e.isEcho('> rate 30 ', 6));
  e.sent('1\r\n', 10);
  assert.ok(!e.isEcho('1', 2000)); // too late: the device printed it
  e.sent('x = 1\n', 3000);
  assert.ok(!e.isEcho('y = x = 1', 3001)); // not a prompt
});

test('plot Y range: from what is shown in view; a typed range wins, the right way up', () => {
  const xs = [1, 2, 3, 4];
  assert.deepEqual(visibleRange(xs, [[200, 1, 2, 3]], 2, 4), [1, 3]);
  assert.deepEqual(visibleRange(xs, [[1, null, undefined, 5], [0, 9, 9, 9]], 1, 1), [0, 1]);
  assert.equal(visibleRange(xs, [[null, null, null, null]], 1, 4), null);
  assert.deepEqual(yScale([0, 10], null, null), [-0.5, 10.5]);
  assert.deepEqual(yScale([0, 10], 2, 8), [2, 8]);
  assert.deepEqual(yScale([0, 10], null, 50), [-0.5, 50]);
  const [lo, hi] = yScale([0, 10], 60, null); // a minimum above the data
  assert.ok(lo === 60 && hi > lo);
  assert.deepEqual(yScale([5, 5], null, null), [4.45, 5.55]);
  assert.deepEqual(yScale(null, null, null), [0, 1]);
});

test('plot times and colours', () => {
  const t = new Date(2026, 0, 2, 15, 4, 5, 67).getTime() / 1000;
  assert.equal(timeLabel(t, 1), '15:04:05');
  assert.equal(timeLabel(t, 0.05), '15:04:05.067');
  assert.equal(paletteIndex('temp', 16), paletteIndex('temp', 16));
  for (const name of ['a', 'temp', 'value 1', '']) assert.ok(paletteIndex(name, 16) >= 0 && paletteIndex(name, 16) < 16);
});

test('lines: endings, partial lines and timestamps', () => {
  const s = new LineSplitter(8);
  assert.deepEqual(s.feed('ab\r\ncd', 1), [{ text: 'ab', t: 1, wrapped: false }]);
  assert.equal(s.partial, 'cd');
  assert.deepEqual(s.feed('e\rf\n', 2), [{ text: 'cde\rf', t: 1, wrapped: false }]);
  assert.deepEqual(s.feed('0123456789\n', 3), [{ text: '01234567', t: 3, wrapped: true }, { text: '89', t: 3, wrapped: false }]);
  assert.deepEqual(s.feed('x', 4), []);
  assert.deepEqual(s.end(), { text: 'x', t: 4, wrapped: false });
  assert.equal(s.end(), null);
});

test('hex input and checksums', () => {
  assert.deepEqual(parseHex('01 03 00 00 00 0a'), Uint8Array.of(1, 3, 0, 0, 0, 10));
  assert.deepEqual(parseHex('0x41,0x42'), Uint8Array.of(0x41, 0x42));
  assert.throws(() => parseHex('4'), /odd/);
  assert.throws(() => parseHex('zz'), /not a hex digit/);
  assert.equal(toHex(CHECKSUMS.crc16modbus.bytes(parseHex('01 03 00 00 00 0a'))), 'c5 cd');
  assert.equal(toHex(CHECKSUMS.xor.bytes(Uint8Array.of(1, 2, 4))), '07');
  assert.equal(displayText('a\x1b[1m\r\x00'), 'a␛[1m␀');
});
