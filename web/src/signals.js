// The signal strip: always visible under a pane's header, like the LEDs of
// a breakout box. TX and RX light while bytes go out and come in; DTR and
// RTS show the outputs and toggle them on a click; CTS, DSR, DCD and RI
// show the inputs (live when the device tells of changes). A pulse preset
// plays a timed sequence on DTR and RTS, e.g. to reset an Arduino or put
// an ESP32 in its bootloader. The DTR/RTS buttons and the input lamps are
// the port panel's (portpanel.js renders their state); this module adds
// activity, pulses, and the markers a change leaves in the Lines view.

// Pulse presets: steps of {dtr, rts} (true: asserted), each held for ms.
export const PULSES = {
  arduino: {
    label: 'Arduino reset (DTR low 100 ms)',
    steps: [{ dtr: false, ms: 100 }, { dtr: true, ms: 0 }],
  },
  esp32: {
    // esptool's classic reset into the bootloader (IO0 low while EN rises).
    label: 'ESP32 bootloader (esptool)',
    steps: [{ dtr: false, rts: true, ms: 100 }, { dtr: true, rts: false, ms: 50 }, { dtr: false, ms: 0 }],
  },
  esp32run: {
    // EN pulsed low with IO0 high: the chip restarts and runs its program.
    label: 'ESP32 restart (RTS 100 ms)',
    steps: [{ dtr: false, rts: true, ms: 100 }, { rts: false, ms: 0 }],
  },
};

const ACTIVE_MS = 120; // a lamp stays lit this long after the last byte

// Activity lights one lamp (TX or RX) while bytes pass: lit at once, dark
// ACTIVE_MS after the last byte. One timer at most, re-armed only when it
// fires early for bytes that came since.
class Activity {
  constructor(el) {
    this.el = el;
    this.last = 0;
    this.timer = 0;
  }

  hit() {
    this.last = performance.now();
    if (this.timer) return;
    this.el.dataset.on = 'true';
    this.arm(ACTIVE_MS);
  }

  arm(ms) {
    this.timer = setTimeout(() => {
      this.timer = 0;
      const left = this.last + ACTIVE_MS - performance.now();
      if (left > 0) this.arm(left);
      else this.el.dataset.on = 'false';
    }, ms);
  }

  dispose() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
}

// SignalStrip wires a pane's strip. session gives conn.request, notify,
// marker(text) and the port object (session.port).
export class SignalStrip {
  constructor(refs, session) {
    this.r = refs;
    this.s = session;
    this.tx = new Activity(refs.sigTx);
    this.rx = new Activity(refs.sigRx);
    this.last = null; // {dtr, rts, cts, dsr, dcd, ri} of the last status, for markers
    this.pulsing = false;
    for (const [key, p] of Object.entries(PULSES)) {
      const o = document.createElement('option');
      o.value = key;
      o.textContent = p.label;
      refs.pulseSelect.append(o);
    }
    refs.pulseButton.addEventListener('click', () => this.pulse(refs.pulseSelect.value));
  }

  dispose() {
    this.tx.dispose();
    this.rx.dispose();
  }

  // status notes the lines of a port object; a change leaves a marker.
  status(port) {
    const now = {};
    if (port && port.lines) Object.assign(now, { dtr: !!port.lines.dtr, rts: !!port.lines.rts });
    if (port && port.modem) for (const k of ['cts', 'dsr', 'dcd', 'ri']) now[k] = !!port.modem[k];
    const was = this.last;
    this.last = now;
    if (!was) return;
    const changed = Object.keys(now).filter((k) => k in was && was[k] !== now[k]);
    if (changed.length) this.s.marker(changed.map((k) => `${k.toUpperCase()} ${now[k] ? 'on' : 'off'}`).join(', '));
  }

  // setReadOnly disables the pulse (title: why), or enables it ('').
  setReadOnly(why) {
    for (const el of [this.r.pulseButton, this.r.pulseSelect]) {
      el.disabled = !!why || this.pulsing;
      if (why) el.title = why;
      else el.removeAttribute('title');
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
        const fields = {};
        if ('dtr' in step) fields.dtr = step.dtr;
        if ('rts' in step) fields.rts = step.rts;
        await this.s.conn.request('lines', fields);
        if (step.ms) await new Promise((resolve) => setTimeout(resolve, step.ms));
      }
      this.r.pulseNote.textContent = `${p.label}: done`;
    } catch (err) {
      this.s.notify(`${this.s.name}: ${p.label} stopped: ${err.message}`, 'error');
    } finally {
      this.pulsing = false;
      this.setReadOnly(this.s.readOnlyWhy);
    }
  }
}
