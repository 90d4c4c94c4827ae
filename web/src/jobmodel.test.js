// The job panel's pure parts (jobmodel.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, reasonText, jobView, upsert, panelJobs, queuedView, jobQuery, isEnded } from './jobmodel.js';

const job = (fields) => ({
  id: '3', name: 'bracket.nc', profile: 'grbl', state: 'running', by: 'alice', lines: 200, sent: 84, acked: 80,
  bytes: 2000, errors: 0, resends: 0, line: 85, created: '2025-11-30T10:53:20Z', started: '2025-11-30T10:53:21Z',
  elapsed: 84.2, eta: 116.2, ...fields,
});

test('clock: mm:ss, h:mm:ss from an hour on, nothing for what is not a time', () => {
  assert.equal(clock(0), '00:00');
  assert.equal(clock(84.2), '01:24');
  assert.equal(clock(59.6), '01:00');
  assert.equal(clock(3599), '59:59');
  assert.equal(clock(3600 + 62), '1:01:02');
  for (const v of [undefined, null, NaN, -1, '12']) assert.equal(clock(v), '', String(v));
});

test('jobView: a running job in words, its progress acked of lines', () => {
  const v = jobView(job({}));
  assert.equal(v.title, 'bracket.nc');
  assert.equal(v.stateText, 'Running');
  assert.deepEqual([v.value, v.max, v.percent], [80, 200, 40]);
  assert.equal(v.counts, '80 / 200 lines');
  assert.equal(v.errors, '0 errors');
  assert.equal(v.resends, '0 resends');
  assert.equal(v.time, 'elapsed 01:24 · 01:56 left');
  assert.equal(v.by, 'started by alice');
  assert.equal(v.reason, '');
  assert.deepEqual([v.pause.shown, v.resume.shown, v.cancel.shown, v.dismiss], [true, false, true, false]);
  assert.equal(v.pause.disabled, false);
  assert.equal(jobView(job({ errors: 1, resends: 1 })).errors, '1 error');
});

test('jobView: paused and ended jobs, their reasons and buttons', () => {
  const p = jobView(job({ state: 'paused', reason: 'paused by bob', eta: undefined }));
  assert.equal(p.stateText, 'Paused');
  assert.equal(p.reason, 'paused by bob');
  assert.equal(p.time, 'elapsed 01:24', 'no ETA unless running');
  assert.deepEqual([p.pause.shown, p.resume.shown, p.cancel.shown, p.dismiss], [false, true, true, false]);
  for (const state of ['done', 'failed', 'cancelled']) {
    const v = jobView(job({ state, reason: state === 'done' ? '' : `why ${state}` }));
    assert.deepEqual([v.pause.shown, v.resume.shown, v.cancel.shown, v.dismiss], [false, false, false, true], state);
    assert.equal(v.reason, state === 'done' ? '' : `why ${state}`);
    assert.ok(isEnded(job({ state })));
  }
  assert.equal(jobView(job({ state: 'done', acked: 200 })).counts, '200 / 200 lines');
  const q = jobView(job({ state: 'queued', started: undefined, elapsed: 0 }));
  assert.equal(q.time, '', 'a job not started has no elapsed time');
});

test('jobView: a job serialhub restarted in the middle of says where', () => {
  const v = jobView(job({ state: 'failed', interrupted: true, line: 57, reason: 'interrupted: serialhub stopped while the job was running, at line 57 of 200 (56 acknowledged)' }));
  assert.match(v.reason, /^Interrupted at line 57: serialhub restarted while the job ran \(interrupted: serialhub stopped/);
  assert.equal(reasonText(job({ state: 'failed', interrupted: true, line: 9, reason: '' })), 'Interrupted at line 9: serialhub restarted while the job ran');
});

test('jobView: buttons are shown to everyone, disabled saying why', () => {
  const why = 'Your role on port dev is view-only: you cannot pause, resume or cancel its jobs';
  const v = jobView(job({}), why);
  for (const b of [v.pause, v.cancel]) {
    assert.equal(b.shown, true);
    assert.equal(b.disabled, true);
    assert.equal(b.title, why);
  }
  const q = queuedView(job({ state: 'queued', id: '4', lines: 1 }), why, true);
  assert.equal(q.text, 'bracket.nc · grbl · 1 line · by alice');
  assert.deepEqual([q.cancel.shown, q.cancel.disabled, q.cancel.title], [true, true, why]);
  assert.equal(queuedView(job({ state: 'queued' }), '', false).start.shown, false, 'no Start while a job runs');
});

test('upsert keeps one of each job, oldest first by id', () => {
  let list = [];
  list = upsert(list, job({ id: '10', state: 'queued' }));
  list = upsert(list, job({ id: '9' }));
  list = upsert(list, job({ id: '10', state: 'running' }));
  assert.deepEqual(list.map((j) => [j.id, j.state]), [['9', 'running'], ['10', 'running']]);
});

test('panelJobs: the running or paused job, else the last one not dismissed; the queued ones', () => {
  const done = job({ id: '1', state: 'done' });
  const paused = job({ id: '2', state: 'paused' });
  const queued = job({ id: '3', state: 'queued' });
  assert.deepEqual(panelJobs([done, paused, queued]), { current: paused, queued: [queued] });
  assert.deepEqual(panelJobs([done, queued]), { current: done, queued: [queued] });
  assert.deepEqual(panelJobs([done], new Set(['1'])), { current: null, queued: [] });
  const failed = job({ id: '4', state: 'failed' });
  assert.equal(panelJobs([done, failed]).current, failed, 'the last one');
  const never = job({ id: '5', state: 'cancelled', started: undefined });
  assert.equal(panelJobs([failed, never]).current, failed, 'one cancelled while queued does not hide the last that ran');
  assert.equal(panelJobs([never]).current, never);
});

test('jobQuery: the profile, the name and only the options the profile takes', () => {
  const opts = { 'on-error': 'pause', timeout: ' 5s ', buffer: '64', delay: '20ms' };
  assert.equal(jobQuery('part.gcode', 'line', opts), 'profile=line&name=part.gcode&on-error=pause&timeout=5s');
  assert.equal(jobQuery('part.nc', 'grbl', opts), 'profile=grbl&name=part.nc&on-error=pause&timeout=5s&buffer=64');
  assert.equal(jobQuery('a b&c.txt', 'delay', { delay: '20ms', timeout: '' }), 'profile=delay&name=a+b%26c.txt&delay=20ms');
  assert.equal(jobQuery('x', 'marlin', {}), 'profile=marlin&name=x', 'empty: the profile\'s defaults');
  assert.throws(() => jobQuery('x', 'bogus', {}), /unknown profile "bogus"/);
});
