// LineSplitter turns decoded device text into lines, each with the time of
// its first character. A line ends at \n or \r\n; a lone \r does not end a
// line, unless crEnds is set (a CR-only device: newlines.js, 'CR → CR LF');
// the unterminated last line waits for more data (it is reported as
// the partial line). Over-long lines are cut at maxChars, so output without
// newlines cannot grow one line without bound.

import { TimedText } from './stamps.js';

export class LineSplitter {
  constructor(maxChars = 4096) {
    this.maxChars = maxChars;
    this.partial = '';    // text of the unterminated last line
    this.partialT = 0;    // time of its first character
    this.crEnds = false;  // a lone \r ends a line too
    this.skipLF = false;  // crEnds: the last text ended with \r; an \n first in the next one is its pair
  }

  // feed splits text received at time t; it returns the completed lines
  // as {text, t, wrapped} objects (wrapped: cut at maxChars, continues).
  feed(text, t) {
    const out = [];
    if (this.skipLF && text) {
      this.skipLF = false;
      if (text[0] === '\n') text = text.slice(1);
    }
    if (!text) return out;
    if (!this.partial) this.partialT = t;
    let buf = this.partial + text;
    let start = 0;
    if (this.crEnds) {
      const ends = /\r\n|\r|\n/g;
      ends.lastIndex = 0;
      let m;
      while ((m = ends.exec(buf)) !== null) {
        this.cut(buf.slice(start, m.index), out, start === 0 ? this.partialT : t, true);
        start = m.index + m[0].length;
        if (m[0] === '\r' && start === buf.length) this.skipLF = true;
      }
    } else {
      let nl;
      while ((nl = buf.indexOf('\n', start)) !== -1) {
        let line = buf.slice(start, nl);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.cut(line, out, start === 0 ? this.partialT : t, true);
        start = nl + 1;
      }
    }
    const rest = buf.slice(start);
    const tRest = start === 0 ? this.partialT : t;
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
    this.partial = '';
    return line;
  }

  cut(text, out, t, complete) {
    while (text.length > this.maxChars) {
      let at = this.maxChars;
      const c = text.charCodeAt(at - 1);
      if (c >= 0xd800 && c <= 0xdbff) at--; // do not split a surrogate pair
      out.push({ text: text.slice(0, at), t, wrapped: true });
      text = text.slice(at);
    }
    if (!complete) return text;
    out.push({ text, t, wrapped: false });
    return '';
  }
}

// DeviceLines turns frames of device bytes, with their read times (see
// stamps.js), into lines: each line carries the read time of its first
// byte, however the bytes were cut into reads and frames.
export class DeviceLines {
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
}
