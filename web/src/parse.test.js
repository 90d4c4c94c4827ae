// Unit tests of the console's parsers: node --test web/src/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlotParser, parseNumber } from './plotparse.js';
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
