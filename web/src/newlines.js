// Newline mapping, per port (like tio's --map): what Enter sends, and how
// the Terminal shows the device's line ends. Both are shown in the pane
// and remembered in this browser for each port name.
//
//   enter: 'lf' | 'cr' | 'crlf' | 'none'  what Enter sends, in the send box
//          and in the Terminal ('none': the send box appends nothing; a
//          key must send something, so the Terminal's Enter sends CR)
//   rx:    'lf'    LF as CR LF: an LF-only device's lines start at the left
//          'cr'    CR as CR LF: a CR-only device's lines do not overwrite
//                  each other (the Lines view also ends a line at a lone CR)
//          'none'  as received
//
// Hex sending is never mapped: it sends exactly the bytes (and checksum).

import { load, save } from './storage.js';

export const ENTER = { lf: '\n', cr: '\r', crlf: '\r\n', none: '' };
export const ENTER_LABELS = { lf: 'LF', cr: 'CR', crlf: 'CR LF', none: 'nothing' };
export const RX_MAPS = { lf: 'LF → CR LF', cr: 'CR → CR LF', none: 'as received' };
export const DEFAULTS = { enter: 'lf', rx: 'lf' };

const CR = 0x0d;
const LF = 0x0a;

// loadNewlines is the remembered mapping of port name.
export function loadNewlines(name) {
  const v = load(`newlines:${name}`, {});
  return {
    enter: Object.hasOwn(ENTER, v.enter) ? v.enter : DEFAULTS.enter,
    rx: Object.hasOwn(RX_MAPS, v.rx) ? v.rx : DEFAULTS.rx,
  };
}

export function saveNewlines(name, nl) {
  save(`newlines:${name}`, { enter: nl.enter, rx: nl.rx });
}

// terminalEnter is what the Terminal's Enter key sends under rule enter.
export function terminalEnter(enter) {
  return ENTER[enter] || '\r';
}

// RxMap maps device bytes for the Terminal. It keeps the last byte it saw,
// so a CR LF cut between two reads maps as one line end.
export class RxMap {
  constructor(mode = DEFAULTS.rx) {
    this.mode = mode;
    this.lastCR = false; // the last byte mapped was a CR
  }

  setMode(mode) {
    this.mode = mode;
    this.lastCR = false;
  }

  // map returns bytes as the Terminal should get them (bytes itself when
  // nothing changes).
  map(bytes) {
    if (this.mode === 'none' || !bytes.length) {
      if (bytes.length) this.lastCR = bytes[bytes.length - 1] === CR;
      return bytes;
    }
    let extra = 0;
    let prevCR = this.lastCR;
    for (const b of bytes) {
      if (this.mode === 'lf' && b === LF && !prevCR) extra++;
      if (this.mode === 'cr' && b === CR) extra++;
      if (this.mode === 'cr' && b === LF && prevCR) extra--;
      prevCR = b === CR;
    }
    if (extra === 0 && this.mode === 'lf') {
      this.lastCR = prevCR;
      return bytes;
    }
    const out = new Uint8Array(bytes.length + extra);
    let j = 0;
    prevCR = this.lastCR;
    for (const b of bytes) {
      if (this.mode === 'lf') {
        if (b === LF && !prevCR) out[j++] = CR;
        out[j++] = b;
      } else if (b === CR) {
        out[j++] = CR;
        out[j++] = LF;
      } else if (!(b === LF && prevCR)) {
        out[j++] = b; // an LF right after a CR was given already
      }
      prevCR = b === CR;
    }
    this.lastCR = prevCR;
    return j === out.length ? out : out.subarray(0, j);
  }
}
