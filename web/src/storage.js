// Browser storage of the console's preferences (localStorage, JSON values).
// Every call tolerates storage being disabled or full: the value then lasts
// for this page only.

const PREFIX = 'serialhub.';

export function load(key, fallback) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const v = JSON.parse(raw);
    return v === null || v === undefined ? fallback : v;
  } catch (_) {
    return fallback;
  }
}

export function save(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (_) {
    // storage disabled or full
  }
}

// tabLoad, tabSave and tabForget keep a value for this tab only
// (sessionStorage): it survives a reload, not the tab.
export function tabLoad(key, fallback) {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (_) {
    return fallback;
  }
}

export function tabSave(key, value) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (_) {
    // storage disabled or full
  }
}

export function tabForget(key) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch (_) {
    // storage disabled
  }
}
