// src/position.js
var Position = class {
  constructor() {
    this.stream = null;
    this.offset = null;
    this.replayLeft = 0;
    this.newStream = false;
  }
  // event applies a server event (a parsed JSON object).
  event(msg) {
    switch (msg && msg.type) {
      case "status": {
        const p = msg.port;
        if (!p || typeof p !== "object") return;
        const stream = typeof p.stream === "string" && p.stream !== "" ? p.stream : null;
        this.newStream = Boolean(stream && this.stream && stream !== this.stream);
        if (this.offset === null || this.newStream) {
          if (typeof p.bytesIn === "number") this.offset = p.bytesIn;
          this.replayLeft = 0;
        }
        if (stream) this.stream = stream;
        break;
      }
      case "replay":
        if (typeof msg.offset === "number") this.offset = msg.offset;
        this.replayLeft = msg.bytes > 0 ? msg.bytes : 0;
        break;
      case "dropped":
        if (this.offset !== null && msg.bytes > 0) this.offset += msg.bytes;
        break;
      default:
        break;
    }
  }
  // data counts a binary frame of n device bytes. It returns the stream
  // offset of the frame's first byte (null while unknown) and how many of
  // its bytes were replayed (already counted in the status's bytesIn).
  data(n) {
    const at = this.offset;
    const replayed = Math.min(this.replayLeft, n);
    this.replayLeft -= replayed;
    if (this.offset !== null) this.offset += n;
    return { at, replayed };
  }
  // resume is what a reconnect asks for: {stream, since}, since null when
  // there is no position yet (then the whole scrollback is asked for).
  resume() {
    return { stream: this.stream, since: this.offset };
  }
  // query is resume() as the WebSocket's query parameters.
  query() {
    const q = new URLSearchParams();
    if (this.offset === null) return q;
    q.set("since", String(this.offset));
    if (this.stream) q.set("stream", this.stream);
    return q;
  }
};

// src/wire.js
function obj(fields, nullable = false, optional = false) {
  return { fields, nullable, optional };
}
var TYPES = {
  number: (v) => typeof v === "number" && Number.isFinite(v),
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  id: (v) => typeof v === "number" && Number.isFinite(v) || typeof v === "string",
  null: (v) => v === null
};
function stampList(v) {
  if (!Array.isArray(v) || v.length === 0) return "not a non-empty array";
  let last = -1;
  for (const p of v) {
    if (!Array.isArray(p) || p.length !== 2) return `${JSON.stringify(p)} is not an [index, time] pair`;
    const [i, t] = p;
    if (!Number.isInteger(i) || i <= last) return `index ${JSON.stringify(i)} is not a whole number above ${last}`;
    if (typeof t !== "number" || !Number.isFinite(t)) return `time ${JSON.stringify(t)} is not a number`;
    last = i;
  }
  if (v[0][0] !== 0) return "the first pair is not at index 0";
  return "";
}
function watcherList(v) {
  if (v === void 0) return "";
  if (!Array.isArray(v)) return "not an array";
  for (const w of v) {
    if (!TYPES.object(w) || typeof w.name !== "string" || !Number.isInteger(w.count) || w.count < 1) {
      return `${JSON.stringify(w)} is not {name, count}`;
    }
  }
  return "";
}
function waiterList(v) {
  if (v === void 0) return "";
  if (!Array.isArray(v)) return "not an array";
  for (const w of v) {
    if (!TYPES.object(w) || typeof w.holder !== "string" || w.note !== void 0 && typeof w.note !== "string") {
      return `${JSON.stringify(w)} is not {holder, note}`;
    }
  }
  return "";
}
var JOB = {
  id: "string",
  name: "?string",
  profile: "string",
  state: "string",
  by: "?string",
  lines: "number",
  sent: "number",
  acked: "number",
  errors: "number",
  resends: "number",
  line: "number",
  created: "string",
  started: "?string",
  ended: "?string",
  elapsed: "number",
  eta: "number|null",
  // null unless running
  reason: "?string",
  interrupted: "?boolean"
};
var PORT = {
  name: "string",
  stream: "string",
  device: "string",
  description: "?string",
  state: "string",
  error: "string",
  settings: obj({ baud: "number", dataBits: "number", parity: "string", stopBits: "string", flowControl: "string" }),
  lines: obj({ dtr: "boolean", rts: "boolean" }),
  modem: obj({ cts: "boolean", dsr: "boolean", ri: "boolean", dcd: "boolean" }, true),
  modemError: "?string",
  modemEvents: "boolean",
  clients: "number",
  bytesIn: "number",
  bytesOut: "number",
  droppedBytes: "number",
  exclusive: "boolean",
  // A connection's write lock on an exclusive port, or a lease (lease.js)
  // on any port, with its note, time left and queue.
  lock: obj({ holder: "string", since: "string", lease: "?boolean", note: "?string", timeLeftMs: "?number", queue: waiterList }, true),
  removable: "boolean",
  capture: "boolean",
  watchers: watcherList,
  // absent when no one named is connected
  watchersMore: "?number",
  typing: obj({ name: "string", at: "string" }, false, true),
  // absent until someone wrote
  // A fleet gateway's port at a central (directory.js, fleet.js, the
  // pane's origin line); absent for a server's own ports.
  gateway: "?string",
  online: "?boolean",
  lastSeen: "?string",
  tags: "?object",
  // A port with a decoder (docs/decoders.md): the Dashboard view says when
  // there is none.
  decoder: "?string",
  decodedRecords: "?number",
  decodeErrors: "?number",
  decodeDropped: "?number",
  // The port's running job, or its last one (jobpanel.js); absent if none.
  job: obj(JOB, false, true)
};
var EVENTS = {
  status: { port: obj({ bytesIn: "number", stream: "string" }), id: "?id" },
  replay: { bytes: "number", offset: "number" },
  dropped: { bytes: "number", total: "number", reason: "string" },
  error: { code: "string", message: "string", id: "?id", bytes: "?number" },
  "lock-request": { from: "string" },
  lease: { event: "string", holder: "string", lease: "?string", note: "?string", ttl: "?string", by: "?string", position: "?number" },
  pong: { id: "id" },
  ok: { id: "id", port: obj({ settings: obj({ baud: "number" }) }, false, true) },
  // port: settings, lines, break
  stamps: { offset: "number", stamps: stampList },
  notice: { trigger: "string", text: "string", time: "string" },
  // a trigger's (triggernotice.js)
  values: { records: "array", missed: "?number" },
  // a decoder's records (views/dashboard.js, views/plot.js), with values=1
  job: { job: obj(JOB) }
  // a job's change of state or progress (jobpanel.js)
};
var id = "?id";
var REQUESTS = {
  ping: { id },
  // liveness after a silence, and after each chunk of a file
  settings: {
    // the port panel's Apply: only the settings that changed
    id,
    settings: obj({ baud: "?number", dataBits: "?number", parity: "?string", stopBits: "?string", flowControl: "?string" })
  },
  lines: { id, dtr: "?boolean", rts: "?boolean" },
  // DTR or RTS toggled
  break: { id, ms: "?number" },
  modem: { id },
  // Re-read
  lock: { id },
  unlock: { id },
  "request-lock": { id },
  lease: { id, ttl: "?string", note: "?string", wait: "?boolean" },
  // Reserve, Renew (lease.js)
  release: { id },
  // Release, Leave queue
  "break-lease": { id }
  // Break lease (admin)
};

// src/stamps.js
function frameStamps(ev, n, now) {
  if (!ev || stampList(ev.stamps)) return [[0, now]];
  let k = ev.stamps.length;
  while (k > 1 && ev.stamps[k - 1][0] >= n) k--;
  return k === ev.stamps.length ? ev.stamps : ev.stamps.slice(0, k);
}

// src/sdk/lines.js
var ByteLines = class {
  constructor(maxBytes = 65536) {
    this.maxBytes = maxBytes;
    this.parts = [];
    this.size = 0;
    this.begun = false;
    this.time = 0;
    this.last = 0;
    this.offset = null;
  }
  // feed takes a frame of device bytes (Uint8Array), its [index, t] read
  // times (index 0 first, increasing; see docs/protocol.md "Device
  // times") and the stream offset of its first byte (null: unknown). It
  // returns the lines it completed: [{text, time, end, offset, cut}].
  feed(bytes, stamps, at) {
    const out = [];
    let k = 0;
    const timeAt = (i) => {
      while (k + 1 < stamps.length && stamps[k + 1][0] <= i) k++;
      return stamps[k][1];
    };
    let start = 0;
    while (start < bytes.length) {
      if (!this.begun) {
        this.begun = true;
        this.time = timeAt(start);
        this.offset = at === null || at === void 0 ? null : at + start;
      }
      const nl = bytes.indexOf(10, start);
      const stop = nl === -1 ? bytes.length : nl;
      const room = this.maxBytes - this.size;
      if (stop - start > room) {
        this.push(bytes.subarray(start, start + room));
        this.last = timeAt(start + room - 1);
        out.push(this.take(true));
        start += room;
        continue;
      }
      this.push(bytes.subarray(start, stop));
      if (nl === -1) {
        this.last = timeAt(bytes.length - 1);
        break;
      }
      this.last = timeAt(nl);
      out.push(this.take(false));
      start = nl + 1;
    }
    return out;
  }
  // end finishes the line under way (a gap in the stream follows) and
  // returns it with cut: true, or null when there is none.
  end() {
    if (!this.begun) return null;
    return this.take(true);
  }
  push(piece) {
    if (piece.length === 0) return;
    this.parts.push(piece.slice());
    this.size += piece.length;
  }
  take(cut) {
    let all = new Uint8Array(this.size);
    let n = 0;
    for (const p of this.parts) {
      all.set(p, n);
      n += p.length;
    }
    if (!cut && n > 0 && all[n - 1] === 13) all = all.subarray(0, n - 1);
    const line = { text: decoder.decode(all), time: this.time, end: this.last, offset: this.offset, cut };
    this.parts = [];
    this.size = 0;
    this.begun = false;
    this.offset = null;
    return line;
  }
};
var decoder = new TextDecoder("utf-8", { fatal: false });

// src/sdk/serialhub.js
var RECONNECT_MIN_MS = 500;
var RECONNECT_MAX_MS = 1e4;
var STABLE_MS = 5e3;
var IDLE_PING_MS = 25e3;
var PROBE_TIMEOUT_MS = 2e4;
var REQUEST_TIMEOUT_MS = 1e4;
var EVENTS2 = ["data", "line", "values", "status", "state", "dropped", "error", "job"];
var SerialhubError = class extends Error {
  constructor(code, message, bytes) {
    super(message);
    this.name = "SerialhubError";
    this.code = code;
    if (bytes !== void 0) this.bytes = bytes;
  }
};
function wsPath(name) {
  return "/ws/" + String(name).split("/").map(encodeURIComponent).join("/");
}
function connect(name, options = {}) {
  const port = new Port(name, options);
  port.open();
  return port;
}
var Port = class {
  constructor(name, options = {}) {
    this.name = name;
    this.options = { lines: true, values: false, timestamps: true, replay: true, maxLine: 65536, ...options };
    this.state = "closed";
    this.port = null;
    this.handlers = new Map(EVENTS2.map((e) => [e, /* @__PURE__ */ new Set()]));
    this.pos = new Position();
    this.lines = new ByteLines(this.options.maxLine);
    this.ws = null;
    this.since = null;
    this.stamps = null;
    this.attempt = 0;
    this.openedAt = 0;
    this.lastRx = 0;
    this.probeAt = 0;
    this.nextId = 1;
    this.pending = /* @__PURE__ */ new Map();
    this.timers = { retry: 0, live: 0 };
  }
  // on registers f for an event (data, line, values, status, state,
  // dropped, error) and returns the port; off removes it.
  on(event, f) {
    const set = this.handlers.get(event);
    if (!set) throw new Error(`serialhub: no event ${event} (${EVENTS2.join(", ")})`);
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
    this.emit("state", s);
  }
  // ----- connection -----
  open() {
    clearTimeout(this.timers.retry);
    this.timers.retry = 0;
    this.drop();
    this.since = this.pos.offset;
    this.stamps = null;
    const q = this.pos.query();
    if (this.pos.offset === null && !this.options.replay) q.set("replay", "0");
    if (this.options.timestamps) q.set("timestamps", "1");
    if (this.options.values) q.set("values", "1");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}${wsPath(this.name)}?${q}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.openedAt = 0;
    if (this.state !== "reconnecting") this.setState("connecting");
    ws.onopen = () => {
      this.openedAt = this.lastRx = performance.now();
      this.probeAt = 0;
      this.setState("connected");
      this.armLiveness(IDLE_PING_MS);
    };
    ws.onmessage = (ev) => {
      this.lastRx = performance.now();
      this.probeAt = 0;
      if (typeof ev.data === "string") this.event(ev.data);
      else this.data(new Uint8Array(ev.data));
    };
    ws.onclose = (ev) => this.lost(ev.code === 1008 ? new SerialhubError("session_ended", ev.reason || "the session ended") : null);
    ws.onerror = () => this.lost(null);
  }
  // close ends the connection for good.
  close() {
    clearTimeout(this.timers.retry);
    this.timers.retry = 0;
    this.drop();
    this.setState("closed");
  }
  // drop closes the socket, failing the requests waiting on it.
  drop() {
    clearTimeout(this.timers.live);
    this.timers.live = 0;
    for (const id2 of [...this.pending.keys()]) this.settle(id2, new SerialhubError("not_connected", "the connection closed before the server answered"));
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1e3);
    } catch (_) {
    }
  }
  // lost: the socket closed or failed; reconnect after a backoff.
  lost(err) {
    const wasOpen = this.openedAt > 0;
    this.drop();
    if (err) this.emit("error", err);
    if (!wasOpen) this.why();
    else if (performance.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
    this.openedAt = 0;
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt++);
    this.timers.retry = setTimeout(() => this.open(), base / 2 + Math.random() * base / 2);
    this.setState("reconnecting");
  }
  // why asks the REST API why a WebSocket was refused (a browser does not
  // say): no login (401) or no such port (404) becomes an 'error' event.
  async why() {
    let res;
    try {
      res = await fetch(`/api/ports/${encodeURIComponent(this.name)}`, { headers: { Accept: "application/json" }, cache: "no-store" });
    } catch (_) {
      return;
    }
    if (res.status === 401) this.emit("error", new SerialhubError("unauthorized", "not logged in: log in at / (the console), then reload this page"));
    else if (res.status === 404) this.emit("error", new SerialhubError("not_found", `no port named ${this.name}`));
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
    this.ws.send(JSON.stringify({ type: "ping" }));
    this.probeAt = now;
    this.armLiveness(PROBE_TIMEOUT_MS);
  }
  // ----- receiving -----
  data(bytes) {
    const times = this.options.timestamps ? frameStamps(this.stamps, bytes.length, Date.now()) : [[0, Date.now()]];
    this.stamps = null;
    const { at } = this.pos.data(bytes.length);
    this.emit("data", bytes, times, at);
    if (this.options.lines) for (const l of this.lines.feed(bytes, times, at)) this.line(l);
  }
  line(l) {
    this.emit("line", l.text, l.time, { end: l.end, offset: l.offset, cut: l.cut });
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
    if (!msg || typeof msg !== "object") return;
    this.pos.event(msg);
    switch (msg.type) {
      case "status":
        if (!msg.port || typeof msg.port !== "object") return;
        this.port = msg.port;
        this.emit("status", msg.port);
        break;
      case "replay":
        if (this.since !== null && (this.pos.newStream || msg.offset < this.since)) {
          this.gap();
          this.emit("dropped", { bytes: null, total: null, reason: "restarted" });
        }
        break;
      case "stamps":
        this.stamps = msg;
        break;
      case "dropped":
        this.gap();
        this.emit("dropped", { bytes: msg.bytes, total: msg.total, reason: msg.reason });
        break;
      case "values":
        if (msg.missed > 0) this.emit("dropped", { bytes: 0, records: msg.missed, reason: "slow" });
        for (const r of Array.isArray(msg.records) ? msg.records : []) {
          this.emit("values", { time: Date.parse(r.time), offset: r.offset, values: r.values || {} });
        }
        break;
      case "job":
        if (msg.job && typeof msg.job === "object") this.emit("job", msg.job);
        break;
      case "ok":
        this.settle(msg.id, null, msg.port || null);
        break;
      case "error": {
        const err = new SerialhubError(msg.code || "error", msg.message || "server error", msg.bytes);
        if (this.pending.has(msg.id)) this.settle(msg.id, err);
        else this.emit("error", err);
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
    if (typeof data === "string") bytes = new TextEncoder().encode(data);
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
    return this.request({ type: "settings", settings });
  }
  // setLines sets DTR and/or RTS ({dtr: true, rts: false}).
  setLines(lines) {
    const msg = { type: "lines" };
    if (lines.dtr !== void 0) msg.dtr = Boolean(lines.dtr);
    if (lines.rts !== void 0) msg.rts = Boolean(lines.rts);
    return this.request(msg);
  }
  // sendBreak sends a break of ms milliseconds (default 250); it resolves
  // once the break has ended.
  sendBreak(ms = 250) {
    return this.request({ type: "break", ms });
  }
  // ----- jobs (docs/jobs.md) -----
  // startJob has the server stream file (a string, Blob or File, sent as
  // it is) to the device at the pace a profile says ({profile: 'grbl',
  // name, from, options: {buffer: 127, …}}); it resolves with the job.
  // Its progress comes as 'job' events, to every page on the port.
  startJob(file, { profile = "line", name, from, options = {} } = {}) {
    const q = new URLSearchParams({ profile, ...options });
    if (name) q.set("name", name);
    if (from) q.set("from", String(from));
    return this.jobRequest(`?${q}`, { method: "POST", body: file });
  }
  // jobs resolves with the port's jobs, oldest first.
  jobs() {
    return this.jobRequest("", {});
  }
  // pauseJob, resumeJob and cancelJob act on job id; each resolves with
  // the job once done (after a pause, no further line is sent).
  pauseJob(id2) {
    return this.jobRequest(`/${encodeURIComponent(id2)}/pause`, { method: "POST" });
  }
  resumeJob(id2) {
    return this.jobRequest(`/${encodeURIComponent(id2)}/resume`, { method: "POST" });
  }
  cancelJob(id2) {
    return this.jobRequest(`/${encodeURIComponent(id2)}/cancel`, { method: "POST" });
  }
  // jobRequest makes a request about the port's jobs (path after …/jobs)
  // and resolves with its JSON, or rejects with a SerialhubError of the
  // server's code and message.
  async jobRequest(path, init) {
    let res;
    try {
      res = await fetch(`/api/ports/${encodeURIComponent(this.name)}/jobs${path}`, { ...init, headers: { Accept: "application/json" }, cache: "no-store" });
    } catch (e) {
      throw new SerialhubError("not_connected", `port ${this.name}: ${e.message}`);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (_) {
    }
    if (!res.ok) {
      throw new SerialhubError(body && body.code || "failed", body && body.error || `port ${this.name}: HTTP ${res.status}`);
    }
    return body;
  }
  request(msg) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new SerialhubError("not_connected", `not connected to port ${this.name}`));
    }
    const id2 = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id2, new SerialhubError("timeout", `no answer to ${msg.type}`)), REQUEST_TIMEOUT_MS);
      this.pending.set(id2, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...msg, id: id2 }));
    });
  }
  settle(id2, err, value) {
    const r = this.pending.get(id2);
    if (!r) return;
    this.pending.delete(id2);
    clearTimeout(r.timer);
    if (err) r.reject(err);
    else r.resolve(value);
  }
};
export {
  ByteLines,
  Port,
  SerialhubError,
  connect,
  wsPath
};
