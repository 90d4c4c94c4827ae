// serialhub web console: entry point. Loads the port list, opens one pane
// (PortSession) per chosen port, shown in tabs or side by side, and keeps
// the page's preferences (theme, layout). The URL names the ports shown:
// #port=NAME (the active one) and &open=A,B (all open panes, in order).
// On a fleet central (a port list with gateway ports, GATEWAY/PORT) the
// page also has the directory of gateways and their ports (directory.js).
//
// Modules: connection.js (WebSocket, reconnect, resume), session.js (a
// port's pane), views/ (terminal, lines, hex, plot), send.js (send box,
// history, macros, files), portpanel.js (settings, lines, break, modem,
// capture), directory.js and fleet.js (a central's directory), storage.js
// (preferences), dom.js (helpers, notices).

import './csp.js';
import { $, h, notify } from './dom.js';
import { load, save } from './storage.js';
import { PortSession } from './session.js';
import { wireMacroDialog } from './send.js';
import { api, canOpen, errorMessage, hasRole, isCentral, loadSession, onSession, wireAuth } from './auth.js';
import { Directory } from './directory.js';
import { groupPorts, isFleet } from './fleet.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10000;

const el = {
  portTabs: $('port-tabs'),
  openSelect: $('open-select'),
  panes: $('panes'),
  layout: $('layout-select'),
  theme: $('theme-select'),
  status: $('page-status'),
  addPort: $('add-port-button'),
  dirButton: $('directory-button'),
  dir: {
    root: $('directory'), query: $('dir-query'), state: $('dir-state'), count: $('dir-count'),
    error: $('dir-error'), list: $('dir-list'), empty: $('dir-empty'),
  },
};

let ports = [];               // last answer of /api/ports
const sessions = new Map();   // name -> PortSession, in tab order
let active = null;            // name of the active pane
let openMacros = () => {};
let listAttempt = 0;
let fleet = false;            // the server is a fleet central (its list has gateway ports)
let directory = null;         // the Directory, once the server is known to be a central
let pickerKey = null;         // the ports the picker was built for

// ===== Theme and layout ===================================================

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

function effectiveTheme() {
  const t = el.theme.value;
  if (t === 'light' || t === 'dark') return t;
  return darkQuery.matches ? 'dark' : 'light';
}

function applyTheme() {
  const t = el.theme.value;
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
  const eff = effectiveTheme();
  for (const s of sessions.values()) s.setTheme(eff);
}

// A phone shows one pane at a time, whatever the layout chosen on a wider
// screen (side by side would leave each pane a sliver).
const phoneQuery = window.matchMedia('(max-width: 600px)');

function applyLayout() {
  const layout = phoneQuery.matches ? 'tabs' : el.layout.value;
  document.body.dataset.layout = layout;
  if (fleet) {
    const shown = directoryShown();
    document.body.dataset.directory = shown ? 'shown' : 'hidden';
    el.dir.root.hidden = !shown;
    el.dirButton.setAttribute('aria-expanded', String(shown));
  }
  for (const s of sessions.values()) s.root.hidden = layout === 'tabs' && s.name !== active;
  for (const s of sessions.values()) if (!s.root.hidden) s.showView(s.view);
  // Two or more panes side by side: each send box offers sending to all
  // of them at once (send.js, broadcast.js).
  const shown = [...sessions.values()].filter((s) => !s.root.hidden);
  const group = shown.length >= 2 ? shown : [];
  for (const s of sessions.values()) s.send.setPeers(group.includes(s) ? group : []);
}

// ===== Ports and panes ====================================================

async function fetchPorts() {
  const res = await api('/api/ports', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const list = await res.json();
  if (!Array.isArray(list)) throw new Error('unexpected answer from /api/ports');
  return list.filter((p) => p && typeof p.name === 'string');
}

function fromURL() {
  const q = new URLSearchParams(location.hash.slice(1));
  const qs = new URLSearchParams(location.search);
  const port = q.get('port') ?? qs.get('port');
  const open = (q.get('open') ?? '').split(',').filter(Boolean);
  // The read-only link of a dashboard: #dashboard=ID&view=1 (views/dashboard.js).
  const dashboard = q.get('dashboard') || '';
  return { port, open, dashboard, viewOnly: q.get('view') === '1' };
}

// openDashboard opens dashboard id in its port's pane; viewOnly: the
// read-only link, which shows the dashboard alone (full window, no edit
// controls) and leaves the URL as it is.
let dashboardOnly = false;
async function openDashboard(id, viewOnly) {
  let d;
  try {
    const res = await api(`/api/dashboards/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(await errorMessage(res));
    d = await res.json();
  } catch (err) {
    notify(`Dashboard "${id}": ${err.message}`, 'error');
    return false;
  }
  if (!ports.some((p) => p.name === d.port)) {
    notify(`Dashboard "${id}": no port named "${d.port}"`, 'error');
    return false;
  }
  dashboardOnly = viewOnly;
  document.body.dataset.dashboardOnly = String(viewOnly);
  openPane(d.port, true);
  const s = sessions.get(d.port);
  s.dash.setReadOnly(viewOnly);
  s.dash.select(id);
  s.showView('dashboard');
  if (viewOnly) document.title = `${d.name} · serialhub`;
  return true;
}

function writeURL() {
  if (dashboardOnly) return; // the read-only link stays as it was
  const names = [...sessions.keys()];
  let hash = active ? `#port=${encodeURIComponent(active)}` : '';
  if (names.length > 1) hash += `&open=${names.map(encodeURIComponent).join(',')}`;
  history.replaceState(null, '', hash || location.pathname);
  document.title = active ? `${active} · serialhub` : 'serialhub';
}

function renderTabs() {
  el.portTabs.textContent = '';
  for (const s of sessions.values()) {
    const selected = s.name === active;
    const tab = h('button', {
      type: 'button', role: 'tab', className: 'port-tab', id: `port-tab-${s.name}`,
      'aria-selected': String(selected), tabIndex: selected ? 0 : -1, dataset: { port: s.name, state: s.root.dataset.state },
    }, h('span', { className: 'dot', 'aria-hidden': 'true' }), s.name);
    tab.addEventListener('click', () => activate(s.name));
    const close = h('button', { type: 'button', className: 'port-tab-close', 'aria-label': `Close ${s.name}`, title: `Close ${s.name}` }, '×');
    close.addEventListener('click', () => closePane(s.name));
    el.portTabs.append(h('div', { className: 'port-tab-wrap' }, tab, close));
  }
  renderPicker();
  if (directory) directory.setOpen([...sessions.keys()]);
}

// renderPicker builds the "open a port" picker: the ports not open yet
// (on a central, grouped by gateway). It is built again only when those
// change, so a list asked for again leaves a picker being used alone.
function renderPicker() {
  const option = (p) => h('option', { value: p.name }, p.device && p.device !== p.name ? `${p.name} (${p.device})` : p.name);
  const key = [sessions.size > 0, ...ports.filter((p) => !sessions.has(p.name)).map((p) => `${p.name}\n${p.device}\n${p.online}`)].join('\n');
  if (key === pickerKey) return;
  pickerKey = key;
  el.openSelect.textContent = '';
  el.openSelect.append(h('option', { value: '' }, sessions.size ? 'Open another port…' : 'Open a port…'));
  if (fleet) {
    for (const g of groupPorts(ports.filter((p) => !sessions.has(p.name)))) {
      el.openSelect.append(h('optgroup', { label: g.key === '' ? 'This server' : `${g.key}${g.online ? '' : ' (offline)'}` }, ...g.ports.map(option)));
    }
  } else {
    for (const p of ports) {
      if (sessions.has(p.name)) continue;
      el.openSelect.append(option(p));
    }
  }
  el.openSelect.disabled = el.openSelect.options.length <= 1;
}

function openPane(name, makeActive = true) {
  if (!sessions.has(name)) {
    const port = ports.find((p) => p.name === name);
    if (!port) return;
    const s = new PortSession(port, {
      onState: (sess) => {
        const tab = document.getElementById(`port-tab-${sess.name}`);
        if (tab) tab.dataset.state = sess.root.dataset.state;
      },
      onRemoved: (sess) => {
        closePane(sess.name);
        refreshPorts();
      },
      // A status of a gateway's port: the directory shows it at once, and
      // when the gateway went offline or came back, its other ports did
      // too: the list is asked for again.
      onStatus: (_sess, p) => {
        if (directory && directory.update(p)) refreshPorts();
      },
      openMacros: () => openMacros(),
    });
    sessions.set(name, s);
    el.panes.append(s.root);
    s.setTheme(effectiveTheme());
    s.start();
  }
  if (makeActive || !active) active = name;
  if (el.status.textContent.startsWith('No port open')) el.status.textContent = '';
  renderTabs();
  applyLayout();
  writeURL();
}

function activate(name) {
  active = name;
  renderTabs();
  applyLayout();
  writeURL();
  const tab = document.getElementById(`port-tab-${name}`);
  if (tab) tab.focus();
}

function closePane(name) {
  const s = sessions.get(name);
  if (!s) return;
  s.dispose();
  sessions.delete(name);
  if (active === name) active = sessions.size ? [...sessions.keys()][0] : null;
  renderTabs();
  applyLayout();
  writeURL();
  el.status.textContent = sessions.size ? '' : `No port open: pick one ${fleet ? 'in the directory' : 'above'}.`;
  if (fleet && !sessions.size && !directoryOpen) showDirectory(true);
}

// ===== The port list, live ===============================================
//
// The list is asked for (GET /api/ports) when the page loads, after this
// page adds or removes a port, after a pane's port was removed, and after
// a login. On a central, gateways come and go: while the directory is
// shown and the page visible, the page listens to GET /api/events (server-
// sent events), which says when the list may have changed (a port added
// or removed, a state changed, a gateway gone or back), and asks for the
// list then: one request, never one per port, and nothing on a timer.
// A pane's status events say so for its own gateway too.

let listing = null;           // the request for the list in flight
let listAgain = false;        // asked for again while one was in flight
let events = null;            // the EventSource of /api/events while the directory is shown
const rolesAsked = new Set(); // ports the session was read again for

async function refreshPorts() {
  if (listing) {
    listAgain = true;
    return listing;
  }
  listing = (async () => {
    do {
      listAgain = false;
      try {
        ports = await fetchPorts();
      } catch (_) {
        continue;
      }
      portsChanged();
    } while (listAgain);
  })();
  try {
    await listing;
  } finally {
    listing = null;
  }
}

// portsChanged shows a new list of ports.
function portsChanged() {
  if (!fleet && (isCentral() || isFleet(ports))) becomeFleet();
  // The tabs are the open panes': a new list leaves them (and a click
  // on one) alone.
  renderPicker();
  if (directory) directory.setPorts(ports);
  // Roles of ports new since the session was read (a gateway that joined,
  // whose role may come from GATEWAY/* or a tag): read it again, once.
  const unknown = ports.filter((p) => !hasRole(p.name) && !rolesAsked.has(p.name));
  if (unknown.length) {
    for (const p of unknown) rolesAsked.add(p.name);
    loadSession();
  }
}

// listen opens or closes the event stream as the directory and the page
// are shown. EventSource reconnects by itself (the server asks for 2 s);
// each "ports" event, the first on every connection too, asks for the list.
function listen() {
  const want = fleet && directoryShown() && document.visibilityState === 'visible';
  if (want && !events) {
    events = new EventSource('/api/events');
    events.addEventListener('ports', () => refreshPorts());
  } else if (!want && events) {
    events.close();
    events = null;
  }
}

// ===== The directory (a central's) =======================================

// directoryShown: the directory is shown, as the user chose (by default
// it is); on a phone, it is shown instead of the panes, until a port is
// chosen.
let directoryOpen = true;

function directoryShown() {
  return fleet && directoryOpen;
}

// showDirectory shows or hides the directory; focus: into its search box.
function showDirectory(on, focus = false) {
  directoryOpen = on;
  if (!phoneQuery.matches) save('directory', on);
  applyLayout();
  listen();
  if (on && focus) el.dir.query.focus();
}

// becomeFleet sets the page up for a central: the directory and its
// button.
function becomeFleet() {
  fleet = true;
  pickerKey = null;
  document.body.dataset.fleet = 'true';
  directoryOpen = phoneQuery.matches ? sessions.size === 0 : load('directory', true);
  el.dirButton.hidden = false;
  directory = new Directory(el.dir, (name) => {
    openPane(name, true);
    if (phoneQuery.matches) showDirectory(false);
  });
  directory.setOpen([...sessions.keys()]);
  el.dirButton.addEventListener('click', () => showDirectory(!directoryOpen, true));
  document.addEventListener('visibilitychange', listen);
  applyLayout();
  listen();
}

// start loads the port list (retrying with backoff while the server is
// unreachable) and opens the ports named in the URL, or the first one.
async function start() {
  try {
    await loadSession(); // logs in first if the server asks
    ports = await fetchPorts();
  } catch (err) {
    const why = err instanceof TypeError ? 'server unreachable' : `port list: ${err.message}`;
    const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** listAttempt++);
    const delay = base / 2 + (Math.random() * base) / 2;
    el.status.textContent = `Loading ports: ${why}; retrying in ${Math.ceil(delay / 1000)}s`;
    setTimeout(start, delay);
    return;
  }
  el.status.textContent = '';
  document.body.dataset.state = 'ready';
  portsChanged();
  if (!ports.length) {
    document.body.dataset.state = 'idle';
    el.status.textContent = 'No ports configured on the server';
    return;
  }
  const { port, open, dashboard, viewOnly } = fromURL();
  const known = (n) => ports.some((p) => p.name === n);
  if (dashboard && await openDashboard(dashboard, viewOnly)) return;
  for (const n of open) if (known(n)) openPane(n, false);
  if (fleet) {
    // A central: its directory shows, and a port opens only when named
    // (the first of hundreds would be anyone's guess).
    if (port && !known(port)) notify(`No port named "${port}": pick one in the directory`, 'error');
    if (known(port)) {
      openPane(port, true);
      if (phoneQuery.matches) showDirectory(false);
    }
    if (!sessions.size) el.status.textContent = 'No port open: pick one in the directory.';
    return;
  }
  if (port && !known(port)) notify(`No port named "${port}"; showing "${ports[0].name}"`, 'error');
  openPane(known(port) ? port : ports[0].name, true);
}

// ===== Adding a port (servers started with --allow-open) ==================

// setupAddPort wires "Add device", shown when the session says this user
// may open ports (canOpen: the server runs with --allow-open). Nothing is
// asked of the server until the button is used, so a healthy load makes
// no request that fails.
function setupAddPort() {
  let devices = [];
  const offer = () => {
    el.addPort.hidden = !canOpen();
  };
  onSession(offer);
  offer();
  const dlg = $('add-dialog');
  const list = $('add-device');
  const form = $('add-form');
  el.addPort.addEventListener('click', async () => {
    $('add-error').textContent = '';
    try {
      const res = await api('/api/devices');
      if (!res.ok) throw new Error(await errorMessage(res));
      const got = await res.json();
      if (Array.isArray(got)) devices = got;
    } catch (err) {
      $('add-error').textContent = `Listing the machine's serial ports failed: ${err.message}`;
    }
    list.textContent = '';
    for (const d of devices) {
      if (!d || typeof d.path !== 'string') continue;
      const label = [d.path, d.product, d.manufacturer, d.serialNumber && `#${d.serialNumber}`].filter(Boolean).join(' · ');
      // A device some port serves already cannot be opened twice.
      const served = typeof d.port === 'string' && d.port;
      list.append(h('option', { value: d.byId || d.path, disabled: !!served }, served ? `${label} (port ${d.port})` : label));
    }
    if (!list.options.length) list.append(h('option', { value: '', disabled: true }, 'No serial devices found'));
    const free = [...list.options].find((o) => !o.disabled);
    if (free) list.value = free.value;
    dlg.showModal();
  });
  $('add-cancel').addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('add-name').value.trim();
    const device = $('add-path').value.trim() || list.value;
    if (!device) {
      $('add-error').textContent = 'Choose a device or give its path';
      return;
    }
    const body = { device, settings: { baud: Number($('add-baud').value) || 115200 } };
    if (name) body.name = name; // the server names it after the device otherwise
    try {
      const res = await api('/api/ports', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      if (!res.ok) {
        $('add-error').textContent = await errorMessage(res);
        return;
      }
      const port = await res.json();
      dlg.close();
      form.reset();
      await refreshPorts();
      if (!ports.some((p) => p.name === port.name)) ports.push(port);
      openPane(port.name, true);
    } catch (err) {
      $('add-error').textContent = err.message;
    }
  });
}

// ===== Wiring =============================================================

function wire() {
  el.theme.value = load('theme', 'auto');
  el.layout.value = load('layout', 'tabs');
  el.theme.addEventListener('change', () => {
    save('theme', el.theme.value);
    applyTheme();
  });
  darkQuery.addEventListener('change', applyTheme);
  phoneQuery.addEventListener('change', applyLayout);
  el.layout.addEventListener('change', () => {
    save('layout', el.layout.value);
    applyLayout();
  });
  el.openSelect.addEventListener('change', () => {
    const name = el.openSelect.value;
    if (name) openPane(name, true);
  });
  // Arrow keys move between port tabs.
  el.portTabs.addEventListener('keydown', (ev) => {
    const tabs = [...el.portTabs.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0 || (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft')) return;
    ev.preventDefault();
    const j = (i + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    activate(tabs[j].dataset.port);
  });
  window.addEventListener('hashchange', () => {
    const { port, dashboard, viewOnly } = fromURL();
    if (dashboard) {
      openDashboard(dashboard, viewOnly);
      return;
    }
    if (port && ports.some((p) => p.name === port)) openPane(port, true);
  });
  // Leaving the page (it may be kept in the back/forward cache): let go
  // of every port, so the page neither counts as a client nor holds a
  // write lock while away; coming back, resume where each port was.
  window.addEventListener('pagehide', () => {
    for (const s of sessions.values()) s.conn.suspend();
  });
  window.addEventListener('pageshow', (ev) => {
    if (ev.persisted) for (const s of sessions.values()) s.conn.resume();
  });
  // Back online: do not wait for the rest of the backoff.
  window.addEventListener('online', () => {
    for (const s of sessions.values()) s.conn.retryNow();
  });
  openMacros = wireMacroDialog();
  wireAuth();
  // After a login (or a role change): roles apply to every pane, the port
  // list may differ, and connections refused meanwhile try again now.
  onSession(() => {
    for (const s of sessions.values()) {
      s.applyRole();
      if (s.conn.state === 'reconnecting') s.conn.retryNow();
    }
    if (document.body.dataset.state === 'ready') refreshPorts();
  });
  applyTheme();
  applyLayout();
}

wire();
setupAddPort();
start();
