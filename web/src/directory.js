// Directory: the list of a fleet central's ports (issue 13, docs/fleet.md),
// grouped by gateway, each gateway with its online state (and when it was
// last seen, while offline) and its tags; a search box (names, tags,
// is:STATE: see fleet.js) and a choice of state filter it. Choosing a port
// opens it in a pane, as the port picker does. main.js shows it on a
// central only (a port list with gateway ports): a plain server's page
// has none.
//
// Built for hundreds of gateways and thousands of ports: the list is
// built once and rebuilt only when the set of ports changes; a new port
// list or a status event changes only the rows whose shown fields
// changed; filtering sets `hidden` on rows and groups; drawing waits for
// the next animation frame, however many updates come before it. Groups
// off screen are not laid out (content-visibility). No timer per port:
// "last seen 3 min ago" is worked out again at each draw.

import { h } from './dom.js';
import { load, save } from './storage.js';
import { ago, groupPorts, isFleetPort, matches, parseQuery, shortName } from './fleet.js';

export class Directory {
  // el: the page's elements (root, query, state, count, error, list,
  // empty); open(name) opens a port's pane.
  constructor(el, open) {
    this.el = el;
    this.open = open;
    this.ports = new Map();    // name -> port object, in the server's order
    this.rows = new Map();     // name -> {li, button, name, state, desc, clients, sig, shown}
    this.groups = new Map();   // gateway ('' for this server) -> {section, dot, state, count, tags, sig, shown}
    this.shape = null;         // the groups and names the list was built for
    this.openNames = new Set(); // ports with a pane
    this.terms = [];           // the query, parsed
    this.frame = 0;            // a draw is scheduled
    this.drawn = 0;            // draws so far (tests and tools: data-draws)

    el.query.value = load('directoryQuery', '');
    el.state.value = load('directoryState', '');
    if (el.state.selectedIndex < 0) el.state.value = '';
    const refilter = () => {
      save('directoryQuery', el.query.value);
      save('directoryState', el.state.value);
      this.parse();
      this.schedule();
    };
    el.query.addEventListener('input', refilter);
    el.state.addEventListener('change', refilter);
    // Enter opens the first port shown; ↓ goes to it.
    el.query.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' && ev.key !== 'ArrowDown') return;
      this.draw();
      const first = this.first();
      if (!first) return;
      ev.preventDefault();
      if (ev.key === 'Enter') this.open(first);
      else this.rows.get(first).button.focus();
    });
    // One listener for every row and tag (thousands of them).
    el.list.addEventListener('click', (ev) => {
      const tag = ev.target.closest('.tag');
      if (tag) {
        this.addTerm(tag.dataset.tag);
        return;
      }
      const row = ev.target.closest('.dir-port');
      if (row) this.open(row.dataset.port);
    });
    this.parse();
  }

  parse() {
    const { terms, problems } = parseQuery(this.el.query.value);
    if (this.el.state.value) terms.push({ kind: 'state', value: this.el.state.value });
    this.terms = terms;
    this.el.error.textContent = problems.join('; ');
    this.el.error.hidden = problems.length === 0;
    this.el.query.setAttribute('aria-invalid', String(problems.length > 0));
  }

  // addTerm adds a word to the query (a tag chip pressed), unless it is
  // there already.
  addTerm(word) {
    const q = this.el.query;
    const words = q.value.trim().split(/\s+/).filter(Boolean);
    if (!words.some((w) => w.toLowerCase() === word.toLowerCase() || w.toLowerCase() === `tag:${word.toLowerCase()}`)) words.push(word);
    q.value = words.join(' ');
    q.dispatchEvent(new Event('input'));
  }

  // setPorts takes a new port list (GET /api/ports).
  setPorts(list) {
    this.ports = new Map(list.map((p) => [p.name, p]));
    this.schedule();
  }

  // update takes a port object from a status event of an open pane. A
  // gateway's online state, last seen and tags are the gateway's, so they
  // are given to each of its ports. It returns true when the gateway's
  // online state changed: its other ports' states changed too, and the
  // caller asks for the list again.
  update(p) {
    if (!p || typeof p.name !== 'string') return false;
    const had = this.ports.get(p.name);
    if (!had) return false; // a port not listed yet: the next list has it
    this.ports.set(p.name, p);
    if (shown(had) === shown(p)) return false; // presence and counters: nothing the list shows
    let changed = false;
    if (isFleetPort(p)) {
      changed = had.online !== p.online;
      for (const [name, q] of this.ports) {
        if (name !== p.name && q.gateway === p.gateway) {
          this.ports.set(name, { ...q, online: p.online, lastSeen: p.lastSeen, tags: p.tags });
        }
      }
    }
    this.schedule();
    return changed;
  }

  // setOpen marks the ports that have a pane.
  setOpen(names) {
    this.openNames = new Set(names);
    this.schedule();
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  // draw brings the list up to date: rebuilt if the ports or their groups
  // changed, otherwise only what changed.
  draw() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const groups = groupPorts([...this.ports.values()]);
    const shape = groups.map((g) => `${g.key}\n${g.ports.map((p) => p.name).join('\n')}`).join('\n\n');
    if (shape !== this.shape) this.build(groups, shape);
    const now = Date.now();
    let shownPorts = 0;
    let shownGroups = 0;
    let offline = 0;
    for (const g of groups) {
      const gv = this.groups.get(g.key);
      this.drawGroup(gv, g, now);
      if (g.key !== '' && !g.online) offline++;
      let any = false;
      for (const p of g.ports) {
        const row = this.rows.get(p.name);
        this.drawRow(row, p);
        const shown = matches(p, this.terms);
        if (shown !== row.shown) {
          row.shown = shown;
          row.li.hidden = !shown;
        }
        if (shown) {
          any = true;
          shownPorts++;
        }
      }
      if (any !== gv.shown) {
        gv.shown = any;
        gv.section.hidden = !any;
      }
      if (any) shownGroups++;
    }
    const gateways = groups.filter((g) => g.key !== '').length;
    const total = this.ports.size;
    const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
    let count;
    if (this.terms.length) count = `${shownPorts} of ${plural(total, 'port')} · ${shownGroups} of ${groups.length} ${groups.length === 1 ? 'group' : 'groups'}`;
    else count = `${plural(total, 'port')} · ${plural(gateways, 'gateway')}${offline ? ` (${offline} offline)` : ''}`;
    if (this.el.count.textContent !== count) this.el.count.textContent = count;
    this.el.empty.hidden = shownPorts > 0 || total === 0;
    this.el.root.dataset.shown = String(shownPorts);
    this.el.root.dataset.draws = String(++this.drawn);
  }

  // build makes the list's elements afresh.
  build(groups, shape) {
    this.shape = shape;
    this.rows.clear();
    this.groups.clear();
    const frag = document.createDocumentFragment();
    for (const g of groups) {
      const local = g.key === '';
      const dot = h('span', { className: 'dot', 'aria-hidden': 'true' });
      const state = h('span', { className: 'gw-state' });
      const count = h('span', { className: 'gw-count' });
      const tags = h('span', { className: 'gw-tags' });
      const title = h('h3', { className: 'gw-name' }, local ? 'This server' : g.gateway);
      const list = h('ul', { className: 'gw-ports' });
      const section = h('section', {
        className: 'gw', dataset: { gateway: g.key }, 'aria-label': local ? 'This server' : `Gateway ${g.gateway}`,
      }, h('header', { className: 'gw-head' }, dot, title, state, count, tags), list);
      const gv = { section, dot, state, count, tags, sig: '', shown: true };
      this.groups.set(g.key, gv);
      for (const p of g.ports) {
        const name = h('span', { className: 'dir-name' }, shortName(p));
        const pstate = h('span', { className: 'dir-pstate' });
        const desc = h('span', { className: 'dir-desc' });
        const clients = h('span', { className: 'dir-clients' });
        const button = h('button', { type: 'button', className: 'dir-open' }, h('span', { className: 'dot', 'aria-hidden': 'true' }), name, pstate, desc, clients);
        const li = h('li', { className: 'dir-port', dataset: { port: p.name } }, button);
        list.append(li);
        this.rows.set(p.name, { li, button, pstate, desc, clients, sig: '', shown: true });
      }
      frag.append(section);
    }
    this.el.list.textContent = '';
    this.el.list.append(frag);
  }

  drawGroup(gv, g, now) {
    const local = g.key === '';
    let state = '';
    let title = '';
    if (!local) {
      state = g.online ? 'online' : 'offline';
      if (!g.online && g.lastSeen !== null) {
        state += ` · last seen ${ago(g.lastSeen, now)}`;
        title = `Last heard from at ${new Date(g.lastSeen).toLocaleString()}`;
      } else if (!g.online) state += ' · never seen by this server';
    }
    if (gv.state.textContent !== state) gv.state.textContent = state;
    if (gv.state.title !== title) gv.state.title = title;
    const tagText = g.tags.map(([k, v]) => `${k}=${v}`).join(' ');
    const sig = `${g.online}\n${g.ports.length}\n${tagText}`;
    if (sig === gv.sig) return;
    gv.sig = sig;
    gv.section.dataset.online = String(local || g.online);
    gv.count.textContent = `${g.ports.length} port${g.ports.length === 1 ? '' : 's'}`;
    gv.tags.textContent = '';
    for (const [k, v] of g.tags) {
      const tag = `${k}=${v}`;
      gv.tags.append(h('button', { type: 'button', className: 'tag', dataset: { tag }, title: `Show only the ports tagged ${tag}` }, tag));
    }
  }

  drawRow(row, p) {
    const open = this.openNames.has(p.name);
    const online = p.online !== false;
    const desc = p.description || p.device || '';
    const clients = typeof p.clients === 'number' ? p.clients : 0;
    const sig = `${p.state}\n${online}\n${open}\n${desc}\n${clients}\n${p.error || ''}`;
    if (sig === row.sig) return;
    row.sig = sig;
    const li = row.li;
    li.dataset.portState = p.state || '';
    li.dataset.online = String(online);
    if (open) li.dataset.open = 'true';
    else delete li.dataset.open;
    row.pstate.textContent = p.state || '';
    row.desc.textContent = desc;
    row.clients.textContent = clients ? `${clients} client${clients === 1 ? '' : 's'}` : '';
    const why = p.error ? ` (${p.error})` : '';
    row.button.title = `${open ? 'Show' : 'Open'} ${p.name}: ${p.state || 'state unknown'}${why}`;
    row.button.setAttribute('aria-current', open ? 'true' : 'false');
  }

  // first is the name of the first port shown, or ''.
  first() {
    for (const [name, r] of this.rows) if (r.shown) return name;
    return '';
  }
}

// shown is what the list shows of a port, to tell whether a status
// changed it (an online gateway's lastSeen moves on every few seconds and
// is not shown).
function shown(p) {
  return JSON.stringify([p.state, p.online, p.online === false ? p.lastSeen : '', p.tags, p.clients, p.description, p.device, p.error]);
}
