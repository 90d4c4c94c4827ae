// Sending: the send box (line ending, history kept across reloads, hex
// input with an optional checksum, local echo, periodic sending),
// user-defined macro buttons saved in the browser, and sending a file with
// progress.
//
// Periodic sending ("Repeat every N ms"): Send starts sending the input
// every N ms (REPEAT_MIN_MS to REPEAT_MAX_MS) and turns into Stop. It is
// bounded: a tick is skipped while the socket still holds REPEAT_BACKLOG
// bytes not sent (a slow link never piles up data in the browser), and it
// stops by itself when the connection is lost or closed.
//
// Broadcast ("To all N shown ports", offered when two or more panes are
// shown side by side, off by default and never remembered): Send posts
// the same bytes, by the same rules (the port's Enter rule, or hex and its
// checksum), to every port shown, in one POST /api/broadcast. Each pane
// says its own result, and this pane the whole (broadcast.js).
//
// Send file… offers two ways: stream it as a job (POST /api/ports/{name}/jobs:
// the server sends it line by line at the pace the device acknowledges,
// whatever this page does; the pane's job panel follows it), with a
// profile and its most useful options, the last choice remembered per
// port; or send it raw from this page:
//
// A file sent raw goes out in chunks; after each chunk the page sends a ping, which
// the server answers only once the chunk before it was written to the
// device (it handles a connection's messages in order). So the progress bar
// shows bytes the device took, and at most FILE_WINDOW chunks are in flight.

import { h } from './dom.js';
import { load, save } from './storage.js';
import { parseHex, concat, CHECKSUMS } from './bytes.js';
import { ENTER, ENTER_LABELS } from './newlines.js';
import { api, errorMessage } from './auth.js';
import { broadcastBody, readAnswer, summary } from './broadcast.js';
import { PROFILES, PROFILE_LABELS, JOB_OPTIONS, jobQuery } from './jobmodel.js';

const HISTORY_MAX = 100;
const FILE_CHUNK = 16 * 1024;
const FILE_WINDOW = 4;
export const REPEAT_MIN_MS = 10;
export const REPEAT_MAX_MS = 3600 * 1000;
const REPEAT_BACKLOG = 64 * 1024;

const encoder = new TextEncoder();

// ----- Shared state: history, preferences and macros of this browser -----

const history = load('history', []).filter((s) => typeof s === 'string').slice(-HISTORY_MAX);
let macros = load('macros', []).filter((m) => m && typeof m.label === 'string');
const macroListeners = new Set();

export function getMacros() {
  return macros;
}

export function setMacros(list) {
  macros = list;
  save('macros', macros);
  for (const f of macroListeners) f();
}

function remember(text) {
  if (!text) return;
  const i = history.lastIndexOf(text);
  if (i !== -1 && i === history.length - 1) return;
  history.push(text);
  if (history.length > HISTORY_MAX) history.shift();
  save('history', history);
}

// encodeInput turns what the user typed into bytes: text as UTF-8 and the
// line ending, or hex digits as exactly those bytes and the checksum (a
// hex frame never gets a line ending: it would break the frame).
export function encodeInput(text, { hex, ending, checksum }) {
  if (hex) {
    const data = parseHex(text);
    return checksum && CHECKSUMS[checksum] ? concat(data, CHECKSUMS[checksum].bytes(data)) : data;
  }
  return concat(encoder.encode(text), encoder.encode(ENTER[ending] ?? ''));
}

export class SendBar {
  // session.sendBytes(bytes, {echo}) sends; session.conn gives requests.
  constructor(refs, session) {
    this.r = refs;
    this.session = session;
    this.histPos = history.length;
    this.draft = '';
    this.fileJob = null;
    this.repeatJob = null;    // {timer, data, sent, skipped, ms} while repeating
    this.peers = [];          // the sessions shown side by side with this one (itself included) when 2 or more, else []
    this.broadcasting = false; // a broadcast request is in flight

    const prefs = load('send', {});
    refs.hexMode.checked = !!prefs.hex;
    refs.echo.checked = !!prefs.echo;
    if (prefs.checksum in CHECKSUMS) refs.checksum.value = prefs.checksum;
    if (Number.isInteger(prefs.repeatMs)) refs.repeatMs.value = String(prefs.repeatMs);
    this.syncHex();
    const savePrefs = () => save('send', {
      hex: refs.hexMode.checked, echo: refs.echo.checked, checksum: refs.checksum.value,
      repeatMs: Number(refs.repeatMs.value) || 1000,
    });
    for (const el of [refs.hexMode, refs.echo, refs.checksum, refs.repeatMs]) el.addEventListener('change', savePrefs);
    // The line ending is the port's Enter rule (newlines.js), also what
    // the Terminal's Enter sends.
    refs.lineEnding.value = session.newlines.enter;
    refs.lineEnding.addEventListener('change', () => session.setNewlines({ enter: refs.lineEnding.value }));
    refs.repeat.addEventListener('change', () => {
      if (!refs.repeat.checked) this.stopRepeat('');
      this.syncSendButton();
    });
    refs.hexMode.addEventListener('change', () => this.syncHex());
    refs.broadcast.checked = false;
    refs.broadcast.addEventListener('change', () => {
      this.setError('');
      this.syncSendButton();
    });

    refs.sendForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.send();
    });
    refs.sendInput.addEventListener('input', () => this.setError(''));
    refs.sendInput.addEventListener('keydown', (ev) => {
      if (ev.isComposing) return;
      if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
        ev.preventDefault();
        this.historyMove(ev.key === 'ArrowUp' ? -1 : 1);
      }
    });

    this.wireFileBox();
    refs.fileInput.addEventListener('change', () => {
      const f = refs.fileInput.files && refs.fileInput.files[0];
      refs.fileInput.value = '';
      if (f) this.sendFile(f);
    });
    refs.fileCancel.addEventListener('click', () => {
      if (this.fileJob) this.fileJob.cancelled = true;
    });

    this.renderMacros = this.renderMacros.bind(this);
    macroListeners.add(this.renderMacros);
    this.renderMacros();
  }

  dispose() {
    this.stopRepeat('');
    macroListeners.delete(this.renderMacros);
  }

  // setReadOnly disables sending (title: why), or enables it again ('').
  setReadOnly(why) {
    const r = this.r;
    this.readOnly = why;
    if (why) this.stopRepeat('');
    if (why && this.showFileBox) this.showFileBox(false);
    for (const el of [r.sendInput, r.sendButton, r.fileButton, r.fileChoose, r.repeat, r.repeatMs, r.broadcast, ...r.macroBar.querySelectorAll('.macro')]) {
      el.disabled = !!why;
      if (why) el.title = why;
      else if (!el.classList.contains('macro')) el.removeAttribute('title');
    }
    r.sendInput.placeholder = why;
    if (!why) {
      this.syncHex();
      this.syncSendButton();
      this.renderMacros();
    }
  }

  syncSendButton() {
    const b = this.r.sendButton;
    const running = !!this.repeatJob;
    if (this.broadcastOn() && !running) {
      b.textContent = `Send to ${this.peers.length} ports`;
      b.classList.remove('running');
      b.title = `Send to every port shown: ${this.peers.map((s) => s.name).join(', ')}`;
      return;
    }
    b.textContent = running ? 'Stop' : this.r.repeat.checked ? 'Start' : 'Send';
    b.classList.toggle('running', running);
    b.title = running ? 'Stop sending periodically' : this.r.repeat.checked ? 'Send the input every so many milliseconds, until stopped' : '';
  }

  // ----- broadcast -----

  // setPeers is told the sessions shown side by side with this one (itself
  // included), or [] when fewer than two are shown: the broadcast toggle
  // is offered only then, and goes off when it is withdrawn.
  setPeers(peers) {
    const r = this.r;
    const names = peers.map((s) => s.name).join('\n');
    if (names === this.peers.map((s) => s.name).join('\n')) {
      this.peers = peers;
      return;
    }
    this.peers = peers;
    const offered = peers.length >= 2;
    r.broadcastBox.hidden = !offered;
    if (!offered) r.broadcast.checked = false;
    r.broadcastLabel.textContent = `To all ${peers.length} shown ports`;
    r.broadcast.setAttribute('aria-label', `Send to all ${peers.length} shown ports: ${peers.map((s) => s.name).join(', ')}`);
    r.broadcastStatus.textContent = '';
    delete r.broadcastStatus.dataset.state;
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
    const r = this.r;
    if (this.broadcasting) return;
    if (r.repeat.checked) {
      this.setError('Not sent: Repeat sends to this port only; untick Repeat or "To all shown ports"');
      return;
    }
    const peers = this.peers;
    const names = peers.map((s) => s.name);
    let body;
    try {
      body = broadcastBody(names, data);
    } catch (err) {
      this.setError(`Not sent: ${err.message}`);
      return;
    }
    this.broadcasting = true;
    this.setError('');
    r.sendButton.disabled = true;
    r.broadcastStatus.textContent = `Broadcasting to ${names.length} ports…`;
    r.broadcastStatus.dataset.state = 'sending';
    try {
      const res = await api('/api/broadcast', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      if (!res.ok) {
        const why = await errorMessage(res);
        r.broadcastStatus.textContent = '';
        r.broadcastStatus.dataset.state = 'failed';
        this.setError(`Not sent to any port: ${why}`);
        return;
      }
      const results = readAnswer(names, await res.json());
      const echo = r.echo.checked;
      for (const res of results) {
        const s = peers.find((p) => p.name === res.port);
        if (s) s.broadcastResult(res, data, { from: this.session.name, echo });
      }
      r.broadcastStatus.textContent = summary(results);
      r.broadcastStatus.dataset.state = results.every((x) => x.ok) ? 'ok' : 'failed';
      if (results.some((x) => x.ok)) {
        remember(text);
        this.histPos = history.length;
        this.draft = '';
        r.sendInput.value = '';
      }
    } catch (err) {
      r.broadcastStatus.textContent = '';
      r.broadcastStatus.dataset.state = 'failed';
      this.setError(`Broadcast: no answer from the server (${err.message}): whether the bytes were sent is not known`);
    } finally {
      this.broadcasting = false;
      r.sendButton.disabled = !!this.readOnly;
    }
  }

  // connectionChanged is told the connection's state: repeating stops
  // unless connected.
  connectionChanged(state) {
    if (this.repeatJob && state !== 'connected') this.stopRepeat('disconnected');
  }

  // ----- periodic sending -----

  startRepeat(data, text) {
    const r = this.r;
    const ms = Math.round(Number(r.repeatMs.value));
    if (!Number.isFinite(ms) || ms < REPEAT_MIN_MS || ms > REPEAT_MAX_MS) {
      this.setError(`Not started: the interval must be ${REPEAT_MIN_MS} to ${REPEAT_MAX_MS} ms`);
      return;
    }
    const job = { data, ms, sent: 0, skipped: 0, timer: 0, text };
    this.repeatJob = job;
    const tick = () => {
      if (this.repeatJob !== job) return;
      if (this.session.conn.buffered() > REPEAT_BACKLOG) {
        job.skipped++;
      } else if (this.session.sendBytes(job.data, { echo: r.echo.checked })) {
        job.sent++;
      } else {
        this.stopRepeat('not connected');
        return;
      }
      this.showRepeat();
    };
    job.timer = setInterval(tick, ms);
    this.syncSendButton();
    tick();
  }

  showRepeat(stopped) {
    const job = this.repeatJob;
    if (!job) return;
    const skipped = job.skipped ? `, ${job.skipped} skipped (link busy)` : '';
    this.r.repeatStatus.textContent = `${stopped ? `Stopped${stopped === 'by you' ? '' : ` (${stopped})`}` : 'Sending'}: ${job.sent} sent${skipped}`;
    this.r.repeatStatus.dataset.sent = String(job.sent);
  }

  // stopRepeat ends periodic sending; why is shown ('' says nothing).
  stopRepeat(why) {
    const job = this.repeatJob;
    if (!job) return;
    clearInterval(job.timer);
    if (why) this.showRepeat(why);
    this.repeatJob = null;
    this.r.repeatStatus.dataset.state = 'stopped';
    this.syncSendButton();
  }

  syncHex() {
    const hex = this.r.hexMode.checked;
    this.r.checksum.hidden = !hex;
    // Hex sends exactly the bytes (and the checksum): no line ending.
    this.r.lineEnding.disabled = hex || !!this.readOnly;
    this.r.lineEnding.title = hex ? 'Hex sends exactly the bytes you type (and the checksum): no line ending' : 'What Enter sends, here and in the Terminal (remembered for this port)';
    this.r.sendInput.placeholder = hex ? 'Hex bytes, e.g. 01 03 00 00 00 0a' : 'Type, then Enter to send';
    this.r.sendInput.inputMode = hex ? 'text' : 'text';
  }

  setError(text) {
    this.r.sendError.textContent = text;
    this.r.sendInput.classList.toggle('invalid', !!text);
    if (text) this.r.sendInput.setAttribute('aria-invalid', 'true');
    else this.r.sendInput.removeAttribute('aria-invalid');
  }

  send() {
    const r = this.r;
    if (this.repeatJob) {
      this.stopRepeat('by you');
      return;
    }
    const text = r.sendInput.value;
    let data;
    try {
      data = encodeInput(text, { hex: r.hexMode.checked, ending: r.lineEnding.value, checksum: r.checksum.value });
    } catch (err) {
      this.setError(`Not sent: ${err.message}`);
      return;
    }
    if (!data.length) return;
    if (this.broadcastOn()) {
      this.broadcast(data, text);
      return;
    }
    if (r.repeat.checked) {
      if (!this.session.conn.isOpen()) {
        this.setError('Not connected: nothing was sent');
        return;
      }
      this.setError('');
      remember(text);
      this.histPos = history.length;
      this.startRepeat(data, text);
      if (this.repeatJob) r.repeatStatus.dataset.state = 'running';
      return;
    }
    if (!this.session.sendBytes(data, { echo: r.echo.checked })) {
      this.setError('Not connected: nothing was sent');
      return;
    }
    remember(text);
    this.histPos = history.length;
    this.draft = '';
    r.sendInput.value = '';
    this.setError('');
  }

  historyMove(delta) {
    if (this.histPos === history.length) this.draft = this.r.sendInput.value;
    const pos = Math.min(history.length, Math.max(0, this.histPos + delta));
    if (pos === this.histPos) return;
    this.histPos = pos;
    this.r.sendInput.value = pos === history.length ? this.draft : history[pos];
  }

  // ----- macros -----

  renderMacros() {
    const bar = this.r.macroBar;
    for (const b of [...bar.querySelectorAll('.macro')]) b.remove();
    const frag = document.createDocumentFragment();
    macros.forEach((m) => {
      const b = h('button', { type: 'button', className: 'macro', title: `Send ${describeMacro(m)}` }, m.label);
      b.addEventListener('click', () => {
        let data;
        try {
          data = encodeInput(m.text, { hex: m.hex, ending: m.ending, checksum: m.checksum || 'none' });
        } catch (err) {
          this.session.notify(`Macro "${m.label}": ${err.message}`, 'error');
          return;
        }
        if (!this.session.sendBytes(data, { echo: this.r.echo.checked })) this.session.notify(`Macro "${m.label}" not sent: the connection to the server is down`, 'error');
      });
      frag.append(b);
    });
    bar.insertBefore(frag, this.r.macroEdit);
    if (this.readOnly) {
      for (const b of bar.querySelectorAll('.macro')) {
        b.disabled = true;
        b.title = this.readOnly;
      }
    }
  }

  // ----- files -----

  // wireFileBox wires Send file…'s choice: a job (profile and options,
  // remembered per port) or the raw send.
  wireFileBox() {
    const r = this.r;
    for (const p of PROFILES) r.jobProfileSelect.append(new Option(PROFILE_LABELS[p], p));
    const key = `job.${this.session.name}`;
    const prefs = load(key, {});
    r.jobProfileSelect.value = PROFILES.includes(prefs.profile) ? prefs.profile : 'line';
    (prefs.mode === 'raw' ? r.fileModeRaw : r.fileModeJob).checked = true;
    const fields = { 'on-error': r.jobOnError, timeout: r.jobTimeout, buffer: r.jobBuffer, delay: r.jobDelay };
    const boxes = { 'on-error': r.jobOnErrorBox, timeout: r.jobTimeoutBox, buffer: r.jobBufferBox, delay: r.jobDelayBox };
    const opts = prefs.options && typeof prefs.options === 'object' ? prefs.options : {};
    for (const [k, el] of Object.entries(fields)) if (typeof opts[k] === 'string') el.value = opts[k];
    const sync = () => {
      const job = r.fileModeJob.checked;
      const profile = r.jobProfileSelect.value;
      r.jobOptions.hidden = !job;
      for (const [k, box] of Object.entries(boxes)) box.hidden = !JOB_OPTIONS[k].includes(profile);
      r.fileChoose.textContent = job ? 'Choose file and start…' : 'Choose file…';
    };
    this.jobOptions = () => Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value.trim()]));
    const remember = () => save(key, { mode: r.fileModeJob.checked ? 'job' : 'raw', profile: r.jobProfileSelect.value, options: this.jobOptions() });
    for (const el of [r.fileModeJob, r.fileModeRaw, r.jobProfileSelect, ...Object.values(fields)]) {
      el.addEventListener('change', () => {
        sync();
        remember();
      });
    }
    sync();
    const show = (open) => {
      r.fileBox.hidden = !open;
      r.fileButton.setAttribute('aria-expanded', String(open));
    };
    this.showFileBox = show;
    r.fileButton.addEventListener('click', () => show(r.fileBox.hidden));
    r.fileBoxCancel.addEventListener('click', () => {
      show(false);
      r.fileButton.focus();
    });
    // The box sits in the send form: Enter in its fields must not send the input.
    r.fileBox.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && ev.target.tagName === 'INPUT') ev.preventDefault();
      if (ev.key === 'Escape') {
        show(false);
        r.fileButton.focus();
      }
    });
    r.fileChoose.addEventListener('click', () => {
      remember();
      (r.fileModeJob.checked ? r.jobFileInput : r.fileInput).click();
    });
    r.jobFileInput.addEventListener('change', () => {
      const f = r.jobFileInput.files && r.jobFileInput.files[0];
      r.jobFileInput.value = '';
      if (f) this.startJob(f);
    });
  }

  // startJob asks the server to stream file to the device as a job with
  // the profile and options chosen; the job panel shows it from then on.
  async startJob(file) {
    const r = this.r;
    const s = this.session;
    let query;
    try {
      query = jobQuery(file.name, r.jobProfileSelect.value, this.jobOptions());
    } catch (err) {
      this.setError(`Job not started: ${err.message}`);
      return;
    }
    r.fileChoose.disabled = true;
    const since = s.jobs.count;
    try {
      const res = await s.jobs.request(`?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
      if (!res.ok) {
        const why = await errorMessage(res);
        this.setError(`Job not started: ${why}`);
        s.notify(`${s.name}: ${file.name}: job not started: ${why}`, 'error');
        return;
      }
      const job = await res.json();
      this.setError('');
      this.showFileBox(false);
      s.jobs.answered(job, since);
      s.notify(`${s.name}: ${file.name}: job ${job.id} ${job.state === 'queued' ? 'queued' : 'started'} (${job.profile}, ${job.lines} lines)`, 'info');
    } catch (err) {
      this.setError(`Job not started: no answer from the server (${err.message})`);
    } finally {
      r.fileChoose.disabled = !!this.readOnly;
    }
  }

  async sendFile(file) {
    if (this.fileJob) {
      this.session.notify('A file is being sent already', 'error');
      return;
    }
    const r = this.r;
    const job = { cancelled: false };
    this.fileJob = job;
    this.showFileBox(false);
    r.fileStatus.hidden = false;
    r.fileProgress.max = file.size || 1;
    r.fileProgress.value = 0;
    r.fileLabel.textContent = `${file.name}: 0 of ${file.size} bytes`;
    r.fileButton.disabled = true;
    const conn = this.session.conn;
    let done = 0;
    try {
      const buf = new Uint8Array(await file.arrayBuffer());
      const acks = [];
      for (let at = 0; at < buf.length && !job.cancelled; at += FILE_CHUNK) {
        const chunk = buf.subarray(at, Math.min(at + FILE_CHUNK, buf.length));
        if (!this.session.sendBytes(chunk, { echo: false })) throw new Error('not connected');
        const end = at + chunk.length;
        acks.push(conn.request('ping').then(() => {
          done = Math.max(done, end);
          r.fileProgress.value = done;
          r.fileLabel.textContent = `${file.name}: ${done} of ${file.size} bytes`;
        }));
        if (acks.length >= FILE_WINDOW) await acks.shift();
      }
      await Promise.all(acks);
      if (job.cancelled) this.session.notify(`${file.name}: cancelled after ${done} bytes`, 'info');
      else this.session.notify(`${file.name}: ${file.size} bytes sent`, 'info');
    } catch (err) {
      this.session.notify(`${file.name}: stopped after ${done} bytes: ${err.message}`, 'error');
    } finally {
      this.fileJob = null;
      r.fileButton.disabled = false;
      r.fileStatus.hidden = true;
    }
  }
}

// describeMacro says what a macro sends: its text or hex bytes, and what
// follows them (the checksum of a hex macro; the line ending of a text one).
export function describeMacro(m) {
  if (m.hex) {
    const sum = m.checksum && m.checksum !== 'none' && CHECKSUMS[m.checksum] ? ` + ${CHECKSUMS[m.checksum].label}` : ', no checksum';
    return `hex ${m.text}${sum}`;
  }
  const ending = m.ending && ENTER[m.ending] ? ` + ${ENTER_LABELS[m.ending]}` : ', no line ending';
  return `"${m.text}"${ending}`;
}

// wireMacroDialog wires the page's one macro editor (a <dialog>).
export function wireMacroDialog() {
  const dlg = document.getElementById('macro-dialog');
  const list = document.getElementById('macro-list');
  const form = document.getElementById('macro-form');
  const f = (id) => document.getElementById(id);
  const render = () => {
    list.textContent = '';
    if (!macros.length) list.append(h('li', { className: 'muted' }, 'No macros yet.'));
    macros.forEach((m, i) => {
      const del = h('button', { type: 'button', className: 'danger', 'aria-label': `Delete macro ${m.label}` }, 'Delete');
      del.addEventListener('click', () => setMacros(macros.filter((_, j) => j !== i)));
      list.append(h('li', null, h('span', { className: 'macro-desc' }, h('strong', null, m.label), ` ${describeMacro(m)}`), del));
    });
  };
  macroListeners.add(render);
  // A hex macro has a checksum and no line ending; a text one the reverse.
  const syncKind = () => {
    const hex = f('macro-hex').checked;
    f('macro-checksum').disabled = !hex;
    f('macro-ending').disabled = hex;
  };
  f('macro-hex').addEventListener('change', syncKind);
  syncKind();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const m = {
      label: f('macro-label').value.trim(), text: f('macro-text').value, hex: f('macro-hex').checked,
      ending: f('macro-hex').checked ? 'none' : f('macro-ending').value, checksum: f('macro-hex').checked ? f('macro-checksum').value : 'none',
    };
    if (!m.label) return;
    try {
      encodeInput(m.text, m);
    } catch (err) {
      f('macro-error').textContent = err.message;
      return;
    }
    f('macro-error').textContent = '';
    setMacros([...macros, m]);
    form.reset();
    syncKind();
    f('macro-label').focus();
  });
  f('macro-close').addEventListener('click', () => dlg.close());
  return () => {
    render();
    dlg.showModal();
  };
}
