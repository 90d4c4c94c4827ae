// PortSession: one port on the page (a pane): its connection, its four
// views (terminal, lines, hex, plot), its send bar and its port panel.
// Every view receives all of the port's data whether shown or not, so
// switching views loses nothing; hidden views only keep their bounded
// models, and the shown view renders at most once per animation frame.

import { cloneTemplate, notify, formatBytes, describeSettings, clockTime, capitalise } from './dom.js';
import { Connection } from './connection.js';
import { DeviceLines } from './linesplit.js';
import { TerminalView } from './views/terminal.js';
import { LinesView } from './views/lines.js';
import { HexView } from './views/hex.js';
import { PlotView } from './views/plot.js';
import { DashboardView } from './views/dashboard.js';
import { SendBar } from './send.js';
import { PortPanel, plainError } from './portpanel.js';
import { DecoderPanel } from './decoderpanel.js';
import { SignalStrip } from './signals.js';
import { Presence } from './presence.js';
import { load, save } from './storage.js';
import { roleOf, forbidden, mayBreak } from './auth.js';
import { LeaseBox } from './leasebox.js';
import { JobPanel } from './jobpanel.js';
import { ENTER_LABELS, RxMap, loadNewlines, saveNewlines, terminalEnter } from './newlines.js';
import { isFleetPort, seenMs, tagsOf } from './fleet.js';
import { paneText } from './broadcast.js';

export const VIEWS = ['terminal', 'lines', 'hex', 'plot', 'dashboard'];

const FLUSH_NOW_BYTES = 1 << 20; // pending past this is handled at once (hidden tabs get no frames)
const SLICE_MS = 8;              // data is handled in slices this long, keys and clicks in between
const MAX_LINE_CHARS = 4096;     // longer lines are cut (output without newlines cannot freeze the page)
const RENDER_DUTY = 3;           // after a draw taking T ms, the next waits 3T (views draw <= 25% of the time)...
const RENDER_GAP_MS = 50;        // ...and at least this long: a flood is drawn 20 times a second at most

export class PortSession {
  // hooks: onState(session) when its status changes, onStatus(session,
  // port) for each status event, onRemoved(session), openMacros() to open
  // the macro editor.
  constructor(port, hooks) {
    this.name = port.name;
    this.hooks = hooks;
    const { root, refs } = cloneTemplate('pane-template');
    this.root = root;
    this.r = refs;
    root.dataset.port = this.name;
    root.setAttribute('aria-label', `Port ${this.name}`);
    refs.title.textContent = this.name;

    this.pending = [];       // {rx|gap|tx} items in stream order, for the next frame
    this.viewOnly = false;   // the user's role on the port is not control (see applyRole)
    this.readOnlyWhy = '';   // why sending and changes are off ('' when they are on)
    this.sliceTimer = 0;     // a slice of pending items is to be handled next (see flush)
    this.nextRender = 0;     // performance.now() before which views do not draw (see render)
    this.renderTimer = 0;
    this.pendingBytes = 0;
    this.frame = 0;
    this.infoDirty = false;
    this.deviceLines = new DeviceLines(MAX_LINE_CHARS); // each line at the read time of its first byte
    this.newlines = loadNewlines(this.name); // {enter, rx}: see newlines.js
    this.rxMap = new RxMap(this.newlines.rx); // device bytes as the terminal shows them

    this.term = new TerminalView(refs, (bytes) => this.typed(bytes));
    this.lines = new LinesView(refs, this.name);
    this.hex = new HexView(refs);
    this.errorNotices = []; // removers of this pane's latest error notices, cleared on reconnecting
    this.plot = new PlotView(refs, this.name, (text, kind) => this.notify(text, kind));
    this.dash = new DashboardView(refs.view_dashboard, this);
    this.views = { terminal: this.term, lines: this.lines, hex: this.hex, plot: this.plot, dashboard: this.dash };

    this.conn = new Connection(this.name, {
      onData: (bytes, stamps, off, historyEnds) => {
        this.queue({ kind: 'rx', bytes, stamps, off }, bytes.length);
        if (historyEnds) this.queue({ kind: 'history', t: Date.now() }, 0);
      },
      onGap: (text) => this.queue({ kind: 'gap', text, t: Date.now() }, 0),
      onStatus: (p) => {
        this.setPort(p);
        if (hooks.onStatus) hooks.onStatus(this, p);
      },
      onState: () => this.renderStatus(),
      onNotice: (text, kind) => this.notify(text, kind),
      onError: (msg) => {
        if (msg.code === 'forbidden') this.forbidden(msg.message);
        else if (msg.code === 'locked') this.notify(`${this.name}: not sent: ${msg.message || 'another client holds the write lock'}`, 'error');
        else if (msg.code === 'no_lease') {
          // Dialled with a lease that ended while away: an ordinary client.
          this.lease.forget();
          this.notify(`${this.name}: your lease ended while this page was away (${msg.message || 'no such lease'}): this pane no longer holds the port`, 'error');
          this.applyRole();
        }
        else this.notify(`${this.name}: ${plainError(msg)}`, 'error');
      },
      onLease: (ev) => this.lease.event(ev),
      onValues: (records, missed) => {
        if (missed > 0) this.notify(`${this.name}: the dashboard and plot missed ${missed} decoded records (this browser fell behind)`, 'info');
        this.dash.values(records);
        this.queue({ kind: 'values', records, missed }, 0); // the plot's, in order with the lines
      },
      onJob: (job) => this.jobs.update(job),
      onLockRequest: (from) => this.notify(`${this.name}: ${from} asks you to release the write lock (Release, at the top of the pane)`, 'info'),
      onRemoved: () => {
        notify(`Port ${this.name} was removed from the server`, 'info');
        hooks.onRemoved(this);
      },
    });
    this.portAt = Date.now(); // when the port object arrived (page clock): a lease's time left counts from it
    this.lease = new LeaseBox(refs, this);
    this.jobWhy = '';        // why this pane may not act on the port's jobs ('' when it may; see applyRole)
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
    this.showView(load('view', 'terminal'));
  }

  wire() {
    const r = this.r;
    // View tabs: click, or arrow keys within the tab list.
    const tabs = [...r.viewTabs.querySelectorAll('[role=tab]')];
    for (const tab of tabs) {
      tab.addEventListener('click', () => {
        this.showView(tab.dataset.view);
        save('view', tab.dataset.view);
      });
    }
    r.viewTabs.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(document.activeElement);
      if (i < 0) return;
      let j = -1;
      if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = tabs.length - 1;
      if (j < 0) return;
      ev.preventDefault();
      tabs[j].focus();
      tabs[j].click();
    });
    r.connectToggle.addEventListener('click', () => {
      if (this.conn.state === 'closed') this.conn.connect();
      else this.conn.close();
    });
    // Port settings open as a sheet over the top of the views; choosing a
    // view closes it (the user wants to see that view).
    const setPanel = (open) => {
      r.panel.hidden = !open;
      r.panelToggle.setAttribute('aria-expanded', String(open));
      if (open) this.decoder.load(); // the form shows the decoder's options as the server has them
    };
    for (const tab of tabs) tab.addEventListener('click', () => setPanel(false));
    r.panelToggle.addEventListener('click', () => setPanel(r.panel.hidden));
    r.panelClose.addEventListener('click', () => {
      setPanel(false);
      r.panelToggle.focus();
    });
    r.panel.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape') return;
      setPanel(false);
      r.panelToggle.focus();
    });
    r.termClear.addEventListener('click', () => this.term.clear());
    r.rxNewlines.addEventListener('change', () => this.setNewlines({ rx: r.rxNewlines.value }));
    r.copyOnSelect.checked = !!load('copyOnSelect', false);
    this.term.copyOnSelect = r.copyOnSelect.checked;
    r.copyOnSelect.addEventListener('change', () => {
      this.term.copyOnSelect = r.copyOnSelect.checked;
      save('copyOnSelect', r.copyOnSelect.checked);
    });
    r.linesClear.addEventListener('click', () => this.lines.clear());
    r.hexClear.addEventListener('click', () => this.hex.clear());
    r.macroEdit.addEventListener('click', () => this.hooks.openMacros());
  }

  // setNewlines changes some of the port's newline rules (newlines.js),
  // remembers them, and shows them.
  setNewlines(change) {
    const nl = { ...this.newlines, ...change };
    this.newlines = nl;
    saveNewlines(this.name, nl);
    this.rxMap.setMode(nl.rx);
    this.deviceLines.splitter.crEnds = nl.rx === 'cr';
    this.term.setEnter(terminalEnter(nl.enter));
    const r = this.r;
    r.rxNewlines.value = nl.rx;
    r.lineEnding.value = nl.enter;
    r.termEnter.textContent = nl.enter === 'none' ? 'CR' : ENTER_LABELS[nl.enter];
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
    if (!VIEWS.includes(name)) name = 'terminal';
    this.view = name;
    this.root.dataset.view = name;
    for (const tab of this.r.viewTabs.querySelectorAll('[role=tab]')) {
      const on = tab.dataset.view === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const v of VIEWS) {
      const panel = this.r[`view_${v}`];
      panel.hidden = v !== name;
      if (v === name) this.views[v].show();
      else this.views[v].hide();
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
    this.queue({ kind: 'tx', bytes, t: Date.now(), echo }, 0);
    return true;
  }

  // broadcastResult shows in this pane how a broadcast went for its port
  // (from: the pane whose send box sent it): bytes sent count as sent from
  // here (TX, hex rows, local echo, the plot's echo filter); a failure is
  // an error notice naming the server's reason.
  broadcastResult(result, bytes, { from, echo }) {
    if (result.ok) {
      this.signals.tx.hit();
      this.queue({ kind: 'tx', bytes, t: Date.now(), echo }, 0);
    }
    this.notify(paneText(result, bytes.length, from, this.panel.lockMine), result.ok ? 'info' : 'error');
  }

  // notify shows a notice in this pane (over the bottom of its views, so
  // it never covers another pane's controls). Error notices stay until
  // dismissed, or until the pane is connected again: they were about a
  // connection that is gone.
  notify(text, kind = 'info') {
    const remove = notify(text, kind, this.r.notices);
    if (kind === 'error') this.errorNotices = [...this.errorNotices.slice(-7), remove]; // a box shows 4 at most
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
    const view = role !== 'control' && role !== 'admin';
    this.root.dataset.role = role;
    this.r.roleBadge.hidden = !view;
    const lock = this.port && this.port.exclusive && this.port.lock && !this.port.lock.lease ? this.port.lock : null;
    const portState = this.port && this.port.state;
    const connected = this.conn.state === 'connected';
    const lease = this.lease.render(this.port, {
      control: !view && connected && (!portState || portState === 'open'),
      mayBreak: mayBreak(this.name),
      receivedAt: this.portAt,
    });
    let why = '';
    if (view) why = `Your role on port ${this.name} is view-only: you cannot send to it or change it`;
    else if (!connected) why = `Not connected to the server (${this.conn.state === 'closed' ? 'disconnected by you: press Connect' : 'reconnecting by itself'}): nothing can be sent or changed`;
    else if (portState && portState !== 'open') why = `Port ${this.name} is ${portState}${this.port.error ? ` (${this.port.error})` : ''}: nothing can be sent or changed until it opens`;
    else if (lease.why) why = lease.why;
    else if (lock && !this.panel.lockMine) why = `${capitalise(lock.holder || 'another client')} holds the write lock of ${this.name}: ask them to release it`;
    // The port's jobs: over REST, so a connection that is down or a port
    // that is not open does not stop this pane from pausing or cancelling one.
    let jobWhy = '';
    if (view) jobWhy = `Your role on port ${this.name} is view-only: you cannot pause, resume or cancel its jobs`;
    else if (lease.why) jobWhy = lease.why;
    else if (lock && !this.panel.lockMine) jobWhy = `${capitalise(lock.holder || 'another client')} holds the write lock of ${this.name}: ask them to release it`;
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
    this.notify(`${this.name}: not allowed, nothing was sent or changed: your role on this port is view-only${message ? ` (${message})` : ''}`, 'error');
    forbidden(this.name);
  }

  // typed: keystrokes in the terminal go to the device as typed.
  typed(bytes) {
    if (this.readOnlyWhy) return;
    if (!this.conn.send(bytes)) return;
    this.signals.tx.hit();
    this.queue({ kind: 'tx', bytes, t: Date.now(), echo: this.r.echo.checked, typed: true }, 0);
  }

  // endLine completes the partial line: a gap or marker follows.
  endLine() {
    this.addLines(this.deviceLines.end());
  }

  // addLines hands completed lines to the lines view and the plot, each
  // with the read time of its first byte.
  addLines(lines) {
    for (const line of lines) {
      this.lines.add(line.text, line.t, line.wrapped ? 'wrapped' : '');
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
      const it = items[i++];
      if (it.kind === 'rx') this.pendingBytes -= it.bytes.length;
      this.handle(it);
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

  handle(it) {
    if (it.kind === 'rx') {
      this.signals.rx.hit();
      this.term.write(this.rxMap.map(it.bytes));
      this.hex.add('rx', it.bytes, it.off);
      this.plot.rx(it.off, it.bytes);
      this.addLines(this.deviceLines.feed(it.bytes, it.stamps));
    } else if (it.kind === 'gap') {
      this.plot.gap();
      this.endLine();
      this.lines.add(it.text, it.t, 'marker');
      this.term.marker(it.text);
    } else if (it.kind === 'values') {
      this.plot.values(it.records, it.missed);
    } else if (it.kind === 'history') {
      // Where the replayed history ends and live output begins: each line
      // above carries its device time, as each below will.
      this.lines.add('── above: history replayed by the server · below: live ──', it.t, 'marker history');
    } else if (it.kind === 'signal') {
      this.lines.add(it.text, it.t, 'marker signal');
      this.plot.event(it.text.replace(/^\[|\]$/g, ''), it.t);
    } else if (it.kind === 'tx') {
      this.plot.noteSent(it.bytes); // typed keys too: never plot the device's echo
      this.hex.add('tx', it.bytes, null, !it.typed);
      if (it.echo) {
        this.term.echo(it.bytes);
        if (!it.typed) {
          const text = new TextDecoder().decode(it.bytes).replace(/\r?\n$|\r$/, '');
          this.lines.add(text, it.t, 'sent');
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
    this.queue({ kind: 'signal', text: `[${text}]`, t }, 0);
  }

  setPort(p) {
    // A new stream (the server restarted): record offsets count afresh.
    if (p && this.port && p.stream !== this.port.stream) {
      this.dash.resetStream();
      this.plot.resetStream();
    }
    this.port = p;
    this.portAt = Date.now();
    if (this.signals) this.signals.status(p);
    if (this.presence) this.presence.render(p);
    this.root.dataset.portState = (p && p.state) || '';
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
    let text = `gateway ${p.gateway}: ${online ? 'online' : 'offline'}`;
    if (!online && seen !== null) text += `, last seen ${new Date(seen).toDateString() === new Date().toDateString() ? clockTime(seen).slice(0, 8) : new Date(seen).toLocaleString()}`;
    const tags = tagsOf(p).map(([k, v]) => `${k}=${v}`).join(' ');
    if (tags) text += ` · ${tags}`;
    box.hidden = false;
    box.dataset.online = String(online);
    if (box.textContent !== text) box.textContent = text;
    box.title = online ? `The device is on gateway ${p.gateway}` : `Gateway ${p.gateway} is offline: the port opens again by itself when the gateway is back`;
  }

  renderStatus() {
    const c = this.conn;
    const p = this.port;
    let text = '';
    let countdown = '';
    switch (c.state) {
      case 'connecting':
        text = 'Connecting…';
        break;
      case 'reconnecting':
        text = c.reason ? `Reconnecting (${c.reason})` : 'Reconnecting';
        if (c.retryAt) countdown = ` in ${c.countdown()}s`;
        else text += '…';
        break;
      case 'closed':
        text = 'Disconnected';
        break;
      case 'removed':
        text = 'Removed from the server';
        break;
      case 'connected': {
        const s = p && p.state;
        text = 'Connected';
        if (s === 'error' || s === 'disconnected') text += ` · port ${s}: ${p.error || 'unknown error'}`;
        else if (s) text += ` · port ${s}`;
        break;
      }
    }
    const was = this.root.dataset.state;
    this.root.dataset.state = c.state;
    if (c.state === 'connected' && was !== 'connected') {
      for (const remove of this.errorNotices) remove();
      this.errorNotices = [];
      if (this.jobs) this.jobs.load(); // the queue, and what changed while away
      if (this.dash && was) this.dash.reconnected();
    }
    if (this.send) this.send.connectionChanged(c.state);
    if (this.panel && c.state !== 'connected' && this.panel.lockMine) {
      this.panel.lockMine = false; // the server lets go of a lock when its connection goes
      this.applyRole();
    }
    this.r.statusText.textContent = text;
    this.r.countdown.textContent = countdown;
    this.r.connectToggle.textContent = c.state === 'closed' ? 'Connect' : 'Disconnect';
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
      info.textContent = '';
      return;
    }
    const seen = this.conn.seen;
    // Not connected: the figures are the last ones known, and say so.
    const stale = this.conn.state !== 'connected';
    info.dataset.stale = String(stale);
    info.title = stale ? 'Last known: not connected to the server, so these figures are not live' : '';
    // For tests and tools: the stream bytes this pane has accounted for.
    if (typeof p.bytesIn === 'number') this.root.dataset.bytesIn = String(p.bytesIn + seen.in);
    const parts = [p.description || p.device || p.name, describeSettings(p.settings)];
    if (typeof p.clients === 'number') parts.push(`${p.clients} client${p.clients === 1 ? '' : 's'}`);
    if (typeof p.bytesIn === 'number') parts.push(`in ${formatBytes(p.bytesIn + seen.in)}`);
    if (typeof p.bytesOut === 'number') parts.push(`out ${formatBytes(p.bytesOut + seen.out)}`);
    const dropped = (p.droppedBytes || 0) + seen.dropped;
    if (dropped > 0) parts.push(`dropped ${formatBytes(dropped)}`);
    // Each item is a nowrap span, its separator kept at its end, so a
    // narrow header wraps between items; textContent stays "a · b · c".
    info.textContent = '';
    if (stale) {
      const label = document.createElement('span');
      label.className = 'info-item stale-label';
      label.textContent = 'last known: ';
      info.append(label);
    }
    parts.filter(Boolean).forEach((t, i, all) => {
      const span = document.createElement('span');
      span.className = 'info-item';
      span.textContent = i < all.length - 1 ? `${t} · ` : t;
      info.append(span);
    });
  }
}
