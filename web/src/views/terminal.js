// Terminal view: a real terminal emulator (xterm.js) so ANSI colours,
// cursor movement and interactive shells (login prompts, the MicroPython
// REPL, U-Boot) work. Keystrokes go to the device as typed, Ctrl-C
// included, except where a terminal user expects the clipboard: Ctrl+C
// (Cmd+C) over a selection copies it, Ctrl+Shift+C copies, Ctrl+Shift+V
// pastes, and "Copy on select" copies what the mouse selects. Enter sends
// the port's rule (newlines.js). Shift+Tab leaves the terminal (keyboard
// users are never trapped).
//
// Output is handed to xterm.js at once after a quiet spell (a typed key's
// echo shows at the next frame), and at most every BATCH_MS while it keeps
// coming: xterm.js's DOM renderer rebuilds every row it scrolled at each
// frame, which a flood would make 60 times a second.
//
// Flow control follows the xterm.js guidance: every write has a callback,
// and bytes handed to xterm.js but not yet parsed are counted. Above
// HIGH_WATER new data waits in a queue (fed again below LOW_WATER), so a
// flood never piles up inside xterm.js and the tab stays responsive; the
// queue is bounded (QUEUE_CAP), and what a flood pushes out of it is
// reported in the terminal, never dropped silently.

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';

export const HIGH_WATER = 256 * 1024;   // bytes in xterm.js not yet parsed: stop feeding above...
export const LOW_WATER = 32 * 1024;     // ...resume below
export const QUEUE_CAP = 4 * 1024 * 1024; // bytes waiting outside xterm.js at most
const SCROLLBACK = 5000;                // terminal lines kept
const BATCH_MS = 50;                    // a flood is handed to xterm.js 20 times a second at most...
const PIECE = 8 * 1024;                 // ...in writes of at most this many bytes

const encoder = new TextEncoder();

// xterm.js logs what it cannot parse (a device's binary, e.g. a DEL inside
// an escape sequence) as a console error: that is the device's data, not a
// fault of the page, so it goes to the debug level, where it can still be
// seen, and a healthy page shows no error in DevTools.
const DEVICE_DATA_LOGGER = {
  trace: () => {},
  debug: (...a) => console.debug(...a),
  info: (...a) => console.info(...a),
  warn: (...a) => console.warn(...a),
  error: (...a) => console.debug('xterm.js (device data):', ...a),
};

const THEMES = {
  dark: {
    background: '#010409', foreground: '#e6edf3', cursor: '#e6edf3', cursorAccent: '#010409',
    selectionBackground: '#264f78',
  },
  light: {
    background: '#ffffff', foreground: '#1c1f24', cursor: '#1c1f24', cursorAccent: '#ffffff',
    selectionBackground: '#b6d3ff',
    black: '#24292f', red: '#cf222e', green: '#116329', yellow: '#7d4e00', blue: '#0550ae',
    magenta: '#8250df', cyan: '#1b7c83', white: '#6e7781',
    brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01',
    brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#3192aa', brightWhite: '#8c959f',
  },
};

// skipEmptySelectionRedraws works around xterm.js 6: on every scroll (each
// line feed at the bottom) its selection service asks the renderer to
// redraw the selection, and the DOM renderer then rebuilds every row, even
// while nothing is selected and even while the terminal is hidden (that
// path ignores the renderer's pause, and measuring glyphs in a hidden
// terminal forces a layout of the whole page each time). At 1 MB/s that
// was a fifth of the main thread with another view shown. Redraws that go
// from no selection to no selection are skipped; any other goes through.
// It uses xterm.js internals and fails loudly if they change.
function skipEmptySelectionRedraws(term) {
  const rs = term._core && term._core._renderService;
  if (!rs || typeof rs.handleSelectionChanged !== 'function') {
    throw new Error('xterm.js internals changed: _core._renderService.handleSelectionChanged is gone (see skipEmptySelectionRedraws)');
  }
  const redraw = rs.handleSelectionChanged.bind(rs);
  let selected = false;
  rs.handleSelectionChanged = (start, end, columnMode) => {
    const now = !!(start && end);
    if (!now && !selected) return;
    selected = now;
    redraw(start, end, columnMode);
  };
}

function concatBytes(parts, n) {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class TerminalView {
  // onInput(bytes) is called with what the user types.
  constructor(refs, onInput) {
    this.host = refs.termHost;
    this.term = new Terminal({
      scrollback: SCROLLBACK,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      fontSize: 13,
      cursorBlink: true,
      screenReaderMode: false,
      logger: DEVICE_DATA_LOGGER,
    });
    this.fitAddon = new FitAddon();
    this.search = new SearchAddon();
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((ev, uri) => window.open(uri, '_blank', 'noopener')));
    this.enter = '\r';        // what Enter (a CR from xterm.js) sends: setEnter
    this.copyOnSelect = false;
    this.term.onData((d) => onInput(encoder.encode(this.enter === '\r' ? d : d.replace(/\r/g, this.enter))));
    this.term.onBinary((d) => onInput(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff)));
    this.term.attachCustomKeyEventHandler((ev) => this.key(ev));
    this.term.onSelectionChange(() => {
      if (this.copyOnSelect && this.term.hasSelection()) this.copy();
    });

    this.batch = [];          // Uint8Arrays to hand to xterm.js at the next batch
    this.batchTimer = 0;
    this.lastBatch = 0;       // performance.now() of the last batch
    this.inFlight = 0;        // bytes handed to xterm.js, not yet parsed
    this.queue = [];          // Uint8Arrays waiting
    this.queued = 0;
    this.skipped = 0;         // bytes pushed out of the queue by a flood, not yet reported
    this.visible = false;
    this.fitFrame = 0;

    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.scheduleFit()).observe(this.host);
    }

    // Search in the terminal's buffer.
    const find = (back) => {
      const q = refs.termSearch.value;
      if (!q) return;
      const found = back ? this.search.findPrevious(q) : this.search.findNext(q);
      refs.termSearch.classList.toggle('invalid', !found);
    };
    refs.termSearch.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        find(ev.shiftKey);
      }
    });
    refs.termSearch.addEventListener('input', () => refs.termSearch.classList.remove('invalid'));
    refs.termNext.addEventListener('click', () => find(false));
    refs.termPrev.addEventListener('click', () => find(true));
  }

  // key decides what xterm.js does with a key: false keeps it from the
  // device (it is the page's: leaving, copying, pasting).
  key(ev) {
    if (ev.key === 'Tab' && ev.shiftKey) return false;
    const k = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    const ctrlShift = ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey;
    const copyKey = ((ev.ctrlKey || ev.metaKey) && !ev.shiftKey && !ev.altKey && k === 'c') || (ctrlShift && k === 'c');
    if (copyKey && (ctrlShift || this.term.hasSelection())) {
      if (ev.type === 'keydown') {
        ev.preventDefault();
        this.copy();
      }
      return false;
    }
    // Ctrl+Shift+V: the browser pastes (a paste event xterm.js handles),
    // rather than xterm.js sending ^V.
    if (ctrlShift && k === 'v') return false;
    return true;
  }

  // copy puts the terminal's selection on the clipboard: with the
  // clipboard API where the page may use it, else through a copy event on
  // xterm.js's text area (pages served over plain HTTP to another host).
  copy() {
    const text = this.term.getSelection();
    if (!text) return;
    if (window.isSecureContext && navigator.clipboard) {
      navigator.clipboard.writeText(text).catch(() => document.execCommand('copy'));
    } else {
      document.execCommand('copy');
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
    // Pieces of at most PIECE bytes: xterm.js checks its time budget (and
    // lets the page handle input) between writes, never inside one.
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
      this.push(encoder.encode(`\r\n\x1b[0;35m[... ${this.skipped} bytes not shown: the terminal fell behind ...]\x1b[0m\r\n`));
      this.skipped = 0;
    }
    while (this.queue.length && this.inFlight < HIGH_WATER) {
      const p = this.queue.shift(); // pieces of at most PIECE bytes
      this.queued -= p.length;
      this.push(p);
    }
  }

  // marker writes a note of the console's own (a gap in the stream).
  marker(text) {
    this.write(encoder.encode(`\r\n\x1b[0;3;35m${text}\x1b[0m\r\n`));
  }

  // echo shows bytes this page sent (local echo) in cyan: told apart from
  // the device's output, and still readable (dim text fell below 4.5:1).
  echo(bytes) {
    const text = new TextDecoder().decode(bytes).replace(/\r?\n/g, '\r\n');
    this.write(encoder.encode(`\x1b[36m${text}\x1b[0m`));
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
  setReadOnly(on) {
    this.term.options.disableStdin = on;
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
      } catch (_) {
        // not measurable yet
      }
    });
  }
}
