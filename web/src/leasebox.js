// LeaseBox: a pane's lease line (lease.js says what it shows): who holds
// the port, the note, until when and how long is left, the queue and the
// pane's own place in it, and the controls the user's role allows:
// Reserve (time, note, wait in the queue), Renew and Release for the
// holder, Leave queue while waiting, Break lease for an admin (or on a
// server without users), after a confirmation.
//
// Owned by its PortSession: the session calls render() whenever the port
// object, the connection or the role changes, and event() with each lease
// event of its connection. The lease's id is kept here (and in
// sessionStorage) and handed to the connection for its next dial.

import { confirmDialog } from './dom.js';
import { plainError } from './portpanel.js';
import { TTLS, leaseView, leaseNotice, ttlText, loadLeaseId, saveLeaseId, forgetLeaseId, isLeaseId } from './lease.js';

const TICK_MS = 1000; // the relative time is redrawn this often while a lease is shown

export class LeaseBox {
  constructor(refs, session) {
    this.r = refs;
    this.s = session;
    this.id = loadLeaseId(session.name); // the lease this pane acts under ('' if none)
    this.waiting = 0;                     // this pane's place in the queue (0: not waiting)
    this.leaving = false;                 // Leave queue was pressed: the waiting request's failure is expected
    this.timer = 0;                       // display refresh, only while a lease is shown
    this.view = null;                     // the last leaseView
    session.conn.lease = this.id;

    const r = refs;
    for (const [value, label] of TTLS) r.leaseTtl.append(new Option(label, value));
    r.leaseTtl.value = '10m';
    r.leaseReserve.addEventListener('click', () => {
      r.leaseForm.hidden = !r.leaseForm.hidden;
      if (!r.leaseForm.hidden) r.leaseNote.focus();
    });
    r.leaseCancel.addEventListener('click', () => {
      r.leaseForm.hidden = true;
    });
    r.leaseForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      r.leaseForm.hidden = true;
      this.take({ ttl: r.leaseTtl.value, note: r.leaseNote.value.trim(), wait: r.leaseWait.checked });
    });
    r.leaseRenew.addEventListener('click', () => this.take({ ttl: r.leaseTtl.value }));
    r.leaseRelease.addEventListener('click', () => this.request('release', 'lease not released'));
    r.leaseLeave.addEventListener('click', () => {
      this.leaving = true;
      this.request('release', 'queue not left', 'Left the queue');
    });
    r.leaseBreak.addEventListener('click', async () => {
      const v = this.view;
      const who = v && v.text ? v.text.replace(/^Reserved by /, '') : 'its holder';
      if (!await confirmDialog(`Break the lease on ${this.s.name}? It is held by ${who}. Their write access ends at once and they are told it was you.`, 'Break lease')) return;
      this.request('break-lease', 'lease not broken', 'Lease broken');
    });
  }

  // mine: this pane acts under the port's lease.
  mine() {
    return this.id !== '' && this.s.conn.state === 'connected';
  }

  // take asks for a lease, or renews the one this pane holds. With wait,
  // the answer comes when the lease is granted (the queue has no time
  // limit), or the request fails when the pane leaves the queue.
  async take(fields) {
    const body = { ttl: fields.ttl };
    if (fields.note) body.note = fields.note;
    if (fields.wait) body.wait = true;
    try {
      await this.s.conn.request('lease', body, { timeout: fields.wait ? 0 : undefined });
    } catch (err) {
      const left = this.leaving && fields.wait;
      this.waiting = 0;
      this.leaving = false;
      if (err.code === 'forbidden') this.s.forbidden(err.message);
      else if (!left && (err.code !== 'not_connected' || !fields.wait)) this.s.notify(`${this.s.name}: ${this.id ? 'lease not renewed' : 'not reserved'}: ${plainError(err)}`, 'error');
      if (err.code === 'no_lease' && this.id && !fields.wait) this.forget();
      this.s.applyRole();
    }
  }

  async request(type, failed, okText = '') {
    try {
      await this.s.conn.request(type, {});
      if (okText) this.s.notify(`${this.s.name}: ${okText}`, 'info');
    } catch (err) {
      if (err.code === 'forbidden') this.s.notify(`${this.s.name}: ${failed}: ${err.message || 'not allowed'}`, 'error');
      else this.s.notify(`${this.s.name}: ${failed}: ${plainError(err)}`, 'error');
      if (err.code === 'no_lease') this.forget();
    }
    this.s.applyRole();
  }

  // event handles a lease event of this pane's connection.
  event(ev) {
    switch (ev.event) {
      case 'queued':
        this.waiting = ev.position > 0 ? ev.position : 1;
        break;
      case 'granted':
      case 'renewed':
        this.waiting = 0;
        if (isLeaseId(ev.lease)) {
          this.id = ev.lease;
          this.s.conn.lease = ev.lease;
          saveLeaseId(this.s.name, ev.lease);
        }
        // Renew renews for the lease's own time, when it is one offered.
        if (typeof ev.ttl === 'string' && TTLS.some(([v]) => v === ttlText(ev.ttl))) this.r.leaseTtl.value = ttlText(ev.ttl);
        break;
      case 'released':
      case 'expired':
      case 'broken':
        this.waiting = 0;
        this.forget();
        break;
      default:
        return;
    }
    const { text, kind } = leaseNotice(this.s.name, ev);
    if (text) this.s.notify(text, kind);
    this.s.applyRole();
  }

  // forget lets go of the lease's id: the pane is an ordinary client.
  forget() {
    this.id = '';
    this.s.conn.lease = '';
    forgetLeaseId(this.s.name);
  }

  // render shows the lease of port object p (received at receivedAt, page
  // time) for a user who may control the port (control), and returns the
  // view (its `why` says why sending is off, '' when it is on).
  render(p, ctx) {
    const { control, mayBreak, receivedAt } = ctx;
    this.ctx = ctx; // for the tick, which only moves the time left on
    const r = this.r;
    // Waiting is lost with the connection (the server drops its place).
    if (this.s.conn.state !== 'connected') this.waiting = 0;
    const v = leaseView(p, { mine: this.mine() && !!(p && p.lock && p.lock.lease), waiting: this.waiting, control, mayBreak, receivedAt, now: Date.now() });
    this.view = v;
    r.leaseBox.hidden = !v.shown;
    r.leaseBox.dataset.state = v.state;
    setText(r.leaseState, v.text);
    setText(r.leaseLeft, v.left ? `· ${v.left}` : '');
    r.leaseLeft.title = v.until ? `Ends at ${v.until} (page clock) unless renewed` : '';
    setText(r.leasePlace, v.place);
    r.leaseQueue.hidden = v.queue.length === 0;
    const items = v.queue.map((q) => q.text);
    if (items.join('\n') !== [...r.leaseQueue.children].map((li) => li.textContent).join('\n')) {
      r.leaseQueue.replaceChildren(...items.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
    }
    r.leaseQueue.setAttribute('aria-label', `Waiting for ${p ? p.name : 'the port'}: ${v.queue.length}`);
    r.leaseReserve.hidden = !v.controls.reserve;
    r.leaseRenew.hidden = !v.controls.renew;
    r.leaseRelease.hidden = !v.controls.release;
    r.leaseLeave.hidden = !v.controls.leave;
    r.leaseBreak.hidden = !v.controls.break;
    if (!v.controls.reserve && !v.controls.renew) r.leaseForm.hidden = true;
    // The relative time moves on by itself while a lease is shown.
    const ticking = v.left !== '';
    if (ticking && !this.timer) this.timer = setInterval(() => this.render(this.s.port, this.ctx), TICK_MS);
    else if (!ticking && this.timer) this.stop();
    return v;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
