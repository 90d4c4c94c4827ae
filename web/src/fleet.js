// The pure parts of the directory of a fleet central's ports (directory.js,
// docs/fleet.md): which ports are a gateway's, grouped by gateway with its
// online state, last seen and tags; the search box's query (names, tags,
// states) and whether a port matches it; times said in words. Unit-tested
// by src/fleet.test.js (node --test src/).
//
// A central's ports are named GATEWAY/PORT and their port objects carry
// `gateway`, `online`, `lastSeen` and `tags`; the central's own ports lack
// them and are grouped as "this server".

// isFleetPort: p is a gateway's port (at a central).
export function isFleetPort(p) {
  return !!p && typeof p.gateway === 'string' && p.gateway !== '';
}

// isFleet: the server is a central that lists gateway ports.
export function isFleet(ports) {
  return ports.some(isFleetPort);
}

// isOnline: a fleet port's gateway is reachable (unknown counts as
// reachable); a local port always is.
export function isOnline(p) {
  return !isFleetPort(p) || p.online !== false;
}

// shortName is a port's name within its group: "dut" of gateway pi's
// "pi/dut"; a local port's whole name.
export function shortName(p) {
  if (isFleetPort(p) && p.name.startsWith(`${p.gateway}/`)) return p.name.slice(p.gateway.length + 1);
  return p.name;
}

// seenMs is a port's lastSeen as Unix milliseconds, or null.
export function seenMs(p) {
  if (!p || typeof p.lastSeen !== 'string') return null;
  const t = Date.parse(p.lastSeen);
  return Number.isFinite(t) && t > 0 ? t : null;
}

// tagsOf is a port's gateway tags as [KEY, VALUE] pairs, sorted by key.
export function tagsOf(p) {
  if (!p || !p.tags || typeof p.tags !== 'object') return [];
  return Object.entries(p.tags)
    .filter(([, v]) => typeof v === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

// groupPorts groups ports by gateway: the server's own ports first (key
// ''), then the gateways by name, numbers in order (pi-2 before pi-10);
// within a group, ports keep the server's order. A group is {key,
// gateway, online, lastSeen (ms or null), tags, ports}; a gateway's
// online, lastSeen and tags are its first port's (they are the gateway's,
// so every port of it says the same).
export function groupPorts(ports) {
  const groups = new Map();
  for (const p of ports) {
    const key = isFleetPort(p) ? p.gateway : '';
    let g = groups.get(key);
    if (!g) {
      g = { key, gateway: key, online: isOnline(p), lastSeen: seenMs(p), tags: tagsOf(p), ports: [] };
      groups.set(key, g);
    }
    g.ports.push(p);
  }
  return [...groups.values()].sort((a, b) => {
    if (a.key === '' || b.key === '') return a.key === '' ? -1 : 1;
    return collator.compare(a.key, b.key);
  });
}

// STATES are the words a query's is:WORD (or state:WORD) and the state
// choice take: a gateway's reachability, a port's state, or where it is.
export const STATES = {
  online: 'its gateway is online (or it is this server’s)',
  offline: 'its gateway is offline',
  open: 'the port is open',
  'not-open': 'the port is not open (opening, disconnected, error, closed)',
  opening: 'the port is opening',
  disconnected: 'the port’s device went away, or its gateway did',
  error: 'the port’s device cannot be opened',
  closed: 'the port is closed',
  local: 'the port is this server’s own',
};

// parseQuery reads the search box: words separated by spaces, each of
// which a port must match (case does not matter):
//
//   KEY=VALUE or tag:KEY=VALUE   its gateway's tag KEY is VALUE
//   tag:KEY                      its gateway has tag KEY
//   is:WORD or state:WORD        a word of STATES
//   anything else                part of its name (GATEWAY/PORT), its
//                                description or device, or a tag KEY=VALUE
//
// It returns {terms, problems}: problems says, in words, what was not
// understood (an unknown state); such a word matches nothing.
export function parseQuery(text) {
  const terms = [];
  const problems = [];
  for (const raw of String(text || '').trim().split(/\s+/)) {
    if (!raw) continue;
    const word = raw.toLowerCase();
    const state = /^(?:is|state):(.*)$/.exec(word);
    if (state) {
      if (Object.hasOwn(STATES, state[1])) terms.push({ kind: 'state', value: state[1] });
      else {
        problems.push(`"${raw}": no such state (${Object.keys(STATES).join(', ')})`);
        terms.push({ kind: 'none' });
      }
      continue;
    }
    const tag = /^tag:([^=]*)(?:=(.*))?$/.exec(word) || /^([^=:]+)=(.*)$/.exec(word);
    if (tag) {
      terms.push({ kind: 'tag', key: tag[1], value: tag[2] === undefined ? null : tag[2] });
      continue;
    }
    terms.push({ kind: 'text', value: word });
  }
  return { terms, problems };
}

// hasState: port p is in state word (a key of STATES).
export function hasState(p, word) {
  switch (word) {
    case 'online':
      return isOnline(p);
    case 'offline':
      return !isOnline(p);
    case 'local':
      return !isFleetPort(p);
    case 'not-open':
      return p.state !== 'open';
    default:
      return p.state === word;
  }
}

// matches: port p matches every term (parseQuery's).
export function matches(p, terms) {
  for (const t of terms) {
    switch (t.kind) {
      case 'state':
        if (!hasState(p, t.value)) return false;
        break;
      case 'tag': {
        const hit = tagsOf(p).some(([k, v]) => k.toLowerCase() === t.key && (t.value === null || v.toLowerCase() === t.value));
        if (!hit) return false;
        break;
      }
      case 'text':
        if (!haystack(p).includes(t.value)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// haystack is what a word of the query is looked for in.
function haystack(p) {
  const parts = [p.name, p.description || '', p.device || ''];
  for (const [k, v] of tagsOf(p)) parts.push(`${k}=${v}`);
  return parts.join('\n').toLowerCase();
}

// ago says how long before now (ms) the time t (ms) was: "just now",
// "40 s ago", "5 min ago", "3 h ago", "2 days ago".
export function ago(t, now) {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}
