// Port panel: line settings (baud, data bits, parity, stop bits, flow
// control), DTR/RTS toggles, BREAK, modem line indicators, capture
// download (ports with `capture`) and removing the port (`removable`
// ports: servers started with --allow-open).
//
// Controls are feature-detected from the port object: a server that does
// not report settings.flowControl cannot change settings, one without
// `lines` cannot set DTR/RTS, one without `modem` does not report modem
// lines; an `unknown_type` answer also disables the control. What the
// panel shows is always what the server reports as applied.

import { download, fileStamp, confirmDialog } from './dom.js';
import { api } from './auth.js';

const MODEM = ['cts', 'dsr', 'ri', 'dcd'];

// What did not happen when a control failed, in words.
const FAILED = {
  settings: 'settings not changed',
  lines: 'DTR/RTS not changed',
  break: 'BREAK not sent',
  modem: 'modem lines not read',
  lock: 'write lock not taken',
  unlock: 'write lock not released',
  'request-lock': 'the holder was not asked',
};

// plainError is a refusal in words: the server's message, or what a code
// means, never the code alone.
export function plainError(err) {
  switch (err.code) {
    case 'not_connected':
    case 'timeout':
      return 'the connection to the server is down; it reconnects by itself';
    case 'not_open':
      return `the port is not open${err.message ? ` (${err.message})` : ''}`;
    default:
      return err.message || 'the server refused it';
  }
}

export class PortPanel {
  constructor(refs, session) {
    this.r = refs;
    this.s = session;
    this.dirty = false;           // the user edited the settings form: do not overwrite it
    this.unsupported = new Set(); // control types the server answered unknown_type to
    this.lockMine = false;        // this page holds the port's write lock
    this.lockShown = false;       // a status event has shown it held since

    const form = refs.settingsForm;
    form.addEventListener('input', () => {
      this.dirty = true;
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.applySettings();
    });
    refs.settingsReset.addEventListener('click', () => {
      this.dirty = false;
      this.render(this.s.conn.port);
    });
    refs.dtr.addEventListener('click', () => this.toggleLine('dtr'));
    refs.rts.addEventListener('click', () => this.toggleLine('rts'));
    refs.breakButton.addEventListener('click', () => this.sendBreak());
    refs.modemRefresh.addEventListener('click', () => this.control('modem', {}, 'Modem lines re-read'));
    refs.captureText.addEventListener('click', () => this.capture('text'));
    refs.captureRaw.addEventListener('click', () => this.capture('raw'));
    refs.removePort.addEventListener('click', () => this.removePort());
    refs.lockTake.addEventListener('click', async () => {
      if (await this.control('lock', {}, 'You hold the write lock')) this.lockMine = true;
      this.s.applyRole();
    });
    refs.lockRelease.addEventListener('click', async () => {
      await this.control('unlock', {}, 'Write lock released');
      this.lockMine = false;
      this.s.applyRole();
    });
    refs.lockAsk.addEventListener('click', () => this.control('request-lock', {}, 'Asked the holder to release the write lock'));
  }

  // control sends a control message; it resolves to the server's ok (for
  // settings, lines and break it carries the port as the request left
  // it), or null when the request failed (said in a notice).
  async control(type, fields, okText) {
    try {
      const ok = await this.s.conn.request(type, fields);
      if (okText) this.r.panelNote.textContent = okText;
      return ok || {};
    } catch (err) {
      if (err.code === 'unknown_type') {
        this.unsupported.add(type);
        this.render(this.s.conn.port);
        this.s.notify(`${this.s.name}: this server cannot do "${type}" yet`, 'error');
      } else if (err.code === 'forbidden') {
        this.s.forbidden(err.message);
      } else {
        this.s.notify(`${this.s.name}: ${FAILED[type] || `${type} failed`}: ${plainError(err)}`, 'error');
      }
      return null;
    }
  }

  async applySettings() {
    const r = this.r;
    const cur = (this.s.conn.port && this.s.conn.port.settings) || {};
    const want = {
      baud: Number(r.baud.value),
      dataBits: Number(r.dataBits.value),
      parity: r.parity.value,
      stopBits: r.stopBits.value,
      flowControl: r.flowControl.value,
    };
    if (!Number.isInteger(want.baud) || want.baud <= 0) {
      r.panelNote.textContent = 'Baud must be a positive whole number';
      return;
    }
    // Only what changed: a partial settings message.
    const settings = {};
    for (const [k, v] of Object.entries(want)) if (cur[k] !== v) settings[k] = v;
    if (!Object.keys(settings).length) {
      this.dirty = false;
      r.panelNote.textContent = 'Nothing to change';
      return;
    }
    r.applySettings.disabled = true;
    const ok = await this.control('settings', { settings }, '');
    r.applySettings.disabled = false;
    if (!ok) return;
    this.dirty = false;
    // The ok carries the port as the change left it: what the device
    // took, whatever order the status event comes in. (Without it, an
    // older server, the next status shows the settings.)
    const applied = ok.port && ok.port.settings;
    if (applied && settings.baud && applied.baud !== settings.baud) {
      r.panelNote.textContent = `The device runs at ${applied.baud} baud, not the ${settings.baud} asked for`;
    } else {
      r.panelNote.textContent = 'Settings applied';
    }
    this.render(ok.port || this.s.conn.port);
  }

  async toggleLine(which) {
    const lines = this.s.conn.port && this.s.conn.port.lines;
    if (!lines) return;
    await this.control('lines', { [which]: !lines[which] }, `${which.toUpperCase()} ${lines[which] ? 'off' : 'on'}`);
  }

  async sendBreak() {
    const ms = Math.min(10000, Math.max(1, Number(this.r.breakMs.value) || 250));
    const t = Date.now();
    if (await this.control('break', { ms }, `BREAK sent (${ms} ms)`)) this.s.marker(`BREAK ${ms} ms`, t);
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
        } catch (_) {
          // not JSON
        }
        this.s.notify(`${name}: capture: ${msg}`, 'error');
        return;
      }
      download(await res.blob(), `${name}-capture-${fileStamp()}.${format === 'raw' ? 'bin' : 'log'}`);
    } catch (err) {
      this.s.notify(`${name}: capture: ${err.message}`, 'error');
    }
  }

  async removePort() {
    const name = this.s.name;
    if (!await confirmDialog(`Remove port ${name} from the server? Every client of it is disconnected and the device is closed.`, `Remove ${name}`)) return;
    try {
      const res = await api(`/api/ports/${encodeURIComponent(name)}`, { method: 'DELETE' });
      if (!res.ok) {
        let msg = `HTTP ${res.status}`;
        try {
          const body = await res.json();
          if (body && body.code === 'not_allowed') msg = 'the server does not allow it (start serialhub with --allow-open)';
          else if (body && body.code === 'forbidden') msg = `not allowed: ${body.error || 'your role on this port is view-only'}`;
          else if (body && body.error) msg = body.error;
        } catch (_) {
          // not JSON
        }
        this.s.notify(`${name}: remove: ${msg}`, 'error');
        return;
      }
      this.s.onRemoved();
    } catch (err) {
      this.s.notify(`${name}: remove: ${err.message}`, 'error');
    }
  }

  // setReadOnly disables every control that changes the port (title: why),
  // or enables them again (''). Reading (modem lines, capture) stays.
  setReadOnly(why) {
    const r = this.r;
    this.readOnly = why;
    for (const el of [r.applySettings, r.settingsReset, r.baud, r.dataBits, r.parity, r.stopBits, r.flowControl, r.dtr, r.rts, r.breakButton, r.breakMs, r.removePort]) {
      el.disabled = !!why;
      if (why) el.title = why;
      else el.removeAttribute('title');
    }
  }

  // renderLock shows an exclusive port's write lock: free, yours, or whose.
  renderLock(port, viewOnly) {
    const r = this.r;
    // A lease shows in the lease box (leasebox.js), not here.
    const exclusive = !!(port && port.exclusive) && !(port.lock && port.lock.lease);
    r.lockBox.hidden = !exclusive;
    if (!exclusive) return;
    const lock = port.lock || null;
    // Ours from the lock's ok (its status may come before or after the ok)
    // until a status shows it gone, or the connection goes (and the lock
    // with it).
    if (this.lockMine && lock) this.lockShown = true;
    if ((this.lockMine && !lock && this.lockShown) || this.s.conn.state !== 'connected') this.lockMine = false;
    if (!this.lockMine) this.lockShown = false;
    const state = !lock ? 'free' : this.lockMine ? 'mine' : 'other';
    r.lockBox.dataset.state = state;
    if (state === 'free') r.lockState.textContent = 'Write lock: free';
    else if (state === 'mine') r.lockState.textContent = 'Write lock: yours';
    else {
      const since = lock.since ? new Date(lock.since) : null;
      r.lockState.textContent = `Write lock: ${lock.holder || 'another client'}${since && !Number.isNaN(since.getTime()) ? ` since ${since.toLocaleTimeString()}` : ''}`;
    }
    r.lockTake.hidden = viewOnly || state !== 'free';
    r.lockRelease.hidden = state !== 'mine';
    r.lockAsk.hidden = viewOnly || state !== 'other';
  }

  // render shows the port object's settings, lines and modem state.
  render(port) {
    const r = this.r;
    const s = (port && port.settings) || {};
    const canSet = typeof s.flowControl === 'string' && !this.unsupported.has('settings');
    if (!this.dirty) {
      if (s.baud) r.baud.value = String(s.baud);
      if (s.dataBits) r.dataBits.value = String(s.dataBits);
      if (s.parity) r.parity.value = s.parity;
      if (s.stopBits) r.stopBits.value = String(s.stopBits);
      r.flowControl.value = s.flowControl || 'none';
    }
    r.settingsFields.disabled = !canSet;
    r.settingsNote.textContent = canSet ? '' : 'This server reports the settings but cannot change them.';

    const lines = port && port.lines && typeof port.lines === 'object' && !this.unsupported.has('lines') ? port.lines : null;
    r.dtr.hidden = r.rts.hidden = !lines;
    if (lines) {
      r.dtr.setAttribute('aria-pressed', String(!!lines.dtr));
      r.rts.setAttribute('aria-pressed', String(!!lines.rts));
    }
    r.breakBox.hidden = !canSet || this.unsupported.has('break');

    // Capture and removal: shown when the port object says the server can.
    const captured = !!(port && port.capture);
    r.captureBox.hidden = !captured;
    r.captureNote.hidden = captured || !(port && 'capture' in port);
    r.removePort.hidden = !(port && port.removable);

    const hasModem = port && 'modem' in port;
    r.modemBox.hidden = !hasModem;
    if (hasModem) {
      const m = port.modem;
      for (const k of MODEM) {
        const led = r[`modem_${k}`];
        const on = !!(m && m[k]);
        led.dataset.on = m ? String(on) : 'unknown';
        led.title = m ? `${k.toUpperCase()} ${on ? 'on' : 'off'}` : `${k.toUpperCase()} unknown`;
        led.setAttribute('aria-label', led.title);
      }
      // Live when the device tells of changes; otherwise the lines are as
      // read at open, after each control, or by Re-read.
      r.modemNote.textContent = m ? (port.modemEvents ? 'live' : 'as last read') : port.modemError || 'no modem lines';
      r.modemRefresh.hidden = this.unsupported.has('modem');
    }
  }
}
