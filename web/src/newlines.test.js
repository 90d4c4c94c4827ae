// Unit tests of newline mapping and sending's encoding: node --test web/src/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RxMap, terminalEnter } from './newlines.js';
import { LineSplitter } from './linesplit.js';
import { encodeInput } from './send.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const mapAll = (mode, ...chunks) => {
  const m = new RxMap(mode);
  return chunks.map((c) => dec.decode(m.map(enc.encode(c)))).join('');
};

test('rx map: LF as CR LF', () => {
  assert.equal(mapAll('lf', 'a:1 b:2\nc:3\n'), 'a:1 b:2\r\nc:3\r\n');
  assert.equal(mapAll('lf', 'x\r\ny\r\n'), 'x\r\ny\r\n'); // CR LF stays as it is
  assert.equal(mapAll('lf', 'x\r', '\ny\n'), 'x\r\ny\r\n'); // a CR LF cut between reads
});

test('rx map: CR as CR LF', () => {
  assert.equal(mapAll('cr', 'one\rtwo\r'), 'one\r\ntwo\r\n');
  assert.equal(mapAll('cr', 'one\r\ntwo\r\n'), 'one\r\ntwo\r\n'); // no blank lines
  assert.equal(mapAll('cr', 'one\r', '\ntwo\r', 'three'), 'one\r\ntwo\r\nthree');
  assert.equal(mapAll('cr', 'a\nb'), 'a\nb'); // a lone LF is left
});

test('rx map: as received', () => {
  assert.equal(mapAll('none', 'a\nb\rc\r\n'), 'a\nb\rc\r\n');
});

test('terminal Enter follows the rule; nothing means CR', () => {
  assert.equal(terminalEnter('lf'), '\n');
  assert.equal(terminalEnter('cr'), '\r');
  assert.equal(terminalEnter('crlf'), '\r\n');
  assert.equal(terminalEnter('none'), '\r');
});

test('lines: a lone CR ends a line when crEnds', () => {
  const s = new LineSplitter();
  s.crEnds = true;
  const texts = (...chunks) => chunks.flatMap((c, i) => s.feed(c, i)).map((l) => l.text);
  assert.deepEqual(texts('one\rtwo\r', '\nthree\r\nfour\n'), ['one', 'two', 'three', 'four']);
  assert.equal(s.partial, '');
  const plain = new LineSplitter();
  assert.deepEqual(plain.feed('one\rtwo\n', 0).map((l) => l.text), ['one\rtwo']);
});

test('hex sends exactly the bytes and the checksum, never a line ending', () => {
  const got = encodeInput('01 03 00 00 00 0a', { hex: true, ending: 'lf', checksum: 'crc16modbus' });
  assert.deepEqual([...got], [0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd]);
  assert.deepEqual([...encodeInput('ff', { hex: true, ending: 'crlf', checksum: 'none' })], [0xff]);
  assert.equal(dec.decode(encodeInput('hi', { hex: false, ending: 'crlf' })), 'hi\r\n');
});
