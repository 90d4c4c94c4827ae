// Connection: the WebSocket of one port (docs/protocol.md), with reconnect
// and resume. It knows nothing of the page; a session gets:
//
//   onData(bytes, stamps, at, historyEnds)
//                           device bytes (Uint8Array, one binary frame): stamps
//                           are [index, t] pairs, bytes from index on were read
//                           from the device at t (Unix ms, with a fraction; the
//                           first pair at index 0; see stamps.js); at is the
//                           stream offset of bytes[0] (null while unknown);
//                           historyEnds: this frame ends the replay (what
//                           follows is live)
//   onGap(text)             a gap in the stream (dropped bytes, connection lost)
//   onStatus(port)          a status event's port object
//   onState()               conn.state / conn.reason / the countdown changed
//   onNotice(text, kind)    something the user should read
//   onError(msg)            an error event not tied to a request
//   onLockRequest(from)     someone asks this client to release the write lock
//   onLease(event)          a lease event of this connection (lease.js): queued,
//                           granted, renewed, released, expired, broken
//   onValues(records, missed) a decoder's records (values=1: views/dashboard.js, views/plot.js)
//   onJob(job)              a job's change of state or progress (jobpanel.js)
//   onRemoved()             the port no longer exists on the server (it was
//                           removed with DELETE /api/ports/NAME): no retries
//
// Design, kept from the first console: reconnect with jittered exponential
// backoff; the stream offset of the next byte is tracked (position.js) so a
// reconnect asks for ?since=OFFSET&stream=ID (nothing lost, nothing twice);
// no polling: the liveness check pings only after a silence.
//
// Device times: the connection asks for timestamps=1, and pairs each
// stamps event with the binary frame that follows it. A server that sends
// none (older than the timestamps) gets the arrival time of each frame.

import { api } from './auth.js';
import { Position } from './position.js';
import { frameStamps } from './stamps.js';
import { EVENTS, REQUESTS, fits } from './wire.js';
import { triggerNoticeText } from './triggernotice.js';

const RECONNECT_MIN_MS = 500;       // first retry delay, doubled per failed attempt...
const RECONNECT_MAX_MS = 10000;     // ...up to this; each delay is jittered to 50-100%
const STABLE_MS = 5000;             // a connection open this long resets the backoff
const IDLE_PING_MS = 25000;         // liveness: ping after this long without any message...
const PROBE_TIMEOUT_MS = 20000;     // ...and no message at all this long after it: dead
const REQUEST_TIMEOUT_MS = 10000;   // a control request without an answer fails

export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Connection {
  constructor(name, handlers) {
    this.name = name;
    this.h = handlers;
    this.ws = null;
    this.state = 'connecting';  // connecting | connected | reconnecting | closed | removed
    this.reason = '';           // why we are reconnecting
    this.retryAt = 0;           // performance.now() of the next attempt, 0 if none
    this.attempt = 0;
    this.openedAt = 0;
    this.lastRx = 0;
    this.probeSentAt = 0;
    this.nextId = 1;
    this.pos = new Position();  // where in the port's stream: what a reconnect asks for
    this.since = null;          // the offset this connection resumed from, or null
    this.stamps = null;         // the stamps event for the next binary frame, if any
    this.hasData = false;       // bytes of this port were received (gaps are marked)
    this.port = null;           // last port object
    this.seen = { in: 0, out: 0, dropped: 0 }; // since the last status event
    this.pending = new Map();   // request id -> {resolve, reject, timer, type}
    this.timers = { retry: 0, countdown: 0, liveness: 0 };
    this.suspended = false;     // let go while the page is in the back/forward cache
    this.lease = '';            // the lease this client acts under: dialled as ?lease= (set by the pane's LeaseBox)
  }

  // ----- life cycle -----

  connect() {
    this.stopRetry();
    this.closeSocket();
    this.since = this.pos.resume().since;
    this.stamps = null;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.pos.query();
    query.set('timestamps', '1');
    query.set('values', '1'); // a decoder's records, for the Dashboard and Plot views (nothing without a decoder)
    if (this.lease) query.set('lease', this.lease);
    const ws = new WebSocket(`${scheme}//${location.host}/ws/${encodeURIComponent(this.name)}?${query}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.openedAt = 0;
    this.probeSentAt = 0;
    this.resetSeen();
    if (this.state !== 'reconnecting') this.setState('connecting');

    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.openedAt = this.lastRx = performance.now();
      this.reason = '';
      this.setState('connected');
      this.armLiveness(IDLE_PING_MS);
    };
    ws.onmessage = (ev) => {
      if (ws !== this.ws) return;
      this.lastRx = performance.now();
      this.probeSentAt = 0;
      if (typeof ev.data === 'string') this.handleEvent(ev.data);
      else this.receive(ev.data);
    };
    ws.onclose = (ev) => {
      if (ws !== this.ws) return;
      let reason;
      if (ev.code === 1001) reason = ev.reason === 'port closed' ? 'port closed' : 'server going away';
      else if (ev.code === 1008) {
        reason = ev.reason || 'policy violation';
        this.h.onNotice(`${this.name}: disconnected by the server: ${reason}`, 'error');
      } else reason = ev.reason || (this.openedAt ? 'connection lost' : 'cannot connect');
      this.gone(reason);
    };
    ws.onerror = () => {
      if (ws === this.ws) this.gone(this.openedAt ? 'connection lost' : 'cannot connect');
    };
  }

  // close ends the connection for good (until connect is called again).
  close() {
    this.stopRetry();
    const wasOpen = this.openedAt > 0;
    this.closeSocket();
    this.openedAt = 0;
    if (wasOpen && this.hasData) this.h.onGap('[... disconnected by you ...]');
    this.reason = '';
    this.setState('closed');
  }

  // suspend lets go of the server while the page is hidden away (the
  // back/forward cache): the page stops counting as a client and drops the
  // write lock it held. resume connects again from where it was, so the
  // output of the time away is replayed (or said to be missing).
  suspend() {
    if (this.state === 'closed' || this.state === 'removed' || this.suspended) return;
    this.stopRetry();
    this.closeSocket('page hidden');
    this.openedAt = 0;
    this.suspended = true;
  }

  resume() {
    if (!this.suspended) return;
    this.suspended = false;
    this.connect();
  }

  isOpen() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  // closeSocket closes the WebSocket (1000, normal: a page may send no
  // other code below 3000) with reason why.
  closeSocket(why = '') {
    clearTimeout(this.timers.liveness);
    this.timers.liveness = 0;
    this.failRequests('not_connected', 'the connection closed before the server answered');
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000, why);
    } catch (_) {
      // already closing
    }
  }

  gone(reason) {
    this.closeSocket();
    const wasOpen = this.openedAt > 0;
    // The port may have been removed (its last words are "port closed"),
    // or a reconnection may fail because it no longer exists (a WebSocket
    // does not tell a 404): ask once per failure, then stop for good.
    if (reason === 'port closed' || reason === 'cannot connect') this.checkExists();
    if (wasOpen && performance.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
    if (wasOpen && this.hasData) {
      this.h.onGap('[... connection lost: reconnecting; what the device sends meanwhile follows ...]');
    }
    this.openedAt = 0;
    this.reason = reason;
    this.scheduleRetry();
  }

  // checkExists asks whether the port still exists; if the server says it
  // does not (404), the connection ends for good and onRemoved is called.
  async checkExists() {
    let res;
    try {
      // (A WebSocket refused for want of a login fails the same way: api()
      // gets the 401 and asks the user to log in.)
      res = await api(`/api/ports/${encodeURIComponent(this.name)}`, { headers: { Accept: 'application/json' } });
    } catch (_) {
      return; // server unreachable: keep retrying
    }
    if (res.status !== 404 || ['connected', 'closed', 'removed'].includes(this.state)) return;
    this.stopRetry();
    this.closeSocket();
    this.openedAt = 0;
    this.reason = 'removed from the server';
    this.setState('removed');
    if (this.h.onRemoved) this.h.onRemoved();
  }

  scheduleRetry() {
    this.stopRetry();
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt);
    const delay = base / 2 + (Math.random() * base) / 2;
    this.attempt++;
    this.retryAt = performance.now() + delay;
    this.timers.retry = setTimeout(() => this.connect(), delay);
    this.timers.countdown = setInterval(() => this.h.onState(), 1000);
    this.setState('reconnecting');
  }

  stopRetry() {
    clearTimeout(this.timers.retry);
    clearInterval(this.timers.countdown);
    this.timers.retry = this.timers.countdown = 0;
    this.retryAt = 0;
  }

  // retryNow skips the rest of the backoff (the browser is back online).
  retryNow() {
    if (this.timers.retry) this.connect();
  }

  setState(s) {
    this.state = s;
    this.h.onState();
  }

  // countdown is the whole seconds until the next attempt, or 0.
  countdown() {
    if (!this.retryAt) return 0;
    return Math.max(1, Math.ceil((this.retryAt - performance.now()) / 1000));
  }

  // ----- liveness (not a poll: see the first console's README) -----

  armLiveness(delay) {
    clearTimeout(this.timers.liveness);
    this.timers.liveness = setTimeout(() => this.checkLiveness(), delay);
  }

  checkLiveness() {
    this.timers.liveness = 0;
    if (!this.isOpen()) return;
    const now = performance.now();
    if (this.probeSentAt) {
      const left = this.probeSentAt + PROBE_TIMEOUT_MS - now;
      if (left <= 0) this.gone('no answer from server');
      else this.armLiveness(left);
      return;
    }
    const idle = now - this.lastRx;
    if (idle < IDLE_PING_MS) {
      this.armLiveness(IDLE_PING_MS - idle);
      return;
    }
    this.ws.send(JSON.stringify({ type: 'ping', id: this.nextId++ }));
    this.probeSentAt = now;
    this.armLiveness(PROBE_TIMEOUT_MS);
  }

  // ----- receiving -----

  receive(buf) {
    this.hasData = true;
    const n = buf.byteLength;
    const stamps = frameStamps(this.stamps, n, Date.now());
    this.stamps = null;
    const { at, replayed } = this.pos.data(n);
    this.seen.in += n - replayed; // replayed bytes are in the status's bytesIn already
    this.h.onData(new Uint8Array(buf), stamps, at, replayed > 0 && this.pos.replayLeft === 0);
  }

  resetSeen() {
    this.seen.in = this.seen.out = this.seen.dropped = 0;
  }

  handleEvent(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (_) {
      return;
    }
    // An event the console does not know, or without what it reads of
    // it (wire.js), is ignored.
    if (!msg || typeof msg !== 'object' || !Object.hasOwn(EVENTS, msg.type) || !fits(msg, EVENTS[msg.type])) return;
    this.pos.event(msg);
    const req = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
    switch (msg.type) {
      case 'status':
        this.resetSeen();
        this.port = msg.port;
        this.h.onStatus(msg.port);
        // A modem request is answered by a status event.
        for (const [id, r] of this.pending) if (r.type === 'modem') this.settle(id, null, msg.port);
        break;
      case 'replay':
        if (this.since !== null && (this.pos.newStream || msg.offset < this.since)) {
          this.h.onNotice(`${this.name}: the server restarted; output from before the restart may be missing`, 'info');
        }
        break;
      case 'stamps':
        this.stamps = msg; // for the binary frame that follows
        break;
      case 'dropped': {
        const n = msg.bytes > 0 ? msg.bytes : 0;
        this.seen.dropped += n;
        // Bytes missed while away are older than the status's bytesIn.
        if (msg.reason !== 'away') this.seen.in += n;
        const total = msg.total > msg.bytes ? `, ${msg.total} in total` : '';
        const why = {
          away: 'sent while disconnected, no longer held by the server',
          upstream: 'lost between the gateway and this server',
        }[msg.reason] || 'this browser fell behind';
        this.h.onGap(`[... ${n} bytes missed: ${why}${total} ...]`);
        break;
      }
      case 'lease':
        if (this.h.onLease) this.h.onLease(msg);
        break;
      case 'notice':
        this.h.onNotice(triggerNoticeText(this.name, msg), 'info');
        break;
      case 'values':
        if (this.h.onValues) this.h.onValues(msg.records, msg.missed || 0);
        break;
      case 'job':
        if (this.h.onJob) this.h.onJob(msg.job);
        break;
      case 'lock-request':
        if (this.h.onLockRequest) this.h.onLockRequest(typeof msg.from === 'string' ? msg.from : 'someone');
        break;
      case 'ok':
      case 'pong':
        if (req) this.settle(msg.id, null, msg);
        break;
      case 'error':
        if (msg.bytes > 0) this.seen.out = Math.max(0, this.seen.out - msg.bytes);
        if (req) this.settle(msg.id, new RequestError(msg.code || 'error', msg.message || 'server error'));
        else this.h.onError(msg);
        break;
      default:
        break;
    }
  }

  // ----- sending -----

  // send writes device bytes; false when not connected.
  send(bytes) {
    if (!this.isOpen()) return false;
    this.ws.send(bytes);
    this.seen.out += bytes.length;
    return true;
  }

  // request sends a control message and resolves with the server's answer
  // (ok, pong, or for modem the status event), or rejects with a
  // RequestError (code unknown_type when the server does not know it).
  // opts.timeout: how long to wait for the answer (0: until the connection
  // closes, for a lease that waits in the queue).
  request(type, fields = {}, opts = {}) {
    if (!Object.hasOwn(REQUESTS, type)) throw new Error(`connection: ${type} is not a request the console sends (wire.js)`);
    if (!this.isOpen()) return Promise.reject(new RequestError('not_connected', 'not connected to the server'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const ms = opts.timeout === undefined ? REQUEST_TIMEOUT_MS : opts.timeout;
      const timer = ms > 0 ? setTimeout(() => this.settle(id, new RequestError('timeout', `no answer to ${type}`)), ms) : 0;
      this.pending.set(id, { resolve, reject, timer, type });
      this.ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }

  // bufferedAmount of the socket: bytes handed to it and not yet sent.
  buffered() {
    return this.ws ? this.ws.bufferedAmount : 0;
  }

  settle(id, err, value) {
    const r = this.pending.get(id);
    if (!r) return;
    this.pending.delete(id);
    clearTimeout(r.timer);
    if (err) r.reject(err);
    else r.resolve(value);
  }

  failRequests(code, message) {
    for (const id of [...this.pending.keys()]) this.settle(id, new RequestError(code, message));
  }
}
