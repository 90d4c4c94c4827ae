// ByteLines: the SDK's line splitter (docs/pages.md). It cuts a port's
// byte stream into lines at LF (a CR before the LF is dropped; a lone CR
// does not end a line) working on the bytes, so a line, or a UTF-8
// character, split between frames or between two connections comes out
// whole. Each line carries the device read time of its first byte (as the
// console and the capture give it) and of its last, and the stream offset
// of its first byte. A line longer than maxBytes is cut there (cut: true),
// so output without newlines cannot grow one line without bound.

export class ByteLines {
  constructor(maxBytes = 65536) {
    this.maxBytes = maxBytes;
    this.parts = [];      // the bytes of the unfinished line, in pieces
    this.size = 0;        // their length
    this.begun = false;   // a line is under way (it may still be empty)
    this.time = 0;        // read time of its first byte
    this.last = 0;        // read time of the last byte received
    this.offset = null;   // stream offset of its first byte (null: unknown)
  }

  // feed takes a frame of device bytes (Uint8Array), its [index, t] read
  // times (index 0 first, increasing; see docs/protocol.md "Device
  // times") and the stream offset of its first byte (null: unknown). It
  // returns the lines it completed: [{text, time, end, offset, cut}].
  feed(bytes, stamps, at) {
    const out = [];
    let k = 0;
    const timeAt = (i) => {
      while (k + 1 < stamps.length && stamps[k + 1][0] <= i) k++;
      return stamps[k][1];
    };
    let start = 0;
    while (start < bytes.length) {
      if (!this.begun) {
        this.begun = true;
        this.time = timeAt(start);
        this.offset = at === null || at === undefined ? null : at + start;
      }
      const nl = bytes.indexOf(0x0a, start);
      const stop = nl === -1 ? bytes.length : nl;
      // Cut an over-long line where it reaches maxBytes.
      const room = this.maxBytes - this.size;
      if (stop - start > room) {
        this.push(bytes.subarray(start, start + room));
        this.last = timeAt(start + room - 1);
        out.push(this.take(true));
        start += room;
        continue;
      }
      this.push(bytes.subarray(start, stop));
      if (nl === -1) {
        this.last = timeAt(bytes.length - 1);
        break;
      }
      this.last = timeAt(nl);
      out.push(this.take(false));
      start = nl + 1;
    }
    return out;
  }

  // end finishes the line under way (a gap in the stream follows) and
  // returns it with cut: true, or null when there is none.
  end() {
    if (!this.begun) return null;
    return this.take(true);
  }

  push(piece) {
    if (piece.length === 0) return;
    this.parts.push(piece.slice()); // a copy: the frame belongs to the page's handlers too
    this.size += piece.length;
  }

  take(cut) {
    let all = new Uint8Array(this.size);
    let n = 0;
    for (const p of this.parts) {
      all.set(p, n);
      n += p.length;
    }
    if (!cut && n > 0 && all[n - 1] === 0x0d) all = all.subarray(0, n - 1);
    const line = { text: decoder.decode(all), time: this.time, end: this.last, offset: this.offset, cut };
    this.parts = [];
    this.size = 0;
    this.begun = false;
    this.offset = null;
    return line;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });
