// Lines view: a log of the device's output, one element per line, with an
// optional per-line timestamp (the time of the line's first byte: absolute,
// or the delta from the line before), filter or highlight by text or
// regular expression, autoscroll that pauses when the user scrolls up, and
// a cap on retained lines. Lines are kept in a model (bounded) and rendered
// only while the view is visible, at most once per animation frame.

import { clockTime, download, fileStamp } from '../dom.js';
import { displayText } from '../bytes.js';
import { Follower } from './follow.js';

export const MAX_LINES = 5000;      // lines kept; older ones are removed
// While following, the page shows only the newest FOLLOW_LINES (far more
// than a screen holds): drawing, style and layout cost per frame stays
// small however long the log. Pausing the autoscroll (scrolling up) shows
// every line kept.
export const FOLLOW_LINES = 400;

export class LinesView {
  constructor(refs, name) {
    this.name = name;
    this.out = refs.linesOut;
    this.out.dataset.cap = String(MAX_LINES);
    // Pausing the autoscroll shows every line kept (a flood may have drawn fewer).
    this.follower = new Follower(this.out, refs.linesJump, (follow) => {
      if (!follow && this.domCount < Math.min(this.model.length, MAX_LINES)) this.rebuild(true);
    });
    this.model = [];          // {text, t, cls}
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

    this.ui = refs;
    refs.tsMode.addEventListener('change', () => this.setTsMode(refs.tsMode.value));
    const refilter = () => this.setFilter(refs.filterText.value, refs.filterRegex.checked, refs.filterCase.checked, refs.filterMode.value);
    refs.filterText.addEventListener('input', refilter);
    refs.filterRegex.addEventListener('change', refilter);
    refs.filterCase.addEventListener('change', refilter);
    refs.filterMode.addEventListener('change', refilter);
    refs.linesSave.addEventListener('click', () => this.save());
  }

  // ----- model -----

  add(text, t, cls = '') {
    this.model.push({ text, t, cls });
    if (this.model.length > MAX_LINES + (MAX_LINES >> 2)) {
      const k = this.model.length - MAX_LINES;
      this.model.splice(0, k);
      this.base += k;
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
    this.out.textContent = '';
    this.domCount = 0;
    this.partialEl = null;
    this.follower.set(true);
  }

  // ----- settings -----

  setTsMode(mode) {
    this.tsMode = mode;
    this.out.classList.toggle('show-ts', mode !== 'off');
    this.rebuild();
  }

  setFilter(text, regex, matchCase, mode) {
    this.ui.filterText.classList.remove('invalid');
    this.ui.filterText.removeAttribute('aria-invalid');
    this.filterMode = mode;
    if (!text) this.match = null;
    else if (regex) {
      try {
        const re = new RegExp(text, matchCase ? '' : 'i');
        this.match = (s) => re.test(s);
      } catch (_) {
        this.ui.filterText.classList.add('invalid');
        this.ui.filterText.setAttribute('aria-invalid', 'true');
        return; // keep the last valid filter
      }
    } else if (matchCase) this.match = (s) => s.includes(text);
    else {
      const lower = text.toLowerCase();
      this.match = (s) => s.toLowerCase().includes(lower);
    }
    this.rebuild();
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

  makeLine(line, ts) {
    const div = document.createElement('div');
    let cls = line.cls ? `line ${line.cls}` : 'line';
    if (this.match && line.cls !== 'marker' && this.filterMode === 'highlight' && this.match(line.text)) cls += ' hit';
    div.className = cls;
    div.textContent = line.cls === 'marker' ? line.text : displayText(line.text);
    if (ts) div.dataset.ts = ts;
    return div;
  }

  passes(line) {
    return !this.match || this.filterMode !== 'filter' || line.cls === 'marker' || this.match(line.text);
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
      frag.appendChild(this.makeLine(line, this.tsMode === 'off' ? '' : this.stamp(i)));
      added++;
    }
    this.rendered = this.base + end;
    if (this.partial) {
      const p = this.partial;
      if (this.passes(p)) {
        const ts = this.tsMode === 'time' ? clockTime(p.t) : this.tsMode === 'delta' ? `+${((p.t - (end ? this.model[end - 1].t : p.t)) / 1000).toFixed(3)}` : '';
        this.partialEl = this.makeLine({ text: p.text, cls: 'partial' }, ts);
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
  }

  // save downloads the retained lines as text, with their timestamps.
  save() {
    const rows = this.model.map((l, i) => (this.tsMode === 'off' ? '' : `${this.stamp(i)} `) + l.text);
    if (this.partial) rows.push(this.partial.text);
    download(new Blob([rows.join('\n') + '\n'], { type: 'text/plain' }), `${this.name}-${fileStamp()}.log`);
  }
}

