// serialhub web console: entry point. Loads the port list, opens one pane
// (PortSession) per chosen port, shown in tabs or side by side, and keeps
// the page's preferences (theme, layout). The URL names the ports shown:
// #port=NAME (the active one) and &open=A,B (all open panes, in order).
//
// Modules: connection.js (WebSocket, reconnect, resume), session.js (a
// port's pane), views/ (terminal, lines, hex, plot), send.js (send box,
// history, macros, files), portpanel.js (settings, lines, break, modem,
// capture), storage.js (preferences), dom.js (helpers, notices).

import './csp.js';
import { $, h, notify } from './dom.js';
import { load, save } from './storage.js';
import { PortSession } from './session.js';
import { wireMacroDialog } from './send.js';
import { api, canOpen, loadSession, onSession, wireAuth } from './auth.js';

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
};

let ports = [];               // last answer of /api/ports
const sessions = new Map();   // name -> PortSession, in tab order
let active = null;            // name of the active pane
let openMacros = () => {};
let listAttempt = 0;

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
  for (const s of sessions.values()) s.root.hidden = layout === 'tabs' && s.name !== active;
  for (const s of sessions.values()) if (!s.root.hidden) s.showView(s.view);
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
  return { port, open };
}

function writeURL() {
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
  // The "open a port" picker lists the ports not open yet.
  el.openSelect.textContent = '';
  el.openSelect.append(h('option', { value: '' }, sessions.size ? 'Open another port…' : 'Open a port…'));
  for (const p of ports) {
    if (sessions.has(p.name)) continue;
    el.openSelect.append(h('option', { value: p.name }, p.device && p.device !== p.name ? `${p.name} (${p.device})` : p.name));
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
      openMacros: () => openMacros(),
    });
    sessions.set(name, s);
    el.panes.append(s.root);
    s.setTheme(effectiveTheme());
    s.start();
  }
  if (makeActive || !active) active = name;
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
  el.status.textContent = sessions.size ? '' : 'No port open: pick one above.';
}

async function refreshPorts() {
  try {
    ports = await fetchPorts();
  } catch (_) {
    return;
  }
  renderTabs();
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
  renderTabs();
  if (!ports.length) {
    document.body.dataset.state = 'idle';
    el.status.textContent = 'No ports configured on the server';
    return;
  }
  const { port, open } = fromURL();
  const known = (n) => ports.some((p) => p.name === n);
  if (port && !known(port)) notify(`No port named "${port}"; showing "${ports[0].name}"`, 'error');
  for (const n of open) if (known(n)) openPane(n, false);
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

// errorMessage is what the server said about a refused request: its own
// words (the error body's "error"), else the HTTP status.
async function errorMessage(res) {
  try {
    const b = await res.json();
    if (b && typeof b.error === 'string' && b.error) return b.error;
  } catch (_) {
    // not JSON
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
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
    const { port } = fromURL();
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
