// src/csp.js
function cspStyleElement(doc2) {
  const el3 = doc2.createElement("template");
  const sheet = new CSSStyleSheet();
  let text = "";
  Object.defineProperty(el3, "textContent", {
    get: () => text,
    set: (v3) => {
      text = String(v3 ?? "");
      sheet.replaceSync(text);
    }
  });
  doc2.adoptedStyleSheets = [...doc2.adoptedStyleSheets, sheet];
  const remove = el3.remove.bind(el3);
  el3.remove = () => {
    doc2.adoptedStyleSheets = doc2.adoptedStyleSheets.filter((s15) => s15 !== sheet);
    remove();
  };
  return el3;
}
globalThis.__serialhubCspStyle = cspStyleElement;

// src/dom.js
var $ = (id2) => document.getElementById(id2);
function h(tag, props, ...children) {
  const el3 = document.createElement(tag);
  if (props) {
    for (const [k3, v3] of Object.entries(props)) {
      if (v3 === void 0 || v3 === null) continue;
      if (k3 === "dataset") Object.assign(el3.dataset, v3);
      else if (k3.startsWith("aria-") || k3 === "role" || k3 === "for") el3.setAttribute(k3, v3);
      else el3[k3] = v3;
    }
  }
  for (const c of children) {
    if (c === null || c === void 0 || c === false) continue;
    el3.append(c);
  }
  return el3;
}
var templateUses = 0;
function cloneTemplate(id2) {
  const root = document.importNode($(id2).content.firstElementChild, true);
  const suffix = `-${++templateUses}`;
  for (const el3 of root.querySelectorAll("[id]")) el3.id += suffix;
  for (const el3 of root.querySelectorAll("label[for]")) el3.htmlFor += suffix;
  for (const el3 of root.querySelectorAll("[aria-controls]")) el3.setAttribute("aria-controls", el3.getAttribute("aria-controls") + suffix);
  for (const el3 of root.querySelectorAll("[aria-labelledby]")) el3.setAttribute("aria-labelledby", el3.getAttribute("aria-labelledby") + suffix);
  const refs = {};
  for (const el3 of root.querySelectorAll("[data-id]")) refs[el3.dataset.id] = el3;
  return { root, refs };
}
var NOTICE_MS = 8e3;
var MAX_NOTICES = 4;
function notify(text, kind = "info", box = $("notices")) {
  const close = h("button", { type: "button", className: "notice-close", title: "Dismiss", "aria-label": "Dismiss" }, "×");
  const n = h("div", { className: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, h("span", null, text), close);
  const remove = () => n.remove();
  close.addEventListener("click", remove);
  box.append(n);
  while (box.children.length > MAX_NOTICES) box.firstElementChild.remove();
  setTimeout(() => {
    n.classList.add("fading");
    setTimeout(remove, 400);
  }, NOTICE_MS);
  return remove;
}
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
var PARITY_LETTER = { none: "N", odd: "O", even: "E", mark: "M", space: "S" };
function describeSettings(s15) {
  if (!s15 || typeof s15 !== "object") return "";
  let text = `${s15.baud ?? "?"} ${s15.dataBits ?? "?"}${PARITY_LETTER[s15.parity] ?? "?"}${s15.stopBits ?? "?"}`;
  if (s15.flowControl === "rtscts") text += " RTS/CTS";
  else if (s15.flowControl === "xonxoff") text += " XON/XOFF";
  return text;
}
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name.replace(/[/\\]/g, "_"), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1e4);
}
function fileStamp(d = /* @__PURE__ */ new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
var capitalise = (s15) => s15.charAt(0).toUpperCase() + s15.slice(1);
function clockTime(ms2) {
  const d = new Date(ms2);
  const p = (n, w2 = 2) => String(n).padStart(w2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
function confirmDialog(text, okLabel = "OK") {
  const dlg = $("confirm-dialog");
  $("confirm-text").textContent = text;
  $("confirm-ok").textContent = okLabel;
  dlg.returnValue = "";
  return new Promise((resolve) => {
    dlg.addEventListener("close", () => resolve(dlg.returnValue === "ok"), { once: true });
    dlg.showModal();
    $("confirm-cancel").focus();
  });
}

// src/storage.js
var PREFIX = "serialhub.";
function load(key, fallback) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const v3 = JSON.parse(raw);
    return v3 === null || v3 === void 0 ? fallback : v3;
  } catch (_4) {
    return fallback;
  }
}
function save(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (_4) {
  }
}
function tabLoad(key, fallback) {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (_4) {
    return fallback;
  }
}
function tabSave(key, value) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (_4) {
  }
}
function tabForget(key) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch (_4) {
  }
}

// src/auth.js
var session = null;
var loginPromise = null;
var listeners = /* @__PURE__ */ new Set();
var forced = /* @__PURE__ */ new Map();
function onSession(f) {
  listeners.add(f);
}
function changed() {
  renderUser();
  for (const f of listeners) f();
}
function roleOf(name) {
  if (forced.has(name)) return forced.get(name);
  if (!session || !session.auth || !session.roles || typeof session.roles !== "object") return "control";
  return session.roles[name] || session.roles["*"] || "none";
}
function mayBreak(name) {
  if (!session || !session.auth) return roleOf(name) !== "view" && roleOf(name) !== "none";
  return roleOf(name) === "admin";
}
function hasRole(name) {
  if (!session || !session.auth || !session.roles || typeof session.roles !== "object") return true;
  return Object.hasOwn(session.roles, name);
}
function canOpen() {
  return !!(session && session.canOpen === true);
}
function isCentral() {
  return !!(session && session.central === true);
}
function sessionUser() {
  return session && session.auth && typeof session.user === "string" ? session.user : "";
}
function forbidden(name) {
  if (forced.get(name) === "view") return;
  forced.set(name, "view");
  changed();
}
async function api(url, opts = {}) {
  for (; ; ) {
    const res = await fetch(url, { cache: "no-store", credentials: "same-origin", ...opts });
    if (res.status !== 401) return res;
    let body = null;
    try {
      body = await res.clone().json();
    } catch (_4) {
    }
    if (!body || body.code !== "unauthorized") return res;
    await login();
  }
}
async function errorMessage(res) {
  try {
    const b2 = await res.json();
    if (b2 && typeof b2.error === "string" && b2.error) return b2.error;
  } catch (_4) {
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}
async function loadSession() {
  let res;
  try {
    res = await api("/api/session", { headers: { Accept: "application/json" } });
  } catch (_4) {
    return;
  }
  if (!res.ok) return;
  try {
    session = await res.json();
  } catch (_4) {
    session = null;
  }
  forced.clear();
  changed();
}
function login() {
  if (!loginPromise) {
    loginPromise = new Promise((resolve) => {
      const dlg = $("login-dialog");
      $("login-error").textContent = "";
      const done = (answer) => {
        session = answer && typeof answer === "object" ? answer : session;
        forced.clear();
        dlg.close();
        loginPromise = null;
        resolve();
        changed();
      };
      dlg.onLoggedIn = done;
      syncMode();
      dlg.showModal();
      (usesPassword() ? $("login-user") : $("login-token")).focus();
    });
  }
  return loginPromise;
}
function usesPassword() {
  return $("login-mode-password").checked;
}
function syncMode() {
  const pw = usesPassword();
  $("login-token-row").hidden = pw;
  $("login-user-row").hidden = !pw;
  $("login-password-row").hidden = !pw;
  $("login-token").required = !pw;
  $("login-user").required = pw;
  $("login-password").required = pw;
}
async function submit(ev) {
  ev.preventDefault();
  const err = $("login-error");
  const body = usesPassword() ? { user: $("login-user").value, password: $("login-password").value } : { token: $("login-token").value.trim() };
  const button2 = $("login-submit");
  button2.disabled = true;
  err.textContent = "";
  try {
    const res = await fetch("/api/login", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    });
    let answer = null;
    try {
      answer = await res.json();
    } catch (_4) {
    }
    if (res.ok) {
      $("login-password").value = "";
      $("login-token").value = "";
      const next = pagesNext(location.search);
      if (next) {
        location.assign(next);
        return;
      }
      $("login-dialog").onLoggedIn(answer);
      return;
    }
    if (res.status === 429) err.textContent = `Too many attempts: wait ${res.headers.get("Retry-After") || "a few"} seconds and try again.`;
    else if (res.status === 401) err.textContent = usesPassword() ? "Wrong user or password." : "This token is not valid.";
    else err.textContent = answer && answer.error || `Login failed (HTTP ${res.status})`;
  } catch (e) {
    err.textContent = `Cannot reach the server: ${e.message}`;
  } finally {
    button2.disabled = false;
  }
}
function pagesNext(search) {
  const next = new URLSearchParams(search).get("next") || "";
  return next.startsWith("/pages/") && !next.includes("//") && !next.includes("\\") ? next : "";
}
async function logout() {
  try {
    await fetch("/api/logout", { method: "POST", credentials: "same-origin", cache: "no-store" });
  } catch (_4) {
  }
  location.reload();
}
function renderUser() {
  const box = $("user-box");
  const on3 = !!(session && session.auth && session.user);
  box.hidden = !on3;
  if (on3) {
    $("user-name").textContent = session.user;
    box.title = `Logged in as ${session.user}${session.via && session.via !== "session" ? ` (${session.via})` : ""}`;
    $("logout-button").hidden = session.via !== "session";
  }
}
function wireAuth() {
  const dlg = $("login-dialog");
  dlg.addEventListener("cancel", (ev) => ev.preventDefault());
  $("login-form").addEventListener("submit", submit);
  for (const id2 of ["login-mode-token", "login-mode-password"]) $(id2).addEventListener("change", syncMode);
  $("logout-button").addEventListener("click", logout);
}

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
    const at3 = this.offset;
    const replayed = Math.min(this.replayLeft, n);
    this.replayLeft -= replayed;
    if (this.offset !== null) this.offset += n;
    return { at: at3, replayed };
  }
  // resume is what a reconnect asks for: {stream, since}, since null when
  // there is no position yet (then the whole scrollback is asked for).
  resume() {
    return { stream: this.stream, since: this.offset };
  }
  // query is resume() as the WebSocket's query parameters.
  query() {
    const q2 = new URLSearchParams();
    if (this.offset === null) return q2;
    q2.set("since", String(this.offset));
    if (this.stream) q2.set("stream", this.stream);
    return q2;
  }
};

// src/wire.js
function obj(fields2, nullable = false, optional = false) {
  return { fields: fields2, nullable, optional };
}
var TYPES = {
  number: (v3) => typeof v3 === "number" && Number.isFinite(v3),
  string: (v3) => typeof v3 === "string",
  boolean: (v3) => typeof v3 === "boolean",
  object: (v3) => v3 !== null && typeof v3 === "object" && !Array.isArray(v3),
  array: (v3) => Array.isArray(v3),
  id: (v3) => typeof v3 === "number" && Number.isFinite(v3) || typeof v3 === "string",
  null: (v3) => v3 === null
};
function problems(value, shape, path = "") {
  const out = [];
  if (!TYPES.object(value)) return [`${path || "value"}: not an object`];
  for (const [k3, spec] of Object.entries(shape)) {
    const at3 = path ? `${path}.${k3}` : k3;
    const v3 = value[k3];
    if (typeof spec === "function") {
      const p = spec(v3);
      if (p) out.push(`${at3}: ${p}`);
    } else if (typeof spec === "string") {
      const optional = spec.startsWith("?");
      if (v3 === void 0) {
        if (!optional) out.push(`${at3}: missing`);
        continue;
      }
      const alts = spec.replace(/^\?/, "").split("|");
      if (!alts.some((t) => TYPES[t](v3))) out.push(`${at3}: ${JSON.stringify(v3)} is not ${alts.join(" or ")}`);
    } else {
      if (v3 === void 0) {
        if (!spec.optional) out.push(`${at3}: missing`);
      } else if (v3 === null) {
        if (!spec.nullable) out.push(`${at3}: null`);
      } else out.push(...problems(v3, spec.fields, at3));
    }
  }
  return out;
}
function fits(value, shape) {
  return problems(value, shape).length === 0;
}
function stampList(v3) {
  if (!Array.isArray(v3) || v3.length === 0) return "not a non-empty array";
  let last = -1;
  for (const p of v3) {
    if (!Array.isArray(p) || p.length !== 2) return `${JSON.stringify(p)} is not an [index, time] pair`;
    const [i, t] = p;
    if (!Number.isInteger(i) || i <= last) return `index ${JSON.stringify(i)} is not a whole number above ${last}`;
    if (typeof t !== "number" || !Number.isFinite(t)) return `time ${JSON.stringify(t)} is not a number`;
    last = i;
  }
  if (v3[0][0] !== 0) return "the first pair is not at index 0";
  return "";
}
function watcherList(v3) {
  if (v3 === void 0) return "";
  if (!Array.isArray(v3)) return "not an array";
  for (const w2 of v3) {
    if (!TYPES.object(w2) || typeof w2.name !== "string" || !Number.isInteger(w2.count) || w2.count < 1) {
      return `${JSON.stringify(w2)} is not {name, count}`;
    }
  }
  return "";
}
function waiterList(v3) {
  if (v3 === void 0) return "";
  if (!Array.isArray(v3)) return "not an array";
  for (const w2 of v3) {
    if (!TYPES.object(w2) || typeof w2.holder !== "string" || w2.note !== void 0 && typeof w2.note !== "string") {
      return `${JSON.stringify(w2)} is not {holder, note}`;
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
var BROADCAST_RESULT = { port: "string", ok: "boolean", code: "?string", error: "?string" };

// src/stamps.js
function frameStamps(ev, n, now) {
  if (!ev || stampList(ev.stamps)) return [[0, now]];
  let k3 = ev.stamps.length;
  while (k3 > 1 && ev.stamps[k3 - 1][0] >= n) k3--;
  return k3 === ev.stamps.length ? ev.stamps : ev.stamps.slice(0, k3);
}
function heldTail(bytes) {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b2 = bytes[i];
    if ((b2 & 192) === 128) continue;
    let need = 1;
    if (b2 >= 194 && b2 <= 223) need = 2;
    else if (b2 >= 224 && b2 <= 239) need = 3;
    else if (b2 >= 240 && b2 <= 244) need = 4;
    return n - i < need;
  }
  return n === 0 ? false : null;
}
var TimedText = class {
  constructor() {
    this.decoder = new TextDecoder("utf-8", { fatal: false });
    this.heldT = null;
    this.lastT = 0;
  }
  // feed decodes a frame with its [index, t] pairs (see frameStamps) and
  // returns [{text, t}] in order.
  feed(bytes, stamps) {
    const out = [];
    for (let k3 = 0; k3 < stamps.length; k3++) {
      const [from, t] = stamps[k3];
      const to = k3 + 1 < stamps.length ? stamps[k3 + 1][0] : bytes.length;
      const seg = bytes.subarray(from, to);
      let text = this.decoder.decode(seg, { stream: true });
      if (this.heldT !== null && text) {
        const w2 = text.codePointAt(0) > 65535 ? 2 : 1;
        out.push({ text: text.slice(0, w2), t: this.heldT });
        text = text.slice(w2);
        this.heldT = null;
      }
      if (text) out.push({ text, t });
      if (heldTail(seg) === true) this.heldT = t;
      this.lastT = t;
    }
    return out;
  }
  // end returns what the decoder still holds (an unfinished character, as
  // U+FFFD) as a piece, or null.
  end() {
    const text = this.decoder.decode();
    const t = this.heldT !== null ? this.heldT : this.lastT;
    this.heldT = null;
    return text ? { text, t } : null;
  }
};

// src/triggernotice.js
function triggerNoticeText(port, msg) {
  const t = new Date(msg.time);
  const at3 = Number.isNaN(t.getTime()) ? "" : ` (${t.toLocaleTimeString()})`;
  return `${port}: ${msg.text} [trigger ${msg.trigger}]${at3}`;
}

// src/connection.js
var RECONNECT_MIN_MS = 500;
var RECONNECT_MAX_MS = 1e4;
var STABLE_MS = 5e3;
var IDLE_PING_MS = 25e3;
var PROBE_TIMEOUT_MS = 2e4;
var REQUEST_TIMEOUT_MS = 1e4;
var RequestError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
};
var Connection = class {
  constructor(name, handlers) {
    this.name = name;
    this.h = handlers;
    this.ws = null;
    this.state = "connecting";
    this.reason = "";
    this.retryAt = 0;
    this.attempt = 0;
    this.openedAt = 0;
    this.lastRx = 0;
    this.probeSentAt = 0;
    this.nextId = 1;
    this.pos = new Position();
    this.since = null;
    this.stamps = null;
    this.hasData = false;
    this.port = null;
    this.seen = { in: 0, out: 0, dropped: 0 };
    this.pending = /* @__PURE__ */ new Map();
    this.timers = { retry: 0, countdown: 0, liveness: 0 };
    this.suspended = false;
    this.lease = "";
  }
  // ----- life cycle -----
  connect() {
    this.stopRetry();
    this.closeSocket();
    this.since = this.pos.resume().since;
    this.stamps = null;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query2 = this.pos.query();
    query2.set("timestamps", "1");
    query2.set("values", "1");
    if (this.lease) query2.set("lease", this.lease);
    const ws2 = new WebSocket(`${scheme}//${location.host}/ws/${encodeURIComponent(this.name)}?${query2}`);
    ws2.binaryType = "arraybuffer";
    this.ws = ws2;
    this.openedAt = 0;
    this.probeSentAt = 0;
    this.resetSeen();
    if (this.state !== "reconnecting") this.setState("connecting");
    ws2.onopen = () => {
      if (ws2 !== this.ws) return;
      this.openedAt = this.lastRx = performance.now();
      this.reason = "";
      this.setState("connected");
      this.armLiveness(IDLE_PING_MS);
    };
    ws2.onmessage = (ev) => {
      if (ws2 !== this.ws) return;
      this.lastRx = performance.now();
      this.probeSentAt = 0;
      if (typeof ev.data === "string") this.handleEvent(ev.data);
      else this.receive(ev.data);
    };
    ws2.onclose = (ev) => {
      if (ws2 !== this.ws) return;
      let reason2;
      if (ev.code === 1001) reason2 = ev.reason === "port closed" ? "port closed" : "server going away";
      else if (ev.code === 1008) {
        reason2 = ev.reason || "policy violation";
        this.h.onNotice(`${this.name}: disconnected by the server: ${reason2}`, "error");
      } else reason2 = ev.reason || (this.openedAt ? "connection lost" : "cannot connect");
      this.gone(reason2);
    };
    ws2.onerror = () => {
      if (ws2 === this.ws) this.gone(this.openedAt ? "connection lost" : "cannot connect");
    };
  }
  // close ends the connection for good (until connect is called again).
  close() {
    this.stopRetry();
    const wasOpen = this.openedAt > 0;
    this.closeSocket();
    this.openedAt = 0;
    if (wasOpen && this.hasData) this.h.onGap("[... disconnected by you ...]");
    this.reason = "";
    this.setState("closed");
  }
  // suspend lets go of the server while the page is hidden away (the
  // back/forward cache): the page stops counting as a client and drops the
  // write lock it held. resume connects again from where it was, so the
  // output of the time away is replayed (or said to be missing).
  suspend() {
    if (this.state === "closed" || this.state === "removed" || this.suspended) return;
    this.stopRetry();
    this.closeSocket("page hidden");
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
  closeSocket(why = "") {
    clearTimeout(this.timers.liveness);
    this.timers.liveness = 0;
    this.failRequests("not_connected", "the connection closed before the server answered");
    const ws2 = this.ws;
    if (!ws2) return;
    this.ws = null;
    ws2.onopen = ws2.onmessage = ws2.onclose = ws2.onerror = null;
    try {
      ws2.close(1e3, why);
    } catch (_4) {
    }
  }
  gone(reason2) {
    this.closeSocket();
    const wasOpen = this.openedAt > 0;
    if (reason2 === "port closed" || reason2 === "cannot connect") this.checkExists();
    if (wasOpen && performance.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
    if (wasOpen && this.hasData) {
      this.h.onGap("[... connection lost: reconnecting; what the device sends meanwhile follows ...]");
    }
    this.openedAt = 0;
    this.reason = reason2;
    this.scheduleRetry();
  }
  // checkExists asks whether the port still exists; if the server says it
  // does not (404), the connection ends for good and onRemoved is called.
  async checkExists() {
    let res;
    try {
      res = await api(`/api/ports/${encodeURIComponent(this.name)}`, { headers: { Accept: "application/json" } });
    } catch (_4) {
      return;
    }
    if (res.status !== 404 || ["connected", "closed", "removed"].includes(this.state)) return;
    this.stopRetry();
    this.closeSocket();
    this.openedAt = 0;
    this.reason = "removed from the server";
    this.setState("removed");
    if (this.h.onRemoved) this.h.onRemoved();
  }
  scheduleRetry() {
    this.stopRetry();
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * base / 2;
    this.attempt++;
    this.retryAt = performance.now() + delay;
    this.timers.retry = setTimeout(() => this.connect(), delay);
    this.timers.countdown = setInterval(() => this.h.onState(), 1e3);
    this.setState("reconnecting");
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
  setState(s15) {
    this.state = s15;
    this.h.onState();
  }
  // countdown is the whole seconds until the next attempt, or 0.
  countdown() {
    if (!this.retryAt) return 0;
    return Math.max(1, Math.ceil((this.retryAt - performance.now()) / 1e3));
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
      if (left <= 0) this.gone("no answer from server");
      else this.armLiveness(left);
      return;
    }
    const idle = now - this.lastRx;
    if (idle < IDLE_PING_MS) {
      this.armLiveness(IDLE_PING_MS - idle);
      return;
    }
    this.ws.send(JSON.stringify({ type: "ping", id: this.nextId++ }));
    this.probeSentAt = now;
    this.armLiveness(PROBE_TIMEOUT_MS);
  }
  // ----- receiving -----
  receive(buf) {
    this.hasData = true;
    const n = buf.byteLength;
    const stamps = frameStamps(this.stamps, n, Date.now());
    this.stamps = null;
    const { at: at3, replayed } = this.pos.data(n);
    this.seen.in += n - replayed;
    this.h.onData(new Uint8Array(buf), stamps, at3, replayed > 0 && this.pos.replayLeft === 0);
  }
  resetSeen() {
    this.seen.in = this.seen.out = this.seen.dropped = 0;
  }
  handleEvent(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (_4) {
      return;
    }
    if (!msg || typeof msg !== "object" || !Object.hasOwn(EVENTS, msg.type) || !fits(msg, EVENTS[msg.type])) return;
    this.pos.event(msg);
    const req = msg.id !== void 0 ? this.pending.get(msg.id) : void 0;
    switch (msg.type) {
      case "status":
        this.resetSeen();
        this.port = msg.port;
        this.h.onStatus(msg.port);
        for (const [id2, r4] of this.pending) if (r4.type === "modem") this.settle(id2, null, msg.port);
        break;
      case "replay":
        if (this.since !== null && (this.pos.newStream || msg.offset < this.since)) {
          this.h.onNotice(`${this.name}: the server restarted; output from before the restart may be missing`, "info");
        }
        break;
      case "stamps":
        this.stamps = msg;
        break;
      case "dropped": {
        const n = msg.bytes > 0 ? msg.bytes : 0;
        this.seen.dropped += n;
        if (msg.reason !== "away") this.seen.in += n;
        const total = msg.total > msg.bytes ? `, ${msg.total} in total` : "";
        const why = {
          away: "sent while disconnected, no longer held by the server",
          upstream: "lost between the gateway and this server"
        }[msg.reason] || "this browser fell behind";
        this.h.onGap(`[... ${n} bytes missed: ${why}${total} ...]`);
        break;
      }
      case "lease":
        if (this.h.onLease) this.h.onLease(msg);
        break;
      case "notice":
        this.h.onNotice(triggerNoticeText(this.name, msg), "info");
        break;
      case "values":
        if (this.h.onValues) this.h.onValues(msg.records, msg.missed || 0);
        break;
      case "job":
        if (this.h.onJob) this.h.onJob(msg.job);
        break;
      case "lock-request":
        if (this.h.onLockRequest) this.h.onLockRequest(typeof msg.from === "string" ? msg.from : "someone");
        break;
      case "ok":
      case "pong":
        if (req) this.settle(msg.id, null, msg);
        break;
      case "error":
        if (msg.bytes > 0) this.seen.out = Math.max(0, this.seen.out - msg.bytes);
        if (req) this.settle(msg.id, new RequestError(msg.code || "error", msg.message || "server error"));
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
  request(type, fields2 = {}, opts = {}) {
    if (!Object.hasOwn(REQUESTS, type)) throw new Error(`connection: ${type} is not a request the console sends (wire.js)`);
    if (!this.isOpen()) return Promise.reject(new RequestError("not_connected", "not connected to the server"));
    const id2 = this.nextId++;
    return new Promise((resolve, reject) => {
      const ms2 = opts.timeout === void 0 ? REQUEST_TIMEOUT_MS : opts.timeout;
      const timer = ms2 > 0 ? setTimeout(() => this.settle(id2, new RequestError("timeout", `no answer to ${type}`)), ms2) : 0;
      this.pending.set(id2, { resolve, reject, timer, type });
      this.ws.send(JSON.stringify({ ...fields2, type, id: id2 }));
    });
  }
  // bufferedAmount of the socket: bytes handed to it and not yet sent.
  buffered() {
    return this.ws ? this.ws.bufferedAmount : 0;
  }
  settle(id2, err, value) {
    const r4 = this.pending.get(id2);
    if (!r4) return;
    this.pending.delete(id2);
    clearTimeout(r4.timer);
    if (err) r4.reject(err);
    else r4.resolve(value);
  }
  failRequests(code, message) {
    for (const id2 of [...this.pending.keys()]) this.settle(id2, new RequestError(code, message));
  }
};

// src/linesplit.js
var LineSplitter = class {
  constructor(maxChars = 4096) {
    this.maxChars = maxChars;
    this.partial = "";
    this.partialT = 0;
    this.crEnds = false;
    this.skipLF = false;
  }
  // feed splits text received at time t; it returns the completed lines
  // as {text, t, wrapped} objects (wrapped: cut at maxChars, continues).
  feed(text, t) {
    const out = [];
    if (this.skipLF && text) {
      this.skipLF = false;
      if (text[0] === "\n") text = text.slice(1);
    }
    if (!text) return out;
    if (!this.partial) this.partialT = t;
    let buf = this.partial + text;
    let start2 = 0;
    if (this.crEnds) {
      const ends = /\r\n|\r|\n/g;
      ends.lastIndex = 0;
      let m;
      while ((m = ends.exec(buf)) !== null) {
        this.cut(buf.slice(start2, m.index), out, start2 === 0 ? this.partialT : t, true);
        start2 = m.index + m[0].length;
        if (m[0] === "\r" && start2 === buf.length) this.skipLF = true;
      }
    } else {
      let nl;
      while ((nl = buf.indexOf("\n", start2)) !== -1) {
        let line = buf.slice(start2, nl);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        this.cut(line, out, start2 === 0 ? this.partialT : t, true);
        start2 = nl + 1;
      }
    }
    const rest = buf.slice(start2);
    const tRest = start2 === 0 ? this.partialT : t;
    this.partial = this.cut(rest, out, tRest, false);
    this.partialT = tRest;
    buf = null;
    return out;
  }
  // end completes the partial line (a gap or marker follows); returns it
  // as a line, or null when there is none.
  end() {
    if (!this.partial) return null;
    const line = { text: this.partial, t: this.partialT, wrapped: false };
    this.partial = "";
    return line;
  }
  cut(text, out, t, complete) {
    while (text.length > this.maxChars) {
      let at3 = this.maxChars;
      const c = text.charCodeAt(at3 - 1);
      if (c >= 55296 && c <= 56319) at3--;
      out.push({ text: text.slice(0, at3), t, wrapped: true });
      text = text.slice(at3);
    }
    if (!complete) return text;
    out.push({ text, t, wrapped: false });
    return "";
  }
};
var DeviceLines = class {
  constructor(maxChars = 4096) {
    this.text = new TimedText();
    this.splitter = new LineSplitter(maxChars);
  }
  // feed takes a frame and its [index, t] pairs; it returns the lines it
  // completed, as LineSplitter.feed does.
  feed(bytes, stamps) {
    const out = [];
    for (const piece of this.text.feed(bytes, stamps)) {
      for (const line of this.splitter.feed(piece.text, piece.t)) out.push(line);
    }
    return out;
  }
  // end completes the partial line (a gap follows): returns the lines
  // completed (none, or the partial one; one more if it was over-long).
  end() {
    const rest = this.text.end();
    const lines = rest ? this.splitter.feed(rest.text, rest.t) : [];
    const p = this.splitter.end();
    if (p) lines.push(p);
    return lines;
  }
  get partial() {
    return this.splitter.partial;
  }
  get partialT() {
    return this.splitter.partialT;
  }
};

// node_modules/@xterm/xterm/lib/xterm.mjs
var zs = Object.defineProperty;
var Rl = Object.getOwnPropertyDescriptor;
var Ll = (s15, t) => {
  for (var e in t) zs(s15, e, { get: t[e], enumerable: true });
};
var M = (s15, t, e, i) => {
  for (var r4 = i > 1 ? void 0 : i ? Rl(t, e) : t, n = s15.length - 1, o2; n >= 0; n--) (o2 = s15[n]) && (r4 = (i ? o2(t, e, r4) : o2(r4)) || r4);
  return i && r4 && zs(t, e, r4), r4;
};
var S = (s15, t) => (e, i) => t(e, i, s15);
var Gs = "Terminal input";
var mi = { get: () => Gs, set: (s15) => Gs = s15 };
var $s = "Too much output to announce, navigate to rows manually to read";
var _i = { get: () => $s, set: (s15) => $s = s15 };
function Al(s15) {
  return s15.replace(/\r?\n/g, "\r");
}
function kl(s15, t) {
  return t ? "\x1B[200~" + s15 + "\x1B[201~" : s15;
}
function Vs(s15, t) {
  s15.clipboardData && s15.clipboardData.setData("text/plain", t.selectionText), s15.preventDefault();
}
function qs(s15, t, e, i) {
  if (s15.stopPropagation(), s15.clipboardData) {
    let r4 = s15.clipboardData.getData("text/plain");
    Cn(r4, t, e, i);
  }
}
function Cn(s15, t, e, i) {
  s15 = Al(s15), s15 = kl(s15, e.decPrivateModes.bracketedPasteMode && i.rawOptions.ignoreBracketedPasteMode !== true), e.triggerDataEvent(s15, true), t.value = "";
}
function Mn(s15, t, e) {
  let i = e.getBoundingClientRect(), r4 = s15.clientX - i.left - 10, n = s15.clientY - i.top - 10;
  t.style.width = "20px", t.style.height = "20px", t.style.left = `${r4}px`, t.style.top = `${n}px`, t.style.zIndex = "1000", t.focus();
}
function Pn(s15, t, e, i, r4) {
  Mn(s15, t, e), r4 && i.rightClickSelect(s15), t.value = i.selectionText, t.select();
}
function Ce(s15) {
  return s15 > 65535 ? (s15 -= 65536, String.fromCharCode((s15 >> 10) + 55296) + String.fromCharCode(s15 % 1024 + 56320)) : String.fromCharCode(s15);
}
function It(s15, t = 0, e = s15.length) {
  let i = "";
  for (let r4 = t; r4 < e; ++r4) {
    let n = s15[r4];
    n > 65535 ? (n -= 65536, i += String.fromCharCode((n >> 10) + 55296) + String.fromCharCode(n % 1024 + 56320)) : i += String.fromCharCode(n);
  }
  return i;
}
var er = class {
  constructor() {
    this._interim = 0;
  }
  clear() {
    this._interim = 0;
  }
  decode(t, e) {
    let i = t.length;
    if (!i) return 0;
    let r4 = 0, n = 0;
    if (this._interim) {
      let o2 = t.charCodeAt(n++);
      56320 <= o2 && o2 <= 57343 ? e[r4++] = (this._interim - 55296) * 1024 + o2 - 56320 + 65536 : (e[r4++] = this._interim, e[r4++] = o2), this._interim = 0;
    }
    for (let o2 = n; o2 < i; ++o2) {
      let l2 = t.charCodeAt(o2);
      if (55296 <= l2 && l2 <= 56319) {
        if (++o2 >= i) return this._interim = l2, r4;
        let a = t.charCodeAt(o2);
        56320 <= a && a <= 57343 ? e[r4++] = (l2 - 55296) * 1024 + a - 56320 + 65536 : (e[r4++] = l2, e[r4++] = a);
        continue;
      }
      l2 !== 65279 && (e[r4++] = l2);
    }
    return r4;
  }
};
var tr = class {
  constructor() {
    this.interim = new Uint8Array(3);
  }
  clear() {
    this.interim.fill(0);
  }
  decode(t, e) {
    let i = t.length;
    if (!i) return 0;
    let r4 = 0, n, o2, l2, a, u = 0, h3 = 0;
    if (this.interim[0]) {
      let _4 = false, p = this.interim[0];
      p &= (p & 224) === 192 ? 31 : (p & 240) === 224 ? 15 : 7;
      let m = 0, f;
      for (; (f = this.interim[++m] & 63) && m < 4; ) p <<= 6, p |= f;
      let A2 = (this.interim[0] & 224) === 192 ? 2 : (this.interim[0] & 240) === 224 ? 3 : 4, R = A2 - m;
      for (; h3 < R; ) {
        if (h3 >= i) return 0;
        if (f = t[h3++], (f & 192) !== 128) {
          h3--, _4 = true;
          break;
        } else this.interim[m++] = f, p <<= 6, p |= f & 63;
      }
      _4 || (A2 === 2 ? p < 128 ? h3-- : e[r4++] = p : A2 === 3 ? p < 2048 || p >= 55296 && p <= 57343 || p === 65279 || (e[r4++] = p) : p < 65536 || p > 1114111 || (e[r4++] = p)), this.interim.fill(0);
    }
    let c = i - 4, d = h3;
    for (; d < i; ) {
      for (; d < c && !((n = t[d]) & 128) && !((o2 = t[d + 1]) & 128) && !((l2 = t[d + 2]) & 128) && !((a = t[d + 3]) & 128); ) e[r4++] = n, e[r4++] = o2, e[r4++] = l2, e[r4++] = a, d += 4;
      if (n = t[d++], n < 128) e[r4++] = n;
      else if ((n & 224) === 192) {
        if (d >= i) return this.interim[0] = n, r4;
        if (o2 = t[d++], (o2 & 192) !== 128) {
          d--;
          continue;
        }
        if (u = (n & 31) << 6 | o2 & 63, u < 128) {
          d--;
          continue;
        }
        e[r4++] = u;
      } else if ((n & 240) === 224) {
        if (d >= i) return this.interim[0] = n, r4;
        if (o2 = t[d++], (o2 & 192) !== 128) {
          d--;
          continue;
        }
        if (d >= i) return this.interim[0] = n, this.interim[1] = o2, r4;
        if (l2 = t[d++], (l2 & 192) !== 128) {
          d--;
          continue;
        }
        if (u = (n & 15) << 12 | (o2 & 63) << 6 | l2 & 63, u < 2048 || u >= 55296 && u <= 57343 || u === 65279) continue;
        e[r4++] = u;
      } else if ((n & 248) === 240) {
        if (d >= i) return this.interim[0] = n, r4;
        if (o2 = t[d++], (o2 & 192) !== 128) {
          d--;
          continue;
        }
        if (d >= i) return this.interim[0] = n, this.interim[1] = o2, r4;
        if (l2 = t[d++], (l2 & 192) !== 128) {
          d--;
          continue;
        }
        if (d >= i) return this.interim[0] = n, this.interim[1] = o2, this.interim[2] = l2, r4;
        if (a = t[d++], (a & 192) !== 128) {
          d--;
          continue;
        }
        if (u = (n & 7) << 18 | (o2 & 63) << 12 | (l2 & 63) << 6 | a & 63, u < 65536 || u > 1114111) continue;
        e[r4++] = u;
      }
    }
    return r4;
  }
};
var ir = "";
var we = " ";
var De = class s {
  constructor() {
    this.fg = 0;
    this.bg = 0;
    this.extended = new rt();
  }
  static toColorRGB(t) {
    return [t >>> 16 & 255, t >>> 8 & 255, t & 255];
  }
  static fromColorRGB(t) {
    return (t[0] & 255) << 16 | (t[1] & 255) << 8 | t[2] & 255;
  }
  clone() {
    let t = new s();
    return t.fg = this.fg, t.bg = this.bg, t.extended = this.extended.clone(), t;
  }
  isInverse() {
    return this.fg & 67108864;
  }
  isBold() {
    return this.fg & 134217728;
  }
  isUnderline() {
    return this.hasExtendedAttrs() && this.extended.underlineStyle !== 0 ? 1 : this.fg & 268435456;
  }
  isBlink() {
    return this.fg & 536870912;
  }
  isInvisible() {
    return this.fg & 1073741824;
  }
  isItalic() {
    return this.bg & 67108864;
  }
  isDim() {
    return this.bg & 134217728;
  }
  isStrikethrough() {
    return this.fg & 2147483648;
  }
  isProtected() {
    return this.bg & 536870912;
  }
  isOverline() {
    return this.bg & 1073741824;
  }
  getFgColorMode() {
    return this.fg & 50331648;
  }
  getBgColorMode() {
    return this.bg & 50331648;
  }
  isFgRGB() {
    return (this.fg & 50331648) === 50331648;
  }
  isBgRGB() {
    return (this.bg & 50331648) === 50331648;
  }
  isFgPalette() {
    return (this.fg & 50331648) === 16777216 || (this.fg & 50331648) === 33554432;
  }
  isBgPalette() {
    return (this.bg & 50331648) === 16777216 || (this.bg & 50331648) === 33554432;
  }
  isFgDefault() {
    return (this.fg & 50331648) === 0;
  }
  isBgDefault() {
    return (this.bg & 50331648) === 0;
  }
  isAttributeDefault() {
    return this.fg === 0 && this.bg === 0;
  }
  getFgColor() {
    switch (this.fg & 50331648) {
      case 16777216:
      case 33554432:
        return this.fg & 255;
      case 50331648:
        return this.fg & 16777215;
      default:
        return -1;
    }
  }
  getBgColor() {
    switch (this.bg & 50331648) {
      case 16777216:
      case 33554432:
        return this.bg & 255;
      case 50331648:
        return this.bg & 16777215;
      default:
        return -1;
    }
  }
  hasExtendedAttrs() {
    return this.bg & 268435456;
  }
  updateExtended() {
    this.extended.isEmpty() ? this.bg &= -268435457 : this.bg |= 268435456;
  }
  getUnderlineColor() {
    if (this.bg & 268435456 && ~this.extended.underlineColor) switch (this.extended.underlineColor & 50331648) {
      case 16777216:
      case 33554432:
        return this.extended.underlineColor & 255;
      case 50331648:
        return this.extended.underlineColor & 16777215;
      default:
        return this.getFgColor();
    }
    return this.getFgColor();
  }
  getUnderlineColorMode() {
    return this.bg & 268435456 && ~this.extended.underlineColor ? this.extended.underlineColor & 50331648 : this.getFgColorMode();
  }
  isUnderlineColorRGB() {
    return this.bg & 268435456 && ~this.extended.underlineColor ? (this.extended.underlineColor & 50331648) === 50331648 : this.isFgRGB();
  }
  isUnderlineColorPalette() {
    return this.bg & 268435456 && ~this.extended.underlineColor ? (this.extended.underlineColor & 50331648) === 16777216 || (this.extended.underlineColor & 50331648) === 33554432 : this.isFgPalette();
  }
  isUnderlineColorDefault() {
    return this.bg & 268435456 && ~this.extended.underlineColor ? (this.extended.underlineColor & 50331648) === 0 : this.isFgDefault();
  }
  getUnderlineStyle() {
    return this.fg & 268435456 ? this.bg & 268435456 ? this.extended.underlineStyle : 1 : 0;
  }
  getUnderlineVariantOffset() {
    return this.extended.underlineVariantOffset;
  }
};
var rt = class s2 {
  constructor(t = 0, e = 0) {
    this._ext = 0;
    this._urlId = 0;
    this._ext = t, this._urlId = e;
  }
  get ext() {
    return this._urlId ? this._ext & -469762049 | this.underlineStyle << 26 : this._ext;
  }
  set ext(t) {
    this._ext = t;
  }
  get underlineStyle() {
    return this._urlId ? 5 : (this._ext & 469762048) >> 26;
  }
  set underlineStyle(t) {
    this._ext &= -469762049, this._ext |= t << 26 & 469762048;
  }
  get underlineColor() {
    return this._ext & 67108863;
  }
  set underlineColor(t) {
    this._ext &= -67108864, this._ext |= t & 67108863;
  }
  get urlId() {
    return this._urlId;
  }
  set urlId(t) {
    this._urlId = t;
  }
  get underlineVariantOffset() {
    let t = (this._ext & 3758096384) >> 29;
    return t < 0 ? t ^ 4294967288 : t;
  }
  set underlineVariantOffset(t) {
    this._ext &= 536870911, this._ext |= t << 29 & 3758096384;
  }
  clone() {
    return new s2(this._ext, this._urlId);
  }
  isEmpty() {
    return this.underlineStyle === 0 && this._urlId === 0;
  }
};
var q = class s3 extends De {
  constructor() {
    super(...arguments);
    this.content = 0;
    this.fg = 0;
    this.bg = 0;
    this.extended = new rt();
    this.combinedData = "";
  }
  static fromCharData(e) {
    let i = new s3();
    return i.setFromCharData(e), i;
  }
  isCombined() {
    return this.content & 2097152;
  }
  getWidth() {
    return this.content >> 22;
  }
  getChars() {
    return this.content & 2097152 ? this.combinedData : this.content & 2097151 ? Ce(this.content & 2097151) : "";
  }
  getCode() {
    return this.isCombined() ? this.combinedData.charCodeAt(this.combinedData.length - 1) : this.content & 2097151;
  }
  setFromCharData(e) {
    this.fg = e[0], this.bg = 0;
    let i = false;
    if (e[1].length > 2) i = true;
    else if (e[1].length === 2) {
      let r4 = e[1].charCodeAt(0);
      if (55296 <= r4 && r4 <= 56319) {
        let n = e[1].charCodeAt(1);
        56320 <= n && n <= 57343 ? this.content = (r4 - 55296) * 1024 + n - 56320 + 65536 | e[2] << 22 : i = true;
      } else i = true;
    } else this.content = e[1].charCodeAt(0) | e[2] << 22;
    i && (this.combinedData = e[1], this.content = 2097152 | e[2] << 22);
  }
  getAsCharData() {
    return [this.fg, this.getChars(), this.getWidth(), this.getCode()];
  }
};
var js = "di$target";
var Hn = "di$dependencies";
var Fn = /* @__PURE__ */ new Map();
function Xs(s15) {
  return s15[Hn] || [];
}
function ie(s15) {
  if (Fn.has(s15)) return Fn.get(s15);
  let t = function(e, i, r4) {
    if (arguments.length !== 3) throw new Error("@IServiceName-decorator can only be used to decorate a parameter");
    Pl(t, e, r4);
  };
  return t._id = s15, Fn.set(s15, t), t;
}
function Pl(s15, t, e) {
  t[js] === t ? t[Hn].push({ id: s15, index: e }) : (t[Hn] = [{ id: s15, index: e }], t[js] = t);
}
var F = ie("BufferService");
var rr = ie("CoreMouseService");
var ge = ie("CoreService");
var Zs = ie("CharsetService");
var xt = ie("InstantiationService");
var nr = ie("LogService");
var H = ie("OptionsService");
var sr = ie("OscLinkService");
var Js = ie("UnicodeService");
var Be = ie("DecorationService");
var wt = class {
  constructor(t, e, i) {
    this._bufferService = t;
    this._optionsService = e;
    this._oscLinkService = i;
  }
  provideLinks(t, e) {
    let i = this._bufferService.buffer.lines.get(t - 1);
    if (!i) {
      e(void 0);
      return;
    }
    let r4 = [], n = this._optionsService.rawOptions.linkHandler, o2 = new q(), l2 = i.getTrimmedLength(), a = -1, u = -1, h3 = false;
    for (let c = 0; c < l2; c++) if (!(u === -1 && !i.hasContent(c))) {
      if (i.loadCell(c, o2), o2.hasExtendedAttrs() && o2.extended.urlId) if (u === -1) {
        u = c, a = o2.extended.urlId;
        continue;
      } else h3 = o2.extended.urlId !== a;
      else u !== -1 && (h3 = true);
      if (h3 || u !== -1 && c === l2 - 1) {
        let d = this._oscLinkService.getLinkData(a)?.uri;
        if (d) {
          let _4 = { start: { x: u + 1, y: t }, end: { x: c + (!h3 && c === l2 - 1 ? 1 : 0), y: t } }, p = false;
          if (!n?.allowNonHttpProtocols) try {
            let m = new URL(d);
            ["http:", "https:"].includes(m.protocol) || (p = true);
          } catch {
            p = true;
          }
          p || r4.push({ text: d, range: _4, activate: (m, f) => n ? n.activate(m, f, _4) : Ol(m, f), hover: (m, f) => n?.hover?.(m, f, _4), leave: (m, f) => n?.leave?.(m, f, _4) });
        }
        h3 = false, o2.hasExtendedAttrs() && o2.extended.urlId ? (u = c, a = o2.extended.urlId) : (u = -1, a = -1);
      }
    }
    e(r4);
  }
};
wt = M([S(0, F), S(1, H), S(2, sr)], wt);
function Ol(s15, t) {
  if (confirm(`Do you want to navigate to ${t}?

WARNING: This link could potentially be dangerous`)) {
    let i = window.open();
    if (i) {
      try {
        i.opener = null;
      } catch {
      }
      i.location.href = t;
    } else console.warn("Opening link blocked as opener could not be cleared");
  }
}
var nt = ie("CharSizeService");
var ae = ie("CoreBrowserService");
var Dt = ie("MouseService");
var ce = ie("RenderService");
var Qs = ie("SelectionService");
var or = ie("CharacterJoinerService");
var Re = ie("ThemeService");
var lr = ie("LinkProviderService");
var Wn = class {
  constructor() {
    this.listeners = [], this.unexpectedErrorHandler = function(t) {
      setTimeout(() => {
        throw t.stack ? ar.isErrorNoTelemetry(t) ? new ar(t.message + `

` + t.stack) : new Error(t.message + `

` + t.stack) : t;
      }, 0);
    };
  }
  addListener(t) {
    return this.listeners.push(t), () => {
      this._removeListener(t);
    };
  }
  emit(t) {
    this.listeners.forEach((e) => {
      e(t);
    });
  }
  _removeListener(t) {
    this.listeners.splice(this.listeners.indexOf(t), 1);
  }
  setUnexpectedErrorHandler(t) {
    this.unexpectedErrorHandler = t;
  }
  getUnexpectedErrorHandler() {
    return this.unexpectedErrorHandler;
  }
  onUnexpectedError(t) {
    this.unexpectedErrorHandler(t), this.emit(t);
  }
  onUnexpectedExternalError(t) {
    this.unexpectedErrorHandler(t);
  }
};
var Bl = new Wn();
function Lt(s15) {
  Nl(s15) || Bl.onUnexpectedError(s15);
}
var Un = "Canceled";
function Nl(s15) {
  return s15 instanceof bi ? true : s15 instanceof Error && s15.name === Un && s15.message === Un;
}
var bi = class extends Error {
  constructor() {
    super(Un), this.name = this.message;
  }
};
function eo(s15) {
  return s15 ? new Error(`Illegal argument: ${s15}`) : new Error("Illegal argument");
}
var ar = class s4 extends Error {
  constructor(t) {
    super(t), this.name = "CodeExpectedError";
  }
  static fromError(t) {
    if (t instanceof s4) return t;
    let e = new s4();
    return e.message = t.message, e.stack = t.stack, e;
  }
  static isErrorNoTelemetry(t) {
    return t.name === "CodeExpectedError";
  }
};
var Rt = class s5 extends Error {
  constructor(t) {
    super(t || "An unexpected bug occurred."), Object.setPrototypeOf(this, s5.prototype);
  }
};
function Fl(s15, t, e = 0, i = s15.length) {
  let r4 = e, n = i;
  for (; r4 < n; ) {
    let o2 = Math.floor((r4 + n) / 2);
    t(s15[o2]) ? r4 = o2 + 1 : n = o2;
  }
  return r4 - 1;
}
var cr = class cr2 {
  constructor(t) {
    this._array = t;
    this._findLastMonotonousLastIdx = 0;
  }
  findLastMonotonous(t) {
    if (cr2.assertInvariants) {
      if (this._prevFindLastPredicate) {
        for (let i of this._array) if (this._prevFindLastPredicate(i) && !t(i)) throw new Error("MonotonousArray: current predicate must be weaker than (or equal to) the previous predicate.");
      }
      this._prevFindLastPredicate = t;
    }
    let e = Fl(this._array, t, this._findLastMonotonousLastIdx);
    return this._findLastMonotonousLastIdx = e + 1, e === -1 ? void 0 : this._array[e];
  }
};
cr.assertInvariants = false;
function Se(s15, t = 0) {
  return s15[s15.length - (1 + t)];
}
var ro;
((l2) => {
  function s15(a) {
    return a < 0;
  }
  l2.isLessThan = s15;
  function t(a) {
    return a <= 0;
  }
  l2.isLessThanOrEqual = t;
  function e(a) {
    return a > 0;
  }
  l2.isGreaterThan = e;
  function i(a) {
    return a === 0;
  }
  l2.isNeitherLessOrGreaterThan = i, l2.greaterThan = 1, l2.lessThan = -1, l2.neitherLessOrGreaterThan = 0;
})(ro ||= {});
function no(s15, t) {
  return (e, i) => t(s15(e), s15(i));
}
var so = (s15, t) => s15 - t;
var At = class At2 {
  constructor(t) {
    this.iterate = t;
  }
  forEach(t) {
    this.iterate((e) => (t(e), true));
  }
  toArray() {
    let t = [];
    return this.iterate((e) => (t.push(e), true)), t;
  }
  filter(t) {
    return new At2((e) => this.iterate((i) => t(i) ? e(i) : true));
  }
  map(t) {
    return new At2((e) => this.iterate((i) => e(t(i))));
  }
  some(t) {
    let e = false;
    return this.iterate((i) => (e = t(i), !e)), e;
  }
  findFirst(t) {
    let e;
    return this.iterate((i) => t(i) ? (e = i, false) : true), e;
  }
  findLast(t) {
    let e;
    return this.iterate((i) => (t(i) && (e = i), true)), e;
  }
  findLastMaxBy(t) {
    let e, i = true;
    return this.iterate((r4) => ((i || ro.isGreaterThan(t(r4, e))) && (i = false, e = r4), true)), e;
  }
};
At.empty = new At((t) => {
});
function co(s15, t) {
  let e = /* @__PURE__ */ Object.create(null);
  for (let i of s15) {
    let r4 = t(i), n = e[r4];
    n || (n = e[r4] = []), n.push(i);
  }
  return e;
}
var lo;
var ao;
var oo = class {
  constructor(t, e) {
    this.toKey = e;
    this._map = /* @__PURE__ */ new Map();
    this[lo] = "SetWithKey";
    for (let i of t) this.add(i);
  }
  get size() {
    return this._map.size;
  }
  add(t) {
    let e = this.toKey(t);
    return this._map.set(e, t), this;
  }
  delete(t) {
    return this._map.delete(this.toKey(t));
  }
  has(t) {
    return this._map.has(this.toKey(t));
  }
  *entries() {
    for (let t of this._map.values()) yield [t, t];
  }
  keys() {
    return this.values();
  }
  *values() {
    for (let t of this._map.values()) yield t;
  }
  clear() {
    this._map.clear();
  }
  forEach(t, e) {
    this._map.forEach((i) => t.call(e, i, i, this));
  }
  [(ao = Symbol.iterator, lo = Symbol.toStringTag, ao)]() {
    return this.values();
  }
};
var ur = class {
  constructor() {
    this.map = /* @__PURE__ */ new Map();
  }
  add(t, e) {
    let i = this.map.get(t);
    i || (i = /* @__PURE__ */ new Set(), this.map.set(t, i)), i.add(e);
  }
  delete(t, e) {
    let i = this.map.get(t);
    i && (i.delete(e), i.size === 0 && this.map.delete(t));
  }
  forEach(t, e) {
    let i = this.map.get(t);
    i && i.forEach(e);
  }
  get(t) {
    let e = this.map.get(t);
    return e || /* @__PURE__ */ new Set();
  }
};
function Kn(s15, t) {
  let e = this, i = false, r4;
  return function() {
    if (i) return r4;
    if (i = true, t) try {
      r4 = s15.apply(e, arguments);
    } finally {
      t();
    }
    else r4 = s15.apply(e, arguments);
    return r4;
  };
}
var zn;
((O2) => {
  function s15(I) {
    return I && typeof I == "object" && typeof I[Symbol.iterator] == "function";
  }
  O2.is = s15;
  let t = Object.freeze([]);
  function e() {
    return t;
  }
  O2.empty = e;
  function* i(I) {
    yield I;
  }
  O2.single = i;
  function r4(I) {
    return s15(I) ? I : i(I);
  }
  O2.wrap = r4;
  function n(I) {
    return I || t;
  }
  O2.from = n;
  function* o2(I) {
    for (let k3 = I.length - 1; k3 >= 0; k3--) yield I[k3];
  }
  O2.reverse = o2;
  function l2(I) {
    return !I || I[Symbol.iterator]().next().done === true;
  }
  O2.isEmpty = l2;
  function a(I) {
    return I[Symbol.iterator]().next().value;
  }
  O2.first = a;
  function u(I, k3) {
    let P3 = 0;
    for (let oe of I) if (k3(oe, P3++)) return true;
    return false;
  }
  O2.some = u;
  function h3(I, k3) {
    for (let P3 of I) if (k3(P3)) return P3;
  }
  O2.find = h3;
  function* c(I, k3) {
    for (let P3 of I) k3(P3) && (yield P3);
  }
  O2.filter = c;
  function* d(I, k3) {
    let P3 = 0;
    for (let oe of I) yield k3(oe, P3++);
  }
  O2.map = d;
  function* _4(I, k3) {
    let P3 = 0;
    for (let oe of I) yield* k3(oe, P3++);
  }
  O2.flatMap = _4;
  function* p(...I) {
    for (let k3 of I) yield* k3;
  }
  O2.concat = p;
  function m(I, k3, P3) {
    let oe = P3;
    for (let Me2 of I) oe = k3(oe, Me2);
    return oe;
  }
  O2.reduce = m;
  function* f(I, k3, P3 = I.length) {
    for (k3 < 0 && (k3 += I.length), P3 < 0 ? P3 += I.length : P3 > I.length && (P3 = I.length); k3 < P3; k3++) yield I[k3];
  }
  O2.slice = f;
  function A2(I, k3 = Number.POSITIVE_INFINITY) {
    let P3 = [];
    if (k3 === 0) return [P3, I];
    let oe = I[Symbol.iterator]();
    for (let Me2 = 0; Me2 < k3; Me2++) {
      let Pe2 = oe.next();
      if (Pe2.done) return [P3, O2.empty()];
      P3.push(Pe2.value);
    }
    return [P3, { [Symbol.iterator]() {
      return oe;
    } }];
  }
  O2.consume = A2;
  async function R(I) {
    let k3 = [];
    for await (let P3 of I) k3.push(P3);
    return Promise.resolve(k3);
  }
  O2.asyncToArray = R;
})(zn ||= {});
var Wl = false;
var dt = null;
var hr = class hr2 {
  constructor() {
    this.livingDisposables = /* @__PURE__ */ new Map();
  }
  getDisposableData(t) {
    let e = this.livingDisposables.get(t);
    return e || (e = { parent: null, source: null, isSingleton: false, value: t, idx: hr2.idx++ }, this.livingDisposables.set(t, e)), e;
  }
  trackDisposable(t) {
    let e = this.getDisposableData(t);
    e.source || (e.source = new Error().stack);
  }
  setParent(t, e) {
    let i = this.getDisposableData(t);
    i.parent = e;
  }
  markAsDisposed(t) {
    this.livingDisposables.delete(t);
  }
  markAsSingleton(t) {
    this.getDisposableData(t).isSingleton = true;
  }
  getRootParent(t, e) {
    let i = e.get(t);
    if (i) return i;
    let r4 = t.parent ? this.getRootParent(this.getDisposableData(t.parent), e) : t;
    return e.set(t, r4), r4;
  }
  getTrackedDisposables() {
    let t = /* @__PURE__ */ new Map();
    return [...this.livingDisposables.entries()].filter(([, i]) => i.source !== null && !this.getRootParent(i, t).isSingleton).flatMap(([i]) => i);
  }
  computeLeakingDisposables(t = 10, e) {
    let i;
    if (e) i = e;
    else {
      let a = /* @__PURE__ */ new Map(), u = [...this.livingDisposables.values()].filter((c) => c.source !== null && !this.getRootParent(c, a).isSingleton);
      if (u.length === 0) return;
      let h3 = new Set(u.map((c) => c.value));
      if (i = u.filter((c) => !(c.parent && h3.has(c.parent))), i.length === 0) throw new Error("There are cyclic diposable chains!");
    }
    if (!i) return;
    function r4(a) {
      function u(c, d) {
        for (; c.length > 0 && d.some((_4) => typeof _4 == "string" ? _4 === c[0] : c[0].match(_4)); ) c.shift();
      }
      let h3 = a.source.split(`
`).map((c) => c.trim().replace("at ", "")).filter((c) => c !== "");
      return u(h3, ["Error", /^trackDisposable \(.*\)$/, /^DisposableTracker.trackDisposable \(.*\)$/]), h3.reverse();
    }
    let n = new ur();
    for (let a of i) {
      let u = r4(a);
      for (let h3 = 0; h3 <= u.length; h3++) n.add(u.slice(0, h3).join(`
`), a);
    }
    i.sort(no((a) => a.idx, so));
    let o2 = "", l2 = 0;
    for (let a of i.slice(0, t)) {
      l2++;
      let u = r4(a), h3 = [];
      for (let c = 0; c < u.length; c++) {
        let d = u[c];
        d = `(shared with ${n.get(u.slice(0, c + 1).join(`
`)).size}/${i.length} leaks) at ${d}`;
        let p = n.get(u.slice(0, c).join(`
`)), m = co([...p].map((f) => r4(f)[c]), (f) => f);
        delete m[u[c]];
        for (let [f, A2] of Object.entries(m)) h3.unshift(`    - stacktraces of ${A2.length} other leaks continue with ${f}`);
        h3.unshift(d);
      }
      o2 += `


==================== Leaking disposable ${l2}/${i.length}: ${a.value.constructor.name} ====================
${h3.join(`
`)}
============================================================

`;
    }
    return i.length > t && (o2 += `


... and ${i.length - t} more leaking disposables

`), { leaks: i, details: o2 };
  }
};
hr.idx = 0;
function Ul(s15) {
  dt = s15;
}
if (Wl) {
  let s15 = "__is_disposable_tracked__";
  Ul(new class {
    trackDisposable(t) {
      let e = new Error("Potentially leaked disposable").stack;
      setTimeout(() => {
        t[s15] || console.log(e);
      }, 3e3);
    }
    setParent(t, e) {
      if (t && t !== D.None) try {
        t[s15] = true;
      } catch {
      }
    }
    markAsDisposed(t) {
      if (t && t !== D.None) try {
        t[s15] = true;
      } catch {
      }
    }
    markAsSingleton(t) {
    }
  }());
}
function fr(s15) {
  return dt?.trackDisposable(s15), s15;
}
function pr(s15) {
  dt?.markAsDisposed(s15);
}
function vi(s15, t) {
  dt?.setParent(s15, t);
}
function Kl(s15, t) {
  if (dt) for (let e of s15) dt.setParent(e, t);
}
function Gn(s15) {
  return dt?.markAsSingleton(s15), s15;
}
function Ne(s15) {
  if (zn.is(s15)) {
    let t = [];
    for (let e of s15) if (e) try {
      e.dispose();
    } catch (i) {
      t.push(i);
    }
    if (t.length === 1) throw t[0];
    if (t.length > 1) throw new AggregateError(t, "Encountered errors while disposing of store");
    return Array.isArray(s15) ? [] : s15;
  } else if (s15) return s15.dispose(), s15;
}
function ho(...s15) {
  let t = C(() => Ne(s15));
  return Kl(s15, t), t;
}
function C(s15) {
  let t = fr({ dispose: Kn(() => {
    pr(t), s15();
  }) });
  return t;
}
var dr = class dr2 {
  constructor() {
    this._toDispose = /* @__PURE__ */ new Set();
    this._isDisposed = false;
    fr(this);
  }
  dispose() {
    this._isDisposed || (pr(this), this._isDisposed = true, this.clear());
  }
  get isDisposed() {
    return this._isDisposed;
  }
  clear() {
    if (this._toDispose.size !== 0) try {
      Ne(this._toDispose);
    } finally {
      this._toDispose.clear();
    }
  }
  add(t) {
    if (!t) return t;
    if (t === this) throw new Error("Cannot register a disposable on itself!");
    return vi(t, this), this._isDisposed ? dr2.DISABLE_DISPOSED_WARNING || console.warn(new Error("Trying to add a disposable to a DisposableStore that has already been disposed of. The added object will be leaked!").stack) : this._toDispose.add(t), t;
  }
  delete(t) {
    if (t) {
      if (t === this) throw new Error("Cannot dispose a disposable on itself!");
      this._toDispose.delete(t), t.dispose();
    }
  }
  deleteAndLeak(t) {
    t && this._toDispose.has(t) && (this._toDispose.delete(t), vi(t, null));
  }
};
dr.DISABLE_DISPOSED_WARNING = false;
var Ee = dr;
var D = class {
  constructor() {
    this._store = new Ee();
    fr(this), vi(this._store, this);
  }
  dispose() {
    pr(this), this._store.dispose();
  }
  _register(t) {
    if (t === this) throw new Error("Cannot register a disposable on itself!");
    return this._store.add(t);
  }
};
D.None = Object.freeze({ dispose() {
} });
var ye = class {
  constructor() {
    this._isDisposed = false;
    fr(this);
  }
  get value() {
    return this._isDisposed ? void 0 : this._value;
  }
  set value(t) {
    this._isDisposed || t === this._value || (this._value?.dispose(), t && vi(t, this), this._value = t);
  }
  clear() {
    this.value = void 0;
  }
  dispose() {
    this._isDisposed = true, pr(this), this._value?.dispose(), this._value = void 0;
  }
  clearAndLeak() {
    let t = this._value;
    return this._value = void 0, t && vi(t, null), t;
  }
};
var fe = typeof window == "object" ? window : globalThis;
var kt = class kt2 {
  constructor(t) {
    this.element = t, this.next = kt2.Undefined, this.prev = kt2.Undefined;
  }
};
kt.Undefined = new kt(void 0);
var G = kt;
var Ct = class {
  constructor() {
    this._first = G.Undefined;
    this._last = G.Undefined;
    this._size = 0;
  }
  get size() {
    return this._size;
  }
  isEmpty() {
    return this._first === G.Undefined;
  }
  clear() {
    let t = this._first;
    for (; t !== G.Undefined; ) {
      let e = t.next;
      t.prev = G.Undefined, t.next = G.Undefined, t = e;
    }
    this._first = G.Undefined, this._last = G.Undefined, this._size = 0;
  }
  unshift(t) {
    return this._insert(t, false);
  }
  push(t) {
    return this._insert(t, true);
  }
  _insert(t, e) {
    let i = new G(t);
    if (this._first === G.Undefined) this._first = i, this._last = i;
    else if (e) {
      let n = this._last;
      this._last = i, i.prev = n, n.next = i;
    } else {
      let n = this._first;
      this._first = i, i.next = n, n.prev = i;
    }
    this._size += 1;
    let r4 = false;
    return () => {
      r4 || (r4 = true, this._remove(i));
    };
  }
  shift() {
    if (this._first !== G.Undefined) {
      let t = this._first.element;
      return this._remove(this._first), t;
    }
  }
  pop() {
    if (this._last !== G.Undefined) {
      let t = this._last.element;
      return this._remove(this._last), t;
    }
  }
  _remove(t) {
    if (t.prev !== G.Undefined && t.next !== G.Undefined) {
      let e = t.prev;
      e.next = t.next, t.next.prev = e;
    } else t.prev === G.Undefined && t.next === G.Undefined ? (this._first = G.Undefined, this._last = G.Undefined) : t.next === G.Undefined ? (this._last = this._last.prev, this._last.next = G.Undefined) : t.prev === G.Undefined && (this._first = this._first.next, this._first.prev = G.Undefined);
    this._size -= 1;
  }
  *[Symbol.iterator]() {
    let t = this._first;
    for (; t !== G.Undefined; ) yield t.element, t = t.next;
  }
};
var zl = globalThis.performance && typeof globalThis.performance.now == "function";
var mr = class s6 {
  static create(t) {
    return new s6(t);
  }
  constructor(t) {
    this._now = zl && t === false ? Date.now : globalThis.performance.now.bind(globalThis.performance), this._startTime = this._now(), this._stopTime = -1;
  }
  stop() {
    this._stopTime = this._now();
  }
  reset() {
    this._startTime = this._now(), this._stopTime = -1;
  }
  elapsed() {
    return this._stopTime !== -1 ? this._stopTime - this._startTime : this._now() - this._startTime;
  }
};
var Gl = false;
var fo = false;
var $l = false;
var $2;
((Qe2) => {
  Qe2.None = () => D.None;
  function t(y) {
    if ($l) {
      let { onDidAddListener: T } = y, g2 = gi.create(), w2 = 0;
      y.onDidAddListener = () => {
        ++w2 === 2 && (console.warn("snapshotted emitter LIKELY used public and SHOULD HAVE BEEN created with DisposableStore. snapshotted here"), g2.print()), T?.();
      };
    }
  }
  function e(y, T) {
    return d(y, () => {
    }, 0, void 0, true, void 0, T);
  }
  Qe2.defer = e;
  function i(y) {
    return (T, g2 = null, w2) => {
      let E = false, x;
      return x = y((N2) => {
        if (!E) return x ? x.dispose() : E = true, T.call(g2, N2);
      }, null, w2), E && x.dispose(), x;
    };
  }
  Qe2.once = i;
  function r4(y, T, g2) {
    return h3((w2, E = null, x) => y((N2) => w2.call(E, T(N2)), null, x), g2);
  }
  Qe2.map = r4;
  function n(y, T, g2) {
    return h3((w2, E = null, x) => y((N2) => {
      T(N2), w2.call(E, N2);
    }, null, x), g2);
  }
  Qe2.forEach = n;
  function o2(y, T, g2) {
    return h3((w2, E = null, x) => y((N2) => T(N2) && w2.call(E, N2), null, x), g2);
  }
  Qe2.filter = o2;
  function l2(y) {
    return y;
  }
  Qe2.signal = l2;
  function a(...y) {
    return (T, g2 = null, w2) => {
      let E = ho(...y.map((x) => x((N2) => T.call(g2, N2))));
      return c(E, w2);
    };
  }
  Qe2.any = a;
  function u(y, T, g2, w2) {
    let E = g2;
    return r4(y, (x) => (E = T(E, x), E), w2);
  }
  Qe2.reduce = u;
  function h3(y, T) {
    let g2, w2 = { onWillAddFirstListener() {
      g2 = y(E.fire, E);
    }, onDidRemoveLastListener() {
      g2?.dispose();
    } };
    T || t(w2);
    let E = new v(w2);
    return T?.add(E), E.event;
  }
  function c(y, T) {
    return T instanceof Array ? T.push(y) : T && T.add(y), y;
  }
  function d(y, T, g2 = 100, w2 = false, E = false, x, N2) {
    let Z, te2, Oe2, ze2 = 0, le2, et = { leakWarningThreshold: x, onWillAddFirstListener() {
      Z = y((ht) => {
        ze2++, te2 = T(te2, ht), w2 && !Oe2 && (me2.fire(te2), te2 = void 0), le2 = () => {
          let fi = te2;
          te2 = void 0, Oe2 = void 0, (!w2 || ze2 > 1) && me2.fire(fi), ze2 = 0;
        }, typeof g2 == "number" ? (clearTimeout(Oe2), Oe2 = setTimeout(le2, g2)) : Oe2 === void 0 && (Oe2 = 0, queueMicrotask(le2));
      });
    }, onWillRemoveListener() {
      E && ze2 > 0 && le2?.();
    }, onDidRemoveLastListener() {
      le2 = void 0, Z.dispose();
    } };
    N2 || t(et);
    let me2 = new v(et);
    return N2?.add(me2), me2.event;
  }
  Qe2.debounce = d;
  function _4(y, T = 0, g2) {
    return Qe2.debounce(y, (w2, E) => w2 ? (w2.push(E), w2) : [E], T, void 0, true, void 0, g2);
  }
  Qe2.accumulate = _4;
  function p(y, T = (w2, E) => w2 === E, g2) {
    let w2 = true, E;
    return o2(y, (x) => {
      let N2 = w2 || !T(x, E);
      return w2 = false, E = x, N2;
    }, g2);
  }
  Qe2.latch = p;
  function m(y, T, g2) {
    return [Qe2.filter(y, T, g2), Qe2.filter(y, (w2) => !T(w2), g2)];
  }
  Qe2.split = m;
  function f(y, T = false, g2 = [], w2) {
    let E = g2.slice(), x = y((te2) => {
      E ? E.push(te2) : Z.fire(te2);
    });
    w2 && w2.add(x);
    let N2 = () => {
      E?.forEach((te2) => Z.fire(te2)), E = null;
    }, Z = new v({ onWillAddFirstListener() {
      x || (x = y((te2) => Z.fire(te2)), w2 && w2.add(x));
    }, onDidAddFirstListener() {
      E && (T ? setTimeout(N2) : N2());
    }, onDidRemoveLastListener() {
      x && x.dispose(), x = null;
    } });
    return w2 && w2.add(Z), Z.event;
  }
  Qe2.buffer = f;
  function A2(y, T) {
    return (w2, E, x) => {
      let N2 = T(new O2());
      return y(function(Z) {
        let te2 = N2.evaluate(Z);
        te2 !== R && w2.call(E, te2);
      }, void 0, x);
    };
  }
  Qe2.chain = A2;
  let R = /* @__PURE__ */ Symbol("HaltChainable");
  class O2 {
    constructor() {
      this.steps = [];
    }
    map(T) {
      return this.steps.push(T), this;
    }
    forEach(T) {
      return this.steps.push((g2) => (T(g2), g2)), this;
    }
    filter(T) {
      return this.steps.push((g2) => T(g2) ? g2 : R), this;
    }
    reduce(T, g2) {
      let w2 = g2;
      return this.steps.push((E) => (w2 = T(w2, E), w2)), this;
    }
    latch(T = (g2, w2) => g2 === w2) {
      let g2 = true, w2;
      return this.steps.push((E) => {
        let x = g2 || !T(E, w2);
        return g2 = false, w2 = E, x ? E : R;
      }), this;
    }
    evaluate(T) {
      for (let g2 of this.steps) if (T = g2(T), T === R) break;
      return T;
    }
  }
  function I(y, T, g2 = (w2) => w2) {
    let w2 = (...Z) => N2.fire(g2(...Z)), E = () => y.on(T, w2), x = () => y.removeListener(T, w2), N2 = new v({ onWillAddFirstListener: E, onDidRemoveLastListener: x });
    return N2.event;
  }
  Qe2.fromNodeEventEmitter = I;
  function k3(y, T, g2 = (w2) => w2) {
    let w2 = (...Z) => N2.fire(g2(...Z)), E = () => y.addEventListener(T, w2), x = () => y.removeEventListener(T, w2), N2 = new v({ onWillAddFirstListener: E, onDidRemoveLastListener: x });
    return N2.event;
  }
  Qe2.fromDOMEventEmitter = k3;
  function P3(y) {
    return new Promise((T) => i(y)(T));
  }
  Qe2.toPromise = P3;
  function oe(y) {
    let T = new v();
    return y.then((g2) => {
      T.fire(g2);
    }, () => {
      T.fire(void 0);
    }).finally(() => {
      T.dispose();
    }), T.event;
  }
  Qe2.fromPromise = oe;
  function Me2(y, T) {
    return y((g2) => T.fire(g2));
  }
  Qe2.forward = Me2;
  function Pe2(y, T, g2) {
    return T(g2), y((w2) => T(w2));
  }
  Qe2.runAndSubscribe = Pe2;
  class Ke {
    constructor(T, g2) {
      this._observable = T;
      this._counter = 0;
      this._hasChanged = false;
      let w2 = { onWillAddFirstListener: () => {
        T.addObserver(this);
      }, onDidRemoveLastListener: () => {
        T.removeObserver(this);
      } };
      g2 || t(w2), this.emitter = new v(w2), g2 && g2.add(this.emitter);
    }
    beginUpdate(T) {
      this._counter++;
    }
    handlePossibleChange(T) {
    }
    handleChange(T, g2) {
      this._hasChanged = true;
    }
    endUpdate(T) {
      this._counter--, this._counter === 0 && (this._observable.reportChanges(), this._hasChanged && (this._hasChanged = false, this.emitter.fire(this._observable.get())));
    }
  }
  function di(y, T) {
    return new Ke(y, T).emitter.event;
  }
  Qe2.fromObservable = di;
  function V3(y) {
    return (T, g2, w2) => {
      let E = 0, x = false, N2 = { beginUpdate() {
        E++;
      }, endUpdate() {
        E--, E === 0 && (y.reportChanges(), x && (x = false, T.call(g2)));
      }, handlePossibleChange() {
      }, handleChange() {
        x = true;
      } };
      y.addObserver(N2), y.reportChanges();
      let Z = { dispose() {
        y.removeObserver(N2);
      } };
      return w2 instanceof Ee ? w2.add(Z) : Array.isArray(w2) && w2.push(Z), Z;
    };
  }
  Qe2.fromObservableLight = V3;
})($2 ||= {});
var Mt = class Mt2 {
  constructor(t) {
    this.listenerCount = 0;
    this.invocationCount = 0;
    this.elapsedOverall = 0;
    this.durations = [];
    this.name = `${t}_${Mt2._idPool++}`, Mt2.all.add(this);
  }
  start(t) {
    this._stopWatch = new mr(), this.listenerCount = t;
  }
  stop() {
    if (this._stopWatch) {
      let t = this._stopWatch.elapsed();
      this.durations.push(t), this.elapsedOverall += t, this.invocationCount += 1, this._stopWatch = void 0;
    }
  }
};
Mt.all = /* @__PURE__ */ new Set(), Mt._idPool = 0;
var $n = Mt;
var po = -1;
var br = class br2 {
  constructor(t, e, i = (br2._idPool++).toString(16).padStart(3, "0")) {
    this._errorHandler = t;
    this.threshold = e;
    this.name = i;
    this._warnCountdown = 0;
  }
  dispose() {
    this._stacks?.clear();
  }
  check(t, e) {
    let i = this.threshold;
    if (i <= 0 || e < i) return;
    this._stacks || (this._stacks = /* @__PURE__ */ new Map());
    let r4 = this._stacks.get(t.value) || 0;
    if (this._stacks.set(t.value, r4 + 1), this._warnCountdown -= 1, this._warnCountdown <= 0) {
      this._warnCountdown = i * 0.5;
      let [n, o2] = this.getMostFrequentStack(), l2 = `[${this.name}] potential listener LEAK detected, having ${e} listeners already. MOST frequent listener (${o2}):`;
      console.warn(l2), console.warn(n);
      let a = new qn(l2, n);
      this._errorHandler(a);
    }
    return () => {
      let n = this._stacks.get(t.value) || 0;
      this._stacks.set(t.value, n - 1);
    };
  }
  getMostFrequentStack() {
    if (!this._stacks) return;
    let t, e = 0;
    for (let [i, r4] of this._stacks) (!t || e < r4) && (t = [i, r4], e = r4);
    return t;
  }
};
br._idPool = 1;
var Vn = br;
var gi = class s7 {
  constructor(t) {
    this.value = t;
  }
  static create() {
    let t = new Error();
    return new s7(t.stack ?? "");
  }
  print() {
    console.warn(this.value.split(`
`).slice(2).join(`
`));
  }
};
var qn = class extends Error {
  constructor(t, e) {
    super(t), this.name = "ListenerLeakError", this.stack = e;
  }
};
var Yn = class extends Error {
  constructor(t, e) {
    super(t), this.name = "ListenerRefusalError", this.stack = e;
  }
};
var Vl = 0;
var Pt = class {
  constructor(t) {
    this.value = t;
    this.id = Vl++;
  }
};
var ql = 2;
var Yl = (s15, t) => {
  if (s15 instanceof Pt) t(s15);
  else for (let e = 0; e < s15.length; e++) {
    let i = s15[e];
    i && t(i);
  }
};
var _r;
if (Gl) {
  let s15 = [];
  setInterval(() => {
    s15.length !== 0 && (console.warn("[LEAKING LISTENERS] GC'ed these listeners that were NOT yet disposed:"), console.warn(s15.join(`
`)), s15.length = 0);
  }, 3e3), _r = new FinalizationRegistry((t) => {
    typeof t == "string" && s15.push(t);
  });
}
var v = class {
  constructor(t) {
    this._size = 0;
    this._options = t, this._leakageMon = po > 0 || this._options?.leakWarningThreshold ? new Vn(t?.onListenerError ?? Lt, this._options?.leakWarningThreshold ?? po) : void 0, this._perfMon = this._options?._profName ? new $n(this._options._profName) : void 0, this._deliveryQueue = this._options?.deliveryQueue;
  }
  dispose() {
    if (!this._disposed) {
      if (this._disposed = true, this._deliveryQueue?.current === this && this._deliveryQueue.reset(), this._listeners) {
        if (fo) {
          let t = this._listeners;
          queueMicrotask(() => {
            Yl(t, (e) => e.stack?.print());
          });
        }
        this._listeners = void 0, this._size = 0;
      }
      this._options?.onDidRemoveLastListener?.(), this._leakageMon?.dispose();
    }
  }
  get event() {
    return this._event ??= (t, e, i) => {
      if (this._leakageMon && this._size > this._leakageMon.threshold ** 2) {
        let a = `[${this._leakageMon.name}] REFUSES to accept new listeners because it exceeded its threshold by far (${this._size} vs ${this._leakageMon.threshold})`;
        console.warn(a);
        let u = this._leakageMon.getMostFrequentStack() ?? ["UNKNOWN stack", -1], h3 = new Yn(`${a}. HINT: Stack shows most frequent listener (${u[1]}-times)`, u[0]);
        return (this._options?.onListenerError || Lt)(h3), D.None;
      }
      if (this._disposed) return D.None;
      e && (t = t.bind(e));
      let r4 = new Pt(t), n, o2;
      this._leakageMon && this._size >= Math.ceil(this._leakageMon.threshold * 0.2) && (r4.stack = gi.create(), n = this._leakageMon.check(r4.stack, this._size + 1)), fo && (r4.stack = o2 ?? gi.create()), this._listeners ? this._listeners instanceof Pt ? (this._deliveryQueue ??= new jn(), this._listeners = [this._listeners, r4]) : this._listeners.push(r4) : (this._options?.onWillAddFirstListener?.(this), this._listeners = r4, this._options?.onDidAddFirstListener?.(this)), this._size++;
      let l2 = C(() => {
        _r?.unregister(l2), n?.(), this._removeListener(r4);
      });
      if (i instanceof Ee ? i.add(l2) : Array.isArray(i) && i.push(l2), _r) {
        let a = new Error().stack.split(`
`).slice(2, 3).join(`
`).trim(), u = /(file:|vscode-file:\/\/vscode-app)?(\/[^:]*:\d+:\d+)/.exec(a);
        _r.register(l2, u?.[2] ?? a, l2);
      }
      return l2;
    }, this._event;
  }
  _removeListener(t) {
    if (this._options?.onWillRemoveListener?.(this), !this._listeners) return;
    if (this._size === 1) {
      this._listeners = void 0, this._options?.onDidRemoveLastListener?.(this), this._size = 0;
      return;
    }
    let e = this._listeners, i = e.indexOf(t);
    if (i === -1) throw console.log("disposed?", this._disposed), console.log("size?", this._size), console.log("arr?", JSON.stringify(this._listeners)), new Error("Attempted to dispose unknown listener");
    this._size--, e[i] = void 0;
    let r4 = this._deliveryQueue.current === this;
    if (this._size * ql <= e.length) {
      let n = 0;
      for (let o2 = 0; o2 < e.length; o2++) e[o2] ? e[n++] = e[o2] : r4 && (this._deliveryQueue.end--, n < this._deliveryQueue.i && this._deliveryQueue.i--);
      e.length = n;
    }
  }
  _deliver(t, e) {
    if (!t) return;
    let i = this._options?.onListenerError || Lt;
    if (!i) {
      t.value(e);
      return;
    }
    try {
      t.value(e);
    } catch (r4) {
      i(r4);
    }
  }
  _deliverQueue(t) {
    let e = t.current._listeners;
    for (; t.i < t.end; ) this._deliver(e[t.i++], t.value);
    t.reset();
  }
  fire(t) {
    if (this._deliveryQueue?.current && (this._deliverQueue(this._deliveryQueue), this._perfMon?.stop()), this._perfMon?.start(this._size), this._listeners) if (this._listeners instanceof Pt) this._deliver(this._listeners, t);
    else {
      let e = this._deliveryQueue;
      e.enqueue(this, t, this._listeners.length), this._deliverQueue(e);
    }
    this._perfMon?.stop();
  }
  hasListeners() {
    return this._size > 0;
  }
};
var jn = class {
  constructor() {
    this.i = -1;
    this.end = 0;
  }
  enqueue(t, e, i) {
    this.i = 0, this.end = i, this.current = t, this.value = e;
  }
  reset() {
    this.i = this.end, this.current = void 0, this.value = void 0;
  }
};
var gr = class gr2 {
  constructor() {
    this.mapWindowIdToZoomLevel = /* @__PURE__ */ new Map();
    this._onDidChangeZoomLevel = new v();
    this.onDidChangeZoomLevel = this._onDidChangeZoomLevel.event;
    this.mapWindowIdToZoomFactor = /* @__PURE__ */ new Map();
    this._onDidChangeFullscreen = new v();
    this.onDidChangeFullscreen = this._onDidChangeFullscreen.event;
    this.mapWindowIdToFullScreen = /* @__PURE__ */ new Map();
  }
  getZoomLevel(t) {
    return this.mapWindowIdToZoomLevel.get(this.getWindowId(t)) ?? 0;
  }
  setZoomLevel(t, e) {
    if (this.getZoomLevel(e) === t) return;
    let i = this.getWindowId(e);
    this.mapWindowIdToZoomLevel.set(i, t), this._onDidChangeZoomLevel.fire(i);
  }
  getZoomFactor(t) {
    return this.mapWindowIdToZoomFactor.get(this.getWindowId(t)) ?? 1;
  }
  setZoomFactor(t, e) {
    this.mapWindowIdToZoomFactor.set(this.getWindowId(e), t);
  }
  setFullscreen(t, e) {
    if (this.isFullscreen(e) === t) return;
    let i = this.getWindowId(e);
    this.mapWindowIdToFullScreen.set(i, t), this._onDidChangeFullscreen.fire(i);
  }
  isFullscreen(t) {
    return !!this.mapWindowIdToFullScreen.get(this.getWindowId(t));
  }
  getWindowId(t) {
    return t.vscodeWindowId;
  }
};
gr.INSTANCE = new gr();
var Si = gr;
function Xl(s15, t, e) {
  typeof t == "string" && (t = s15.matchMedia(t)), t.addEventListener("change", e);
}
var Eu = Si.INSTANCE.onDidChangeZoomLevel;
function mo(s15) {
  return Si.INSTANCE.getZoomFactor(s15);
}
var Tu = Si.INSTANCE.onDidChangeFullscreen;
var Ot = typeof navigator == "object" ? navigator.userAgent : "";
var Ei = Ot.indexOf("Firefox") >= 0;
var Bt = Ot.indexOf("AppleWebKit") >= 0;
var Ti = Ot.indexOf("Chrome") >= 0;
var Sr = !Ti && Ot.indexOf("Safari") >= 0;
var Iu = Ot.indexOf("Electron/") >= 0;
var yu = Ot.indexOf("Android") >= 0;
var vr = false;
if (typeof fe.matchMedia == "function") {
  let s15 = fe.matchMedia("(display-mode: standalone) or (display-mode: window-controls-overlay)"), t = fe.matchMedia("(display-mode: fullscreen)");
  vr = s15.matches, Xl(fe, s15, ({ matches: e }) => {
    vr && t.matches || (vr = e);
  });
}
function _o() {
  return vr;
}
var Nt = "en";
var yr = false;
var xr = false;
var Ii = false;
var Zl = false;
var vo = false;
var go = false;
var Jl = false;
var Ql = false;
var ea = false;
var ta = false;
var Tr;
var Ir = Nt;
var bo = Nt;
var ia;
var $e;
var Ve = globalThis;
var xe;
typeof Ve.vscode < "u" && typeof Ve.vscode.process < "u" ? xe = Ve.vscode.process : typeof process < "u" && typeof process?.versions?.node == "string" && (xe = process);
var So = typeof xe?.versions?.electron == "string";
var ra = So && xe?.type === "renderer";
if (typeof xe == "object") {
  yr = xe.platform === "win32", xr = xe.platform === "darwin", Ii = xe.platform === "linux", Zl = Ii && !!xe.env.SNAP && !!xe.env.SNAP_REVISION, Jl = So, ea = !!xe.env.CI || !!xe.env.BUILD_ARTIFACTSTAGINGDIRECTORY, Tr = Nt, Ir = Nt;
  let s15 = xe.env.VSCODE_NLS_CONFIG;
  if (s15) try {
    let t = JSON.parse(s15);
    Tr = t.userLocale, bo = t.osLocale, Ir = t.resolvedLanguage || Nt, ia = t.languagePack?.translationsConfigFile;
  } catch {
  }
  vo = true;
} else typeof navigator == "object" && !ra ? ($e = navigator.userAgent, yr = $e.indexOf("Windows") >= 0, xr = $e.indexOf("Macintosh") >= 0, Ql = ($e.indexOf("Macintosh") >= 0 || $e.indexOf("iPad") >= 0 || $e.indexOf("iPhone") >= 0) && !!navigator.maxTouchPoints && navigator.maxTouchPoints > 0, Ii = $e.indexOf("Linux") >= 0, ta = $e?.indexOf("Mobi") >= 0, go = true, Ir = globalThis._VSCODE_NLS_LANGUAGE || Nt, Tr = navigator.language.toLowerCase(), bo = Tr) : console.error("Unable to resolve platform.");
var Xn = 0;
xr ? Xn = 1 : yr ? Xn = 3 : Ii && (Xn = 2);
var wr = yr;
var Te = xr;
var Zn = Ii;
var Dr = vo;
var na = go && typeof Ve.importScripts == "function";
var xu = na ? Ve.origin : void 0;
var Fe = $e;
var st = Ir;
var sa;
((i) => {
  function s15() {
    return st;
  }
  i.value = s15;
  function t() {
    return st.length === 2 ? st === "en" : st.length >= 3 ? st[0] === "e" && st[1] === "n" && st[2] === "-" : false;
  }
  i.isDefaultVariant = t;
  function e() {
    return st === "en";
  }
  i.isDefault = e;
})(sa ||= {});
var oa = typeof Ve.postMessage == "function" && !Ve.importScripts;
var Eo = (() => {
  if (oa) {
    let s15 = [];
    Ve.addEventListener("message", (e) => {
      if (e.data && e.data.vscodeScheduleAsyncWork) for (let i = 0, r4 = s15.length; i < r4; i++) {
        let n = s15[i];
        if (n.id === e.data.vscodeScheduleAsyncWork) {
          s15.splice(i, 1), n.callback();
          return;
        }
      }
    });
    let t = 0;
    return (e) => {
      let i = ++t;
      s15.push({ id: i, callback: e }), Ve.postMessage({ vscodeScheduleAsyncWork: i }, "*");
    };
  }
  return (s15) => setTimeout(s15);
})();
var la = !!(Fe && Fe.indexOf("Chrome") >= 0);
var wu = !!(Fe && Fe.indexOf("Firefox") >= 0);
var Du = !!(!la && Fe && Fe.indexOf("Safari") >= 0);
var Ru = !!(Fe && Fe.indexOf("Edg/") >= 0);
var Lu = !!(Fe && Fe.indexOf("Android") >= 0);
var ot = typeof navigator == "object" ? navigator : {};
var aa = { clipboard: { writeText: Dr || document.queryCommandSupported && document.queryCommandSupported("copy") || !!(ot && ot.clipboard && ot.clipboard.writeText), readText: Dr || !!(ot && ot.clipboard && ot.clipboard.readText) }, keyboard: Dr || _o() ? 0 : ot.keyboard || Sr ? 1 : 2, touch: "ontouchstart" in fe || ot.maxTouchPoints > 0, pointerEvents: fe.PointerEvent && ("ontouchstart" in fe || navigator.maxTouchPoints > 0) };
var yi = class {
  constructor() {
    this._keyCodeToStr = [], this._strToKeyCode = /* @__PURE__ */ Object.create(null);
  }
  define(t, e) {
    this._keyCodeToStr[t] = e, this._strToKeyCode[e.toLowerCase()] = t;
  }
  keyCodeToStr(t) {
    return this._keyCodeToStr[t];
  }
  strToKeyCode(t) {
    return this._strToKeyCode[t.toLowerCase()] || 0;
  }
};
var Jn = new yi();
var To = new yi();
var Io = new yi();
var yo = new Array(230);
var Qn;
((o2) => {
  function s15(l2) {
    return Jn.keyCodeToStr(l2);
  }
  o2.toString = s15;
  function t(l2) {
    return Jn.strToKeyCode(l2);
  }
  o2.fromString = t;
  function e(l2) {
    return To.keyCodeToStr(l2);
  }
  o2.toUserSettingsUS = e;
  function i(l2) {
    return Io.keyCodeToStr(l2);
  }
  o2.toUserSettingsGeneral = i;
  function r4(l2) {
    return To.strToKeyCode(l2) || Io.strToKeyCode(l2);
  }
  o2.fromUserSettings = r4;
  function n(l2) {
    if (l2 >= 98 && l2 <= 113) return null;
    switch (l2) {
      case 16:
        return "Up";
      case 18:
        return "Down";
      case 15:
        return "Left";
      case 17:
        return "Right";
    }
    return Jn.keyCodeToStr(l2);
  }
  o2.toElectronAccelerator = n;
})(Qn ||= {});
var Rr = class s8 {
  constructor(t, e, i, r4, n) {
    this.ctrlKey = t;
    this.shiftKey = e;
    this.altKey = i;
    this.metaKey = r4;
    this.keyCode = n;
  }
  equals(t) {
    return t instanceof s8 && this.ctrlKey === t.ctrlKey && this.shiftKey === t.shiftKey && this.altKey === t.altKey && this.metaKey === t.metaKey && this.keyCode === t.keyCode;
  }
  getHashCode() {
    let t = this.ctrlKey ? "1" : "0", e = this.shiftKey ? "1" : "0", i = this.altKey ? "1" : "0", r4 = this.metaKey ? "1" : "0";
    return `K${t}${e}${i}${r4}${this.keyCode}`;
  }
  isModifierKey() {
    return this.keyCode === 0 || this.keyCode === 5 || this.keyCode === 57 || this.keyCode === 6 || this.keyCode === 4;
  }
  toKeybinding() {
    return new es([this]);
  }
  isDuplicateModifierCase() {
    return this.ctrlKey && this.keyCode === 5 || this.shiftKey && this.keyCode === 4 || this.altKey && this.keyCode === 6 || this.metaKey && this.keyCode === 57;
  }
};
var es = class {
  constructor(t) {
    if (t.length === 0) throw eo("chords");
    this.chords = t;
  }
  getHashCode() {
    let t = "";
    for (let e = 0, i = this.chords.length; e < i; e++) e !== 0 && (t += ";"), t += this.chords[e].getHashCode();
    return t;
  }
  equals(t) {
    if (t === null || this.chords.length !== t.chords.length) return false;
    for (let e = 0; e < this.chords.length; e++) if (!this.chords[e].equals(t.chords[e])) return false;
    return true;
  }
};
function ca(s15) {
  if (s15.charCode) {
    let e = String.fromCharCode(s15.charCode).toUpperCase();
    return Qn.fromString(e);
  }
  let t = s15.keyCode;
  if (t === 3) return 7;
  if (Ei) switch (t) {
    case 59:
      return 85;
    case 60:
      if (Zn) return 97;
      break;
    case 61:
      return 86;
    case 107:
      return 109;
    case 109:
      return 111;
    case 173:
      return 88;
    case 224:
      if (Te) return 57;
      break;
  }
  else if (Bt) {
    if (Te && t === 93) return 57;
    if (!Te && t === 92) return 57;
  }
  return yo[t] || 0;
}
var ua = Te ? 256 : 2048;
var ha = 512;
var da = 1024;
var fa = Te ? 2048 : 256;
var ft = class {
  constructor(t) {
    this._standardKeyboardEventBrand = true;
    let e = t;
    this.browserEvent = e, this.target = e.target, this.ctrlKey = e.ctrlKey, this.shiftKey = e.shiftKey, this.altKey = e.altKey, this.metaKey = e.metaKey, this.altGraphKey = e.getModifierState?.("AltGraph"), this.keyCode = ca(e), this.code = e.code, this.ctrlKey = this.ctrlKey || this.keyCode === 5, this.altKey = this.altKey || this.keyCode === 6, this.shiftKey = this.shiftKey || this.keyCode === 4, this.metaKey = this.metaKey || this.keyCode === 57, this._asKeybinding = this._computeKeybinding(), this._asKeyCodeChord = this._computeKeyCodeChord();
  }
  preventDefault() {
    this.browserEvent && this.browserEvent.preventDefault && this.browserEvent.preventDefault();
  }
  stopPropagation() {
    this.browserEvent && this.browserEvent.stopPropagation && this.browserEvent.stopPropagation();
  }
  toKeyCodeChord() {
    return this._asKeyCodeChord;
  }
  equals(t) {
    return this._asKeybinding === t;
  }
  _computeKeybinding() {
    let t = 0;
    this.keyCode !== 5 && this.keyCode !== 4 && this.keyCode !== 6 && this.keyCode !== 57 && (t = this.keyCode);
    let e = 0;
    return this.ctrlKey && (e |= ua), this.altKey && (e |= ha), this.shiftKey && (e |= da), this.metaKey && (e |= fa), e |= t, e;
  }
  _computeKeyCodeChord() {
    let t = 0;
    return this.keyCode !== 5 && this.keyCode !== 4 && this.keyCode !== 6 && this.keyCode !== 57 && (t = this.keyCode), new Rr(this.ctrlKey, this.shiftKey, this.altKey, this.metaKey, t);
  }
};
var wo = /* @__PURE__ */ new WeakMap();
function pa(s15) {
  if (!s15.parent || s15.parent === s15) return null;
  try {
    let t = s15.location, e = s15.parent.location;
    if (t.origin !== "null" && e.origin !== "null" && t.origin !== e.origin) return null;
  } catch {
    return null;
  }
  return s15.parent;
}
var Lr = class {
  static getSameOriginWindowChain(t) {
    let e = wo.get(t);
    if (!e) {
      e = [], wo.set(t, e);
      let i = t, r4;
      do
        r4 = pa(i), r4 ? e.push({ window: new WeakRef(i), iframeElement: i.frameElement || null }) : e.push({ window: new WeakRef(i), iframeElement: null }), i = r4;
      while (i);
    }
    return e.slice(0);
  }
  static getPositionOfChildWindowRelativeToAncestorWindow(t, e) {
    if (!e || t === e) return { top: 0, left: 0 };
    let i = 0, r4 = 0, n = this.getSameOriginWindowChain(t);
    for (let o2 of n) {
      let l2 = o2.window.deref();
      if (i += l2?.scrollY ?? 0, r4 += l2?.scrollX ?? 0, l2 === e || !o2.iframeElement) break;
      let a = o2.iframeElement.getBoundingClientRect();
      i += a.top, r4 += a.left;
    }
    return { top: i, left: r4 };
  }
};
var qe = class {
  constructor(t, e) {
    this.timestamp = Date.now(), this.browserEvent = e, this.leftButton = e.button === 0, this.middleButton = e.button === 1, this.rightButton = e.button === 2, this.buttons = e.buttons, this.target = e.target, this.detail = e.detail || 1, e.type === "dblclick" && (this.detail = 2), this.ctrlKey = e.ctrlKey, this.shiftKey = e.shiftKey, this.altKey = e.altKey, this.metaKey = e.metaKey, typeof e.pageX == "number" ? (this.posx = e.pageX, this.posy = e.pageY) : (this.posx = e.clientX + this.target.ownerDocument.body.scrollLeft + this.target.ownerDocument.documentElement.scrollLeft, this.posy = e.clientY + this.target.ownerDocument.body.scrollTop + this.target.ownerDocument.documentElement.scrollTop);
    let i = Lr.getPositionOfChildWindowRelativeToAncestorWindow(t, e.view);
    this.posx -= i.left, this.posy -= i.top;
  }
  preventDefault() {
    this.browserEvent.preventDefault();
  }
  stopPropagation() {
    this.browserEvent.stopPropagation();
  }
};
var xi = class {
  constructor(t, e = 0, i = 0) {
    this.browserEvent = t || null, this.target = t ? t.target || t.targetNode || t.srcElement : null, this.deltaY = i, this.deltaX = e;
    let r4 = false;
    if (Ti) {
      let n = navigator.userAgent.match(/Chrome\/(\d+)/);
      r4 = (n ? parseInt(n[1]) : 123) <= 122;
    }
    if (t) {
      let n = t, o2 = t, l2 = t.view?.devicePixelRatio || 1;
      if (typeof n.wheelDeltaY < "u") r4 ? this.deltaY = n.wheelDeltaY / (120 * l2) : this.deltaY = n.wheelDeltaY / 120;
      else if (typeof o2.VERTICAL_AXIS < "u" && o2.axis === o2.VERTICAL_AXIS) this.deltaY = -o2.detail / 3;
      else if (t.type === "wheel") {
        let a = t;
        a.deltaMode === a.DOM_DELTA_LINE ? Ei && !Te ? this.deltaY = -t.deltaY / 3 : this.deltaY = -t.deltaY : this.deltaY = -t.deltaY / 40;
      }
      if (typeof n.wheelDeltaX < "u") Sr && wr ? this.deltaX = -(n.wheelDeltaX / 120) : r4 ? this.deltaX = n.wheelDeltaX / (120 * l2) : this.deltaX = n.wheelDeltaX / 120;
      else if (typeof o2.HORIZONTAL_AXIS < "u" && o2.axis === o2.HORIZONTAL_AXIS) this.deltaX = -t.detail / 3;
      else if (t.type === "wheel") {
        let a = t;
        a.deltaMode === a.DOM_DELTA_LINE ? Ei && !Te ? this.deltaX = -t.deltaX / 3 : this.deltaX = -t.deltaX : this.deltaX = -t.deltaX / 40;
      }
      this.deltaY === 0 && this.deltaX === 0 && t.wheelDelta && (r4 ? this.deltaY = t.wheelDelta / (120 * l2) : this.deltaY = t.wheelDelta / 120);
    }
  }
  preventDefault() {
    this.browserEvent?.preventDefault();
  }
  stopPropagation() {
    this.browserEvent?.stopPropagation();
  }
};
var Do = Object.freeze(function(s15, t) {
  let e = setTimeout(s15.bind(t), 0);
  return { dispose() {
    clearTimeout(e);
  } };
});
var ma;
((i) => {
  function s15(r4) {
    return r4 === i.None || r4 === i.Cancelled || r4 instanceof ts ? true : !r4 || typeof r4 != "object" ? false : typeof r4.isCancellationRequested == "boolean" && typeof r4.onCancellationRequested == "function";
  }
  i.isCancellationToken = s15, i.None = Object.freeze({ isCancellationRequested: false, onCancellationRequested: $2.None }), i.Cancelled = Object.freeze({ isCancellationRequested: true, onCancellationRequested: Do });
})(ma ||= {});
var ts = class {
  constructor() {
    this._isCancelled = false;
    this._emitter = null;
  }
  cancel() {
    this._isCancelled || (this._isCancelled = true, this._emitter && (this._emitter.fire(void 0), this.dispose()));
  }
  get isCancellationRequested() {
    return this._isCancelled;
  }
  get onCancellationRequested() {
    return this._isCancelled ? Do : (this._emitter || (this._emitter = new v()), this._emitter.event);
  }
  dispose() {
    this._emitter && (this._emitter.dispose(), this._emitter = null);
  }
};
var Ye = class {
  constructor(t, e) {
    this._isDisposed = false;
    this._token = -1, typeof t == "function" && typeof e == "number" && this.setIfNotSet(t, e);
  }
  dispose() {
    this.cancel(), this._isDisposed = true;
  }
  cancel() {
    this._token !== -1 && (clearTimeout(this._token), this._token = -1);
  }
  cancelAndSet(t, e) {
    if (this._isDisposed) throw new Rt("Calling 'cancelAndSet' on a disposed TimeoutTimer");
    this.cancel(), this._token = setTimeout(() => {
      this._token = -1, t();
    }, e);
  }
  setIfNotSet(t, e) {
    if (this._isDisposed) throw new Rt("Calling 'setIfNotSet' on a disposed TimeoutTimer");
    this._token === -1 && (this._token = setTimeout(() => {
      this._token = -1, t();
    }, e));
  }
};
var kr = class {
  constructor() {
    this.disposable = void 0;
    this.isDisposed = false;
  }
  cancel() {
    this.disposable?.dispose(), this.disposable = void 0;
  }
  cancelAndSet(t, e, i = globalThis) {
    if (this.isDisposed) throw new Rt("Calling 'cancelAndSet' on a disposed IntervalTimer");
    this.cancel();
    let r4 = i.setInterval(() => {
      t();
    }, e);
    this.disposable = C(() => {
      i.clearInterval(r4), this.disposable = void 0;
    });
  }
  dispose() {
    this.cancel(), this.isDisposed = true;
  }
};
var ba;
var Ar;
(function() {
  typeof globalThis.requestIdleCallback != "function" || typeof globalThis.cancelIdleCallback != "function" ? Ar = (s15, t) => {
    Eo(() => {
      if (e) return;
      let i = Date.now() + 15;
      t(Object.freeze({ didTimeout: true, timeRemaining() {
        return Math.max(0, i - Date.now());
      } }));
    });
    let e = false;
    return { dispose() {
      e || (e = true);
    } };
  } : Ar = (s15, t, e) => {
    let i = s15.requestIdleCallback(t, typeof e == "number" ? { timeout: e } : void 0), r4 = false;
    return { dispose() {
      r4 || (r4 = true, s15.cancelIdleCallback(i));
    } };
  }, ba = (s15) => Ar(globalThis, s15);
})();
var va;
((e) => {
  async function s15(i) {
    let r4, n = await Promise.all(i.map((o2) => o2.then((l2) => l2, (l2) => {
      r4 || (r4 = l2);
    })));
    if (typeof r4 < "u") throw r4;
    return n;
  }
  e.settled = s15;
  function t(i) {
    return new Promise(async (r4, n) => {
      try {
        await i(r4, n);
      } catch (o2) {
        n(o2);
      }
    });
  }
  e.withAsyncBody = t;
})(va ||= {});
var _e = class _e2 {
  static fromArray(t) {
    return new _e2((e) => {
      e.emitMany(t);
    });
  }
  static fromPromise(t) {
    return new _e2(async (e) => {
      e.emitMany(await t);
    });
  }
  static fromPromises(t) {
    return new _e2(async (e) => {
      await Promise.all(t.map(async (i) => e.emitOne(await i)));
    });
  }
  static merge(t) {
    return new _e2(async (e) => {
      await Promise.all(t.map(async (i) => {
        for await (let r4 of i) e.emitOne(r4);
      }));
    });
  }
  constructor(t, e) {
    this._state = 0, this._results = [], this._error = null, this._onReturn = e, this._onStateChanged = new v(), queueMicrotask(async () => {
      let i = { emitOne: (r4) => this.emitOne(r4), emitMany: (r4) => this.emitMany(r4), reject: (r4) => this.reject(r4) };
      try {
        await Promise.resolve(t(i)), this.resolve();
      } catch (r4) {
        this.reject(r4);
      } finally {
        i.emitOne = void 0, i.emitMany = void 0, i.reject = void 0;
      }
    });
  }
  [Symbol.asyncIterator]() {
    let t = 0;
    return { next: async () => {
      do {
        if (this._state === 2) throw this._error;
        if (t < this._results.length) return { done: false, value: this._results[t++] };
        if (this._state === 1) return { done: true, value: void 0 };
        await $2.toPromise(this._onStateChanged.event);
      } while (true);
    }, return: async () => (this._onReturn?.(), { done: true, value: void 0 }) };
  }
  static map(t, e) {
    return new _e2(async (i) => {
      for await (let r4 of t) i.emitOne(e(r4));
    });
  }
  map(t) {
    return _e2.map(this, t);
  }
  static filter(t, e) {
    return new _e2(async (i) => {
      for await (let r4 of t) e(r4) && i.emitOne(r4);
    });
  }
  filter(t) {
    return _e2.filter(this, t);
  }
  static coalesce(t) {
    return _e2.filter(t, (e) => !!e);
  }
  coalesce() {
    return _e2.coalesce(this);
  }
  static async toPromise(t) {
    let e = [];
    for await (let i of t) e.push(i);
    return e;
  }
  toPromise() {
    return _e2.toPromise(this);
  }
  emitOne(t) {
    this._state === 0 && (this._results.push(t), this._onStateChanged.fire());
  }
  emitMany(t) {
    this._state === 0 && (this._results = this._results.concat(t), this._onStateChanged.fire());
  }
  resolve() {
    this._state === 0 && (this._state = 1, this._onStateChanged.fire());
  }
  reject(t) {
    this._state === 0 && (this._state = 2, this._error = t, this._onStateChanged.fire());
  }
};
_e.EMPTY = _e.fromArray([]);
function Lo(s15) {
  return 55296 <= s15 && s15 <= 56319;
}
function is(s15) {
  return 56320 <= s15 && s15 <= 57343;
}
function Ao(s15, t) {
  return (s15 - 55296 << 10) + (t - 56320) + 65536;
}
function Mo(s15) {
  return ns(s15, 0);
}
function ns(s15, t) {
  switch (typeof s15) {
    case "object":
      return s15 === null ? je(349, t) : Array.isArray(s15) ? Ea(s15, t) : Ta(s15, t);
    case "string":
      return Po(s15, t);
    case "boolean":
      return Sa(s15, t);
    case "number":
      return je(s15, t);
    case "undefined":
      return je(937, t);
    default:
      return je(617, t);
  }
}
function je(s15, t) {
  return (t << 5) - t + s15 | 0;
}
function Sa(s15, t) {
  return je(s15 ? 433 : 863, t);
}
function Po(s15, t) {
  t = je(149417, t);
  for (let e = 0, i = s15.length; e < i; e++) t = je(s15.charCodeAt(e), t);
  return t;
}
function Ea(s15, t) {
  return t = je(104579, t), s15.reduce((e, i) => ns(i, e), t);
}
function Ta(s15, t) {
  return t = je(181387, t), Object.keys(s15).sort().reduce((e, i) => (e = Po(i, e), ns(s15[i], e)), t);
}
function rs(s15, t, e = 32) {
  let i = e - t, r4 = ~((1 << i) - 1);
  return (s15 << t | (r4 & s15) >>> i) >>> 0;
}
function ko(s15, t = 0, e = s15.byteLength, i = 0) {
  for (let r4 = 0; r4 < e; r4++) s15[t + r4] = i;
}
function Ia(s15, t, e = "0") {
  for (; s15.length < t; ) s15 = e + s15;
  return s15;
}
function wi(s15, t = 32) {
  return s15 instanceof ArrayBuffer ? Array.from(new Uint8Array(s15)).map((e) => e.toString(16).padStart(2, "0")).join("") : Ia((s15 >>> 0).toString(16), t / 4);
}
var Cr = class Cr2 {
  constructor() {
    this._h0 = 1732584193;
    this._h1 = 4023233417;
    this._h2 = 2562383102;
    this._h3 = 271733878;
    this._h4 = 3285377520;
    this._buff = new Uint8Array(67), this._buffDV = new DataView(this._buff.buffer), this._buffLen = 0, this._totalLen = 0, this._leftoverHighSurrogate = 0, this._finished = false;
  }
  update(t) {
    let e = t.length;
    if (e === 0) return;
    let i = this._buff, r4 = this._buffLen, n = this._leftoverHighSurrogate, o2, l2;
    for (n !== 0 ? (o2 = n, l2 = -1, n = 0) : (o2 = t.charCodeAt(0), l2 = 0); ; ) {
      let a = o2;
      if (Lo(o2)) if (l2 + 1 < e) {
        let u = t.charCodeAt(l2 + 1);
        is(u) ? (l2++, a = Ao(o2, u)) : a = 65533;
      } else {
        n = o2;
        break;
      }
      else is(o2) && (a = 65533);
      if (r4 = this._push(i, r4, a), l2++, l2 < e) o2 = t.charCodeAt(l2);
      else break;
    }
    this._buffLen = r4, this._leftoverHighSurrogate = n;
  }
  _push(t, e, i) {
    return i < 128 ? t[e++] = i : i < 2048 ? (t[e++] = 192 | (i & 1984) >>> 6, t[e++] = 128 | (i & 63) >>> 0) : i < 65536 ? (t[e++] = 224 | (i & 61440) >>> 12, t[e++] = 128 | (i & 4032) >>> 6, t[e++] = 128 | (i & 63) >>> 0) : (t[e++] = 240 | (i & 1835008) >>> 18, t[e++] = 128 | (i & 258048) >>> 12, t[e++] = 128 | (i & 4032) >>> 6, t[e++] = 128 | (i & 63) >>> 0), e >= 64 && (this._step(), e -= 64, this._totalLen += 64, t[0] = t[64], t[1] = t[65], t[2] = t[66]), e;
  }
  digest() {
    return this._finished || (this._finished = true, this._leftoverHighSurrogate && (this._leftoverHighSurrogate = 0, this._buffLen = this._push(this._buff, this._buffLen, 65533)), this._totalLen += this._buffLen, this._wrapUp()), wi(this._h0) + wi(this._h1) + wi(this._h2) + wi(this._h3) + wi(this._h4);
  }
  _wrapUp() {
    this._buff[this._buffLen++] = 128, ko(this._buff, this._buffLen), this._buffLen > 56 && (this._step(), ko(this._buff));
    let t = 8 * this._totalLen;
    this._buffDV.setUint32(56, Math.floor(t / 4294967296), false), this._buffDV.setUint32(60, t % 4294967296, false), this._step();
  }
  _step() {
    let t = Cr2._bigBlock32, e = this._buffDV;
    for (let c = 0; c < 64; c += 4) t.setUint32(c, e.getUint32(c, false), false);
    for (let c = 64; c < 320; c += 4) t.setUint32(c, rs(t.getUint32(c - 12, false) ^ t.getUint32(c - 32, false) ^ t.getUint32(c - 56, false) ^ t.getUint32(c - 64, false), 1), false);
    let i = this._h0, r4 = this._h1, n = this._h2, o2 = this._h3, l2 = this._h4, a, u, h3;
    for (let c = 0; c < 80; c++) c < 20 ? (a = r4 & n | ~r4 & o2, u = 1518500249) : c < 40 ? (a = r4 ^ n ^ o2, u = 1859775393) : c < 60 ? (a = r4 & n | r4 & o2 | n & o2, u = 2400959708) : (a = r4 ^ n ^ o2, u = 3395469782), h3 = rs(i, 5) + a + l2 + u + t.getUint32(c * 4, false) & 4294967295, l2 = o2, o2 = n, n = rs(r4, 30), r4 = i, i = h3;
    this._h0 = this._h0 + i & 4294967295, this._h1 = this._h1 + r4 & 4294967295, this._h2 = this._h2 + n & 4294967295, this._h3 = this._h3 + o2 & 4294967295, this._h4 = this._h4 + l2 & 4294967295;
  }
};
Cr._bigBlock32 = new DataView(new ArrayBuffer(320));
var { registerWindow: Bh, getWindow: be, getDocument: Nh, getWindows: Fh, getWindowsCount: Hh, getWindowId: Oo, getWindowById: Wh, hasWindow: Uh, onDidRegisterWindow: No, onWillUnregisterWindow: Kh, onDidUnregisterWindow: zh } = (function() {
  let s15 = /* @__PURE__ */ new Map();
  fe;
  let t = { window: fe, disposables: new Ee() };
  s15.set(fe.vscodeWindowId, t);
  let e = new v(), i = new v(), r4 = new v();
  function n(o2, l2) {
    return (typeof o2 == "number" ? s15.get(o2) : void 0) ?? (l2 ? t : void 0);
  }
  return { onDidRegisterWindow: e.event, onWillUnregisterWindow: r4.event, onDidUnregisterWindow: i.event, registerWindow(o2) {
    if (s15.has(o2.vscodeWindowId)) return D.None;
    let l2 = new Ee(), a = { window: o2, disposables: l2.add(new Ee()) };
    return s15.set(o2.vscodeWindowId, a), l2.add(C(() => {
      s15.delete(o2.vscodeWindowId), i.fire(o2);
    })), l2.add(L(o2, Y.BEFORE_UNLOAD, () => {
      r4.fire(o2);
    })), e.fire(a), l2;
  }, getWindows() {
    return s15.values();
  }, getWindowsCount() {
    return s15.size;
  }, getWindowId(o2) {
    return o2.vscodeWindowId;
  }, hasWindow(o2) {
    return s15.has(o2);
  }, getWindowById: n, getWindow(o2) {
    let l2 = o2;
    if (l2?.ownerDocument?.defaultView) return l2.ownerDocument.defaultView.window;
    let a = o2;
    return a?.view ? a.view.window : fe;
  }, getDocument(o2) {
    return be(o2).document;
  } };
})();
var ss = class {
  constructor(t, e, i, r4) {
    this._node = t, this._type = e, this._handler = i, this._options = r4 || false, this._node.addEventListener(this._type, this._handler, this._options);
  }
  dispose() {
    this._handler && (this._node.removeEventListener(this._type, this._handler, this._options), this._node = null, this._handler = null);
  }
};
function L(s15, t, e, i) {
  return new ss(s15, t, e, i);
}
function ya(s15, t) {
  return function(e) {
    return t(new qe(s15, e));
  };
}
function xa(s15) {
  return function(t) {
    return s15(new ft(t));
  };
}
var os = function(t, e, i, r4) {
  let n = i;
  return e === "click" || e === "mousedown" || e === "contextmenu" ? n = ya(be(t), i) : (e === "keydown" || e === "keypress" || e === "keyup") && (n = xa(i)), L(t, e, n, r4);
};
var wa;
var mt;
var Mr = class extends kr {
  constructor(t) {
    super(), this.defaultTarget = t && be(t);
  }
  cancelAndSet(t, e, i) {
    return super.cancelAndSet(t, e, i ?? this.defaultTarget);
  }
};
var Di = class {
  constructor(t, e = 0) {
    this._runner = t, this.priority = e, this._canceled = false;
  }
  dispose() {
    this._canceled = true;
  }
  execute() {
    if (!this._canceled) try {
      this._runner();
    } catch (t) {
      Lt(t);
    }
  }
  static sort(t, e) {
    return e.priority - t.priority;
  }
};
(function() {
  let s15 = /* @__PURE__ */ new Map(), t = /* @__PURE__ */ new Map(), e = /* @__PURE__ */ new Map(), i = /* @__PURE__ */ new Map(), r4 = (n) => {
    e.set(n, false);
    let o2 = s15.get(n) ?? [];
    for (t.set(n, o2), s15.set(n, []), i.set(n, true); o2.length > 0; ) o2.sort(Di.sort), o2.shift().execute();
    i.set(n, false);
  };
  mt = (n, o2, l2 = 0) => {
    let a = Oo(n), u = new Di(o2, l2), h3 = s15.get(a);
    return h3 || (h3 = [], s15.set(a, h3)), h3.push(u), e.get(a) || (e.set(a, true), n.requestAnimationFrame(() => r4(a))), u;
  }, wa = (n, o2, l2) => {
    let a = Oo(n);
    if (i.get(a)) {
      let u = new Di(o2, l2), h3 = t.get(a);
      return h3 || (h3 = [], t.set(a, h3)), h3.push(u), u;
    } else return mt(n, o2, l2);
  };
})();
var pt = class pt2 {
  constructor(t, e) {
    this.width = t;
    this.height = e;
  }
  with(t = this.width, e = this.height) {
    return t !== this.width || e !== this.height ? new pt2(t, e) : this;
  }
  static is(t) {
    return typeof t == "object" && typeof t.height == "number" && typeof t.width == "number";
  }
  static lift(t) {
    return t instanceof pt2 ? t : new pt2(t.width, t.height);
  }
  static equals(t, e) {
    return t === e ? true : !t || !e ? false : t.width === e.width && t.height === e.height;
  }
};
pt.None = new pt(0, 0);
function Fo(s15) {
  let t = s15.getBoundingClientRect(), e = be(s15);
  return { left: t.left + e.scrollX, top: t.top + e.scrollY, width: t.width, height: t.height };
}
var Gh = new class {
  constructor() {
    this.mutationObservers = /* @__PURE__ */ new Map();
  }
  observe(s15, t, e) {
    let i = this.mutationObservers.get(s15);
    i || (i = /* @__PURE__ */ new Map(), this.mutationObservers.set(s15, i));
    let r4 = Mo(e), n = i.get(r4);
    if (n) n.users += 1;
    else {
      let o2 = new v(), l2 = new MutationObserver((u) => o2.fire(u));
      l2.observe(s15, e);
      let a = n = { users: 1, observer: l2, onDidMutate: o2.event };
      t.add(C(() => {
        a.users -= 1, a.users === 0 && (o2.dispose(), l2.disconnect(), i?.delete(r4), i?.size === 0 && this.mutationObservers.delete(s15));
      })), i.set(r4, n);
    }
    return n.onDidMutate;
  }
}();
var Y = { CLICK: "click", AUXCLICK: "auxclick", DBLCLICK: "dblclick", MOUSE_UP: "mouseup", MOUSE_DOWN: "mousedown", MOUSE_OVER: "mouseover", MOUSE_MOVE: "mousemove", MOUSE_OUT: "mouseout", MOUSE_ENTER: "mouseenter", MOUSE_LEAVE: "mouseleave", MOUSE_WHEEL: "wheel", POINTER_UP: "pointerup", POINTER_DOWN: "pointerdown", POINTER_MOVE: "pointermove", POINTER_LEAVE: "pointerleave", CONTEXT_MENU: "contextmenu", WHEEL: "wheel", KEY_DOWN: "keydown", KEY_PRESS: "keypress", KEY_UP: "keyup", LOAD: "load", BEFORE_UNLOAD: "beforeunload", UNLOAD: "unload", PAGE_SHOW: "pageshow", PAGE_HIDE: "pagehide", PASTE: "paste", ABORT: "abort", ERROR: "error", RESIZE: "resize", SCROLL: "scroll", FULLSCREEN_CHANGE: "fullscreenchange", WK_FULLSCREEN_CHANGE: "webkitfullscreenchange", SELECT: "select", CHANGE: "change", SUBMIT: "submit", RESET: "reset", FOCUS: "focus", FOCUS_IN: "focusin", FOCUS_OUT: "focusout", BLUR: "blur", INPUT: "input", STORAGE: "storage", DRAG_START: "dragstart", DRAG: "drag", DRAG_ENTER: "dragenter", DRAG_LEAVE: "dragleave", DRAG_OVER: "dragover", DROP: "drop", DRAG_END: "dragend", ANIMATION_START: Bt ? "webkitAnimationStart" : "animationstart", ANIMATION_END: Bt ? "webkitAnimationEnd" : "animationend", ANIMATION_ITERATION: Bt ? "webkitAnimationIteration" : "animationiteration" };
var Da = /([\w\-]+)?(#([\w\-]+))?((\.([\w\-]+))*)/;
function Ho(s15, t, e, ...i) {
  let r4 = Da.exec(t);
  if (!r4) throw new Error("Bad use of emmet");
  let n = r4[1] || "div", o2;
  return s15 !== "http://www.w3.org/1999/xhtml" ? o2 = document.createElementNS(s15, n) : o2 = document.createElement(n), r4[3] && (o2.id = r4[3]), r4[4] && (o2.className = r4[4].replace(/\./g, " ").trim()), e && Object.entries(e).forEach(([l2, a]) => {
    typeof a > "u" || (/^on\w+$/.test(l2) ? o2[l2] = a : l2 === "selected" ? a && o2.setAttribute(l2, "true") : o2.setAttribute(l2, a));
  }), o2.append(...i), o2;
}
function Ra(s15, t, ...e) {
  return Ho("http://www.w3.org/1999/xhtml", s15, t, ...e);
}
Ra.SVG = function(s15, t, ...e) {
  return Ho("http://www.w3.org/2000/svg", s15, t, ...e);
};
var ls = class {
  constructor(t) {
    this.domNode = t;
    this._maxWidth = "";
    this._width = "";
    this._height = "";
    this._top = "";
    this._left = "";
    this._bottom = "";
    this._right = "";
    this._paddingTop = "";
    this._paddingLeft = "";
    this._paddingBottom = "";
    this._paddingRight = "";
    this._fontFamily = "";
    this._fontWeight = "";
    this._fontSize = "";
    this._fontStyle = "";
    this._fontFeatureSettings = "";
    this._fontVariationSettings = "";
    this._textDecoration = "";
    this._lineHeight = "";
    this._letterSpacing = "";
    this._className = "";
    this._display = "";
    this._position = "";
    this._visibility = "";
    this._color = "";
    this._backgroundColor = "";
    this._layerHint = false;
    this._contain = "none";
    this._boxShadow = "";
  }
  setMaxWidth(t) {
    let e = Ie(t);
    this._maxWidth !== e && (this._maxWidth = e, this.domNode.style.maxWidth = this._maxWidth);
  }
  setWidth(t) {
    let e = Ie(t);
    this._width !== e && (this._width = e, this.domNode.style.width = this._width);
  }
  setHeight(t) {
    let e = Ie(t);
    this._height !== e && (this._height = e, this.domNode.style.height = this._height);
  }
  setTop(t) {
    let e = Ie(t);
    this._top !== e && (this._top = e, this.domNode.style.top = this._top);
  }
  setLeft(t) {
    let e = Ie(t);
    this._left !== e && (this._left = e, this.domNode.style.left = this._left);
  }
  setBottom(t) {
    let e = Ie(t);
    this._bottom !== e && (this._bottom = e, this.domNode.style.bottom = this._bottom);
  }
  setRight(t) {
    let e = Ie(t);
    this._right !== e && (this._right = e, this.domNode.style.right = this._right);
  }
  setPaddingTop(t) {
    let e = Ie(t);
    this._paddingTop !== e && (this._paddingTop = e, this.domNode.style.paddingTop = this._paddingTop);
  }
  setPaddingLeft(t) {
    let e = Ie(t);
    this._paddingLeft !== e && (this._paddingLeft = e, this.domNode.style.paddingLeft = this._paddingLeft);
  }
  setPaddingBottom(t) {
    let e = Ie(t);
    this._paddingBottom !== e && (this._paddingBottom = e, this.domNode.style.paddingBottom = this._paddingBottom);
  }
  setPaddingRight(t) {
    let e = Ie(t);
    this._paddingRight !== e && (this._paddingRight = e, this.domNode.style.paddingRight = this._paddingRight);
  }
  setFontFamily(t) {
    this._fontFamily !== t && (this._fontFamily = t, this.domNode.style.fontFamily = this._fontFamily);
  }
  setFontWeight(t) {
    this._fontWeight !== t && (this._fontWeight = t, this.domNode.style.fontWeight = this._fontWeight);
  }
  setFontSize(t) {
    let e = Ie(t);
    this._fontSize !== e && (this._fontSize = e, this.domNode.style.fontSize = this._fontSize);
  }
  setFontStyle(t) {
    this._fontStyle !== t && (this._fontStyle = t, this.domNode.style.fontStyle = this._fontStyle);
  }
  setFontFeatureSettings(t) {
    this._fontFeatureSettings !== t && (this._fontFeatureSettings = t, this.domNode.style.fontFeatureSettings = this._fontFeatureSettings);
  }
  setFontVariationSettings(t) {
    this._fontVariationSettings !== t && (this._fontVariationSettings = t, this.domNode.style.fontVariationSettings = this._fontVariationSettings);
  }
  setTextDecoration(t) {
    this._textDecoration !== t && (this._textDecoration = t, this.domNode.style.textDecoration = this._textDecoration);
  }
  setLineHeight(t) {
    let e = Ie(t);
    this._lineHeight !== e && (this._lineHeight = e, this.domNode.style.lineHeight = this._lineHeight);
  }
  setLetterSpacing(t) {
    let e = Ie(t);
    this._letterSpacing !== e && (this._letterSpacing = e, this.domNode.style.letterSpacing = this._letterSpacing);
  }
  setClassName(t) {
    this._className !== t && (this._className = t, this.domNode.className = this._className);
  }
  toggleClassName(t, e) {
    this.domNode.classList.toggle(t, e), this._className = this.domNode.className;
  }
  setDisplay(t) {
    this._display !== t && (this._display = t, this.domNode.style.display = this._display);
  }
  setPosition(t) {
    this._position !== t && (this._position = t, this.domNode.style.position = this._position);
  }
  setVisibility(t) {
    this._visibility !== t && (this._visibility = t, this.domNode.style.visibility = this._visibility);
  }
  setColor(t) {
    this._color !== t && (this._color = t, this.domNode.style.color = this._color);
  }
  setBackgroundColor(t) {
    this._backgroundColor !== t && (this._backgroundColor = t, this.domNode.style.backgroundColor = this._backgroundColor);
  }
  setLayerHinting(t) {
    this._layerHint !== t && (this._layerHint = t, this.domNode.style.transform = this._layerHint ? "translate3d(0px, 0px, 0px)" : "");
  }
  setBoxShadow(t) {
    this._boxShadow !== t && (this._boxShadow = t, this.domNode.style.boxShadow = t);
  }
  setContain(t) {
    this._contain !== t && (this._contain = t, this.domNode.style.contain = this._contain);
  }
  setAttribute(t, e) {
    this.domNode.setAttribute(t, e);
  }
  removeAttribute(t) {
    this.domNode.removeAttribute(t);
  }
  appendChild(t) {
    this.domNode.appendChild(t.domNode);
  }
  removeChild(t) {
    this.domNode.removeChild(t.domNode);
  }
};
function Ie(s15) {
  return typeof s15 == "number" ? `${s15}px` : s15;
}
function _t(s15) {
  return new ls(s15);
}
var Wt = class {
  constructor() {
    this._hooks = new Ee();
    this._pointerMoveCallback = null;
    this._onStopCallback = null;
  }
  dispose() {
    this.stopMonitoring(false), this._hooks.dispose();
  }
  stopMonitoring(t, e) {
    if (!this.isMonitoring()) return;
    this._hooks.clear(), this._pointerMoveCallback = null;
    let i = this._onStopCallback;
    this._onStopCallback = null, t && i && i(e);
  }
  isMonitoring() {
    return !!this._pointerMoveCallback;
  }
  startMonitoring(t, e, i, r4, n) {
    this.isMonitoring() && this.stopMonitoring(false), this._pointerMoveCallback = r4, this._onStopCallback = n;
    let o2 = t;
    try {
      t.setPointerCapture(e), this._hooks.add(C(() => {
        try {
          t.releasePointerCapture(e);
        } catch {
        }
      }));
    } catch {
      o2 = be(t);
    }
    this._hooks.add(L(o2, Y.POINTER_MOVE, (l2) => {
      if (l2.buttons !== i) {
        this.stopMonitoring(true);
        return;
      }
      l2.preventDefault(), this._pointerMoveCallback(l2);
    })), this._hooks.add(L(o2, Y.POINTER_UP, (l2) => this.stopMonitoring(true)));
  }
};
function Wo(s15, t, e) {
  let i = null, r4 = null;
  if (typeof e.value == "function" ? (i = "value", r4 = e.value, r4.length !== 0 && console.warn("Memoize should only be used in functions with zero parameters")) : typeof e.get == "function" && (i = "get", r4 = e.get), !r4) throw new Error("not supported");
  let n = `$memoize$${t}`;
  e[i] = function(...o2) {
    return this.hasOwnProperty(n) || Object.defineProperty(this, n, { configurable: false, enumerable: false, writable: false, value: r4.apply(this, o2) }), this[n];
  };
}
var He;
((n) => (n.Tap = "-xterm-gesturetap", n.Change = "-xterm-gesturechange", n.Start = "-xterm-gesturestart", n.End = "-xterm-gesturesend", n.Contextmenu = "-xterm-gesturecontextmenu"))(He ||= {});
var Q = class Q2 extends D {
  constructor() {
    super();
    this.dispatched = false;
    this.targets = new Ct();
    this.ignoreTargets = new Ct();
    this.activeTouches = {}, this.handle = null, this._lastSetTapCountTime = 0, this._register($2.runAndSubscribe(No, ({ window: e, disposables: i }) => {
      i.add(L(e.document, "touchstart", (r4) => this.onTouchStart(r4), { passive: false })), i.add(L(e.document, "touchend", (r4) => this.onTouchEnd(e, r4))), i.add(L(e.document, "touchmove", (r4) => this.onTouchMove(r4), { passive: false }));
    }, { window: fe, disposables: this._store }));
  }
  static addTarget(e) {
    if (!Q2.isTouchDevice()) return D.None;
    Q2.INSTANCE || (Q2.INSTANCE = Gn(new Q2()));
    let i = Q2.INSTANCE.targets.push(e);
    return C(i);
  }
  static ignoreTarget(e) {
    if (!Q2.isTouchDevice()) return D.None;
    Q2.INSTANCE || (Q2.INSTANCE = Gn(new Q2()));
    let i = Q2.INSTANCE.ignoreTargets.push(e);
    return C(i);
  }
  static isTouchDevice() {
    return "ontouchstart" in fe || navigator.maxTouchPoints > 0;
  }
  dispose() {
    this.handle && (this.handle.dispose(), this.handle = null), super.dispose();
  }
  onTouchStart(e) {
    let i = Date.now();
    this.handle && (this.handle.dispose(), this.handle = null);
    for (let r4 = 0, n = e.targetTouches.length; r4 < n; r4++) {
      let o2 = e.targetTouches.item(r4);
      this.activeTouches[o2.identifier] = { id: o2.identifier, initialTarget: o2.target, initialTimeStamp: i, initialPageX: o2.pageX, initialPageY: o2.pageY, rollingTimestamps: [i], rollingPageX: [o2.pageX], rollingPageY: [o2.pageY] };
      let l2 = this.newGestureEvent(He.Start, o2.target);
      l2.pageX = o2.pageX, l2.pageY = o2.pageY, this.dispatchEvent(l2);
    }
    this.dispatched && (e.preventDefault(), e.stopPropagation(), this.dispatched = false);
  }
  onTouchEnd(e, i) {
    let r4 = Date.now(), n = Object.keys(this.activeTouches).length;
    for (let o2 = 0, l2 = i.changedTouches.length; o2 < l2; o2++) {
      let a = i.changedTouches.item(o2);
      if (!this.activeTouches.hasOwnProperty(String(a.identifier))) {
        console.warn("move of an UNKNOWN touch", a);
        continue;
      }
      let u = this.activeTouches[a.identifier], h3 = Date.now() - u.initialTimeStamp;
      if (h3 < Q2.HOLD_DELAY && Math.abs(u.initialPageX - Se(u.rollingPageX)) < 30 && Math.abs(u.initialPageY - Se(u.rollingPageY)) < 30) {
        let c = this.newGestureEvent(He.Tap, u.initialTarget);
        c.pageX = Se(u.rollingPageX), c.pageY = Se(u.rollingPageY), this.dispatchEvent(c);
      } else if (h3 >= Q2.HOLD_DELAY && Math.abs(u.initialPageX - Se(u.rollingPageX)) < 30 && Math.abs(u.initialPageY - Se(u.rollingPageY)) < 30) {
        let c = this.newGestureEvent(He.Contextmenu, u.initialTarget);
        c.pageX = Se(u.rollingPageX), c.pageY = Se(u.rollingPageY), this.dispatchEvent(c);
      } else if (n === 1) {
        let c = Se(u.rollingPageX), d = Se(u.rollingPageY), _4 = Se(u.rollingTimestamps) - u.rollingTimestamps[0], p = c - u.rollingPageX[0], m = d - u.rollingPageY[0], f = [...this.targets].filter((A2) => u.initialTarget instanceof Node && A2.contains(u.initialTarget));
        this.inertia(e, f, r4, Math.abs(p) / _4, p > 0 ? 1 : -1, c, Math.abs(m) / _4, m > 0 ? 1 : -1, d);
      }
      this.dispatchEvent(this.newGestureEvent(He.End, u.initialTarget)), delete this.activeTouches[a.identifier];
    }
    this.dispatched && (i.preventDefault(), i.stopPropagation(), this.dispatched = false);
  }
  newGestureEvent(e, i) {
    let r4 = document.createEvent("CustomEvent");
    return r4.initEvent(e, false, true), r4.initialTarget = i, r4.tapCount = 0, r4;
  }
  dispatchEvent(e) {
    if (e.type === He.Tap) {
      let i = (/* @__PURE__ */ new Date()).getTime(), r4 = 0;
      i - this._lastSetTapCountTime > Q2.CLEAR_TAP_COUNT_TIME ? r4 = 1 : r4 = 2, this._lastSetTapCountTime = i, e.tapCount = r4;
    } else (e.type === He.Change || e.type === He.Contextmenu) && (this._lastSetTapCountTime = 0);
    if (e.initialTarget instanceof Node) {
      for (let r4 of this.ignoreTargets) if (r4.contains(e.initialTarget)) return;
      let i = [];
      for (let r4 of this.targets) if (r4.contains(e.initialTarget)) {
        let n = 0, o2 = e.initialTarget;
        for (; o2 && o2 !== r4; ) n++, o2 = o2.parentElement;
        i.push([n, r4]);
      }
      i.sort((r4, n) => r4[0] - n[0]);
      for (let [r4, n] of i) n.dispatchEvent(e), this.dispatched = true;
    }
  }
  inertia(e, i, r4, n, o2, l2, a, u, h3) {
    this.handle = mt(e, () => {
      let c = Date.now(), d = c - r4, _4 = 0, p = 0, m = true;
      n += Q2.SCROLL_FRICTION * d, a += Q2.SCROLL_FRICTION * d, n > 0 && (m = false, _4 = o2 * n * d), a > 0 && (m = false, p = u * a * d);
      let f = this.newGestureEvent(He.Change);
      f.translationX = _4, f.translationY = p, i.forEach((A2) => A2.dispatchEvent(f)), m || this.inertia(e, i, c, n, o2, l2 + _4, a, u, h3 + p);
    });
  }
  onTouchMove(e) {
    let i = Date.now();
    for (let r4 = 0, n = e.changedTouches.length; r4 < n; r4++) {
      let o2 = e.changedTouches.item(r4);
      if (!this.activeTouches.hasOwnProperty(String(o2.identifier))) {
        console.warn("end of an UNKNOWN touch", o2);
        continue;
      }
      let l2 = this.activeTouches[o2.identifier], a = this.newGestureEvent(He.Change, l2.initialTarget);
      a.translationX = o2.pageX - Se(l2.rollingPageX), a.translationY = o2.pageY - Se(l2.rollingPageY), a.pageX = o2.pageX, a.pageY = o2.pageY, this.dispatchEvent(a), l2.rollingPageX.length > 3 && (l2.rollingPageX.shift(), l2.rollingPageY.shift(), l2.rollingTimestamps.shift()), l2.rollingPageX.push(o2.pageX), l2.rollingPageY.push(o2.pageY), l2.rollingTimestamps.push(i);
    }
    this.dispatched && (e.preventDefault(), e.stopPropagation(), this.dispatched = false);
  }
};
Q.SCROLL_FRICTION = -5e-3, Q.HOLD_DELAY = 700, Q.CLEAR_TAP_COUNT_TIME = 400, M([Wo], Q, "isTouchDevice", 1);
var Pr = Q;
var lt = class extends D {
  onclick(t, e) {
    this._register(L(t, Y.CLICK, (i) => e(new qe(be(t), i))));
  }
  onmousedown(t, e) {
    this._register(L(t, Y.MOUSE_DOWN, (i) => e(new qe(be(t), i))));
  }
  onmouseover(t, e) {
    this._register(L(t, Y.MOUSE_OVER, (i) => e(new qe(be(t), i))));
  }
  onmouseleave(t, e) {
    this._register(L(t, Y.MOUSE_LEAVE, (i) => e(new qe(be(t), i))));
  }
  onkeydown(t, e) {
    this._register(L(t, Y.KEY_DOWN, (i) => e(new ft(i))));
  }
  onkeyup(t, e) {
    this._register(L(t, Y.KEY_UP, (i) => e(new ft(i))));
  }
  oninput(t, e) {
    this._register(L(t, Y.INPUT, e));
  }
  onblur(t, e) {
    this._register(L(t, Y.BLUR, e));
  }
  onfocus(t, e) {
    this._register(L(t, Y.FOCUS, e));
  }
  onchange(t, e) {
    this._register(L(t, Y.CHANGE, e));
  }
  ignoreGesture(t) {
    return Pr.ignoreTarget(t);
  }
};
var Uo = 11;
var Or = class extends lt {
  constructor(t) {
    super(), this._onActivate = t.onActivate, this.bgDomNode = document.createElement("div"), this.bgDomNode.className = "arrow-background", this.bgDomNode.style.position = "absolute", this.bgDomNode.style.width = t.bgWidth + "px", this.bgDomNode.style.height = t.bgHeight + "px", typeof t.top < "u" && (this.bgDomNode.style.top = "0px"), typeof t.left < "u" && (this.bgDomNode.style.left = "0px"), typeof t.bottom < "u" && (this.bgDomNode.style.bottom = "0px"), typeof t.right < "u" && (this.bgDomNode.style.right = "0px"), this.domNode = document.createElement("div"), this.domNode.className = t.className, this.domNode.style.position = "absolute", this.domNode.style.width = Uo + "px", this.domNode.style.height = Uo + "px", typeof t.top < "u" && (this.domNode.style.top = t.top + "px"), typeof t.left < "u" && (this.domNode.style.left = t.left + "px"), typeof t.bottom < "u" && (this.domNode.style.bottom = t.bottom + "px"), typeof t.right < "u" && (this.domNode.style.right = t.right + "px"), this._pointerMoveMonitor = this._register(new Wt()), this._register(os(this.bgDomNode, Y.POINTER_DOWN, (e) => this._arrowPointerDown(e))), this._register(os(this.domNode, Y.POINTER_DOWN, (e) => this._arrowPointerDown(e))), this._pointerdownRepeatTimer = this._register(new Mr()), this._pointerdownScheduleRepeatTimer = this._register(new Ye());
  }
  _arrowPointerDown(t) {
    if (!t.target || !(t.target instanceof Element)) return;
    let e = () => {
      this._pointerdownRepeatTimer.cancelAndSet(() => this._onActivate(), 1e3 / 24, be(t));
    };
    this._onActivate(), this._pointerdownRepeatTimer.cancel(), this._pointerdownScheduleRepeatTimer.cancelAndSet(e, 200), this._pointerMoveMonitor.startMonitoring(t.target, t.pointerId, t.buttons, (i) => {
    }, () => {
      this._pointerdownRepeatTimer.cancel(), this._pointerdownScheduleRepeatTimer.cancel();
    }), t.preventDefault();
  }
};
var cs = class s9 {
  constructor(t, e, i, r4, n, o2, l2) {
    this._forceIntegerValues = t;
    this._scrollStateBrand = void 0;
    this._forceIntegerValues && (e = e | 0, i = i | 0, r4 = r4 | 0, n = n | 0, o2 = o2 | 0, l2 = l2 | 0), this.rawScrollLeft = r4, this.rawScrollTop = l2, e < 0 && (e = 0), r4 + e > i && (r4 = i - e), r4 < 0 && (r4 = 0), n < 0 && (n = 0), l2 + n > o2 && (l2 = o2 - n), l2 < 0 && (l2 = 0), this.width = e, this.scrollWidth = i, this.scrollLeft = r4, this.height = n, this.scrollHeight = o2, this.scrollTop = l2;
  }
  equals(t) {
    return this.rawScrollLeft === t.rawScrollLeft && this.rawScrollTop === t.rawScrollTop && this.width === t.width && this.scrollWidth === t.scrollWidth && this.scrollLeft === t.scrollLeft && this.height === t.height && this.scrollHeight === t.scrollHeight && this.scrollTop === t.scrollTop;
  }
  withScrollDimensions(t, e) {
    return new s9(this._forceIntegerValues, typeof t.width < "u" ? t.width : this.width, typeof t.scrollWidth < "u" ? t.scrollWidth : this.scrollWidth, e ? this.rawScrollLeft : this.scrollLeft, typeof t.height < "u" ? t.height : this.height, typeof t.scrollHeight < "u" ? t.scrollHeight : this.scrollHeight, e ? this.rawScrollTop : this.scrollTop);
  }
  withScrollPosition(t) {
    return new s9(this._forceIntegerValues, this.width, this.scrollWidth, typeof t.scrollLeft < "u" ? t.scrollLeft : this.rawScrollLeft, this.height, this.scrollHeight, typeof t.scrollTop < "u" ? t.scrollTop : this.rawScrollTop);
  }
  createScrollEvent(t, e) {
    let i = this.width !== t.width, r4 = this.scrollWidth !== t.scrollWidth, n = this.scrollLeft !== t.scrollLeft, o2 = this.height !== t.height, l2 = this.scrollHeight !== t.scrollHeight, a = this.scrollTop !== t.scrollTop;
    return { inSmoothScrolling: e, oldWidth: t.width, oldScrollWidth: t.scrollWidth, oldScrollLeft: t.scrollLeft, width: this.width, scrollWidth: this.scrollWidth, scrollLeft: this.scrollLeft, oldHeight: t.height, oldScrollHeight: t.scrollHeight, oldScrollTop: t.scrollTop, height: this.height, scrollHeight: this.scrollHeight, scrollTop: this.scrollTop, widthChanged: i, scrollWidthChanged: r4, scrollLeftChanged: n, heightChanged: o2, scrollHeightChanged: l2, scrollTopChanged: a };
  }
};
var Ri = class extends D {
  constructor(e) {
    super();
    this._scrollableBrand = void 0;
    this._onScroll = this._register(new v());
    this.onScroll = this._onScroll.event;
    this._smoothScrollDuration = e.smoothScrollDuration, this._scheduleAtNextAnimationFrame = e.scheduleAtNextAnimationFrame, this._state = new cs(e.forceIntegerValues, 0, 0, 0, 0, 0, 0), this._smoothScrolling = null;
  }
  dispose() {
    this._smoothScrolling && (this._smoothScrolling.dispose(), this._smoothScrolling = null), super.dispose();
  }
  setSmoothScrollDuration(e) {
    this._smoothScrollDuration = e;
  }
  validateScrollPosition(e) {
    return this._state.withScrollPosition(e);
  }
  getScrollDimensions() {
    return this._state;
  }
  setScrollDimensions(e, i) {
    let r4 = this._state.withScrollDimensions(e, i);
    this._setState(r4, !!this._smoothScrolling), this._smoothScrolling?.acceptScrollDimensions(this._state);
  }
  getFutureScrollPosition() {
    return this._smoothScrolling ? this._smoothScrolling.to : this._state;
  }
  getCurrentScrollPosition() {
    return this._state;
  }
  setScrollPositionNow(e) {
    let i = this._state.withScrollPosition(e);
    this._smoothScrolling && (this._smoothScrolling.dispose(), this._smoothScrolling = null), this._setState(i, false);
  }
  setScrollPositionSmooth(e, i) {
    if (this._smoothScrollDuration === 0) return this.setScrollPositionNow(e);
    if (this._smoothScrolling) {
      e = { scrollLeft: typeof e.scrollLeft > "u" ? this._smoothScrolling.to.scrollLeft : e.scrollLeft, scrollTop: typeof e.scrollTop > "u" ? this._smoothScrolling.to.scrollTop : e.scrollTop };
      let r4 = this._state.withScrollPosition(e);
      if (this._smoothScrolling.to.scrollLeft === r4.scrollLeft && this._smoothScrolling.to.scrollTop === r4.scrollTop) return;
      let n;
      i ? n = new Nr(this._smoothScrolling.from, r4, this._smoothScrolling.startTime, this._smoothScrolling.duration) : n = this._smoothScrolling.combine(this._state, r4, this._smoothScrollDuration), this._smoothScrolling.dispose(), this._smoothScrolling = n;
    } else {
      let r4 = this._state.withScrollPosition(e);
      this._smoothScrolling = Nr.start(this._state, r4, this._smoothScrollDuration);
    }
    this._smoothScrolling.animationFrameDisposable = this._scheduleAtNextAnimationFrame(() => {
      this._smoothScrolling && (this._smoothScrolling.animationFrameDisposable = null, this._performSmoothScrolling());
    });
  }
  hasPendingScrollAnimation() {
    return !!this._smoothScrolling;
  }
  _performSmoothScrolling() {
    if (!this._smoothScrolling) return;
    let e = this._smoothScrolling.tick(), i = this._state.withScrollPosition(e);
    if (this._setState(i, true), !!this._smoothScrolling) {
      if (e.isDone) {
        this._smoothScrolling.dispose(), this._smoothScrolling = null;
        return;
      }
      this._smoothScrolling.animationFrameDisposable = this._scheduleAtNextAnimationFrame(() => {
        this._smoothScrolling && (this._smoothScrolling.animationFrameDisposable = null, this._performSmoothScrolling());
      });
    }
  }
  _setState(e, i) {
    let r4 = this._state;
    r4.equals(e) || (this._state = e, this._onScroll.fire(this._state.createScrollEvent(r4, i)));
  }
};
var Br = class {
  constructor(t, e, i) {
    this.scrollLeft = t, this.scrollTop = e, this.isDone = i;
  }
};
function as(s15, t) {
  let e = t - s15;
  return function(i) {
    return s15 + e * ka(i);
  };
}
function La(s15, t, e) {
  return function(i) {
    return i < e ? s15(i / e) : t((i - e) / (1 - e));
  };
}
var Nr = class s10 {
  constructor(t, e, i, r4) {
    this.from = t, this.to = e, this.duration = r4, this.startTime = i, this.animationFrameDisposable = null, this._initAnimations();
  }
  _initAnimations() {
    this.scrollLeft = this._initAnimation(this.from.scrollLeft, this.to.scrollLeft, this.to.width), this.scrollTop = this._initAnimation(this.from.scrollTop, this.to.scrollTop, this.to.height);
  }
  _initAnimation(t, e, i) {
    if (Math.abs(t - e) > 2.5 * i) {
      let n, o2;
      return t < e ? (n = t + 0.75 * i, o2 = e - 0.75 * i) : (n = t - 0.75 * i, o2 = e + 0.75 * i), La(as(t, n), as(o2, e), 0.33);
    }
    return as(t, e);
  }
  dispose() {
    this.animationFrameDisposable !== null && (this.animationFrameDisposable.dispose(), this.animationFrameDisposable = null);
  }
  acceptScrollDimensions(t) {
    this.to = t.withScrollPosition(this.to), this._initAnimations();
  }
  tick() {
    return this._tick(Date.now());
  }
  _tick(t) {
    let e = (t - this.startTime) / this.duration;
    if (e < 1) {
      let i = this.scrollLeft(e), r4 = this.scrollTop(e);
      return new Br(i, r4, false);
    }
    return new Br(this.to.scrollLeft, this.to.scrollTop, true);
  }
  combine(t, e, i) {
    return s10.start(t, e, i);
  }
  static start(t, e, i) {
    i = i + 10;
    let r4 = Date.now() - 10;
    return new s10(t, e, r4, i);
  }
};
function Aa(s15) {
  return Math.pow(s15, 3);
}
function ka(s15) {
  return 1 - Aa(1 - s15);
}
var Fr = class extends D {
  constructor(t, e, i) {
    super(), this._visibility = t, this._visibleClassName = e, this._invisibleClassName = i, this._domNode = null, this._isVisible = false, this._isNeeded = false, this._rawShouldBeVisible = false, this._shouldBeVisible = false, this._revealTimer = this._register(new Ye());
  }
  setVisibility(t) {
    this._visibility !== t && (this._visibility = t, this._updateShouldBeVisible());
  }
  setShouldBeVisible(t) {
    this._rawShouldBeVisible = t, this._updateShouldBeVisible();
  }
  _applyVisibilitySetting() {
    return this._visibility === 2 ? false : this._visibility === 3 ? true : this._rawShouldBeVisible;
  }
  _updateShouldBeVisible() {
    let t = this._applyVisibilitySetting();
    this._shouldBeVisible !== t && (this._shouldBeVisible = t, this.ensureVisibility());
  }
  setIsNeeded(t) {
    this._isNeeded !== t && (this._isNeeded = t, this.ensureVisibility());
  }
  setDomNode(t) {
    this._domNode = t, this._domNode.setClassName(this._invisibleClassName), this.setShouldBeVisible(false);
  }
  ensureVisibility() {
    if (!this._isNeeded) {
      this._hide(false);
      return;
    }
    this._shouldBeVisible ? this._reveal() : this._hide(true);
  }
  _reveal() {
    this._isVisible || (this._isVisible = true, this._revealTimer.setIfNotSet(() => {
      this._domNode?.setClassName(this._visibleClassName);
    }, 0));
  }
  _hide(t) {
    this._revealTimer.cancel(), this._isVisible && (this._isVisible = false, this._domNode?.setClassName(this._invisibleClassName + (t ? " fade" : "")));
  }
};
var Ca = 140;
var Ut = class extends lt {
  constructor(t) {
    super(), this._lazyRender = t.lazyRender, this._host = t.host, this._scrollable = t.scrollable, this._scrollByPage = t.scrollByPage, this._scrollbarState = t.scrollbarState, this._visibilityController = this._register(new Fr(t.visibility, "visible scrollbar " + t.extraScrollbarClassName, "invisible scrollbar " + t.extraScrollbarClassName)), this._visibilityController.setIsNeeded(this._scrollbarState.isNeeded()), this._pointerMoveMonitor = this._register(new Wt()), this._shouldRender = true, this.domNode = _t(document.createElement("div")), this.domNode.setAttribute("role", "presentation"), this.domNode.setAttribute("aria-hidden", "true"), this._visibilityController.setDomNode(this.domNode), this.domNode.setPosition("absolute"), this._register(L(this.domNode.domNode, Y.POINTER_DOWN, (e) => this._domNodePointerDown(e)));
  }
  _createArrow(t) {
    let e = this._register(new Or(t));
    this.domNode.domNode.appendChild(e.bgDomNode), this.domNode.domNode.appendChild(e.domNode);
  }
  _createSlider(t, e, i, r4) {
    this.slider = _t(document.createElement("div")), this.slider.setClassName("slider"), this.slider.setPosition("absolute"), this.slider.setTop(t), this.slider.setLeft(e), typeof i == "number" && this.slider.setWidth(i), typeof r4 == "number" && this.slider.setHeight(r4), this.slider.setLayerHinting(true), this.slider.setContain("strict"), this.domNode.domNode.appendChild(this.slider.domNode), this._register(L(this.slider.domNode, Y.POINTER_DOWN, (n) => {
      n.button === 0 && (n.preventDefault(), this._sliderPointerDown(n));
    })), this.onclick(this.slider.domNode, (n) => {
      n.leftButton && n.stopPropagation();
    });
  }
  _onElementSize(t) {
    return this._scrollbarState.setVisibleSize(t) && (this._visibilityController.setIsNeeded(this._scrollbarState.isNeeded()), this._shouldRender = true, this._lazyRender || this.render()), this._shouldRender;
  }
  _onElementScrollSize(t) {
    return this._scrollbarState.setScrollSize(t) && (this._visibilityController.setIsNeeded(this._scrollbarState.isNeeded()), this._shouldRender = true, this._lazyRender || this.render()), this._shouldRender;
  }
  _onElementScrollPosition(t) {
    return this._scrollbarState.setScrollPosition(t) && (this._visibilityController.setIsNeeded(this._scrollbarState.isNeeded()), this._shouldRender = true, this._lazyRender || this.render()), this._shouldRender;
  }
  beginReveal() {
    this._visibilityController.setShouldBeVisible(true);
  }
  beginHide() {
    this._visibilityController.setShouldBeVisible(false);
  }
  render() {
    this._shouldRender && (this._shouldRender = false, this._renderDomNode(this._scrollbarState.getRectangleLargeSize(), this._scrollbarState.getRectangleSmallSize()), this._updateSlider(this._scrollbarState.getSliderSize(), this._scrollbarState.getArrowSize() + this._scrollbarState.getSliderPosition()));
  }
  _domNodePointerDown(t) {
    t.target === this.domNode.domNode && this._onPointerDown(t);
  }
  delegatePointerDown(t) {
    let e = this.domNode.domNode.getClientRects()[0].top, i = e + this._scrollbarState.getSliderPosition(), r4 = e + this._scrollbarState.getSliderPosition() + this._scrollbarState.getSliderSize(), n = this._sliderPointerPosition(t);
    i <= n && n <= r4 ? t.button === 0 && (t.preventDefault(), this._sliderPointerDown(t)) : this._onPointerDown(t);
  }
  _onPointerDown(t) {
    let e, i;
    if (t.target === this.domNode.domNode && typeof t.offsetX == "number" && typeof t.offsetY == "number") e = t.offsetX, i = t.offsetY;
    else {
      let n = Fo(this.domNode.domNode);
      e = t.pageX - n.left, i = t.pageY - n.top;
    }
    let r4 = this._pointerDownRelativePosition(e, i);
    this._setDesiredScrollPositionNow(this._scrollByPage ? this._scrollbarState.getDesiredScrollPositionFromOffsetPaged(r4) : this._scrollbarState.getDesiredScrollPositionFromOffset(r4)), t.button === 0 && (t.preventDefault(), this._sliderPointerDown(t));
  }
  _sliderPointerDown(t) {
    if (!t.target || !(t.target instanceof Element)) return;
    let e = this._sliderPointerPosition(t), i = this._sliderOrthogonalPointerPosition(t), r4 = this._scrollbarState.clone();
    this.slider.toggleClassName("active", true), this._pointerMoveMonitor.startMonitoring(t.target, t.pointerId, t.buttons, (n) => {
      let o2 = this._sliderOrthogonalPointerPosition(n), l2 = Math.abs(o2 - i);
      if (wr && l2 > Ca) {
        this._setDesiredScrollPositionNow(r4.getScrollPosition());
        return;
      }
      let u = this._sliderPointerPosition(n) - e;
      this._setDesiredScrollPositionNow(r4.getDesiredScrollPositionFromDelta(u));
    }, () => {
      this.slider.toggleClassName("active", false), this._host.onDragEnd();
    }), this._host.onDragStart();
  }
  _setDesiredScrollPositionNow(t) {
    let e = {};
    this.writeScrollPosition(e, t), this._scrollable.setScrollPositionNow(e);
  }
  updateScrollbarSize(t) {
    this._updateScrollbarSize(t), this._scrollbarState.setScrollbarSize(t), this._shouldRender = true, this._lazyRender || this.render();
  }
  isNeeded() {
    return this._scrollbarState.isNeeded();
  }
};
var Kt = class s11 {
  constructor(t, e, i, r4, n, o2) {
    this._scrollbarSize = Math.round(e), this._oppositeScrollbarSize = Math.round(i), this._arrowSize = Math.round(t), this._visibleSize = r4, this._scrollSize = n, this._scrollPosition = o2, this._computedAvailableSize = 0, this._computedIsNeeded = false, this._computedSliderSize = 0, this._computedSliderRatio = 0, this._computedSliderPosition = 0, this._refreshComputedValues();
  }
  clone() {
    return new s11(this._arrowSize, this._scrollbarSize, this._oppositeScrollbarSize, this._visibleSize, this._scrollSize, this._scrollPosition);
  }
  setVisibleSize(t) {
    let e = Math.round(t);
    return this._visibleSize !== e ? (this._visibleSize = e, this._refreshComputedValues(), true) : false;
  }
  setScrollSize(t) {
    let e = Math.round(t);
    return this._scrollSize !== e ? (this._scrollSize = e, this._refreshComputedValues(), true) : false;
  }
  setScrollPosition(t) {
    let e = Math.round(t);
    return this._scrollPosition !== e ? (this._scrollPosition = e, this._refreshComputedValues(), true) : false;
  }
  setScrollbarSize(t) {
    this._scrollbarSize = Math.round(t);
  }
  setOppositeScrollbarSize(t) {
    this._oppositeScrollbarSize = Math.round(t);
  }
  static _computeValues(t, e, i, r4, n) {
    let o2 = Math.max(0, i - t), l2 = Math.max(0, o2 - 2 * e), a = r4 > 0 && r4 > i;
    if (!a) return { computedAvailableSize: Math.round(o2), computedIsNeeded: a, computedSliderSize: Math.round(l2), computedSliderRatio: 0, computedSliderPosition: 0 };
    let u = Math.round(Math.max(20, Math.floor(i * l2 / r4))), h3 = (l2 - u) / (r4 - i), c = n * h3;
    return { computedAvailableSize: Math.round(o2), computedIsNeeded: a, computedSliderSize: Math.round(u), computedSliderRatio: h3, computedSliderPosition: Math.round(c) };
  }
  _refreshComputedValues() {
    let t = s11._computeValues(this._oppositeScrollbarSize, this._arrowSize, this._visibleSize, this._scrollSize, this._scrollPosition);
    this._computedAvailableSize = t.computedAvailableSize, this._computedIsNeeded = t.computedIsNeeded, this._computedSliderSize = t.computedSliderSize, this._computedSliderRatio = t.computedSliderRatio, this._computedSliderPosition = t.computedSliderPosition;
  }
  getArrowSize() {
    return this._arrowSize;
  }
  getScrollPosition() {
    return this._scrollPosition;
  }
  getRectangleLargeSize() {
    return this._computedAvailableSize;
  }
  getRectangleSmallSize() {
    return this._scrollbarSize;
  }
  isNeeded() {
    return this._computedIsNeeded;
  }
  getSliderSize() {
    return this._computedSliderSize;
  }
  getSliderPosition() {
    return this._computedSliderPosition;
  }
  getDesiredScrollPositionFromOffset(t) {
    if (!this._computedIsNeeded) return 0;
    let e = t - this._arrowSize - this._computedSliderSize / 2;
    return Math.round(e / this._computedSliderRatio);
  }
  getDesiredScrollPositionFromOffsetPaged(t) {
    if (!this._computedIsNeeded) return 0;
    let e = t - this._arrowSize, i = this._scrollPosition;
    return e < this._computedSliderPosition ? i -= this._visibleSize : i += this._visibleSize, i;
  }
  getDesiredScrollPositionFromDelta(t) {
    if (!this._computedIsNeeded) return 0;
    let e = this._computedSliderPosition + t;
    return Math.round(e / this._computedSliderRatio);
  }
};
var Wr = class extends Ut {
  constructor(t, e, i) {
    let r4 = t.getScrollDimensions(), n = t.getCurrentScrollPosition();
    if (super({ lazyRender: e.lazyRender, host: i, scrollbarState: new Kt(e.horizontalHasArrows ? e.arrowSize : 0, e.horizontal === 2 ? 0 : e.horizontalScrollbarSize, e.vertical === 2 ? 0 : e.verticalScrollbarSize, r4.width, r4.scrollWidth, n.scrollLeft), visibility: e.horizontal, extraScrollbarClassName: "horizontal", scrollable: t, scrollByPage: e.scrollByPage }), e.horizontalHasArrows) throw new Error("horizontalHasArrows is not supported in xterm.js");
    this._createSlider(Math.floor((e.horizontalScrollbarSize - e.horizontalSliderSize) / 2), 0, void 0, e.horizontalSliderSize);
  }
  _updateSlider(t, e) {
    this.slider.setWidth(t), this.slider.setLeft(e);
  }
  _renderDomNode(t, e) {
    this.domNode.setWidth(t), this.domNode.setHeight(e), this.domNode.setLeft(0), this.domNode.setBottom(0);
  }
  onDidScroll(t) {
    return this._shouldRender = this._onElementScrollSize(t.scrollWidth) || this._shouldRender, this._shouldRender = this._onElementScrollPosition(t.scrollLeft) || this._shouldRender, this._shouldRender = this._onElementSize(t.width) || this._shouldRender, this._shouldRender;
  }
  _pointerDownRelativePosition(t, e) {
    return t;
  }
  _sliderPointerPosition(t) {
    return t.pageX;
  }
  _sliderOrthogonalPointerPosition(t) {
    return t.pageY;
  }
  _updateScrollbarSize(t) {
    this.slider.setHeight(t);
  }
  writeScrollPosition(t, e) {
    t.scrollLeft = e;
  }
  updateOptions(t) {
    this.updateScrollbarSize(t.horizontal === 2 ? 0 : t.horizontalScrollbarSize), this._scrollbarState.setOppositeScrollbarSize(t.vertical === 2 ? 0 : t.verticalScrollbarSize), this._visibilityController.setVisibility(t.horizontal), this._scrollByPage = t.scrollByPage;
  }
};
var Ur = class extends Ut {
  constructor(t, e, i) {
    let r4 = t.getScrollDimensions(), n = t.getCurrentScrollPosition();
    if (super({ lazyRender: e.lazyRender, host: i, scrollbarState: new Kt(e.verticalHasArrows ? e.arrowSize : 0, e.vertical === 2 ? 0 : e.verticalScrollbarSize, 0, r4.height, r4.scrollHeight, n.scrollTop), visibility: e.vertical, extraScrollbarClassName: "vertical", scrollable: t, scrollByPage: e.scrollByPage }), e.verticalHasArrows) throw new Error("horizontalHasArrows is not supported in xterm.js");
    this._createSlider(0, Math.floor((e.verticalScrollbarSize - e.verticalSliderSize) / 2), e.verticalSliderSize, void 0);
  }
  _updateSlider(t, e) {
    this.slider.setHeight(t), this.slider.setTop(e);
  }
  _renderDomNode(t, e) {
    this.domNode.setWidth(e), this.domNode.setHeight(t), this.domNode.setRight(0), this.domNode.setTop(0);
  }
  onDidScroll(t) {
    return this._shouldRender = this._onElementScrollSize(t.scrollHeight) || this._shouldRender, this._shouldRender = this._onElementScrollPosition(t.scrollTop) || this._shouldRender, this._shouldRender = this._onElementSize(t.height) || this._shouldRender, this._shouldRender;
  }
  _pointerDownRelativePosition(t, e) {
    return e;
  }
  _sliderPointerPosition(t) {
    return t.pageY;
  }
  _sliderOrthogonalPointerPosition(t) {
    return t.pageX;
  }
  _updateScrollbarSize(t) {
    this.slider.setWidth(t);
  }
  writeScrollPosition(t, e) {
    t.scrollTop = e;
  }
  updateOptions(t) {
    this.updateScrollbarSize(t.vertical === 2 ? 0 : t.verticalScrollbarSize), this._scrollbarState.setOppositeScrollbarSize(0), this._visibilityController.setVisibility(t.vertical), this._scrollByPage = t.scrollByPage;
  }
};
var Ma = 500;
var Ko = 50;
var zo = true;
var us = class {
  constructor(t, e, i) {
    this.timestamp = t, this.deltaX = e, this.deltaY = i, this.score = 0;
  }
};
var zr = class zr2 {
  constructor() {
    this._capacity = 5, this._memory = [], this._front = -1, this._rear = -1;
  }
  isPhysicalMouseWheel() {
    if (this._front === -1 && this._rear === -1) return false;
    let t = 1, e = 0, i = 1, r4 = this._rear;
    do {
      let n = r4 === this._front ? t : Math.pow(2, -i);
      if (t -= n, e += this._memory[r4].score * n, r4 === this._front) break;
      r4 = (this._capacity + r4 - 1) % this._capacity, i++;
    } while (true);
    return e <= 0.5;
  }
  acceptStandardWheelEvent(t) {
    if (Ti) {
      let e = be(t.browserEvent), i = mo(e);
      this.accept(Date.now(), t.deltaX * i, t.deltaY * i);
    } else this.accept(Date.now(), t.deltaX, t.deltaY);
  }
  accept(t, e, i) {
    let r4 = null, n = new us(t, e, i);
    this._front === -1 && this._rear === -1 ? (this._memory[0] = n, this._front = 0, this._rear = 0) : (r4 = this._memory[this._rear], this._rear = (this._rear + 1) % this._capacity, this._rear === this._front && (this._front = (this._front + 1) % this._capacity), this._memory[this._rear] = n), n.score = this._computeScore(n, r4);
  }
  _computeScore(t, e) {
    if (Math.abs(t.deltaX) > 0 && Math.abs(t.deltaY) > 0) return 1;
    let i = 0.5;
    if ((!this._isAlmostInt(t.deltaX) || !this._isAlmostInt(t.deltaY)) && (i += 0.25), e) {
      let r4 = Math.abs(t.deltaX), n = Math.abs(t.deltaY), o2 = Math.abs(e.deltaX), l2 = Math.abs(e.deltaY), a = Math.max(Math.min(r4, o2), 1), u = Math.max(Math.min(n, l2), 1), h3 = Math.max(r4, o2), c = Math.max(n, l2);
      h3 % a === 0 && c % u === 0 && (i -= 0.5);
    }
    return Math.min(Math.max(i, 0), 1);
  }
  _isAlmostInt(t) {
    return Math.abs(Math.round(t) - t) < 0.01;
  }
};
zr.INSTANCE = new zr();
var hs = zr;
var ds = class extends lt {
  constructor(e, i, r4) {
    super();
    this._onScroll = this._register(new v());
    this.onScroll = this._onScroll.event;
    this._onWillScroll = this._register(new v());
    this.onWillScroll = this._onWillScroll.event;
    this._options = Pa(i), this._scrollable = r4, this._register(this._scrollable.onScroll((o2) => {
      this._onWillScroll.fire(o2), this._onDidScroll(o2), this._onScroll.fire(o2);
    }));
    let n = { onMouseWheel: (o2) => this._onMouseWheel(o2), onDragStart: () => this._onDragStart(), onDragEnd: () => this._onDragEnd() };
    this._verticalScrollbar = this._register(new Ur(this._scrollable, this._options, n)), this._horizontalScrollbar = this._register(new Wr(this._scrollable, this._options, n)), this._domNode = document.createElement("div"), this._domNode.className = "xterm-scrollable-element " + this._options.className, this._domNode.setAttribute("role", "presentation"), this._domNode.style.position = "relative", this._domNode.appendChild(e), this._domNode.appendChild(this._horizontalScrollbar.domNode.domNode), this._domNode.appendChild(this._verticalScrollbar.domNode.domNode), this._options.useShadows ? (this._leftShadowDomNode = _t(document.createElement("div")), this._leftShadowDomNode.setClassName("shadow"), this._domNode.appendChild(this._leftShadowDomNode.domNode), this._topShadowDomNode = _t(document.createElement("div")), this._topShadowDomNode.setClassName("shadow"), this._domNode.appendChild(this._topShadowDomNode.domNode), this._topLeftShadowDomNode = _t(document.createElement("div")), this._topLeftShadowDomNode.setClassName("shadow"), this._domNode.appendChild(this._topLeftShadowDomNode.domNode)) : (this._leftShadowDomNode = null, this._topShadowDomNode = null, this._topLeftShadowDomNode = null), this._listenOnDomNode = this._options.listenOnDomNode || this._domNode, this._mouseWheelToDispose = [], this._setListeningToMouseWheel(this._options.handleMouseWheel), this.onmouseover(this._listenOnDomNode, (o2) => this._onMouseOver(o2)), this.onmouseleave(this._listenOnDomNode, (o2) => this._onMouseLeave(o2)), this._hideTimeout = this._register(new Ye()), this._isDragging = false, this._mouseIsOver = false, this._shouldRender = true, this._revealOnScroll = true;
  }
  get options() {
    return this._options;
  }
  dispose() {
    this._mouseWheelToDispose = Ne(this._mouseWheelToDispose), super.dispose();
  }
  getDomNode() {
    return this._domNode;
  }
  getOverviewRulerLayoutInfo() {
    return { parent: this._domNode, insertBefore: this._verticalScrollbar.domNode.domNode };
  }
  delegateVerticalScrollbarPointerDown(e) {
    this._verticalScrollbar.delegatePointerDown(e);
  }
  getScrollDimensions() {
    return this._scrollable.getScrollDimensions();
  }
  setScrollDimensions(e) {
    this._scrollable.setScrollDimensions(e, false);
  }
  updateClassName(e) {
    this._options.className = e, Te && (this._options.className += " mac"), this._domNode.className = "xterm-scrollable-element " + this._options.className;
  }
  updateOptions(e) {
    typeof e.handleMouseWheel < "u" && (this._options.handleMouseWheel = e.handleMouseWheel, this._setListeningToMouseWheel(this._options.handleMouseWheel)), typeof e.mouseWheelScrollSensitivity < "u" && (this._options.mouseWheelScrollSensitivity = e.mouseWheelScrollSensitivity), typeof e.fastScrollSensitivity < "u" && (this._options.fastScrollSensitivity = e.fastScrollSensitivity), typeof e.scrollPredominantAxis < "u" && (this._options.scrollPredominantAxis = e.scrollPredominantAxis), typeof e.horizontal < "u" && (this._options.horizontal = e.horizontal), typeof e.vertical < "u" && (this._options.vertical = e.vertical), typeof e.horizontalScrollbarSize < "u" && (this._options.horizontalScrollbarSize = e.horizontalScrollbarSize), typeof e.verticalScrollbarSize < "u" && (this._options.verticalScrollbarSize = e.verticalScrollbarSize), typeof e.scrollByPage < "u" && (this._options.scrollByPage = e.scrollByPage), this._horizontalScrollbar.updateOptions(this._options), this._verticalScrollbar.updateOptions(this._options), this._options.lazyRender || this._render();
  }
  setRevealOnScroll(e) {
    this._revealOnScroll = e;
  }
  delegateScrollFromMouseWheelEvent(e) {
    this._onMouseWheel(new xi(e));
  }
  _setListeningToMouseWheel(e) {
    if (this._mouseWheelToDispose.length > 0 !== e && (this._mouseWheelToDispose = Ne(this._mouseWheelToDispose), e)) {
      let r4 = (n) => {
        this._onMouseWheel(new xi(n));
      };
      this._mouseWheelToDispose.push(L(this._listenOnDomNode, Y.MOUSE_WHEEL, r4, { passive: false }));
    }
  }
  _onMouseWheel(e) {
    if (e.browserEvent?.defaultPrevented) return;
    let i = hs.INSTANCE;
    zo && i.acceptStandardWheelEvent(e);
    let r4 = false;
    if (e.deltaY || e.deltaX) {
      let o2 = e.deltaY * this._options.mouseWheelScrollSensitivity, l2 = e.deltaX * this._options.mouseWheelScrollSensitivity;
      this._options.scrollPredominantAxis && (this._options.scrollYToX && l2 + o2 === 0 ? l2 = o2 = 0 : Math.abs(o2) >= Math.abs(l2) ? l2 = 0 : o2 = 0), this._options.flipAxes && ([o2, l2] = [l2, o2]);
      let a = !Te && e.browserEvent && e.browserEvent.shiftKey;
      (this._options.scrollYToX || a) && !l2 && (l2 = o2, o2 = 0), e.browserEvent && e.browserEvent.altKey && (l2 = l2 * this._options.fastScrollSensitivity, o2 = o2 * this._options.fastScrollSensitivity);
      let u = this._scrollable.getFutureScrollPosition(), h3 = {};
      if (o2) {
        let c = Ko * o2, d = u.scrollTop - (c < 0 ? Math.floor(c) : Math.ceil(c));
        this._verticalScrollbar.writeScrollPosition(h3, d);
      }
      if (l2) {
        let c = Ko * l2, d = u.scrollLeft - (c < 0 ? Math.floor(c) : Math.ceil(c));
        this._horizontalScrollbar.writeScrollPosition(h3, d);
      }
      h3 = this._scrollable.validateScrollPosition(h3), (u.scrollLeft !== h3.scrollLeft || u.scrollTop !== h3.scrollTop) && (zo && this._options.mouseWheelSmoothScroll && i.isPhysicalMouseWheel() ? this._scrollable.setScrollPositionSmooth(h3) : this._scrollable.setScrollPositionNow(h3), r4 = true);
    }
    let n = r4;
    !n && this._options.alwaysConsumeMouseWheel && (n = true), !n && this._options.consumeMouseWheelIfScrollbarIsNeeded && (this._verticalScrollbar.isNeeded() || this._horizontalScrollbar.isNeeded()) && (n = true), n && (e.preventDefault(), e.stopPropagation());
  }
  _onDidScroll(e) {
    this._shouldRender = this._horizontalScrollbar.onDidScroll(e) || this._shouldRender, this._shouldRender = this._verticalScrollbar.onDidScroll(e) || this._shouldRender, this._options.useShadows && (this._shouldRender = true), this._revealOnScroll && this._reveal(), this._options.lazyRender || this._render();
  }
  renderNow() {
    if (!this._options.lazyRender) throw new Error("Please use `lazyRender` together with `renderNow`!");
    this._render();
  }
  _render() {
    if (this._shouldRender && (this._shouldRender = false, this._horizontalScrollbar.render(), this._verticalScrollbar.render(), this._options.useShadows)) {
      let e = this._scrollable.getCurrentScrollPosition(), i = e.scrollTop > 0, r4 = e.scrollLeft > 0, n = r4 ? " left" : "", o2 = i ? " top" : "", l2 = r4 || i ? " top-left-corner" : "";
      this._leftShadowDomNode.setClassName(`shadow${n}`), this._topShadowDomNode.setClassName(`shadow${o2}`), this._topLeftShadowDomNode.setClassName(`shadow${l2}${o2}${n}`);
    }
  }
  _onDragStart() {
    this._isDragging = true, this._reveal();
  }
  _onDragEnd() {
    this._isDragging = false, this._hide();
  }
  _onMouseLeave(e) {
    this._mouseIsOver = false, this._hide();
  }
  _onMouseOver(e) {
    this._mouseIsOver = true, this._reveal();
  }
  _reveal() {
    this._verticalScrollbar.beginReveal(), this._horizontalScrollbar.beginReveal(), this._scheduleHide();
  }
  _hide() {
    !this._mouseIsOver && !this._isDragging && (this._verticalScrollbar.beginHide(), this._horizontalScrollbar.beginHide());
  }
  _scheduleHide() {
    !this._mouseIsOver && !this._isDragging && this._hideTimeout.cancelAndSet(() => this._hide(), Ma);
  }
};
var Kr = class extends ds {
  constructor(t, e, i) {
    super(t, e, i);
  }
  setScrollPosition(t) {
    t.reuseAnimation ? this._scrollable.setScrollPositionSmooth(t, t.reuseAnimation) : this._scrollable.setScrollPositionNow(t);
  }
  getScrollPosition() {
    return this._scrollable.getCurrentScrollPosition();
  }
};
function Pa(s15) {
  let t = { lazyRender: typeof s15.lazyRender < "u" ? s15.lazyRender : false, className: typeof s15.className < "u" ? s15.className : "", useShadows: typeof s15.useShadows < "u" ? s15.useShadows : true, handleMouseWheel: typeof s15.handleMouseWheel < "u" ? s15.handleMouseWheel : true, flipAxes: typeof s15.flipAxes < "u" ? s15.flipAxes : false, consumeMouseWheelIfScrollbarIsNeeded: typeof s15.consumeMouseWheelIfScrollbarIsNeeded < "u" ? s15.consumeMouseWheelIfScrollbarIsNeeded : false, alwaysConsumeMouseWheel: typeof s15.alwaysConsumeMouseWheel < "u" ? s15.alwaysConsumeMouseWheel : false, scrollYToX: typeof s15.scrollYToX < "u" ? s15.scrollYToX : false, mouseWheelScrollSensitivity: typeof s15.mouseWheelScrollSensitivity < "u" ? s15.mouseWheelScrollSensitivity : 1, fastScrollSensitivity: typeof s15.fastScrollSensitivity < "u" ? s15.fastScrollSensitivity : 5, scrollPredominantAxis: typeof s15.scrollPredominantAxis < "u" ? s15.scrollPredominantAxis : true, mouseWheelSmoothScroll: typeof s15.mouseWheelSmoothScroll < "u" ? s15.mouseWheelSmoothScroll : true, arrowSize: typeof s15.arrowSize < "u" ? s15.arrowSize : 11, listenOnDomNode: typeof s15.listenOnDomNode < "u" ? s15.listenOnDomNode : null, horizontal: typeof s15.horizontal < "u" ? s15.horizontal : 1, horizontalScrollbarSize: typeof s15.horizontalScrollbarSize < "u" ? s15.horizontalScrollbarSize : 10, horizontalSliderSize: typeof s15.horizontalSliderSize < "u" ? s15.horizontalSliderSize : 0, horizontalHasArrows: typeof s15.horizontalHasArrows < "u" ? s15.horizontalHasArrows : false, vertical: typeof s15.vertical < "u" ? s15.vertical : 1, verticalScrollbarSize: typeof s15.verticalScrollbarSize < "u" ? s15.verticalScrollbarSize : 10, verticalHasArrows: typeof s15.verticalHasArrows < "u" ? s15.verticalHasArrows : false, verticalSliderSize: typeof s15.verticalSliderSize < "u" ? s15.verticalSliderSize : 0, scrollByPage: typeof s15.scrollByPage < "u" ? s15.scrollByPage : false };
  return t.horizontalSliderSize = typeof s15.horizontalSliderSize < "u" ? s15.horizontalSliderSize : t.horizontalScrollbarSize, t.verticalSliderSize = typeof s15.verticalSliderSize < "u" ? s15.verticalSliderSize : t.verticalScrollbarSize, Te && (t.className += " mac"), t;
}
var zt = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u) {
    super();
    this._bufferService = r4;
    this._optionsService = a;
    this._renderService = u;
    this._onRequestScrollLines = this._register(new v());
    this.onRequestScrollLines = this._onRequestScrollLines.event;
    this._isSyncing = false;
    this._isHandlingScroll = false;
    this._suppressOnScrollHandler = false;
    let h3 = this._register(new Ri({ forceIntegerValues: false, smoothScrollDuration: this._optionsService.rawOptions.smoothScrollDuration, scheduleAtNextAnimationFrame: (c) => mt(n.window, c) }));
    this._register(this._optionsService.onSpecificOptionChange("smoothScrollDuration", () => {
      h3.setSmoothScrollDuration(this._optionsService.rawOptions.smoothScrollDuration);
    })), this._scrollableElement = this._register(new Kr(i, { vertical: 1, horizontal: 2, useShadows: false, mouseWheelSmoothScroll: true, ...this._getChangeOptions() }, h3)), this._register(this._optionsService.onMultipleOptionChange(["scrollSensitivity", "fastScrollSensitivity", "overviewRuler"], () => this._scrollableElement.updateOptions(this._getChangeOptions()))), this._register(o2.onProtocolChange((c) => {
      this._scrollableElement.updateOptions({ handleMouseWheel: !(c & 16) });
    })), this._scrollableElement.setScrollDimensions({ height: 0, scrollHeight: 0 }), this._register($2.runAndSubscribe(l2.onChangeColors, () => {
      this._scrollableElement.getDomNode().style.backgroundColor = l2.colors.background.css;
    })), e.appendChild(this._scrollableElement.getDomNode()), this._register(C(() => this._scrollableElement.getDomNode().remove())), this._styleElement = globalThis.__serialhubCspStyle(n.mainDocument), i.appendChild(this._styleElement), this._register(C(() => this._styleElement.remove())), this._register($2.runAndSubscribe(l2.onChangeColors, () => {
      this._styleElement.textContent = [".xterm .xterm-scrollable-element > .scrollbar > .slider {", `  background: ${l2.colors.scrollbarSliderBackground.css};`, "}", ".xterm .xterm-scrollable-element > .scrollbar > .slider:hover {", `  background: ${l2.colors.scrollbarSliderHoverBackground.css};`, "}", ".xterm .xterm-scrollable-element > .scrollbar > .slider.active {", `  background: ${l2.colors.scrollbarSliderActiveBackground.css};`, "}"].join(`
`);
    })), this._register(this._bufferService.onResize(() => this.queueSync())), this._register(this._bufferService.buffers.onBufferActivate(() => {
      this._latestYDisp = void 0, this.queueSync();
    })), this._register(this._bufferService.onScroll(() => this._sync())), this._register(this._scrollableElement.onScroll((c) => this._handleScroll(c)));
  }
  scrollLines(e) {
    let i = this._scrollableElement.getScrollPosition();
    this._scrollableElement.setScrollPosition({ reuseAnimation: true, scrollTop: i.scrollTop + e * this._renderService.dimensions.css.cell.height });
  }
  scrollToLine(e, i) {
    i && (this._latestYDisp = e), this._scrollableElement.setScrollPosition({ reuseAnimation: !i, scrollTop: e * this._renderService.dimensions.css.cell.height });
  }
  _getChangeOptions() {
    return { mouseWheelScrollSensitivity: this._optionsService.rawOptions.scrollSensitivity, fastScrollSensitivity: this._optionsService.rawOptions.fastScrollSensitivity, verticalScrollbarSize: this._optionsService.rawOptions.overviewRuler?.width || 14 };
  }
  queueSync(e) {
    e !== void 0 && (this._latestYDisp = e), this._queuedAnimationFrame === void 0 && (this._queuedAnimationFrame = this._renderService.addRefreshCallback(() => {
      this._queuedAnimationFrame = void 0, this._sync(this._latestYDisp);
    }));
  }
  _sync(e = this._bufferService.buffer.ydisp) {
    !this._renderService || this._isSyncing || (this._isSyncing = true, this._suppressOnScrollHandler = true, this._scrollableElement.setScrollDimensions({ height: this._renderService.dimensions.css.canvas.height, scrollHeight: this._renderService.dimensions.css.cell.height * this._bufferService.buffer.lines.length }), this._suppressOnScrollHandler = false, e !== this._latestYDisp && this._scrollableElement.setScrollPosition({ scrollTop: e * this._renderService.dimensions.css.cell.height }), this._isSyncing = false);
  }
  _handleScroll(e) {
    if (!this._renderService || this._isHandlingScroll || this._suppressOnScrollHandler) return;
    this._isHandlingScroll = true;
    let i = Math.round(e.scrollTop / this._renderService.dimensions.css.cell.height), r4 = i - this._bufferService.buffer.ydisp;
    r4 !== 0 && (this._latestYDisp = i, this._onRequestScrollLines.fire(r4)), this._isHandlingScroll = false;
  }
};
zt = M([S(2, F), S(3, ae), S(4, rr), S(5, Re), S(6, H), S(7, ce)], zt);
var Gt = class extends D {
  constructor(e, i, r4, n, o2) {
    super();
    this._screenElement = e;
    this._bufferService = i;
    this._coreBrowserService = r4;
    this._decorationService = n;
    this._renderService = o2;
    this._decorationElements = /* @__PURE__ */ new Map();
    this._altBufferIsActive = false;
    this._dimensionsChanged = false;
    this._container = document.createElement("div"), this._container.classList.add("xterm-decoration-container"), this._screenElement.appendChild(this._container), this._register(this._renderService.onRenderedViewportChange(() => this._doRefreshDecorations())), this._register(this._renderService.onDimensionsChange(() => {
      this._dimensionsChanged = true, this._queueRefresh();
    })), this._register(this._coreBrowserService.onDprChange(() => this._queueRefresh())), this._register(this._bufferService.buffers.onBufferActivate(() => {
      this._altBufferIsActive = this._bufferService.buffer === this._bufferService.buffers.alt;
    })), this._register(this._decorationService.onDecorationRegistered(() => this._queueRefresh())), this._register(this._decorationService.onDecorationRemoved((l2) => this._removeDecoration(l2))), this._register(C(() => {
      this._container.remove(), this._decorationElements.clear();
    }));
  }
  _queueRefresh() {
    this._animationFrame === void 0 && (this._animationFrame = this._renderService.addRefreshCallback(() => {
      this._doRefreshDecorations(), this._animationFrame = void 0;
    }));
  }
  _doRefreshDecorations() {
    for (let e of this._decorationService.decorations) this._renderDecoration(e);
    this._dimensionsChanged = false;
  }
  _renderDecoration(e) {
    this._refreshStyle(e), this._dimensionsChanged && this._refreshXPosition(e);
  }
  _createElement(e) {
    let i = this._coreBrowserService.mainDocument.createElement("div");
    i.classList.add("xterm-decoration"), i.classList.toggle("xterm-decoration-top-layer", e?.options?.layer === "top"), i.style.width = `${Math.round((e.options.width || 1) * this._renderService.dimensions.css.cell.width)}px`, i.style.height = `${(e.options.height || 1) * this._renderService.dimensions.css.cell.height}px`, i.style.top = `${(e.marker.line - this._bufferService.buffers.active.ydisp) * this._renderService.dimensions.css.cell.height}px`, i.style.lineHeight = `${this._renderService.dimensions.css.cell.height}px`;
    let r4 = e.options.x ?? 0;
    return r4 && r4 > this._bufferService.cols && (i.style.display = "none"), this._refreshXPosition(e, i), i;
  }
  _refreshStyle(e) {
    let i = e.marker.line - this._bufferService.buffers.active.ydisp;
    if (i < 0 || i >= this._bufferService.rows) e.element && (e.element.style.display = "none", e.onRenderEmitter.fire(e.element));
    else {
      let r4 = this._decorationElements.get(e);
      r4 || (r4 = this._createElement(e), e.element = r4, this._decorationElements.set(e, r4), this._container.appendChild(r4), e.onDispose(() => {
        this._decorationElements.delete(e), r4.remove();
      })), r4.style.display = this._altBufferIsActive ? "none" : "block", this._altBufferIsActive || (r4.style.width = `${Math.round((e.options.width || 1) * this._renderService.dimensions.css.cell.width)}px`, r4.style.height = `${(e.options.height || 1) * this._renderService.dimensions.css.cell.height}px`, r4.style.top = `${i * this._renderService.dimensions.css.cell.height}px`, r4.style.lineHeight = `${this._renderService.dimensions.css.cell.height}px`), e.onRenderEmitter.fire(r4);
    }
  }
  _refreshXPosition(e, i = e.element) {
    if (!i) return;
    let r4 = e.options.x ?? 0;
    (e.options.anchor || "left") === "right" ? i.style.right = r4 ? `${r4 * this._renderService.dimensions.css.cell.width}px` : "" : i.style.left = r4 ? `${r4 * this._renderService.dimensions.css.cell.width}px` : "";
  }
  _removeDecoration(e) {
    this._decorationElements.get(e)?.remove(), this._decorationElements.delete(e), e.dispose();
  }
};
Gt = M([S(1, F), S(2, ae), S(3, Be), S(4, ce)], Gt);
var Gr = class {
  constructor() {
    this._zones = [];
    this._zonePool = [];
    this._zonePoolIndex = 0;
    this._linePadding = { full: 0, left: 0, center: 0, right: 0 };
  }
  get zones() {
    return this._zonePool.length = Math.min(this._zonePool.length, this._zones.length), this._zones;
  }
  clear() {
    this._zones.length = 0, this._zonePoolIndex = 0;
  }
  addDecoration(t) {
    if (t.options.overviewRulerOptions) {
      for (let e of this._zones) if (e.color === t.options.overviewRulerOptions.color && e.position === t.options.overviewRulerOptions.position) {
        if (this._lineIntersectsZone(e, t.marker.line)) return;
        if (this._lineAdjacentToZone(e, t.marker.line, t.options.overviewRulerOptions.position)) {
          this._addLineToZone(e, t.marker.line);
          return;
        }
      }
      if (this._zonePoolIndex < this._zonePool.length) {
        this._zonePool[this._zonePoolIndex].color = t.options.overviewRulerOptions.color, this._zonePool[this._zonePoolIndex].position = t.options.overviewRulerOptions.position, this._zonePool[this._zonePoolIndex].startBufferLine = t.marker.line, this._zonePool[this._zonePoolIndex].endBufferLine = t.marker.line, this._zones.push(this._zonePool[this._zonePoolIndex++]);
        return;
      }
      this._zones.push({ color: t.options.overviewRulerOptions.color, position: t.options.overviewRulerOptions.position, startBufferLine: t.marker.line, endBufferLine: t.marker.line }), this._zonePool.push(this._zones[this._zones.length - 1]), this._zonePoolIndex++;
    }
  }
  setPadding(t) {
    this._linePadding = t;
  }
  _lineIntersectsZone(t, e) {
    return e >= t.startBufferLine && e <= t.endBufferLine;
  }
  _lineAdjacentToZone(t, e, i) {
    return e >= t.startBufferLine - this._linePadding[i || "full"] && e <= t.endBufferLine + this._linePadding[i || "full"];
  }
  _addLineToZone(t, e) {
    t.startBufferLine = Math.min(t.startBufferLine, e), t.endBufferLine = Math.max(t.endBufferLine, e);
  }
};
var We = { full: 0, left: 0, center: 0, right: 0 };
var at = { full: 0, left: 0, center: 0, right: 0 };
var Li = { full: 0, left: 0, center: 0, right: 0 };
var bt = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u) {
    super();
    this._viewportElement = e;
    this._screenElement = i;
    this._bufferService = r4;
    this._decorationService = n;
    this._renderService = o2;
    this._optionsService = l2;
    this._themeService = a;
    this._coreBrowserService = u;
    this._colorZoneStore = new Gr();
    this._shouldUpdateDimensions = true;
    this._shouldUpdateAnchor = true;
    this._lastKnownBufferLength = 0;
    this._canvas = this._coreBrowserService.mainDocument.createElement("canvas"), this._canvas.classList.add("xterm-decoration-overview-ruler"), this._refreshCanvasDimensions(), this._viewportElement.parentElement?.insertBefore(this._canvas, this._viewportElement), this._register(C(() => this._canvas?.remove()));
    let h3 = this._canvas.getContext("2d");
    if (h3) this._ctx = h3;
    else throw new Error("Ctx cannot be null");
    this._register(this._decorationService.onDecorationRegistered(() => this._queueRefresh(void 0, true))), this._register(this._decorationService.onDecorationRemoved(() => this._queueRefresh(void 0, true))), this._register(this._renderService.onRenderedViewportChange(() => this._queueRefresh())), this._register(this._bufferService.buffers.onBufferActivate(() => {
      this._canvas.style.display = this._bufferService.buffer === this._bufferService.buffers.alt ? "none" : "block";
    })), this._register(this._bufferService.onScroll(() => {
      this._lastKnownBufferLength !== this._bufferService.buffers.normal.lines.length && (this._refreshDrawHeightConstants(), this._refreshColorZonePadding());
    })), this._register(this._renderService.onRender(() => {
      (!this._containerHeight || this._containerHeight !== this._screenElement.clientHeight) && (this._queueRefresh(true), this._containerHeight = this._screenElement.clientHeight);
    })), this._register(this._coreBrowserService.onDprChange(() => this._queueRefresh(true))), this._register(this._optionsService.onSpecificOptionChange("overviewRuler", () => this._queueRefresh(true))), this._register(this._themeService.onChangeColors(() => this._queueRefresh())), this._queueRefresh(true);
  }
  get _width() {
    return this._optionsService.options.overviewRuler?.width || 0;
  }
  _refreshDrawConstants() {
    let e = Math.floor((this._canvas.width - 1) / 3), i = Math.ceil((this._canvas.width - 1) / 3);
    at.full = this._canvas.width, at.left = e, at.center = i, at.right = e, this._refreshDrawHeightConstants(), Li.full = 1, Li.left = 1, Li.center = 1 + at.left, Li.right = 1 + at.left + at.center;
  }
  _refreshDrawHeightConstants() {
    We.full = Math.round(2 * this._coreBrowserService.dpr);
    let e = this._canvas.height / this._bufferService.buffer.lines.length, i = Math.round(Math.max(Math.min(e, 12), 6) * this._coreBrowserService.dpr);
    We.left = i, We.center = i, We.right = i;
  }
  _refreshColorZonePadding() {
    this._colorZoneStore.setPadding({ full: Math.floor(this._bufferService.buffers.active.lines.length / (this._canvas.height - 1) * We.full), left: Math.floor(this._bufferService.buffers.active.lines.length / (this._canvas.height - 1) * We.left), center: Math.floor(this._bufferService.buffers.active.lines.length / (this._canvas.height - 1) * We.center), right: Math.floor(this._bufferService.buffers.active.lines.length / (this._canvas.height - 1) * We.right) }), this._lastKnownBufferLength = this._bufferService.buffers.normal.lines.length;
  }
  _refreshCanvasDimensions() {
    this._canvas.style.width = `${this._width}px`, this._canvas.width = Math.round(this._width * this._coreBrowserService.dpr), this._canvas.style.height = `${this._screenElement.clientHeight}px`, this._canvas.height = Math.round(this._screenElement.clientHeight * this._coreBrowserService.dpr), this._refreshDrawConstants(), this._refreshColorZonePadding();
  }
  _refreshDecorations() {
    this._shouldUpdateDimensions && this._refreshCanvasDimensions(), this._ctx.clearRect(0, 0, this._canvas.width, this._canvas.height), this._colorZoneStore.clear();
    for (let i of this._decorationService.decorations) this._colorZoneStore.addDecoration(i);
    this._ctx.lineWidth = 1, this._renderRulerOutline();
    let e = this._colorZoneStore.zones;
    for (let i of e) i.position !== "full" && this._renderColorZone(i);
    for (let i of e) i.position === "full" && this._renderColorZone(i);
    this._shouldUpdateDimensions = false, this._shouldUpdateAnchor = false;
  }
  _renderRulerOutline() {
    this._ctx.fillStyle = this._themeService.colors.overviewRulerBorder.css, this._ctx.fillRect(0, 0, 1, this._canvas.height), this._optionsService.rawOptions.overviewRuler.showTopBorder && this._ctx.fillRect(1, 0, this._canvas.width - 1, 1), this._optionsService.rawOptions.overviewRuler.showBottomBorder && this._ctx.fillRect(1, this._canvas.height - 1, this._canvas.width - 1, this._canvas.height);
  }
  _renderColorZone(e) {
    this._ctx.fillStyle = e.color, this._ctx.fillRect(Li[e.position || "full"], Math.round((this._canvas.height - 1) * (e.startBufferLine / this._bufferService.buffers.active.lines.length) - We[e.position || "full"] / 2), at[e.position || "full"], Math.round((this._canvas.height - 1) * ((e.endBufferLine - e.startBufferLine) / this._bufferService.buffers.active.lines.length) + We[e.position || "full"]));
  }
  _queueRefresh(e, i) {
    this._shouldUpdateDimensions = e || this._shouldUpdateDimensions, this._shouldUpdateAnchor = i || this._shouldUpdateAnchor, this._animationFrame === void 0 && (this._animationFrame = this._coreBrowserService.window.requestAnimationFrame(() => {
      this._refreshDecorations(), this._animationFrame = void 0;
    }));
  }
};
bt = M([S(2, F), S(3, Be), S(4, ce), S(5, H), S(6, Re), S(7, ae)], bt);
var b;
((E) => (E.NUL = "\0", E.SOH = "", E.STX = "", E.ETX = "", E.EOT = "", E.ENQ = "", E.ACK = "", E.BEL = "\x07", E.BS = "\b", E.HT = "	", E.LF = `
`, E.VT = "\v", E.FF = "\f", E.CR = "\r", E.SO = "", E.SI = "", E.DLE = "", E.DC1 = "", E.DC2 = "", E.DC3 = "", E.DC4 = "", E.NAK = "", E.SYN = "", E.ETB = "", E.CAN = "", E.EM = "", E.SUB = "", E.ESC = "\x1B", E.FS = "", E.GS = "", E.RS = "", E.US = "", E.SP = " ", E.DEL = ""))(b ||= {});
var Ai;
((g2) => (g2.PAD = "", g2.HOP = "", g2.BPH = "", g2.NBH = "", g2.IND = "", g2.NEL = "", g2.SSA = "", g2.ESA = "", g2.HTS = "", g2.HTJ = "", g2.VTS = "", g2.PLD = "", g2.PLU = "", g2.RI = "", g2.SS2 = "", g2.SS3 = "", g2.DCS = "", g2.PU1 = "", g2.PU2 = "", g2.STS = "", g2.CCH = "", g2.MW = "", g2.SPA = "", g2.EPA = "", g2.SOS = "", g2.SGCI = "", g2.SCI = "", g2.CSI = "", g2.ST = "", g2.OSC = "", g2.PM = "", g2.APC = ""))(Ai ||= {});
var fs;
((t) => t.ST = `${b.ESC}\\`)(fs ||= {});
var $t = class {
  constructor(t, e, i, r4, n, o2) {
    this._textarea = t;
    this._compositionView = e;
    this._bufferService = i;
    this._optionsService = r4;
    this._coreService = n;
    this._renderService = o2;
    this._isComposing = false, this._isSendingComposition = false, this._compositionPosition = { start: 0, end: 0 }, this._dataAlreadySent = "";
  }
  get isComposing() {
    return this._isComposing;
  }
  compositionstart() {
    this._isComposing = true, this._compositionPosition.start = this._textarea.value.length, this._compositionView.textContent = "", this._dataAlreadySent = "", this._compositionView.classList.add("active");
  }
  compositionupdate(t) {
    this._compositionView.textContent = t.data, this.updateCompositionElements(), setTimeout(() => {
      this._compositionPosition.end = this._textarea.value.length;
    }, 0);
  }
  compositionend() {
    this._finalizeComposition(true);
  }
  keydown(t) {
    if (this._isComposing || this._isSendingComposition) {
      if (t.keyCode === 20 || t.keyCode === 229 || t.keyCode === 16 || t.keyCode === 17 || t.keyCode === 18) return false;
      this._finalizeComposition(false);
    }
    return t.keyCode === 229 ? (this._handleAnyTextareaChanges(), false) : true;
  }
  _finalizeComposition(t) {
    if (this._compositionView.classList.remove("active"), this._isComposing = false, t) {
      let e = { start: this._compositionPosition.start, end: this._compositionPosition.end };
      this._isSendingComposition = true, setTimeout(() => {
        if (this._isSendingComposition) {
          this._isSendingComposition = false;
          let i;
          e.start += this._dataAlreadySent.length, this._isComposing ? i = this._textarea.value.substring(e.start, this._compositionPosition.start) : i = this._textarea.value.substring(e.start), i.length > 0 && this._coreService.triggerDataEvent(i, true);
        }
      }, 0);
    } else {
      this._isSendingComposition = false;
      let e = this._textarea.value.substring(this._compositionPosition.start, this._compositionPosition.end);
      this._coreService.triggerDataEvent(e, true);
    }
  }
  _handleAnyTextareaChanges() {
    let t = this._textarea.value;
    setTimeout(() => {
      if (!this._isComposing) {
        let e = this._textarea.value, i = e.replace(t, "");
        this._dataAlreadySent = i, e.length > t.length ? this._coreService.triggerDataEvent(i, true) : e.length < t.length ? this._coreService.triggerDataEvent(`${b.DEL}`, true) : e.length === t.length && e !== t && this._coreService.triggerDataEvent(e, true);
      }
    }, 0);
  }
  updateCompositionElements(t) {
    if (this._isComposing) {
      if (this._bufferService.buffer.isCursorInViewport) {
        let e = Math.min(this._bufferService.buffer.x, this._bufferService.cols - 1), i = this._renderService.dimensions.css.cell.height, r4 = this._bufferService.buffer.y * this._renderService.dimensions.css.cell.height, n = e * this._renderService.dimensions.css.cell.width;
        this._compositionView.style.left = n + "px", this._compositionView.style.top = r4 + "px", this._compositionView.style.height = i + "px", this._compositionView.style.lineHeight = i + "px", this._compositionView.style.fontFamily = this._optionsService.rawOptions.fontFamily, this._compositionView.style.fontSize = this._optionsService.rawOptions.fontSize + "px";
        let o2 = this._compositionView.getBoundingClientRect();
        this._textarea.style.left = n + "px", this._textarea.style.top = r4 + "px", this._textarea.style.width = Math.max(o2.width, 1) + "px", this._textarea.style.height = Math.max(o2.height, 1) + "px", this._textarea.style.lineHeight = o2.height + "px";
      }
      t || setTimeout(() => this.updateCompositionElements(true), 0);
    }
  }
};
$t = M([S(2, F), S(3, H), S(4, ge), S(5, ce)], $t);
var ue = 0;
var he = 0;
var de = 0;
var J = 0;
var ps = { css: "#00000000", rgba: 0 };
var j;
((i) => {
  function s15(r4, n, o2, l2) {
    return l2 !== void 0 ? `#${vt(r4)}${vt(n)}${vt(o2)}${vt(l2)}` : `#${vt(r4)}${vt(n)}${vt(o2)}`;
  }
  i.toCss = s15;
  function t(r4, n, o2, l2 = 255) {
    return (r4 << 24 | n << 16 | o2 << 8 | l2) >>> 0;
  }
  i.toRgba = t;
  function e(r4, n, o2, l2) {
    return { css: i.toCss(r4, n, o2, l2), rgba: i.toRgba(r4, n, o2, l2) };
  }
  i.toColor = e;
})(j ||= {});
var U;
((l2) => {
  function s15(a, u) {
    if (J = (u.rgba & 255) / 255, J === 1) return { css: u.css, rgba: u.rgba };
    let h3 = u.rgba >> 24 & 255, c = u.rgba >> 16 & 255, d = u.rgba >> 8 & 255, _4 = a.rgba >> 24 & 255, p = a.rgba >> 16 & 255, m = a.rgba >> 8 & 255;
    ue = _4 + Math.round((h3 - _4) * J), he = p + Math.round((c - p) * J), de = m + Math.round((d - m) * J);
    let f = j.toCss(ue, he, de), A2 = j.toRgba(ue, he, de);
    return { css: f, rgba: A2 };
  }
  l2.blend = s15;
  function t(a) {
    return (a.rgba & 255) === 255;
  }
  l2.isOpaque = t;
  function e(a, u, h3) {
    let c = $r.ensureContrastRatio(a.rgba, u.rgba, h3);
    if (c) return j.toColor(c >> 24 & 255, c >> 16 & 255, c >> 8 & 255);
  }
  l2.ensureContrastRatio = e;
  function i(a) {
    let u = (a.rgba | 255) >>> 0;
    return [ue, he, de] = $r.toChannels(u), { css: j.toCss(ue, he, de), rgba: u };
  }
  l2.opaque = i;
  function r4(a, u) {
    return J = Math.round(u * 255), [ue, he, de] = $r.toChannels(a.rgba), { css: j.toCss(ue, he, de, J), rgba: j.toRgba(ue, he, de, J) };
  }
  l2.opacity = r4;
  function n(a, u) {
    return J = a.rgba & 255, r4(a, J * u / 255);
  }
  l2.multiplyOpacity = n;
  function o2(a) {
    return [a.rgba >> 24 & 255, a.rgba >> 16 & 255, a.rgba >> 8 & 255];
  }
  l2.toColorRGB = o2;
})(U ||= {});
var z;
((i) => {
  let s15, t;
  try {
    let r4 = document.createElement("canvas");
    r4.width = 1, r4.height = 1;
    let n = r4.getContext("2d", { willReadFrequently: true });
    n && (s15 = n, s15.globalCompositeOperation = "copy", t = s15.createLinearGradient(0, 0, 1, 1));
  } catch {
  }
  function e(r4) {
    if (r4.match(/#[\da-f]{3,8}/i)) switch (r4.length) {
      case 4:
        return ue = parseInt(r4.slice(1, 2).repeat(2), 16), he = parseInt(r4.slice(2, 3).repeat(2), 16), de = parseInt(r4.slice(3, 4).repeat(2), 16), j.toColor(ue, he, de);
      case 5:
        return ue = parseInt(r4.slice(1, 2).repeat(2), 16), he = parseInt(r4.slice(2, 3).repeat(2), 16), de = parseInt(r4.slice(3, 4).repeat(2), 16), J = parseInt(r4.slice(4, 5).repeat(2), 16), j.toColor(ue, he, de, J);
      case 7:
        return { css: r4, rgba: (parseInt(r4.slice(1), 16) << 8 | 255) >>> 0 };
      case 9:
        return { css: r4, rgba: parseInt(r4.slice(1), 16) >>> 0 };
    }
    let n = r4.match(/rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,\s*(0|1|\d?\.(\d+))\s*)?\)/);
    if (n) return ue = parseInt(n[1]), he = parseInt(n[2]), de = parseInt(n[3]), J = Math.round((n[5] === void 0 ? 1 : parseFloat(n[5])) * 255), j.toColor(ue, he, de, J);
    if (!s15 || !t) throw new Error("css.toColor: Unsupported css format");
    if (s15.fillStyle = t, s15.fillStyle = r4, typeof s15.fillStyle != "string") throw new Error("css.toColor: Unsupported css format");
    if (s15.fillRect(0, 0, 1, 1), [ue, he, de, J] = s15.getImageData(0, 0, 1, 1).data, J !== 255) throw new Error("css.toColor: Unsupported css format");
    return { rgba: j.toRgba(ue, he, de, J), css: r4 };
  }
  i.toColor = e;
})(z ||= {});
var ve;
((e) => {
  function s15(i) {
    return t(i >> 16 & 255, i >> 8 & 255, i & 255);
  }
  e.relativeLuminance = s15;
  function t(i, r4, n) {
    let o2 = i / 255, l2 = r4 / 255, a = n / 255, u = o2 <= 0.03928 ? o2 / 12.92 : Math.pow((o2 + 0.055) / 1.055, 2.4), h3 = l2 <= 0.03928 ? l2 / 12.92 : Math.pow((l2 + 0.055) / 1.055, 2.4), c = a <= 0.03928 ? a / 12.92 : Math.pow((a + 0.055) / 1.055, 2.4);
    return u * 0.2126 + h3 * 0.7152 + c * 0.0722;
  }
  e.relativeLuminance2 = t;
})(ve ||= {});
var $r;
((n) => {
  function s15(o2, l2) {
    if (J = (l2 & 255) / 255, J === 1) return l2;
    let a = l2 >> 24 & 255, u = l2 >> 16 & 255, h3 = l2 >> 8 & 255, c = o2 >> 24 & 255, d = o2 >> 16 & 255, _4 = o2 >> 8 & 255;
    return ue = c + Math.round((a - c) * J), he = d + Math.round((u - d) * J), de = _4 + Math.round((h3 - _4) * J), j.toRgba(ue, he, de);
  }
  n.blend = s15;
  function t(o2, l2, a) {
    let u = ve.relativeLuminance(o2 >> 8), h3 = ve.relativeLuminance(l2 >> 8);
    if (Xe(u, h3) < a) {
      if (h3 < u) {
        let p = e(o2, l2, a), m = Xe(u, ve.relativeLuminance(p >> 8));
        if (m < a) {
          let f = i(o2, l2, a), A2 = Xe(u, ve.relativeLuminance(f >> 8));
          return m > A2 ? p : f;
        }
        return p;
      }
      let d = i(o2, l2, a), _4 = Xe(u, ve.relativeLuminance(d >> 8));
      if (_4 < a) {
        let p = e(o2, l2, a), m = Xe(u, ve.relativeLuminance(p >> 8));
        return _4 > m ? d : p;
      }
      return d;
    }
  }
  n.ensureContrastRatio = t;
  function e(o2, l2, a) {
    let u = o2 >> 24 & 255, h3 = o2 >> 16 & 255, c = o2 >> 8 & 255, d = l2 >> 24 & 255, _4 = l2 >> 16 & 255, p = l2 >> 8 & 255, m = Xe(ve.relativeLuminance2(d, _4, p), ve.relativeLuminance2(u, h3, c));
    for (; m < a && (d > 0 || _4 > 0 || p > 0); ) d -= Math.max(0, Math.ceil(d * 0.1)), _4 -= Math.max(0, Math.ceil(_4 * 0.1)), p -= Math.max(0, Math.ceil(p * 0.1)), m = Xe(ve.relativeLuminance2(d, _4, p), ve.relativeLuminance2(u, h3, c));
    return (d << 24 | _4 << 16 | p << 8 | 255) >>> 0;
  }
  n.reduceLuminance = e;
  function i(o2, l2, a) {
    let u = o2 >> 24 & 255, h3 = o2 >> 16 & 255, c = o2 >> 8 & 255, d = l2 >> 24 & 255, _4 = l2 >> 16 & 255, p = l2 >> 8 & 255, m = Xe(ve.relativeLuminance2(d, _4, p), ve.relativeLuminance2(u, h3, c));
    for (; m < a && (d < 255 || _4 < 255 || p < 255); ) d = Math.min(255, d + Math.ceil((255 - d) * 0.1)), _4 = Math.min(255, _4 + Math.ceil((255 - _4) * 0.1)), p = Math.min(255, p + Math.ceil((255 - p) * 0.1)), m = Xe(ve.relativeLuminance2(d, _4, p), ve.relativeLuminance2(u, h3, c));
    return (d << 24 | _4 << 16 | p << 8 | 255) >>> 0;
  }
  n.increaseLuminance = i;
  function r4(o2) {
    return [o2 >> 24 & 255, o2 >> 16 & 255, o2 >> 8 & 255, o2 & 255];
  }
  n.toChannels = r4;
})($r ||= {});
function vt(s15) {
  let t = s15.toString(16);
  return t.length < 2 ? "0" + t : t;
}
function Xe(s15, t) {
  return s15 < t ? (t + 0.05) / (s15 + 0.05) : (s15 + 0.05) / (t + 0.05);
}
var Vr = class extends De {
  constructor(e, i, r4) {
    super();
    this.content = 0;
    this.combinedData = "";
    this.fg = e.fg, this.bg = e.bg, this.combinedData = i, this._width = r4;
  }
  isCombined() {
    return 2097152;
  }
  getWidth() {
    return this._width;
  }
  getChars() {
    return this.combinedData;
  }
  getCode() {
    return 2097151;
  }
  setFromCharData(e) {
    throw new Error("not implemented");
  }
  getAsCharData() {
    return [this.fg, this.getChars(), this.getWidth(), this.getCode()];
  }
};
var ct = class {
  constructor(t) {
    this._bufferService = t;
    this._characterJoiners = [];
    this._nextCharacterJoinerId = 0;
    this._workCell = new q();
  }
  register(t) {
    let e = { id: this._nextCharacterJoinerId++, handler: t };
    return this._characterJoiners.push(e), e.id;
  }
  deregister(t) {
    for (let e = 0; e < this._characterJoiners.length; e++) if (this._characterJoiners[e].id === t) return this._characterJoiners.splice(e, 1), true;
    return false;
  }
  getJoinedCharacters(t) {
    if (this._characterJoiners.length === 0) return [];
    let e = this._bufferService.buffer.lines.get(t);
    if (!e || e.length === 0) return [];
    let i = [], r4 = e.translateToString(true), n = 0, o2 = 0, l2 = 0, a = e.getFg(0), u = e.getBg(0);
    for (let h3 = 0; h3 < e.getTrimmedLength(); h3++) if (e.loadCell(h3, this._workCell), this._workCell.getWidth() !== 0) {
      if (this._workCell.fg !== a || this._workCell.bg !== u) {
        if (h3 - n > 1) {
          let c = this._getJoinedRanges(r4, l2, o2, e, n);
          for (let d = 0; d < c.length; d++) i.push(c[d]);
        }
        n = h3, l2 = o2, a = this._workCell.fg, u = this._workCell.bg;
      }
      o2 += this._workCell.getChars().length || we.length;
    }
    if (this._bufferService.cols - n > 1) {
      let h3 = this._getJoinedRanges(r4, l2, o2, e, n);
      for (let c = 0; c < h3.length; c++) i.push(h3[c]);
    }
    return i;
  }
  _getJoinedRanges(t, e, i, r4, n) {
    let o2 = t.substring(e, i), l2 = [];
    try {
      l2 = this._characterJoiners[0].handler(o2);
    } catch (a) {
      console.error(a);
    }
    for (let a = 1; a < this._characterJoiners.length; a++) try {
      let u = this._characterJoiners[a].handler(o2);
      for (let h3 = 0; h3 < u.length; h3++) ct._mergeRanges(l2, u[h3]);
    } catch (u) {
      console.error(u);
    }
    return this._stringRangesToCellRanges(l2, r4, n), l2;
  }
  _stringRangesToCellRanges(t, e, i) {
    let r4 = 0, n = false, o2 = 0, l2 = t[r4];
    if (l2) {
      for (let a = i; a < this._bufferService.cols; a++) {
        let u = e.getWidth(a), h3 = e.getString(a).length || we.length;
        if (u !== 0) {
          if (!n && l2[0] <= o2 && (l2[0] = a, n = true), l2[1] <= o2) {
            if (l2[1] = a, l2 = t[++r4], !l2) break;
            l2[0] <= o2 ? (l2[0] = a, n = true) : n = false;
          }
          o2 += h3;
        }
      }
      l2 && (l2[1] = this._bufferService.cols);
    }
  }
  static _mergeRanges(t, e) {
    let i = false;
    for (let r4 = 0; r4 < t.length; r4++) {
      let n = t[r4];
      if (i) {
        if (e[1] <= n[0]) return t[r4 - 1][1] = e[1], t;
        if (e[1] <= n[1]) return t[r4 - 1][1] = Math.max(e[1], n[1]), t.splice(r4, 1), t;
        t.splice(r4, 1), r4--;
      } else {
        if (e[1] <= n[0]) return t.splice(r4, 0, e), t;
        if (e[1] <= n[1]) return n[0] = Math.min(e[0], n[0]), t;
        e[0] < n[1] && (n[0] = Math.min(e[0], n[0]), i = true);
        continue;
      }
    }
    return i ? t[t.length - 1][1] = e[1] : t.push(e), t;
  }
};
ct = M([S(0, F)], ct);
function Oa(s15) {
  return 57508 <= s15 && s15 <= 57558;
}
function Ba(s15) {
  return 9472 <= s15 && s15 <= 9631;
}
function $o(s15) {
  return Oa(s15) || Ba(s15);
}
function Vo() {
  return { css: { canvas: qr(), cell: qr() }, device: { canvas: qr(), cell: qr(), char: { width: 0, height: 0, left: 0, top: 0 } } };
}
function qr() {
  return { width: 0, height: 0 };
}
var Vt = class {
  constructor(t, e, i, r4, n, o2, l2) {
    this._document = t;
    this._characterJoinerService = e;
    this._optionsService = i;
    this._coreBrowserService = r4;
    this._coreService = n;
    this._decorationService = o2;
    this._themeService = l2;
    this._workCell = new q();
    this._columnSelectMode = false;
    this.defaultSpacing = 0;
  }
  handleSelectionChanged(t, e, i) {
    this._selectionStart = t, this._selectionEnd = e, this._columnSelectMode = i;
  }
  createRow(t, e, i, r4, n, o2, l2, a, u, h3, c) {
    let d = [], _4 = this._characterJoinerService.getJoinedCharacters(e), p = this._themeService.colors, m = t.getNoBgTrimmedLength();
    i && m < o2 + 1 && (m = o2 + 1);
    let f, A2 = 0, R = "", O2 = 0, I = 0, k3 = 0, P3 = 0, oe = false, Me2 = 0, Pe2 = false, Ke = 0, di = 0, V3 = [], Qe2 = h3 !== -1 && c !== -1;
    for (let y = 0; y < m; y++) {
      t.loadCell(y, this._workCell);
      let T = this._workCell.getWidth();
      if (T === 0) continue;
      let g2 = false, w2 = y >= di, E = y, x = this._workCell;
      if (_4.length > 0 && y === _4[0][0] && w2) {
        let W2 = _4.shift(), An = this._isCellInSelection(W2[0], e);
        for (O2 = W2[0] + 1; O2 < W2[1]; O2++) w2 &&= An === this._isCellInSelection(O2, e);
        w2 &&= !i || o2 < W2[0] || o2 >= W2[1], w2 ? (g2 = true, x = new Vr(this._workCell, t.translateToString(true, W2[0], W2[1]), W2[1] - W2[0]), E = W2[1] - 1, T = x.getWidth()) : di = W2[1];
      }
      let N2 = this._isCellInSelection(y, e), Z = i && y === o2, te2 = Qe2 && y >= h3 && y <= c, Oe2 = false;
      this._decorationService.forEachDecorationAtCell(y, e, void 0, (W2) => {
        Oe2 = true;
      });
      let ze2 = x.getChars() || we;
      if (ze2 === " " && (x.isUnderline() || x.isOverline()) && (ze2 = " "), Ke = T * a - u.get(ze2, x.isBold(), x.isItalic()), !f) f = this._document.createElement("span");
      else if (A2 && (N2 && Pe2 || !N2 && !Pe2 && x.bg === I) && (N2 && Pe2 && p.selectionForeground || x.fg === k3) && x.extended.ext === P3 && te2 === oe && Ke === Me2 && !Z && !g2 && !Oe2 && w2) {
        x.isInvisible() ? R += we : R += ze2, A2++;
        continue;
      } else A2 && (f.textContent = R), f = this._document.createElement("span"), A2 = 0, R = "";
      if (I = x.bg, k3 = x.fg, P3 = x.extended.ext, oe = te2, Me2 = Ke, Pe2 = N2, g2 && o2 >= y && o2 <= E && (o2 = y), !this._coreService.isCursorHidden && Z && this._coreService.isCursorInitialized) {
        if (V3.push("xterm-cursor"), this._coreBrowserService.isFocused) l2 && V3.push("xterm-cursor-blink"), V3.push(r4 === "bar" ? "xterm-cursor-bar" : r4 === "underline" ? "xterm-cursor-underline" : "xterm-cursor-block");
        else if (n) switch (n) {
          case "outline":
            V3.push("xterm-cursor-outline");
            break;
          case "block":
            V3.push("xterm-cursor-block");
            break;
          case "bar":
            V3.push("xterm-cursor-bar");
            break;
          case "underline":
            V3.push("xterm-cursor-underline");
            break;
          default:
            break;
        }
      }
      if (x.isBold() && V3.push("xterm-bold"), x.isItalic() && V3.push("xterm-italic"), x.isDim() && V3.push("xterm-dim"), x.isInvisible() ? R = we : R = x.getChars() || we, x.isUnderline() && (V3.push(`xterm-underline-${x.extended.underlineStyle}`), R === " " && (R = " "), !x.isUnderlineColorDefault())) if (x.isUnderlineColorRGB()) f.style.textDecorationColor = `rgb(${De.toColorRGB(x.getUnderlineColor()).join(",")})`;
      else {
        let W2 = x.getUnderlineColor();
        this._optionsService.rawOptions.drawBoldTextInBrightColors && x.isBold() && W2 < 8 && (W2 += 8), f.style.textDecorationColor = p.ansi[W2].css;
      }
      x.isOverline() && (V3.push("xterm-overline"), R === " " && (R = " ")), x.isStrikethrough() && V3.push("xterm-strikethrough"), te2 && (f.style.textDecoration = "underline");
      let le2 = x.getFgColor(), et = x.getFgColorMode(), me2 = x.getBgColor(), ht = x.getBgColorMode(), fi = !!x.isInverse();
      if (fi) {
        let W2 = le2;
        le2 = me2, me2 = W2;
        let An = et;
        et = ht, ht = An;
      }
      let tt2, Qi, pi = false;
      this._decorationService.forEachDecorationAtCell(y, e, void 0, (W2) => {
        W2.options.layer !== "top" && pi || (W2.backgroundColorRGB && (ht = 50331648, me2 = W2.backgroundColorRGB.rgba >> 8 & 16777215, tt2 = W2.backgroundColorRGB), W2.foregroundColorRGB && (et = 50331648, le2 = W2.foregroundColorRGB.rgba >> 8 & 16777215, Qi = W2.foregroundColorRGB), pi = W2.options.layer === "top");
      }), !pi && N2 && (tt2 = this._coreBrowserService.isFocused ? p.selectionBackgroundOpaque : p.selectionInactiveBackgroundOpaque, me2 = tt2.rgba >> 8 & 16777215, ht = 50331648, pi = true, p.selectionForeground && (et = 50331648, le2 = p.selectionForeground.rgba >> 8 & 16777215, Qi = p.selectionForeground)), pi && V3.push("xterm-decoration-top");
      let it2;
      switch (ht) {
        case 16777216:
        case 33554432:
          it2 = p.ansi[me2], V3.push(`xterm-bg-${me2}`);
          break;
        case 50331648:
          it2 = j.toColor(me2 >> 16, me2 >> 8 & 255, me2 & 255), this._addStyle(f, `background-color:#${qo((me2 >>> 0).toString(16), "0", 6)}`);
          break;
        case 0:
        default:
          fi ? (it2 = p.foreground, V3.push(`xterm-bg-${257}`)) : it2 = p.background;
      }
      switch (tt2 || x.isDim() && (tt2 = U.multiplyOpacity(it2, 0.5)), et) {
        case 16777216:
        case 33554432:
          x.isBold() && le2 < 8 && this._optionsService.rawOptions.drawBoldTextInBrightColors && (le2 += 8), this._applyMinimumContrast(f, it2, p.ansi[le2], x, tt2, void 0) || V3.push(`xterm-fg-${le2}`);
          break;
        case 50331648:
          let W2 = j.toColor(le2 >> 16 & 255, le2 >> 8 & 255, le2 & 255);
          this._applyMinimumContrast(f, it2, W2, x, tt2, Qi) || this._addStyle(f, `color:#${qo(le2.toString(16), "0", 6)}`);
          break;
        case 0:
        default:
          this._applyMinimumContrast(f, it2, p.foreground, x, tt2, Qi) || fi && V3.push(`xterm-fg-${257}`);
      }
      V3.length && (f.className = V3.join(" "), V3.length = 0), !Z && !g2 && !Oe2 && w2 ? A2++ : f.textContent = R, Ke !== this.defaultSpacing && (f.style.letterSpacing = `${Ke}px`), d.push(f), y = E;
    }
    return f && A2 && (f.textContent = R), d;
  }
  _applyMinimumContrast(t, e, i, r4, n, o2) {
    if (this._optionsService.rawOptions.minimumContrastRatio === 1 || $o(r4.getCode())) return false;
    let l2 = this._getContrastCache(r4), a;
    if (!n && !o2 && (a = l2.getColor(e.rgba, i.rgba)), a === void 0) {
      let u = this._optionsService.rawOptions.minimumContrastRatio / (r4.isDim() ? 2 : 1);
      a = U.ensureContrastRatio(n || e, o2 || i, u), l2.setColor((n || e).rgba, (o2 || i).rgba, a ?? null);
    }
    return a ? (this._addStyle(t, `color:${a.css}`), true) : false;
  }
  _getContrastCache(t) {
    return t.isDim() ? this._themeService.colors.halfContrastCache : this._themeService.colors.contrastCache;
  }
  _addStyle(t, e) {
    t.style.cssText += e + ";";
  }
  _isCellInSelection(t, e) {
    let i = this._selectionStart, r4 = this._selectionEnd;
    return !i || !r4 ? false : this._columnSelectMode ? i[0] <= r4[0] ? t >= i[0] && e >= i[1] && t < r4[0] && e <= r4[1] : t < i[0] && e >= i[1] && t >= r4[0] && e <= r4[1] : e > i[1] && e < r4[1] || i[1] === r4[1] && e === i[1] && t >= i[0] && t < r4[0] || i[1] < r4[1] && e === r4[1] && t < r4[0] || i[1] < r4[1] && e === i[1] && t >= i[0];
  }
};
Vt = M([S(1, or), S(2, H), S(3, ae), S(4, ge), S(5, Be), S(6, Re)], Vt);
function qo(s15, t, e) {
  for (; s15.length < e; ) s15 = t + s15;
  return s15;
}
var Yr = class {
  constructor(t, e) {
    this._flat = new Float32Array(256);
    this._font = "";
    this._fontSize = 0;
    this._weight = "normal";
    this._weightBold = "bold";
    this._measureElements = [];
    this._container = t.createElement("div"), this._container.classList.add("xterm-width-cache-measure-container"), this._container.setAttribute("aria-hidden", "true"), this._container.style.whiteSpace = "pre", this._container.style.fontKerning = "none";
    let i = t.createElement("span");
    i.classList.add("xterm-char-measure-element");
    let r4 = t.createElement("span");
    r4.classList.add("xterm-char-measure-element"), r4.style.fontWeight = "bold";
    let n = t.createElement("span");
    n.classList.add("xterm-char-measure-element"), n.style.fontStyle = "italic";
    let o2 = t.createElement("span");
    o2.classList.add("xterm-char-measure-element"), o2.style.fontWeight = "bold", o2.style.fontStyle = "italic", this._measureElements = [i, r4, n, o2], this._container.appendChild(i), this._container.appendChild(r4), this._container.appendChild(n), this._container.appendChild(o2), e.appendChild(this._container), this.clear();
  }
  dispose() {
    this._container.remove(), this._measureElements.length = 0, this._holey = void 0;
  }
  clear() {
    this._flat.fill(-9999), this._holey = /* @__PURE__ */ new Map();
  }
  setFont(t, e, i, r4) {
    t === this._font && e === this._fontSize && i === this._weight && r4 === this._weightBold || (this._font = t, this._fontSize = e, this._weight = i, this._weightBold = r4, this._container.style.fontFamily = this._font, this._container.style.fontSize = `${this._fontSize}px`, this._measureElements[0].style.fontWeight = `${i}`, this._measureElements[1].style.fontWeight = `${r4}`, this._measureElements[2].style.fontWeight = `${i}`, this._measureElements[3].style.fontWeight = `${r4}`, this.clear());
  }
  get(t, e, i) {
    let r4 = 0;
    if (!e && !i && t.length === 1 && (r4 = t.charCodeAt(0)) < 256) {
      if (this._flat[r4] !== -9999) return this._flat[r4];
      let l2 = this._measure(t, 0);
      return l2 > 0 && (this._flat[r4] = l2), l2;
    }
    let n = t;
    e && (n += "B"), i && (n += "I");
    let o2 = this._holey.get(n);
    if (o2 === void 0) {
      let l2 = 0;
      e && (l2 |= 1), i && (l2 |= 2), o2 = this._measure(t, l2), o2 > 0 && this._holey.set(n, o2);
    }
    return o2;
  }
  _measure(t, e) {
    let i = this._measureElements[e];
    return i.textContent = t.repeat(32), i.offsetWidth / 32;
  }
};
var ms = class {
  constructor() {
    this.clear();
  }
  clear() {
    this.hasSelection = false, this.columnSelectMode = false, this.viewportStartRow = 0, this.viewportEndRow = 0, this.viewportCappedStartRow = 0, this.viewportCappedEndRow = 0, this.startCol = 0, this.endCol = 0, this.selectionStart = void 0, this.selectionEnd = void 0;
  }
  update(t, e, i, r4 = false) {
    if (this.selectionStart = e, this.selectionEnd = i, !e || !i || e[0] === i[0] && e[1] === i[1]) {
      this.clear();
      return;
    }
    let n = t.buffers.active.ydisp, o2 = e[1] - n, l2 = i[1] - n, a = Math.max(o2, 0), u = Math.min(l2, t.rows - 1);
    if (a >= t.rows || u < 0) {
      this.clear();
      return;
    }
    this.hasSelection = true, this.columnSelectMode = r4, this.viewportStartRow = o2, this.viewportEndRow = l2, this.viewportCappedStartRow = a, this.viewportCappedEndRow = u, this.startCol = e[0], this.endCol = i[0];
  }
  isCellSelected(t, e, i) {
    return this.hasSelection ? (i -= t.buffer.active.viewportY, this.columnSelectMode ? this.startCol <= this.endCol ? e >= this.startCol && i >= this.viewportCappedStartRow && e < this.endCol && i <= this.viewportCappedEndRow : e < this.startCol && i >= this.viewportCappedStartRow && e >= this.endCol && i <= this.viewportCappedEndRow : i > this.viewportStartRow && i < this.viewportEndRow || this.viewportStartRow === this.viewportEndRow && i === this.viewportStartRow && e >= this.startCol && e < this.endCol || this.viewportStartRow < this.viewportEndRow && i === this.viewportEndRow && e < this.endCol || this.viewportStartRow < this.viewportEndRow && i === this.viewportStartRow && e >= this.startCol) : false;
  }
};
function Yo() {
  return new ms();
}
var _s = "xterm-dom-renderer-owner-";
var Le = "xterm-rows";
var jr = "xterm-fg-";
var jo = "xterm-bg-";
var ki = "xterm-focus";
var Xr = "xterm-selection";
var Na = 1;
var Yt = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u, h3, c, d, _4, p, m) {
    super();
    this._terminal = e;
    this._document = i;
    this._element = r4;
    this._screenElement = n;
    this._viewportElement = o2;
    this._helperContainer = l2;
    this._linkifier2 = a;
    this._charSizeService = h3;
    this._optionsService = c;
    this._bufferService = d;
    this._coreService = _4;
    this._coreBrowserService = p;
    this._themeService = m;
    this._terminalClass = Na++;
    this._rowElements = [];
    this._selectionRenderModel = Yo();
    this.onRequestRedraw = this._register(new v()).event;
    this._rowContainer = this._document.createElement("div"), this._rowContainer.classList.add(Le), this._rowContainer.style.lineHeight = "normal", this._rowContainer.setAttribute("aria-hidden", "true"), this._refreshRowElements(this._bufferService.cols, this._bufferService.rows), this._selectionContainer = this._document.createElement("div"), this._selectionContainer.classList.add(Xr), this._selectionContainer.setAttribute("aria-hidden", "true"), this.dimensions = Vo(), this._updateDimensions(), this._register(this._optionsService.onOptionChange(() => this._handleOptionsChanged())), this._register(this._themeService.onChangeColors((f) => this._injectCss(f))), this._injectCss(this._themeService.colors), this._rowFactory = u.createInstance(Vt, document), this._element.classList.add(_s + this._terminalClass), this._screenElement.appendChild(this._rowContainer), this._screenElement.appendChild(this._selectionContainer), this._register(this._linkifier2.onShowLinkUnderline((f) => this._handleLinkHover(f))), this._register(this._linkifier2.onHideLinkUnderline((f) => this._handleLinkLeave(f))), this._register(C(() => {
      this._element.classList.remove(_s + this._terminalClass), this._rowContainer.remove(), this._selectionContainer.remove(), this._widthCache.dispose(), this._themeStyleElement.remove(), this._dimensionsStyleElement.remove();
    })), this._widthCache = new Yr(this._document, this._helperContainer), this._widthCache.setFont(this._optionsService.rawOptions.fontFamily, this._optionsService.rawOptions.fontSize, this._optionsService.rawOptions.fontWeight, this._optionsService.rawOptions.fontWeightBold), this._setDefaultSpacing();
  }
  _updateDimensions() {
    let e = this._coreBrowserService.dpr;
    this.dimensions.device.char.width = this._charSizeService.width * e, this.dimensions.device.char.height = Math.ceil(this._charSizeService.height * e), this.dimensions.device.cell.width = this.dimensions.device.char.width + Math.round(this._optionsService.rawOptions.letterSpacing), this.dimensions.device.cell.height = Math.floor(this.dimensions.device.char.height * this._optionsService.rawOptions.lineHeight), this.dimensions.device.char.left = 0, this.dimensions.device.char.top = 0, this.dimensions.device.canvas.width = this.dimensions.device.cell.width * this._bufferService.cols, this.dimensions.device.canvas.height = this.dimensions.device.cell.height * this._bufferService.rows, this.dimensions.css.canvas.width = Math.round(this.dimensions.device.canvas.width / e), this.dimensions.css.canvas.height = Math.round(this.dimensions.device.canvas.height / e), this.dimensions.css.cell.width = this.dimensions.css.canvas.width / this._bufferService.cols, this.dimensions.css.cell.height = this.dimensions.css.canvas.height / this._bufferService.rows;
    for (let r4 of this._rowElements) r4.style.width = `${this.dimensions.css.canvas.width}px`, r4.style.height = `${this.dimensions.css.cell.height}px`, r4.style.lineHeight = `${this.dimensions.css.cell.height}px`, r4.style.overflow = "hidden";
    this._dimensionsStyleElement || (this._dimensionsStyleElement = globalThis.__serialhubCspStyle(this._document), this._screenElement.appendChild(this._dimensionsStyleElement));
    let i = `${this._terminalSelector} .${Le} span { display: inline-block; height: 100%; vertical-align: top;}`;
    this._dimensionsStyleElement.textContent = i, this._selectionContainer.style.height = this._viewportElement.style.height, this._screenElement.style.width = `${this.dimensions.css.canvas.width}px`, this._screenElement.style.height = `${this.dimensions.css.canvas.height}px`;
  }
  _injectCss(e) {
    this._themeStyleElement || (this._themeStyleElement = globalThis.__serialhubCspStyle(this._document), this._screenElement.appendChild(this._themeStyleElement));
    let i = `${this._terminalSelector} .${Le} { pointer-events: none; color: ${e.foreground.css}; font-family: ${this._optionsService.rawOptions.fontFamily}; font-size: ${this._optionsService.rawOptions.fontSize}px; font-kerning: none; white-space: pre}`;
    i += `${this._terminalSelector} .${Le} .xterm-dim { color: ${U.multiplyOpacity(e.foreground, 0.5).css};}`, i += `${this._terminalSelector} span:not(.xterm-bold) { font-weight: ${this._optionsService.rawOptions.fontWeight};}${this._terminalSelector} span.xterm-bold { font-weight: ${this._optionsService.rawOptions.fontWeightBold};}${this._terminalSelector} span.xterm-italic { font-style: italic;}`;
    let r4 = `blink_underline_${this._terminalClass}`, n = `blink_bar_${this._terminalClass}`, o2 = `blink_block_${this._terminalClass}`;
    i += `@keyframes ${r4} { 50% {  border-bottom-style: hidden; }}`, i += `@keyframes ${n} { 50% {  box-shadow: none; }}`, i += `@keyframes ${o2} { 0% {  background-color: ${e.cursor.css};  color: ${e.cursorAccent.css}; } 50% {  background-color: inherit;  color: ${e.cursor.css}; }}`, i += `${this._terminalSelector} .${Le}.${ki} .xterm-cursor.xterm-cursor-blink.xterm-cursor-underline { animation: ${r4} 1s step-end infinite;}${this._terminalSelector} .${Le}.${ki} .xterm-cursor.xterm-cursor-blink.xterm-cursor-bar { animation: ${n} 1s step-end infinite;}${this._terminalSelector} .${Le}.${ki} .xterm-cursor.xterm-cursor-blink.xterm-cursor-block { animation: ${o2} 1s step-end infinite;}${this._terminalSelector} .${Le} .xterm-cursor.xterm-cursor-block { background-color: ${e.cursor.css}; color: ${e.cursorAccent.css};}${this._terminalSelector} .${Le} .xterm-cursor.xterm-cursor-block:not(.xterm-cursor-blink) { background-color: ${e.cursor.css} !important; color: ${e.cursorAccent.css} !important;}${this._terminalSelector} .${Le} .xterm-cursor.xterm-cursor-outline { outline: 1px solid ${e.cursor.css}; outline-offset: -1px;}${this._terminalSelector} .${Le} .xterm-cursor.xterm-cursor-bar { box-shadow: ${this._optionsService.rawOptions.cursorWidth}px 0 0 ${e.cursor.css} inset;}${this._terminalSelector} .${Le} .xterm-cursor.xterm-cursor-underline { border-bottom: 1px ${e.cursor.css}; border-bottom-style: solid; height: calc(100% - 1px);}`, i += `${this._terminalSelector} .${Xr} { position: absolute; top: 0; left: 0; z-index: 1; pointer-events: none;}${this._terminalSelector}.focus .${Xr} div { position: absolute; background-color: ${e.selectionBackgroundOpaque.css};}${this._terminalSelector} .${Xr} div { position: absolute; background-color: ${e.selectionInactiveBackgroundOpaque.css};}`;
    for (let [l2, a] of e.ansi.entries()) i += `${this._terminalSelector} .${jr}${l2} { color: ${a.css}; }${this._terminalSelector} .${jr}${l2}.xterm-dim { color: ${U.multiplyOpacity(a, 0.5).css}; }${this._terminalSelector} .${jo}${l2} { background-color: ${a.css}; }`;
    i += `${this._terminalSelector} .${jr}${257} { color: ${U.opaque(e.background).css}; }${this._terminalSelector} .${jr}${257}.xterm-dim { color: ${U.multiplyOpacity(U.opaque(e.background), 0.5).css}; }${this._terminalSelector} .${jo}${257} { background-color: ${e.foreground.css}; }`, this._themeStyleElement.textContent = i;
  }
  _setDefaultSpacing() {
    let e = this.dimensions.css.cell.width - this._widthCache.get("W", false, false);
    this._rowContainer.style.letterSpacing = `${e}px`, this._rowFactory.defaultSpacing = e;
  }
  handleDevicePixelRatioChange() {
    this._updateDimensions(), this._widthCache.clear(), this._setDefaultSpacing();
  }
  _refreshRowElements(e, i) {
    for (let r4 = this._rowElements.length; r4 <= i; r4++) {
      let n = this._document.createElement("div");
      this._rowContainer.appendChild(n), this._rowElements.push(n);
    }
    for (; this._rowElements.length > i; ) this._rowContainer.removeChild(this._rowElements.pop());
  }
  handleResize(e, i) {
    this._refreshRowElements(e, i), this._updateDimensions(), this.handleSelectionChanged(this._selectionRenderModel.selectionStart, this._selectionRenderModel.selectionEnd, this._selectionRenderModel.columnSelectMode);
  }
  handleCharSizeChanged() {
    this._updateDimensions(), this._widthCache.clear(), this._setDefaultSpacing();
  }
  handleBlur() {
    this._rowContainer.classList.remove(ki), this.renderRows(0, this._bufferService.rows - 1);
  }
  handleFocus() {
    this._rowContainer.classList.add(ki), this.renderRows(this._bufferService.buffer.y, this._bufferService.buffer.y);
  }
  handleSelectionChanged(e, i, r4) {
    if (this._selectionContainer.replaceChildren(), this._rowFactory.handleSelectionChanged(e, i, r4), this.renderRows(0, this._bufferService.rows - 1), !e || !i || (this._selectionRenderModel.update(this._terminal, e, i, r4), !this._selectionRenderModel.hasSelection)) return;
    let n = this._selectionRenderModel.viewportStartRow, o2 = this._selectionRenderModel.viewportEndRow, l2 = this._selectionRenderModel.viewportCappedStartRow, a = this._selectionRenderModel.viewportCappedEndRow, u = this._document.createDocumentFragment();
    if (r4) {
      let h3 = e[0] > i[0];
      u.appendChild(this._createSelectionElement(l2, h3 ? i[0] : e[0], h3 ? e[0] : i[0], a - l2 + 1));
    } else {
      let h3 = n === l2 ? e[0] : 0, c = l2 === o2 ? i[0] : this._bufferService.cols;
      u.appendChild(this._createSelectionElement(l2, h3, c));
      let d = a - l2 - 1;
      if (u.appendChild(this._createSelectionElement(l2 + 1, 0, this._bufferService.cols, d)), l2 !== a) {
        let _4 = o2 === a ? i[0] : this._bufferService.cols;
        u.appendChild(this._createSelectionElement(a, 0, _4));
      }
    }
    this._selectionContainer.appendChild(u);
  }
  _createSelectionElement(e, i, r4, n = 1) {
    let o2 = this._document.createElement("div"), l2 = i * this.dimensions.css.cell.width, a = this.dimensions.css.cell.width * (r4 - i);
    return l2 + a > this.dimensions.css.canvas.width && (a = this.dimensions.css.canvas.width - l2), o2.style.height = `${n * this.dimensions.css.cell.height}px`, o2.style.top = `${e * this.dimensions.css.cell.height}px`, o2.style.left = `${l2}px`, o2.style.width = `${a}px`, o2;
  }
  handleCursorMove() {
  }
  _handleOptionsChanged() {
    this._updateDimensions(), this._injectCss(this._themeService.colors), this._widthCache.setFont(this._optionsService.rawOptions.fontFamily, this._optionsService.rawOptions.fontSize, this._optionsService.rawOptions.fontWeight, this._optionsService.rawOptions.fontWeightBold), this._setDefaultSpacing();
  }
  clear() {
    for (let e of this._rowElements) e.replaceChildren();
  }
  renderRows(e, i) {
    let r4 = this._bufferService.buffer, n = r4.ybase + r4.y, o2 = Math.min(r4.x, this._bufferService.cols - 1), l2 = this._coreService.decPrivateModes.cursorBlink ?? this._optionsService.rawOptions.cursorBlink, a = this._coreService.decPrivateModes.cursorStyle ?? this._optionsService.rawOptions.cursorStyle, u = this._optionsService.rawOptions.cursorInactiveStyle;
    for (let h3 = e; h3 <= i; h3++) {
      let c = h3 + r4.ydisp, d = this._rowElements[h3], _4 = r4.lines.get(c);
      if (!d || !_4) break;
      d.replaceChildren(...this._rowFactory.createRow(_4, c, c === n, a, u, o2, l2, this.dimensions.css.cell.width, this._widthCache, -1, -1));
    }
  }
  get _terminalSelector() {
    return `.${_s}${this._terminalClass}`;
  }
  _handleLinkHover(e) {
    this._setCellUnderline(e.x1, e.x2, e.y1, e.y2, e.cols, true);
  }
  _handleLinkLeave(e) {
    this._setCellUnderline(e.x1, e.x2, e.y1, e.y2, e.cols, false);
  }
  _setCellUnderline(e, i, r4, n, o2, l2) {
    r4 < 0 && (e = 0), n < 0 && (i = 0);
    let a = this._bufferService.rows - 1;
    r4 = Math.max(Math.min(r4, a), 0), n = Math.max(Math.min(n, a), 0), o2 = Math.min(o2, this._bufferService.cols);
    let u = this._bufferService.buffer, h3 = u.ybase + u.y, c = Math.min(u.x, o2 - 1), d = this._optionsService.rawOptions.cursorBlink, _4 = this._optionsService.rawOptions.cursorStyle, p = this._optionsService.rawOptions.cursorInactiveStyle;
    for (let m = r4; m <= n; ++m) {
      let f = m + u.ydisp, A2 = this._rowElements[m], R = u.lines.get(f);
      if (!A2 || !R) break;
      A2.replaceChildren(...this._rowFactory.createRow(R, f, f === h3, _4, p, c, d, this.dimensions.css.cell.width, this._widthCache, l2 ? m === r4 ? e : 0 : -1, l2 ? (m === n ? i : o2) - 1 : -1));
    }
  }
};
Yt = M([S(7, xt), S(8, nt), S(9, H), S(10, F), S(11, ge), S(12, ae), S(13, Re)], Yt);
var jt = class extends D {
  constructor(e, i, r4) {
    super();
    this._optionsService = r4;
    this.width = 0;
    this.height = 0;
    this._onCharSizeChange = this._register(new v());
    this.onCharSizeChange = this._onCharSizeChange.event;
    try {
      this._measureStrategy = this._register(new vs(this._optionsService));
    } catch {
      this._measureStrategy = this._register(new bs(e, i, this._optionsService));
    }
    this._register(this._optionsService.onMultipleOptionChange(["fontFamily", "fontSize"], () => this.measure()));
  }
  get hasValidSize() {
    return this.width > 0 && this.height > 0;
  }
  measure() {
    let e = this._measureStrategy.measure();
    (e.width !== this.width || e.height !== this.height) && (this.width = e.width, this.height = e.height, this._onCharSizeChange.fire());
  }
};
jt = M([S(2, H)], jt);
var Zr = class extends D {
  constructor() {
    super(...arguments);
    this._result = { width: 0, height: 0 };
  }
  _validateAndSet(e, i) {
    e !== void 0 && e > 0 && i !== void 0 && i > 0 && (this._result.width = e, this._result.height = i);
  }
};
var bs = class extends Zr {
  constructor(e, i, r4) {
    super();
    this._document = e;
    this._parentElement = i;
    this._optionsService = r4;
    this._measureElement = this._document.createElement("span"), this._measureElement.classList.add("xterm-char-measure-element"), this._measureElement.textContent = "W".repeat(32), this._measureElement.setAttribute("aria-hidden", "true"), this._measureElement.style.whiteSpace = "pre", this._measureElement.style.fontKerning = "none", this._parentElement.appendChild(this._measureElement);
  }
  measure() {
    return this._measureElement.style.fontFamily = this._optionsService.rawOptions.fontFamily, this._measureElement.style.fontSize = `${this._optionsService.rawOptions.fontSize}px`, this._validateAndSet(Number(this._measureElement.offsetWidth) / 32, Number(this._measureElement.offsetHeight)), this._result;
  }
};
var vs = class extends Zr {
  constructor(e) {
    super();
    this._optionsService = e;
    this._canvas = new OffscreenCanvas(100, 100), this._ctx = this._canvas.getContext("2d");
    let i = this._ctx.measureText("W");
    if (!("width" in i && "fontBoundingBoxAscent" in i && "fontBoundingBoxDescent" in i)) throw new Error("Required font metrics not supported");
  }
  measure() {
    this._ctx.font = `${this._optionsService.rawOptions.fontSize}px ${this._optionsService.rawOptions.fontFamily}`;
    let e = this._ctx.measureText("W");
    return this._validateAndSet(e.width, e.fontBoundingBoxAscent + e.fontBoundingBoxDescent), this._result;
  }
};
var Jr = class extends D {
  constructor(e, i, r4) {
    super();
    this._textarea = e;
    this._window = i;
    this.mainDocument = r4;
    this._isFocused = false;
    this._cachedIsFocused = void 0;
    this._screenDprMonitor = this._register(new gs(this._window));
    this._onDprChange = this._register(new v());
    this.onDprChange = this._onDprChange.event;
    this._onWindowChange = this._register(new v());
    this.onWindowChange = this._onWindowChange.event;
    this._register(this.onWindowChange((n) => this._screenDprMonitor.setWindow(n))), this._register($2.forward(this._screenDprMonitor.onDprChange, this._onDprChange)), this._register(L(this._textarea, "focus", () => this._isFocused = true)), this._register(L(this._textarea, "blur", () => this._isFocused = false));
  }
  get window() {
    return this._window;
  }
  set window(e) {
    this._window !== e && (this._window = e, this._onWindowChange.fire(this._window));
  }
  get dpr() {
    return this.window.devicePixelRatio;
  }
  get isFocused() {
    return this._cachedIsFocused === void 0 && (this._cachedIsFocused = this._isFocused && this._textarea.ownerDocument.hasFocus(), queueMicrotask(() => this._cachedIsFocused = void 0)), this._cachedIsFocused;
  }
};
var gs = class extends D {
  constructor(e) {
    super();
    this._parentWindow = e;
    this._windowResizeListener = this._register(new ye());
    this._onDprChange = this._register(new v());
    this.onDprChange = this._onDprChange.event;
    this._outerListener = () => this._setDprAndFireIfDiffers(), this._currentDevicePixelRatio = this._parentWindow.devicePixelRatio, this._updateDpr(), this._setWindowResizeListener(), this._register(C(() => this.clearListener()));
  }
  setWindow(e) {
    this._parentWindow = e, this._setWindowResizeListener(), this._setDprAndFireIfDiffers();
  }
  _setWindowResizeListener() {
    this._windowResizeListener.value = L(this._parentWindow, "resize", () => this._setDprAndFireIfDiffers());
  }
  _setDprAndFireIfDiffers() {
    this._parentWindow.devicePixelRatio !== this._currentDevicePixelRatio && this._onDprChange.fire(this._parentWindow.devicePixelRatio), this._updateDpr();
  }
  _updateDpr() {
    this._outerListener && (this._resolutionMediaMatchList?.removeListener(this._outerListener), this._currentDevicePixelRatio = this._parentWindow.devicePixelRatio, this._resolutionMediaMatchList = this._parentWindow.matchMedia(`screen and (resolution: ${this._parentWindow.devicePixelRatio}dppx)`), this._resolutionMediaMatchList.addListener(this._outerListener));
  }
  clearListener() {
    !this._resolutionMediaMatchList || !this._outerListener || (this._resolutionMediaMatchList.removeListener(this._outerListener), this._resolutionMediaMatchList = void 0, this._outerListener = void 0);
  }
};
var Qr = class extends D {
  constructor() {
    super();
    this.linkProviders = [];
    this._register(C(() => this.linkProviders.length = 0));
  }
  registerLinkProvider(e) {
    return this.linkProviders.push(e), { dispose: () => {
      let i = this.linkProviders.indexOf(e);
      i !== -1 && this.linkProviders.splice(i, 1);
    } };
  }
};
function Ci(s15, t, e) {
  let i = e.getBoundingClientRect(), r4 = s15.getComputedStyle(e), n = parseInt(r4.getPropertyValue("padding-left")), o2 = parseInt(r4.getPropertyValue("padding-top"));
  return [t.clientX - i.left - n, t.clientY - i.top - o2];
}
function Xo(s15, t, e, i, r4, n, o2, l2, a) {
  if (!n) return;
  let u = Ci(s15, t, e);
  if (u) return u[0] = Math.ceil((u[0] + (a ? o2 / 2 : 0)) / o2), u[1] = Math.ceil(u[1] / l2), u[0] = Math.min(Math.max(u[0], 1), i + (a ? 1 : 0)), u[1] = Math.min(Math.max(u[1], 1), r4), u;
}
var Xt = class {
  constructor(t, e) {
    this._renderService = t;
    this._charSizeService = e;
  }
  getCoords(t, e, i, r4, n) {
    return Xo(window, t, e, i, r4, this._charSizeService.hasValidSize, this._renderService.dimensions.css.cell.width, this._renderService.dimensions.css.cell.height, n);
  }
  getMouseReportCoords(t, e) {
    let i = Ci(window, t, e);
    if (this._charSizeService.hasValidSize) return i[0] = Math.min(Math.max(i[0], 0), this._renderService.dimensions.css.canvas.width - 1), i[1] = Math.min(Math.max(i[1], 0), this._renderService.dimensions.css.canvas.height - 1), { col: Math.floor(i[0] / this._renderService.dimensions.css.cell.width), row: Math.floor(i[1] / this._renderService.dimensions.css.cell.height), x: Math.floor(i[0]), y: Math.floor(i[1]) };
  }
};
Xt = M([S(0, ce), S(1, nt)], Xt);
var en = class {
  constructor(t, e) {
    this._renderCallback = t;
    this._coreBrowserService = e;
    this._refreshCallbacks = [];
  }
  dispose() {
    this._animationFrame && (this._coreBrowserService.window.cancelAnimationFrame(this._animationFrame), this._animationFrame = void 0);
  }
  addRefreshCallback(t) {
    return this._refreshCallbacks.push(t), this._animationFrame || (this._animationFrame = this._coreBrowserService.window.requestAnimationFrame(() => this._innerRefresh())), this._animationFrame;
  }
  refresh(t, e, i) {
    this._rowCount = i, t = t !== void 0 ? t : 0, e = e !== void 0 ? e : this._rowCount - 1, this._rowStart = this._rowStart !== void 0 ? Math.min(this._rowStart, t) : t, this._rowEnd = this._rowEnd !== void 0 ? Math.max(this._rowEnd, e) : e, !this._animationFrame && (this._animationFrame = this._coreBrowserService.window.requestAnimationFrame(() => this._innerRefresh()));
  }
  _innerRefresh() {
    if (this._animationFrame = void 0, this._rowStart === void 0 || this._rowEnd === void 0 || this._rowCount === void 0) {
      this._runRefreshCallbacks();
      return;
    }
    let t = Math.max(this._rowStart, 0), e = Math.min(this._rowEnd, this._rowCount - 1);
    this._rowStart = void 0, this._rowEnd = void 0, this._renderCallback(t, e), this._runRefreshCallbacks();
  }
  _runRefreshCallbacks() {
    for (let t of this._refreshCallbacks) t(0);
    this._refreshCallbacks = [];
  }
};
var tn = {};
Ll(tn, { getSafariVersion: () => Ha, isChromeOS: () => Ts, isFirefox: () => Ss, isIpad: () => Wa, isIphone: () => Ua, isLegacyEdge: () => Fa, isLinux: () => Bi, isMac: () => Zt, isNode: () => Mi, isSafari: () => Zo, isWindows: () => Es });
var Mi = typeof process < "u" && "title" in process;
var Pi = Mi ? "node" : navigator.userAgent;
var Oi = Mi ? "node" : navigator.platform;
var Ss = Pi.includes("Firefox");
var Fa = Pi.includes("Edge");
var Zo = /^((?!chrome|android).)*safari/i.test(Pi);
function Ha() {
  if (!Zo) return 0;
  let s15 = Pi.match(/Version\/(\d+)/);
  return s15 === null || s15.length < 2 ? 0 : parseInt(s15[1]);
}
var Zt = ["Macintosh", "MacIntel", "MacPPC", "Mac68K"].includes(Oi);
var Wa = Oi === "iPad";
var Ua = Oi === "iPhone";
var Es = ["Windows", "Win16", "Win32", "WinCE"].includes(Oi);
var Bi = Oi.indexOf("Linux") >= 0;
var Ts = /\bCrOS\b/.test(Pi);
var rn = class {
  constructor() {
    this._tasks = [];
    this._i = 0;
  }
  enqueue(t) {
    this._tasks.push(t), this._start();
  }
  flush() {
    for (; this._i < this._tasks.length; ) this._tasks[this._i]() || this._i++;
    this.clear();
  }
  clear() {
    this._idleCallback && (this._cancelCallback(this._idleCallback), this._idleCallback = void 0), this._i = 0, this._tasks.length = 0;
  }
  _start() {
    this._idleCallback || (this._idleCallback = this._requestCallback(this._process.bind(this)));
  }
  _process(t) {
    this._idleCallback = void 0;
    let e = 0, i = 0, r4 = t.timeRemaining(), n = 0;
    for (; this._i < this._tasks.length; ) {
      if (e = performance.now(), this._tasks[this._i]() || this._i++, e = Math.max(1, performance.now() - e), i = Math.max(e, i), n = t.timeRemaining(), i * 1.5 > n) {
        r4 - e < -20 && console.warn(`task queue exceeded allotted deadline by ${Math.abs(Math.round(r4 - e))}ms`), this._start();
        return;
      }
      r4 = n;
    }
    this.clear();
  }
};
var Is = class extends rn {
  _requestCallback(t) {
    return setTimeout(() => t(this._createDeadline(16)));
  }
  _cancelCallback(t) {
    clearTimeout(t);
  }
  _createDeadline(t) {
    let e = performance.now() + t;
    return { timeRemaining: () => Math.max(0, e - performance.now()) };
  }
};
var ys = class extends rn {
  _requestCallback(t) {
    return requestIdleCallback(t);
  }
  _cancelCallback(t) {
    cancelIdleCallback(t);
  }
};
var Jt = !Mi && "requestIdleCallback" in window ? ys : Is;
var nn = class {
  constructor() {
    this._queue = new Jt();
  }
  set(t) {
    this._queue.clear(), this._queue.enqueue(t);
  }
  flush() {
    this._queue.flush();
  }
};
var Qt = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u, h3) {
    super();
    this._rowCount = e;
    this._optionsService = r4;
    this._charSizeService = n;
    this._coreService = o2;
    this._coreBrowserService = u;
    this._renderer = this._register(new ye());
    this._pausedResizeTask = new nn();
    this._observerDisposable = this._register(new ye());
    this._isPaused = false;
    this._needsFullRefresh = false;
    this._isNextRenderRedrawOnly = true;
    this._needsSelectionRefresh = false;
    this._canvasWidth = 0;
    this._canvasHeight = 0;
    this._selectionState = { start: void 0, end: void 0, columnSelectMode: false };
    this._onDimensionsChange = this._register(new v());
    this.onDimensionsChange = this._onDimensionsChange.event;
    this._onRenderedViewportChange = this._register(new v());
    this.onRenderedViewportChange = this._onRenderedViewportChange.event;
    this._onRender = this._register(new v());
    this.onRender = this._onRender.event;
    this._onRefreshRequest = this._register(new v());
    this.onRefreshRequest = this._onRefreshRequest.event;
    this._renderDebouncer = new en((c, d) => this._renderRows(c, d), this._coreBrowserService), this._register(this._renderDebouncer), this._syncOutputHandler = new xs(this._coreBrowserService, this._coreService, () => this._fullRefresh()), this._register(C(() => this._syncOutputHandler.dispose())), this._register(this._coreBrowserService.onDprChange(() => this.handleDevicePixelRatioChange())), this._register(a.onResize(() => this._fullRefresh())), this._register(a.buffers.onBufferActivate(() => this._renderer.value?.clear())), this._register(this._optionsService.onOptionChange(() => this._handleOptionsChanged())), this._register(this._charSizeService.onCharSizeChange(() => this.handleCharSizeChanged())), this._register(l2.onDecorationRegistered(() => this._fullRefresh())), this._register(l2.onDecorationRemoved(() => this._fullRefresh())), this._register(this._optionsService.onMultipleOptionChange(["customGlyphs", "drawBoldTextInBrightColors", "letterSpacing", "lineHeight", "fontFamily", "fontSize", "fontWeight", "fontWeightBold", "minimumContrastRatio", "rescaleOverlappingGlyphs"], () => {
      this.clear(), this.handleResize(a.cols, a.rows), this._fullRefresh();
    })), this._register(this._optionsService.onMultipleOptionChange(["cursorBlink", "cursorStyle"], () => this.refreshRows(a.buffer.y, a.buffer.y, true))), this._register(h3.onChangeColors(() => this._fullRefresh())), this._registerIntersectionObserver(this._coreBrowserService.window, i), this._register(this._coreBrowserService.onWindowChange((c) => this._registerIntersectionObserver(c, i)));
  }
  get dimensions() {
    return this._renderer.value.dimensions;
  }
  _registerIntersectionObserver(e, i) {
    if ("IntersectionObserver" in e) {
      let r4 = new e.IntersectionObserver((n) => this._handleIntersectionChange(n[n.length - 1]), { threshold: 0 });
      r4.observe(i), this._observerDisposable.value = C(() => r4.disconnect());
    }
  }
  _handleIntersectionChange(e) {
    this._isPaused = e.isIntersecting === void 0 ? e.intersectionRatio === 0 : !e.isIntersecting, !this._isPaused && !this._charSizeService.hasValidSize && this._charSizeService.measure(), !this._isPaused && this._needsFullRefresh && (this._pausedResizeTask.flush(), this.refreshRows(0, this._rowCount - 1), this._needsFullRefresh = false);
  }
  refreshRows(e, i, r4 = false) {
    if (this._isPaused) {
      this._needsFullRefresh = true;
      return;
    }
    if (this._coreService.decPrivateModes.synchronizedOutput) {
      this._syncOutputHandler.bufferRows(e, i);
      return;
    }
    let n = this._syncOutputHandler.flush();
    n && (e = Math.min(e, n.start), i = Math.max(i, n.end)), r4 || (this._isNextRenderRedrawOnly = false), this._renderDebouncer.refresh(e, i, this._rowCount);
  }
  _renderRows(e, i) {
    if (this._renderer.value) {
      if (this._coreService.decPrivateModes.synchronizedOutput) {
        this._syncOutputHandler.bufferRows(e, i);
        return;
      }
      e = Math.min(e, this._rowCount - 1), i = Math.min(i, this._rowCount - 1), this._renderer.value.renderRows(e, i), this._needsSelectionRefresh && (this._renderer.value.handleSelectionChanged(this._selectionState.start, this._selectionState.end, this._selectionState.columnSelectMode), this._needsSelectionRefresh = false), this._isNextRenderRedrawOnly || this._onRenderedViewportChange.fire({ start: e, end: i }), this._onRender.fire({ start: e, end: i }), this._isNextRenderRedrawOnly = true;
    }
  }
  resize(e, i) {
    this._rowCount = i, this._fireOnCanvasResize();
  }
  _handleOptionsChanged() {
    this._renderer.value && (this.refreshRows(0, this._rowCount - 1), this._fireOnCanvasResize());
  }
  _fireOnCanvasResize() {
    this._renderer.value && (this._renderer.value.dimensions.css.canvas.width === this._canvasWidth && this._renderer.value.dimensions.css.canvas.height === this._canvasHeight || this._onDimensionsChange.fire(this._renderer.value.dimensions));
  }
  hasRenderer() {
    return !!this._renderer.value;
  }
  setRenderer(e) {
    this._renderer.value = e, this._renderer.value && (this._renderer.value.onRequestRedraw((i) => this.refreshRows(i.start, i.end, true)), this._needsSelectionRefresh = true, this._fullRefresh());
  }
  addRefreshCallback(e) {
    return this._renderDebouncer.addRefreshCallback(e);
  }
  _fullRefresh() {
    this._isPaused ? this._needsFullRefresh = true : this.refreshRows(0, this._rowCount - 1);
  }
  clearTextureAtlas() {
    this._renderer.value && (this._renderer.value.clearTextureAtlas?.(), this._fullRefresh());
  }
  handleDevicePixelRatioChange() {
    this._charSizeService.measure(), this._renderer.value && (this._renderer.value.handleDevicePixelRatioChange(), this.refreshRows(0, this._rowCount - 1));
  }
  handleResize(e, i) {
    this._renderer.value && (this._isPaused ? this._pausedResizeTask.set(() => this._renderer.value?.handleResize(e, i)) : this._renderer.value.handleResize(e, i), this._fullRefresh());
  }
  handleCharSizeChanged() {
    this._renderer.value?.handleCharSizeChanged();
  }
  handleBlur() {
    this._renderer.value?.handleBlur();
  }
  handleFocus() {
    this._renderer.value?.handleFocus();
  }
  handleSelectionChanged(e, i, r4) {
    this._selectionState.start = e, this._selectionState.end = i, this._selectionState.columnSelectMode = r4, this._renderer.value?.handleSelectionChanged(e, i, r4);
  }
  handleCursorMove() {
    this._renderer.value?.handleCursorMove();
  }
  clear() {
    this._renderer.value?.clear();
  }
};
Qt = M([S(2, H), S(3, nt), S(4, ge), S(5, Be), S(6, F), S(7, ae), S(8, Re)], Qt);
var xs = class {
  constructor(t, e, i) {
    this._coreBrowserService = t;
    this._coreService = e;
    this._onTimeout = i;
    this._start = 0;
    this._end = 0;
    this._isBuffering = false;
  }
  bufferRows(t, e) {
    this._isBuffering ? (this._start = Math.min(this._start, t), this._end = Math.max(this._end, e)) : (this._start = t, this._end = e, this._isBuffering = true), this._timeout === void 0 && (this._timeout = this._coreBrowserService.window.setTimeout(() => {
      this._timeout = void 0, this._coreService.decPrivateModes.synchronizedOutput = false, this._onTimeout();
    }, 1e3));
  }
  flush() {
    if (this._timeout !== void 0 && (this._coreBrowserService.window.clearTimeout(this._timeout), this._timeout = void 0), !this._isBuffering) return;
    let t = { start: this._start, end: this._end };
    return this._isBuffering = false, t;
  }
  dispose() {
    this._timeout !== void 0 && (this._coreBrowserService.window.clearTimeout(this._timeout), this._timeout = void 0);
  }
};
function Jo(s15, t, e, i) {
  let r4 = e.buffer.x, n = e.buffer.y;
  if (!e.buffer.hasScrollback) return Ga(r4, n, s15, t, e, i) + sn(n, t, e, i) + $a(r4, n, s15, t, e, i);
  let o2;
  if (n === t) return o2 = r4 > s15 ? "D" : "C", Fi(Math.abs(r4 - s15), Ni(o2, i));
  o2 = n > t ? "D" : "C";
  let l2 = Math.abs(n - t), a = za(n > t ? s15 : r4, e) + (l2 - 1) * e.cols + 1 + Ka(n > t ? r4 : s15, e);
  return Fi(a, Ni(o2, i));
}
function Ka(s15, t) {
  return s15 - 1;
}
function za(s15, t) {
  return t.cols - s15;
}
function Ga(s15, t, e, i, r4, n) {
  return sn(t, i, r4, n).length === 0 ? "" : Fi(el(s15, t, s15, t - gt(t, r4), false, r4).length, Ni("D", n));
}
function sn(s15, t, e, i) {
  let r4 = s15 - gt(s15, e), n = t - gt(t, e), o2 = Math.abs(r4 - n) - Va(s15, t, e);
  return Fi(o2, Ni(Qo(s15, t), i));
}
function $a(s15, t, e, i, r4, n) {
  let o2;
  sn(t, i, r4, n).length > 0 ? o2 = i - gt(i, r4) : o2 = t;
  let l2 = i, a = qa(s15, t, e, i, r4, n);
  return Fi(el(s15, o2, e, l2, a === "C", r4).length, Ni(a, n));
}
function Va(s15, t, e) {
  let i = 0, r4 = s15 - gt(s15, e), n = t - gt(t, e);
  for (let o2 = 0; o2 < Math.abs(r4 - n); o2++) {
    let l2 = Qo(s15, t) === "A" ? -1 : 1;
    e.buffer.lines.get(r4 + l2 * o2)?.isWrapped && i++;
  }
  return i;
}
function gt(s15, t) {
  let e = 0, i = t.buffer.lines.get(s15), r4 = i?.isWrapped;
  for (; r4 && s15 >= 0 && s15 < t.rows; ) e++, i = t.buffer.lines.get(--s15), r4 = i?.isWrapped;
  return e;
}
function qa(s15, t, e, i, r4, n) {
  let o2;
  return sn(e, i, r4, n).length > 0 ? o2 = i - gt(i, r4) : o2 = t, s15 < e && o2 <= i || s15 >= e && o2 < i ? "C" : "D";
}
function Qo(s15, t) {
  return s15 > t ? "A" : "B";
}
function el(s15, t, e, i, r4, n) {
  let o2 = s15, l2 = t, a = "";
  for (; (o2 !== e || l2 !== i) && l2 >= 0 && l2 < n.buffer.lines.length; ) o2 += r4 ? 1 : -1, r4 && o2 > n.cols - 1 ? (a += n.buffer.translateBufferLineToString(l2, false, s15, o2), o2 = 0, s15 = 0, l2++) : !r4 && o2 < 0 && (a += n.buffer.translateBufferLineToString(l2, false, 0, s15 + 1), o2 = n.cols - 1, s15 = o2, l2--);
  return a + n.buffer.translateBufferLineToString(l2, false, s15, o2);
}
function Ni(s15, t) {
  let e = t ? "O" : "[";
  return b.ESC + e + s15;
}
function Fi(s15, t) {
  s15 = Math.floor(s15);
  let e = "";
  for (let i = 0; i < s15; i++) e += t;
  return e;
}
var on = class {
  constructor(t) {
    this._bufferService = t;
    this.isSelectAllActive = false;
    this.selectionStartLength = 0;
  }
  clearSelection() {
    this.selectionStart = void 0, this.selectionEnd = void 0, this.isSelectAllActive = false, this.selectionStartLength = 0;
  }
  get finalSelectionStart() {
    return this.isSelectAllActive ? [0, 0] : !this.selectionEnd || !this.selectionStart ? this.selectionStart : this.areSelectionValuesReversed() ? this.selectionEnd : this.selectionStart;
  }
  get finalSelectionEnd() {
    if (this.isSelectAllActive) return [this._bufferService.cols, this._bufferService.buffer.ybase + this._bufferService.rows - 1];
    if (this.selectionStart) {
      if (!this.selectionEnd || this.areSelectionValuesReversed()) {
        let t = this.selectionStart[0] + this.selectionStartLength;
        return t > this._bufferService.cols ? t % this._bufferService.cols === 0 ? [this._bufferService.cols, this.selectionStart[1] + Math.floor(t / this._bufferService.cols) - 1] : [t % this._bufferService.cols, this.selectionStart[1] + Math.floor(t / this._bufferService.cols)] : [t, this.selectionStart[1]];
      }
      if (this.selectionStartLength && this.selectionEnd[1] === this.selectionStart[1]) {
        let t = this.selectionStart[0] + this.selectionStartLength;
        return t > this._bufferService.cols ? [t % this._bufferService.cols, this.selectionStart[1] + Math.floor(t / this._bufferService.cols)] : [Math.max(t, this.selectionEnd[0]), this.selectionEnd[1]];
      }
      return this.selectionEnd;
    }
  }
  areSelectionValuesReversed() {
    let t = this.selectionStart, e = this.selectionEnd;
    return !t || !e ? false : t[1] > e[1] || t[1] === e[1] && t[0] > e[0];
  }
  handleTrim(t) {
    return this.selectionStart && (this.selectionStart[1] -= t), this.selectionEnd && (this.selectionEnd[1] -= t), this.selectionEnd && this.selectionEnd[1] < 0 ? (this.clearSelection(), true) : (this.selectionStart && this.selectionStart[1] < 0 && (this.selectionStart[1] = 0), false);
  }
};
function ws(s15, t) {
  if (s15.start.y > s15.end.y) throw new Error(`Buffer range end (${s15.end.x}, ${s15.end.y}) cannot be before start (${s15.start.x}, ${s15.start.y})`);
  return t * (s15.end.y - s15.start.y) + (s15.end.x - s15.start.x + 1);
}
var Ds = 50;
var Ya = 15;
var ja = 50;
var Xa = 500;
var Za = " ";
var Ja = new RegExp(Za, "g");
var ei = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u, h3) {
    super();
    this._element = e;
    this._screenElement = i;
    this._linkifier = r4;
    this._bufferService = n;
    this._coreService = o2;
    this._mouseService = l2;
    this._optionsService = a;
    this._renderService = u;
    this._coreBrowserService = h3;
    this._dragScrollAmount = 0;
    this._enabled = true;
    this._workCell = new q();
    this._mouseDownTimeStamp = 0;
    this._oldHasSelection = false;
    this._oldSelectionStart = void 0;
    this._oldSelectionEnd = void 0;
    this._onLinuxMouseSelection = this._register(new v());
    this.onLinuxMouseSelection = this._onLinuxMouseSelection.event;
    this._onRedrawRequest = this._register(new v());
    this.onRequestRedraw = this._onRedrawRequest.event;
    this._onSelectionChange = this._register(new v());
    this.onSelectionChange = this._onSelectionChange.event;
    this._onRequestScrollLines = this._register(new v());
    this.onRequestScrollLines = this._onRequestScrollLines.event;
    this._mouseMoveListener = (c) => this._handleMouseMove(c), this._mouseUpListener = (c) => this._handleMouseUp(c), this._coreService.onUserInput(() => {
      this.hasSelection && this.clearSelection();
    }), this._trimListener = this._bufferService.buffer.lines.onTrim((c) => this._handleTrim(c)), this._register(this._bufferService.buffers.onBufferActivate((c) => this._handleBufferActivate(c))), this.enable(), this._model = new on(this._bufferService), this._activeSelectionMode = 0, this._register(C(() => {
      this._removeMouseDownListeners();
    })), this._register(this._bufferService.onResize((c) => {
      c.rowsChanged && this.clearSelection();
    }));
  }
  reset() {
    this.clearSelection();
  }
  disable() {
    this.clearSelection(), this._enabled = false;
  }
  enable() {
    this._enabled = true;
  }
  get selectionStart() {
    return this._model.finalSelectionStart;
  }
  get selectionEnd() {
    return this._model.finalSelectionEnd;
  }
  get hasSelection() {
    let e = this._model.finalSelectionStart, i = this._model.finalSelectionEnd;
    return !e || !i ? false : e[0] !== i[0] || e[1] !== i[1];
  }
  get selectionText() {
    let e = this._model.finalSelectionStart, i = this._model.finalSelectionEnd;
    if (!e || !i) return "";
    let r4 = this._bufferService.buffer, n = [];
    if (this._activeSelectionMode === 3) {
      if (e[0] === i[0]) return "";
      let l2 = e[0] < i[0] ? e[0] : i[0], a = e[0] < i[0] ? i[0] : e[0];
      for (let u = e[1]; u <= i[1]; u++) {
        let h3 = r4.translateBufferLineToString(u, true, l2, a);
        n.push(h3);
      }
    } else {
      let l2 = e[1] === i[1] ? i[0] : void 0;
      n.push(r4.translateBufferLineToString(e[1], true, e[0], l2));
      for (let a = e[1] + 1; a <= i[1] - 1; a++) {
        let u = r4.lines.get(a), h3 = r4.translateBufferLineToString(a, true);
        u?.isWrapped ? n[n.length - 1] += h3 : n.push(h3);
      }
      if (e[1] !== i[1]) {
        let a = r4.lines.get(i[1]), u = r4.translateBufferLineToString(i[1], true, 0, i[0]);
        a && a.isWrapped ? n[n.length - 1] += u : n.push(u);
      }
    }
    return n.map((l2) => l2.replace(Ja, " ")).join(Es ? `\r
` : `
`);
  }
  clearSelection() {
    this._model.clearSelection(), this._removeMouseDownListeners(), this.refresh(), this._onSelectionChange.fire();
  }
  refresh(e) {
    this._refreshAnimationFrame || (this._refreshAnimationFrame = this._coreBrowserService.window.requestAnimationFrame(() => this._refresh())), Bi && e && this.selectionText.length && this._onLinuxMouseSelection.fire(this.selectionText);
  }
  _refresh() {
    this._refreshAnimationFrame = void 0, this._onRedrawRequest.fire({ start: this._model.finalSelectionStart, end: this._model.finalSelectionEnd, columnSelectMode: this._activeSelectionMode === 3 });
  }
  _isClickInSelection(e) {
    let i = this._getMouseBufferCoords(e), r4 = this._model.finalSelectionStart, n = this._model.finalSelectionEnd;
    return !r4 || !n || !i ? false : this._areCoordsInSelection(i, r4, n);
  }
  isCellInSelection(e, i) {
    let r4 = this._model.finalSelectionStart, n = this._model.finalSelectionEnd;
    return !r4 || !n ? false : this._areCoordsInSelection([e, i], r4, n);
  }
  _areCoordsInSelection(e, i, r4) {
    return e[1] > i[1] && e[1] < r4[1] || i[1] === r4[1] && e[1] === i[1] && e[0] >= i[0] && e[0] < r4[0] || i[1] < r4[1] && e[1] === r4[1] && e[0] < r4[0] || i[1] < r4[1] && e[1] === i[1] && e[0] >= i[0];
  }
  _selectWordAtCursor(e, i) {
    let r4 = this._linkifier.currentLink?.link?.range;
    if (r4) return this._model.selectionStart = [r4.start.x - 1, r4.start.y - 1], this._model.selectionStartLength = ws(r4, this._bufferService.cols), this._model.selectionEnd = void 0, true;
    let n = this._getMouseBufferCoords(e);
    return n ? (this._selectWordAt(n, i), this._model.selectionEnd = void 0, true) : false;
  }
  selectAll() {
    this._model.isSelectAllActive = true, this.refresh(), this._onSelectionChange.fire();
  }
  selectLines(e, i) {
    this._model.clearSelection(), e = Math.max(e, 0), i = Math.min(i, this._bufferService.buffer.lines.length - 1), this._model.selectionStart = [0, e], this._model.selectionEnd = [this._bufferService.cols, i], this.refresh(), this._onSelectionChange.fire();
  }
  _handleTrim(e) {
    this._model.handleTrim(e) && this.refresh();
  }
  _getMouseBufferCoords(e) {
    let i = this._mouseService.getCoords(e, this._screenElement, this._bufferService.cols, this._bufferService.rows, true);
    if (i) return i[0]--, i[1]--, i[1] += this._bufferService.buffer.ydisp, i;
  }
  _getMouseEventScrollAmount(e) {
    let i = Ci(this._coreBrowserService.window, e, this._screenElement)[1], r4 = this._renderService.dimensions.css.canvas.height;
    return i >= 0 && i <= r4 ? 0 : (i > r4 && (i -= r4), i = Math.min(Math.max(i, -Ds), Ds), i /= Ds, i / Math.abs(i) + Math.round(i * (Ya - 1)));
  }
  shouldForceSelection(e) {
    return Zt ? e.altKey && this._optionsService.rawOptions.macOptionClickForcesSelection : e.shiftKey;
  }
  handleMouseDown(e) {
    if (this._mouseDownTimeStamp = e.timeStamp, !(e.button === 2 && this.hasSelection) && e.button === 0) {
      if (!this._enabled) {
        if (!this.shouldForceSelection(e)) return;
        e.stopPropagation();
      }
      e.preventDefault(), this._dragScrollAmount = 0, this._enabled && e.shiftKey ? this._handleIncrementalClick(e) : e.detail === 1 ? this._handleSingleClick(e) : e.detail === 2 ? this._handleDoubleClick(e) : e.detail === 3 && this._handleTripleClick(e), this._addMouseDownListeners(), this.refresh(true);
    }
  }
  _addMouseDownListeners() {
    this._screenElement.ownerDocument && (this._screenElement.ownerDocument.addEventListener("mousemove", this._mouseMoveListener), this._screenElement.ownerDocument.addEventListener("mouseup", this._mouseUpListener)), this._dragScrollIntervalTimer = this._coreBrowserService.window.setInterval(() => this._dragScroll(), ja);
  }
  _removeMouseDownListeners() {
    this._screenElement.ownerDocument && (this._screenElement.ownerDocument.removeEventListener("mousemove", this._mouseMoveListener), this._screenElement.ownerDocument.removeEventListener("mouseup", this._mouseUpListener)), this._coreBrowserService.window.clearInterval(this._dragScrollIntervalTimer), this._dragScrollIntervalTimer = void 0;
  }
  _handleIncrementalClick(e) {
    this._model.selectionStart && (this._model.selectionEnd = this._getMouseBufferCoords(e));
  }
  _handleSingleClick(e) {
    if (this._model.selectionStartLength = 0, this._model.isSelectAllActive = false, this._activeSelectionMode = this.shouldColumnSelect(e) ? 3 : 0, this._model.selectionStart = this._getMouseBufferCoords(e), !this._model.selectionStart) return;
    this._model.selectionEnd = void 0;
    let i = this._bufferService.buffer.lines.get(this._model.selectionStart[1]);
    i && i.length !== this._model.selectionStart[0] && i.hasWidth(this._model.selectionStart[0]) === 0 && this._model.selectionStart[0]++;
  }
  _handleDoubleClick(e) {
    this._selectWordAtCursor(e, true) && (this._activeSelectionMode = 1);
  }
  _handleTripleClick(e) {
    let i = this._getMouseBufferCoords(e);
    i && (this._activeSelectionMode = 2, this._selectLineAt(i[1]));
  }
  shouldColumnSelect(e) {
    return e.altKey && !(Zt && this._optionsService.rawOptions.macOptionClickForcesSelection);
  }
  _handleMouseMove(e) {
    if (e.stopImmediatePropagation(), !this._model.selectionStart) return;
    let i = this._model.selectionEnd ? [this._model.selectionEnd[0], this._model.selectionEnd[1]] : null;
    if (this._model.selectionEnd = this._getMouseBufferCoords(e), !this._model.selectionEnd) {
      this.refresh(true);
      return;
    }
    this._activeSelectionMode === 2 ? this._model.selectionEnd[1] < this._model.selectionStart[1] ? this._model.selectionEnd[0] = 0 : this._model.selectionEnd[0] = this._bufferService.cols : this._activeSelectionMode === 1 && this._selectToWordAt(this._model.selectionEnd), this._dragScrollAmount = this._getMouseEventScrollAmount(e), this._activeSelectionMode !== 3 && (this._dragScrollAmount > 0 ? this._model.selectionEnd[0] = this._bufferService.cols : this._dragScrollAmount < 0 && (this._model.selectionEnd[0] = 0));
    let r4 = this._bufferService.buffer;
    if (this._model.selectionEnd[1] < r4.lines.length) {
      let n = r4.lines.get(this._model.selectionEnd[1]);
      n && n.hasWidth(this._model.selectionEnd[0]) === 0 && this._model.selectionEnd[0] < this._bufferService.cols && this._model.selectionEnd[0]++;
    }
    (!i || i[0] !== this._model.selectionEnd[0] || i[1] !== this._model.selectionEnd[1]) && this.refresh(true);
  }
  _dragScroll() {
    if (!(!this._model.selectionEnd || !this._model.selectionStart) && this._dragScrollAmount) {
      this._onRequestScrollLines.fire({ amount: this._dragScrollAmount, suppressScrollEvent: false });
      let e = this._bufferService.buffer;
      this._dragScrollAmount > 0 ? (this._activeSelectionMode !== 3 && (this._model.selectionEnd[0] = this._bufferService.cols), this._model.selectionEnd[1] = Math.min(e.ydisp + this._bufferService.rows, e.lines.length - 1)) : (this._activeSelectionMode !== 3 && (this._model.selectionEnd[0] = 0), this._model.selectionEnd[1] = e.ydisp), this.refresh();
    }
  }
  _handleMouseUp(e) {
    let i = e.timeStamp - this._mouseDownTimeStamp;
    if (this._removeMouseDownListeners(), this.selectionText.length <= 1 && i < Xa && e.altKey && this._optionsService.rawOptions.altClickMovesCursor) {
      if (this._bufferService.buffer.ybase === this._bufferService.buffer.ydisp) {
        let r4 = this._mouseService.getCoords(e, this._element, this._bufferService.cols, this._bufferService.rows, false);
        if (r4 && r4[0] !== void 0 && r4[1] !== void 0) {
          let n = Jo(r4[0] - 1, r4[1] - 1, this._bufferService, this._coreService.decPrivateModes.applicationCursorKeys);
          this._coreService.triggerDataEvent(n, true);
        }
      }
    } else this._fireEventIfSelectionChanged();
  }
  _fireEventIfSelectionChanged() {
    let e = this._model.finalSelectionStart, i = this._model.finalSelectionEnd, r4 = !!e && !!i && (e[0] !== i[0] || e[1] !== i[1]);
    if (!r4) {
      this._oldHasSelection && this._fireOnSelectionChange(e, i, r4);
      return;
    }
    !e || !i || (!this._oldSelectionStart || !this._oldSelectionEnd || e[0] !== this._oldSelectionStart[0] || e[1] !== this._oldSelectionStart[1] || i[0] !== this._oldSelectionEnd[0] || i[1] !== this._oldSelectionEnd[1]) && this._fireOnSelectionChange(e, i, r4);
  }
  _fireOnSelectionChange(e, i, r4) {
    this._oldSelectionStart = e, this._oldSelectionEnd = i, this._oldHasSelection = r4, this._onSelectionChange.fire();
  }
  _handleBufferActivate(e) {
    this.clearSelection(), this._trimListener.dispose(), this._trimListener = e.activeBuffer.lines.onTrim((i) => this._handleTrim(i));
  }
  _convertViewportColToCharacterIndex(e, i) {
    let r4 = i;
    for (let n = 0; i >= n; n++) {
      let o2 = e.loadCell(n, this._workCell).getChars().length;
      this._workCell.getWidth() === 0 ? r4-- : o2 > 1 && i !== n && (r4 += o2 - 1);
    }
    return r4;
  }
  setSelection(e, i, r4) {
    this._model.clearSelection(), this._removeMouseDownListeners(), this._model.selectionStart = [e, i], this._model.selectionStartLength = r4, this.refresh(), this._fireEventIfSelectionChanged();
  }
  rightClickSelect(e) {
    this._isClickInSelection(e) || (this._selectWordAtCursor(e, false) && this.refresh(true), this._fireEventIfSelectionChanged());
  }
  _getWordAt(e, i, r4 = true, n = true) {
    if (e[0] >= this._bufferService.cols) return;
    let o2 = this._bufferService.buffer, l2 = o2.lines.get(e[1]);
    if (!l2) return;
    let a = o2.translateBufferLineToString(e[1], false), u = this._convertViewportColToCharacterIndex(l2, e[0]), h3 = u, c = e[0] - u, d = 0, _4 = 0, p = 0, m = 0;
    if (a.charAt(u) === " ") {
      for (; u > 0 && a.charAt(u - 1) === " "; ) u--;
      for (; h3 < a.length && a.charAt(h3 + 1) === " "; ) h3++;
    } else {
      let R = e[0], O2 = e[0];
      l2.getWidth(R) === 0 && (d++, R--), l2.getWidth(O2) === 2 && (_4++, O2++);
      let I = l2.getString(O2).length;
      for (I > 1 && (m += I - 1, h3 += I - 1); R > 0 && u > 0 && !this._isCharWordSeparator(l2.loadCell(R - 1, this._workCell)); ) {
        l2.loadCell(R - 1, this._workCell);
        let k3 = this._workCell.getChars().length;
        this._workCell.getWidth() === 0 ? (d++, R--) : k3 > 1 && (p += k3 - 1, u -= k3 - 1), u--, R--;
      }
      for (; O2 < l2.length && h3 + 1 < a.length && !this._isCharWordSeparator(l2.loadCell(O2 + 1, this._workCell)); ) {
        l2.loadCell(O2 + 1, this._workCell);
        let k3 = this._workCell.getChars().length;
        this._workCell.getWidth() === 2 ? (_4++, O2++) : k3 > 1 && (m += k3 - 1, h3 += k3 - 1), h3++, O2++;
      }
    }
    h3++;
    let f = u + c - d + p, A2 = Math.min(this._bufferService.cols, h3 - u + d + _4 - p - m);
    if (!(!i && a.slice(u, h3).trim() === "")) {
      if (r4 && f === 0 && l2.getCodePoint(0) !== 32) {
        let R = o2.lines.get(e[1] - 1);
        if (R && l2.isWrapped && R.getCodePoint(this._bufferService.cols - 1) !== 32) {
          let O2 = this._getWordAt([this._bufferService.cols - 1, e[1] - 1], false, true, false);
          if (O2) {
            let I = this._bufferService.cols - O2.start;
            f -= I, A2 += I;
          }
        }
      }
      if (n && f + A2 === this._bufferService.cols && l2.getCodePoint(this._bufferService.cols - 1) !== 32) {
        let R = o2.lines.get(e[1] + 1);
        if (R?.isWrapped && R.getCodePoint(0) !== 32) {
          let O2 = this._getWordAt([0, e[1] + 1], false, false, true);
          O2 && (A2 += O2.length);
        }
      }
      return { start: f, length: A2 };
    }
  }
  _selectWordAt(e, i) {
    let r4 = this._getWordAt(e, i);
    if (r4) {
      for (; r4.start < 0; ) r4.start += this._bufferService.cols, e[1]--;
      this._model.selectionStart = [r4.start, e[1]], this._model.selectionStartLength = r4.length;
    }
  }
  _selectToWordAt(e) {
    let i = this._getWordAt(e, true);
    if (i) {
      let r4 = e[1];
      for (; i.start < 0; ) i.start += this._bufferService.cols, r4--;
      if (!this._model.areSelectionValuesReversed()) for (; i.start + i.length > this._bufferService.cols; ) i.length -= this._bufferService.cols, r4++;
      this._model.selectionEnd = [this._model.areSelectionValuesReversed() ? i.start : i.start + i.length, r4];
    }
  }
  _isCharWordSeparator(e) {
    return e.getWidth() === 0 ? false : this._optionsService.rawOptions.wordSeparator.indexOf(e.getChars()) >= 0;
  }
  _selectLineAt(e) {
    let i = this._bufferService.buffer.getWrappedRangeForLine(e), r4 = { start: { x: 0, y: i.first }, end: { x: this._bufferService.cols - 1, y: i.last } };
    this._model.selectionStart = [0, i.first], this._model.selectionEnd = void 0, this._model.selectionStartLength = ws(r4, this._bufferService.cols);
  }
};
ei = M([S(3, F), S(4, ge), S(5, Dt), S(6, H), S(7, ce), S(8, ae)], ei);
var Hi = class {
  constructor() {
    this._data = {};
  }
  set(t, e, i) {
    this._data[t] || (this._data[t] = {}), this._data[t][e] = i;
  }
  get(t, e) {
    return this._data[t] ? this._data[t][e] : void 0;
  }
  clear() {
    this._data = {};
  }
};
var Wi = class {
  constructor() {
    this._color = new Hi();
    this._css = new Hi();
  }
  setCss(t, e, i) {
    this._css.set(t, e, i);
  }
  getCss(t, e) {
    return this._css.get(t, e);
  }
  setColor(t, e, i) {
    this._color.set(t, e, i);
  }
  getColor(t, e) {
    return this._color.get(t, e);
  }
  clear() {
    this._color.clear(), this._css.clear();
  }
};
var re = Object.freeze((() => {
  let s15 = [z.toColor("#2e3436"), z.toColor("#cc0000"), z.toColor("#4e9a06"), z.toColor("#c4a000"), z.toColor("#3465a4"), z.toColor("#75507b"), z.toColor("#06989a"), z.toColor("#d3d7cf"), z.toColor("#555753"), z.toColor("#ef2929"), z.toColor("#8ae234"), z.toColor("#fce94f"), z.toColor("#729fcf"), z.toColor("#ad7fa8"), z.toColor("#34e2e2"), z.toColor("#eeeeec")], t = [0, 95, 135, 175, 215, 255];
  for (let e = 0; e < 216; e++) {
    let i = t[e / 36 % 6 | 0], r4 = t[e / 6 % 6 | 0], n = t[e % 6];
    s15.push({ css: j.toCss(i, r4, n), rgba: j.toRgba(i, r4, n) });
  }
  for (let e = 0; e < 24; e++) {
    let i = 8 + e * 10;
    s15.push({ css: j.toCss(i, i, i), rgba: j.toRgba(i, i, i) });
  }
  return s15;
})());
var St = z.toColor("#ffffff");
var Ki = z.toColor("#000000");
var tl = z.toColor("#ffffff");
var il = Ki;
var Ui = { css: "rgba(255, 255, 255, 0.3)", rgba: 4294967117 };
var Qa = St;
var ti = class extends D {
  constructor(e) {
    super();
    this._optionsService = e;
    this._contrastCache = new Wi();
    this._halfContrastCache = new Wi();
    this._onChangeColors = this._register(new v());
    this.onChangeColors = this._onChangeColors.event;
    this._colors = { foreground: St, background: Ki, cursor: tl, cursorAccent: il, selectionForeground: void 0, selectionBackgroundTransparent: Ui, selectionBackgroundOpaque: U.blend(Ki, Ui), selectionInactiveBackgroundTransparent: Ui, selectionInactiveBackgroundOpaque: U.blend(Ki, Ui), scrollbarSliderBackground: U.opacity(St, 0.2), scrollbarSliderHoverBackground: U.opacity(St, 0.4), scrollbarSliderActiveBackground: U.opacity(St, 0.5), overviewRulerBorder: St, ansi: re.slice(), contrastCache: this._contrastCache, halfContrastCache: this._halfContrastCache }, this._updateRestoreColors(), this._setTheme(this._optionsService.rawOptions.theme), this._register(this._optionsService.onSpecificOptionChange("minimumContrastRatio", () => this._contrastCache.clear())), this._register(this._optionsService.onSpecificOptionChange("theme", () => this._setTheme(this._optionsService.rawOptions.theme)));
  }
  get colors() {
    return this._colors;
  }
  _setTheme(e = {}) {
    let i = this._colors;
    if (i.foreground = K(e.foreground, St), i.background = K(e.background, Ki), i.cursor = U.blend(i.background, K(e.cursor, tl)), i.cursorAccent = U.blend(i.background, K(e.cursorAccent, il)), i.selectionBackgroundTransparent = K(e.selectionBackground, Ui), i.selectionBackgroundOpaque = U.blend(i.background, i.selectionBackgroundTransparent), i.selectionInactiveBackgroundTransparent = K(e.selectionInactiveBackground, i.selectionBackgroundTransparent), i.selectionInactiveBackgroundOpaque = U.blend(i.background, i.selectionInactiveBackgroundTransparent), i.selectionForeground = e.selectionForeground ? K(e.selectionForeground, ps) : void 0, i.selectionForeground === ps && (i.selectionForeground = void 0), U.isOpaque(i.selectionBackgroundTransparent) && (i.selectionBackgroundTransparent = U.opacity(i.selectionBackgroundTransparent, 0.3)), U.isOpaque(i.selectionInactiveBackgroundTransparent) && (i.selectionInactiveBackgroundTransparent = U.opacity(i.selectionInactiveBackgroundTransparent, 0.3)), i.scrollbarSliderBackground = K(e.scrollbarSliderBackground, U.opacity(i.foreground, 0.2)), i.scrollbarSliderHoverBackground = K(e.scrollbarSliderHoverBackground, U.opacity(i.foreground, 0.4)), i.scrollbarSliderActiveBackground = K(e.scrollbarSliderActiveBackground, U.opacity(i.foreground, 0.5)), i.overviewRulerBorder = K(e.overviewRulerBorder, Qa), i.ansi = re.slice(), i.ansi[0] = K(e.black, re[0]), i.ansi[1] = K(e.red, re[1]), i.ansi[2] = K(e.green, re[2]), i.ansi[3] = K(e.yellow, re[3]), i.ansi[4] = K(e.blue, re[4]), i.ansi[5] = K(e.magenta, re[5]), i.ansi[6] = K(e.cyan, re[6]), i.ansi[7] = K(e.white, re[7]), i.ansi[8] = K(e.brightBlack, re[8]), i.ansi[9] = K(e.brightRed, re[9]), i.ansi[10] = K(e.brightGreen, re[10]), i.ansi[11] = K(e.brightYellow, re[11]), i.ansi[12] = K(e.brightBlue, re[12]), i.ansi[13] = K(e.brightMagenta, re[13]), i.ansi[14] = K(e.brightCyan, re[14]), i.ansi[15] = K(e.brightWhite, re[15]), e.extendedAnsi) {
      let r4 = Math.min(i.ansi.length - 16, e.extendedAnsi.length);
      for (let n = 0; n < r4; n++) i.ansi[n + 16] = K(e.extendedAnsi[n], re[n + 16]);
    }
    this._contrastCache.clear(), this._halfContrastCache.clear(), this._updateRestoreColors(), this._onChangeColors.fire(this.colors);
  }
  restoreColor(e) {
    this._restoreColor(e), this._onChangeColors.fire(this.colors);
  }
  _restoreColor(e) {
    if (e === void 0) {
      for (let i = 0; i < this._restoreColors.ansi.length; ++i) this._colors.ansi[i] = this._restoreColors.ansi[i];
      return;
    }
    switch (e) {
      case 256:
        this._colors.foreground = this._restoreColors.foreground;
        break;
      case 257:
        this._colors.background = this._restoreColors.background;
        break;
      case 258:
        this._colors.cursor = this._restoreColors.cursor;
        break;
      default:
        this._colors.ansi[e] = this._restoreColors.ansi[e];
    }
  }
  modifyColors(e) {
    e(this._colors), this._onChangeColors.fire(this.colors);
  }
  _updateRestoreColors() {
    this._restoreColors = { foreground: this._colors.foreground, background: this._colors.background, cursor: this._colors.cursor, ansi: this._colors.ansi.slice() };
  }
};
ti = M([S(0, H)], ti);
function K(s15, t) {
  if (s15 !== void 0) try {
    return z.toColor(s15);
  } catch {
  }
  return t;
}
var Rs = class {
  constructor(...t) {
    this._entries = /* @__PURE__ */ new Map();
    for (let [e, i] of t) this.set(e, i);
  }
  set(t, e) {
    let i = this._entries.get(t);
    return this._entries.set(t, e), i;
  }
  forEach(t) {
    for (let [e, i] of this._entries.entries()) t(e, i);
  }
  has(t) {
    return this._entries.has(t);
  }
  get(t) {
    return this._entries.get(t);
  }
};
var ln = class {
  constructor() {
    this._services = new Rs();
    this._services.set(xt, this);
  }
  setService(t, e) {
    this._services.set(t, e);
  }
  getService(t) {
    return this._services.get(t);
  }
  createInstance(t, ...e) {
    let i = Xs(t).sort((o2, l2) => o2.index - l2.index), r4 = [];
    for (let o2 of i) {
      let l2 = this._services.get(o2.id);
      if (!l2) throw new Error(`[createInstance] ${t.name} depends on UNKNOWN service ${o2.id._id}.`);
      r4.push(l2);
    }
    let n = i.length > 0 ? i[0].index : e.length;
    if (e.length !== n) throw new Error(`[createInstance] First service dependency of ${t.name} at position ${n + 1} conflicts with ${e.length} static arguments`);
    return new t(...e, ...r4);
  }
};
var ec = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };
var tc = "xterm.js: ";
var ii = class extends D {
  constructor(e) {
    super();
    this._optionsService = e;
    this._logLevel = 5;
    this._updateLogLevel(), this._register(this._optionsService.onSpecificOptionChange("logLevel", () => this._updateLogLevel())), ic = this;
  }
  get logLevel() {
    return this._logLevel;
  }
  _updateLogLevel() {
    this._logLevel = ec[this._optionsService.rawOptions.logLevel];
  }
  _evalLazyOptionalParams(e) {
    for (let i = 0; i < e.length; i++) typeof e[i] == "function" && (e[i] = e[i]());
  }
  _log(e, i, r4) {
    this._evalLazyOptionalParams(r4), e.call(console, (this._optionsService.options.logger ? "" : tc) + i, ...r4);
  }
  trace(e, ...i) {
    this._logLevel <= 0 && this._log(this._optionsService.options.logger?.trace.bind(this._optionsService.options.logger) ?? console.log, e, i);
  }
  debug(e, ...i) {
    this._logLevel <= 1 && this._log(this._optionsService.options.logger?.debug.bind(this._optionsService.options.logger) ?? console.log, e, i);
  }
  info(e, ...i) {
    this._logLevel <= 2 && this._log(this._optionsService.options.logger?.info.bind(this._optionsService.options.logger) ?? console.info, e, i);
  }
  warn(e, ...i) {
    this._logLevel <= 3 && this._log(this._optionsService.options.logger?.warn.bind(this._optionsService.options.logger) ?? console.warn, e, i);
  }
  error(e, ...i) {
    this._logLevel <= 4 && this._log(this._optionsService.options.logger?.error.bind(this._optionsService.options.logger) ?? console.error, e, i);
  }
};
ii = M([S(0, H)], ii);
var ic;
var zi = class extends D {
  constructor(e) {
    super();
    this._maxLength = e;
    this.onDeleteEmitter = this._register(new v());
    this.onDelete = this.onDeleteEmitter.event;
    this.onInsertEmitter = this._register(new v());
    this.onInsert = this.onInsertEmitter.event;
    this.onTrimEmitter = this._register(new v());
    this.onTrim = this.onTrimEmitter.event;
    this._array = new Array(this._maxLength), this._startIndex = 0, this._length = 0;
  }
  get maxLength() {
    return this._maxLength;
  }
  set maxLength(e) {
    if (this._maxLength === e) return;
    let i = new Array(e);
    for (let r4 = 0; r4 < Math.min(e, this.length); r4++) i[r4] = this._array[this._getCyclicIndex(r4)];
    this._array = i, this._maxLength = e, this._startIndex = 0;
  }
  get length() {
    return this._length;
  }
  set length(e) {
    if (e > this._length) for (let i = this._length; i < e; i++) this._array[i] = void 0;
    this._length = e;
  }
  get(e) {
    return this._array[this._getCyclicIndex(e)];
  }
  set(e, i) {
    this._array[this._getCyclicIndex(e)] = i;
  }
  push(e) {
    this._array[this._getCyclicIndex(this._length)] = e, this._length === this._maxLength ? (this._startIndex = ++this._startIndex % this._maxLength, this.onTrimEmitter.fire(1)) : this._length++;
  }
  recycle() {
    if (this._length !== this._maxLength) throw new Error("Can only recycle when the buffer is full");
    return this._startIndex = ++this._startIndex % this._maxLength, this.onTrimEmitter.fire(1), this._array[this._getCyclicIndex(this._length - 1)];
  }
  get isFull() {
    return this._length === this._maxLength;
  }
  pop() {
    return this._array[this._getCyclicIndex(this._length-- - 1)];
  }
  splice(e, i, ...r4) {
    if (i) {
      for (let n = e; n < this._length - i; n++) this._array[this._getCyclicIndex(n)] = this._array[this._getCyclicIndex(n + i)];
      this._length -= i, this.onDeleteEmitter.fire({ index: e, amount: i });
    }
    for (let n = this._length - 1; n >= e; n--) this._array[this._getCyclicIndex(n + r4.length)] = this._array[this._getCyclicIndex(n)];
    for (let n = 0; n < r4.length; n++) this._array[this._getCyclicIndex(e + n)] = r4[n];
    if (r4.length && this.onInsertEmitter.fire({ index: e, amount: r4.length }), this._length + r4.length > this._maxLength) {
      let n = this._length + r4.length - this._maxLength;
      this._startIndex += n, this._length = this._maxLength, this.onTrimEmitter.fire(n);
    } else this._length += r4.length;
  }
  trimStart(e) {
    e > this._length && (e = this._length), this._startIndex += e, this._length -= e, this.onTrimEmitter.fire(e);
  }
  shiftElements(e, i, r4) {
    if (!(i <= 0)) {
      if (e < 0 || e >= this._length) throw new Error("start argument out of range");
      if (e + r4 < 0) throw new Error("Cannot shift elements in list beyond index 0");
      if (r4 > 0) {
        for (let o2 = i - 1; o2 >= 0; o2--) this.set(e + o2 + r4, this.get(e + o2));
        let n = e + i + r4 - this._length;
        if (n > 0) for (this._length += n; this._length > this._maxLength; ) this._length--, this._startIndex++, this.onTrimEmitter.fire(1);
      } else for (let n = 0; n < i; n++) this.set(e + n + r4, this.get(e + n));
    }
  }
  _getCyclicIndex(e) {
    return (this._startIndex + e) % this._maxLength;
  }
};
var B = 3;
var X = Object.freeze(new De());
var an = 0;
var Ls = 2;
var Ze = class s12 {
  constructor(t, e, i = false) {
    this.isWrapped = i;
    this._combined = {};
    this._extendedAttrs = {};
    this._data = new Uint32Array(t * B);
    let r4 = e || q.fromCharData([0, ir, 1, 0]);
    for (let n = 0; n < t; ++n) this.setCell(n, r4);
    this.length = t;
  }
  get(t) {
    let e = this._data[t * B + 0], i = e & 2097151;
    return [this._data[t * B + 1], e & 2097152 ? this._combined[t] : i ? Ce(i) : "", e >> 22, e & 2097152 ? this._combined[t].charCodeAt(this._combined[t].length - 1) : i];
  }
  set(t, e) {
    this._data[t * B + 1] = e[0], e[1].length > 1 ? (this._combined[t] = e[1], this._data[t * B + 0] = t | 2097152 | e[2] << 22) : this._data[t * B + 0] = e[1].charCodeAt(0) | e[2] << 22;
  }
  getWidth(t) {
    return this._data[t * B + 0] >> 22;
  }
  hasWidth(t) {
    return this._data[t * B + 0] & 12582912;
  }
  getFg(t) {
    return this._data[t * B + 1];
  }
  getBg(t) {
    return this._data[t * B + 2];
  }
  hasContent(t) {
    return this._data[t * B + 0] & 4194303;
  }
  getCodePoint(t) {
    let e = this._data[t * B + 0];
    return e & 2097152 ? this._combined[t].charCodeAt(this._combined[t].length - 1) : e & 2097151;
  }
  isCombined(t) {
    return this._data[t * B + 0] & 2097152;
  }
  getString(t) {
    let e = this._data[t * B + 0];
    return e & 2097152 ? this._combined[t] : e & 2097151 ? Ce(e & 2097151) : "";
  }
  isProtected(t) {
    return this._data[t * B + 2] & 536870912;
  }
  loadCell(t, e) {
    return an = t * B, e.content = this._data[an + 0], e.fg = this._data[an + 1], e.bg = this._data[an + 2], e.content & 2097152 && (e.combinedData = this._combined[t]), e.bg & 268435456 && (e.extended = this._extendedAttrs[t]), e;
  }
  setCell(t, e) {
    e.content & 2097152 && (this._combined[t] = e.combinedData), e.bg & 268435456 && (this._extendedAttrs[t] = e.extended), this._data[t * B + 0] = e.content, this._data[t * B + 1] = e.fg, this._data[t * B + 2] = e.bg;
  }
  setCellFromCodepoint(t, e, i, r4) {
    r4.bg & 268435456 && (this._extendedAttrs[t] = r4.extended), this._data[t * B + 0] = e | i << 22, this._data[t * B + 1] = r4.fg, this._data[t * B + 2] = r4.bg;
  }
  addCodepointToCell(t, e, i) {
    let r4 = this._data[t * B + 0];
    r4 & 2097152 ? this._combined[t] += Ce(e) : r4 & 2097151 ? (this._combined[t] = Ce(r4 & 2097151) + Ce(e), r4 &= -2097152, r4 |= 2097152) : r4 = e | 1 << 22, i && (r4 &= -12582913, r4 |= i << 22), this._data[t * B + 0] = r4;
  }
  insertCells(t, e, i) {
    if (t %= this.length, t && this.getWidth(t - 1) === 2 && this.setCellFromCodepoint(t - 1, 0, 1, i), e < this.length - t) {
      let r4 = new q();
      for (let n = this.length - t - e - 1; n >= 0; --n) this.setCell(t + e + n, this.loadCell(t + n, r4));
      for (let n = 0; n < e; ++n) this.setCell(t + n, i);
    } else for (let r4 = t; r4 < this.length; ++r4) this.setCell(r4, i);
    this.getWidth(this.length - 1) === 2 && this.setCellFromCodepoint(this.length - 1, 0, 1, i);
  }
  deleteCells(t, e, i) {
    if (t %= this.length, e < this.length - t) {
      let r4 = new q();
      for (let n = 0; n < this.length - t - e; ++n) this.setCell(t + n, this.loadCell(t + e + n, r4));
      for (let n = this.length - e; n < this.length; ++n) this.setCell(n, i);
    } else for (let r4 = t; r4 < this.length; ++r4) this.setCell(r4, i);
    t && this.getWidth(t - 1) === 2 && this.setCellFromCodepoint(t - 1, 0, 1, i), this.getWidth(t) === 0 && !this.hasContent(t) && this.setCellFromCodepoint(t, 0, 1, i);
  }
  replaceCells(t, e, i, r4 = false) {
    if (r4) {
      for (t && this.getWidth(t - 1) === 2 && !this.isProtected(t - 1) && this.setCellFromCodepoint(t - 1, 0, 1, i), e < this.length && this.getWidth(e - 1) === 2 && !this.isProtected(e) && this.setCellFromCodepoint(e, 0, 1, i); t < e && t < this.length; ) this.isProtected(t) || this.setCell(t, i), t++;
      return;
    }
    for (t && this.getWidth(t - 1) === 2 && this.setCellFromCodepoint(t - 1, 0, 1, i), e < this.length && this.getWidth(e - 1) === 2 && this.setCellFromCodepoint(e, 0, 1, i); t < e && t < this.length; ) this.setCell(t++, i);
  }
  resize(t, e) {
    if (t === this.length) return this._data.length * 4 * Ls < this._data.buffer.byteLength;
    let i = t * B;
    if (t > this.length) {
      if (this._data.buffer.byteLength >= i * 4) this._data = new Uint32Array(this._data.buffer, 0, i);
      else {
        let r4 = new Uint32Array(i);
        r4.set(this._data), this._data = r4;
      }
      for (let r4 = this.length; r4 < t; ++r4) this.setCell(r4, e);
    } else {
      this._data = this._data.subarray(0, i);
      let r4 = Object.keys(this._combined);
      for (let o2 = 0; o2 < r4.length; o2++) {
        let l2 = parseInt(r4[o2], 10);
        l2 >= t && delete this._combined[l2];
      }
      let n = Object.keys(this._extendedAttrs);
      for (let o2 = 0; o2 < n.length; o2++) {
        let l2 = parseInt(n[o2], 10);
        l2 >= t && delete this._extendedAttrs[l2];
      }
    }
    return this.length = t, i * 4 * Ls < this._data.buffer.byteLength;
  }
  cleanupMemory() {
    if (this._data.length * 4 * Ls < this._data.buffer.byteLength) {
      let t = new Uint32Array(this._data.length);
      return t.set(this._data), this._data = t, 1;
    }
    return 0;
  }
  fill(t, e = false) {
    if (e) {
      for (let i = 0; i < this.length; ++i) this.isProtected(i) || this.setCell(i, t);
      return;
    }
    this._combined = {}, this._extendedAttrs = {};
    for (let i = 0; i < this.length; ++i) this.setCell(i, t);
  }
  copyFrom(t) {
    this.length !== t.length ? this._data = new Uint32Array(t._data) : this._data.set(t._data), this.length = t.length, this._combined = {};
    for (let e in t._combined) this._combined[e] = t._combined[e];
    this._extendedAttrs = {};
    for (let e in t._extendedAttrs) this._extendedAttrs[e] = t._extendedAttrs[e];
    this.isWrapped = t.isWrapped;
  }
  clone() {
    let t = new s12(0);
    t._data = new Uint32Array(this._data), t.length = this.length;
    for (let e in this._combined) t._combined[e] = this._combined[e];
    for (let e in this._extendedAttrs) t._extendedAttrs[e] = this._extendedAttrs[e];
    return t.isWrapped = this.isWrapped, t;
  }
  getTrimmedLength() {
    for (let t = this.length - 1; t >= 0; --t) if (this._data[t * B + 0] & 4194303) return t + (this._data[t * B + 0] >> 22);
    return 0;
  }
  getNoBgTrimmedLength() {
    for (let t = this.length - 1; t >= 0; --t) if (this._data[t * B + 0] & 4194303 || this._data[t * B + 2] & 50331648) return t + (this._data[t * B + 0] >> 22);
    return 0;
  }
  copyCellsFrom(t, e, i, r4, n) {
    let o2 = t._data;
    if (n) for (let a = r4 - 1; a >= 0; a--) {
      for (let u = 0; u < B; u++) this._data[(i + a) * B + u] = o2[(e + a) * B + u];
      o2[(e + a) * B + 2] & 268435456 && (this._extendedAttrs[i + a] = t._extendedAttrs[e + a]);
    }
    else for (let a = 0; a < r4; a++) {
      for (let u = 0; u < B; u++) this._data[(i + a) * B + u] = o2[(e + a) * B + u];
      o2[(e + a) * B + 2] & 268435456 && (this._extendedAttrs[i + a] = t._extendedAttrs[e + a]);
    }
    let l2 = Object.keys(t._combined);
    for (let a = 0; a < l2.length; a++) {
      let u = parseInt(l2[a], 10);
      u >= e && (this._combined[u - e + i] = t._combined[u]);
    }
  }
  translateToString(t, e, i, r4) {
    e = e ?? 0, i = i ?? this.length, t && (i = Math.min(i, this.getTrimmedLength())), r4 && (r4.length = 0);
    let n = "";
    for (; e < i; ) {
      let o2 = this._data[e * B + 0], l2 = o2 & 2097151, a = o2 & 2097152 ? this._combined[e] : l2 ? Ce(l2) : we;
      if (n += a, r4) for (let u = 0; u < a.length; ++u) r4.push(e);
      e += o2 >> 22 || 1;
    }
    return r4 && r4.push(e), n;
  }
};
function sl(s15, t, e, i, r4, n) {
  let o2 = [];
  for (let l2 = 0; l2 < s15.length - 1; l2++) {
    let a = l2, u = s15.get(++a);
    if (!u.isWrapped) continue;
    let h3 = [s15.get(l2)];
    for (; a < s15.length && u.isWrapped; ) h3.push(u), u = s15.get(++a);
    if (!n && i >= l2 && i < a) {
      l2 += h3.length - 1;
      continue;
    }
    let c = 0, d = ri(h3, c, t), _4 = 1, p = 0;
    for (; _4 < h3.length; ) {
      let f = ri(h3, _4, t), A2 = f - p, R = e - d, O2 = Math.min(A2, R);
      h3[c].copyCellsFrom(h3[_4], p, d, O2, false), d += O2, d === e && (c++, d = 0), p += O2, p === f && (_4++, p = 0), d === 0 && c !== 0 && h3[c - 1].getWidth(e - 1) === 2 && (h3[c].copyCellsFrom(h3[c - 1], e - 1, d++, 1, false), h3[c - 1].setCell(e - 1, r4));
    }
    h3[c].replaceCells(d, e, r4);
    let m = 0;
    for (let f = h3.length - 1; f > 0 && (f > c || h3[f].getTrimmedLength() === 0); f--) m++;
    m > 0 && (o2.push(l2 + h3.length - m), o2.push(m)), l2 += h3.length - 1;
  }
  return o2;
}
function ol(s15, t) {
  let e = [], i = 0, r4 = t[i], n = 0;
  for (let o2 = 0; o2 < s15.length; o2++) if (r4 === o2) {
    let l2 = t[++i];
    s15.onDeleteEmitter.fire({ index: o2 - n, amount: l2 }), o2 += l2 - 1, n += l2, r4 = t[++i];
  } else e.push(o2);
  return { layout: e, countRemoved: n };
}
function ll(s15, t) {
  let e = [];
  for (let i = 0; i < t.length; i++) e.push(s15.get(t[i]));
  for (let i = 0; i < e.length; i++) s15.set(i, e[i]);
  s15.length = t.length;
}
function al(s15, t, e) {
  let i = [], r4 = s15.map((a, u) => ri(s15, u, t)).reduce((a, u) => a + u), n = 0, o2 = 0, l2 = 0;
  for (; l2 < r4; ) {
    if (r4 - l2 < e) {
      i.push(r4 - l2);
      break;
    }
    n += e;
    let a = ri(s15, o2, t);
    n > a && (n -= a, o2++);
    let u = s15[o2].getWidth(n - 1) === 2;
    u && n--;
    let h3 = u ? e - 1 : e;
    i.push(h3), l2 += h3;
  }
  return i;
}
function ri(s15, t, e) {
  if (t === s15.length - 1) return s15[t].getTrimmedLength();
  let i = !s15[t].hasContent(e - 1) && s15[t].getWidth(e - 1) === 1, r4 = s15[t + 1].getWidth(0) === 2;
  return i && r4 ? e - 1 : e;
}
var un = class un2 {
  constructor(t) {
    this.line = t;
    this.isDisposed = false;
    this._disposables = [];
    this._id = un2._nextId++;
    this._onDispose = this.register(new v());
    this.onDispose = this._onDispose.event;
  }
  get id() {
    return this._id;
  }
  dispose() {
    this.isDisposed || (this.isDisposed = true, this.line = -1, this._onDispose.fire(), Ne(this._disposables), this._disposables.length = 0);
  }
  register(t) {
    return this._disposables.push(t), t;
  }
};
un._nextId = 1;
var cn = un;
var ne = {};
var Je = ne.B;
ne[0] = { "`": "◆", a: "▒", b: "␉", c: "␌", d: "␍", e: "␊", f: "°", g: "±", h: "␤", i: "␋", j: "┘", k: "┐", l: "┌", m: "└", n: "┼", o: "⎺", p: "⎻", q: "─", r: "⎼", s: "⎽", t: "├", u: "┤", v: "┴", w: "┬", x: "│", y: "≤", z: "≥", "{": "π", "|": "≠", "}": "£", "~": "·" };
ne.A = { "#": "£" };
ne.B = void 0;
ne[4] = { "#": "£", "@": "¾", "[": "ij", "\\": "½", "]": "|", "{": "¨", "|": "f", "}": "¼", "~": "´" };
ne.C = ne[5] = { "[": "Ä", "\\": "Ö", "]": "Å", "^": "Ü", "`": "é", "{": "ä", "|": "ö", "}": "å", "~": "ü" };
ne.R = { "#": "£", "@": "à", "[": "°", "\\": "ç", "]": "§", "{": "é", "|": "ù", "}": "è", "~": "¨" };
ne.Q = { "@": "à", "[": "â", "\\": "ç", "]": "ê", "^": "î", "`": "ô", "{": "é", "|": "ù", "}": "è", "~": "û" };
ne.K = { "@": "§", "[": "Ä", "\\": "Ö", "]": "Ü", "{": "ä", "|": "ö", "}": "ü", "~": "ß" };
ne.Y = { "#": "£", "@": "§", "[": "°", "\\": "ç", "]": "é", "`": "ù", "{": "à", "|": "ò", "}": "è", "~": "ì" };
ne.E = ne[6] = { "@": "Ä", "[": "Æ", "\\": "Ø", "]": "Å", "^": "Ü", "`": "ä", "{": "æ", "|": "ø", "}": "å", "~": "ü" };
ne.Z = { "#": "£", "@": "§", "[": "¡", "\\": "Ñ", "]": "¿", "{": "°", "|": "ñ", "}": "ç" };
ne.H = ne[7] = { "@": "É", "[": "Ä", "\\": "Ö", "]": "Å", "^": "Ü", "`": "é", "{": "ä", "|": "ö", "}": "å", "~": "ü" };
ne["="] = { "#": "ù", "@": "à", "[": "é", "\\": "ç", "]": "ê", "^": "î", _: "è", "`": "ô", "{": "ä", "|": "ö", "}": "ü", "~": "û" };
var cl = 4294967295;
var $i = class {
  constructor(t, e, i) {
    this._hasScrollback = t;
    this._optionsService = e;
    this._bufferService = i;
    this.ydisp = 0;
    this.ybase = 0;
    this.y = 0;
    this.x = 0;
    this.tabs = {};
    this.savedY = 0;
    this.savedX = 0;
    this.savedCurAttrData = X.clone();
    this.savedCharset = Je;
    this.markers = [];
    this._nullCell = q.fromCharData([0, ir, 1, 0]);
    this._whitespaceCell = q.fromCharData([0, we, 1, 32]);
    this._isClearing = false;
    this._memoryCleanupQueue = new Jt();
    this._memoryCleanupPosition = 0;
    this._cols = this._bufferService.cols, this._rows = this._bufferService.rows, this.lines = new zi(this._getCorrectBufferLength(this._rows)), this.scrollTop = 0, this.scrollBottom = this._rows - 1, this.setupTabStops();
  }
  getNullCell(t) {
    return t ? (this._nullCell.fg = t.fg, this._nullCell.bg = t.bg, this._nullCell.extended = t.extended) : (this._nullCell.fg = 0, this._nullCell.bg = 0, this._nullCell.extended = new rt()), this._nullCell;
  }
  getWhitespaceCell(t) {
    return t ? (this._whitespaceCell.fg = t.fg, this._whitespaceCell.bg = t.bg, this._whitespaceCell.extended = t.extended) : (this._whitespaceCell.fg = 0, this._whitespaceCell.bg = 0, this._whitespaceCell.extended = new rt()), this._whitespaceCell;
  }
  getBlankLine(t, e) {
    return new Ze(this._bufferService.cols, this.getNullCell(t), e);
  }
  get hasScrollback() {
    return this._hasScrollback && this.lines.maxLength > this._rows;
  }
  get isCursorInViewport() {
    let e = this.ybase + this.y - this.ydisp;
    return e >= 0 && e < this._rows;
  }
  _getCorrectBufferLength(t) {
    if (!this._hasScrollback) return t;
    let e = t + this._optionsService.rawOptions.scrollback;
    return e > cl ? cl : e;
  }
  fillViewportRows(t) {
    if (this.lines.length === 0) {
      t === void 0 && (t = X);
      let e = this._rows;
      for (; e--; ) this.lines.push(this.getBlankLine(t));
    }
  }
  clear() {
    this.ydisp = 0, this.ybase = 0, this.y = 0, this.x = 0, this.lines = new zi(this._getCorrectBufferLength(this._rows)), this.scrollTop = 0, this.scrollBottom = this._rows - 1, this.setupTabStops();
  }
  resize(t, e) {
    let i = this.getNullCell(X), r4 = 0, n = this._getCorrectBufferLength(e);
    if (n > this.lines.maxLength && (this.lines.maxLength = n), this.lines.length > 0) {
      if (this._cols < t) for (let l2 = 0; l2 < this.lines.length; l2++) r4 += +this.lines.get(l2).resize(t, i);
      let o2 = 0;
      if (this._rows < e) for (let l2 = this._rows; l2 < e; l2++) this.lines.length < e + this.ybase && (this._optionsService.rawOptions.windowsMode || this._optionsService.rawOptions.windowsPty.backend !== void 0 || this._optionsService.rawOptions.windowsPty.buildNumber !== void 0 ? this.lines.push(new Ze(t, i)) : this.ybase > 0 && this.lines.length <= this.ybase + this.y + o2 + 1 ? (this.ybase--, o2++, this.ydisp > 0 && this.ydisp--) : this.lines.push(new Ze(t, i)));
      else for (let l2 = this._rows; l2 > e; l2--) this.lines.length > e + this.ybase && (this.lines.length > this.ybase + this.y + 1 ? this.lines.pop() : (this.ybase++, this.ydisp++));
      if (n < this.lines.maxLength) {
        let l2 = this.lines.length - n;
        l2 > 0 && (this.lines.trimStart(l2), this.ybase = Math.max(this.ybase - l2, 0), this.ydisp = Math.max(this.ydisp - l2, 0), this.savedY = Math.max(this.savedY - l2, 0)), this.lines.maxLength = n;
      }
      this.x = Math.min(this.x, t - 1), this.y = Math.min(this.y, e - 1), o2 && (this.y += o2), this.savedX = Math.min(this.savedX, t - 1), this.scrollTop = 0;
    }
    if (this.scrollBottom = e - 1, this._isReflowEnabled && (this._reflow(t, e), this._cols > t)) for (let o2 = 0; o2 < this.lines.length; o2++) r4 += +this.lines.get(o2).resize(t, i);
    this._cols = t, this._rows = e, this._memoryCleanupQueue.clear(), r4 > 0.1 * this.lines.length && (this._memoryCleanupPosition = 0, this._memoryCleanupQueue.enqueue(() => this._batchedMemoryCleanup()));
  }
  _batchedMemoryCleanup() {
    let t = true;
    this._memoryCleanupPosition >= this.lines.length && (this._memoryCleanupPosition = 0, t = false);
    let e = 0;
    for (; this._memoryCleanupPosition < this.lines.length; ) if (e += this.lines.get(this._memoryCleanupPosition++).cleanupMemory(), e > 100) return true;
    return t;
  }
  get _isReflowEnabled() {
    let t = this._optionsService.rawOptions.windowsPty;
    return t && t.buildNumber ? this._hasScrollback && t.backend === "conpty" && t.buildNumber >= 21376 : this._hasScrollback && !this._optionsService.rawOptions.windowsMode;
  }
  _reflow(t, e) {
    this._cols !== t && (t > this._cols ? this._reflowLarger(t, e) : this._reflowSmaller(t, e));
  }
  _reflowLarger(t, e) {
    let i = this._optionsService.rawOptions.reflowCursorLine, r4 = sl(this.lines, this._cols, t, this.ybase + this.y, this.getNullCell(X), i);
    if (r4.length > 0) {
      let n = ol(this.lines, r4);
      ll(this.lines, n.layout), this._reflowLargerAdjustViewport(t, e, n.countRemoved);
    }
  }
  _reflowLargerAdjustViewport(t, e, i) {
    let r4 = this.getNullCell(X), n = i;
    for (; n-- > 0; ) this.ybase === 0 ? (this.y > 0 && this.y--, this.lines.length < e && this.lines.push(new Ze(t, r4))) : (this.ydisp === this.ybase && this.ydisp--, this.ybase--);
    this.savedY = Math.max(this.savedY - i, 0);
  }
  _reflowSmaller(t, e) {
    let i = this._optionsService.rawOptions.reflowCursorLine, r4 = this.getNullCell(X), n = [], o2 = 0;
    for (let l2 = this.lines.length - 1; l2 >= 0; l2--) {
      let a = this.lines.get(l2);
      if (!a || !a.isWrapped && a.getTrimmedLength() <= t) continue;
      let u = [a];
      for (; a.isWrapped && l2 > 0; ) a = this.lines.get(--l2), u.unshift(a);
      if (!i) {
        let I = this.ybase + this.y;
        if (I >= l2 && I < l2 + u.length) continue;
      }
      let h3 = u[u.length - 1].getTrimmedLength(), c = al(u, this._cols, t), d = c.length - u.length, _4;
      this.ybase === 0 && this.y !== this.lines.length - 1 ? _4 = Math.max(0, this.y - this.lines.maxLength + d) : _4 = Math.max(0, this.lines.length - this.lines.maxLength + d);
      let p = [];
      for (let I = 0; I < d; I++) {
        let k3 = this.getBlankLine(X, true);
        p.push(k3);
      }
      p.length > 0 && (n.push({ start: l2 + u.length + o2, newLines: p }), o2 += p.length), u.push(...p);
      let m = c.length - 1, f = c[m];
      f === 0 && (m--, f = c[m]);
      let A2 = u.length - d - 1, R = h3;
      for (; A2 >= 0; ) {
        let I = Math.min(R, f);
        if (u[m] === void 0) break;
        if (u[m].copyCellsFrom(u[A2], R - I, f - I, I, true), f -= I, f === 0 && (m--, f = c[m]), R -= I, R === 0) {
          A2--;
          let k3 = Math.max(A2, 0);
          R = ri(u, k3, this._cols);
        }
      }
      for (let I = 0; I < u.length; I++) c[I] < t && u[I].setCell(c[I], r4);
      let O2 = d - _4;
      for (; O2-- > 0; ) this.ybase === 0 ? this.y < e - 1 ? (this.y++, this.lines.pop()) : (this.ybase++, this.ydisp++) : this.ybase < Math.min(this.lines.maxLength, this.lines.length + o2) - e && (this.ybase === this.ydisp && this.ydisp++, this.ybase++);
      this.savedY = Math.min(this.savedY + d, this.ybase + e - 1);
    }
    if (n.length > 0) {
      let l2 = [], a = [];
      for (let f = 0; f < this.lines.length; f++) a.push(this.lines.get(f));
      let u = this.lines.length, h3 = u - 1, c = 0, d = n[c];
      this.lines.length = Math.min(this.lines.maxLength, this.lines.length + o2);
      let _4 = 0;
      for (let f = Math.min(this.lines.maxLength - 1, u + o2 - 1); f >= 0; f--) if (d && d.start > h3 + _4) {
        for (let A2 = d.newLines.length - 1; A2 >= 0; A2--) this.lines.set(f--, d.newLines[A2]);
        f++, l2.push({ index: h3 + 1, amount: d.newLines.length }), _4 += d.newLines.length, d = n[++c];
      } else this.lines.set(f, a[h3--]);
      let p = 0;
      for (let f = l2.length - 1; f >= 0; f--) l2[f].index += p, this.lines.onInsertEmitter.fire(l2[f]), p += l2[f].amount;
      let m = Math.max(0, u + o2 - this.lines.maxLength);
      m > 0 && this.lines.onTrimEmitter.fire(m);
    }
  }
  translateBufferLineToString(t, e, i = 0, r4) {
    let n = this.lines.get(t);
    return n ? n.translateToString(e, i, r4) : "";
  }
  getWrappedRangeForLine(t) {
    let e = t, i = t;
    for (; e > 0 && this.lines.get(e).isWrapped; ) e--;
    for (; i + 1 < this.lines.length && this.lines.get(i + 1).isWrapped; ) i++;
    return { first: e, last: i };
  }
  setupTabStops(t) {
    for (t != null ? this.tabs[t] || (t = this.prevStop(t)) : (this.tabs = {}, t = 0); t < this._cols; t += this._optionsService.rawOptions.tabStopWidth) this.tabs[t] = true;
  }
  prevStop(t) {
    for (t == null && (t = this.x); !this.tabs[--t] && t > 0; ) ;
    return t >= this._cols ? this._cols - 1 : t < 0 ? 0 : t;
  }
  nextStop(t) {
    for (t == null && (t = this.x); !this.tabs[++t] && t < this._cols; ) ;
    return t >= this._cols ? this._cols - 1 : t < 0 ? 0 : t;
  }
  clearMarkers(t) {
    this._isClearing = true;
    for (let e = 0; e < this.markers.length; e++) this.markers[e].line === t && (this.markers[e].dispose(), this.markers.splice(e--, 1));
    this._isClearing = false;
  }
  clearAllMarkers() {
    this._isClearing = true;
    for (let t = 0; t < this.markers.length; t++) this.markers[t].dispose();
    this.markers.length = 0, this._isClearing = false;
  }
  addMarker(t) {
    let e = new cn(t);
    return this.markers.push(e), e.register(this.lines.onTrim((i) => {
      e.line -= i, e.line < 0 && e.dispose();
    })), e.register(this.lines.onInsert((i) => {
      e.line >= i.index && (e.line += i.amount);
    })), e.register(this.lines.onDelete((i) => {
      e.line >= i.index && e.line < i.index + i.amount && e.dispose(), e.line > i.index && (e.line -= i.amount);
    })), e.register(e.onDispose(() => this._removeMarker(e))), e;
  }
  _removeMarker(t) {
    this._isClearing || this.markers.splice(this.markers.indexOf(t), 1);
  }
};
var hn = class extends D {
  constructor(e, i) {
    super();
    this._optionsService = e;
    this._bufferService = i;
    this._onBufferActivate = this._register(new v());
    this.onBufferActivate = this._onBufferActivate.event;
    this.reset(), this._register(this._optionsService.onSpecificOptionChange("scrollback", () => this.resize(this._bufferService.cols, this._bufferService.rows))), this._register(this._optionsService.onSpecificOptionChange("tabStopWidth", () => this.setupTabStops()));
  }
  reset() {
    this._normal = new $i(true, this._optionsService, this._bufferService), this._normal.fillViewportRows(), this._alt = new $i(false, this._optionsService, this._bufferService), this._activeBuffer = this._normal, this._onBufferActivate.fire({ activeBuffer: this._normal, inactiveBuffer: this._alt }), this.setupTabStops();
  }
  get alt() {
    return this._alt;
  }
  get active() {
    return this._activeBuffer;
  }
  get normal() {
    return this._normal;
  }
  activateNormalBuffer() {
    this._activeBuffer !== this._normal && (this._normal.x = this._alt.x, this._normal.y = this._alt.y, this._alt.clearAllMarkers(), this._alt.clear(), this._activeBuffer = this._normal, this._onBufferActivate.fire({ activeBuffer: this._normal, inactiveBuffer: this._alt }));
  }
  activateAltBuffer(e) {
    this._activeBuffer !== this._alt && (this._alt.fillViewportRows(e), this._alt.x = this._normal.x, this._alt.y = this._normal.y, this._activeBuffer = this._alt, this._onBufferActivate.fire({ activeBuffer: this._alt, inactiveBuffer: this._normal }));
  }
  resize(e, i) {
    this._normal.resize(e, i), this._alt.resize(e, i), this.setupTabStops(e);
  }
  setupTabStops(e) {
    this._normal.setupTabStops(e), this._alt.setupTabStops(e);
  }
};
var ks = 2;
var Cs = 1;
var ni = class extends D {
  constructor(e) {
    super();
    this.isUserScrolling = false;
    this._onResize = this._register(new v());
    this.onResize = this._onResize.event;
    this._onScroll = this._register(new v());
    this.onScroll = this._onScroll.event;
    this.cols = Math.max(e.rawOptions.cols || 0, ks), this.rows = Math.max(e.rawOptions.rows || 0, Cs), this.buffers = this._register(new hn(e, this)), this._register(this.buffers.onBufferActivate((i) => {
      this._onScroll.fire(i.activeBuffer.ydisp);
    }));
  }
  get buffer() {
    return this.buffers.active;
  }
  resize(e, i) {
    let r4 = this.cols !== e, n = this.rows !== i;
    this.cols = e, this.rows = i, this.buffers.resize(e, i), this._onResize.fire({ cols: e, rows: i, colsChanged: r4, rowsChanged: n });
  }
  reset() {
    this.buffers.reset(), this.isUserScrolling = false;
  }
  scroll(e, i = false) {
    let r4 = this.buffer, n;
    n = this._cachedBlankLine, (!n || n.length !== this.cols || n.getFg(0) !== e.fg || n.getBg(0) !== e.bg) && (n = r4.getBlankLine(e, i), this._cachedBlankLine = n), n.isWrapped = i;
    let o2 = r4.ybase + r4.scrollTop, l2 = r4.ybase + r4.scrollBottom;
    if (r4.scrollTop === 0) {
      let a = r4.lines.isFull;
      l2 === r4.lines.length - 1 ? a ? r4.lines.recycle().copyFrom(n) : r4.lines.push(n.clone()) : r4.lines.splice(l2 + 1, 0, n.clone()), a ? this.isUserScrolling && (r4.ydisp = Math.max(r4.ydisp - 1, 0)) : (r4.ybase++, this.isUserScrolling || r4.ydisp++);
    } else {
      let a = l2 - o2 + 1;
      r4.lines.shiftElements(o2 + 1, a - 1, -1), r4.lines.set(l2, n.clone());
    }
    this.isUserScrolling || (r4.ydisp = r4.ybase), this._onScroll.fire(r4.ydisp);
  }
  scrollLines(e, i) {
    let r4 = this.buffer;
    if (e < 0) {
      if (r4.ydisp === 0) return;
      this.isUserScrolling = true;
    } else e + r4.ydisp >= r4.ybase && (this.isUserScrolling = false);
    let n = r4.ydisp;
    r4.ydisp = Math.max(Math.min(r4.ydisp + e, r4.ybase), 0), n !== r4.ydisp && (i || this._onScroll.fire(r4.ydisp));
  }
};
ni = M([S(0, H)], ni);
var si = { cols: 80, rows: 24, cursorBlink: false, cursorStyle: "block", cursorWidth: 1, cursorInactiveStyle: "outline", customGlyphs: true, drawBoldTextInBrightColors: true, documentOverride: null, fastScrollModifier: "alt", fastScrollSensitivity: 5, fontFamily: "monospace", fontSize: 15, fontWeight: "normal", fontWeightBold: "bold", ignoreBracketedPasteMode: false, lineHeight: 1, letterSpacing: 0, linkHandler: null, logLevel: "info", logger: null, scrollback: 1e3, scrollOnEraseInDisplay: false, scrollOnUserInput: true, scrollSensitivity: 1, screenReaderMode: false, smoothScrollDuration: 0, macOptionIsMeta: false, macOptionClickForcesSelection: false, minimumContrastRatio: 1, disableStdin: false, allowProposedApi: false, allowTransparency: false, tabStopWidth: 8, theme: {}, reflowCursorLine: false, rescaleOverlappingGlyphs: false, rightClickSelectsWord: Zt, windowOptions: {}, windowsMode: false, windowsPty: {}, wordSeparator: " ()[]{}',\"`", altClickMovesCursor: true, convertEol: false, termName: "xterm", cancelEvents: false, overviewRuler: {} };
var nc = ["normal", "bold", "100", "200", "300", "400", "500", "600", "700", "800", "900"];
var dn = class extends D {
  constructor(e) {
    super();
    this._onOptionChange = this._register(new v());
    this.onOptionChange = this._onOptionChange.event;
    let i = { ...si };
    for (let r4 in e) if (r4 in i) try {
      let n = e[r4];
      i[r4] = this._sanitizeAndValidateOption(r4, n);
    } catch (n) {
      console.error(n);
    }
    this.rawOptions = i, this.options = { ...i }, this._setupOptions(), this._register(C(() => {
      this.rawOptions.linkHandler = null, this.rawOptions.documentOverride = null;
    }));
  }
  onSpecificOptionChange(e, i) {
    return this.onOptionChange((r4) => {
      r4 === e && i(this.rawOptions[e]);
    });
  }
  onMultipleOptionChange(e, i) {
    return this.onOptionChange((r4) => {
      e.indexOf(r4) !== -1 && i();
    });
  }
  _setupOptions() {
    let e = (r4) => {
      if (!(r4 in si)) throw new Error(`No option with key "${r4}"`);
      return this.rawOptions[r4];
    }, i = (r4, n) => {
      if (!(r4 in si)) throw new Error(`No option with key "${r4}"`);
      n = this._sanitizeAndValidateOption(r4, n), this.rawOptions[r4] !== n && (this.rawOptions[r4] = n, this._onOptionChange.fire(r4));
    };
    for (let r4 in this.rawOptions) {
      let n = { get: e.bind(this, r4), set: i.bind(this, r4) };
      Object.defineProperty(this.options, r4, n);
    }
  }
  _sanitizeAndValidateOption(e, i) {
    switch (e) {
      case "cursorStyle":
        if (i || (i = si[e]), !sc(i)) throw new Error(`"${i}" is not a valid value for ${e}`);
        break;
      case "wordSeparator":
        i || (i = si[e]);
        break;
      case "fontWeight":
      case "fontWeightBold":
        if (typeof i == "number" && 1 <= i && i <= 1e3) break;
        i = nc.includes(i) ? i : si[e];
        break;
      case "cursorWidth":
        i = Math.floor(i);
      case "lineHeight":
      case "tabStopWidth":
        if (i < 1) throw new Error(`${e} cannot be less than 1, value: ${i}`);
        break;
      case "minimumContrastRatio":
        i = Math.max(1, Math.min(21, Math.round(i * 10) / 10));
        break;
      case "scrollback":
        if (i = Math.min(i, 4294967295), i < 0) throw new Error(`${e} cannot be less than 0, value: ${i}`);
        break;
      case "fastScrollSensitivity":
      case "scrollSensitivity":
        if (i <= 0) throw new Error(`${e} cannot be less than or equal to 0, value: ${i}`);
        break;
      case "rows":
      case "cols":
        if (!i && i !== 0) throw new Error(`${e} must be numeric, value: ${i}`);
        break;
      case "windowsPty":
        i = i ?? {};
        break;
    }
    return i;
  }
};
function sc(s15) {
  return s15 === "block" || s15 === "underline" || s15 === "bar";
}
function oi(s15, t = 5) {
  if (typeof s15 != "object") return s15;
  let e = Array.isArray(s15) ? [] : {};
  for (let i in s15) e[i] = t <= 1 ? s15[i] : s15[i] && oi(s15[i], t - 1);
  return e;
}
var ul = Object.freeze({ insertMode: false });
var hl = Object.freeze({ applicationCursorKeys: false, applicationKeypad: false, bracketedPasteMode: false, cursorBlink: void 0, cursorStyle: void 0, origin: false, reverseWraparound: false, sendFocus: false, synchronizedOutput: false, wraparound: true });
var li = class extends D {
  constructor(e, i, r4) {
    super();
    this._bufferService = e;
    this._logService = i;
    this._optionsService = r4;
    this.isCursorInitialized = false;
    this.isCursorHidden = false;
    this._onData = this._register(new v());
    this.onData = this._onData.event;
    this._onUserInput = this._register(new v());
    this.onUserInput = this._onUserInput.event;
    this._onBinary = this._register(new v());
    this.onBinary = this._onBinary.event;
    this._onRequestScrollToBottom = this._register(new v());
    this.onRequestScrollToBottom = this._onRequestScrollToBottom.event;
    this.modes = oi(ul), this.decPrivateModes = oi(hl);
  }
  reset() {
    this.modes = oi(ul), this.decPrivateModes = oi(hl);
  }
  triggerDataEvent(e, i = false) {
    if (this._optionsService.rawOptions.disableStdin) return;
    let r4 = this._bufferService.buffer;
    i && this._optionsService.rawOptions.scrollOnUserInput && r4.ybase !== r4.ydisp && this._onRequestScrollToBottom.fire(), i && this._onUserInput.fire(), this._logService.debug(`sending data "${e}"`), this._logService.trace("sending data (codes)", () => e.split("").map((n) => n.charCodeAt(0))), this._onData.fire(e);
  }
  triggerBinaryEvent(e) {
    this._optionsService.rawOptions.disableStdin || (this._logService.debug(`sending binary "${e}"`), this._logService.trace("sending binary (codes)", () => e.split("").map((i) => i.charCodeAt(0))), this._onBinary.fire(e));
  }
};
li = M([S(0, F), S(1, nr), S(2, H)], li);
var dl = { NONE: { events: 0, restrict: () => false }, X10: { events: 1, restrict: (s15) => s15.button === 4 || s15.action !== 1 ? false : (s15.ctrl = false, s15.alt = false, s15.shift = false, true) }, VT200: { events: 19, restrict: (s15) => s15.action !== 32 }, DRAG: { events: 23, restrict: (s15) => !(s15.action === 32 && s15.button === 3) }, ANY: { events: 31, restrict: (s15) => true } };
function Ms(s15, t) {
  let e = (s15.ctrl ? 16 : 0) | (s15.shift ? 4 : 0) | (s15.alt ? 8 : 0);
  return s15.button === 4 ? (e |= 64, e |= s15.action) : (e |= s15.button & 3, s15.button & 4 && (e |= 64), s15.button & 8 && (e |= 128), s15.action === 32 ? e |= 32 : s15.action === 0 && !t && (e |= 3)), e;
}
var Ps = String.fromCharCode;
var fl = { DEFAULT: (s15) => {
  let t = [Ms(s15, false) + 32, s15.col + 32, s15.row + 32];
  return t[0] > 255 || t[1] > 255 || t[2] > 255 ? "" : `\x1B[M${Ps(t[0])}${Ps(t[1])}${Ps(t[2])}`;
}, SGR: (s15) => {
  let t = s15.action === 0 && s15.button !== 4 ? "m" : "M";
  return `\x1B[<${Ms(s15, true)};${s15.col};${s15.row}${t}`;
}, SGR_PIXELS: (s15) => {
  let t = s15.action === 0 && s15.button !== 4 ? "m" : "M";
  return `\x1B[<${Ms(s15, true)};${s15.x};${s15.y}${t}`;
} };
var ai = class extends D {
  constructor(e, i, r4) {
    super();
    this._bufferService = e;
    this._coreService = i;
    this._optionsService = r4;
    this._protocols = {};
    this._encodings = {};
    this._activeProtocol = "";
    this._activeEncoding = "";
    this._lastEvent = null;
    this._wheelPartialScroll = 0;
    this._onProtocolChange = this._register(new v());
    this.onProtocolChange = this._onProtocolChange.event;
    for (let n of Object.keys(dl)) this.addProtocol(n, dl[n]);
    for (let n of Object.keys(fl)) this.addEncoding(n, fl[n]);
    this.reset();
  }
  addProtocol(e, i) {
    this._protocols[e] = i;
  }
  addEncoding(e, i) {
    this._encodings[e] = i;
  }
  get activeProtocol() {
    return this._activeProtocol;
  }
  get areMouseEventsActive() {
    return this._protocols[this._activeProtocol].events !== 0;
  }
  set activeProtocol(e) {
    if (!this._protocols[e]) throw new Error(`unknown protocol "${e}"`);
    this._activeProtocol = e, this._onProtocolChange.fire(this._protocols[e].events);
  }
  get activeEncoding() {
    return this._activeEncoding;
  }
  set activeEncoding(e) {
    if (!this._encodings[e]) throw new Error(`unknown encoding "${e}"`);
    this._activeEncoding = e;
  }
  reset() {
    this.activeProtocol = "NONE", this.activeEncoding = "DEFAULT", this._lastEvent = null, this._wheelPartialScroll = 0;
  }
  consumeWheelEvent(e, i, r4) {
    if (e.deltaY === 0 || e.shiftKey || i === void 0 || r4 === void 0) return 0;
    let n = i / r4, o2 = this._applyScrollModifier(e.deltaY, e);
    return e.deltaMode === WheelEvent.DOM_DELTA_PIXEL ? (o2 /= n + 0, Math.abs(e.deltaY) < 50 && (o2 *= 0.3), this._wheelPartialScroll += o2, o2 = Math.floor(Math.abs(this._wheelPartialScroll)) * (this._wheelPartialScroll > 0 ? 1 : -1), this._wheelPartialScroll %= 1) : e.deltaMode === WheelEvent.DOM_DELTA_PAGE && (o2 *= this._bufferService.rows), o2;
  }
  _applyScrollModifier(e, i) {
    return i.altKey || i.ctrlKey || i.shiftKey ? e * this._optionsService.rawOptions.fastScrollSensitivity * this._optionsService.rawOptions.scrollSensitivity : e * this._optionsService.rawOptions.scrollSensitivity;
  }
  triggerMouseEvent(e) {
    if (e.col < 0 || e.col >= this._bufferService.cols || e.row < 0 || e.row >= this._bufferService.rows || e.button === 4 && e.action === 32 || e.button === 3 && e.action !== 32 || e.button !== 4 && (e.action === 2 || e.action === 3) || (e.col++, e.row++, e.action === 32 && this._lastEvent && this._equalEvents(this._lastEvent, e, this._activeEncoding === "SGR_PIXELS")) || !this._protocols[this._activeProtocol].restrict(e)) return false;
    let i = this._encodings[this._activeEncoding](e);
    return i && (this._activeEncoding === "DEFAULT" ? this._coreService.triggerBinaryEvent(i) : this._coreService.triggerDataEvent(i, true)), this._lastEvent = e, true;
  }
  explainEvents(e) {
    return { down: !!(e & 1), up: !!(e & 2), drag: !!(e & 4), move: !!(e & 8), wheel: !!(e & 16) };
  }
  _equalEvents(e, i, r4) {
    if (r4) {
      if (e.x !== i.x || e.y !== i.y) return false;
    } else if (e.col !== i.col || e.row !== i.row) return false;
    return !(e.button !== i.button || e.action !== i.action || e.ctrl !== i.ctrl || e.alt !== i.alt || e.shift !== i.shift);
  }
};
ai = M([S(0, F), S(1, ge), S(2, H)], ai);
var Os = [[768, 879], [1155, 1158], [1160, 1161], [1425, 1469], [1471, 1471], [1473, 1474], [1476, 1477], [1479, 1479], [1536, 1539], [1552, 1557], [1611, 1630], [1648, 1648], [1750, 1764], [1767, 1768], [1770, 1773], [1807, 1807], [1809, 1809], [1840, 1866], [1958, 1968], [2027, 2035], [2305, 2306], [2364, 2364], [2369, 2376], [2381, 2381], [2385, 2388], [2402, 2403], [2433, 2433], [2492, 2492], [2497, 2500], [2509, 2509], [2530, 2531], [2561, 2562], [2620, 2620], [2625, 2626], [2631, 2632], [2635, 2637], [2672, 2673], [2689, 2690], [2748, 2748], [2753, 2757], [2759, 2760], [2765, 2765], [2786, 2787], [2817, 2817], [2876, 2876], [2879, 2879], [2881, 2883], [2893, 2893], [2902, 2902], [2946, 2946], [3008, 3008], [3021, 3021], [3134, 3136], [3142, 3144], [3146, 3149], [3157, 3158], [3260, 3260], [3263, 3263], [3270, 3270], [3276, 3277], [3298, 3299], [3393, 3395], [3405, 3405], [3530, 3530], [3538, 3540], [3542, 3542], [3633, 3633], [3636, 3642], [3655, 3662], [3761, 3761], [3764, 3769], [3771, 3772], [3784, 3789], [3864, 3865], [3893, 3893], [3895, 3895], [3897, 3897], [3953, 3966], [3968, 3972], [3974, 3975], [3984, 3991], [3993, 4028], [4038, 4038], [4141, 4144], [4146, 4146], [4150, 4151], [4153, 4153], [4184, 4185], [4448, 4607], [4959, 4959], [5906, 5908], [5938, 5940], [5970, 5971], [6002, 6003], [6068, 6069], [6071, 6077], [6086, 6086], [6089, 6099], [6109, 6109], [6155, 6157], [6313, 6313], [6432, 6434], [6439, 6440], [6450, 6450], [6457, 6459], [6679, 6680], [6912, 6915], [6964, 6964], [6966, 6970], [6972, 6972], [6978, 6978], [7019, 7027], [7616, 7626], [7678, 7679], [8203, 8207], [8234, 8238], [8288, 8291], [8298, 8303], [8400, 8431], [12330, 12335], [12441, 12442], [43014, 43014], [43019, 43019], [43045, 43046], [64286, 64286], [65024, 65039], [65056, 65059], [65279, 65279], [65529, 65531]];
var ac = [[68097, 68099], [68101, 68102], [68108, 68111], [68152, 68154], [68159, 68159], [119143, 119145], [119155, 119170], [119173, 119179], [119210, 119213], [119362, 119364], [917505, 917505], [917536, 917631], [917760, 917999]];
var se;
function cc(s15, t) {
  let e = 0, i = t.length - 1, r4;
  if (s15 < t[0][0] || s15 > t[i][1]) return false;
  for (; i >= e; ) if (r4 = e + i >> 1, s15 > t[r4][1]) e = r4 + 1;
  else if (s15 < t[r4][0]) i = r4 - 1;
  else return true;
  return false;
}
var fn = class {
  constructor() {
    this.version = "6";
    if (!se) {
      se = new Uint8Array(65536), se.fill(1), se[0] = 0, se.fill(0, 1, 32), se.fill(0, 127, 160), se.fill(2, 4352, 4448), se[9001] = 2, se[9002] = 2, se.fill(2, 11904, 42192), se[12351] = 1, se.fill(2, 44032, 55204), se.fill(2, 63744, 64256), se.fill(2, 65040, 65050), se.fill(2, 65072, 65136), se.fill(2, 65280, 65377), se.fill(2, 65504, 65511);
      for (let t = 0; t < Os.length; ++t) se.fill(0, Os[t][0], Os[t][1] + 1);
    }
  }
  wcwidth(t) {
    return t < 32 ? 0 : t < 127 ? 1 : t < 65536 ? se[t] : cc(t, ac) ? 0 : t >= 131072 && t <= 196605 || t >= 196608 && t <= 262141 ? 2 : 1;
  }
  charProperties(t, e) {
    let i = this.wcwidth(t), r4 = i === 0 && e !== 0;
    if (r4) {
      let n = Ae.extractWidth(e);
      n === 0 ? r4 = false : n > i && (i = n);
    }
    return Ae.createPropertyValue(0, i, r4);
  }
};
var Ae = class s13 {
  constructor() {
    this._providers = /* @__PURE__ */ Object.create(null);
    this._active = "";
    this._onChange = new v();
    this.onChange = this._onChange.event;
    let t = new fn();
    this.register(t), this._active = t.version, this._activeProvider = t;
  }
  static extractShouldJoin(t) {
    return (t & 1) !== 0;
  }
  static extractWidth(t) {
    return t >> 1 & 3;
  }
  static extractCharKind(t) {
    return t >> 3;
  }
  static createPropertyValue(t, e, i = false) {
    return (t & 16777215) << 3 | (e & 3) << 1 | (i ? 1 : 0);
  }
  dispose() {
    this._onChange.dispose();
  }
  get versions() {
    return Object.keys(this._providers);
  }
  get activeVersion() {
    return this._active;
  }
  set activeVersion(t) {
    if (!this._providers[t]) throw new Error(`unknown Unicode version "${t}"`);
    this._active = t, this._activeProvider = this._providers[t], this._onChange.fire(t);
  }
  register(t) {
    this._providers[t.version] = t;
  }
  wcwidth(t) {
    return this._activeProvider.wcwidth(t);
  }
  getStringCellWidth(t) {
    let e = 0, i = 0, r4 = t.length;
    for (let n = 0; n < r4; ++n) {
      let o2 = t.charCodeAt(n);
      if (55296 <= o2 && o2 <= 56319) {
        if (++n >= r4) return e + this.wcwidth(o2);
        let u = t.charCodeAt(n);
        56320 <= u && u <= 57343 ? o2 = (o2 - 55296) * 1024 + u - 56320 + 65536 : e += this.wcwidth(u);
      }
      let l2 = this.charProperties(o2, i), a = s13.extractWidth(l2);
      s13.extractShouldJoin(l2) && (a -= s13.extractWidth(i)), e += a, i = l2;
    }
    return e;
  }
  charProperties(t, e) {
    return this._activeProvider.charProperties(t, e);
  }
};
var pn = class {
  constructor() {
    this.glevel = 0;
    this._charsets = [];
  }
  reset() {
    this.charset = void 0, this._charsets = [], this.glevel = 0;
  }
  setgLevel(t) {
    this.glevel = t, this.charset = this._charsets[t];
  }
  setgCharset(t, e) {
    this._charsets[t] = e, this.glevel === t && (this.charset = e);
  }
};
function Bs(s15) {
  let e = s15.buffer.lines.get(s15.buffer.ybase + s15.buffer.y - 1)?.get(s15.cols - 1), i = s15.buffer.lines.get(s15.buffer.ybase + s15.buffer.y);
  i && e && (i.isWrapped = e[3] !== 0 && e[3] !== 32);
}
var Vi = 2147483647;
var uc = 256;
var ci = class s14 {
  constructor(t = 32, e = 32) {
    this.maxLength = t;
    this.maxSubParamsLength = e;
    if (e > uc) throw new Error("maxSubParamsLength must not be greater than 256");
    this.params = new Int32Array(t), this.length = 0, this._subParams = new Int32Array(e), this._subParamsLength = 0, this._subParamsIdx = new Uint16Array(t), this._rejectDigits = false, this._rejectSubDigits = false, this._digitIsSub = false;
  }
  static fromArray(t) {
    let e = new s14();
    if (!t.length) return e;
    for (let i = Array.isArray(t[0]) ? 1 : 0; i < t.length; ++i) {
      let r4 = t[i];
      if (Array.isArray(r4)) for (let n = 0; n < r4.length; ++n) e.addSubParam(r4[n]);
      else e.addParam(r4);
    }
    return e;
  }
  clone() {
    let t = new s14(this.maxLength, this.maxSubParamsLength);
    return t.params.set(this.params), t.length = this.length, t._subParams.set(this._subParams), t._subParamsLength = this._subParamsLength, t._subParamsIdx.set(this._subParamsIdx), t._rejectDigits = this._rejectDigits, t._rejectSubDigits = this._rejectSubDigits, t._digitIsSub = this._digitIsSub, t;
  }
  toArray() {
    let t = [];
    for (let e = 0; e < this.length; ++e) {
      t.push(this.params[e]);
      let i = this._subParamsIdx[e] >> 8, r4 = this._subParamsIdx[e] & 255;
      r4 - i > 0 && t.push(Array.prototype.slice.call(this._subParams, i, r4));
    }
    return t;
  }
  reset() {
    this.length = 0, this._subParamsLength = 0, this._rejectDigits = false, this._rejectSubDigits = false, this._digitIsSub = false;
  }
  addParam(t) {
    if (this._digitIsSub = false, this.length >= this.maxLength) {
      this._rejectDigits = true;
      return;
    }
    if (t < -1) throw new Error("values lesser than -1 are not allowed");
    this._subParamsIdx[this.length] = this._subParamsLength << 8 | this._subParamsLength, this.params[this.length++] = t > Vi ? Vi : t;
  }
  addSubParam(t) {
    if (this._digitIsSub = true, !!this.length) {
      if (this._rejectDigits || this._subParamsLength >= this.maxSubParamsLength) {
        this._rejectSubDigits = true;
        return;
      }
      if (t < -1) throw new Error("values lesser than -1 are not allowed");
      this._subParams[this._subParamsLength++] = t > Vi ? Vi : t, this._subParamsIdx[this.length - 1]++;
    }
  }
  hasSubParams(t) {
    return (this._subParamsIdx[t] & 255) - (this._subParamsIdx[t] >> 8) > 0;
  }
  getSubParams(t) {
    let e = this._subParamsIdx[t] >> 8, i = this._subParamsIdx[t] & 255;
    return i - e > 0 ? this._subParams.subarray(e, i) : null;
  }
  getSubParamsAll() {
    let t = {};
    for (let e = 0; e < this.length; ++e) {
      let i = this._subParamsIdx[e] >> 8, r4 = this._subParamsIdx[e] & 255;
      r4 - i > 0 && (t[e] = this._subParams.slice(i, r4));
    }
    return t;
  }
  addDigit(t) {
    let e;
    if (this._rejectDigits || !(e = this._digitIsSub ? this._subParamsLength : this.length) || this._digitIsSub && this._rejectSubDigits) return;
    let i = this._digitIsSub ? this._subParams : this.params, r4 = i[e - 1];
    i[e - 1] = ~r4 ? Math.min(r4 * 10 + t, Vi) : t;
  }
};
var qi = [];
var mn = class {
  constructor() {
    this._state = 0;
    this._active = qi;
    this._id = -1;
    this._handlers = /* @__PURE__ */ Object.create(null);
    this._handlerFb = () => {
    };
    this._stack = { paused: false, loopPosition: 0, fallThrough: false };
  }
  registerHandler(t, e) {
    this._handlers[t] === void 0 && (this._handlers[t] = []);
    let i = this._handlers[t];
    return i.push(e), { dispose: () => {
      let r4 = i.indexOf(e);
      r4 !== -1 && i.splice(r4, 1);
    } };
  }
  clearHandler(t) {
    this._handlers[t] && delete this._handlers[t];
  }
  setHandlerFallback(t) {
    this._handlerFb = t;
  }
  dispose() {
    this._handlers = /* @__PURE__ */ Object.create(null), this._handlerFb = () => {
    }, this._active = qi;
  }
  reset() {
    if (this._state === 2) for (let t = this._stack.paused ? this._stack.loopPosition - 1 : this._active.length - 1; t >= 0; --t) this._active[t].end(false);
    this._stack.paused = false, this._active = qi, this._id = -1, this._state = 0;
  }
  _start() {
    if (this._active = this._handlers[this._id] || qi, !this._active.length) this._handlerFb(this._id, "START");
    else for (let t = this._active.length - 1; t >= 0; t--) this._active[t].start();
  }
  _put(t, e, i) {
    if (!this._active.length) this._handlerFb(this._id, "PUT", It(t, e, i));
    else for (let r4 = this._active.length - 1; r4 >= 0; r4--) this._active[r4].put(t, e, i);
  }
  start() {
    this.reset(), this._state = 1;
  }
  put(t, e, i) {
    if (this._state !== 3) {
      if (this._state === 1) for (; e < i; ) {
        let r4 = t[e++];
        if (r4 === 59) {
          this._state = 2, this._start();
          break;
        }
        if (r4 < 48 || 57 < r4) {
          this._state = 3;
          return;
        }
        this._id === -1 && (this._id = 0), this._id = this._id * 10 + r4 - 48;
      }
      this._state === 2 && i - e > 0 && this._put(t, e, i);
    }
  }
  end(t, e = true) {
    if (this._state !== 0) {
      if (this._state !== 3) if (this._state === 1 && this._start(), !this._active.length) this._handlerFb(this._id, "END", t);
      else {
        let i = false, r4 = this._active.length - 1, n = false;
        if (this._stack.paused && (r4 = this._stack.loopPosition - 1, i = e, n = this._stack.fallThrough, this._stack.paused = false), !n && i === false) {
          for (; r4 >= 0 && (i = this._active[r4].end(t), i !== true); r4--) if (i instanceof Promise) return this._stack.paused = true, this._stack.loopPosition = r4, this._stack.fallThrough = false, i;
          r4--;
        }
        for (; r4 >= 0; r4--) if (i = this._active[r4].end(false), i instanceof Promise) return this._stack.paused = true, this._stack.loopPosition = r4, this._stack.fallThrough = true, i;
      }
      this._active = qi, this._id = -1, this._state = 0;
    }
  }
};
var pe = class {
  constructor(t) {
    this._handler = t;
    this._data = "";
    this._hitLimit = false;
  }
  start() {
    this._data = "", this._hitLimit = false;
  }
  put(t, e, i) {
    this._hitLimit || (this._data += It(t, e, i), this._data.length > 1e7 && (this._data = "", this._hitLimit = true));
  }
  end(t) {
    let e = false;
    if (this._hitLimit) e = false;
    else if (t && (e = this._handler(this._data), e instanceof Promise)) return e.then((i) => (this._data = "", this._hitLimit = false, i));
    return this._data = "", this._hitLimit = false, e;
  }
};
var Yi = [];
var _n = class {
  constructor() {
    this._handlers = /* @__PURE__ */ Object.create(null);
    this._active = Yi;
    this._ident = 0;
    this._handlerFb = () => {
    };
    this._stack = { paused: false, loopPosition: 0, fallThrough: false };
  }
  dispose() {
    this._handlers = /* @__PURE__ */ Object.create(null), this._handlerFb = () => {
    }, this._active = Yi;
  }
  registerHandler(t, e) {
    this._handlers[t] === void 0 && (this._handlers[t] = []);
    let i = this._handlers[t];
    return i.push(e), { dispose: () => {
      let r4 = i.indexOf(e);
      r4 !== -1 && i.splice(r4, 1);
    } };
  }
  clearHandler(t) {
    this._handlers[t] && delete this._handlers[t];
  }
  setHandlerFallback(t) {
    this._handlerFb = t;
  }
  reset() {
    if (this._active.length) for (let t = this._stack.paused ? this._stack.loopPosition - 1 : this._active.length - 1; t >= 0; --t) this._active[t].unhook(false);
    this._stack.paused = false, this._active = Yi, this._ident = 0;
  }
  hook(t, e) {
    if (this.reset(), this._ident = t, this._active = this._handlers[t] || Yi, !this._active.length) this._handlerFb(this._ident, "HOOK", e);
    else for (let i = this._active.length - 1; i >= 0; i--) this._active[i].hook(e);
  }
  put(t, e, i) {
    if (!this._active.length) this._handlerFb(this._ident, "PUT", It(t, e, i));
    else for (let r4 = this._active.length - 1; r4 >= 0; r4--) this._active[r4].put(t, e, i);
  }
  unhook(t, e = true) {
    if (!this._active.length) this._handlerFb(this._ident, "UNHOOK", t);
    else {
      let i = false, r4 = this._active.length - 1, n = false;
      if (this._stack.paused && (r4 = this._stack.loopPosition - 1, i = e, n = this._stack.fallThrough, this._stack.paused = false), !n && i === false) {
        for (; r4 >= 0 && (i = this._active[r4].unhook(t), i !== true); r4--) if (i instanceof Promise) return this._stack.paused = true, this._stack.loopPosition = r4, this._stack.fallThrough = false, i;
        r4--;
      }
      for (; r4 >= 0; r4--) if (i = this._active[r4].unhook(false), i instanceof Promise) return this._stack.paused = true, this._stack.loopPosition = r4, this._stack.fallThrough = true, i;
    }
    this._active = Yi, this._ident = 0;
  }
};
var ji = new ci();
ji.addParam(0);
var Xi = class {
  constructor(t) {
    this._handler = t;
    this._data = "";
    this._params = ji;
    this._hitLimit = false;
  }
  hook(t) {
    this._params = t.length > 1 || t.params[0] ? t.clone() : ji, this._data = "", this._hitLimit = false;
  }
  put(t, e, i) {
    this._hitLimit || (this._data += It(t, e, i), this._data.length > 1e7 && (this._data = "", this._hitLimit = true));
  }
  unhook(t) {
    let e = false;
    if (this._hitLimit) e = false;
    else if (t && (e = this._handler(this._data, this._params), e instanceof Promise)) return e.then((i) => (this._params = ji, this._data = "", this._hitLimit = false, i));
    return this._params = ji, this._data = "", this._hitLimit = false, e;
  }
};
var Fs = class {
  constructor(t) {
    this.table = new Uint8Array(t);
  }
  setDefault(t, e) {
    this.table.fill(t << 4 | e);
  }
  add(t, e, i, r4) {
    this.table[e << 8 | t] = i << 4 | r4;
  }
  addMany(t, e, i, r4) {
    for (let n = 0; n < t.length; n++) this.table[e << 8 | t[n]] = i << 4 | r4;
  }
};
var ke = 160;
var hc = (function() {
  let s15 = new Fs(4095), e = Array.apply(null, Array(256)).map((a, u) => u), i = (a, u) => e.slice(a, u), r4 = i(32, 127), n = i(0, 24);
  n.push(25), n.push.apply(n, i(28, 32));
  let o2 = i(0, 14), l2;
  s15.setDefault(1, 0), s15.addMany(r4, 0, 2, 0);
  for (l2 in o2) s15.addMany([24, 26, 153, 154], l2, 3, 0), s15.addMany(i(128, 144), l2, 3, 0), s15.addMany(i(144, 152), l2, 3, 0), s15.add(156, l2, 0, 0), s15.add(27, l2, 11, 1), s15.add(157, l2, 4, 8), s15.addMany([152, 158, 159], l2, 0, 7), s15.add(155, l2, 11, 3), s15.add(144, l2, 11, 9);
  return s15.addMany(n, 0, 3, 0), s15.addMany(n, 1, 3, 1), s15.add(127, 1, 0, 1), s15.addMany(n, 8, 0, 8), s15.addMany(n, 3, 3, 3), s15.add(127, 3, 0, 3), s15.addMany(n, 4, 3, 4), s15.add(127, 4, 0, 4), s15.addMany(n, 6, 3, 6), s15.addMany(n, 5, 3, 5), s15.add(127, 5, 0, 5), s15.addMany(n, 2, 3, 2), s15.add(127, 2, 0, 2), s15.add(93, 1, 4, 8), s15.addMany(r4, 8, 5, 8), s15.add(127, 8, 5, 8), s15.addMany([156, 27, 24, 26, 7], 8, 6, 0), s15.addMany(i(28, 32), 8, 0, 8), s15.addMany([88, 94, 95], 1, 0, 7), s15.addMany(r4, 7, 0, 7), s15.addMany(n, 7, 0, 7), s15.add(156, 7, 0, 0), s15.add(127, 7, 0, 7), s15.add(91, 1, 11, 3), s15.addMany(i(64, 127), 3, 7, 0), s15.addMany(i(48, 60), 3, 8, 4), s15.addMany([60, 61, 62, 63], 3, 9, 4), s15.addMany(i(48, 60), 4, 8, 4), s15.addMany(i(64, 127), 4, 7, 0), s15.addMany([60, 61, 62, 63], 4, 0, 6), s15.addMany(i(32, 64), 6, 0, 6), s15.add(127, 6, 0, 6), s15.addMany(i(64, 127), 6, 0, 0), s15.addMany(i(32, 48), 3, 9, 5), s15.addMany(i(32, 48), 5, 9, 5), s15.addMany(i(48, 64), 5, 0, 6), s15.addMany(i(64, 127), 5, 7, 0), s15.addMany(i(32, 48), 4, 9, 5), s15.addMany(i(32, 48), 1, 9, 2), s15.addMany(i(32, 48), 2, 9, 2), s15.addMany(i(48, 127), 2, 10, 0), s15.addMany(i(48, 80), 1, 10, 0), s15.addMany(i(81, 88), 1, 10, 0), s15.addMany([89, 90, 92], 1, 10, 0), s15.addMany(i(96, 127), 1, 10, 0), s15.add(80, 1, 11, 9), s15.addMany(n, 9, 0, 9), s15.add(127, 9, 0, 9), s15.addMany(i(28, 32), 9, 0, 9), s15.addMany(i(32, 48), 9, 9, 12), s15.addMany(i(48, 60), 9, 8, 10), s15.addMany([60, 61, 62, 63], 9, 9, 10), s15.addMany(n, 11, 0, 11), s15.addMany(i(32, 128), 11, 0, 11), s15.addMany(i(28, 32), 11, 0, 11), s15.addMany(n, 10, 0, 10), s15.add(127, 10, 0, 10), s15.addMany(i(28, 32), 10, 0, 10), s15.addMany(i(48, 60), 10, 8, 10), s15.addMany([60, 61, 62, 63], 10, 0, 11), s15.addMany(i(32, 48), 10, 9, 12), s15.addMany(n, 12, 0, 12), s15.add(127, 12, 0, 12), s15.addMany(i(28, 32), 12, 0, 12), s15.addMany(i(32, 48), 12, 9, 12), s15.addMany(i(48, 64), 12, 0, 11), s15.addMany(i(64, 127), 12, 12, 13), s15.addMany(i(64, 127), 10, 12, 13), s15.addMany(i(64, 127), 9, 12, 13), s15.addMany(n, 13, 13, 13), s15.addMany(r4, 13, 13, 13), s15.add(127, 13, 0, 13), s15.addMany([27, 156, 24, 26], 13, 14, 0), s15.add(ke, 0, 2, 0), s15.add(ke, 8, 5, 8), s15.add(ke, 6, 0, 6), s15.add(ke, 11, 0, 11), s15.add(ke, 13, 13, 13), s15;
})();
var bn = class extends D {
  constructor(e = hc) {
    super();
    this._transitions = e;
    this._parseStack = { state: 0, handlers: [], handlerPos: 0, transition: 0, chunkPos: 0 };
    this.initialState = 0, this.currentState = this.initialState, this._params = new ci(), this._params.addParam(0), this._collect = 0, this.precedingJoinState = 0, this._printHandlerFb = (i, r4, n) => {
    }, this._executeHandlerFb = (i) => {
    }, this._csiHandlerFb = (i, r4) => {
    }, this._escHandlerFb = (i) => {
    }, this._errorHandlerFb = (i) => i, this._printHandler = this._printHandlerFb, this._executeHandlers = /* @__PURE__ */ Object.create(null), this._csiHandlers = /* @__PURE__ */ Object.create(null), this._escHandlers = /* @__PURE__ */ Object.create(null), this._register(C(() => {
      this._csiHandlers = /* @__PURE__ */ Object.create(null), this._executeHandlers = /* @__PURE__ */ Object.create(null), this._escHandlers = /* @__PURE__ */ Object.create(null);
    })), this._oscParser = this._register(new mn()), this._dcsParser = this._register(new _n()), this._errorHandler = this._errorHandlerFb, this.registerEscHandler({ final: "\\" }, () => true);
  }
  _identifier(e, i = [64, 126]) {
    let r4 = 0;
    if (e.prefix) {
      if (e.prefix.length > 1) throw new Error("only one byte as prefix supported");
      if (r4 = e.prefix.charCodeAt(0), r4 && 60 > r4 || r4 > 63) throw new Error("prefix must be in range 0x3c .. 0x3f");
    }
    if (e.intermediates) {
      if (e.intermediates.length > 2) throw new Error("only two bytes as intermediates are supported");
      for (let o2 = 0; o2 < e.intermediates.length; ++o2) {
        let l2 = e.intermediates.charCodeAt(o2);
        if (32 > l2 || l2 > 47) throw new Error("intermediate must be in range 0x20 .. 0x2f");
        r4 <<= 8, r4 |= l2;
      }
    }
    if (e.final.length !== 1) throw new Error("final must be a single byte");
    let n = e.final.charCodeAt(0);
    if (i[0] > n || n > i[1]) throw new Error(`final must be in range ${i[0]} .. ${i[1]}`);
    return r4 <<= 8, r4 |= n, r4;
  }
  identToString(e) {
    let i = [];
    for (; e; ) i.push(String.fromCharCode(e & 255)), e >>= 8;
    return i.reverse().join("");
  }
  setPrintHandler(e) {
    this._printHandler = e;
  }
  clearPrintHandler() {
    this._printHandler = this._printHandlerFb;
  }
  registerEscHandler(e, i) {
    let r4 = this._identifier(e, [48, 126]);
    this._escHandlers[r4] === void 0 && (this._escHandlers[r4] = []);
    let n = this._escHandlers[r4];
    return n.push(i), { dispose: () => {
      let o2 = n.indexOf(i);
      o2 !== -1 && n.splice(o2, 1);
    } };
  }
  clearEscHandler(e) {
    this._escHandlers[this._identifier(e, [48, 126])] && delete this._escHandlers[this._identifier(e, [48, 126])];
  }
  setEscHandlerFallback(e) {
    this._escHandlerFb = e;
  }
  setExecuteHandler(e, i) {
    this._executeHandlers[e.charCodeAt(0)] = i;
  }
  clearExecuteHandler(e) {
    this._executeHandlers[e.charCodeAt(0)] && delete this._executeHandlers[e.charCodeAt(0)];
  }
  setExecuteHandlerFallback(e) {
    this._executeHandlerFb = e;
  }
  registerCsiHandler(e, i) {
    let r4 = this._identifier(e);
    this._csiHandlers[r4] === void 0 && (this._csiHandlers[r4] = []);
    let n = this._csiHandlers[r4];
    return n.push(i), { dispose: () => {
      let o2 = n.indexOf(i);
      o2 !== -1 && n.splice(o2, 1);
    } };
  }
  clearCsiHandler(e) {
    this._csiHandlers[this._identifier(e)] && delete this._csiHandlers[this._identifier(e)];
  }
  setCsiHandlerFallback(e) {
    this._csiHandlerFb = e;
  }
  registerDcsHandler(e, i) {
    return this._dcsParser.registerHandler(this._identifier(e), i);
  }
  clearDcsHandler(e) {
    this._dcsParser.clearHandler(this._identifier(e));
  }
  setDcsHandlerFallback(e) {
    this._dcsParser.setHandlerFallback(e);
  }
  registerOscHandler(e, i) {
    return this._oscParser.registerHandler(e, i);
  }
  clearOscHandler(e) {
    this._oscParser.clearHandler(e);
  }
  setOscHandlerFallback(e) {
    this._oscParser.setHandlerFallback(e);
  }
  setErrorHandler(e) {
    this._errorHandler = e;
  }
  clearErrorHandler() {
    this._errorHandler = this._errorHandlerFb;
  }
  reset() {
    this.currentState = this.initialState, this._oscParser.reset(), this._dcsParser.reset(), this._params.reset(), this._params.addParam(0), this._collect = 0, this.precedingJoinState = 0, this._parseStack.state !== 0 && (this._parseStack.state = 2, this._parseStack.handlers = []);
  }
  _preserveStack(e, i, r4, n, o2) {
    this._parseStack.state = e, this._parseStack.handlers = i, this._parseStack.handlerPos = r4, this._parseStack.transition = n, this._parseStack.chunkPos = o2;
  }
  parse(e, i, r4) {
    let n = 0, o2 = 0, l2 = 0, a;
    if (this._parseStack.state) if (this._parseStack.state === 2) this._parseStack.state = 0, l2 = this._parseStack.chunkPos + 1;
    else {
      if (r4 === void 0 || this._parseStack.state === 1) throw this._parseStack.state = 1, new Error("improper continuation due to previous async handler, giving up parsing");
      let u = this._parseStack.handlers, h3 = this._parseStack.handlerPos - 1;
      switch (this._parseStack.state) {
        case 3:
          if (r4 === false && h3 > -1) {
            for (; h3 >= 0 && (a = u[h3](this._params), a !== true); h3--) if (a instanceof Promise) return this._parseStack.handlerPos = h3, a;
          }
          this._parseStack.handlers = [];
          break;
        case 4:
          if (r4 === false && h3 > -1) {
            for (; h3 >= 0 && (a = u[h3](), a !== true); h3--) if (a instanceof Promise) return this._parseStack.handlerPos = h3, a;
          }
          this._parseStack.handlers = [];
          break;
        case 6:
          if (n = e[this._parseStack.chunkPos], a = this._dcsParser.unhook(n !== 24 && n !== 26, r4), a) return a;
          n === 27 && (this._parseStack.transition |= 1), this._params.reset(), this._params.addParam(0), this._collect = 0;
          break;
        case 5:
          if (n = e[this._parseStack.chunkPos], a = this._oscParser.end(n !== 24 && n !== 26, r4), a) return a;
          n === 27 && (this._parseStack.transition |= 1), this._params.reset(), this._params.addParam(0), this._collect = 0;
          break;
      }
      this._parseStack.state = 0, l2 = this._parseStack.chunkPos + 1, this.precedingJoinState = 0, this.currentState = this._parseStack.transition & 15;
    }
    for (let u = l2; u < i; ++u) {
      switch (n = e[u], o2 = this._transitions.table[this.currentState << 8 | (n < 160 ? n : ke)], o2 >> 4) {
        case 2:
          for (let m = u + 1; ; ++m) {
            if (m >= i || (n = e[m]) < 32 || n > 126 && n < ke) {
              this._printHandler(e, u, m), u = m - 1;
              break;
            }
            if (++m >= i || (n = e[m]) < 32 || n > 126 && n < ke) {
              this._printHandler(e, u, m), u = m - 1;
              break;
            }
            if (++m >= i || (n = e[m]) < 32 || n > 126 && n < ke) {
              this._printHandler(e, u, m), u = m - 1;
              break;
            }
            if (++m >= i || (n = e[m]) < 32 || n > 126 && n < ke) {
              this._printHandler(e, u, m), u = m - 1;
              break;
            }
          }
          break;
        case 3:
          this._executeHandlers[n] ? this._executeHandlers[n]() : this._executeHandlerFb(n), this.precedingJoinState = 0;
          break;
        case 0:
          break;
        case 1:
          if (this._errorHandler({ position: u, code: n, currentState: this.currentState, collect: this._collect, params: this._params, abort: false }).abort) return;
          break;
        case 7:
          let c = this._csiHandlers[this._collect << 8 | n], d = c ? c.length - 1 : -1;
          for (; d >= 0 && (a = c[d](this._params), a !== true); d--) if (a instanceof Promise) return this._preserveStack(3, c, d, o2, u), a;
          d < 0 && this._csiHandlerFb(this._collect << 8 | n, this._params), this.precedingJoinState = 0;
          break;
        case 8:
          do
            switch (n) {
              case 59:
                this._params.addParam(0);
                break;
              case 58:
                this._params.addSubParam(-1);
                break;
              default:
                this._params.addDigit(n - 48);
            }
          while (++u < i && (n = e[u]) > 47 && n < 60);
          u--;
          break;
        case 9:
          this._collect <<= 8, this._collect |= n;
          break;
        case 10:
          let _4 = this._escHandlers[this._collect << 8 | n], p = _4 ? _4.length - 1 : -1;
          for (; p >= 0 && (a = _4[p](), a !== true); p--) if (a instanceof Promise) return this._preserveStack(4, _4, p, o2, u), a;
          p < 0 && this._escHandlerFb(this._collect << 8 | n), this.precedingJoinState = 0;
          break;
        case 11:
          this._params.reset(), this._params.addParam(0), this._collect = 0;
          break;
        case 12:
          this._dcsParser.hook(this._collect << 8 | n, this._params);
          break;
        case 13:
          for (let m = u + 1; ; ++m) if (m >= i || (n = e[m]) === 24 || n === 26 || n === 27 || n > 127 && n < ke) {
            this._dcsParser.put(e, u, m), u = m - 1;
            break;
          }
          break;
        case 14:
          if (a = this._dcsParser.unhook(n !== 24 && n !== 26), a) return this._preserveStack(6, [], 0, o2, u), a;
          n === 27 && (o2 |= 1), this._params.reset(), this._params.addParam(0), this._collect = 0, this.precedingJoinState = 0;
          break;
        case 4:
          this._oscParser.start();
          break;
        case 5:
          for (let m = u + 1; ; m++) if (m >= i || (n = e[m]) < 32 || n > 127 && n < ke) {
            this._oscParser.put(e, u, m), u = m - 1;
            break;
          }
          break;
        case 6:
          if (a = this._oscParser.end(n !== 24 && n !== 26), a) return this._preserveStack(5, [], 0, o2, u), a;
          n === 27 && (o2 |= 1), this._params.reset(), this._params.addParam(0), this._collect = 0, this.precedingJoinState = 0;
          break;
      }
      this.currentState = o2 & 15;
    }
  }
};
var dc = /^([\da-f])\/([\da-f])\/([\da-f])$|^([\da-f]{2})\/([\da-f]{2})\/([\da-f]{2})$|^([\da-f]{3})\/([\da-f]{3})\/([\da-f]{3})$|^([\da-f]{4})\/([\da-f]{4})\/([\da-f]{4})$/;
var fc = /^[\da-f]+$/;
function Ws(s15) {
  if (!s15) return;
  let t = s15.toLowerCase();
  if (t.indexOf("rgb:") === 0) {
    t = t.slice(4);
    let e = dc.exec(t);
    if (e) {
      let i = e[1] ? 15 : e[4] ? 255 : e[7] ? 4095 : 65535;
      return [Math.round(parseInt(e[1] || e[4] || e[7] || e[10], 16) / i * 255), Math.round(parseInt(e[2] || e[5] || e[8] || e[11], 16) / i * 255), Math.round(parseInt(e[3] || e[6] || e[9] || e[12], 16) / i * 255)];
    }
  } else if (t.indexOf("#") === 0 && (t = t.slice(1), fc.exec(t) && [3, 6, 9, 12].includes(t.length))) {
    let e = t.length / 3, i = [0, 0, 0];
    for (let r4 = 0; r4 < 3; ++r4) {
      let n = parseInt(t.slice(e * r4, e * r4 + e), 16);
      i[r4] = e === 1 ? n << 4 : e === 2 ? n : e === 3 ? n >> 4 : n >> 8;
    }
    return i;
  }
}
function Hs(s15, t) {
  let e = s15.toString(16), i = e.length < 2 ? "0" + e : e;
  switch (t) {
    case 4:
      return e[0];
    case 8:
      return i;
    case 12:
      return (i + i).slice(0, 3);
    default:
      return i + i;
  }
}
function ml(s15, t = 16) {
  let [e, i, r4] = s15;
  return `rgb:${Hs(e, t)}/${Hs(i, t)}/${Hs(r4, t)}`;
}
var mc = { "(": 0, ")": 1, "*": 2, "+": 3, "-": 1, ".": 2 };
var ut = 131072;
var _l = 10;
function bl(s15, t) {
  if (s15 > 24) return t.setWinLines || false;
  switch (s15) {
    case 1:
      return !!t.restoreWin;
    case 2:
      return !!t.minimizeWin;
    case 3:
      return !!t.setWinPosition;
    case 4:
      return !!t.setWinSizePixels;
    case 5:
      return !!t.raiseWin;
    case 6:
      return !!t.lowerWin;
    case 7:
      return !!t.refreshWin;
    case 8:
      return !!t.setWinSizeChars;
    case 9:
      return !!t.maximizeWin;
    case 10:
      return !!t.fullscreenWin;
    case 11:
      return !!t.getWinState;
    case 13:
      return !!t.getWinPosition;
    case 14:
      return !!t.getWinSizePixels;
    case 15:
      return !!t.getScreenSizePixels;
    case 16:
      return !!t.getCellSizePixels;
    case 18:
      return !!t.getWinSizeChars;
    case 19:
      return !!t.getScreenSizeChars;
    case 20:
      return !!t.getIconTitle;
    case 21:
      return !!t.getWinTitle;
    case 22:
      return !!t.pushTitle;
    case 23:
      return !!t.popTitle;
    case 24:
      return !!t.setWinLines;
  }
  return false;
}
var vl = 5e3;
var gl = 0;
var vn = class extends D {
  constructor(e, i, r4, n, o2, l2, a, u, h3 = new bn()) {
    super();
    this._bufferService = e;
    this._charsetService = i;
    this._coreService = r4;
    this._logService = n;
    this._optionsService = o2;
    this._oscLinkService = l2;
    this._coreMouseService = a;
    this._unicodeService = u;
    this._parser = h3;
    this._parseBuffer = new Uint32Array(4096);
    this._stringDecoder = new er();
    this._utf8Decoder = new tr();
    this._windowTitle = "";
    this._iconName = "";
    this._windowTitleStack = [];
    this._iconNameStack = [];
    this._curAttrData = X.clone();
    this._eraseAttrDataInternal = X.clone();
    this._onRequestBell = this._register(new v());
    this.onRequestBell = this._onRequestBell.event;
    this._onRequestRefreshRows = this._register(new v());
    this.onRequestRefreshRows = this._onRequestRefreshRows.event;
    this._onRequestReset = this._register(new v());
    this.onRequestReset = this._onRequestReset.event;
    this._onRequestSendFocus = this._register(new v());
    this.onRequestSendFocus = this._onRequestSendFocus.event;
    this._onRequestSyncScrollBar = this._register(new v());
    this.onRequestSyncScrollBar = this._onRequestSyncScrollBar.event;
    this._onRequestWindowsOptionsReport = this._register(new v());
    this.onRequestWindowsOptionsReport = this._onRequestWindowsOptionsReport.event;
    this._onA11yChar = this._register(new v());
    this.onA11yChar = this._onA11yChar.event;
    this._onA11yTab = this._register(new v());
    this.onA11yTab = this._onA11yTab.event;
    this._onCursorMove = this._register(new v());
    this.onCursorMove = this._onCursorMove.event;
    this._onLineFeed = this._register(new v());
    this.onLineFeed = this._onLineFeed.event;
    this._onScroll = this._register(new v());
    this.onScroll = this._onScroll.event;
    this._onTitleChange = this._register(new v());
    this.onTitleChange = this._onTitleChange.event;
    this._onColor = this._register(new v());
    this.onColor = this._onColor.event;
    this._parseStack = { paused: false, cursorStartX: 0, cursorStartY: 0, decodedLength: 0, position: 0 };
    this._specialColors = [256, 257, 258];
    this._register(this._parser), this._dirtyRowTracker = new Zi(this._bufferService), this._activeBuffer = this._bufferService.buffer, this._register(this._bufferService.buffers.onBufferActivate((c) => this._activeBuffer = c.activeBuffer)), this._parser.setCsiHandlerFallback((c, d) => {
      this._logService.debug("Unknown CSI code: ", { identifier: this._parser.identToString(c), params: d.toArray() });
    }), this._parser.setEscHandlerFallback((c) => {
      this._logService.debug("Unknown ESC code: ", { identifier: this._parser.identToString(c) });
    }), this._parser.setExecuteHandlerFallback((c) => {
      this._logService.debug("Unknown EXECUTE code: ", { code: c });
    }), this._parser.setOscHandlerFallback((c, d, _4) => {
      this._logService.debug("Unknown OSC code: ", { identifier: c, action: d, data: _4 });
    }), this._parser.setDcsHandlerFallback((c, d, _4) => {
      d === "HOOK" && (_4 = _4.toArray()), this._logService.debug("Unknown DCS code: ", { identifier: this._parser.identToString(c), action: d, payload: _4 });
    }), this._parser.setPrintHandler((c, d, _4) => this.print(c, d, _4)), this._parser.registerCsiHandler({ final: "@" }, (c) => this.insertChars(c)), this._parser.registerCsiHandler({ intermediates: " ", final: "@" }, (c) => this.scrollLeft(c)), this._parser.registerCsiHandler({ final: "A" }, (c) => this.cursorUp(c)), this._parser.registerCsiHandler({ intermediates: " ", final: "A" }, (c) => this.scrollRight(c)), this._parser.registerCsiHandler({ final: "B" }, (c) => this.cursorDown(c)), this._parser.registerCsiHandler({ final: "C" }, (c) => this.cursorForward(c)), this._parser.registerCsiHandler({ final: "D" }, (c) => this.cursorBackward(c)), this._parser.registerCsiHandler({ final: "E" }, (c) => this.cursorNextLine(c)), this._parser.registerCsiHandler({ final: "F" }, (c) => this.cursorPrecedingLine(c)), this._parser.registerCsiHandler({ final: "G" }, (c) => this.cursorCharAbsolute(c)), this._parser.registerCsiHandler({ final: "H" }, (c) => this.cursorPosition(c)), this._parser.registerCsiHandler({ final: "I" }, (c) => this.cursorForwardTab(c)), this._parser.registerCsiHandler({ final: "J" }, (c) => this.eraseInDisplay(c, false)), this._parser.registerCsiHandler({ prefix: "?", final: "J" }, (c) => this.eraseInDisplay(c, true)), this._parser.registerCsiHandler({ final: "K" }, (c) => this.eraseInLine(c, false)), this._parser.registerCsiHandler({ prefix: "?", final: "K" }, (c) => this.eraseInLine(c, true)), this._parser.registerCsiHandler({ final: "L" }, (c) => this.insertLines(c)), this._parser.registerCsiHandler({ final: "M" }, (c) => this.deleteLines(c)), this._parser.registerCsiHandler({ final: "P" }, (c) => this.deleteChars(c)), this._parser.registerCsiHandler({ final: "S" }, (c) => this.scrollUp(c)), this._parser.registerCsiHandler({ final: "T" }, (c) => this.scrollDown(c)), this._parser.registerCsiHandler({ final: "X" }, (c) => this.eraseChars(c)), this._parser.registerCsiHandler({ final: "Z" }, (c) => this.cursorBackwardTab(c)), this._parser.registerCsiHandler({ final: "`" }, (c) => this.charPosAbsolute(c)), this._parser.registerCsiHandler({ final: "a" }, (c) => this.hPositionRelative(c)), this._parser.registerCsiHandler({ final: "b" }, (c) => this.repeatPrecedingCharacter(c)), this._parser.registerCsiHandler({ final: "c" }, (c) => this.sendDeviceAttributesPrimary(c)), this._parser.registerCsiHandler({ prefix: ">", final: "c" }, (c) => this.sendDeviceAttributesSecondary(c)), this._parser.registerCsiHandler({ final: "d" }, (c) => this.linePosAbsolute(c)), this._parser.registerCsiHandler({ final: "e" }, (c) => this.vPositionRelative(c)), this._parser.registerCsiHandler({ final: "f" }, (c) => this.hVPosition(c)), this._parser.registerCsiHandler({ final: "g" }, (c) => this.tabClear(c)), this._parser.registerCsiHandler({ final: "h" }, (c) => this.setMode(c)), this._parser.registerCsiHandler({ prefix: "?", final: "h" }, (c) => this.setModePrivate(c)), this._parser.registerCsiHandler({ final: "l" }, (c) => this.resetMode(c)), this._parser.registerCsiHandler({ prefix: "?", final: "l" }, (c) => this.resetModePrivate(c)), this._parser.registerCsiHandler({ final: "m" }, (c) => this.charAttributes(c)), this._parser.registerCsiHandler({ final: "n" }, (c) => this.deviceStatus(c)), this._parser.registerCsiHandler({ prefix: "?", final: "n" }, (c) => this.deviceStatusPrivate(c)), this._parser.registerCsiHandler({ intermediates: "!", final: "p" }, (c) => this.softReset(c)), this._parser.registerCsiHandler({ intermediates: " ", final: "q" }, (c) => this.setCursorStyle(c)), this._parser.registerCsiHandler({ final: "r" }, (c) => this.setScrollRegion(c)), this._parser.registerCsiHandler({ final: "s" }, (c) => this.saveCursor(c)), this._parser.registerCsiHandler({ final: "t" }, (c) => this.windowOptions(c)), this._parser.registerCsiHandler({ final: "u" }, (c) => this.restoreCursor(c)), this._parser.registerCsiHandler({ intermediates: "'", final: "}" }, (c) => this.insertColumns(c)), this._parser.registerCsiHandler({ intermediates: "'", final: "~" }, (c) => this.deleteColumns(c)), this._parser.registerCsiHandler({ intermediates: '"', final: "q" }, (c) => this.selectProtected(c)), this._parser.registerCsiHandler({ intermediates: "$", final: "p" }, (c) => this.requestMode(c, true)), this._parser.registerCsiHandler({ prefix: "?", intermediates: "$", final: "p" }, (c) => this.requestMode(c, false)), this._parser.setExecuteHandler(b.BEL, () => this.bell()), this._parser.setExecuteHandler(b.LF, () => this.lineFeed()), this._parser.setExecuteHandler(b.VT, () => this.lineFeed()), this._parser.setExecuteHandler(b.FF, () => this.lineFeed()), this._parser.setExecuteHandler(b.CR, () => this.carriageReturn()), this._parser.setExecuteHandler(b.BS, () => this.backspace()), this._parser.setExecuteHandler(b.HT, () => this.tab()), this._parser.setExecuteHandler(b.SO, () => this.shiftOut()), this._parser.setExecuteHandler(b.SI, () => this.shiftIn()), this._parser.setExecuteHandler(Ai.IND, () => this.index()), this._parser.setExecuteHandler(Ai.NEL, () => this.nextLine()), this._parser.setExecuteHandler(Ai.HTS, () => this.tabSet()), this._parser.registerOscHandler(0, new pe((c) => (this.setTitle(c), this.setIconName(c), true))), this._parser.registerOscHandler(1, new pe((c) => this.setIconName(c))), this._parser.registerOscHandler(2, new pe((c) => this.setTitle(c))), this._parser.registerOscHandler(4, new pe((c) => this.setOrReportIndexedColor(c))), this._parser.registerOscHandler(8, new pe((c) => this.setHyperlink(c))), this._parser.registerOscHandler(10, new pe((c) => this.setOrReportFgColor(c))), this._parser.registerOscHandler(11, new pe((c) => this.setOrReportBgColor(c))), this._parser.registerOscHandler(12, new pe((c) => this.setOrReportCursorColor(c))), this._parser.registerOscHandler(104, new pe((c) => this.restoreIndexedColor(c))), this._parser.registerOscHandler(110, new pe((c) => this.restoreFgColor(c))), this._parser.registerOscHandler(111, new pe((c) => this.restoreBgColor(c))), this._parser.registerOscHandler(112, new pe((c) => this.restoreCursorColor(c))), this._parser.registerEscHandler({ final: "7" }, () => this.saveCursor()), this._parser.registerEscHandler({ final: "8" }, () => this.restoreCursor()), this._parser.registerEscHandler({ final: "D" }, () => this.index()), this._parser.registerEscHandler({ final: "E" }, () => this.nextLine()), this._parser.registerEscHandler({ final: "H" }, () => this.tabSet()), this._parser.registerEscHandler({ final: "M" }, () => this.reverseIndex()), this._parser.registerEscHandler({ final: "=" }, () => this.keypadApplicationMode()), this._parser.registerEscHandler({ final: ">" }, () => this.keypadNumericMode()), this._parser.registerEscHandler({ final: "c" }, () => this.fullReset()), this._parser.registerEscHandler({ final: "n" }, () => this.setgLevel(2)), this._parser.registerEscHandler({ final: "o" }, () => this.setgLevel(3)), this._parser.registerEscHandler({ final: "|" }, () => this.setgLevel(3)), this._parser.registerEscHandler({ final: "}" }, () => this.setgLevel(2)), this._parser.registerEscHandler({ final: "~" }, () => this.setgLevel(1)), this._parser.registerEscHandler({ intermediates: "%", final: "@" }, () => this.selectDefaultCharset()), this._parser.registerEscHandler({ intermediates: "%", final: "G" }, () => this.selectDefaultCharset());
    for (let c in ne) this._parser.registerEscHandler({ intermediates: "(", final: c }, () => this.selectCharset("(" + c)), this._parser.registerEscHandler({ intermediates: ")", final: c }, () => this.selectCharset(")" + c)), this._parser.registerEscHandler({ intermediates: "*", final: c }, () => this.selectCharset("*" + c)), this._parser.registerEscHandler({ intermediates: "+", final: c }, () => this.selectCharset("+" + c)), this._parser.registerEscHandler({ intermediates: "-", final: c }, () => this.selectCharset("-" + c)), this._parser.registerEscHandler({ intermediates: ".", final: c }, () => this.selectCharset("." + c)), this._parser.registerEscHandler({ intermediates: "/", final: c }, () => this.selectCharset("/" + c));
    this._parser.registerEscHandler({ intermediates: "#", final: "8" }, () => this.screenAlignmentPattern()), this._parser.setErrorHandler((c) => (this._logService.error("Parsing error: ", c), c)), this._parser.registerDcsHandler({ intermediates: "$", final: "q" }, new Xi((c, d) => this.requestStatusString(c, d)));
  }
  getAttrData() {
    return this._curAttrData;
  }
  _preserveStack(e, i, r4, n) {
    this._parseStack.paused = true, this._parseStack.cursorStartX = e, this._parseStack.cursorStartY = i, this._parseStack.decodedLength = r4, this._parseStack.position = n;
  }
  _logSlowResolvingAsync(e) {
    this._logService.logLevel <= 3 && Promise.race([e, new Promise((i, r4) => setTimeout(() => r4("#SLOW_TIMEOUT"), vl))]).catch((i) => {
      if (i !== "#SLOW_TIMEOUT") throw i;
      console.warn(`async parser handler taking longer than ${vl} ms`);
    });
  }
  _getCurrentLinkId() {
    return this._curAttrData.extended.urlId;
  }
  parse(e, i) {
    let r4, n = this._activeBuffer.x, o2 = this._activeBuffer.y, l2 = 0, a = this._parseStack.paused;
    if (a) {
      if (r4 = this._parser.parse(this._parseBuffer, this._parseStack.decodedLength, i)) return this._logSlowResolvingAsync(r4), r4;
      n = this._parseStack.cursorStartX, o2 = this._parseStack.cursorStartY, this._parseStack.paused = false, e.length > ut && (l2 = this._parseStack.position + ut);
    }
    if (this._logService.logLevel <= 1 && this._logService.debug(`parsing data ${typeof e == "string" ? ` "${e}"` : ` "${Array.prototype.map.call(e, (c) => String.fromCharCode(c)).join("")}"`}`), this._logService.logLevel === 0 && this._logService.trace("parsing data (codes)", typeof e == "string" ? e.split("").map((c) => c.charCodeAt(0)) : e), this._parseBuffer.length < e.length && this._parseBuffer.length < ut && (this._parseBuffer = new Uint32Array(Math.min(e.length, ut))), a || this._dirtyRowTracker.clearRange(), e.length > ut) for (let c = l2; c < e.length; c += ut) {
      let d = c + ut < e.length ? c + ut : e.length, _4 = typeof e == "string" ? this._stringDecoder.decode(e.substring(c, d), this._parseBuffer) : this._utf8Decoder.decode(e.subarray(c, d), this._parseBuffer);
      if (r4 = this._parser.parse(this._parseBuffer, _4)) return this._preserveStack(n, o2, _4, c), this._logSlowResolvingAsync(r4), r4;
    }
    else if (!a) {
      let c = typeof e == "string" ? this._stringDecoder.decode(e, this._parseBuffer) : this._utf8Decoder.decode(e, this._parseBuffer);
      if (r4 = this._parser.parse(this._parseBuffer, c)) return this._preserveStack(n, o2, c, 0), this._logSlowResolvingAsync(r4), r4;
    }
    (this._activeBuffer.x !== n || this._activeBuffer.y !== o2) && this._onCursorMove.fire();
    let u = this._dirtyRowTracker.end + (this._bufferService.buffer.ybase - this._bufferService.buffer.ydisp), h3 = this._dirtyRowTracker.start + (this._bufferService.buffer.ybase - this._bufferService.buffer.ydisp);
    h3 < this._bufferService.rows && this._onRequestRefreshRows.fire({ start: Math.min(h3, this._bufferService.rows - 1), end: Math.min(u, this._bufferService.rows - 1) });
  }
  print(e, i, r4) {
    let n, o2, l2 = this._charsetService.charset, a = this._optionsService.rawOptions.screenReaderMode, u = this._bufferService.cols, h3 = this._coreService.decPrivateModes.wraparound, c = this._coreService.modes.insertMode, d = this._curAttrData, _4 = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y);
    this._dirtyRowTracker.markDirty(this._activeBuffer.y), this._activeBuffer.x && r4 - i > 0 && _4.getWidth(this._activeBuffer.x - 1) === 2 && _4.setCellFromCodepoint(this._activeBuffer.x - 1, 0, 1, d);
    let p = this._parser.precedingJoinState;
    for (let m = i; m < r4; ++m) {
      if (n = e[m], n < 127 && l2) {
        let O2 = l2[String.fromCharCode(n)];
        O2 && (n = O2.charCodeAt(0));
      }
      let f = this._unicodeService.charProperties(n, p);
      o2 = Ae.extractWidth(f);
      let A2 = Ae.extractShouldJoin(f), R = A2 ? Ae.extractWidth(p) : 0;
      if (p = f, a && this._onA11yChar.fire(Ce(n)), this._getCurrentLinkId() && this._oscLinkService.addLineToLink(this._getCurrentLinkId(), this._activeBuffer.ybase + this._activeBuffer.y), this._activeBuffer.x + o2 - R > u) {
        if (h3) {
          let O2 = _4, I = this._activeBuffer.x - R;
          for (this._activeBuffer.x = R, this._activeBuffer.y++, this._activeBuffer.y === this._activeBuffer.scrollBottom + 1 ? (this._activeBuffer.y--, this._bufferService.scroll(this._eraseAttrData(), true)) : (this._activeBuffer.y >= this._bufferService.rows && (this._activeBuffer.y = this._bufferService.rows - 1), this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y).isWrapped = true), _4 = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y), R > 0 && _4 instanceof Ze && _4.copyCellsFrom(O2, I, 0, R, false); I < u; ) O2.setCellFromCodepoint(I++, 0, 1, d);
        } else if (this._activeBuffer.x = u - 1, o2 === 2) continue;
      }
      if (A2 && this._activeBuffer.x) {
        let O2 = _4.getWidth(this._activeBuffer.x - 1) ? 1 : 2;
        _4.addCodepointToCell(this._activeBuffer.x - O2, n, o2);
        for (let I = o2 - R; --I >= 0; ) _4.setCellFromCodepoint(this._activeBuffer.x++, 0, 0, d);
        continue;
      }
      if (c && (_4.insertCells(this._activeBuffer.x, o2 - R, this._activeBuffer.getNullCell(d)), _4.getWidth(u - 1) === 2 && _4.setCellFromCodepoint(u - 1, 0, 1, d)), _4.setCellFromCodepoint(this._activeBuffer.x++, n, o2, d), o2 > 0) for (; --o2; ) _4.setCellFromCodepoint(this._activeBuffer.x++, 0, 0, d);
    }
    this._parser.precedingJoinState = p, this._activeBuffer.x < u && r4 - i > 0 && _4.getWidth(this._activeBuffer.x) === 0 && !_4.hasContent(this._activeBuffer.x) && _4.setCellFromCodepoint(this._activeBuffer.x, 0, 1, d), this._dirtyRowTracker.markDirty(this._activeBuffer.y);
  }
  registerCsiHandler(e, i) {
    return e.final === "t" && !e.prefix && !e.intermediates ? this._parser.registerCsiHandler(e, (r4) => bl(r4.params[0], this._optionsService.rawOptions.windowOptions) ? i(r4) : true) : this._parser.registerCsiHandler(e, i);
  }
  registerDcsHandler(e, i) {
    return this._parser.registerDcsHandler(e, new Xi(i));
  }
  registerEscHandler(e, i) {
    return this._parser.registerEscHandler(e, i);
  }
  registerOscHandler(e, i) {
    return this._parser.registerOscHandler(e, new pe(i));
  }
  bell() {
    return this._onRequestBell.fire(), true;
  }
  lineFeed() {
    return this._dirtyRowTracker.markDirty(this._activeBuffer.y), this._optionsService.rawOptions.convertEol && (this._activeBuffer.x = 0), this._activeBuffer.y++, this._activeBuffer.y === this._activeBuffer.scrollBottom + 1 ? (this._activeBuffer.y--, this._bufferService.scroll(this._eraseAttrData())) : this._activeBuffer.y >= this._bufferService.rows ? this._activeBuffer.y = this._bufferService.rows - 1 : this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y).isWrapped = false, this._activeBuffer.x >= this._bufferService.cols && this._activeBuffer.x--, this._dirtyRowTracker.markDirty(this._activeBuffer.y), this._onLineFeed.fire(), true;
  }
  carriageReturn() {
    return this._activeBuffer.x = 0, true;
  }
  backspace() {
    if (!this._coreService.decPrivateModes.reverseWraparound) return this._restrictCursor(), this._activeBuffer.x > 0 && this._activeBuffer.x--, true;
    if (this._restrictCursor(this._bufferService.cols), this._activeBuffer.x > 0) this._activeBuffer.x--;
    else if (this._activeBuffer.x === 0 && this._activeBuffer.y > this._activeBuffer.scrollTop && this._activeBuffer.y <= this._activeBuffer.scrollBottom && this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y)?.isWrapped) {
      this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y).isWrapped = false, this._activeBuffer.y--, this._activeBuffer.x = this._bufferService.cols - 1;
      let e = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y);
      e.hasWidth(this._activeBuffer.x) && !e.hasContent(this._activeBuffer.x) && this._activeBuffer.x--;
    }
    return this._restrictCursor(), true;
  }
  tab() {
    if (this._activeBuffer.x >= this._bufferService.cols) return true;
    let e = this._activeBuffer.x;
    return this._activeBuffer.x = this._activeBuffer.nextStop(), this._optionsService.rawOptions.screenReaderMode && this._onA11yTab.fire(this._activeBuffer.x - e), true;
  }
  shiftOut() {
    return this._charsetService.setgLevel(1), true;
  }
  shiftIn() {
    return this._charsetService.setgLevel(0), true;
  }
  _restrictCursor(e = this._bufferService.cols - 1) {
    this._activeBuffer.x = Math.min(e, Math.max(0, this._activeBuffer.x)), this._activeBuffer.y = this._coreService.decPrivateModes.origin ? Math.min(this._activeBuffer.scrollBottom, Math.max(this._activeBuffer.scrollTop, this._activeBuffer.y)) : Math.min(this._bufferService.rows - 1, Math.max(0, this._activeBuffer.y)), this._dirtyRowTracker.markDirty(this._activeBuffer.y);
  }
  _setCursor(e, i) {
    this._dirtyRowTracker.markDirty(this._activeBuffer.y), this._coreService.decPrivateModes.origin ? (this._activeBuffer.x = e, this._activeBuffer.y = this._activeBuffer.scrollTop + i) : (this._activeBuffer.x = e, this._activeBuffer.y = i), this._restrictCursor(), this._dirtyRowTracker.markDirty(this._activeBuffer.y);
  }
  _moveCursor(e, i) {
    this._restrictCursor(), this._setCursor(this._activeBuffer.x + e, this._activeBuffer.y + i);
  }
  cursorUp(e) {
    let i = this._activeBuffer.y - this._activeBuffer.scrollTop;
    return i >= 0 ? this._moveCursor(0, -Math.min(i, e.params[0] || 1)) : this._moveCursor(0, -(e.params[0] || 1)), true;
  }
  cursorDown(e) {
    let i = this._activeBuffer.scrollBottom - this._activeBuffer.y;
    return i >= 0 ? this._moveCursor(0, Math.min(i, e.params[0] || 1)) : this._moveCursor(0, e.params[0] || 1), true;
  }
  cursorForward(e) {
    return this._moveCursor(e.params[0] || 1, 0), true;
  }
  cursorBackward(e) {
    return this._moveCursor(-(e.params[0] || 1), 0), true;
  }
  cursorNextLine(e) {
    return this.cursorDown(e), this._activeBuffer.x = 0, true;
  }
  cursorPrecedingLine(e) {
    return this.cursorUp(e), this._activeBuffer.x = 0, true;
  }
  cursorCharAbsolute(e) {
    return this._setCursor((e.params[0] || 1) - 1, this._activeBuffer.y), true;
  }
  cursorPosition(e) {
    return this._setCursor(e.length >= 2 ? (e.params[1] || 1) - 1 : 0, (e.params[0] || 1) - 1), true;
  }
  charPosAbsolute(e) {
    return this._setCursor((e.params[0] || 1) - 1, this._activeBuffer.y), true;
  }
  hPositionRelative(e) {
    return this._moveCursor(e.params[0] || 1, 0), true;
  }
  linePosAbsolute(e) {
    return this._setCursor(this._activeBuffer.x, (e.params[0] || 1) - 1), true;
  }
  vPositionRelative(e) {
    return this._moveCursor(0, e.params[0] || 1), true;
  }
  hVPosition(e) {
    return this.cursorPosition(e), true;
  }
  tabClear(e) {
    let i = e.params[0];
    return i === 0 ? delete this._activeBuffer.tabs[this._activeBuffer.x] : i === 3 && (this._activeBuffer.tabs = {}), true;
  }
  cursorForwardTab(e) {
    if (this._activeBuffer.x >= this._bufferService.cols) return true;
    let i = e.params[0] || 1;
    for (; i--; ) this._activeBuffer.x = this._activeBuffer.nextStop();
    return true;
  }
  cursorBackwardTab(e) {
    if (this._activeBuffer.x >= this._bufferService.cols) return true;
    let i = e.params[0] || 1;
    for (; i--; ) this._activeBuffer.x = this._activeBuffer.prevStop();
    return true;
  }
  selectProtected(e) {
    let i = e.params[0];
    return i === 1 && (this._curAttrData.bg |= 536870912), (i === 2 || i === 0) && (this._curAttrData.bg &= -536870913), true;
  }
  _eraseInBufferLine(e, i, r4, n = false, o2 = false) {
    let l2 = this._activeBuffer.lines.get(this._activeBuffer.ybase + e);
    l2.replaceCells(i, r4, this._activeBuffer.getNullCell(this._eraseAttrData()), o2), n && (l2.isWrapped = false);
  }
  _resetBufferLine(e, i = false) {
    let r4 = this._activeBuffer.lines.get(this._activeBuffer.ybase + e);
    r4 && (r4.fill(this._activeBuffer.getNullCell(this._eraseAttrData()), i), this._bufferService.buffer.clearMarkers(this._activeBuffer.ybase + e), r4.isWrapped = false);
  }
  eraseInDisplay(e, i = false) {
    this._restrictCursor(this._bufferService.cols);
    let r4;
    switch (e.params[0]) {
      case 0:
        for (r4 = this._activeBuffer.y, this._dirtyRowTracker.markDirty(r4), this._eraseInBufferLine(r4++, this._activeBuffer.x, this._bufferService.cols, this._activeBuffer.x === 0, i); r4 < this._bufferService.rows; r4++) this._resetBufferLine(r4, i);
        this._dirtyRowTracker.markDirty(r4);
        break;
      case 1:
        for (r4 = this._activeBuffer.y, this._dirtyRowTracker.markDirty(r4), this._eraseInBufferLine(r4, 0, this._activeBuffer.x + 1, true, i), this._activeBuffer.x + 1 >= this._bufferService.cols && (this._activeBuffer.lines.get(r4 + 1).isWrapped = false); r4--; ) this._resetBufferLine(r4, i);
        this._dirtyRowTracker.markDirty(0);
        break;
      case 2:
        if (this._optionsService.rawOptions.scrollOnEraseInDisplay) {
          for (r4 = this._bufferService.rows, this._dirtyRowTracker.markRangeDirty(0, r4 - 1); r4-- && !this._activeBuffer.lines.get(this._activeBuffer.ybase + r4)?.getTrimmedLength(); ) ;
          for (; r4 >= 0; r4--) this._bufferService.scroll(this._eraseAttrData());
        } else {
          for (r4 = this._bufferService.rows, this._dirtyRowTracker.markDirty(r4 - 1); r4--; ) this._resetBufferLine(r4, i);
          this._dirtyRowTracker.markDirty(0);
        }
        break;
      case 3:
        let n = this._activeBuffer.lines.length - this._bufferService.rows;
        n > 0 && (this._activeBuffer.lines.trimStart(n), this._activeBuffer.ybase = Math.max(this._activeBuffer.ybase - n, 0), this._activeBuffer.ydisp = Math.max(this._activeBuffer.ydisp - n, 0), this._onScroll.fire(0));
        break;
    }
    return true;
  }
  eraseInLine(e, i = false) {
    switch (this._restrictCursor(this._bufferService.cols), e.params[0]) {
      case 0:
        this._eraseInBufferLine(this._activeBuffer.y, this._activeBuffer.x, this._bufferService.cols, this._activeBuffer.x === 0, i);
        break;
      case 1:
        this._eraseInBufferLine(this._activeBuffer.y, 0, this._activeBuffer.x + 1, false, i);
        break;
      case 2:
        this._eraseInBufferLine(this._activeBuffer.y, 0, this._bufferService.cols, true, i);
        break;
    }
    return this._dirtyRowTracker.markDirty(this._activeBuffer.y), true;
  }
  insertLines(e) {
    this._restrictCursor();
    let i = e.params[0] || 1;
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let r4 = this._activeBuffer.ybase + this._activeBuffer.y, n = this._bufferService.rows - 1 - this._activeBuffer.scrollBottom, o2 = this._bufferService.rows - 1 + this._activeBuffer.ybase - n + 1;
    for (; i--; ) this._activeBuffer.lines.splice(o2 - 1, 1), this._activeBuffer.lines.splice(r4, 0, this._activeBuffer.getBlankLine(this._eraseAttrData()));
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.y, this._activeBuffer.scrollBottom), this._activeBuffer.x = 0, true;
  }
  deleteLines(e) {
    this._restrictCursor();
    let i = e.params[0] || 1;
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let r4 = this._activeBuffer.ybase + this._activeBuffer.y, n;
    for (n = this._bufferService.rows - 1 - this._activeBuffer.scrollBottom, n = this._bufferService.rows - 1 + this._activeBuffer.ybase - n; i--; ) this._activeBuffer.lines.splice(r4, 1), this._activeBuffer.lines.splice(n, 0, this._activeBuffer.getBlankLine(this._eraseAttrData()));
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.y, this._activeBuffer.scrollBottom), this._activeBuffer.x = 0, true;
  }
  insertChars(e) {
    this._restrictCursor();
    let i = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y);
    return i && (i.insertCells(this._activeBuffer.x, e.params[0] || 1, this._activeBuffer.getNullCell(this._eraseAttrData())), this._dirtyRowTracker.markDirty(this._activeBuffer.y)), true;
  }
  deleteChars(e) {
    this._restrictCursor();
    let i = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y);
    return i && (i.deleteCells(this._activeBuffer.x, e.params[0] || 1, this._activeBuffer.getNullCell(this._eraseAttrData())), this._dirtyRowTracker.markDirty(this._activeBuffer.y)), true;
  }
  scrollUp(e) {
    let i = e.params[0] || 1;
    for (; i--; ) this._activeBuffer.lines.splice(this._activeBuffer.ybase + this._activeBuffer.scrollTop, 1), this._activeBuffer.lines.splice(this._activeBuffer.ybase + this._activeBuffer.scrollBottom, 0, this._activeBuffer.getBlankLine(this._eraseAttrData()));
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  scrollDown(e) {
    let i = e.params[0] || 1;
    for (; i--; ) this._activeBuffer.lines.splice(this._activeBuffer.ybase + this._activeBuffer.scrollBottom, 1), this._activeBuffer.lines.splice(this._activeBuffer.ybase + this._activeBuffer.scrollTop, 0, this._activeBuffer.getBlankLine(X));
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  scrollLeft(e) {
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let i = e.params[0] || 1;
    for (let r4 = this._activeBuffer.scrollTop; r4 <= this._activeBuffer.scrollBottom; ++r4) {
      let n = this._activeBuffer.lines.get(this._activeBuffer.ybase + r4);
      n.deleteCells(0, i, this._activeBuffer.getNullCell(this._eraseAttrData())), n.isWrapped = false;
    }
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  scrollRight(e) {
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let i = e.params[0] || 1;
    for (let r4 = this._activeBuffer.scrollTop; r4 <= this._activeBuffer.scrollBottom; ++r4) {
      let n = this._activeBuffer.lines.get(this._activeBuffer.ybase + r4);
      n.insertCells(0, i, this._activeBuffer.getNullCell(this._eraseAttrData())), n.isWrapped = false;
    }
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  insertColumns(e) {
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let i = e.params[0] || 1;
    for (let r4 = this._activeBuffer.scrollTop; r4 <= this._activeBuffer.scrollBottom; ++r4) {
      let n = this._activeBuffer.lines.get(this._activeBuffer.ybase + r4);
      n.insertCells(this._activeBuffer.x, i, this._activeBuffer.getNullCell(this._eraseAttrData())), n.isWrapped = false;
    }
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  deleteColumns(e) {
    if (this._activeBuffer.y > this._activeBuffer.scrollBottom || this._activeBuffer.y < this._activeBuffer.scrollTop) return true;
    let i = e.params[0] || 1;
    for (let r4 = this._activeBuffer.scrollTop; r4 <= this._activeBuffer.scrollBottom; ++r4) {
      let n = this._activeBuffer.lines.get(this._activeBuffer.ybase + r4);
      n.deleteCells(this._activeBuffer.x, i, this._activeBuffer.getNullCell(this._eraseAttrData())), n.isWrapped = false;
    }
    return this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom), true;
  }
  eraseChars(e) {
    this._restrictCursor();
    let i = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y);
    return i && (i.replaceCells(this._activeBuffer.x, this._activeBuffer.x + (e.params[0] || 1), this._activeBuffer.getNullCell(this._eraseAttrData())), this._dirtyRowTracker.markDirty(this._activeBuffer.y)), true;
  }
  repeatPrecedingCharacter(e) {
    let i = this._parser.precedingJoinState;
    if (!i) return true;
    let r4 = e.params[0] || 1, n = Ae.extractWidth(i), o2 = this._activeBuffer.x - n, a = this._activeBuffer.lines.get(this._activeBuffer.ybase + this._activeBuffer.y).getString(o2), u = new Uint32Array(a.length * r4), h3 = 0;
    for (let d = 0; d < a.length; ) {
      let _4 = a.codePointAt(d) || 0;
      u[h3++] = _4, d += _4 > 65535 ? 2 : 1;
    }
    let c = h3;
    for (let d = 1; d < r4; ++d) u.copyWithin(c, 0, h3), c += h3;
    return this.print(u, 0, c), true;
  }
  sendDeviceAttributesPrimary(e) {
    return e.params[0] > 0 || (this._is("xterm") || this._is("rxvt-unicode") || this._is("screen") ? this._coreService.triggerDataEvent(b.ESC + "[?1;2c") : this._is("linux") && this._coreService.triggerDataEvent(b.ESC + "[?6c")), true;
  }
  sendDeviceAttributesSecondary(e) {
    return e.params[0] > 0 || (this._is("xterm") ? this._coreService.triggerDataEvent(b.ESC + "[>0;276;0c") : this._is("rxvt-unicode") ? this._coreService.triggerDataEvent(b.ESC + "[>85;95;0c") : this._is("linux") ? this._coreService.triggerDataEvent(e.params[0] + "c") : this._is("screen") && this._coreService.triggerDataEvent(b.ESC + "[>83;40003;0c")), true;
  }
  _is(e) {
    return (this._optionsService.rawOptions.termName + "").indexOf(e) === 0;
  }
  setMode(e) {
    for (let i = 0; i < e.length; i++) switch (e.params[i]) {
      case 4:
        this._coreService.modes.insertMode = true;
        break;
      case 20:
        this._optionsService.options.convertEol = true;
        break;
    }
    return true;
  }
  setModePrivate(e) {
    for (let i = 0; i < e.length; i++) switch (e.params[i]) {
      case 1:
        this._coreService.decPrivateModes.applicationCursorKeys = true;
        break;
      case 2:
        this._charsetService.setgCharset(0, Je), this._charsetService.setgCharset(1, Je), this._charsetService.setgCharset(2, Je), this._charsetService.setgCharset(3, Je);
        break;
      case 3:
        this._optionsService.rawOptions.windowOptions.setWinLines && (this._bufferService.resize(132, this._bufferService.rows), this._onRequestReset.fire());
        break;
      case 6:
        this._coreService.decPrivateModes.origin = true, this._setCursor(0, 0);
        break;
      case 7:
        this._coreService.decPrivateModes.wraparound = true;
        break;
      case 12:
        this._optionsService.options.cursorBlink = true;
        break;
      case 45:
        this._coreService.decPrivateModes.reverseWraparound = true;
        break;
      case 66:
        this._logService.debug("Serial port requested application keypad."), this._coreService.decPrivateModes.applicationKeypad = true, this._onRequestSyncScrollBar.fire();
        break;
      case 9:
        this._coreMouseService.activeProtocol = "X10";
        break;
      case 1e3:
        this._coreMouseService.activeProtocol = "VT200";
        break;
      case 1002:
        this._coreMouseService.activeProtocol = "DRAG";
        break;
      case 1003:
        this._coreMouseService.activeProtocol = "ANY";
        break;
      case 1004:
        this._coreService.decPrivateModes.sendFocus = true, this._onRequestSendFocus.fire();
        break;
      case 1005:
        this._logService.debug("DECSET 1005 not supported (see #2507)");
        break;
      case 1006:
        this._coreMouseService.activeEncoding = "SGR";
        break;
      case 1015:
        this._logService.debug("DECSET 1015 not supported (see #2507)");
        break;
      case 1016:
        this._coreMouseService.activeEncoding = "SGR_PIXELS";
        break;
      case 25:
        this._coreService.isCursorHidden = false;
        break;
      case 1048:
        this.saveCursor();
        break;
      case 1049:
        this.saveCursor();
      case 47:
      case 1047:
        this._bufferService.buffers.activateAltBuffer(this._eraseAttrData()), this._coreService.isCursorInitialized = true, this._onRequestRefreshRows.fire(void 0), this._onRequestSyncScrollBar.fire();
        break;
      case 2004:
        this._coreService.decPrivateModes.bracketedPasteMode = true;
        break;
      case 2026:
        this._coreService.decPrivateModes.synchronizedOutput = true;
        break;
    }
    return true;
  }
  resetMode(e) {
    for (let i = 0; i < e.length; i++) switch (e.params[i]) {
      case 4:
        this._coreService.modes.insertMode = false;
        break;
      case 20:
        this._optionsService.options.convertEol = false;
        break;
    }
    return true;
  }
  resetModePrivate(e) {
    for (let i = 0; i < e.length; i++) switch (e.params[i]) {
      case 1:
        this._coreService.decPrivateModes.applicationCursorKeys = false;
        break;
      case 3:
        this._optionsService.rawOptions.windowOptions.setWinLines && (this._bufferService.resize(80, this._bufferService.rows), this._onRequestReset.fire());
        break;
      case 6:
        this._coreService.decPrivateModes.origin = false, this._setCursor(0, 0);
        break;
      case 7:
        this._coreService.decPrivateModes.wraparound = false;
        break;
      case 12:
        this._optionsService.options.cursorBlink = false;
        break;
      case 45:
        this._coreService.decPrivateModes.reverseWraparound = false;
        break;
      case 66:
        this._logService.debug("Switching back to normal keypad."), this._coreService.decPrivateModes.applicationKeypad = false, this._onRequestSyncScrollBar.fire();
        break;
      case 9:
      case 1e3:
      case 1002:
      case 1003:
        this._coreMouseService.activeProtocol = "NONE";
        break;
      case 1004:
        this._coreService.decPrivateModes.sendFocus = false;
        break;
      case 1005:
        this._logService.debug("DECRST 1005 not supported (see #2507)");
        break;
      case 1006:
        this._coreMouseService.activeEncoding = "DEFAULT";
        break;
      case 1015:
        this._logService.debug("DECRST 1015 not supported (see #2507)");
        break;
      case 1016:
        this._coreMouseService.activeEncoding = "DEFAULT";
        break;
      case 25:
        this._coreService.isCursorHidden = true;
        break;
      case 1048:
        this.restoreCursor();
        break;
      case 1049:
      case 47:
      case 1047:
        this._bufferService.buffers.activateNormalBuffer(), e.params[i] === 1049 && this.restoreCursor(), this._coreService.isCursorInitialized = true, this._onRequestRefreshRows.fire(void 0), this._onRequestSyncScrollBar.fire();
        break;
      case 2004:
        this._coreService.decPrivateModes.bracketedPasteMode = false;
        break;
      case 2026:
        this._coreService.decPrivateModes.synchronizedOutput = false, this._onRequestRefreshRows.fire(void 0);
        break;
    }
    return true;
  }
  requestMode(e, i) {
    let r4;
    ((P3) => (P3[P3.NOT_RECOGNIZED = 0] = "NOT_RECOGNIZED", P3[P3.SET = 1] = "SET", P3[P3.RESET = 2] = "RESET", P3[P3.PERMANENTLY_SET = 3] = "PERMANENTLY_SET", P3[P3.PERMANENTLY_RESET = 4] = "PERMANENTLY_RESET"))(r4 ||= {});
    let n = this._coreService.decPrivateModes, { activeProtocol: o2, activeEncoding: l2 } = this._coreMouseService, a = this._coreService, { buffers: u, cols: h3 } = this._bufferService, { active: c, alt: d } = u, _4 = this._optionsService.rawOptions, p = (A2, R) => (a.triggerDataEvent(`${b.ESC}[${i ? "" : "?"}${A2};${R}$y`), true), m = (A2) => A2 ? 1 : 2, f = e.params[0];
    return i ? f === 2 ? p(f, 4) : f === 4 ? p(f, m(a.modes.insertMode)) : f === 12 ? p(f, 3) : f === 20 ? p(f, m(_4.convertEol)) : p(f, 0) : f === 1 ? p(f, m(n.applicationCursorKeys)) : f === 3 ? p(f, _4.windowOptions.setWinLines ? h3 === 80 ? 2 : h3 === 132 ? 1 : 0 : 0) : f === 6 ? p(f, m(n.origin)) : f === 7 ? p(f, m(n.wraparound)) : f === 8 ? p(f, 3) : f === 9 ? p(f, m(o2 === "X10")) : f === 12 ? p(f, m(_4.cursorBlink)) : f === 25 ? p(f, m(!a.isCursorHidden)) : f === 45 ? p(f, m(n.reverseWraparound)) : f === 66 ? p(f, m(n.applicationKeypad)) : f === 67 ? p(f, 4) : f === 1e3 ? p(f, m(o2 === "VT200")) : f === 1002 ? p(f, m(o2 === "DRAG")) : f === 1003 ? p(f, m(o2 === "ANY")) : f === 1004 ? p(f, m(n.sendFocus)) : f === 1005 ? p(f, 4) : f === 1006 ? p(f, m(l2 === "SGR")) : f === 1015 ? p(f, 4) : f === 1016 ? p(f, m(l2 === "SGR_PIXELS")) : f === 1048 ? p(f, 1) : f === 47 || f === 1047 || f === 1049 ? p(f, m(c === d)) : f === 2004 ? p(f, m(n.bracketedPasteMode)) : f === 2026 ? p(f, m(n.synchronizedOutput)) : p(f, 0);
  }
  _updateAttrColor(e, i, r4, n, o2) {
    return i === 2 ? (e |= 50331648, e &= -16777216, e |= De.fromColorRGB([r4, n, o2])) : i === 5 && (e &= -50331904, e |= 33554432 | r4 & 255), e;
  }
  _extractColor(e, i, r4) {
    let n = [0, 0, -1, 0, 0, 0], o2 = 0, l2 = 0;
    do {
      if (n[l2 + o2] = e.params[i + l2], e.hasSubParams(i + l2)) {
        let a = e.getSubParams(i + l2), u = 0;
        do
          n[1] === 5 && (o2 = 1), n[l2 + u + 1 + o2] = a[u];
        while (++u < a.length && u + l2 + 1 + o2 < n.length);
        break;
      }
      if (n[1] === 5 && l2 + o2 >= 2 || n[1] === 2 && l2 + o2 >= 5) break;
      n[1] && (o2 = 1);
    } while (++l2 + i < e.length && l2 + o2 < n.length);
    for (let a = 2; a < n.length; ++a) n[a] === -1 && (n[a] = 0);
    switch (n[0]) {
      case 38:
        r4.fg = this._updateAttrColor(r4.fg, n[1], n[3], n[4], n[5]);
        break;
      case 48:
        r4.bg = this._updateAttrColor(r4.bg, n[1], n[3], n[4], n[5]);
        break;
      case 58:
        r4.extended = r4.extended.clone(), r4.extended.underlineColor = this._updateAttrColor(r4.extended.underlineColor, n[1], n[3], n[4], n[5]);
    }
    return l2;
  }
  _processUnderline(e, i) {
    i.extended = i.extended.clone(), (!~e || e > 5) && (e = 1), i.extended.underlineStyle = e, i.fg |= 268435456, e === 0 && (i.fg &= -268435457), i.updateExtended();
  }
  _processSGR0(e) {
    e.fg = X.fg, e.bg = X.bg, e.extended = e.extended.clone(), e.extended.underlineStyle = 0, e.extended.underlineColor &= -67108864, e.updateExtended();
  }
  charAttributes(e) {
    if (e.length === 1 && e.params[0] === 0) return this._processSGR0(this._curAttrData), true;
    let i = e.length, r4, n = this._curAttrData;
    for (let o2 = 0; o2 < i; o2++) r4 = e.params[o2], r4 >= 30 && r4 <= 37 ? (n.fg &= -50331904, n.fg |= 16777216 | r4 - 30) : r4 >= 40 && r4 <= 47 ? (n.bg &= -50331904, n.bg |= 16777216 | r4 - 40) : r4 >= 90 && r4 <= 97 ? (n.fg &= -50331904, n.fg |= 16777216 | r4 - 90 | 8) : r4 >= 100 && r4 <= 107 ? (n.bg &= -50331904, n.bg |= 16777216 | r4 - 100 | 8) : r4 === 0 ? this._processSGR0(n) : r4 === 1 ? n.fg |= 134217728 : r4 === 3 ? n.bg |= 67108864 : r4 === 4 ? (n.fg |= 268435456, this._processUnderline(e.hasSubParams(o2) ? e.getSubParams(o2)[0] : 1, n)) : r4 === 5 ? n.fg |= 536870912 : r4 === 7 ? n.fg |= 67108864 : r4 === 8 ? n.fg |= 1073741824 : r4 === 9 ? n.fg |= 2147483648 : r4 === 2 ? n.bg |= 134217728 : r4 === 21 ? this._processUnderline(2, n) : r4 === 22 ? (n.fg &= -134217729, n.bg &= -134217729) : r4 === 23 ? n.bg &= -67108865 : r4 === 24 ? (n.fg &= -268435457, this._processUnderline(0, n)) : r4 === 25 ? n.fg &= -536870913 : r4 === 27 ? n.fg &= -67108865 : r4 === 28 ? n.fg &= -1073741825 : r4 === 29 ? n.fg &= 2147483647 : r4 === 39 ? (n.fg &= -67108864, n.fg |= X.fg & 16777215) : r4 === 49 ? (n.bg &= -67108864, n.bg |= X.bg & 16777215) : r4 === 38 || r4 === 48 || r4 === 58 ? o2 += this._extractColor(e, o2, n) : r4 === 53 ? n.bg |= 1073741824 : r4 === 55 ? n.bg &= -1073741825 : r4 === 59 ? (n.extended = n.extended.clone(), n.extended.underlineColor = -1, n.updateExtended()) : r4 === 100 ? (n.fg &= -67108864, n.fg |= X.fg & 16777215, n.bg &= -67108864, n.bg |= X.bg & 16777215) : this._logService.debug("Unknown SGR attribute: %d.", r4);
    return true;
  }
  deviceStatus(e) {
    switch (e.params[0]) {
      case 5:
        this._coreService.triggerDataEvent(`${b.ESC}[0n`);
        break;
      case 6:
        let i = this._activeBuffer.y + 1, r4 = this._activeBuffer.x + 1;
        this._coreService.triggerDataEvent(`${b.ESC}[${i};${r4}R`);
        break;
    }
    return true;
  }
  deviceStatusPrivate(e) {
    switch (e.params[0]) {
      case 6:
        let i = this._activeBuffer.y + 1, r4 = this._activeBuffer.x + 1;
        this._coreService.triggerDataEvent(`${b.ESC}[?${i};${r4}R`);
        break;
      case 15:
        break;
      case 25:
        break;
      case 26:
        break;
      case 53:
        break;
    }
    return true;
  }
  softReset(e) {
    return this._coreService.isCursorHidden = false, this._onRequestSyncScrollBar.fire(), this._activeBuffer.scrollTop = 0, this._activeBuffer.scrollBottom = this._bufferService.rows - 1, this._curAttrData = X.clone(), this._coreService.reset(), this._charsetService.reset(), this._activeBuffer.savedX = 0, this._activeBuffer.savedY = this._activeBuffer.ybase, this._activeBuffer.savedCurAttrData.fg = this._curAttrData.fg, this._activeBuffer.savedCurAttrData.bg = this._curAttrData.bg, this._activeBuffer.savedCharset = this._charsetService.charset, this._coreService.decPrivateModes.origin = false, true;
  }
  setCursorStyle(e) {
    let i = e.length === 0 ? 1 : e.params[0];
    if (i === 0) this._coreService.decPrivateModes.cursorStyle = void 0, this._coreService.decPrivateModes.cursorBlink = void 0;
    else {
      switch (i) {
        case 1:
        case 2:
          this._coreService.decPrivateModes.cursorStyle = "block";
          break;
        case 3:
        case 4:
          this._coreService.decPrivateModes.cursorStyle = "underline";
          break;
        case 5:
        case 6:
          this._coreService.decPrivateModes.cursorStyle = "bar";
          break;
      }
      let r4 = i % 2 === 1;
      this._coreService.decPrivateModes.cursorBlink = r4;
    }
    return true;
  }
  setScrollRegion(e) {
    let i = e.params[0] || 1, r4;
    return (e.length < 2 || (r4 = e.params[1]) > this._bufferService.rows || r4 === 0) && (r4 = this._bufferService.rows), r4 > i && (this._activeBuffer.scrollTop = i - 1, this._activeBuffer.scrollBottom = r4 - 1, this._setCursor(0, 0)), true;
  }
  windowOptions(e) {
    if (!bl(e.params[0], this._optionsService.rawOptions.windowOptions)) return true;
    let i = e.length > 1 ? e.params[1] : 0;
    switch (e.params[0]) {
      case 14:
        i !== 2 && this._onRequestWindowsOptionsReport.fire(0);
        break;
      case 16:
        this._onRequestWindowsOptionsReport.fire(1);
        break;
      case 18:
        this._bufferService && this._coreService.triggerDataEvent(`${b.ESC}[8;${this._bufferService.rows};${this._bufferService.cols}t`);
        break;
      case 22:
        (i === 0 || i === 2) && (this._windowTitleStack.push(this._windowTitle), this._windowTitleStack.length > _l && this._windowTitleStack.shift()), (i === 0 || i === 1) && (this._iconNameStack.push(this._iconName), this._iconNameStack.length > _l && this._iconNameStack.shift());
        break;
      case 23:
        (i === 0 || i === 2) && this._windowTitleStack.length && this.setTitle(this._windowTitleStack.pop()), (i === 0 || i === 1) && this._iconNameStack.length && this.setIconName(this._iconNameStack.pop());
        break;
    }
    return true;
  }
  saveCursor(e) {
    return this._activeBuffer.savedX = this._activeBuffer.x, this._activeBuffer.savedY = this._activeBuffer.ybase + this._activeBuffer.y, this._activeBuffer.savedCurAttrData.fg = this._curAttrData.fg, this._activeBuffer.savedCurAttrData.bg = this._curAttrData.bg, this._activeBuffer.savedCharset = this._charsetService.charset, true;
  }
  restoreCursor(e) {
    return this._activeBuffer.x = this._activeBuffer.savedX || 0, this._activeBuffer.y = Math.max(this._activeBuffer.savedY - this._activeBuffer.ybase, 0), this._curAttrData.fg = this._activeBuffer.savedCurAttrData.fg, this._curAttrData.bg = this._activeBuffer.savedCurAttrData.bg, this._charsetService.charset = this._savedCharset, this._activeBuffer.savedCharset && (this._charsetService.charset = this._activeBuffer.savedCharset), this._restrictCursor(), true;
  }
  setTitle(e) {
    return this._windowTitle = e, this._onTitleChange.fire(e), true;
  }
  setIconName(e) {
    return this._iconName = e, true;
  }
  setOrReportIndexedColor(e) {
    let i = [], r4 = e.split(";");
    for (; r4.length > 1; ) {
      let n = r4.shift(), o2 = r4.shift();
      if (/^\d+$/.exec(n)) {
        let l2 = parseInt(n);
        if (Sl(l2)) if (o2 === "?") i.push({ type: 0, index: l2 });
        else {
          let a = Ws(o2);
          a && i.push({ type: 1, index: l2, color: a });
        }
      }
    }
    return i.length && this._onColor.fire(i), true;
  }
  setHyperlink(e) {
    let i = e.indexOf(";");
    if (i === -1) return true;
    let r4 = e.slice(0, i).trim(), n = e.slice(i + 1);
    return n ? this._createHyperlink(r4, n) : r4.trim() ? false : this._finishHyperlink();
  }
  _createHyperlink(e, i) {
    this._getCurrentLinkId() && this._finishHyperlink();
    let r4 = e.split(":"), n, o2 = r4.findIndex((l2) => l2.startsWith("id="));
    return o2 !== -1 && (n = r4[o2].slice(3) || void 0), this._curAttrData.extended = this._curAttrData.extended.clone(), this._curAttrData.extended.urlId = this._oscLinkService.registerLink({ id: n, uri: i }), this._curAttrData.updateExtended(), true;
  }
  _finishHyperlink() {
    return this._curAttrData.extended = this._curAttrData.extended.clone(), this._curAttrData.extended.urlId = 0, this._curAttrData.updateExtended(), true;
  }
  _setOrReportSpecialColor(e, i) {
    let r4 = e.split(";");
    for (let n = 0; n < r4.length && !(i >= this._specialColors.length); ++n, ++i) if (r4[n] === "?") this._onColor.fire([{ type: 0, index: this._specialColors[i] }]);
    else {
      let o2 = Ws(r4[n]);
      o2 && this._onColor.fire([{ type: 1, index: this._specialColors[i], color: o2 }]);
    }
    return true;
  }
  setOrReportFgColor(e) {
    return this._setOrReportSpecialColor(e, 0);
  }
  setOrReportBgColor(e) {
    return this._setOrReportSpecialColor(e, 1);
  }
  setOrReportCursorColor(e) {
    return this._setOrReportSpecialColor(e, 2);
  }
  restoreIndexedColor(e) {
    if (!e) return this._onColor.fire([{ type: 2 }]), true;
    let i = [], r4 = e.split(";");
    for (let n = 0; n < r4.length; ++n) if (/^\d+$/.exec(r4[n])) {
      let o2 = parseInt(r4[n]);
      Sl(o2) && i.push({ type: 2, index: o2 });
    }
    return i.length && this._onColor.fire(i), true;
  }
  restoreFgColor(e) {
    return this._onColor.fire([{ type: 2, index: 256 }]), true;
  }
  restoreBgColor(e) {
    return this._onColor.fire([{ type: 2, index: 257 }]), true;
  }
  restoreCursorColor(e) {
    return this._onColor.fire([{ type: 2, index: 258 }]), true;
  }
  nextLine() {
    return this._activeBuffer.x = 0, this.index(), true;
  }
  keypadApplicationMode() {
    return this._logService.debug("Serial port requested application keypad."), this._coreService.decPrivateModes.applicationKeypad = true, this._onRequestSyncScrollBar.fire(), true;
  }
  keypadNumericMode() {
    return this._logService.debug("Switching back to normal keypad."), this._coreService.decPrivateModes.applicationKeypad = false, this._onRequestSyncScrollBar.fire(), true;
  }
  selectDefaultCharset() {
    return this._charsetService.setgLevel(0), this._charsetService.setgCharset(0, Je), true;
  }
  selectCharset(e) {
    return e.length !== 2 ? (this.selectDefaultCharset(), true) : (e[0] === "/" || this._charsetService.setgCharset(mc[e[0]], ne[e[1]] || Je), true);
  }
  index() {
    return this._restrictCursor(), this._activeBuffer.y++, this._activeBuffer.y === this._activeBuffer.scrollBottom + 1 ? (this._activeBuffer.y--, this._bufferService.scroll(this._eraseAttrData())) : this._activeBuffer.y >= this._bufferService.rows && (this._activeBuffer.y = this._bufferService.rows - 1), this._restrictCursor(), true;
  }
  tabSet() {
    return this._activeBuffer.tabs[this._activeBuffer.x] = true, true;
  }
  reverseIndex() {
    if (this._restrictCursor(), this._activeBuffer.y === this._activeBuffer.scrollTop) {
      let e = this._activeBuffer.scrollBottom - this._activeBuffer.scrollTop;
      this._activeBuffer.lines.shiftElements(this._activeBuffer.ybase + this._activeBuffer.y, e, 1), this._activeBuffer.lines.set(this._activeBuffer.ybase + this._activeBuffer.y, this._activeBuffer.getBlankLine(this._eraseAttrData())), this._dirtyRowTracker.markRangeDirty(this._activeBuffer.scrollTop, this._activeBuffer.scrollBottom);
    } else this._activeBuffer.y--, this._restrictCursor();
    return true;
  }
  fullReset() {
    return this._parser.reset(), this._onRequestReset.fire(), true;
  }
  reset() {
    this._curAttrData = X.clone(), this._eraseAttrDataInternal = X.clone();
  }
  _eraseAttrData() {
    return this._eraseAttrDataInternal.bg &= -67108864, this._eraseAttrDataInternal.bg |= this._curAttrData.bg & 67108863, this._eraseAttrDataInternal;
  }
  setgLevel(e) {
    return this._charsetService.setgLevel(e), true;
  }
  screenAlignmentPattern() {
    let e = new q();
    e.content = 1 << 22 | 69, e.fg = this._curAttrData.fg, e.bg = this._curAttrData.bg, this._setCursor(0, 0);
    for (let i = 0; i < this._bufferService.rows; ++i) {
      let r4 = this._activeBuffer.ybase + this._activeBuffer.y + i, n = this._activeBuffer.lines.get(r4);
      n && (n.fill(e), n.isWrapped = false);
    }
    return this._dirtyRowTracker.markAllDirty(), this._setCursor(0, 0), true;
  }
  requestStatusString(e, i) {
    let r4 = (a) => (this._coreService.triggerDataEvent(`${b.ESC}${a}${b.ESC}\\`), true), n = this._bufferService.buffer, o2 = this._optionsService.rawOptions, l2 = { block: 2, underline: 4, bar: 6 };
    return r4(e === '"q' ? `P1$r${this._curAttrData.isProtected() ? 1 : 0}"q` : e === '"p' ? 'P1$r61;1"p' : e === "r" ? `P1$r${n.scrollTop + 1};${n.scrollBottom + 1}r` : e === "m" ? "P1$r0m" : e === " q" ? `P1$r${l2[o2.cursorStyle] - (o2.cursorBlink ? 1 : 0)} q` : "P0$r");
  }
  markRangeDirty(e, i) {
    this._dirtyRowTracker.markRangeDirty(e, i);
  }
};
var Zi = class {
  constructor(t) {
    this._bufferService = t;
    this.clearRange();
  }
  clearRange() {
    this.start = this._bufferService.buffer.y, this.end = this._bufferService.buffer.y;
  }
  markDirty(t) {
    t < this.start ? this.start = t : t > this.end && (this.end = t);
  }
  markRangeDirty(t, e) {
    t > e && (gl = t, t = e, e = gl), t < this.start && (this.start = t), e > this.end && (this.end = e);
  }
  markAllDirty() {
    this.markRangeDirty(0, this._bufferService.rows - 1);
  }
};
Zi = M([S(0, F)], Zi);
function Sl(s15) {
  return 0 <= s15 && s15 < 256;
}
var _c = 5e7;
var El = 12;
var bc = 50;
var gn = class extends D {
  constructor(e) {
    super();
    this._action = e;
    this._writeBuffer = [];
    this._callbacks = [];
    this._pendingData = 0;
    this._bufferOffset = 0;
    this._isSyncWriting = false;
    this._syncCalls = 0;
    this._didUserInput = false;
    this._onWriteParsed = this._register(new v());
    this.onWriteParsed = this._onWriteParsed.event;
  }
  handleUserInput() {
    this._didUserInput = true;
  }
  writeSync(e, i) {
    if (i !== void 0 && this._syncCalls > i) {
      this._syncCalls = 0;
      return;
    }
    if (this._pendingData += e.length, this._writeBuffer.push(e), this._callbacks.push(void 0), this._syncCalls++, this._isSyncWriting) return;
    this._isSyncWriting = true;
    let r4;
    for (; r4 = this._writeBuffer.shift(); ) {
      this._action(r4);
      let n = this._callbacks.shift();
      n && n();
    }
    this._pendingData = 0, this._bufferOffset = 2147483647, this._isSyncWriting = false, this._syncCalls = 0;
  }
  write(e, i) {
    if (this._pendingData > _c) throw new Error("write data discarded, use flow control to avoid losing data");
    if (!this._writeBuffer.length) {
      if (this._bufferOffset = 0, this._didUserInput) {
        this._didUserInput = false, this._pendingData += e.length, this._writeBuffer.push(e), this._callbacks.push(i), this._innerWrite();
        return;
      }
      setTimeout(() => this._innerWrite());
    }
    this._pendingData += e.length, this._writeBuffer.push(e), this._callbacks.push(i);
  }
  _innerWrite(e = 0, i = true) {
    let r4 = e || performance.now();
    for (; this._writeBuffer.length > this._bufferOffset; ) {
      let n = this._writeBuffer[this._bufferOffset], o2 = this._action(n, i);
      if (o2) {
        let a = (u) => performance.now() - r4 >= El ? setTimeout(() => this._innerWrite(0, u)) : this._innerWrite(r4, u);
        o2.catch((u) => (queueMicrotask(() => {
          throw u;
        }), Promise.resolve(false))).then(a);
        return;
      }
      let l2 = this._callbacks[this._bufferOffset];
      if (l2 && l2(), this._bufferOffset++, this._pendingData -= n.length, performance.now() - r4 >= El) break;
    }
    this._writeBuffer.length > this._bufferOffset ? (this._bufferOffset > bc && (this._writeBuffer = this._writeBuffer.slice(this._bufferOffset), this._callbacks = this._callbacks.slice(this._bufferOffset), this._bufferOffset = 0), setTimeout(() => this._innerWrite())) : (this._writeBuffer.length = 0, this._callbacks.length = 0, this._pendingData = 0, this._bufferOffset = 0), this._onWriteParsed.fire();
  }
};
var ui = class {
  constructor(t) {
    this._bufferService = t;
    this._nextId = 1;
    this._entriesWithId = /* @__PURE__ */ new Map();
    this._dataByLinkId = /* @__PURE__ */ new Map();
  }
  registerLink(t) {
    let e = this._bufferService.buffer;
    if (t.id === void 0) {
      let a = e.addMarker(e.ybase + e.y), u = { data: t, id: this._nextId++, lines: [a] };
      return a.onDispose(() => this._removeMarkerFromLink(u, a)), this._dataByLinkId.set(u.id, u), u.id;
    }
    let i = t, r4 = this._getEntryIdKey(i), n = this._entriesWithId.get(r4);
    if (n) return this.addLineToLink(n.id, e.ybase + e.y), n.id;
    let o2 = e.addMarker(e.ybase + e.y), l2 = { id: this._nextId++, key: this._getEntryIdKey(i), data: i, lines: [o2] };
    return o2.onDispose(() => this._removeMarkerFromLink(l2, o2)), this._entriesWithId.set(l2.key, l2), this._dataByLinkId.set(l2.id, l2), l2.id;
  }
  addLineToLink(t, e) {
    let i = this._dataByLinkId.get(t);
    if (i && i.lines.every((r4) => r4.line !== e)) {
      let r4 = this._bufferService.buffer.addMarker(e);
      i.lines.push(r4), r4.onDispose(() => this._removeMarkerFromLink(i, r4));
    }
  }
  getLinkData(t) {
    return this._dataByLinkId.get(t)?.data;
  }
  _getEntryIdKey(t) {
    return `${t.id};;${t.uri}`;
  }
  _removeMarkerFromLink(t, e) {
    let i = t.lines.indexOf(e);
    i !== -1 && (t.lines.splice(i, 1), t.lines.length === 0 && (t.data.id !== void 0 && this._entriesWithId.delete(t.key), this._dataByLinkId.delete(t.id)));
  }
};
ui = M([S(0, F)], ui);
var Tl = false;
var Sn = class extends D {
  constructor(e) {
    super();
    this._windowsWrappingHeuristics = this._register(new ye());
    this._onBinary = this._register(new v());
    this.onBinary = this._onBinary.event;
    this._onData = this._register(new v());
    this.onData = this._onData.event;
    this._onLineFeed = this._register(new v());
    this.onLineFeed = this._onLineFeed.event;
    this._onResize = this._register(new v());
    this.onResize = this._onResize.event;
    this._onWriteParsed = this._register(new v());
    this.onWriteParsed = this._onWriteParsed.event;
    this._onScroll = this._register(new v());
    this._instantiationService = new ln(), this.optionsService = this._register(new dn(e)), this._instantiationService.setService(H, this.optionsService), this._bufferService = this._register(this._instantiationService.createInstance(ni)), this._instantiationService.setService(F, this._bufferService), this._logService = this._register(this._instantiationService.createInstance(ii)), this._instantiationService.setService(nr, this._logService), this.coreService = this._register(this._instantiationService.createInstance(li)), this._instantiationService.setService(ge, this.coreService), this.coreMouseService = this._register(this._instantiationService.createInstance(ai)), this._instantiationService.setService(rr, this.coreMouseService), this.unicodeService = this._register(this._instantiationService.createInstance(Ae)), this._instantiationService.setService(Js, this.unicodeService), this._charsetService = this._instantiationService.createInstance(pn), this._instantiationService.setService(Zs, this._charsetService), this._oscLinkService = this._instantiationService.createInstance(ui), this._instantiationService.setService(sr, this._oscLinkService), this._inputHandler = this._register(new vn(this._bufferService, this._charsetService, this.coreService, this._logService, this.optionsService, this._oscLinkService, this.coreMouseService, this.unicodeService)), this._register($2.forward(this._inputHandler.onLineFeed, this._onLineFeed)), this._register(this._inputHandler), this._register($2.forward(this._bufferService.onResize, this._onResize)), this._register($2.forward(this.coreService.onData, this._onData)), this._register($2.forward(this.coreService.onBinary, this._onBinary)), this._register(this.coreService.onRequestScrollToBottom(() => this.scrollToBottom(true))), this._register(this.coreService.onUserInput(() => this._writeBuffer.handleUserInput())), this._register(this.optionsService.onMultipleOptionChange(["windowsMode", "windowsPty"], () => this._handleWindowsPtyOptionChange())), this._register(this._bufferService.onScroll(() => {
      this._onScroll.fire({ position: this._bufferService.buffer.ydisp }), this._inputHandler.markRangeDirty(this._bufferService.buffer.scrollTop, this._bufferService.buffer.scrollBottom);
    })), this._writeBuffer = this._register(new gn((i, r4) => this._inputHandler.parse(i, r4))), this._register($2.forward(this._writeBuffer.onWriteParsed, this._onWriteParsed));
  }
  get onScroll() {
    return this._onScrollApi || (this._onScrollApi = this._register(new v()), this._onScroll.event((e) => {
      this._onScrollApi?.fire(e.position);
    })), this._onScrollApi.event;
  }
  get cols() {
    return this._bufferService.cols;
  }
  get rows() {
    return this._bufferService.rows;
  }
  get buffers() {
    return this._bufferService.buffers;
  }
  get options() {
    return this.optionsService.options;
  }
  set options(e) {
    for (let i in e) this.optionsService.options[i] = e[i];
  }
  write(e, i) {
    this._writeBuffer.write(e, i);
  }
  writeSync(e, i) {
    this._logService.logLevel <= 3 && !Tl && (this._logService.warn("writeSync is unreliable and will be removed soon."), Tl = true), this._writeBuffer.writeSync(e, i);
  }
  input(e, i = true) {
    this.coreService.triggerDataEvent(e, i);
  }
  resize(e, i) {
    isNaN(e) || isNaN(i) || (e = Math.max(e, ks), i = Math.max(i, Cs), this._bufferService.resize(e, i));
  }
  scroll(e, i = false) {
    this._bufferService.scroll(e, i);
  }
  scrollLines(e, i) {
    this._bufferService.scrollLines(e, i);
  }
  scrollPages(e) {
    this.scrollLines(e * (this.rows - 1));
  }
  scrollToTop() {
    this.scrollLines(-this._bufferService.buffer.ydisp);
  }
  scrollToBottom(e) {
    this.scrollLines(this._bufferService.buffer.ybase - this._bufferService.buffer.ydisp);
  }
  scrollToLine(e) {
    let i = e - this._bufferService.buffer.ydisp;
    i !== 0 && this.scrollLines(i);
  }
  registerEscHandler(e, i) {
    return this._inputHandler.registerEscHandler(e, i);
  }
  registerDcsHandler(e, i) {
    return this._inputHandler.registerDcsHandler(e, i);
  }
  registerCsiHandler(e, i) {
    return this._inputHandler.registerCsiHandler(e, i);
  }
  registerOscHandler(e, i) {
    return this._inputHandler.registerOscHandler(e, i);
  }
  _setup() {
    this._handleWindowsPtyOptionChange();
  }
  reset() {
    this._inputHandler.reset(), this._bufferService.reset(), this._charsetService.reset(), this.coreService.reset(), this.coreMouseService.reset();
  }
  _handleWindowsPtyOptionChange() {
    let e = false, i = this.optionsService.rawOptions.windowsPty;
    i && i.buildNumber !== void 0 && i.buildNumber !== void 0 ? e = i.backend === "conpty" && i.buildNumber < 21376 : this.optionsService.rawOptions.windowsMode && (e = true), e ? this._enableWindowsWrappingHeuristics() : this._windowsWrappingHeuristics.clear();
  }
  _enableWindowsWrappingHeuristics() {
    if (!this._windowsWrappingHeuristics.value) {
      let e = [];
      e.push(this.onLineFeed(Bs.bind(null, this._bufferService))), e.push(this.registerCsiHandler({ final: "H" }, () => (Bs(this._bufferService), false))), this._windowsWrappingHeuristics.value = C(() => {
        for (let i of e) i.dispose();
      });
    }
  }
};
var gc = { 48: ["0", ")"], 49: ["1", "!"], 50: ["2", "@"], 51: ["3", "#"], 52: ["4", "$"], 53: ["5", "%"], 54: ["6", "^"], 55: ["7", "&"], 56: ["8", "*"], 57: ["9", "("], 186: [";", ":"], 187: ["=", "+"], 188: [",", "<"], 189: ["-", "_"], 190: [".", ">"], 191: ["/", "?"], 192: ["`", "~"], 219: ["[", "{"], 220: ["\\", "|"], 221: ["]", "}"], 222: ["'", '"'] };
function Il(s15, t, e, i) {
  let r4 = { type: 0, cancel: false, key: void 0 }, n = (s15.shiftKey ? 1 : 0) | (s15.altKey ? 2 : 0) | (s15.ctrlKey ? 4 : 0) | (s15.metaKey ? 8 : 0);
  switch (s15.keyCode) {
    case 0:
      s15.key === "UIKeyInputUpArrow" ? t ? r4.key = b.ESC + "OA" : r4.key = b.ESC + "[A" : s15.key === "UIKeyInputLeftArrow" ? t ? r4.key = b.ESC + "OD" : r4.key = b.ESC + "[D" : s15.key === "UIKeyInputRightArrow" ? t ? r4.key = b.ESC + "OC" : r4.key = b.ESC + "[C" : s15.key === "UIKeyInputDownArrow" && (t ? r4.key = b.ESC + "OB" : r4.key = b.ESC + "[B");
      break;
    case 8:
      r4.key = s15.ctrlKey ? "\b" : b.DEL, s15.altKey && (r4.key = b.ESC + r4.key);
      break;
    case 9:
      if (s15.shiftKey) {
        r4.key = b.ESC + "[Z";
        break;
      }
      r4.key = b.HT, r4.cancel = true;
      break;
    case 13:
      r4.key = s15.altKey ? b.ESC + b.CR : b.CR, r4.cancel = true;
      break;
    case 27:
      r4.key = b.ESC, s15.altKey && (r4.key = b.ESC + b.ESC), r4.cancel = true;
      break;
    case 37:
      if (s15.metaKey) break;
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "D" : t ? r4.key = b.ESC + "OD" : r4.key = b.ESC + "[D";
      break;
    case 39:
      if (s15.metaKey) break;
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "C" : t ? r4.key = b.ESC + "OC" : r4.key = b.ESC + "[C";
      break;
    case 38:
      if (s15.metaKey) break;
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "A" : t ? r4.key = b.ESC + "OA" : r4.key = b.ESC + "[A";
      break;
    case 40:
      if (s15.metaKey) break;
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "B" : t ? r4.key = b.ESC + "OB" : r4.key = b.ESC + "[B";
      break;
    case 45:
      !s15.shiftKey && !s15.ctrlKey && (r4.key = b.ESC + "[2~");
      break;
    case 46:
      n ? r4.key = b.ESC + "[3;" + (n + 1) + "~" : r4.key = b.ESC + "[3~";
      break;
    case 36:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "H" : t ? r4.key = b.ESC + "OH" : r4.key = b.ESC + "[H";
      break;
    case 35:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "F" : t ? r4.key = b.ESC + "OF" : r4.key = b.ESC + "[F";
      break;
    case 33:
      s15.shiftKey ? r4.type = 2 : s15.ctrlKey ? r4.key = b.ESC + "[5;" + (n + 1) + "~" : r4.key = b.ESC + "[5~";
      break;
    case 34:
      s15.shiftKey ? r4.type = 3 : s15.ctrlKey ? r4.key = b.ESC + "[6;" + (n + 1) + "~" : r4.key = b.ESC + "[6~";
      break;
    case 112:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "P" : r4.key = b.ESC + "OP";
      break;
    case 113:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "Q" : r4.key = b.ESC + "OQ";
      break;
    case 114:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "R" : r4.key = b.ESC + "OR";
      break;
    case 115:
      n ? r4.key = b.ESC + "[1;" + (n + 1) + "S" : r4.key = b.ESC + "OS";
      break;
    case 116:
      n ? r4.key = b.ESC + "[15;" + (n + 1) + "~" : r4.key = b.ESC + "[15~";
      break;
    case 117:
      n ? r4.key = b.ESC + "[17;" + (n + 1) + "~" : r4.key = b.ESC + "[17~";
      break;
    case 118:
      n ? r4.key = b.ESC + "[18;" + (n + 1) + "~" : r4.key = b.ESC + "[18~";
      break;
    case 119:
      n ? r4.key = b.ESC + "[19;" + (n + 1) + "~" : r4.key = b.ESC + "[19~";
      break;
    case 120:
      n ? r4.key = b.ESC + "[20;" + (n + 1) + "~" : r4.key = b.ESC + "[20~";
      break;
    case 121:
      n ? r4.key = b.ESC + "[21;" + (n + 1) + "~" : r4.key = b.ESC + "[21~";
      break;
    case 122:
      n ? r4.key = b.ESC + "[23;" + (n + 1) + "~" : r4.key = b.ESC + "[23~";
      break;
    case 123:
      n ? r4.key = b.ESC + "[24;" + (n + 1) + "~" : r4.key = b.ESC + "[24~";
      break;
    default:
      if (s15.ctrlKey && !s15.shiftKey && !s15.altKey && !s15.metaKey) s15.keyCode >= 65 && s15.keyCode <= 90 ? r4.key = String.fromCharCode(s15.keyCode - 64) : s15.keyCode === 32 ? r4.key = b.NUL : s15.keyCode >= 51 && s15.keyCode <= 55 ? r4.key = String.fromCharCode(s15.keyCode - 51 + 27) : s15.keyCode === 56 ? r4.key = b.DEL : s15.keyCode === 219 ? r4.key = b.ESC : s15.keyCode === 220 ? r4.key = b.FS : s15.keyCode === 221 && (r4.key = b.GS);
      else if ((!e || i) && s15.altKey && !s15.metaKey) {
        let l2 = gc[s15.keyCode]?.[s15.shiftKey ? 1 : 0];
        if (l2) r4.key = b.ESC + l2;
        else if (s15.keyCode >= 65 && s15.keyCode <= 90) {
          let a = s15.ctrlKey ? s15.keyCode - 64 : s15.keyCode + 32, u = String.fromCharCode(a);
          s15.shiftKey && (u = u.toUpperCase()), r4.key = b.ESC + u;
        } else if (s15.keyCode === 32) r4.key = b.ESC + (s15.ctrlKey ? b.NUL : " ");
        else if (s15.key === "Dead" && s15.code.startsWith("Key")) {
          let a = s15.code.slice(3, 4);
          s15.shiftKey || (a = a.toLowerCase()), r4.key = b.ESC + a, r4.cancel = true;
        }
      } else e && !s15.altKey && !s15.ctrlKey && !s15.shiftKey && s15.metaKey ? s15.keyCode === 65 && (r4.type = 1) : s15.key && !s15.ctrlKey && !s15.altKey && !s15.metaKey && s15.keyCode >= 48 && s15.key.length === 1 ? r4.key = s15.key : s15.key && s15.ctrlKey && (s15.key === "_" && (r4.key = b.US), s15.key === "@" && (r4.key = b.NUL));
      break;
  }
  return r4;
}
var ee = 0;
var En = class {
  constructor(t) {
    this._getKey = t;
    this._array = [];
    this._insertedValues = [];
    this._flushInsertedTask = new Jt();
    this._isFlushingInserted = false;
    this._deletedIndices = [];
    this._flushDeletedTask = new Jt();
    this._isFlushingDeleted = false;
  }
  clear() {
    this._array.length = 0, this._insertedValues.length = 0, this._flushInsertedTask.clear(), this._isFlushingInserted = false, this._deletedIndices.length = 0, this._flushDeletedTask.clear(), this._isFlushingDeleted = false;
  }
  insert(t) {
    this._flushCleanupDeleted(), this._insertedValues.length === 0 && this._flushInsertedTask.enqueue(() => this._flushInserted()), this._insertedValues.push(t);
  }
  _flushInserted() {
    let t = this._insertedValues.sort((n, o2) => this._getKey(n) - this._getKey(o2)), e = 0, i = 0, r4 = new Array(this._array.length + this._insertedValues.length);
    for (let n = 0; n < r4.length; n++) i >= this._array.length || this._getKey(t[e]) <= this._getKey(this._array[i]) ? (r4[n] = t[e], e++) : r4[n] = this._array[i++];
    this._array = r4, this._insertedValues.length = 0;
  }
  _flushCleanupInserted() {
    !this._isFlushingInserted && this._insertedValues.length > 0 && this._flushInsertedTask.flush();
  }
  delete(t) {
    if (this._flushCleanupInserted(), this._array.length === 0) return false;
    let e = this._getKey(t);
    if (e === void 0 || (ee = this._search(e), ee === -1) || this._getKey(this._array[ee]) !== e) return false;
    do
      if (this._array[ee] === t) return this._deletedIndices.length === 0 && this._flushDeletedTask.enqueue(() => this._flushDeleted()), this._deletedIndices.push(ee), true;
    while (++ee < this._array.length && this._getKey(this._array[ee]) === e);
    return false;
  }
  _flushDeleted() {
    this._isFlushingDeleted = true;
    let t = this._deletedIndices.sort((n, o2) => n - o2), e = 0, i = new Array(this._array.length - t.length), r4 = 0;
    for (let n = 0; n < this._array.length; n++) t[e] === n ? e++ : i[r4++] = this._array[n];
    this._array = i, this._deletedIndices.length = 0, this._isFlushingDeleted = false;
  }
  _flushCleanupDeleted() {
    !this._isFlushingDeleted && this._deletedIndices.length > 0 && this._flushDeletedTask.flush();
  }
  *getKeyIterator(t) {
    if (this._flushCleanupInserted(), this._flushCleanupDeleted(), this._array.length !== 0 && (ee = this._search(t), !(ee < 0 || ee >= this._array.length) && this._getKey(this._array[ee]) === t)) do
      yield this._array[ee];
    while (++ee < this._array.length && this._getKey(this._array[ee]) === t);
  }
  forEachByKey(t, e) {
    if (this._flushCleanupInserted(), this._flushCleanupDeleted(), this._array.length !== 0 && (ee = this._search(t), !(ee < 0 || ee >= this._array.length) && this._getKey(this._array[ee]) === t)) do
      e(this._array[ee]);
    while (++ee < this._array.length && this._getKey(this._array[ee]) === t);
  }
  values() {
    return this._flushCleanupInserted(), this._flushCleanupDeleted(), [...this._array].values();
  }
  _search(t) {
    let e = 0, i = this._array.length - 1;
    for (; i >= e; ) {
      let r4 = e + i >> 1, n = this._getKey(this._array[r4]);
      if (n > t) i = r4 - 1;
      else if (n < t) e = r4 + 1;
      else {
        for (; r4 > 0 && this._getKey(this._array[r4 - 1]) === t; ) r4--;
        return r4;
      }
    }
    return e;
  }
};
var Us = 0;
var yl = 0;
var Tn = class extends D {
  constructor() {
    super();
    this._decorations = new En((e) => e?.marker.line);
    this._onDecorationRegistered = this._register(new v());
    this.onDecorationRegistered = this._onDecorationRegistered.event;
    this._onDecorationRemoved = this._register(new v());
    this.onDecorationRemoved = this._onDecorationRemoved.event;
    this._register(C(() => this.reset()));
  }
  get decorations() {
    return this._decorations.values();
  }
  registerDecoration(e) {
    if (e.marker.isDisposed) return;
    let i = new Ks(e);
    if (i) {
      let r4 = i.marker.onDispose(() => i.dispose()), n = i.onDispose(() => {
        n.dispose(), i && (this._decorations.delete(i) && this._onDecorationRemoved.fire(i), r4.dispose());
      });
      this._decorations.insert(i), this._onDecorationRegistered.fire(i);
    }
    return i;
  }
  reset() {
    for (let e of this._decorations.values()) e.dispose();
    this._decorations.clear();
  }
  *getDecorationsAtCell(e, i, r4) {
    let n = 0, o2 = 0;
    for (let l2 of this._decorations.getKeyIterator(i)) n = l2.options.x ?? 0, o2 = n + (l2.options.width ?? 1), e >= n && e < o2 && (!r4 || (l2.options.layer ?? "bottom") === r4) && (yield l2);
  }
  forEachDecorationAtCell(e, i, r4, n) {
    this._decorations.forEachByKey(i, (o2) => {
      Us = o2.options.x ?? 0, yl = Us + (o2.options.width ?? 1), e >= Us && e < yl && (!r4 || (o2.options.layer ?? "bottom") === r4) && n(o2);
    });
  }
};
var Ks = class extends Ee {
  constructor(e) {
    super();
    this.options = e;
    this.onRenderEmitter = this.add(new v());
    this.onRender = this.onRenderEmitter.event;
    this._onDispose = this.add(new v());
    this.onDispose = this._onDispose.event;
    this._cachedBg = null;
    this._cachedFg = null;
    this.marker = e.marker, this.options.overviewRulerOptions && !this.options.overviewRulerOptions.position && (this.options.overviewRulerOptions.position = "full");
  }
  get backgroundColorRGB() {
    return this._cachedBg === null && (this.options.backgroundColor ? this._cachedBg = z.toColor(this.options.backgroundColor) : this._cachedBg = void 0), this._cachedBg;
  }
  get foregroundColorRGB() {
    return this._cachedFg === null && (this.options.foregroundColor ? this._cachedFg = z.toColor(this.options.foregroundColor) : this._cachedFg = void 0), this._cachedFg;
  }
  dispose() {
    this._onDispose.fire(), super.dispose();
  }
};
var Sc = 1e3;
var In = class {
  constructor(t, e = Sc) {
    this._renderCallback = t;
    this._debounceThresholdMS = e;
    this._lastRefreshMs = 0;
    this._additionalRefreshRequested = false;
  }
  dispose() {
    this._refreshTimeoutID && clearTimeout(this._refreshTimeoutID);
  }
  refresh(t, e, i) {
    this._rowCount = i, t = t !== void 0 ? t : 0, e = e !== void 0 ? e : this._rowCount - 1, this._rowStart = this._rowStart !== void 0 ? Math.min(this._rowStart, t) : t, this._rowEnd = this._rowEnd !== void 0 ? Math.max(this._rowEnd, e) : e;
    let r4 = performance.now();
    if (r4 - this._lastRefreshMs >= this._debounceThresholdMS) this._lastRefreshMs = r4, this._innerRefresh();
    else if (!this._additionalRefreshRequested) {
      let n = r4 - this._lastRefreshMs, o2 = this._debounceThresholdMS - n;
      this._additionalRefreshRequested = true, this._refreshTimeoutID = window.setTimeout(() => {
        this._lastRefreshMs = performance.now(), this._innerRefresh(), this._additionalRefreshRequested = false, this._refreshTimeoutID = void 0;
      }, o2);
    }
  }
  _innerRefresh() {
    if (this._rowStart === void 0 || this._rowEnd === void 0 || this._rowCount === void 0) return;
    let t = Math.max(this._rowStart, 0), e = Math.min(this._rowEnd, this._rowCount - 1);
    this._rowStart = void 0, this._rowEnd = void 0, this._renderCallback(t, e);
  }
};
var xl = 20;
var wl = false;
var Tt = class extends D {
  constructor(e, i, r4, n) {
    super();
    this._terminal = e;
    this._coreBrowserService = r4;
    this._renderService = n;
    this._rowColumns = /* @__PURE__ */ new WeakMap();
    this._liveRegionLineCount = 0;
    this._charsToConsume = [];
    this._charsToAnnounce = "";
    let o2 = this._coreBrowserService.mainDocument;
    this._accessibilityContainer = o2.createElement("div"), this._accessibilityContainer.classList.add("xterm-accessibility"), this._rowContainer = o2.createElement("div"), this._rowContainer.setAttribute("role", "list"), this._rowContainer.classList.add("xterm-accessibility-tree"), this._rowElements = [];
    for (let l2 = 0; l2 < this._terminal.rows; l2++) this._rowElements[l2] = this._createAccessibilityTreeNode(), this._rowContainer.appendChild(this._rowElements[l2]);
    if (this._topBoundaryFocusListener = (l2) => this._handleBoundaryFocus(l2, 0), this._bottomBoundaryFocusListener = (l2) => this._handleBoundaryFocus(l2, 1), this._rowElements[0].addEventListener("focus", this._topBoundaryFocusListener), this._rowElements[this._rowElements.length - 1].addEventListener("focus", this._bottomBoundaryFocusListener), this._accessibilityContainer.appendChild(this._rowContainer), this._liveRegion = o2.createElement("div"), this._liveRegion.classList.add("live-region"), this._liveRegion.setAttribute("aria-live", "assertive"), this._accessibilityContainer.appendChild(this._liveRegion), this._liveRegionDebouncer = this._register(new In(this._renderRows.bind(this))), !this._terminal.element) throw new Error("Cannot enable accessibility before Terminal.open");
    wl ? (this._accessibilityContainer.classList.add("debug"), this._rowContainer.classList.add("debug"), this._debugRootContainer = o2.createElement("div"), this._debugRootContainer.classList.add("xterm"), this._debugRootContainer.appendChild(o2.createTextNode("------start a11y------")), this._debugRootContainer.appendChild(this._accessibilityContainer), this._debugRootContainer.appendChild(o2.createTextNode("------end a11y------")), this._terminal.element.insertAdjacentElement("afterend", this._debugRootContainer)) : this._terminal.element.insertAdjacentElement("afterbegin", this._accessibilityContainer), this._register(this._terminal.onResize((l2) => this._handleResize(l2.rows))), this._register(this._terminal.onRender((l2) => this._refreshRows(l2.start, l2.end))), this._register(this._terminal.onScroll(() => this._refreshRows())), this._register(this._terminal.onA11yChar((l2) => this._handleChar(l2))), this._register(this._terminal.onLineFeed(() => this._handleChar(`
`))), this._register(this._terminal.onA11yTab((l2) => this._handleTab(l2))), this._register(this._terminal.onKey((l2) => this._handleKey(l2.key))), this._register(this._terminal.onBlur(() => this._clearLiveRegion())), this._register(this._renderService.onDimensionsChange(() => this._refreshRowsDimensions())), this._register(L(o2, "selectionchange", () => this._handleSelectionChange())), this._register(this._coreBrowserService.onDprChange(() => this._refreshRowsDimensions())), this._refreshRowsDimensions(), this._refreshRows(), this._register(C(() => {
      wl ? this._debugRootContainer.remove() : this._accessibilityContainer.remove(), this._rowElements.length = 0;
    }));
  }
  _handleTab(e) {
    for (let i = 0; i < e; i++) this._handleChar(" ");
  }
  _handleChar(e) {
    this._liveRegionLineCount < xl + 1 && (this._charsToConsume.length > 0 ? this._charsToConsume.shift() !== e && (this._charsToAnnounce += e) : this._charsToAnnounce += e, e === `
` && (this._liveRegionLineCount++, this._liveRegionLineCount === xl + 1 && (this._liveRegion.textContent += _i.get())));
  }
  _clearLiveRegion() {
    this._liveRegion.textContent = "", this._liveRegionLineCount = 0;
  }
  _handleKey(e) {
    this._clearLiveRegion(), /\p{Control}/u.test(e) || this._charsToConsume.push(e);
  }
  _refreshRows(e, i) {
    this._liveRegionDebouncer.refresh(e, i, this._terminal.rows);
  }
  _renderRows(e, i) {
    let r4 = this._terminal.buffer, n = r4.lines.length.toString();
    for (let o2 = e; o2 <= i; o2++) {
      let l2 = r4.lines.get(r4.ydisp + o2), a = [], u = l2?.translateToString(true, void 0, void 0, a) || "", h3 = (r4.ydisp + o2 + 1).toString(), c = this._rowElements[o2];
      c && (u.length === 0 ? (c.textContent = " ", this._rowColumns.set(c, [0, 1])) : (c.textContent = u, this._rowColumns.set(c, a)), c.setAttribute("aria-posinset", h3), c.setAttribute("aria-setsize", n), this._alignRowWidth(c));
    }
    this._announceCharacters();
  }
  _announceCharacters() {
    this._charsToAnnounce.length !== 0 && (this._liveRegion.textContent += this._charsToAnnounce, this._charsToAnnounce = "");
  }
  _handleBoundaryFocus(e, i) {
    let r4 = e.target, n = this._rowElements[i === 0 ? 1 : this._rowElements.length - 2], o2 = r4.getAttribute("aria-posinset"), l2 = i === 0 ? "1" : `${this._terminal.buffer.lines.length}`;
    if (o2 === l2 || e.relatedTarget !== n) return;
    let a, u;
    if (i === 0 ? (a = r4, u = this._rowElements.pop(), this._rowContainer.removeChild(u)) : (a = this._rowElements.shift(), u = r4, this._rowContainer.removeChild(a)), a.removeEventListener("focus", this._topBoundaryFocusListener), u.removeEventListener("focus", this._bottomBoundaryFocusListener), i === 0) {
      let h3 = this._createAccessibilityTreeNode();
      this._rowElements.unshift(h3), this._rowContainer.insertAdjacentElement("afterbegin", h3);
    } else {
      let h3 = this._createAccessibilityTreeNode();
      this._rowElements.push(h3), this._rowContainer.appendChild(h3);
    }
    this._rowElements[0].addEventListener("focus", this._topBoundaryFocusListener), this._rowElements[this._rowElements.length - 1].addEventListener("focus", this._bottomBoundaryFocusListener), this._terminal.scrollLines(i === 0 ? -1 : 1), this._rowElements[i === 0 ? 1 : this._rowElements.length - 2].focus(), e.preventDefault(), e.stopImmediatePropagation();
  }
  _handleSelectionChange() {
    if (this._rowElements.length === 0) return;
    let e = this._coreBrowserService.mainDocument.getSelection();
    if (!e) return;
    if (e.isCollapsed) {
      this._rowContainer.contains(e.anchorNode) && this._terminal.clearSelection();
      return;
    }
    if (!e.anchorNode || !e.focusNode) {
      console.error("anchorNode and/or focusNode are null");
      return;
    }
    let i = { node: e.anchorNode, offset: e.anchorOffset }, r4 = { node: e.focusNode, offset: e.focusOffset };
    if ((i.node.compareDocumentPosition(r4.node) & Node.DOCUMENT_POSITION_PRECEDING || i.node === r4.node && i.offset > r4.offset) && ([i, r4] = [r4, i]), i.node.compareDocumentPosition(this._rowElements[0]) & (Node.DOCUMENT_POSITION_CONTAINED_BY | Node.DOCUMENT_POSITION_FOLLOWING) && (i = { node: this._rowElements[0].childNodes[0], offset: 0 }), !this._rowContainer.contains(i.node)) return;
    let n = this._rowElements.slice(-1)[0];
    if (r4.node.compareDocumentPosition(n) & (Node.DOCUMENT_POSITION_CONTAINED_BY | Node.DOCUMENT_POSITION_PRECEDING) && (r4 = { node: n, offset: n.textContent?.length ?? 0 }), !this._rowContainer.contains(r4.node)) return;
    let o2 = ({ node: u, offset: h3 }) => {
      let c = u instanceof Text ? u.parentNode : u, d = parseInt(c?.getAttribute("aria-posinset"), 10) - 1;
      if (isNaN(d)) return console.warn("row is invalid. Race condition?"), null;
      let _4 = this._rowColumns.get(c);
      if (!_4) return console.warn("columns is null. Race condition?"), null;
      let p = h3 < _4.length ? _4[h3] : _4.slice(-1)[0] + 1;
      return p >= this._terminal.cols && (++d, p = 0), { row: d, column: p };
    }, l2 = o2(i), a = o2(r4);
    if (!(!l2 || !a)) {
      if (l2.row > a.row || l2.row === a.row && l2.column >= a.column) throw new Error("invalid range");
      this._terminal.select(l2.column, l2.row, (a.row - l2.row) * this._terminal.cols - l2.column + a.column);
    }
  }
  _handleResize(e) {
    this._rowElements[this._rowElements.length - 1].removeEventListener("focus", this._bottomBoundaryFocusListener);
    for (let i = this._rowContainer.children.length; i < this._terminal.rows; i++) this._rowElements[i] = this._createAccessibilityTreeNode(), this._rowContainer.appendChild(this._rowElements[i]);
    for (; this._rowElements.length > e; ) this._rowContainer.removeChild(this._rowElements.pop());
    this._rowElements[this._rowElements.length - 1].addEventListener("focus", this._bottomBoundaryFocusListener), this._refreshRowsDimensions();
  }
  _createAccessibilityTreeNode() {
    let e = this._coreBrowserService.mainDocument.createElement("div");
    return e.setAttribute("role", "listitem"), e.tabIndex = -1, this._refreshRowDimensions(e), e;
  }
  _refreshRowsDimensions() {
    if (this._renderService.dimensions.css.cell.height) {
      Object.assign(this._accessibilityContainer.style, { width: `${this._renderService.dimensions.css.canvas.width}px`, fontSize: `${this._terminal.options.fontSize}px` }), this._rowElements.length !== this._terminal.rows && this._handleResize(this._terminal.rows);
      for (let e = 0; e < this._terminal.rows; e++) this._refreshRowDimensions(this._rowElements[e]), this._alignRowWidth(this._rowElements[e]);
    }
  }
  _refreshRowDimensions(e) {
    e.style.height = `${this._renderService.dimensions.css.cell.height}px`;
  }
  _alignRowWidth(e) {
    e.style.transform = "";
    let i = e.getBoundingClientRect().width, r4 = this._rowColumns.get(e)?.slice(-1)?.[0];
    if (!r4) return;
    let n = r4 * this._renderService.dimensions.css.cell.width;
    e.style.transform = `scaleX(${n / i})`;
  }
};
Tt = M([S(1, xt), S(2, ae), S(3, ce)], Tt);
var hi = class extends D {
  constructor(e, i, r4, n, o2) {
    super();
    this._element = e;
    this._mouseService = i;
    this._renderService = r4;
    this._bufferService = n;
    this._linkProviderService = o2;
    this._linkCacheDisposables = [];
    this._isMouseOut = true;
    this._wasResized = false;
    this._activeLine = -1;
    this._onShowLinkUnderline = this._register(new v());
    this.onShowLinkUnderline = this._onShowLinkUnderline.event;
    this._onHideLinkUnderline = this._register(new v());
    this.onHideLinkUnderline = this._onHideLinkUnderline.event;
    this._register(C(() => {
      Ne(this._linkCacheDisposables), this._linkCacheDisposables.length = 0, this._lastMouseEvent = void 0, this._activeProviderReplies?.clear();
    })), this._register(this._bufferService.onResize(() => {
      this._clearCurrentLink(), this._wasResized = true;
    })), this._register(L(this._element, "mouseleave", () => {
      this._isMouseOut = true, this._clearCurrentLink();
    })), this._register(L(this._element, "mousemove", this._handleMouseMove.bind(this))), this._register(L(this._element, "mousedown", this._handleMouseDown.bind(this))), this._register(L(this._element, "mouseup", this._handleMouseUp.bind(this)));
  }
  get currentLink() {
    return this._currentLink;
  }
  _handleMouseMove(e) {
    this._lastMouseEvent = e;
    let i = this._positionFromMouseEvent(e, this._element, this._mouseService);
    if (!i) return;
    this._isMouseOut = false;
    let r4 = e.composedPath();
    for (let n = 0; n < r4.length; n++) {
      let o2 = r4[n];
      if (o2.classList.contains("xterm")) break;
      if (o2.classList.contains("xterm-hover")) return;
    }
    (!this._lastBufferCell || i.x !== this._lastBufferCell.x || i.y !== this._lastBufferCell.y) && (this._handleHover(i), this._lastBufferCell = i);
  }
  _handleHover(e) {
    if (this._activeLine !== e.y || this._wasResized) {
      this._clearCurrentLink(), this._askForLink(e, false), this._wasResized = false;
      return;
    }
    this._currentLink && this._linkAtPosition(this._currentLink.link, e) || (this._clearCurrentLink(), this._askForLink(e, true));
  }
  _askForLink(e, i) {
    (!this._activeProviderReplies || !i) && (this._activeProviderReplies?.forEach((n) => {
      n?.forEach((o2) => {
        o2.link.dispose && o2.link.dispose();
      });
    }), this._activeProviderReplies = /* @__PURE__ */ new Map(), this._activeLine = e.y);
    let r4 = false;
    for (let [n, o2] of this._linkProviderService.linkProviders.entries()) i ? this._activeProviderReplies?.get(n) && (r4 = this._checkLinkProviderResult(n, e, r4)) : o2.provideLinks(e.y, (l2) => {
      if (this._isMouseOut) return;
      let a = l2?.map((u) => ({ link: u }));
      this._activeProviderReplies?.set(n, a), r4 = this._checkLinkProviderResult(n, e, r4), this._activeProviderReplies?.size === this._linkProviderService.linkProviders.length && this._removeIntersectingLinks(e.y, this._activeProviderReplies);
    });
  }
  _removeIntersectingLinks(e, i) {
    let r4 = /* @__PURE__ */ new Set();
    for (let n = 0; n < i.size; n++) {
      let o2 = i.get(n);
      if (o2) for (let l2 = 0; l2 < o2.length; l2++) {
        let a = o2[l2], u = a.link.range.start.y < e ? 0 : a.link.range.start.x, h3 = a.link.range.end.y > e ? this._bufferService.cols : a.link.range.end.x;
        for (let c = u; c <= h3; c++) {
          if (r4.has(c)) {
            o2.splice(l2--, 1);
            break;
          }
          r4.add(c);
        }
      }
    }
  }
  _checkLinkProviderResult(e, i, r4) {
    if (!this._activeProviderReplies) return r4;
    let n = this._activeProviderReplies.get(e), o2 = false;
    for (let l2 = 0; l2 < e; l2++) (!this._activeProviderReplies.has(l2) || this._activeProviderReplies.get(l2)) && (o2 = true);
    if (!o2 && n) {
      let l2 = n.find((a) => this._linkAtPosition(a.link, i));
      l2 && (r4 = true, this._handleNewLink(l2));
    }
    if (this._activeProviderReplies.size === this._linkProviderService.linkProviders.length && !r4) for (let l2 = 0; l2 < this._activeProviderReplies.size; l2++) {
      let a = this._activeProviderReplies.get(l2)?.find((u) => this._linkAtPosition(u.link, i));
      if (a) {
        r4 = true, this._handleNewLink(a);
        break;
      }
    }
    return r4;
  }
  _handleMouseDown() {
    this._mouseDownLink = this._currentLink;
  }
  _handleMouseUp(e) {
    if (!this._currentLink) return;
    let i = this._positionFromMouseEvent(e, this._element, this._mouseService);
    i && this._mouseDownLink && Ec(this._mouseDownLink.link, this._currentLink.link) && this._linkAtPosition(this._currentLink.link, i) && this._currentLink.link.activate(e, this._currentLink.link.text);
  }
  _clearCurrentLink(e, i) {
    !this._currentLink || !this._lastMouseEvent || (!e || !i || this._currentLink.link.range.start.y >= e && this._currentLink.link.range.end.y <= i) && (this._linkLeave(this._element, this._currentLink.link, this._lastMouseEvent), this._currentLink = void 0, Ne(this._linkCacheDisposables), this._linkCacheDisposables.length = 0);
  }
  _handleNewLink(e) {
    if (!this._lastMouseEvent) return;
    let i = this._positionFromMouseEvent(this._lastMouseEvent, this._element, this._mouseService);
    i && this._linkAtPosition(e.link, i) && (this._currentLink = e, this._currentLink.state = { decorations: { underline: e.link.decorations === void 0 ? true : e.link.decorations.underline, pointerCursor: e.link.decorations === void 0 ? true : e.link.decorations.pointerCursor }, isHovered: true }, this._linkHover(this._element, e.link, this._lastMouseEvent), e.link.decorations = {}, Object.defineProperties(e.link.decorations, { pointerCursor: { get: () => this._currentLink?.state?.decorations.pointerCursor, set: (r4) => {
      this._currentLink?.state && this._currentLink.state.decorations.pointerCursor !== r4 && (this._currentLink.state.decorations.pointerCursor = r4, this._currentLink.state.isHovered && this._element.classList.toggle("xterm-cursor-pointer", r4));
    } }, underline: { get: () => this._currentLink?.state?.decorations.underline, set: (r4) => {
      this._currentLink?.state && this._currentLink?.state?.decorations.underline !== r4 && (this._currentLink.state.decorations.underline = r4, this._currentLink.state.isHovered && this._fireUnderlineEvent(e.link, r4));
    } } }), this._linkCacheDisposables.push(this._renderService.onRenderedViewportChange((r4) => {
      if (!this._currentLink) return;
      let n = r4.start === 0 ? 0 : r4.start + 1 + this._bufferService.buffer.ydisp, o2 = this._bufferService.buffer.ydisp + 1 + r4.end;
      if (this._currentLink.link.range.start.y >= n && this._currentLink.link.range.end.y <= o2 && (this._clearCurrentLink(n, o2), this._lastMouseEvent)) {
        let l2 = this._positionFromMouseEvent(this._lastMouseEvent, this._element, this._mouseService);
        l2 && this._askForLink(l2, false);
      }
    })));
  }
  _linkHover(e, i, r4) {
    this._currentLink?.state && (this._currentLink.state.isHovered = true, this._currentLink.state.decorations.underline && this._fireUnderlineEvent(i, true), this._currentLink.state.decorations.pointerCursor && e.classList.add("xterm-cursor-pointer")), i.hover && i.hover(r4, i.text);
  }
  _fireUnderlineEvent(e, i) {
    let r4 = e.range, n = this._bufferService.buffer.ydisp, o2 = this._createLinkUnderlineEvent(r4.start.x - 1, r4.start.y - n - 1, r4.end.x, r4.end.y - n - 1, void 0);
    (i ? this._onShowLinkUnderline : this._onHideLinkUnderline).fire(o2);
  }
  _linkLeave(e, i, r4) {
    this._currentLink?.state && (this._currentLink.state.isHovered = false, this._currentLink.state.decorations.underline && this._fireUnderlineEvent(i, false), this._currentLink.state.decorations.pointerCursor && e.classList.remove("xterm-cursor-pointer")), i.leave && i.leave(r4, i.text);
  }
  _linkAtPosition(e, i) {
    let r4 = e.range.start.y * this._bufferService.cols + e.range.start.x, n = e.range.end.y * this._bufferService.cols + e.range.end.x, o2 = i.y * this._bufferService.cols + i.x;
    return r4 <= o2 && o2 <= n;
  }
  _positionFromMouseEvent(e, i, r4) {
    let n = r4.getCoords(e, i, this._bufferService.cols, this._bufferService.rows);
    if (n) return { x: n[0], y: n[1] + this._bufferService.buffer.ydisp };
  }
  _createLinkUnderlineEvent(e, i, r4, n, o2) {
    return { x1: e, y1: i, x2: r4, y2: n, cols: this._bufferService.cols, fg: o2 };
  }
};
hi = M([S(1, Dt), S(2, ce), S(3, F), S(4, lr)], hi);
function Ec(s15, t) {
  return s15.text === t.text && s15.range.start.x === t.range.start.x && s15.range.start.y === t.range.start.y && s15.range.end.x === t.range.end.x && s15.range.end.y === t.range.end.y;
}
var yn = class extends Sn {
  constructor(e = {}) {
    super(e);
    this._linkifier = this._register(new ye());
    this.browser = tn;
    this._keyDownHandled = false;
    this._keyDownSeen = false;
    this._keyPressHandled = false;
    this._unprocessedDeadKey = false;
    this._accessibilityManager = this._register(new ye());
    this._onCursorMove = this._register(new v());
    this.onCursorMove = this._onCursorMove.event;
    this._onKey = this._register(new v());
    this.onKey = this._onKey.event;
    this._onRender = this._register(new v());
    this.onRender = this._onRender.event;
    this._onSelectionChange = this._register(new v());
    this.onSelectionChange = this._onSelectionChange.event;
    this._onTitleChange = this._register(new v());
    this.onTitleChange = this._onTitleChange.event;
    this._onBell = this._register(new v());
    this.onBell = this._onBell.event;
    this._onFocus = this._register(new v());
    this._onBlur = this._register(new v());
    this._onA11yCharEmitter = this._register(new v());
    this._onA11yTabEmitter = this._register(new v());
    this._onWillOpen = this._register(new v());
    this._setup(), this._decorationService = this._instantiationService.createInstance(Tn), this._instantiationService.setService(Be, this._decorationService), this._linkProviderService = this._instantiationService.createInstance(Qr), this._instantiationService.setService(lr, this._linkProviderService), this._linkProviderService.registerLinkProvider(this._instantiationService.createInstance(wt)), this._register(this._inputHandler.onRequestBell(() => this._onBell.fire())), this._register(this._inputHandler.onRequestRefreshRows((i) => this.refresh(i?.start ?? 0, i?.end ?? this.rows - 1))), this._register(this._inputHandler.onRequestSendFocus(() => this._reportFocus())), this._register(this._inputHandler.onRequestReset(() => this.reset())), this._register(this._inputHandler.onRequestWindowsOptionsReport((i) => this._reportWindowsOptions(i))), this._register(this._inputHandler.onColor((i) => this._handleColorEvent(i))), this._register($2.forward(this._inputHandler.onCursorMove, this._onCursorMove)), this._register($2.forward(this._inputHandler.onTitleChange, this._onTitleChange)), this._register($2.forward(this._inputHandler.onA11yChar, this._onA11yCharEmitter)), this._register($2.forward(this._inputHandler.onA11yTab, this._onA11yTabEmitter)), this._register(this._bufferService.onResize((i) => this._afterResize(i.cols, i.rows))), this._register(C(() => {
      this._customKeyEventHandler = void 0, this.element?.parentNode?.removeChild(this.element);
    }));
  }
  get linkifier() {
    return this._linkifier.value;
  }
  get onFocus() {
    return this._onFocus.event;
  }
  get onBlur() {
    return this._onBlur.event;
  }
  get onA11yChar() {
    return this._onA11yCharEmitter.event;
  }
  get onA11yTab() {
    return this._onA11yTabEmitter.event;
  }
  get onWillOpen() {
    return this._onWillOpen.event;
  }
  _handleColorEvent(e) {
    if (this._themeService) for (let i of e) {
      let r4, n = "";
      switch (i.index) {
        case 256:
          r4 = "foreground", n = "10";
          break;
        case 257:
          r4 = "background", n = "11";
          break;
        case 258:
          r4 = "cursor", n = "12";
          break;
        default:
          r4 = "ansi", n = "4;" + i.index;
      }
      switch (i.type) {
        case 0:
          let o2 = U.toColorRGB(r4 === "ansi" ? this._themeService.colors.ansi[i.index] : this._themeService.colors[r4]);
          this.coreService.triggerDataEvent(`${b.ESC}]${n};${ml(o2)}${fs.ST}`);
          break;
        case 1:
          if (r4 === "ansi") this._themeService.modifyColors((l2) => l2.ansi[i.index] = j.toColor(...i.color));
          else {
            let l2 = r4;
            this._themeService.modifyColors((a) => a[l2] = j.toColor(...i.color));
          }
          break;
        case 2:
          this._themeService.restoreColor(i.index);
          break;
      }
    }
  }
  _setup() {
    super._setup(), this._customKeyEventHandler = void 0;
  }
  get buffer() {
    return this.buffers.active;
  }
  focus() {
    this.textarea && this.textarea.focus({ preventScroll: true });
  }
  _handleScreenReaderModeOptionChange(e) {
    e ? !this._accessibilityManager.value && this._renderService && (this._accessibilityManager.value = this._instantiationService.createInstance(Tt, this)) : this._accessibilityManager.clear();
  }
  _handleTextAreaFocus(e) {
    this.coreService.decPrivateModes.sendFocus && this.coreService.triggerDataEvent(b.ESC + "[I"), this.element.classList.add("focus"), this._showCursor(), this._onFocus.fire();
  }
  blur() {
    return this.textarea?.blur();
  }
  _handleTextAreaBlur() {
    this.textarea.value = "", this.refresh(this.buffer.y, this.buffer.y), this.coreService.decPrivateModes.sendFocus && this.coreService.triggerDataEvent(b.ESC + "[O"), this.element.classList.remove("focus"), this._onBlur.fire();
  }
  _syncTextArea() {
    if (!this.textarea || !this.buffer.isCursorInViewport || this._compositionHelper.isComposing || !this._renderService) return;
    let e = this.buffer.ybase + this.buffer.y, i = this.buffer.lines.get(e);
    if (!i) return;
    let r4 = Math.min(this.buffer.x, this.cols - 1), n = this._renderService.dimensions.css.cell.height, o2 = i.getWidth(r4), l2 = this._renderService.dimensions.css.cell.width * o2, a = this.buffer.y * this._renderService.dimensions.css.cell.height, u = r4 * this._renderService.dimensions.css.cell.width;
    this.textarea.style.left = u + "px", this.textarea.style.top = a + "px", this.textarea.style.width = l2 + "px", this.textarea.style.height = n + "px", this.textarea.style.lineHeight = n + "px", this.textarea.style.zIndex = "-5";
  }
  _initGlobal() {
    this._bindKeys(), this._register(L(this.element, "copy", (i) => {
      this.hasSelection() && Vs(i, this._selectionService);
    }));
    let e = (i) => qs(i, this.textarea, this.coreService, this.optionsService);
    this._register(L(this.textarea, "paste", e)), this._register(L(this.element, "paste", e)), Ss ? this._register(L(this.element, "mousedown", (i) => {
      i.button === 2 && Pn(i, this.textarea, this.screenElement, this._selectionService, this.options.rightClickSelectsWord);
    })) : this._register(L(this.element, "contextmenu", (i) => {
      Pn(i, this.textarea, this.screenElement, this._selectionService, this.options.rightClickSelectsWord);
    })), Bi && this._register(L(this.element, "auxclick", (i) => {
      i.button === 1 && Mn(i, this.textarea, this.screenElement);
    }));
  }
  _bindKeys() {
    this._register(L(this.textarea, "keyup", (e) => this._keyUp(e), true)), this._register(L(this.textarea, "keydown", (e) => this._keyDown(e), true)), this._register(L(this.textarea, "keypress", (e) => this._keyPress(e), true)), this._register(L(this.textarea, "compositionstart", () => this._compositionHelper.compositionstart())), this._register(L(this.textarea, "compositionupdate", (e) => this._compositionHelper.compositionupdate(e))), this._register(L(this.textarea, "compositionend", () => this._compositionHelper.compositionend())), this._register(L(this.textarea, "input", (e) => this._inputEvent(e), true)), this._register(this.onRender(() => this._compositionHelper.updateCompositionElements()));
  }
  open(e) {
    if (!e) throw new Error("Terminal requires a parent element.");
    if (e.isConnected || this._logService.debug("Terminal.open was called on an element that was not attached to the DOM"), this.element?.ownerDocument.defaultView && this._coreBrowserService) {
      this.element.ownerDocument.defaultView !== this._coreBrowserService.window && (this._coreBrowserService.window = this.element.ownerDocument.defaultView);
      return;
    }
    this._document = e.ownerDocument, this.options.documentOverride && this.options.documentOverride instanceof Document && (this._document = this.optionsService.rawOptions.documentOverride), this.element = this._document.createElement("div"), this.element.dir = "ltr", this.element.classList.add("terminal"), this.element.classList.add("xterm"), e.appendChild(this.element);
    let i = this._document.createDocumentFragment();
    this._viewportElement = this._document.createElement("div"), this._viewportElement.classList.add("xterm-viewport"), i.appendChild(this._viewportElement), this.screenElement = this._document.createElement("div"), this.screenElement.classList.add("xterm-screen"), this._register(L(this.screenElement, "mousemove", (o2) => this.updateCursorStyle(o2))), this._helperContainer = this._document.createElement("div"), this._helperContainer.classList.add("xterm-helpers"), this.screenElement.appendChild(this._helperContainer), i.appendChild(this.screenElement);
    let r4 = this.textarea = this._document.createElement("textarea");
    this.textarea.classList.add("xterm-helper-textarea"), this.textarea.setAttribute("aria-label", mi.get()), Ts || this.textarea.setAttribute("aria-multiline", "false"), this.textarea.setAttribute("autocorrect", "off"), this.textarea.setAttribute("autocapitalize", "off"), this.textarea.setAttribute("spellcheck", "false"), this.textarea.tabIndex = 0, this._register(this.optionsService.onSpecificOptionChange("disableStdin", () => r4.readOnly = this.optionsService.rawOptions.disableStdin)), this.textarea.readOnly = this.optionsService.rawOptions.disableStdin, this._coreBrowserService = this._register(this._instantiationService.createInstance(Jr, this.textarea, e.ownerDocument.defaultView ?? window, this._document ?? typeof window < "u" ? window.document : null)), this._instantiationService.setService(ae, this._coreBrowserService), this._register(L(this.textarea, "focus", (o2) => this._handleTextAreaFocus(o2))), this._register(L(this.textarea, "blur", () => this._handleTextAreaBlur())), this._helperContainer.appendChild(this.textarea), this._charSizeService = this._instantiationService.createInstance(jt, this._document, this._helperContainer), this._instantiationService.setService(nt, this._charSizeService), this._themeService = this._instantiationService.createInstance(ti), this._instantiationService.setService(Re, this._themeService), this._characterJoinerService = this._instantiationService.createInstance(ct), this._instantiationService.setService(or, this._characterJoinerService), this._renderService = this._register(this._instantiationService.createInstance(Qt, this.rows, this.screenElement)), this._instantiationService.setService(ce, this._renderService), this._register(this._renderService.onRenderedViewportChange((o2) => this._onRender.fire(o2))), this.onResize((o2) => this._renderService.resize(o2.cols, o2.rows)), this._compositionView = this._document.createElement("div"), this._compositionView.classList.add("composition-view"), this._compositionHelper = this._instantiationService.createInstance($t, this.textarea, this._compositionView), this._helperContainer.appendChild(this._compositionView), this._mouseService = this._instantiationService.createInstance(Xt), this._instantiationService.setService(Dt, this._mouseService);
    let n = this._linkifier.value = this._register(this._instantiationService.createInstance(hi, this.screenElement));
    this.element.appendChild(i);
    try {
      this._onWillOpen.fire(this.element);
    } catch {
    }
    this._renderService.hasRenderer() || this._renderService.setRenderer(this._createRenderer()), this._register(this.onCursorMove(() => {
      this._renderService.handleCursorMove(), this._syncTextArea();
    })), this._register(this.onResize(() => this._renderService.handleResize(this.cols, this.rows))), this._register(this.onBlur(() => this._renderService.handleBlur())), this._register(this.onFocus(() => this._renderService.handleFocus())), this._viewport = this._register(this._instantiationService.createInstance(zt, this.element, this.screenElement)), this._register(this._viewport.onRequestScrollLines((o2) => {
      super.scrollLines(o2, false), this.refresh(0, this.rows - 1);
    })), this._selectionService = this._register(this._instantiationService.createInstance(ei, this.element, this.screenElement, n)), this._instantiationService.setService(Qs, this._selectionService), this._register(this._selectionService.onRequestScrollLines((o2) => this.scrollLines(o2.amount, o2.suppressScrollEvent))), this._register(this._selectionService.onSelectionChange(() => this._onSelectionChange.fire())), this._register(this._selectionService.onRequestRedraw((o2) => this._renderService.handleSelectionChanged(o2.start, o2.end, o2.columnSelectMode))), this._register(this._selectionService.onLinuxMouseSelection((o2) => {
      this.textarea.value = o2, this.textarea.focus(), this.textarea.select();
    })), this._register($2.any(this._onScroll.event, this._inputHandler.onScroll)(() => {
      this._selectionService.refresh(), this._viewport?.queueSync();
    })), this._register(this._instantiationService.createInstance(Gt, this.screenElement)), this._register(L(this.element, "mousedown", (o2) => this._selectionService.handleMouseDown(o2))), this.coreMouseService.areMouseEventsActive ? (this._selectionService.disable(), this.element.classList.add("enable-mouse-events")) : this._selectionService.enable(), this.options.screenReaderMode && (this._accessibilityManager.value = this._instantiationService.createInstance(Tt, this)), this._register(this.optionsService.onSpecificOptionChange("screenReaderMode", (o2) => this._handleScreenReaderModeOptionChange(o2))), this.options.overviewRuler.width && (this._overviewRulerRenderer = this._register(this._instantiationService.createInstance(bt, this._viewportElement, this.screenElement))), this.optionsService.onSpecificOptionChange("overviewRuler", (o2) => {
      !this._overviewRulerRenderer && o2 && this._viewportElement && this.screenElement && (this._overviewRulerRenderer = this._register(this._instantiationService.createInstance(bt, this._viewportElement, this.screenElement)));
    }), this._charSizeService.measure(), this.refresh(0, this.rows - 1), this._initGlobal(), this.bindMouse();
  }
  _createRenderer() {
    return this._instantiationService.createInstance(Yt, this, this._document, this.element, this.screenElement, this._viewportElement, this._helperContainer, this.linkifier);
  }
  bindMouse() {
    let e = this, i = this.element;
    function r4(l2) {
      let a = e._mouseService.getMouseReportCoords(l2, e.screenElement);
      if (!a) return false;
      let u, h3;
      switch (l2.overrideType || l2.type) {
        case "mousemove":
          h3 = 32, l2.buttons === void 0 ? (u = 3, l2.button !== void 0 && (u = l2.button < 3 ? l2.button : 3)) : u = l2.buttons & 1 ? 0 : l2.buttons & 4 ? 1 : l2.buttons & 2 ? 2 : 3;
          break;
        case "mouseup":
          h3 = 0, u = l2.button < 3 ? l2.button : 3;
          break;
        case "mousedown":
          h3 = 1, u = l2.button < 3 ? l2.button : 3;
          break;
        case "wheel":
          if (e._customWheelEventHandler && e._customWheelEventHandler(l2) === false) return false;
          let c = l2.deltaY;
          if (c === 0 || e.coreMouseService.consumeWheelEvent(l2, e._renderService?.dimensions?.device?.cell?.height, e._coreBrowserService?.dpr) === 0) return false;
          h3 = c < 0 ? 0 : 1, u = 4;
          break;
        default:
          return false;
      }
      return h3 === void 0 || u === void 0 || u > 4 ? false : e.coreMouseService.triggerMouseEvent({ col: a.col, row: a.row, x: a.x, y: a.y, button: u, action: h3, ctrl: l2.ctrlKey, alt: l2.altKey, shift: l2.shiftKey });
    }
    let n = { mouseup: null, wheel: null, mousedrag: null, mousemove: null }, o2 = { mouseup: (l2) => (r4(l2), l2.buttons || (this._document.removeEventListener("mouseup", n.mouseup), n.mousedrag && this._document.removeEventListener("mousemove", n.mousedrag)), this.cancel(l2)), wheel: (l2) => (r4(l2), this.cancel(l2, true)), mousedrag: (l2) => {
      l2.buttons && r4(l2);
    }, mousemove: (l2) => {
      l2.buttons || r4(l2);
    } };
    this._register(this.coreMouseService.onProtocolChange((l2) => {
      l2 ? (this.optionsService.rawOptions.logLevel === "debug" && this._logService.debug("Binding to mouse events:", this.coreMouseService.explainEvents(l2)), this.element.classList.add("enable-mouse-events"), this._selectionService.disable()) : (this._logService.debug("Unbinding from mouse events."), this.element.classList.remove("enable-mouse-events"), this._selectionService.enable()), l2 & 8 ? n.mousemove || (i.addEventListener("mousemove", o2.mousemove), n.mousemove = o2.mousemove) : (i.removeEventListener("mousemove", n.mousemove), n.mousemove = null), l2 & 16 ? n.wheel || (i.addEventListener("wheel", o2.wheel, { passive: false }), n.wheel = o2.wheel) : (i.removeEventListener("wheel", n.wheel), n.wheel = null), l2 & 2 ? n.mouseup || (n.mouseup = o2.mouseup) : (this._document.removeEventListener("mouseup", n.mouseup), n.mouseup = null), l2 & 4 ? n.mousedrag || (n.mousedrag = o2.mousedrag) : (this._document.removeEventListener("mousemove", n.mousedrag), n.mousedrag = null);
    })), this.coreMouseService.activeProtocol = this.coreMouseService.activeProtocol, this._register(L(i, "mousedown", (l2) => {
      if (l2.preventDefault(), this.focus(), !(!this.coreMouseService.areMouseEventsActive || this._selectionService.shouldForceSelection(l2))) return r4(l2), n.mouseup && this._document.addEventListener("mouseup", n.mouseup), n.mousedrag && this._document.addEventListener("mousemove", n.mousedrag), this.cancel(l2);
    })), this._register(L(i, "wheel", (l2) => {
      if (!n.wheel) {
        if (this._customWheelEventHandler && this._customWheelEventHandler(l2) === false) return false;
        if (!this.buffer.hasScrollback) {
          if (l2.deltaY === 0) return false;
          if (e.coreMouseService.consumeWheelEvent(l2, e._renderService?.dimensions?.device?.cell?.height, e._coreBrowserService?.dpr) === 0) return this.cancel(l2, true);
          let h3 = b.ESC + (this.coreService.decPrivateModes.applicationCursorKeys ? "O" : "[") + (l2.deltaY < 0 ? "A" : "B");
          return this.coreService.triggerDataEvent(h3, true), this.cancel(l2, true);
        }
      }
    }, { passive: false }));
  }
  refresh(e, i) {
    this._renderService?.refreshRows(e, i);
  }
  updateCursorStyle(e) {
    this._selectionService?.shouldColumnSelect(e) ? this.element.classList.add("column-select") : this.element.classList.remove("column-select");
  }
  _showCursor() {
    this.coreService.isCursorInitialized || (this.coreService.isCursorInitialized = true, this.refresh(this.buffer.y, this.buffer.y));
  }
  scrollLines(e, i) {
    this._viewport ? this._viewport.scrollLines(e) : super.scrollLines(e, i), this.refresh(0, this.rows - 1);
  }
  scrollPages(e) {
    this.scrollLines(e * (this.rows - 1));
  }
  scrollToTop() {
    this.scrollLines(-this._bufferService.buffer.ydisp);
  }
  scrollToBottom(e) {
    e && this._viewport ? this._viewport.scrollToLine(this.buffer.ybase, true) : this.scrollLines(this._bufferService.buffer.ybase - this._bufferService.buffer.ydisp);
  }
  scrollToLine(e) {
    let i = e - this._bufferService.buffer.ydisp;
    i !== 0 && this.scrollLines(i);
  }
  paste(e) {
    Cn(e, this.textarea, this.coreService, this.optionsService);
  }
  attachCustomKeyEventHandler(e) {
    this._customKeyEventHandler = e;
  }
  attachCustomWheelEventHandler(e) {
    this._customWheelEventHandler = e;
  }
  registerLinkProvider(e) {
    return this._linkProviderService.registerLinkProvider(e);
  }
  registerCharacterJoiner(e) {
    if (!this._characterJoinerService) throw new Error("Terminal must be opened first");
    let i = this._characterJoinerService.register(e);
    return this.refresh(0, this.rows - 1), i;
  }
  deregisterCharacterJoiner(e) {
    if (!this._characterJoinerService) throw new Error("Terminal must be opened first");
    this._characterJoinerService.deregister(e) && this.refresh(0, this.rows - 1);
  }
  get markers() {
    return this.buffer.markers;
  }
  registerMarker(e) {
    return this.buffer.addMarker(this.buffer.ybase + this.buffer.y + e);
  }
  registerDecoration(e) {
    return this._decorationService.registerDecoration(e);
  }
  hasSelection() {
    return this._selectionService ? this._selectionService.hasSelection : false;
  }
  select(e, i, r4) {
    this._selectionService.setSelection(e, i, r4);
  }
  getSelection() {
    return this._selectionService ? this._selectionService.selectionText : "";
  }
  getSelectionPosition() {
    if (!(!this._selectionService || !this._selectionService.hasSelection)) return { start: { x: this._selectionService.selectionStart[0], y: this._selectionService.selectionStart[1] }, end: { x: this._selectionService.selectionEnd[0], y: this._selectionService.selectionEnd[1] } };
  }
  clearSelection() {
    this._selectionService?.clearSelection();
  }
  selectAll() {
    this._selectionService?.selectAll();
  }
  selectLines(e, i) {
    this._selectionService?.selectLines(e, i);
  }
  _keyDown(e) {
    if (this._keyDownHandled = false, this._keyDownSeen = true, this._customKeyEventHandler && this._customKeyEventHandler(e) === false) return false;
    let i = this.browser.isMac && this.options.macOptionIsMeta && e.altKey;
    if (!i && !this._compositionHelper.keydown(e)) return this.options.scrollOnUserInput && this.buffer.ybase !== this.buffer.ydisp && this.scrollToBottom(true), false;
    !i && (e.key === "Dead" || e.key === "AltGraph") && (this._unprocessedDeadKey = true);
    let r4 = Il(e, this.coreService.decPrivateModes.applicationCursorKeys, this.browser.isMac, this.options.macOptionIsMeta);
    if (this.updateCursorStyle(e), r4.type === 3 || r4.type === 2) {
      let n = this.rows - 1;
      return this.scrollLines(r4.type === 2 ? -n : n), this.cancel(e, true);
    }
    if (r4.type === 1 && this.selectAll(), this._isThirdLevelShift(this.browser, e) || (r4.cancel && this.cancel(e, true), !r4.key) || e.key && !e.ctrlKey && !e.altKey && !e.metaKey && e.key.length === 1 && e.key.charCodeAt(0) >= 65 && e.key.charCodeAt(0) <= 90) return true;
    if (this._unprocessedDeadKey) return this._unprocessedDeadKey = false, true;
    if ((r4.key === b.ETX || r4.key === b.CR) && (this.textarea.value = ""), this._onKey.fire({ key: r4.key, domEvent: e }), this._showCursor(), this.coreService.triggerDataEvent(r4.key, true), !this.optionsService.rawOptions.screenReaderMode || e.altKey || e.ctrlKey) return this.cancel(e, true);
    this._keyDownHandled = true;
  }
  _isThirdLevelShift(e, i) {
    let r4 = e.isMac && !this.options.macOptionIsMeta && i.altKey && !i.ctrlKey && !i.metaKey || e.isWindows && i.altKey && i.ctrlKey && !i.metaKey || e.isWindows && i.getModifierState("AltGraph");
    return i.type === "keypress" ? r4 : r4 && (!i.keyCode || i.keyCode > 47);
  }
  _keyUp(e) {
    this._keyDownSeen = false, !(this._customKeyEventHandler && this._customKeyEventHandler(e) === false) && (Tc(e) || this.focus(), this.updateCursorStyle(e), this._keyPressHandled = false);
  }
  _keyPress(e) {
    let i;
    if (this._keyPressHandled = false, this._keyDownHandled || this._customKeyEventHandler && this._customKeyEventHandler(e) === false) return false;
    if (this.cancel(e), e.charCode) i = e.charCode;
    else if (e.which === null || e.which === void 0) i = e.keyCode;
    else if (e.which !== 0 && e.charCode !== 0) i = e.which;
    else return false;
    return !i || (e.altKey || e.ctrlKey || e.metaKey) && !this._isThirdLevelShift(this.browser, e) ? false : (i = String.fromCharCode(i), this._onKey.fire({ key: i, domEvent: e }), this._showCursor(), this.coreService.triggerDataEvent(i, true), this._keyPressHandled = true, this._unprocessedDeadKey = false, true);
  }
  _inputEvent(e) {
    if (e.data && e.inputType === "insertText" && (!e.composed || !this._keyDownSeen) && !this.optionsService.rawOptions.screenReaderMode) {
      if (this._keyPressHandled) return false;
      this._unprocessedDeadKey = false;
      let i = e.data;
      return this.coreService.triggerDataEvent(i, true), this.cancel(e), true;
    }
    return false;
  }
  resize(e, i) {
    if (e === this.cols && i === this.rows) {
      this._charSizeService && !this._charSizeService.hasValidSize && this._charSizeService.measure();
      return;
    }
    super.resize(e, i);
  }
  _afterResize(e, i) {
    this._charSizeService?.measure();
  }
  clear() {
    if (!(this.buffer.ybase === 0 && this.buffer.y === 0)) {
      this.buffer.clearAllMarkers(), this.buffer.lines.set(0, this.buffer.lines.get(this.buffer.ybase + this.buffer.y)), this.buffer.lines.length = 1, this.buffer.ydisp = 0, this.buffer.ybase = 0, this.buffer.y = 0;
      for (let e = 1; e < this.rows; e++) this.buffer.lines.push(this.buffer.getBlankLine(X));
      this._onScroll.fire({ position: this.buffer.ydisp }), this.refresh(0, this.rows - 1);
    }
  }
  reset() {
    this.options.rows = this.rows, this.options.cols = this.cols;
    let e = this._customKeyEventHandler;
    this._setup(), super.reset(), this._selectionService?.reset(), this._decorationService.reset(), this._customKeyEventHandler = e, this.refresh(0, this.rows - 1);
  }
  clearTextureAtlas() {
    this._renderService?.clearTextureAtlas();
  }
  _reportFocus() {
    this.element?.classList.contains("focus") ? this.coreService.triggerDataEvent(b.ESC + "[I") : this.coreService.triggerDataEvent(b.ESC + "[O");
  }
  _reportWindowsOptions(e) {
    if (this._renderService) switch (e) {
      case 0:
        let i = this._renderService.dimensions.css.canvas.width.toFixed(0), r4 = this._renderService.dimensions.css.canvas.height.toFixed(0);
        this.coreService.triggerDataEvent(`${b.ESC}[4;${r4};${i}t`);
        break;
      case 1:
        let n = this._renderService.dimensions.css.cell.width.toFixed(0), o2 = this._renderService.dimensions.css.cell.height.toFixed(0);
        this.coreService.triggerDataEvent(`${b.ESC}[6;${o2};${n}t`);
        break;
    }
  }
  cancel(e, i) {
    if (!(!this.options.cancelEvents && !i)) return e.preventDefault(), e.stopPropagation(), false;
  }
};
function Tc(s15) {
  return s15.keyCode === 16 || s15.keyCode === 17 || s15.keyCode === 18;
}
var xn = class {
  constructor() {
    this._addons = [];
  }
  dispose() {
    for (let t = this._addons.length - 1; t >= 0; t--) this._addons[t].instance.dispose();
  }
  loadAddon(t, e) {
    let i = { instance: e, dispose: e.dispose, isDisposed: false };
    this._addons.push(i), e.dispose = () => this._wrappedAddonDispose(i), e.activate(t);
  }
  _wrappedAddonDispose(t) {
    if (t.isDisposed) return;
    let e = -1;
    for (let i = 0; i < this._addons.length; i++) if (this._addons[i] === t) {
      e = i;
      break;
    }
    if (e === -1) throw new Error("Could not dispose an addon that has not been loaded");
    t.isDisposed = true, t.dispose.apply(t.instance), this._addons.splice(e, 1);
  }
};
var wn = class {
  constructor(t) {
    this._line = t;
  }
  get isWrapped() {
    return this._line.isWrapped;
  }
  get length() {
    return this._line.length;
  }
  getCell(t, e) {
    if (!(t < 0 || t >= this._line.length)) return e ? (this._line.loadCell(t, e), e) : this._line.loadCell(t, new q());
  }
  translateToString(t, e, i) {
    return this._line.translateToString(t, e, i);
  }
};
var Ji = class {
  constructor(t, e) {
    this._buffer = t;
    this.type = e;
  }
  init(t) {
    return this._buffer = t, this;
  }
  get cursorY() {
    return this._buffer.y;
  }
  get cursorX() {
    return this._buffer.x;
  }
  get viewportY() {
    return this._buffer.ydisp;
  }
  get baseY() {
    return this._buffer.ybase;
  }
  get length() {
    return this._buffer.lines.length;
  }
  getLine(t) {
    let e = this._buffer.lines.get(t);
    if (e) return new wn(e);
  }
  getNullCell() {
    return new q();
  }
};
var Dn = class extends D {
  constructor(e) {
    super();
    this._core = e;
    this._onBufferChange = this._register(new v());
    this.onBufferChange = this._onBufferChange.event;
    this._normal = new Ji(this._core.buffers.normal, "normal"), this._alternate = new Ji(this._core.buffers.alt, "alternate"), this._core.buffers.onBufferActivate(() => this._onBufferChange.fire(this.active));
  }
  get active() {
    if (this._core.buffers.active === this._core.buffers.normal) return this.normal;
    if (this._core.buffers.active === this._core.buffers.alt) return this.alternate;
    throw new Error("Active buffer is neither normal nor alternate");
  }
  get normal() {
    return this._normal.init(this._core.buffers.normal);
  }
  get alternate() {
    return this._alternate.init(this._core.buffers.alt);
  }
};
var Rn = class {
  constructor(t) {
    this._core = t;
  }
  registerCsiHandler(t, e) {
    return this._core.registerCsiHandler(t, (i) => e(i.toArray()));
  }
  addCsiHandler(t, e) {
    return this.registerCsiHandler(t, e);
  }
  registerDcsHandler(t, e) {
    return this._core.registerDcsHandler(t, (i, r4) => e(i, r4.toArray()));
  }
  addDcsHandler(t, e) {
    return this.registerDcsHandler(t, e);
  }
  registerEscHandler(t, e) {
    return this._core.registerEscHandler(t, e);
  }
  addEscHandler(t, e) {
    return this.registerEscHandler(t, e);
  }
  registerOscHandler(t, e) {
    return this._core.registerOscHandler(t, e);
  }
  addOscHandler(t, e) {
    return this.registerOscHandler(t, e);
  }
};
var Ln = class {
  constructor(t) {
    this._core = t;
  }
  register(t) {
    this._core.unicodeService.register(t);
  }
  get versions() {
    return this._core.unicodeService.versions;
  }
  get activeVersion() {
    return this._core.unicodeService.activeVersion;
  }
  set activeVersion(t) {
    this._core.unicodeService.activeVersion = t;
  }
};
var Ic = ["cols", "rows"];
var Ue = 0;
var Dl = class extends D {
  constructor(t) {
    super(), this._core = this._register(new yn(t)), this._addonManager = this._register(new xn()), this._publicOptions = { ...this._core.options };
    let e = (r4) => this._core.options[r4], i = (r4, n) => {
      this._checkReadonlyOptions(r4), this._core.options[r4] = n;
    };
    for (let r4 in this._core.options) {
      let n = { get: e.bind(this, r4), set: i.bind(this, r4) };
      Object.defineProperty(this._publicOptions, r4, n);
    }
  }
  _checkReadonlyOptions(t) {
    if (Ic.includes(t)) throw new Error(`Option "${t}" can only be set in the constructor`);
  }
  _checkProposedApi() {
    if (!this._core.optionsService.rawOptions.allowProposedApi) throw new Error("You must set the allowProposedApi option to true to use proposed API");
  }
  get onBell() {
    return this._core.onBell;
  }
  get onBinary() {
    return this._core.onBinary;
  }
  get onCursorMove() {
    return this._core.onCursorMove;
  }
  get onData() {
    return this._core.onData;
  }
  get onKey() {
    return this._core.onKey;
  }
  get onLineFeed() {
    return this._core.onLineFeed;
  }
  get onRender() {
    return this._core.onRender;
  }
  get onResize() {
    return this._core.onResize;
  }
  get onScroll() {
    return this._core.onScroll;
  }
  get onSelectionChange() {
    return this._core.onSelectionChange;
  }
  get onTitleChange() {
    return this._core.onTitleChange;
  }
  get onWriteParsed() {
    return this._core.onWriteParsed;
  }
  get element() {
    return this._core.element;
  }
  get parser() {
    return this._parser || (this._parser = new Rn(this._core)), this._parser;
  }
  get unicode() {
    return this._checkProposedApi(), new Ln(this._core);
  }
  get textarea() {
    return this._core.textarea;
  }
  get rows() {
    return this._core.rows;
  }
  get cols() {
    return this._core.cols;
  }
  get buffer() {
    return this._buffer || (this._buffer = this._register(new Dn(this._core))), this._buffer;
  }
  get markers() {
    return this._checkProposedApi(), this._core.markers;
  }
  get modes() {
    let t = this._core.coreService.decPrivateModes, e = "none";
    switch (this._core.coreMouseService.activeProtocol) {
      case "X10":
        e = "x10";
        break;
      case "VT200":
        e = "vt200";
        break;
      case "DRAG":
        e = "drag";
        break;
      case "ANY":
        e = "any";
        break;
    }
    return { applicationCursorKeysMode: t.applicationCursorKeys, applicationKeypadMode: t.applicationKeypad, bracketedPasteMode: t.bracketedPasteMode, insertMode: this._core.coreService.modes.insertMode, mouseTrackingMode: e, originMode: t.origin, reverseWraparoundMode: t.reverseWraparound, sendFocusMode: t.sendFocus, synchronizedOutputMode: t.synchronizedOutput, wraparoundMode: t.wraparound };
  }
  get options() {
    return this._publicOptions;
  }
  set options(t) {
    for (let e in t) this._publicOptions[e] = t[e];
  }
  blur() {
    this._core.blur();
  }
  focus() {
    this._core.focus();
  }
  input(t, e = true) {
    this._core.input(t, e);
  }
  resize(t, e) {
    this._verifyIntegers(t, e), this._core.resize(t, e);
  }
  open(t) {
    this._core.open(t);
  }
  attachCustomKeyEventHandler(t) {
    this._core.attachCustomKeyEventHandler(t);
  }
  attachCustomWheelEventHandler(t) {
    this._core.attachCustomWheelEventHandler(t);
  }
  registerLinkProvider(t) {
    return this._core.registerLinkProvider(t);
  }
  registerCharacterJoiner(t) {
    return this._checkProposedApi(), this._core.registerCharacterJoiner(t);
  }
  deregisterCharacterJoiner(t) {
    this._checkProposedApi(), this._core.deregisterCharacterJoiner(t);
  }
  registerMarker(t = 0) {
    return this._verifyIntegers(t), this._core.registerMarker(t);
  }
  registerDecoration(t) {
    return this._checkProposedApi(), this._verifyPositiveIntegers(t.x ?? 0, t.width ?? 0, t.height ?? 0), this._core.registerDecoration(t);
  }
  hasSelection() {
    return this._core.hasSelection();
  }
  select(t, e, i) {
    this._verifyIntegers(t, e, i), this._core.select(t, e, i);
  }
  getSelection() {
    return this._core.getSelection();
  }
  getSelectionPosition() {
    return this._core.getSelectionPosition();
  }
  clearSelection() {
    this._core.clearSelection();
  }
  selectAll() {
    this._core.selectAll();
  }
  selectLines(t, e) {
    this._verifyIntegers(t, e), this._core.selectLines(t, e);
  }
  dispose() {
    super.dispose();
  }
  scrollLines(t) {
    this._verifyIntegers(t), this._core.scrollLines(t);
  }
  scrollPages(t) {
    this._verifyIntegers(t), this._core.scrollPages(t);
  }
  scrollToTop() {
    this._core.scrollToTop();
  }
  scrollToBottom() {
    this._core.scrollToBottom();
  }
  scrollToLine(t) {
    this._verifyIntegers(t), this._core.scrollToLine(t);
  }
  clear() {
    this._core.clear();
  }
  write(t, e) {
    this._core.write(t, e);
  }
  writeln(t, e) {
    this._core.write(t), this._core.write(`\r
`, e);
  }
  paste(t) {
    this._core.paste(t);
  }
  refresh(t, e) {
    this._verifyIntegers(t, e), this._core.refresh(t, e);
  }
  reset() {
    this._core.reset();
  }
  clearTextureAtlas() {
    this._core.clearTextureAtlas();
  }
  loadAddon(t) {
    this._addonManager.loadAddon(this, t);
  }
  static get strings() {
    return { get promptLabel() {
      return mi.get();
    }, set promptLabel(t) {
      mi.set(t);
    }, get tooMuchOutput() {
      return _i.get();
    }, set tooMuchOutput(t) {
      _i.set(t);
    } };
  }
  _verifyIntegers(...t) {
    for (Ue of t) if (Ue === 1 / 0 || isNaN(Ue) || Ue % 1 !== 0) throw new Error("This API only accepts integers");
  }
  _verifyPositiveIntegers(...t) {
    for (Ue of t) if (Ue && (Ue === 1 / 0 || isNaN(Ue) || Ue % 1 !== 0 || Ue < 0)) throw new Error("This API only accepts positive integers");
  }
};

// node_modules/@xterm/addon-fit/lib/addon-fit.mjs
var h2 = 2;
var _ = 1;
var o = class {
  activate(e) {
    this._terminal = e;
  }
  dispose() {
  }
  fit() {
    let e = this.proposeDimensions();
    if (!e || !this._terminal || isNaN(e.cols) || isNaN(e.rows)) return;
    let t = this._terminal._core;
    (this._terminal.rows !== e.rows || this._terminal.cols !== e.cols) && (t._renderService.clear(), this._terminal.resize(e.cols, e.rows));
  }
  proposeDimensions() {
    if (!this._terminal || !this._terminal.element || !this._terminal.element.parentElement) return;
    let t = this._terminal._core._renderService.dimensions;
    if (t.css.cell.width === 0 || t.css.cell.height === 0) return;
    let s15 = this._terminal.options.scrollback === 0 ? 0 : this._terminal.options.overviewRuler?.width || 14, r4 = window.getComputedStyle(this._terminal.element.parentElement), l2 = parseInt(r4.getPropertyValue("height")), a = Math.max(0, parseInt(r4.getPropertyValue("width"))), i = window.getComputedStyle(this._terminal.element), n = { top: parseInt(i.getPropertyValue("padding-top")), bottom: parseInt(i.getPropertyValue("padding-bottom")), right: parseInt(i.getPropertyValue("padding-right")), left: parseInt(i.getPropertyValue("padding-left")) }, m = n.top + n.bottom, d = n.right + n.left, c = l2 - m, p = a - d - s15;
    return { cols: Math.max(h2, Math.floor(p / t.css.cell.width)), rows: Math.max(_, Math.floor(c / t.css.cell.height)) };
  }
};

// node_modules/@xterm/addon-search/lib/addon-search.mjs
var Re2 = class {
  constructor() {
    this.listeners = [], this.unexpectedErrorHandler = function(e) {
      setTimeout(() => {
        throw e.stack ? ae2.isErrorNoTelemetry(e) ? new ae2(e.message + `

` + e.stack) : new Error(e.message + `

` + e.stack) : e;
      }, 0);
    };
  }
  addListener(e) {
    return this.listeners.push(e), () => {
      this._removeListener(e);
    };
  }
  emit(e) {
    this.listeners.forEach((t) => {
      t(e);
    });
  }
  _removeListener(e) {
    this.listeners.splice(this.listeners.indexOf(e), 1);
  }
  setUnexpectedErrorHandler(e) {
    this.unexpectedErrorHandler = e;
  }
  getUnexpectedErrorHandler() {
    return this.unexpectedErrorHandler;
  }
  onUnexpectedError(e) {
    this.unexpectedErrorHandler(e), this.emit(e);
  }
  onUnexpectedExternalError(e) {
    this.unexpectedErrorHandler(e);
  }
};
var pt3 = new Re2();
function le(r4) {
  ft2(r4) || pt3.onUnexpectedError(r4);
}
var Ce2 = "Canceled";
function ft2(r4) {
  return r4 instanceof ee2 ? true : r4 instanceof Error && r4.name === Ce2 && r4.message === Ce2;
}
var ee2 = class extends Error {
  constructor() {
    super(Ce2), this.name = this.message;
  }
};
var ae2 = class r extends Error {
  constructor(e) {
    super(e), this.name = "CodeExpectedError";
  }
  static fromError(e) {
    if (e instanceof r) return e;
    let t = new r();
    return t.message = e.message, t.stack = e.stack, t;
  }
  static isErrorNoTelemetry(e) {
    return e.name === "CodeExpectedError";
  }
};
function mt2(r4, e, t = 0, n = r4.length) {
  let i = t, s15 = n;
  for (; i < s15; ) {
    let a = Math.floor((i + s15) / 2);
    e(r4[a]) ? i = a + 1 : s15 = a;
  }
  return i - 1;
}
var ue2 = class ue3 {
  constructor(e) {
    this._array = e;
    this._findLastMonotonousLastIdx = 0;
  }
  findLastMonotonous(e) {
    if (ue3.assertInvariants) {
      if (this._prevFindLastPredicate) {
        for (let n of this._array) if (this._prevFindLastPredicate(n) && !e(n)) throw new Error("MonotonousArray: current predicate must be weaker than (or equal to) the previous predicate.");
      }
      this._prevFindLastPredicate = e;
    }
    let t = mt2(this._array, e, this._findLastMonotonousLastIdx);
    return this._findLastMonotonousLastIdx = t + 1, t === -1 ? void 0 : this._array[t];
  }
};
ue2.assertInvariants = false;
var Qe;
((h3) => {
  function r4(u) {
    return u < 0;
  }
  h3.isLessThan = r4;
  function e(u) {
    return u <= 0;
  }
  h3.isLessThanOrEqual = e;
  function t(u) {
    return u > 0;
  }
  h3.isGreaterThan = t;
  function n(u) {
    return u === 0;
  }
  h3.isNeitherLessOrGreaterThan = n, h3.greaterThan = 1, h3.lessThan = -1, h3.neitherLessOrGreaterThan = 0;
})(Qe ||= {});
function $e2(r4, e) {
  return (t, n) => e(r4(t), r4(n));
}
var Be2 = (r4, e) => r4 - e;
var V = class V2 {
  constructor(e) {
    this.iterate = e;
  }
  forEach(e) {
    this.iterate((t) => (e(t), true));
  }
  toArray() {
    let e = [];
    return this.iterate((t) => (e.push(t), true)), e;
  }
  filter(e) {
    return new V2((t) => this.iterate((n) => e(n) ? t(n) : true));
  }
  map(e) {
    return new V2((t) => this.iterate((n) => t(e(n))));
  }
  some(e) {
    let t = false;
    return this.iterate((n) => (t = e(n), !t)), t;
  }
  findFirst(e) {
    let t;
    return this.iterate((n) => e(n) ? (t = n, false) : true), t;
  }
  findLast(e) {
    let t;
    return this.iterate((n) => (e(n) && (t = n), true)), t;
  }
  findLastMaxBy(e) {
    let t, n = true;
    return this.iterate((i) => ((n || Qe.isGreaterThan(e(i, t))) && (n = false, t = i), true)), t;
  }
};
V.empty = new V((e) => {
});
function Xe2(r4, e) {
  let t = /* @__PURE__ */ Object.create(null);
  for (let n of r4) {
    let i = e(n), s15 = t[i];
    s15 || (s15 = t[i] = []), s15.push(n);
  }
  return t;
}
var Ye2;
var Je2;
var Ge = class {
  constructor(e, t) {
    this.toKey = t;
    this._map = /* @__PURE__ */ new Map();
    this[Ye2] = "SetWithKey";
    for (let n of e) this.add(n);
  }
  get size() {
    return this._map.size;
  }
  add(e) {
    let t = this.toKey(e);
    return this._map.set(t, e), this;
  }
  delete(e) {
    return this._map.delete(this.toKey(e));
  }
  has(e) {
    return this._map.has(this.toKey(e));
  }
  *entries() {
    for (let e of this._map.values()) yield [e, e];
  }
  keys() {
    return this.values();
  }
  *values() {
    for (let e of this._map.values()) yield e;
  }
  clear() {
    this._map.clear();
  }
  forEach(e, t) {
    this._map.forEach((n) => e.call(t, n, n, this));
  }
  [(Je2 = Symbol.iterator, Ye2 = Symbol.toStringTag, Je2)]() {
    return this.values();
  }
};
var ce2 = class {
  constructor() {
    this.map = /* @__PURE__ */ new Map();
  }
  add(e, t) {
    let n = this.map.get(e);
    n || (n = /* @__PURE__ */ new Set(), this.map.set(e, n)), n.add(t);
  }
  delete(e, t) {
    let n = this.map.get(e);
    n && (n.delete(t), n.size === 0 && this.map.delete(e));
  }
  forEach(e, t) {
    let n = this.map.get(e);
    n && n.forEach(t);
  }
  get(e) {
    let t = this.map.get(e);
    return t || /* @__PURE__ */ new Set();
  }
};
function Pe(r4, e) {
  let t = this, n = false, i;
  return function() {
    if (n) return i;
    if (n = true, e) try {
      i = r4.apply(t, arguments);
    } finally {
      e();
    }
    else i = r4.apply(t, arguments);
    return i;
  };
}
var Le2;
((z2) => {
  function r4(m) {
    return m && typeof m == "object" && typeof m[Symbol.iterator] == "function";
  }
  z2.is = r4;
  let e = Object.freeze([]);
  function t() {
    return e;
  }
  z2.empty = t;
  function* n(m) {
    yield m;
  }
  z2.single = n;
  function i(m) {
    return r4(m) ? m : n(m);
  }
  z2.wrap = i;
  function s15(m) {
    return m || e;
  }
  z2.from = s15;
  function* a(m) {
    for (let _4 = m.length - 1; _4 >= 0; _4--) yield m[_4];
  }
  z2.reverse = a;
  function h3(m) {
    return !m || m[Symbol.iterator]().next().done === true;
  }
  z2.isEmpty = h3;
  function u(m) {
    return m[Symbol.iterator]().next().value;
  }
  z2.first = u;
  function p(m, _4) {
    let y = 0;
    for (let L3 of m) if (_4(L3, y++)) return true;
    return false;
  }
  z2.some = p;
  function T(m, _4) {
    for (let y of m) if (_4(y)) return y;
  }
  z2.find = T;
  function* v3(m, _4) {
    for (let y of m) _4(y) && (yield y);
  }
  z2.filter = v3;
  function* I(m, _4) {
    let y = 0;
    for (let L3 of m) yield _4(L3, y++);
  }
  z2.map = I;
  function* E(m, _4) {
    let y = 0;
    for (let L3 of m) yield* _4(L3, y++);
  }
  z2.flatMap = E;
  function* S2(...m) {
    for (let _4 of m) yield* _4;
  }
  z2.concat = S2;
  function D2(m, _4, y) {
    let L3 = y;
    for (let X2 of m) L3 = _4(L3, X2);
    return L3;
  }
  z2.reduce = D2;
  function* x(m, _4, y = m.length) {
    for (_4 < 0 && (_4 += m.length), y < 0 ? y += m.length : y > m.length && (y = m.length); _4 < y; _4++) yield m[_4];
  }
  z2.slice = x;
  function J2(m, _4 = Number.POSITIVE_INFINITY) {
    let y = [];
    if (_4 === 0) return [y, m];
    let L3 = m[Symbol.iterator]();
    for (let X2 = 0; X2 < _4; X2++) {
      let Se2 = L3.next();
      if (Se2.done) return [y, z2.empty()];
      y.push(Se2.value);
    }
    return [y, { [Symbol.iterator]() {
      return L3;
    } }];
  }
  z2.consume = J2;
  async function q2(m) {
    let _4 = [];
    for await (let y of m) _4.push(y);
    return Promise.resolve(_4);
  }
  z2.asyncToArray = q2;
})(Le2 ||= {});
var Tt2 = false;
var K2 = null;
var de2 = class de3 {
  constructor() {
    this.livingDisposables = /* @__PURE__ */ new Map();
  }
  getDisposableData(e) {
    let t = this.livingDisposables.get(e);
    return t || (t = { parent: null, source: null, isSingleton: false, value: e, idx: de3.idx++ }, this.livingDisposables.set(e, t)), t;
  }
  trackDisposable(e) {
    let t = this.getDisposableData(e);
    t.source || (t.source = new Error().stack);
  }
  setParent(e, t) {
    let n = this.getDisposableData(e);
    n.parent = t;
  }
  markAsDisposed(e) {
    this.livingDisposables.delete(e);
  }
  markAsSingleton(e) {
    this.getDisposableData(e).isSingleton = true;
  }
  getRootParent(e, t) {
    let n = t.get(e);
    if (n) return n;
    let i = e.parent ? this.getRootParent(this.getDisposableData(e.parent), t) : e;
    return t.set(e, i), i;
  }
  getTrackedDisposables() {
    let e = /* @__PURE__ */ new Map();
    return [...this.livingDisposables.entries()].filter(([, n]) => n.source !== null && !this.getRootParent(n, e).isSingleton).flatMap(([n]) => n);
  }
  computeLeakingDisposables(e = 10, t) {
    let n;
    if (t) n = t;
    else {
      let u = /* @__PURE__ */ new Map(), p = [...this.livingDisposables.values()].filter((v3) => v3.source !== null && !this.getRootParent(v3, u).isSingleton);
      if (p.length === 0) return;
      let T = new Set(p.map((v3) => v3.value));
      if (n = p.filter((v3) => !(v3.parent && T.has(v3.parent))), n.length === 0) throw new Error("There are cyclic diposable chains!");
    }
    if (!n) return;
    function i(u) {
      function p(v3, I) {
        for (; v3.length > 0 && I.some((E) => typeof E == "string" ? E === v3[0] : v3[0].match(E)); ) v3.shift();
      }
      let T = u.source.split(`
`).map((v3) => v3.trim().replace("at ", "")).filter((v3) => v3 !== "");
      return p(T, ["Error", /^trackDisposable \(.*\)$/, /^DisposableTracker.trackDisposable \(.*\)$/]), T.reverse();
    }
    let s15 = new ce2();
    for (let u of n) {
      let p = i(u);
      for (let T = 0; T <= p.length; T++) s15.add(p.slice(0, T).join(`
`), u);
    }
    n.sort($e2((u) => u.idx, Be2));
    let a = "", h3 = 0;
    for (let u of n.slice(0, e)) {
      h3++;
      let p = i(u), T = [];
      for (let v3 = 0; v3 < p.length; v3++) {
        let I = p[v3];
        I = `(shared with ${s15.get(p.slice(0, v3 + 1).join(`
`)).size}/${n.length} leaks) at ${I}`;
        let S2 = s15.get(p.slice(0, v3).join(`
`)), D2 = Xe2([...S2].map((x) => i(x)[v3]), (x) => x);
        delete D2[p[v3]];
        for (let [x, J2] of Object.entries(D2)) T.unshift(`    - stacktraces of ${J2.length} other leaks continue with ${x}`);
        T.unshift(I);
      }
      a += `


==================== Leaking disposable ${h3}/${n.length}: ${u.value.constructor.name} ====================
${T.join(`
`)}
============================================================

`;
    }
    return n.length > e && (a += `


... and ${n.length - e} more leaking disposables

`), { leaks: n, details: a };
  }
};
de2.idx = 0;
function vt2(r4) {
  K2 = r4;
}
if (Tt2) {
  let r4 = "__is_disposable_tracked__";
  vt2(new class {
    trackDisposable(e) {
      let t = new Error("Potentially leaked disposable").stack;
      setTimeout(() => {
        e[r4] || console.log(t);
      }, 3e3);
    }
    setParent(e, t) {
      if (e && e !== k.None) try {
        e[r4] = true;
      } catch {
      }
    }
    markAsDisposed(e) {
      if (e && e !== k.None) try {
        e[r4] = true;
      } catch {
      }
    }
    markAsSingleton(e) {
    }
  }());
}
function pe2(r4) {
  return K2?.trackDisposable(r4), r4;
}
function fe2(r4) {
  K2?.markAsDisposed(r4);
}
function te(r4, e) {
  K2?.setParent(r4, e);
}
function bt2(r4, e) {
  if (K2) for (let t of r4) K2.setParent(t, e);
}
function Q3(r4) {
  if (Le2.is(r4)) {
    let e = [];
    for (let t of r4) if (t) try {
      t.dispose();
    } catch (n) {
      e.push(n);
    }
    if (e.length === 1) throw e[0];
    if (e.length > 1) throw new AggregateError(e, "Encountered errors while disposing of store");
    return Array.isArray(r4) ? [] : r4;
  } else if (r4) return r4.dispose(), r4;
}
function me(...r4) {
  let e = A(() => Q3(r4));
  return bt2(r4, e), e;
}
function A(r4) {
  let e = pe2({ dispose: Pe(() => {
    fe2(e), r4();
  }) });
  return e;
}
var he2 = class he3 {
  constructor() {
    this._toDispose = /* @__PURE__ */ new Set();
    this._isDisposed = false;
    pe2(this);
  }
  dispose() {
    this._isDisposed || (fe2(this), this._isDisposed = true, this.clear());
  }
  get isDisposed() {
    return this._isDisposed;
  }
  clear() {
    if (this._toDispose.size !== 0) try {
      Q3(this._toDispose);
    } finally {
      this._toDispose.clear();
    }
  }
  add(e) {
    if (!e) return e;
    if (e === this) throw new Error("Cannot register a disposable on itself!");
    return te(e, this), this._isDisposed ? he3.DISABLE_DISPOSED_WARNING || console.warn(new Error("Trying to add a disposable to a DisposableStore that has already been disposed of. The added object will be leaked!").stack) : this._toDispose.add(e), e;
  }
  delete(e) {
    if (e) {
      if (e === this) throw new Error("Cannot dispose a disposable on itself!");
      this._toDispose.delete(e), e.dispose();
    }
  }
  deleteAndLeak(e) {
    e && this._toDispose.has(e) && (this._toDispose.delete(e), te(e, null));
  }
};
he2.DISABLE_DISPOSED_WARNING = false;
var H2 = he2;
var k = class {
  constructor() {
    this._store = new H2();
    pe2(this), te(this._store, this);
  }
  dispose() {
    fe2(this), this._store.dispose();
  }
  _register(e) {
    if (e === this) throw new Error("Cannot register a disposable on itself!");
    return this._store.add(e);
  }
};
k.None = Object.freeze({ dispose() {
} });
var F2 = class {
  constructor() {
    this._isDisposed = false;
    pe2(this);
  }
  get value() {
    return this._isDisposed ? void 0 : this._value;
  }
  set value(e) {
    this._isDisposed || e === this._value || (this._value?.dispose(), e && te(e, this), this._value = e);
  }
  clear() {
    this.value = void 0;
  }
  dispose() {
    this._isDisposed = true, fe2(this), this._value?.dispose(), this._value = void 0;
  }
  clearAndLeak() {
    let e = this._value;
    return this._value = void 0, e && te(e, null), e;
  }
};
var $3 = class $4 {
  constructor(e) {
    this.element = e, this.next = $4.Undefined, this.prev = $4.Undefined;
  }
};
$3.Undefined = new $3(void 0);
var _t2 = globalThis.performance && typeof globalThis.performance.now == "function";
var Te2 = class r2 {
  static create(e) {
    return new r2(e);
  }
  constructor(e) {
    this._now = _t2 && e === false ? Date.now : globalThis.performance.now.bind(globalThis.performance), this._startTime = this._now(), this._stopTime = -1;
  }
  stop() {
    this._stopTime = this._now();
  }
  reset() {
    this._startTime = this._now(), this._stopTime = -1;
  }
  elapsed() {
    return this._stopTime !== -1 ? this._stopTime - this._startTime : this._now() - this._startTime;
  }
};
var gt2 = false;
var tt = false;
var yt = false;
var ie2;
((re2) => {
  re2.None = () => k.None;
  function e(d) {
    if (yt) {
      let { onDidAddListener: o2 } = d, c = ne2.create(), l2 = 0;
      d.onDidAddListener = () => {
        ++l2 === 2 && (console.warn("snapshotted emitter LIKELY used public and SHOULD HAVE BEEN created with DisposableStore. snapshotted here"), c.print()), o2?.();
      };
    }
  }
  function t(d, o2) {
    return I(d, () => {
    }, 0, void 0, true, void 0, o2);
  }
  re2.defer = t;
  function n(d) {
    return (o2, c = null, l2) => {
      let f = false, b2;
      return b2 = d((g2) => {
        if (!f) return b2 ? b2.dispose() : f = true, o2.call(c, g2);
      }, null, l2), f && b2.dispose(), b2;
    };
  }
  re2.once = n;
  function i(d, o2, c) {
    return T((l2, f = null, b2) => d((g2) => l2.call(f, o2(g2)), null, b2), c);
  }
  re2.map = i;
  function s15(d, o2, c) {
    return T((l2, f = null, b2) => d((g2) => {
      o2(g2), l2.call(f, g2);
    }, null, b2), c);
  }
  re2.forEach = s15;
  function a(d, o2, c) {
    return T((l2, f = null, b2) => d((g2) => o2(g2) && l2.call(f, g2), null, b2), c);
  }
  re2.filter = a;
  function h3(d) {
    return d;
  }
  re2.signal = h3;
  function u(...d) {
    return (o2, c = null, l2) => {
      let f = me(...d.map((b2) => b2((g2) => o2.call(c, g2))));
      return v3(f, l2);
    };
  }
  re2.any = u;
  function p(d, o2, c, l2) {
    let f = c;
    return i(d, (b2) => (f = o2(f, b2), f), l2);
  }
  re2.reduce = p;
  function T(d, o2) {
    let c, l2 = { onWillAddFirstListener() {
      c = d(f.fire, f);
    }, onDidRemoveLastListener() {
      c?.dispose();
    } };
    o2 || e(l2);
    let f = new C2(l2);
    return o2?.add(f), f.event;
  }
  function v3(d, o2) {
    return o2 instanceof Array ? o2.push(d) : o2 && o2.add(d), d;
  }
  function I(d, o2, c = 100, l2 = false, f = false, b2, g2) {
    let w2, R, U2, se2 = 0, Z, Ve2 = { leakWarningThreshold: b2, onWillAddFirstListener() {
      w2 = d((dt2) => {
        se2++, R = o2(R, dt2), l2 && !U2 && (oe.fire(R), R = void 0), Z = () => {
          let ht = R;
          R = void 0, U2 = void 0, (!l2 || se2 > 1) && oe.fire(ht), se2 = 0;
        }, typeof c == "number" ? (clearTimeout(U2), U2 = setTimeout(Z, c)) : U2 === void 0 && (U2 = 0, queueMicrotask(Z));
      });
    }, onWillRemoveListener() {
      f && se2 > 0 && Z?.();
    }, onDidRemoveLastListener() {
      Z = void 0, w2.dispose();
    } };
    g2 || e(Ve2);
    let oe = new C2(Ve2);
    return g2?.add(oe), oe.event;
  }
  re2.debounce = I;
  function E(d, o2 = 0, c) {
    return re2.debounce(d, (l2, f) => l2 ? (l2.push(f), l2) : [f], o2, void 0, true, void 0, c);
  }
  re2.accumulate = E;
  function S2(d, o2 = (l2, f) => l2 === f, c) {
    let l2 = true, f;
    return a(d, (b2) => {
      let g2 = l2 || !o2(b2, f);
      return l2 = false, f = b2, g2;
    }, c);
  }
  re2.latch = S2;
  function D2(d, o2, c) {
    return [re2.filter(d, o2, c), re2.filter(d, (l2) => !o2(l2), c)];
  }
  re2.split = D2;
  function x(d, o2 = false, c = [], l2) {
    let f = c.slice(), b2 = d((R) => {
      f ? f.push(R) : w2.fire(R);
    });
    l2 && l2.add(b2);
    let g2 = () => {
      f?.forEach((R) => w2.fire(R)), f = null;
    }, w2 = new C2({ onWillAddFirstListener() {
      b2 || (b2 = d((R) => w2.fire(R)), l2 && l2.add(b2));
    }, onDidAddFirstListener() {
      f && (o2 ? setTimeout(g2) : g2());
    }, onDidRemoveLastListener() {
      b2 && b2.dispose(), b2 = null;
    } });
    return l2 && l2.add(w2), w2.event;
  }
  re2.buffer = x;
  function J2(d, o2) {
    return (l2, f, b2) => {
      let g2 = o2(new z2());
      return d(function(w2) {
        let R = g2.evaluate(w2);
        R !== q2 && l2.call(f, R);
      }, void 0, b2);
    };
  }
  re2.chain = J2;
  let q2 = /* @__PURE__ */ Symbol("HaltChainable");
  class z2 {
    constructor() {
      this.steps = [];
    }
    map(o2) {
      return this.steps.push(o2), this;
    }
    forEach(o2) {
      return this.steps.push((c) => (o2(c), c)), this;
    }
    filter(o2) {
      return this.steps.push((c) => o2(c) ? c : q2), this;
    }
    reduce(o2, c) {
      let l2 = c;
      return this.steps.push((f) => (l2 = o2(l2, f), l2)), this;
    }
    latch(o2 = (c, l2) => c === l2) {
      let c = true, l2;
      return this.steps.push((f) => {
        let b2 = c || !o2(f, l2);
        return c = false, l2 = f, b2 ? f : q2;
      }), this;
    }
    evaluate(o2) {
      for (let c of this.steps) if (o2 = c(o2), o2 === q2) break;
      return o2;
    }
  }
  function m(d, o2, c = (l2) => l2) {
    let l2 = (...w2) => g2.fire(c(...w2)), f = () => d.on(o2, l2), b2 = () => d.removeListener(o2, l2), g2 = new C2({ onWillAddFirstListener: f, onDidRemoveLastListener: b2 });
    return g2.event;
  }
  re2.fromNodeEventEmitter = m;
  function _4(d, o2, c = (l2) => l2) {
    let l2 = (...w2) => g2.fire(c(...w2)), f = () => d.addEventListener(o2, l2), b2 = () => d.removeEventListener(o2, l2), g2 = new C2({ onWillAddFirstListener: f, onDidRemoveLastListener: b2 });
    return g2.event;
  }
  re2.fromDOMEventEmitter = _4;
  function y(d) {
    return new Promise((o2) => n(d)(o2));
  }
  re2.toPromise = y;
  function L3(d) {
    let o2 = new C2();
    return d.then((c) => {
      o2.fire(c);
    }, () => {
      o2.fire(void 0);
    }).finally(() => {
      o2.dispose();
    }), o2.event;
  }
  re2.fromPromise = L3;
  function X2(d, o2) {
    return d((c) => o2.fire(c));
  }
  re2.forward = X2;
  function Se2(d, o2, c) {
    return o2(c), d((l2) => o2(l2));
  }
  re2.runAndSubscribe = Se2;
  class ct2 {
    constructor(o2, c) {
      this._observable = o2;
      this._counter = 0;
      this._hasChanged = false;
      let l2 = { onWillAddFirstListener: () => {
        o2.addObserver(this);
      }, onDidRemoveLastListener: () => {
        o2.removeObserver(this);
      } };
      c || e(l2), this.emitter = new C2(l2), c && c.add(this.emitter);
    }
    beginUpdate(o2) {
      this._counter++;
    }
    handlePossibleChange(o2) {
    }
    handleChange(o2, c) {
      this._hasChanged = true;
    }
    endUpdate(o2) {
      this._counter--, this._counter === 0 && (this._observable.reportChanges(), this._hasChanged && (this._hasChanged = false, this.emitter.fire(this._observable.get())));
    }
  }
  function zt2(d, o2) {
    return new ct2(d, o2).emitter.event;
  }
  re2.fromObservable = zt2;
  function Ut2(d) {
    return (o2, c, l2) => {
      let f = 0, b2 = false, g2 = { beginUpdate() {
        f++;
      }, endUpdate() {
        f--, f === 0 && (d.reportChanges(), b2 && (b2 = false, o2.call(c)));
      }, handlePossibleChange() {
      }, handleChange() {
        b2 = true;
      } };
      d.addObserver(g2), d.reportChanges();
      let w2 = { dispose() {
        d.removeObserver(g2);
      } };
      return l2 instanceof H2 ? l2.add(w2) : Array.isArray(l2) && l2.push(w2), w2;
    };
  }
  re2.fromObservableLight = Ut2;
})(ie2 ||= {});
var B2 = class B3 {
  constructor(e) {
    this.listenerCount = 0;
    this.invocationCount = 0;
    this.elapsedOverall = 0;
    this.durations = [];
    this.name = `${e}_${B3._idPool++}`, B3.all.add(this);
  }
  start(e) {
    this._stopWatch = new Te2(), this.listenerCount = e;
  }
  stop() {
    if (this._stopWatch) {
      let e = this._stopWatch.elapsed();
      this.durations.push(e), this.elapsedOverall += e, this.invocationCount += 1, this._stopWatch = void 0;
    }
  }
};
B2.all = /* @__PURE__ */ new Set(), B2._idPool = 0;
var Oe = B2;
var nt2 = -1;
var be2 = class be3 {
  constructor(e, t, n = (be3._idPool++).toString(16).padStart(3, "0")) {
    this._errorHandler = e;
    this.threshold = t;
    this.name = n;
    this._warnCountdown = 0;
  }
  dispose() {
    this._stacks?.clear();
  }
  check(e, t) {
    let n = this.threshold;
    if (n <= 0 || t < n) return;
    this._stacks || (this._stacks = /* @__PURE__ */ new Map());
    let i = this._stacks.get(e.value) || 0;
    if (this._stacks.set(e.value, i + 1), this._warnCountdown -= 1, this._warnCountdown <= 0) {
      this._warnCountdown = n * 0.5;
      let [s15, a] = this.getMostFrequentStack(), h3 = `[${this.name}] potential listener LEAK detected, having ${t} listeners already. MOST frequent listener (${a}):`;
      console.warn(h3), console.warn(s15);
      let u = new Me(h3, s15);
      this._errorHandler(u);
    }
    return () => {
      let s15 = this._stacks.get(e.value) || 0;
      this._stacks.set(e.value, s15 - 1);
    };
  }
  getMostFrequentStack() {
    if (!this._stacks) return;
    let e, t = 0;
    for (let [n, i] of this._stacks) (!e || t < i) && (e = [n, i], t = i);
    return e;
  }
};
be2._idPool = 1;
var Ae2 = be2;
var ne2 = class r3 {
  constructor(e) {
    this.value = e;
  }
  static create() {
    let e = new Error();
    return new r3(e.stack ?? "");
  }
  print() {
    console.warn(this.value.split(`
`).slice(2).join(`
`));
  }
};
var Me = class extends Error {
  constructor(e, t) {
    super(e), this.name = "ListenerLeakError", this.stack = t;
  }
};
var Fe2 = class extends Error {
  constructor(e, t) {
    super(e), this.name = "ListenerRefusalError", this.stack = t;
  }
};
var xt2 = 0;
var G2 = class {
  constructor(e) {
    this.value = e;
    this.id = xt2++;
  }
};
var It2 = 2;
var Dt2 = (r4, e) => {
  if (r4 instanceof G2) e(r4);
  else for (let t = 0; t < r4.length; t++) {
    let n = r4[t];
    n && e(n);
  }
};
var ve2;
if (gt2) {
  let r4 = [];
  setInterval(() => {
    r4.length !== 0 && (console.warn("[LEAKING LISTENERS] GC'ed these listeners that were NOT yet disposed:"), console.warn(r4.join(`
`)), r4.length = 0);
  }, 3e3), ve2 = new FinalizationRegistry((e) => {
    typeof e == "string" && r4.push(e);
  });
}
var C2 = class {
  constructor(e) {
    this._size = 0;
    this._options = e, this._leakageMon = nt2 > 0 || this._options?.leakWarningThreshold ? new Ae2(e?.onListenerError ?? le, this._options?.leakWarningThreshold ?? nt2) : void 0, this._perfMon = this._options?._profName ? new Oe(this._options._profName) : void 0, this._deliveryQueue = this._options?.deliveryQueue;
  }
  dispose() {
    if (!this._disposed) {
      if (this._disposed = true, this._deliveryQueue?.current === this && this._deliveryQueue.reset(), this._listeners) {
        if (tt) {
          let e = this._listeners;
          queueMicrotask(() => {
            Dt2(e, (t) => t.stack?.print());
          });
        }
        this._listeners = void 0, this._size = 0;
      }
      this._options?.onDidRemoveLastListener?.(), this._leakageMon?.dispose();
    }
  }
  get event() {
    return this._event ??= (e, t, n) => {
      if (this._leakageMon && this._size > this._leakageMon.threshold ** 2) {
        let u = `[${this._leakageMon.name}] REFUSES to accept new listeners because it exceeded its threshold by far (${this._size} vs ${this._leakageMon.threshold})`;
        console.warn(u);
        let p = this._leakageMon.getMostFrequentStack() ?? ["UNKNOWN stack", -1], T = new Fe2(`${u}. HINT: Stack shows most frequent listener (${p[1]}-times)`, p[0]);
        return (this._options?.onListenerError || le)(T), k.None;
      }
      if (this._disposed) return k.None;
      t && (e = e.bind(t));
      let i = new G2(e), s15, a;
      this._leakageMon && this._size >= Math.ceil(this._leakageMon.threshold * 0.2) && (i.stack = ne2.create(), s15 = this._leakageMon.check(i.stack, this._size + 1)), tt && (i.stack = a ?? ne2.create()), this._listeners ? this._listeners instanceof G2 ? (this._deliveryQueue ??= new Ne2(), this._listeners = [this._listeners, i]) : this._listeners.push(i) : (this._options?.onWillAddFirstListener?.(this), this._listeners = i, this._options?.onDidAddFirstListener?.(this)), this._size++;
      let h3 = A(() => {
        ve2?.unregister(h3), s15?.(), this._removeListener(i);
      });
      if (n instanceof H2 ? n.add(h3) : Array.isArray(n) && n.push(h3), ve2) {
        let u = new Error().stack.split(`
`).slice(2, 3).join(`
`).trim(), p = /(file:|vscode-file:\/\/vscode-app)?(\/[^:]*:\d+:\d+)/.exec(u);
        ve2.register(h3, p?.[2] ?? u, h3);
      }
      return h3;
    }, this._event;
  }
  _removeListener(e) {
    if (this._options?.onWillRemoveListener?.(this), !this._listeners) return;
    if (this._size === 1) {
      this._listeners = void 0, this._options?.onDidRemoveLastListener?.(this), this._size = 0;
      return;
    }
    let t = this._listeners, n = t.indexOf(e);
    if (n === -1) throw console.log("disposed?", this._disposed), console.log("size?", this._size), console.log("arr?", JSON.stringify(this._listeners)), new Error("Attempted to dispose unknown listener");
    this._size--, t[n] = void 0;
    let i = this._deliveryQueue.current === this;
    if (this._size * It2 <= t.length) {
      let s15 = 0;
      for (let a = 0; a < t.length; a++) t[a] ? t[s15++] = t[a] : i && (this._deliveryQueue.end--, s15 < this._deliveryQueue.i && this._deliveryQueue.i--);
      t.length = s15;
    }
  }
  _deliver(e, t) {
    if (!e) return;
    let n = this._options?.onListenerError || le;
    if (!n) {
      e.value(t);
      return;
    }
    try {
      e.value(t);
    } catch (i) {
      n(i);
    }
  }
  _deliverQueue(e) {
    let t = e.current._listeners;
    for (; e.i < e.end; ) this._deliver(t[e.i++], e.value);
    e.reset();
  }
  fire(e) {
    if (this._deliveryQueue?.current && (this._deliverQueue(this._deliveryQueue), this._perfMon?.stop()), this._perfMon?.start(this._size), this._listeners) if (this._listeners instanceof G2) this._deliver(this._listeners, e);
    else {
      let t = this._deliveryQueue;
      t.enqueue(this, e, this._listeners.length), this._deliverQueue(t);
    }
    this._perfMon?.stop();
  }
  hasListeners() {
    return this._size > 0;
  }
};
var Ne2 = class {
  constructor() {
    this.i = -1;
    this.end = 0;
  }
  enqueue(e, t, n) {
    this.i = 0, this.end = n, this.current = e, this.value = t;
  }
  reset() {
    this.i = this.end, this.current = void 0, this.value = void 0;
  }
};
var it = Object.freeze(function(r4, e) {
  let t = setTimeout(r4.bind(e), 0);
  return { dispose() {
    clearTimeout(t);
  } };
});
var Et;
((n) => {
  function r4(i) {
    return i === n.None || i === n.Cancelled || i instanceof We2 ? true : !i || typeof i != "object" ? false : typeof i.isCancellationRequested == "boolean" && typeof i.onCancellationRequested == "function";
  }
  n.isCancellationToken = r4, n.None = Object.freeze({ isCancellationRequested: false, onCancellationRequested: ie2.None }), n.Cancelled = Object.freeze({ isCancellationRequested: true, onCancellationRequested: it });
})(Et ||= {});
var We2 = class {
  constructor() {
    this._isCancelled = false;
    this._emitter = null;
  }
  cancel() {
    this._isCancelled || (this._isCancelled = true, this._emitter && (this._emitter.fire(void 0), this.dispose()));
  }
  get isCancellationRequested() {
    return this._isCancelled;
  }
  get onCancellationRequested() {
    return this._isCancelled ? it : (this._emitter || (this._emitter = new C2()), this._emitter.event);
  }
  dispose() {
    this._emitter && (this._emitter.dispose(), this._emitter = null);
  }
};
var Y2 = "en";
var qe2 = false;
var ze = false;
var ge2 = false;
var wt2 = false;
var kt3 = false;
var st2 = false;
var St2 = false;
var Rt2 = false;
var Ct2 = false;
var Pt2 = false;
var _e3;
var ye2 = Y2;
var rt2 = Y2;
var Lt2;
var N;
var W = globalThis;
var O;
typeof W.vscode < "u" && typeof W.vscode.process < "u" ? O = W.vscode.process : typeof process < "u" && typeof process?.versions?.node == "string" && (O = process);
var ot2 = typeof O?.versions?.electron == "string";
var Ot2 = ot2 && O?.type === "renderer";
if (typeof O == "object") {
  qe2 = O.platform === "win32", ze = O.platform === "darwin", ge2 = O.platform === "linux", wt2 = ge2 && !!O.env.SNAP && !!O.env.SNAP_REVISION, St2 = ot2, Ct2 = !!O.env.CI || !!O.env.BUILD_ARTIFACTSTAGINGDIRECTORY, _e3 = Y2, ye2 = Y2;
  let r4 = O.env.VSCODE_NLS_CONFIG;
  if (r4) try {
    let e = JSON.parse(r4);
    _e3 = e.userLocale, rt2 = e.osLocale, ye2 = e.resolvedLanguage || Y2, Lt2 = e.languagePack?.translationsConfigFile;
  } catch {
  }
  kt3 = true;
} else typeof navigator == "object" && !Ot2 ? (N = navigator.userAgent, qe2 = N.indexOf("Windows") >= 0, ze = N.indexOf("Macintosh") >= 0, Rt2 = (N.indexOf("Macintosh") >= 0 || N.indexOf("iPad") >= 0 || N.indexOf("iPhone") >= 0) && !!navigator.maxTouchPoints && navigator.maxTouchPoints > 0, ge2 = N.indexOf("Linux") >= 0, Pt2 = N?.indexOf("Mobi") >= 0, st2 = true, ye2 = globalThis._VSCODE_NLS_LANGUAGE || Y2, _e3 = navigator.language.toLowerCase(), rt2 = _e3) : console.error("Unable to resolve platform.");
var je2 = 0;
ze ? je2 = 1 : qe2 ? je2 = 3 : ge2 && (je2 = 2);
var At3 = st2 && typeof W.importScripts == "function";
var gn2 = At3 ? W.origin : void 0;
var M2 = N;
var j2 = ye2;
var Mt3;
((n) => {
  function r4() {
    return j2;
  }
  n.value = r4;
  function e() {
    return j2.length === 2 ? j2 === "en" : j2.length >= 3 ? j2[0] === "e" && j2[1] === "n" && j2[2] === "-" : false;
  }
  n.isDefaultVariant = e;
  function t() {
    return j2 === "en";
  }
  n.isDefault = t;
})(Mt3 ||= {});
var Ft = typeof W.postMessage == "function" && !W.importScripts;
var at2 = (() => {
  if (Ft) {
    let r4 = [];
    W.addEventListener("message", (t) => {
      if (t.data && t.data.vscodeScheduleAsyncWork) for (let n = 0, i = r4.length; n < i; n++) {
        let s15 = r4[n];
        if (s15.id === t.data.vscodeScheduleAsyncWork) {
          r4.splice(n, 1), s15.callback();
          return;
        }
      }
    });
    let e = 0;
    return (t) => {
      let n = ++e;
      r4.push({ id: n, callback: t }), W.postMessage({ vscodeScheduleAsyncWork: n }, "*");
    };
  }
  return (r4) => setTimeout(r4);
})();
var Nt2 = !!(M2 && M2.indexOf("Chrome") >= 0);
var yn2 = !!(M2 && M2.indexOf("Firefox") >= 0);
var xn2 = !!(!Nt2 && M2 && M2.indexOf("Safari") >= 0);
var In2 = !!(M2 && M2.indexOf("Edg/") >= 0);
var Dn2 = !!(M2 && M2.indexOf("Android") >= 0);
function xe2(r4, e = 0, t) {
  let n = setTimeout(() => {
    r4(), t && i.dispose();
  }, e), i = A(() => {
    clearTimeout(n), t?.deleteAndLeak(i);
  });
  return t?.add(i), i;
}
var jt2;
var Ue2;
(function() {
  typeof globalThis.requestIdleCallback != "function" || typeof globalThis.cancelIdleCallback != "function" ? Ue2 = (r4, e) => {
    at2(() => {
      if (t) return;
      let n = Date.now() + 15;
      e(Object.freeze({ didTimeout: true, timeRemaining() {
        return Math.max(0, n - Date.now());
      } }));
    });
    let t = false;
    return { dispose() {
      t || (t = true);
    } };
  } : Ue2 = (r4, e, t) => {
    let n = r4.requestIdleCallback(e, typeof t == "number" ? { timeout: t } : void 0), i = false;
    return { dispose() {
      i || (i = true, r4.cancelIdleCallback(n));
    } };
  }, jt2 = (r4) => Ue2(globalThis, r4);
})();
var qt;
((t) => {
  async function r4(n) {
    let i, s15 = await Promise.all(n.map((a) => a.then((h3) => h3, (h3) => {
      i || (i = h3);
    })));
    if (typeof i < "u") throw i;
    return s15;
  }
  t.settled = r4;
  function e(n) {
    return new Promise(async (i, s15) => {
      try {
        await n(i, s15);
      } catch (a) {
        s15(a);
      }
    });
  }
  t.withAsyncBody = e;
})(qt ||= {});
var P = class P2 {
  static fromArray(e) {
    return new P2((t) => {
      t.emitMany(e);
    });
  }
  static fromPromise(e) {
    return new P2(async (t) => {
      t.emitMany(await e);
    });
  }
  static fromPromises(e) {
    return new P2(async (t) => {
      await Promise.all(e.map(async (n) => t.emitOne(await n)));
    });
  }
  static merge(e) {
    return new P2(async (t) => {
      await Promise.all(e.map(async (n) => {
        for await (let i of n) t.emitOne(i);
      }));
    });
  }
  constructor(e, t) {
    this._state = 0, this._results = [], this._error = null, this._onReturn = t, this._onStateChanged = new C2(), queueMicrotask(async () => {
      let n = { emitOne: (i) => this.emitOne(i), emitMany: (i) => this.emitMany(i), reject: (i) => this.reject(i) };
      try {
        await Promise.resolve(e(n)), this.resolve();
      } catch (i) {
        this.reject(i);
      } finally {
        n.emitOne = void 0, n.emitMany = void 0, n.reject = void 0;
      }
    });
  }
  [Symbol.asyncIterator]() {
    let e = 0;
    return { next: async () => {
      do {
        if (this._state === 2) throw this._error;
        if (e < this._results.length) return { done: false, value: this._results[e++] };
        if (this._state === 1) return { done: true, value: void 0 };
        await ie2.toPromise(this._onStateChanged.event);
      } while (true);
    }, return: async () => (this._onReturn?.(), { done: true, value: void 0 }) };
  }
  static map(e, t) {
    return new P2(async (n) => {
      for await (let i of e) n.emitOne(t(i));
    });
  }
  map(e) {
    return P2.map(this, e);
  }
  static filter(e, t) {
    return new P2(async (n) => {
      for await (let i of e) t(i) && n.emitOne(i);
    });
  }
  filter(e) {
    return P2.filter(this, e);
  }
  static coalesce(e) {
    return P2.filter(e, (t) => !!t);
  }
  coalesce() {
    return P2.coalesce(this);
  }
  static async toPromise(e) {
    let t = [];
    for await (let n of e) t.push(n);
    return t;
  }
  toPromise() {
    return P2.toPromise(this);
  }
  emitOne(e) {
    this._state === 0 && (this._results.push(e), this._onStateChanged.fire());
  }
  emitMany(e) {
    this._state === 0 && (this._results = this._results.concat(e), this._onStateChanged.fire());
  }
  resolve() {
    this._state === 0 && (this._state = 1, this._onStateChanged.fire());
  }
  reject(e) {
    this._state === 0 && (this._state = 2, this._error = e, this._onStateChanged.fire());
  }
};
P.EMPTY = P.fromArray([]);
var Ie2 = class extends k {
  constructor(t) {
    super();
    this._terminal = t;
    this._linesCacheTimeout = this._register(new F2());
    this._linesCacheDisposables = this._register(new F2());
    this._register(A(() => this._destroyLinesCache()));
  }
  initLinesCache() {
    this._linesCache || (this._linesCache = new Array(this._terminal.buffer.active.length), this._linesCacheDisposables.value = me(this._terminal.onLineFeed(() => this._destroyLinesCache()), this._terminal.onCursorMove(() => this._destroyLinesCache()), this._terminal.onResize(() => this._destroyLinesCache()))), this._linesCacheTimeout.value = xe2(() => this._destroyLinesCache(), 15e3);
  }
  _destroyLinesCache() {
    this._linesCache = void 0, this._linesCacheDisposables.clear(), this._linesCacheTimeout.clear();
  }
  getLineFromCache(t) {
    return this._linesCache?.[t];
  }
  setLineInCache(t, n) {
    this._linesCache && (this._linesCache[t] = n);
  }
  translateBufferLineToStringWithWrap(t, n) {
    let i = [], s15 = [0], a = this._terminal.buffer.active.getLine(t);
    for (; a; ) {
      let h3 = this._terminal.buffer.active.getLine(t + 1), u = h3 ? h3.isWrapped : false, p = a.translateToString(!u && n);
      if (u && h3) {
        let T = a.getCell(a.length - 1);
        T && T.getCode() === 0 && T.getWidth() === 1 && h3.getCell(0)?.getWidth() === 2 && (p = p.slice(0, -1));
      }
      if (i.push(p), u) s15.push(s15[s15.length - 1] + p.length);
      else break;
      t++, a = h3;
    }
    return [i.join(""), s15];
  }
};
var De2 = class {
  get cachedSearchTerm() {
    return this._cachedSearchTerm;
  }
  set cachedSearchTerm(e) {
    this._cachedSearchTerm = e;
  }
  get lastSearchOptions() {
    return this._lastSearchOptions;
  }
  set lastSearchOptions(e) {
    this._lastSearchOptions = e;
  }
  isValidSearchTerm(e) {
    return !!(e && e.length > 0);
  }
  didOptionsChange(e) {
    return this._lastSearchOptions ? e ? this._lastSearchOptions.caseSensitive !== e.caseSensitive || this._lastSearchOptions.regex !== e.regex || this._lastSearchOptions.wholeWord !== e.wholeWord : false : true;
  }
  shouldUpdateHighlighting(e, t) {
    return t?.decorations ? this._cachedSearchTerm === void 0 || e !== this._cachedSearchTerm || this.didOptionsChange(t) : false;
  }
  clearCachedTerm() {
    this._cachedSearchTerm = void 0;
  }
  reset() {
    this._cachedSearchTerm = void 0, this._lastSearchOptions = void 0;
  }
};
var Ee2 = class {
  constructor(e, t) {
    this._terminal = e;
    this._lineCache = t;
  }
  find(e, t, n, i) {
    if (!e || e.length === 0) {
      this._terminal.clearSelection();
      return;
    }
    if (n > this._terminal.cols) throw new Error(`Invalid col: ${n} to search in terminal of ${this._terminal.cols} cols`);
    this._lineCache.initLinesCache();
    let s15 = { startRow: t, startCol: n }, a = this._findInLine(e, s15, i);
    if (!a) for (let h3 = t + 1; h3 < this._terminal.buffer.active.baseY + this._terminal.rows && (s15.startRow = h3, s15.startCol = 0, a = this._findInLine(e, s15, i), !a); h3++) ;
    return a;
  }
  findNextWithSelection(e, t, n) {
    if (!e || e.length === 0) {
      this._terminal.clearSelection();
      return;
    }
    let i = this._terminal.getSelectionPosition();
    this._terminal.clearSelection();
    let s15 = 0, a = 0;
    i && (n === e ? (s15 = i.end.x, a = i.end.y) : (s15 = i.start.x, a = i.start.y)), this._lineCache.initLinesCache();
    let h3 = { startRow: a, startCol: s15 }, u = this._findInLine(e, h3, t);
    if (!u) for (let p = a + 1; p < this._terminal.buffer.active.baseY + this._terminal.rows && (h3.startRow = p, h3.startCol = 0, u = this._findInLine(e, h3, t), !u); p++) ;
    if (!u && a !== 0) for (let p = 0; p < a && (h3.startRow = p, h3.startCol = 0, u = this._findInLine(e, h3, t), !u); p++) ;
    return !u && i && (h3.startRow = i.start.y, h3.startCol = 0, u = this._findInLine(e, h3, t)), u;
  }
  findPreviousWithSelection(e, t, n) {
    if (!e || e.length === 0) {
      this._terminal.clearSelection();
      return;
    }
    let i = this._terminal.getSelectionPosition();
    this._terminal.clearSelection();
    let s15 = this._terminal.buffer.active.baseY + this._terminal.rows - 1, a = this._terminal.cols, h3 = true;
    this._lineCache.initLinesCache();
    let u = { startRow: s15, startCol: a }, p;
    if (i && (u.startRow = s15 = i.start.y, u.startCol = a = i.start.x, n !== e && (p = this._findInLine(e, u, t, false), p || (u.startRow = s15 = i.end.y, u.startCol = a = i.end.x))), p || (p = this._findInLine(e, u, t, h3)), !p) {
      u.startCol = Math.max(u.startCol, this._terminal.cols);
      for (let T = s15 - 1; T >= 0 && (u.startRow = T, p = this._findInLine(e, u, t, h3), !p); T--) ;
    }
    if (!p && s15 !== this._terminal.buffer.active.baseY + this._terminal.rows - 1) for (let T = this._terminal.buffer.active.baseY + this._terminal.rows - 1; T >= s15 && (u.startRow = T, p = this._findInLine(e, u, t, h3), !p); T--) ;
    return p;
  }
  _isWholeWord(e, t, n) {
    return (e === 0 || " ~!@#$%^&*()+`-=[]{}|\\;:\"',./<>?".includes(t[e - 1])) && (e + n.length === t.length || " ~!@#$%^&*()+`-=[]{}|\\;:\"',./<>?".includes(t[e + n.length]));
  }
  _findInLine(e, t, n = {}, i = false) {
    let s15 = t.startRow, a = t.startCol;
    if (this._terminal.buffer.active.getLine(s15)?.isWrapped) {
      if (i) {
        t.startCol += this._terminal.cols;
        return;
      }
      return t.startRow--, t.startCol += this._terminal.cols, this._findInLine(e, t, n);
    }
    let u = this._lineCache.getLineFromCache(s15);
    u || (u = this._lineCache.translateBufferLineToStringWithWrap(s15, true), this._lineCache.setLineInCache(s15, u));
    let [p, T] = u, v3 = this._bufferColsToStringOffset(s15, a), I = e, E = p;
    n.regex || (I = n.caseSensitive ? e : e.toLowerCase(), E = n.caseSensitive ? p : p.toLowerCase());
    let S2 = -1;
    if (n.regex) {
      let D2 = RegExp(I, n.caseSensitive ? "g" : "gi"), x;
      if (i) for (; x = D2.exec(E.slice(0, v3)); ) S2 = D2.lastIndex - x[0].length, e = x[0], D2.lastIndex -= e.length - 1;
      else x = D2.exec(E.slice(v3)), x && x[0].length > 0 && (S2 = v3 + (D2.lastIndex - x[0].length), e = x[0]);
    } else i ? v3 - I.length >= 0 && (S2 = E.lastIndexOf(I, v3 - I.length)) : S2 = E.indexOf(I, v3);
    if (S2 >= 0) {
      if (n.wholeWord && !this._isWholeWord(S2, E, e)) return;
      let D2 = 0;
      for (; D2 < T.length - 1 && S2 >= T[D2 + 1]; ) D2++;
      let x = D2;
      for (; x < T.length - 1 && S2 + e.length >= T[x + 1]; ) x++;
      let J2 = S2 - T[D2], q2 = S2 + e.length - T[x], z2 = this._stringLengthToBufferSize(s15 + D2, J2), _4 = this._stringLengthToBufferSize(s15 + x, q2) - z2 + this._terminal.cols * (x - D2);
      return { term: e, col: z2, row: s15 + D2, size: _4 };
    }
  }
  _stringLengthToBufferSize(e, t) {
    let n = this._terminal.buffer.active.getLine(e);
    if (!n) return 0;
    for (let i = 0; i < t; i++) {
      let s15 = n.getCell(i);
      if (!s15) break;
      let a = s15.getChars();
      a.length > 1 && (t -= a.length - 1);
      let h3 = n.getCell(i + 1);
      h3 && h3.getWidth() === 0 && t++;
    }
    return t;
  }
  _bufferColsToStringOffset(e, t) {
    let n = e, i = 0, s15 = this._terminal.buffer.active.getLine(n);
    for (; t > 0 && s15; ) {
      for (let a = 0; a < t && a < this._terminal.cols; a++) {
        let h3 = s15.getCell(a);
        if (!h3) break;
        h3.getWidth() && (i += h3.getCode() === 0 ? 1 : h3.getChars().length);
      }
      if (n++, s15 = this._terminal.buffer.active.getLine(n), s15 && !s15.isWrapped) break;
      t -= this._terminal.cols;
    }
    return i;
  }
};
var we2 = class extends k {
  constructor(t) {
    super();
    this._terminal = t;
    this._highlightDecorations = [];
    this._highlightedLines = /* @__PURE__ */ new Set();
    this._register(A(() => this.clearHighlightDecorations()));
  }
  createHighlightDecorations(t, n) {
    this.clearHighlightDecorations();
    for (let i of t) {
      let s15 = this._createResultDecorations(i, n, false);
      if (s15) for (let a of s15) this._storeDecoration(a, i);
    }
  }
  createActiveDecoration(t, n) {
    let i = this._createResultDecorations(t, n, true);
    if (i) return { decorations: i, match: t, dispose() {
      Q3(i);
    } };
  }
  clearHighlightDecorations() {
    Q3(this._highlightDecorations), this._highlightDecorations = [], this._highlightedLines.clear();
  }
  _storeDecoration(t, n) {
    this._highlightedLines.add(t.marker.line), this._highlightDecorations.push({ decoration: t, match: n, dispose() {
      t.dispose();
    } });
  }
  _applyStyles(t, n, i) {
    t.classList.contains("xterm-find-result-decoration") || (t.classList.add("xterm-find-result-decoration"), n && (t.style.outline = `1px solid ${n}`)), i && t.classList.add("xterm-find-active-result-decoration");
  }
  _createResultDecorations(t, n, i) {
    let s15 = [], a = t.col, h3 = t.size, u = -this._terminal.buffer.active.baseY - this._terminal.buffer.active.cursorY + t.row;
    for (; h3 > 0; ) {
      let T = Math.min(this._terminal.cols - a, h3);
      s15.push([u, a, T]), a = 0, h3 -= T, u++;
    }
    let p = [];
    for (let T of s15) {
      let v3 = this._terminal.registerMarker(T[0]), I = this._terminal.registerDecoration({ marker: v3, x: T[1], width: T[2], backgroundColor: i ? n.activeMatchBackground : n.matchBackground, overviewRulerOptions: this._highlightedLines.has(v3.line) ? void 0 : { color: i ? n.activeMatchColorOverviewRuler : n.matchOverviewRuler, position: "center" } });
      if (I) {
        let E = [];
        E.push(v3), E.push(I.onRender((S2) => this._applyStyles(S2, i ? n.activeMatchBorder : n.matchBorder, false))), E.push(I.onDispose(() => Q3(E))), p.push(I);
      }
    }
    return p.length === 0 ? void 0 : p;
  }
};
var ke2 = class extends k {
  constructor() {
    super(...arguments);
    this._searchResults = [];
    this._onDidChangeResults = this._register(new C2());
  }
  get onDidChangeResults() {
    return this._onDidChangeResults.event;
  }
  get searchResults() {
    return this._searchResults;
  }
  get selectedDecoration() {
    return this._selectedDecoration;
  }
  set selectedDecoration(t) {
    this._selectedDecoration = t;
  }
  updateResults(t, n) {
    this._searchResults = t.slice(0, n);
  }
  clearResults() {
    this._searchResults = [];
  }
  clearSelectedDecoration() {
    this._selectedDecoration && (this._selectedDecoration.dispose(), this._selectedDecoration = void 0);
  }
  findResultIndex(t) {
    for (let n = 0; n < this._searchResults.length; n++) {
      let i = this._searchResults[n];
      if (i.row === t.row && i.col === t.col && i.size === t.size) return n;
    }
    return -1;
  }
  fireResultsChanged(t) {
    if (!t) return;
    let n = -1;
    this._selectedDecoration && (n = this.findResultIndex(this._selectedDecoration.match)), this._onDidChangeResults.fire({ resultIndex: n, resultCount: this._searchResults.length });
  }
  reset() {
    this.clearSelectedDecoration(), this.clearResults();
  }
};
var ut2 = class extends k {
  constructor(t) {
    super();
    this._highlightTimeout = this._register(new F2());
    this._lineCache = this._register(new F2());
    this._state = new De2();
    this._resultTracker = this._register(new ke2());
    this._highlightLimit = t?.highlightLimit ?? 1e3;
  }
  get onDidChangeResults() {
    return this._resultTracker.onDidChangeResults;
  }
  activate(t) {
    this._terminal = t, this._lineCache.value = new Ie2(t), this._engine = new Ee2(t, this._lineCache.value), this._decorationManager = new we2(t), this._register(this._terminal.onWriteParsed(() => this._updateMatches())), this._register(this._terminal.onResize(() => this._updateMatches())), this._register(A(() => this.clearDecorations()));
  }
  _updateMatches() {
    this._highlightTimeout.clear(), this._state.cachedSearchTerm && this._state.lastSearchOptions?.decorations && (this._highlightTimeout.value = xe2(() => {
      let t = this._state.cachedSearchTerm;
      this._state.clearCachedTerm(), this.findPrevious(t, { ...this._state.lastSearchOptions, incremental: true }, { noScroll: true });
    }, 200));
  }
  clearDecorations(t) {
    this._resultTracker.clearSelectedDecoration(), this._decorationManager?.clearHighlightDecorations(), this._resultTracker.clearResults(), t || this._state.clearCachedTerm();
  }
  clearActiveDecoration() {
    this._resultTracker.clearSelectedDecoration();
  }
  findNext(t, n, i) {
    if (!this._terminal || !this._engine) throw new Error("Cannot use addon until it has been loaded");
    this._state.lastSearchOptions = n, this._state.shouldUpdateHighlighting(t, n) && this._highlightAllMatches(t, n);
    let s15 = this._findNextAndSelect(t, n, i);
    return this._fireResults(n), this._state.cachedSearchTerm = t, s15;
  }
  _highlightAllMatches(t, n) {
    if (!this._terminal || !this._engine || !this._decorationManager) throw new Error("Cannot use addon until it has been loaded");
    if (!this._state.isValidSearchTerm(t)) {
      this.clearDecorations();
      return;
    }
    this.clearDecorations(true);
    let i = [], s15, a = this._engine.find(t, 0, 0, n);
    for (; a && (s15?.row !== a.row || s15?.col !== a.col) && !(i.length >= this._highlightLimit); ) s15 = a, i.push(s15), a = this._engine.find(t, s15.col + s15.term.length >= this._terminal.cols ? s15.row + 1 : s15.row, s15.col + s15.term.length >= this._terminal.cols ? 0 : s15.col + 1, n);
    this._resultTracker.updateResults(i, this._highlightLimit), n.decorations && this._decorationManager.createHighlightDecorations(i, n.decorations);
  }
  _findNextAndSelect(t, n, i) {
    if (!this._terminal || !this._engine) return false;
    if (!this._state.isValidSearchTerm(t)) return this._terminal.clearSelection(), this.clearDecorations(), false;
    let s15 = this._engine.findNextWithSelection(t, n, this._state.cachedSearchTerm);
    return this._selectResult(s15, n?.decorations, i?.noScroll);
  }
  findPrevious(t, n, i) {
    if (!this._terminal || !this._engine) throw new Error("Cannot use addon until it has been loaded");
    this._state.lastSearchOptions = n, this._state.shouldUpdateHighlighting(t, n) && this._highlightAllMatches(t, n);
    let s15 = this._findPreviousAndSelect(t, n, i);
    return this._fireResults(n), this._state.cachedSearchTerm = t, s15;
  }
  _fireResults(t) {
    this._resultTracker.fireResultsChanged(!!t?.decorations);
  }
  _findPreviousAndSelect(t, n, i) {
    if (!this._terminal || !this._engine) return false;
    if (!this._state.isValidSearchTerm(t)) return this._terminal.clearSelection(), this.clearDecorations(), false;
    let s15 = this._engine.findPreviousWithSelection(t, n, this._state.cachedSearchTerm);
    return this._selectResult(s15, n?.decorations, i?.noScroll);
  }
  _selectResult(t, n, i) {
    if (!this._terminal || !this._decorationManager) return false;
    if (this._resultTracker.clearSelectedDecoration(), !t) return this._terminal.clearSelection(), false;
    if (this._terminal.select(t.col, t.row, t.size), n) {
      let s15 = this._decorationManager.createActiveDecoration(t, n);
      s15 && (this._resultTracker.selectedDecoration = s15);
    }
    if (!i && (t.row >= this._terminal.buffer.active.viewportY + this._terminal.rows || t.row < this._terminal.buffer.active.viewportY)) {
      let s15 = t.row - this._terminal.buffer.active.viewportY;
      s15 -= Math.floor(this._terminal.rows / 2), this._terminal.scrollLines(s15);
    }
    return true;
  }
};

// node_modules/@xterm/addon-web-links/lib/addon-web-links.mjs
var v2 = class {
  constructor(e, t, n, o2 = {}) {
    this._terminal = e;
    this._regex = t;
    this._handler = n;
    this._options = o2;
  }
  provideLinks(e, t) {
    let n = g.computeLink(e, this._regex, this._terminal, this._handler);
    t(this._addCallbacks(n));
  }
  _addCallbacks(e) {
    return e.map((t) => (t.leave = this._options.leave, t.hover = (n, o2) => {
      if (this._options.hover) {
        let { range: p } = t;
        this._options.hover(n, o2, p);
      }
    }, t));
  }
};
function k2(l2) {
  try {
    let e = new URL(l2), t = e.password && e.username ? `${e.protocol}//${e.username}:${e.password}@${e.host}` : e.username ? `${e.protocol}//${e.username}@${e.host}` : `${e.protocol}//${e.host}`;
    return l2.toLocaleLowerCase().startsWith(t.toLocaleLowerCase());
  } catch {
    return false;
  }
}
var g = class l {
  static computeLink(e, t, n, o2) {
    let p = new RegExp(t.source, (t.flags || "") + "g"), [i, r4] = l._getWindowedLineStrings(e - 1, n), s15 = i.join(""), a, d = [];
    for (; a = p.exec(s15); ) {
      let u = a[0];
      if (!k2(u)) continue;
      let [c, h3] = l._mapStrIdx(n, r4, 0, a.index), [m, f] = l._mapStrIdx(n, c, h3, u.length);
      if (c === -1 || h3 === -1 || m === -1 || f === -1) continue;
      let b2 = { start: { x: h3 + 1, y: c + 1 }, end: { x: f, y: m + 1 } };
      d.push({ range: b2, text: u, activate: o2 });
    }
    return d;
  }
  static _getWindowedLineStrings(e, t) {
    let n, o2 = e, p = e, i = 0, r4 = "", s15 = [];
    if (n = t.buffer.active.getLine(e)) {
      let a = n.translateToString(true);
      if (n.isWrapped && a[0] !== " ") {
        for (i = 0; (n = t.buffer.active.getLine(--o2)) && i < 2048 && (r4 = n.translateToString(true), i += r4.length, s15.push(r4), !(!n.isWrapped || r4.indexOf(" ") !== -1)); ) ;
        s15.reverse();
      }
      for (s15.push(a), i = 0; (n = t.buffer.active.getLine(++p)) && n.isWrapped && i < 2048 && (r4 = n.translateToString(true), i += r4.length, s15.push(r4), r4.indexOf(" ") === -1); ) ;
    }
    return [s15, o2];
  }
  static _mapStrIdx(e, t, n, o2) {
    let p = e.buffer.active, i = p.getNullCell(), r4 = n;
    for (; o2; ) {
      let s15 = p.getLine(t);
      if (!s15) return [-1, -1];
      for (let a = r4; a < s15.length; ++a) {
        s15.getCell(a, i);
        let d = i.getChars();
        if (i.getWidth() && (o2 -= d.length || 1, a === s15.length - 1 && d === "")) {
          let c = p.getLine(t + 1);
          c && c.isWrapped && (c.getCell(0, i), i.getWidth() === 2 && (o2 += 1));
        }
        if (o2 < 0) return [t, a];
      }
      t++, r4 = 0;
    }
    return [t, r4];
  }
};
var _2 = /(https?|HTTPS?):[/]{2}[^\s"'!*(){}|\\\^<>`]*[^\s"':,.!?{}|\\\^~\[\]`()<>]/;
function w(l2, e) {
  let t = window.open();
  if (t) {
    try {
      t.opener = null;
    } catch {
    }
    t.location.href = e;
  } else console.warn("Opening link blocked as opener could not be cleared");
}
var L2 = class {
  constructor(e = w, t = {}) {
    this._handler = e;
    this._options = t;
  }
  activate(e) {
    this._terminal = e;
    let t = this._options, n = t.urlRegex || _2;
    this._linkProvider = this._terminal.registerLinkProvider(new v2(this._terminal, n, this._handler, t));
  }
  dispose() {
    this._linkProvider?.dispose();
  }
};

// src/views/terminal.js
var HIGH_WATER = 256 * 1024;
var LOW_WATER = 32 * 1024;
var QUEUE_CAP = 4 * 1024 * 1024;
var SCROLLBACK = 5e3;
var BATCH_MS = 50;
var PIECE = 8 * 1024;
var encoder = new TextEncoder();
var DEVICE_DATA_LOGGER = {
  trace: () => {
  },
  debug: (...a) => console.debug(...a),
  info: (...a) => console.info(...a),
  warn: (...a) => console.warn(...a),
  error: (...a) => console.debug("xterm.js (device data):", ...a)
};
var THEMES = {
  dark: {
    background: "#010409",
    foreground: "#e6edf3",
    cursor: "#e6edf3",
    cursorAccent: "#010409",
    selectionBackground: "#264f78"
  },
  light: {
    background: "#ffffff",
    foreground: "#1c1f24",
    cursor: "#1c1f24",
    cursorAccent: "#ffffff",
    selectionBackground: "#b6d3ff",
    black: "#24292f",
    red: "#cf222e",
    green: "#116329",
    yellow: "#7d4e00",
    blue: "#0550ae",
    magenta: "#8250df",
    cyan: "#1b7c83",
    white: "#6e7781",
    brightBlack: "#57606a",
    brightRed: "#a40e26",
    brightGreen: "#1a7f37",
    brightYellow: "#633c01",
    brightBlue: "#218bff",
    brightMagenta: "#a475f9",
    brightCyan: "#3192aa",
    brightWhite: "#8c959f"
  }
};
function skipEmptySelectionRedraws(term) {
  const rs2 = term._core && term._core._renderService;
  if (!rs2 || typeof rs2.handleSelectionChanged !== "function") {
    throw new Error("xterm.js internals changed: _core._renderService.handleSelectionChanged is gone (see skipEmptySelectionRedraws)");
  }
  const redraw = rs2.handleSelectionChanged.bind(rs2);
  let selected = false;
  rs2.handleSelectionChanged = (start2, end, columnMode) => {
    const now = !!(start2 && end);
    if (!now && !selected) return;
    selected = now;
    redraw(start2, end, columnMode);
  };
}
function concatBytes(parts, n) {
  const out = new Uint8Array(n);
  let at3 = 0;
  for (const p of parts) {
    out.set(p, at3);
    at3 += p.length;
  }
  return out;
}
var TerminalView = class {
  // onInput(bytes) is called with what the user types.
  constructor(refs, onInput) {
    this.host = refs.termHost;
    this.term = new Dl({
      scrollback: SCROLLBACK,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      fontSize: 13,
      cursorBlink: true,
      screenReaderMode: false,
      logger: DEVICE_DATA_LOGGER
    });
    this.fitAddon = new o();
    this.search = new ut2();
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new L2((ev, uri) => window.open(uri, "_blank", "noopener")));
    this.enter = "\r";
    this.copyOnSelect = false;
    this.term.onData((d) => onInput(encoder.encode(this.enter === "\r" ? d : d.replace(/\r/g, this.enter))));
    this.term.onBinary((d) => onInput(Uint8Array.from(d, (c) => c.charCodeAt(0) & 255)));
    this.term.attachCustomKeyEventHandler((ev) => this.key(ev));
    this.term.onSelectionChange(() => {
      if (this.copyOnSelect && this.term.hasSelection()) this.copy();
    });
    this.batch = [];
    this.batchTimer = 0;
    this.lastBatch = 0;
    this.inFlight = 0;
    this.queue = [];
    this.queued = 0;
    this.skipped = 0;
    this.visible = false;
    this.fitFrame = 0;
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => this.scheduleFit()).observe(this.host);
    }
    const find = (back) => {
      const q2 = refs.termSearch.value;
      if (!q2) return;
      const found = back ? this.search.findPrevious(q2) : this.search.findNext(q2);
      refs.termSearch.classList.toggle("invalid", !found);
    };
    refs.termSearch.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        find(ev.shiftKey);
      }
    });
    refs.termSearch.addEventListener("input", () => refs.termSearch.classList.remove("invalid"));
    refs.termNext.addEventListener("click", () => find(false));
    refs.termPrev.addEventListener("click", () => find(true));
  }
  // key decides what xterm.js does with a key: false keeps it from the
  // device (it is the page's: leaving, copying, pasting).
  key(ev) {
    if (ev.key === "Tab" && ev.shiftKey) return false;
    const k3 = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    const ctrlShift = ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey;
    const copyKey = (ev.ctrlKey || ev.metaKey) && !ev.shiftKey && !ev.altKey && k3 === "c" || ctrlShift && k3 === "c";
    if (copyKey && (ctrlShift || this.term.hasSelection())) {
      if (ev.type === "keydown") {
        ev.preventDefault();
        this.copy();
      }
      return false;
    }
    if (ctrlShift && k3 === "v") return false;
    return true;
  }
  // copy puts the terminal's selection on the clipboard: with the
  // clipboard API where the page may use it, else through a copy event on
  // xterm.js's text area (pages served over plain HTTP to another host).
  copy() {
    const text = this.term.getSelection();
    if (!text) return;
    if (window.isSecureContext && navigator.clipboard) {
      navigator.clipboard.writeText(text).catch(() => document.execCommand("copy"));
    } else {
      document.execCommand("copy");
    }
  }
  // setEnter sets what the Enter key sends ('\r', '\n' or '\r\n').
  setEnter(seq) {
    this.enter = seq;
  }
  // open puts the terminal on the page; the host must be in the document.
  open() {
    this.term.open(this.host);
    skipEmptySelectionRedraws(this.term);
  }
  setTheme(name) {
    this.term.options.theme = THEMES[name] || THEMES.dark;
  }
  // write feeds device bytes, batched (see BATCH_MS).
  write(bytes) {
    if (!bytes.length) return;
    this.batch.push(bytes);
    if (this.batchTimer) return;
    const wait = this.lastBatch + BATCH_MS - performance.now();
    if (wait <= 0) this.flushBatch();
    else this.batchTimer = setTimeout(() => this.flushBatch(), wait);
  }
  flushBatch() {
    clearTimeout(this.batchTimer);
    this.batchTimer = 0;
    this.lastBatch = performance.now();
    const parts = this.batch;
    this.batch = [];
    let piece = [];
    let n = 0;
    const cut = () => {
      if (!n) return;
      this.feed(piece.length === 1 ? piece[0] : concatBytes(piece, n));
      piece = [];
      n = 0;
    };
    for (let p of parts) {
      while (p.length) {
        const take = Math.min(p.length, PIECE - n);
        piece.push(take === p.length ? p : p.subarray(0, take));
        n += take;
        p = p.subarray(take);
        if (n === PIECE) cut();
      }
    }
    cut();
  }
  // feed hands bytes to xterm.js, with back-pressure.
  feed(bytes) {
    if (this.inFlight >= HIGH_WATER || this.queue.length) {
      this.queue.push(bytes);
      this.queued += bytes.length;
      while (this.queued > QUEUE_CAP && this.queue.length > 1) {
        const old = this.queue.shift();
        this.queued -= old.length;
        this.skipped += old.length;
      }
      return;
    }
    this.push(bytes);
  }
  push(bytes) {
    this.inFlight += bytes.length;
    this.term.write(bytes, () => {
      this.inFlight -= bytes.length;
      if (this.inFlight < LOW_WATER && (this.queue.length || this.skipped)) this.drain();
    });
  }
  drain() {
    if (this.skipped) {
      this.push(encoder.encode(`\r
\x1B[0;35m[... ${this.skipped} bytes not shown: the terminal fell behind ...]\x1B[0m\r
`));
      this.skipped = 0;
    }
    while (this.queue.length && this.inFlight < HIGH_WATER) {
      const p = this.queue.shift();
      this.queued -= p.length;
      this.push(p);
    }
  }
  // marker writes a note of the console's own (a gap in the stream).
  marker(text) {
    this.write(encoder.encode(`\r
\x1B[0;3;35m${text}\x1B[0m\r
`));
  }
  // echo shows bytes this page sent (local echo) in cyan: told apart from
  // the device's output, and still readable (dim text fell below 4.5:1).
  echo(bytes) {
    const text = new TextDecoder().decode(bytes).replace(/\r?\n/g, "\r\n");
    this.write(encoder.encode(`\x1B[36m${text}\x1B[0m`));
  }
  clear() {
    clearTimeout(this.batchTimer);
    this.batchTimer = 0;
    this.batch = [];
    this.queue = [];
    this.queued = 0;
    this.skipped = 0;
    this.term.reset();
  }
  // setReadOnly stops keys from going to the device (view-only role).
  setReadOnly(on3) {
    this.term.options.disableStdin = on3;
  }
  dispose() {
    clearTimeout(this.batchTimer);
    this.batchTimer = 0;
    this.term.dispose();
  }
  show() {
    this.visible = true;
    this.scheduleFit();
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.term.focus();
  }
  scheduleFit() {
    if (this.fitFrame || !this.visible) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      if (!this.visible || !this.host.clientWidth || !this.host.clientHeight) return;
      try {
        this.fitAddon.fit();
      } catch (_4) {
      }
    });
  }
};

// src/bytes.js
function parseHex(text) {
  const clean = text.replace(/0x/gi, "").replace(/[\s,:;-]+/g, "");
  if (!/^[0-9a-f]*$/i.test(clean)) {
    const bad = clean.match(/[^0-9a-f]/i)[0];
    throw new Error(`not a hex digit: "${bad}"`);
  }
  if (clean.length % 2) throw new Error("odd number of hex digits");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}
var CHECKSUMS = {
  none: { label: "No checksum", bytes: () => new Uint8Array(0) },
  xor: {
    label: "XOR (1 byte)",
    bytes: (d) => Uint8Array.of(d.reduce((a, b2) => a ^ b2, 0))
  },
  sum8: {
    label: "Sum mod 256",
    bytes: (d) => Uint8Array.of(d.reduce((a, b2) => a + b2 & 255, 0))
  },
  crc16modbus: {
    label: "CRC-16/MODBUS",
    bytes: (d) => {
      let crc = 65535;
      for (const b2 of d) {
        crc ^= b2;
        for (let i = 0; i < 8; i++) crc = crc & 1 ? crc >>> 1 ^ 40961 : crc >>> 1;
      }
      return Uint8Array.of(crc & 255, crc >>> 8);
    }
  }
};
function concat(a, b2) {
  const out = new Uint8Array(a.length + b2.length);
  out.set(a, 0);
  out.set(b2, a.length);
  return out;
}
var HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
var CONTROL_AT = /[\x00-\x08\x0b-\x1f\x7f]/g;
var CONTROL_NAMES = [
  "NUL",
  "SOH",
  "STX",
  "ETX",
  "EOT",
  "ENQ",
  "ACK",
  "BEL",
  "BS",
  "HT",
  "LF",
  "VT",
  "FF",
  "CR",
  "SO",
  "SI",
  "DLE",
  "DC1",
  "DC2",
  "DC3",
  "DC4",
  "NAK",
  "SYN",
  "ETB",
  "CAN",
  "EM",
  "SUB",
  "ESC",
  "FS",
  "GS",
  "RS",
  "US"
];
function controlName(code) {
  return code === 127 ? "DEL" : CONTROL_NAMES[code];
}
function controlPicture(code) {
  return String.fromCharCode(code === 127 ? 9249 : 9216 + code);
}
function displayParts(raw) {
  if (!HAS_CONTROL.test(raw)) return [raw];
  const parts = [];
  let from = 0;
  CONTROL_AT.lastIndex = 0;
  let m;
  while ((m = CONTROL_AT.exec(raw)) !== null) {
    if (m.index > from) parts.push(raw.slice(from, m.index));
    const code = raw.charCodeAt(m.index);
    if (code !== 13) parts.push(code);
    from = m.index + 1;
  }
  if (from < raw.length) parts.push(raw.slice(from));
  return parts;
}

// src/views/follow.js
var PAUSE_GAP_PX = 4;
var RESUME_GAP_PX = 1;
var Follower = class {
  // onChange(follow) is called when following stops or starts.
  constructor(scroller, jumpButton, onChange = () => {
  }) {
    this.el = scroller;
    this.onChange = onChange;
    this.jump = jumpButton;
    this.follow = true;
    scroller.addEventListener("scroll", () => {
      const gap = this.gap();
      if (this.follow && gap > PAUSE_GAP_PX) this.set(false);
      else if (!this.follow && gap <= RESUME_GAP_PX) this.set(true);
    }, { passive: true });
    scroller.addEventListener("wheel", (ev) => {
      if (ev.deltaY < 0 && this.follow && this.canScroll()) this.set(false);
    }, { passive: true });
    scroller.addEventListener("keydown", (ev) => {
      if (["ArrowUp", "PageUp", "Home"].includes(ev.key) && this.follow && this.canScroll()) this.set(false);
    });
    jumpButton.addEventListener("click", () => {
      this.set(true);
      scroller.focus({ preventScroll: true });
    });
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => this.follow && this.toBottom()).observe(scroller);
    }
  }
  gap() {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight;
  }
  canScroll() {
    return this.el.scrollHeight > this.el.clientHeight;
  }
  toBottom() {
    this.el.scrollTop = this.el.scrollHeight;
  }
  set(follow) {
    const changed2 = follow !== this.follow;
    this.follow = follow;
    this.jump.hidden = follow;
    if (follow) this.toBottom();
    if (changed2) this.onChange(follow);
  }
  // after is called once new content is on screen.
  after() {
    if (this.follow) this.toBottom();
  }
};

// src/views/lines.js
var MAX_LINES = 5e3;
var FOLLOW_LINES = 400;
var TS_MODES = ["off", "time", "delta"];
var FILTER_MODES = ["filter", "highlight"];
function compileFilter(text, regex, matchCase) {
  if (!text) return { match: null, error: "" };
  if (regex) {
    let re2;
    try {
      re2 = new RegExp(text, matchCase ? "" : "i");
    } catch (e) {
      const reason2 = String(e && e.message || e).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
      return { match: null, error: `Invalid regular expression: ${reason2}` };
    }
    return { match: (s15) => re2.test(s15), error: "" };
  }
  if (matchCase) return { match: (s15) => s15.includes(text), error: "" };
  const lower = text.toLowerCase();
  return { match: (s15) => s15.toLowerCase().includes(lower), error: "" };
}
function countText(mode, current, matches2, lines) {
  if (mode === "filter") return `${matches2} of ${lines} line${lines === 1 ? "" : "s"}`;
  if (current >= 0) return `${current + 1} of ${matches2}`;
  if (!matches2) return "No matches";
  return `${matches2} match${matches2 === 1 ? "" : "es"}`;
}
function stepIndex(current, n, dir) {
  if (!n) return -1;
  if (current < 0 || current >= n) return dir > 0 ? 0 : n - 1;
  return (current + dir + n) % n;
}
function indexIn(sorted, from, value) {
  let lo2 = from;
  let hi2 = sorted.length - 1;
  while (lo2 <= hi2) {
    const mid = lo2 + hi2 >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo2 = mid + 1;
    else hi2 = mid - 1;
  }
  return -1;
}
function fillText(el3, raw) {
  const parts = displayParts(raw);
  if (parts.length === 1 && typeof parts[0] === "string") {
    el3.textContent = parts[0];
    return;
  }
  for (const part of parts) {
    if (typeof part === "string") {
      el3.append(part);
      continue;
    }
    const badge = document.createElement("span");
    badge.className = "ctl";
    badge.dataset.c = controlName(part);
    badge.textContent = controlPicture(part);
    el3.append(badge);
  }
}
var LinesView = class {
  constructor(refs, name) {
    this.name = name;
    this.out = refs.linesOut;
    this.out.dataset.cap = String(MAX_LINES);
    this.follower = new Follower(this.out, refs.linesJump, (follow) => {
      if (!follow && this.domCount < Math.min(this.model.length, MAX_LINES)) this.rebuild(true);
    });
    this.model = [];
    this.base = 0;
    this.rendered = 0;
    this.domCount = 0;
    this.partial = null;
    this.partialEl = null;
    this.dirty = false;
    this.visible = false;
    this.tsMode = "off";
    this.match = null;
    this.filterMode = "filter";
    this.gen = 0;
    this.hits = [];
    this.hitsHead = 0;
    this.scanned = 0;
    this.markers = [];
    this.current = -1;
    this.countShown = null;
    this.ui = refs;
    const prefs = this.loadPrefs();
    refs.tsMode.value = prefs.ts;
    refs.filterText.value = prefs.text;
    refs.filterRegex.checked = prefs.regex;
    refs.filterCase.checked = prefs.matchCase;
    refs.filterMode.value = prefs.mode;
    refs.filterText.setAttribute("aria-describedby", `${refs.filterCount.id} ${refs.filterError.id}`);
    refs.tsMode.addEventListener("change", () => {
      this.setTsMode(refs.tsMode.value);
      this.savePrefs();
    });
    const refilter = () => {
      this.setFilter(refs.filterText.value, refs.filterRegex.checked, refs.filterCase.checked, refs.filterMode.value);
      this.savePrefs();
    };
    refs.filterText.addEventListener("input", refilter);
    refs.filterRegex.addEventListener("change", refilter);
    refs.filterCase.addEventListener("change", refilter);
    refs.filterMode.addEventListener("change", refilter);
    refs.filterText.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" || ev.isComposing || ev.ctrlKey || ev.altKey || ev.metaKey) return;
      ev.preventDefault();
      this.step(ev.shiftKey ? -1 : 1);
    });
    refs.filterNext.addEventListener("click", () => this.step(1));
    refs.filterPrev.addEventListener("click", () => this.step(-1));
    refs.linesSave.addEventListener("click", () => this.save());
    this.setTsMode(prefs.ts);
    this.setFilter(prefs.text, prefs.regex, prefs.matchCase, prefs.mode);
  }
  // ----- remembered settings (per port name) -----
  prefsKey() {
    return `lines:${this.name}`;
  }
  loadPrefs() {
    const v3 = load(this.prefsKey(), {});
    const ok = v3 && typeof v3 === "object";
    return {
      ts: ok && TS_MODES.includes(v3.ts) ? v3.ts : "off",
      text: ok && typeof v3.text === "string" ? v3.text : "",
      regex: !!(ok && v3.regex === true),
      matchCase: !!(ok && v3.matchCase === true),
      mode: ok && FILTER_MODES.includes(v3.mode) ? v3.mode : "filter"
    };
  }
  savePrefs() {
    const r4 = this.ui;
    save(this.prefsKey(), {
      ts: r4.tsMode.value,
      text: r4.filterText.value,
      regex: r4.filterRegex.checked,
      matchCase: r4.filterCase.checked,
      mode: r4.filterMode.value
    });
  }
  // ----- model -----
  add(text, t, cls = "") {
    if (cls === "marker") this.markers.push(this.base + this.model.length);
    this.model.push({ text, t, cls, g: -1, m: false });
    if (this.model.length > MAX_LINES + (MAX_LINES >> 2)) {
      const k3 = this.model.length - MAX_LINES;
      this.model.splice(0, k3);
      this.base += k3;
      while (this.markers.length && this.markers[0] < this.base) this.markers.shift();
    }
    this.dirty = true;
  }
  setPartial(text, t) {
    this.partial = text ? { text, t } : null;
    this.dirty = true;
  }
  clear() {
    this.base += this.model.length;
    this.model = [];
    this.partial = null;
    this.rendered = this.base;
    this.resetHits();
    this.markers = [];
    this.out.textContent = "";
    this.domCount = 0;
    this.partialEl = null;
    this.follower.set(true);
    this.updateCount();
  }
  // ----- settings -----
  setTsMode(mode) {
    this.tsMode = mode;
    this.out.classList.toggle("show-ts", mode !== "off");
    this.rebuild();
  }
  // setFilter applies the filter box. An invalid regular expression is
  // said beside the box, the box is marked invalid, and every line is
  // shown (not the last valid filter, which the box no longer says).
  setFilter(text, regex, matchCase, mode) {
    const { match, error } = compileFilter(text, regex, matchCase);
    const box = this.ui.filterText;
    box.classList.toggle("invalid", !!error);
    if (error) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
    this.ui.filterError.textContent = error;
    this.ui.filterError.hidden = !error;
    this.match = match;
    this.filterMode = mode;
    const stepping = !!match && mode === "highlight";
    for (const b2 of [this.ui.filterPrev, this.ui.filterNext]) {
      b2.disabled = !stepping;
      b2.title = stepping ? "" : mode === "highlight" ? "Type what to find first" : "Next and previous match work in highlight mode";
    }
    this.gen++;
    this.resetHits();
    this.rebuild();
    this.updateCount();
  }
  resetHits() {
    this.hits = [];
    this.hitsHead = 0;
    this.scanned = this.base;
    this.current = -1;
  }
  // keptFrom is the sequence number of the oldest line kept: the view
  // shows (and the count counts) the newest MAX_LINES.
  keptFrom() {
    return this.base + Math.max(0, this.model.length - MAX_LINES);
  }
  // hitOf says whether a line matches the filter (markers never do),
  // computing it once per line and filter.
  hitOf(line) {
    if (!this.match || line.cls === "marker") return false;
    if (line.g !== this.gen) {
      line.g = this.gen;
      line.m = this.match(line.text);
    }
    return line.m;
  }
  // scan brings the matches up to date with the lines kept.
  scan() {
    const end = this.base + this.model.length;
    const from = this.keptFrom();
    if (this.match) {
      for (let seq = Math.max(this.scanned, from); seq < end; seq++) {
        if (this.hitOf(this.model[seq - this.base])) this.hits.push(seq);
      }
    }
    this.scanned = end;
    const hits = this.hits;
    while (this.hitsHead < hits.length && hits[this.hitsHead] < from) this.hitsHead++;
    if (this.hitsHead > 1024 && this.hitsHead * 2 > hits.length) {
      this.hits = hits.slice(this.hitsHead);
      this.hitsHead = 0;
    }
    while (this.markers.length && this.markers[0] < from) this.markers.shift();
    if (this.current >= 0 && this.current < from) this.current = -1;
  }
  // updateCount shows the count beside the filter box (nothing without a filter).
  updateCount() {
    const el3 = this.ui.filterCount;
    let text = "";
    if (this.match) {
      const matches2 = this.hits.length - this.hitsHead;
      const lines = this.base + this.model.length - this.keptFrom() - this.markers.length;
      const cur = this.current >= 0 ? indexIn(this.hits, this.hitsHead, this.current) : -1;
      text = countText(this.filterMode, cur < 0 ? -1 : cur - this.hitsHead, matches2, lines);
    }
    if (text === this.countShown) return;
    this.countShown = text;
    el3.textContent = text;
    el3.hidden = !text;
  }
  // step makes the next (dir 1) or previous (dir -1) match the current
  // one, in highlight mode: the autoscroll pauses (so every line kept is
  // on the page), and the match is marked and scrolled to the middle.
  step(dir) {
    if (!this.match || this.filterMode !== "highlight" || !this.visible) return;
    this.flush();
    this.scan();
    const n = this.hits.length - this.hitsHead;
    const at3 = this.current >= 0 ? indexIn(this.hits, this.hitsHead, this.current) : -1;
    const i = stepIndex(at3 < 0 ? -1 : at3 - this.hitsHead, n, dir);
    if (i < 0) {
      this.updateCount();
      return;
    }
    const old = this.current >= 0 ? this.elementOf(this.current) : null;
    if (old) old.classList.remove("current");
    this.current = this.hits[this.hitsHead + i];
    this.follower.set(false);
    const el3 = this.elementOf(this.current);
    if (el3) {
      el3.classList.add("current");
      el3.scrollIntoView({ block: "center", inline: "nearest" });
    }
    this.updateCount();
  }
  // elementOf is the .line element of a sequence number, if on the page.
  elementOf(seq) {
    for (let el3 = this.out.lastElementChild; el3; el3 = el3.previousElementSibling) {
      if (el3.seq === seq) return el3;
      if (el3.seq >= 0 && el3.seq < seq) return null;
    }
    return null;
  }
  // ----- rendering -----
  show() {
    this.visible = true;
    this.rebuild();
  }
  hide() {
    this.visible = false;
  }
  stamp(i) {
    const line = this.model[i];
    if (this.tsMode === "time") return clockTime(line.t);
    const prev = i > 0 ? this.model[i - 1].t : line.t;
    return `+${((line.t - prev) / 1e3).toFixed(3)}`;
  }
  // makeLine draws a line; seq is its sequence number (-1: the partial line).
  makeLine(line, ts2, seq) {
    const div = document.createElement("div");
    let cls = line.cls ? `line ${line.cls}` : "line";
    if (this.filterMode === "highlight" && this.hitOf(line)) {
      cls += " hit";
      if (seq === this.current) cls += " current";
    }
    div.className = cls;
    div.seq = seq;
    if (line.cls === "marker") div.textContent = line.text;
    else fillText(div, line.text);
    if (ts2) div.dataset.ts = ts2;
    return div;
  }
  passes(line) {
    return !this.match || this.filterMode !== "filter" || line.cls === "marker" || this.hitOf(line);
  }
  rebuild(keepScroll = false) {
    if (!this.visible) return;
    const fromBottom = this.out.scrollHeight - this.out.scrollTop;
    this.out.textContent = "";
    this.domCount = 0;
    this.partialEl = null;
    this.rendered = this.base;
    this.dirty = true;
    this.flush();
    if (keepScroll) this.out.scrollTop = this.out.scrollHeight - fromBottom;
  }
  flush() {
    if (!this.visible || !this.dirty) return;
    this.dirty = false;
    const out = this.out;
    if (this.partialEl) {
      this.partialEl.remove();
      this.partialEl = null;
      this.domCount--;
    }
    const frag = document.createDocumentFragment();
    let from = Math.max(this.rendered, this.base) - this.base;
    const end = this.model.length;
    const most = this.follower.follow ? FOLLOW_LINES : MAX_LINES;
    if (end - from > most) {
      out.textContent = "";
      this.domCount = 0;
      from = end - most;
    }
    let added = 0;
    for (let i = from; i < end; i++) {
      const line = this.model[i];
      if (!this.passes(line)) continue;
      frag.appendChild(this.makeLine(line, this.tsMode === "off" ? "" : this.stamp(i), this.base + i));
      added++;
    }
    this.rendered = this.base + end;
    if (this.partial) {
      const p = this.partial;
      const partial = { text: p.text, cls: "partial", g: -1, m: false };
      if (this.passes(partial)) {
        const ts2 = this.tsMode === "time" ? clockTime(p.t) : this.tsMode === "delta" ? `+${((p.t - (end ? this.model[end - 1].t : p.t)) / 1e3).toFixed(3)}` : "";
        this.partialEl = this.makeLine(partial, ts2, -1);
        frag.appendChild(this.partialEl);
        added++;
      }
    }
    out.appendChild(frag);
    this.domCount += added;
    while (this.domCount > most + (this.partialEl ? 1 : 0)) {
      out.removeChild(out.firstChild);
      this.domCount--;
    }
    this.follower.after();
    this.scan();
    this.updateCount();
  }
  // save downloads the retained lines as text, with their timestamps.
  save() {
    const rows = this.model.map((l2, i) => (this.tsMode === "off" ? "" : `${this.stamp(i)} `) + l2.text);
    if (this.partial) rows.push(this.partial.text);
    download(new Blob([rows.join("\n") + "\n"], { type: "text/plain" }), `${this.name}-${fileStamp()}.log`);
  }
};

// src/views/hex.js
var MAX_ROWS = 4096;
var FOLLOW_ROWS = 256;
var HEX = Array.from({ length: 256 }, (_4, i) => i.toString(16).padStart(2, "0"));
var ASCII = Array.from({ length: 256 }, (_4, i) => i >= 32 && i < 127 ? String.fromCharCode(i) : ".");
var HexView = class {
  constructor(refs) {
    this.out = refs.hexOut;
    this.out.dataset.cap = String(MAX_ROWS);
    this.follower = new Follower(this.out, refs.hexJump, (follow) => {
      if (!follow && this.visible && this.domLast - this.domFirst + 1 < Math.min(this.rows.length, MAX_ROWS)) {
        const fromBottom = this.out.scrollHeight - this.out.scrollTop;
        this.show();
        this.out.scrollTop = this.out.scrollHeight - fromBottom;
      }
    });
    this.rows = [];
    this.nextSeq = 0;
    this.next = { rx: 0, tx: 0 };
    this.domFirst = -1;
    this.domLast = -1;
    this.domLastLen = 0;
    this.visible = false;
    this.dirty = false;
  }
  // add records bytes; off is the stream offset of the first (null:
  // continue). fresh starts a new row (each message sent gets its own).
  // A row refers to the bytes where they are ({buf, at, len}), so a flood
  // costs no copy: only a row continued from one chunk to the next gets
  // sixteen bytes of its own. Bytes sent are copied once (a file's buffer
  // must not stay alive for a row).
  add(dir, bytes, off2, fresh = false) {
    if (off2 === null || off2 === void 0) off2 = this.next[dir];
    if (dir === "tx") bytes = bytes.slice();
    let last = fresh ? null : this.rows[this.rows.length - 1];
    let i = 0;
    if (last && bytes.length && last.dir === dir && last.len < 16 && last.off + last.len === off2) {
      if (!last.own) {
        const b2 = new Uint8Array(16);
        b2.set(last.buf.subarray(last.at, last.at + last.len));
        last.buf = b2;
        last.at = 0;
        last.own = true;
      }
      const n = Math.min(16 - last.len, bytes.length);
      last.buf.set(bytes.subarray(0, n), last.len);
      last.len += n;
      i = n;
      off2 += n;
    }
    while (i < bytes.length) {
      const n = Math.min(16, bytes.length - i);
      this.rows.push({ seq: this.nextSeq++, dir, off: off2, buf: bytes, at: i, len: n, own: false });
      i += n;
      off2 += n;
    }
    this.next[dir] = off2;
    if (this.rows.length > MAX_ROWS + (MAX_ROWS >> 2)) this.rows.splice(0, this.rows.length - MAX_ROWS);
    this.dirty = true;
  }
  clear() {
    this.rows = [];
    this.out.textContent = "";
    this.domFirst = this.domLast = -1;
    this.follower.set(true);
  }
  show() {
    this.visible = true;
    this.out.textContent = "";
    this.domFirst = this.domLast = -1;
    this.dirty = true;
    this.flush();
  }
  hide() {
    this.visible = false;
  }
  fill(div, row) {
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      if (i < row.len) {
        const b2 = row.buf[row.at + i];
        hex += HEX[b2];
        ascii += ASCII[b2];
      } else hex += "  ";
      hex += i === 7 ? "  " : " ";
    }
    div.children[0].textContent = row.off.toString(16).padStart(8, "0");
    div.children[2].textContent = hex;
    div.children[3].textContent = ascii;
  }
  makeRow(row) {
    const div = document.createElement("div");
    div.className = `hexrow ${row.dir}`;
    const off2 = document.createElement("span");
    off2.className = "off";
    const dir = document.createElement("span");
    dir.className = "dir";
    dir.textContent = row.dir === "rx" ? "RX" : "TX";
    const hex = document.createElement("span");
    hex.className = "hex";
    const ascii = document.createElement("span");
    ascii.className = "ascii";
    div.append(off2, dir, hex, ascii);
    this.fill(div, row);
    return div;
  }
  flush() {
    if (!this.visible || !this.dirty) return;
    this.dirty = false;
    const rows = this.rows;
    if (!rows.length) return;
    const out = this.out;
    let start2 = 0;
    if (this.domLast >= rows[0].seq) {
      const idx = this.domLast - rows[0].seq;
      if (rows[idx].len !== this.domLastLen && out.lastElementChild) this.fill(out.lastElementChild, rows[idx]);
      start2 = idx + 1;
    } else if (this.domLast >= 0) {
      out.textContent = "";
      this.domFirst = -1;
    }
    const most = this.follower.follow ? FOLLOW_ROWS : MAX_ROWS;
    start2 = Math.max(start2, rows.length - most);
    if (start2 > 0 && this.domLast >= 0 && rows[start2 - 1].seq > this.domLast) {
      out.textContent = "";
      this.domFirst = -1;
    }
    const frag = document.createDocumentFragment();
    for (let i = start2; i < rows.length; i++) frag.appendChild(this.makeRow(rows[i]));
    out.appendChild(frag);
    if (this.domFirst < 0) this.domFirst = rows[start2].seq;
    const last = rows[rows.length - 1];
    this.domLast = last.seq;
    this.domLastLen = last.len;
    let onScreen = this.domLast - this.domFirst + 1;
    while (onScreen > most) {
      out.removeChild(out.firstChild);
      this.domFirst++;
      onScreen--;
    }
    this.follower.after();
  }
};

// node_modules/uplot/dist/uPlot.esm.js
var FEAT_TIME = true;
var pre = "u-";
var UPLOT = "uplot";
var ORI_HZ = pre + "hz";
var ORI_VT = pre + "vt";
var TITLE = pre + "title";
var WRAP = pre + "wrap";
var UNDER = pre + "under";
var OVER = pre + "over";
var AXIS = pre + "axis";
var OFF = pre + "off";
var SELECT = pre + "select";
var CURSOR_X = pre + "cursor-x";
var CURSOR_Y = pre + "cursor-y";
var CURSOR_PT = pre + "cursor-pt";
var LEGEND = pre + "legend";
var LEGEND_LIVE = pre + "live";
var LEGEND_INLINE = pre + "inline";
var LEGEND_SERIES = pre + "series";
var LEGEND_MARKER = pre + "marker";
var LEGEND_LABEL = pre + "label";
var LEGEND_VALUE = pre + "value";
var WIDTH = "width";
var HEIGHT = "height";
var TOP = "top";
var BOTTOM = "bottom";
var LEFT = "left";
var RIGHT = "right";
var hexBlack = "#000";
var transparent = hexBlack + "0";
var mousemove = "mousemove";
var mousedown = "mousedown";
var mouseup = "mouseup";
var mouseenter = "mouseenter";
var mouseleave = "mouseleave";
var dblclick = "dblclick";
var resize = "resize";
var scroll = "scroll";
var change = "change";
var dppxchange = "dppxchange";
var LEGEND_DISP = "--";
var domEnv = typeof window != "undefined";
var doc = domEnv ? document : null;
var win = domEnv ? window : null;
var nav = domEnv ? navigator : null;
var pxRatio;
var query;
function setPxRatio() {
  let _pxRatio = devicePixelRatio;
  if (pxRatio != _pxRatio) {
    pxRatio = _pxRatio;
    query && off(change, query, setPxRatio);
    query = matchMedia(`(min-resolution: ${pxRatio - 1e-3}dppx) and (max-resolution: ${pxRatio + 1e-3}dppx)`);
    on2(change, query, setPxRatio);
    win.dispatchEvent(new CustomEvent(dppxchange));
  }
}
function addClass(el3, c) {
  if (c != null) {
    let cl2 = el3.classList;
    !cl2.contains(c) && cl2.add(c);
  }
}
function remClass(el3, c) {
  let cl2 = el3.classList;
  cl2.contains(c) && cl2.remove(c);
}
function setStylePx(el3, name, value) {
  el3.style[name] = value + "px";
}
function placeTag(tag, cls, targ, refEl) {
  let el3 = doc.createElement(tag);
  if (cls != null)
    addClass(el3, cls);
  if (targ != null)
    targ.insertBefore(el3, refEl);
  return el3;
}
function placeDiv(cls, targ) {
  return placeTag("div", cls, targ);
}
var xformCache = /* @__PURE__ */ new WeakMap();
function elTrans(el3, xPos, yPos, xMax, yMax) {
  let xform = "translate(" + xPos + "px," + yPos + "px)";
  let xformOld = xformCache.get(el3);
  if (xform != xformOld) {
    el3.style.transform = xform;
    xformCache.set(el3, xform);
    if (xPos < 0 || yPos < 0 || xPos > xMax || yPos > yMax)
      addClass(el3, OFF);
    else
      remClass(el3, OFF);
  }
}
var colorCache = /* @__PURE__ */ new WeakMap();
function elColor(el3, background, borderColor) {
  let newColor = background + borderColor;
  let oldColor = colorCache.get(el3);
  if (newColor != oldColor) {
    colorCache.set(el3, newColor);
    el3.style.background = background;
    el3.style.borderColor = borderColor;
  }
}
var sizeCache = /* @__PURE__ */ new WeakMap();
function elSize(el3, newWid, newHgt, centered) {
  let newSize = newWid + "" + newHgt;
  let oldSize = sizeCache.get(el3);
  if (newSize != oldSize) {
    sizeCache.set(el3, newSize);
    el3.style.height = newHgt + "px";
    el3.style.width = newWid + "px";
    el3.style.marginLeft = centered ? -newWid / 2 + "px" : 0;
    el3.style.marginTop = centered ? -newHgt / 2 + "px" : 0;
  }
}
var evOpts = { passive: true };
var evOpts2 = { ...evOpts, capture: true };
function on2(ev, el3, cb, capt) {
  el3.addEventListener(ev, cb, capt ? evOpts2 : evOpts);
}
function off(ev, el3, cb, capt) {
  el3.removeEventListener(ev, cb, evOpts);
}
domEnv && setPxRatio();
function closestIdx(num, arr, lo2, hi2) {
  let mid;
  lo2 = lo2 || 0;
  hi2 = hi2 || arr.length - 1;
  let bitwise = hi2 <= 2147483647;
  while (hi2 - lo2 > 1) {
    mid = bitwise ? lo2 + hi2 >> 1 : floor((lo2 + hi2) / 2);
    if (arr[mid] < num)
      lo2 = mid;
    else
      hi2 = mid;
  }
  if (num - arr[lo2] <= arr[hi2] - num)
    return lo2;
  return hi2;
}
function makeIndexOfs(predicate) {
  let indexOfs = (data, _i0, _i1) => {
    let i0 = -1;
    let i1 = -1;
    for (let i = _i0; i <= _i1; i++) {
      if (predicate(data[i])) {
        i0 = i;
        break;
      }
    }
    for (let i = _i1; i >= _i0; i--) {
      if (predicate(data[i])) {
        i1 = i;
        break;
      }
    }
    return [i0, i1];
  };
  return indexOfs;
}
var notNullish = (v3) => v3 != null;
var isPositive = (v3) => v3 != null && v3 > 0;
var nonNullIdxs = makeIndexOfs(notNullish);
var positiveIdxs = makeIndexOfs(isPositive);
function getMinMax(data, _i0, _i1, sorted = 0, log = false) {
  let getEdgeIdxs = log ? positiveIdxs : nonNullIdxs;
  let predicate = log ? isPositive : notNullish;
  [_i0, _i1] = getEdgeIdxs(data, _i0, _i1);
  let _min = data[_i0];
  let _max = data[_i0];
  if (_i0 > -1) {
    if (sorted == 1) {
      _min = data[_i0];
      _max = data[_i1];
    } else if (sorted == -1) {
      _min = data[_i1];
      _max = data[_i0];
    } else {
      for (let i = _i0; i <= _i1; i++) {
        let v3 = data[i];
        if (predicate(v3)) {
          if (v3 < _min)
            _min = v3;
          else if (v3 > _max)
            _max = v3;
        }
      }
    }
  }
  return [_min ?? inf, _max ?? -inf];
}
function rangeLog(min2, max2, base, fullMags) {
  let minSign = sign(min2);
  let maxSign = sign(max2);
  if (min2 == max2) {
    if (minSign == -1) {
      min2 *= base;
      max2 /= base;
    } else {
      min2 /= base;
      max2 *= base;
    }
  }
  let logFn = base == 10 ? log10 : log2;
  let growMinAbs = minSign == 1 ? floor : ceil;
  let growMaxAbs = maxSign == 1 ? ceil : floor;
  let minExp = growMinAbs(logFn(abs(min2)));
  let maxExp = growMaxAbs(logFn(abs(max2)));
  let minIncr = pow(base, minExp);
  let maxIncr = pow(base, maxExp);
  if (base == 10) {
    if (minExp < 0)
      minIncr = roundDec(minIncr, -minExp);
    if (maxExp < 0)
      maxIncr = roundDec(maxIncr, -maxExp);
  }
  if (fullMags || base == 2) {
    min2 = minIncr * minSign;
    max2 = maxIncr * maxSign;
  } else {
    min2 = incrRoundDn(min2, minIncr);
    max2 = incrRoundUp(max2, maxIncr);
  }
  return [min2, max2];
}
function rangeAsinh(min2, max2, base, fullMags) {
  let minMax = rangeLog(min2, max2, base, fullMags);
  if (min2 == 0)
    minMax[0] = 0;
  if (max2 == 0)
    minMax[1] = 0;
  return minMax;
}
var rangePad = 0.1;
var autoRangePart = {
  mode: 3,
  pad: rangePad
};
var _eqRangePart = {
  pad: 0,
  soft: null,
  mode: 0
};
var _eqRange = {
  min: _eqRangePart,
  max: _eqRangePart
};
function rangeNum(_min, _max, mult, extra) {
  if (isObj(mult))
    return _rangeNum(_min, _max, mult);
  _eqRangePart.pad = mult;
  _eqRangePart.soft = extra ? 0 : null;
  _eqRangePart.mode = extra ? 3 : 0;
  return _rangeNum(_min, _max, _eqRange);
}
function ifNull(lh, rh) {
  return lh == null ? rh : lh;
}
function hasData(data, idx0, idx1) {
  idx0 = ifNull(idx0, 0);
  idx1 = ifNull(idx1, data.length - 1);
  while (idx0 <= idx1) {
    if (data[idx0] != null)
      return true;
    idx0++;
  }
  return false;
}
function _rangeNum(_min, _max, cfg) {
  let cmin = cfg.min;
  let cmax = cfg.max;
  let padMin = ifNull(cmin.pad, 0);
  let padMax = ifNull(cmax.pad, 0);
  let hardMin = ifNull(cmin.hard, -inf);
  let hardMax = ifNull(cmax.hard, inf);
  let softMin = ifNull(cmin.soft, inf);
  let softMax = ifNull(cmax.soft, -inf);
  let softMinMode = ifNull(cmin.mode, 0);
  let softMaxMode = ifNull(cmax.mode, 0);
  let delta = _max - _min;
  let deltaMag = log10(delta);
  let scalarMax = max(abs(_min), abs(_max));
  let scalarMag = log10(scalarMax);
  let scalarMagDelta = abs(scalarMag - deltaMag);
  if (delta < 1e-24 || scalarMagDelta > 10) {
    delta = 0;
    if (_min == 0 || _max == 0) {
      delta = 1e-24;
      if (softMinMode == 2 && softMin != inf)
        padMin = 0;
      if (softMaxMode == 2 && softMax != -inf)
        padMax = 0;
    }
  }
  let nonZeroDelta = delta || scalarMax || 1e3;
  let mag = log10(nonZeroDelta);
  let base = pow(10, floor(mag));
  let _padMin = nonZeroDelta * (delta == 0 ? _min == 0 ? 0.1 : 1 : padMin);
  let _newMin = roundDec(incrRoundDn(_min - _padMin, base / 10), 24);
  let _softMin = _min >= softMin && (softMinMode == 1 || softMinMode == 3 && _newMin <= softMin || softMinMode == 2 && _newMin >= softMin) ? softMin : inf;
  let minLim = max(hardMin, _newMin < _softMin && _min >= _softMin ? _softMin : min(_softMin, _newMin));
  let _padMax = nonZeroDelta * (delta == 0 ? _max == 0 ? 0.1 : 1 : padMax);
  let _newMax = roundDec(incrRoundUp(_max + _padMax, base / 10), 24);
  let _softMax = _max <= softMax && (softMaxMode == 1 || softMaxMode == 3 && _newMax >= softMax || softMaxMode == 2 && _newMax <= softMax) ? softMax : -inf;
  let maxLim = min(hardMax, _newMax > _softMax && _max <= _softMax ? _softMax : max(_softMax, _newMax));
  if (minLim == maxLim && minLim == 0)
    maxLim = 100;
  return [minLim, maxLim];
}
var numFormatter = new Intl.NumberFormat(domEnv ? nav.language : "en-US");
var fmtNum = (val) => numFormatter.format(val);
var M3 = Math;
var PI = M3.PI;
var abs = M3.abs;
var floor = M3.floor;
var round = M3.round;
var ceil = M3.ceil;
var min = M3.min;
var max = M3.max;
var pow = M3.pow;
var sign = M3.sign;
var log10 = M3.log10;
var log2 = M3.log2;
var sinh = (v3, linthresh = 1) => M3.sinh(v3) * linthresh;
var asinh = (v3, linthresh = 1) => M3.asinh(v3 / linthresh);
var inf = Infinity;
function numIntDigits(x) {
  return (log10((x ^ x >> 31) - (x >> 31)) | 0) + 1;
}
function clamp(num, _min, _max) {
  return min(max(num, _min), _max);
}
function isFn(v3) {
  return typeof v3 == "function";
}
function fnOrSelf(v3) {
  return isFn(v3) ? v3 : () => v3;
}
var noop = () => {
};
var retArg0 = (_0) => _0;
var retArg1 = (_0, _1) => _1;
var retNull = (_4) => null;
var retTrue = (_4) => true;
var retEq = (a, b2) => a == b2;
var regex6 = /\.\d*?(?=9{6,}|0{6,})/gm;
var fixFloat = (val) => {
  if (isInt(val) || fixedDec.has(val))
    return val;
  const str = `${val}`;
  const match = str.match(regex6);
  if (match == null)
    return val;
  let len = match[0].length - 1;
  if (str.indexOf("e-") != -1) {
    let [num, exp] = str.split("e");
    return +`${fixFloat(num)}e${exp}`;
  }
  return roundDec(val, len);
};
function incrRound(num, incr) {
  return fixFloat(roundDec(fixFloat(num / incr)) * incr);
}
function incrRoundUp(num, incr) {
  return fixFloat(ceil(fixFloat(num / incr)) * incr);
}
function incrRoundDn(num, incr) {
  return fixFloat(floor(fixFloat(num / incr)) * incr);
}
function roundDec(val, dec = 0) {
  if (isInt(val))
    return val;
  let p = 10 ** dec;
  let n = val * p * (1 + Number.EPSILON);
  return round(n) / p;
}
var fixedDec = /* @__PURE__ */ new Map();
function guessDec(num) {
  return (("" + num).split(".")[1] || "").length;
}
function genIncrs(base, minExp, maxExp, mults) {
  let incrs = [];
  let multDec = mults.map(guessDec);
  for (let exp = minExp; exp < maxExp; exp++) {
    let expa = abs(exp);
    let mag = roundDec(pow(base, exp), expa);
    for (let i = 0; i < mults.length; i++) {
      let _incr = base == 10 ? +`${mults[i]}e${exp}` : mults[i] * mag;
      let dec = (exp >= 0 ? 0 : expa) + (exp >= multDec[i] ? 0 : multDec[i]);
      let incr = base == 10 ? _incr : roundDec(_incr, dec);
      incrs.push(incr);
      fixedDec.set(incr, dec);
    }
  }
  return incrs;
}
var EMPTY_OBJ = {};
var EMPTY_ARR = [];
var nullNullTuple = [null, null];
var isArr = Array.isArray;
var isInt = Number.isInteger;
var isUndef = (v3) => v3 === void 0;
function isStr(v3) {
  return typeof v3 == "string";
}
function isObj(v3) {
  let is2 = false;
  if (v3 != null) {
    let c = v3.constructor;
    is2 = c == null || c == Object;
  }
  return is2;
}
function fastIsObj(v3) {
  return v3 != null && typeof v3 == "object";
}
var TypedArray = Object.getPrototypeOf(Uint8Array);
var __proto__ = "__proto__";
function copy(o2, _isObj = isObj) {
  let out;
  if (isArr(o2)) {
    let val = o2.find((v3) => v3 != null);
    if (isArr(val) || _isObj(val)) {
      out = Array(o2.length);
      for (let i = 0; i < o2.length; i++)
        out[i] = copy(o2[i], _isObj);
    } else
      out = o2.slice();
  } else if (o2 instanceof TypedArray)
    out = o2.slice();
  else if (_isObj(o2)) {
    out = {};
    for (let k3 in o2) {
      if (k3 != __proto__)
        out[k3] = copy(o2[k3], _isObj);
    }
  } else
    out = o2;
  return out;
}
function assign(targ) {
  let args = arguments;
  for (let i = 1; i < args.length; i++) {
    let src = args[i];
    for (let key in src) {
      if (key != __proto__) {
        if (isObj(targ[key]))
          assign(targ[key], copy(src[key]));
        else
          targ[key] = copy(src[key]);
      }
    }
  }
  return targ;
}
var NULL_REMOVE = 0;
var NULL_RETAIN = 1;
var NULL_EXPAND = 2;
function nullExpand(yVals, nullIdxs, alignedLen) {
  for (let i = 0, xi2, lastNullIdx = -1; i < nullIdxs.length; i++) {
    let nullIdx = nullIdxs[i];
    if (nullIdx > lastNullIdx) {
      xi2 = nullIdx - 1;
      while (xi2 >= 0 && yVals[xi2] == null)
        yVals[xi2--] = null;
      xi2 = nullIdx + 1;
      while (xi2 < alignedLen && yVals[xi2] == null)
        yVals[lastNullIdx = xi2++] = null;
    }
  }
}
function join(tables, nullModes) {
  if (allHeadersSame(tables)) {
    let table = tables[0].slice();
    for (let i = 1; i < tables.length; i++)
      table.push(...tables[i].slice(1));
    if (!isAsc(table[0]))
      table = sortCols(table);
    return table;
  }
  let xVals = /* @__PURE__ */ new Set();
  for (let ti2 = 0; ti2 < tables.length; ti2++) {
    let t = tables[ti2];
    let xs2 = t[0];
    let len = xs2.length;
    for (let i = 0; i < len; i++)
      xVals.add(xs2[i]);
  }
  let data = [Array.from(xVals).sort((a, b2) => a - b2)];
  let alignedLen = data[0].length;
  let xIdxs = /* @__PURE__ */ new Map();
  for (let i = 0; i < alignedLen; i++)
    xIdxs.set(data[0][i], i);
  for (let ti2 = 0; ti2 < tables.length; ti2++) {
    let t = tables[ti2];
    let xs2 = t[0];
    for (let si2 = 1; si2 < t.length; si2++) {
      let ys2 = t[si2];
      let yVals = Array(alignedLen).fill(void 0);
      let nullMode = nullModes ? nullModes[ti2][si2] : NULL_RETAIN;
      let nullIdxs = [];
      for (let i = 0; i < ys2.length; i++) {
        let yVal = ys2[i];
        let alignedIdx = xIdxs.get(xs2[i]);
        if (yVal === null) {
          if (nullMode != NULL_REMOVE) {
            yVals[alignedIdx] = yVal;
            if (nullMode == NULL_EXPAND)
              nullIdxs.push(alignedIdx);
          }
        } else
          yVals[alignedIdx] = yVal;
      }
      nullExpand(yVals, nullIdxs, alignedLen);
      data.push(yVals);
    }
  }
  return data;
}
var microTask = typeof queueMicrotask == "undefined" ? (fn2) => Promise.resolve().then(fn2) : queueMicrotask;
function sortCols(table) {
  let head = table[0];
  let rlen = head.length;
  let idxs = Array(rlen);
  for (let i = 0; i < idxs.length; i++)
    idxs[i] = i;
  idxs.sort((i0, i1) => head[i0] - head[i1]);
  let table2 = [];
  for (let i = 0; i < table.length; i++) {
    let row = table[i];
    let row2 = Array(rlen);
    for (let j3 = 0; j3 < rlen; j3++)
      row2[j3] = row[idxs[j3]];
    table2.push(row2);
  }
  return table2;
}
function allHeadersSame(tables) {
  let vals0 = tables[0][0];
  let len0 = vals0.length;
  for (let i = 1; i < tables.length; i++) {
    let vals1 = tables[i][0];
    if (vals1.length != len0)
      return false;
    if (vals1 != vals0) {
      for (let j3 = 0; j3 < len0; j3++) {
        if (vals1[j3] != vals0[j3])
          return false;
      }
    }
  }
  return true;
}
function isAsc(vals, samples = 100) {
  const len = vals.length;
  if (len <= 1)
    return true;
  let firstIdx = 0;
  let lastIdx = len - 1;
  while (firstIdx <= lastIdx && vals[firstIdx] == null)
    firstIdx++;
  while (lastIdx >= firstIdx && vals[lastIdx] == null)
    lastIdx--;
  if (lastIdx <= firstIdx)
    return true;
  const stride = max(1, floor((lastIdx - firstIdx + 1) / samples));
  for (let prevVal = vals[firstIdx], i = firstIdx + stride; i <= lastIdx; i += stride) {
    const v3 = vals[i];
    if (v3 != null) {
      if (v3 <= prevVal)
        return false;
      prevVal = v3;
    }
  }
  return true;
}
var months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
];
var days = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday"
];
function slice3(str) {
  return str.slice(0, 3);
}
var days3 = days.map(slice3);
var months3 = months.map(slice3);
var engNames = {
  MMMM: months,
  MMM: months3,
  WWWW: days,
  WWW: days3
};
function zeroPad2(int2) {
  return (int2 < 10 ? "0" : "") + int2;
}
function zeroPad3(int2) {
  return (int2 < 10 ? "00" : int2 < 100 ? "0" : "") + int2;
}
var subs = {
  // 2019
  YYYY: (d) => d.getFullYear(),
  // 19
  YY: (d) => (d.getFullYear() + "").slice(2),
  // July
  MMMM: (d, names) => names.MMMM[d.getMonth()],
  // Jul
  MMM: (d, names) => names.MMM[d.getMonth()],
  // 07
  MM: (d) => zeroPad2(d.getMonth() + 1),
  // 7
  M: (d) => d.getMonth() + 1,
  // 09
  DD: (d) => zeroPad2(d.getDate()),
  // 9
  D: (d) => d.getDate(),
  // Monday
  WWWW: (d, names) => names.WWWW[d.getDay()],
  // Mon
  WWW: (d, names) => names.WWW[d.getDay()],
  // 03
  HH: (d) => zeroPad2(d.getHours()),
  // 3
  H: (d) => d.getHours(),
  // 9 (12hr, unpadded)
  h: (d) => {
    let h3 = d.getHours();
    return h3 == 0 ? 12 : h3 > 12 ? h3 - 12 : h3;
  },
  // AM
  AA: (d) => d.getHours() >= 12 ? "PM" : "AM",
  // am
  aa: (d) => d.getHours() >= 12 ? "pm" : "am",
  // a
  a: (d) => d.getHours() >= 12 ? "p" : "a",
  // 09
  mm: (d) => zeroPad2(d.getMinutes()),
  // 9
  m: (d) => d.getMinutes(),
  // 09
  ss: (d) => zeroPad2(d.getSeconds()),
  // 9
  s: (d) => d.getSeconds(),
  // 374
  fff: (d) => zeroPad3(d.getMilliseconds())
};
function fmtDate(tpl, names) {
  names = names || engNames;
  let parts = [];
  let R = /\{([a-z]+)\}|[^{]+/gi, m;
  while (m = R.exec(tpl))
    parts.push(m[0][0] == "{" ? subs[m[1]] : m[0]);
  return (d) => {
    let out = "";
    for (let i = 0; i < parts.length; i++)
      out += typeof parts[i] == "string" ? parts[i] : parts[i](d, names);
    return out;
  };
}
var localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;
function tzDate(date, tz) {
  let date2;
  if (tz == "UTC" || tz == "Etc/UTC")
    date2 = new Date(+date + date.getTimezoneOffset() * 6e4);
  else if (tz == localTz)
    date2 = date;
  else {
    date2 = new Date(date.toLocaleString("en-US", { timeZone: tz }));
    date2.setMilliseconds(date.getMilliseconds());
  }
  return date2;
}
var onlyWhole = (v3) => v3 % 1 == 0;
var allMults = [1, 2, 2.5, 5];
var decIncrs = genIncrs(10, -32, 0, allMults);
var oneIncrs = genIncrs(10, 0, 32, allMults);
var wholeIncrs = oneIncrs.filter(onlyWhole);
var numIncrs = decIncrs.concat(oneIncrs);
var NL = "\n";
var yyyy = "{YYYY}";
var NLyyyy = NL + yyyy;
var md = "{M}/{D}";
var NLmd = NL + md;
var NLmdyy = NLmd + "/{YY}";
var aa2 = "{aa}";
var hmm = "{h}:{mm}";
var hmmaa = hmm + aa2;
var NLhmmaa = NL + hmmaa;
var ss2 = ":{ss}";
var _3 = null;
function genTimeStuffs(ms2) {
  let s15 = ms2 * 1e3, m = s15 * 60, h3 = m * 60, d = h3 * 24, mo2 = d * 30, y = d * 365;
  let subSecIncrs = ms2 == 1 ? genIncrs(10, 0, 3, allMults).filter(onlyWhole) : genIncrs(10, -3, 0, allMults);
  let timeIncrs = subSecIncrs.concat([
    // minute divisors (# of secs)
    s15,
    s15 * 5,
    s15 * 10,
    s15 * 15,
    s15 * 30,
    // hour divisors (# of mins)
    m,
    m * 5,
    m * 10,
    m * 15,
    m * 30,
    // day divisors (# of hrs)
    h3,
    h3 * 2,
    h3 * 3,
    h3 * 4,
    h3 * 6,
    h3 * 8,
    h3 * 12,
    // month divisors TODO: need more?
    d,
    d * 2,
    d * 3,
    d * 4,
    d * 5,
    d * 6,
    d * 7,
    d * 8,
    d * 9,
    d * 10,
    d * 15,
    // year divisors (# months, approx)
    mo2,
    mo2 * 2,
    mo2 * 3,
    mo2 * 4,
    mo2 * 6,
    // century divisors
    y,
    y * 2,
    y * 5,
    y * 10,
    y * 25,
    y * 50,
    y * 100
  ]);
  const _timeAxisStamps = [
    //   tick incr    default          year                    month   day                   hour    min       sec   mode
    [y, yyyy, _3, _3, _3, _3, _3, _3, 1],
    [d * 28, "{MMM}", NLyyyy, _3, _3, _3, _3, _3, 1],
    [d, md, NLyyyy, _3, _3, _3, _3, _3, 1],
    [h3, "{h}" + aa2, NLmdyy, _3, NLmd, _3, _3, _3, 1],
    [m, hmmaa, NLmdyy, _3, NLmd, _3, _3, _3, 1],
    [s15, ss2, NLmdyy + " " + hmmaa, _3, NLmd + " " + hmmaa, _3, NLhmmaa, _3, 1],
    [ms2, ss2 + ".{fff}", NLmdyy + " " + hmmaa, _3, NLmd + " " + hmmaa, _3, NLhmmaa, _3, 1]
  ];
  function timeAxisSplits(tzDate2) {
    return (self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace) => {
      let splits = [];
      let isYr = foundIncr >= y;
      let isMo = foundIncr >= mo2 && foundIncr < y;
      let minDate = tzDate2(scaleMin);
      let minDateTs = roundDec(minDate * ms2, 3);
      let minMin = mkDate(minDate.getFullYear(), isYr ? 0 : minDate.getMonth(), isMo || isYr ? 1 : minDate.getDate());
      let minMinTs = roundDec(minMin * ms2, 3);
      if (isMo || isYr) {
        let moIncr = isMo ? foundIncr / mo2 : 0;
        let yrIncr = isYr ? foundIncr / y : 0;
        let split = minDateTs == minMinTs ? minDateTs : roundDec(mkDate(minMin.getFullYear() + yrIncr, minMin.getMonth() + moIncr, 1) * ms2, 3);
        let splitDate = new Date(round(split / ms2));
        let baseYear = splitDate.getFullYear();
        let baseMonth = splitDate.getMonth();
        for (let i = 0; split <= scaleMax; i++) {
          let next = mkDate(baseYear + yrIncr * i, baseMonth + moIncr * i, 1);
          let offs = next - tzDate2(roundDec(next * ms2, 3));
          split = roundDec((+next + offs) * ms2, 3);
          if (split <= scaleMax)
            splits.push(split);
        }
      } else {
        let incr0 = foundIncr >= d ? d : foundIncr;
        let tzOffset = floor(scaleMin) - floor(minDateTs);
        let split = minMinTs + tzOffset + incrRoundUp(minDateTs - minMinTs, incr0);
        splits.push(split);
        let date0 = tzDate2(split);
        let prevHour = date0.getHours() + date0.getMinutes() / m + date0.getSeconds() / h3;
        let incrHours = foundIncr / h3;
        let minSpace = self.axes[axisIdx]._space;
        let pctSpace = foundSpace / minSpace;
        while (1) {
          split = roundDec(split + foundIncr, ms2 == 1 ? 0 : 3);
          if (split > scaleMax)
            break;
          if (incrHours > 1) {
            let expectedHour = floor(roundDec(prevHour + incrHours, 6)) % 24;
            let splitDate = tzDate2(split);
            let actualHour = splitDate.getHours();
            let dstShift = actualHour - expectedHour;
            if (dstShift > 1)
              dstShift = -1;
            split -= dstShift * h3;
            prevHour = (prevHour + incrHours) % 24;
            let prevSplit = splits[splits.length - 1];
            let pctIncr = roundDec((split - prevSplit) / foundIncr, 3);
            if (pctIncr * pctSpace >= 0.7)
              splits.push(split);
          } else
            splits.push(split);
        }
      }
      return splits;
    };
  }
  return [
    timeIncrs,
    _timeAxisStamps,
    timeAxisSplits
  ];
}
var [timeIncrsMs, _timeAxisStampsMs, timeAxisSplitsMs] = genTimeStuffs(1);
var [timeIncrsS, _timeAxisStampsS, timeAxisSplitsS] = genTimeStuffs(1e-3);
genIncrs(2, -53, 53, [1]);
function timeAxisStamps(stampCfg, fmtDate2) {
  return stampCfg.map((s15) => s15.map(
    (v3, i) => i == 0 || i == 8 || v3 == null ? v3 : fmtDate2(i == 1 || s15[8] == 0 ? v3 : s15[1] + v3)
  ));
}
function timeAxisVals(tzDate2, stamps) {
  return (self, splits, axisIdx, foundSpace, foundIncr) => {
    let s15 = stamps.find((s16) => foundIncr >= s16[0]) || stamps[stamps.length - 1];
    let prevYear;
    let prevMnth;
    let prevDate;
    let prevHour;
    let prevMins;
    let prevSecs;
    return splits.map((split) => {
      let date = tzDate2(split);
      let newYear = date.getFullYear();
      let newMnth = date.getMonth();
      let newDate = date.getDate();
      let newHour = date.getHours();
      let newMins = date.getMinutes();
      let newSecs = date.getSeconds();
      let stamp = newYear != prevYear && s15[2] || newMnth != prevMnth && s15[3] || newDate != prevDate && s15[4] || newHour != prevHour && s15[5] || newMins != prevMins && s15[6] || newSecs != prevSecs && s15[7] || s15[1];
      prevYear = newYear;
      prevMnth = newMnth;
      prevDate = newDate;
      prevHour = newHour;
      prevMins = newMins;
      prevSecs = newSecs;
      return stamp(date);
    });
  };
}
function timeAxisVal(tzDate2, dateTpl) {
  let stamp = fmtDate(dateTpl);
  return (self, splits, axisIdx, foundSpace, foundIncr) => splits.map((split) => stamp(tzDate2(split)));
}
function mkDate(y, m, d) {
  return new Date(y, m, d);
}
function timeSeriesStamp(stampCfg, fmtDate2) {
  return fmtDate2(stampCfg);
}
var _timeSeriesStamp = "{YYYY}-{MM}-{DD} {h}:{mm}{aa}";
function timeSeriesVal(tzDate2, stamp) {
  return (self, val, seriesIdx, dataIdx) => dataIdx == null ? LEGEND_DISP : stamp(tzDate2(val));
}
function legendStroke(self, seriesIdx) {
  let s15 = self.series[seriesIdx];
  return s15.width ? s15.stroke(self, seriesIdx) : s15.points.width ? s15.points.stroke(self, seriesIdx) : null;
}
function legendFill(self, seriesIdx) {
  return self.series[seriesIdx].fill(self, seriesIdx);
}
var legendOpts = {
  show: true,
  live: true,
  isolate: false,
  mount: noop,
  markers: {
    show: true,
    width: 2,
    stroke: legendStroke,
    fill: legendFill,
    dash: "solid"
  },
  idx: null,
  idxs: null,
  values: []
};
function cursorPointShow(self, si2) {
  let o2 = self.cursor.points;
  let pt4 = placeDiv();
  let size = o2.size(self, si2);
  setStylePx(pt4, WIDTH, size);
  setStylePx(pt4, HEIGHT, size);
  let mar = size / -2;
  setStylePx(pt4, "marginLeft", mar);
  setStylePx(pt4, "marginTop", mar);
  let width = o2.width(self, si2, size);
  width && setStylePx(pt4, "borderWidth", width);
  return pt4;
}
function cursorPointFill(self, si2) {
  let sp = self.series[si2].points;
  return sp._fill || sp._stroke;
}
function cursorPointStroke(self, si2) {
  let sp = self.series[si2].points;
  return sp._stroke || sp._fill;
}
function cursorPointSize(self, si2) {
  let sp = self.series[si2].points;
  return sp.size;
}
var moveTuple = [0, 0];
function cursorMove(self, mouseLeft1, mouseTop1) {
  moveTuple[0] = mouseLeft1;
  moveTuple[1] = mouseTop1;
  return moveTuple;
}
function filtBtn0(self, targ, handle, onlyTarg = true) {
  return (e) => {
    e.button == 0 && (!onlyTarg || e.target == targ) && handle(e);
  };
}
function filtTarg(self, targ, handle, onlyTarg = true) {
  return (e) => {
    (!onlyTarg || e.target == targ) && handle(e);
  };
}
var cursorOpts = {
  show: true,
  x: true,
  y: true,
  lock: false,
  move: cursorMove,
  points: {
    one: false,
    show: cursorPointShow,
    size: cursorPointSize,
    width: 0,
    stroke: cursorPointStroke,
    fill: cursorPointFill
  },
  bind: {
    mousedown: filtBtn0,
    mouseup: filtBtn0,
    click: filtBtn0,
    // legend clicks, not .u-over clicks
    dblclick: filtBtn0,
    mousemove: filtTarg,
    mouseleave: filtTarg,
    mouseenter: filtTarg
  },
  drag: {
    setScale: true,
    x: true,
    y: false,
    dist: 0,
    uni: null,
    click: (self, e) => {
      e.stopPropagation();
      e.stopImmediatePropagation();
    },
    _x: false,
    _y: false
  },
  focus: {
    dist: (self, seriesIdx, dataIdx, valPos, curPos) => valPos - curPos,
    prox: -1,
    bias: 0
  },
  hover: {
    skip: [void 0],
    prox: null,
    bias: 0
  },
  left: -10,
  top: -10,
  idx: null,
  dataIdx: null,
  idxs: null,
  event: null
};
var axisLines = {
  show: true,
  stroke: "rgba(0,0,0,0.07)",
  width: 2
  //	dash: [],
};
var grid = assign({}, axisLines, {
  filter: retArg1
});
var ticks = assign({}, grid, {
  size: 10
});
var border = assign({}, axisLines, {
  show: false
});
var font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"';
var labelFont = "bold " + font;
var lineGap = 1.5;
var xAxisOpts = {
  show: true,
  scale: "x",
  stroke: hexBlack,
  space: 50,
  gap: 5,
  alignTo: 1,
  size: 50,
  labelGap: 0,
  labelSize: 30,
  labelFont,
  side: 2,
  //	class: "x-vals",
  //	incrs: timeIncrs,
  //	values: timeVals,
  //	filter: retArg1,
  grid,
  ticks,
  border,
  font,
  lineGap,
  rotate: 0
};
var numSeriesLabel = "Value";
var timeSeriesLabel = "Time";
var xSeriesOpts = {
  show: true,
  scale: "x",
  auto: false,
  sorted: 1,
  //	label: "Time",
  //	value: v => stamp(new Date(v * 1e3)),
  // internal caches
  min: inf,
  max: -inf,
  idxs: []
};
function numAxisVals(self, splits, axisIdx, foundSpace, foundIncr) {
  return splits.map((v3) => v3 == null ? "" : fmtNum(v3));
}
function numAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  let splits = [];
  let numDec = fixedDec.get(foundIncr) || 0;
  scaleMin = forceMin ? scaleMin : roundDec(incrRoundUp(scaleMin, foundIncr), numDec);
  for (let val = scaleMin; val <= scaleMax; val = roundDec(val + foundIncr, numDec))
    splits.push(Object.is(val, -0) ? 0 : val);
  return splits;
}
function logAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  const splits = [];
  const logBase = self.scales[self.axes[axisIdx].scale].log;
  const logFn = logBase == 10 ? log10 : log2;
  const exp = floor(logFn(scaleMin));
  foundIncr = pow(logBase, exp);
  if (logBase == 10)
    foundIncr = numIncrs[closestIdx(foundIncr, numIncrs)];
  let split = scaleMin;
  let nextMagIncr = foundIncr * logBase;
  if (logBase == 10)
    nextMagIncr = numIncrs[closestIdx(nextMagIncr, numIncrs)];
  do {
    splits.push(split);
    split = split + foundIncr;
    if (logBase == 10 && !fixedDec.has(split))
      split = roundDec(split, fixedDec.get(foundIncr));
    if (split >= nextMagIncr) {
      foundIncr = split;
      nextMagIncr = foundIncr * logBase;
      if (logBase == 10)
        nextMagIncr = numIncrs[closestIdx(nextMagIncr, numIncrs)];
    }
  } while (split <= scaleMax);
  return splits;
}
function asinhAxisSplits(self, axisIdx, scaleMin, scaleMax, foundIncr, foundSpace, forceMin) {
  let sc2 = self.scales[self.axes[axisIdx].scale];
  let linthresh = sc2.asinh;
  let posSplits = scaleMax > linthresh ? logAxisSplits(self, axisIdx, max(linthresh, scaleMin), scaleMax, foundIncr) : [linthresh];
  let zero = scaleMax >= 0 && scaleMin <= 0 ? [0] : [];
  let negSplits = scaleMin < -linthresh ? logAxisSplits(self, axisIdx, max(linthresh, -scaleMax), -scaleMin, foundIncr) : [linthresh];
  return negSplits.reverse().map((v3) => -v3).concat(zero, posSplits);
}
var RE_ALL = /./;
var RE_12357 = /[12357]/;
var RE_125 = /[125]/;
var RE_1 = /1/;
var _filt = (splits, distr, re2, keepMod) => splits.map((v3, i) => distr == 4 && v3 == 0 || i % keepMod == 0 && re2.test(v3.toExponential()[v3 < 0 ? 1 : 0]) ? v3 : null);
function log10AxisValsFilt(self, splits, axisIdx, foundSpace, foundIncr) {
  let axis = self.axes[axisIdx];
  let scaleKey = axis.scale;
  let sc2 = self.scales[scaleKey];
  let valToPos = self.valToPos;
  let minSpace = axis._space;
  let _10 = valToPos(10, scaleKey);
  let re2 = valToPos(9, scaleKey) - _10 >= minSpace ? RE_ALL : valToPos(7, scaleKey) - _10 >= minSpace ? RE_12357 : valToPos(5, scaleKey) - _10 >= minSpace ? RE_125 : RE_1;
  if (re2 == RE_1) {
    let magSpace = abs(valToPos(1, scaleKey) - _10);
    if (magSpace < minSpace)
      return _filt(splits.slice().reverse(), sc2.distr, re2, ceil(minSpace / magSpace)).reverse();
  }
  return _filt(splits, sc2.distr, re2, 1);
}
function log2AxisValsFilt(self, splits, axisIdx, foundSpace, foundIncr) {
  let axis = self.axes[axisIdx];
  let scaleKey = axis.scale;
  let minSpace = axis._space;
  let valToPos = self.valToPos;
  let magSpace = abs(valToPos(1, scaleKey) - valToPos(2, scaleKey));
  if (magSpace < minSpace)
    return _filt(splits.slice().reverse(), 3, RE_ALL, ceil(minSpace / magSpace)).reverse();
  return splits;
}
function numSeriesVal(self, val, seriesIdx, dataIdx) {
  return dataIdx == null ? LEGEND_DISP : val == null ? "" : fmtNum(val);
}
var yAxisOpts = {
  show: true,
  scale: "y",
  stroke: hexBlack,
  space: 30,
  gap: 5,
  alignTo: 1,
  size: 50,
  labelGap: 0,
  labelSize: 30,
  labelFont,
  side: 3,
  //	class: "y-vals",
  //	incrs: numIncrs,
  //	values: (vals, space) => vals,
  //	filter: retArg1,
  grid,
  ticks,
  border,
  font,
  lineGap,
  rotate: 0
};
function ptDia(width, mult) {
  let dia = 3 + (width || 1) * 2;
  return roundDec(dia * mult, 3);
}
function seriesPointsShow(self, si2) {
  let { scale, idxs } = self.series[0];
  let xData = self._data[0];
  let p0 = self.valToPos(xData[idxs[0]], scale, true);
  let p1 = self.valToPos(xData[idxs[1]], scale, true);
  let dim = abs(p1 - p0);
  let s15 = self.series[si2];
  let maxPts = dim / (s15.points.space * pxRatio);
  return idxs[1] - idxs[0] <= maxPts;
}
var facet = {
  scale: null,
  auto: true,
  sorted: 0,
  // internal caches
  min: inf,
  max: -inf
};
var gaps = (self, seriesIdx, idx0, idx1, nullGaps) => nullGaps;
var xySeriesOpts = {
  show: true,
  auto: true,
  sorted: 0,
  gaps,
  alpha: 1,
  facets: [
    assign({}, facet, { scale: "x" }),
    assign({}, facet, { scale: "y" })
  ]
};
var ySeriesOpts = {
  scale: "y",
  auto: true,
  sorted: 0,
  show: true,
  spanGaps: false,
  gaps,
  alpha: 1,
  points: {
    show: seriesPointsShow,
    filter: null
    //  paths:
    //	stroke: "#000",
    //	fill: "#fff",
    //	width: 1,
    //	size: 10,
  },
  //	label: "Value",
  //	value: v => v,
  values: null,
  // internal caches
  min: inf,
  max: -inf,
  idxs: [],
  path: null,
  clip: null
};
function clampScale(self, val, scaleMin, scaleMax, scaleKey) {
  return scaleMin / 10;
}
var xScaleOpts = {
  time: FEAT_TIME,
  auto: true,
  distr: 1,
  log: 10,
  asinh: 1,
  min: null,
  max: null,
  dir: 1,
  ori: 0
};
var yScaleOpts = assign({}, xScaleOpts, {
  time: false,
  ori: 1
});
var syncs = {};
function _sync(key, opts) {
  let s15 = syncs[key];
  if (!s15) {
    s15 = {
      key,
      plots: [],
      sub(plot) {
        s15.plots.push(plot);
      },
      unsub(plot) {
        s15.plots = s15.plots.filter((c) => c != plot);
      },
      pub(type, self, x, y, w2, h3, i) {
        for (let j3 = 0; j3 < s15.plots.length; j3++)
          s15.plots[j3] != self && s15.plots[j3].pub(type, self, x, y, w2, h3, i);
      }
    };
    if (key != null)
      syncs[key] = s15;
  }
  return s15;
}
var BAND_CLIP_FILL = 1 << 0;
var BAND_CLIP_STROKE = 1 << 1;
function orient(u, seriesIdx, cb) {
  const mode = u.mode;
  const series = u.series[seriesIdx];
  const data = mode == 2 ? u._data[seriesIdx] : u._data;
  const scales = u.scales;
  const bbox = u.bbox;
  let dx = data[0], dy = mode == 2 ? data[1] : data[seriesIdx], sx = mode == 2 ? scales[series.facets[0].scale] : scales[u.series[0].scale], sy = mode == 2 ? scales[series.facets[1].scale] : scales[series.scale], l2 = bbox.left, t = bbox.top, w2 = bbox.width, h3 = bbox.height, H3 = u.valToPosH, V3 = u.valToPosV;
  return sx.ori == 0 ? cb(
    series,
    dx,
    dy,
    sx,
    sy,
    H3,
    V3,
    l2,
    t,
    w2,
    h3,
    moveToH,
    lineToH,
    rectH,
    arcH,
    bezierCurveToH
  ) : cb(
    series,
    dx,
    dy,
    sx,
    sy,
    V3,
    H3,
    t,
    l2,
    h3,
    w2,
    moveToV,
    lineToV,
    rectV,
    arcV,
    bezierCurveToV
  );
}
function bandFillClipDirs(self, seriesIdx) {
  let fillDir = 0;
  let clipDirs = 0;
  let bands = ifNull(self.bands, EMPTY_ARR);
  for (let i = 0; i < bands.length; i++) {
    let b2 = bands[i];
    if (b2.series[0] == seriesIdx)
      fillDir = b2.dir;
    else if (b2.series[1] == seriesIdx) {
      if (b2.dir == 1)
        clipDirs |= 1;
      else
        clipDirs |= 2;
    }
  }
  return [
    fillDir,
    clipDirs == 1 ? -1 : (
      // neg only
      clipDirs == 2 ? 1 : (
        // pos only
        clipDirs == 3 ? 2 : (
          // both
          0
        )
      )
    )
  ];
}
function seriesFillTo(self, seriesIdx, dataMin, dataMax, bandFillDir) {
  let mode = self.mode;
  let series = self.series[seriesIdx];
  let scaleKey = mode == 2 ? series.facets[1].scale : series.scale;
  let scale = self.scales[scaleKey];
  return bandFillDir == -1 ? scale.min : bandFillDir == 1 ? scale.max : scale.distr == 3 ? scale.dir == 1 ? scale.min : scale.max : 0;
}
function clipBandLine(self, seriesIdx, idx0, idx1, strokePath, clipDir) {
  return orient(self, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
    let pxRound = series.pxRound;
    const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
    const lineTo = scaleX.ori == 0 ? lineToH : lineToV;
    let frIdx, toIdx;
    if (dir == 1) {
      frIdx = idx0;
      toIdx = idx1;
    } else {
      frIdx = idx1;
      toIdx = idx0;
    }
    let x0 = pxRound(valToPosX(dataX[frIdx], scaleX, xDim, xOff));
    let y0 = pxRound(valToPosY(dataY[frIdx], scaleY, yDim, yOff));
    let x1 = pxRound(valToPosX(dataX[toIdx], scaleX, xDim, xOff));
    let yLimit = pxRound(valToPosY(clipDir == 1 ? scaleY.max : scaleY.min, scaleY, yDim, yOff));
    let clip = new Path2D(strokePath);
    lineTo(clip, x1, yLimit);
    lineTo(clip, x0, yLimit);
    lineTo(clip, x0, y0);
    return clip;
  });
}
function clipGaps(gaps2, ori, plotLft, plotTop, plotWid, plotHgt) {
  let clip = null;
  if (gaps2.length > 0) {
    clip = new Path2D();
    const rect2 = ori == 0 ? rectH : rectV;
    let prevGapEnd = plotLft;
    for (let i = 0; i < gaps2.length; i++) {
      let g2 = gaps2[i];
      if (g2[1] > g2[0]) {
        let w3 = g2[0] - prevGapEnd;
        w3 > 0 && rect2(clip, prevGapEnd, plotTop, w3, plotTop + plotHgt);
        prevGapEnd = g2[1];
      }
    }
    let w2 = plotLft + plotWid - prevGapEnd;
    let maxStrokeWidth = 10;
    w2 > 0 && rect2(clip, prevGapEnd, plotTop - maxStrokeWidth / 2, w2, plotTop + plotHgt + maxStrokeWidth);
  }
  return clip;
}
function addGap(gaps2, fromX, toX) {
  let prevGap = gaps2[gaps2.length - 1];
  if (prevGap && prevGap[0] == fromX)
    prevGap[1] = toX;
  else
    gaps2.push([fromX, toX]);
}
function findGaps(xs2, ys2, idx0, idx1, dir, pixelForX, align) {
  let gaps2 = [];
  let len = xs2.length;
  for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
    let yVal = ys2[i];
    if (yVal === null) {
      let fr2 = i, to = i;
      if (dir == 1) {
        while (++i <= idx1 && ys2[i] === null)
          to = i;
      } else {
        while (--i >= idx0 && ys2[i] === null)
          to = i;
      }
      let frPx = pixelForX(xs2[fr2]);
      let toPx = to == fr2 ? frPx : pixelForX(xs2[to]);
      let fri2 = fr2 - dir;
      let frPx2 = align <= 0 && fri2 >= 0 && fri2 < len ? pixelForX(xs2[fri2]) : frPx;
      frPx = frPx2;
      let toi2 = to + dir;
      let toPx2 = align >= 0 && toi2 >= 0 && toi2 < len ? pixelForX(xs2[toi2]) : toPx;
      toPx = toPx2;
      if (toPx >= frPx)
        gaps2.push([frPx, toPx]);
    }
  }
  return gaps2;
}
function pxRoundGen(pxAlign) {
  return pxAlign == 0 ? retArg0 : pxAlign == 1 ? round : (v3) => incrRound(v3, pxAlign);
}
function rect(ori) {
  let moveTo = ori == 0 ? moveToH : moveToV;
  let arcTo = ori == 0 ? (p, x1, y1, x2, y2, r4) => {
    p.arcTo(x1, y1, x2, y2, r4);
  } : (p, y1, x1, y2, x2, r4) => {
    p.arcTo(x1, y1, x2, y2, r4);
  };
  let rect2 = ori == 0 ? (p, x, y, w2, h3) => {
    p.rect(x, y, w2, h3);
  } : (p, y, x, h3, w2) => {
    p.rect(x, y, w2, h3);
  };
  return (p, x, y, w2, h3, endRad = 0, baseRad = 0) => {
    if (endRad == 0 && baseRad == 0)
      rect2(p, x, y, w2, h3);
    else {
      endRad = min(endRad, w2 / 2, h3 / 2);
      baseRad = min(baseRad, w2 / 2, h3 / 2);
      moveTo(p, x + endRad, y);
      arcTo(p, x + w2, y, x + w2, y + h3, endRad);
      arcTo(p, x + w2, y + h3, x, y + h3, baseRad);
      arcTo(p, x, y + h3, x, y, baseRad);
      arcTo(p, x, y, x + w2, y, endRad);
      p.closePath();
    }
  };
}
var moveToH = (p, x, y) => {
  p.moveTo(x, y);
};
var moveToV = (p, y, x) => {
  p.moveTo(x, y);
};
var lineToH = (p, x, y) => {
  p.lineTo(x, y);
};
var lineToV = (p, y, x) => {
  p.lineTo(x, y);
};
var rectH = rect(0);
var rectV = rect(1);
var arcH = (p, x, y, r4, startAngle, endAngle) => {
  p.arc(x, y, r4, startAngle, endAngle);
};
var arcV = (p, y, x, r4, startAngle, endAngle) => {
  p.arc(x, y, r4, startAngle, endAngle);
};
var bezierCurveToH = (p, bp1x, bp1y, bp2x, bp2y, p2x, p2y) => {
  p.bezierCurveTo(bp1x, bp1y, bp2x, bp2y, p2x, p2y);
};
var bezierCurveToV = (p, bp1y, bp1x, bp2y, bp2x, p2y, p2x) => {
  p.bezierCurveTo(bp1x, bp1y, bp2x, bp2y, p2x, p2y);
};
function points(opts) {
  return (u, seriesIdx, idx0, idx1, filtIdxs) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      let { pxRound, points: points2 } = series;
      let moveTo, arc;
      if (scaleX.ori == 0) {
        moveTo = moveToH;
        arc = arcH;
      } else {
        moveTo = moveToV;
        arc = arcV;
      }
      const width = roundDec(points2.width * pxRatio, 3);
      let rad = (points2.size - points2.width) / 2 * pxRatio;
      let dia = roundDec(rad * 2, 3);
      let fill = new Path2D();
      let clip = new Path2D();
      let { left: lft, top, width: wid, height: hgt } = u.bbox;
      rectH(
        clip,
        lft - dia,
        top - dia,
        wid + dia * 2,
        hgt + dia * 2
      );
      const drawPoint = (pi) => {
        if (dataY[pi] != null) {
          let x = pxRound(valToPosX(dataX[pi], scaleX, xDim, xOff));
          let y = pxRound(valToPosY(dataY[pi], scaleY, yDim, yOff));
          moveTo(fill, x + rad, y);
          arc(fill, x, y, rad, 0, PI * 2);
        }
      };
      if (filtIdxs)
        filtIdxs.forEach(drawPoint);
      else {
        for (let pi = idx0; pi <= idx1; pi++)
          drawPoint(pi);
      }
      return {
        stroke: width > 0 ? fill : null,
        fill,
        clip,
        flags: BAND_CLIP_FILL | BAND_CLIP_STROKE
      };
    });
  };
}
function _drawAcc(lineTo) {
  return (stroke, accX, minY, maxY, inY, outY) => {
    if (minY != maxY) {
      if (inY != minY && outY != minY)
        lineTo(stroke, accX, minY);
      if (inY != maxY && outY != maxY)
        lineTo(stroke, accX, maxY);
      lineTo(stroke, accX, outY);
    }
  };
}
var drawAccH = _drawAcc(lineToH);
var drawAccV = _drawAcc(lineToV);
function linear(opts) {
  const alignGaps = ifNull(opts?.alignGaps, 0);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let lineTo, drawAcc;
      if (scaleX.ori == 0) {
        lineTo = lineToH;
        drawAcc = drawAccH;
      } else {
        lineTo = lineToV;
        drawAcc = drawAccV;
      }
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      const _paths = { stroke: new Path2D(), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      let hasGap = false;
      const decimate = idx1 - idx0 >= xDim * 4;
      if (decimate) {
        let xForPixel = (pos) => u.posToVal(pos, scaleX.key, true);
        let minY = null, maxY = null, inY, outY, drawnAtX;
        let accX = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
        let idx0px = pixelForX(dataX[idx0]);
        let idx1px = pixelForX(dataX[idx1]);
        let nextAccXVal = xForPixel(dir == 1 ? idx0px + 1 : idx1px - 1);
        for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
          let xVal = dataX[i];
          let reuseAccX = dir == 1 ? xVal < nextAccXVal : xVal > nextAccXVal;
          let x = reuseAccX ? accX : pixelForX(xVal);
          let yVal = dataY[i];
          if (x == accX) {
            if (yVal != null) {
              outY = yVal;
              if (minY == null) {
                lineTo(stroke, x, pixelForY(outY));
                inY = minY = maxY = outY;
              } else {
                if (outY < minY)
                  minY = outY;
                else if (outY > maxY)
                  maxY = outY;
              }
            } else {
              if (yVal === null)
                hasGap = true;
            }
          } else {
            if (minY != null)
              drawAcc(stroke, accX, pixelForY(minY), pixelForY(maxY), pixelForY(inY), pixelForY(outY));
            if (yVal != null) {
              outY = yVal;
              lineTo(stroke, x, pixelForY(outY));
              minY = maxY = inY = outY;
            } else {
              minY = maxY = null;
              if (yVal === null)
                hasGap = true;
            }
            accX = x;
            nextAccXVal = xForPixel(accX + dir);
          }
        }
        if (minY != null && minY != maxY && drawnAtX != accX)
          drawAcc(stroke, accX, pixelForY(minY), pixelForY(maxY), pixelForY(inY), pixelForY(outY));
      } else {
        for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
          let yVal = dataY[i];
          if (yVal === null)
            hasGap = true;
          else if (yVal != null)
            lineTo(stroke, pixelForX(dataX[i]), pixelForY(yVal));
        }
      }
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillToVal = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillToVal);
        let frX = pixelForX(dataX[idx0]);
        let toX = pixelForX(dataX[idx1]);
        if (dir == -1)
          [toX, frX] = [frX, toX];
        lineTo(fill, toX, fillToY);
        lineTo(fill, frX, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        hasGap && gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function stepped(opts) {
  const align = ifNull(opts.align, 1);
  const ascDesc = ifNull(opts.ascDesc, false);
  const alignGaps = ifNull(opts.alignGaps, 0);
  const extend = ifNull(opts.extend, false);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let { left, width } = u.bbox;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let lineTo = scaleX.ori == 0 ? lineToH : lineToV;
      const _paths = { stroke: new Path2D(), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let prevYPos = pixelForY(dataY[dir == 1 ? idx0 : idx1]);
      let firstXPos = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
      let prevXPos = firstXPos;
      let firstXPosExt = firstXPos;
      if (extend && align == -1) {
        firstXPosExt = left;
        lineTo(stroke, firstXPosExt, prevYPos);
      }
      lineTo(stroke, firstXPos, prevYPos);
      for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
        let yVal1 = dataY[i];
        if (yVal1 == null)
          continue;
        let x1 = pixelForX(dataX[i]);
        let y1 = pixelForY(yVal1);
        if (align == 1)
          lineTo(stroke, x1, prevYPos);
        else
          lineTo(stroke, prevXPos, y1);
        lineTo(stroke, x1, y1);
        prevYPos = y1;
        prevXPos = x1;
      }
      let prevXPosExt = prevXPos;
      if (extend && align == 1) {
        prevXPosExt = left + width;
        lineTo(stroke, prevXPosExt, prevYPos);
      }
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillTo);
        lineTo(fill, prevXPosExt, fillToY);
        lineTo(fill, firstXPosExt, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        let halfStroke = series.width * pxRatio / 2;
        let startsOffset = ascDesc || align == 1 ? halfStroke : -halfStroke;
        let endsOffset = ascDesc || align == -1 ? -halfStroke : halfStroke;
        gaps2.forEach((g2) => {
          g2[0] += startsOffset;
          g2[1] += endsOffset;
        });
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid = inf) {
  if (dataX.length > 1) {
    let prevIdx = null;
    for (let i = 0, minDelta = Infinity; i < dataX.length; i++) {
      if (dataY[i] !== void 0) {
        if (prevIdx != null) {
          let delta = abs(dataX[i] - dataX[prevIdx]);
          if (delta < minDelta) {
            minDelta = delta;
            colWid = abs(valToPosX(dataX[i], scaleX, xDim, xOff) - valToPosX(dataX[prevIdx], scaleX, xDim, xOff));
          }
        }
        prevIdx = i;
      }
    }
  }
  return colWid;
}
function bars(opts) {
  opts = opts || EMPTY_OBJ;
  const size = ifNull(opts.size, [0.6, inf, 1]);
  const align = opts.align || 0;
  const _extraGap = opts.gap || 0;
  let ro2 = opts.radius;
  ro2 = // [valueRadius, baselineRadius]
  ro2 == null ? [0, 0] : typeof ro2 == "number" ? [ro2, 0] : ro2;
  const radiusFn = fnOrSelf(ro2);
  const gapFactor = 1 - size[0];
  const _maxWidth = ifNull(size[1], inf);
  const _minWidth = ifNull(size[2], 1);
  const disp = ifNull(opts.disp, EMPTY_OBJ);
  const _each = ifNull(opts.each, (_4) => {
  });
  const { fill: dispFills, stroke: dispStrokes } = disp;
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      let pxRound = series.pxRound;
      let _align = align;
      let extraGap = _extraGap * pxRatio;
      let maxWidth = _maxWidth * pxRatio;
      let minWidth = _minWidth * pxRatio;
      let valRadius, baseRadius;
      if (scaleX.ori == 0)
        [valRadius, baseRadius] = radiusFn(u, seriesIdx);
      else
        [baseRadius, valRadius] = radiusFn(u, seriesIdx);
      const _dirX = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let rect2 = scaleX.ori == 0 ? rectH : rectV;
      let each = scaleX.ori == 0 ? _each : (u2, seriesIdx2, i, top, lft, hgt, wid) => {
        _each(u2, seriesIdx2, i, lft, top, wid, hgt);
      };
      let band = ifNull(u.bands, EMPTY_ARR).find((b2) => b2.series[0] == seriesIdx);
      let fillDir = band != null ? band.dir : 0;
      let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, fillDir);
      let fillToY = pxRound(valToPosY(fillTo, scaleY, yDim, yOff));
      let xShift, barWid, fullGap, colWid = xDim;
      let strokeWidth = pxRound(series.width * pxRatio);
      let multiPath = false;
      let fillColors = null;
      let fillPaths = null;
      let strokeColors = null;
      let strokePaths = null;
      if (dispFills != null && (strokeWidth == 0 || dispStrokes != null)) {
        multiPath = true;
        fillColors = dispFills.values(u, seriesIdx, idx0, idx1);
        fillPaths = /* @__PURE__ */ new Map();
        new Set(fillColors).forEach((color) => {
          if (color != null)
            fillPaths.set(color, new Path2D());
        });
        if (strokeWidth > 0) {
          strokeColors = dispStrokes.values(u, seriesIdx, idx0, idx1);
          strokePaths = /* @__PURE__ */ new Map();
          new Set(strokeColors).forEach((color) => {
            if (color != null)
              strokePaths.set(color, new Path2D());
          });
        }
      }
      let { x0, size: size2 } = disp;
      if (x0 != null && size2 != null) {
        _align = 1;
        dataX = x0.values(u, seriesIdx, idx0, idx1);
        if (x0.unit == 2)
          dataX = dataX.map((pct) => u.posToVal(xOff + pct * xDim, scaleX.key, true));
        let sizes = size2.values(u, seriesIdx, idx0, idx1);
        if (size2.unit == 2)
          barWid = sizes[0] * xDim;
        else
          barWid = valToPosX(sizes[0], scaleX, xDim, xOff) - valToPosX(0, scaleX, xDim, xOff);
        colWid = findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid);
        let gapWid = colWid - barWid;
        fullGap = gapWid + extraGap;
      } else {
        colWid = findColWidth(dataX, dataY, valToPosX, scaleX, xDim, xOff, colWid);
        let gapWid = colWid * gapFactor;
        fullGap = gapWid + extraGap;
        barWid = colWid - fullGap;
      }
      if (fullGap < 1)
        fullGap = 0;
      if (strokeWidth >= barWid / 2)
        strokeWidth = 0;
      if (fullGap < 5)
        pxRound = retArg0;
      let insetStroke = fullGap > 0;
      let rawBarWid = colWid - fullGap - (insetStroke ? strokeWidth : 0);
      barWid = pxRound(clamp(rawBarWid, minWidth, maxWidth));
      xShift = (_align == 0 ? barWid / 2 : _align == _dirX ? 0 : barWid) - _align * _dirX * ((_align == 0 ? extraGap / 2 : 0) + (insetStroke ? strokeWidth / 2 : 0));
      const _paths = { stroke: null, fill: null, clip: null, band: null, gaps: null, flags: 0 };
      const stroke = multiPath ? null : new Path2D();
      let dataY0 = null;
      if (band != null)
        dataY0 = u.data[band.series[1]];
      else {
        let { y0, y1 } = disp;
        if (y0 != null && y1 != null) {
          dataY = y1.values(u, seriesIdx, idx0, idx1);
          dataY0 = y0.values(u, seriesIdx, idx0, idx1);
        }
      }
      let radVal = valRadius * barWid;
      let radBase = baseRadius * barWid;
      for (let i = _dirX == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += _dirX) {
        let yVal = dataY[i];
        if (yVal == null)
          continue;
        if (dataY0 != null) {
          let yVal0 = dataY0[i] ?? 0;
          if (yVal - yVal0 == 0)
            continue;
          fillToY = valToPosY(yVal0, scaleY, yDim, yOff);
        }
        let xVal = scaleX.distr != 2 || disp != null ? dataX[i] : i;
        let xPos = valToPosX(xVal, scaleX, xDim, xOff);
        let yPos = valToPosY(ifNull(yVal, fillTo), scaleY, yDim, yOff);
        let lft = pxRound(xPos - xShift);
        let btm = pxRound(max(yPos, fillToY));
        let top = pxRound(min(yPos, fillToY));
        let barHgt = btm - top;
        if (yVal != null) {
          let rv = yVal < 0 ? radBase : radVal;
          let rb = yVal < 0 ? radVal : radBase;
          if (multiPath) {
            if (strokeWidth > 0 && strokeColors[i] != null)
              rect2(strokePaths.get(strokeColors[i]), lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
            if (fillColors[i] != null)
              rect2(fillPaths.get(fillColors[i]), lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
          } else
            rect2(stroke, lft, top + floor(strokeWidth / 2), barWid, max(0, barHgt - strokeWidth), rv, rb);
          each(
            u,
            seriesIdx,
            i,
            lft - strokeWidth / 2,
            top,
            barWid + strokeWidth,
            barHgt
          );
        }
      }
      if (strokeWidth > 0)
        _paths.stroke = multiPath ? strokePaths : stroke;
      else if (!multiPath) {
        _paths._fill = series.width == 0 ? series._fill : series._stroke ?? series._fill;
        _paths.width = 0;
      }
      _paths.fill = multiPath ? fillPaths : stroke;
      return _paths;
    });
  };
}
function splineInterp(interp, opts) {
  const alignGaps = ifNull(opts?.alignGaps, 0);
  return (u, seriesIdx, idx0, idx1) => {
    return orient(u, seriesIdx, (series, dataX, dataY, scaleX, scaleY, valToPosX, valToPosY, xOff, yOff, xDim, yDim) => {
      [idx0, idx1] = nonNullIdxs(dataY, idx0, idx1);
      let pxRound = series.pxRound;
      let pixelForX = (val) => pxRound(valToPosX(val, scaleX, xDim, xOff));
      let pixelForY = (val) => pxRound(valToPosY(val, scaleY, yDim, yOff));
      let moveTo, bezierCurveTo, lineTo;
      if (scaleX.ori == 0) {
        moveTo = moveToH;
        lineTo = lineToH;
        bezierCurveTo = bezierCurveToH;
      } else {
        moveTo = moveToV;
        lineTo = lineToV;
        bezierCurveTo = bezierCurveToV;
      }
      const dir = scaleX.dir * (scaleX.ori == 0 ? 1 : -1);
      let firstXPos = pixelForX(dataX[dir == 1 ? idx0 : idx1]);
      let prevXPos = firstXPos;
      let xCoords = [];
      let yCoords = [];
      for (let i = dir == 1 ? idx0 : idx1; i >= idx0 && i <= idx1; i += dir) {
        let yVal = dataY[i];
        if (yVal != null) {
          let xVal = dataX[i];
          let xPos = pixelForX(xVal);
          xCoords.push(prevXPos = xPos);
          yCoords.push(pixelForY(dataY[i]));
        }
      }
      const _paths = { stroke: interp(xCoords, yCoords, moveTo, lineTo, bezierCurveTo, pxRound), fill: null, clip: null, band: null, gaps: null, flags: BAND_CLIP_FILL };
      const stroke = _paths.stroke;
      let [bandFillDir, bandClipDir] = bandFillClipDirs(u, seriesIdx);
      if (series.fill != null || bandFillDir != 0) {
        let fill = _paths.fill = new Path2D(stroke);
        let fillTo = series.fillTo(u, seriesIdx, series.min, series.max, bandFillDir);
        let fillToY = pixelForY(fillTo);
        lineTo(fill, prevXPos, fillToY);
        lineTo(fill, firstXPos, fillToY);
      }
      if (!series.spanGaps) {
        let gaps2 = [];
        gaps2.push(...findGaps(dataX, dataY, idx0, idx1, dir, pixelForX, alignGaps));
        _paths.gaps = gaps2 = series.gaps(u, seriesIdx, idx0, idx1, gaps2);
        _paths.clip = clipGaps(gaps2, scaleX.ori, xOff, yOff, xDim, yDim);
      }
      if (bandClipDir != 0) {
        _paths.band = bandClipDir == 2 ? [
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, -1),
          clipBandLine(u, seriesIdx, idx0, idx1, stroke, 1)
        ] : clipBandLine(u, seriesIdx, idx0, idx1, stroke, bandClipDir);
      }
      return _paths;
    });
  };
}
function monotoneCubic(opts) {
  return splineInterp(_monotoneCubic, opts);
}
function _monotoneCubic(xs2, ys2, moveTo, lineTo, bezierCurveTo, pxRound) {
  const n = xs2.length;
  if (n < 2)
    return null;
  const path = new Path2D();
  moveTo(path, xs2[0], ys2[0]);
  if (n == 2)
    lineTo(path, xs2[1], ys2[1]);
  else {
    let ms2 = Array(n), ds2 = Array(n - 1), dys = Array(n - 1), dxs = Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      dys[i] = ys2[i + 1] - ys2[i];
      dxs[i] = xs2[i + 1] - xs2[i];
      ds2[i] = dys[i] / dxs[i];
    }
    ms2[0] = ds2[0];
    for (let i = 1; i < n - 1; i++) {
      if (ds2[i] === 0 || ds2[i - 1] === 0 || ds2[i - 1] > 0 !== ds2[i] > 0)
        ms2[i] = 0;
      else {
        ms2[i] = 3 * (dxs[i - 1] + dxs[i]) / ((2 * dxs[i] + dxs[i - 1]) / ds2[i - 1] + (dxs[i] + 2 * dxs[i - 1]) / ds2[i]);
        if (!isFinite(ms2[i]))
          ms2[i] = 0;
      }
    }
    ms2[n - 1] = ds2[n - 2];
    for (let i = 0; i < n - 1; i++) {
      bezierCurveTo(
        path,
        xs2[i] + dxs[i] / 3,
        ys2[i] + ms2[i] * dxs[i] / 3,
        xs2[i + 1] - dxs[i] / 3,
        ys2[i + 1] - ms2[i + 1] * dxs[i] / 3,
        xs2[i + 1],
        ys2[i + 1]
      );
    }
  }
  return path;
}
var cursorPlots = /* @__PURE__ */ new Set();
function invalidateRects() {
  for (let u of cursorPlots)
    u.syncRect(true);
}
if (domEnv) {
  on2(resize, win, invalidateRects);
  on2(scroll, win, invalidateRects, true);
  on2(dppxchange, win, () => {
    uPlot.pxRatio = pxRatio;
  });
}
var linearPath = linear();
var pointsPath = points();
function setDefaults(d, xo, yo2, initY) {
  let d2 = initY ? [d[0], d[1]].concat(d.slice(2)) : [d[0]].concat(d.slice(1));
  return d2.map((o2, i) => setDefault(o2, i, xo, yo2));
}
function setDefaults2(d, xyo) {
  return d.map((o2, i) => i == 0 ? {} : assign({}, xyo, o2));
}
function setDefault(o2, i, xo, yo2) {
  return assign({}, i == 0 ? xo : yo2, o2);
}
function snapNumX(self, dataMin, dataMax) {
  return dataMin == null ? nullNullTuple : [dataMin, dataMax];
}
var snapTimeX = snapNumX;
function snapNumY(self, dataMin, dataMax) {
  return dataMin == null ? nullNullTuple : rangeNum(dataMin, dataMax, rangePad, true);
}
function snapLogY(self, dataMin, dataMax, scale) {
  return dataMin == null ? nullNullTuple : rangeLog(dataMin, dataMax, self.scales[scale].log, false);
}
var snapLogX = snapLogY;
function snapAsinhY(self, dataMin, dataMax, scale) {
  return dataMin == null ? nullNullTuple : rangeAsinh(dataMin, dataMax, self.scales[scale].log, false);
}
var snapAsinhX = snapAsinhY;
function findIncr(minVal, maxVal, incrs, dim, minSpace) {
  let intDigits = max(numIntDigits(minVal), numIntDigits(maxVal));
  let delta = maxVal - minVal;
  let incrIdx = closestIdx(minSpace / dim * delta, incrs);
  do {
    let foundIncr = incrs[incrIdx];
    let foundSpace = dim * foundIncr / delta;
    if (foundSpace >= minSpace && intDigits + (foundIncr < 5 ? fixedDec.get(foundIncr) : 0) <= 17)
      return [foundIncr, foundSpace];
  } while (++incrIdx < incrs.length);
  return [0, 0];
}
function pxRatioFont(font2) {
  let fontSize, fontSizeCss;
  font2 = font2.replace(/(\d+)px/, (m, p1) => (fontSize = round((fontSizeCss = +p1) * pxRatio)) + "px");
  return [font2, fontSize, fontSizeCss];
}
function syncFontSize(axis) {
  if (axis.show) {
    [axis.font, axis.labelFont].forEach((f) => {
      let size = roundDec(f[2] * pxRatio, 1);
      f[0] = f[0].replace(/[0-9.]+px/, size + "px");
      f[1] = size;
    });
  }
}
function uPlot(opts, data, then) {
  const self = {
    mode: ifNull(opts.mode, 1)
  };
  const mode = self.mode;
  function getHPos(val, scale, dim, off2) {
    let pct = scale.valToPct(val);
    return off2 + dim * (scale.dir == -1 ? 1 - pct : pct);
  }
  function getVPos(val, scale, dim, off2) {
    let pct = scale.valToPct(val);
    return off2 + dim * (scale.dir == -1 ? pct : 1 - pct);
  }
  function getPos(val, scale, dim, off2) {
    return scale.ori == 0 ? getHPos(val, scale, dim, off2) : getVPos(val, scale, dim, off2);
  }
  self.valToPosH = getHPos;
  self.valToPosV = getVPos;
  let ready = false;
  self.status = 0;
  const root = self.root = placeDiv(UPLOT);
  if (opts.id != null)
    root.id = opts.id;
  addClass(root, opts.class);
  if (opts.title) {
    let title = placeDiv(TITLE, root);
    title.textContent = opts.title;
  }
  const can = placeTag("canvas");
  const ctx = self.ctx = can.getContext("2d");
  const wrap = placeDiv(WRAP, root);
  on2("click", wrap, (e) => {
    if (e.target === over) {
      let didDrag = mouseLeft1 != mouseLeft0 || mouseTop1 != mouseTop0;
      didDrag && drag.click(self, e);
    }
  }, true);
  const under = self.under = placeDiv(UNDER, wrap);
  wrap.appendChild(can);
  const over = self.over = placeDiv(OVER, wrap);
  opts = copy(opts);
  const pxAlign = +ifNull(opts.pxAlign, 1);
  const pxRound = pxRoundGen(pxAlign);
  (opts.plugins || []).forEach((p) => {
    if (p.opts)
      opts = p.opts(self, opts) || opts;
  });
  const ms2 = opts.ms || 1e-3;
  const series = self.series = mode == 1 ? setDefaults(opts.series || [], xSeriesOpts, ySeriesOpts, false) : setDefaults2(opts.series || [null], xySeriesOpts);
  const axes = self.axes = setDefaults(opts.axes || [], xAxisOpts, yAxisOpts, true);
  const scales = self.scales = {};
  const bands = self.bands = opts.bands || [];
  bands.forEach((b2) => {
    b2.fill = fnOrSelf(b2.fill || null);
    b2.dir = ifNull(b2.dir, -1);
  });
  const xScaleKey = mode == 2 ? series[1].facets[0].scale : series[0].scale;
  const drawOrderMap = {
    axes: drawAxesGrid,
    series: drawSeries
  };
  const drawOrder = (opts.drawOrder || ["axes", "series"]).map((key2) => drawOrderMap[key2]);
  function initValToPct(sc2) {
    const getVal = sc2.distr == 3 ? (val) => log10(val > 0 ? val : sc2.clamp(self, val, sc2.min, sc2.max, sc2.key)) : sc2.distr == 4 ? (val) => asinh(val, sc2.asinh) : sc2.distr == 100 ? (val) => sc2.fwd(val) : (val) => val;
    return (val) => {
      let _val = getVal(val);
      let { _min, _max } = sc2;
      let delta = _max - _min;
      return (_val - _min) / delta;
    };
  }
  function initScale(scaleKey) {
    let sc2 = scales[scaleKey];
    if (sc2 == null) {
      let scaleOpts = (opts.scales || EMPTY_OBJ)[scaleKey] || EMPTY_OBJ;
      if (scaleOpts.from != null) {
        initScale(scaleOpts.from);
        let sc3 = assign({}, scales[scaleOpts.from], scaleOpts, { key: scaleKey });
        sc3.valToPct = initValToPct(sc3);
        scales[scaleKey] = sc3;
      } else {
        sc2 = scales[scaleKey] = assign({}, scaleKey == xScaleKey ? xScaleOpts : yScaleOpts, scaleOpts);
        sc2.key = scaleKey;
        let isTime = sc2.time;
        let rn2 = sc2.range;
        let rangeIsArr = isArr(rn2);
        if (scaleKey != xScaleKey || mode == 2 && !isTime) {
          if (rangeIsArr && (rn2[0] == null || rn2[1] == null)) {
            rn2 = {
              min: rn2[0] == null ? autoRangePart : {
                mode: 1,
                hard: rn2[0],
                soft: rn2[0]
              },
              max: rn2[1] == null ? autoRangePart : {
                mode: 1,
                hard: rn2[1],
                soft: rn2[1]
              }
            };
            rangeIsArr = false;
          }
          if (!rangeIsArr && isObj(rn2)) {
            let cfg = rn2;
            rn2 = (self2, dataMin, dataMax) => dataMin == null ? nullNullTuple : rangeNum(dataMin, dataMax, cfg);
          }
        }
        sc2.range = fnOrSelf(rn2 || (isTime ? snapTimeX : scaleKey == xScaleKey ? sc2.distr == 3 ? snapLogX : sc2.distr == 4 ? snapAsinhX : snapNumX : sc2.distr == 3 ? snapLogY : sc2.distr == 4 ? snapAsinhY : snapNumY));
        sc2.auto = fnOrSelf(rangeIsArr ? false : sc2.auto);
        sc2.clamp = fnOrSelf(sc2.clamp || clampScale);
        sc2._min = sc2._max = null;
        sc2.valToPct = initValToPct(sc2);
      }
    }
  }
  initScale("x");
  initScale("y");
  if (mode == 1) {
    series.forEach((s15) => {
      initScale(s15.scale);
    });
  }
  axes.forEach((a) => {
    initScale(a.scale);
  });
  for (let k3 in opts.scales)
    initScale(k3);
  const scaleX = scales[xScaleKey];
  const xScaleDistr = scaleX.distr;
  let valToPosX, valToPosY;
  if (scaleX.ori == 0) {
    addClass(root, ORI_HZ);
    valToPosX = getHPos;
    valToPosY = getVPos;
  } else {
    addClass(root, ORI_VT);
    valToPosX = getVPos;
    valToPosY = getHPos;
  }
  const pendScales = {};
  for (let k3 in scales) {
    let sc2 = scales[k3];
    if (sc2.min != null || sc2.max != null) {
      pendScales[k3] = { min: sc2.min, max: sc2.max };
      sc2.min = sc2.max = null;
    }
  }
  const _tzDate = opts.tzDate || ((ts2) => new Date(round(ts2 / ms2)));
  const _fmtDate = opts.fmtDate || fmtDate;
  const _timeAxisSplits = ms2 == 1 ? timeAxisSplitsMs(_tzDate) : timeAxisSplitsS(_tzDate);
  const _timeAxisVals = timeAxisVals(_tzDate, timeAxisStamps(ms2 == 1 ? _timeAxisStampsMs : _timeAxisStampsS, _fmtDate));
  const _timeSeriesVal = timeSeriesVal(_tzDate, timeSeriesStamp(_timeSeriesStamp, _fmtDate));
  const activeIdxs = [];
  const legend = self.legend = assign({}, legendOpts, opts.legend);
  const cursor = self.cursor = assign({}, cursorOpts, { drag: { y: mode == 2 } }, opts.cursor);
  const showLegend = legend.show;
  const showCursor = cursor.show;
  const markers = legend.markers;
  {
    legend.idxs = activeIdxs;
    markers.width = fnOrSelf(markers.width);
    markers.dash = fnOrSelf(markers.dash);
    markers.stroke = fnOrSelf(markers.stroke);
    markers.fill = fnOrSelf(markers.fill);
  }
  let legendTable;
  let legendHead;
  let legendBody;
  let legendRows = [];
  let legendCells = [];
  let legendCols;
  let multiValLegend = false;
  let NULL_LEGEND_VALUES = {};
  if (legend.live) {
    const getMultiVals = series[1] ? series[1].values : null;
    multiValLegend = getMultiVals != null;
    legendCols = multiValLegend ? getMultiVals(self, 1, 0) : { _: 0 };
    for (let k3 in legendCols)
      NULL_LEGEND_VALUES[k3] = LEGEND_DISP;
  }
  if (showLegend) {
    legendTable = placeTag("table", LEGEND, root);
    legendBody = placeTag("tbody", null, legendTable);
    legend.mount(self, legendTable);
    if (multiValLegend) {
      legendHead = placeTag("thead", null, legendTable, legendBody);
      let head = placeTag("tr", null, legendHead);
      placeTag("th", null, head);
      for (var key in legendCols)
        placeTag("th", LEGEND_LABEL, head).textContent = key;
    } else {
      addClass(legendTable, LEGEND_INLINE);
      legend.live && addClass(legendTable, LEGEND_LIVE);
    }
  }
  const son = { show: true };
  const soff = { show: false };
  function initLegendRow(s15, i) {
    if (i == 0 && (multiValLegend || !legend.live || mode == 2))
      return nullNullTuple;
    let cells = [];
    let row = placeTag("tr", LEGEND_SERIES, legendBody, legendBody.childNodes[i]);
    addClass(row, s15.class);
    if (!s15.show)
      addClass(row, OFF);
    let label = placeTag("th", null, row);
    if (markers.show) {
      let indic = placeDiv(LEGEND_MARKER, label);
      if (i > 0) {
        let width = markers.width(self, i);
        if (width)
          indic.style.border = width + "px " + markers.dash(self, i) + " " + markers.stroke(self, i);
        indic.style.background = markers.fill(self, i);
      }
    }
    let text = placeDiv(LEGEND_LABEL, label);
    if (s15.label instanceof HTMLElement)
      text.appendChild(s15.label);
    else
      text.textContent = s15.label;
    if (i > 0) {
      if (!markers.show)
        text.style.color = s15.width > 0 ? markers.stroke(self, i) : markers.fill(self, i);
      onMouse("click", label, (e) => {
        if (cursor._lock)
          return;
        setCursorEvent(e);
        let seriesIdx = series.indexOf(s15);
        if ((e.ctrlKey || e.metaKey) != legend.isolate) {
          let isolate = series.some((s16, i2) => i2 > 0 && i2 != seriesIdx && s16.show);
          series.forEach((s16, i2) => {
            i2 > 0 && setSeries(i2, isolate ? i2 == seriesIdx ? son : soff : son, true, syncOpts.setSeries);
          });
        } else
          setSeries(seriesIdx, { show: !s15.show }, true, syncOpts.setSeries);
      }, false);
      if (cursorFocus) {
        onMouse(mouseenter, label, (e) => {
          if (cursor._lock)
            return;
          setCursorEvent(e);
          setSeries(series.indexOf(s15), FOCUS_TRUE, true, syncOpts.setSeries);
        }, false);
      }
    }
    for (var key2 in legendCols) {
      let v3 = placeTag("td", LEGEND_VALUE, row);
      v3.textContent = "--";
      cells.push(v3);
    }
    return [row, cells];
  }
  const mouseListeners = /* @__PURE__ */ new Map();
  function onMouse(ev, targ, fn2, onlyTarg = true) {
    const targListeners = mouseListeners.get(targ) || {};
    const listener = cursor.bind[ev](self, targ, fn2, onlyTarg);
    if (listener) {
      on2(ev, targ, targListeners[ev] = listener);
      mouseListeners.set(targ, targListeners);
    }
  }
  function offMouse(ev, targ, fn2) {
    const targListeners = mouseListeners.get(targ) || {};
    for (let k3 in targListeners) {
      if (ev == null || k3 == ev) {
        off(k3, targ, targListeners[k3]);
        delete targListeners[k3];
      }
    }
    if (ev == null)
      mouseListeners.delete(targ);
  }
  let fullWidCss = 0;
  let fullHgtCss = 0;
  let plotWidCss = 0;
  let plotHgtCss = 0;
  let plotLftCss = 0;
  let plotTopCss = 0;
  let _plotLftCss = plotLftCss;
  let _plotTopCss = plotTopCss;
  let _plotWidCss = plotWidCss;
  let _plotHgtCss = plotHgtCss;
  let plotLft = 0;
  let plotTop = 0;
  let plotWid = 0;
  let plotHgt = 0;
  self.bbox = {};
  let shouldSetScales = false;
  let shouldSetSize = false;
  let shouldConvergeSize = false;
  let shouldSetCursor = false;
  let shouldSetSelect = false;
  let shouldSetLegend = false;
  function _setSize(width, height, force) {
    if (force || (width != self.width || height != self.height))
      calcSize(width, height);
    resetYSeries(false);
    shouldConvergeSize = true;
    shouldSetSize = true;
    commit();
  }
  function calcSize(width, height) {
    self.width = fullWidCss = plotWidCss = width;
    self.height = fullHgtCss = plotHgtCss = height;
    plotLftCss = plotTopCss = 0;
    calcPlotRect();
    calcAxesRects();
    let bb = self.bbox;
    plotLft = bb.left = incrRound(plotLftCss * pxRatio, 0.5);
    plotTop = bb.top = incrRound(plotTopCss * pxRatio, 0.5);
    plotWid = bb.width = incrRound(plotWidCss * pxRatio, 0.5);
    plotHgt = bb.height = incrRound(plotHgtCss * pxRatio, 0.5);
  }
  const CYCLE_LIMIT = 3;
  function convergeSize() {
    let converged = false;
    let cycleNum = 0;
    while (!converged) {
      cycleNum++;
      let axesConverged = axesCalc(cycleNum);
      let paddingConverged = paddingCalc(cycleNum);
      converged = cycleNum == CYCLE_LIMIT || axesConverged && paddingConverged;
      if (!converged) {
        calcSize(self.width, self.height);
        shouldSetSize = true;
      }
    }
  }
  function setSize({ width, height }) {
    _setSize(width, height);
  }
  self.setSize = setSize;
  function calcPlotRect() {
    let hasTopAxis = false;
    let hasBtmAxis = false;
    let hasRgtAxis = false;
    let hasLftAxis = false;
    axes.forEach((axis, i) => {
      if (axis.show && axis._show) {
        let { side, _size } = axis;
        let isVt = side % 2;
        let labelSize = axis.label != null ? axis.labelSize : 0;
        let fullSize = _size + labelSize;
        if (fullSize > 0) {
          if (isVt) {
            plotWidCss -= fullSize;
            if (side == 3) {
              plotLftCss += fullSize;
              hasLftAxis = true;
            } else
              hasRgtAxis = true;
          } else {
            plotHgtCss -= fullSize;
            if (side == 0) {
              plotTopCss += fullSize;
              hasTopAxis = true;
            } else
              hasBtmAxis = true;
          }
        }
      }
    });
    sidesWithAxes[0] = hasTopAxis;
    sidesWithAxes[1] = hasRgtAxis;
    sidesWithAxes[2] = hasBtmAxis;
    sidesWithAxes[3] = hasLftAxis;
    plotWidCss -= _padding[1] + _padding[3];
    plotLftCss += _padding[3];
    plotHgtCss -= _padding[2] + _padding[0];
    plotTopCss += _padding[0];
  }
  function calcAxesRects() {
    let off1 = plotLftCss + plotWidCss;
    let off2 = plotTopCss + plotHgtCss;
    let off3 = plotLftCss;
    let off0 = plotTopCss;
    function incrOffset(side, size) {
      switch (side) {
        case 1:
          off1 += size;
          return off1 - size;
        case 2:
          off2 += size;
          return off2 - size;
        case 3:
          off3 -= size;
          return off3 + size;
        case 0:
          off0 -= size;
          return off0 + size;
      }
    }
    axes.forEach((axis, i) => {
      if (axis.show && axis._show) {
        let side = axis.side;
        axis._pos = incrOffset(side, axis._size);
        if (axis.label != null)
          axis._lpos = incrOffset(side, axis.labelSize);
      }
    });
  }
  if (cursor.dataIdx == null) {
    let hov = cursor.hover;
    let skip = hov.skip = new Set(hov.skip ?? []);
    skip.add(void 0);
    let prox = hov.prox = fnOrSelf(hov.prox);
    let bias = hov.bias ??= 0;
    cursor.dataIdx = (self2, seriesIdx, cursorIdx, valAtPosX) => {
      if (seriesIdx == 0)
        return cursorIdx;
      let idx2 = cursorIdx;
      let _prox = prox(self2, seriesIdx, cursorIdx, valAtPosX) ?? inf;
      let withProx = _prox >= 0 && _prox < inf;
      let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss;
      let cursorLft = cursor.left;
      let xValues = data[0];
      let yValues = data[seriesIdx];
      if (skip.has(yValues[cursorIdx])) {
        idx2 = null;
        let nonNullLft = null, nonNullRgt = null, j3;
        if (bias == 0 || bias == -1) {
          j3 = cursorIdx;
          while (nonNullLft == null && j3-- > 0) {
            if (!skip.has(yValues[j3]))
              nonNullLft = j3;
          }
        }
        if (bias == 0 || bias == 1) {
          j3 = cursorIdx;
          while (nonNullRgt == null && j3++ < yValues.length) {
            if (!skip.has(yValues[j3]))
              nonNullRgt = j3;
          }
        }
        if (nonNullLft != null || nonNullRgt != null) {
          if (withProx) {
            let lftPos = nonNullLft == null ? -Infinity : valToPosX(xValues[nonNullLft], scaleX, xDim, 0);
            let rgtPos = nonNullRgt == null ? Infinity : valToPosX(xValues[nonNullRgt], scaleX, xDim, 0);
            let lftDelta = cursorLft - lftPos;
            let rgtDelta = rgtPos - cursorLft;
            if (lftDelta <= rgtDelta) {
              if (lftDelta <= _prox)
                idx2 = nonNullLft;
            } else {
              if (rgtDelta <= _prox)
                idx2 = nonNullRgt;
            }
          } else {
            idx2 = nonNullRgt == null ? nonNullLft : nonNullLft == null ? nonNullRgt : cursorIdx - nonNullLft <= nonNullRgt - cursorIdx ? nonNullLft : nonNullRgt;
          }
        }
      } else if (withProx) {
        let dist = abs(cursorLft - valToPosX(xValues[cursorIdx], scaleX, xDim, 0));
        if (dist > _prox)
          idx2 = null;
      }
      return idx2;
    };
  }
  const setCursorEvent = (e) => {
    cursor.event = e;
  };
  cursor.idxs = activeIdxs;
  cursor._lock = false;
  let points2 = cursor.points;
  points2.show = fnOrSelf(points2.show);
  points2.size = fnOrSelf(points2.size);
  points2.stroke = fnOrSelf(points2.stroke);
  points2.width = fnOrSelf(points2.width);
  points2.fill = fnOrSelf(points2.fill);
  const focus = self.focus = assign({}, opts.focus || { alpha: 0.3 }, cursor.focus);
  const cursorFocus = focus.prox >= 0;
  const cursorOnePt = cursorFocus && points2.one;
  let cursorPts = [];
  let cursorPtsLft = [];
  let cursorPtsTop = [];
  function initCursorPt(s15, si2) {
    let pt4 = points2.show(self, si2);
    if (pt4 instanceof HTMLElement) {
      addClass(pt4, CURSOR_PT);
      addClass(pt4, s15.class);
      elTrans(pt4, -10, -10, plotWidCss, plotHgtCss);
      over.insertBefore(pt4, cursorPts[si2]);
      return pt4;
    }
  }
  function initSeries(s15, i) {
    if (mode == 1 || i > 0) {
      let isTime = mode == 1 && scales[s15.scale].time;
      let sv = s15.value;
      s15.value = isTime ? isStr(sv) ? timeSeriesVal(_tzDate, timeSeriesStamp(sv, _fmtDate)) : sv || _timeSeriesVal : sv || numSeriesVal;
      s15.label = s15.label || (isTime ? timeSeriesLabel : numSeriesLabel);
    }
    if (cursorOnePt || i > 0) {
      s15.width = s15.width == null ? 1 : s15.width;
      s15.paths = s15.paths || linearPath || retNull;
      s15.fillTo = fnOrSelf(s15.fillTo || seriesFillTo);
      s15.pxAlign = +ifNull(s15.pxAlign, pxAlign);
      s15.pxRound = pxRoundGen(s15.pxAlign);
      s15.stroke = fnOrSelf(s15.stroke || null);
      s15.fill = fnOrSelf(s15.fill || null);
      s15._stroke = s15._fill = s15._paths = s15._focus = null;
      let _ptDia = ptDia(max(1, s15.width), 1);
      let points3 = s15.points = assign({}, {
        size: _ptDia,
        width: max(1, _ptDia * 0.2),
        stroke: s15.stroke,
        space: _ptDia * 2,
        paths: pointsPath,
        _stroke: null,
        _fill: null
      }, s15.points);
      points3.show = fnOrSelf(points3.show);
      points3.filter = fnOrSelf(points3.filter);
      points3.fill = fnOrSelf(points3.fill);
      points3.stroke = fnOrSelf(points3.stroke);
      points3.paths = fnOrSelf(points3.paths);
      points3.pxAlign = s15.pxAlign;
    }
    if (showLegend) {
      let rowCells = initLegendRow(s15, i);
      legendRows.splice(i, 0, rowCells[0]);
      legendCells.splice(i, 0, rowCells[1]);
      legend.values.push(null);
    }
    if (showCursor) {
      activeIdxs.splice(i, 0, null);
      let pt4 = null;
      if (cursorOnePt) {
        if (i == 0)
          pt4 = initCursorPt(s15, i);
      } else if (i > 0)
        pt4 = initCursorPt(s15, i);
      cursorPts.splice(i, 0, pt4);
      cursorPtsLft.splice(i, 0, 0);
      cursorPtsTop.splice(i, 0, 0);
    }
    fire("addSeries", i);
  }
  function addSeries(opts2, si2) {
    si2 = si2 == null ? series.length : si2;
    opts2 = mode == 1 ? setDefault(opts2, si2, xSeriesOpts, ySeriesOpts) : setDefault(opts2, si2, {}, xySeriesOpts);
    series.splice(si2, 0, opts2);
    initSeries(series[si2], si2);
  }
  self.addSeries = addSeries;
  function delSeries(i) {
    series.splice(i, 1);
    if (showLegend) {
      legend.values.splice(i, 1);
      legendCells.splice(i, 1);
      let tr2 = legendRows.splice(i, 1)[0];
      offMouse(null, tr2.firstChild);
      tr2.remove();
    }
    if (showCursor) {
      activeIdxs.splice(i, 1);
      cursorPts.splice(i, 1)[0].remove();
      cursorPtsLft.splice(i, 1);
      cursorPtsTop.splice(i, 1);
    }
    fire("delSeries", i);
  }
  self.delSeries = delSeries;
  const sidesWithAxes = [false, false, false, false];
  function initAxis(axis, i) {
    axis._show = axis.show;
    if (axis.show) {
      let isVt = axis.side % 2;
      let sc2 = scales[axis.scale];
      if (sc2 == null) {
        axis.scale = isVt ? series[1].scale : xScaleKey;
        sc2 = scales[axis.scale];
      }
      let isTime = sc2.time;
      axis.size = fnOrSelf(axis.size);
      axis.space = fnOrSelf(axis.space);
      axis.rotate = fnOrSelf(axis.rotate);
      if (isArr(axis.incrs)) {
        axis.incrs.forEach((incr) => {
          !fixedDec.has(incr) && fixedDec.set(incr, guessDec(incr));
        });
      }
      axis.incrs = fnOrSelf(axis.incrs || (sc2.distr == 2 ? wholeIncrs : isTime ? ms2 == 1 ? timeIncrsMs : timeIncrsS : numIncrs));
      axis.splits = fnOrSelf(axis.splits || (isTime && sc2.distr == 1 ? _timeAxisSplits : sc2.distr == 3 ? logAxisSplits : sc2.distr == 4 ? asinhAxisSplits : numAxisSplits));
      axis.stroke = fnOrSelf(axis.stroke);
      axis.grid.stroke = fnOrSelf(axis.grid.stroke);
      axis.ticks.stroke = fnOrSelf(axis.ticks.stroke);
      axis.border.stroke = fnOrSelf(axis.border.stroke);
      let av = axis.values;
      axis.values = // static array of tick values
      isArr(av) && !isArr(av[0]) ? fnOrSelf(av) : (
        // temporal
        isTime ? (
          // config array of fmtDate string tpls
          isArr(av) ? timeAxisVals(_tzDate, timeAxisStamps(av, _fmtDate)) : (
            // fmtDate string tpl
            isStr(av) ? timeAxisVal(_tzDate, av) : av || _timeAxisVals
          )
        ) : av || numAxisVals
      );
      axis.filter = fnOrSelf(axis.filter || (sc2.distr >= 3 && sc2.log == 10 ? log10AxisValsFilt : sc2.distr == 3 && sc2.log == 2 ? log2AxisValsFilt : retArg1));
      axis.font = pxRatioFont(axis.font);
      axis.labelFont = pxRatioFont(axis.labelFont);
      axis._size = axis.size(self, null, i, 0);
      axis._space = axis._rotate = axis._incrs = axis._found = // foundIncrSpace
      axis._splits = axis._values = null;
      if (axis._size > 0) {
        sidesWithAxes[i] = true;
        axis._el = placeDiv(AXIS, wrap);
      }
    }
  }
  function autoPadSide(self2, side, sidesWithAxes2, cycleNum) {
    let [hasTopAxis, hasRgtAxis, hasBtmAxis, hasLftAxis] = sidesWithAxes2;
    let ori = side % 2;
    let size = 0;
    if (ori == 0 && (hasLftAxis || hasRgtAxis))
      size = side == 0 && !hasTopAxis || side == 2 && !hasBtmAxis ? round(xAxisOpts.size / 3) : 0;
    if (ori == 1 && (hasTopAxis || hasBtmAxis))
      size = side == 1 && !hasRgtAxis || side == 3 && !hasLftAxis ? round(yAxisOpts.size / 2) : 0;
    return size;
  }
  const padding = self.padding = (opts.padding || [autoPadSide, autoPadSide, autoPadSide, autoPadSide]).map((p) => fnOrSelf(ifNull(p, autoPadSide)));
  const _padding = self._padding = padding.map((p, i) => p(self, i, sidesWithAxes, 0));
  let dataLen;
  let i0 = null;
  let i1 = null;
  const idxs = mode == 1 ? series[0].idxs : null;
  let data0 = null;
  let viaAutoScaleX = false;
  function setData(_data, _resetScales) {
    data = _data == null ? [] : _data;
    self.data = self._data = data;
    if (mode == 2) {
      dataLen = 0;
      for (let i = 1; i < series.length; i++)
        dataLen += data[i][0].length;
    } else {
      if (data.length == 0)
        self.data = self._data = data = [[]];
      data0 = data[0];
      dataLen = data0.length;
      let scaleData = data;
      if (xScaleDistr == 2) {
        scaleData = data.slice();
        let _data0 = scaleData[0] = Array(dataLen);
        for (let i = 0; i < dataLen; i++)
          _data0[i] = i;
      }
      self._data = data = scaleData;
    }
    resetYSeries(true);
    fire("setData");
    if (xScaleDistr == 2) {
      shouldConvergeSize = true;
    }
    if (_resetScales !== false) {
      let xsc = scaleX;
      if (xsc.auto(self, viaAutoScaleX))
        autoScaleX();
      else
        _setScale(xScaleKey, xsc.min, xsc.max);
      shouldSetCursor = shouldSetCursor || cursor.left >= 0;
      shouldSetLegend = true;
      commit();
    }
  }
  self.setData = setData;
  function autoScaleX() {
    viaAutoScaleX = true;
    let _min, _max;
    if (mode == 1) {
      if (dataLen > 0) {
        i0 = idxs[0] = 0;
        i1 = idxs[1] = dataLen - 1;
        _min = data[0][i0];
        _max = data[0][i1];
        if (xScaleDistr == 2) {
          _min = i0;
          _max = i1;
        } else if (_min == _max) {
          if (xScaleDistr == 3)
            [_min, _max] = rangeLog(_min, _min, scaleX.log, false);
          else if (xScaleDistr == 4)
            [_min, _max] = rangeAsinh(_min, _min, scaleX.log, false);
          else if (scaleX.time)
            _max = _min + round(86400 / ms2);
          else
            [_min, _max] = rangeNum(_min, _max, rangePad, true);
        }
      } else {
        i0 = idxs[0] = _min = null;
        i1 = idxs[1] = _max = null;
      }
    }
    _setScale(xScaleKey, _min, _max);
  }
  let ctxStroke, ctxFill, ctxWidth, ctxDash, ctxJoin, ctxCap, ctxFont, ctxAlign, ctxBaseline;
  let ctxAlpha;
  function setCtxStyle(stroke, width, dash, cap, fill, join2) {
    stroke ??= transparent;
    dash ??= EMPTY_ARR;
    cap ??= "butt";
    fill ??= transparent;
    join2 ??= "round";
    if (stroke != ctxStroke)
      ctx.strokeStyle = ctxStroke = stroke;
    if (fill != ctxFill)
      ctx.fillStyle = ctxFill = fill;
    if (width != ctxWidth)
      ctx.lineWidth = ctxWidth = width;
    if (join2 != ctxJoin)
      ctx.lineJoin = ctxJoin = join2;
    if (cap != ctxCap)
      ctx.lineCap = ctxCap = cap;
    if (dash != ctxDash)
      ctx.setLineDash(ctxDash = dash);
  }
  function setFontStyle(font2, fill, align, baseline) {
    if (fill != ctxFill)
      ctx.fillStyle = ctxFill = fill;
    if (font2 != ctxFont)
      ctx.font = ctxFont = font2;
    if (align != ctxAlign)
      ctx.textAlign = ctxAlign = align;
    if (baseline != ctxBaseline)
      ctx.textBaseline = ctxBaseline = baseline;
  }
  function accScale(wsc, psc, facet2, data2, sorted = 0) {
    if (data2.length > 0 && wsc.auto(self, viaAutoScaleX) && (psc == null || psc.min == null)) {
      let _i0 = ifNull(i0, 0);
      let _i1 = ifNull(i1, data2.length - 1);
      let minMax = facet2.min == null ? getMinMax(data2, _i0, _i1, sorted, wsc.distr == 3) : [facet2.min, facet2.max];
      wsc.min = min(wsc.min, facet2.min = minMax[0]);
      wsc.max = max(wsc.max, facet2.max = minMax[1]);
    }
  }
  const AUTOSCALE = { min: null, max: null };
  function setScales() {
    for (let k3 in scales) {
      let sc2 = scales[k3];
      if (pendScales[k3] == null && // scales that have never been set (on init)
      (sc2.min == null || // or auto scales when the x scale was explicitly set
      pendScales[xScaleKey] != null && sc2.auto(self, viaAutoScaleX))) {
        pendScales[k3] = AUTOSCALE;
      }
    }
    for (let k3 in scales) {
      let sc2 = scales[k3];
      if (pendScales[k3] == null && sc2.from != null && pendScales[sc2.from] != null)
        pendScales[k3] = AUTOSCALE;
    }
    if (pendScales[xScaleKey] != null)
      resetYSeries(true);
    let wipScales = {};
    for (let k3 in pendScales) {
      let psc = pendScales[k3];
      if (psc != null) {
        let wsc = wipScales[k3] = copy(scales[k3], fastIsObj);
        if (psc.min != null)
          assign(wsc, psc);
        else if (k3 != xScaleKey || mode == 2) {
          if (dataLen == 0 && wsc.from == null) {
            let minMax = wsc.range(self, null, null, k3);
            wsc.min = minMax[0];
            wsc.max = minMax[1];
          } else {
            wsc.min = inf;
            wsc.max = -inf;
          }
        }
      }
    }
    if (dataLen > 0) {
      series.forEach((s15, i) => {
        if (mode == 1) {
          let k3 = s15.scale;
          let psc = pendScales[k3];
          if (psc == null)
            return;
          let wsc = wipScales[k3];
          if (i == 0) {
            let minMax = wsc.range(self, wsc.min, wsc.max, k3);
            wsc.min = minMax[0];
            wsc.max = minMax[1];
            i0 = closestIdx(wsc.min, data[0]);
            i1 = closestIdx(wsc.max, data[0]);
            if (i1 - i0 > 1) {
              if (data[0][i0] < wsc.min)
                i0++;
              if (data[0][i1] > wsc.max)
                i1--;
            }
            s15.min = data0[i0];
            s15.max = data0[i1];
          } else if (s15.show && s15.auto)
            accScale(wsc, psc, s15, data[i], s15.sorted);
          s15.idxs[0] = i0;
          s15.idxs[1] = i1;
        } else {
          if (i > 0) {
            if (s15.show && s15.auto) {
              let [xFacet, yFacet] = s15.facets;
              let xScaleKey2 = xFacet.scale;
              let yScaleKey = yFacet.scale;
              let [xData, yData] = data[i];
              let wscx = wipScales[xScaleKey2];
              let wscy = wipScales[yScaleKey];
              wscx != null && accScale(wscx, pendScales[xScaleKey2], xFacet, xData, xFacet.sorted);
              wscy != null && accScale(wscy, pendScales[yScaleKey], yFacet, yData, yFacet.sorted);
              s15.min = yFacet.min;
              s15.max = yFacet.max;
            }
          }
        }
      });
      for (let k3 in wipScales) {
        let wsc = wipScales[k3];
        let psc = pendScales[k3];
        if (wsc.from == null && (psc == null || psc.min == null)) {
          let minMax = wsc.range(
            self,
            wsc.min == inf ? null : wsc.min,
            wsc.max == -inf ? null : wsc.max,
            k3
          );
          wsc.min = minMax[0];
          wsc.max = minMax[1];
        }
      }
    }
    for (let k3 in wipScales) {
      let wsc = wipScales[k3];
      if (wsc.from != null) {
        let base = wipScales[wsc.from];
        if (base.min == null)
          wsc.min = wsc.max = null;
        else {
          let minMax = wsc.range(self, base.min, base.max, k3);
          wsc.min = minMax[0];
          wsc.max = minMax[1];
        }
      }
    }
    let changed2 = {};
    let anyChanged = false;
    for (let k3 in wipScales) {
      let wsc = wipScales[k3];
      let sc2 = scales[k3];
      if (sc2.min != wsc.min || sc2.max != wsc.max) {
        sc2.min = wsc.min;
        sc2.max = wsc.max;
        let distr = sc2.distr;
        sc2._min = distr == 3 ? log10(sc2.min) : distr == 4 ? asinh(sc2.min, sc2.asinh) : distr == 100 ? sc2.fwd(sc2.min) : sc2.min;
        sc2._max = distr == 3 ? log10(sc2.max) : distr == 4 ? asinh(sc2.max, sc2.asinh) : distr == 100 ? sc2.fwd(sc2.max) : sc2.max;
        changed2[k3] = anyChanged = true;
      }
    }
    if (anyChanged) {
      series.forEach((s15, i) => {
        if (mode == 2) {
          if (i > 0 && changed2.y)
            s15._paths = null;
        } else {
          if (changed2[s15.scale])
            s15._paths = null;
        }
      });
      for (let k3 in changed2) {
        shouldConvergeSize = true;
        fire("setScale", k3);
      }
      if (showCursor && cursor.left >= 0)
        shouldSetCursor = shouldSetLegend = true;
    }
    for (let k3 in pendScales)
      pendScales[k3] = null;
  }
  function getOuterIdxs(ydata) {
    let _i0 = clamp(i0 - 1, 0, dataLen - 1);
    let _i1 = clamp(i1 + 1, 0, dataLen - 1);
    while (ydata[_i0] == null && _i0 > 0)
      _i0--;
    while (ydata[_i1] == null && _i1 < dataLen - 1)
      _i1++;
    return [_i0, _i1];
  }
  function drawSeries() {
    if (dataLen > 0) {
      let shouldAlpha = series.some((s15) => s15._focus) && ctxAlpha != focus.alpha;
      if (shouldAlpha)
        ctx.globalAlpha = ctxAlpha = focus.alpha;
      series.forEach((s15, i) => {
        if (i > 0 && s15.show) {
          cacheStrokeFill(i, false);
          cacheStrokeFill(i, true);
          if (s15._paths == null) {
            let _ctxAlpha = ctxAlpha;
            if (ctxAlpha != s15.alpha)
              ctx.globalAlpha = ctxAlpha = s15.alpha;
            let _idxs = mode == 2 ? [0, data[i][0].length - 1] : getOuterIdxs(data[i]);
            s15._paths = s15.paths(self, i, _idxs[0], _idxs[1]);
            if (ctxAlpha != _ctxAlpha)
              ctx.globalAlpha = ctxAlpha = _ctxAlpha;
          }
        }
      });
      series.forEach((s15, i) => {
        if (i > 0 && s15.show) {
          let _ctxAlpha = ctxAlpha;
          if (ctxAlpha != s15.alpha)
            ctx.globalAlpha = ctxAlpha = s15.alpha;
          s15._paths != null && drawPath(i, false);
          {
            let _gaps = s15._paths != null ? s15._paths.gaps : null;
            let show = s15.points.show(self, i, i0, i1, _gaps);
            let idxs2 = s15.points.filter(self, i, show, _gaps);
            if (show || idxs2) {
              s15.points._paths = s15.points.paths(self, i, i0, i1, idxs2);
              drawPath(i, true);
            }
          }
          if (ctxAlpha != _ctxAlpha)
            ctx.globalAlpha = ctxAlpha = _ctxAlpha;
          fire("drawSeries", i);
        }
      });
      if (shouldAlpha)
        ctx.globalAlpha = ctxAlpha = 1;
    }
  }
  function cacheStrokeFill(si2, _points) {
    let s15 = _points ? series[si2].points : series[si2];
    s15._stroke = s15.stroke(self, si2);
    s15._fill = s15.fill(self, si2);
  }
  function drawPath(si2, _points) {
    let s15 = _points ? series[si2].points : series[si2];
    let {
      stroke,
      fill,
      clip: gapsClip,
      flags,
      _stroke: strokeStyle = s15._stroke,
      _fill: fillStyle = s15._fill,
      _width: width = s15.width
    } = s15._paths;
    width = roundDec(width * pxRatio, 3);
    let boundsClip = null;
    let offset = width % 2 / 2;
    if (_points && fillStyle == null)
      fillStyle = width > 0 ? "#fff" : strokeStyle;
    let _pxAlign = s15.pxAlign == 1 && offset > 0;
    _pxAlign && ctx.translate(offset, offset);
    if (!_points) {
      let lft = plotLft - width / 2, top = plotTop - width / 2, wid = plotWid + width, hgt = plotHgt + width;
      boundsClip = new Path2D();
      boundsClip.rect(lft, top, wid, hgt);
    }
    if (_points)
      strokeFill(strokeStyle, width, s15.dash, s15.cap, fillStyle, stroke, fill, flags, gapsClip);
    else
      fillStroke(si2, strokeStyle, width, s15.dash, s15.cap, fillStyle, stroke, fill, flags, boundsClip, gapsClip);
    _pxAlign && ctx.translate(-offset, -offset);
  }
  function fillStroke(si2, strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip) {
    let didStrokeFill = false;
    flags != 0 && bands.forEach((b2, bi2) => {
      if (b2.series[0] == si2) {
        let lowerEdge = series[b2.series[1]];
        let lowerData = data[b2.series[1]];
        let bandClip = (lowerEdge._paths || EMPTY_OBJ).band;
        if (isArr(bandClip))
          bandClip = b2.dir == 1 ? bandClip[0] : bandClip[1];
        let gapsClip2;
        let _fillStyle = null;
        if (lowerEdge.show && bandClip && hasData(lowerData, i0, i1)) {
          _fillStyle = b2.fill(self, bi2) || fillStyle;
          gapsClip2 = lowerEdge._paths.clip;
        } else
          bandClip = null;
        strokeFill(strokeStyle, lineWidth, lineDash, lineCap, _fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip, gapsClip2, bandClip);
        didStrokeFill = true;
      }
    });
    if (!didStrokeFill)
      strokeFill(strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip);
  }
  const CLIP_FILL_STROKE = BAND_CLIP_FILL | BAND_CLIP_STROKE;
  function strokeFill(strokeStyle, lineWidth, lineDash, lineCap, fillStyle, strokePath, fillPath, flags, boundsClip, gapsClip, gapsClip2, bandClip) {
    setCtxStyle(strokeStyle, lineWidth, lineDash, lineCap, fillStyle);
    if (boundsClip || gapsClip || bandClip) {
      ctx.save();
      boundsClip && ctx.clip(boundsClip);
      gapsClip && ctx.clip(gapsClip);
    }
    if (bandClip) {
      if ((flags & CLIP_FILL_STROKE) == CLIP_FILL_STROKE) {
        ctx.clip(bandClip);
        gapsClip2 && ctx.clip(gapsClip2);
        doFill(fillStyle, fillPath);
        doStroke(strokeStyle, strokePath, lineWidth);
      } else if (flags & BAND_CLIP_STROKE) {
        doFill(fillStyle, fillPath);
        ctx.clip(bandClip);
        doStroke(strokeStyle, strokePath, lineWidth);
      } else if (flags & BAND_CLIP_FILL) {
        ctx.save();
        ctx.clip(bandClip);
        gapsClip2 && ctx.clip(gapsClip2);
        doFill(fillStyle, fillPath);
        ctx.restore();
        doStroke(strokeStyle, strokePath, lineWidth);
      }
    } else {
      doFill(fillStyle, fillPath);
      doStroke(strokeStyle, strokePath, lineWidth);
    }
    if (boundsClip || gapsClip || bandClip)
      ctx.restore();
  }
  function doStroke(strokeStyle, strokePath, lineWidth) {
    if (lineWidth > 0) {
      if (strokePath instanceof Map) {
        strokePath.forEach((strokePath2, strokeStyle2) => {
          ctx.strokeStyle = ctxStroke = strokeStyle2;
          ctx.stroke(strokePath2);
        });
      } else
        strokePath != null && strokeStyle && ctx.stroke(strokePath);
    }
  }
  function doFill(fillStyle, fillPath) {
    if (fillPath instanceof Map) {
      fillPath.forEach((fillPath2, fillStyle2) => {
        ctx.fillStyle = ctxFill = fillStyle2;
        ctx.fill(fillPath2);
      });
    } else
      fillPath != null && fillStyle && ctx.fill(fillPath);
  }
  function getIncrSpace(axisIdx, min2, max2, fullDim) {
    let axis = axes[axisIdx];
    let incrSpace;
    if (fullDim <= 0)
      incrSpace = [0, 0];
    else {
      let minSpace = axis._space = axis.space(self, axisIdx, min2, max2, fullDim);
      let incrs = axis._incrs = axis.incrs(self, axisIdx, min2, max2, fullDim, minSpace);
      incrSpace = findIncr(min2, max2, incrs, fullDim, minSpace);
    }
    return axis._found = incrSpace;
  }
  function drawOrthoLines(offs, filts, ori, side, pos0, len, width, stroke, dash, cap) {
    let offset = width % 2 / 2;
    pxAlign == 1 && ctx.translate(offset, offset);
    setCtxStyle(stroke, width, dash, cap, stroke);
    ctx.beginPath();
    let x0, y0, x1, y1, pos1 = pos0 + (side == 0 || side == 3 ? -len : len);
    if (ori == 0) {
      y0 = pos0;
      y1 = pos1;
    } else {
      x0 = pos0;
      x1 = pos1;
    }
    for (let i = 0; i < offs.length; i++) {
      if (filts[i] != null) {
        if (ori == 0)
          x0 = x1 = offs[i];
        else
          y0 = y1 = offs[i];
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
    }
    ctx.stroke();
    pxAlign == 1 && ctx.translate(-offset, -offset);
  }
  function axesCalc(cycleNum) {
    let converged = true;
    axes.forEach((axis, i) => {
      if (!axis.show)
        return;
      let scale = scales[axis.scale];
      if (scale.min == null) {
        if (axis._show) {
          converged = false;
          axis._show = false;
          resetYSeries(false);
        }
        return;
      } else {
        if (!axis._show) {
          converged = false;
          axis._show = true;
          resetYSeries(false);
        }
      }
      let side = axis.side;
      let ori = side % 2;
      let { min: min2, max: max2 } = scale;
      let [_incr, _space] = getIncrSpace(i, min2, max2, ori == 0 ? plotWidCss : plotHgtCss);
      if (_space == 0)
        return;
      let forceMin = scale.distr == 2;
      let _splits = axis._splits = axis.splits(self, i, min2, max2, _incr, _space, forceMin);
      let splits = scale.distr == 2 ? _splits.map((i2) => data0[i2]) : _splits;
      let incr = scale.distr == 2 ? data0[_splits[1]] - data0[_splits[0]] : _incr;
      let values = axis._values = axis.values(self, axis.filter(self, splits, i, _space, incr), i, _space, incr);
      axis._rotate = side == 2 ? axis.rotate(self, values, i, _space) : 0;
      let oldSize = axis._size;
      axis._size = ceil(axis.size(self, values, i, cycleNum));
      if (oldSize != null && axis._size != oldSize)
        converged = false;
    });
    return converged;
  }
  function paddingCalc(cycleNum) {
    let converged = true;
    padding.forEach((p, i) => {
      let _p = p(self, i, sidesWithAxes, cycleNum);
      if (_p != _padding[i])
        converged = false;
      _padding[i] = _p;
    });
    return converged;
  }
  function drawAxesGrid() {
    for (let i = 0; i < axes.length; i++) {
      let axis = axes[i];
      if (!axis.show || !axis._show)
        continue;
      let side = axis.side;
      let ori = side % 2;
      let x, y;
      let fillStyle = axis.stroke(self, i);
      let shiftDir = side == 0 || side == 3 ? -1 : 1;
      let [_incr, _space] = axis._found;
      if (axis.label != null) {
        let shiftAmt2 = axis.labelGap * shiftDir;
        let baseLpos = round((axis._lpos + shiftAmt2) * pxRatio);
        setFontStyle(axis.labelFont[0], fillStyle, "center", side == 2 ? TOP : BOTTOM);
        ctx.save();
        if (ori == 1) {
          x = y = 0;
          ctx.translate(
            baseLpos,
            round(plotTop + plotHgt / 2)
          );
          ctx.rotate((side == 3 ? -PI : PI) / 2);
        } else {
          x = round(plotLft + plotWid / 2);
          y = baseLpos;
        }
        let _label = isFn(axis.label) ? axis.label(self, i, _incr, _space) : axis.label;
        ctx.fillText(_label, x, y);
        ctx.restore();
      }
      if (_space == 0)
        continue;
      let scale = scales[axis.scale];
      let plotDim = ori == 0 ? plotWid : plotHgt;
      let plotOff = ori == 0 ? plotLft : plotTop;
      let _splits = axis._splits;
      let splits = scale.distr == 2 ? _splits.map((i2) => data0[i2]) : _splits;
      let incr = scale.distr == 2 ? data0[_splits[1]] - data0[_splits[0]] : _incr;
      let ticks2 = axis.ticks;
      let border2 = axis.border;
      let _tickSize = ticks2.show ? ticks2.size : 0;
      let tickSize = round(_tickSize * pxRatio);
      let axisGap = round((axis.alignTo == 2 ? axis._size - _tickSize - axis.gap : axis.gap) * pxRatio);
      let angle = axis._rotate * -PI / 180;
      let basePos = pxRound(axis._pos * pxRatio);
      let shiftAmt = (tickSize + axisGap) * shiftDir;
      let finalPos = basePos + shiftAmt;
      y = ori == 0 ? finalPos : 0;
      x = ori == 1 ? finalPos : 0;
      let font2 = axis.font[0];
      let textAlign = axis.align == 1 ? LEFT : axis.align == 2 ? RIGHT : angle > 0 ? LEFT : angle < 0 ? RIGHT : ori == 0 ? "center" : side == 3 ? RIGHT : LEFT;
      let textBaseline = angle || ori == 1 ? "middle" : side == 2 ? TOP : BOTTOM;
      setFontStyle(font2, fillStyle, textAlign, textBaseline);
      let lineHeight = axis.font[1] * axis.lineGap;
      let canOffs = _splits.map((val) => pxRound(getPos(val, scale, plotDim, plotOff)));
      let _values = axis._values;
      for (let i2 = 0; i2 < _values.length; i2++) {
        let val = _values[i2];
        if (val != null) {
          if (ori == 0)
            x = canOffs[i2];
          else
            y = canOffs[i2];
          val = "" + val;
          let _parts = val.indexOf("\n") == -1 ? [val] : val.split(/\n/gm);
          for (let j3 = 0; j3 < _parts.length; j3++) {
            let text = _parts[j3];
            if (angle) {
              ctx.save();
              ctx.translate(x, y + j3 * lineHeight);
              ctx.rotate(angle);
              ctx.fillText(text, 0, 0);
              ctx.restore();
            } else
              ctx.fillText(text, x, y + j3 * lineHeight);
          }
        }
      }
      if (ticks2.show) {
        drawOrthoLines(
          canOffs,
          ticks2.filter(self, splits, i, _space, incr),
          ori,
          side,
          basePos,
          tickSize,
          roundDec(ticks2.width * pxRatio, 3),
          ticks2.stroke(self, i),
          ticks2.dash,
          ticks2.cap
        );
      }
      let grid2 = axis.grid;
      if (grid2.show) {
        drawOrthoLines(
          canOffs,
          grid2.filter(self, splits, i, _space, incr),
          ori,
          ori == 0 ? 2 : 1,
          ori == 0 ? plotTop : plotLft,
          ori == 0 ? plotHgt : plotWid,
          roundDec(grid2.width * pxRatio, 3),
          grid2.stroke(self, i),
          grid2.dash,
          grid2.cap
        );
      }
      if (border2.show) {
        drawOrthoLines(
          [basePos],
          [1],
          ori == 0 ? 1 : 0,
          ori == 0 ? 1 : 2,
          ori == 1 ? plotTop : plotLft,
          ori == 1 ? plotHgt : plotWid,
          roundDec(border2.width * pxRatio, 3),
          border2.stroke(self, i),
          border2.dash,
          border2.cap
        );
      }
    }
    fire("drawAxes");
  }
  function resetYSeries(minMax) {
    series.forEach((s15, i) => {
      if (i > 0) {
        s15._paths = null;
        if (minMax) {
          if (mode == 1) {
            s15.min = null;
            s15.max = null;
          } else {
            s15.facets.forEach((f) => {
              f.min = null;
              f.max = null;
            });
          }
        }
      }
    });
  }
  let queuedCommit = false;
  let deferHooks = false;
  let hooksQueue = [];
  function flushHooks() {
    deferHooks = false;
    for (let i = 0; i < hooksQueue.length; i++)
      fire(...hooksQueue[i]);
    hooksQueue.length = 0;
  }
  function commit() {
    if (!queuedCommit) {
      microTask(_commit);
      queuedCommit = true;
    }
  }
  function batch(fn2, _deferHooks = false) {
    queuedCommit = true;
    deferHooks = _deferHooks;
    fn2(self);
    _commit();
    if (_deferHooks && hooksQueue.length > 0)
      queueMicrotask(flushHooks);
  }
  self.batch = batch;
  function _commit() {
    if (shouldSetScales) {
      setScales();
      shouldSetScales = false;
    }
    if (shouldConvergeSize) {
      convergeSize();
      shouldConvergeSize = false;
    }
    if (shouldSetSize) {
      setStylePx(under, LEFT, plotLftCss);
      setStylePx(under, TOP, plotTopCss);
      setStylePx(under, WIDTH, plotWidCss);
      setStylePx(under, HEIGHT, plotHgtCss);
      setStylePx(over, LEFT, plotLftCss);
      setStylePx(over, TOP, plotTopCss);
      setStylePx(over, WIDTH, plotWidCss);
      setStylePx(over, HEIGHT, plotHgtCss);
      setStylePx(wrap, WIDTH, fullWidCss);
      setStylePx(wrap, HEIGHT, fullHgtCss);
      can.width = round(fullWidCss * pxRatio);
      can.height = round(fullHgtCss * pxRatio);
      axes.forEach(({ _el, _show, _size, _pos, side }) => {
        if (_el != null) {
          if (_show) {
            let posOffset = side === 3 || side === 0 ? _size : 0;
            let isVt = side % 2 == 1;
            setStylePx(_el, isVt ? "left" : "top", _pos - posOffset);
            setStylePx(_el, isVt ? "width" : "height", _size);
            setStylePx(_el, isVt ? "top" : "left", isVt ? plotTopCss : plotLftCss);
            setStylePx(_el, isVt ? "height" : "width", isVt ? plotHgtCss : plotWidCss);
            remClass(_el, OFF);
          } else
            addClass(_el, OFF);
        }
      });
      ctxStroke = ctxFill = ctxWidth = ctxJoin = ctxCap = ctxFont = ctxAlign = ctxBaseline = ctxDash = null;
      ctxAlpha = 1;
      syncRect(true);
      if (plotLftCss != _plotLftCss || plotTopCss != _plotTopCss || plotWidCss != _plotWidCss || plotHgtCss != _plotHgtCss) {
        resetYSeries(false);
        let pctWid = plotWidCss / _plotWidCss;
        let pctHgt = plotHgtCss / _plotHgtCss;
        if (showCursor && !shouldSetCursor && cursor.left >= 0) {
          cursor.left *= pctWid;
          cursor.top *= pctHgt;
          vCursor && elTrans(vCursor, round(cursor.left), 0, plotWidCss, plotHgtCss);
          hCursor && elTrans(hCursor, 0, round(cursor.top), plotWidCss, plotHgtCss);
          for (let i = 0; i < cursorPts.length; i++) {
            let pt4 = cursorPts[i];
            if (pt4 != null) {
              cursorPtsLft[i] *= pctWid;
              cursorPtsTop[i] *= pctHgt;
              elTrans(pt4, ceil(cursorPtsLft[i]), ceil(cursorPtsTop[i]), plotWidCss, plotHgtCss);
            }
          }
        }
        if (select.show && !shouldSetSelect && select.left >= 0 && select.width > 0) {
          select.left *= pctWid;
          select.width *= pctWid;
          select.top *= pctHgt;
          select.height *= pctHgt;
          for (let prop in _hideProps)
            setStylePx(selectDiv, prop, select[prop]);
        }
        _plotLftCss = plotLftCss;
        _plotTopCss = plotTopCss;
        _plotWidCss = plotWidCss;
        _plotHgtCss = plotHgtCss;
      }
      fire("setSize");
      shouldSetSize = false;
    }
    if (fullWidCss > 0 && fullHgtCss > 0) {
      ctx.clearRect(0, 0, can.width, can.height);
      fire("drawClear");
      drawOrder.forEach((fn2) => fn2());
      fire("draw");
    }
    if (select.show && shouldSetSelect) {
      setSelect(select);
      shouldSetSelect = false;
    }
    if (showCursor && shouldSetCursor) {
      updateCursor(null, true, false);
      shouldSetCursor = false;
    }
    if (legend.show && legend.live && shouldSetLegend) {
      setLegend();
      shouldSetLegend = false;
    }
    if (!ready) {
      ready = true;
      self.status = 1;
      fire("ready");
    }
    viaAutoScaleX = false;
    queuedCommit = false;
  }
  self.redraw = (rebuildPaths, recalcAxes) => {
    shouldConvergeSize = recalcAxes || false;
    if (rebuildPaths !== false)
      _setScale(xScaleKey, scaleX.min, scaleX.max);
    else
      commit();
  };
  function setScale(key2, opts2) {
    let sc2 = scales[key2];
    if (sc2.from == null) {
      if (dataLen == 0) {
        let minMax = sc2.range(self, opts2.min, opts2.max, key2);
        opts2.min = minMax[0];
        opts2.max = minMax[1];
      }
      if (opts2.min > opts2.max) {
        let _min = opts2.min;
        opts2.min = opts2.max;
        opts2.max = _min;
      }
      if (dataLen > 1 && opts2.min != null && opts2.max != null && opts2.max - opts2.min < 1e-16)
        return;
      if (key2 == xScaleKey) {
        if (sc2.distr == 2 && dataLen > 0) {
          opts2.min = closestIdx(opts2.min, data[0]);
          opts2.max = closestIdx(opts2.max, data[0]);
          if (opts2.min == opts2.max)
            opts2.max++;
        }
      }
      pendScales[key2] = opts2;
      shouldSetScales = true;
      commit();
    }
  }
  self.setScale = setScale;
  let xCursor;
  let yCursor;
  let vCursor;
  let hCursor;
  let rawMouseLeft0;
  let rawMouseTop0;
  let mouseLeft0;
  let mouseTop0;
  let rawMouseLeft1;
  let rawMouseTop1;
  let mouseLeft1;
  let mouseTop1;
  let dragging = false;
  const drag = cursor.drag;
  let dragX = drag.x;
  let dragY = drag.y;
  if (showCursor) {
    if (cursor.x)
      xCursor = placeDiv(CURSOR_X, over);
    if (cursor.y)
      yCursor = placeDiv(CURSOR_Y, over);
    if (scaleX.ori == 0) {
      vCursor = xCursor;
      hCursor = yCursor;
    } else {
      vCursor = yCursor;
      hCursor = xCursor;
    }
    mouseLeft1 = cursor.left;
    mouseTop1 = cursor.top;
  }
  const select = self.select = assign({
    show: true,
    over: true,
    left: 0,
    width: 0,
    top: 0,
    height: 0
  }, opts.select);
  const selectDiv = select.show ? placeDiv(SELECT, select.over ? over : under) : null;
  function setSelect(opts2, _fire) {
    if (select.show) {
      for (let prop in opts2) {
        select[prop] = opts2[prop];
        if (prop in _hideProps)
          setStylePx(selectDiv, prop, opts2[prop]);
      }
      _fire !== false && fire("setSelect");
    }
  }
  self.setSelect = setSelect;
  function toggleDOM(i) {
    let s15 = series[i];
    if (s15.show)
      showLegend && remClass(legendRows[i], OFF);
    else {
      showLegend && addClass(legendRows[i], OFF);
      if (showCursor) {
        let pt4 = cursorOnePt ? cursorPts[0] : cursorPts[i];
        pt4 != null && elTrans(pt4, -10, -10, plotWidCss, plotHgtCss);
      }
    }
  }
  function _setScale(key2, min2, max2) {
    setScale(key2, { min: min2, max: max2 });
  }
  function setSeries(i, opts2, _fire, _pub) {
    if (opts2.focus != null)
      setFocus(i);
    if (opts2.show != null) {
      series.forEach((s15, si2) => {
        if (si2 > 0 && (i == si2 || i == null)) {
          s15.show = opts2.show;
          toggleDOM(si2);
          if (mode == 2) {
            _setScale(s15.facets[0].scale, null, null);
            _setScale(s15.facets[1].scale, null, null);
          } else
            _setScale(s15.scale, null, null);
          commit();
        }
      });
    }
    _fire !== false && fire("setSeries", i, opts2);
    _pub && pubSync("setSeries", self, i, opts2);
  }
  self.setSeries = setSeries;
  function setBand(bi2, opts2) {
    assign(bands[bi2], opts2);
  }
  function addBand(opts2, bi2) {
    opts2.fill = fnOrSelf(opts2.fill || null);
    opts2.dir = ifNull(opts2.dir, -1);
    bi2 = bi2 == null ? bands.length : bi2;
    bands.splice(bi2, 0, opts2);
  }
  function delBand(bi2) {
    if (bi2 == null)
      bands.length = 0;
    else
      bands.splice(bi2, 1);
  }
  self.addBand = addBand;
  self.setBand = setBand;
  self.delBand = delBand;
  function setAlpha(i, value) {
    series[i].alpha = value;
    if (showCursor && cursorPts[i] != null)
      cursorPts[i].style.opacity = value;
    if (showLegend && legendRows[i])
      legendRows[i].style.opacity = value;
  }
  let closestDist;
  let closestSeries;
  let focusedSeries;
  const FOCUS_TRUE = { focus: true };
  function setFocus(i) {
    if (i != focusedSeries) {
      let allFocused = i == null;
      let _setAlpha = focus.alpha != 1;
      series.forEach((s15, i2) => {
        if (mode == 1 || i2 > 0) {
          let isFocused = allFocused || i2 == 0 || i2 == i;
          s15._focus = allFocused ? null : isFocused;
          _setAlpha && setAlpha(i2, isFocused ? 1 : focus.alpha);
        }
      });
      focusedSeries = i;
      _setAlpha && commit();
    }
  }
  if (showLegend && cursorFocus) {
    onMouse(mouseleave, legendTable, (e) => {
      if (cursor._lock)
        return;
      setCursorEvent(e);
      if (focusedSeries != null)
        setSeries(null, FOCUS_TRUE, true, syncOpts.setSeries);
    });
  }
  function posToVal(pos, scale, can2) {
    let sc2 = scales[scale];
    if (can2)
      pos = pos / pxRatio - (sc2.ori == 1 ? plotTopCss : plotLftCss);
    let dim = plotWidCss;
    if (sc2.ori == 1) {
      dim = plotHgtCss;
      pos = dim - pos;
    }
    if (sc2.dir == -1)
      pos = dim - pos;
    let _min = sc2._min, _max = sc2._max, pct = pos / dim;
    let sv = _min + (_max - _min) * pct;
    let distr = sc2.distr;
    return distr == 3 ? pow(10, sv) : distr == 4 ? sinh(sv, sc2.asinh) : distr == 100 ? sc2.bwd(sv) : sv;
  }
  function closestIdxFromXpos(pos, can2) {
    let v3 = posToVal(pos, xScaleKey, can2);
    return closestIdx(v3, data[0], i0, i1);
  }
  self.valToIdx = (val) => closestIdx(val, data[0]);
  self.posToIdx = closestIdxFromXpos;
  self.posToVal = posToVal;
  self.valToPos = (val, scale, can2) => scales[scale].ori == 0 ? getHPos(
    val,
    scales[scale],
    can2 ? plotWid : plotWidCss,
    can2 ? plotLft : 0
  ) : getVPos(
    val,
    scales[scale],
    can2 ? plotHgt : plotHgtCss,
    can2 ? plotTop : 0
  );
  self.setCursor = (opts2, _fire, _pub) => {
    mouseLeft1 = opts2.left;
    mouseTop1 = opts2.top;
    updateCursor(null, _fire, _pub);
  };
  function setSelH(off2, dim) {
    setStylePx(selectDiv, LEFT, select.left = off2);
    setStylePx(selectDiv, WIDTH, select.width = dim);
  }
  function setSelV(off2, dim) {
    setStylePx(selectDiv, TOP, select.top = off2);
    setStylePx(selectDiv, HEIGHT, select.height = dim);
  }
  let setSelX = scaleX.ori == 0 ? setSelH : setSelV;
  let setSelY = scaleX.ori == 1 ? setSelH : setSelV;
  function syncLegend() {
    if (showLegend && legend.live) {
      for (let i = mode == 2 ? 1 : 0; i < series.length; i++) {
        if (i == 0 && multiValLegend)
          continue;
        let vals = legend.values[i];
        let j3 = 0;
        for (let k3 in vals)
          legendCells[i][j3++].firstChild.nodeValue = vals[k3];
      }
    }
  }
  function setLegend(opts2, _fire) {
    if (opts2 != null) {
      if (opts2.idxs) {
        opts2.idxs.forEach((didx, sidx) => {
          activeIdxs[sidx] = didx;
        });
      } else if (!isUndef(opts2.idx))
        activeIdxs.fill(opts2.idx);
      legend.idx = activeIdxs[0];
    }
    if (showLegend && legend.live) {
      for (let sidx = 0; sidx < series.length; sidx++) {
        if (sidx > 0 || mode == 1 && !multiValLegend)
          setLegendValues(sidx, activeIdxs[sidx]);
      }
      syncLegend();
    }
    shouldSetLegend = false;
    _fire !== false && fire("setLegend");
  }
  self.setLegend = setLegend;
  function setLegendValues(sidx, idx) {
    let s15 = series[sidx];
    let src = sidx == 0 && xScaleDistr == 2 ? data0 : data[sidx];
    let val;
    if (multiValLegend)
      val = s15.values(self, sidx, idx) ?? NULL_LEGEND_VALUES;
    else {
      val = s15.value(self, idx == null ? null : src[idx], sidx, idx);
      val = val == null ? NULL_LEGEND_VALUES : { _: val };
    }
    legend.values[sidx] = val;
  }
  function updateCursor(src, _fire, _pub) {
    rawMouseLeft1 = mouseLeft1;
    rawMouseTop1 = mouseTop1;
    [mouseLeft1, mouseTop1] = cursor.move(self, mouseLeft1, mouseTop1);
    cursor.left = mouseLeft1;
    cursor.top = mouseTop1;
    if (showCursor) {
      vCursor && elTrans(vCursor, round(mouseLeft1), 0, plotWidCss, plotHgtCss);
      hCursor && elTrans(hCursor, 0, round(mouseTop1), plotWidCss, plotHgtCss);
    }
    let idx;
    let noDataInRange = i0 > i1;
    closestDist = inf;
    closestSeries = null;
    let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss;
    let yDim = scaleX.ori == 1 ? plotWidCss : plotHgtCss;
    if (mouseLeft1 < 0 || dataLen == 0 || noDataInRange) {
      idx = cursor.idx = null;
      for (let i = 0; i < series.length; i++) {
        let pt4 = cursorPts[i];
        pt4 != null && elTrans(pt4, -10, -10, plotWidCss, plotHgtCss);
      }
      if (cursorFocus)
        setSeries(null, FOCUS_TRUE, true, src == null && syncOpts.setSeries);
      if (legend.live) {
        activeIdxs.fill(idx);
        shouldSetLegend = true;
      }
    } else {
      let mouseXPos, valAtPosX, xPos;
      if (mode == 1) {
        mouseXPos = scaleX.ori == 0 ? mouseLeft1 : mouseTop1;
        valAtPosX = posToVal(mouseXPos, xScaleKey);
        idx = cursor.idx = closestIdx(valAtPosX, data[0], i0, i1);
        xPos = valToPosX(data[0][idx], scaleX, xDim, 0);
      }
      let _ptLft = -10;
      let _ptTop = -10;
      let _ptWid = 0;
      let _ptHgt = 0;
      let _centered = true;
      let _ptFill = "";
      let _ptStroke = "";
      for (let i = mode == 2 ? 1 : 0; i < series.length; i++) {
        let s15 = series[i];
        let idx1 = activeIdxs[i];
        let yVal1 = idx1 == null ? null : mode == 1 ? data[i][idx1] : data[i][1][idx1];
        let idx2 = cursor.dataIdx(self, i, idx, valAtPosX);
        let yVal2 = idx2 == null ? null : mode == 1 ? data[i][idx2] : data[i][1][idx2];
        shouldSetLegend = shouldSetLegend || yVal2 != yVal1 || idx2 != idx1;
        activeIdxs[i] = idx2;
        if (i > 0 && s15.show) {
          let xPos2 = idx2 == null ? -10 : idx2 == idx ? xPos : valToPosX(mode == 1 ? data[0][idx2] : data[i][0][idx2], scaleX, xDim, 0);
          let yPos = yVal2 == null ? -10 : valToPosY(yVal2, mode == 1 ? scales[s15.scale] : scales[s15.facets[1].scale], yDim, 0);
          if (cursorFocus && yVal2 != null) {
            let mouseYPos = scaleX.ori == 1 ? mouseLeft1 : mouseTop1;
            let dist = abs(focus.dist(self, i, idx2, yPos, mouseYPos));
            if (dist < closestDist) {
              let bias = focus.bias;
              if (bias != 0) {
                let mouseYVal = posToVal(mouseYPos, s15.scale);
                let seriesYValSign = yVal2 >= 0 ? 1 : -1;
                let mouseYValSign = mouseYVal >= 0 ? 1 : -1;
                if (mouseYValSign == seriesYValSign && (mouseYValSign == 1 ? bias == 1 ? yVal2 >= mouseYVal : yVal2 <= mouseYVal : (
                  // >= 0
                  bias == 1 ? yVal2 <= mouseYVal : yVal2 >= mouseYVal
                ))) {
                  closestDist = dist;
                  closestSeries = i;
                }
              } else {
                closestDist = dist;
                closestSeries = i;
              }
            }
          }
          if (shouldSetLegend || cursorOnePt) {
            let hPos, vPos;
            if (scaleX.ori == 0) {
              hPos = xPos2;
              vPos = yPos;
            } else {
              hPos = yPos;
              vPos = xPos2;
            }
            let ptWid, ptHgt, ptLft, ptTop, ptStroke, ptFill, centered = true, getBBox = points2.bbox;
            if (getBBox != null) {
              centered = false;
              let bbox = getBBox(self, i);
              ptLft = bbox.left;
              ptTop = bbox.top;
              ptWid = bbox.width;
              ptHgt = bbox.height;
            } else {
              ptLft = hPos;
              ptTop = vPos;
              ptWid = ptHgt = points2.size(self, i);
            }
            ptFill = points2.fill(self, i);
            ptStroke = points2.stroke(self, i);
            if (cursorOnePt) {
              if (i == closestSeries && closestDist <= focus.prox) {
                _ptLft = ptLft;
                _ptTop = ptTop;
                _ptWid = ptWid;
                _ptHgt = ptHgt;
                _centered = centered;
                _ptFill = ptFill;
                _ptStroke = ptStroke;
              }
            } else {
              let pt4 = cursorPts[i];
              if (pt4 != null) {
                cursorPtsLft[i] = ptLft;
                cursorPtsTop[i] = ptTop;
                elSize(pt4, ptWid, ptHgt, centered);
                elColor(pt4, ptFill, ptStroke);
                elTrans(pt4, ceil(ptLft), ceil(ptTop), plotWidCss, plotHgtCss);
              }
            }
          }
        }
      }
      if (cursorOnePt) {
        let p = focus.prox;
        let focusChanged = focusedSeries == null ? closestDist <= p : closestDist > p || closestSeries != focusedSeries;
        if (shouldSetLegend || focusChanged) {
          let pt4 = cursorPts[0];
          if (pt4 != null) {
            cursorPtsLft[0] = _ptLft;
            cursorPtsTop[0] = _ptTop;
            elSize(pt4, _ptWid, _ptHgt, _centered);
            elColor(pt4, _ptFill, _ptStroke);
            elTrans(pt4, ceil(_ptLft), ceil(_ptTop), plotWidCss, plotHgtCss);
          }
        }
      }
    }
    if (select.show && dragging) {
      if (src != null) {
        let [xKey, yKey] = syncOpts.scales;
        let [matchXKeys, matchYKeys] = syncOpts.match;
        let [xKeySrc, yKeySrc] = src.cursor.sync.scales;
        let sdrag = src.cursor.drag;
        dragX = sdrag._x;
        dragY = sdrag._y;
        if (dragX || dragY) {
          let { left, top, width, height } = src.select;
          let sori = src.scales[xKeySrc].ori;
          let sPosToVal = src.posToVal;
          let sOff, sDim, sc2, a, b2;
          let matchingX = xKey != null && matchXKeys(xKey, xKeySrc);
          let matchingY = yKey != null && matchYKeys(yKey, yKeySrc);
          if (matchingX && dragX) {
            if (sori == 0) {
              sOff = left;
              sDim = width;
            } else {
              sOff = top;
              sDim = height;
            }
            sc2 = scales[xKey];
            a = valToPosX(sPosToVal(sOff, xKeySrc), sc2, xDim, 0);
            b2 = valToPosX(sPosToVal(sOff + sDim, xKeySrc), sc2, xDim, 0);
            setSelX(min(a, b2), abs(b2 - a));
          } else
            setSelX(0, xDim);
          if (matchingY && dragY) {
            if (sori == 1) {
              sOff = left;
              sDim = width;
            } else {
              sOff = top;
              sDim = height;
            }
            sc2 = scales[yKey];
            a = valToPosY(sPosToVal(sOff, yKeySrc), sc2, yDim, 0);
            b2 = valToPosY(sPosToVal(sOff + sDim, yKeySrc), sc2, yDim, 0);
            setSelY(min(a, b2), abs(b2 - a));
          } else
            setSelY(0, yDim);
        } else
          hideSelect();
      } else {
        let rawDX = abs(rawMouseLeft1 - rawMouseLeft0);
        let rawDY = abs(rawMouseTop1 - rawMouseTop0);
        if (scaleX.ori == 1) {
          let _rawDX = rawDX;
          rawDX = rawDY;
          rawDY = _rawDX;
        }
        dragX = drag.x && rawDX >= drag.dist;
        dragY = drag.y && rawDY >= drag.dist;
        let uni = drag.uni;
        if (uni != null) {
          if (dragX && dragY) {
            dragX = rawDX >= uni;
            dragY = rawDY >= uni;
            if (!dragX && !dragY) {
              if (rawDY > rawDX)
                dragY = true;
              else
                dragX = true;
            }
          }
        } else if (drag.x && drag.y && (dragX || dragY))
          dragX = dragY = true;
        let p0, p1;
        if (dragX) {
          if (scaleX.ori == 0) {
            p0 = mouseLeft0;
            p1 = mouseLeft1;
          } else {
            p0 = mouseTop0;
            p1 = mouseTop1;
          }
          setSelX(min(p0, p1), abs(p1 - p0));
          if (!dragY)
            setSelY(0, yDim);
        }
        if (dragY) {
          if (scaleX.ori == 1) {
            p0 = mouseLeft0;
            p1 = mouseLeft1;
          } else {
            p0 = mouseTop0;
            p1 = mouseTop1;
          }
          setSelY(min(p0, p1), abs(p1 - p0));
          if (!dragX)
            setSelX(0, xDim);
        }
        if (!dragX && !dragY) {
          setSelX(0, 0);
          setSelY(0, 0);
        }
      }
    }
    drag._x = dragX;
    drag._y = dragY;
    if (src == null) {
      if (_pub) {
        if (syncKey != null) {
          let [xSyncKey, ySyncKey] = syncOpts.scales;
          syncOpts.values[0] = xSyncKey != null ? posToVal(scaleX.ori == 0 ? mouseLeft1 : mouseTop1, xSyncKey) : null;
          syncOpts.values[1] = ySyncKey != null ? posToVal(scaleX.ori == 1 ? mouseLeft1 : mouseTop1, ySyncKey) : null;
        }
        pubSync(mousemove, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, idx);
      }
      if (cursorFocus) {
        let shouldPub = _pub && syncOpts.setSeries;
        let p = focus.prox;
        if (focusedSeries == null) {
          if (closestDist <= p)
            setSeries(closestSeries, FOCUS_TRUE, true, shouldPub);
        } else {
          if (closestDist > p)
            setSeries(null, FOCUS_TRUE, true, shouldPub);
          else if (closestSeries != focusedSeries)
            setSeries(closestSeries, FOCUS_TRUE, true, shouldPub);
        }
      }
    }
    if (shouldSetLegend) {
      legend.idx = idx;
      setLegend();
    }
    _fire !== false && fire("setCursor");
  }
  let rect2 = null;
  Object.defineProperty(self, "rect", {
    get() {
      if (rect2 == null)
        syncRect(false);
      return rect2;
    }
  });
  function syncRect(defer = false) {
    if (defer)
      rect2 = null;
    else {
      rect2 = over.getBoundingClientRect();
      fire("syncRect", rect2);
    }
  }
  function mouseMove(e, src, _l2, _t3, _w, _h, _i2) {
    if (cursor._lock)
      return;
    if (dragging && e != null && e.movementX == 0 && e.movementY == 0)
      return;
    cacheMouse(e, src, _l2, _t3, _w, _h, _i2, false, e != null);
    if (e != null)
      updateCursor(null, true, true);
    else
      updateCursor(src, true, false);
  }
  function cacheMouse(e, src, _l2, _t3, _w, _h, _i2, initial, snap) {
    if (rect2 == null)
      syncRect(false);
    setCursorEvent(e);
    if (e != null) {
      _l2 = e.clientX - rect2.left;
      _t3 = e.clientY - rect2.top;
    } else {
      if (_l2 < 0 || _t3 < 0) {
        mouseLeft1 = -10;
        mouseTop1 = -10;
        return;
      }
      let [xKey, yKey] = syncOpts.scales;
      let syncOptsSrc = src.cursor.sync;
      let [xValSrc, yValSrc] = syncOptsSrc.values;
      let [xKeySrc, yKeySrc] = syncOptsSrc.scales;
      let [matchXKeys, matchYKeys] = syncOpts.match;
      let rotSrc = src.axes[0].side % 2 == 1;
      let xDim = scaleX.ori == 0 ? plotWidCss : plotHgtCss, yDim = scaleX.ori == 1 ? plotWidCss : plotHgtCss, _xDim = rotSrc ? _h : _w, _yDim = rotSrc ? _w : _h, _xPos = rotSrc ? _t3 : _l2, _yPos = rotSrc ? _l2 : _t3;
      if (xKeySrc != null)
        _l2 = matchXKeys(xKey, xKeySrc) ? getPos(xValSrc, scales[xKey], xDim, 0) : -10;
      else
        _l2 = xDim * (_xPos / _xDim);
      if (yKeySrc != null)
        _t3 = matchYKeys(yKey, yKeySrc) ? getPos(yValSrc, scales[yKey], yDim, 0) : -10;
      else
        _t3 = yDim * (_yPos / _yDim);
      if (scaleX.ori == 1) {
        let __l = _l2;
        _l2 = _t3;
        _t3 = __l;
      }
    }
    if (snap && (src == null || src.cursor.event.type == mousemove)) {
      if (_l2 <= 1 || _l2 >= plotWidCss - 1)
        _l2 = incrRound(_l2, plotWidCss);
      if (_t3 <= 1 || _t3 >= plotHgtCss - 1)
        _t3 = incrRound(_t3, plotHgtCss);
    }
    if (initial) {
      rawMouseLeft0 = _l2;
      rawMouseTop0 = _t3;
      [mouseLeft0, mouseTop0] = cursor.move(self, _l2, _t3);
    } else {
      mouseLeft1 = _l2;
      mouseTop1 = _t3;
    }
  }
  const _hideProps = {
    width: 0,
    height: 0,
    left: 0,
    top: 0
  };
  function hideSelect() {
    setSelect(_hideProps, false);
  }
  let downSelectLeft;
  let downSelectTop;
  let downSelectWidth;
  let downSelectHeight;
  function mouseDown(e, src, _l2, _t3, _w, _h, _i2) {
    dragging = true;
    dragX = dragY = drag._x = drag._y = false;
    cacheMouse(e, src, _l2, _t3, _w, _h, _i2, true, false);
    if (e != null) {
      onMouse(mouseup, doc, mouseUp, false);
      pubSync(mousedown, self, mouseLeft0, mouseTop0, plotWidCss, plotHgtCss, null);
    }
    let { left, top, width, height } = select;
    downSelectLeft = left;
    downSelectTop = top;
    downSelectWidth = width;
    downSelectHeight = height;
  }
  function mouseUp(e, src, _l2, _t3, _w, _h, _i2) {
    dragging = drag._x = drag._y = false;
    cacheMouse(e, src, _l2, _t3, _w, _h, _i2, false, true);
    let { left, top, width, height } = select;
    let hasSelect = width > 0 || height > 0;
    let chgSelect = downSelectLeft != left || downSelectTop != top || downSelectWidth != width || downSelectHeight != height;
    hasSelect && chgSelect && setSelect(select);
    if (drag.setScale && hasSelect && chgSelect) {
      let xOff = left, xDim = width, yOff = top, yDim = height;
      if (scaleX.ori == 1) {
        xOff = top, xDim = height, yOff = left, yDim = width;
      }
      if (dragX) {
        _setScale(
          xScaleKey,
          posToVal(xOff, xScaleKey),
          posToVal(xOff + xDim, xScaleKey)
        );
      }
      if (dragY) {
        for (let k3 in scales) {
          let sc2 = scales[k3];
          if (k3 != xScaleKey && sc2.from == null && sc2.min != inf) {
            _setScale(
              k3,
              posToVal(yOff + yDim, k3),
              posToVal(yOff, k3)
            );
          }
        }
      }
      hideSelect();
    } else if (cursor.lock) {
      cursor._lock = !cursor._lock;
      updateCursor(src, true, e != null);
    }
    if (e != null) {
      offMouse(mouseup, doc);
      pubSync(mouseup, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, null);
    }
  }
  function mouseLeave(e, src, _l2, _t3, _w, _h, _i2) {
    if (cursor._lock)
      return;
    setCursorEvent(e);
    let _dragging = dragging;
    if (dragging) {
      let snapH = true;
      let snapV = true;
      let snapProx = 10;
      let dragH, dragV;
      if (scaleX.ori == 0) {
        dragH = dragX;
        dragV = dragY;
      } else {
        dragH = dragY;
        dragV = dragX;
      }
      if (dragH && dragV) {
        snapH = mouseLeft1 <= snapProx || mouseLeft1 >= plotWidCss - snapProx;
        snapV = mouseTop1 <= snapProx || mouseTop1 >= plotHgtCss - snapProx;
      }
      if (dragH && snapH)
        mouseLeft1 = mouseLeft1 < mouseLeft0 ? 0 : plotWidCss;
      if (dragV && snapV)
        mouseTop1 = mouseTop1 < mouseTop0 ? 0 : plotHgtCss;
      updateCursor(null, true, true);
      dragging = false;
    }
    mouseLeft1 = -10;
    mouseTop1 = -10;
    activeIdxs.fill(null);
    updateCursor(null, true, true);
    if (_dragging)
      dragging = _dragging;
  }
  function dblClick(e, src, _l2, _t3, _w, _h, _i2) {
    if (cursor._lock)
      return;
    setCursorEvent(e);
    autoScaleX();
    hideSelect();
    if (e != null)
      pubSync(dblclick, self, mouseLeft1, mouseTop1, plotWidCss, plotHgtCss, null);
  }
  function syncPxRatio() {
    axes.forEach(syncFontSize);
    _setSize(self.width, self.height, true);
  }
  on2(dppxchange, win, syncPxRatio);
  const events2 = {};
  events2.mousedown = mouseDown;
  events2.mousemove = mouseMove;
  events2.mouseup = mouseUp;
  events2.dblclick = dblClick;
  events2["setSeries"] = (e, src, idx, opts2) => {
    let seriesIdxMatcher2 = syncOpts.match[2];
    idx = seriesIdxMatcher2(self, src, idx);
    idx != -1 && setSeries(idx, opts2, true, false);
  };
  if (showCursor) {
    onMouse(mousedown, over, mouseDown);
    onMouse(mousemove, over, mouseMove);
    onMouse(mouseenter, over, (e) => {
      setCursorEvent(e);
      syncRect(false);
    });
    onMouse(mouseleave, over, mouseLeave);
    onMouse(dblclick, over, dblClick);
    cursorPlots.add(self);
    self.syncRect = syncRect;
  }
  const hooks = self.hooks = opts.hooks || {};
  function fire(evName, a1, a2) {
    if (deferHooks)
      hooksQueue.push([evName, a1, a2]);
    else {
      if (evName in hooks) {
        hooks[evName].forEach((fn2) => {
          fn2.call(null, self, a1, a2);
        });
      }
    }
  }
  (opts.plugins || []).forEach((p) => {
    for (let evName in p.hooks)
      hooks[evName] = (hooks[evName] || []).concat(p.hooks[evName]);
  });
  const seriesIdxMatcher = (self2, src, srcSeriesIdx) => srcSeriesIdx;
  const syncOpts = assign({
    key: null,
    setSeries: false,
    filters: {
      pub: retTrue,
      sub: retTrue
    },
    scales: [xScaleKey, series[1] ? series[1].scale : null],
    match: [retEq, retEq, seriesIdxMatcher],
    values: [null, null]
  }, cursor.sync);
  if (syncOpts.match.length == 2)
    syncOpts.match.push(seriesIdxMatcher);
  cursor.sync = syncOpts;
  const syncKey = syncOpts.key;
  const sync = _sync(syncKey);
  function pubSync(type, src, x, y, w2, h3, i) {
    if (syncOpts.filters.pub(type, src, x, y, w2, h3, i))
      sync.pub(type, src, x, y, w2, h3, i);
  }
  sync.sub(self);
  function pub(type, src, x, y, w2, h3, i) {
    if (syncOpts.filters.sub(type, src, x, y, w2, h3, i))
      events2[type](null, src, x, y, w2, h3, i);
  }
  self.pub = pub;
  function destroy() {
    sync.unsub(self);
    cursorPlots.delete(self);
    mouseListeners.clear();
    off(dppxchange, win, syncPxRatio);
    root.remove();
    legendTable?.remove();
    fire("destroy");
  }
  self.destroy = destroy;
  function _init() {
    fire("init", opts, data);
    setData(data || opts.data, false);
    if (pendScales[xScaleKey])
      setScale(xScaleKey, pendScales[xScaleKey]);
    else
      autoScaleX();
    shouldSetSelect = select.show && (select.width > 0 || select.height > 0);
    shouldSetCursor = shouldSetLegend = true;
    _setSize(opts.width, opts.height);
  }
  series.forEach(initSeries);
  axes.forEach(initAxis);
  if (then) {
    if (then instanceof HTMLElement) {
      then.appendChild(root);
      _init();
    } else
      then(self, _init);
  } else
    _init();
  return self;
}
uPlot.assign = assign;
uPlot.fmtNum = fmtNum;
uPlot.rangeNum = rangeNum;
uPlot.rangeLog = rangeLog;
uPlot.rangeAsinh = rangeAsinh;
uPlot.orient = orient;
uPlot.pxRatio = pxRatio;
{
  uPlot.join = join;
}
{
  uPlot.fmtDate = fmtDate;
  uPlot.tzDate = tzDate;
}
uPlot.sync = _sync;
{
  uPlot.addGap = addGap;
  uPlot.clipGaps = clipGaps;
  let paths = uPlot.paths = {
    points
  };
  paths.linear = linear;
  paths.stepped = stepped;
  paths.bars = bars;
  paths.spline = monotoneCubic;
}

// src/plotparse.js
var SEP = /[,\s]+/;
var NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
function parseNumber(s15) {
  const m = NUMBER.exec(s15);
  if (m) return Number(m[0]);
  if (/^[+-]?(inf|infinity)\b/i.test(s15)) return NaN;
  return NaN;
}
function fields(line) {
  const f = line.trim().split(SEP);
  return f.length === 1 && f[0] === "" ? [] : f;
}
function isLabelled(line) {
  const t = line.trimStart();
  const c = t.search(/[:=]/);
  return c > 0;
}
var PlotParser = class {
  constructor() {
    this.header = null;
  }
  // parse returns the points of one line as [{key, name, value}], where
  // key identifies the series (a label, or '#N' for the Nth unlabelled
  // value), or [] when the line has none.
  parse(line) {
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (isLabelled(line)) {
      this.header = null;
      const out2 = [];
      for (const piece of fields(line)) {
        const c = piece.search(/[:=]/);
        if (c <= 0) continue;
        const v3 = parseNumber(piece.slice(c + 1));
        if (Number.isNaN(v3)) continue;
        const name = piece.slice(0, c);
        out2.push({ key: name, name, value: v3 });
      }
      return out2;
    }
    const f = fields(line);
    if (!f.length) return [];
    const values = f.map(parseNumber);
    if (values.every(Number.isNaN)) {
      this.header = f.every((w2) => /^[A-Za-z_][\w.\-/%°]*$/.test(w2)) ? f : null;
      return [];
    }
    const names = this.header && this.header.length === f.length ? this.header : null;
    const out = [];
    values.forEach((v3, i) => {
      if (!Number.isNaN(v3)) out.push({ key: `#${i + 1}`, name: names ? names[i] : `value ${i + 1}`, value: v3 });
    });
    return out;
  }
};

// src/plotmodel.js
var GAP_MIN_MS = 1e3;
var GAP_FACTOR = 8;
var INTERVALS = 16;
var PlotModel = class {
  constructor(maxSeries, maxPoints) {
    if (maxSeries > 30) throw new Error("plotmodel: at most 30 series (a bit mask each)");
    this.maxSeries = maxSeries;
    this.maxPoints = maxPoints;
    this.parser = new PlotParser();
    this.xs = [];
    this.ns = [];
    this.samples = 0;
    this.series = [];
    this.byKey = /* @__PURE__ */ new Map();
    this.dropped = /* @__PURE__ */ new Set();
    this.version = 0;
    this.breaks = [];
    this.base = 0;
    this.breakNext = false;
    this.used = 0;
    this.seq = 0;
    this.lastT = null;
    this.intervals = [];
    this.gapMs = Infinity;
  }
  // points is the number of rows holding values (break rows left out).
  get points() {
    return this.xs.length - this.breaks.length;
  }
  // brk records a gap in the stream (a marker): the next row is not joined
  // to the previous one.
  brk() {
    this.breakNext = true;
  }
  // add parses one line read at time t (ms): see addPoints.
  add(text, t) {
    return this.addPoints(this.parser.parse(text), t);
  }
  // addPoints adds a row of points ([{key, name, value}]: a parsed line,
  // or a decoder's record by recordPoints) at time t (ms). It returns
  // what changed: added (a row), named (a series was added or renamed),
  // over (a series beyond maxSeries was left out).
  addPoints(points2, t) {
    const res = { added: false, named: false, over: false };
    if (!points2.length) return res;
    const seq = ++this.seq;
    const row = [];
    const fresh = [];
    for (const p of points2) {
      if (this.dropped.has(p.key)) continue;
      const s15 = this.byKey.get(p.key);
      if (s15) {
        if (s15.seq === seq) continue;
        s15.seq = seq;
        if (s15.name !== p.name) {
          s15.name = p.name;
          res.named = true;
        }
        row.push(s15, p.value);
      } else if (!fresh.some((f) => f.key === p.key)) {
        if (this.series.length + fresh.length >= this.maxSeries) {
          res.over = true;
          continue;
        }
        fresh.push(p);
      }
    }
    if (!row.length && !fresh.length) {
      if (res.named) this.version++;
      return res;
    }
    const x = t / 1e3;
    if (this.lastT !== null) {
      const dt2 = t - this.lastT;
      if (this.breakNext || dt2 > this.gapMs) this.pushBreak(x);
      this.noteInterval(dt2);
    }
    this.breakNext = false;
    this.lastT = t;
    const n = this.xs.length;
    for (const p of fresh) {
      const bit = lowestFreeBit(this.used);
      this.used |= bit;
      const s15 = { key: p.key, name: p.name, ys: new Array(n).fill(null), bit, mask: 0, seq, last: -1, undef: false };
      this.series.push(s15);
      this.byKey.set(p.key, s15);
      row.push(s15, p.value);
      res.named = true;
    }
    let mask = 0;
    for (let i = 0; i < row.length; i += 2) mask |= row[i].bit;
    for (let i = 0; i < row.length; i += 2) {
      const s15 = row[i];
      s15.ys.push(row[i + 1]);
      s15.mask = mask;
      s15.last = this.base + n;
      s15.undef = false;
    }
    for (const s15 of this.series) {
      if (s15.seq === seq) continue;
      if (s15.mask & mask) this.pushNull(s15);
      else {
        s15.ys.push(void 0);
        s15.undef = true;
      }
    }
    this.xs.push(x);
    this.ns.push(++this.samples);
    res.added = true;
    if (res.named) this.version++;
    if (this.xs.length > this.maxPoints + (this.maxPoints >> 3)) this.trim(this.xs.length - this.maxPoints);
    return res;
  }
  // pushBreak adds a break row between the last row and one at x.
  pushBreak(x) {
    const last = this.xs[this.xs.length - 1];
    this.xs.push(x > last ? (last + x) / 2 : last);
    this.ns.push(this.samples + 0.5);
    for (const s15 of this.series) this.pushNull(s15);
    this.breaks.push(this.base + this.xs.length - 1);
  }
  // pushNull breaks the line of series s: null in the new row, and in the
  // rows since its last value.
  pushNull(s15) {
    if (s15.undef) {
      const ys2 = s15.ys;
      for (let i = Math.max(0, s15.last - this.base + 1); i < ys2.length; i++) if (ys2[i] === void 0) ys2[i] = null;
      s15.undef = false;
    }
    s15.ys.push(null);
  }
  noteInterval(dt2) {
    const iv = this.intervals;
    iv.push(Math.max(0, dt2));
    if (iv.length > INTERVALS) iv.shift();
    if (iv.length < 4 || this.seq % 4 === 0) {
      const sorted = [...iv].sort((a, b2) => a - b2);
      this.gapMs = Math.max(GAP_MIN_MS, GAP_FACTOR * sorted[sorted.length >> 1]);
    }
  }
  trim(k3) {
    this.xs.splice(0, k3);
    this.ns.splice(0, k3);
    for (const s15 of this.series) s15.ys.splice(0, k3);
    this.base += k3;
    let i = 0;
    while (i < this.breaks.length && this.breaks[i] < this.base) i++;
    if (i) this.breaks.splice(0, i);
  }
  // drop removes a series: its values go, and its later values are
  // ignored until clear() or undrop(). It frees its place among maxSeries.
  drop(key) {
    const s15 = this.byKey.get(key);
    this.dropped.add(key);
    if (!s15) return;
    this.byKey.delete(key);
    this.series.splice(this.series.indexOf(s15), 1);
    this.used &= ~s15.bit;
    for (const o2 of this.series) o2.mask &= ~s15.bit;
    this.version++;
  }
  // undrop plots the dropped series again, from their next values on.
  undrop() {
    this.dropped.clear();
  }
  clear() {
    this.xs = [];
    this.ns = [];
    this.samples = 0;
    this.series = [];
    this.byKey.clear();
    this.dropped.clear();
    this.breaks = [];
    this.base = 0;
    this.breakNext = false;
    this.used = 0;
    this.lastT = null;
    this.intervals = [];
    this.gapMs = Infinity;
    this.version++;
  }
};
function recordPoints(rec) {
  if (!rec || typeof rec !== "object" || typeof rec.time !== "string") return null;
  const t = Date.parse(rec.time);
  if (!Number.isFinite(t)) return null;
  const vals = rec.values;
  if (!vals || typeof vals !== "object") return null;
  const points2 = [];
  for (const [name, value] of Object.entries(vals)) {
    if (typeof value === "number" && Number.isFinite(value)) points2.push({ key: name, name, value });
  }
  return points2.length ? { t, points: points2 } : null;
}
function plotSource(port) {
  const d = port && typeof port.decoder === "string" && port.decoder !== "" ? port.decoder : null;
  if (d) {
    return {
      decoder: d,
      text: `decoded by the server (${d})`,
      title: `The port's ${d} decoder's records, decoded on the server: their numeric values, at their device times`
    };
  }
  return {
    decoder: null,
    text: "parsed in this browser; set a decoder in the port panel to decode on the server",
    title: "Lines in the Arduino Serial Plotter format, parsed by this page"
  };
}
function lowestFreeBit(used) {
  for (let b2 = 1; b2 !== 0; b2 <<= 1) if (!(used & b2)) return b2;
  throw new Error("plotmodel: no series bit left");
}
var LineCuts = class {
  constructor() {
    this.started = false;
    this.next = null;
    this.mid = false;
    this.gapped = false;
    this.cutAtGap = false;
    this.dropNow = false;
    this.skipFirst = false;
  }
  // frame notes a frame of device bytes at stream offset off (null when
  // unknown), before the lines it completes are asked about.
  frame(off2, bytes) {
    const n = bytes.length;
    if (!n) return;
    this.dropNow = false;
    if (!this.started) {
      this.started = true;
      this.skipFirst = off2 !== 0;
    } else if (this.gapped) {
      const continues = off2 !== null && off2 === this.next;
      this.skipFirst = off2 !== 0 && (!continues || this.cutAtGap);
    } else if (off2 !== null && this.next !== null && off2 !== this.next) {
      this.skipFirst = true;
    }
    this.gapped = false;
    this.cutAtGap = false;
    this.next = off2 === null ? null : off2 + n;
    this.mid = bytes[n - 1] !== 10;
  }
  // gap notes a gap marker: the line it completes, if any, is torn.
  gap() {
    if (this.mid) this.cutAtGap = this.dropNow = true;
    this.mid = false;
    this.gapped = true;
    this.skipFirst = false;
  }
  // whole tells whether the next completed line is whole.
  whole() {
    if (this.dropNow) {
      this.dropNow = false;
      return false;
    }
    if (this.skipFirst) {
      this.skipFirst = false;
      return false;
    }
    return true;
  }
};
var EchoFilter = class {
  constructor(ttl = 1e4, max2 = 64) {
    this.ttl = ttl;
    this.max = max2;
    this.partial = "";
    this.recent = [];
  }
  sent(text, now) {
    let p = this.partial;
    for (const ch of text) {
      if (ch === "\r" || ch === "\n") {
        const line = p.trim();
        if (line) {
          this.recent.push({ text: line, at: now });
          if (this.recent.length > this.max) this.recent.shift();
        }
        p = "";
      } else if (ch === "" || ch === "\b") p = p.slice(0, -1);
      else if (ch === "" || ch === "") p = "";
      else if (ch >= " " || ch === "	") p += ch;
      if (p.length > 4096) p = "";
    }
    this.partial = p;
  }
  // isEcho tells whether line is the echo of a line sent within ttl, and
  // forgets that line if so.
  isEcho(line, now) {
    const r4 = this.recent;
    if (!r4.length) return false;
    while (r4.length && now - r4[0].at > this.ttl) r4.shift();
    const t = line.trim();
    if (!t) return false;
    for (let i = 0; i < r4.length; i++) {
      const s15 = r4[i].text;
      if (t === s15 || t.endsWith(s15) && /^[^\w\s]{1,4}\s*$/.test(t.slice(0, t.length - s15.length))) {
        r4.splice(i, 1);
        return true;
      }
    }
    return false;
  }
};
function lowerBound(xs2, x) {
  let lo2 = 0;
  let hi2 = xs2.length;
  while (lo2 < hi2) {
    const mid = lo2 + hi2 >> 1;
    if (xs2[mid] < x) lo2 = mid + 1;
    else hi2 = mid;
  }
  return lo2;
}
function rowsIn(xs2, x0, x1) {
  return [lowerBound(xs2, x0), lowerBound(xs2, x1 + 1e-9 * Math.abs(x1)) - 1];
}
function nearestValue(xs2, ys2, i, limit = 1e3) {
  if (i < 0 || i >= ys2.length) return -1;
  if (ys2[i] !== null && ys2[i] !== void 0) return i;
  let best = -1;
  for (let k3 = 1; k3 <= limit; k3++) {
    const l2 = i - k3;
    const r4 = i + k3;
    if (l2 < 0 && r4 >= ys2.length) break;
    for (const j3 of [l2, r4]) {
      if (j3 < 0 || j3 >= ys2.length || ys2[j3] === null || ys2[j3] === void 0) continue;
      if (best < 0 || Math.abs(xs2[j3] - xs2[i]) < Math.abs(xs2[best] - xs2[i])) best = j3;
    }
    if (best >= 0) return best;
  }
  return best;
}
function visibleRange(xs2, cols, x0, x1) {
  const [i0, i1] = rowsIn(xs2, x0, x1);
  let lo2 = Infinity;
  let hi2 = -Infinity;
  for (const ys2 of cols) {
    for (let i = i0; i <= i1; i++) {
      const v3 = ys2[i];
      if (v3 === null || v3 === void 0) continue;
      if (v3 < lo2) lo2 = v3;
      if (v3 > hi2) hi2 = v3;
    }
  }
  return lo2 <= hi2 ? [lo2, hi2] : null;
}
function yScale(auto, min2, max2) {
  if (min2 !== null && max2 !== null) return [min2, max2];
  let lo2;
  let hi2;
  if (auto) {
    [lo2, hi2] = auto;
    if (lo2 === hi2) {
      const d = Math.abs(lo2) * 0.1 || 1;
      lo2 -= d;
      hi2 += d;
    }
    const pad = (hi2 - lo2) * 0.05;
    lo2 -= pad;
    hi2 += pad;
  } else {
    [lo2, hi2] = [0, 1];
  }
  if (min2 !== null) {
    lo2 = min2;
    if (hi2 <= lo2) hi2 = lo2 + (Math.abs(lo2) * 0.1 || 1);
  }
  if (max2 !== null) {
    hi2 = max2;
    if (lo2 >= hi2) lo2 = hi2 - (Math.abs(hi2) * 0.1 || 1);
  }
  return [lo2, hi2];
}
function timeLabel(t, incr) {
  const d = new Date(Math.round(t * 1e3));
  const p = (n, w2 = 2) => String(n).padStart(w2, "0");
  const s15 = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return incr < 1 ? `${s15}.${p(d.getMilliseconds(), 3)}` : s15;
}
function paletteIndex(name, n) {
  let h3 = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h3 ^= name.charCodeAt(i);
    h3 = Math.imul(h3, 16777619);
  }
  return (h3 >>> 0) % n;
}
var X_MODES = ["time", "sample"];
var MAX_UNIT = 16;
var MAX_REMEMBERED = 64;
function plotPrefs(v3) {
  const ok = v3 !== null && typeof v3 === "object";
  const out = { x: ok && X_MODES.includes(v3.x) ? v3.x : "time", series: /* @__PURE__ */ new Map() };
  const ser = ok && v3.series !== null && typeof v3.series === "object" && !Array.isArray(v3.series) ? v3.series : {};
  for (const [name, o2] of Object.entries(ser)) {
    if (o2 === null || typeof o2 !== "object") continue;
    const unit = typeof o2.unit === "string" ? cleanUnit(o2.unit) : "";
    const axis = o2.axis === "right" ? "right" : "left";
    if (unit || axis !== "left") out.series.set(name, { unit, axis });
    if (out.series.size >= MAX_REMEMBERED) break;
  }
  return out;
}
function prefsJSON(p) {
  const entries = [...p.series].filter(([, o2]) => o2.unit || o2.axis !== "left").slice(-MAX_REMEMBERED);
  return { x: p.x, series: Object.fromEntries(entries) };
}
function setSeriesPref(p, name, change2) {
  const o2 = { unit: "", axis: "left", ...p.series.get(name) || {}, ...change2 };
  o2.unit = cleanUnit(o2.unit);
  o2.axis = o2.axis === "right" ? "right" : "left";
  p.series.delete(name);
  if (o2.unit || o2.axis !== "left") p.series.set(name, o2);
}
function cleanUnit(s15) {
  return [...String(s15).replace(/[\x00-\x1f\x7f]/g, "").trim()].slice(0, MAX_UNIT).join("");
}
function seriesLabel(name, unit) {
  return unit ? `${name} (${unit})` : name;
}
function sharedUnit(units) {
  if (!units.length) return "";
  const u = units[0];
  return u && units.every((v3) => v3 === u) ? u : "";
}
function sampleRange(first, last, n) {
  if (n > 0) {
    const lo2 = Math.max(1, last - n + 1);
    return [lo2, lo2 + n - 1];
  }
  if (!last) return [1, 100];
  return [first, Math.max(last, first + 1)];
}
function sampleAt(xs2, ns2, t) {
  const n = ns2.length;
  if (!n) return null;
  const i = lowerBound(xs2, t);
  if (i === 0) return ns2[0] - 0.5;
  if (i >= n) return ns2[n - 1] + 0.5;
  return (ns2[i - 1] + ns2[i]) / 2;
}
var SAMPLE_INCRS = (() => {
  const out = [];
  for (let m = 1; m <= 1e9; m *= 10) out.push(m, 2 * m, 5 * m);
  return out;
})();

// src/views/plot.js
var MAX_SERIES = 16;
var MAX_EVENTS = 500;
var MAX_POINTS = 2e5;
var PALETTE = [
  "#2f81f7",
  "#e5534b",
  "#3fb950",
  "#d29922",
  "#a371f7",
  "#39c5cf",
  "#f778ba",
  "#8b949e",
  "#b08800",
  "#0b7a75",
  "#c2410c",
  "#6d28d9",
  "#84cc16",
  "#be185d",
  "#1e40af",
  "#a16207"
];
var X_TICK_SPACE = 90;
var N_TICK_SPACE = 60;
var WINDOWS = [[10, "10 s", 100], [30, "30 s", 300], [60, "1 min", 1e3], [300, "5 min", 3e3], [600, "10 min", 1e4], [0, "all", 0]];
var PlotView = class {
  constructor(refs, name, notify2) {
    this.name = name;
    this.refs = refs;
    this.notify = notify2;
    this.model = new PlotModel(MAX_SERIES, MAX_POINTS);
    this.events = [];
    this.cuts = new LineCuts();
    this.echo = new EchoFilter();
    this.decoder = new TextDecoder();
    this.source = plotSource(null);
    this.lastOffset = -1;
    this.chart = null;
    this.built = null;
    this.dataSrc = null;
    this.rebuild = true;
    this.dirty = false;
    this.viewDirty = false;
    this.visible = false;
    this.paused = false;
    this.frozen = null;
    this.zoom = null;
    this.xWin = [0, 1];
    this.yFixed = { min: null, max: null };
    this.hidden = /* @__PURE__ */ new Set();
    this.colours = /* @__PURE__ */ new Map();
    this.readout = null;
    this.cursorsOn = false;
    this.marks = { a: null, b: null };
    this.markEls = null;
    this.warnedSeries = false;
    this.prefs = plotPrefs(load(this.prefsKey(), null));
    this.xMode = this.prefs.x;
    this.editing = null;
    this.editor = null;
    refs.plotX.value = this.xMode;
    this.renderSource();
    this.fillWindows(refs.plotWindow.selectedIndex);
    this.win = Number(refs.plotWindow.value) || 0;
    refs.plotPause.addEventListener("click", () => this.setPaused(!this.paused));
    refs.plotX.addEventListener("change", () => this.setXMode(refs.plotX.value));
    refs.plotWindow.addEventListener("change", () => {
      this.win = Number(refs.plotWindow.value) || 0;
      this.unzoom("x");
      this.changed();
    });
    refs.plotYMin.addEventListener("change", () => this.readYRange());
    refs.plotYMax.addEventListener("change", () => this.readYRange());
    refs.plotReset.addEventListener("click", () => this.resetZoom());
    refs.plotCsv.addEventListener("click", () => this.exportCSV());
    refs.plotCsvView.addEventListener("click", () => this.exportCSV(true));
    refs.plotPng.addEventListener("click", () => this.exportPNG());
    refs.plotCursors.addEventListener("click", () => this.setCursors(!this.cursorsOn));
    refs.plotClear.addEventListener("click", () => this.clear());
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => this.resize()).observe(refs.plotHost);
    }
  }
  // ----- what the pane tells it -----
  // rx: a frame of device bytes at stream offset off (null when unknown),
  // before the lines it completes are added.
  rx(off2, bytes) {
    this.cuts.frame(off2, bytes);
  }
  // gap: a gap marker (bytes missed, connection lost or closed), before
  // the line it completes is added.
  gap() {
    this.cuts.gap();
    this.model.brk();
  }
  // event marks something that happened to the port at time t (ms): a
  // change of its lines, a break. The chart draws it as a dashed vertical
  // line with its text, at its time. The last MAX_EVENTS are kept.
  event(text, t) {
    this.events.push({ x: t / 1e3, text });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.dirty = true;
  }
  // drawEvents draws the events within the x range on the chart's canvas.
  drawEvents(u) {
    const { left, top, width, height } = u.bbox;
    const ctx = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    const colour = getComputedStyle(this.refs.plotHost).getPropertyValue("--marker").trim() || "#8250df";
    const shown2 = [];
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = dpr;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.font = `${11 * dpr}px ui-monospace, monospace`;
    ctx.textBaseline = "top";
    const src = this.dataSrc || this.shown();
    const bySample = this.xMode === "sample";
    for (const ev of this.events) {
      const at3 = bySample ? sampleAt(src.xs, src.ns, ev.x) : ev.x;
      if (at3 === null) continue;
      const x = u.valToPos(at3, "x", true);
      if (!(x >= left && x <= left + width)) continue;
      shown2.push(ev.text);
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, top);
      ctx.lineTo(Math.round(x) + 0.5, top + height);
      ctx.stroke();
      ctx.fillText(ev.text, x + 3 * dpr, top + 2 * dpr);
    }
    ctx.restore();
    this.refs.plotHost.dataset.events = shown2.join("|");
  }
  // noteSent: bytes (or text) this page sent to the device.
  noteSent(data) {
    this.echo.sent(typeof data === "string" ? data : this.decoder.decode(data), performance.now());
  }
  // addLine parses one completed line read at time t (ms), unless the
  // server decodes the port.
  addLine(text, t) {
    if (!this.cuts.whole()) return;
    if (this.echo.isEcho(text, performance.now())) return;
    if (this.source.decoder) return;
    this.took(this.model.add(text, t));
  }
  // values takes a decoder's records ({time, offset, values}) in order,
  // when the server decodes the port; missed > 0 (records this browser
  // fell behind on) breaks the lines.
  values(records, missed) {
    if (!this.source.decoder) return;
    if (missed > 0) this.model.brk();
    for (const rec of records) {
      if (!rec || typeof rec.offset !== "number" || rec.offset <= this.lastOffset) continue;
      this.lastOffset = rec.offset;
      const r4 = recordPoints(rec);
      if (r4) this.took(this.model.addPoints(r4.points, r4.t));
    }
  }
  // resetStream: the port's stream began afresh (the server restarted):
  // record offsets count from 0 again.
  resetStream() {
    this.lastOffset = -1;
  }
  took(r4) {
    if (r4.over && !this.warnedSeries) {
      this.warnedSeries = true;
      this.notify(`${this.name}: plotting the first ${MAX_SERIES} series only`, "info");
    }
    if (r4.added || r4.named) this.dirty = true;
  }
  // setPort follows the port object: when its decoder changes (set,
  // changed or removed), the points come from elsewhere and the plot
  // starts afresh (a decoder's series need not match the lines').
  setPort(port) {
    const src = plotSource(port);
    if (src.decoder === this.source.decoder) return;
    this.source = src;
    this.renderSource();
    this.clear();
  }
  // renderSource says in the toolbar where the points come from.
  renderSource() {
    const el3 = this.refs.plotSource;
    const src = this.source;
    el3.textContent = src.text;
    el3.title = src.title;
    el3.dataset.source = src.decoder ? "server" : "browser";
    this.refs.plotHost.dataset.source = el3.dataset.source;
    this.refs.plotEmpty.replaceChildren(...src.decoder ? [`The numeric values of the port's ${src.decoder} records are plotted here.`] : ["Lines such as ", h("code", null, "temp:21.5,hum:40"), " or ", h("code", null, "21.5 40"), " are plotted here."]);
  }
  get xs() {
    return this.model.xs;
  }
  get series() {
    return this.model.series;
  }
  // ----- the user's choices -----
  changed() {
    this.viewDirty = true;
    this.flush();
  }
  prefsKey() {
    return `plot:${this.name}`;
  }
  savePrefs() {
    save(this.prefsKey(), prefsJSON(this.prefs));
  }
  unitOf(name) {
    const o2 = this.prefs.series.get(name);
    return o2 ? o2.unit : "";
  }
  axisOf(name) {
    const o2 = this.prefs.series.get(name);
    return o2 ? o2.axis : "left";
  }
  // xcol is the x of src's rows as the chart places them: times (s) or
  // sample numbers.
  xcol(src) {
    return this.xMode === "sample" ? src.ns : src.xs;
  }
  // fillWindows gives the window's choices for the x mode, the i-th chosen.
  fillWindows(i) {
    const sel = this.refs.plotWindow;
    const bySample = this.xMode === "sample";
    sel.replaceChildren(...WINDOWS.map(([s15, label, n]) => h(
      "option",
      { value: String(bySample ? n : s15) },
      bySample ? n ? n.toLocaleString("en-US") : "all" : label
    )));
    sel.selectedIndex = i >= 0 && i < WINDOWS.length ? i : 1;
    sel.title = bySample ? "The last samples (lines plotted) shown" : "The last seconds shown, by device time";
  }
  // setXMode places lines by 'time' or by 'sample' (their number since
  // Clear); the window keeps its place in the list; zoom and cursors go.
  setXMode(mode) {
    if (!X_MODES.includes(mode) || mode === this.xMode) return;
    this.xMode = mode;
    this.prefs.x = mode;
    this.savePrefs();
    this.refs.plotX.value = mode;
    this.fillWindows(this.refs.plotWindow.selectedIndex);
    this.win = Number(this.refs.plotWindow.value) || 0;
    this.zoom = null;
    this.marks = { a: null, b: null };
    this.rebuild = true;
    this.changed();
  }
  // setSeries changes a series' unit or axis (change: {unit} or {axis}),
  // remembered for the port.
  setSeries(name, change2) {
    setSeriesPref(this.prefs, name, change2);
    this.savePrefs();
    if (this.editor && this.editing === name && "unit" in change2) this.editor.querySelector(".unit-input").value = this.unitOf(name);
    this.rebuild = true;
    this.changed();
  }
  // editSeries opens the editor of a series' unit and axis below the
  // legend (name null: closes it).
  editSeries(name) {
    const was = this.editing;
    const closing = this.editor && this.editor.contains(document.activeElement);
    if (this.editor) this.editor.remove();
    this.editor = null;
    this.editing = name;
    if (name !== null) this.editor = this.seriesEditor(name);
    this.buildLegend();
    if (this.editor) this.editor.querySelector(".unit-input").focus();
    else if (closing) {
      const s15 = this.shown().series.find((x) => x.name === was);
      const o2 = s15 && this.refs.plotLegend.querySelector(`.opts[data-key="${CSS.escape(s15.key)}"]`);
      if (o2) o2.focus();
    }
  }
  seriesEditor(name) {
    const unit = h("input", {
      type: "text",
      className: "unit-input",
      value: this.unitOf(name),
      maxLength: MAX_UNIT,
      size: 6,
      placeholder: "none",
      spellcheck: false,
      autocomplete: "off"
    });
    const axis = h(
      "select",
      { className: "axis-select" },
      h("option", { value: "left" }, "left"),
      h("option", { value: "right" }, "right")
    );
    axis.value = this.axisOf(name);
    const done = h("button", { type: "button", className: "editor-done" }, "Done");
    unit.addEventListener("change", () => this.setSeries(name, { unit: unit.value }));
    axis.addEventListener("change", () => this.setSeries(name, { axis: axis.value }));
    done.addEventListener("click", () => this.editSeries(null));
    const box = h(
      "div",
      { className: "plot-series-editor", role: "group", "aria-label": `Unit and axis of ${name}` },
      h("span", { className: "name" }, name),
      h("label", null, "Unit ", unit),
      h("label", null, "Axis ", axis),
      done
    );
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.editSeries(null);
    });
    return box;
  }
  clear() {
    this.model.clear();
    this.events = [];
    if (this.frozen) this.frozen = this.snapshot();
    this.zoom = null;
    this.hidden.clear();
    this.dirty = true;
    this.changed();
  }
  setPaused(p) {
    if (p === this.paused) return;
    this.paused = p;
    this.frozen = p ? this.snapshot() : null;
    if (!p) {
      this.zoom = null;
      this.rebuild = true;
    }
    this.refs.plotPause.setAttribute("aria-pressed", String(p));
    this.refs.plotPause.textContent = p ? "Resume" : "Pause";
    this.dirty = true;
    this.changed();
  }
  // snapshot copies what is shown, for a pause: the model goes on
  // collecting underneath.
  snapshot() {
    const m = this.model;
    return {
      xs: m.xs.slice(),
      ns: m.ns.slice(),
      series: m.series.map((s15) => ({ key: s15.key, name: s15.name, ys: s15.ys.slice() })),
      version: m.version
    };
  }
  // readYRange takes the Y range typed in, unless the minimum is not below
  // the maximum: that is refused with a message, and the range shown stays.
  readYRange() {
    const r4 = this.refs;
    const num = (el3) => {
      const v3 = parseFloat(el3.value);
      return Number.isFinite(v3) ? v3 : null;
    };
    const min2 = num(r4.plotYMin);
    const max2 = num(r4.plotYMax);
    const bad = min2 !== null && max2 !== null && min2 >= max2;
    r4.plotYMin.setAttribute("aria-invalid", String(bad));
    r4.plotYMax.setAttribute("aria-invalid", String(bad));
    r4.plotYError.hidden = !bad;
    if (bad) {
      r4.plotYError.textContent = `Y minimum ${min2} must be below Y maximum ${max2}: the range shown is unchanged`;
      return;
    }
    r4.plotYError.textContent = "";
    this.yFixed = { min: min2, max: max2 };
    this.unzoom("y");
    this.changed();
  }
  // zoomTo shows the ranges dragged over (x and y: [min, max] or null for
  // unchanged); the plot pauses, so the zoom holds.
  zoomTo(x, y) {
    const z2 = { x: this.zoom && this.zoom.x || null, y: this.zoom && this.zoom.y || null };
    if (x) z2.x = x;
    if (y) z2.y = y;
    this.setPaused(true);
    this.zoom = z2;
    this.changed();
  }
  // unzoom forgets the zoom of one axis ('x' or 'y').
  unzoom(axis) {
    if (!this.zoom) return;
    this.zoom[axis] = null;
    if (!this.zoom.x && !this.zoom.y) this.zoom = null;
  }
  resetZoom() {
    if (!this.zoom) return;
    this.zoom = null;
    this.changed();
  }
  // setCursors turns the two cursors on (placed by clicks) or off.
  setCursors(on3) {
    this.cursorsOn = on3;
    this.marks = { a: null, b: null };
    this.refs.plotCursors.setAttribute("aria-pressed", String(on3));
    this.renderMarks();
  }
  // place puts the cursor nearer to the click (or a missing one) on the
  // line nearest to the time clicked.
  place(u, ev) {
    if (!this.cursorsOn) return;
    const xs2 = u.data[0];
    if (!xs2.length) return;
    const t = u.posToVal(ev.offsetX, "x");
    let i = Math.min(lowerBound(xs2, t), xs2.length - 1);
    if (i > 0 && Math.abs(xs2[i - 1] - t) <= Math.abs(xs2[i] - t)) i--;
    const isBreak = (j3) => u.data.slice(1).every((ys2) => ys2[j3] === null);
    if (isBreak(i)) i = i + 1 < xs2.length && !isBreak(i + 1) ? i + 1 : Math.max(0, i - 1);
    const at3 = xs2[i];
    const { a, b: b2 } = this.marks;
    let which = "a";
    if (a === null) which = "a";
    else if (b2 === null) which = "b";
    else which = Math.abs(a - at3) <= Math.abs(b2 - at3) ? "a" : "b";
    this.marks[which] = at3;
    this.renderMarks();
  }
  // renderMarks draws the cursors and their differences over the chart:
  // by time, A's and B's times and Δt; by sample, their sample numbers and
  // times, Δ in samples and Δt.
  renderMarks() {
    const u = this.chart;
    const els = this.markEls;
    if (!u || !els) return;
    const src = this.shown();
    const xc = this.xcol(src);
    const bySample = this.xMode === "sample";
    for (const k3 of ["a", "b"]) {
      const t = this.marks[k3];
      const x = t === null ? -1 : u.valToPos(t, "x");
      const on3 = this.cursorsOn && t !== null && x >= 0 && x <= u.over.clientWidth;
      els[k3].hidden = !on3;
      if (on3) els[k3].style.transform = `translateX(${Math.round(x)}px)`;
    }
    const { a, b: b2 } = this.marks;
    els.box.hidden = !this.cursorsOn || a === null;
    if (els.box.hidden) return;
    const valueAt = (ys2, x) => {
      const j3 = nearestValue(xc, ys2, lowerBound(xc, x));
      return j3 < 0 ? null : ys2[j3];
    };
    const timeOf = (x) => bySample ? src.xs[Math.min(lowerBound(xc, x), src.xs.length - 1)] : x;
    const fmt = (v3) => v3 === null ? "–" : String(Number(v3.toPrecision(10)));
    const mark = (name, k3, x) => h(
      "div",
      { className: "mark" },
      h("span", { className: "name" }, name),
      bySample ? h("span", { className: `n${k3}` }, `sample ${x}`) : null,
      h("span", { className: `t${k3}` }, timeLabel(timeOf(x), 0))
    );
    const rows = [mark("A", "a", a)];
    if (b2 !== null) {
      const dt2 = `${(timeOf(b2) - timeOf(a)).toFixed(3)} s`;
      rows.push(mark("B", "b", b2), bySample ? h("div", { className: "mark" }, h("span", { className: "name" }, "Δ"), h("span", { className: "dn" }, `${b2 - a} samples`), h("span", { className: "dt" }, dt2)) : h("div", { className: "mark" }, h("span", { className: "name" }, "Δt"), h("span", { className: "dt" }, dt2)));
    }
    for (const s15 of src.series) {
      if (this.hidden.has(s15.key)) continue;
      const unit = this.unitOf(s15.name);
      const va2 = valueAt(s15.ys, a);
      const vb = b2 === null ? null : valueAt(s15.ys, b2);
      const swatch = h("span", { className: "swatch", "aria-hidden": "true" });
      swatch.style.background = this.colours.get(s15.name) || PALETTE[0];
      const text = b2 === null ? fmt(va2) : `${fmt(va2)} → ${fmt(vb)}`;
      const dy = va2 === null || vb === null ? "" : `Δ ${fmt(vb - va2)}${unit ? ` ${unit}` : ""}`;
      rows.push(h(
        "div",
        { className: "row", dataset: { key: s15.key } },
        swatch,
        h("span", { className: "name" }, s15.name),
        h("span", { className: "value" }, text),
        unit ? h("span", { className: "unit" }, unit) : null,
        h("span", { className: "dy" }, dy)
      ));
    }
    els.box.replaceChildren(...rows);
  }
  toggle(key) {
    if (this.hidden.has(key)) this.hidden.delete(key);
    else this.hidden.add(key);
    const i = this.shown().series.findIndex((s15) => s15.key === key);
    const b2 = this.refs.plotLegend.querySelector(`.series[data-key="${CSS.escape(key)}"]`);
    if (b2) b2.setAttribute("aria-pressed", String(!this.hidden.has(key)));
    if (this.chart && i >= 0) this.chart.setSeries(i + 1, { show: !this.hidden.has(key) });
    this.renderMarks();
  }
  // drop removes a series from the plot (and from a paused view) until Clear.
  drop(key) {
    this.model.drop(key);
    this.hidden.delete(key);
    if (this.frozen) {
      this.frozen.series = this.frozen.series.filter((s15) => s15.key !== key);
      this.frozen.version = this.model.version;
    }
    this.dirty = true;
    this.changed();
  }
  undrop() {
    this.model.undrop();
    this.buildLegend();
  }
  setTheme() {
    this.rebuild = true;
    this.changed();
  }
  show() {
    this.visible = true;
    this.rebuild = true;
    this.changed();
  }
  hide() {
    this.visible = false;
  }
  // ----- drawing -----
  // shown is what the chart shows: the model, or the snapshot taken at
  // the pause.
  shown() {
    return this.frozen || this.model;
  }
  data() {
    const src = this.shown();
    return [this.xcol(src), ...src.series.map((s15) => s15.ys)];
  }
  size() {
    const host = this.refs.plotHost;
    const cs2 = getComputedStyle(host);
    const w2 = host.clientWidth - parseFloat(cs2.paddingLeft) - parseFloat(cs2.paddingRight);
    const ht = host.clientHeight - parseFloat(cs2.paddingTop) - parseFloat(cs2.paddingBottom);
    return { width: Math.max(100, Math.floor(w2)), height: Math.max(120, Math.floor(ht)) };
  }
  resize() {
    if (this.chart && this.visible) this.chart.setSize(this.size());
  }
  // assignColours gives each series shown its colour: by its name (a hash
  // into the palette), the next free one when another series shown has
  // that colour already; a series keeps its colour while it is shown.
  assignColours(series) {
    const next = /* @__PURE__ */ new Map();
    const taken = /* @__PURE__ */ new Set();
    for (const s15 of series) {
      const c = this.colours.get(s15.name);
      if (c && !taken.has(c)) {
        next.set(s15.name, c);
        taken.add(c);
      }
    }
    for (const s15 of series) {
      if (next.has(s15.name)) continue;
      let i = paletteIndex(s15.name, PALETTE.length);
      for (let k3 = 0; k3 < PALETTE.length && taken.has(PALETTE[i]); k3++) i = (i + 1) % PALETTE.length;
      next.set(s15.name, PALETTE[i]);
      taken.add(PALETTE[i]);
    }
    this.colours = next;
  }
  buildChart() {
    this.rebuild = false;
    if (this.chart) this.chart.destroy();
    this.chart = null;
    const src = this.shown();
    this.built = src.version;
    this.dataSrc = src;
    this.assignColours(src.series);
    this.xWin = this.xRange();
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue("--muted").trim() || "#888";
    const grid2 = css.getPropertyValue("--border").trim() || "#ccc";
    const axis = { stroke: text, grid: { stroke: grid2, width: 1 }, ticks: { stroke: grid2, width: 1 } };
    const host = this.refs.plotHost;
    const bySample = this.xMode === "sample";
    const right = src.series.filter((s15) => this.axisOf(s15.name) === "right");
    const left = src.series.filter((s15) => this.axisOf(s15.name) !== "right");
    const yLabel = sharedUnit(left.map((s15) => this.unitOf(s15.name)));
    const y2Label = sharedUnit(right.map((s15) => this.unitOf(s15.name)));
    const label = (l2) => l2 ? { label: l2, labelSize: 20, labelGap: 2, labelFont: `12px ${css.getPropertyValue("--sans").trim() || "sans-serif"}` } : {};
    host.dataset.xMode = this.xMode;
    host.dataset.yLabel = yLabel;
    if (right.length) host.dataset.y2Label = y2Label;
    else for (const k3 of ["y2Label", "y2Min", "y2Max"]) delete host.dataset[k3];
    const opts = {
      ...this.size(),
      legend: { show: false },
      cursor: {
        // Drag a rectangle; mostly sideways (less than 20 px up or down)
        // zooms in time only, mostly up or down in Y only.
        drag: { x: true, y: true, uni: 20, setScale: false },
        bind: {
          dblclick: () => () => {
            this.resetZoom();
            return null;
          }
        }
      },
      scales: {
        // The x scale is always this.xWin; the Y range comes from what is
        // shown (yRange): uPlot computes neither.
        x: { time: !bySample, range: () => this.xWin },
        y: { range: () => this.yRange("left") },
        ...right.length ? { y2: { range: () => this.yRange("right") } } : {}
      },
      axes: [
        {
          ...axis,
          space: bySample ? N_TICK_SPACE : X_TICK_SPACE,
          ...bySample ? { incrs: SAMPLE_INCRS } : {},
          values: (u2, splits, ai2, space, incr) => {
            const labels = splits.map((v3) => bySample ? String(Math.round(v3)) : timeLabel(v3, incr));
            host.dataset.xTicks = labels.join("|");
            return labels;
          }
        },
        { ...axis, size: 60, ...label(yLabel) },
        ...right.length ? [{ ...axis, scale: "y2", side: 1, size: 60, grid: { show: false }, ...label(y2Label) }] : []
      ],
      series: [{}, ...src.series.map((s15) => {
        const colour = this.colours.get(s15.name);
        return {
          label: s15.name,
          scale: this.axisOf(s15.name) === "right" ? "y2" : "y",
          stroke: colour,
          width: 1.5,
          show: !this.hidden.has(s15.key),
          spanGaps: false,
          auto: false,
          points: { show: false, filter: lonePoints, size: 6, fill: colour, stroke: colour }
        };
      })],
      hooks: {
        setSelect: [(u2) => this.selected(u2)],
        setCursor: [(u2) => this.renderReadout(u2)],
        draw: [(u2) => {
          this.drawEvents(u2);
          this.renderMarks();
        }],
        setScale: [(u2, key) => {
          const sc2 = u2.scales[key];
          if (key === "x") {
            host.dataset.xMin = String(sc2.min);
            host.dataset.xMax = String(sc2.max);
          } else if (key === "y") {
            host.dataset.yMin = String(sc2.min);
            host.dataset.yMax = String(sc2.max);
          } else if (key === "y2") {
            host.dataset.y2Min = String(sc2.min);
            host.dataset.y2Max = String(sc2.max);
          }
        }]
      }
    };
    this.chart = new uPlot(opts, this.data(), host);
    this.readout = h("div", { className: "plot-readout", hidden: true, role: "status", "aria-live": "off" });
    this.markEls = {
      a: h("div", { className: "plot-cursor", hidden: true, dataset: { cursor: "a" } }),
      b: h("div", { className: "plot-cursor", hidden: true, dataset: { cursor: "b" } }),
      box: h("div", { className: "plot-delta", hidden: true, role: "status" })
    };
    this.chart.over.append(this.readout, this.markEls.a, this.markEls.b, this.markEls.box);
    const u = this.chart;
    u.over.addEventListener("click", (ev) => this.place(u, ev));
    this.buildLegend();
  }
  // buildLegend shows a button per series (show or hide it: its colour,
  // name, latest value, unit, and R on the right axis), ▾ (its unit and
  // axis) and × (drop it); the editor of a unit and axis stays below.
  buildLegend() {
    const legend = this.refs.plotLegend;
    const src = this.shown();
    for (const c of [...legend.children]) if (c !== this.editor) c.remove();
    if (this.editing !== null && !src.series.some((s15) => s15.name === this.editing)) {
      if (this.editor) this.editor.remove();
      this.editor = null;
      this.editing = null;
    }
    const items = [];
    for (const s15 of src.series) {
      const swatch = h("span", { className: "swatch", "aria-hidden": "true" });
      swatch.style.background = this.colours.get(s15.name) || PALETTE[0];
      s15.valueEl = h("span", { className: "value" });
      const unit = this.unitOf(s15.name);
      const right = this.axisOf(s15.name) === "right";
      const b2 = h(
        "button",
        {
          type: "button",
          className: "series",
          title: "Show or hide this series",
          dataset: { key: s15.key },
          "aria-pressed": String(!this.hidden.has(s15.key))
        },
        swatch,
        h("span", { className: "name" }, s15.name),
        s15.valueEl,
        unit ? h("span", { className: "unit" }, unit) : null,
        right ? h("span", { className: "side", title: "On the right axis", "aria-hidden": "true" }, "R") : null,
        right ? h("span", { className: "visually-hidden" }, ", on the right axis") : null
      );
      b2.addEventListener("click", () => this.toggle(s15.key));
      const o2 = h("button", {
        type: "button",
        className: "opts",
        title: `Unit and axis of ${s15.name}`,
        "aria-label": `Unit and axis of ${s15.name}`,
        "aria-expanded": String(this.editing === s15.name),
        dataset: { key: s15.key }
      }, "▾");
      o2.addEventListener("click", () => this.editSeries(this.editing === s15.name ? null : s15.name));
      const x = h("button", {
        type: "button",
        className: "drop",
        title: `Remove ${s15.name} from the plot (until Clear)`,
        "aria-label": `Remove ${s15.name} from the plot`
      }, "×");
      x.addEventListener("click", () => this.drop(s15.key));
      items.push(h("span", { className: "legend-item", dataset: { key: s15.key } }, b2, o2, x));
    }
    const n = this.model.dropped.size;
    if (n) {
      const r4 = h("button", {
        type: "button",
        className: "undrop",
        title: `Plot the removed series again from their next values: ${[...this.model.dropped].join(", ")}`
      }, `Restore ${n} removed`);
      r4.addEventListener("click", () => this.undrop());
      items.push(r4);
    }
    if (this.editor && this.editor.parentNode === legend) for (const it2 of items) legend.insertBefore(it2, this.editor);
    else {
      legend.append(...items);
      if (this.editor) legend.append(this.editor);
    }
    this.refs.plotEmpty.hidden = src.series.length > 0 || n > 0;
    this.renderValues();
  }
  // renderValues shows each series' latest value in the legend.
  renderValues() {
    for (const s15 of this.shown().series) {
      let v3 = null;
      for (let i = s15.ys.length - 1; i >= 0 && i >= s15.ys.length - 64; i--) {
        if (s15.ys[i] !== null && s15.ys[i] !== void 0) {
          v3 = s15.ys[i];
          break;
        }
      }
      if (s15.valueEl) s15.valueEl.textContent = v3 === null ? "" : String(v3);
    }
  }
  // xRange is the x range to show: the zoom's, or the window ending at
  // the last line shown (everything shown for "all"). By sample, see
  // sampleRange.
  xRange() {
    if (this.zoom && this.zoom.x) return this.zoom.x;
    const src = this.shown();
    if (this.xMode === "sample") {
      const ns2 = src.ns;
      return sampleRange(ns2.length ? ns2[0] : 0, ns2.length ? ns2[ns2.length - 1] : 0, this.win);
    }
    const xs2 = src.xs;
    if (!xs2.length) {
      const now = Date.now() / 1e3;
      return [now - (this.win || 30), now];
    }
    const last = xs2[xs2.length - 1];
    const min2 = this.win > 0 ? last - this.win : xs2[0];
    return [min2, Math.max(last, min2 + 1e-3)];
  }
  // yRange is the range of an axis ('left' or 'right'). Left: the zoom's,
  // the one typed in, or that of its series shown in the x range shown;
  // right: always the last.
  yRange(side) {
    if (side === "left" && this.zoom && this.zoom.y) return this.zoom.y;
    const src = this.shown();
    const cols = [];
    for (const s15 of src.series) if (!this.hidden.has(s15.key) && this.axisOf(s15.name) === side) cols.push(s15.ys);
    const auto = visibleRange(this.xcol(src), cols, this.xWin[0], this.xWin[1]);
    return side === "left" ? yScale(auto, this.yFixed.min, this.yFixed.max) : yScale(auto, null, null);
  }
  // applyScales sets the chart's time range; the Y range follows.
  applyScales() {
    this.xWin = this.xRange();
    this.chart.setScale("x", { min: this.xWin[0], max: this.xWin[1] });
    this.refs.plotReset.disabled = !this.zoom;
  }
  // selected: the user dragged over the chart (uPlot's selection).
  selected(u) {
    const { left, top, width, height } = u.select;
    if (width <= 0 && height <= 0) return;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    const w2 = u.over.clientWidth;
    const ht = u.over.clientHeight;
    const x = width > 1 && width < w2 - 1 ? [u.posToVal(left, "x"), u.posToVal(left + width, "x")] : null;
    const y = height > 1 && height < ht - 1 ? [u.posToVal(top + height, "y"), u.posToVal(top, "y")] : null;
    if (x || y) this.zoomTo(x, y);
  }
  // renderReadout shows the values at the mouse, with the device time of
  // their line (the nearest one), or nothing when the mouse is away.
  renderReadout(u) {
    const r4 = this.readout;
    if (!r4) return;
    const idx = u.cursor.idx;
    if (idx === null || idx === void 0 || u.cursor.left < 0) {
      r4.hidden = true;
      return;
    }
    const src = this.shown();
    const rows = [];
    if (this.xMode === "sample") {
      const n = u.data[0][idx];
      rows.push(h("div", { className: "sample" }, Number.isInteger(n) ? `sample ${n}` : `gap after sample ${Math.floor(n)}`));
    }
    rows.push(h("div", { className: "time" }, timeLabel(src.xs[idx], 0)));
    src.series.forEach((s15, i) => {
      if (this.hidden.has(s15.key)) return;
      const j3 = u.cursor.idxs[i + 1];
      const v3 = j3 === null || j3 === void 0 ? null : u.data[i + 1][j3];
      const swatch = h("span", { className: "swatch", "aria-hidden": "true" });
      swatch.style.background = this.colours.get(s15.name) || PALETTE[0];
      const unit = this.unitOf(s15.name);
      rows.push(h(
        "div",
        { className: "row", dataset: { key: s15.key } },
        swatch,
        h("span", { className: "name" }, s15.name),
        h("span", { className: "value" }, v3 === null || v3 === void 0 ? "–" : String(v3)),
        unit ? h("span", { className: "unit" }, unit) : null
      ));
    });
    r4.replaceChildren(...rows);
    r4.hidden = false;
  }
  // flush redraws the chart, when visible: the pane calls it at most once
  // per animation frame. Paused, data arriving changes nothing shown.
  flush(force = false) {
    if (!this.visible || !this.dirty && !this.viewDirty && !force) return;
    const newData = this.dirty;
    const viewChanged = this.viewDirty || force;
    this.dirty = false;
    this.viewDirty = false;
    this.refs.plotHost.dataset.points = String(this.model.points);
    const src = this.shown();
    if (!this.chart || this.rebuild || this.built !== src.version) {
      this.buildChart();
    } else if (this.dataSrc !== src || !this.paused && newData) {
      this.dataSrc = src;
      this.chart.setData(this.data(), false);
    } else if (this.paused && !viewChanged) {
      return;
    }
    if (!this.paused) this.renderValues();
    this.applyScales();
  }
  // exportCSV downloads the lines kept, with their device times (UTC), or
  // with view those shown: the x range and series shown. Headers carry the
  // units ("temp (°C)"); by sample, a first column has the sample numbers.
  exportCSV(view = false) {
    const src = view ? this.shown() : this.model;
    const series = view ? src.series.filter((s15) => !this.hidden.has(s15.key)) : src.series;
    const bySample = this.xMode === "sample";
    const xs2 = src.xs;
    const [i0, i1] = view ? rowsIn(this.xcol(src), this.xWin[0], this.xWin[1]) : [0, xs2.length - 1];
    const q2 = (s15) => /[",\n\r]/.test(s15) ? `"${s15.replace(/"/g, '""')}"` : s15;
    const rows = [[...bySample ? ["sample"] : [], "time", ...series.map((s15) => q2(seriesLabel(s15.name, this.unitOf(s15.name))))].join(",")];
    for (let i = i0; i <= i1; i++) {
      const cells = [new Date(xs2[i] * 1e3).toISOString()];
      if (bySample) cells.unshift(String(src.ns[i]));
      let any = false;
      for (const s15 of series) {
        const v3 = s15.ys[i];
        if (v3 !== null && v3 !== void 0) any = true;
        cells.push(v3 === null || v3 === void 0 ? "" : String(v3));
      }
      if (any) rows.push(cells.join(","));
    }
    download(new Blob([rows.join("\n") + "\n"], { type: "text/csv" }), `${this.name}-plot-${view ? "view-" : ""}${fileStamp()}.csv`);
  }
  // exportPNG downloads the chart as shown, with a legend of the series
  // shown above it.
  exportPNG() {
    const u = this.chart;
    if (!u) return;
    const chart = u.ctx.canvas;
    const r4 = chart.width / Math.max(1, chart.clientWidth || chart.width);
    const css = getComputedStyle(document.documentElement);
    const legendH = Math.round(28 * r4);
    const out = document.createElement("canvas");
    out.width = chart.width;
    out.height = chart.height + legendH;
    const ctx = out.getContext("2d");
    ctx.fillStyle = css.getPropertyValue("--bg").trim() || "#fff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.font = `${Math.round(13 * r4)}px ${css.getPropertyValue("--sans").trim() || "sans-serif"}`;
    ctx.textBaseline = "middle";
    let x = Math.round(8 * r4);
    const y = legendH / 2;
    for (const s15 of this.shown().series) {
      if (this.hidden.has(s15.key)) continue;
      ctx.fillStyle = this.colours.get(s15.name) || PALETTE[0];
      ctx.fillRect(x, y - 5 * r4, 10 * r4, 10 * r4);
      x += 14 * r4;
      ctx.fillStyle = css.getPropertyValue("--text").trim() || "#000";
      const text = seriesLabel(s15.name, this.unitOf(s15.name));
      ctx.fillText(text, x, y);
      x += ctx.measureText(text).width + 16 * r4;
    }
    ctx.drawImage(chart, 0, legendH);
    out.toBlob((blob) => {
      if (blob) download(blob, `${this.name}-plot-${fileStamp()}.png`);
    }, "image/png");
  }
};
function lonePoints(u, si2, show, gaps2) {
  if (show) return null;
  const ys2 = u.data[si2];
  const [i0, i1] = u.series[0].idxs;
  if (i0 === null || i0 === void 0 || i1 < i0) return null;
  const edge = (from, dir) => {
    for (let i = from; i >= 0 && i < ys2.length; i += dir) if (ys2[i] !== void 0) return ys2[i] !== null;
    return false;
  };
  const out = [];
  if (!gaps2 || !gaps2.length) {
    let only = -1;
    for (let i = i0; i <= i1; i++) {
      if (ys2[i] === null || ys2[i] === void 0) continue;
      if (only >= 0) return null;
      only = i;
    }
    if (only >= 0 && !edge(i0 - 1, -1) && !edge(i1 + 1, 1)) out.push(only);
    return out.length ? out : null;
  }
  let prevValue = edge(i0 - 1, -1);
  let cand = -1;
  for (let i = i0; i <= i1; i++) {
    const v3 = ys2[i];
    if (v3 === void 0) continue;
    if (v3 === null) {
      if (cand >= 0) out.push(cand);
      cand = -1;
      prevValue = false;
    } else {
      cand = prevValue ? -1 : i;
      prevValue = true;
    }
  }
  if (cand >= 0 && !edge(i1 + 1, 1)) out.push(cand);
  return out.length ? out : null;
}

// src/dashmodel.js
var GRID_COLS = 12;
var MAX_H = 8;
var TYPES2 = {
  value: { w: 3, h: 1, label: "Value" },
  gauge: { w: 3, h: 2, label: "Gauge" },
  plot: { w: 6, h: 3, label: "Time plot" },
  xy: { w: 4, h: 3, label: "XY plot" },
  bar: { w: 3, h: 1, label: "Bar" },
  led: { w: 2, h: 1, label: "LED" },
  track: { w: 4, h: 3, label: "GPS track" },
  table: { w: 6, h: 3, label: "Table" },
  log: { w: 6, h: 2, label: "Log" },
  button: { w: 2, h: 1, label: "Button" },
  toggle: { w: 2, h: 1, label: "Toggle" },
  slider: { w: 3, h: 1, label: "Slider" },
  number: { w: 3, h: 1, label: "Number" },
  text: { w: 3, h: 1, label: "Text" }
};
var CONTROLS = /* @__PURE__ */ new Set(["button", "toggle", "slider", "number", "text"]);
var F3 = {
  label: ["label", "text", "Label"],
  value: ["value", "text", "Value name"],
  values: ["values", "values", "Value names (comma-separated)"],
  units: ["units", "text", "Units"],
  min: ["min", "number", "Min"],
  max: ["max", "number", "Max"],
  decimals: ["decimals", "number", "Decimals"],
  color: ["color", "text", "Colour (when no rule matches)"],
  rules: ["rules", "rules", "Rules, one a line: CONDITION => COLOUR (e.g. temp > 30 => red)"],
  xValue: ["xValue", "text", "X value name"],
  yValue: ["yValue", "text", "Y value name"],
  lat: ["lat", "text", "Latitude value name"],
  lon: ["lon", "text", "Longitude value name"],
  points: ["points", "number", "Points kept"],
  window: ["window", "number", "Window (s)"],
  rows: ["rows", "number", "Rows kept"],
  send: ["send", "text", "Command ({value}, {text}, {on|off}; \\r \\n \\t \\xHH)"],
  step: ["step", "number", "Step"]
};
var FIELDS = {
  value: [F3.label, F3.value, F3.units, F3.decimals],
  gauge: [F3.label, F3.value, F3.units, F3.min, F3.max, F3.decimals],
  plot: [F3.label, F3.values, F3.window],
  xy: [F3.label, F3.xValue, F3.yValue, F3.points],
  bar: [F3.label, F3.value, F3.units, F3.min, F3.max],
  led: [F3.label, F3.rules, F3.color],
  track: [F3.label, F3.lat, F3.lon, F3.points],
  table: [F3.label, F3.values, F3.rows],
  log: [F3.label, F3.values, F3.rows],
  button: [F3.label, F3.send],
  toggle: [F3.label, F3.send],
  slider: [F3.label, F3.send, F3.min, F3.max, F3.step],
  number: [F3.label, F3.send, F3.min, F3.max, F3.step],
  text: [F3.label, F3.send]
};
function newWidget(type, widgets) {
  const t = TYPES2[type];
  if (!t) throw new Error(`unknown widget type ${type}`);
  const ids = new Set(widgets.map((w3) => w3.id));
  let n = widgets.length + 1;
  while (ids.has(`w${n}`)) n++;
  const w2 = { id: `w${n}`, type, label: t.label, w: t.w, h: t.h };
  if (type === "gauge" || type === "bar" || type === "slider") Object.assign(w2, { min: 0, max: 100 });
  if (type === "track") Object.assign(w2, { lat: "lat", lon: "lon", points: 600 });
  if (type === "table" || type === "log") w2.rows = 20;
  if (type === "plot") w2.window = 60;
  if (type === "xy") w2.points = 500;
  if (type === "button") w2.send = "LED ON\\r\\n";
  if (type === "toggle") w2.send = "LED {on|off}\\r\\n";
  if (type === "slider" || type === "number") Object.assign(w2, { send: "SET SPEED {value}\\r\\n", step: 1 });
  if (type === "text") w2.send = "SAY {text}\\r\\n";
  if (type === "led") Object.assign(w2, { rules: [], color: "grey" });
  const at3 = freeSpot(widgets, w2.w, w2.h);
  w2.x = at3.x;
  w2.y = at3.y;
  return w2;
}
function place(w2) {
  const t = TYPES2[w2.type] || { w: 3, h: 1 };
  const cw = clamp2(int(w2.w, t.w), 1, GRID_COLS);
  const ch = clamp2(int(w2.h, t.h), 1, MAX_H);
  return { x: clamp2(int(w2.x, 0), 0, GRID_COLS - cw), y: Math.max(0, int(w2.y, 0)), w: cw, h: ch };
}
var overlaps = (a, b2) => a.x < b2.x + b2.w && b2.x < a.x + a.w && a.y < b2.y + b2.h && b2.y < a.y + a.h;
function freeSpot(widgets, w2, h3) {
  const boxes = widgets.map(place);
  for (let y = 0; ; y++) {
    for (let x = 0; x + w2 <= GRID_COLS; x++) {
      const b2 = { x, y, w: w2, h: h3 };
      if (!boxes.some((o2) => overlaps(o2, b2))) return { x, y };
    }
  }
}
function move(widgets, id2, { dx = 0, dy = 0, dw = 0, dh = 0 }) {
  const i = widgets.findIndex((w2) => w2.id === id2);
  if (i < 0) return widgets;
  const b2 = place(widgets[i]);
  const nw = clamp2(b2.w + dw, 1, GRID_COLS);
  const nh = clamp2(b2.h + dh, 1, MAX_H);
  const moved = { ...widgets[i], w: nw, h: nh, x: clamp2(b2.x + dx, 0, GRID_COLS - nw), y: Math.max(0, b2.y + dy) };
  const out = widgets.slice();
  out[i] = moved;
  return settle(out, id2);
}
function layout(widgets) {
  const placed = [];
  const has = (w2) => Number.isFinite(Number(w2.x)) && Number.isFinite(Number(w2.y)) && w2.x !== null && w2.y !== null && w2.x !== "" && w2.y !== "";
  for (const w2 of widgets) if (has(w2)) placed.push({ ...w2, ...place(w2) });
  const out = widgets.map((w2) => {
    if (has(w2)) return placed.find((p2) => p2.id === w2.id);
    const b2 = place({ ...w2, x: 0, y: 0 });
    const at3 = freeSpot(placed, b2.w, b2.h);
    const p = { ...w2, w: b2.w, h: b2.h, x: at3.x, y: at3.y };
    placed.push(p);
    return p;
  });
  return settle(out, null);
}
function settle(widgets, fixedId) {
  const out = widgets.map((w2) => ({ ...w2, ...place(w2) }));
  const order = out.map((_4, i) => i).sort((a, b2) => {
    if (out[a].id === fixedId) return -1;
    if (out[b2].id === fixedId) return 1;
    return out[a].y - out[b2].y || out[a].x - out[b2].x;
  });
  const done = [];
  for (const i of order) {
    const w2 = out[i];
    while (done.some((o2) => overlaps(o2, w2))) w2.y++;
    done.push(w2);
  }
  return out;
}
function unescape(s15) {
  return String(s15).replace(/\\(x[0-9a-fA-F]{2}|[rnt\\])/g, (_4, e) => {
    if (e === "r") return "\r";
    if (e === "n") return "\n";
    if (e === "t") return "	";
    if (e === "\\") return "\\";
    return String.fromCharCode(parseInt(e.slice(1), 16));
  });
}
function expand(template, { value, text, on: on3 } = {}) {
  const filled = String(template).replace(/\{([^{}]*)\}/g, (m, name) => {
    if (name === "value") return value === void 0 ? "" : String(value);
    if (name === "text") return text === void 0 ? "" : String(text);
    const alt = name.split("|");
    if (alt.length === 2) return on3 ? alt[0] : alt[1];
    return m;
  });
  const out = [];
  const enc = new TextEncoder();
  const re2 = /\\(x[0-9a-fA-F]{2}|[rnt\\])/g;
  let last = 0;
  for (let m; m = re2.exec(filled); ) {
    out.push(...enc.encode(filled.slice(last, m.index)));
    out.push(unescape(m[0]).charCodeAt(0));
    last = re2.lastIndex;
  }
  out.push(...enc.encode(filled.slice(last)));
  return Uint8Array.from(out);
}
var OPS = {
  ">": (a, b2) => a > b2,
  ">=": (a, b2) => a >= b2,
  "<": (a, b2) => a < b2,
  "<=": (a, b2) => a <= b2,
  "==": (a, b2) => a === b2,
  "=": (a, b2) => a === b2,
  "!=": (a, b2) => a !== b2
};
function parseCondition(text) {
  const s15 = String(text).trim();
  let m = /^([A-Za-z_][\w.-]*)\s*(>=|<=|==|!=|>|<|=)\s*(.+)$/.exec(s15);
  if (m) {
    let operand = m[3].trim();
    const q2 = /^"(.*)"$/.exec(operand);
    if (q2) operand = q2[1];
    else if (operand !== "" && Number.isFinite(Number(operand))) operand = Number(operand);
    return { name: m[1], op: m[2], operand };
  }
  m = /^([A-Za-z_][\w.-]*)$/.exec(s15);
  if (m) return { name: m[1], op: "", operand: null };
  throw new Error(`not a condition: ${JSON.stringify(s15)} (want e.g. temp > 30)`);
}
function testCondition(cond, values) {
  const v3 = values[cond.name];
  if (v3 === void 0 || v3 === null) return false;
  if (!cond.op) return v3 !== 0 && v3 !== false && v3 !== "" && v3 !== "0";
  let a = v3;
  let b2 = cond.operand;
  if (typeof b2 === "number") {
    a = typeof v3 === "number" ? v3 : Number(v3);
    if (!Number.isFinite(a)) return false;
  } else a = String(v3);
  return OPS[cond.op](a, b2);
}
function parseRules(text) {
  const rules = [];
  String(text).split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(.*?)=>\s*(\S+)\s*(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1}: want CONDITION => COLOUR`);
    try {
      parseCondition(m[1]);
    } catch (err) {
      throw new Error(`line ${i + 1}: ${err.message}`);
    }
    const r4 = { if: m[1].trim(), color: m[2] };
    if (m[3].trim()) r4.label = m[3].trim();
    rules.push(r4);
  });
  return rules;
}
var rulesText = (rules) => (rules || []).map((r4) => `${r4.if} => ${r4.color}${r4.label ? ` ${r4.label}` : ""}`).join("\n");
function ledState(widget, values) {
  const rules = widget.rules || [];
  for (let i = 0; i < rules.length; i++) {
    let c;
    try {
      c = parseCondition(rules[i].if);
    } catch (_4) {
      continue;
    }
    if (testCondition(c, values)) return { color: rules[i].color, label: rules[i].label || rules[i].if, rule: i };
  }
  return { color: widget.color || "grey", label: "off", rule: -1 };
}
var COLOURS = ["red", "green", "yellow", "orange", "blue", "grey"];
var EARTH_M = 63710088e-1;
function project(points2) {
  if (!points2.length) return { pts: [], span: 0, lat0: 0, lon0: 0 };
  let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
  for (const [la2, lo2] of points2) {
    minLat = Math.min(minLat, la2);
    maxLat = Math.max(maxLat, la2);
    minLon = Math.min(minLon, lo2);
    maxLon = Math.max(maxLon, lo2);
  }
  const lat0 = (minLat + maxLat) / 2;
  const lon0 = (minLon + maxLon) / 2;
  const k3 = Math.PI / 180 * EARTH_M;
  const kx = k3 * Math.cos(lat0 * Math.PI / 180);
  const pts = points2.map(([la2, lo2]) => [(lo2 - lon0) * kx, (la2 - lat0) * k3]);
  const span = Math.max((maxLon - minLon) * kx, (maxLat - minLat) * k3);
  return { pts, span, lat0, lon0 };
}
function niceScale(metres) {
  const target = Math.max(metres / 3, 1);
  const p = 10 ** Math.floor(Math.log10(target));
  let m = p;
  for (const f of [2, 5, 10]) if (f * p <= target) m = f * p;
  const label = m >= 1e3 ? `${m / 1e3} km` : `${m} m`;
  return { metres: m, label };
}
function formatValue(v3, decimals) {
  if (v3 === void 0 || v3 === null) return "—";
  if (typeof v3 === "number") {
    const d = Number(decimals);
    return Number.isInteger(d) && d >= 0 && d <= 10 && decimals !== "" && decimals !== void 0 ? v3.toFixed(d) : String(v3);
  }
  return String(v3);
}
function fraction(v3, min2, max2) {
  const lo2 = Number(min2 ?? 0), hi2 = Number(max2 ?? 100);
  if (!(hi2 > lo2) || typeof v3 !== "number") return 0;
  return clamp2((v3 - lo2) / (hi2 - lo2), 0, 1);
}
function valueNames(v3) {
  if (Array.isArray(v3)) return v3.map(String).filter(Boolean);
  return String(v3 || "").split(/[,\s]+/).filter(Boolean);
}
function slug(name) {
  const s15 = String(name).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return s15 || "dashboard";
}
function readImport(text, port) {
  let d;
  try {
    d = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${err.message}`);
  }
  if (!d || typeof d !== "object" || Array.isArray(d)) throw new Error("not a dashboard: want a JSON object");
  if (typeof d.name !== "string" || !d.name) throw new Error("not a dashboard: no name");
  if (!Array.isArray(d.widgets)) throw new Error("not a dashboard: no widgets list");
  const ids = /* @__PURE__ */ new Set();
  for (const w2 of d.widgets) {
    if (!w2 || typeof w2 !== "object" || typeof w2.id !== "string" || !w2.id) throw new Error("a widget without an id");
    if (!TYPES2[w2.type]) throw new Error(`widget ${w2.id}: unknown type ${JSON.stringify(w2.type)}`);
    if (ids.has(w2.id)) throw new Error(`widget id ${w2.id} twice`);
    ids.add(w2.id);
  }
  const out = { name: d.name, port, widgets: d.widgets };
  if (typeof d.id === "string") out.id = d.id;
  return out;
}
function int(v3, dflt) {
  const n = Math.round(Number(v3));
  return Number.isFinite(n) && v3 !== null && v3 !== "" && v3 !== void 0 ? n : dflt;
}
function clamp2(v3, lo2, hi2) {
  return Math.min(hi2, Math.max(lo2, v3));
}

// src/views/dashboard.js
var SVG = "http://www.w3.org/2000/svg";
var RECORDS_KEPT = 2e3;
var RECENT_ASKED = 500;
var DRAW_GAP_MS = 100;
var listeners2 = /* @__PURE__ */ new Set();
var source = null;
function listen(fn2) {
  listeners2.add(fn2);
  if (!source) {
    source = new EventSource("/api/events");
    const all = () => {
      for (const l2 of listeners2) l2();
    };
    source.addEventListener("dashboards", all);
    source.addEventListener("open", all);
  }
  return () => {
    listeners2.delete(fn2);
    if (!listeners2.size && source) {
      source.close();
      source = null;
    }
  };
}
function svg(tag, attrs = {}) {
  const el3 = document.createElementNS(SVG, tag);
  for (const [k3, v3] of Object.entries(attrs)) el3.setAttribute(k3, v3);
  return el3;
}
var DashboardView = class {
  // session: the pane (its name, sendBytes, readOnlyWhy, notify).
  // opts.readOnly: the read-only link's view (no edit controls).
  constructor(section, session2) {
    this.s = session2;
    this.port = session2.name;
    this.section = section;
    this.list = [];
    this.current = null;
    this.draft = null;
    this.dirty = false;
    this.readOnly = false;
    this.available = true;
    this.records = [];
    this.lastOffset = -1;
    this.latest = {};
    this.widgets = /* @__PURE__ */ new Map();
    this.refreshing = false;
    this.refreshAgain = false;
    this.shown = false;
    this.drawTimer = 0;
    this.lastDraw = 0;
    this.unlisten = null;
    this.build();
  }
  build() {
    const r4 = this.r = {};
    r4.select = h("select", { className: "dash-select", "aria-label": "Dashboard" });
    r4.newBtn = h("button", { type: "button", className: "dash-new" }, "New…");
    r4.edit = h("button", { type: "button", className: "dash-edit", "aria-pressed": "false" }, "Edit");
    r4.saveBtn = h("button", { type: "button", className: "dash-save", disabled: true }, "Save");
    r4.del = h("button", { type: "button", className: "dash-delete" }, "Delete");
    r4.importBtn = h("button", { type: "button", className: "dash-import" }, "Import…");
    r4.file = h("input", { type: "file", className: "dash-file", accept: ".json,application/json", hidden: true });
    r4.exportBtn = h("button", { type: "button", className: "dash-export" }, "Export");
    r4.link = h("a", { className: "dash-link", target: "_blank", rel: "noopener", title: "The dashboard alone, without edit controls: a link for viewers" }, "Read-only link");
    r4.state = h("span", { className: "dash-state", role: "status", "aria-live": "polite" });
    r4.toolbar = h("div", { className: "toolbar dash-toolbar" }, r4.select, r4.newBtn, r4.edit, r4.saveBtn, r4.del, r4.importBtn, r4.file, r4.exportBtn, r4.link, r4.state);
    r4.name = h("input", { type: "text", className: "dash-name", "aria-label": "Dashboard name", maxLength: 100 });
    r4.type = h(
      "select",
      { className: "dash-type", "aria-label": "Widget type" },
      ...Object.entries(TYPES2).map(([k3, t]) => h("option", { value: k3 }, t.label))
    );
    r4.add = h("button", { type: "button", className: "dash-add" }, "Add widget");
    r4.editbar = h(
      "div",
      { className: "toolbar dash-editbar", hidden: true },
      h("label", null, "Name ", r4.name),
      h("label", null, "Widget ", r4.type),
      r4.add,
      h("span", { className: "note" }, "On a widget: arrows move it, Shift+arrows resize it")
    );
    r4.empty = h("p", { className: "dash-empty note" });
    r4.grid = h("div", { className: "dash-grid", role: "list", "aria-label": "Widgets" });
    r4.title = h("h2", { className: "dash-title" });
    this.section.append(r4.toolbar, r4.editbar, r4.title, r4.empty, r4.grid);
    r4.select.addEventListener("change", () => this.open(r4.select.value));
    r4.newBtn.addEventListener("click", () => this.create());
    r4.edit.addEventListener("click", async () => {
      if (this.draft && this.dirty && !await confirmDialog("Leave Edit mode without saving the changes?", "Leave")) return;
      this.setEditing(!this.draft);
    });
    r4.saveBtn.addEventListener("click", () => this.save());
    r4.del.addEventListener("click", () => this.remove());
    r4.importBtn.addEventListener("click", () => r4.file.click());
    r4.file.addEventListener("change", () => this.importFile());
    r4.exportBtn.addEventListener("click", () => this.exportFile());
    r4.name.addEventListener("input", () => {
      if (!this.draft) return;
      this.draft.name = r4.name.value;
      this.changed(false);
    });
    r4.add.addEventListener("click", () => {
      const w2 = newWidget(r4.type.value, this.draft.widgets);
      this.draft.widgets = [...this.draft.widgets, w2];
      this.changed(true);
      this.configure(w2.id);
    });
  }
  // ----- life cycle -----
  show() {
    this.shown = true;
    if (!this.unlisten) {
      this.unlisten = listen(() => this.refresh());
      this.refresh();
    }
    this.draw();
  }
  hide() {
    this.shown = false;
  }
  dispose() {
    if (this.unlisten) this.unlisten();
    this.unlisten = null;
    clearTimeout(this.drawTimer);
    for (const w2 of this.widgets.values()) if (w2.dispose) w2.dispose();
  }
  setTheme() {
    for (const w2 of this.widgets.values()) if (w2.theme) w2.theme();
  }
  // setReadOnly: the read-only link's view (no edit controls).
  setReadOnly(on3) {
    this.readOnly = on3;
    this.section.dataset.readonly = String(on3);
    if (on3 && this.draft) this.setEditing(false);
    this.renderBar();
  }
  // select opens dashboard id once the list is known (the read-only link).
  select(id2) {
    this.wanted = id2;
    save(`dashboard.${this.port}`, id2);
    if (this.list.some((d) => d.id === id2)) this.open(id2);
  }
  // ----- the server's dashboards -----
  // refresh asks for the list again, and for the dashboard shown when it
  // changed (unless it is being edited: then the user is told). One at a
  // time: a refresh asked for meanwhile (the events stream's first event
  // comes as the view shows) runs once this one is done, so that the
  // dashboard is not opened twice, its widgets drawn again under the
  // user's hands, a value being typed lost.
  async refresh() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain);
    } finally {
      this.refreshing = false;
    }
  }
  async refreshOnce() {
    let res;
    try {
      res = await api("/api/dashboards", { headers: { Accept: "application/json" } });
    } catch (_4) {
      return;
    }
    if (res.status === 404) {
      this.available = false;
      this.list = [];
      this.renderBar();
      return;
    }
    if (!res.ok) return;
    this.available = true;
    const all = await res.json();
    this.list = (Array.isArray(all) ? all : []).filter((d) => d && d.port === this.port);
    const want = this.current ? this.current.id : this.wanted || load(`dashboard.${this.port}`, "");
    const entry = this.list.find((d) => d.id === want) || !this.current && this.list[0];
    if (this.current && !this.list.some((d) => d.id === this.current.id)) {
      if (!this.dirty) {
        this.s.notify(`Dashboard "${this.current.name}" was removed`, "info");
        this.current = null;
        this.draft = null;
        this.renderAll();
      }
    }
    if (entry && (!this.current || this.current.id !== entry.id || this.current.updated !== entry.updated)) {
      if (this.dirty && this.current && this.current.id === entry.id) {
        this.say(`${entry.by || "someone"} saved "${entry.name}" meanwhile: Save replaces their version`);
      } else await this.open(entry.id);
    }
    this.renderBar();
  }
  async open(id2) {
    if (!id2) return;
    if (this.dirty && !await confirmDialog("Leave the changes unsaved?", "Leave")) {
      this.renderBar();
      return;
    }
    let res;
    try {
      res = await api(`/api/dashboards/${encodeURIComponent(id2)}`, { headers: { Accept: "application/json" } });
    } catch (err) {
      this.say(`Cannot load the dashboard: ${err.message}`);
      return;
    }
    if (!res.ok) {
      this.say(`Cannot load the dashboard: ${await errorMessage(res)}`);
      return;
    }
    const d = await res.json();
    this.current = d;
    this.draft = null;
    this.dirty = false;
    save(`dashboard.${this.port}`, d.id);
    this.renderAll();
    this.fetchRecent();
  }
  // fetchRecent fills the widgets with the port's recent records.
  async fetchRecent() {
    if (this.asked) return;
    this.asked = true;
    let res;
    try {
      res = await api(`/api/ports/${encodeURIComponent(this.port)}/values?limit=${RECENT_ASKED}`, { headers: { Accept: "application/json" } });
    } catch (_4) {
      return;
    }
    if (!res.ok) return;
    const body = await res.json();
    if (body && Array.isArray(body.records)) this.values(body.records);
  }
  // reconnected: the pane's connection is back; the records decoded
  // while it was down (values events are live only) are asked for.
  async reconnected() {
    if (!this.asked || this.lastOffset < 0) return;
    let res;
    try {
      res = await api(`/api/ports/${encodeURIComponent(this.port)}/values?since=${this.lastOffset}`, { headers: { Accept: "application/json" } });
    } catch (_4) {
      return;
    }
    if (!res.ok) return;
    const body = await res.json();
    if (body && Array.isArray(body.records)) this.values(body.records);
  }
  async create() {
    const name = await askName();
    if (!name) return;
    let id2 = slug(name);
    const ids = new Set(this.list.map((d) => d.id));
    for (let i = 2; ids.has(id2); i++) id2 = `${slug(name)}-${i}`;
    this.current = { id: id2, name, port: this.port, widgets: [], fresh: true };
    this.draft = null;
    this.setEditing(true);
    this.dirty = true;
    this.renderAll();
  }
  setEditing(on3) {
    if (on3 && (this.readOnly || !this.current)) return;
    if (on3) this.draft = JSON.parse(JSON.stringify({ name: this.current.name, widgets: this.current.widgets || [] }));
    else {
      if (this.current && this.current.fresh && this.dirty) {
        this.current = null;
      }
      this.draft = null;
      this.dirty = false;
    }
    this.renderAll();
  }
  changed(layout2) {
    this.dirty = true;
    if (layout2) this.renderGrid();
    this.renderBar();
  }
  async save() {
    const d = this.draft ? { name: this.draft.name, port: this.port, widgets: this.draft.widgets } : null;
    if (!d || !this.current) return;
    const id2 = this.current.id;
    let res;
    try {
      res = await api(`/api/dashboards/${encodeURIComponent(id2)}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(d)
      });
    } catch (err) {
      this.say(`Not saved: ${err.message}`);
      return;
    }
    if (!res.ok) {
      const why = await errorMessage(res);
      this.say(`Not saved: ${why}`);
      this.s.notify(`Dashboard not saved: ${why}`, "error");
      return;
    }
    this.current = await res.json();
    this.dirty = false;
    this.draft = null;
    save(`dashboard.${this.port}`, id2);
    this.renderAll();
    this.say(`Saved at ${clockTime(Date.now()).slice(0, 8)}`);
    this.refresh();
  }
  async remove() {
    if (!this.current) return;
    if (!await confirmDialog(`Delete the dashboard "${this.current.name}" for everyone?`, "Delete")) return;
    if (!this.current.fresh) {
      const res = await api(`/api/dashboards/${encodeURIComponent(this.current.id)}`, { method: "DELETE" });
      if (!res.ok && res.status !== 404) {
        this.say(`Not deleted: ${await errorMessage(res)}`);
        return;
      }
    }
    this.current = null;
    this.draft = null;
    this.dirty = false;
    this.renderAll();
    this.refresh();
  }
  async importFile() {
    const f = this.r.file.files[0];
    if (!f) return;
    let d;
    try {
      const text = await f.text();
      this.r.file.value = "";
      d = readImport(text, this.port);
    } catch (err) {
      this.r.file.value = "";
      this.s.notify(`Not imported: ${f.name}: ${err.message}`, "error");
      return;
    }
    let id2 = d.id && /^[A-Za-z0-9._-]{1,64}$/.test(d.id) ? d.id : slug(d.name);
    if (this.list.some((x) => x.id === id2)) {
      if (!await confirmDialog(`A dashboard "${id2}" exists: replace it when saved?`, "Replace")) {
        for (let i = 2; this.list.some((x) => x.id === id2); i++) id2 = `${slug(d.name)}-${i}`;
      }
    }
    this.current = { id: id2, name: d.name, port: this.port, widgets: d.widgets, fresh: !this.list.some((x) => x.id === id2) };
    this.draft = { name: d.name, widgets: JSON.parse(JSON.stringify(d.widgets)) };
    this.dirty = true;
    this.renderAll();
    this.say(`Imported ${f.name}: Save to keep it`);
  }
  exportFile() {
    const src = this.draft || this.current;
    if (!src) return;
    const d = { id: this.current.id, name: src.name, port: this.port, widgets: src.widgets };
    download(new Blob([`${JSON.stringify(d, null, 2)}
`], { type: "application/json" }), `dashboard-${this.current.id}.json`);
  }
  say(text) {
    this.r.state.textContent = text;
  }
  // ----- values -----
  // values takes decoded records ({time, offset, values}) in order.
  values(records) {
    let took = false;
    for (const rec of records) {
      if (!rec || typeof rec.offset !== "number" || rec.offset <= this.lastOffset) continue;
      this.lastOffset = rec.offset;
      const t = Date.parse(rec.time);
      const r4 = { t: Number.isFinite(t) ? t : Date.now(), values: rec.values || {} };
      this.records.push(r4);
      for (const [k3, v3] of Object.entries(r4.values)) this.latest[k3] = { v: v3, t: r4.t };
      for (const w2 of this.widgets.values()) if (w2.feed) w2.feed(r4);
      took = true;
    }
    if (this.records.length > RECORDS_KEPT) this.records.splice(0, this.records.length - RECORDS_KEPT);
    if (took) this.schedule();
  }
  // (Re)connected from scratch: offsets count in a new stream.
  resetStream() {
    this.lastOffset = -1;
  }
  schedule() {
    if (this.drawTimer || !this.shown) return;
    const wait = Math.max(0, this.lastDraw + DRAW_GAP_MS - performance.now());
    this.drawTimer = setTimeout(() => {
      this.drawTimer = 0;
      requestAnimationFrame(() => this.draw());
    }, wait);
  }
  draw() {
    if (!this.shown) return;
    this.lastDraw = performance.now();
    for (const w2 of this.widgets.values()) w2.draw();
  }
  // ----- rendering -----
  renderAll() {
    this.renderBar();
    this.renderGrid();
  }
  renderBar() {
    const r4 = this.r;
    const d = this.current;
    const control = !this.s.viewOnly;
    r4.select.textContent = "";
    r4.select.append(h("option", { value: "" }, this.list.length || d ? "Dashboard…" : "No dashboard yet"));
    const entries = [...this.list];
    if (d && !entries.some((x) => x.id === d.id)) entries.push({ id: d.id, name: `${d.name} (not saved)` });
    for (const x of entries) r4.select.append(h("option", { value: x.id }, x.name));
    r4.select.value = d ? d.id : "";
    const editing = !!this.draft;
    r4.toolbar.hidden = this.readOnly;
    r4.newBtn.disabled = !control || !this.available;
    r4.edit.disabled = !control || !d;
    r4.edit.setAttribute("aria-pressed", String(editing));
    r4.edit.textContent = editing ? "Done" : "Edit";
    r4.saveBtn.disabled = !editing || !this.dirty || !control;
    r4.del.disabled = !control || !d;
    r4.importBtn.disabled = !control || !this.available;
    r4.exportBtn.disabled = !d;
    r4.editbar.hidden = !editing || this.readOnly;
    if (editing && document.activeElement !== r4.name) r4.name.value = this.draft.name;
    r4.title.textContent = d ? this.draft ? this.draft.name : d.name : "";
    r4.title.hidden = !this.readOnly;
    if (d && !d.fresh) {
      r4.link.href = `#dashboard=${encodeURIComponent(d.id)}&view=1`;
      r4.link.hidden = false;
    } else r4.link.hidden = true;
    this.section.dataset.editing = String(editing);
    this.section.dataset.dashboard = d ? d.id : "";
    this.section.dataset.dirty = String(this.dirty);
    let empty = "";
    if (!this.available) empty = "This server keeps no dashboards: start it with --dashboards DIR.";
    else if (!d) empty = control ? "No dashboard for this port yet: press New… (or Import…) to build one." : "No dashboard for this port yet.";
    else if (!(this.draft || d).widgets.length) empty = editing ? "Add a widget: choose its type and press Add widget." : "This dashboard has no widgets: press Edit to add some.";
    if (d && !this.s.port?.decoder && !empty) empty = `Port ${this.port} has no decoder: widgets show values once it has one (port option decode=…).`;
    r4.empty.textContent = empty;
    r4.empty.hidden = !empty;
  }
  renderGrid() {
    const d = this.draft || this.current;
    for (const w2 of this.widgets.values()) if (w2.dispose) w2.dispose();
    this.widgets.clear();
    this.r.grid.textContent = "";
    if (!d) return;
    const focusId = this.focusId;
    d.widgets = layout(d.widgets);
    for (const spec of d.widgets) {
      const w2 = makeWidget(spec, this);
      this.widgets.set(spec.id, w2);
      const box = place(spec);
      w2.el.style.setProperty("--gx", String(box.x + 1));
      w2.el.style.setProperty("--gy", String(box.y + 1));
      w2.el.style.setProperty("--gw", String(box.w));
      w2.el.style.setProperty("--gh", String(box.h));
      Object.assign(w2.el.dataset, { x: box.x, y: box.y, w: box.w, h: box.h });
      if (this.draft) w2.el.append(this.tools(spec));
      this.r.grid.append(w2.el);
      for (const r4 of this.records) if (w2.feed) w2.feed(r4);
    }
    this.applyRole();
    this.draw();
    if (focusId && this.widgets.has(focusId)) this.widgets.get(focusId).el.focus();
    this.focusId = null;
  }
  // tools: a widget's edit controls (and its keys: arrows move it,
  // Shift+arrows resize it).
  tools(spec) {
    const id2 = spec.id;
    const go2 = (delta) => {
      this.draft.widgets = move(this.draft.widgets, id2, delta);
      this.focusId = id2;
      this.changed(true);
    };
    const b2 = (text, label2, cls, fn2) => {
      const el3 = h("button", { type: "button", className: `tool ${cls}`, title: label2, "aria-label": `${label2} (${spec.label || spec.id})` }, text);
      el3.addEventListener("click", (ev) => {
        ev.stopPropagation();
        fn2();
      });
      return el3;
    };
    const w2 = this.widgets.get(id2);
    w2.el.tabIndex = 0;
    w2.el.addEventListener("keydown", (ev) => {
      if (ev.target !== w2.el) return;
      const k3 = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
      if (k3) {
        ev.preventDefault();
        go2(ev.shiftKey ? { dw: k3[0], dh: k3[1] } : { dx: k3[0], dy: k3[1] });
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        this.configure(id2);
      } else if (ev.key === "Delete") {
        ev.preventDefault();
        this.removeWidget(id2);
      }
    });
    const label = w2.el.querySelector(".widget-label");
    label.classList.add("drag-handle");
    label.title = "Drag to move";
    const corner = h("div", { className: "resize-handle", title: "Drag to resize", "aria-hidden": "true" });
    w2.el.append(corner);
    this.dragger(label, w2.el, (dx, dy) => go2({ dx, dy }));
    this.dragger(corner, w2.el, (dx, dy) => go2({ dw: dx, dh: dy }));
    return h(
      "div",
      { className: "widget-tools" },
      b2("←", "Move left", "move-left", () => go2({ dx: -1 })),
      b2("→", "Move right", "move-right", () => go2({ dx: 1 })),
      b2("↑", "Move up", "move-up", () => go2({ dy: -1 })),
      b2("↓", "Move down", "move-down", () => go2({ dy: 1 })),
      b2("−W", "Narrower", "narrower", () => go2({ dw: -1 })),
      b2("+W", "Wider", "wider", () => go2({ dw: 1 })),
      b2("−H", "Shorter", "shorter", () => go2({ dh: -1 })),
      b2("+H", "Taller", "taller", () => go2({ dh: 1 })),
      b2("⚙", "Configure", "configure", () => this.configure(id2)),
      b2("✕", "Remove", "remove", () => this.removeWidget(id2))
    );
  }
  // dragger calls done(dx, dy) in grid cells when a drag that began on
  // handle ends; meanwhile the widget follows the pointer.
  dragger(handle, el3, done) {
    handle.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0) return;
      ev.preventDefault();
      handle.setPointerCapture(ev.pointerId);
      const x0 = ev.clientX, y0 = ev.clientY;
      const grid2 = getComputedStyle(this.r.grid);
      const gap = parseFloat(grid2.columnGap) || 0;
      const cellW = (this.r.grid.clientWidth - parseFloat(grid2.paddingLeft) - parseFloat(grid2.paddingRight) + gap) / GRID_COLS;
      const cellH = (parseFloat(grid2.gridAutoRows) || el3.getBoundingClientRect().height) + gap;
      el3.classList.add("dragging");
      const moveTo = (e) => {
        el3.style.translate = `${e.clientX - x0}px ${e.clientY - y0}px`;
      };
      const end = (e) => {
        handle.removeEventListener("pointermove", moveTo);
        handle.removeEventListener("pointerup", end);
        handle.removeEventListener("pointercancel", end);
        el3.classList.remove("dragging");
        el3.style.translate = "";
        const dx = Math.round((e.clientX - x0) / cellW);
        const dy = Math.round((e.clientY - y0) / cellH);
        if (e.type === "pointerup" && (dx || dy)) done(dx, dy);
      };
      handle.addEventListener("pointermove", moveTo);
      handle.addEventListener("pointerup", end);
      handle.addEventListener("pointercancel", end);
    });
  }
  removeWidget(id2) {
    this.draft.widgets = this.draft.widgets.filter((w2) => w2.id !== id2);
    this.changed(true);
  }
  // configure opens the widget's form (built from dashmodel's FIELDS).
  configure(id2) {
    const spec = this.draft.widgets.find((w2) => w2.id === id2);
    if (!spec) return;
    const inputs = {};
    const rows = FIELDS[spec.type].map(([field, kind, label]) => {
      let input;
      if (kind === "rules") {
        input = h("textarea", { rows: 4, className: `cfg-${field}`, value: rulesText(spec.rules) });
      } else {
        let v3 = spec[field];
        if (kind === "values") v3 = valueNames(v3).join(", ");
        input = h("input", { type: kind === "number" ? "number" : "text", step: "any", className: `cfg-${field}`, value: v3 ?? "" });
      }
      inputs[field] = [kind, input];
      return h("label", { className: "cfg-row" }, h("span", null, label), input);
    });
    const err = h("p", { className: "cfg-error", role: "alert" });
    const ok = h("button", { type: "submit", className: "cfg-ok", value: "ok" }, "Apply");
    const cancel = h("button", { type: "button", className: "cfg-cancel" }, "Cancel");
    const known = Object.keys(this.latest);
    const form = h(
      "form",
      { method: "dialog" },
      h("h2", null, `${TYPES2[spec.type].label} ${spec.id}`),
      known.length ? h("p", { className: "note" }, `Values of ${this.port}: ${known.join(", ")}`) : null,
      ...rows,
      err,
      h("div", { className: "dialog-buttons" }, cancel, ok)
    );
    const dlg = h("dialog", { className: "dash-config", "aria-label": `Configure ${spec.id}` }, form);
    document.body.append(dlg);
    cancel.addEventListener("click", () => dlg.close());
    dlg.addEventListener("close", () => dlg.remove());
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const next = { ...spec };
      try {
        for (const [field, [kind, input]] of Object.entries(inputs)) {
          const v3 = input.value;
          if (kind === "rules") next.rules = parseRules(v3);
          else if (kind === "number") {
            if (v3 === "") delete next[field];
            else next[field] = Number(v3);
          } else if (kind === "values") next[field] = valueNames(v3);
          else if (v3 === "") delete next[field];
          else next[field] = v3;
        }
        if (next.min !== void 0 && next.max !== void 0 && !(next.max > next.min)) throw new Error("Max must be above Min");
      } catch (e) {
        err.textContent = e.message;
        return;
      }
      this.draft.widgets = this.draft.widgets.map((w2) => w2.id === id2 ? next : w2);
      dlg.close();
      this.focusId = id2;
      this.changed(true);
    });
    dlg.showModal();
    const first = form.querySelector("input, textarea");
    if (first) first.focus();
  }
  // applyRole enables the controls when the pane may send.
  applyRole() {
    const why = this.s.readOnlyWhy;
    for (const w2 of this.widgets.values()) if (w2.setEnabled) w2.setEnabled(!why, why);
    this.renderBar();
  }
  // send expands a control's template and sends it through the pane.
  send(w2, spec, input) {
    if (this.s.readOnlyWhy) {
      this.s.notify(`${this.port}: not sent: ${this.s.readOnlyWhy}`, "error");
      return;
    }
    const bytes = expand(spec.send || "", input);
    if (!bytes.length) return;
    if (!this.s.sendBytes(bytes, { echo: false })) {
      this.s.notify(`${this.port}: not sent: not connected`, "error");
      return;
    }
    const shown2 = String.fromCharCode(...bytes).replace(/\r/g, "␍").replace(/\n/g, "␊").replace(/\t/g, "␉");
    w2.sent.textContent = `sent ${shown2}`;
    w2.el.dataset.sent = String(Number(w2.el.dataset.sent || 0) + 1);
  }
};
function askName() {
  const input = h("input", { type: "text", className: "dash-new-name", required: true, maxLength: 100, value: "Dashboard" });
  const form = h(
    "form",
    { method: "dialog" },
    h("h2", null, "New dashboard"),
    h("label", null, "Name ", input),
    h(
      "div",
      { className: "dialog-buttons" },
      h("button", { type: "submit", value: "cancel", formNoValidate: true, className: "dash-new-cancel" }, "Cancel"),
      h("button", { type: "submit", value: "ok", className: "dash-new-ok" }, "Create")
    )
  );
  const dlg = h("dialog", { className: "dash-new-dialog" }, form);
  document.body.append(dlg);
  return new Promise((resolve) => {
    dlg.addEventListener("close", () => {
      dlg.remove();
      resolve(dlg.returnValue === "ok" ? input.value.trim() : "");
    });
    dlg.showModal();
    input.select();
  });
}
function makeWidget(spec, view) {
  const el3 = h("div", { className: "widget", role: "listitem", dataset: { widget: spec.id, type: spec.type } });
  const body = h("div", { className: "widget-body" });
  el3.append(h("div", { className: "widget-label" }, spec.label || spec.id), body);
  const make = KINDS[spec.type] || (() => ({ draw() {
  } }));
  const w2 = make(spec, body, view);
  w2.el = el3;
  if (CONTROLS.has(spec.type)) {
    w2.sent = h("div", { className: "widget-sent", role: "status" });
    body.append(w2.sent);
  }
  return w2;
}
function tracker(name) {
  let last = null;
  return {
    feed(r4) {
      if (name && r4.values[name] !== void 0) last = { v: r4.values[name], t: r4.t };
    },
    get: () => last
  };
}
var KINDS = {
  value(spec, body) {
    const tr2 = tracker(spec.value);
    const num = h("span", { className: "value-number" }, "—");
    const units = h("span", { className: "value-units" }, spec.units || "");
    const time = h("div", { className: "value-time" }, "no value yet");
    body.append(h("div", { className: "value-line" }, num, units), time);
    return {
      feed: tr2.feed,
      draw() {
        const l2 = tr2.get();
        if (!l2) return;
        num.textContent = formatValue(l2.v, spec.decimals);
        time.textContent = `updated ${clockTime(l2.t)}`;
        body.parentElement.dataset.value = String(l2.v);
      }
    };
  },
  gauge(spec, body) {
    const tr2 = tracker(spec.value);
    const s15 = svg("svg", { viewBox: "0 0 100 92", class: "gauge", role: "img" });
    const arc = (f) => {
      const a0 = 135 * Math.PI / 180;
      const a1 = a0 + f * 1.5 * Math.PI;
      const p = (a) => `${50 + 38 * Math.cos(a)} ${48 + 38 * Math.sin(a)}`;
      return `M ${p(a0)} A 38 38 0 ${f > 2 / 3 ? 1 : 0} 1 ${p(a1)}`;
    };
    const track = svg("path", { d: arc(1), class: "gauge-track" });
    const fill = svg("path", { d: arc(1e-4), class: "gauge-fill" });
    const text = svg("text", { x: 50, y: 52, class: "gauge-value", "text-anchor": "middle" });
    text.textContent = "—";
    const lo2 = svg("text", { x: 23, y: 90, class: "gauge-limit", "text-anchor": "middle" });
    lo2.textContent = String(spec.min ?? 0);
    const hi2 = svg("text", { x: 77, y: 90, class: "gauge-limit", "text-anchor": "middle" });
    hi2.textContent = String(spec.max ?? 100);
    const unit = svg("text", { x: 50, y: 66, class: "gauge-units", "text-anchor": "middle" });
    unit.textContent = spec.units || "";
    s15.append(track, fill, text, unit, lo2, hi2);
    body.append(s15);
    return {
      feed: tr2.feed,
      draw() {
        const l2 = tr2.get();
        if (!l2) return;
        const f = fraction(typeof l2.v === "number" ? l2.v : Number(l2.v), spec.min, spec.max);
        fill.setAttribute("d", arc(Math.max(f, 1e-4)));
        text.textContent = formatValue(l2.v, spec.decimals);
        s15.setAttribute("aria-label", `${spec.label || spec.value}: ${formatValue(l2.v, spec.decimals)} ${spec.units || ""}`);
        body.parentElement.dataset.value = String(l2.v);
      }
    };
  },
  bar(spec, body) {
    const tr2 = tracker(spec.value);
    const fill = h("div", { className: "bar-fill" });
    const text = h("span", { className: "bar-value" }, "—");
    body.append(h("div", { className: "bar-track" }, fill), h(
      "div",
      { className: "bar-legend" },
      h("span", null, String(spec.min ?? 0)),
      text,
      h("span", null, String(spec.max ?? 100))
    ));
    return {
      feed: tr2.feed,
      draw() {
        const l2 = tr2.get();
        if (!l2) return;
        fill.style.width = `${(fraction(Number(l2.v), spec.min, spec.max) * 100).toFixed(1)}%`;
        text.textContent = `${formatValue(l2.v, spec.decimals)}${spec.units ? ` ${spec.units}` : ""}`;
        body.parentElement.dataset.value = String(l2.v);
      }
    };
  },
  led(spec, body) {
    const values = {};
    const lamp = h("span", { className: "led-lamp", "aria-hidden": "true" });
    const label = h("span", { className: "led-label" }, "no value yet");
    body.append(h("div", { className: "led-line" }, lamp, label));
    let fed = false;
    return {
      feed(r4) {
        Object.assign(values, r4.values);
        fed = true;
      },
      draw() {
        if (!fed) return;
        const st3 = ledState(spec, values);
        const colour = COLOURS.includes(st3.color) ? st3.color : "grey";
        body.parentElement.dataset.color = colour;
        body.parentElement.dataset.rule = String(st3.rule);
        lamp.className = `led-lamp led-${colour}`;
        label.textContent = st3.label;
      }
    };
  },
  plot(spec, body, view) {
    const names = valueNames(spec.values);
    const windowS = Number(spec.window) > 0 ? Number(spec.window) : 60;
    const data = [[], ...names.map(() => [])];
    const host = h("div", { className: "dash-plot" });
    body.append(host);
    let chart = null;
    let dirty = false;
    const palette = ["#1f6feb", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#0a6e78"];
    const make = () => {
      const cs2 = getComputedStyle(document.documentElement);
      const axis = { stroke: cs2.getPropertyValue("--muted").trim(), grid: { stroke: cs2.getPropertyValue("--border").trim() }, ticks: { stroke: cs2.getPropertyValue("--border").trim() } };
      const w2 = host.clientWidth;
      const hh = host.clientHeight;
      if (!w2 || !hh) return;
      chart = new uPlot({
        width: w2,
        height: hh,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, axis],
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 1.5, spanGaps: true }))]
      }, data, host);
    };
    const ro2 = new ResizeObserver(() => {
      if (!chart) make();
      else if (host.clientWidth && host.clientHeight) chart.setSize({ width: host.clientWidth, height: host.clientHeight });
    });
    ro2.observe(host);
    return {
      feed(r4) {
        if (!names.some((n) => typeof r4.values[n] === "number")) return;
        data[0].push(r4.t / 1e3);
        names.forEach((n, i) => data[i + 1].push(typeof r4.values[n] === "number" ? r4.values[n] : null));
        const cut = r4.t / 1e3 - windowS;
        let k3 = 0;
        while (k3 < data[0].length && data[0][k3] < cut) k3++;
        if (k3) for (const a of data) a.splice(0, k3);
        dirty = true;
      },
      draw() {
        host.dataset.points = String(data[0].length);
        if (!chart) make();
        if (chart && dirty) chart.setData(data);
        dirty = false;
      },
      theme() {
        if (chart) chart.destroy();
        chart = null;
        host.textContent = "";
        make();
      },
      dispose() {
        ro2.disconnect();
        if (chart) chart.destroy();
      }
    };
  },
  xy(spec, body) {
    const max2 = Number(spec.points) > 0 ? Number(spec.points) : 500;
    const pts = [];
    const s15 = svg("svg", { viewBox: "0 0 100 100", preserveAspectRatio: "none", class: "xy" });
    const line = svg("polyline", { class: "xy-line", "vector-effect": "non-scaling-stroke" });
    s15.append(line);
    const lab = h("div", { className: "xy-range" });
    body.append(s15, lab);
    return {
      feed(r4) {
        const x = r4.values[spec.xValue];
        const y = r4.values[spec.yValue];
        if (typeof x !== "number" || typeof y !== "number") return;
        pts.push([x, y]);
        if (pts.length > max2) pts.splice(0, pts.length - max2);
      },
      draw() {
        body.parentElement.dataset.points = String(pts.length);
        if (!pts.length) {
          lab.textContent = `${spec.yValue || "y"} against ${spec.xValue || "x"}: no values yet`;
          return;
        }
        const xs2 = pts.map((p) => p[0]);
        const ys2 = pts.map((p) => p[1]);
        const x0 = Math.min(...xs2), x1 = Math.max(...xs2), y0 = Math.min(...ys2), y1 = Math.max(...ys2);
        const sx = (v3) => x1 > x0 ? (v3 - x0) / (x1 - x0) * 96 + 2 : 50;
        const sy = (v3) => y1 > y0 ? 98 - (v3 - y0) / (y1 - y0) * 96 : 50;
        line.setAttribute("points", pts.map(([x, y]) => `${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join(" "));
        lab.textContent = `${spec.xValue} ${x0}…${x1} · ${spec.yValue} ${y0}…${y1}`;
      }
    };
  },
  track(spec, body) {
    const max2 = Number(spec.points) > 0 ? Number(spec.points) : 600;
    const latN = spec.lat || "lat";
    const lonN = spec.lon || "lon";
    const pts = [];
    const s15 = svg("svg", { viewBox: "0 0 200 200", class: "track", role: "img" });
    const grid2 = svg("g", { class: "track-grid" });
    const path = svg("polyline", { class: "track-line" });
    const here = svg("circle", { r: 4, class: "track-here" });
    const bar = svg("rect", { class: "track-scale", height: 3, y: 188, x: 8 });
    const barText = svg("text", { class: "track-scale-text", x: 8, y: 183 });
    s15.append(grid2, path, here, bar, barText);
    const where = h("div", { className: "track-where" }, "no fix yet");
    body.append(s15, where);
    return {
      feed(r4) {
        const la2 = r4.values[latN];
        const lo2 = r4.values[lonN];
        if (typeof la2 !== "number" || typeof lo2 !== "number" || la2 === 0 && lo2 === 0) return;
        pts.push([la2, lo2]);
        if (pts.length > max2) pts.splice(0, pts.length - max2);
      },
      draw() {
        const el3 = body.parentElement;
        el3.dataset.points = String(pts.length);
        if (!pts.length) return;
        const { pts: xy, span } = project(pts);
        const viewM = Math.max(span * 1.2, 50);
        const k3 = 180 / viewM;
        const X2 = (m) => 100 + m * k3;
        const Y3 = (m) => 100 - m * k3;
        path.setAttribute("points", xy.map(([x, y]) => `${X2(x).toFixed(1)},${Y3(y).toFixed(1)}`).join(" "));
        const [lx, ly] = xy[xy.length - 1];
        here.setAttribute("cx", X2(lx).toFixed(1));
        here.setAttribute("cy", Y3(ly).toFixed(1));
        const sc2 = niceScale(viewM);
        bar.setAttribute("width", (sc2.metres * k3).toFixed(1));
        barText.textContent = sc2.label;
        el3.dataset.scale = sc2.label;
        grid2.textContent = "";
        const step = sc2.metres * k3;
        for (let off2 = 100 % step; off2 <= 200; off2 += step) {
          grid2.append(svg("line", { x1: off2, y1: 0, x2: off2, y2: 200 }), svg("line", { x1: 0, y1: off2, x2: 200, y2: off2 }));
        }
        const [la2, lo2] = pts[pts.length - 1];
        where.textContent = `${la2.toFixed(6)}, ${lo2.toFixed(6)} · ${pts.length} fixes · grid ${sc2.label}`;
        s15.setAttribute("aria-label", `GPS track: ${pts.length} fixes, last at ${la2.toFixed(6)}, ${lo2.toFixed(6)}`);
      }
    };
  },
  table(spec, body) {
    const rowsKept = Number(spec.rows) > 0 ? Number(spec.rows) : 20;
    const fixed = valueNames(spec.values);
    const recs = [];
    const table = h("table", { className: "dash-table" });
    body.append(h("div", { className: "dash-scroll" }, table));
    let dirty = false;
    return {
      feed(r4) {
        recs.push(r4);
        if (recs.length > rowsKept) recs.shift();
        dirty = true;
      },
      draw() {
        if (!dirty) return;
        dirty = false;
        const names = fixed.length ? fixed : [...new Set(recs.flatMap((r4) => Object.keys(r4.values)))];
        table.textContent = "";
        table.append(h("thead", null, h("tr", null, h("th", null, "time"), ...names.map((n) => h("th", null, n)))));
        const tb = h("tbody");
        for (let i = recs.length - 1; i >= 0; i--) {
          const r4 = recs[i];
          tb.append(h("tr", null, h("td", null, clockTime(r4.t)), ...names.map((n) => h("td", null, formatValue(r4.values[n])))));
        }
        table.append(tb);
        body.parentElement.dataset.rows = String(recs.length);
      }
    };
  },
  log(spec, body) {
    const rowsKept = Number(spec.rows) > 0 ? Number(spec.rows) : 20;
    const fixed = valueNames(spec.values);
    const out = h("div", { className: "dash-log dash-scroll", role: "log" });
    body.append(out);
    const lines = [];
    let dirty = false;
    return {
      feed(r4) {
        const names = fixed.length ? fixed : Object.keys(r4.values);
        const parts = names.filter((n) => r4.values[n] !== void 0).map((n) => `${n}=${formatValue(r4.values[n])}`);
        if (!parts.length) return;
        lines.push(`${clockTime(r4.t)} ${parts.join(" ")}`);
        if (lines.length > rowsKept) lines.shift();
        dirty = true;
      },
      draw() {
        if (!dirty) return;
        dirty = false;
        out.textContent = "";
        for (const l2 of lines) out.append(h("div", { className: "dash-log-line" }, l2));
        out.scrollTop = out.scrollHeight;
      }
    };
  },
  button(spec, body, view) {
    const b2 = h("button", { type: "button", className: "dash-button" }, spec.label || "Send");
    body.append(b2);
    const w2 = { draw() {
    }, setEnabled: (on3, why) => {
      b2.disabled = !on3;
      b2.title = why || expandedTitle(spec);
    } };
    b2.addEventListener("click", () => view.send(w2, spec, {}));
    return w2;
  },
  toggle(spec, body, view) {
    let on3 = false;
    const b2 = h("button", { type: "button", className: "dash-toggle", "aria-pressed": "false" }, "off");
    body.append(b2);
    const w2 = { draw() {
    }, setEnabled: (ok, why) => {
      b2.disabled = !ok;
      b2.title = why || expandedTitle(spec);
    } };
    b2.addEventListener("click", () => {
      on3 = !on3;
      b2.setAttribute("aria-pressed", String(on3));
      b2.textContent = on3 ? "on" : "off";
      view.send(w2, spec, { on: on3 });
    });
    return w2;
  },
  slider(spec, body, view) {
    const input = h("input", { type: "range", className: "dash-slider", min: spec.min ?? 0, max: spec.max ?? 100, step: spec.step ?? 1, "aria-label": spec.label || "value" });
    const out = h("output", { className: "dash-slider-value" }, input.value);
    body.append(h("div", { className: "slider-line" }, input, out));
    const w2 = { draw() {
    }, setEnabled: (ok, why) => {
      input.disabled = !ok;
      input.title = why || expandedTitle(spec);
    } };
    input.addEventListener("input", () => {
      out.textContent = input.value;
    });
    input.addEventListener("change", () => view.send(w2, spec, { value: input.value }));
    return w2;
  },
  number(spec, body, view) {
    const input = h("input", { type: "number", className: "dash-number", min: spec.min, max: spec.max, step: spec.step ?? "any", "aria-label": spec.label || "value" });
    const b2 = h("button", { type: "submit", className: "dash-number-send" }, "Send");
    const form = h("form", { className: "control-line" }, input, b2);
    body.append(form);
    const w2 = { draw() {
    }, setEnabled: (ok, why) => {
      input.disabled = b2.disabled = !ok;
      b2.title = why || expandedTitle(spec);
    } };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (input.value === "" || !input.checkValidity()) return;
      view.send(w2, spec, { value: input.value });
    });
    return w2;
  },
  text(spec, body, view) {
    const input = h("input", { type: "text", className: "dash-text", "aria-label": spec.label || "text" });
    const b2 = h("button", { type: "submit", className: "dash-text-send" }, "Send");
    const form = h("form", { className: "control-line" }, input, b2);
    body.append(form);
    const w2 = { draw() {
    }, setEnabled: (ok, why) => {
      input.disabled = b2.disabled = !ok;
      b2.title = why || expandedTitle(spec);
    } };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      view.send(w2, spec, { text: input.value });
      input.value = "";
    });
    return w2;
  }
};
var expandedTitle = (spec) => `Sends ${spec.send || "(nothing)"}`;

// src/newlines.js
var ENTER = { lf: "\n", cr: "\r", crlf: "\r\n", none: "" };
var ENTER_LABELS = { lf: "LF", cr: "CR", crlf: "CR LF", none: "nothing" };
var RX_MAPS = { lf: "LF → CR LF", cr: "CR → CR LF", none: "as received" };
var DEFAULTS = { enter: "lf", rx: "lf" };
var CR = 13;
var LF = 10;
function loadNewlines(name) {
  const v3 = load(`newlines:${name}`, {});
  return {
    enter: Object.hasOwn(ENTER, v3.enter) ? v3.enter : DEFAULTS.enter,
    rx: Object.hasOwn(RX_MAPS, v3.rx) ? v3.rx : DEFAULTS.rx
  };
}
function saveNewlines(name, nl) {
  save(`newlines:${name}`, { enter: nl.enter, rx: nl.rx });
}
function terminalEnter(enter) {
  return ENTER[enter] || "\r";
}
var RxMap = class {
  constructor(mode = DEFAULTS.rx) {
    this.mode = mode;
    this.lastCR = false;
  }
  setMode(mode) {
    this.mode = mode;
    this.lastCR = false;
  }
  // map returns bytes as the Terminal should get them (bytes itself when
  // nothing changes).
  map(bytes) {
    if (this.mode === "none" || !bytes.length) {
      if (bytes.length) this.lastCR = bytes[bytes.length - 1] === CR;
      return bytes;
    }
    let extra = 0;
    let prevCR = this.lastCR;
    for (const b2 of bytes) {
      if (this.mode === "lf" && b2 === LF && !prevCR) extra++;
      if (this.mode === "cr" && b2 === CR) extra++;
      if (this.mode === "cr" && b2 === LF && prevCR) extra--;
      prevCR = b2 === CR;
    }
    if (extra === 0 && this.mode === "lf") {
      this.lastCR = prevCR;
      return bytes;
    }
    const out = new Uint8Array(bytes.length + extra);
    let j3 = 0;
    prevCR = this.lastCR;
    for (const b2 of bytes) {
      if (this.mode === "lf") {
        if (b2 === LF && !prevCR) out[j3++] = CR;
        out[j3++] = b2;
      } else if (b2 === CR) {
        out[j3++] = CR;
        out[j3++] = LF;
      } else if (!(b2 === LF && prevCR)) {
        out[j3++] = b2;
      }
      prevCR = b2 === CR;
    }
    this.lastCR = prevCR;
    return j3 === out.length ? out : out.subarray(0, j3);
  }
};

// src/broadcast.js
var strictUTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function broadcastBody(names, bytes) {
  let send;
  try {
    send = strictUTF8.decode(bytes);
  } catch (_4) {
    throw new Error("these bytes are not UTF-8 text, and a broadcast carries text: send them to each port on its own");
  }
  return { ports: [...new Set(names)], send };
}
function readAnswer(names, answer) {
  const got = /* @__PURE__ */ new Map();
  const list = answer && Array.isArray(answer.results) ? answer.results : [];
  for (const r4 of list) {
    if (problems(r4, BROADCAST_RESULT).length === 0 && !got.has(r4.port)) got.set(r4.port, r4);
  }
  return [...new Set(names)].map((port) => {
    const r4 = got.get(port);
    if (!r4) return { port, ok: false, code: "no_answer", error: "the server gave no result for this port" };
    return { port, ok: r4.ok === true, code: r4.code || "", error: r4.error || "" };
  });
}
var REASONS = {
  forbidden: "your role on this port is view-only",
  locked: "another client holds the write lock",
  not_open: "the port is not open",
  not_found: "no such port (or not yours to see)",
  failed: "the write failed"
};
function reason(r4) {
  return r4.error || REASONS[r4.code] || r4.code || "refused";
}
function paneText(r4, bytes, from, lockMine = false) {
  const via = from && from !== r4.port ? ` from ${from}'s send box` : "";
  if (r4.ok) return `${r4.port}: broadcast${via}: ${bytes} byte${bytes === 1 ? "" : "s"} sent`;
  const mine = r4.code === "locked" && lockMine ? "; this pane holds the lock, and a broadcast is another client: release it to broadcast to this port" : "";
  return `${r4.port}: broadcast${via}: not sent (${r4.code || "refused"}): ${reason(r4)}${mine}`;
}
function summary(results) {
  const ok = results.filter((r4) => r4.ok).length;
  const failed = results.filter((r4) => !r4.ok);
  let text = `Broadcast: sent to ${ok} of ${results.length} port${results.length === 1 ? "" : "s"}`;
  if (failed.length) text += `; not sent to ${failed.map((r4) => `${r4.port} (${r4.code || "refused"})`).join(", ")}`;
  return text;
}

// src/jobmodel.js
var PROFILES = ["line", "grbl", "marlin", "delay"];
var PROFILE_LABELS = {
  line: 'line: one line, then wait for "ok"',
  grbl: "grbl: fill the controller's buffer (character counting)",
  marlin: "marlin: numbered lines with checksums, resends",
  delay: "delay: a fixed pause after each line, no answers"
};
var ENDED = /* @__PURE__ */ new Set(["done", "failed", "cancelled"]);
var STATE_LABELS = {
  queued: "Queued",
  running: "Running",
  paused: "Paused",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled"
};
function isEnded(job) {
  return !!job && ENDED.has(job.state);
}
function clock(seconds) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return "";
  const s15 = Math.round(seconds);
  const p = (n) => String(n).padStart(2, "0");
  const h3 = Math.floor(s15 / 3600);
  const m = Math.floor(s15 % 3600 / 60);
  return h3 > 0 ? `${h3}:${p(m)}:${p(s15 % 60)}` : `${p(m)}:${p(s15 % 60)}`;
}
function reasonText(job) {
  if (!job) return "";
  const reason2 = typeof job.reason === "string" ? job.reason : "";
  if (job.interrupted) {
    const at3 = `Interrupted at line ${job.line}: serialhub restarted while the job ran`;
    return reason2 ? `${at3} (${reason2})` : at3;
  }
  if (job.state === "paused" || job.state === "failed" || job.state === "cancelled") return reason2;
  return "";
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function jobView(job, why = "") {
  const lines = job.lines > 0 ? job.lines : 0;
  const acked = Math.min(job.acked > 0 ? job.acked : 0, lines || Infinity);
  const running = job.state === "running";
  const eta = running ? clock(job.eta) : "";
  const elapsed = job.started ? clock(job.elapsed) : "";
  const time = [elapsed && `elapsed ${elapsed}`, eta && `${eta} left`].filter(Boolean).join(" · ");
  const button2 = (shown2, title) => ({ shown: shown2, disabled: !!why, title: why || title });
  return {
    title: job.name || `job ${job.id}`,
    profile: job.profile,
    state: job.state,
    stateText: STATE_LABELS[job.state] || job.state,
    max: lines || 1,
    value: lines ? acked : isEnded(job) && job.state === "done" ? 1 : 0,
    percent: lines ? Math.floor(acked / lines * 100) : 0,
    counts: `${acked} / ${lines} lines`,
    errors: plural(job.errors || 0, "error"),
    resends: plural(job.resends || 0, "resend"),
    time,
    by: job.by ? `started by ${job.by}` : "",
    reason: reasonText(job),
    pause: button2(running, "Pause: send no more lines until resumed"),
    resume: button2(job.state === "paused", "Resume: go on sending"),
    cancel: button2(!isEnded(job), "Cancel: send nothing more (asks first)"),
    dismiss: isEnded(job)
  };
}
function upsert(jobs, job) {
  const out = jobs.filter((j3) => j3.id !== job.id);
  out.push(job);
  out.sort((a, b2) => jobOrder(a.id) - jobOrder(b2.id) || String(a.id).localeCompare(String(b2.id)));
  return out;
}
function jobOrder(id2) {
  const n = Number(id2);
  return Number.isFinite(n) ? n : Infinity;
}
function panelJobs(jobs, dismissed = /* @__PURE__ */ new Set()) {
  const queued = jobs.filter((j3) => j3.state === "queued");
  let current = jobs.find((j3) => j3.state === "running" || j3.state === "paused") || null;
  if (!current) {
    const ended = jobs.filter((j3) => j3.state !== "queued");
    const started = ended.filter((j3) => j3.started);
    const last = (started.length ? started : ended).at(-1);
    if (last && !dismissed.has(last.id)) current = last;
  }
  return { current, queued };
}
function queuedView(job, why, startable) {
  return {
    text: `${job.name || `job ${job.id}`} · ${job.profile} · ${plural(job.lines || 0, "line")}${job.by ? ` · by ${job.by}` : ""}`,
    start: { shown: startable, disabled: !!why, title: why || "Start: the jobs before it did not all end done, so it waits to be started" },
    cancel: { shown: true, disabled: !!why, title: why || "Cancel this queued job" }
  };
}
var JOB_OPTIONS = {
  "on-error": ["line", "grbl", "marlin", "delay"],
  timeout: ["line", "grbl", "marlin"],
  buffer: ["grbl"],
  delay: ["delay"]
};
function jobQuery(name, profile, options = {}) {
  if (!PROFILES.includes(profile)) throw new Error(`unknown profile ${JSON.stringify(profile)}: want ${PROFILES.join(", ")}`);
  const q2 = new URLSearchParams({ profile });
  if (name) q2.set("name", name);
  for (const [k3, applies] of Object.entries(JOB_OPTIONS)) {
    const v3 = options[k3] === void 0 || options[k3] === null ? "" : String(options[k3]).trim();
    if (v3 !== "" && applies.includes(profile)) q2.set(k3, v3);
  }
  return q2.toString();
}
function isJob(v3) {
  return !!v3 && typeof v3 === "object" && typeof v3.id === "string" && typeof v3.state === "string";
}

// src/send.js
var HISTORY_MAX = 100;
var FILE_CHUNK = 16 * 1024;
var FILE_WINDOW = 4;
var REPEAT_MIN_MS = 10;
var REPEAT_MAX_MS = 3600 * 1e3;
var REPEAT_BACKLOG = 64 * 1024;
var encoder2 = new TextEncoder();
var history2 = load("history", []).filter((s15) => typeof s15 === "string").slice(-HISTORY_MAX);
var macros = load("macros", []).filter((m) => m && typeof m.label === "string");
var macroListeners = /* @__PURE__ */ new Set();
function setMacros(list) {
  macros = list;
  save("macros", macros);
  for (const f of macroListeners) f();
}
function remember(text) {
  if (!text) return;
  const i = history2.lastIndexOf(text);
  if (i !== -1 && i === history2.length - 1) return;
  history2.push(text);
  if (history2.length > HISTORY_MAX) history2.shift();
  save("history", history2);
}
function encodeInput(text, { hex, ending, checksum }) {
  if (hex) {
    const data = parseHex(text);
    return checksum && CHECKSUMS[checksum] ? concat(data, CHECKSUMS[checksum].bytes(data)) : data;
  }
  return concat(encoder2.encode(text), encoder2.encode(ENTER[ending] ?? ""));
}
var SendBar = class {
  // session.sendBytes(bytes, {echo}) sends; session.conn gives requests.
  constructor(refs, session2) {
    this.r = refs;
    this.session = session2;
    this.histPos = history2.length;
    this.draft = "";
    this.fileJob = null;
    this.repeatJob = null;
    this.peers = [];
    this.broadcasting = false;
    const prefs = load("send", {});
    refs.hexMode.checked = !!prefs.hex;
    refs.echo.checked = !!prefs.echo;
    if (prefs.checksum in CHECKSUMS) refs.checksum.value = prefs.checksum;
    if (Number.isInteger(prefs.repeatMs)) refs.repeatMs.value = String(prefs.repeatMs);
    this.syncHex();
    const savePrefs = () => save("send", {
      hex: refs.hexMode.checked,
      echo: refs.echo.checked,
      checksum: refs.checksum.value,
      repeatMs: Number(refs.repeatMs.value) || 1e3
    });
    for (const el3 of [refs.hexMode, refs.echo, refs.checksum, refs.repeatMs]) el3.addEventListener("change", savePrefs);
    refs.lineEnding.value = session2.newlines.enter;
    refs.lineEnding.addEventListener("change", () => session2.setNewlines({ enter: refs.lineEnding.value }));
    refs.repeat.addEventListener("change", () => {
      if (!refs.repeat.checked) this.stopRepeat("");
      this.syncSendButton();
    });
    refs.hexMode.addEventListener("change", () => this.syncHex());
    refs.broadcast.checked = false;
    refs.broadcast.addEventListener("change", () => {
      this.setError("");
      this.syncSendButton();
    });
    refs.sendForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.send();
    });
    refs.sendInput.addEventListener("input", () => this.setError(""));
    refs.sendInput.addEventListener("keydown", (ev) => {
      if (ev.isComposing) return;
      if (ev.key === "ArrowUp" || ev.key === "ArrowDown") {
        ev.preventDefault();
        this.historyMove(ev.key === "ArrowUp" ? -1 : 1);
      }
    });
    this.wireFileBox();
    refs.fileInput.addEventListener("change", () => {
      const f = refs.fileInput.files && refs.fileInput.files[0];
      refs.fileInput.value = "";
      if (f) this.sendFile(f);
    });
    refs.fileCancel.addEventListener("click", () => {
      if (this.fileJob) this.fileJob.cancelled = true;
    });
    this.renderMacros = this.renderMacros.bind(this);
    macroListeners.add(this.renderMacros);
    this.renderMacros();
  }
  dispose() {
    this.stopRepeat("");
    macroListeners.delete(this.renderMacros);
  }
  // setReadOnly disables sending (title: why), or enables it again ('').
  setReadOnly(why) {
    const r4 = this.r;
    this.readOnly = why;
    if (why) this.stopRepeat("");
    if (why && this.showFileBox) this.showFileBox(false);
    for (const el3 of [r4.sendInput, r4.sendButton, r4.fileButton, r4.fileChoose, r4.repeat, r4.repeatMs, r4.broadcast, ...r4.macroBar.querySelectorAll(".macro")]) {
      el3.disabled = !!why;
      if (why) el3.title = why;
      else if (!el3.classList.contains("macro")) el3.removeAttribute("title");
    }
    r4.sendInput.placeholder = why;
    if (!why) {
      this.syncHex();
      this.syncSendButton();
      this.renderMacros();
    }
  }
  syncSendButton() {
    const b2 = this.r.sendButton;
    const running = !!this.repeatJob;
    if (this.broadcastOn() && !running) {
      b2.textContent = `Send to ${this.peers.length} ports`;
      b2.classList.remove("running");
      b2.title = `Send to every port shown: ${this.peers.map((s15) => s15.name).join(", ")}`;
      return;
    }
    b2.textContent = running ? "Stop" : this.r.repeat.checked ? "Start" : "Send";
    b2.classList.toggle("running", running);
    b2.title = running ? "Stop sending periodically" : this.r.repeat.checked ? "Send the input every so many milliseconds, until stopped" : "";
  }
  // ----- broadcast -----
  // setPeers is told the sessions shown side by side with this one (itself
  // included), or [] when fewer than two are shown: the broadcast toggle
  // is offered only then, and goes off when it is withdrawn.
  setPeers(peers) {
    const r4 = this.r;
    const names = peers.map((s15) => s15.name).join("\n");
    if (names === this.peers.map((s15) => s15.name).join("\n")) {
      this.peers = peers;
      return;
    }
    this.peers = peers;
    const offered = peers.length >= 2;
    r4.broadcastBox.hidden = !offered;
    if (!offered) r4.broadcast.checked = false;
    r4.broadcastLabel.textContent = `To all ${peers.length} shown ports`;
    r4.broadcast.setAttribute("aria-label", `Send to all ${peers.length} shown ports: ${peers.map((s15) => s15.name).join(", ")}`);
    r4.broadcastStatus.textContent = "";
    delete r4.broadcastStatus.dataset.state;
    this.syncSendButton();
  }
  broadcastOn() {
    return this.peers.length >= 2 && this.r.broadcast.checked;
  }
  // broadcast sends data to every port shown in one request; each pane
  // says its result, this one the summary. Nothing is hidden: a port the
  // user may only view, one whose write lock another holds, one not open,
  // each is named with the server's reason.
  async broadcast(data, text) {
    const r4 = this.r;
    if (this.broadcasting) return;
    if (r4.repeat.checked) {
      this.setError('Not sent: Repeat sends to this port only; untick Repeat or "To all shown ports"');
      return;
    }
    const peers = this.peers;
    const names = peers.map((s15) => s15.name);
    let body;
    try {
      body = broadcastBody(names, data);
    } catch (err) {
      this.setError(`Not sent: ${err.message}`);
      return;
    }
    this.broadcasting = true;
    this.setError("");
    r4.sendButton.disabled = true;
    r4.broadcastStatus.textContent = `Broadcasting to ${names.length} ports…`;
    r4.broadcastStatus.dataset.state = "sending";
    try {
      const res = await api("/api/broadcast", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      });
      if (!res.ok) {
        const why = await errorMessage(res);
        r4.broadcastStatus.textContent = "";
        r4.broadcastStatus.dataset.state = "failed";
        this.setError(`Not sent to any port: ${why}`);
        return;
      }
      const results = readAnswer(names, await res.json());
      const echo = r4.echo.checked;
      for (const res2 of results) {
        const s15 = peers.find((p) => p.name === res2.port);
        if (s15) s15.broadcastResult(res2, data, { from: this.session.name, echo });
      }
      r4.broadcastStatus.textContent = summary(results);
      r4.broadcastStatus.dataset.state = results.every((x) => x.ok) ? "ok" : "failed";
      if (results.some((x) => x.ok)) {
        remember(text);
        this.histPos = history2.length;
        this.draft = "";
        r4.sendInput.value = "";
      }
    } catch (err) {
      r4.broadcastStatus.textContent = "";
      r4.broadcastStatus.dataset.state = "failed";
      this.setError(`Broadcast: no answer from the server (${err.message}): whether the bytes were sent is not known`);
    } finally {
      this.broadcasting = false;
      r4.sendButton.disabled = !!this.readOnly;
    }
  }
  // connectionChanged is told the connection's state: repeating stops
  // unless connected.
  connectionChanged(state) {
    if (this.repeatJob && state !== "connected") this.stopRepeat("disconnected");
  }
  // ----- periodic sending -----
  startRepeat(data, text) {
    const r4 = this.r;
    const ms2 = Math.round(Number(r4.repeatMs.value));
    if (!Number.isFinite(ms2) || ms2 < REPEAT_MIN_MS || ms2 > REPEAT_MAX_MS) {
      this.setError(`Not started: the interval must be ${REPEAT_MIN_MS} to ${REPEAT_MAX_MS} ms`);
      return;
    }
    const job = { data, ms: ms2, sent: 0, skipped: 0, timer: 0, text };
    this.repeatJob = job;
    const tick = () => {
      if (this.repeatJob !== job) return;
      if (this.session.conn.buffered() > REPEAT_BACKLOG) {
        job.skipped++;
      } else if (this.session.sendBytes(job.data, { echo: r4.echo.checked })) {
        job.sent++;
      } else {
        this.stopRepeat("not connected");
        return;
      }
      this.showRepeat();
    };
    job.timer = setInterval(tick, ms2);
    this.syncSendButton();
    tick();
  }
  showRepeat(stopped) {
    const job = this.repeatJob;
    if (!job) return;
    const skipped = job.skipped ? `, ${job.skipped} skipped (link busy)` : "";
    this.r.repeatStatus.textContent = `${stopped ? `Stopped${stopped === "by you" ? "" : ` (${stopped})`}` : "Sending"}: ${job.sent} sent${skipped}`;
    this.r.repeatStatus.dataset.sent = String(job.sent);
  }
  // stopRepeat ends periodic sending; why is shown ('' says nothing).
  stopRepeat(why) {
    const job = this.repeatJob;
    if (!job) return;
    clearInterval(job.timer);
    if (why) this.showRepeat(why);
    this.repeatJob = null;
    this.r.repeatStatus.dataset.state = "stopped";
    this.syncSendButton();
  }
  syncHex() {
    const hex = this.r.hexMode.checked;
    this.r.checksum.hidden = !hex;
    this.r.lineEnding.disabled = hex || !!this.readOnly;
    this.r.lineEnding.title = hex ? "Hex sends exactly the bytes you type (and the checksum): no line ending" : "What Enter sends, here and in the Terminal (remembered for this port)";
    this.r.sendInput.placeholder = hex ? "Hex bytes, e.g. 01 03 00 00 00 0a" : "Type, then Enter to send";
    this.r.sendInput.inputMode = hex ? "text" : "text";
  }
  setError(text) {
    this.r.sendError.textContent = text;
    this.r.sendInput.classList.toggle("invalid", !!text);
    if (text) this.r.sendInput.setAttribute("aria-invalid", "true");
    else this.r.sendInput.removeAttribute("aria-invalid");
  }
  send() {
    const r4 = this.r;
    if (this.repeatJob) {
      this.stopRepeat("by you");
      return;
    }
    const text = r4.sendInput.value;
    let data;
    try {
      data = encodeInput(text, { hex: r4.hexMode.checked, ending: r4.lineEnding.value, checksum: r4.checksum.value });
    } catch (err) {
      this.setError(`Not sent: ${err.message}`);
      return;
    }
    if (!data.length) return;
    if (this.broadcastOn()) {
      this.broadcast(data, text);
      return;
    }
    if (r4.repeat.checked) {
      if (!this.session.conn.isOpen()) {
        this.setError("Not connected: nothing was sent");
        return;
      }
      this.setError("");
      remember(text);
      this.histPos = history2.length;
      this.startRepeat(data, text);
      if (this.repeatJob) r4.repeatStatus.dataset.state = "running";
      return;
    }
    if (!this.session.sendBytes(data, { echo: r4.echo.checked })) {
      this.setError("Not connected: nothing was sent");
      return;
    }
    remember(text);
    this.histPos = history2.length;
    this.draft = "";
    r4.sendInput.value = "";
    this.setError("");
  }
  historyMove(delta) {
    if (this.histPos === history2.length) this.draft = this.r.sendInput.value;
    const pos = Math.min(history2.length, Math.max(0, this.histPos + delta));
    if (pos === this.histPos) return;
    this.histPos = pos;
    this.r.sendInput.value = pos === history2.length ? this.draft : history2[pos];
  }
  // ----- macros -----
  renderMacros() {
    const bar = this.r.macroBar;
    for (const b2 of [...bar.querySelectorAll(".macro")]) b2.remove();
    const frag = document.createDocumentFragment();
    macros.forEach((m) => {
      const b2 = h("button", { type: "button", className: "macro", title: `Send ${describeMacro(m)}` }, m.label);
      b2.addEventListener("click", () => {
        let data;
        try {
          data = encodeInput(m.text, { hex: m.hex, ending: m.ending, checksum: m.checksum || "none" });
        } catch (err) {
          this.session.notify(`Macro "${m.label}": ${err.message}`, "error");
          return;
        }
        if (!this.session.sendBytes(data, { echo: this.r.echo.checked })) this.session.notify(`Macro "${m.label}" not sent: the connection to the server is down`, "error");
      });
      frag.append(b2);
    });
    bar.insertBefore(frag, this.r.macroEdit);
    if (this.readOnly) {
      for (const b2 of bar.querySelectorAll(".macro")) {
        b2.disabled = true;
        b2.title = this.readOnly;
      }
    }
  }
  // ----- files -----
  // wireFileBox wires Send file…'s choice: a job (profile and options,
  // remembered per port) or the raw send.
  wireFileBox() {
    const r4 = this.r;
    for (const p of PROFILES) r4.jobProfileSelect.append(new Option(PROFILE_LABELS[p], p));
    const key = `job.${this.session.name}`;
    const prefs = load(key, {});
    r4.jobProfileSelect.value = PROFILES.includes(prefs.profile) ? prefs.profile : "line";
    (prefs.mode === "raw" ? r4.fileModeRaw : r4.fileModeJob).checked = true;
    const fields2 = { "on-error": r4.jobOnError, timeout: r4.jobTimeout, buffer: r4.jobBuffer, delay: r4.jobDelay };
    const boxes = { "on-error": r4.jobOnErrorBox, timeout: r4.jobTimeoutBox, buffer: r4.jobBufferBox, delay: r4.jobDelayBox };
    const opts = prefs.options && typeof prefs.options === "object" ? prefs.options : {};
    for (const [k3, el3] of Object.entries(fields2)) if (typeof opts[k3] === "string") el3.value = opts[k3];
    const sync = () => {
      const job = r4.fileModeJob.checked;
      const profile = r4.jobProfileSelect.value;
      r4.jobOptions.hidden = !job;
      for (const [k3, box] of Object.entries(boxes)) box.hidden = !JOB_OPTIONS[k3].includes(profile);
      r4.fileChoose.textContent = job ? "Choose file and start…" : "Choose file…";
    };
    this.jobOptions = () => Object.fromEntries(Object.entries(fields2).map(([k3, el3]) => [k3, el3.value.trim()]));
    const remember2 = () => save(key, { mode: r4.fileModeJob.checked ? "job" : "raw", profile: r4.jobProfileSelect.value, options: this.jobOptions() });
    for (const el3 of [r4.fileModeJob, r4.fileModeRaw, r4.jobProfileSelect, ...Object.values(fields2)]) {
      el3.addEventListener("change", () => {
        sync();
        remember2();
      });
    }
    sync();
    const show = (open) => {
      r4.fileBox.hidden = !open;
      r4.fileButton.setAttribute("aria-expanded", String(open));
    };
    this.showFileBox = show;
    r4.fileButton.addEventListener("click", () => show(r4.fileBox.hidden));
    r4.fileBoxCancel.addEventListener("click", () => {
      show(false);
      r4.fileButton.focus();
    });
    r4.fileBox.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && ev.target.tagName === "INPUT") ev.preventDefault();
      if (ev.key === "Escape") {
        show(false);
        r4.fileButton.focus();
      }
    });
    r4.fileChoose.addEventListener("click", () => {
      remember2();
      (r4.fileModeJob.checked ? r4.jobFileInput : r4.fileInput).click();
    });
    r4.jobFileInput.addEventListener("change", () => {
      const f = r4.jobFileInput.files && r4.jobFileInput.files[0];
      r4.jobFileInput.value = "";
      if (f) this.startJob(f);
    });
  }
  // startJob asks the server to stream file to the device as a job with
  // the profile and options chosen; the job panel shows it from then on.
  async startJob(file) {
    const r4 = this.r;
    const s15 = this.session;
    let query2;
    try {
      query2 = jobQuery(file.name, r4.jobProfileSelect.value, this.jobOptions());
    } catch (err) {
      this.setError(`Job not started: ${err.message}`);
      return;
    }
    r4.fileChoose.disabled = true;
    const since = s15.jobs.count;
    try {
      const res = await s15.jobs.request(`?${query2}`, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
      if (!res.ok) {
        const why = await errorMessage(res);
        this.setError(`Job not started: ${why}`);
        s15.notify(`${s15.name}: ${file.name}: job not started: ${why}`, "error");
        return;
      }
      const job = await res.json();
      this.setError("");
      this.showFileBox(false);
      s15.jobs.answered(job, since);
      s15.notify(`${s15.name}: ${file.name}: job ${job.id} ${job.state === "queued" ? "queued" : "started"} (${job.profile}, ${job.lines} lines)`, "info");
    } catch (err) {
      this.setError(`Job not started: no answer from the server (${err.message})`);
    } finally {
      r4.fileChoose.disabled = !!this.readOnly;
    }
  }
  async sendFile(file) {
    if (this.fileJob) {
      this.session.notify("A file is being sent already", "error");
      return;
    }
    const r4 = this.r;
    const job = { cancelled: false };
    this.fileJob = job;
    this.showFileBox(false);
    r4.fileStatus.hidden = false;
    r4.fileProgress.max = file.size || 1;
    r4.fileProgress.value = 0;
    r4.fileLabel.textContent = `${file.name}: 0 of ${file.size} bytes`;
    r4.fileButton.disabled = true;
    const conn = this.session.conn;
    let done = 0;
    try {
      const buf = new Uint8Array(await file.arrayBuffer());
      const acks = [];
      for (let at3 = 0; at3 < buf.length && !job.cancelled; at3 += FILE_CHUNK) {
        const chunk = buf.subarray(at3, Math.min(at3 + FILE_CHUNK, buf.length));
        if (!this.session.sendBytes(chunk, { echo: false })) throw new Error("not connected");
        const end = at3 + chunk.length;
        acks.push(conn.request("ping").then(() => {
          done = Math.max(done, end);
          r4.fileProgress.value = done;
          r4.fileLabel.textContent = `${file.name}: ${done} of ${file.size} bytes`;
        }));
        if (acks.length >= FILE_WINDOW) await acks.shift();
      }
      await Promise.all(acks);
      if (job.cancelled) this.session.notify(`${file.name}: cancelled after ${done} bytes`, "info");
      else this.session.notify(`${file.name}: ${file.size} bytes sent`, "info");
    } catch (err) {
      this.session.notify(`${file.name}: stopped after ${done} bytes: ${err.message}`, "error");
    } finally {
      this.fileJob = null;
      r4.fileButton.disabled = false;
      r4.fileStatus.hidden = true;
    }
  }
};
function describeMacro(m) {
  if (m.hex) {
    const sum = m.checksum && m.checksum !== "none" && CHECKSUMS[m.checksum] ? ` + ${CHECKSUMS[m.checksum].label}` : ", no checksum";
    return `hex ${m.text}${sum}`;
  }
  const ending = m.ending && ENTER[m.ending] ? ` + ${ENTER_LABELS[m.ending]}` : ", no line ending";
  return `"${m.text}"${ending}`;
}
function wireMacroDialog() {
  const dlg = document.getElementById("macro-dialog");
  const list = document.getElementById("macro-list");
  const form = document.getElementById("macro-form");
  const f = (id2) => document.getElementById(id2);
  const render = () => {
    list.textContent = "";
    if (!macros.length) list.append(h("li", { className: "muted" }, "No macros yet."));
    macros.forEach((m, i) => {
      const del = h("button", { type: "button", className: "danger", "aria-label": `Delete macro ${m.label}` }, "Delete");
      del.addEventListener("click", () => setMacros(macros.filter((_4, j3) => j3 !== i)));
      list.append(h("li", null, h("span", { className: "macro-desc" }, h("strong", null, m.label), ` ${describeMacro(m)}`), del));
    });
  };
  macroListeners.add(render);
  const syncKind = () => {
    const hex = f("macro-hex").checked;
    f("macro-checksum").disabled = !hex;
    f("macro-ending").disabled = hex;
  };
  f("macro-hex").addEventListener("change", syncKind);
  syncKind();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const m = {
      label: f("macro-label").value.trim(),
      text: f("macro-text").value,
      hex: f("macro-hex").checked,
      ending: f("macro-hex").checked ? "none" : f("macro-ending").value,
      checksum: f("macro-hex").checked ? f("macro-checksum").value : "none"
    };
    if (!m.label) return;
    try {
      encodeInput(m.text, m);
    } catch (err) {
      f("macro-error").textContent = err.message;
      return;
    }
    f("macro-error").textContent = "";
    setMacros([...macros, m]);
    form.reset();
    syncKind();
    f("macro-label").focus();
  });
  f("macro-close").addEventListener("click", () => dlg.close());
  return () => {
    render();
    dlg.showModal();
  };
}

// src/portpanel.js
var MODEM = ["cts", "dsr", "ri", "dcd"];
var FAILED = {
  settings: "settings not changed",
  lines: "DTR/RTS not changed",
  break: "BREAK not sent",
  modem: "modem lines not read",
  lock: "write lock not taken",
  unlock: "write lock not released",
  "request-lock": "the holder was not asked"
};
function plainError(err) {
  switch (err.code) {
    case "not_connected":
    case "timeout":
      return "the connection to the server is down; it reconnects by itself";
    case "not_open":
      return `the port is not open${err.message ? ` (${err.message})` : ""}`;
    default:
      return err.message || "the server refused it";
  }
}
var PortPanel = class {
  constructor(refs, session2) {
    this.r = refs;
    this.s = session2;
    this.dirty = false;
    this.unsupported = /* @__PURE__ */ new Set();
    this.lockMine = false;
    this.lockShown = false;
    const form = refs.settingsForm;
    form.addEventListener("input", () => {
      this.dirty = true;
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.applySettings();
    });
    refs.settingsReset.addEventListener("click", () => {
      this.dirty = false;
      this.render(this.s.conn.port);
    });
    refs.dtr.addEventListener("click", () => this.toggleLine("dtr"));
    refs.rts.addEventListener("click", () => this.toggleLine("rts"));
    refs.breakButton.addEventListener("click", () => this.sendBreak());
    refs.modemRefresh.addEventListener("click", () => this.control("modem", {}, "Modem lines re-read"));
    refs.captureText.addEventListener("click", () => this.capture("text"));
    refs.captureRaw.addEventListener("click", () => this.capture("raw"));
    refs.removePort.addEventListener("click", () => this.removePort());
    refs.lockTake.addEventListener("click", async () => {
      if (await this.control("lock", {}, "You hold the write lock")) this.lockMine = true;
      this.s.applyRole();
    });
    refs.lockRelease.addEventListener("click", async () => {
      await this.control("unlock", {}, "Write lock released");
      this.lockMine = false;
      this.s.applyRole();
    });
    refs.lockAsk.addEventListener("click", () => this.control("request-lock", {}, "Asked the holder to release the write lock"));
  }
  // control sends a control message; it resolves to the server's ok (for
  // settings, lines and break it carries the port as the request left
  // it), or null when the request failed (said in a notice).
  async control(type, fields2, okText) {
    try {
      const ok = await this.s.conn.request(type, fields2);
      if (okText) this.r.panelNote.textContent = okText;
      return ok || {};
    } catch (err) {
      if (err.code === "unknown_type") {
        this.unsupported.add(type);
        this.render(this.s.conn.port);
        this.s.notify(`${this.s.name}: this server cannot do "${type}" yet`, "error");
      } else if (err.code === "forbidden") {
        this.s.forbidden(err.message);
      } else {
        this.s.notify(`${this.s.name}: ${FAILED[type] || `${type} failed`}: ${plainError(err)}`, "error");
      }
      return null;
    }
  }
  async applySettings() {
    const r4 = this.r;
    const cur = this.s.conn.port && this.s.conn.port.settings || {};
    const want = {
      baud: Number(r4.baud.value),
      dataBits: Number(r4.dataBits.value),
      parity: r4.parity.value,
      stopBits: r4.stopBits.value,
      flowControl: r4.flowControl.value
    };
    if (!Number.isInteger(want.baud) || want.baud <= 0) {
      r4.panelNote.textContent = "Baud must be a positive whole number";
      return;
    }
    const settings = {};
    for (const [k3, v3] of Object.entries(want)) if (cur[k3] !== v3) settings[k3] = v3;
    if (!Object.keys(settings).length) {
      this.dirty = false;
      r4.panelNote.textContent = "Nothing to change";
      return;
    }
    r4.applySettings.disabled = true;
    const ok = await this.control("settings", { settings }, "");
    r4.applySettings.disabled = false;
    if (!ok) return;
    this.dirty = false;
    const applied = ok.port && ok.port.settings;
    if (applied && settings.baud && applied.baud !== settings.baud) {
      r4.panelNote.textContent = `The device runs at ${applied.baud} baud, not the ${settings.baud} asked for`;
    } else {
      r4.panelNote.textContent = "Settings applied";
    }
    this.render(ok.port || this.s.conn.port);
  }
  async toggleLine(which) {
    const lines = this.s.conn.port && this.s.conn.port.lines;
    if (!lines) return;
    await this.control("lines", { [which]: !lines[which] }, `${which.toUpperCase()} ${lines[which] ? "off" : "on"}`);
  }
  async sendBreak() {
    const ms2 = Math.min(1e4, Math.max(1, Number(this.r.breakMs.value) || 250));
    const t = Date.now();
    if (await this.control("break", { ms: ms2 }, `BREAK sent (${ms2} ms)`)) this.s.marker(`BREAK ${ms2} ms`, t);
  }
  async capture(format) {
    const name = this.s.name;
    try {
      const res = await api(`/api/ports/${encodeURIComponent(name)}/capture?format=${format}`);
      if (!res.ok) {
        let msg = `HTTP ${res.status}`;
        try {
          const body = await res.json();
          if (body && body.error) msg = body.error;
        } catch (_4) {
        }
        this.s.notify(`${name}: capture: ${msg}`, "error");
        return;
      }
      download(await res.blob(), `${name}-capture-${fileStamp()}.${format === "raw" ? "bin" : "log"}`);
    } catch (err) {
      this.s.notify(`${name}: capture: ${err.message}`, "error");
    }
  }
  async removePort() {
    const name = this.s.name;
    if (!await confirmDialog(`Remove port ${name} from the server? Every client of it is disconnected and the device is closed.`, `Remove ${name}`)) return;
    try {
      const res = await api(`/api/ports/${encodeURIComponent(name)}`, { method: "DELETE" });
      if (!res.ok) {
        let msg = `HTTP ${res.status}`;
        try {
          const body = await res.json();
          if (body && body.code === "not_allowed") msg = "the server does not allow it (start serialhub with --allow-open)";
          else if (body && body.code === "forbidden") msg = `not allowed: ${body.error || "your role on this port is view-only"}`;
          else if (body && body.error) msg = body.error;
        } catch (_4) {
        }
        this.s.notify(`${name}: remove: ${msg}`, "error");
        return;
      }
      this.s.onRemoved();
    } catch (err) {
      this.s.notify(`${name}: remove: ${err.message}`, "error");
    }
  }
  // setReadOnly disables every control that changes the port (title: why),
  // or enables them again (''). Reading (modem lines, capture) stays.
  setReadOnly(why) {
    const r4 = this.r;
    this.readOnly = why;
    for (const el3 of [r4.applySettings, r4.settingsReset, r4.baud, r4.dataBits, r4.parity, r4.stopBits, r4.flowControl, r4.dtr, r4.rts, r4.breakButton, r4.breakMs, r4.removePort]) {
      el3.disabled = !!why;
      if (why) el3.title = why;
      else el3.removeAttribute("title");
    }
  }
  // renderLock shows an exclusive port's write lock: free, yours, or whose.
  renderLock(port, viewOnly) {
    const r4 = this.r;
    const exclusive = !!(port && port.exclusive) && !(port.lock && port.lock.lease);
    r4.lockBox.hidden = !exclusive;
    if (!exclusive) return;
    const lock = port.lock || null;
    if (this.lockMine && lock) this.lockShown = true;
    if (this.lockMine && !lock && this.lockShown || this.s.conn.state !== "connected") this.lockMine = false;
    if (!this.lockMine) this.lockShown = false;
    const state = !lock ? "free" : this.lockMine ? "mine" : "other";
    r4.lockBox.dataset.state = state;
    if (state === "free") r4.lockState.textContent = "Write lock: free";
    else if (state === "mine") r4.lockState.textContent = "Write lock: yours";
    else {
      const since = lock.since ? new Date(lock.since) : null;
      r4.lockState.textContent = `Write lock: ${lock.holder || "another client"}${since && !Number.isNaN(since.getTime()) ? ` since ${since.toLocaleTimeString()}` : ""}`;
    }
    r4.lockTake.hidden = viewOnly || state !== "free";
    r4.lockRelease.hidden = state !== "mine";
    r4.lockAsk.hidden = viewOnly || state !== "other";
  }
  // render shows the port object's settings, lines and modem state.
  render(port) {
    const r4 = this.r;
    const s15 = port && port.settings || {};
    const canSet = typeof s15.flowControl === "string" && !this.unsupported.has("settings");
    if (!this.dirty) {
      if (s15.baud) r4.baud.value = String(s15.baud);
      if (s15.dataBits) r4.dataBits.value = String(s15.dataBits);
      if (s15.parity) r4.parity.value = s15.parity;
      if (s15.stopBits) r4.stopBits.value = String(s15.stopBits);
      r4.flowControl.value = s15.flowControl || "none";
    }
    r4.settingsFields.disabled = !canSet;
    r4.settingsNote.textContent = canSet ? "" : "This server reports the settings but cannot change them.";
    const lines = port && port.lines && typeof port.lines === "object" && !this.unsupported.has("lines") ? port.lines : null;
    r4.dtr.hidden = r4.rts.hidden = !lines;
    if (lines) {
      r4.dtr.setAttribute("aria-pressed", String(!!lines.dtr));
      r4.rts.setAttribute("aria-pressed", String(!!lines.rts));
    }
    r4.breakBox.hidden = !canSet || this.unsupported.has("break");
    const captured = !!(port && port.capture);
    r4.captureBox.hidden = !captured;
    r4.captureNote.hidden = captured || !(port && "capture" in port);
    r4.removePort.hidden = !(port && port.removable);
    const hasModem = port && "modem" in port;
    r4.modemBox.hidden = !hasModem;
    if (hasModem) {
      const m = port.modem;
      for (const k3 of MODEM) {
        const led = r4[`modem_${k3}`];
        const on3 = !!(m && m[k3]);
        led.dataset.on = m ? String(on3) : "unknown";
        led.title = m ? `${k3.toUpperCase()} ${on3 ? "on" : "off"}` : `${k3.toUpperCase()} unknown`;
        led.setAttribute("aria-label", led.title);
      }
      r4.modemNote.textContent = m ? port.modemEvents ? "live" : "as last read" : port.modemError || "no modem lines";
      r4.modemRefresh.hidden = this.unsupported.has("modem");
    }
  }
};

// src/decoderspec.js
var DECODERS = ["", "arduino", "csv", "json", "kv", "nmea", "regex", "frame"];
var OPTIONS = {
  "": [],
  arduino: [],
  csv: ["header", "separator", "columns"],
  json: ["maxArray"],
  kv: ["separator", "assign"],
  nmea: [],
  regex: ["pattern"],
  frame: ["frame"]
};
var showTab = (s15) => String(s15).replace(/\t/g, "\\t");
var readTab = (s15) => String(s15).replace(/\\t/g, "	");
function specFromForm(f) {
  const name = f.name || "";
  if (!Object.hasOwn(OPTIONS, name)) return { error: `unknown decoder "${name}"` };
  if (!name) return { spec: null };
  if (name === "frame") {
    let opts;
    try {
      opts = JSON.parse((f.frame || "").trim() || "{}");
    } catch (err) {
      return { error: `the frame options are not JSON: ${err.message}` };
    }
    if (!opts || typeof opts !== "object" || Array.isArray(opts)) return { error: 'the frame options must be a JSON object ({"start":"AA55", …})' };
    const { name: _4, ...rest } = opts;
    return { spec: { name, ...rest } };
  }
  const spec = { name };
  const has = (k3) => OPTIONS[name].includes(k3);
  const text = (k3) => f[k3] === void 0 || f[k3] === null ? "" : String(f[k3]);
  if (has("pattern")) {
    if (!text("pattern")) return { error: "regex needs a pattern with named groups, (?P<name>…)" };
    spec.pattern = text("pattern");
  }
  if (has("header") && text("header") && text("header") !== "auto") spec.header = text("header");
  if (has("separator") && text("separator")) spec.separator = readTab(text("separator"));
  if (has("columns")) {
    const cols = text("columns").split(",").map((c) => c.trim()).filter((c) => c);
    if (cols.length) spec.columns = cols;
  }
  if (has("assign") && text("assign")) spec.assign = text("assign");
  if (has("maxArray") && text("maxArray").trim()) {
    const n = Number(text("maxArray").trim());
    if (!Number.isInteger(n) || n <= 0) return { error: "max-array must be a whole number above 0" };
    spec["max-array"] = n;
  }
  return { spec };
}
function formFromSpec(spec) {
  const f = { name: "", pattern: "", header: "auto", separator: "", columns: "", assign: "", maxArray: "", frame: "" };
  if (!spec || typeof spec !== "object" || !spec.name) return f;
  f.name = Object.hasOwn(OPTIONS, spec.name) ? spec.name : "";
  if (spec.name === "frame") {
    const { name: _4, ...rest } = spec;
    f.frame = JSON.stringify(rest, null, 2);
    return f;
  }
  if (typeof spec.pattern === "string") f.pattern = spec.pattern;
  if (spec.header !== void 0 && spec.header !== "") f.header = String(spec.header);
  if (typeof spec.separator === "string") f.separator = showTab(spec.separator);
  if (Array.isArray(spec.columns)) f.columns = spec.columns.join(", ");
  if (typeof spec.assign === "string") f.assign = spec.assign;
  if (spec["max-array"]) f.maxArray = String(spec["max-array"]);
  return f;
}
var plural2 = (n, one, many) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
function describeDecoder(port, prevErrors = null) {
  const name = port && typeof port.decoder === "string" && port.decoder || "";
  if (!name) return { name: "", text: "No decoder: the port's bytes are not decoded into values.", errors: 0, grew: false };
  const num = (k3) => port && Number.isFinite(port[k3]) ? port[k3] : 0;
  const records = num("decodedRecords");
  const errors = num("decodeErrors");
  const dropped = num("decodeDropped");
  const text = `${name}: ${plural2(records, "record", "records")}, ${plural2(errors, "error", "errors")}, ${plural2(dropped, "byte", "bytes")} dropped`;
  return { name, text, records, errors, dropped, grew: prevErrors !== null && errors > prevErrors };
}

// src/decoderpanel.js
var DOCS = "https://github.com/serialhub/serialhub/blob/main/docs/decoders.md";
var DecoderPanel = class {
  // box is the panel's empty container; session the pane (name, notify).
  constructor(box, session2) {
    this.s = session2;
    this.box = box;
    this.dirty = false;
    this.prevErrors = null;
    this.shownName = null;
    this.loadedName = null;
    this.supported = true;
    const f = this.f = {};
    const field = (key, label, el3, hint) => {
      f[key] = el3;
      el3.className = `dec-${key}`;
      return h("label", { className: `dec-field dec-field-${key}`, dataset: { field: key } }, `${label} `, el3, hint ? h("span", { className: "note" }, hint) : null);
    };
    f.name = h(
      "select",
      { className: "dec-name", "aria-label": "Decoder" },
      ...DECODERS.map((d) => h("option", { value: d }, d || "none"))
    );
    this.status = h("span", { className: "dec-status", role: "status" });
    this.error = h("p", { className: "dec-error", role: "alert", hidden: true });
    this.apply = h("button", { type: "submit", className: "dec-apply primary" }, "Apply");
    this.fieldset = h(
      "fieldset",
      null,
      h("legend", null, "Decoder"),
      h("div", { className: "dec-current" }, this.status),
      h("label", { className: "dec-field" }, "Decode as ", f.name),
      field("pattern", "Pattern", h("input", { type: "text", spellcheck: false, placeholder: "T=(?P<temp>[0-9.]+)" })),
      field("header", "Header", h("select", null, ...["auto", "true", "false"].map((v3) => h("option", { value: v3 }, v3)))),
      field("separator", "Separator", h("input", { type: "text", spellcheck: false, size: 4 }), 'default: csv ",", kv ", ;" and tab; \\t for a tab'),
      field("columns", "Columns", h("input", { type: "text", spellcheck: false, placeholder: "time, temp, hum" })),
      field("assign", "Assign", h("select", null, h("option", { value: "" }, "= or :"), h("option", { value: "=" }, "="), h("option", { value: ":" }, ":"))),
      field("maxArray", "Max array", h("input", { type: "number", min: 1, step: 1, placeholder: "16" })),
      field(
        "frame",
        "Frame options (JSON)",
        h("textarea", { rows: 6, spellcheck: false, placeholder: '{"start":"AA55","length":16,"crc":"crc16-ccitt-false","field":[{"name":"temp","offset":5,"type":"i16","scale":0.01}]}' }),
        h("a", { href: `${DOCS}#frame`, target: "_blank", rel: "noopener" }, "the options, in docs/decoders.md")
      ),
      this.apply,
      this.error
    );
    this.form = h("form", { className: "decoder-form" }, this.fieldset);
    box.append(this.form);
    this.form.addEventListener("input", () => {
      this.dirty = true;
    });
    f.name.addEventListener("change", () => this.showFields());
    this.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.applySpec();
    });
    this.showFields();
  }
  get url() {
    return `/api/ports/${encodeURIComponent(this.s.name)}/decoder`;
  }
  // showFields shows the options of the decoder chosen.
  showFields() {
    const want = OPTIONS[this.f.name.value] || [];
    for (const el3 of this.fieldset.querySelectorAll("[data-field]")) el3.hidden = !want.includes(el3.dataset.field);
  }
  fill(spec) {
    const v3 = formFromSpec(spec);
    for (const [k3, el3] of Object.entries(this.f)) el3.value = v3[k3];
    this.showFields();
  }
  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.f.name.toggleAttribute("aria-invalid", !!text);
  }
  // load reads the port's decoder (GET) into the form, unless the user
  // is editing it.
  async load() {
    if (!this.supported || this.loading) return;
    this.loading = true;
    let res;
    try {
      res = await api(this.url);
    } catch (err) {
      this.showError(`The decoder could not be read: ${err.message}`);
      return;
    } finally {
      this.loading = false;
    }
    if (res.status === 404 || res.status === 422) {
      this.unsupported(await errorMessage(res));
      return;
    }
    if (!res.ok) {
      this.showError(`The decoder could not be read: ${await errorMessage(res)}`);
      return;
    }
    const body = await res.json().catch(() => null);
    const spec = body && body.decoder && typeof body.decoder === "object" ? body.decoder : null;
    this.loadedName = spec && spec.name || "";
    if (!this.dirty) {
      this.fill(spec);
      this.showError("");
    }
  }
  // unsupported: this port has no values engine (opened at runtime), or
  // the server predates decoders.
  unsupported(why) {
    this.supported = false;
    this.fieldset.disabled = true;
    this.fieldset.title = why;
    this.status.textContent = `Decoding is not available on this port (${why})`;
  }
  async applySpec() {
    const got = specFromForm(Object.fromEntries(Object.entries(this.f).map(([k3, el3]) => [k3, el3.value])));
    if (got.error) {
      this.showError(got.error);
      return;
    }
    this.apply.disabled = true;
    let res;
    try {
      res = got.spec ? await api(this.url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(got.spec) }) : await api(this.url, { method: "DELETE" });
    } catch (err) {
      this.showError(`Not applied: ${err.message}`);
      return;
    } finally {
      this.apply.disabled = false;
    }
    if (!res.ok) {
      const msg = await errorMessage(res);
      if (res.status === 403) {
        this.s.forbidden(msg);
        this.applyRole();
      }
      this.showError(`Not applied: ${msg}`);
      return;
    }
    this.dirty = false;
    this.showError("");
    const port = await res.json().catch(() => null);
    if (port && typeof port === "object") this.render(port);
    this.s.r.panelNote.textContent = got.spec ? `Decoding as ${got.spec.name}` : "Decoder removed";
    await this.load();
  }
  // render shows the port object's decoder and counts; the errors are
  // marked while they grow. A decoder changed elsewhere is read again
  // into a form the user is not editing.
  render(port) {
    if (!this.supported) return;
    const same = describeDecoder(port).name === this.shownName;
    const d = describeDecoder(port, same ? this.prevErrors : null);
    this.status.textContent = d.text;
    this.box.dataset.decoder = d.name;
    if (!same) delete this.box.dataset.errorsGrew;
    if (d.grew) this.box.dataset.errorsGrew = "true";
    this.shownName = d.name;
    this.prevErrors = d.errors;
    if (this.loadedName !== null && d.name !== this.loadedName && !this.dirty && !this.box.closest("[hidden]")) this.load();
  }
  // applyRole disables the form for a user whose role on the port is not
  // control (the server would refuse), saying why.
  applyRole() {
    if (!this.supported) return;
    const role = roleOf(this.s.name);
    const why = role === "control" || role === "admin" ? "" : `Your role on port ${this.s.name} is view-only: you cannot change its decoder`;
    this.fieldset.disabled = !!why;
    if (why) this.fieldset.title = why;
    else this.fieldset.removeAttribute("title");
  }
};

// src/signals.js
var PULSES = {
  arduino: {
    label: "Arduino reset (DTR low 100 ms)",
    steps: [{ dtr: false, ms: 100 }, { dtr: true, ms: 0 }]
  },
  esp32: {
    // esptool's classic reset into the bootloader (IO0 low while EN rises).
    label: "ESP32 bootloader (esptool)",
    steps: [{ dtr: false, rts: true, ms: 100 }, { dtr: true, rts: false, ms: 50 }, { dtr: false, ms: 0 }]
  },
  esp32run: {
    // EN pulsed low with IO0 high: the chip restarts and runs its program.
    label: "ESP32 restart (RTS 100 ms)",
    steps: [{ dtr: false, rts: true, ms: 100 }, { rts: false, ms: 0 }]
  }
};
var ACTIVE_MS = 120;
var Activity = class {
  constructor(el3) {
    this.el = el3;
    this.last = 0;
    this.timer = 0;
  }
  hit() {
    this.last = performance.now();
    if (this.timer) return;
    this.el.dataset.on = "true";
    this.arm(ACTIVE_MS);
  }
  arm(ms2) {
    this.timer = setTimeout(() => {
      this.timer = 0;
      const left = this.last + ACTIVE_MS - performance.now();
      if (left > 0) this.arm(left);
      else this.el.dataset.on = "false";
    }, ms2);
  }
  dispose() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
};
var SignalStrip = class {
  constructor(refs, session2) {
    this.r = refs;
    this.s = session2;
    this.tx = new Activity(refs.sigTx);
    this.rx = new Activity(refs.sigRx);
    this.last = null;
    this.pulsing = false;
    for (const [key, p] of Object.entries(PULSES)) {
      const o2 = document.createElement("option");
      o2.value = key;
      o2.textContent = p.label;
      refs.pulseSelect.append(o2);
    }
    refs.pulseButton.addEventListener("click", () => this.pulse(refs.pulseSelect.value));
  }
  dispose() {
    this.tx.dispose();
    this.rx.dispose();
  }
  // status notes the lines of a port object; a change leaves a marker.
  status(port) {
    const now = {};
    if (port && port.lines) Object.assign(now, { dtr: !!port.lines.dtr, rts: !!port.lines.rts });
    if (port && port.modem) for (const k3 of ["cts", "dsr", "dcd", "ri"]) now[k3] = !!port.modem[k3];
    const was = this.last;
    this.last = now;
    if (!was) return;
    const changed2 = Object.keys(now).filter((k3) => k3 in was && was[k3] !== now[k3]);
    if (changed2.length) this.s.marker(changed2.map((k3) => `${k3.toUpperCase()} ${now[k3] ? "on" : "off"}`).join(", "));
  }
  // setReadOnly disables the pulse (title: why), or enables it ('').
  setReadOnly(why) {
    for (const el3 of [this.r.pulseButton, this.r.pulseSelect]) {
      el3.disabled = !!why || this.pulsing;
      if (why) el3.title = why;
      else el3.removeAttribute("title");
    }
  }
  // pulse plays a preset: each step's lines, then its wait. A step waits
  // for the server's ok before the clock starts, so the times are those
  // of the device's lines, give or take the network.
  async pulse(key) {
    const p = PULSES[key];
    if (!p || this.pulsing) return;
    this.pulsing = true;
    this.r.pulseButton.disabled = true;
    try {
      for (const step of p.steps) {
        const fields2 = {};
        if ("dtr" in step) fields2.dtr = step.dtr;
        if ("rts" in step) fields2.rts = step.rts;
        await this.s.conn.request("lines", fields2);
        if (step.ms) await new Promise((resolve) => setTimeout(resolve, step.ms));
      }
      this.r.pulseNote.textContent = `${p.label}: done`;
    } catch (err) {
      this.s.notify(`${this.s.name}: ${p.label} stopped: ${err.message}`, "error");
    } finally {
      this.pulsing = false;
      this.setReadOnly(this.s.readOnlyWhy);
    }
  }
};

// src/presence.js
var TYPING_SHOW_MS = 5e3;
var TypingClock = class {
  constructor() {
    this.seen = false;
    this.key = "";
    this.minD = Infinity;
    this.name = "";
    this.until = 0;
  }
  // see takes a port object's typing (or undefined), arriving at now
  // (milliseconds on the page's clock).
  see(typing, now) {
    const at3 = typing && typeof typing.name === "string" ? Date.parse(typing.at) : NaN;
    const key = Number.isFinite(at3) ? `${typing.name}
${typing.at}` : "";
    const isNew = this.seen && key !== "" && key !== this.key;
    this.seen = true;
    this.key = key;
    if (key === "") {
      this.name = "";
      this.until = 0;
      return;
    }
    const d = now - at3;
    this.minD = Math.min(this.minD, d);
    if (!isNew) return;
    const age = Math.max(0, d - this.minD);
    this.name = typing.name;
    this.until = now + TYPING_SHOW_MS - age;
  }
  // typing returns the name of the client typing at now, or ''.
  typing(now) {
    return now < this.until ? this.name : "";
  }
};
var watcherText = (w2) => w2.count > 1 ? `${w2.name} ×${w2.count}` : w2.name;
function others(p, me2) {
  const watchers = Array.isArray(p.watchers) ? p.watchers : null;
  const more = p.watchersMore > 0 ? p.watchersMore : 0;
  const listed = watchers ? [...watchers.map(watcherText), ...more ? [`+${more} more`] : []].join(", ") : "";
  if (me2 && watchers) {
    const mine = watchers.find((w2) => w2.name === me2);
    const moreOthers = mine || more === 0 ? more : more - 1;
    const parts = watchers.filter((w2) => w2.name !== me2).map(watcherText);
    if (moreOthers > 0) parts.push(`+${moreOthers} more`);
    if (mine && mine.count > 1) parts.push(`you in ${mine.count} tabs`);
    return { text: parts.length ? `Also here: ${parts.join(", ")}` : "", title: `Connected to ${p.name}: ${listed}` };
  }
  const n = typeof p.clients === "number" ? p.clients - 1 : 0;
  if (n <= 0) return { text: "", title: "" };
  return { text: `Also here: ${n} other${n === 1 ? "" : "s"}`, title: listed ? `Connected to ${p.name}: ${listed}` : "" };
}
var Presence = class {
  // refs: the pane's elements (refs.presence, the line); session: the
  // pane's PortSession, whose TX lamp says when this page last sent.
  constructor(refs, session2) {
    this.el = refs.presence;
    this.session = session2;
    this.clock = new TypingClock();
    this.port = null;
    this.timer = 0;
    this.who = document.createElement("span");
    this.who.className = "presence-who";
    this.typingEl = document.createElement("span");
    this.typingEl.className = "presence-typing";
    this.el.replaceChildren(this.who, this.typingEl);
    this.el.hidden = true;
  }
  // render shows port object p, just received.
  render(p) {
    if (!p) return;
    this.port = p;
    this.clock.see(p.typing, performance.now());
    this.draw();
  }
  // sentLately: this page sent bytes to the device within the typing
  // window (the TX lamp's last byte).
  sentLately(now) {
    const tx = this.session.signals && this.session.signals.tx;
    return !!(tx && tx.last > 0 && now - tx.last < TYPING_SHOW_MS);
  }
  draw() {
    clearTimeout(this.timer);
    this.timer = 0;
    const p = this.port;
    const me2 = sessionUser();
    const now = performance.now();
    const { text, title } = others(p, me2);
    let typing = this.clock.typing(now);
    if (typing && (me2 ? typing === me2 : this.sentLately(now))) typing = "";
    if (this.who.textContent !== text) this.who.textContent = text;
    const typingText = typing ? `${me2 ? typing : capitalise(typing)} is typing` : "";
    if (this.typingEl.textContent !== typingText) this.typingEl.textContent = typingText;
    this.el.dataset.typing = typing;
    this.el.dataset.writer = p.typing && p.typing.name || "";
    this.el.title = title;
    this.el.hidden = !text && !typingText;
    if (typing) this.timer = setTimeout(() => this.draw(), Math.max(0, this.clock.until - now) + 10);
  }
};

// src/lease.js
var TTLS = [
  ["1m", "1 min"],
  ["5m", "5 min"],
  ["10m", "10 min"],
  ["30m", "30 min"],
  ["1h", "1 hour"],
  ["4h", "4 hours"],
  ["24h", "24 hours"]
];
function timeLeftText(ms2) {
  if (!Number.isFinite(ms2) || ms2 <= 0) return "ending";
  if (ms2 < 6e4) return `${Math.ceil(ms2 / 1e3)} s left`;
  const min2 = Math.floor(ms2 / 6e4);
  if (min2 < 60) return `${min2} min left`;
  const h3 = Math.floor(min2 / 60);
  return min2 % 60 ? `${h3} h ${min2 % 60} min left` : `${h3} h left`;
}
var endClock = (ms2) => clockTime(ms2).slice(0, 8);
function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th";
  return `${n}${suffix}`;
}
function placeText(position, who = "You are") {
  if (!(position >= 1)) return "";
  return position === 1 ? `${who} next in the queue` : `${who} ${ordinal(position)} in the queue`;
}
function leaseOf(port) {
  const l2 = port && port.lock;
  return l2 && typeof l2 === "object" && l2.lease === true ? l2 : null;
}
function leaseView(p, ctx) {
  const l2 = leaseOf(p);
  const name = p && p.name || "this port";
  const waiting = ctx.waiting > 0 ? ctx.waiting : 0;
  const out = {
    state: "free",
    // free | mine | other | waiting
    text: "",
    // the lease in a line
    left: "",
    // "9 min left" ('' without a lease)
    until: "",
    // end time, "HH:MM:SS"
    queue: [],
    // [{holder, note, text}], next first
    place: "",
    // this pane's place in the queue
    why: "",
    // why sending is off in this pane ('' when it may send)
    controls: { reserve: false, renew: false, release: false, leave: false, break: false },
    shown: false
  };
  if (!l2) {
    out.state = waiting ? "waiting" : "free";
    out.shown = !!ctx.control || !!waiting;
    out.text = "Not reserved";
    out.controls.reserve = !!ctx.control && !waiting;
    out.controls.leave = !!waiting;
    out.place = placeText(waiting);
    return out;
  }
  out.shown = true;
  const left = typeof l2.timeLeftMs === "number" ? l2.timeLeftMs - Math.max(0, ctx.now - ctx.receivedAt) : NaN;
  if (Number.isFinite(left)) {
    out.left = timeLeftText(left);
    out.until = endClock(ctx.receivedAt + l2.timeLeftMs);
  }
  const holder = l2.holder || "another client";
  const note = l2.note ? ` “${l2.note}”` : "";
  const until = out.until ? ` until ${out.until}` : "";
  out.queue = (Array.isArray(l2.queue) ? l2.queue : []).map((w2, i) => ({
    holder: w2.holder,
    note: w2.note || "",
    text: `${i + 1}. ${w2.holder}${w2.note ? ` “${w2.note}”` : ""}`
  }));
  if (ctx.mine) {
    out.state = "mine";
    out.text = `Reserved by you${note}${until}`;
    out.controls.renew = out.controls.release = true;
    return out;
  }
  out.state = waiting ? "waiting" : "other";
  out.text = `Reserved by ${holder}${note}${until}`;
  out.place = placeText(waiting);
  out.why = `${capitalise(holder)} holds a lease on ${name}${until}${l2.note ? ` (${l2.note})` : ""}: you cannot send to it or change it until it is released`;
  out.controls.reserve = !!ctx.control && !waiting;
  out.controls.leave = !!waiting;
  out.controls.break = !!ctx.control && !!ctx.mayBreak;
  return out;
}
function ttlText(s15) {
  return String(s15).replace(/(\d)m0s$/, "$1m").replace(/(\d)h0m$/, "$1h");
}
function leaseNotice(name, ev) {
  const until = ev.ttl ? ` for ${ttlText(ev.ttl)}` : "";
  switch (ev.event) {
    case "queued":
      return { text: `${name}: waiting for the lease: ${placeText(ev.position, "you are")}`, kind: "info" };
    case "granted":
      return { text: `${name}: you hold the lease${until}: only this pane can send`, kind: "info" };
    case "renewed":
      return { text: `${name}: lease renewed${until}`, kind: "info" };
    case "released":
      return { text: `${name}: lease released`, kind: "info" };
    case "expired":
      return { text: `${name}: your lease expired (not renewed in time): this pane can no longer send`, kind: "error" };
    case "broken":
      return { text: `${name}: your lease was broken by ${ev.by || "an admin"}: this pane can no longer send`, kind: "error" };
    default:
      return { text: "", kind: "info" };
  }
}
var loadLeaseId = (port) => {
  const id2 = tabLoad(`lease.${port}`, "");
  return isLeaseId(id2) ? id2 : "";
};
var isLeaseId = (s15) => typeof s15 === "string" && /^[0-9a-f]{32}$/.test(s15);
var saveLeaseId = (port, id2) => tabSave(`lease.${port}`, id2);
var forgetLeaseId = (port) => tabForget(`lease.${port}`);

// src/leasebox.js
var TICK_MS = 1e3;
var LeaseBox = class {
  constructor(refs, session2) {
    this.r = refs;
    this.s = session2;
    this.id = loadLeaseId(session2.name);
    this.waiting = 0;
    this.leaving = false;
    this.timer = 0;
    this.view = null;
    session2.conn.lease = this.id;
    const r4 = refs;
    for (const [value, label] of TTLS) r4.leaseTtl.append(new Option(label, value));
    r4.leaseTtl.value = "10m";
    r4.leaseReserve.addEventListener("click", () => {
      r4.leaseForm.hidden = !r4.leaseForm.hidden;
      if (!r4.leaseForm.hidden) r4.leaseNote.focus();
    });
    r4.leaseCancel.addEventListener("click", () => {
      r4.leaseForm.hidden = true;
    });
    r4.leaseForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      r4.leaseForm.hidden = true;
      this.take({ ttl: r4.leaseTtl.value, note: r4.leaseNote.value.trim(), wait: r4.leaseWait.checked });
    });
    r4.leaseRenew.addEventListener("click", () => this.take({ ttl: r4.leaseTtl.value }));
    r4.leaseRelease.addEventListener("click", () => this.request("release", "lease not released"));
    r4.leaseLeave.addEventListener("click", () => {
      this.leaving = true;
      this.request("release", "queue not left", "Left the queue");
    });
    r4.leaseBreak.addEventListener("click", async () => {
      const v3 = this.view;
      const who = v3 && v3.text ? v3.text.replace(/^Reserved by /, "") : "its holder";
      if (!await confirmDialog(`Break the lease on ${this.s.name}? It is held by ${who}. Their write access ends at once and they are told it was you.`, "Break lease")) return;
      this.request("break-lease", "lease not broken", "Lease broken");
    });
  }
  // mine: this pane acts under the port's lease.
  mine() {
    return this.id !== "" && this.s.conn.state === "connected";
  }
  // take asks for a lease, or renews the one this pane holds. With wait,
  // the answer comes when the lease is granted (the queue has no time
  // limit), or the request fails when the pane leaves the queue.
  async take(fields2) {
    const body = { ttl: fields2.ttl };
    if (fields2.note) body.note = fields2.note;
    if (fields2.wait) body.wait = true;
    try {
      await this.s.conn.request("lease", body, { timeout: fields2.wait ? 0 : void 0 });
    } catch (err) {
      const left = this.leaving && fields2.wait;
      this.waiting = 0;
      this.leaving = false;
      if (err.code === "forbidden") this.s.forbidden(err.message);
      else if (!left && (err.code !== "not_connected" || !fields2.wait)) this.s.notify(`${this.s.name}: ${this.id ? "lease not renewed" : "not reserved"}: ${plainError(err)}`, "error");
      if (err.code === "no_lease" && this.id && !fields2.wait) this.forget();
      this.s.applyRole();
    }
  }
  async request(type, failed, okText = "") {
    try {
      await this.s.conn.request(type, {});
      if (okText) this.s.notify(`${this.s.name}: ${okText}`, "info");
    } catch (err) {
      if (err.code === "forbidden") this.s.notify(`${this.s.name}: ${failed}: ${err.message || "not allowed"}`, "error");
      else this.s.notify(`${this.s.name}: ${failed}: ${plainError(err)}`, "error");
      if (err.code === "no_lease") this.forget();
    }
    this.s.applyRole();
  }
  // event handles a lease event of this pane's connection.
  event(ev) {
    switch (ev.event) {
      case "queued":
        this.waiting = ev.position > 0 ? ev.position : 1;
        break;
      case "granted":
      case "renewed":
        this.waiting = 0;
        if (isLeaseId(ev.lease)) {
          this.id = ev.lease;
          this.s.conn.lease = ev.lease;
          saveLeaseId(this.s.name, ev.lease);
        }
        if (typeof ev.ttl === "string" && TTLS.some(([v3]) => v3 === ttlText(ev.ttl))) this.r.leaseTtl.value = ttlText(ev.ttl);
        break;
      case "released":
      case "expired":
      case "broken":
        this.waiting = 0;
        this.forget();
        break;
      default:
        return;
    }
    const { text, kind } = leaseNotice(this.s.name, ev);
    if (text) this.s.notify(text, kind);
    this.s.applyRole();
  }
  // forget lets go of the lease's id: the pane is an ordinary client.
  forget() {
    this.id = "";
    this.s.conn.lease = "";
    forgetLeaseId(this.s.name);
  }
  // render shows the lease of port object p (received at receivedAt, page
  // time) for a user who may control the port (control), and returns the
  // view (its `why` says why sending is off, '' when it is on).
  render(p, ctx) {
    const { control, mayBreak: mayBreak2, receivedAt } = ctx;
    this.ctx = ctx;
    const r4 = this.r;
    if (this.s.conn.state !== "connected") this.waiting = 0;
    const v3 = leaseView(p, { mine: this.mine() && !!(p && p.lock && p.lock.lease), waiting: this.waiting, control, mayBreak: mayBreak2, receivedAt, now: Date.now() });
    this.view = v3;
    r4.leaseBox.hidden = !v3.shown;
    r4.leaseBox.dataset.state = v3.state;
    setText(r4.leaseState, v3.text);
    setText(r4.leaseLeft, v3.left ? `· ${v3.left}` : "");
    r4.leaseLeft.title = v3.until ? `Ends at ${v3.until} (page clock) unless renewed` : "";
    setText(r4.leasePlace, v3.place);
    r4.leaseQueue.hidden = v3.queue.length === 0;
    const items = v3.queue.map((q2) => q2.text);
    if (items.join("\n") !== [...r4.leaseQueue.children].map((li2) => li2.textContent).join("\n")) {
      r4.leaseQueue.replaceChildren(...items.map((t) => Object.assign(document.createElement("li"), { textContent: t })));
    }
    r4.leaseQueue.setAttribute("aria-label", `Waiting for ${p ? p.name : "the port"}: ${v3.queue.length}`);
    r4.leaseReserve.hidden = !v3.controls.reserve;
    r4.leaseRenew.hidden = !v3.controls.renew;
    r4.leaseRelease.hidden = !v3.controls.release;
    r4.leaseLeave.hidden = !v3.controls.leave;
    r4.leaseBreak.hidden = !v3.controls.break;
    if (!v3.controls.reserve && !v3.controls.renew) r4.leaseForm.hidden = true;
    const ticking = v3.left !== "";
    if (ticking && !this.timer) this.timer = setInterval(() => this.render(this.s.port, this.ctx), TICK_MS);
    else if (!ticking && this.timer) this.stop();
    return v3;
  }
  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }
};
function setText(el3, text) {
  if (el3.textContent !== text) el3.textContent = text;
}

// src/fleet.js
function isFleetPort(p) {
  return !!p && typeof p.gateway === "string" && p.gateway !== "";
}
function isFleet(ports2) {
  return ports2.some(isFleetPort);
}
function isOnline(p) {
  return !isFleetPort(p) || p.online !== false;
}
function shortName(p) {
  if (isFleetPort(p) && p.name.startsWith(`${p.gateway}/`)) return p.name.slice(p.gateway.length + 1);
  return p.name;
}
function seenMs(p) {
  if (!p || typeof p.lastSeen !== "string") return null;
  const t = Date.parse(p.lastSeen);
  return Number.isFinite(t) && t > 0 ? t : null;
}
function tagsOf(p) {
  if (!p || !p.tags || typeof p.tags !== "object") return [];
  return Object.entries(p.tags).filter(([, v3]) => typeof v3 === "string").sort(([a], [b2]) => a < b2 ? -1 : a > b2 ? 1 : 0);
}
var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
function groupPorts(ports2) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of ports2) {
    const key = isFleetPort(p) ? p.gateway : "";
    let g2 = groups.get(key);
    if (!g2) {
      g2 = { key, gateway: key, online: isOnline(p), lastSeen: seenMs(p), tags: tagsOf(p), ports: [] };
      groups.set(key, g2);
    }
    g2.ports.push(p);
  }
  return [...groups.values()].sort((a, b2) => {
    if (a.key === "" || b2.key === "") return a.key === "" ? -1 : 1;
    return collator.compare(a.key, b2.key);
  });
}
var STATES = {
  online: "its gateway is online (or it is this server’s)",
  offline: "its gateway is offline",
  open: "the port is open",
  "not-open": "the port is not open (opening, disconnected, error, closed)",
  opening: "the port is opening",
  disconnected: "the port’s device went away, or its gateway did",
  error: "the port’s device cannot be opened",
  closed: "the port is closed",
  local: "the port is this server’s own"
};
function parseQuery(text) {
  const terms = [];
  const problems2 = [];
  for (const raw of String(text || "").trim().split(/\s+/)) {
    if (!raw) continue;
    const word = raw.toLowerCase();
    const state = /^(?:is|state):(.*)$/.exec(word);
    if (state) {
      if (Object.hasOwn(STATES, state[1])) terms.push({ kind: "state", value: state[1] });
      else {
        problems2.push(`"${raw}": no such state (${Object.keys(STATES).join(", ")})`);
        terms.push({ kind: "none" });
      }
      continue;
    }
    const tag = /^tag:([^=]*)(?:=(.*))?$/.exec(word) || /^([^=:]+)=(.*)$/.exec(word);
    if (tag) {
      terms.push({ kind: "tag", key: tag[1], value: tag[2] === void 0 ? null : tag[2] });
      continue;
    }
    terms.push({ kind: "text", value: word });
  }
  return { terms, problems: problems2 };
}
function hasState(p, word) {
  switch (word) {
    case "online":
      return isOnline(p);
    case "offline":
      return !isOnline(p);
    case "local":
      return !isFleetPort(p);
    case "not-open":
      return p.state !== "open";
    default:
      return p.state === word;
  }
}
function matches(p, terms) {
  for (const t of terms) {
    switch (t.kind) {
      case "state":
        if (!hasState(p, t.value)) return false;
        break;
      case "tag": {
        const hit = tagsOf(p).some(([k3, v3]) => k3.toLowerCase() === t.key && (t.value === null || v3.toLowerCase() === t.value));
        if (!hit) return false;
        break;
      }
      case "text":
        if (!haystack(p).includes(t.value)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
function haystack(p) {
  const parts = [p.name, p.description || "", p.device || ""];
  for (const [k3, v3] of tagsOf(p)) parts.push(`${k3}=${v3}`);
  return parts.join("\n").toLowerCase();
}
function ago(t, now) {
  const s15 = Math.max(0, Math.round((now - t) / 1e3));
  if (s15 < 5) return "just now";
  if (s15 < 60) return `${s15} s ago`;
  const m = Math.floor(s15 / 60);
  if (m < 60) return `${m} min ago`;
  const h3 = Math.floor(m / 60);
  if (h3 < 48) return `${h3} h ago`;
  return `${Math.floor(h3 / 24)} days ago`;
}

// src/jobpanel.js
var TICK_MS2 = 1e3;
var DISMISSED_MAX = 50;
var JobPanel = class {
  constructor(refs, session2) {
    this.r = refs;
    this.s = session2;
    this.jobs = [];
    this.at = /* @__PURE__ */ new Map();
    this.unsupported = false;
    this.count = 0;
    this.heard = /* @__PURE__ */ new Map();
    this.timer = 0;
    this.queueKey = "";
    this.dismissKey = `jobsDismissed.${session2.name}`;
    this.dismissed = new Set(load(this.dismissKey, []).filter((k3) => typeof k3 === "string"));
    const r4 = refs;
    r4.jobPause.addEventListener("click", () => this.act("pause"));
    r4.jobResume.addEventListener("click", () => this.act("resume"));
    r4.jobCancel.addEventListener("click", () => this.act("cancel"));
    r4.jobDismiss.addEventListener("click", () => {
      const { current } = this.shown();
      if (!current) return;
      this.dismissed.add(dismissKey(current));
      save(this.dismissKey, [...this.dismissed].slice(-DISMISSED_MAX));
      this.render();
    });
  }
  // request is fetch for the port's jobs (path after …/jobs), with the
  // pane's lease when it holds one.
  request(path, opts = {}) {
    const headers = { Accept: "application/json", ...opts.headers || {} };
    if (this.s.lease && this.s.lease.id) headers["Serialhub-Lease"] = this.s.lease.id;
    return api(`/api/ports/${encodeURIComponent(this.s.name)}/jobs${path}`, { ...opts, headers });
  }
  // load asks the server for the port's jobs (the queue is not in the
  // port object). A server that runs none answers 422: the panel stays hidden.
  async load() {
    if (isFleetPort(this.s.port)) return;
    let res;
    const since = this.count;
    try {
      res = await this.request("");
    } catch (_4) {
      return;
    }
    if (res.status === 422 || res.status === 404) {
      this.unsupported = true;
      return;
    }
    if (!res.ok) return;
    let list;
    try {
      list = await res.json();
    } catch (_4) {
      return;
    }
    if (!Array.isArray(list)) return;
    this.unsupported = false;
    const now = Date.now();
    let jobs = list.filter((j3) => isJob(j3) && this.fresh(j3.id, since));
    for (const j3 of jobs) this.at.set(j3.id, now);
    for (const j3 of this.jobs) if (!this.fresh(j3.id, since)) jobs = upsert(jobs, j3);
    this.jobs = jobs;
    this.render();
  }
  // fresh: no event told of job id since count since (a REST answer
  // asked for then is not older than what the panel shows).
  fresh(id2, since) {
    const n = this.heard.get(id2);
    return n === void 0 || n <= since;
  }
  // update takes a job as an event or a status told it.
  update(job) {
    if (!isJob(job)) return;
    this.heard.set(job.id, ++this.count);
    this.jobs = upsert(this.jobs, job);
    this.at.set(job.id, Date.now());
    this.render();
  }
  // answered takes a job as a REST answer to a request sent at count
  // since gave it: ignored when an event told of the job meanwhile.
  answered(job, since) {
    if (!isJob(job) || !this.fresh(job.id, since)) return;
    this.jobs = upsert(this.jobs, job);
    this.at.set(job.id, Date.now());
    this.render();
  }
  // port takes a status event's port object: its job is the port's
  // running job, or its last one.
  port(p) {
    if (p && isJob(p.job)) {
      this.update(p.job);
    } else this.render();
  }
  shown() {
    const dismissed = new Set(this.jobs.filter((j3) => this.dismissed.has(dismissKey(j3))).map((j3) => j3.id));
    return panelJobs(this.jobs, dismissed);
  }
  // act carries out verb (pause, resume, cancel) on the current job, or
  // on the queued job given.
  async act(verb, job = this.shown().current) {
    if (!job) return;
    const s15 = this.s;
    const title = job.name || `job ${job.id}`;
    if (verb === "cancel" && !await confirmDialog(`Cancel ${title} on ${s15.name}? Nothing more of it is sent${job.state === "queued" ? "" : ` (${job.acked} of ${job.lines} lines acknowledged so far)`}.`, "Cancel job")) return;
    let res;
    const since = this.count;
    try {
      res = await this.request(`/${encodeURIComponent(job.id)}/${verb}`, { method: "POST" });
    } catch (err) {
      s15.notify(`${s15.name}: ${title}: ${verb} not sent: no answer from the server (${err.message})`, "error");
      return;
    }
    if (!res.ok) {
      s15.notify(`${s15.name}: ${title}: not ${verb === "pause" ? "paused" : verb === "resume" ? "resumed" : "cancelled"}: ${await errorMessage(res)}`, "error");
      return;
    }
    try {
      this.answered(await res.json(), since);
    } catch (_4) {
    }
  }
  // render shows the jobs as last heard of, with the buttons the pane may use.
  render() {
    const r4 = this.r;
    const why = this.s.jobWhy || "";
    const { current, queued } = this.shown();
    r4.jobPanel.hidden = !current && queued.length === 0;
    r4.jobPanel.dataset.state = current ? current.state : "queued";
    r4.jobPanel.querySelector(".job-head").hidden = !current;
    r4.jobPanel.querySelector(".job-figures").hidden = !current;
    if (current) {
      const shownJob = { ...current };
      if (current.state === "running") shownJob.elapsed = (current.elapsed || 0) + Math.max(0, Date.now() - (this.at.get(current.id) || Date.now())) / 1e3;
      const v3 = jobView(shownJob, why);
      r4.jobPanel.dataset.job = current.id;
      setText2(r4.jobName, v3.title);
      setText2(r4.jobProfile, v3.profile);
      setText2(r4.jobState, v3.stateText);
      setText2(r4.jobBy, v3.by);
      r4.jobProgress.max = v3.max;
      r4.jobProgress.value = v3.value;
      r4.jobProgress.setAttribute("aria-label", `${v3.title}: ${v3.percent}% acknowledged`);
      setText2(r4.jobCounts, v3.counts);
      setText2(r4.jobErrors, v3.errors);
      r4.jobErrors.dataset.some = String((current.errors || 0) > 0);
      setText2(r4.jobResends, v3.resends);
      setText2(r4.jobTime, v3.time);
      setText2(r4.jobReason, v3.reason);
      r4.jobReason.hidden = !v3.reason;
      button(r4.jobPause, v3.pause);
      button(r4.jobResume, v3.resume);
      button(r4.jobCancel, v3.cancel);
      r4.jobDismiss.hidden = !v3.dismiss;
    } else delete r4.jobPanel.dataset.job;
    const startable = !current || isEnded(current);
    r4.jobQueue.hidden = queued.length === 0;
    const key = JSON.stringify([why, startable, queued.map((j3) => [j3.id, j3.name, j3.lines, j3.by])]);
    if (key === this.queueKey) return this.tick(current);
    this.queueKey = key;
    r4.jobQueue.replaceChildren(...queued.map((j3) => {
      const v3 = queuedView(j3, why, startable);
      const start2 = h("button", { type: "button", className: "job-start" }, "Start");
      const cancel = h("button", { type: "button", className: "job-cancel danger" }, "Cancel");
      button(start2, v3.start);
      button(cancel, v3.cancel);
      start2.addEventListener("click", () => this.act("resume", j3));
      cancel.addEventListener("click", () => this.act("cancel", j3));
      return h("li", { className: "job-queued", dataset: { job: j3.id } }, h("span", { className: "job-queued-text" }, `Queued: ${v3.text}`), start2, cancel);
    }));
    this.tick(current);
  }
  // tick keeps the elapsed time moving between events while a job runs.
  tick(current) {
    const ticking = !!current && current.state === "running";
    if (ticking && !this.timer) this.timer = setInterval(() => this.render(), TICK_MS2);
    else if (!ticking && this.timer) this.stop();
  }
  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }
};
function dismissKey(j3) {
  return `${j3.id}@${j3.created}`;
}
function button(el3, v3) {
  el3.hidden = !v3.shown;
  el3.disabled = v3.disabled;
  el3.title = v3.title;
}
function setText2(el3, text) {
  if (el3.textContent !== text) el3.textContent = text;
}

// src/session.js
var VIEWS = ["terminal", "lines", "hex", "plot", "dashboard"];
var FLUSH_NOW_BYTES = 1 << 20;
var SLICE_MS = 8;
var MAX_LINE_CHARS = 4096;
var RENDER_DUTY = 3;
var RENDER_GAP_MS = 50;
var PortSession = class {
  // hooks: onState(session) when its status changes, onStatus(session,
  // port) for each status event, onRemoved(session), openMacros() to open
  // the macro editor.
  constructor(port, hooks) {
    this.name = port.name;
    this.hooks = hooks;
    const { root, refs } = cloneTemplate("pane-template");
    this.root = root;
    this.r = refs;
    root.dataset.port = this.name;
    root.setAttribute("aria-label", `Port ${this.name}`);
    refs.title.textContent = this.name;
    this.pending = [];
    this.viewOnly = false;
    this.readOnlyWhy = "";
    this.sliceTimer = 0;
    this.nextRender = 0;
    this.renderTimer = 0;
    this.pendingBytes = 0;
    this.frame = 0;
    this.infoDirty = false;
    this.deviceLines = new DeviceLines(MAX_LINE_CHARS);
    this.newlines = loadNewlines(this.name);
    this.rxMap = new RxMap(this.newlines.rx);
    this.term = new TerminalView(refs, (bytes) => this.typed(bytes));
    this.lines = new LinesView(refs, this.name);
    this.hex = new HexView(refs);
    this.errorNotices = [];
    this.plot = new PlotView(refs, this.name, (text, kind) => this.notify(text, kind));
    this.dash = new DashboardView(refs.view_dashboard, this);
    this.views = { terminal: this.term, lines: this.lines, hex: this.hex, plot: this.plot, dashboard: this.dash };
    this.conn = new Connection(this.name, {
      onData: (bytes, stamps, off2, historyEnds) => {
        this.queue({ kind: "rx", bytes, stamps, off: off2 }, bytes.length);
        if (historyEnds) this.queue({ kind: "history", t: Date.now() }, 0);
      },
      onGap: (text) => this.queue({ kind: "gap", text, t: Date.now() }, 0),
      onStatus: (p) => {
        this.setPort(p);
        if (hooks.onStatus) hooks.onStatus(this, p);
      },
      onState: () => this.renderStatus(),
      onNotice: (text, kind) => this.notify(text, kind),
      onError: (msg) => {
        if (msg.code === "forbidden") this.forbidden(msg.message);
        else if (msg.code === "locked") this.notify(`${this.name}: not sent: ${msg.message || "another client holds the write lock"}`, "error");
        else if (msg.code === "no_lease") {
          this.lease.forget();
          this.notify(`${this.name}: your lease ended while this page was away (${msg.message || "no such lease"}): this pane no longer holds the port`, "error");
          this.applyRole();
        } else this.notify(`${this.name}: ${plainError(msg)}`, "error");
      },
      onLease: (ev) => this.lease.event(ev),
      onValues: (records, missed) => {
        if (missed > 0) this.notify(`${this.name}: the dashboard and plot missed ${missed} decoded records (this browser fell behind)`, "info");
        this.dash.values(records);
        this.queue({ kind: "values", records, missed }, 0);
      },
      onJob: (job) => this.jobs.update(job),
      onLockRequest: (from) => this.notify(`${this.name}: ${from} asks you to release the write lock (Release, at the top of the pane)`, "info"),
      onRemoved: () => {
        notify(`Port ${this.name} was removed from the server`, "info");
        hooks.onRemoved(this);
      }
    });
    this.portAt = Date.now();
    this.lease = new LeaseBox(refs, this);
    this.jobWhy = "";
    this.jobs = new JobPanel(refs, this);
    this.send = new SendBar(refs, this);
    this.panel = new PortPanel(refs, this);
    this.decoder = new DecoderPanel(refs.decoderBox, this);
    this.signals = new SignalStrip(refs, this);
    this.presence = new Presence(refs, this);
    this.onRemoved = () => hooks.onRemoved(this);
    this.wire();
    this.setNewlines({});
    this.setPort(port);
    this.applyRole();
    this.showView(load("view", "terminal"));
  }
  wire() {
    const r4 = this.r;
    const tabs = [...r4.viewTabs.querySelectorAll("[role=tab]")];
    for (const tab of tabs) {
      tab.addEventListener("click", () => {
        this.showView(tab.dataset.view);
        save("view", tab.dataset.view);
      });
    }
    r4.viewTabs.addEventListener("keydown", (ev) => {
      const i = tabs.indexOf(document.activeElement);
      if (i < 0) return;
      let j3 = -1;
      if (ev.key === "ArrowRight") j3 = (i + 1) % tabs.length;
      else if (ev.key === "ArrowLeft") j3 = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === "Home") j3 = 0;
      else if (ev.key === "End") j3 = tabs.length - 1;
      if (j3 < 0) return;
      ev.preventDefault();
      tabs[j3].focus();
      tabs[j3].click();
    });
    r4.connectToggle.addEventListener("click", () => {
      if (this.conn.state === "closed") this.conn.connect();
      else this.conn.close();
    });
    const setPanel = (open) => {
      r4.panel.hidden = !open;
      r4.panelToggle.setAttribute("aria-expanded", String(open));
      if (open) this.decoder.load();
    };
    for (const tab of tabs) tab.addEventListener("click", () => setPanel(false));
    r4.panelToggle.addEventListener("click", () => setPanel(r4.panel.hidden));
    r4.panelClose.addEventListener("click", () => {
      setPanel(false);
      r4.panelToggle.focus();
    });
    r4.panel.addEventListener("keydown", (ev) => {
      if (ev.key !== "Escape") return;
      setPanel(false);
      r4.panelToggle.focus();
    });
    r4.termClear.addEventListener("click", () => this.term.clear());
    r4.rxNewlines.addEventListener("change", () => this.setNewlines({ rx: r4.rxNewlines.value }));
    r4.copyOnSelect.checked = !!load("copyOnSelect", false);
    this.term.copyOnSelect = r4.copyOnSelect.checked;
    r4.copyOnSelect.addEventListener("change", () => {
      this.term.copyOnSelect = r4.copyOnSelect.checked;
      save("copyOnSelect", r4.copyOnSelect.checked);
    });
    r4.linesClear.addEventListener("click", () => this.lines.clear());
    r4.hexClear.addEventListener("click", () => this.hex.clear());
    r4.macroEdit.addEventListener("click", () => this.hooks.openMacros());
  }
  // setNewlines changes some of the port's newline rules (newlines.js),
  // remembers them, and shows them.
  setNewlines(change2) {
    const nl = { ...this.newlines, ...change2 };
    this.newlines = nl;
    saveNewlines(this.name, nl);
    this.rxMap.setMode(nl.rx);
    this.deviceLines.splitter.crEnds = nl.rx === "cr";
    this.term.setEnter(terminalEnter(nl.enter));
    const r4 = this.r;
    r4.rxNewlines.value = nl.rx;
    r4.lineEnding.value = nl.enter;
    r4.termEnter.textContent = nl.enter === "none" ? "CR" : ENTER_LABELS[nl.enter];
  }
  // start is called once the pane is in the document.
  start() {
    this.term.open();
    this.showView(this.view);
    this.conn.connect();
  }
  dispose() {
    this.conn.close();
    this.lease.stop();
    this.jobs.stop();
    this.send.dispose();
    this.signals.dispose();
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.renderTimer);
    clearTimeout(this.sliceTimer);
    this.term.dispose();
    this.dash.dispose();
    this.root.remove();
  }
  showView(name) {
    if (!VIEWS.includes(name)) name = "terminal";
    this.view = name;
    this.root.dataset.view = name;
    for (const tab of this.r.viewTabs.querySelectorAll("[role=tab]")) {
      const on3 = tab.dataset.view === name;
      tab.setAttribute("aria-selected", String(on3));
      tab.tabIndex = on3 ? 0 : -1;
    }
    for (const v3 of VIEWS) {
      const panel = this.r[`view_${v3}`];
      panel.hidden = v3 !== name;
      if (v3 === name) this.views[v3].show();
      else this.views[v3].hide();
    }
  }
  setTheme(theme) {
    this.term.setTheme(theme);
    this.plot.setTheme();
    this.dash.setTheme();
  }
  // ----- data -----
  queue(item, bytes) {
    this.pending.push(item);
    this.pendingBytes += bytes;
    this.infoDirty = true;
    if (this.pendingBytes > FLUSH_NOW_BYTES) this.flush(true);
    else if (!this.frame && !this.sliceTimer) this.frame = requestAnimationFrame(() => this.flush());
  }
  // sendBytes sends bytes to the device; false when not connected.
  sendBytes(bytes, { echo }) {
    if (!this.conn.send(bytes)) return false;
    this.signals.tx.hit();
    this.queue({ kind: "tx", bytes, t: Date.now(), echo }, 0);
    return true;
  }
  // broadcastResult shows in this pane how a broadcast went for its port
  // (from: the pane whose send box sent it): bytes sent count as sent from
  // here (TX, hex rows, local echo, the plot's echo filter); a failure is
  // an error notice naming the server's reason.
  broadcastResult(result, bytes, { from, echo }) {
    if (result.ok) {
      this.signals.tx.hit();
      this.queue({ kind: "tx", bytes, t: Date.now(), echo }, 0);
    }
    this.notify(paneText(result, bytes.length, from, this.panel.lockMine), result.ok ? "info" : "error");
  }
  // notify shows a notice in this pane (over the bottom of its views, so
  // it never covers another pane's controls). Error notices stay until
  // dismissed, or until the pane is connected again: they were about a
  // connection that is gone.
  notify(text, kind = "info") {
    const remove = notify(text, kind, this.r.notices);
    if (kind === "error") this.errorNotices = [...this.errorNotices.slice(-7), remove];
  }
  // applyRole enables or disables sending and the port's controls: a view
  // role makes everything read-only (with a tooltip), and so does another
  // client's write lock on an exclusive port, until it is released, and
  // another's lease on any port (this pane holds a lease when its
  // connection acts under the lease's id, not by the holder's name: two
  // browsers on one machine have one name), and so does a connection that
  // is down or a port that is not open: nothing could reach the device.
  applyRole() {
    const role = roleOf(this.name);
    const view = role !== "control" && role !== "admin";
    this.root.dataset.role = role;
    this.r.roleBadge.hidden = !view;
    const lock = this.port && this.port.exclusive && this.port.lock && !this.port.lock.lease ? this.port.lock : null;
    const portState = this.port && this.port.state;
    const connected = this.conn.state === "connected";
    const lease = this.lease.render(this.port, {
      control: !view && connected && (!portState || portState === "open"),
      mayBreak: mayBreak(this.name),
      receivedAt: this.portAt
    });
    let why = "";
    if (view) why = `Your role on port ${this.name} is view-only: you cannot send to it or change it`;
    else if (!connected) why = `Not connected to the server (${this.conn.state === "closed" ? "disconnected by you: press Connect" : "reconnecting by itself"}): nothing can be sent or changed`;
    else if (portState && portState !== "open") why = `Port ${this.name} is ${portState}${this.port.error ? ` (${this.port.error})` : ""}: nothing can be sent or changed until it opens`;
    else if (lease.why) why = lease.why;
    else if (lock && !this.panel.lockMine) why = `${capitalise(lock.holder || "another client")} holds the write lock of ${this.name}: ask them to release it`;
    let jobWhy = "";
    if (view) jobWhy = `Your role on port ${this.name} is view-only: you cannot pause, resume or cancel its jobs`;
    else if (lease.why) jobWhy = lease.why;
    else if (lock && !this.panel.lockMine) jobWhy = `${capitalise(lock.holder || "another client")} holds the write lock of ${this.name}: ask them to release it`;
    if (jobWhy !== this.jobWhy) {
      this.jobWhy = jobWhy;
      this.jobs.render();
    }
    this.viewOnly = view;
    this.panel.renderLock(this.port, view);
    this.decoder.applyRole();
    if (why === this.readOnlyWhy) return;
    this.readOnlyWhy = why;
    this.send.setReadOnly(why);
    this.panel.setReadOnly(why);
    this.signals.setReadOnly(why);
    this.term.setReadOnly(!!why);
    this.dash.applyRole();
  }
  // forbidden: the server refused bytes or a change for want of the
  // control role. Said plainly, and the pane becomes view-only.
  forbidden(message) {
    this.notify(`${this.name}: not allowed, nothing was sent or changed: your role on this port is view-only${message ? ` (${message})` : ""}`, "error");
    forbidden(this.name);
  }
  // typed: keystrokes in the terminal go to the device as typed.
  typed(bytes) {
    if (this.readOnlyWhy) return;
    if (!this.conn.send(bytes)) return;
    this.signals.tx.hit();
    this.queue({ kind: "tx", bytes, t: Date.now(), echo: this.r.echo.checked, typed: true }, 0);
  }
  // endLine completes the partial line: a gap or marker follows.
  endLine() {
    this.addLines(this.deviceLines.end());
  }
  // addLines hands completed lines to the lines view and the plot, each
  // with the read time of its first byte.
  addLines(lines) {
    for (const line of lines) {
      this.lines.add(line.text, line.t, line.wrapped ? "wrapped" : "");
      if (!line.wrapped) this.plot.addLine(line.text, line.t);
    }
  }
  // flush hands pending items to the views' models, then draws. It works
  // in slices of SLICE_MS: what is left waits for a zero-delay timer, so
  // input events are handled between slices however much data came at
  // once. Past FLUSH_NOW_BYTES (no frames in a hidden tab, or a machine
  // too slow to keep up) everything is handled at once, which bounds
  // memory.
  flush(all = false) {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    clearTimeout(this.sliceTimer);
    this.sliceTimer = 0;
    const items = this.pending;
    const until = all ? Infinity : performance.now() + SLICE_MS;
    let i = 0;
    while (i < items.length) {
      const it2 = items[i++];
      if (it2.kind === "rx") this.pendingBytes -= it2.bytes.length;
      this.handle(it2);
      if (performance.now() > until) break;
    }
    items.splice(0, i);
    if (items.length) {
      this.sliceTimer = setTimeout(() => this.flush(), 0);
      return;
    }
    this.pendingBytes = 0;
    this.lines.setPartial(this.deviceLines.partial, this.deviceLines.partialT);
    this.render();
    if (this.infoDirty) {
      this.infoDirty = false;
      this.renderInfo();
    }
  }
  handle(it2) {
    if (it2.kind === "rx") {
      this.signals.rx.hit();
      this.term.write(this.rxMap.map(it2.bytes));
      this.hex.add("rx", it2.bytes, it2.off);
      this.plot.rx(it2.off, it2.bytes);
      this.addLines(this.deviceLines.feed(it2.bytes, it2.stamps));
    } else if (it2.kind === "gap") {
      this.plot.gap();
      this.endLine();
      this.lines.add(it2.text, it2.t, "marker");
      this.term.marker(it2.text);
    } else if (it2.kind === "values") {
      this.plot.values(it2.records, it2.missed);
    } else if (it2.kind === "history") {
      this.lines.add("── above: history replayed by the server · below: live ──", it2.t, "marker history");
    } else if (it2.kind === "signal") {
      this.lines.add(it2.text, it2.t, "marker signal");
      this.plot.event(it2.text.replace(/^\[|\]$/g, ""), it2.t);
    } else if (it2.kind === "tx") {
      this.plot.noteSent(it2.bytes);
      this.hex.add("tx", it2.bytes, null, !it2.typed);
      if (it2.echo) {
        this.term.echo(it2.bytes);
        if (!it2.typed) {
          const text = new TextDecoder().decode(it2.bytes).replace(/\r?\n$|\r$/, "");
          this.lines.add(text, it2.t, "sent");
        }
      }
    }
  }
  // render draws the shown view. Its cost is measured, and the next draw
  // waits RENDER_DUTY times as long, and at least RENDER_GAP_MS, so drawing
  // (and the style, layout and paint that follow it) never takes more than
  // a share of the main thread however fast data comes: keys and clicks
  // are always handled promptly. Output after a quiet spell is drawn at the
  // next frame. Models are updated on every frame anyway.
  render() {
    const now = performance.now();
    if (now < this.nextRender) {
      if (!this.renderTimer) {
        this.renderTimer = setTimeout(() => {
          this.renderTimer = 0;
          this.render();
        }, this.nextRender - now);
      }
      return;
    }
    this.lines.flush();
    this.hex.flush();
    this.plot.flush();
    const end = performance.now();
    this.nextRender = end + Math.max(RENDER_GAP_MS, (end - now) * RENDER_DUTY);
  }
  // ----- status -----
  // marker notes a change of the port's lines (or a break) in the Lines
  // view, in order with the data, at the time it was learnt.
  marker(text, t = Date.now()) {
    this.queue({ kind: "signal", text: `[${text}]`, t }, 0);
  }
  setPort(p) {
    if (p && this.port && p.stream !== this.port.stream) {
      this.dash.resetStream();
      this.plot.resetStream();
    }
    this.port = p;
    this.portAt = Date.now();
    if (this.signals) this.signals.status(p);
    if (this.presence) this.presence.render(p);
    this.root.dataset.portState = p && p.state || "";
    this.renderOrigin(p);
    this.renderStatus();
    this.renderInfo();
    this.panel.render(p);
    this.decoder.render(p);
    this.jobs.port(p);
    this.plot.setPort(p);
    this.applyRole();
  }
  // renderOrigin says where a fleet port's device is: its gateway, online
  // or offline (since when it was last heard from), and the gateway's
  // tags. Hidden for the server's own ports.
  renderOrigin(p) {
    const box = this.r.origin;
    if (!isFleetPort(p)) {
      box.hidden = true;
      return;
    }
    const online = p.online !== false;
    const seen = seenMs(p);
    let text = `gateway ${p.gateway}: ${online ? "online" : "offline"}`;
    if (!online && seen !== null) text += `, last seen ${new Date(seen).toDateString() === (/* @__PURE__ */ new Date()).toDateString() ? clockTime(seen).slice(0, 8) : new Date(seen).toLocaleString()}`;
    const tags = tagsOf(p).map(([k3, v3]) => `${k3}=${v3}`).join(" ");
    if (tags) text += ` · ${tags}`;
    box.hidden = false;
    box.dataset.online = String(online);
    if (box.textContent !== text) box.textContent = text;
    box.title = online ? `The device is on gateway ${p.gateway}` : `Gateway ${p.gateway} is offline: the port opens again by itself when the gateway is back`;
  }
  renderStatus() {
    const c = this.conn;
    const p = this.port;
    let text = "";
    let countdown = "";
    switch (c.state) {
      case "connecting":
        text = "Connecting…";
        break;
      case "reconnecting":
        text = c.reason ? `Reconnecting (${c.reason})` : "Reconnecting";
        if (c.retryAt) countdown = ` in ${c.countdown()}s`;
        else text += "…";
        break;
      case "closed":
        text = "Disconnected";
        break;
      case "removed":
        text = "Removed from the server";
        break;
      case "connected": {
        const s15 = p && p.state;
        text = "Connected";
        if (s15 === "error" || s15 === "disconnected") text += ` · port ${s15}: ${p.error || "unknown error"}`;
        else if (s15) text += ` · port ${s15}`;
        break;
      }
    }
    const was = this.root.dataset.state;
    this.root.dataset.state = c.state;
    if (c.state === "connected" && was !== "connected") {
      for (const remove of this.errorNotices) remove();
      this.errorNotices = [];
      if (this.jobs) this.jobs.load();
      if (this.dash && was) this.dash.reconnected();
    }
    if (this.send) this.send.connectionChanged(c.state);
    if (this.panel && c.state !== "connected" && this.panel.lockMine) {
      this.panel.lockMine = false;
      this.applyRole();
    }
    this.r.statusText.textContent = text;
    this.r.countdown.textContent = countdown;
    this.r.connectToggle.textContent = c.state === "closed" ? "Connect" : "Disconnect";
    if (this.panel && was !== c.state) {
      this.applyRole();
      this.renderInfo();
    }
    this.hooks.onState(this);
  }
  renderInfo() {
    const p = this.port;
    const info = this.r.portInfo;
    if (!p) {
      info.textContent = "";
      return;
    }
    const seen = this.conn.seen;
    const stale = this.conn.state !== "connected";
    info.dataset.stale = String(stale);
    info.title = stale ? "Last known: not connected to the server, so these figures are not live" : "";
    if (typeof p.bytesIn === "number") this.root.dataset.bytesIn = String(p.bytesIn + seen.in);
    const parts = [p.description || p.device || p.name, describeSettings(p.settings)];
    if (typeof p.clients === "number") parts.push(`${p.clients} client${p.clients === 1 ? "" : "s"}`);
    if (typeof p.bytesIn === "number") parts.push(`in ${formatBytes(p.bytesIn + seen.in)}`);
    if (typeof p.bytesOut === "number") parts.push(`out ${formatBytes(p.bytesOut + seen.out)}`);
    const dropped = (p.droppedBytes || 0) + seen.dropped;
    if (dropped > 0) parts.push(`dropped ${formatBytes(dropped)}`);
    info.textContent = "";
    if (stale) {
      const label = document.createElement("span");
      label.className = "info-item stale-label";
      label.textContent = "last known: ";
      info.append(label);
    }
    parts.filter(Boolean).forEach((t, i, all) => {
      const span = document.createElement("span");
      span.className = "info-item";
      span.textContent = i < all.length - 1 ? `${t} · ` : t;
      info.append(span);
    });
  }
};

// src/directory.js
var Directory = class {
  // el: the page's elements (root, query, state, count, error, list,
  // empty); open(name) opens a port's pane.
  constructor(el3, open) {
    this.el = el3;
    this.open = open;
    this.ports = /* @__PURE__ */ new Map();
    this.rows = /* @__PURE__ */ new Map();
    this.groups = /* @__PURE__ */ new Map();
    this.shape = null;
    this.openNames = /* @__PURE__ */ new Set();
    this.terms = [];
    this.frame = 0;
    this.drawn = 0;
    el3.query.value = load("directoryQuery", "");
    el3.state.value = load("directoryState", "");
    if (el3.state.selectedIndex < 0) el3.state.value = "";
    const refilter = () => {
      save("directoryQuery", el3.query.value);
      save("directoryState", el3.state.value);
      this.parse();
      this.schedule();
    };
    el3.query.addEventListener("input", refilter);
    el3.state.addEventListener("change", refilter);
    el3.query.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" && ev.key !== "ArrowDown") return;
      this.draw();
      const first = this.first();
      if (!first) return;
      ev.preventDefault();
      if (ev.key === "Enter") this.open(first);
      else this.rows.get(first).button.focus();
    });
    el3.list.addEventListener("click", (ev) => {
      const tag = ev.target.closest(".tag");
      if (tag) {
        this.addTerm(tag.dataset.tag);
        return;
      }
      const row = ev.target.closest(".dir-port");
      if (row) this.open(row.dataset.port);
    });
    this.parse();
  }
  parse() {
    const { terms, problems: problems2 } = parseQuery(this.el.query.value);
    if (this.el.state.value) terms.push({ kind: "state", value: this.el.state.value });
    this.terms = terms;
    this.el.error.textContent = problems2.join("; ");
    this.el.error.hidden = problems2.length === 0;
    this.el.query.setAttribute("aria-invalid", String(problems2.length > 0));
  }
  // addTerm adds a word to the query (a tag chip pressed), unless it is
  // there already.
  addTerm(word) {
    const q2 = this.el.query;
    const words = q2.value.trim().split(/\s+/).filter(Boolean);
    if (!words.some((w2) => w2.toLowerCase() === word.toLowerCase() || w2.toLowerCase() === `tag:${word.toLowerCase()}`)) words.push(word);
    q2.value = words.join(" ");
    q2.dispatchEvent(new Event("input"));
  }
  // setPorts takes a new port list (GET /api/ports).
  setPorts(list) {
    this.ports = new Map(list.map((p) => [p.name, p]));
    this.schedule();
  }
  // update takes a port object from a status event of an open pane. A
  // gateway's online state, last seen and tags are the gateway's, so they
  // are given to each of its ports. It returns true when the gateway's
  // online state changed: its other ports' states changed too, and the
  // caller asks for the list again.
  update(p) {
    if (!p || typeof p.name !== "string") return false;
    const had = this.ports.get(p.name);
    if (!had) return false;
    this.ports.set(p.name, p);
    if (shown(had) === shown(p)) return false;
    let changed2 = false;
    if (isFleetPort(p)) {
      changed2 = had.online !== p.online;
      for (const [name, q2] of this.ports) {
        if (name !== p.name && q2.gateway === p.gateway) {
          this.ports.set(name, { ...q2, online: p.online, lastSeen: p.lastSeen, tags: p.tags });
        }
      }
    }
    this.schedule();
    return changed2;
  }
  // setOpen marks the ports that have a pane.
  setOpen(names) {
    this.openNames = new Set(names);
    this.schedule();
  }
  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }
  // draw brings the list up to date: rebuilt if the ports or their groups
  // changed, otherwise only what changed.
  draw() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const groups = groupPorts([...this.ports.values()]);
    const shape = groups.map((g2) => `${g2.key}
${g2.ports.map((p) => p.name).join("\n")}`).join("\n\n");
    if (shape !== this.shape) this.build(groups, shape);
    const now = Date.now();
    let shownPorts = 0;
    let shownGroups = 0;
    let offline = 0;
    for (const g2 of groups) {
      const gv = this.groups.get(g2.key);
      this.drawGroup(gv, g2, now);
      if (g2.key !== "" && !g2.online) offline++;
      let any = false;
      for (const p of g2.ports) {
        const row = this.rows.get(p.name);
        this.drawRow(row, p);
        const shown2 = matches(p, this.terms);
        if (shown2 !== row.shown) {
          row.shown = shown2;
          row.li.hidden = !shown2;
        }
        if (shown2) {
          any = true;
          shownPorts++;
        }
      }
      if (any !== gv.shown) {
        gv.shown = any;
        gv.section.hidden = !any;
      }
      if (any) shownGroups++;
    }
    const gateways = groups.filter((g2) => g2.key !== "").length;
    const total = this.ports.size;
    const plural3 = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    let count;
    if (this.terms.length) count = `${shownPorts} of ${plural3(total, "port")} · ${shownGroups} of ${groups.length} ${groups.length === 1 ? "group" : "groups"}`;
    else count = `${plural3(total, "port")} · ${plural3(gateways, "gateway")}${offline ? ` (${offline} offline)` : ""}`;
    if (this.el.count.textContent !== count) this.el.count.textContent = count;
    this.el.empty.hidden = shownPorts > 0 || total === 0;
    this.el.root.dataset.shown = String(shownPorts);
    this.el.root.dataset.draws = String(++this.drawn);
  }
  // build makes the list's elements afresh.
  build(groups, shape) {
    this.shape = shape;
    this.rows.clear();
    this.groups.clear();
    const frag = document.createDocumentFragment();
    for (const g2 of groups) {
      const local = g2.key === "";
      const dot = h("span", { className: "dot", "aria-hidden": "true" });
      const state = h("span", { className: "gw-state" });
      const count = h("span", { className: "gw-count" });
      const tags = h("span", { className: "gw-tags" });
      const title = h("h3", { className: "gw-name" }, local ? "This server" : g2.gateway);
      const list = h("ul", { className: "gw-ports" });
      const section = h("section", {
        className: "gw",
        dataset: { gateway: g2.key },
        "aria-label": local ? "This server" : `Gateway ${g2.gateway}`
      }, h("header", { className: "gw-head" }, dot, title, state, count, tags), list);
      const gv = { section, dot, state, count, tags, sig: "", shown: true };
      this.groups.set(g2.key, gv);
      for (const p of g2.ports) {
        const name = h("span", { className: "dir-name" }, shortName(p));
        const pstate = h("span", { className: "dir-pstate" });
        const desc = h("span", { className: "dir-desc" });
        const clients = h("span", { className: "dir-clients" });
        const button2 = h("button", { type: "button", className: "dir-open" }, h("span", { className: "dot", "aria-hidden": "true" }), name, pstate, desc, clients);
        const li2 = h("li", { className: "dir-port", dataset: { port: p.name } }, button2);
        list.append(li2);
        this.rows.set(p.name, { li: li2, button: button2, pstate, desc, clients, sig: "", shown: true });
      }
      frag.append(section);
    }
    this.el.list.textContent = "";
    this.el.list.append(frag);
  }
  drawGroup(gv, g2, now) {
    const local = g2.key === "";
    let state = "";
    let title = "";
    if (!local) {
      state = g2.online ? "online" : "offline";
      if (!g2.online && g2.lastSeen !== null) {
        state += ` · last seen ${ago(g2.lastSeen, now)}`;
        title = `Last heard from at ${new Date(g2.lastSeen).toLocaleString()}`;
      } else if (!g2.online) state += " · never seen by this server";
    }
    if (gv.state.textContent !== state) gv.state.textContent = state;
    if (gv.state.title !== title) gv.state.title = title;
    const tagText = g2.tags.map(([k3, v3]) => `${k3}=${v3}`).join(" ");
    const sig = `${g2.online}
${g2.ports.length}
${tagText}`;
    if (sig === gv.sig) return;
    gv.sig = sig;
    gv.section.dataset.online = String(local || g2.online);
    gv.count.textContent = `${g2.ports.length} port${g2.ports.length === 1 ? "" : "s"}`;
    gv.tags.textContent = "";
    for (const [k3, v3] of g2.tags) {
      const tag = `${k3}=${v3}`;
      gv.tags.append(h("button", { type: "button", className: "tag", dataset: { tag }, title: `Show only the ports tagged ${tag}` }, tag));
    }
  }
  drawRow(row, p) {
    const open = this.openNames.has(p.name);
    const online = p.online !== false;
    const desc = p.description || p.device || "";
    const clients = typeof p.clients === "number" ? p.clients : 0;
    const sig = `${p.state}
${online}
${open}
${desc}
${clients}
${p.error || ""}`;
    if (sig === row.sig) return;
    row.sig = sig;
    const li2 = row.li;
    li2.dataset.portState = p.state || "";
    li2.dataset.online = String(online);
    if (open) li2.dataset.open = "true";
    else delete li2.dataset.open;
    row.pstate.textContent = p.state || "";
    row.desc.textContent = desc;
    row.clients.textContent = clients ? `${clients} client${clients === 1 ? "" : "s"}` : "";
    const why = p.error ? ` (${p.error})` : "";
    row.button.title = `${open ? "Show" : "Open"} ${p.name}: ${p.state || "state unknown"}${why}`;
    row.button.setAttribute("aria-current", open ? "true" : "false");
  }
  // first is the name of the first port shown, or ''.
  first() {
    for (const [name, r4] of this.rows) if (r4.shown) return name;
    return "";
  }
};
function shown(p) {
  return JSON.stringify([p.state, p.online, p.online === false ? p.lastSeen : "", p.tags, p.clients, p.description, p.device, p.error]);
}

// src/main.js
var RETRY_MIN_MS = 500;
var RETRY_MAX_MS = 1e4;
var el2 = {
  portTabs: $("port-tabs"),
  openSelect: $("open-select"),
  panes: $("panes"),
  layout: $("layout-select"),
  theme: $("theme-select"),
  status: $("page-status"),
  addPort: $("add-port-button"),
  dirButton: $("directory-button"),
  dir: {
    root: $("directory"),
    query: $("dir-query"),
    state: $("dir-state"),
    count: $("dir-count"),
    error: $("dir-error"),
    list: $("dir-list"),
    empty: $("dir-empty")
  }
};
var ports = [];
var sessions = /* @__PURE__ */ new Map();
var active = null;
var openMacros = () => {
};
var listAttempt = 0;
var fleet = false;
var directory = null;
var pickerKey = null;
var darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
function effectiveTheme() {
  const t = el2.theme.value;
  if (t === "light" || t === "dark") return t;
  return darkQuery.matches ? "dark" : "light";
}
function applyTheme() {
  const t = el2.theme.value;
  if (t === "light" || t === "dark") document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
  const eff = effectiveTheme();
  for (const s15 of sessions.values()) s15.setTheme(eff);
}
var phoneQuery = window.matchMedia("(max-width: 600px)");
function applyLayout() {
  const layout2 = phoneQuery.matches ? "tabs" : el2.layout.value;
  document.body.dataset.layout = layout2;
  if (fleet) {
    const shown3 = directoryShown();
    document.body.dataset.directory = shown3 ? "shown" : "hidden";
    el2.dir.root.hidden = !shown3;
    el2.dirButton.setAttribute("aria-expanded", String(shown3));
  }
  for (const s15 of sessions.values()) s15.root.hidden = layout2 === "tabs" && s15.name !== active;
  for (const s15 of sessions.values()) if (!s15.root.hidden) s15.showView(s15.view);
  const shown2 = [...sessions.values()].filter((s15) => !s15.root.hidden);
  const group = shown2.length >= 2 ? shown2 : [];
  for (const s15 of sessions.values()) s15.send.setPeers(group.includes(s15) ? group : []);
}
async function fetchPorts() {
  const res = await api("/api/ports", { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const list = await res.json();
  if (!Array.isArray(list)) throw new Error("unexpected answer from /api/ports");
  return list.filter((p) => p && typeof p.name === "string");
}
function fromURL() {
  const q2 = new URLSearchParams(location.hash.slice(1));
  const qs2 = new URLSearchParams(location.search);
  const port = q2.get("port") ?? qs2.get("port");
  const open = (q2.get("open") ?? "").split(",").filter(Boolean);
  const dashboard = q2.get("dashboard") || "";
  return { port, open, dashboard, viewOnly: q2.get("view") === "1" };
}
var dashboardOnly = false;
async function openDashboard(id2, viewOnly) {
  let d;
  try {
    const res = await api(`/api/dashboards/${encodeURIComponent(id2)}`, { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(await errorMessage(res));
    d = await res.json();
  } catch (err) {
    notify(`Dashboard "${id2}": ${err.message}`, "error");
    return false;
  }
  if (!ports.some((p) => p.name === d.port)) {
    notify(`Dashboard "${id2}": no port named "${d.port}"`, "error");
    return false;
  }
  dashboardOnly = viewOnly;
  document.body.dataset.dashboardOnly = String(viewOnly);
  openPane(d.port, true);
  const s15 = sessions.get(d.port);
  s15.dash.setReadOnly(viewOnly);
  s15.dash.select(id2);
  s15.showView("dashboard");
  if (viewOnly) document.title = `${d.name} · serialhub`;
  return true;
}
function writeURL() {
  if (dashboardOnly) return;
  const names = [...sessions.keys()];
  let hash = active ? `#port=${encodeURIComponent(active)}` : "";
  if (names.length > 1) hash += `&open=${names.map(encodeURIComponent).join(",")}`;
  history.replaceState(null, "", hash || location.pathname);
  document.title = active ? `${active} · serialhub` : "serialhub";
}
function renderTabs() {
  el2.portTabs.textContent = "";
  for (const s15 of sessions.values()) {
    const selected = s15.name === active;
    const tab = h("button", {
      type: "button",
      role: "tab",
      className: "port-tab",
      id: `port-tab-${s15.name}`,
      "aria-selected": String(selected),
      tabIndex: selected ? 0 : -1,
      dataset: { port: s15.name, state: s15.root.dataset.state }
    }, h("span", { className: "dot", "aria-hidden": "true" }), s15.name);
    tab.addEventListener("click", () => activate(s15.name));
    const close = h("button", { type: "button", className: "port-tab-close", "aria-label": `Close ${s15.name}`, title: `Close ${s15.name}` }, "×");
    close.addEventListener("click", () => closePane(s15.name));
    el2.portTabs.append(h("div", { className: "port-tab-wrap" }, tab, close));
  }
  renderPicker();
  if (directory) directory.setOpen([...sessions.keys()]);
}
function renderPicker() {
  const option = (p) => h("option", { value: p.name }, p.device && p.device !== p.name ? `${p.name} (${p.device})` : p.name);
  const key = [sessions.size > 0, ...ports.filter((p) => !sessions.has(p.name)).map((p) => `${p.name}
${p.device}
${p.online}`)].join("\n");
  if (key === pickerKey) return;
  pickerKey = key;
  el2.openSelect.textContent = "";
  el2.openSelect.append(h("option", { value: "" }, sessions.size ? "Open another port…" : "Open a port…"));
  if (fleet) {
    for (const g2 of groupPorts(ports.filter((p) => !sessions.has(p.name)))) {
      el2.openSelect.append(h("optgroup", { label: g2.key === "" ? "This server" : `${g2.key}${g2.online ? "" : " (offline)"}` }, ...g2.ports.map(option)));
    }
  } else {
    for (const p of ports) {
      if (sessions.has(p.name)) continue;
      el2.openSelect.append(option(p));
    }
  }
  el2.openSelect.disabled = el2.openSelect.options.length <= 1;
}
function openPane(name, makeActive = true) {
  if (!sessions.has(name)) {
    const port = ports.find((p) => p.name === name);
    if (!port) return;
    const s15 = new PortSession(port, {
      onState: (sess) => {
        const tab = document.getElementById(`port-tab-${sess.name}`);
        if (tab) tab.dataset.state = sess.root.dataset.state;
      },
      onRemoved: (sess) => {
        closePane(sess.name);
        refreshPorts();
      },
      // A status of a gateway's port: the directory shows it at once, and
      // when the gateway went offline or came back, its other ports did
      // too: the list is asked for again.
      onStatus: (_sess, p) => {
        if (directory && directory.update(p)) refreshPorts();
      },
      openMacros: () => openMacros()
    });
    sessions.set(name, s15);
    el2.panes.append(s15.root);
    s15.setTheme(effectiveTheme());
    s15.start();
  }
  if (makeActive || !active) active = name;
  if (el2.status.textContent.startsWith("No port open")) el2.status.textContent = "";
  renderTabs();
  applyLayout();
  writeURL();
}
function activate(name) {
  active = name;
  renderTabs();
  applyLayout();
  writeURL();
  const tab = document.getElementById(`port-tab-${name}`);
  if (tab) tab.focus();
}
function closePane(name) {
  const s15 = sessions.get(name);
  if (!s15) return;
  s15.dispose();
  sessions.delete(name);
  if (active === name) active = sessions.size ? [...sessions.keys()][0] : null;
  renderTabs();
  applyLayout();
  writeURL();
  el2.status.textContent = sessions.size ? "" : `No port open: pick one ${fleet ? "in the directory" : "above"}.`;
  if (fleet && !sessions.size && !directoryOpen) showDirectory(true);
}
var listing = null;
var listAgain = false;
var events = null;
var rolesAsked = /* @__PURE__ */ new Set();
async function refreshPorts() {
  if (listing) {
    listAgain = true;
    return listing;
  }
  listing = (async () => {
    do {
      listAgain = false;
      try {
        ports = await fetchPorts();
      } catch (_4) {
        continue;
      }
      portsChanged();
    } while (listAgain);
  })();
  try {
    await listing;
  } finally {
    listing = null;
  }
}
function portsChanged() {
  if (!fleet && (isCentral() || isFleet(ports))) becomeFleet();
  renderPicker();
  if (directory) directory.setPorts(ports);
  const unknown = ports.filter((p) => !hasRole(p.name) && !rolesAsked.has(p.name));
  if (unknown.length) {
    for (const p of unknown) rolesAsked.add(p.name);
    loadSession();
  }
}
function listen2() {
  const want = fleet && directoryShown() && document.visibilityState === "visible";
  if (want && !events) {
    events = new EventSource("/api/events");
    events.addEventListener("ports", () => refreshPorts());
  } else if (!want && events) {
    events.close();
    events = null;
  }
}
var directoryOpen = true;
function directoryShown() {
  return fleet && directoryOpen;
}
function showDirectory(on3, focus = false) {
  directoryOpen = on3;
  if (!phoneQuery.matches) save("directory", on3);
  applyLayout();
  listen2();
  if (on3 && focus) el2.dir.query.focus();
}
function becomeFleet() {
  fleet = true;
  pickerKey = null;
  document.body.dataset.fleet = "true";
  directoryOpen = phoneQuery.matches ? sessions.size === 0 : load("directory", true);
  el2.dirButton.hidden = false;
  directory = new Directory(el2.dir, (name) => {
    openPane(name, true);
    if (phoneQuery.matches) showDirectory(false);
  });
  directory.setOpen([...sessions.keys()]);
  el2.dirButton.addEventListener("click", () => showDirectory(!directoryOpen, true));
  document.addEventListener("visibilitychange", listen2);
  applyLayout();
  listen2();
}
async function start() {
  try {
    await loadSession();
    ports = await fetchPorts();
  } catch (err) {
    const why = err instanceof TypeError ? "server unreachable" : `port list: ${err.message}`;
    const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** listAttempt++);
    const delay = base / 2 + Math.random() * base / 2;
    el2.status.textContent = `Loading ports: ${why}; retrying in ${Math.ceil(delay / 1e3)}s`;
    setTimeout(start, delay);
    return;
  }
  el2.status.textContent = "";
  document.body.dataset.state = "ready";
  portsChanged();
  if (!ports.length) {
    document.body.dataset.state = "idle";
    el2.status.textContent = "No ports configured on the server";
    return;
  }
  const { port, open, dashboard, viewOnly } = fromURL();
  const known = (n) => ports.some((p) => p.name === n);
  if (dashboard && await openDashboard(dashboard, viewOnly)) return;
  for (const n of open) if (known(n)) openPane(n, false);
  if (fleet) {
    if (port && !known(port)) notify(`No port named "${port}": pick one in the directory`, "error");
    if (known(port)) {
      openPane(port, true);
      if (phoneQuery.matches) showDirectory(false);
    }
    if (!sessions.size) el2.status.textContent = "No port open: pick one in the directory.";
    return;
  }
  if (port && !known(port)) notify(`No port named "${port}"; showing "${ports[0].name}"`, "error");
  openPane(known(port) ? port : ports[0].name, true);
}
function setupAddPort() {
  let devices = [];
  const offer = () => {
    el2.addPort.hidden = !canOpen();
  };
  onSession(offer);
  offer();
  const dlg = $("add-dialog");
  const list = $("add-device");
  const form = $("add-form");
  el2.addPort.addEventListener("click", async () => {
    $("add-error").textContent = "";
    try {
      const res = await api("/api/devices");
      if (!res.ok) throw new Error(await errorMessage(res));
      const got = await res.json();
      if (Array.isArray(got)) devices = got;
    } catch (err) {
      $("add-error").textContent = `Listing the machine's serial ports failed: ${err.message}`;
    }
    list.textContent = "";
    for (const d of devices) {
      if (!d || typeof d.path !== "string") continue;
      const label = [d.path, d.product, d.manufacturer, d.serialNumber && `#${d.serialNumber}`].filter(Boolean).join(" · ");
      const served = typeof d.port === "string" && d.port;
      list.append(h("option", { value: d.byId || d.path, disabled: !!served }, served ? `${label} (port ${d.port})` : label));
    }
    if (!list.options.length) list.append(h("option", { value: "", disabled: true }, "No serial devices found"));
    const free = [...list.options].find((o2) => !o2.disabled);
    if (free) list.value = free.value;
    dlg.showModal();
  });
  $("add-cancel").addEventListener("click", () => dlg.close());
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = $("add-name").value.trim();
    const device = $("add-path").value.trim() || list.value;
    if (!device) {
      $("add-error").textContent = "Choose a device or give its path";
      return;
    }
    const body = { device, settings: { baud: Number($("add-baud").value) || 115200 } };
    if (name) body.name = name;
    try {
      const res = await api("/api/ports", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      });
      if (!res.ok) {
        $("add-error").textContent = await errorMessage(res);
        return;
      }
      const port = await res.json();
      dlg.close();
      form.reset();
      await refreshPorts();
      if (!ports.some((p) => p.name === port.name)) ports.push(port);
      openPane(port.name, true);
    } catch (err) {
      $("add-error").textContent = err.message;
    }
  });
}
function wire() {
  el2.theme.value = load("theme", "auto");
  el2.layout.value = load("layout", "tabs");
  el2.theme.addEventListener("change", () => {
    save("theme", el2.theme.value);
    applyTheme();
  });
  darkQuery.addEventListener("change", applyTheme);
  phoneQuery.addEventListener("change", applyLayout);
  el2.layout.addEventListener("change", () => {
    save("layout", el2.layout.value);
    applyLayout();
  });
  el2.openSelect.addEventListener("change", () => {
    const name = el2.openSelect.value;
    if (name) openPane(name, true);
  });
  el2.portTabs.addEventListener("keydown", (ev) => {
    const tabs = [...el2.portTabs.querySelectorAll("[role=tab]")];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0 || ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
    ev.preventDefault();
    const j3 = (i + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length;
    activate(tabs[j3].dataset.port);
  });
  window.addEventListener("hashchange", () => {
    const { port, dashboard, viewOnly } = fromURL();
    if (dashboard) {
      openDashboard(dashboard, viewOnly);
      return;
    }
    if (port && ports.some((p) => p.name === port)) openPane(port, true);
  });
  window.addEventListener("pagehide", () => {
    for (const s15 of sessions.values()) s15.conn.suspend();
  });
  window.addEventListener("pageshow", (ev) => {
    if (ev.persisted) for (const s15 of sessions.values()) s15.conn.resume();
  });
  window.addEventListener("online", () => {
    for (const s15 of sessions.values()) s15.conn.retryNow();
  });
  openMacros = wireMacroDialog();
  wireAuth();
  onSession(() => {
    for (const s15 of sessions.values()) {
      s15.applyRole();
      if (s15.conn.state === "reconnecting") s15.conn.retryNow();
    }
    if (document.body.dataset.state === "ready") refreshPorts();
  });
  applyTheme();
  applyLayout();
}
wire();
setupAddPort();
start();
/*! Bundled license information:

@xterm/xterm/lib/xterm.mjs:
@xterm/addon-fit/lib/addon-fit.mjs:
@xterm/addon-search/lib/addon-search.mjs:
@xterm/addon-web-links/lib/addon-web-links.mjs:
  (**
   * Copyright (c) 2014-2024 The xterm.js authors. All rights reserved.
   * @license MIT
   *
   * Copyright (c) 2012-2013, Christopher Jeffrey (MIT License)
   * @license MIT
   *
   * Originally forked from (with the author's permission):
   *   Fabrice Bellard's javascript vt100 for jslinux:
   *   http://bellard.org/jslinux/
   *   Copyright (c) 2011 Fabrice Bellard
   *)
*/
