// Unit tests of broadcast's pure parts: node --test web/src/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { broadcastBody, readAnswer, reason, paneText, summary } from './broadcast.js';
import { encodeInput } from './send.js';

const enc = new TextEncoder();

test('broadcast body: the send box\'s bytes as text, each port once, in order', () => {
  const data = encodeInput('reboot', { hex: false, ending: 'cr', checksum: 'none' });
  assert.deepEqual(broadcastBody(['pi-07/dut', 'a', 'pi-07/dut'], data), { ports: ['pi-07/dut', 'a'], send: 'reboot\r' });
  // UTF-8 text and control bytes go through as they are.
  assert.equal(broadcastBody(['a'], enc.encode('°C\u0000\r\n')).send, '°C\u0000\r\n');
  // A leading byte-order mark is data, not dropped.
  assert.equal(broadcastBody(['a'], Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)).send, '\ufeffA');
  // Hex that is ASCII or UTF-8 is fine; a Modbus frame with its CRC is not text.
  assert.equal(broadcastBody(['a'], encodeInput('41 42 0d', { hex: true, checksum: 'none' })).send, 'AB\r');
  assert.throws(() => broadcastBody(['a'], encodeInput('01 03 00 00 00 0a', { hex: true, checksum: 'crc16modbus' })), /not UTF-8 text/);
  assert.throws(() => broadcastBody(['a'], Uint8Array.of(0xff)), /not UTF-8 text/);
});

test('broadcast answer: a result per port asked for, in that order, none invented', () => {
  const answer = {
    results: [
      { port: 'b', ok: false, code: 'locked', error: 'port b: another client holds the port\'s write lock: alice, since 10:00:00' },
      { port: 'a', ok: true },
      { port: 'a', ok: false, code: 'failed' }, // a second result for a port: the first counts
      { port: 3, ok: true },                    // not a result
    ],
  };
  assert.deepEqual(readAnswer(['a', 'b', 'c'], answer), [
    { port: 'a', ok: true, code: '', error: '' },
    { port: 'b', ok: false, code: 'locked', error: 'port b: another client holds the port\'s write lock: alice, since 10:00:00' },
    { port: 'c', ok: false, code: 'no_answer', error: 'the server gave no result for this port' },
  ]);
  assert.deepEqual(readAnswer(['a'], null), [{ port: 'a', ok: false, code: 'no_answer', error: 'the server gave no result for this port' }]);
  // ok must be true, not truthy.
  assert.equal(readAnswer(['a'], { results: [{ port: 'a', ok: 'yes' }] })[0].ok, false);
});

test('broadcast words: each pane its result, the sender the whole', () => {
  const ok = { port: 'a', ok: true, code: '', error: '' };
  const forbidden = { port: 'gps', ok: false, code: 'forbidden', error: 'your role for port gps is view: it cannot write' };
  const odd = { port: 'c', ok: false, code: 'something_new', error: '' };
  assert.equal(paneText(ok, 7, 'a'), 'a: broadcast: 7 bytes sent');
  assert.equal(paneText(ok, 1, 'b'), 'a: broadcast from b\'s send box: 1 byte sent');
  assert.equal(paneText(forbidden, 7, 'a'), 'gps: broadcast from a\'s send box: not sent (forbidden): your role for port gps is view: it cannot write');
  const locked = { port: 'b', ok: false, code: 'locked', error: '' };
  assert.equal(paneText(locked, 7, 'a'), 'b: broadcast from a\'s send box: not sent (locked): another client holds the write lock');
  assert.match(paneText(locked, 7, 'a', true), /this pane holds the lock, and a broadcast is another client: release it/);
  assert.doesNotMatch(paneText(forbidden, 7, 'a', true), /holds the lock/);
  assert.equal(reason(odd), 'something_new');
  assert.equal(reason({ port: 'x', ok: false, code: 'forbidden', error: '' }), 'your role on this port is view-only');
  assert.equal(paneText({ port: 'x', ok: false, code: '', error: '' }, 1, 'x'), 'x: broadcast: not sent (refused): refused');
  assert.equal(summary([ok]), 'Broadcast: sent to 1 of 1 port');
  assert.equal(summary([ok, forbidden, odd]), 'Broadcast: sent to 1 of 3 ports; not sent to gps (forbidden), c (something_new)');
});
