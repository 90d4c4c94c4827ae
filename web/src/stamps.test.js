// Unit tests of device times and resuming: the pairing of stamps events
// with binary frames (connection.js with a stand-in WebSocket), the split
// of frames at the stamps (stamps.js), lines and plot points at the read
// times (linesplit.js, plotmodel.js), and the stream position (position.js).
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { frameStamps, heldTail, TimedText } from './stamps.js';
import { DeviceLines } from './linesplit.js';
import { PlotModel } from './plotmodel.js';
import { Position } from './position.js';
import { Connection } from './connection.js';

const enc = new TextEncoder();
const T0 = 1764500000123.456; // a device read time (Unix ms)

// ----- a stand-in WebSocket, enough for Connection -----

class FakeSocket {
  static OPEN = 1;
  static last = null;
  constructor(url) {
    this.url = url;
    this.readyState = FakeSocket.OPEN;
    this.sent = [];
    FakeSocket.last = this;
  }
  send(m) {
    this.sent.push(m);
  }
  close() {}
  open() {
    this.onopen();
  }
  event(obj) {
    this.onmessage({ data: JSON.stringify(obj) });
  }
  frame(bytes) {
    const b = typeof bytes === 'string' ? enc.encode(bytes) : bytes;
    this.onmessage({ data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) });
  }
}

let saved;
beforeEach(() => {
  saved = { WebSocket: globalThis.WebSocket, location: globalThis.location };
  globalThis.WebSocket = FakeSocket;
  globalThis.location = { protocol: 'http:', host: 'hub.test' };
});
afterEach(() => {
  globalThis.WebSocket = saved.WebSocket;
  globalThis.location = saved.location;
});

// connect returns a connected Connection whose onData calls are recorded.
function connect(name = 'dev') {
  const got = { data: [], gaps: [] };
  const h = {
    onData: (bytes, stamps, at) => got.data.push({ text: new TextDecoder().decode(bytes), stamps, at }),
    onGap: (text) => got.gaps.push(text),
    onStatus() {}, onState() {}, onNotice() {}, onError() {},
  };
  const c = new Connection(name, h);
  c.connect();
  const ws = FakeSocket.last;
  ws.open();
  return { c, ws, got };
}

const status = (bytesIn, stream = 's1') => ({ type: 'status', port: { name: 'dev', stream, bytesIn, state: 'open' } });

test('connection: asks for device times, and resumes with them', (t) => {
  const { c, ws } = connect();
  t.after(() => c.close());
  const url = new URL(ws.url);
  assert.equal(url.pathname, '/ws/dev');
  assert.equal(url.searchParams.get('timestamps'), '1');
  assert.equal(url.searchParams.get('since'), null); // first time: the whole scrollback
  ws.event(status(100));
  ws.event({ type: 'replay', bytes: 4, offset: 96 });
  ws.event({ type: 'stamps', offset: 96, stamps: [[0, T0]] });
  ws.frame('abcd');
  ws.event({ type: 'stamps', offset: 100, stamps: [[0, T0 + 5]] });
  ws.frame('ef');
  ws.onclose({ code: 1006, reason: '' });
  c.connect();
  const again = new URL(FakeSocket.last.url);
  assert.equal(again.searchParams.get('since'), '102');
  assert.equal(again.searchParams.get('stream'), 's1');
  assert.equal(again.searchParams.get('timestamps'), '1');
});

test('connection: each stamps event goes with the frame after it', (t) => {
  const { c, ws, got } = connect();
  t.after(() => c.close());
  ws.event(status(0));
  ws.event({ type: 'replay', bytes: 0, offset: 0 });
  ws.event({ type: 'stamps', offset: 0, stamps: [[0, T0], [3, T0 + 1.5]] });
  ws.frame('ab\ncd\n');
  // Other events between frames change nothing: the next frame has its own.
  ws.event({ type: 'stamps', offset: 6, stamps: [[0, T0 + 9]] });
  ws.event({ type: 'pong', id: 99 });
  ws.frame('x');
  assert.deepEqual(got.data, [
    { text: 'ab\ncd\n', stamps: [[0, T0], [3, T0 + 1.5]], at: 0 },
    { text: 'x', stamps: [[0, T0 + 9]], at: 6 },
  ]);
  // A stamps event is used once: a frame without one gets its arrival time.
  const before = Date.now();
  ws.frame('y');
  const last = got.data.at(-1);
  assert.equal(last.stamps.length, 1);
  assert.equal(last.stamps[0][0], 0);
  assert.ok(last.stamps[0][1] >= before && last.stamps[0][1] <= Date.now(), `arrival time ${last.stamps[0][1]}`);
  assert.equal(last.at, 7);
});

test('connection: a server without stamps: arrival times', (t) => {
  const { c, ws, got } = connect();
  t.after(() => c.close());
  ws.event(status(10));
  ws.event({ type: 'replay', bytes: 3, offset: 7 });
  const before = Date.now();
  ws.frame('a\nb');
  ws.frame('\n');
  assert.equal(got.data.length, 2);
  for (const d of got.data) assert.ok(d.stamps.length === 1 && d.stamps[0][0] === 0 && d.stamps[0][1] >= before);
  assert.deepEqual(got.data.map((d) => d.at), [7, 10]);
  assert.equal(c.seen.in, 1); // the replayed bytes are in bytesIn already
});

test('connection: a malformed stamps event is ignored, not trusted', (t) => {
  const { c, ws, got } = connect();
  t.after(() => c.close());
  ws.event(status(0));
  for (const stamps of [[], [[1, T0]], [[0, T0], [0, T0]], [[0, 'x']], 'no']) {
    ws.event({ type: 'stamps', offset: 0, stamps });
    ws.frame('z');
    assert.notEqual(got.data.at(-1).stamps[0][1], T0, JSON.stringify(stamps));
  }
});

// ----- splitting frames at the stamps -----

test('stamps: pairs beyond the frame are left out', () => {
  assert.deepEqual(frameStamps({ stamps: [[0, 1], [4, 2], [9, 3]] }, 9, 7), [[0, 1], [4, 2]]);
  assert.deepEqual(frameStamps({ stamps: [[0, 1], [4, 2]] }, 5, 7), [[0, 1], [4, 2]]);
  assert.deepEqual(frameStamps(null, 5, 7), [[0, 7]]);
  assert.deepEqual(frameStamps({ stamps: [[2, 1]] }, 5, 7), [[0, 7]]);
});

test('stamps: text pieces keep the time of their first byte', () => {
  const tt = new TimedText();
  const euro = enc.encode('€'); // e2 82 ac
  // "a€" read in two chunks split inside the euro sign, then "b".
  const frame = Uint8Array.of(0x61, euro[0], euro[1], euro[2], 0x62);
  assert.deepEqual(tt.feed(frame, [[0, 1], [3, 2], [4, 3]]), [
    { text: 'a', t: 1 }, { text: '€', t: 1 }, { text: 'b', t: 3 },
  ]);
  // Split across frames, too.
  assert.deepEqual(tt.feed(Uint8Array.of(0x63, euro[0]), [[0, 4]]), [{ text: 'c', t: 4 }]);
  assert.deepEqual(tt.feed(Uint8Array.of(euro[1], euro[2], 0x64), [[0, 5]]), [{ text: '€', t: 4 }, { text: 'd', t: 5 }]);
  assert.equal(tt.end(), null);
  assert.equal(heldTail(Uint8Array.of(0x61)), false);
  assert.equal(heldTail(Uint8Array.of(0xf0, 0x9f, 0x98)), true);
  assert.equal(heldTail(Uint8Array.of(0x82)), null);
});

// ----- lines and plot at the device's times -----

// replayFrames is 400 lines "n=I" read at 400 times 3 ms apart, as the
// server replays them: in frames of up to 1,000 bytes, stamps per read.
function replayFrames(count = 400) {
  const reads = [];
  for (let i = 0; i < count; i++) reads.push({ bytes: enc.encode(`n=${i}\r\n`), t: T0 + 3 * i });
  const frames = [];
  let cur = null;
  for (const r of reads) {
    if (!cur || cur.len + r.bytes.length > 1000) {
      cur = { parts: [], stamps: [], len: 0 };
      frames.push(cur);
    }
    cur.stamps.push([cur.len, r.t]);
    cur.parts.push(r.bytes);
    cur.len += r.bytes.length;
  }
  return { reads, frames: frames.map((f) => ({ bytes: concat(f.parts, f.len), stamps: f.stamps })) };
}

function concat(parts, len) {
  const b = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    b.set(p, o);
    o += p.length;
  }
  return b;
}

test('lines: 400 lines read at 400 times keep 400 times', () => {
  const { reads, frames } = replayFrames();
  assert.ok(frames.length > 1);
  const dl = new DeviceLines();
  const lines = [];
  for (const f of frames) lines.push(...dl.feed(f.bytes, f.stamps));
  assert.equal(lines.length, 400);
  assert.equal(new Set(lines.map((l) => l.t)).size, 400);
  lines.forEach((l, i) => {
    assert.equal(l.text, `n=${i}`);
    assert.equal(l.t, reads[i].t);
  });
});

test('lines: a line gets the time of the read holding its first byte', () => {
  const dl = new DeviceLines();
  // "hel" read at 1, "lo\nwor" at 2, "ld\n" at 3 (in a later frame).
  assert.deepEqual(dl.feed(enc.encode('hello\nwor'), [[0, 1], [3, 2]]), [{ text: 'hello', t: 1, wrapped: false }]);
  assert.equal(dl.partial, 'wor');
  assert.equal(dl.partialT, 2);
  assert.deepEqual(dl.feed(enc.encode('ld\n'), [[0, 3]]), [{ text: 'world', t: 2, wrapped: false }]);
  // A new line starting exactly at a read's first byte.
  assert.deepEqual(dl.feed(enc.encode('a\nb\n'), [[0, 4], [2, 5]]), [{ text: 'a', t: 4, wrapped: false }, { text: 'b', t: 5, wrapped: false }]);
  dl.feed(enc.encode('tail'), [[0, 6]]);
  assert.deepEqual(dl.end(), [{ text: 'tail', t: 6, wrapped: false }]);
  assert.deepEqual(dl.end(), []);
});

test('plot: points at the read time of their line', () => {
  const { reads, frames } = replayFrames();
  const dl = new DeviceLines();
  const m = new PlotModel(16, 1000);
  for (const f of frames) for (const l of dl.feed(f.bytes, f.stamps)) m.add(l.text, l.t);
  assert.equal(m.xs.length, 400);
  assert.equal(new Set(m.xs).size, 400);
  m.xs.forEach((x, i) => assert.equal(x, reads[i].t / 1000));
  assert.deepEqual(m.series.map((s) => s.name), ['n']);
  assert.deepEqual(m.series[0].ys.slice(0, 3), [0, 1, 2]);
});

test('connection to lines: a replay of 400 lines read at distinct times', (t) => {
  const { c, ws, got } = connect();
  t.after(() => c.close());
  const { reads, frames } = replayFrames();
  const total = frames.reduce((n, f) => n + f.bytes.length, 0);
  ws.event(status(5000 + total));
  ws.event({ type: 'replay', bytes: total, offset: 5000 });
  let off = 5000;
  for (const f of frames) {
    ws.event({ type: 'stamps', offset: off, stamps: f.stamps });
    ws.frame(f.bytes);
    off += f.bytes.length;
  }
  const dl = new DeviceLines();
  const lines = [];
  for (const d of got.data) lines.push(...dl.feed(enc.encode(d.text), d.stamps));
  assert.deepEqual(lines.map((l) => l.t), reads.map((r) => r.t));
  assert.equal(c.pos.resume().since, 5000 + total);
});

// ----- the stream position -----

test('position: replay, live data, drops, stamps and a new stream', () => {
  const p = new Position();
  assert.deepEqual(p.resume(), { stream: null, since: null });
  p.event(status(1000));
  p.event({ type: 'replay', bytes: 100, offset: 900 });
  assert.deepEqual(p.data(60), { at: 900, replayed: 60 });
  p.event({ type: 'stamps', offset: 960, stamps: [[0, T0]] });
  assert.deepEqual(p.data(50), { at: 960, replayed: 40 });
  p.event(status(5000)); // others' traffic: no change
  p.event({ type: 'dropped', bytes: 8, total: 8, reason: 'slow' });
  assert.deepEqual(p.data(2), { at: 1018, replayed: 0 });
  assert.deepEqual(p.resume(), { stream: 's1', since: 1020 });
  // Resumed while the scrollback no longer held it all.
  p.event(status(3000));
  p.event({ type: 'dropped', bytes: 80, total: 80, reason: 'away' });
  p.event({ type: 'replay', bytes: 1900, offset: 1100 });
  p.data(1900);
  p.data(7);
  assert.deepEqual(p.resume(), { stream: 's1', since: 3007 });
  // The server restarted: its new stream counts from its own bytesIn.
  p.event(status(40, 's2'));
  assert.equal(p.newStream, true);
  p.event({ type: 'replay', bytes: 40, offset: 0 });
  p.data(45);
  assert.deepEqual(p.resume(), { stream: 's2', since: 45 });
  assert.equal(p.query().toString(), 'since=45&stream=s2');
});

test('connection: bytes missed while away are not counted as received', (t) => {
  const { c, ws } = connect();
  t.after(() => c.close());
  ws.event(status(500));
  ws.event({ type: 'dropped', bytes: 100, total: 100, reason: 'away' });
  ws.event({ type: 'replay', bytes: 300, offset: 200 });
  ws.frame(new Uint8Array(300));
  ws.frame(new Uint8Array(4));
  assert.deepEqual(c.seen, { in: 4, out: 0, dropped: 100 });
  ws.event({ type: 'dropped', bytes: 8, total: 108, reason: 'slow' });
  assert.deepEqual(c.seen, { in: 12, out: 0, dropped: 108 });
  assert.equal(c.pos.resume().since, 512);
});
