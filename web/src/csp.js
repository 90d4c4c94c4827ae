// CSP support for xterm.js. Its DOM renderer writes its theme and sizes
// into <style> elements it creates, which a Content-Security-Policy without
// 'unsafe-inline' (e.g. default-src 'self') blocks. build.mjs rewrites those
// createElement("style") calls in the bundled xterm.js into calls of
// cspStyleElement: an inert <template> element standing in for the <style>
// (CSP refuses even an empty inline <style>), whose textContent goes into a
// constructed stylesheet adopted by the document (CSSOM, which CSP allows). It also turns xterm's setAttribute('style')
// into CSSOM assignments (see build.mjs).

export function cspStyleElement(doc) {
  const el = doc.createElement('template');
  const sheet = new CSSStyleSheet();
  let text = '';
  Object.defineProperty(el, 'textContent', {
    get: () => text,
    set: (v) => {
      text = String(v ?? '');
      sheet.replaceSync(text);
    },
  });
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const remove = el.remove.bind(el);
  el.remove = () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    remove();
  };
  return el;
}

globalThis.__serialhubCspStyle = cspStyleElement;
