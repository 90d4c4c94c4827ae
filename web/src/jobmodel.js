// The job panel's pure parts (jobpanel.js): what a pane shows of a port's
// jobs (docs/jobs.md) and the request that starts one. A job is a file the
// server streams to the port's device at the pace it acknowledges; the
// console learns of it from the port object's `job` and from `job` events
// (wire.js), and acts on it over REST.

export const PROFILES = ['line', 'grbl', 'marlin', 'delay'];
export const PROFILE_LABELS = {
  line: 'line: one line, then wait for "ok"',
  grbl: 'grbl: fill the controller\'s buffer (character counting)',
  marlin: 'marlin: numbered lines with checksums, resends',
  delay: 'delay: a fixed pause after each line, no answers',
};

const ENDED = new Set(['done', 'failed', 'cancelled']);
const STATE_LABELS = {
  queued: 'Queued', running: 'Running', paused: 'Paused', done: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};

// isEnded: the job will send nothing more.
export function isEnded(job) {
  return !!job && ENDED.has(job.state);
}

// clock says a number of seconds as mm:ss (h:mm:ss from an hour on); ''
// when it is not a number of seconds.
export function clock(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const p = (n) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${p(m)}:${p(s % 60)}` : `${p(m)}:${p(s % 60)}`;
}

// reasonText is why the job paused, failed or was cancelled, in words; ''
// for a job that needs no reason. A job serialhub stopped in the middle of
// (it restarted) says where it was interrupted first.
export function reasonText(job) {
  if (!job) return '';
  const reason = typeof job.reason === 'string' ? job.reason : '';
  if (job.interrupted) {
    const at = `Interrupted at line ${job.line}: serialhub restarted while the job ran`;
    return reason ? `${at} (${reason})` : at;
  }
  if (job.state === 'paused' || job.state === 'failed' || job.state === 'cancelled') return reason;
  return '';
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// jobView is what the panel shows of job; why: why this page may not act
// on the port's jobs ('' when it may), the title of every disabled button.
export function jobView(job, why = '') {
  const lines = job.lines > 0 ? job.lines : 0;
  const acked = Math.min(job.acked > 0 ? job.acked : 0, lines || Infinity);
  const running = job.state === 'running';
  const eta = running ? clock(job.eta) : '';
  const elapsed = job.started ? clock(job.elapsed) : '';
  const time = [elapsed && `elapsed ${elapsed}`, eta && `${eta} left`].filter(Boolean).join(' · ');
  const button = (shown, title) => ({ shown, disabled: !!why, title: why || title });
  return {
    title: job.name || `job ${job.id}`,
    profile: job.profile,
    state: job.state,
    stateText: STATE_LABELS[job.state] || job.state,
    max: lines || 1,
    value: lines ? acked : isEnded(job) && job.state === 'done' ? 1 : 0,
    percent: lines ? Math.floor((acked / lines) * 100) : 0,
    counts: `${acked} / ${lines} lines`,
    errors: plural(job.errors || 0, 'error'),
    resends: plural(job.resends || 0, 'resend'),
    time,
    by: job.by ? `started by ${job.by}` : '',
    reason: reasonText(job),
    pause: button(running, 'Pause: send no more lines until resumed'),
    resume: button(job.state === 'paused', 'Resume: go on sending'),
    cancel: button(!isEnded(job), 'Cancel: send nothing more (asks first)'),
    dismiss: isEnded(job),
  };
}

// upsert returns jobs with job in it (replacing the one with its id), in
// the server's order (oldest first: by id, a number as a string).
export function upsert(jobs, job) {
  const out = jobs.filter((j) => j.id !== job.id);
  out.push(job);
  out.sort((a, b) => jobOrder(a.id) - jobOrder(b.id) || String(a.id).localeCompare(String(b.id)));
  return out;
}

function jobOrder(id) {
  const n = Number(id);
  return Number.isFinite(n) ? n : Infinity;
}

// panelJobs picks what the panel shows of jobs (oldest first): the current
// job (running or paused; else the last one that ended, one that started
// before one cancelled while queued, unless dismissed here) and the queued
// ones.
export function panelJobs(jobs, dismissed = new Set()) {
  const queued = jobs.filter((j) => j.state === 'queued');
  let current = jobs.find((j) => j.state === 'running' || j.state === 'paused') || null;
  if (!current) {
    const ended = jobs.filter((j) => j.state !== 'queued');
    const started = ended.filter((j) => j.started);
    const last = (started.length ? started : ended).at(-1);
    if (last && !dismissed.has(last.id)) current = last;
  }
  return { current, queued };
}

// queuedView is a queued job's line in the panel; startable: no job runs
// or is paused (the queue waits after one that did not end done).
export function queuedView(job, why, startable) {
  return {
    text: `${job.name || `job ${job.id}`} · ${job.profile} · ${plural(job.lines || 0, 'line')}${job.by ? ` · by ${job.by}` : ''}`,
    start: { shown: startable, disabled: !!why, title: why || 'Start: the jobs before it did not all end done, so it waits to be started' },
    cancel: { shown: true, disabled: !!why, title: why || 'Cancel this queued job' },
  };
}

// The options the Send-file dialog offers, per profile: each applies to
// the profiles listed (docs/jobs.md has them all).
export const JOB_OPTIONS = {
  'on-error': ['line', 'grbl', 'marlin', 'delay'],
  timeout: ['line', 'grbl', 'marlin'],
  buffer: ['grbl'],
  delay: ['delay'],
};

// jobQuery is the query of POST /api/ports/{name}/jobs for file name run
// by profile with options (those the profile does not take and empty ones
// left out: the profile's defaults apply).
export function jobQuery(name, profile, options = {}) {
  if (!PROFILES.includes(profile)) throw new Error(`unknown profile ${JSON.stringify(profile)}: want ${PROFILES.join(', ')}`);
  const q = new URLSearchParams({ profile });
  if (name) q.set('name', name);
  for (const [k, applies] of Object.entries(JOB_OPTIONS)) {
    const v = options[k] === undefined || options[k] === null ? '' : String(options[k]).trim();
    if (v !== '' && applies.includes(profile)) q.set(k, v);
  }
  return q.toString();
}

// isJob: v is a job object as the console reads it (wire.js, JOB).
export function isJob(v) {
  return !!v && typeof v === 'object' && typeof v.id === 'string' && typeof v.state === 'string';
}
