// Builds the console: web/src -> web/ui (committed, embedded by web.go).
//
//   cd web && npm ci && npm run build
//
// esbuild (pinned in package.json / package-lock.json) bundles src/main.js
// with xterm.js and uPlot into ui/app.js and src/style.css with their CSS
// into ui/app.css; src/index.html is copied. src/sdk/serialhub.js, the SDK
// for the user's own pages, becomes ui/sdk/serialhub.js. Our own code is not minified
// (the libraries come minified from npm). The output is deterministic, so
// scripts/test rebuilds and fails when web/ui differs from what is committed.

import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';

const ui = new URL('./ui/', import.meta.url);
const src = new URL('./src/', import.meta.url);

// cspSafeXterm rewrites the two places where xterm.js's DOM renderer would
// trip a Content-Security-Policy without 'unsafe-inline' (see src/csp.js):
// <style> elements it fills with CSS text become CSSOM-backed elements, and
// setAttribute("style", …) on cells becomes a CSSOM assignment. The build
// fails if the code no longer looks as expected (a new xterm.js version).
const cspSafeXterm = {
  name: 'csp-safe-xterm',
  setup(b) {
    b.onLoad({ filter: /[\\/]@xterm[\\/]xterm[\\/]lib[\\/]xterm\.m?js$/ }, (args) => {
      let code = readFileSync(args.path, 'utf8');
      let styles = 0;
      code = code.replace(/([\w$.]+)\.createElement\("style"\)/g, (_, doc) => {
        styles++;
        return `globalThis.__serialhubCspStyle(${doc})`;
      });
      const attr = /(\w)\.setAttribute\("style",`\$\{\1\.getAttribute\("style"\)\|\|""\}\$\{(\w)\};`\)/g;
      let attrs = 0;
      code = code.replace(attr, (_, el, style) => {
        attrs++;
        return `${el}.style.cssText+=${style}+";"`;
      });
      if (styles !== 3 || attrs !== 1) {
        throw new Error(`csp-safe-xterm: expected 3 <style> and 1 style attribute in ${args.path}, found ${styles} and ${attrs}: check src/csp.js against this xterm.js`);
      }
      return { contents: code, loader: 'js' };
    });
  },
};

await mkdir(ui, { recursive: true });
for (const f of await readdir(ui)) await rm(new URL(f, ui), { recursive: true });

const common = { bundle: true, logLevel: 'warning', legalComments: 'eof', charset: 'utf8' };
await build({
  ...common,
  entryPoints: [new URL('main.js', src).pathname],
  outfile: new URL('app.js', ui).pathname,
  format: 'esm',
  target: 'es2022',
  plugins: [cspSafeXterm],
});
// The SDK for the user's own pages (docs/pages.md), served at
// /sdk/serialhub.js: an ES module of its own, sharing the console's
// position.js and stamps.js but none of its page.
await build({
  ...common,
  entryPoints: [new URL('sdk/serialhub.js', src).pathname],
  outfile: new URL('sdk/serialhub.js', ui).pathname,
  format: 'esm',
  target: 'es2022',
});
await build({
  ...common,
  entryPoints: [new URL('style.css', src).pathname],
  outfile: new URL('app.css', ui).pathname,
});
await copyFile(new URL('index.html', src), new URL('index.html', ui));
await copyFile(new URL('favicon.svg', src), new URL('favicon.svg', ui));
