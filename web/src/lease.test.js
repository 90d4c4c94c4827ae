// Leases in the pane (lease.js): time left in words, places in the queue,
// and what the pane shows and offers for a given port object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeLeftText, ordinal, placeText, leaseView, leaseNotice, ttlText, endClock } from './lease.js';

test('lease: time left in words', () => {
  for (const [ms, want] of [
    [0, 'ending'], [-5, 'ending'], [NaN, 'ending'], [1, '1 s left'], [45000, '45 s left'], [59001, '60 s left'],
    [60000, '1 min left'], [9 * 60000 + 59000, '9 min left'], [59 * 60000, '59 min left'],
    [3600000, '1 h left'], [2 * 3600000 + 5 * 60000, '2 h 5 min left'],
  ]) assert.equal(timeLeftText(ms), want, `${ms} ms`);
});

test('lease: places in the queue', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal),
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  assert.equal(placeText(1), 'You are next in the queue');
  assert.equal(placeText(3), 'You are 3rd in the queue');
  assert.equal(placeText(0), '');
  assert.equal(placeText(2, 'you are'), 'you are 2nd in the queue');
});

test('lease: durations as the server writes them, shortened', () => {
  assert.deepEqual(['10m0s', '1h0m0s', '1m30s', '45s', '24h0m0s'].map(ttlText), ['10m', '1h', '1m30s', '45s', '24h']);
});

const at = new Date(2026, 10, 30, 18, 0, 0).getTime(); // page clock when the port object arrived
const port = (lock) => ({ name: 'dev', lock });
const lease = {
  holder: 'alice', since: '2026-11-30T17:50:00Z', lease: true, note: 'flash test', expires: '2026-11-30T18:10:00Z', timeLeftMs: 600000,
  queue: [{ holder: 'bob', note: 'next run', since: '2026-11-30T17:55:00Z' }, { holder: 'carol', since: '2026-11-30T17:56:00Z' }],
};
const ctx = (over) => ({ mine: false, waiting: 0, control: true, mayBreak: false, receivedAt: at, now: at, ...over });
const controls = (v) => Object.entries(v.controls).filter(([, on]) => on).map(([k]) => k);

test('lease: the panel for a free port', () => {
  const v = leaseView(port(null), ctx());
  assert.equal(v.state, 'free');
  assert.equal(v.shown, true);
  assert.equal(v.why, '');
  assert.deepEqual(controls(v), ['reserve']);
  // A view-only user sees nothing to do on a free port.
  assert.equal(leaseView(port(null), ctx({ control: false })).shown, false);
  // A connection's write lock on an exclusive port is not a lease.
  const lock = leaseView(port({ holder: 'bob', since: '2026-11-30T17:50:00Z' }), ctx());
  assert.equal(lock.state, 'free');
  assert.equal(lock.why, '');
});

test('lease: another holds it: holder, note, until, time left, queue; sending off', () => {
  const v = leaseView(port(lease), ctx({ now: at + 61000 }));
  assert.equal(v.state, 'other');
  assert.equal(v.text, `Reserved by alice “flash test” until ${endClock(at + 600000)}`);
  assert.equal(endClock(at + 600000), '18:10:00');
  assert.equal(v.left, '8 min left');
  assert.deepEqual(v.queue.map((q) => q.text), ['1. bob “next run”', '2. carol']);
  assert.equal(v.why, 'Alice holds a lease on dev until 18:10:00 (flash test): you cannot send to it or change it until it is released');
  assert.deepEqual(controls(v), ['reserve']);
  assert.deepEqual(controls(leaseView(port(lease), ctx({ mayBreak: true }))), ['reserve', 'break']);
  // View-only: the lease shown, no controls.
  const view = leaseView(port(lease), ctx({ control: false, mayBreak: true }));
  assert.equal(view.shown, true);
  assert.deepEqual(controls(view), []);
  assert.match(view.why, /^Alice holds a lease on dev/);
});

test('lease: this pane holds it: sending on, renew and release', () => {
  const v = leaseView(port(lease), ctx({ mine: true, mayBreak: true }));
  assert.equal(v.state, 'mine');
  assert.equal(v.why, '');
  assert.equal(v.text, 'Reserved by you “flash test” until 18:10:00');
  assert.equal(v.left, '10 min left');
  assert.deepEqual(controls(v), ['renew', 'release']);
});

test('lease: this pane waits: its place, leave queue', () => {
  const v = leaseView(port(lease), ctx({ waiting: 2 }));
  assert.equal(v.state, 'waiting');
  assert.equal(v.place, 'You are 2nd in the queue');
  assert.deepEqual(controls(v), ['leave']);
  assert.notEqual(v.why, '');
  // Granted but the status not yet here: still waiting, no lease shown.
  assert.deepEqual(controls(leaseView(port(null), ctx({ waiting: 1 }))), ['leave']);
});

test('lease: a lease without time left shows no time', () => {
  const v = leaseView(port({ holder: 'x', since: '', lease: true }), ctx());
  assert.equal(v.left, '');
  assert.equal(v.text, 'Reserved by x');
});

test('lease: events as notices', () => {
  assert.deepEqual(leaseNotice('dev', { event: 'broken', by: 'root', holder: 'bob' }),
    { text: 'dev: your lease was broken by root: this pane can no longer send', kind: 'error' });
  assert.equal(leaseNotice('dev', { event: 'expired', holder: 'bob' }).kind, 'error');
  assert.equal(leaseNotice('dev', { event: 'queued', holder: 'bob', position: 1 }).text, 'dev: waiting for the lease: you are next in the queue');
  assert.equal(leaseNotice('dev', { event: 'granted', holder: 'bob', ttl: '10m0s' }).text, 'dev: you hold the lease for 10m: only this pane can send');
  assert.equal(leaseNotice('dev', { event: 'other' }).text, '');
});
