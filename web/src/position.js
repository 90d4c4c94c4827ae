// Position: where a client is in a port's byte stream, to resume after a
// disconnect without losing or repeating a byte (docs/protocol.md,
// "Stream offsets" and "Resuming after a disconnect"). The JavaScript twin
// of Go's protocol.Position: the stream's name and the offset of the next
// byte this client will receive, moved by status, replay and dropped
// events and by binary frames; any other event (stamps included) leaves it
// where it is. The golden resume-*.json scenarios of internal/protocol are
// run through both.

export class Position {
  constructor() {
    this.stream = null;    // the port's stream the offset counts in (null: not told)
    this.offset = null;    // stream offset of the next byte to receive (null: no position yet)
    this.replayLeft = 0;   // bytes of the last replay still to come
    this.newStream = false; // the last status named another stream than the one counted in
  }

  // event applies a server event (a parsed JSON object).
  event(msg) {
    switch (msg && msg.type) {
      case 'status': {
        const p = msg.port;
        if (!p || typeof p !== 'object') return;
        const stream = typeof p.stream === 'string' && p.stream !== '' ? p.stream : null;
        this.newStream = Boolean(stream && this.stream && stream !== this.stream);
        // bytesIn is the offset of the next live byte. It places a client
        // that has no position yet, or one whose port counts a new stream
        // (serialhub restarted: old offsets mean nothing); later status
        // events only report the traffic of others.
        if (this.offset === null || this.newStream) {
          if (typeof p.bytesIn === 'number') this.offset = p.bytesIn;
          this.replayLeft = 0;
        }
        if (stream) this.stream = stream;
        break;
      }
      case 'replay':
        // The replayed bytes come next, from this offset.
        if (typeof msg.offset === 'number') this.offset = msg.offset;
        this.replayLeft = msg.bytes > 0 ? msg.bytes : 0;
        break;
      case 'dropped':
        // Bytes this client will never receive, here in the stream (slow:
        // live bytes it missed; away: bytes older than the scrollback,
        // just before the replay).
        if (this.offset !== null && msg.bytes > 0) this.offset += msg.bytes;
        break;
      default:
        break;
    }
  }

  // data counts a binary frame of n device bytes. It returns the stream
  // offset of the frame's first byte (null while unknown) and how many of
  // its bytes were replayed (already counted in the status's bytesIn).
  data(n) {
    const at = this.offset;
    const replayed = Math.min(this.replayLeft, n);
    this.replayLeft -= replayed;
    if (this.offset !== null) this.offset += n;
    return { at, replayed };
  }

  // resume is what a reconnect asks for: {stream, since}, since null when
  // there is no position yet (then the whole scrollback is asked for).
  resume() {
    return { stream: this.stream, since: this.offset };
  }

  // query is resume() as the WebSocket's query parameters.
  query() {
    const q = new URLSearchParams();
    if (this.offset === null) return q;
    q.set('since', String(this.offset));
    // A restarted server names a new stream: it then replays all it holds
    // rather than count this offset in its new stream.
    if (this.stream) q.set('stream', this.stream);
    return q;
  }
}
