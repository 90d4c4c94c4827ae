// Terminal view: a real terminal emulator (xterm.js) so ANSI colours,
// cursor movement and interactive shells (login prompts, the MicroPython
// REPL, U-Boot) work. Keystrokes go to the device as typed, Ctrl-C
// included; Shift+Tab leaves the terminal (keyboard users are never trapped).
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

const encoder = new TextEncoder();

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
    });
    this.fitAddon = new FitAddon();
    this.search = new SearchAddon();
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((ev, uri) => window.open(uri, '_blank', 'noopener')));
    this.term.onData((d) => onInput(encoder.encode(d)));
    this.term.onBinary((d) => onInput(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff)));
    this.term.attachCustomKeyEventHandler((ev) => !(ev.key === 'Tab' && ev.shiftKey));

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

  // open puts the terminal on the page; the host must be in the document.
  open() {
    this.term.open(this.host);
  }

  setTheme(name) {
    this.term.options.theme = THEMES[name] || THEMES.dark;
  }

  // write feeds device bytes (once per animation frame), with back-pressure.
  write(bytes) {
    if (!bytes.length) return;
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
      let n = 0;
      let k = 0;
      while (k < this.queue.length && n < 64 * 1024) n += this.queue[k++].length;
      const parts = this.queue.splice(0, k);
      this.queued -= n;
      const out = new Uint8Array(n);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      this.push(out);
    }
  }

  // marker writes a note of the console's own (a gap in the stream).
  marker(text) {
    this.write(encoder.encode(`\r\n\x1b[0;3;35m${text}\x1b[0m\r\n`));
  }

  // echo shows bytes this page sent (local echo), dimmed.
  echo(bytes) {
    const text = new TextDecoder().decode(bytes).replace(/\r?\n/g, '\r\n');
    this.write(encoder.encode(`\x1b[2;36m${text}\x1b[0m`));
  }

  clear() {
    this.queue = [];
    this.queued = 0;
    this.skipped = 0;
    this.term.reset();
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
