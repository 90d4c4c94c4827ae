// serialhub.js: the SDK for your own pages (docs/pages.md). Served by
// serialhub at /sdk/serialhub.js:
//
//   import { connect } from '/sdk/serialhub.js';
//   const port = connect('lab', { lines: true });
//   port.on('line', (text, time) => console.log(new Date(time), text));
//   port.send('LED ON\n');
//
// One Port is one WebSocket to /ws/NAME (docs/protocol.md). It reconnects
// by itself with backoff and resumes the stream where it stopped
// (?since=OFFSET&stream=ID, position.js): no byte twice, none lost unless
// the server says so (a 'dropped' event). Nothing here polls: a silent
// connection is pinged after 25 s.

import { Position } from '../position.js';
import { frameStamps } from '../stamps.js';
import { ByteLines } from './lines.js';

export { ByteLines };

const RECONNECT_MIN_MS = 500;     // first retry delay, doubled per failed attempt...
const RECONNECT_MAX_MS = 10000;   // ...up to this; each delay jittered to 50-100%
const STABLE_MS = 5000;           // a connection open this long resets the backoff
const IDLE_PING_MS = 25000;       // ping after this long without a message...
const PROBE_TIMEOUT_MS = 20000;   // ...and reconnect if nothing comes this long after
const REQUEST_TIMEOUT_MS = 10000; // a control request without an answer fails

const EVENTS = ['data', 'line', 'values', 'status', 'state', 'dropped', 'error', 'job'];

// SerialhubError is what requests reject with and 'error' handlers get:
// code is the protocol's error code (docs/protocol.md: forbidden, locked,
// not_open, bad_settings, not_supported, …) or one of the SDK's own:
// not_connected, timeout, unauthorized, not_found.
export class SerialhubError extends Error {
  constructor(code, message, bytes) {
    super(message);
    this.name = 'SerialhubError';
    this.code = code;
    if (bytes !== undefined) this.bytes = bytes; // a write's bytes not written
  }
}

// wsPath is the WebSocket path of a port: /ws/NAME, or /ws/GATEWAY/PORT
// for a fleet gateway's port at a central.
export function wsPath(name) {
  return '/ws/' + String(name).split('/').map(encodeURIComponent).join('/');
}

// connect opens a port by name and returns its Port (already connecting).
// options (defaults): lines (true): 'line' events; values (false):
// 'values' events of the port's decoder; timestamps (true): device read
// times (else the arrival times); replay (true): the port's recent output
// first; maxLine (65536): bytes after which a line without LF is cut.
export function connect(name, options = {}) {
  const port = new Port(name, options);
  port.open();
  return port;
}

export class Port {
  constructor(name, options = {}) {
    this.name = name;
    this.options = { lines: true, values: false, timestamps: true, replay: true, maxLine: 65536, ...options };
    this.state = 'closed';   // connecting | connected | reconnecting | closed
    this.port = null;        // the last port object (docs/protocol.md "Port object")
    this.handlers = new Map(EVENTS.map((e) => [e, new Set()]));
    this.pos = new Position(); // where in the stream: what a reconnect asks for
    this.lines = new ByteLines(this.options.maxLine);
    this.ws = null;
    this.since = null;       // the offset this connection resumed from
    this.stamps = null;      // the stamps event for the next binary frame
    this.attempt = 0;
    this.openedAt = 0;
    this.lastRx = 0;
    this.probeAt = 0;
    this.nextId = 1;
    this.pending = new Map(); // request id -> {resolve, reject, timer}
    this.timers = { retry: 0, live: 0 };
  }

  // on registers f for an event (data, line, values, status, state,
  // dropped, error) and returns the port; off removes it.
  on(event, f) {
    const set = this.handlers.get(event);
    if (!set) throw new Error(`serialhub: no event ${event} (${EVENTS.join(', ')})`);
    set.add(f);
    return this;
  }

  off(event, f) {
    const set = this.handlers.get(event);
    if (set) set.delete(f);
    return this;
  }

  // emit calls the handlers; one that throws is reported (uncaught, in the
  // browser's console) without stopping the stream.
  emit(event, ...args) {
    for (const f of this.handlers.get(event)) {
      try {
        f(...args);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  setState(s) {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  // ----- connection -----

  open() {
    clearTimeout(this.timers.retry);
    this.timers.retry = 0;
    this.drop();
    this.since = this.pos.offset;
    this.stamps = null;
    const q = this.pos.query();
    if (this.pos.offset === null && !this.options.replay) q.set('replay', '0');
    if (this.options.timestamps) q.set('timestamps', '1');
    if (this.options.values) q.set('values', '1');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}${wsPath(this.name)}?${q}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.openedAt = 0;
    if (this.state !== 'reconnecting') this.setState('connecting');
    ws.onopen = () => {
      this.openedAt = this.lastRx = performance.now();
      this.probeAt = 0;
      this.setState('connected');
      this.armLiveness(IDLE_PING_MS);
    };
    ws.onmessage = (ev) => {
      this.lastRx = performance.now();
      this.probeAt = 0;
      if (typeof ev.data === 'string') this.event(ev.data);
      else this.data(new Uint8Array(ev.data));
    };
    ws.onclose = (ev) => this.lost(ev.code === 1008 ? new SerialhubError('session_ended', ev.reason || 'the session ended') : null);
    ws.onerror = () => this.lost(null);
  }

  // close ends the connection for good.
  close() {
    clearTimeout(this.timers.retry);
    this.timers.retry = 0;
    this.drop();
    this.setState('closed');
  }

  // drop closes the socket, failing the requests waiting on it.
  drop() {
    clearTimeout(this.timers.live);
    this.timers.live = 0;
    for (const id of [...this.pending.keys()]) this.settle(id, new SerialhubError('not_connected', 'the connection closed before the server answered'));
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch (_) {
      // already closing
    }
  }

  // lost: the socket closed or failed; reconnect after a backoff.
  lost(err) {
    const wasOpen = this.openedAt > 0;
    this.drop();
    if (err) this.emit('error', err);
    if (!wasOpen) this.why();
    else if (performance.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
    this.openedAt = 0;
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt++);
    this.timers.retry = setTimeout(() => this.open(), base / 2 + (Math.random() * base) / 2);
    this.setState('reconnecting');
  }

  // why asks the REST API why a WebSocket was refused (a browser does not
  // say): no login (401) or no such port (404) becomes an 'error' event.
  async why() {
    let res;
    try {
      res = await fetch(`/api/ports/${encodeURIComponent(this.name)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (_) {
      return; // the server is away: the retries go on
    }
    if (res.status === 401) this.emit('error', new SerialhubError('unauthorized', 'not logged in: log in at / (the console), then reload this page'));
    else if (res.status === 404) this.emit('error', new SerialhubError('not_found', `no port named ${this.name}`));
  }

  armLiveness(ms) {
    clearTimeout(this.timers.live);
    this.timers.live = setTimeout(() => this.liveness(), ms);
  }

  liveness() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    if (this.probeAt) {
      if (now - this.probeAt >= PROBE_TIMEOUT_MS) this.lost(null);
      else this.armLiveness(this.probeAt + PROBE_TIMEOUT_MS - now);
      return;
    }
    if (now - this.lastRx < IDLE_PING_MS) {
      this.armLiveness(IDLE_PING_MS - (now - this.lastRx));
      return;
    }
    this.ws.send(JSON.stringify({ type: 'ping' }));
    this.probeAt = now;
    this.armLiveness(PROBE_TIMEOUT_MS);
  }

  // ----- receiving -----

  data(bytes) {
    const times = this.options.timestamps ? frameStamps(this.stamps, bytes.length, Date.now()) : [[0, Date.now()]];
    this.stamps = null;
    const { at } = this.pos.data(bytes.length);
    this.emit('data', bytes, times, at);
    if (this.options.lines) for (const l of this.lines.feed(bytes, times, at)) this.line(l);
  }

  line(l) {
    this.emit('line', l.text, l.time, { end: l.end, offset: l.offset, cut: l.cut });
  }

  // gap ends the line under way: what follows does not continue it.
  gap() {
    const l = this.options.lines ? this.lines.end() : null;
    if (l) this.line(l);
  }

  event(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (_) {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    this.pos.event(msg);
    switch (msg.type) {
      case 'status':
        if (!msg.port || typeof msg.port !== 'object') return;
        this.port = msg.port;
        this.emit('status', msg.port);
        break;
      case 'replay':
        // Another stream (the server restarted) or an offset before ours:
        // what follows does not continue what came before.
        if (this.since !== null && (this.pos.newStream || msg.offset < this.since)) {
          this.gap();
          this.emit('dropped', { bytes: null, total: null, reason: 'restarted' });
        }
        break;
      case 'stamps':
        this.stamps = msg;
        break;
      case 'dropped':
        this.gap();
        this.emit('dropped', { bytes: msg.bytes, total: msg.total, reason: msg.reason });
        break;
      case 'values':
        if (msg.missed > 0) this.emit('dropped', { bytes: 0, records: msg.missed, reason: 'slow' });
        for (const r of Array.isArray(msg.records) ? msg.records : []) {
          this.emit('values', { time: Date.parse(r.time), offset: r.offset, values: r.values || {} });
        }
        break;
      case 'job':
        if (msg.job && typeof msg.job === 'object') this.emit('job', msg.job);
        break;
      case 'ok':
        this.settle(msg.id, null, msg.port || null);
        break;
      case 'error': {
        const err = new SerialhubError(msg.code || 'error', msg.message || 'server error', msg.bytes);
        if (this.pending.has(msg.id)) this.settle(msg.id, err);
        else this.emit('error', err);
        break;
      }
      default:
        break;
    }
  }

  // ----- sending -----

  // send writes text (as UTF-8) or bytes (Uint8Array, ArrayBuffer, an
  // array of numbers) to the device. It returns false, sending nothing,
  // while not connected. A refusal (view-only role, the port not open, a
  // lock) comes as an 'error' event with the bytes not written.
  send(data) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    let bytes;
    if (typeof data === 'string') bytes = new TextEncoder().encode(data);
    else if (data instanceof Uint8Array) bytes = data;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer || data, data.byteOffset || 0, data.byteLength);
    else bytes = Uint8Array.from(data);
    this.ws.send(bytes);
    return true;
  }

  // setSettings changes settings ({baud, dataBits, parity, stopBits,
  // flowControl}; those not given stay); it resolves with the port object
  // as the device took them.
  setSettings(settings) {
    return this.request({ type: 'settings', settings });
  }

  // setLines sets DTR and/or RTS ({dtr: true, rts: false}).
  setLines(lines) {
    const msg = { type: 'lines' };
    if (lines.dtr !== undefined) msg.dtr = Boolean(lines.dtr);
    if (lines.rts !== undefined) msg.rts = Boolean(lines.rts);
    return this.request(msg);
  }

  // sendBreak sends a break of ms milliseconds (default 250); it resolves
  // once the break has ended.
  sendBreak(ms = 250) {
    return this.request({ type: 'break', ms });
  }

  // ----- jobs (docs/jobs.md) -----

  // startJob has the server stream file (a string, Blob or File, sent as
  // it is) to the device at the pace a profile says ({profile: 'grbl',
  // name, from, options: {buffer: 127, …}}); it resolves with the job.
  // Its progress comes as 'job' events, to every page on the port.
  startJob(file, { profile = 'line', name, from, options = {} } = {}) {
    const q = new URLSearchParams({ profile, ...options });
    if (name) q.set('name', name);
    if (from) q.set('from', String(from));
    return this.jobRequest(`?${q}`, { method: 'POST', body: file });
  }

  // jobs resolves with the port's jobs, oldest first.
  jobs() {
    return this.jobRequest('', {});
  }

  // pauseJob, resumeJob and cancelJob act on job id; each resolves with
  // the job once done (after a pause, no further line is sent).
  pauseJob(id) {
    return this.jobRequest(`/${encodeURIComponent(id)}/pause`, { method: 'POST' });
  }

  resumeJob(id) {
    return this.jobRequest(`/${encodeURIComponent(id)}/resume`, { method: 'POST' });
  }

  cancelJob(id) {
    return this.jobRequest(`/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  }

  // jobRequest makes a request about the port's jobs (path after …/jobs)
  // and resolves with its JSON, or rejects with a SerialhubError of the
  // server's code and message.
  async jobRequest(path, init) {
    let res;
    try {
      res = await fetch(`/api/ports/${encodeURIComponent(this.name)}/jobs${path}`, { ...init, headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      throw new SerialhubError('not_connected', `port ${this.name}: ${e.message}`);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (_) {
      // not JSON: said below
    }
    if (!res.ok) {
      throw new SerialhubError((body && body.code) || 'failed', (body && body.error) || `port ${this.name}: HTTP ${res.status}`);
    }
    return body;
  }

  request(msg) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new SerialhubError('not_connected', `not connected to port ${this.name}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, new SerialhubError('timeout', `no answer to ${msg.type}`)), REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...msg, id }));
    });
  }

  settle(id, err, value) {
    const r = this.pending.get(id);
    if (!r) return;
    this.pending.delete(id);
    clearTimeout(r.timer);
    if (err) r.reject(err);
    else r.resolve(value);
  }
}
