// Small DOM helpers. Device data only ever reaches the page through
// textContent (never innerHTML), so the page stays CSP-clean and safe.

export const $ = (id) => document.getElementById(id);

// h builds an element: h('button', {className: 'x', type: 'button'}, 'text', child…).
// Properties are assigned as DOM properties (never style attributes);
// strings among the children become text nodes.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null) continue;
      if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('aria-') || k === 'role' || k === 'for') el.setAttribute(k, v);
      else el[k] = v;
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

// cloneTemplate returns a copy of <template id=id>'s first element, with
// every [data-id] inside collected in the returned object's refs, and every
// id attribute inside the copy suffixed (so labels stay tied to their
// controls when a template is used several times on one page).
let templateUses = 0;
export function cloneTemplate(id) {
  const root = document.importNode($(id).content.firstElementChild, true);
  const suffix = `-${++templateUses}`;
  for (const el of root.querySelectorAll('[id]')) el.id += suffix;
  for (const el of root.querySelectorAll('label[for]')) el.htmlFor += suffix;
  for (const el of root.querySelectorAll('[aria-controls]')) el.setAttribute('aria-controls', el.getAttribute('aria-controls') + suffix);
  for (const el of root.querySelectorAll('[aria-labelledby]')) el.setAttribute('aria-labelledby', el.getAttribute('aria-labelledby') + suffix);
  const refs = {};
  for (const el of root.querySelectorAll('[data-id]')) refs[el.dataset.id] = el;
  return { root, refs };
}

// ----- Notices (toasts) -----

const NOTICE_MS = 8000;
const MAX_NOTICES = 4;

// notify shows a notice for NOTICE_MS (errors until dismissed or their
// pane reconnects: see PortSession.notify) in box: a pane's own notices
// (over the bottom of its views, never over another pane's controls), or
// the page's. It returns a function that removes the notice.
export function notify(text, kind = 'info', box = $('notices')) {
  const close = h('button', { type: 'button', className: 'notice-close', title: 'Dismiss', 'aria-label': 'Dismiss' }, '×');
  const n = h('div', { className: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('span', null, text), close);
  const remove = () => n.remove();
  close.addEventListener('click', remove);
  box.append(n);
  while (box.children.length > MAX_NOTICES) box.firstElementChild.remove();
  setTimeout(() => {
    n.classList.add('fading');
    setTimeout(remove, 400);
  }, NOTICE_MS);
  return remove;
}

// ----- Formatting -----

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

const PARITY_LETTER = { none: 'N', odd: 'O', even: 'E', mark: 'M', space: 'S' };

// describeSettings: "115200 8N1" (+ " RTS/CTS" / " XON/XOFF").
export function describeSettings(s) {
  if (!s || typeof s !== 'object') return '';
  let text = `${s.baud ?? '?'} ${s.dataBits ?? '?'}${PARITY_LETTER[s.parity] ?? '?'}${s.stopBits ?? '?'}`;
  if (s.flowControl === 'rtscts') text += ' RTS/CTS';
  else if (s.flowControl === 'xonxoff') text += ' XON/XOFF';
  return text;
}

// download saves data (a Blob) as a file named name; a slash (a fleet
// port's GATEWAY/PORT) becomes "_", as a file name cannot hold one (each
// browser would change it its own way).
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name.replace(/[/\\]/g, '_'), hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// fileStamp: 20261129-143000 for file names.
export function fileStamp(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

// capitalise starts a sentence with a name ("a browser at …" → "A browser at …").
export const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// clockTime: 14:30:00.123 (local time, milliseconds with leading zeros).
export function clockTime(ms) {
  const d = new Date(ms);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

// confirmDialog asks a yes/no question in the page's <dialog id=confirm-dialog>
// (keyboard: Enter or Escape) and resolves true when the user chose ok.
export function confirmDialog(text, okLabel = 'OK') {
  const dlg = $('confirm-dialog');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    $('confirm-cancel').focus();
  });
}
