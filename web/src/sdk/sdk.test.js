// Unit tests of the SDK's pure logic: lines with their device times, and
// where a reconnect resumes (against a fake WebSocket). Run: npm test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLines } from './lines.js';
import { Port, wsPath } from './serialhub.js';

const enc = (s) => new TextEncoder().encode(s);

test('lines split on LF with CR dropped, each with its first and last byte times and offset', () => {
  const l = new ByteLines();
  // "ab\r\ncd" read at 100 (a, b, CR) and 105 (LF, c, d); then "e\n" at 200.
  let out = l.feed(enc('ab\r\ncd'), [[0, 100], [3, 105]], 1000);
  assert.deepEqual(out, [{ text: 'ab', time: 100, end: 105, offset: 1000, cut: false }]);
  out = l.feed(enc('e\n'), [[0, 200]], 1006);
  assert.deepEqual(out, [{ text: 'cde', time: 105, end: 200, offset: 1004, cut: false }]);
  // Empty lines, and a lone CR that does not end a line.
  out = l.feed(enc('\nx\ry\n'), [[0, 300]], 1008);
  assert.deepEqual(out.map((x) => x.text), ['', 'x\ry']);
  assert.equal(out[1].offset, 1009);
});

test('a UTF-8 character split between frames comes out whole', () => {
  const l = new ByteLines();
  const b = enc('€\n'); // e2 82 ac 0a
  assert.deepEqual(l.feed(b.subarray(0, 2), [[0, 1]], null), []);
  const out = l.feed(b.subarray(2), [[0, 2]], null);
  assert.deepEqual(out, [{ text: '€', time: 1, end: 2, offset: null, cut: false }]);
});

test('an over-long line is cut at maxBytes, and end() gives the unfinished line', () => {
  const l = new ByteLines(4);
  const out = l.feed(enc('abcdefghij'), [[0, 1], [6, 2]], 0);
  assert.deepEqual(out, [
    { text: 'abcd', time: 1, end: 1, offset: 0, cut: true },
    { text: 'efgh', time: 1, end: 2, offset: 4, cut: true },
  ]);
  assert.deepEqual(l.end(), { text: 'ij', time: 2, end: 2, offset: 8, cut: true });
  assert.equal(l.end(), null);
  // A CR is kept where the line was cut, not taken for a CR LF.
  assert.deepEqual(new ByteLines(2).feed(enc('a\rb'), [[0, 5]], 0).map((x) => x.text), ['a\r']);
});

test('the WebSocket path of a local and a fleet port', () => {
  assert.equal(wsPath('lab'), '/ws/lab');
  assert.equal(wsPath('pi-07/dut 1'), '/ws/pi-07/dut%201');
});

// ----- resuming, against a fake WebSocket -----

class FakeSocket {
  static all = [];
  static OPEN = 1;
  constructor(url) {
    this.url = new URL(url);
    this.readyState = 0;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(m) {
    this.sent.push(m);
  }
  close() {
    this.readyState = 3;
  }
  // what the server does
  open() {
    this.readyState = 1;
    this.onopen();
  }
  event(o) {
    this.onmessage({ data: JSON.stringify(o) });
  }
  bytes(s) {
    this.onmessage({ data: enc(s).buffer });
  }
  cut() {
    this.readyState = 3;
    this.onclose({ code: 1006, reason: '' });
  }
}

function withFakes(f) {
  return async () => {
    const saved = { WebSocket: globalThis.WebSocket, location: globalThis.location, fetch: globalThis.fetch, setTimeout: globalThis.setTimeout };
    globalThis.WebSocket = FakeSocket;
    globalThis.location = { protocol: 'http:', host: '127.0.0.1:8080' };
    globalThis.fetch = async () => ({ status: 200 });
    const timers = [];
    globalThis.setTimeout = (fn, ms) => (timers.push({ fn, ms }), timers.length);
    FakeSocket.all = [];
    try {
      await f(timers);
    } finally {
      Object.assign(globalThis, saved);
    }
  };
}

test('a reconnect resumes after the last byte received: the line cut by the disconnect comes out whole, once', withFakes((timers) => {
  const port = new Port('pi-07/dut', {});
  const lines = [];
  const dropped = [];
  port.on('line', (text, time, info) => lines.push([text, info.offset]));
  port.on('dropped', (d) => dropped.push(d));
  port.open();
  let ws = FakeSocket.all[0];
  assert.equal(ws.url.pathname, '/ws/pi-07/dut');
  assert.equal(ws.url.search, '?timestamps=1');
  ws.open();
  ws.event({ type: 'status', port: { stream: 's1', bytesIn: 500 } });
  ws.event({ type: 'replay', bytes: 6, offset: 494 });
  ws.event({ type: 'stamps', offset: 494, stamps: [[0, 10]] });
  ws.bytes('old\nha');
  ws.event({ type: 'stamps', offset: 500, stamps: [[0, 20]] });
  ws.bytes('lf ');
  ws.cut();
  assert.equal(port.state, 'reconnecting');
  // The retry fires: the new socket asks for the next byte, 503, of s1.
  timers.at(-1).fn();
  ws = FakeSocket.all[1];
  assert.equal(ws.url.searchParams.get('since'), '503');
  assert.equal(ws.url.searchParams.get('stream'), 's1');
  ws.open();
  ws.event({ type: 'status', port: { stream: 's1', bytesIn: 510 } });
  ws.event({ type: 'replay', bytes: 7, offset: 503 });
  ws.event({ type: 'stamps', offset: 503, stamps: [[0, 30]] });
  ws.bytes('line\nn');
  ws.event({ type: 'stamps', offset: 509, stamps: [[0, 40]] });
  ws.bytes('\n');
  assert.deepEqual(lines, [['old', 494], ['half line', 498], ['n', 508]]);
  assert.deepEqual(dropped, []);
  // Bytes lost while away: the unfinished line ends there, cut, and the
  // loss is reported.
  ws.bytes('par');
  ws.cut();
  timers.at(-1).fn();
  ws = FakeSocket.all[2];
  assert.equal(ws.url.searchParams.get('since'), '513');
  ws.open();
  ws.event({ type: 'status', port: { stream: 's1', bytesIn: 99999 } });
  ws.event({ type: 'dropped', bytes: 80000, total: 80000, reason: 'away' });
  ws.event({ type: 'replay', bytes: 5, offset: 80513 });
  ws.bytes('new\n');
  assert.deepEqual(lines.slice(3), [['par', 510], ['new', 80513]]);
  assert.deepEqual(dropped, [{ bytes: 80000, total: 80000, reason: 'away' }]);
}));

test('a restarted server (another stream) replays from its own start, said as a gap', withFakes((timers) => {
  const port = new Port('lab', { replay: false });
  const lines = [];
  const dropped = [];
  port.on('line', (text) => lines.push(text));
  port.on('dropped', (d) => dropped.push(d.reason));
  port.open();
  let ws = FakeSocket.all[0];
  assert.equal(ws.url.searchParams.get('replay'), '0');
  ws.open();
  ws.event({ type: 'status', port: { stream: 's1', bytesIn: 100 } });
  ws.bytes('a\nb');
  ws.cut();
  timers.at(-1).fn();
  ws = FakeSocket.all[1];
  assert.equal(ws.url.searchParams.get('replay'), null); // since= asks for the replay from there
  assert.equal(ws.url.searchParams.get('since'), '103');
  ws.open();
  ws.event({ type: 'status', port: { stream: 's2', bytesIn: 4 } });
  ws.event({ type: 'replay', bytes: 4, offset: 0 });
  ws.bytes('new\n');
  assert.deepEqual(lines, ['a', 'b', 'new']);
  assert.deepEqual(dropped, ['restarted']);
}));

test('requests are answered by id; values come as records with times', withFakes(async () => {
  const port = new Port('lab', { values: true });
  const recs = [];
  port.on('values', (r) => recs.push(r));
  port.open();
  const ws = FakeSocket.all[0];
  assert.equal(ws.url.searchParams.get('values'), '1');
  ws.open();
  const done = port.setSettings({ baud: 9600 });
  const sent = JSON.parse(ws.sent[0]);
  assert.deepEqual(sent, { type: 'settings', settings: { baud: 9600 }, id: sent.id });
  ws.event({ type: 'ok', id: sent.id, port: { settings: { baud: 9600 } } });
  assert.deepEqual(await done, { settings: { baud: 9600 } });
  const br = port.sendBreak(100);
  const id = JSON.parse(ws.sent[1]).id;
  ws.event({ type: 'error', id, code: 'forbidden', message: 'view only' });
  await assert.rejects(br, { code: 'forbidden' });
  ws.event({ type: 'values', records: [{ time: '2026-11-30T10:00:00.5Z', offset: 12, values: { temp: 21.5 } }] });
  assert.deepEqual(recs, [{ time: Date.parse('2026-11-30T10:00:00.5Z'), offset: 12, values: { temp: 21.5 } }]);
  assert.equal(port.send('hi'), true);
  assert.deepEqual([...ws.sent[2]], [...enc('hi')]);
  port.close();
  assert.equal(port.send('hi'), false);
  await assert.rejects(port.setLines({ dtr: true }), { code: 'not_connected' });
}));

test('docs/pages.md shows the example page as it is', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile(new URL('../../../docs/pages.md', import.meta.url), 'utf8');
  for (const f of ['app.js', 'index.html']) {
    const text = await readFile(new URL(`../../../examples/seed-page/${f}`, import.meta.url), 'utf8');
    assert.ok(doc.includes(text), `docs/pages.md does not show examples/seed-page/${f} as it is`);
  }
});

test('jobs: started and acted on over REST, told of by job events', withFakes(async () => {
  const port = new Port('cnc', {});
  const told = [];
  port.on('job', (j) => told.push(j.state));
  const asked = [];
  globalThis.fetch = async (url, init) => {
    asked.push([url, init.method || 'GET', init.body]);
    if (url.endsWith('/pause')) return { ok: false, status: 409, json: async () => ({ code: 'job_state', error: 'job 1 is paused' }) };
    return { ok: true, status: 201, json: async () => ({ id: '1', state: 'running' }) };
  };
  port.open();
  const ws = FakeSocket.all[0];
  ws.open();
  const job = await port.startJob('G0 X1\n', { profile: 'grbl', name: 'part.nc', options: { buffer: 255 } });
  assert.deepEqual(job, { id: '1', state: 'running' });
  assert.deepEqual(asked[0], ['/api/ports/cnc/jobs?profile=grbl&buffer=255&name=part.nc', 'POST', 'G0 X1\n']);
  await assert.rejects(port.pauseJob('1'), { code: 'job_state', message: 'job 1 is paused' });
  assert.equal(asked[1][0], '/api/ports/cnc/jobs/1/pause');
  ws.event({ type: 'job', job: { id: '1', state: 'done' } });
  assert.deepEqual(told, ['done']);
  port.close();
}));
