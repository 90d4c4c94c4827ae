// The Dashboard view: a port's dashboards (docs/dashboards.md), kept on
// the server (GET/PUT/DELETE /api/dashboards[/{id}]) and shown live to
// every viewer (an "event: dashboards" on GET /api/events asks for them
// again). Widgets show the port's decoded values (values events of the
// pane's connection, which asks for values=1, and GET
// /api/ports/{name}/values for the recent ones when a dashboard opens)
// or send templated commands through the pane (its role, write lock and
// lease apply). The pure parts (templates, conditions, the track's
// projection, the grid's moves) are in dashmodel.js.
//
// Edit mode: add a widget, move and resize it (drag its title or its
// corner, its arrow buttons, or the arrow keys on it: Shift+arrows
// resize), configure it (a form), remove
// it; Save (PUT). Import and Export as a .json file. The read-only link
// (#dashboard=ID&view=1) opens the dashboard alone, without edit controls.

import uPlot from 'uplot';
import { h, notify, download, clockTime, confirmDialog } from '../dom.js';
import { api, errorMessage } from '../auth.js';
import { load, save } from '../storage.js';
import {
  TYPES, FIELDS, CONTROLS, COLOURS, GRID_COLS, newWidget, place, move, layout, expand, ledState, parseRules, rulesText,
  project, niceScale, formatValue, fraction, valueNames, slug, readImport,
} from '../dashmodel.js';

const SVG = 'http://www.w3.org/2000/svg';
const RECORDS_KEPT = 2000;    // records kept per view for tables, logs and plots
const RECENT_ASKED = 500;     // asked for when a dashboard opens
const DRAW_GAP_MS = 100;      // widgets draw at most 10 times a second

// ----- the shared event stream: every view listens to one EventSource ---

const listeners = new Set();
let source = null;

function listen(fn) {
  listeners.add(fn);
  if (!source) {
    source = new EventSource('/api/events');
    const all = () => { for (const l of listeners) l(); };
    source.addEventListener('dashboards', all);
    // (Re)connected: what changed while away is asked for too.
    source.addEventListener('open', all);
  }
  return () => {
    listeners.delete(fn);
    if (!listeners.size && source) {
      source.close();
      source = null;
    }
  };
}

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

// ===== the view ===========================================================

export class DashboardView {
  // session: the pane (its name, sendBytes, readOnlyWhy, notify).
  // opts.readOnly: the read-only link's view (no edit controls).
  constructor(section, session) {
    this.s = session;
    this.port = session.name;
    this.section = section;
    this.list = [];          // the server's dashboards of this port (summaries)
    this.current = null;     // the dashboard shown, as saved (null: none)
    this.draft = null;       // while editing: the copy being edited
    this.dirty = false;      // the draft differs from what was saved
    this.readOnly = false;   // the read-only link: no edit controls
    this.available = true;   // the server keeps dashboards (--dashboards)
    this.records = [];       // [{t (ms), values}] oldest first, at most RECORDS_KEPT
    this.lastOffset = -1;    // the offset of the newest record taken (replays are not taken twice)
    this.latest = {};        // name -> {v, t}
    this.widgets = new Map(); // id -> widget renderer
    this.refreshing = false;  // a refresh is under way
    this.refreshAgain = false; // another was asked for meanwhile
    this.shown = false;
    this.drawTimer = 0;
    this.lastDraw = 0;
    this.unlisten = null;
    this.build();
  }

  build() {
    const r = (this.r = {});
    r.select = h('select', { className: 'dash-select', 'aria-label': 'Dashboard' });
    r.newBtn = h('button', { type: 'button', className: 'dash-new' }, 'New…');
    r.edit = h('button', { type: 'button', className: 'dash-edit', 'aria-pressed': 'false' }, 'Edit');
    r.saveBtn = h('button', { type: 'button', className: 'dash-save', disabled: true }, 'Save');
    r.del = h('button', { type: 'button', className: 'dash-delete' }, 'Delete');
    r.importBtn = h('button', { type: 'button', className: 'dash-import' }, 'Import…');
    r.file = h('input', { type: 'file', className: 'dash-file', accept: '.json,application/json', hidden: true });
    r.exportBtn = h('button', { type: 'button', className: 'dash-export' }, 'Export');
    r.link = h('a', { className: 'dash-link', target: '_blank', rel: 'noopener', title: 'The dashboard alone, without edit controls: a link for viewers' }, 'Read-only link');
    r.state = h('span', { className: 'dash-state', role: 'status', 'aria-live': 'polite' });
    r.toolbar = h('div', { className: 'toolbar dash-toolbar' }, r.select, r.newBtn, r.edit, r.saveBtn, r.del, r.importBtn, r.file, r.exportBtn, r.link, r.state);
    // Edit bar: name, add a widget.
    r.name = h('input', { type: 'text', className: 'dash-name', 'aria-label': 'Dashboard name', maxLength: 100 });
    r.type = h('select', { className: 'dash-type', 'aria-label': 'Widget type' },
      ...Object.entries(TYPES).map(([k, t]) => h('option', { value: k }, t.label)));
    r.add = h('button', { type: 'button', className: 'dash-add' }, 'Add widget');
    r.editbar = h('div', { className: 'toolbar dash-editbar', hidden: true },
      h('label', null, 'Name ', r.name), h('label', null, 'Widget ', r.type), r.add,
      h('span', { className: 'note' }, 'On a widget: arrows move it, Shift+arrows resize it'));
    r.empty = h('p', { className: 'dash-empty note' });
    r.grid = h('div', { className: 'dash-grid', role: 'list', 'aria-label': 'Widgets' });
    r.title = h('h2', { className: 'dash-title' });
    this.section.append(r.toolbar, r.editbar, r.title, r.empty, r.grid);

    r.select.addEventListener('change', () => this.open(r.select.value));
    r.newBtn.addEventListener('click', () => this.create());
    r.edit.addEventListener('click', async () => {
      // Done with changes not saved: asked first.
      if (this.draft && this.dirty && !(await confirmDialog('Leave Edit mode without saving the changes?', 'Leave'))) return;
      this.setEditing(!this.draft);
    });
    r.saveBtn.addEventListener('click', () => this.save());
    r.del.addEventListener('click', () => this.remove());
    r.importBtn.addEventListener('click', () => r.file.click());
    r.file.addEventListener('change', () => this.importFile());
    r.exportBtn.addEventListener('click', () => this.exportFile());
    r.name.addEventListener('input', () => {
      if (!this.draft) return;
      this.draft.name = r.name.value;
      this.changed(false);
    });
    r.add.addEventListener('click', () => {
      const w = newWidget(r.type.value, this.draft.widgets);
      this.draft.widgets = [...this.draft.widgets, w];
      this.changed(true);
      this.configure(w.id);
    });
  }

  // ----- life cycle -----

  show() {
    this.shown = true;
    if (!this.unlisten) {
      this.unlisten = listen(() => this.refresh());
      this.refresh();
    }
    this.draw();
  }

  hide() {
    this.shown = false;
  }

  dispose() {
    if (this.unlisten) this.unlisten();
    this.unlisten = null;
    clearTimeout(this.drawTimer);
    for (const w of this.widgets.values()) if (w.dispose) w.dispose();
  }

  setTheme() {
    for (const w of this.widgets.values()) if (w.theme) w.theme();
  }

  // setReadOnly: the read-only link's view (no edit controls).
  setReadOnly(on) {
    this.readOnly = on;
    this.section.dataset.readonly = String(on);
    if (on && this.draft) this.setEditing(false);
    this.renderBar();
  }

  // select opens dashboard id once the list is known (the read-only link).
  select(id) {
    this.wanted = id;
    save(`dashboard.${this.port}`, id);
    if (this.list.some((d) => d.id === id)) this.open(id);
  }

  // ----- the server's dashboards -----

  // refresh asks for the list again, and for the dashboard shown when it
  // changed (unless it is being edited: then the user is told). One at a
  // time: a refresh asked for meanwhile (the events stream's first event
  // comes as the view shows) runs once this one is done, so that the
  // dashboard is not opened twice, its widgets drawn again under the
  // user's hands, a value being typed lost.
  async refresh() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain);
    } finally {
      this.refreshing = false;
    }
  }

  async refreshOnce() {
    let res;
    try {
      res = await api('/api/dashboards', { headers: { Accept: 'application/json' } });
    } catch (_) {
      return;
    }
    if (res.status === 404) {
      this.available = false;
      this.list = [];
      this.renderBar();
      return;
    }
    if (!res.ok) return;
    this.available = true;
    const all = await res.json();
    this.list = (Array.isArray(all) ? all : []).filter((d) => d && d.port === this.port);
    const want = this.current ? this.current.id : (this.wanted || load(`dashboard.${this.port}`, ''));
    const entry = this.list.find((d) => d.id === want) || (!this.current && this.list[0]);
    if (this.current && !this.list.some((d) => d.id === this.current.id)) {
      if (!this.dirty) {
        this.s.notify(`Dashboard "${this.current.name}" was removed`, 'info');
        this.current = null;
        this.draft = null;
        this.renderAll();
      }
    }
    if (entry && (!this.current || this.current.id !== entry.id || this.current.updated !== entry.updated)) {
      if (this.dirty && this.current && this.current.id === entry.id) {
        this.say(`${entry.by || 'someone'} saved "${entry.name}" meanwhile: Save replaces their version`);
      } else await this.open(entry.id);
    }
    this.renderBar();
  }

  async open(id) {
    if (!id) return;
    if (this.dirty && !(await confirmDialog('Leave the changes unsaved?', 'Leave'))) {
      this.renderBar();
      return;
    }
    let res;
    try {
      res = await api(`/api/dashboards/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
    } catch (err) {
      this.say(`Cannot load the dashboard: ${err.message}`);
      return;
    }
    if (!res.ok) {
      this.say(`Cannot load the dashboard: ${await errorMessage(res)}`);
      return;
    }
    const d = await res.json();
    this.current = d;
    this.draft = null;
    this.dirty = false;
    save(`dashboard.${this.port}`, d.id);
    this.renderAll();
    this.fetchRecent();
  }

  // fetchRecent fills the widgets with the port's recent records.
  async fetchRecent() {
    if (this.asked) return;
    this.asked = true;
    let res;
    try {
      res = await api(`/api/ports/${encodeURIComponent(this.port)}/values?limit=${RECENT_ASKED}`, { headers: { Accept: 'application/json' } });
    } catch (_) {
      return;
    }
    if (!res.ok) return; // no decoder (422): nothing yet
    const body = await res.json();
    if (body && Array.isArray(body.records)) this.values(body.records);
  }

  // reconnected: the pane's connection is back; the records decoded
  // while it was down (values events are live only) are asked for.
  async reconnected() {
    if (!this.asked || this.lastOffset < 0) return;
    let res;
    try {
      res = await api(`/api/ports/${encodeURIComponent(this.port)}/values?since=${this.lastOffset}`, { headers: { Accept: 'application/json' } });
    } catch (_) {
      return;
    }
    if (!res.ok) return;
    const body = await res.json();
    if (body && Array.isArray(body.records)) this.values(body.records);
  }

  async create() {
    const name = await askName();
    if (!name) return;
    let id = slug(name);
    const ids = new Set(this.list.map((d) => d.id));
    for (let i = 2; ids.has(id); i++) id = `${slug(name)}-${i}`;
    this.current = { id, name, port: this.port, widgets: [], fresh: true };
    this.draft = null;
    this.setEditing(true);
    this.dirty = true;
    this.renderAll();
  }

  setEditing(on) {
    if (on && (this.readOnly || !this.current)) return;
    if (on) this.draft = JSON.parse(JSON.stringify({ name: this.current.name, widgets: this.current.widgets || [] }));
    else {
      if (this.current && this.current.fresh && this.dirty) {
        this.current = null; // a new one never saved
      }
      this.draft = null;
      this.dirty = false;
    }
    this.renderAll();
  }

  changed(layout) {
    this.dirty = true;
    if (layout) this.renderGrid();
    this.renderBar();
  }

  async save() {
    const d = this.draft ? { name: this.draft.name, port: this.port, widgets: this.draft.widgets } : null;
    if (!d || !this.current) return;
    const id = this.current.id;
    let res;
    try {
      res = await api(`/api/dashboards/${encodeURIComponent(id)}`, {
        method: 'PUT', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(d),
      });
    } catch (err) {
      this.say(`Not saved: ${err.message}`);
      return;
    }
    if (!res.ok) {
      const why = await errorMessage(res);
      this.say(`Not saved: ${why}`);
      this.s.notify(`Dashboard not saved: ${why}`, 'error');
      return;
    }
    this.current = await res.json();
    this.dirty = false;
    this.draft = null;
    save(`dashboard.${this.port}`, id);
    this.renderAll();
    this.say(`Saved at ${clockTime(Date.now()).slice(0, 8)}`);
    this.refresh();
  }

  async remove() {
    if (!this.current) return;
    if (!(await confirmDialog(`Delete the dashboard "${this.current.name}" for everyone?`, 'Delete'))) return;
    if (!this.current.fresh) {
      const res = await api(`/api/dashboards/${encodeURIComponent(this.current.id)}`, { method: 'DELETE' });
      if (!res.ok && res.status !== 404) {
        this.say(`Not deleted: ${await errorMessage(res)}`);
        return;
      }
    }
    this.current = null;
    this.draft = null;
    this.dirty = false;
    this.renderAll();
    this.refresh();
  }

  async importFile() {
    const f = this.r.file.files[0];
    if (!f) return;
    let d;
    try {
      const text = await f.text();
      this.r.file.value = ''; // the same file may be chosen again
      d = readImport(text, this.port);
    } catch (err) {
      this.r.file.value = '';
      this.s.notify(`Not imported: ${f.name}: ${err.message}`, 'error');
      return;
    }
    let id = d.id && /^[A-Za-z0-9._-]{1,64}$/.test(d.id) ? d.id : slug(d.name);
    if (this.list.some((x) => x.id === id)) {
      if (!(await confirmDialog(`A dashboard "${id}" exists: replace it when saved?`, 'Replace'))) {
        for (let i = 2; this.list.some((x) => x.id === id); i++) id = `${slug(d.name)}-${i}`;
      }
    }
    this.current = { id, name: d.name, port: this.port, widgets: d.widgets, fresh: !this.list.some((x) => x.id === id) };
    this.draft = { name: d.name, widgets: JSON.parse(JSON.stringify(d.widgets)) };
    this.dirty = true;
    this.renderAll();
    this.say(`Imported ${f.name}: Save to keep it`);
  }

  exportFile() {
    const src = this.draft || this.current;
    if (!src) return;
    const d = { id: this.current.id, name: src.name, port: this.port, widgets: src.widgets };
    download(new Blob([`${JSON.stringify(d, null, 2)}\n`], { type: 'application/json' }), `dashboard-${this.current.id}.json`);
  }

  say(text) {
    this.r.state.textContent = text;
  }

  // ----- values -----

  // values takes decoded records ({time, offset, values}) in order.
  values(records) {
    let took = false;
    for (const rec of records) {
      if (!rec || typeof rec.offset !== 'number' || rec.offset <= this.lastOffset) continue;
      this.lastOffset = rec.offset;
      const t = Date.parse(rec.time);
      const r = { t: Number.isFinite(t) ? t : Date.now(), values: rec.values || {} };
      this.records.push(r);
      for (const [k, v] of Object.entries(r.values)) this.latest[k] = { v, t: r.t };
      for (const w of this.widgets.values()) if (w.feed) w.feed(r);
      took = true;
    }
    if (this.records.length > RECORDS_KEPT) this.records.splice(0, this.records.length - RECORDS_KEPT);
    if (took) this.schedule();
  }

  // (Re)connected from scratch: offsets count in a new stream.
  resetStream() {
    this.lastOffset = -1;
  }

  schedule() {
    if (this.drawTimer || !this.shown) return;
    const wait = Math.max(0, this.lastDraw + DRAW_GAP_MS - performance.now());
    this.drawTimer = setTimeout(() => {
      this.drawTimer = 0;
      requestAnimationFrame(() => this.draw());
    }, wait);
  }

  draw() {
    if (!this.shown) return;
    this.lastDraw = performance.now();
    for (const w of this.widgets.values()) w.draw();
  }

  // ----- rendering -----

  renderAll() {
    this.renderBar();
    this.renderGrid();
  }

  renderBar() {
    const r = this.r;
    const d = this.current;
    const control = !this.s.viewOnly;
    r.select.textContent = '';
    r.select.append(h('option', { value: '' }, this.list.length || d ? 'Dashboard…' : 'No dashboard yet'));
    const entries = [...this.list];
    if (d && !entries.some((x) => x.id === d.id)) entries.push({ id: d.id, name: `${d.name} (not saved)` });
    for (const x of entries) r.select.append(h('option', { value: x.id }, x.name));
    r.select.value = d ? d.id : '';
    const editing = !!this.draft;
    r.toolbar.hidden = this.readOnly;
    r.newBtn.disabled = !control || !this.available;
    r.edit.disabled = !control || !d;
    r.edit.setAttribute('aria-pressed', String(editing));
    r.edit.textContent = editing ? 'Done' : 'Edit';
    r.saveBtn.disabled = !editing || !this.dirty || !control;
    r.del.disabled = !control || !d;
    r.importBtn.disabled = !control || !this.available;
    r.exportBtn.disabled = !d;
    r.editbar.hidden = !editing || this.readOnly;
    if (editing && document.activeElement !== r.name) r.name.value = this.draft.name;
    r.title.textContent = d ? (this.draft ? this.draft.name : d.name) : '';
    r.title.hidden = !this.readOnly;
    if (d && !d.fresh) {
      r.link.href = `#dashboard=${encodeURIComponent(d.id)}&view=1`;
      r.link.hidden = false;
    } else r.link.hidden = true;
    this.section.dataset.editing = String(editing);
    this.section.dataset.dashboard = d ? d.id : '';
    this.section.dataset.dirty = String(this.dirty);
    let empty = '';
    if (!this.available) empty = 'This server keeps no dashboards: start it with --dashboards DIR.';
    else if (!d) empty = control ? 'No dashboard for this port yet: press New… (or Import…) to build one.' : 'No dashboard for this port yet.';
    else if (!(this.draft || d).widgets.length) empty = editing ? 'Add a widget: choose its type and press Add widget.' : 'This dashboard has no widgets: press Edit to add some.';
    if (d && !this.s.port?.decoder && !empty) empty = `Port ${this.port} has no decoder: widgets show values once it has one (port option decode=…).`;
    r.empty.textContent = empty;
    r.empty.hidden = !empty;
  }

  renderGrid() {
    const d = this.draft || this.current;
    for (const w of this.widgets.values()) if (w.dispose) w.dispose();
    this.widgets.clear();
    this.r.grid.textContent = '';
    if (!d) return;
    const focusId = this.focusId;
    // Widgets without a place (a file written by hand) get one.
    d.widgets = layout(d.widgets);
    for (const spec of d.widgets) {
      const w = makeWidget(spec, this);
      this.widgets.set(spec.id, w);
      const box = place(spec);
      w.el.style.setProperty('--gx', String(box.x + 1));
      w.el.style.setProperty('--gy', String(box.y + 1));
      w.el.style.setProperty('--gw', String(box.w));
      w.el.style.setProperty('--gh', String(box.h));
      Object.assign(w.el.dataset, { x: box.x, y: box.y, w: box.w, h: box.h });
      if (this.draft) w.el.append(this.tools(spec));
      this.r.grid.append(w.el);
      for (const r of this.records) if (w.feed) w.feed(r);
    }
    this.applyRole();
    this.draw();
    if (focusId && this.widgets.has(focusId)) this.widgets.get(focusId).el.focus();
    this.focusId = null;
  }

  // tools: a widget's edit controls (and its keys: arrows move it,
  // Shift+arrows resize it).
  tools(spec) {
    const id = spec.id;
    const go = (delta) => {
      this.draft.widgets = move(this.draft.widgets, id, delta);
      this.focusId = id;
      this.changed(true);
    };
    const b = (text, label, cls, fn) => {
      const el = h('button', { type: 'button', className: `tool ${cls}`, title: label, 'aria-label': `${label} (${spec.label || spec.id})` }, text);
      el.addEventListener('click', (ev) => {
        ev.stopPropagation();
        fn();
      });
      return el;
    };
    const w = this.widgets.get(id);
    w.el.tabIndex = 0;
    w.el.addEventListener('keydown', (ev) => {
      if (ev.target !== w.el) return;
      const k = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
      if (k) {
        ev.preventDefault();
        go(ev.shiftKey ? { dw: k[0], dh: k[1] } : { dx: k[0], dy: k[1] });
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        this.configure(id);
      } else if (ev.key === 'Delete') {
        ev.preventDefault();
        this.removeWidget(id);
      }
    });
    // The mouse (or a finger): drag the title to move, the corner to
    // resize; the widget jumps by whole cells when let go.
    const label = w.el.querySelector('.widget-label');
    label.classList.add('drag-handle');
    label.title = 'Drag to move';
    const corner = h('div', { className: 'resize-handle', title: 'Drag to resize', 'aria-hidden': 'true' });
    w.el.append(corner);
    this.dragger(label, w.el, (dx, dy) => go({ dx, dy }));
    this.dragger(corner, w.el, (dx, dy) => go({ dw: dx, dh: dy }));
    return h('div', { className: 'widget-tools' },
      b('←', 'Move left', 'move-left', () => go({ dx: -1 })),
      b('→', 'Move right', 'move-right', () => go({ dx: 1 })),
      b('↑', 'Move up', 'move-up', () => go({ dy: -1 })),
      b('↓', 'Move down', 'move-down', () => go({ dy: 1 })),
      b('−W', 'Narrower', 'narrower', () => go({ dw: -1 })),
      b('+W', 'Wider', 'wider', () => go({ dw: 1 })),
      b('−H', 'Shorter', 'shorter', () => go({ dh: -1 })),
      b('+H', 'Taller', 'taller', () => go({ dh: 1 })),
      b('⚙', 'Configure', 'configure', () => this.configure(id)),
      b('✕', 'Remove', 'remove', () => this.removeWidget(id)));
  }

  // dragger calls done(dx, dy) in grid cells when a drag that began on
  // handle ends; meanwhile the widget follows the pointer.
  dragger(handle, el, done) {
    handle.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      ev.preventDefault();
      handle.setPointerCapture(ev.pointerId);
      const x0 = ev.clientX, y0 = ev.clientY;
      const grid = getComputedStyle(this.r.grid);
      const gap = parseFloat(grid.columnGap) || 0;
      const cellW = (this.r.grid.clientWidth - parseFloat(grid.paddingLeft) - parseFloat(grid.paddingRight) + gap) / GRID_COLS;
      const cellH = (parseFloat(grid.gridAutoRows) || el.getBoundingClientRect().height) + gap;
      el.classList.add('dragging');
      const moveTo = (e) => { el.style.translate = `${e.clientX - x0}px ${e.clientY - y0}px`; };
      const end = (e) => {
        handle.removeEventListener('pointermove', moveTo);
        handle.removeEventListener('pointerup', end);
        handle.removeEventListener('pointercancel', end);
        el.classList.remove('dragging');
        el.style.translate = '';
        const dx = Math.round((e.clientX - x0) / cellW);
        const dy = Math.round((e.clientY - y0) / cellH);
        if (e.type === 'pointerup' && (dx || dy)) done(dx, dy);
      };
      handle.addEventListener('pointermove', moveTo);
      handle.addEventListener('pointerup', end);
      handle.addEventListener('pointercancel', end);
    });
  }

  removeWidget(id) {
    this.draft.widgets = this.draft.widgets.filter((w) => w.id !== id);
    this.changed(true);
  }

  // configure opens the widget's form (built from dashmodel's FIELDS).
  configure(id) {
    const spec = this.draft.widgets.find((w) => w.id === id);
    if (!spec) return;
    const inputs = {};
    const rows = FIELDS[spec.type].map(([field, kind, label]) => {
      let input;
      if (kind === 'rules') {
        input = h('textarea', { rows: 4, className: `cfg-${field}`, value: rulesText(spec.rules) });
      } else {
        let v = spec[field];
        if (kind === 'values') v = valueNames(v).join(', ');
        input = h('input', { type: kind === 'number' ? 'number' : 'text', step: 'any', className: `cfg-${field}`, value: v ?? '' });
      }
      inputs[field] = [kind, input];
      return h('label', { className: 'cfg-row' }, h('span', null, label), input);
    });
    const err = h('p', { className: 'cfg-error', role: 'alert' });
    const ok = h('button', { type: 'submit', className: 'cfg-ok', value: 'ok' }, 'Apply');
    const cancel = h('button', { type: 'button', className: 'cfg-cancel' }, 'Cancel');
    const known = Object.keys(this.latest);
    const form = h('form', { method: 'dialog' },
      h('h2', null, `${TYPES[spec.type].label} ${spec.id}`),
      known.length ? h('p', { className: 'note' }, `Values of ${this.port}: ${known.join(', ')}`) : null,
      ...rows, err, h('div', { className: 'dialog-buttons' }, cancel, ok));
    const dlg = h('dialog', { className: 'dash-config', 'aria-label': `Configure ${spec.id}` }, form);
    document.body.append(dlg);
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => dlg.remove());
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const next = { ...spec };
      try {
        for (const [field, [kind, input]] of Object.entries(inputs)) {
          const v = input.value;
          if (kind === 'rules') next.rules = parseRules(v);
          else if (kind === 'number') {
            if (v === '') delete next[field];
            else next[field] = Number(v);
          } else if (kind === 'values') next[field] = valueNames(v);
          else if (v === '') delete next[field];
          else next[field] = v;
        }
        if (next.min !== undefined && next.max !== undefined && !(next.max > next.min)) throw new Error('Max must be above Min');
      } catch (e) {
        err.textContent = e.message;
        return;
      }
      this.draft.widgets = this.draft.widgets.map((w) => (w.id === id ? next : w));
      dlg.close();
      this.focusId = id;
      this.changed(true);
    });
    dlg.showModal();
    const first = form.querySelector('input, textarea');
    if (first) first.focus();
  }

  // applyRole enables the controls when the pane may send.
  applyRole() {
    const why = this.s.readOnlyWhy;
    for (const w of this.widgets.values()) if (w.setEnabled) w.setEnabled(!why, why);
    this.renderBar();
  }

  // send expands a control's template and sends it through the pane.
  send(w, spec, input) {
    if (this.s.readOnlyWhy) {
      this.s.notify(`${this.port}: not sent: ${this.s.readOnlyWhy}`, 'error');
      return;
    }
    const bytes = expand(spec.send || '', input);
    if (!bytes.length) return;
    if (!this.s.sendBytes(bytes, { echo: false })) {
      this.s.notify(`${this.port}: not sent: not connected`, 'error');
      return;
    }
    const shown = String.fromCharCode(...bytes).replace(/\r/g, '␍').replace(/\n/g, '␊').replace(/\t/g, '␉');
    w.sent.textContent = `sent ${shown}`;
    w.el.dataset.sent = String(Number(w.el.dataset.sent || 0) + 1);
  }
}

// askName asks for a new dashboard's name (a small dialog).
function askName() {
  const input = h('input', { type: 'text', className: 'dash-new-name', required: true, maxLength: 100, value: 'Dashboard' });
  const form = h('form', { method: 'dialog' },
    h('h2', null, 'New dashboard'), h('label', null, 'Name ', input),
    h('div', { className: 'dialog-buttons' },
      h('button', { type: 'submit', value: 'cancel', formNoValidate: true, className: 'dash-new-cancel' }, 'Cancel'),
      h('button', { type: 'submit', value: 'ok', className: 'dash-new-ok' }, 'Create')));
  const dlg = h('dialog', { className: 'dash-new-dialog' }, form);
  document.body.append(dlg);
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      dlg.remove();
      resolve(dlg.returnValue === 'ok' ? input.value.trim() : '');
    });
    dlg.showModal();
    input.select();
  });
}

// ===== widgets ============================================================
//
// makeWidget returns {el, feed(record)?, draw(), setEnabled?, dispose?}:
// feed takes each record as it comes, draw shows what was fed.

function makeWidget(spec, view) {
  const el = h('div', { className: 'widget', role: 'listitem', dataset: { widget: spec.id, type: spec.type } });
  const body = h('div', { className: 'widget-body' });
  el.append(h('div', { className: 'widget-label' }, spec.label || spec.id), body);
  const make = KINDS[spec.type] || (() => ({ draw() {} }));
  const w = make(spec, body, view);
  w.el = el;
  if (CONTROLS.has(spec.type)) {
    w.sent = h('div', { className: 'widget-sent', role: 'status' });
    body.append(w.sent);
  }
  return w;
}

// latestOf: the newest value of name among records fed ({v, t} or null).
function tracker(name) {
  let last = null;
  return {
    feed(r) {
      if (name && r.values[name] !== undefined) last = { v: r.values[name], t: r.t };
    },
    get: () => last,
  };
}

const KINDS = {
  value(spec, body) {
    const tr = tracker(spec.value);
    const num = h('span', { className: 'value-number' }, '—');
    const units = h('span', { className: 'value-units' }, spec.units || '');
    const time = h('div', { className: 'value-time' }, 'no value yet');
    body.append(h('div', { className: 'value-line' }, num, units), time);
    return {
      feed: tr.feed,
      draw() {
        const l = tr.get();
        if (!l) return;
        num.textContent = formatValue(l.v, spec.decimals);
        time.textContent = `updated ${clockTime(l.t)}`;
        body.parentElement.dataset.value = String(l.v);
      },
    };
  },

  gauge(spec, body) {
    const tr = tracker(spec.value);
    // A 270° arc: from 135° (bottom left) clockwise to 45° (bottom right).
    const s = svg('svg', { viewBox: '0 0 100 92', class: 'gauge', role: 'img' });
    const arc = (f) => {
      const a0 = (135 * Math.PI) / 180;
      const a1 = a0 + f * 1.5 * Math.PI;
      const p = (a) => `${50 + 38 * Math.cos(a)} ${48 + 38 * Math.sin(a)}`;
      return `M ${p(a0)} A 38 38 0 ${f > 2 / 3 ? 1 : 0} 1 ${p(a1)}`;
    };
    const track = svg('path', { d: arc(1), class: 'gauge-track' });
    const fill = svg('path', { d: arc(0.0001), class: 'gauge-fill' });
    const text = svg('text', { x: 50, y: 52, class: 'gauge-value', 'text-anchor': 'middle' });
    text.textContent = '—';
    const lo = svg('text', { x: 23, y: 90, class: 'gauge-limit', 'text-anchor': 'middle' });
    lo.textContent = String(spec.min ?? 0);
    const hi = svg('text', { x: 77, y: 90, class: 'gauge-limit', 'text-anchor': 'middle' });
    hi.textContent = String(spec.max ?? 100);
    const unit = svg('text', { x: 50, y: 66, class: 'gauge-units', 'text-anchor': 'middle' });
    unit.textContent = spec.units || '';
    s.append(track, fill, text, unit, lo, hi);
    body.append(s);
    return {
      feed: tr.feed,
      draw() {
        const l = tr.get();
        if (!l) return;
        const f = fraction(typeof l.v === 'number' ? l.v : Number(l.v), spec.min, spec.max);
        fill.setAttribute('d', arc(Math.max(f, 0.0001)));
        text.textContent = formatValue(l.v, spec.decimals);
        s.setAttribute('aria-label', `${spec.label || spec.value}: ${formatValue(l.v, spec.decimals)} ${spec.units || ''}`);
        body.parentElement.dataset.value = String(l.v);
      },
    };
  },

  bar(spec, body) {
    const tr = tracker(spec.value);
    const fill = h('div', { className: 'bar-fill' });
    const text = h('span', { className: 'bar-value' }, '—');
    body.append(h('div', { className: 'bar-track' }, fill), h('div', { className: 'bar-legend' },
      h('span', null, String(spec.min ?? 0)), text, h('span', null, String(spec.max ?? 100))));
    return {
      feed: tr.feed,
      draw() {
        const l = tr.get();
        if (!l) return;
        fill.style.width = `${(fraction(Number(l.v), spec.min, spec.max) * 100).toFixed(1)}%`;
        text.textContent = `${formatValue(l.v, spec.decimals)}${spec.units ? ` ${spec.units}` : ''}`;
        body.parentElement.dataset.value = String(l.v);
      },
    };
  },

  led(spec, body) {
    const values = {};
    const lamp = h('span', { className: 'led-lamp', 'aria-hidden': 'true' });
    const label = h('span', { className: 'led-label' }, 'no value yet');
    body.append(h('div', { className: 'led-line' }, lamp, label));
    let fed = false;
    return {
      feed(r) {
        Object.assign(values, r.values);
        fed = true;
      },
      draw() {
        if (!fed) return;
        const st = ledState(spec, values);
        const colour = COLOURS.includes(st.color) ? st.color : 'grey';
        body.parentElement.dataset.color = colour;
        body.parentElement.dataset.rule = String(st.rule);
        lamp.className = `led-lamp led-${colour}`;
        label.textContent = st.label;
      },
    };
  },

  plot(spec, body, view) {
    const names = valueNames(spec.values);
    const windowS = Number(spec.window) > 0 ? Number(spec.window) : 60;
    const data = [[], ...names.map(() => [])];
    const host = h('div', { className: 'dash-plot' });
    body.append(host);
    let chart = null;
    let dirty = false;
    const palette = ['#1f6feb', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#0a6e78'];
    const make = () => {
      const cs = getComputedStyle(document.documentElement);
      const axis = { stroke: cs.getPropertyValue('--muted').trim(), grid: { stroke: cs.getPropertyValue('--border').trim() }, ticks: { stroke: cs.getPropertyValue('--border').trim() } };
      const w = host.clientWidth;
      const hh = host.clientHeight;
      if (!w || !hh) return;
      chart = new uPlot({
        width: w, height: hh, legend: { show: true }, cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, axis],
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 1.5, spanGaps: true }))],
      }, data, host);
    };
    const ro = new ResizeObserver(() => {
      if (!chart) make();
      else if (host.clientWidth && host.clientHeight) chart.setSize({ width: host.clientWidth, height: host.clientHeight });
    });
    ro.observe(host);
    return {
      feed(r) {
        if (!names.some((n) => typeof r.values[n] === 'number')) return;
        data[0].push(r.t / 1000);
        names.forEach((n, i) => data[i + 1].push(typeof r.values[n] === 'number' ? r.values[n] : null));
        const cut = r.t / 1000 - windowS;
        let k = 0;
        while (k < data[0].length && data[0][k] < cut) k++;
        if (k) for (const a of data) a.splice(0, k);
        dirty = true;
      },
      draw() {
        host.dataset.points = String(data[0].length);
        if (!chart) make();
        if (chart && dirty) chart.setData(data);
        dirty = false;
      },
      theme() {
        if (chart) chart.destroy();
        chart = null;
        host.textContent = '';
        make();
      },
      dispose() {
        ro.disconnect();
        if (chart) chart.destroy();
      },
    };
  },

  xy(spec, body) {
    const max = Number(spec.points) > 0 ? Number(spec.points) : 500;
    const pts = [];
    const s = svg('svg', { viewBox: '0 0 100 100', preserveAspectRatio: 'none', class: 'xy' });
    const line = svg('polyline', { class: 'xy-line', 'vector-effect': 'non-scaling-stroke' });
    s.append(line);
    const lab = h('div', { className: 'xy-range' });
    body.append(s, lab);
    return {
      feed(r) {
        const x = r.values[spec.xValue];
        const y = r.values[spec.yValue];
        if (typeof x !== 'number' || typeof y !== 'number') return;
        pts.push([x, y]);
        if (pts.length > max) pts.splice(0, pts.length - max);
      },
      draw() {
        body.parentElement.dataset.points = String(pts.length);
        if (!pts.length) {
          lab.textContent = `${spec.yValue || 'y'} against ${spec.xValue || 'x'}: no values yet`;
          return;
        }
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
        const sx = (v) => (x1 > x0 ? ((v - x0) / (x1 - x0)) * 96 + 2 : 50);
        const sy = (v) => (y1 > y0 ? 98 - ((v - y0) / (y1 - y0)) * 96 : 50);
        line.setAttribute('points', pts.map(([x, y]) => `${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join(' '));
        lab.textContent = `${spec.xValue} ${x0}…${x1} · ${spec.yValue} ${y0}…${y1}`;
      },
    };
  },

  track(spec, body) {
    const max = Number(spec.points) > 0 ? Number(spec.points) : 600;
    const latN = spec.lat || 'lat';
    const lonN = spec.lon || 'lon';
    const pts = [];
    const s = svg('svg', { viewBox: '0 0 200 200', class: 'track', role: 'img' });
    const grid = svg('g', { class: 'track-grid' });
    const path = svg('polyline', { class: 'track-line' });
    const here = svg('circle', { r: 4, class: 'track-here' });
    const bar = svg('rect', { class: 'track-scale', height: 3, y: 188, x: 8 });
    const barText = svg('text', { class: 'track-scale-text', x: 8, y: 183 });
    s.append(grid, path, here, bar, barText);
    const where = h('div', { className: 'track-where' }, 'no fix yet');
    body.append(s, where);
    return {
      feed(r) {
        const la = r.values[latN];
        const lo = r.values[lonN];
        if (typeof la !== 'number' || typeof lo !== 'number' || (la === 0 && lo === 0)) return;
        pts.push([la, lo]);
        if (pts.length > max) pts.splice(0, pts.length - max);
      },
      draw() {
        const el = body.parentElement;
        el.dataset.points = String(pts.length);
        if (!pts.length) return;
        const { pts: xy, span } = project(pts);
        // The view spans the track (at least 50 m) with a margin.
        const viewM = Math.max(span * 1.2, 50);
        const k = 180 / viewM; // px per metre; the centre at (100, 100)
        const X = (m) => 100 + m * k;
        const Y = (m) => 100 - m * k;
        path.setAttribute('points', xy.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' '));
        const [lx, ly] = xy[xy.length - 1];
        here.setAttribute('cx', X(lx).toFixed(1));
        here.setAttribute('cy', Y(ly).toFixed(1));
        const sc = niceScale(viewM);
        bar.setAttribute('width', (sc.metres * k).toFixed(1));
        barText.textContent = sc.label;
        el.dataset.scale = sc.label;
        // Grid lines every scale step, through the centre.
        grid.textContent = '';
        const step = sc.metres * k;
        for (let off = 100 % step; off <= 200; off += step) {
          grid.append(svg('line', { x1: off, y1: 0, x2: off, y2: 200 }), svg('line', { x1: 0, y1: off, x2: 200, y2: off }));
        }
        const [la, lo] = pts[pts.length - 1];
        where.textContent = `${la.toFixed(6)}, ${lo.toFixed(6)} · ${pts.length} fixes · grid ${sc.label}`;
        s.setAttribute('aria-label', `GPS track: ${pts.length} fixes, last at ${la.toFixed(6)}, ${lo.toFixed(6)}`);
      },
    };
  },

  table(spec, body) {
    const rowsKept = Number(spec.rows) > 0 ? Number(spec.rows) : 20;
    const fixed = valueNames(spec.values);
    const recs = [];
    const table = h('table', { className: 'dash-table' });
    body.append(h('div', { className: 'dash-scroll' }, table));
    let dirty = false;
    return {
      feed(r) {
        recs.push(r);
        if (recs.length > rowsKept) recs.shift();
        dirty = true;
      },
      draw() {
        if (!dirty) return;
        dirty = false;
        const names = fixed.length ? fixed : [...new Set(recs.flatMap((r) => Object.keys(r.values)))];
        table.textContent = '';
        table.append(h('thead', null, h('tr', null, h('th', null, 'time'), ...names.map((n) => h('th', null, n)))));
        const tb = h('tbody');
        for (let i = recs.length - 1; i >= 0; i--) {
          const r = recs[i];
          tb.append(h('tr', null, h('td', null, clockTime(r.t)), ...names.map((n) => h('td', null, formatValue(r.values[n])))));
        }
        table.append(tb);
        body.parentElement.dataset.rows = String(recs.length);
      },
    };
  },

  log(spec, body) {
    const rowsKept = Number(spec.rows) > 0 ? Number(spec.rows) : 20;
    const fixed = valueNames(spec.values);
    const out = h('div', { className: 'dash-log dash-scroll', role: 'log' });
    body.append(out);
    const lines = [];
    let dirty = false;
    return {
      feed(r) {
        const names = fixed.length ? fixed : Object.keys(r.values);
        const parts = names.filter((n) => r.values[n] !== undefined).map((n) => `${n}=${formatValue(r.values[n])}`);
        if (!parts.length) return;
        lines.push(`${clockTime(r.t)} ${parts.join(' ')}`);
        if (lines.length > rowsKept) lines.shift();
        dirty = true;
      },
      draw() {
        if (!dirty) return;
        dirty = false;
        out.textContent = '';
        for (const l of lines) out.append(h('div', { className: 'dash-log-line' }, l));
        out.scrollTop = out.scrollHeight;
      },
    };
  },

  button(spec, body, view) {
    const b = h('button', { type: 'button', className: 'dash-button' }, spec.label || 'Send');
    body.append(b);
    const w = { draw() {}, setEnabled: (on, why) => { b.disabled = !on; b.title = why || expandedTitle(spec); } };
    b.addEventListener('click', () => view.send(w, spec, {}));
    return w;
  },

  toggle(spec, body, view) {
    let on = false;
    const b = h('button', { type: 'button', className: 'dash-toggle', 'aria-pressed': 'false' }, 'off');
    body.append(b);
    const w = { draw() {}, setEnabled: (ok, why) => { b.disabled = !ok; b.title = why || expandedTitle(spec); } };
    b.addEventListener('click', () => {
      on = !on;
      b.setAttribute('aria-pressed', String(on));
      b.textContent = on ? 'on' : 'off';
      view.send(w, spec, { on });
    });
    return w;
  },

  slider(spec, body, view) {
    const input = h('input', { type: 'range', className: 'dash-slider', min: spec.min ?? 0, max: spec.max ?? 100, step: spec.step ?? 1, 'aria-label': spec.label || 'value' });
    const out = h('output', { className: 'dash-slider-value' }, input.value);
    body.append(h('div', { className: 'slider-line' }, input, out));
    const w = { draw() {}, setEnabled: (ok, why) => { input.disabled = !ok; input.title = why || expandedTitle(spec); } };
    input.addEventListener('input', () => { out.textContent = input.value; });
    input.addEventListener('change', () => view.send(w, spec, { value: input.value }));
    return w;
  },

  number(spec, body, view) {
    const input = h('input', { type: 'number', className: 'dash-number', min: spec.min, max: spec.max, step: spec.step ?? 'any', 'aria-label': spec.label || 'value' });
    const b = h('button', { type: 'submit', className: 'dash-number-send' }, 'Send');
    const form = h('form', { className: 'control-line' }, input, b);
    body.append(form);
    const w = { draw() {}, setEnabled: (ok, why) => { input.disabled = b.disabled = !ok; b.title = why || expandedTitle(spec); } };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (input.value === '' || !input.checkValidity()) return;
      view.send(w, spec, { value: input.value });
    });
    return w;
  },

  text(spec, body, view) {
    const input = h('input', { type: 'text', className: 'dash-text', 'aria-label': spec.label || 'text' });
    const b = h('button', { type: 'submit', className: 'dash-text-send' }, 'Send');
    const form = h('form', { className: 'control-line' }, input, b);
    body.append(form);
    const w = { draw() {}, setEnabled: (ok, why) => { input.disabled = b.disabled = !ok; b.title = why || expandedTitle(spec); } };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      view.send(w, spec, { text: input.value });
      input.value = '';
    });
    return w;
  },
};

const expandedTitle = (spec) => `Sends ${spec.send || '(nothing)'}`;

export { GRID_COLS };
