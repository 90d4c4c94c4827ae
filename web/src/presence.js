// Presence (issue 12): who else is connected to the port, and who is
// typing, on one line of the pane's header: "Also here: alice, bob ×2,
// +3 more · bob is typing".
//
// The server's port object says who is connected (`watchers`: names with
// how many connections each, at most 16, and `watchersMore`, how many
// other names) and who wrote to the device last (`typing`: a name and the
// server's time), in every status event (docs/protocol.md, "Presence").
//
// - With users (GET /api/session names the user), the page leaves its
//   own name out: the others by name, and "you in 2 tabs" when the user
//   has more connections than this one. If the user's name is not among
//   the 16 listed, it is one of the "more".
// - Without users, names say only what and where a client is ("a browser
//   at 10.0.0.3"), and two pages on one machine have one name, so the
//   page cannot tell which is itself: it says how many others are
//   connected, and lists the names in the tooltip.
//
// "Typing": the server sends a status when another client starts writing,
// and again every 2 s while one writes on; the line says "bob is typing"
// for TYPING_SHOW_MS after a write, never for the page's own user (or,
// without users, while this page itself sends). Whether a write is recent
// is judged on the page's own clock (TypingClock), never by comparing the
// server's time with the page's, which may be set differently.

import { sessionUser } from './auth.js';
import { capitalise } from './dom.js';

export const TYPING_SHOW_MS = 5000; // "typing" shows this long after a write


// TypingClock judges how long ago the last writer of a port object wrote,
// with the page's clock only. For each port object seen it notes, at its
// arrival (now), d = now - at: the server's clock and the page's differ
// by an unknown offset, so d is that offset plus the write's age (and the
// status's travel). The smallest d seen estimates the offset (the server
// sends a status at once when another client starts writing, so some
// status arrives soon after its write), and a write's age is its d less
// that. A write is new only if its `typing` differs from the one in the
// port object before: one that arrived with the first port object (the
// page cannot know when it was) or again in later ones (a status about
// something else) never shows as typing.
export class TypingClock {
  constructor() {
    this.seen = false;   // a port object was seen
    this.key = '';       // its typing, as name and time
    this.minD = Infinity;
    this.name = '';      // the writer shown, until
    this.until = 0;      // this time on the page's clock
  }

  // see takes a port object's typing (or undefined), arriving at now
  // (milliseconds on the page's clock).
  see(typing, now) {
    const at = typing && typeof typing.name === 'string' ? Date.parse(typing.at) : NaN;
    const key = Number.isFinite(at) ? `${typing.name}\n${typing.at}` : '';
    const isNew = this.seen && key !== '' && key !== this.key;
    this.seen = true;
    this.key = key;
    if (key === '') {
      this.name = '';
      this.until = 0;
      return;
    }
    const d = now - at;
    this.minD = Math.min(this.minD, d);
    if (!isNew) return;
    const age = Math.max(0, d - this.minD);
    this.name = typing.name;
    this.until = now + TYPING_SHOW_MS - age;
  }

  // typing returns the name of the client typing at now, or ''.
  typing(now) {
    return now < this.until ? this.name : '';
  }
}

// watcherText is a watcher as the line shows it: "bob" or "bob ×2".
const watcherText = (w) => (w.count > 1 ? `${w.name} ×${w.count}` : w.name);

// others describes who else is connected to port p, for the user named me
// ('' without users): {text, title}, text '' when no one else is.
export function others(p, me) {
  const watchers = Array.isArray(p.watchers) ? p.watchers : null;
  const more = p.watchersMore > 0 ? p.watchersMore : 0;
  const listed = watchers ? [...watchers.map(watcherText), ...(more ? [`+${more} more`] : [])].join(', ') : '';
  if (me && watchers) {
    const mine = watchers.find((w) => w.name === me);
    // Not listed: the user's name is one of the "more".
    const moreOthers = mine || more === 0 ? more : more - 1;
    const parts = watchers.filter((w) => w.name !== me).map(watcherText);
    if (moreOthers > 0) parts.push(`+${moreOthers} more`);
    if (mine && mine.count > 1) parts.push(`you in ${mine.count} tabs`);
    return { text: parts.length ? `Also here: ${parts.join(', ')}` : '', title: `Connected to ${p.name}: ${listed}` };
  }
  // Without users the page cannot tell which name is its own: a count.
  const n = typeof p.clients === 'number' ? p.clients - 1 : 0;
  if (n <= 0) return { text: '', title: '' };
  return { text: `Also here: ${n} other${n === 1 ? '' : 's'}`, title: listed ? `Connected to ${p.name}: ${listed}` : '' };
}

// Presence renders the presence line of one pane.
export class Presence {
  // refs: the pane's elements (refs.presence, the line); session: the
  // pane's PortSession, whose TX lamp says when this page last sent.
  constructor(refs, session) {
    this.el = refs.presence;
    this.session = session;
    this.clock = new TypingClock();
    this.port = null;
    this.timer = 0;
    this.who = document.createElement('span');
    this.who.className = 'presence-who';
    this.typingEl = document.createElement('span');
    this.typingEl.className = 'presence-typing';
    this.el.replaceChildren(this.who, this.typingEl);
    this.el.hidden = true;
  }

  // render shows port object p, just received.
  render(p) {
    if (!p) return;
    this.port = p;
    this.clock.see(p.typing, performance.now());
    this.draw();
  }

  // sentLately: this page sent bytes to the device within the typing
  // window (the TX lamp's last byte).
  sentLately(now) {
    const tx = this.session.signals && this.session.signals.tx;
    return !!(tx && tx.last > 0 && now - tx.last < TYPING_SHOW_MS);
  }

  draw() {
    clearTimeout(this.timer);
    this.timer = 0;
    const p = this.port;
    const me = sessionUser();
    const now = performance.now();
    const { text, title } = others(p, me);
    let typing = this.clock.typing(now);
    if (typing && (me ? typing === me : this.sentLately(now))) typing = '';
    if (this.who.textContent !== text) this.who.textContent = text;
    // A user's name is as the user wrote it; the other names start a
    // sentence ("A browser at 10.0.0.3 is typing").
    const typingText = typing ? `${me ? typing : capitalise(typing)} is typing` : '';
    if (this.typingEl.textContent !== typingText) this.typingEl.textContent = typingText;
    this.el.dataset.typing = typing; // for tests: who shows as typing
    this.el.dataset.writer = (p.typing && p.typing.name) || ''; // the last writer the server named
    this.el.title = title;
    this.el.hidden = !text && !typingText;
    // The line changes by itself when the typing goes stale.
    if (typing) this.timer = setTimeout(() => this.draw(), Math.max(0, this.clock.until - now) + 10);
  }
}
