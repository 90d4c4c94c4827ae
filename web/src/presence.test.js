// presence.js's pure parts: the line's words, and when "typing" shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypingClock, TYPING_SHOW_MS, others } from './presence.js';
import { PORT, problems } from './wire.js';

const port = (fields) => ({ name: 'lab', clients: 1, ...fields });

test('presence: with users, the others by name, the user left out', () => {
  const p = port({ clients: 5, watchers: [{ name: 'alice', count: 1 }, { name: 'bob', count: 2 }, { name: 'carol', count: 2 }] });
  assert.equal(others(p, 'alice').text, 'Also here: bob ×2, carol ×2');
  assert.equal(others(p, 'bob').text, 'Also here: alice, carol ×2, you in 2 tabs');
  assert.equal(others(p, 'alice').title, 'Connected to lab: alice, bob ×2, carol ×2');
  // Alone, or alone with one's own tabs.
  assert.equal(others(port({ watchers: [{ name: 'alice', count: 1 }] }), 'alice').text, '');
  assert.equal(others(port({ clients: 2, watchers: [{ name: 'alice', count: 2 }] }), 'alice').text, 'Also here: you in 2 tabs');
});

test('presence: past 16 names, the rest are counted, the user among them if not listed', () => {
  const watchers = Array.from({ length: 16 }, (_, i) => ({ name: `u${String(i).padStart(2, '0')}`, count: 1 }));
  const p = port({ clients: 20, watchers, watchersMore: 4 });
  // u03 is listed: the 4 more are others.
  assert.match(others(p, 'u03').text, /^Also here: u00, u01, u02, u04, .*, u15, \+4 more$/);
  // zed is not listed: one of the 4 more is zed.
  assert.match(others(p, 'zed').text, /^Also here: u00, .*, u15, \+3 more$/);
});

test('presence: without users, a count of the others, the names in the tooltip', () => {
  const p = port({ clients: 3, watchers: [{ name: 'a browser at 127.0.0.1', count: 2 }, { name: 'a program at 127.0.0.1:5000', count: 1 }] });
  assert.deepEqual(others(p, ''), { text: 'Also here: 2 others', title: 'Connected to lab: a browser at 127.0.0.1 ×2, a program at 127.0.0.1:5000' });
  assert.equal(others(port({ clients: 2 }), '').text, 'Also here: 1 other');
  assert.equal(others(port({ clients: 1 }), '').text, '');
  // A server without presence, with users: a count too.
  assert.equal(others(port({ clients: 2 }), 'alice').text, 'Also here: 1 other');
});

// The server's clock is an hour ahead of the page's (or any offset):
// only the differences count.
const SKEW = 3600e3;
const server = (pageMs) => new Date(1764500000000 + pageMs + SKEW).toISOString();

test('presence: a new writer shows for a while, on the page clock, whatever the skew', () => {
  const c = new TypingClock();
  c.see(undefined, 0); // nobody wrote yet
  assert.equal(c.typing(0), '');
  // bob writes at 1000 (page time); the status arrives 20 ms later.
  // The quickest status yet: its write is taken to be as old as its
  // travel, which the page cannot know, so it shows from the arrival.
  c.see({ name: 'bob', at: server(1000) }, 1020);
  assert.equal(c.typing(1020), 'bob');
  assert.equal(c.typing(1020 + TYPING_SHOW_MS - 1), 'bob');
  assert.equal(c.typing(1020 + TYPING_SHOW_MS + 1), '');
  // A status about something else, later, with the same typing: no news.
  c.see({ name: 'bob', at: server(1000) }, 9000);
  assert.equal(c.typing(9000), '');
  // bob writes again at 20000; the status comes 2 s late (a slow
  // network): it shows from its arrival for what is left of the window.
  c.see({ name: 'bob', at: server(20000) }, 22000);
  assert.equal(c.typing(22000), 'bob');
  assert.equal(c.typing(20020 + TYPING_SHOW_MS - 1), 'bob');
  assert.equal(c.typing(20020 + TYPING_SHOW_MS + 1), '');
});

test('presence: typing from before the page loaded, or told long after, does not show', () => {
  const c = new TypingClock();
  // The first status names a writer: when it wrote, the page cannot know.
  c.see({ name: 'bob', at: server(-1000) }, 0);
  assert.equal(c.typing(0), '');
  // alice starts: a status at once.
  c.see({ name: 'alice', at: server(100) }, 110);
  assert.equal(c.typing(110), 'alice');
  // alice typed once more at 1100 (within the server's refresh: no
  // status then); a status about a join a minute later carries it.
  c.see({ name: 'alice', at: server(1100) }, 61100);
  assert.equal(c.typing(61100), '', 'a write told a minute late is not typing');
});

test('presence: the port object shape (wire.js) checks watchers and typing', () => {
  const base = {
    name: 'lab', stream: 's', device: '/dev/x', state: 'open', error: '', clients: 1, bytesIn: 0, bytesOut: 0, droppedBytes: 0,
    settings: { baud: 9600, dataBits: 8, parity: 'none', stopBits: '1', flowControl: 'none' }, lines: { dtr: true, rts: true },
    modem: null, modemEvents: false, exclusive: false, lock: null, removable: false, capture: false,
  };
  assert.deepEqual(problems(base, PORT), []);
  assert.deepEqual(problems({ ...base, watchers: [{ name: 'a', count: 2 }], watchersMore: 1, typing: { name: 'a', at: '2026-11-29T05:41:07.250Z' } }, PORT), []);
  assert.equal(problems({ ...base, watchers: [{ name: 'a', count: 0 }] }, PORT).length, 1);
  assert.equal(problems({ ...base, watchers: 'a' }, PORT).length, 1);
  assert.equal(problems({ ...base, typing: { name: 'a' } }, PORT).length, 1);
});
