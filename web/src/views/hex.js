// Hex view: offset, hex bytes and ASCII side by side, sixteen bytes a row.
// Received (RX) and sent (TX) bytes never share a row and are told apart by
// a label and a colour; RX offsets are the port's stream offsets, TX
// offsets count the bytes this page sent. Rows are kept in a bounded model
// and rendered only while the view is visible, once per animation frame.

import { Follower } from './follow.js';

export const MAX_ROWS = 4096;       // 64 KiB of bytes kept
// While following, only the newest FOLLOW_ROWS are on the page (a flood
// draws no more at once, and the DOM stays small); pausing the autoscroll
// shows every row kept.
export const FOLLOW_ROWS = 256;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ASCII = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));

export class HexView {
  constructor(refs) {
    this.out = refs.hexOut;
    this.out.dataset.cap = String(MAX_ROWS);
    // Pausing the autoscroll shows every row kept (a flood may have drawn fewer).
    this.follower = new Follower(this.out, refs.hexJump, (follow) => {
      if (!follow && this.visible && this.domLast - this.domFirst + 1 < Math.min(this.rows.length, MAX_ROWS)) {
        const fromBottom = this.out.scrollHeight - this.out.scrollTop;
        this.show();
        this.out.scrollTop = this.out.scrollHeight - fromBottom;
      }
    });
    this.rows = [];           // {seq, dir, off, buf, at, len, own}: bytes buf[at, at+len)
    this.nextSeq = 0;
    this.next = { rx: 0, tx: 0 }; // offset of the next byte per direction
    this.domFirst = -1;       // seq of the first and last row on screen
    this.domLast = -1;
    this.domLastLen = 0;
    this.visible = false;
    this.dirty = false;
  }

  // add records bytes; off is the stream offset of the first (null:
  // continue). fresh starts a new row (each message sent gets its own).
  // A row refers to the bytes where they are ({buf, at, len}), so a flood
  // costs no copy: only a row continued from one chunk to the next gets
  // sixteen bytes of its own. Bytes sent are copied once (a file's buffer
  // must not stay alive for a row).
  add(dir, bytes, off, fresh = false) {
    if (off === null || off === undefined) off = this.next[dir];
    if (dir === 'tx') bytes = bytes.slice();
    let last = fresh ? null : this.rows[this.rows.length - 1];
    let i = 0;
    if (last && bytes.length && last.dir === dir && last.len < 16 && last.off + last.len === off) {
      if (!last.own) {
        const b = new Uint8Array(16);
        b.set(last.buf.subarray(last.at, last.at + last.len));
        last.buf = b;
        last.at = 0;
        last.own = true;
      }
      const n = Math.min(16 - last.len, bytes.length);
      last.buf.set(bytes.subarray(0, n), last.len);
      last.len += n;
      i = n;
      off += n;
    }
    while (i < bytes.length) {
      const n = Math.min(16, bytes.length - i);
      this.rows.push({ seq: this.nextSeq++, dir, off, buf: bytes, at: i, len: n, own: false });
      i += n;
      off += n;
    }
    this.next[dir] = off;
    if (this.rows.length > MAX_ROWS + (MAX_ROWS >> 2)) this.rows.splice(0, this.rows.length - MAX_ROWS);
    this.dirty = true;
  }

  clear() {
    this.rows = [];
    this.out.textContent = '';
    this.domFirst = this.domLast = -1;
    this.follower.set(true);
  }

  show() {
    this.visible = true;
    this.out.textContent = '';
    this.domFirst = this.domLast = -1;
    this.dirty = true;
    this.flush();
  }

  hide() {
    this.visible = false;
  }

  fill(div, row) {
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < row.len) {
        const b = row.buf[row.at + i];
        hex += HEX[b];
        ascii += ASCII[b];
      } else hex += '  ';
      hex += i === 7 ? '  ' : ' ';
    }
    div.children[0].textContent = row.off.toString(16).padStart(8, '0');
    div.children[2].textContent = hex;
    div.children[3].textContent = ascii;
  }

  makeRow(row) {
    const div = document.createElement('div');
    div.className = `hexrow ${row.dir}`;
    const off = document.createElement('span');
    off.className = 'off';
    const dir = document.createElement('span');
    dir.className = 'dir';
    dir.textContent = row.dir === 'rx' ? 'RX' : 'TX';
    const hex = document.createElement('span');
    hex.className = 'hex';
    const ascii = document.createElement('span');
    ascii.className = 'ascii';
    div.append(off, dir, hex, ascii);
    this.fill(div, row);
    return div;
  }

  flush() {
    if (!this.visible || !this.dirty) return;
    this.dirty = false;
    const rows = this.rows;
    if (!rows.length) return;
    const out = this.out;
    // The last row on screen may have grown.
    let start = 0;
    if (this.domLast >= rows[0].seq) {
      const idx = this.domLast - rows[0].seq;
      if (rows[idx].len !== this.domLastLen && out.lastElementChild) this.fill(out.lastElementChild, rows[idx]);
      start = idx + 1;
    } else if (this.domLast >= 0) {
      out.textContent = ''; // fell behind the model's start: rebuild
      this.domFirst = -1;
    }
    // A flood: while following, draw at most FLOOD_ROWS new rows at once.
    const most = this.follower.follow ? FOLLOW_ROWS : MAX_ROWS;
    start = Math.max(start, rows.length - most);
    if (start > 0 && this.domLast >= 0 && rows[start - 1].seq > this.domLast) {
      out.textContent = ''; // more new rows than the view keeps
      this.domFirst = -1;
    }
    const frag = document.createDocumentFragment();
    for (let i = start; i < rows.length; i++) frag.appendChild(this.makeRow(rows[i]));
    out.appendChild(frag);
    if (this.domFirst < 0) this.domFirst = rows[start].seq;
    const last = rows[rows.length - 1];
    this.domLast = last.seq;
    this.domLastLen = last.len;
    // Cap: drop the oldest rows on screen.
    let onScreen = this.domLast - this.domFirst + 1;
    while (onScreen > most) {
      out.removeChild(out.firstChild);
      this.domFirst++;
      onScreen--;
    }
    this.follower.after();
  }
}
