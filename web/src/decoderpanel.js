// The port panel's Decoder section (issue 15, docs/decoders.md): the
// port's decoder and its counts from the port object (records, errors,
// highlighted when they grow, and bytes dropped); a form to choose
// another (none, arduino, csv, json, kv, nmea, regex, frame) with the
// options each takes, filled from GET /api/ports/{name}/decoder when the
// panel opens; Apply sends PUT (DELETE for none) and shows the server's
// reason when it refuses. View-only users see it disabled, saying why.
// Its pure parts are in decoderspec.js.

import { h } from './dom.js';
import { api, errorMessage, roleOf } from './auth.js';
import { DECODERS, OPTIONS, specFromForm, formFromSpec, describeDecoder } from './decoderspec.js';


const DOCS = 'https://github.com/serialhub/serialhub/blob/main/docs/decoders.md';

export class DecoderPanel {
  // box is the panel's empty container; session the pane (name, notify).
  constructor(box, session) {
    this.s = session;
    this.box = box;
    this.dirty = false;       // the user edited the form: a GET does not overwrite it
    this.prevErrors = null;   // errors last shown (for this decoder), to see them grow
    this.shownName = null;    // the decoder whose counts are shown
    this.loadedName = null;   // the decoder GET last answered (null: not read)
    this.supported = true;    // false once the server answered 422 or 404

    const f = (this.f = {});
    const field = (key, label, el, hint) => {
      f[key] = el;
      el.className = `dec-${key}`;
      return h('label', { className: `dec-field dec-field-${key}`, dataset: { field: key } }, `${label} `, el, hint ? h('span', { className: 'note' }, hint) : null);
    };
    f.name = h('select', { className: 'dec-name', 'aria-label': 'Decoder' },
      ...DECODERS.map((d) => h('option', { value: d }, d || 'none')));
    this.status = h('span', { className: 'dec-status', role: 'status' });
    this.error = h('p', { className: 'dec-error', role: 'alert', hidden: true });
    this.apply = h('button', { type: 'submit', className: 'dec-apply primary' }, 'Apply');
    this.fieldset = h('fieldset', null,
      h('legend', null, 'Decoder'),
      h('div', { className: 'dec-current' }, this.status),
      h('label', { className: 'dec-field' }, 'Decode as ', f.name),
      field('pattern', 'Pattern', h('input', { type: 'text', spellcheck: false, placeholder: 'T=(?P<temp>[0-9.]+)' })),
      field('header', 'Header', h('select', null, ...['auto', 'true', 'false'].map((v) => h('option', { value: v }, v)))),
      field('separator', 'Separator', h('input', { type: 'text', spellcheck: false, size: 4 }), 'default: csv ",", kv ", ;" and tab; \\t for a tab'),
      field('columns', 'Columns', h('input', { type: 'text', spellcheck: false, placeholder: 'time, temp, hum' })),
      field('assign', 'Assign', h('select', null, h('option', { value: '' }, '= or :'), h('option', { value: '=' }, '='), h('option', { value: ':' }, ':'))),
      field('maxArray', 'Max array', h('input', { type: 'number', min: 1, step: 1, placeholder: '16' })),
      field('frame', 'Frame options (JSON)', h('textarea', { rows: 6, spellcheck: false, placeholder: '{"start":"AA55","length":16,"crc":"crc16-ccitt-false","field":[{"name":"temp","offset":5,"type":"i16","scale":0.01}]}' }),
        h('a', { href: `${DOCS}#frame`, target: '_blank', rel: 'noopener' }, 'the options, in docs/decoders.md')),
      this.apply,
      this.error);
    this.form = h('form', { className: 'decoder-form' }, this.fieldset);
    box.append(this.form);

    this.form.addEventListener('input', () => {
      this.dirty = true;
    });
    f.name.addEventListener('change', () => this.showFields());
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.applySpec();
    });
    this.showFields();
  }

  get url() {
    return `/api/ports/${encodeURIComponent(this.s.name)}/decoder`;
  }

  // showFields shows the options of the decoder chosen.
  showFields() {
    const want = OPTIONS[this.f.name.value] || [];
    for (const el of this.fieldset.querySelectorAll('[data-field]')) el.hidden = !want.includes(el.dataset.field);
  }

  fill(spec) {
    const v = formFromSpec(spec);
    for (const [k, el] of Object.entries(this.f)) el.value = v[k];
    this.showFields();
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.f.name.toggleAttribute('aria-invalid', !!text);
  }

  // load reads the port's decoder (GET) into the form, unless the user
  // is editing it.
  async load() {
    if (!this.supported || this.loading) return;
    this.loading = true;
    let res;
    try {
      res = await api(this.url);
    } catch (err) {
      this.showError(`The decoder could not be read: ${err.message}`);
      return;
    } finally {
      this.loading = false;
    }
    if (res.status === 404 || res.status === 422) {
      this.unsupported(await errorMessage(res));
      return;
    }
    if (!res.ok) {
      this.showError(`The decoder could not be read: ${await errorMessage(res)}`);
      return;
    }
    const body = await res.json().catch(() => null);
    const spec = body && body.decoder && typeof body.decoder === 'object' ? body.decoder : null;
    this.loadedName = (spec && spec.name) || '';
    if (!this.dirty) {
      this.fill(spec);
      this.showError('');
    }
  }

  // unsupported: this port has no values engine (opened at runtime), or
  // the server predates decoders.
  unsupported(why) {
    this.supported = false;
    this.fieldset.disabled = true;
    this.fieldset.title = why;
    this.status.textContent = `Decoding is not available on this port (${why})`;
  }

  async applySpec() {
    const got = specFromForm(Object.fromEntries(Object.entries(this.f).map(([k, el]) => [k, el.value])));
    if (got.error) {
      this.showError(got.error);
      return;
    }
    this.apply.disabled = true;
    let res;
    try {
      res = got.spec
        ? await api(this.url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(got.spec) })
        : await api(this.url, { method: 'DELETE' });
    } catch (err) {
      this.showError(`Not applied: ${err.message}`);
      return;
    } finally {
      this.apply.disabled = false;
    }
    if (!res.ok) {
      const msg = await errorMessage(res);
      if (res.status === 403) {
        this.s.forbidden(msg);
        this.applyRole();
      }
      this.showError(`Not applied: ${msg}`);
      return;
    }
    this.dirty = false;
    this.showError('');
    const port = await res.json().catch(() => null);
    if (port && typeof port === 'object') this.render(port);
    this.s.r.panelNote.textContent = got.spec ? `Decoding as ${got.spec.name}` : 'Decoder removed';
    await this.load();
  }

  // render shows the port object's decoder and counts; the errors are
  // marked while they grow. A decoder changed elsewhere is read again
  // into a form the user is not editing.
  render(port) {
    if (!this.supported) return;
    const same = describeDecoder(port).name === this.shownName;
    const d = describeDecoder(port, same ? this.prevErrors : null);
    this.status.textContent = d.text;
    this.box.dataset.decoder = d.name;
    if (!same) delete this.box.dataset.errorsGrew;
    if (d.grew) this.box.dataset.errorsGrew = 'true';
    this.shownName = d.name;
    this.prevErrors = d.errors;
    if (this.loadedName !== null && d.name !== this.loadedName && !this.dirty && !this.box.closest('[hidden]')) this.load();
  }

  // applyRole disables the form for a user whose role on the port is not
  // control (the server would refuse), saying why.
  applyRole() {
    if (!this.supported) return;
    const role = roleOf(this.s.name);
    const why = role === 'control' || role === 'admin' ? '' : `Your role on port ${this.s.name} is view-only: you cannot change its decoder`;
    this.fieldset.disabled = !!why;
    if (why) this.fieldset.title = why;
    else this.fieldset.removeAttribute('title');
  }
}
