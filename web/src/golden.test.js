// The console against the golden files of the protocol
// (internal/protocol/testdata/golden, which the Go tests marshal and
// unmarshal): every event is one the console handles, with the fields it
// reads (wire.js, which connection.js filters events with); the port
// object has every field the pane and its port panel read; every request
// is one the console sends, shaped as it builds it; every resume scenario
// run through position.js asks for what it wants. A file this test does
// not know fails it, as in the Go tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS, PORT, REQUESTS, NOT_SENT, SESSION, DEVICE, REST_ERROR, BROADCAST_RESULT, problems, extras } from './wire.js';
import { broadcastBody, readAnswer } from './broadcast.js';
import { frameStamps } from './stamps.js';
import { Position } from './position.js';

const protocolDir = fileURLToPath(new URL('../../internal/protocol/', import.meta.url));
const dir = fileURLToPath(new URL('../../internal/protocol/testdata/golden/', import.meta.url));

// golden returns [name, value] for each file, or null before the protocol
// package exists.
function golden() {
  if (!existsSync(protocolDir)) return null;
  assert.ok(existsSync(dir), `${dir} is missing`);
  const names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
  return names.map((n) => {
    const text = readFileSync(dir + n, 'utf8');
    try {
      return [n, JSON.parse(text)];
    } catch (err) {
      throw new Error(`${n}: not JSON: ${err.message}`);
    }
  });
}

const files = golden();
const skip = files === null && 'internal/protocol does not exist (yet) in this tree';
const of = (prefix) => (files || []).filter(([n]) => n.startsWith(prefix) && n.endsWith('.json'));
const fail = (name, list) => assert.deepEqual(list, [], `${name}: ${list.join('; ')}`);

test('golden: every file is checked here', { skip }, () => {
  const known = /^(port|rest-error|session|devices|broadcast-request|broadcast-answer|(event|request|resume)-[a-z0-9-]+)\.json$/;
  const unknown = files.map(([n]) => n).filter((n) => !known.test(n));
  assert.deepEqual(unknown, [], 'files the console is not checked against: add them to golden.test.js');
  for (const want of ['port.json', 'event-stamps.json', 'event-status.json']) {
    assert.ok(files.some(([n]) => n === want), `${want} is missing`);
  }
  assert.ok(of('request-').length > 0 && of('resume-').length > 0, 'no request-*.json or no resume-*.json');
});

test('golden: every event is one the console handles, with what it reads', { skip }, () => {
  assert.ok(of('event-').length > 0);
  for (const [name, ev] of of('event-')) {
    assert.ok(ev && typeof ev === 'object' && Object.hasOwn(EVENTS, ev.type), `${name}: type ${JSON.stringify(ev && ev.type)} is not one the console handles`);
    fail(name, problems(ev, EVENTS[ev.type]));
    if (ev.type === 'status') fail(`${name} port`, problems(ev.port, PORT));
    if (ev.type === 'stamps') {
      // Paired with a frame as long as its last index and then some, every
      // pair is used, and its times are dates.
      const n = ev.stamps.at(-1)[0] + 1;
      assert.deepEqual(frameStamps(ev, n, -1), ev.stamps, `${name}: stamps not used`);
      for (const [, t] of ev.stamps) assert.ok(new Date(t).getFullYear() > 2000, `${name}: time ${t} is not Unix milliseconds`);
    }
  }
});

test('golden: the port object has every field the console reads', { skip }, () => {
  const [[name, port]] = files.filter(([n]) => n === 'port.json');
  fail(name, problems(port, PORT));
});

test('golden: every request is one the console sends, as it builds it', { skip }, (t) => {
  for (const [name, req] of of('request-')) {
    const type = req && req.type;
    if (Object.hasOwn(NOT_SENT, type)) {
      t.diagnostic(`${name}: not sent by the console: ${NOT_SENT[type]}`);
      continue;
    }
    assert.ok(Object.hasOwn(REQUESTS, type), `${name}: type ${JSON.stringify(type)} is not a request the console sends (wire.js)`);
    const { type: _, ...fields } = req;
    fail(name, problems(fields, REQUESTS[type]));
    assert.deepEqual(extras(fields, REQUESTS[type]), [], `${name}: fields the console does not build`);
  }
});

test('golden: every resume scenario gives what it wants', { skip }, () => {
  for (const [name, sc] of of('resume-')) {
    assert.ok(sc && Array.isArray(sc.steps) && sc.want && typeof sc.want === 'object', `${name}: not {steps, want}`);
    const p = new Position();
    sc.steps.forEach((step, i) => {
      if (step.event !== undefined) p.event(step.event);
      else if (Number.isInteger(step.data) && step.data >= 0) p.data(step.data);
      else assert.fail(`${name}: step ${i} ${JSON.stringify(step)} is neither {event} nor {data: N}`);
    });
    const got = p.resume();
    assert.equal(got.since, sc.want.since, `${name}: since`);
    // Without a position, the stream may be told as "" or null.
    assert.equal(got.stream || null, sc.want.stream || null, `${name}: stream`);
  }
});

test('golden: the session, the device list and REST errors', { skip }, () => {
  for (const [name, v] of files) {
    if (name === 'session.json') fail(name, problems(v, SESSION));
    if (name === 'rest-error.json') fail(name, problems(v, REST_ERROR));
    if (name === 'devices.json') {
      assert.ok(Array.isArray(v) && v.length > 0, `${name}: not a non-empty array`);
      v.forEach((d, i) => fail(`${name}[${i}]`, problems(d, DEVICE)));
    }
  }
});

test('golden: a broadcast as the console builds it, and its answer as the console reads it', { skip }, () => {
  const file = (n) => {
    const f = files.find(([name]) => name === n);
    assert.ok(f, `${n} is missing`);
    return f[1];
  };
  const req = file('broadcast-request.json');
  assert.deepEqual(broadcastBody(req.ports, new TextEncoder().encode(req.send)), req, 'broadcast-request.json: not what the console builds');
  const answer = file('broadcast-answer.json');
  answer.results.forEach((r, i) => fail(`broadcast-answer.json results[${i}]`, problems(r, BROADCAST_RESULT)));
  const names = answer.results.map((r) => r.port);
  const read = readAnswer(names, answer);
  assert.deepEqual(read.map((r) => [r.port, r.ok, r.code]), answer.results.map((r) => [r.port, r.ok, r.code || '']));
});
