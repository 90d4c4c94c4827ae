// Broadcast from the console: the send box of a pane shown side by side
// with others can send the same bytes to every port shown, in one
// POST /api/broadcast (docs/automation.md, "Broadcast"). The server writes
// to each port and answers a result per port; each pane says its own
// result and the sending pane says how it went overall.
//
// The pure parts are here (the request's body, reading the answer, the
// words shown), unit-tested by broadcast.test.js; send.js wires them.

import { BROADCAST_RESULT, problems } from './wire.js';

// The request's body carries the bytes as a JSON string, which the server
// writes as UTF-8: bytes that are not UTF-8 text (hex input such as
// `ff 00`) cannot go in one, and are refused here rather than mangled.
const strictUTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// broadcastBody is the body of POST /api/broadcast that sends bytes to the
// ports named (in order, each once). It throws an Error saying why when the
// bytes cannot be sent as text.
export function broadcastBody(names, bytes) {
  let send;
  try {
    send = strictUTF8.decode(bytes);
  } catch (_) {
    throw new Error('these bytes are not UTF-8 text, and a broadcast carries text: send them to each port on its own');
  }
  return { ports: [...new Set(names)], send };
}

// readAnswer checks the server's answer against the ports asked for and
// returns a result for each of them, in the order asked: a port the answer
// leaves out (it never should) is a failure that says so, never a silent
// success.
export function readAnswer(names, answer) {
  const got = new Map();
  const list = answer && Array.isArray(answer.results) ? answer.results : [];
  for (const r of list) {
    if (problems(r, BROADCAST_RESULT).length === 0 && !got.has(r.port)) got.set(r.port, r);
  }
  return [...new Set(names)].map((port) => {
    const r = got.get(port);
    if (!r) return { port, ok: false, code: 'no_answer', error: 'the server gave no result for this port' };
    return { port, ok: r.ok === true, code: r.code || '', error: r.error || '' };
  });
}

// REASONS are the failures a user meets, in a few words each.
const REASONS = {
  forbidden: 'your role on this port is view-only',
  locked: 'another client holds the write lock',
  not_open: 'the port is not open',
  not_found: 'no such port (or not yours to see)',
  failed: 'the write failed',
};

// reason says why one port's write failed: the server's own words, or
// the code's in a few.
export function reason(r) {
  return r.error || REASONS[r.code] || r.code || 'refused';
}

// paneText is what a port's pane says of its result. lockMine: this page
// holds the port's write lock (through its pane's connection, which the
// broadcast request is not), which the refusal then says.
export function paneText(r, bytes, from, lockMine = false) {
  const via = from && from !== r.port ? ` from ${from}'s send box` : '';
  if (r.ok) return `${r.port}: broadcast${via}: ${bytes} byte${bytes === 1 ? '' : 's'} sent`;
  const mine = r.code === 'locked' && lockMine ? '; this pane holds the lock, and a broadcast is another client: release it to broadcast to this port' : '';
  return `${r.port}: broadcast${via}: not sent (${r.code || 'refused'}): ${reason(r)}${mine}`;
}

// summary is what the sending pane says of the whole broadcast:
// "Sent to 2 of 3 ports; not sent to b (locked)".
export function summary(results) {
  const ok = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok);
  let text = `Broadcast: sent to ${ok} of ${results.length} port${results.length === 1 ? '' : 's'}`;
  if (failed.length) text += `; not sent to ${failed.map((r) => `${r.port} (${r.code || 'refused'})`).join(', ')}`;
  return text;
}
