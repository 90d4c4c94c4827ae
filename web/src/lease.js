// Leases (issue 14; docs/automation.md, "Leases"): a reservation of a
// port's write access for a while, with a note, a queue, renewal, release
// and, for an admin, a break. The port object's `lock` shows one to every
// client ({holder, since, lease: true, note, expires, timeLeftMs, queue});
// the lease's events (queued, granted, renewed, released, expired, broken)
// go only to the connection that holds it or waits for it, and a granted
// event carries the lease's id, which the pane keeps in sessionStorage so
// that a reconnect or a reload within the lease's time dials
// /ws/NAME?lease=ID and holds the port again.
//
// Time left is shown from the port object's timeLeftMs as received, on the
// page's own clock (the server's clock may be set differently): the end
// is the arrival time plus timeLeftMs. The relative text ("9 min left") is
// refreshed by a display timer that runs only while a lease is shown; the
// pane never decides anything by it (the server ends a lease and says so).

import { tabLoad, tabSave, tabForget } from './storage.js';
import { capitalise, clockTime } from './dom.js';

// TTLS are the lease times offered by Reserve (the request's "ttl").
export const TTLS = [
  ['1m', '1 min'], ['5m', '5 min'], ['10m', '10 min'], ['30m', '30 min'], ['1h', '1 hour'], ['4h', '4 hours'], ['24h', '24 hours'],
];


// timeLeftText is how long until a lease ends, in words: "45 s left",
// "9 min left", "2 h 5 min left"; "ending" at or past its end.
export function timeLeftText(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return 'ending';
  if (ms < 60000) return `${Math.ceil(ms / 1000)} s left`;
  const min = Math.floor(ms / 60000);
  if (min < 60) return `${min} min left`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min left` : `${h} h left`;
}

// endClock is a time of day on the page's clock, "HH:MM:SS".
export const endClock = (ms) => clockTime(ms).slice(0, 8);

// ordinal: 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd".
export function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return `${n}${suffix}`;
}

// placeText is a place in the queue in words ("next in the queue", "3rd
// in the queue"), for the pane's own place when who is 'You' and for the
// queue's list otherwise.
export function placeText(position, who = 'You are') {
  if (!(position >= 1)) return '';
  return position === 1 ? `${who} next in the queue` : `${who} ${ordinal(position)} in the queue`;
}

// leaseOf is the port object's lock if it is a lease, else null.
export function leaseOf(port) {
  const l = port && port.lock;
  return l && typeof l === 'object' && l.lease === true ? l : null;
}

// leaseView says what a pane shows of port p's lease and which controls
// it offers. ctx: mine (this pane acts under the lease), waiting (this
// pane's place in the queue, 0 if it does not wait), control (the user may
// take a lease: control or admin, connected, port open), mayBreak (admin,
// or a server without users), receivedAt (page time the port object
// arrived), now (page time).
export function leaseView(p, ctx) {
  const l = leaseOf(p);
  const name = (p && p.name) || 'this port';
  const waiting = ctx.waiting > 0 ? ctx.waiting : 0;
  const out = {
    state: 'free',  // free | mine | other | waiting
    text: '',       // the lease in a line
    left: '',       // "9 min left" ('' without a lease)
    until: '',      // end time, "HH:MM:SS"
    queue: [],      // [{holder, note, text}], next first
    place: '',      // this pane's place in the queue
    why: '',        // why sending is off in this pane ('' when it may send)
    controls: { reserve: false, renew: false, release: false, leave: false, break: false },
    shown: false,
  };
  if (!l) {
    out.state = waiting ? 'waiting' : 'free';
    out.shown = !!ctx.control || !!waiting;
    out.text = 'Not reserved';
    out.controls.reserve = !!ctx.control && !waiting;
    out.controls.leave = !!waiting;
    out.place = placeText(waiting);
    return out;
  }
  out.shown = true;
  const left = typeof l.timeLeftMs === 'number' ? l.timeLeftMs - Math.max(0, ctx.now - ctx.receivedAt) : NaN;
  if (Number.isFinite(left)) {
    out.left = timeLeftText(left);
    out.until = endClock(ctx.receivedAt + l.timeLeftMs);
  }
  const holder = l.holder || 'another client';
  const note = l.note ? ` “${l.note}”` : '';
  const until = out.until ? ` until ${out.until}` : '';
  out.queue = (Array.isArray(l.queue) ? l.queue : []).map((w, i) => ({
    holder: w.holder,
    note: w.note || '',
    text: `${i + 1}. ${w.holder}${w.note ? ` “${w.note}”` : ''}`,
  }));
  if (ctx.mine) {
    out.state = 'mine';
    out.text = `Reserved by you${note}${until}`;
    out.controls.renew = out.controls.release = true;
    return out;
  }
  out.state = waiting ? 'waiting' : 'other';
  out.text = `Reserved by ${holder}${note}${until}`;
  out.place = placeText(waiting);
  out.why = `${capitalise(holder)} holds a lease on ${name}${until}${l.note ? ` (${l.note})` : ''}: you cannot send to it or change it until it is released`;
  out.controls.reserve = !!ctx.control && !waiting;
  out.controls.leave = !!waiting;
  out.controls.break = !!ctx.control && !!ctx.mayBreak;
  return out;
}

// ttlText shortens a Go duration as the server writes it: "10m0s" →
// "10m", "1h0m0s" → "1h".
export function ttlText(s) {
  return String(s).replace(/(\d)m0s$/, '$1m').replace(/(\d)h0m$/, '$1h');
}

// leaseNotice is a lease event in words for the pane of port name, and
// its kind ('info' or 'error'); text '' when the event needs no notice.
export function leaseNotice(name, ev) {
  const until = ev.ttl ? ` for ${ttlText(ev.ttl)}` : '';
  switch (ev.event) {
    case 'queued':
      return { text: `${name}: waiting for the lease: ${placeText(ev.position, 'you are')}`, kind: 'info' };
    case 'granted':
      return { text: `${name}: you hold the lease${until}: only this pane can send`, kind: 'info' };
    case 'renewed':
      return { text: `${name}: lease renewed${until}`, kind: 'info' };
    case 'released':
      return { text: `${name}: lease released`, kind: 'info' };
    case 'expired':
      return { text: `${name}: your lease expired (not renewed in time): this pane can no longer send`, kind: 'error' };
    case 'broken':
      return { text: `${name}: your lease was broken by ${ev.by || 'an admin'}: this pane can no longer send`, kind: 'error' };
    default:
      return { text: '', kind: 'info' };
  }
}

// The lease's id per port, for this tab only (sessionStorage): a reload
// in this tab holds the port again; another tab does not.
export const loadLeaseId = (port) => {
  const id = tabLoad(`lease.${port}`, '');
  return isLeaseId(id) ? id : '';
};

// isLeaseId reports whether s has the form of a lease's id.
export const isLeaseId = (s) => typeof s === 'string' && /^[0-9a-f]{32}$/.test(s);
export const saveLeaseId = (port, id) => tabSave(`lease.${port}`, id);
export const forgetLeaseId = (port) => tabForget(`lease.${port}`);
