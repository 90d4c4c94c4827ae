// The directory's pure parts (fleet.js): grouping a central's ports by
// gateway, the search box's query, and times in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, groupPorts, hasState, isFleet, isOnline, matches, parseQuery, shortName } from './fleet.js';

const seen = '2026-11-29T05:40:00Z';
const port = (name, fields = {}) => ({ name, state: 'open', device: `/dev/${name}`, ...fields });
const fleetPort = (gateway, name, fields = {}) => port(`${gateway}/${name}`, {
  gateway, online: true, lastSeen: seen, tags: { room: 'lab2', rack: '3' }, ...fields,
});

const ports = [
  port('local'),
  fleetPort('pi-10', 'dut'),
  fleetPort('pi-2', 'dut', { tags: { room: 'Lab3' }, description: 'GPS receiver' }),
  fleetPort('pi-2', 'board.1', { state: 'disconnected' }),
  fleetPort('bench', 'uart', { online: false, state: 'disconnected', tags: {} }),
];

test('fleet: a port list with gateway ports is a central\'s', () => {
  assert.equal(isFleet(ports), true);
  assert.equal(isFleet([port('a'), port('b')]), false);
  assert.equal(isFleet([]), false);
  assert.equal(isFleet([port('a', { gateway: '' })]), false);
});

test('fleet: ports are grouped by gateway, this server first, names in number order', () => {
  const groups = groupPorts(ports);
  assert.deepEqual(groups.map((g) => g.key), ['', 'bench', 'pi-2', 'pi-10']);
  assert.deepEqual(groups[2].ports.map((p) => p.name), ['pi-2/dut', 'pi-2/board.1'], 'the server\'s order within a gateway');
  assert.deepEqual(groups.map((g) => g.online), [true, false, true, true]);
  assert.deepEqual(groups[3].tags, [['rack', '3'], ['room', 'lab2']], 'tags sorted by key');
  assert.equal(groups[1].lastSeen, Date.parse(seen));
  assert.equal(groups[0].lastSeen, null);
  assert.deepEqual(groupPorts([]), []);
});

test('fleet: a port\'s name within its gateway', () => {
  assert.equal(shortName(ports[1]), 'dut');
  assert.equal(shortName(ports[3]), 'board.1');
  assert.equal(shortName(ports[0]), 'local');
  assert.equal(isOnline(ports[0]), true);
  assert.equal(isOnline(ports[4]), false);
});

test('fleet: the query', () => {
  const names = (q) => ports.filter((p) => matches(p, parseQuery(q).terms)).map((p) => p.name);
  const cases = [
    ['', ['local', 'pi-10/dut', 'pi-2/dut', 'pi-2/board.1', 'bench/uart']],
    ['dut', ['pi-10/dut', 'pi-2/dut']],
    ['PI-2', ['pi-2/dut', 'pi-2/board.1']],
    ['pi-2/dut', ['pi-2/dut']],
    ['pi dut', ['pi-10/dut', 'pi-2/dut']],
    ['gps', ['pi-2/dut']],                             // the description
    ['/dev/pi-10', ['pi-10/dut']],                     // the device
    ['room=lab2', ['pi-10/dut', 'pi-2/board.1']],
    ['tag:room=lab2', ['pi-10/dut', 'pi-2/board.1']],
    ['room=lab3', ['pi-2/dut']],                       // case does not matter
    ['room=lab', []],                                  // a tag's value is whole
    ['tag:rack', ['pi-10/dut', 'pi-2/board.1']],
    ['lab2', ['pi-10/dut', 'pi-2/board.1']],           // a word finds tags too
    ['is:offline', ['bench/uart']],
    ['state:online', ['local', 'pi-10/dut', 'pi-2/dut', 'pi-2/board.1']],
    ['is:open', ['local', 'pi-10/dut', 'pi-2/dut']],
    ['is:disconnected', ['pi-2/board.1', 'bench/uart']],
    ['is:not-open', ['pi-2/board.1', 'bench/uart']],
    ['is:local', ['local']],
    ['room=lab2 is:disconnected', ['pi-2/board.1']],
    ['is:bogus', []],
    ['nothing-like-it', []],
  ];
  for (const [q, want] of cases) assert.deepEqual(names(q), want, `query ${JSON.stringify(q)}`);
});

test('fleet: a query it does not understand says so', () => {
  const { terms, problems } = parseQuery('dut is:sleeping');
  assert.equal(terms.length, 2);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /"is:sleeping": no such state \(online, offline, open/);
  assert.deepEqual(parseQuery('  dut   room=lab2 ').problems, []);
});

test('fleet: states', () => {
  assert.equal(hasState(port('x', { state: 'error' }), 'error'), true);
  assert.equal(hasState(port('x', { state: 'error' }), 'not-open'), true);
  assert.equal(hasState(fleetPort('g', 'x', { online: undefined }), 'online'), true, 'unknown counts as online');
});

test('fleet: how long ago', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const cases = [[0, 'just now'], [4, 'just now'], [40, '40 s ago'], [300, '5 min ago'], [3 * 3600, '3 h ago'], [3 * 86400, '3 days ago'], [-10, 'just now']];
  for (const [s, want] of cases) assert.equal(ago(now - s * 1000, now), want, `${s} s`);
});
