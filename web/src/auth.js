// Authentication (docs/protocol.md, "Authentication"), feature-detected:
// on a server without users nothing here shows.
//
//   api(url, opts)   fetch for /api/…: a 401 with code "unauthorized" opens
//                    the login form, then the request is made again
//   loadSession()    GET /api/session: who is logged in, the role per port
//   roleOf(name)     "admin", "control", "view" (or "none") for a port
//   hasRole(name)    the session read names the port (else read it again)
//   onSession(f)     f() after a login and whenever roles change
//   canOpen()        whether "Add device" (POST /api/ports) is offered
//   isCentral()      the server is a fleet's central
//   sessionUser()    the user's name ('' without users): presence.js
//
// The login form takes a token, or a user and a password, and POSTs them
// to /api/login, which sets an HttpOnly session cookie: the page never
// keeps a credential. Logging out POSTs /api/logout and reloads the page.
// A WebSocket refused with 401 shows only as a failed connection: the
// connection then asks /api/ports/NAME through api(), which logs in.

import { $ } from './dom.js';

let session = null;       // the last /api/session (or /api/login) answer; null: no auth support
let loginPromise = null;  // while the login form is open
const listeners = new Set();
const forced = new Map(); // port -> 'view': the server answered "forbidden"

export function onSession(f) {
  listeners.add(f);
}

function changed() {
  renderUser();
  for (const f of listeners) f();
}

// roleOf is the user's role for port name: "control" on a server without
// authentication.
export function roleOf(name) {
  if (forced.has(name)) return forced.get(name);
  if (!session || !session.auth || !session.roles || typeof session.roles !== 'object') return 'control';
  return session.roles[name] || session.roles['*'] || 'none';
}

// mayBreak: the user may break another's lease on port name: the admin
// role, or a server without users (which trusts every client).
export function mayBreak(name) {
  if (!session || !session.auth) return roleOf(name) !== 'view' && roleOf(name) !== 'none';
  return roleOf(name) === 'admin';
}

// hasRole: the session read names port name's role (on a server without
// authentication, every port's). A port listed after the session was read
// (a fleet gateway that joined) may not be named: main.js reads it again.
export function hasRole(name) {
  if (!session || !session.auth || !session.roles || typeof session.roles !== 'object') return true;
  return Object.hasOwn(session.roles, name);
}

// canOpen reports whether the server lets this user open ports
// (--allow-open and control of ports not named): "Add device" shows then.
export function canOpen() {
  return !!(session && session.canOpen === true);
}

// isCentral: the server says it is a fleet's central (GET /api/session's
// "central"): the directory shows even before a gateway has joined.
export function isCentral() {
  return !!(session && session.central === true);
}

// sessionUser is the logged-in user's name, as the server names the
// user's connections (presence), or '' on a server without users.
export function sessionUser() {
  return session && session.auth && typeof session.user === 'string' ? session.user : '';
}

// forbidden records that the server refused a change to port name with
// "forbidden": its controls are disabled from now on.
export function forbidden(name) {
  if (forced.get(name) === 'view') return;
  forced.set(name, 'view');
  changed();
}

// api is fetch for the server's API; a 401 asks the user to log in and
// tries again.
export async function api(url, opts = {}) {
  for (;;) {
    const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...opts });
    if (res.status !== 401) return res;
    let body = null;
    try {
      body = await res.clone().json();
    } catch (_) {
      // not JSON: not the server's login requirement
    }
    if (!body || body.code !== 'unauthorized') return res;
    await login();
  }
}

// errorMessage is what the server said about a refused request: its own
// words (the error body's "error"), else the HTTP status.
export async function errorMessage(res) {
  try {
    const b = await res.json();
    if (b && typeof b.error === 'string' && b.error) return b.error;
  } catch (_) {
    // not JSON
  }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}

// loadSession reads /api/session (logging in first if needed). An older
// server has none: no login, every port controlled.
export async function loadSession() {
  let res;
  try {
    res = await api('/api/session', { headers: { Accept: 'application/json' } });
  } catch (_) {
    return; // unreachable: the port list retries
  }
  if (!res.ok) return;
  try {
    session = await res.json();
  } catch (_) {
    session = null;
  }
  forced.clear();
  changed();
}

// login shows the login form until the server accepts what is entered.
export function login() {
  if (!loginPromise) {
    loginPromise = new Promise((resolve) => {
      const dlg = $('login-dialog');
      $('login-error').textContent = '';
      const done = (answer) => {
        session = answer && typeof answer === 'object' ? answer : session;
        forced.clear();
        dlg.close();
        loginPromise = null;
        resolve();
        changed();
      };
      dlg.onLoggedIn = done;
      syncMode();
      dlg.showModal();
      (usesPassword() ? $('login-user') : $('login-token')).focus();
    });
  }
  return loginPromise;
}

function usesPassword() {
  return $('login-mode-password').checked;
}

function syncMode() {
  const pw = usesPassword();
  $('login-token-row').hidden = pw;
  $('login-user-row').hidden = !pw;
  $('login-password-row').hidden = !pw;
  $('login-token').required = !pw;
  $('login-user').required = pw;
  $('login-password').required = pw;
}

async function submit(ev) {
  ev.preventDefault();
  const err = $('login-error');
  const body = usesPassword()
    ? { user: $('login-user').value, password: $('login-password').value }
    : { token: $('login-token').value.trim() };
  const button = $('login-submit');
  button.disabled = true;
  err.textContent = '';
  try {
    const res = await fetch('/api/login', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
    });
    let answer = null;
    try {
      answer = await res.json();
    } catch (_) {
      // no body
    }
    if (res.ok) {
      $('login-password').value = '';
      $('login-token').value = '';
      // Sent here from one of the user's own pages (/pages/…): back to it.
      const next = pagesNext(location.search);
      if (next) {
        location.assign(next);
        return;
      }
      $('login-dialog').onLoggedIn(answer);
      return;
    }
    if (res.status === 429) err.textContent = `Too many attempts: wait ${res.headers.get('Retry-After') || 'a few'} seconds and try again.`;
    else if (res.status === 401) err.textContent = usesPassword() ? 'Wrong user or password.' : 'This token is not valid.';
    else err.textContent = (answer && answer.error) || `Login failed (HTTP ${res.status})`;
  } catch (e) {
    err.textContent = `Cannot reach the server: ${e.message}`;
  } finally {
    button.disabled = false;
  }
}

// pagesNext is the page of the user's own pages (docs/pages.md) that sent
// the browser to log in (/?next=/pages/…), or '' when none: only a path
// under /pages/ of this server is taken.
export function pagesNext(search) {
  const next = new URLSearchParams(search).get('next') || '';
  return next.startsWith('/pages/') && !next.includes('//') && !next.includes('\\') ? next : '';
}

async function logout() {
  try {
    await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
  } catch (_) {
    // the reload shows what is left
  }
  location.reload();
}

function renderUser() {
  const box = $('user-box');
  const on = !!(session && session.auth && session.user);
  box.hidden = !on;
  if (on) {
    $('user-name').textContent = session.user;
    box.title = `Logged in as ${session.user}${session.via && session.via !== 'session' ? ` (${session.via})` : ''}`;
    // A session cookie can be ended here; a proxy's or a token header cannot.
    $('logout-button').hidden = session.via !== 'session';
  }
}

// wireAuth wires the login form and the logout button.
export function wireAuth() {
  const dlg = $('login-dialog');
  // The page cannot work without logging in: Escape does not close the form.
  dlg.addEventListener('cancel', (ev) => ev.preventDefault());
  $('login-form').addEventListener('submit', submit);
  for (const id of ['login-mode-token', 'login-mode-password']) $(id).addEventListener('change', syncMode);
  $('logout-button').addEventListener('click', logout);
}
