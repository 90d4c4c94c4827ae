// LineSplitter turns decoded device text into lines, each with the time of
// its first character. A line ends at \n or \r\n; a lone \r does not end a
// line; the unterminated last line waits for more data (it is reported as
// the partial line). Over-long lines are cut at maxChars, so output without
// newlines cannot grow one line without bound.

export class LineSplitter {
  constructor(maxChars = 4096) {
    this.maxChars = maxChars;
    this.partial = '';    // text of the unterminated last line
    this.partialT = 0;    // time of its first character
  }

  // feed splits text received at time t; it returns the completed lines
  // as {text, t, wrapped} objects (wrapped: cut at maxChars, continues).
  feed(text, t) {
    const out = [];
    if (!text) return out;
    if (!this.partial) this.partialT = t;
    let buf = this.partial + text;
    let start = 0;
    let nl;
    while ((nl = buf.indexOf('\n', start)) !== -1) {
      let line = buf.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.cut(line, out, start === 0 ? this.partialT : t, true);
      start = nl + 1;
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
