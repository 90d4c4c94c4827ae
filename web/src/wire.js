// What the console reads from and sends to the server (docs/protocol.md),
// as shapes: the events it handles and the fields it reads of them, the
// port object's fields the pane and its port panel read, the requests it
// builds. connection.js ignores an event that lacks what it reads; the
// node tests (golden.test.js) hold these shapes against the golden files
// of internal/protocol, so the console and the server cannot drift apart.
//
// A shape maps a field to what is expected of it:
//   'number', 'string', 'boolean', 'object', 'array', 'id' (a number or a
//   string), alternatives joined by '|' ('string|null'); a leading '?'
//   when the field may be absent;
//   obj(shape, nullable) for a nested object (null allowed if nullable);
//   a function (value) => '' when fine, or what is wrong.

export function obj(fields, nullable = false, optional = false) {
  return { fields, nullable, optional };
}

const TYPES = {
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  id: (v) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string',
  null: (v) => v === null,
};

// problems lists how value departs from shape (empty when it fits).
export function problems(value, shape, path = '') {
  const out = [];
  if (!TYPES.object(value)) return [`${path || 'value'}: not an object`];
  for (const [k, spec] of Object.entries(shape)) {
    const at = path ? `${path}.${k}` : k;
    const v = value[k];
    if (typeof spec === 'function') {
      const p = spec(v);
      if (p) out.push(`${at}: ${p}`);
    } else if (typeof spec === 'string') {
      const optional = spec.startsWith('?');
      if (v === undefined) {
        if (!optional) out.push(`${at}: missing`);
        continue;
      }
      const alts = spec.replace(/^\?/, '').split('|');
      if (!alts.some((t) => TYPES[t](v))) out.push(`${at}: ${JSON.stringify(v)} is not ${alts.join(' or ')}`);
    } else {
      if (v === undefined) {
        if (!spec.optional) out.push(`${at}: missing`);
      } else if (v === null) {
        if (!spec.nullable) out.push(`${at}: null`);
      } else out.push(...problems(v, spec.fields, at));
    }
  }
  return out;
}

// fits: value has every field of shape, each as expected.
export function fits(value, shape) {
  return problems(value, shape).length === 0;
}

// extras lists the fields of value (nested too) that shape does not name.
export function extras(value, shape, path = '') {
  const out = [];
  if (!TYPES.object(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    const spec = shape[k];
    if (spec === undefined) out.push(at);
    else if (spec && typeof spec === 'object' && TYPES.object(v)) out.push(...extras(v, spec.fields, at));
  }
  return out;
}

// stampList checks a stamps event's list: [index, ms] pairs, the first at
// index 0, indexes whole and increasing, times finite numbers.
export function stampList(v) {
  if (!Array.isArray(v) || v.length === 0) return 'not a non-empty array';
  let last = -1;
  for (const p of v) {
    if (!Array.isArray(p) || p.length !== 2) return `${JSON.stringify(p)} is not an [index, time] pair`;
    const [i, t] = p;
    if (!Number.isInteger(i) || i <= last) return `index ${JSON.stringify(i)} is not a whole number above ${last}`;
    if (typeof t !== 'number' || !Number.isFinite(t)) return `time ${JSON.stringify(t)} is not a number`;
    last = i;
  }
  if (v[0][0] !== 0) return 'the first pair is not at index 0';
  return '';
}

// watcherList checks a port object's watchers (presence.js): absent, or
// a list of {name, count} with a name and a count of 1 or more.
export function watcherList(v) {
  if (v === undefined) return '';
  if (!Array.isArray(v)) return 'not an array';
  for (const w of v) {
    if (!TYPES.object(w) || typeof w.name !== 'string' || !Number.isInteger(w.count) || w.count < 1) {
      return `${JSON.stringify(w)} is not {name, count}`;
    }
  }
  return '';
}

// waiterList checks a lease's queue (lock.queue): absent, or a list of
// {holder, note?} objects, next first.
export function waiterList(v) {
  if (v === undefined) return '';
  if (!Array.isArray(v)) return 'not an array';
  for (const w of v) {
    if (!TYPES.object(w) || typeof w.holder !== 'string' || (w.note !== undefined && typeof w.note !== 'string')) {
      return `${JSON.stringify(w)} is not {holder, note}`;
    }
  }
  return '';
}

// A job (docs/jobs.md): what the job panel (jobpanel.js, jobmodel.js)
// reads of the port object's job, of a job event and of the REST answers.
export const JOB = {
  id: 'string',
  name: '?string',
  profile: 'string',
  state: 'string',
  by: '?string',
  lines: 'number',
  sent: 'number',
  acked: 'number',
  errors: 'number',
  resends: 'number',
  line: 'number',
  created: 'string',
  started: '?string',
  ended: '?string',
  elapsed: 'number',
  eta: 'number|null', // null unless running
  reason: '?string',
  interrupted: '?boolean',
};

// The port object: what connection.js, session.js (header, counters),
// portpanel.js (settings, lines, modem, lock, capture, removal),
// presence.js (watchers, typing) and directory.js (a central's gateways)
// read.
export const PORT = {
  name: 'string',
  stream: 'string',
  device: 'string',
  description: '?string',
  state: 'string',
  error: 'string',
  settings: obj({ baud: 'number', dataBits: 'number', parity: 'string', stopBits: 'string', flowControl: 'string' }),
  lines: obj({ dtr: 'boolean', rts: 'boolean' }),
  modem: obj({ cts: 'boolean', dsr: 'boolean', ri: 'boolean', dcd: 'boolean' }, true),
  modemError: '?string',
  modemEvents: 'boolean',
  clients: 'number',
  bytesIn: 'number',
  bytesOut: 'number',
  droppedBytes: 'number',
  exclusive: 'boolean',
  // A connection's write lock on an exclusive port, or a lease (lease.js)
  // on any port, with its note, time left and queue.
  lock: obj({ holder: 'string', since: 'string', lease: '?boolean', note: '?string', timeLeftMs: '?number', queue: waiterList }, true),
  removable: 'boolean',
  capture: 'boolean',
  watchers: watcherList,      // absent when no one named is connected
  watchersMore: '?number',
  typing: obj({ name: 'string', at: 'string' }, false, true), // absent until someone wrote
  // A fleet gateway's port at a central (directory.js, fleet.js, the
  // pane's origin line); absent for a server's own ports.
  gateway: '?string',
  online: '?boolean',
  lastSeen: '?string',
  tags: '?object',
  // A port with a decoder (docs/decoders.md): the Dashboard view says when
  // there is none.
  decoder: '?string',
  decodedRecords: '?number',
  decodeErrors: '?number',
  decodeDropped: '?number',
  // The port's running job, or its last one (jobpanel.js); absent if none.
  job: obj(JOB, false, true),
};

// The events the console handles (connection.js), with the fields it reads.
export const EVENTS = {
  status: { port: obj({ bytesIn: 'number', stream: 'string' }), id: '?id' },
  replay: { bytes: 'number', offset: 'number' },
  dropped: { bytes: 'number', total: 'number', reason: 'string' },
  error: { code: 'string', message: 'string', id: '?id', bytes: '?number' },
  'lock-request': { from: 'string' },
  lease: { event: 'string', holder: 'string', lease: '?string', note: '?string', ttl: '?string', by: '?string', position: '?number' },
  pong: { id: 'id' },
  ok: { id: 'id', port: obj({ settings: obj({ baud: 'number' }) }, false, true) }, // port: settings, lines, break
  stamps: { offset: 'number', stamps: stampList },
  notice: { trigger: 'string', text: 'string', time: 'string' }, // a trigger's (triggernotice.js)
  values: { records: 'array', missed: '?number' }, // a decoder's records (views/dashboard.js, views/plot.js), with values=1
  job: { job: obj(JOB) }, // a job's change of state or progress (jobpanel.js)
};

// The control requests the console sends (Connection.request), each with
// the fields it builds; `type` and `id` are added by the connection.
const id = '?id';
export const REQUESTS = {
  ping: { id },               // liveness after a silence, and after each chunk of a file
  settings: {                 // the port panel's Apply: only the settings that changed
    id,
    settings: obj({ baud: '?number', dataBits: '?number', parity: '?string', stopBits: '?string', flowControl: '?string' }),
  },
  lines: { id, dtr: '?boolean', rts: '?boolean' }, // DTR or RTS toggled
  break: { id, ms: '?number' },
  modem: { id },              // Re-read
  lock: { id },
  unlock: { id },
  'request-lock': { id },
  lease: { id, ttl: '?string', note: '?string', wait: '?boolean' }, // Reserve, Renew (lease.js)
  release: { id },            // Release, Leave queue
  'break-lease': { id },      // Break lease (admin)
};

// Requests of the protocol the console never sends, and why.
export const NOT_SENT = {
  status: 'status events are pushed to every client (a decoder\'s counts too, at most once a second): the console never asks for one',
};

// The other REST answers the console reads: GET /api/session (auth.js),
// GET /api/devices entries (main.js, "Add device"), error bodies.
export const SESSION = { auth: 'boolean', user: '?string', via: '?string', roles: '?object', canOpen: '?boolean' };
export const DEVICE = {
  path: 'string', byId: '?string', product: '?string', manufacturer: '?string', serialNumber: '?string', port: '?string',
};
export const REST_ERROR = { error: 'string', code: 'string' };

// POST /api/broadcast (broadcast.js): one port's result of the answer's
// results (the request's body is checked against its golden file as
// broadcastBody builds it).
export const BROADCAST_RESULT = { port: 'string', ok: 'boolean', code: '?string', error: '?string' };
