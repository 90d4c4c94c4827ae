// JobPanel: a pane's job panel (docs/jobs.md). A job is a file the server
// streams to the port's device at the pace it acknowledges, whatever the
// browsers do; the panel shows the port's current job (running or paused,
// else the last one until dismissed here) with its progress, who started
// it and why it paused or ended, Pause / Resume / Cancel, and the jobs
// queued after it, each with Cancel (and Start when the queue waits after
// a job that did not end done). The buttons are shown to everyone and
// enabled when the pane may act on the port (PortSession.jobWhy: the role,
// another's write lock or lease); a disabled one says why in its title.
//
// Owned by its PortSession: the session hands it the port object of each
// status event (its `job`) and each job event, and calls load() once
// connected (GET /api/ports/{name}/jobs: the queue). Its REST requests
// carry the pane's lease (Serialhub-Lease) when it holds one.
// What it shows is computed by jobmodel.js.

import { h, confirmDialog } from './dom.js';
import { api, errorMessage } from './auth.js';
import { load, save } from './storage.js';
import { jobView, queuedView, panelJobs, upsert, isJob, isEnded } from './jobmodel.js';
import { isFleetPort } from './fleet.js';

const TICK_MS = 1000;   // a running job's elapsed time moves on this often between events
const DISMISSED_MAX = 50;

export class JobPanel {
  constructor(refs, session) {
    this.r = refs;
    this.s = session;
    this.jobs = [];          // the port's jobs as last heard of, oldest first
    this.at = new Map();     // job id -> Date.now() when it was last heard of (for the elapsed time)
    this.unsupported = false; // the server runs no jobs for this port
    // A REST answer may be older than the events that came while it was on
    // its way: each job heard of over the connection is stamped with a
    // count (heard), and an answer applies only to jobs not heard of since
    // its request was sent (the events say every change anyway).
    this.count = 0;
    this.heard = new Map();   // job id -> this.count when an event or status last told of it
    this.timer = 0;
    this.queueKey = '';      // what the queue's list was drawn for
    this.dismissKey = `jobsDismissed.${session.name}`;
    this.dismissed = new Set(load(this.dismissKey, []).filter((k) => typeof k === 'string'));

    const r = refs;
    r.jobPause.addEventListener('click', () => this.act('pause'));
    r.jobResume.addEventListener('click', () => this.act('resume'));
    r.jobCancel.addEventListener('click', () => this.act('cancel'));
    r.jobDismiss.addEventListener('click', () => {
      const { current } = this.shown();
      if (!current) return;
      this.dismissed.add(dismissKey(current));
      save(this.dismissKey, [...this.dismissed].slice(-DISMISSED_MAX));
      this.render();
    });
  }

  // request is fetch for the port's jobs (path after …/jobs), with the
  // pane's lease when it holds one.
  request(path, opts = {}) {
    const headers = { Accept: 'application/json', ...(opts.headers || {}) };
    if (this.s.lease && this.s.lease.id) headers['Serialhub-Lease'] = this.s.lease.id;
    return api(`/api/ports/${encodeURIComponent(this.s.name)}/jobs${path}`, { ...opts, headers });
  }

  // load asks the server for the port's jobs (the queue is not in the
  // port object). A server that runs none answers 422: the panel stays hidden.
  async load() {
    // A fleet gateway's port runs its jobs on the gateway (the central answers 422).
    if (isFleetPort(this.s.port)) return;
    let res;
    const since = this.count;
    try {
      res = await this.request('');
    } catch (_) {
      return; // unreachable: the connection says so
    }
    if (res.status === 422 || res.status === 404) {
      this.unsupported = true;
      return;
    }
    if (!res.ok) return;
    let list;
    try {
      list = await res.json();
    } catch (_) {
      return;
    }
    if (!Array.isArray(list)) return;
    this.unsupported = false;
    // The list replaces what the panel knew (the server may have
    // restarted), but for the jobs events told of since it was asked for.
    const now = Date.now();
    let jobs = list.filter((j) => isJob(j) && this.fresh(j.id, since));
    for (const j of jobs) this.at.set(j.id, now);
    for (const j of this.jobs) if (!this.fresh(j.id, since)) jobs = upsert(jobs, j);
    this.jobs = jobs;
    this.render();
  }

  // fresh: no event told of job id since count since (a REST answer
  // asked for then is not older than what the panel shows).
  fresh(id, since) {
    const n = this.heard.get(id);
    return n === undefined || n <= since;
  }

  // update takes a job as an event or a status told it.
  update(job) {
    if (!isJob(job)) return;
    this.heard.set(job.id, ++this.count);
    this.jobs = upsert(this.jobs, job);
    this.at.set(job.id, Date.now());
    this.render();
  }

  // answered takes a job as a REST answer to a request sent at count
  // since gave it: ignored when an event told of the job meanwhile.
  answered(job, since) {
    if (!isJob(job) || !this.fresh(job.id, since)) return;
    this.jobs = upsert(this.jobs, job);
    this.at.set(job.id, Date.now());
    this.render();
  }

  // port takes a status event's port object: its job is the port's
  // running job, or its last one.
  port(p) {
    if (p && isJob(p.job)) {
      this.update(p.job); // in order with the job events, on the same connection
    } else this.render();
  }

  shown() {
    const dismissed = new Set(this.jobs.filter((j) => this.dismissed.has(dismissKey(j))).map((j) => j.id));
    return panelJobs(this.jobs, dismissed);
  }

  // act carries out verb (pause, resume, cancel) on the current job, or
  // on the queued job given.
  async act(verb, job = this.shown().current) {
    if (!job) return;
    const s = this.s;
    const title = job.name || `job ${job.id}`;
    if (verb === 'cancel' && !await confirmDialog(`Cancel ${title} on ${s.name}? Nothing more of it is sent${job.state === 'queued' ? '' : ` (${job.acked} of ${job.lines} lines acknowledged so far)`}.`, 'Cancel job')) return;
    let res;
    const since = this.count;
    try {
      res = await this.request(`/${encodeURIComponent(job.id)}/${verb}`, { method: 'POST' });
    } catch (err) {
      s.notify(`${s.name}: ${title}: ${verb} not sent: no answer from the server (${err.message})`, 'error');
      return;
    }
    if (!res.ok) {
      s.notify(`${s.name}: ${title}: not ${verb === 'pause' ? 'paused' : verb === 'resume' ? 'resumed' : 'cancelled'}: ${await errorMessage(res)}`, 'error');
      return;
    }
    try {
      this.answered(await res.json(), since);
    } catch (_) {
      // the job event says it too
    }
  }

  // render shows the jobs as last heard of, with the buttons the pane may use.
  render() {
    const r = this.r;
    const why = this.s.jobWhy || '';
    const { current, queued } = this.shown();
    r.jobPanel.hidden = !current && queued.length === 0;
    r.jobPanel.dataset.state = current ? current.state : 'queued';
    r.jobPanel.querySelector('.job-head').hidden = !current;
    r.jobPanel.querySelector('.job-figures').hidden = !current;
    if (current) {
      const shownJob = { ...current };
      if (current.state === 'running') shownJob.elapsed = (current.elapsed || 0) + Math.max(0, Date.now() - (this.at.get(current.id) || Date.now())) / 1000;
      const v = jobView(shownJob, why);
      r.jobPanel.dataset.job = current.id;
      setText(r.jobName, v.title);
      setText(r.jobProfile, v.profile);
      setText(r.jobState, v.stateText);
      setText(r.jobBy, v.by);
      r.jobProgress.max = v.max;
      r.jobProgress.value = v.value;
      r.jobProgress.setAttribute('aria-label', `${v.title}: ${v.percent}% acknowledged`);
      setText(r.jobCounts, v.counts);
      setText(r.jobErrors, v.errors);
      r.jobErrors.dataset.some = String((current.errors || 0) > 0);
      setText(r.jobResends, v.resends);
      setText(r.jobTime, v.time);
      setText(r.jobReason, v.reason);
      r.jobReason.hidden = !v.reason;
      button(r.jobPause, v.pause);
      button(r.jobResume, v.resume);
      button(r.jobCancel, v.cancel);
      r.jobDismiss.hidden = !v.dismiss;
    } else delete r.jobPanel.dataset.job;

    const startable = !current || isEnded(current);
    r.jobQueue.hidden = queued.length === 0;
    // Drawn again only when it changed (the tick must not steal a button's focus).
    const key = JSON.stringify([why, startable, queued.map((j) => [j.id, j.name, j.lines, j.by])]);
    if (key === this.queueKey) return this.tick(current);
    this.queueKey = key;
    r.jobQueue.replaceChildren(...queued.map((j) => {
      const v = queuedView(j, why, startable);
      const start = h('button', { type: 'button', className: 'job-start' }, 'Start');
      const cancel = h('button', { type: 'button', className: 'job-cancel danger' }, 'Cancel');
      button(start, v.start);
      button(cancel, v.cancel);
      start.addEventListener('click', () => this.act('resume', j));
      cancel.addEventListener('click', () => this.act('cancel', j));
      return h('li', { className: 'job-queued', dataset: { job: j.id } }, h('span', { className: 'job-queued-text' }, `Queued: ${v.text}`), start, cancel);
    }));
    this.tick(current);
  }

  // tick keeps the elapsed time moving between events while a job runs.
  tick(current) {
    const ticking = !!current && current.state === 'running';
    if (ticking && !this.timer) this.timer = setInterval(() => this.render(), TICK_MS);
    else if (!ticking && this.timer) this.stop();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }
}

// dismissKey names a job across server restarts without a jobs directory
// (ids start again at 1): its id and when it was created.
function dismissKey(j) {
  return `${j.id}@${j.created}`;
}

function button(el, v) {
  el.hidden = !v.shown;
  el.disabled = v.disabled;
  el.title = v.title;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
