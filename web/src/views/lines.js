// Lines view: a log of the device's output, one element per line, with an
// optional per-line timestamp (the time of the line's first byte: absolute,
// or the delta from the line before), filter or highlight by text or
// regular expression with a match count and next/previous, autoscroll that
// pauses when the user scrolls up, and a cap on retained lines. The time
// mode and the filter are remembered in the browser for each port name.
// Control characters show as badges naming them (ESC, NUL, STX…): no font
// for Unicode's control pictures is needed. Lines are kept in a model
// (bounded) and rendered only while the view is visible, at most once per
// animation frame.

import { clockTime, download, fileStamp } from '../dom.js';
import { controlName, controlPicture, displayParts } from '../bytes.js';
import { load, save } from '../storage.js';
import { Follower } from './follow.js';

export const MAX_LINES = 5000;      // lines kept; older ones are removed
// While following, the page shows only the newest FOLLOW_LINES (far more
// than a screen holds): drawing, style and layout cost per frame stays
// small however long the log. Pausing the autoscroll (scrolling up) shows
// every line kept.
export const FOLLOW_LINES = 400;

const TS_MODES = ['off', 'time', 'delta'];
const FILTER_MODES = ['filter', 'highlight'];

// compileFilter turns the filter box into a test of a line's text: null
// for an empty box, or for an invalid regular expression, whose error then
// says why in plain words ("Invalid regular expression: Unterminated
// group"); an invalid expression filters nothing.
export function compileFilter(text, regex, matchCase) {
  if (!text) return { match: null, error: '' };
  if (regex) {
    let re;
    try {
      re = new RegExp(text, matchCase ? '' : 'i');
    } catch (e) {
      // V8 says "Invalid regular expression: /(/i: Unterminated group":
      // keep the reason, not the pattern the box already shows.
      const reason = String((e && e.message) || e).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      return { match: null, error: `Invalid regular expression: ${reason}` };
    }
    return { match: (s) => re.test(s), error: '' };
  }
  if (matchCase) return { match: (s) => s.includes(text), error: '' };
  const lower = text.toLowerCase();
  return { match: (s) => s.toLowerCase().includes(lower), error: '' };
}

// countText is what the filter's count says: in highlight mode the current
// match's place among the matches ("2 of 5") or their number; in
// show-only mode the lines shown of the lines kept ("5 of 300 lines").
export function countText(mode, current, matches, lines) {
  if (mode === 'filter') return `${matches} of ${lines} line${lines === 1 ? '' : 's'}`;
  if (current >= 0) return `${current + 1} of ${matches}`;
  if (!matches) return 'No matches';
  return `${matches} match${matches === 1 ? '' : 'es'}`;
}

// stepIndex is the match after (dir 1) or before (dir -1) index current of
// n matches, wrapping around; with no current match (-1), the first (the
// oldest) going forward and the last (the newest) going back.
export function stepIndex(current, n, dir) {
  if (!n) return -1;
  if (current < 0 || current >= n) return dir > 0 ? 0 : n - 1;
  return (current + dir + n) % n;
}

// indexIn is the index of value in sorted[from:], or -1.
function indexIn(sorted, from, value) {
  let lo = from;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// fillText puts a line's text in el, each control character as a badge:
// <span class="ctl" data-c="ESC">␛</span>. The badge's name is drawn by
// CSS (::before) in the page's font and the control picture inside is not
// drawn (font-size 0), so no font for U+2400-U+2426 is needed, while
// copying the line still gives the picture (never the raw byte).
function fillText(el, raw) {
  const parts = displayParts(raw);
  if (parts.length === 1 && typeof parts[0] === 'string') {
    el.textContent = parts[0];
    return;
  }
  for (const part of parts) {
    if (typeof part === 'string') {
      el.append(part);
      continue;
    }
    const badge = document.createElement('span');
    badge.className = 'ctl';
    badge.dataset.c = controlName(part);
    badge.textContent = controlPicture(part);
    el.append(badge);
  }
}

export class LinesView {
  constructor(refs, name) {
    this.name = name;
    this.out = refs.linesOut;
    this.out.dataset.cap = String(MAX_LINES);
    // Pausing the autoscroll shows every line kept (a flood may have drawn fewer).
    this.follower = new Follower(this.out, refs.linesJump, (follow) => {
      if (!follow && this.domCount < Math.min(this.model.length, MAX_LINES)) this.rebuild(true);
    });
    this.model = [];          // {text, t, cls, g, m}: m caches the filter's verdict for filter generation g
    this.base = 0;            // sequence number of model[0]
    this.rendered = 0;        // lines before this sequence number are on screen (or were skipped)
    this.domCount = 0;        // .line elements on screen, the partial one included
    this.partial = null;      // {text, t}: the unterminated last line
    this.partialEl = null;
    this.dirty = false;
    this.visible = false;
    this.tsMode = 'off';      // off | time | delta
    this.match = null;        // (text) => bool, or null for no filter
    this.filterMode = 'filter';
    this.gen = 0;             // filter generation: a line's cached verdict (m) holds while its g is this
    // Matches among the lines kept (the newest MAX_LINES), found at each
    // draw: sequence numbers of matching lines, ascending, from hitsHead.
    this.hits = [];
    this.hitsHead = 0;
    this.scanned = 0;         // lines before this sequence number were looked at
    this.markers = [];        // sequence numbers of marker lines (not counted as lines)
    this.current = -1;        // sequence number of the current match (highlight mode), -1 for none
    this.countShown = null;   // the count's text on screen

    this.ui = refs;
    const prefs = this.loadPrefs();
    refs.tsMode.value = prefs.ts;
    refs.filterText.value = prefs.text;
    refs.filterRegex.checked = prefs.regex;
    refs.filterCase.checked = prefs.matchCase;
    refs.filterMode.value = prefs.mode;
    // The count and the error are read with the box (ids are made unique per pane).
    refs.filterText.setAttribute('aria-describedby', `${refs.filterCount.id} ${refs.filterError.id}`);

    refs.tsMode.addEventListener('change', () => {
      this.setTsMode(refs.tsMode.value);
      this.savePrefs();
    });
    const refilter = () => {
      this.setFilter(refs.filterText.value, refs.filterRegex.checked, refs.filterCase.checked, refs.filterMode.value);
      this.savePrefs();
    };
    refs.filterText.addEventListener('input', refilter);
    refs.filterRegex.addEventListener('change', refilter);
    refs.filterCase.addEventListener('change', refilter);
    refs.filterMode.addEventListener('change', refilter);
    refs.filterText.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || ev.isComposing || ev.ctrlKey || ev.altKey || ev.metaKey) return;
      ev.preventDefault();
      this.step(ev.shiftKey ? -1 : 1);
    });
    refs.filterNext.addEventListener('click', () => this.step(1));
    refs.filterPrev.addEventListener('click', () => this.step(-1));
    refs.linesSave.addEventListener('click', () => this.save());

    this.setTsMode(prefs.ts);
    this.setFilter(prefs.text, prefs.regex, prefs.matchCase, prefs.mode);
  }

  // ----- remembered settings (per port name) -----

  prefsKey() {
    return `lines:${this.name}`;
  }

  loadPrefs() {
    const v = load(this.prefsKey(), {});
    const ok = v && typeof v === 'object';
    return {
      ts: ok && TS_MODES.includes(v.ts) ? v.ts : 'off',
      text: ok && typeof v.text === 'string' ? v.text : '',
      regex: !!(ok && v.regex === true),
      matchCase: !!(ok && v.matchCase === true),
      mode: ok && FILTER_MODES.includes(v.mode) ? v.mode : 'filter',
    };
  }

  savePrefs() {
    const r = this.ui;
    save(this.prefsKey(), {
      ts: r.tsMode.value,
      text: r.filterText.value,
      regex: r.filterRegex.checked,
      matchCase: r.filterCase.checked,
      mode: r.filterMode.value,
    });
  }

  // ----- model -----

  add(text, t, cls = '') {
    if (cls === 'marker') this.markers.push(this.base + this.model.length);
    this.model.push({ text, t, cls, g: -1, m: false });
    if (this.model.length > MAX_LINES + (MAX_LINES >> 2)) {
      const k = this.model.length - MAX_LINES;
      this.model.splice(0, k);
      this.base += k;
      while (this.markers.length && this.markers[0] < this.base) this.markers.shift();
    }
    this.dirty = true;
  }

  setPartial(text, t) {
    this.partial = text ? { text, t } : null;
    this.dirty = true;
  }

  clear() {
    this.base += this.model.length;
    this.model = [];
    this.partial = null;
    this.rendered = this.base;
    this.resetHits();
    this.markers = [];
    this.out.textContent = '';
    this.domCount = 0;
    this.partialEl = null;
    this.follower.set(true);
    this.updateCount();
  }

  // ----- settings -----

  setTsMode(mode) {
    this.tsMode = mode;
    this.out.classList.toggle('show-ts', mode !== 'off');
    this.rebuild();
  }

  // setFilter applies the filter box. An invalid regular expression is
  // said beside the box, the box is marked invalid, and every line is
  // shown (not the last valid filter, which the box no longer says).
  setFilter(text, regex, matchCase, mode) {
    const { match, error } = compileFilter(text, regex, matchCase);
    const box = this.ui.filterText;
    box.classList.toggle('invalid', !!error);
    if (error) box.setAttribute('aria-invalid', 'true');
    else box.removeAttribute('aria-invalid');
    this.ui.filterError.textContent = error;
    this.ui.filterError.hidden = !error;
    this.match = match;
    this.filterMode = mode;
    const stepping = !!match && mode === 'highlight';
    for (const b of [this.ui.filterPrev, this.ui.filterNext]) {
      b.disabled = !stepping;
      b.title = stepping ? '' : (mode === 'highlight' ? 'Type what to find first' : 'Next and previous match work in highlight mode');
    }
    this.gen++;
    this.resetHits();
    this.rebuild();
    this.updateCount();
  }

  resetHits() {
    this.hits = [];
    this.hitsHead = 0;
    this.scanned = this.base;
    this.current = -1;
  }

  // keptFrom is the sequence number of the oldest line kept: the view
  // shows (and the count counts) the newest MAX_LINES.
  keptFrom() {
    return this.base + Math.max(0, this.model.length - MAX_LINES);
  }

  // hitOf says whether a line matches the filter (markers never do),
  // computing it once per line and filter.
  hitOf(line) {
    if (!this.match || line.cls === 'marker') return false;
    if (line.g !== this.gen) {
      line.g = this.gen;
      line.m = this.match(line.text);
    }
    return line.m;
  }

  // scan brings the matches up to date with the lines kept.
  scan() {
    const end = this.base + this.model.length;
    const from = this.keptFrom();
    if (this.match) {
      for (let seq = Math.max(this.scanned, from); seq < end; seq++) {
        if (this.hitOf(this.model[seq - this.base])) this.hits.push(seq);
      }
    }
    this.scanned = end;
    const hits = this.hits;
    while (this.hitsHead < hits.length && hits[this.hitsHead] < from) this.hitsHead++;
    if (this.hitsHead > 1024 && this.hitsHead * 2 > hits.length) {
      this.hits = hits.slice(this.hitsHead);
      this.hitsHead = 0;
    }
    while (this.markers.length && this.markers[0] < from) this.markers.shift();
    if (this.current >= 0 && this.current < from) this.current = -1;
  }

  // updateCount shows the count beside the filter box (nothing without a filter).
  updateCount() {
    const el = this.ui.filterCount;
    let text = '';
    if (this.match) {
      const matches = this.hits.length - this.hitsHead;
      const lines = this.base + this.model.length - this.keptFrom() - this.markers.length;
      const cur = this.current >= 0 ? indexIn(this.hits, this.hitsHead, this.current) : -1;
      text = countText(this.filterMode, cur < 0 ? -1 : cur - this.hitsHead, matches, lines);
    }
    if (text === this.countShown) return;
    this.countShown = text;
    el.textContent = text;
    el.hidden = !text;
  }

  // step makes the next (dir 1) or previous (dir -1) match the current
  // one, in highlight mode: the autoscroll pauses (so every line kept is
  // on the page), and the match is marked and scrolled to the middle.
  step(dir) {
    if (!this.match || this.filterMode !== 'highlight' || !this.visible) return;
    this.flush();
    this.scan();
    const n = this.hits.length - this.hitsHead;
    const at = this.current >= 0 ? indexIn(this.hits, this.hitsHead, this.current) : -1;
    const i = stepIndex(at < 0 ? -1 : at - this.hitsHead, n, dir);
    if (i < 0) {
      this.updateCount();
      return;
    }
    const old = this.current >= 0 ? this.elementOf(this.current) : null;
    if (old) old.classList.remove('current');
    this.current = this.hits[this.hitsHead + i];
    this.follower.set(false);
    const el = this.elementOf(this.current);
    if (el) {
      el.classList.add('current');
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    this.updateCount();
  }

  // elementOf is the .line element of a sequence number, if on the page.
  elementOf(seq) {
    for (let el = this.out.lastElementChild; el; el = el.previousElementSibling) {
      if (el.seq === seq) return el;
      if (el.seq >= 0 && el.seq < seq) return null; // (the partial line is -1)
    }
    return null;
  }

  // ----- rendering -----

  show() {
    this.visible = true;
    this.rebuild();
  }

  hide() {
    this.visible = false;
  }

  stamp(i) {
    const line = this.model[i];
    if (this.tsMode === 'time') return clockTime(line.t);
    const prev = i > 0 ? this.model[i - 1].t : line.t;
    return `+${((line.t - prev) / 1000).toFixed(3)}`;
  }

  // makeLine draws a line; seq is its sequence number (-1: the partial line).
  makeLine(line, ts, seq) {
    const div = document.createElement('div');
    let cls = line.cls ? `line ${line.cls}` : 'line';
    if (this.filterMode === 'highlight' && this.hitOf(line)) {
      cls += ' hit';
      if (seq === this.current) cls += ' current';
    }
    div.className = cls;
    div.seq = seq;
    if (line.cls === 'marker') div.textContent = line.text;
    else fillText(div, line.text);
    if (ts) div.dataset.ts = ts;
    return div;
  }

  passes(line) {
    return !this.match || this.filterMode !== 'filter' || line.cls === 'marker' || this.hitOf(line);
  }

  rebuild(keepScroll = false) {
    if (!this.visible) return;
    const fromBottom = this.out.scrollHeight - this.out.scrollTop;
    this.out.textContent = '';
    this.domCount = 0;
    this.partialEl = null;
    this.rendered = this.base;
    this.dirty = true;
    this.flush();
    if (keepScroll) this.out.scrollTop = this.out.scrollHeight - fromBottom;
  }

  flush() {
    if (!this.visible || !this.dirty) return;
    this.dirty = false;
    const out = this.out;
    if (this.partialEl) {
      this.partialEl.remove();
      this.partialEl = null;
      this.domCount--;
    }
    const frag = document.createDocumentFragment();
    let from = Math.max(this.rendered, this.base) - this.base;
    const end = this.model.length;
    // A flood brings more new lines than one draw should make: while
    // following, start afresh with the newest FOLLOW_LINES (the model keeps
    // MAX_LINES; scrolling up pauses and shows them all).
    const most = this.follower.follow ? FOLLOW_LINES : MAX_LINES;
    if (end - from > most) {
      out.textContent = '';
      this.domCount = 0;
      from = end - most;
    }
    let added = 0;
    for (let i = from; i < end; i++) {
      const line = this.model[i];
      if (!this.passes(line)) continue;
      frag.appendChild(this.makeLine(line, this.tsMode === 'off' ? '' : this.stamp(i), this.base + i));
      added++;
    }
    this.rendered = this.base + end;
    if (this.partial) {
      const p = this.partial;
      const partial = { text: p.text, cls: 'partial', g: -1, m: false };
      if (this.passes(partial)) {
        const ts = this.tsMode === 'time' ? clockTime(p.t) : this.tsMode === 'delta' ? `+${((p.t - (end ? this.model[end - 1].t : p.t)) / 1000).toFixed(3)}` : '';
        this.partialEl = this.makeLine(partial, ts, -1);
        frag.appendChild(this.partialEl);
        added++;
      }
    }
    out.appendChild(frag);
    this.domCount += added;
    while (this.domCount > most + (this.partialEl ? 1 : 0)) {
      out.removeChild(out.firstChild);
      this.domCount--;
    }
    this.follower.after();
    this.scan();
    this.updateCount();
  }

  // save downloads the retained lines as text, with their timestamps.
  save() {
    const rows = this.model.map((l, i) => (this.tsMode === 'off' ? '' : `${this.stamp(i)} `) + l.text);
    if (this.partial) rows.push(this.partial.text);
    download(new Blob([rows.join('\n') + '\n'], { type: 'text/plain' }), `${this.name}-${fileStamp()}.log`);
  }
}

