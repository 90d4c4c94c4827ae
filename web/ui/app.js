// serialhub web console.
//
// Plain ES2020, no framework, no build step. Talks to the server it was served
// from: GET /api/ports for the port list, and one WebSocket /ws/{name} for the
// selected port (binary frames = device bytes, text frames = JSON events).
// Device data only ever reaches the page through textContent, never innerHTML.
//
// Sections: constants, state, rendering, websocket, sending, UI wiring.

// ===== Constants ==========================================================

const MAX_LINES = 5000;             // lines kept in the received view; older ones are removed
const MAX_LINE_CHARS = 4096;        // longer lines are hard-wrapped into several .line elements
const FLUSH_NOW_CHARS = 1 << 20;    // pending text past this is rendered at once (hidden tabs get no frames)
const PAUSE_GAP_PX = 4;             // autoscroll pauses when the view is this far above the bottom...
const RESUME_GAP_PX = 1;            // ...and resumes only this close to it (hysteresis)

const RECONNECT_MIN_MS = 500;       // first retry delay, doubled per failed attempt...
const RECONNECT_MAX_MS = 10000;     // ...up to this; each delay is jittered to 50-100% of its value
const STABLE_MS = 5000;             // a connection that stayed open this long resets the backoff
const IDLE_PING_MS = 25000;         // liveness check: ping after this long without any message...
const PROBE_TIMEOUT_MS = 20000;     // ...and no message at all this long after it: connection is dead

const NOTICE_MS = 8000;             // notices fade out after this
const MAX_NOTICES = 4;
const HISTORY_MAX = 50;             // sent lines recalled with the up/down arrows
const STORAGE_LINE_ENDING = 'serialhub.lineEnding';

const LINE_ENDINGS = { none: '', lf: '\n', cr: '\r', crlf: '\r\n' };
const PARITY_LETTER = { none: 'N', odd: 'O', even: 'E', mark: 'M', space: 'S' };

// C0 controls except \t (09) and \n (0A), plus DEL. \r (0D) is in the range and is dropped.
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/g;

// ===== State ==============================================================

const $ = (id) => document.getElementById(id);
const el = {
  body: document.body,
  portSelect: $('port-select'),
  statusText: $('status-text'),
  countdown: $('status-countdown'),
  portInfo: $('port-info'),
  output: $('output'),
  jump: $('jump-button'),
  notices: $('notices'),
  sendForm: $('send-form'),
  sendInput: $('send-input'),
  lineEnding: $('line-ending'),
  clearButton: $('clear-button'),
};

let ports = [];        // last answer of /api/ports
let portName = null;   // selected port
let port = null;       // what we know of it: from /api/ports, then from status events

const conn = {
  ws: null,            // current WebSocket; events of any other (older) socket are ignored
  state: 'connecting', // 'connecting' | 'connected' | 'reconnecting' | 'idle' (no ports)
  reason: '',          // why we are reconnecting, shown in the status
  decoder: null,       // streaming UTF-8 decoder, one per connection
  openedAt: 0,         // performance.now() of the open event, 0 if not open
  attempt: 0,          // failed attempts since the last stable connection (backoff exponent)
  retryTimer: 0,
  retryAt: 0,
  countdownTimer: 0,
  livenessTimer: 0,    // the one timer of the liveness check (see checkLiveness)
  lastRx: 0,           // performance.now() of the last message received
  probeSentAt: 0,      // time of the ping still without any message after it, or 0
  nextId: 1,           // id of the next control message
  replayLeft: 0,       // bytes of the announced scrollback still to come on this connection
  gotStatus: false,    // the first status event of this connection has come
  since: null,         // the stream offset this connection asked to resume from, or null
};

// The stream offset of the next byte of the selected port (docs/protocol.md,
// "Stream offsets"): the first status of a connection gives it, live bytes
// and dropped events advance it. A reconnect asks for ?since=offset, so the
// output sent while the page was away is replayed: nothing lost, nothing twice.
let streamOffset = null;

// Byte counters shown in the port info: the last status event's bytesIn and
// bytesOut plus what this page saw since that event. The server sends status
// events on connect, on port state changes and when clients come or go, never
// per byte, and the page does not ask for them (no polling).
const counts = {
  in: 0,               // live device bytes since the last status (received, or missed per dropped events)
  out: 0,              // bytes this page sent since the last status
  dropped: 0,          // bytes this page missed (dropped events) since the last status
  dirty: false,        // the port info needs redrawing (done in the next flush)
};

const view = {
  pending: [],         // decoded text (strings) and markers ({marker}) waiting for the next frame
  pendingChars: 0,
  frame: 0,            // requestAnimationFrame handle, 0 when none is scheduled
  lines: 0,            // .line elements in #output
  partialText: '',     // raw text of the unterminated last line ('' if the last line is complete)
  partialEl: null,     // the element showing it
  follow: true,        // autoscroll: stick to the bottom
  hasData: false,      // bytes of the selected port were shown: reconnect resuming, not replaying
};

const textEncoder = new TextEncoder();
const sendHistory = { items: [], pos: 0, draft: '' };

// ===== Rendering ==========================================================

// displayText makes raw device text harmless and visible: control characters
// become their U+2400 "control picture" (NUL -> ␀, ESC -> ␛, DEL -> ␡), \r is
// dropped (a line ends at \n or \r\n; a lone \r does not end a line), \t stays.
function displayText(raw) {
  return raw.replace(CONTROL_RE, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x0d) return '';
    return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
  });
}

function makeLine(text, cls) {
  const div = document.createElement('div');
  div.className = cls ? `line ${cls}` : 'line';
  div.textContent = cls === 'marker' ? text : displayText(text);
  return div;
}

// queueText and queueMarker add to the pending batch, in stream order.
function queueText(text) {
  if (!text) return;
  const p = view.pending;
  if (typeof p[p.length - 1] === 'string') p[p.length - 1] += text;
  else p.push(text);
  view.pendingChars += text.length;
  scheduleFlush();
}

function queueMarker(text) {
  view.pending.push({ marker: text });
  scheduleFlush();
}

function scheduleFlush() {
  if (view.pendingChars > FLUSH_NOW_CHARS) flush();
  else if (!view.frame) view.frame = requestAnimationFrame(flush);
}

// wrapPoint is where an over-long line is cut: MAX_LINE_CHARS, one less if
// that would split a surrogate pair.
function wrapPoint(text) {
  const c = text.charCodeAt(MAX_LINE_CHARS - 1);
  return c >= 0xd800 && c <= 0xdbff ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
}

// flush renders everything pending: at most once per animation frame. It
// first splits the text into completed lines (plain strings, no DOM), keeping
// only the last MAX_LINES of them, then touches the DOM once.
function flush() {
  if (view.frame) cancelAnimationFrame(view.frame);
  view.frame = 0;
  if (counts.dirty) {
    counts.dirty = false;
    renderPortInfo();
  }
  const items = view.pending;
  view.pending = [];
  view.pendingChars = 0;
  if (!items.length) return;

  const done = [];             // completed lines: [text, cls]
  let overflow = false;        // lines were discarded from the front of done
  const push = (text, cls) => {
    done.push([text, cls]);
    if (done.length > 2 * MAX_LINES) {
      done.splice(0, done.length - MAX_LINES);
      overflow = true;
    }
  };
  // addLine pushes text as lines, hard-wrapped; if complete is false the
  // last piece (shorter than MAX_LINE_CHARS) is returned instead of pushed.
  const addLine = (text, complete) => {
    if (complete && text.endsWith('\r')) text = text.slice(0, -1);
    while (text.length > MAX_LINE_CHARS) {
      const cut = wrapPoint(text);
      push(text.slice(0, cut), 'wrapped');
      text = text.slice(cut);
    }
    if (!complete) return text;
    push(text, '');
    return '';
  };

  let carry = view.partialText; // the unterminated line so far (already on screen)
  for (const item of items) {
    if (typeof item === 'string') {
      const text = carry + item;
      let start = 0;
      let nl;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        addLine(text.slice(start, nl), true);
        start = nl + 1;
      }
      carry = addLine(text.slice(start), false);
    } else {
      // A marker stands on its own line: it ends the partial line.
      if (carry) carry = addLine(carry, true);
      push(item.marker, 'marker');
    }
  }

  // Put done[first..] and the partial line (carry) on screen.
  const out = el.output;
  const room = MAX_LINES - (carry ? 1 : 0);
  let first = 0;
  if (overflow || done.length > room) {
    // More new lines than the view keeps: start afresh with the newest.
    clearOutput();
    first = Math.max(0, done.length - room);
  } else if (view.partialEl && done.length) {
    // done[0] begins with the partial line already shown: complete it in place.
    view.partialEl.textContent = displayText(done[0][0]);
    view.partialEl.className = done[0][1] ? `line ${done[0][1]}` : 'line';
    view.partialEl = null;
    first = 1;
  }

  const frag = document.createDocumentFragment();
  for (let i = first; i < done.length; i++) frag.appendChild(makeLine(done[i][0], done[i][1]));
  view.lines += done.length - first;
  if (carry) {
    if (!view.partialEl) {
      view.partialEl = makeLine('', 'partial');
      frag.appendChild(view.partialEl);
      view.lines++;
    }
    view.partialEl.textContent = displayText(carry);
  }
  view.partialText = carry;
  out.appendChild(frag);

  // Cap: drop the oldest lines.
  while (view.lines > MAX_LINES) {
    out.removeChild(out.firstChild);
    view.lines--;
  }
  if (view.follow) scrollToBottom();
}

function clearOutput() {
  el.output.textContent = '';
  view.lines = 0;
  view.partialText = '';
  view.partialEl = null;
}

// clearView empties the view and drops what is waiting to be shown.
function clearView() {
  view.pending = [];
  view.pendingChars = 0;
  clearOutput();
  setFollow(true);
}

function scrollToBottom() {
  el.output.scrollTop = el.output.scrollHeight;
}

function gapToBottom() {
  const o = el.output;
  return o.scrollHeight - o.scrollTop - o.clientHeight;
}

function canScroll() {
  return el.output.scrollHeight > el.output.clientHeight;
}

function setFollow(follow) {
  view.follow = follow;
  el.jump.hidden = follow;
  if (follow) scrollToBottom();
}

// ----- Status and port information -----

function setConnState(state) {
  conn.state = state;
  el.body.dataset.state = state;
  renderStatus();
}

function setPort(p) {
  port = p;
  el.body.dataset.portState = (p && p.state) || '';
  renderStatus();
  renderPortInfo();
}

// renderStatus derives the status line from the connection and port state.
function renderStatus() {
  let text = '';
  let countdown = '';
  switch (conn.state) {
    case 'idle':
      text = 'No ports configured on the server';
      break;
    case 'connecting':
      text = `Connecting to ${portName ?? 'server'}…`;
      break;
    case 'reconnecting':
      text = conn.reason ? `Reconnecting (${conn.reason})` : 'Reconnecting';
      if (conn.retryTimer) {
        countdown = ` in ${Math.max(1, Math.ceil((conn.retryAt - performance.now()) / 1000))}s`;
      } else {
        text += '…';
      }
      break;
    case 'connected': {
      const s = port && port.state;
      text = 'Connected';
      if (s === 'error' || s === 'disconnected') text += ` · port ${s}: ${port.error || 'unknown error'}`;
      else if (s) text += ` · port ${s}`;
      break;
    }
  }
  el.statusText.textContent = text;
  el.countdown.textContent = countdown;
}

function renderPortInfo() {
  if (!port) {
    el.portInfo.textContent = '';
    return;
  }
  const parts = [port.device || port.name, describeSettings(port.settings)];
  if (typeof port.clients === 'number') parts.push(`${port.clients} client${port.clients === 1 ? '' : 's'}`);
  if (typeof port.bytesIn === 'number') parts.push(`in ${formatBytes(port.bytesIn + counts.in)}`);
  if (typeof port.bytesOut === 'number') parts.push(`out ${formatBytes(port.bytesOut + counts.out)}`);
  const dropped = (port.droppedBytes || 0) + counts.dropped;
  if (dropped > 0) parts.push(`dropped ${formatBytes(dropped)}`);
  // Each item is a nowrap span (its separator kept at its end), so a narrow
  // header wraps between items, never inside one; textContent stays
  // "a · b · c".
  const items = parts.filter(Boolean);
  const frag = document.createDocumentFragment();
  items.forEach((text, i) => {
    if (i) frag.append(' ');
    const span = document.createElement('span');
    span.className = 'info-item';
    span.textContent = i < items.length - 1 ? `${text} ·` : text;
    frag.append(span);
  });
  el.portInfo.replaceChildren(frag);
}

// describeSettings gives the usual short form, e.g. "115200 8N1".
function describeSettings(s) {
  if (!s) return '';
  const parity = PARITY_LETTER[s.parity] ?? (s.parity ? String(s.parity).charAt(0).toUpperCase() : '?');
  return `${s.baud ?? '?'} ${s.dataBits ?? '?'}${parity}${s.stopBits ?? '?'}`;
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

// notify shows a notice over the view that fades out; errors are announced.
function notify(text, kind = 'info') {
  const box = document.createElement('div');
  box.className = `notice ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const msg = document.createElement('span');
  msg.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'notice-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => box.remove());
  box.append(msg, close);
  el.notices.appendChild(box);
  while (el.notices.children.length > MAX_NOTICES) el.notices.firstElementChild.remove();
  setTimeout(() => {
    box.classList.add('fading');
    setTimeout(() => box.remove(), 400);
  }, NOTICE_MS);
}

// ===== WebSocket ==========================================================

// wsURL is the port's WebSocket URL: the whole scrollback on a first
// connection, a resume from streamOffset on a reconnect.
function wsURL(name) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let query = '';
  if (view.hasData) query = streamOffset === null ? '?replay=0' : `?since=${streamOffset}`;
  return `${scheme}//${location.host}/ws/${encodeURIComponent(name)}${query}`;
}

function isOpen() {
  return conn.ws !== null && conn.ws.readyState === WebSocket.OPEN;
}

// connect opens a WebSocket to the selected port. The whole scrollback is
// replayed only when nothing of this port is on screen yet; a reconnect
// resumes where the stream was left.
function connect() {
  stopRetry();
  conn.since = view.hasData ? streamOffset : null;
  conn.gotStatus = false;
  const ws = new WebSocket(wsURL(portName));
  ws.binaryType = 'arraybuffer';
  conn.ws = ws;
  conn.decoder = new TextDecoder('utf-8', { fatal: false });
  conn.openedAt = 0;
  conn.probeSentAt = 0;
  conn.replayLeft = 0;
  resetCounts(); // the next status event of this connection is the new base
  renderStatus();

  ws.onopen = () => {
    if (ws !== conn.ws) return;
    conn.openedAt = conn.lastRx = performance.now();
    conn.reason = '';
    setConnState('connected');
    armLiveness(IDLE_PING_MS);
  };
  ws.onmessage = (ev) => {
    if (ws !== conn.ws) return;
    conn.lastRx = performance.now();
    conn.probeSentAt = 0;
    if (typeof ev.data === 'string') handleEvent(ev.data);
    else receiveBytes(ev.data);
  };
  ws.onclose = (ev) => {
    if (ws !== conn.ws) return;
    conn.ws = null;
    let reason;
    if (ev.code === 1001) reason = 'server going away';
    else if (ev.code === 1008) {
      reason = ev.reason || 'policy violation';
      notify(`Disconnected by the server: ${reason}`, 'error');
    } else reason = ev.reason || (conn.openedAt ? 'connection lost' : 'cannot connect');
    socketGone(reason);
  };
  // A failed connection: browsers follow this with a close event (code 1006,
  // nothing more to learn), which is then ignored; some clients skip it.
  ws.onerror = () => {
    if (ws === conn.ws) socketGone(conn.openedAt ? 'connection lost' : 'cannot connect');
  };
}

// closeSocket detaches and closes the current socket without reconnecting.
function closeSocket() {
  clearTimeout(conn.livenessTimer);
  conn.livenessTimer = 0;
  const ws = conn.ws;
  if (!ws) return;
  conn.ws = null;
  ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  try {
    ws.close(1000);
  } catch (_) {
    // already closing
  }
}

// socketGone handles the end of a connection: marks the gap in the view and
// schedules a reconnect with backoff.
function socketGone(reason) {
  closeSocket();
  const wasOpen = conn.openedAt > 0;
  if (wasOpen && performance.now() - conn.openedAt >= STABLE_MS) conn.attempt = 0;
  queueText(conn.decoder.decode()); // flush an incomplete character (shows as U+FFFD)
  if (wasOpen && view.hasData) {
    queueMarker('[... connection lost: reconnecting; what the device sends meanwhile follows ...]');
  }
  conn.openedAt = 0;
  conn.reason = reason;
  scheduleRetry(connect);
}

// scheduleRetry runs fn after an exponential, jittered delay and shows a countdown.
function scheduleRetry(fn) {
  stopRetry();
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** conn.attempt);
  const delay = base / 2 + (Math.random() * base) / 2;
  conn.attempt++;
  conn.retryAt = performance.now() + delay;
  conn.retryTimer = setTimeout(() => {
    stopRetry();
    fn();
  }, delay);
  conn.countdownTimer = setInterval(renderStatus, 1000);
  setConnState('reconnecting');
}

function stopRetry() {
  clearTimeout(conn.retryTimer);
  clearInterval(conn.countdownTimer);
  conn.retryTimer = conn.countdownTimer = 0;
}

// armLiveness (re)starts the liveness timer.
function armLiveness(delay) {
  clearTimeout(conn.livenessTimer);
  conn.livenessTimer = setTimeout(checkLiveness, delay);
}

// checkLiveness notices a dead connection (a browser may not see a silently
// dropped TCP connection for minutes). It is not a poll: any message counts
// as a sign of life, so a connection with traffic never sends anything; only
// after IDLE_PING_MS of silence does the page send one ping, and if nothing
// at all arrives within PROBE_TIMEOUT_MS after it, the connection is reopened.
// Messages do not touch the timer: when it fires early it re-arms itself for
// the rest of the silence.
function checkLiveness() {
  conn.livenessTimer = 0;
  if (!isOpen()) return;
  const now = performance.now();
  if (conn.probeSentAt) {
    const left = conn.probeSentAt + PROBE_TIMEOUT_MS - now;
    if (left <= 0) socketGone('no answer from server');
    else armLiveness(left);
    return;
  }
  const idle = now - conn.lastRx;
  if (idle < IDLE_PING_MS) {
    armLiveness(IDLE_PING_MS - idle);
    return;
  }
  sendControl('ping');
  conn.probeSentAt = now;
  armLiveness(PROBE_TIMEOUT_MS);
}

function sendControl(type) {
  if (isOpen()) conn.ws.send(JSON.stringify({ type, id: conn.nextId++ }));
}

function receiveBytes(buf) {
  view.hasData = true;
  // The scrollback is already in the status's bytesIn: count live bytes only.
  const replayed = Math.min(conn.replayLeft, buf.byteLength);
  conn.replayLeft -= replayed;
  countBytesIn(buf.byteLength - replayed);
  if (streamOffset !== null) streamOffset += buf.byteLength - replayed;
  queueText(conn.decoder.decode(new Uint8Array(buf), { stream: true }));
}

function resetCounts() {
  counts.in = counts.out = counts.dropped = 0;
  counts.dirty = false;
}

function countBytesIn(n) {
  if (n <= 0) return;
  counts.in += n;
  counts.dirty = true;
  scheduleFlush();
}

// handleEvent handles a JSON event; unknown types (and pong, ok) are ignored.
function handleEvent(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch (_) {
    return;
  }
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'status':
      if (msg.port && typeof msg.port === 'object') {
        if (!conn.gotStatus && typeof msg.port.bytesIn === 'number') streamOffset = msg.port.bytesIn;
        conn.gotStatus = true;
        resetCounts();
        setPort(msg.port);
      }
      break;
    case 'replay':
      // The scrollback follows as binary frames of this many bytes.
      conn.replayLeft = msg.bytes > 0 ? msg.bytes : 0;
      if (conn.since !== null && msg.offset < conn.since) {
        notify('The server restarted: output from before the restart may be missing', 'info');
      }
      break;
    case 'dropped': {
      // The device sent these bytes (they are in the server's bytesIn).
      if (msg.bytes > 0) counts.dropped += msg.bytes;
      countBytesIn(msg.bytes > 0 ? msg.bytes : 0);
      if (streamOffset !== null && msg.bytes > 0) streamOffset += msg.bytes;
      // Bytes are missing here: end any half-decoded character before the marker.
      queueText(conn.decoder.decode());
      const total = msg.total > msg.bytes ? `, ${msg.total} in total` : '';
      const why = msg.reason === 'away' ? 'sent while disconnected, no longer held by the server' : 'this browser fell behind';
      queueMarker(`[... ${msg.bytes} bytes missed: ${why}${total} ...]`);
      break;
    }
    case 'error':
      // A failed write: these bytes did not reach the device.
      if (msg.bytes > 0) {
        counts.out = Math.max(0, counts.out - msg.bytes);
        counts.dirty = true;
        scheduleFlush();
      }
      notify(`${msg.message || 'Server error'}${msg.code ? ` (${msg.code})` : ''}`, 'error');
      break;
    default:
      // 'pong', 'ok', unknown.
      break;
  }
}

// ===== Sending ============================================================

function send() {
  const text = el.sendInput.value;
  const data = textEncoder.encode(text + (LINE_ENDINGS[el.lineEnding.value] ?? '\n'));
  if (!data.length) return;
  if (!isOpen()) {
    notify('Not connected: nothing was sent', 'error');
    return;
  }
  conn.ws.send(data);
  counts.out += data.length;
  counts.dirty = true;
  scheduleFlush();
  const h = sendHistory;
  if (text && h.items[h.items.length - 1] !== text) {
    h.items.push(text);
    if (h.items.length > HISTORY_MAX) h.items.shift();
  }
  h.pos = h.items.length;
  h.draft = '';
  el.sendInput.value = '';
}

// historyMove recalls sent lines; the line being typed is kept as a draft.
function historyMove(delta) {
  const h = sendHistory;
  if (h.pos === h.items.length) h.draft = el.sendInput.value;
  const pos = Math.min(h.items.length, Math.max(0, h.pos + delta));
  if (pos === h.pos) return;
  h.pos = pos;
  el.sendInput.value = pos === h.items.length ? h.draft : h.items[pos];
}

function loadLineEnding() {
  try {
    const saved = localStorage.getItem(STORAGE_LINE_ENDING);
    if (saved && saved in LINE_ENDINGS) el.lineEnding.value = saved;
  } catch (_) {
    // storage disabled: keep the default (LF)
  }
}

function saveLineEnding() {
  try {
    localStorage.setItem(STORAGE_LINE_ENDING, el.lineEnding.value);
  } catch (_) {
    // storage disabled or full: the choice lasts for this page only
  }
}

// ===== Ports and UI wiring ================================================

async function fetchPorts() {
  const res = await fetch('/api/ports', { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const list = await res.json();
  if (!Array.isArray(list)) throw new Error('unexpected answer from /api/ports');
  return list.filter((p) => p && typeof p.name === 'string');
}

// portFromURL reads #port=NAME, else ?port=NAME.
function portFromURL() {
  return new URLSearchParams(location.hash.slice(1)).get('port') ??
    new URLSearchParams(location.search).get('port');
}

function renderPortOptions() {
  const frag = document.createDocumentFragment();
  for (const p of ports) {
    const opt = document.createElement('option');
    opt.value = p.name;
    opt.textContent = p.device && p.device !== p.name ? `${p.name} (${p.device})` : p.name;
    frag.appendChild(opt);
  }
  el.portSelect.textContent = '';
  el.portSelect.appendChild(frag);
  el.portSelect.disabled = ports.length === 0;
}

// selectPort switches the page to another port: closes the old socket,
// clears the view and connects with replay.
function selectPort(name) {
  if (name === portName) return;
  closeSocket();
  stopRetry();
  portName = name;
  el.portSelect.value = name;
  document.title = `${name} · serialhub`;
  history.replaceState(null, '', `#port=${encodeURIComponent(name)}`);
  clearView();
  view.hasData = false;
  streamOffset = null;
  conn.attempt = 0;
  conn.reason = '';
  resetCounts();
  setPort(ports.find((p) => p.name === name) || null);
  setConnState('connecting');
  connect();
}

// start loads the port list (retrying with backoff while the server is
// unreachable) and connects to the port named in the URL, or the first one.
async function start() {
  try {
    ports = await fetchPorts();
  } catch (err) {
    // fetch rejects with a TypeError when the server cannot be reached at all.
    conn.reason = err instanceof TypeError ? 'server unreachable' : `port list: ${err.message}`;
    scheduleRetry(start);
    return;
  }
  renderPortOptions();
  if (!ports.length) {
    setConnState('idle');
    return;
  }
  const wanted = portFromURL();
  const found = ports.some((p) => p.name === wanted);
  if (wanted && !found) notify(`No port named "${wanted}"; showing "${ports[0].name}"`, 'error');
  selectPort(found ? wanted : ports[0].name);
}

function wireUI() {
  el.portSelect.addEventListener('change', () => selectPort(el.portSelect.value));
  window.addEventListener('hashchange', () => {
    const wanted = portFromURL();
    if (wanted && ports.some((p) => p.name === wanted)) selectPort(wanted);
  });

  // Autoscroll: follow while at the bottom; pause when the user moves up.
  el.output.addEventListener('scroll', () => {
    const gap = gapToBottom();
    if (view.follow && gap > PAUSE_GAP_PX) setFollow(false);
    else if (!view.follow && gap <= RESUME_GAP_PX) setFollow(true);
  }, { passive: true });
  // An upward wheel step or key pauses at once, however small the step:
  // otherwise the next frame would scroll back down before the gap grows.
  el.output.addEventListener('wheel', (ev) => {
    if (ev.deltaY < 0 && view.follow && canScroll()) setFollow(false);
  }, { passive: true });
  el.output.addEventListener('keydown', (ev) => {
    if (['ArrowUp', 'PageUp', 'Home'].includes(ev.key) && view.follow && canScroll()) setFollow(false);
  });
  el.jump.addEventListener('click', () => {
    setFollow(true);
    el.output.focus({ preventScroll: true });
  });
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => view.follow && scrollToBottom()).observe(el.output);
  }

  el.sendForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send();
  });
  el.sendInput.addEventListener('keydown', (ev) => {
    if (ev.isComposing) return;
    if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
      ev.preventDefault();
      historyMove(ev.key === 'ArrowUp' ? -1 : 1);
    }
  });
  el.lineEnding.addEventListener('change', saveLineEnding);
  el.clearButton.addEventListener('click', () => {
    clearView();
    el.sendInput.focus();
  });

  // Back online: do not wait for the rest of the backoff.
  window.addEventListener('online', () => {
    if (conn.retryTimer && portName) connect();
  });
}

loadLineEnding();
wireUI();
start();
