// Device read times (docs/protocol.md, "Device timestamps"). A client that
// opens /ws/NAME with timestamps=1 receives, before each binary frame of
// device bytes, a stamps event: [index, t] pairs saying that the frame's
// bytes from index on were read from the device at t (Unix ms, with a
// fraction). frameStamps pairs such an event with its frame; TimedText
// decodes frames into text pieces that keep the time of their first byte.

import { stampList } from './wire.js';

// frameStamps returns the [index, t] pairs of a frame of n bytes: those of
// its stamps event (ev, or null when none came: a server without
// timestamps), or [[0, now]] (the arrival time) when there are none.
// Pairs at or beyond the frame's end are left out.
export function frameStamps(ev, n, now) {
  if (!ev || stampList(ev.stamps)) return [[0, now]];
  let k = ev.stamps.length;
  while (k > 1 && ev.stamps[k - 1][0] >= n) k--;
  return k === ev.stamps.length ? ev.stamps : ev.stamps.slice(0, k);
}

// heldTail tells whether UTF-8 bytes end in the middle of a character, so
// a decoder holds its first bytes back (true), ends on a whole character
// (false), or cannot tell (null: only continuation bytes, of a character
// begun before these bytes).
export function heldTail(bytes) {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    let need = 1;
    if (b >= 0xc2 && b <= 0xdf) need = 2;
    else if (b >= 0xe0 && b <= 0xef) need = 3;
    else if (b >= 0xf0 && b <= 0xf4) need = 4;
    return n - i < need;
  }
  return n === 0 ? false : null;
}

// TimedText decodes device bytes (UTF-8, lenient) into text pieces, each
// with the read time of its bytes. A character split between two reads
// is given the time of its first byte.
export class TimedText {
  constructor() {
    this.decoder = new TextDecoder('utf-8', { fatal: false });
    this.heldT = null; // read time of bytes the decoder holds back, if any
    this.lastT = 0;
  }

  // feed decodes a frame with its [index, t] pairs (see frameStamps) and
  // returns [{text, t}] in order.
  feed(bytes, stamps) {
    const out = [];
    for (let k = 0; k < stamps.length; k++) {
      const [from, t] = stamps[k];
      const to = k + 1 < stamps.length ? stamps[k + 1][0] : bytes.length;
      const seg = bytes.subarray(from, to);
      let text = this.decoder.decode(seg, { stream: true });
      if (this.heldT !== null && text) {
        // The first character began in an earlier read.
        const w = text.codePointAt(0) > 0xffff ? 2 : 1;
        out.push({ text: text.slice(0, w), t: this.heldT });
        text = text.slice(w);
        this.heldT = null;
      }
      if (text) out.push({ text, t });
      if (heldTail(seg) === true) this.heldT = t;
      this.lastT = t;
    }
    return out;
  }

  // end returns what the decoder still holds (an unfinished character, as
  // U+FFFD) as a piece, or null.
  end() {
    const text = this.decoder.decode();
    const t = this.heldT !== null ? this.heldT : this.lastT;
    this.heldT = null;
    return text ? { text, t } : null;
  }
}
