// Package job runs jobs: a file streamed to a port's device line by line,
// at the pace the device acknowledges, inside the server, whatever its
// clients do (docs/jobs.md). A Profile says how the device is paced: one
// line at a time with an "ok" for each (line), as many lines as fit in the
// controller's receive buffer (grbl), numbered lines with checksums and
// resends (marlin), or a fixed delay (delay).
//
// Each job has one goroutine, its runner, which the port's queue starts
// and the Manager waits for. The runner alone writes the job's lines and
// reads the device's answers, from a subscriber of its own; pause, resume
// and cancel reach it on a channel and are answered once carried out, so
// when Pause returns no further line is sent. While it runs the job holds
// the port (hub.Port.BeginJob): other clients' bytes never fall among its
// lines.
package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// Errors callers test for.
var (
	ErrNotFound = errors.New("no such job")
	// ErrState: the job is not in a state the request applies to (pause
	// a job that is not running, resume one that is not paused, …).
	ErrState = errors.New("not possible in the job's state")
	// ErrEmpty: the file has no line to send.
	ErrEmpty = errors.New("the file has no line to send")
	// ErrTooBig: the file is larger than MaxFile, or has more than
	// MaxLines lines.
	ErrTooBig = errors.New("the file is too big")
	// ErrQueueFull: MaxQueued jobs already wait on the port.
	ErrQueueFull = errors.New("too many jobs queued on the port")
	// ErrStopping: the server is stopping; it starts no job.
	ErrStopping = errors.New("the server is stopping")
)

// Limits.
const (
	MaxFile   = 64 << 20 // bytes in a job's file
	MaxLines  = 2_000_000
	MaxQueued = 16 // jobs queued or running on a port
	MaxAnswer = 4096
	// publishEvery bounds the job events of a running job: its
	// progress is told at most this often, a change of state at once.
	publishEvery = 100 * time.Millisecond
	// saveEvery bounds how often a running job's progress is saved (a
	// change of state is saved at once).
	saveEvery = time.Second
	// sendNowTimeout bounds the write of a pause's, a resume's or a
	// cancel's bytes (grbl's '!', '~', 0x18).
	sendNowTimeout = 5 * time.Second
)

// The states of a job.
const (
	StateQueued    = "queued"
	StateRunning   = "running"
	StatePaused    = "paused"
	StateDone      = "done"
	StateFailed    = "failed"
	StateCancelled = "cancelled"
)

// ended reports whether a job in state s has ended.
func ended(s string) bool { return s == StateDone || s == StateFailed || s == StateCancelled }

// Request starts a job (Manager.Start).
type Request struct {
	Name    string  // the file's name, for people
	Profile Profile // how to talk to the device
	File    []byte
	From    int    // the first line to send, as a number of the lines sent (1 is the first); 0: 1
	By      string // who starts it
}

// Job is one file being sent to a port.
type Job struct {
	// Static after newJob.
	id      string
	name    string
	by      string
	prof    Profile
	lines   []Line
	created time.Time
	q       *portQueue
	ctl     chan control // to the runner; unbuffered: the runner answers each
	// done is closed when the runner returns; made when it starts,
	// under the queue's lock.
	done chan struct{}
	// abort ends the runner's writes and waits (its context, which
	// abortWrites cancels): a cancel must not wait for a device that
	// takes nothing. Made with done.
	abort       context.Context
	abortWrites context.CancelFunc
	// pending counts the controls on their way to the runner: it looks
	// between two lines, and lets them in first.
	pending atomic.Int32

	mu   sync.Mutex
	info hub.JobInfo // guarded by mu: the job as last told
}

// control is a request to a job's runner.
type control struct {
	verb  string // pause, resume or cancel
	by    string
	reply chan error // capacity 1
}

// Info returns the job as last told to clients.
func (j *Job) Info() hub.JobInfo {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.info
}

func (j *Job) setInfo(i hub.JobInfo) {
	j.mu.Lock()
	j.info = i
	j.mu.Unlock()
}

// flight is a line sent and not yet answered.
type flight struct {
	idx  int // the line's index in lines; -1 for a line of the job's own (Marlin's M110)
	size int // bytes sent, line ending included
	sent time.Time
}

// runner is a running job's state, owned by its goroutine.
type runner struct {
	j      *Job
	port   *hub.Port
	client hub.Client
	sub    *hub.Subscriber
	wake   chan struct{}
	info   hub.JobInfo

	next      int           // index of the next line to send
	inflight  []flight      // sent, not yet answered, oldest first
	used      int           // KindGrbl: bytes in flight
	resendTo  int           // KindMarlin: the index a Resend asked for, until its ok; -1 if none
	numbered  bool          // KindMarlin: the device's line number is set (M110 answered)
	lastHeard time.Time     // the last answer, or the send that started the wait
	partial   []byte        // the device's answer so far, before its line ending
	skipping  bool          // dropping an answer longer than MaxAnswer, up to its end
	running   time.Duration // time spent running, for the ETA
	// skipped are the lines counted acknowledged without being sent
	// (Request.From): the ETA's pace leaves them out.
	skipped  int
	since    time.Time // when it last began running
	lastPub  time.Time
	dirty    bool // progress not yet told
	unsaved  bool // progress told but not yet saved
	lastSave time.Time
	persist  func() // saves the port's jobs as they were last told, for a restart
	end      func() // lets go of the port (hub.Port.BeginJob)
}

// run is a job's runner: it sends the lines and reads the answers until
// the job ends, or ctx ends (the server is stopping: the job is then left
// as it is, and a restart reports it interrupted).
func (r *runner) run(ctx context.Context) {
	defer r.sub.Close()
	end, err := r.port.BeginJob(hub.JobGate{ID: r.j.id, Wait: r.j.prof.Others == Wait, Passes: r.passes()})
	if err != nil {
		r.finish(StateFailed, err.Error())
		return
	}
	r.end = end
	defer end()
	r.setState(StateRunning, "")
	if st := r.port.Info().State; st != hub.StateOpen {
		r.pauseFor(fmt.Sprintf("the device is not open (%s)", st))
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	// tell, while armed, is when progress not yet told is due.
	tell := time.NewTimer(time.Hour)
	defer tell.Stop()
	var buf []hub.Message
	for {
		if r.info.State == StateRunning {
			if err := r.sendMore(); err != nil {
				switch {
				case ctx.Err() != nil:
					r.stopped()
					return
				case r.j.abort.Err() == nil:
					r.pauseFor(err.Error())
				}
				// Aborted: the cancel that did it is on its way.
			}
			if r.info.State == StateRunning && r.next >= len(r.j.lines) && len(r.inflight) == 0 {
				r.finish(StateDone, "")
				return
			}
		}
		if ended(r.info.State) {
			return
		}
		r.publish(false)
		if due, ok := r.nextTell(); ok {
			tell.Reset(max(time.Until(due), 0))
		} else {
			tell.Stop()
		}
		wait, why, armed := r.deadline()
		if armed {
			timer.Reset(max(wait, 0)) // a deadline passed is due now
		} else {
			timer.Stop()
		}
		select {
		case <-ctx.Done():
			r.stopped()
			return
		case c := <-r.j.ctl:
			r.j.pending.Add(-1)
			c.reply <- r.control(c)
		case <-r.wake:
			msgs, err := r.sub.TryReceive(buf)
			if err != nil {
				r.finish(StateFailed, "the port closed")
				return
			}
			for _, m := range msgs {
				r.receive(m)
			}
			buf = msgs
		case <-timer.C:
			r.timeout(why)
		case <-tell.C:
		}
	}
}

// passes is the job's rule for other clients' bytes that go at once.
func (r *runner) passes() func([]byte) bool {
	if r.j.prof.Kind == KindGrbl {
		return Realtime
	}
	return nil
}

// deadline returns how long to wait before timeout must be called (not
// positive: at once), and why; armed is false when nothing is awaited.
func (r *runner) deadline() (wait time.Duration, why string, armed bool) {
	p := r.j.prof
	switch {
	case r.info.State == StatePaused || len(r.inflight) == 0:
		return 0, "", false
	case p.Kind == KindDelay:
		return time.Until(r.lastHeard.Add(p.Delay)), "delay", true
	case p.Timeout > 0:
		return time.Until(r.lastHeard.Add(p.Timeout)), "timeout", true
	}
	return 0, "", false
}

// timeout: a delay ended, or the device did not answer in time.
func (r *runner) timeout(why string) {
	if why == "delay" {
		r.ack(time.Now(), true)
		return
	}
	if why != "timeout" || len(r.inflight) == 0 {
		return
	}
	r.info.Errors++
	f := r.inflight[0]
	// Whether the device took the line is not known: a resume sends
	// again from it.
	r.lost()
	r.onError(fmt.Sprintf("no answer to %s within %s", r.describe(f.idx), r.j.prof.Timeout))
}

// describe names line idx for people: "line 42 (G1 X10)".
func (r *runner) describe(idx int) string {
	if idx < 0 {
		return "the line-number reset (M110)"
	}
	text := r.j.lines[idx].Text
	if len(text) > 40 {
		text = text[:40] + "…"
	}
	return fmt.Sprintf("line %d (%s)", idx+1, text)
}

// sendMore sends lines while the profile allows, unless a control or an
// answer is waiting: those are seen between two lines.
func (r *runner) sendMore() error {
	p := r.j.prof
	for r.info.State == StateRunning && r.next < len(r.j.lines) {
		if r.j.pending.Load() > 0 {
			return nil
		}
		if p.Kind == KindMarlin && !r.numbered {
			if len(r.inflight) > 0 {
				return nil
			}
			// The device numbers lines from here on: the last one it
			// acknowledged is the one before next.
			if err := r.write(-1, "M110 N"+strconv.Itoa(r.next)); err != nil {
				return err
			}
			continue
		}
		line := r.j.lines[r.next].Text
		if p.Kind == KindMarlin {
			line = Numbered(r.next+1, line)
		}
		switch p.Kind {
		case KindGrbl:
			if r.used+len(line)+len(p.EOL) > p.Buffer {
				return nil
			}
		case KindDelay:
			if len(r.inflight) > 0 {
				return nil
			}
		default:
			if len(r.inflight) > 0 {
				return nil
			}
		}
		if err := r.write(r.next, line); err != nil {
			return err
		}
		r.next++
		r.info.Line = r.next + 1
	}
	return nil
}

// write sends one line (idx -1: the job's own) and puts it in flight.
func (r *runner) write(idx int, line string) error {
	p := r.j.prof
	ctx := r.j.abort
	b := []byte(line + p.EOL)
	if p.Kind == KindDelay && p.CharDelay > 0 {
		for i := range b {
			if i > 0 {
				if err := pace(ctx, p.CharDelay); err != nil {
					return err
				}
			}
			if err := r.client.Write(ctx, b[i:i+1]); err != nil {
				return r.writeFailed(idx, err)
			}
			r.info.Bytes++
		}
	} else {
		if err := r.client.Write(ctx, b); err != nil {
			return r.writeFailed(idx, err)
		}
		r.info.Bytes += int64(len(b))
	}
	now := time.Now() // the device has it all: a delay, a timeout and the time to its answer start here
	if len(r.inflight) == 0 {
		r.lastHeard = now
	}
	r.inflight = append(r.inflight, flight{idx: idx, size: len(b), sent: now})
	r.used += len(b)
	if idx >= 0 && idx >= r.info.Sent {
		r.info.Sent = idx + 1
	}
	if idx >= 0 {
		r.port.Note(fmt.Sprintf("job %s: sent line %d", r.j.id, idx+1))
	}
	r.dirty = true
	return nil
}

func (r *runner) writeFailed(idx int, err error) error {
	if idx >= 0 {
		return fmt.Errorf("%s could not be sent: %w", r.describe(idx), err)
	}
	return fmt.Errorf("the line-number reset could not be sent: %w", err)
}

// pace waits d, the pace of a device that acknowledges nothing.
func pace(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// receive handles a message of the job's subscriber.
func (r *runner) receive(m hub.Message) {
	switch {
	case m.Status != nil:
		if st := m.Status.State; st != hub.StateOpen && r.info.State == StateRunning {
			why := string(st)
			if m.Status.Error != "" {
				why += ": " + m.Status.Error
			}
			r.pauseFor("the device went away (" + why + ")")
		}
		if m.Status.State != hub.StateOpen {
			r.lost()
		}
	case m.Missed > 0:
		// Answers were lost: the count of acknowledgements cannot be
		// trusted any more.
		if !ended(r.info.State) {
			r.lost()
			r.pauseFor(fmt.Sprintf("%d bytes of the device's answers were lost", m.Missed))
		}
	case len(m.Data) > 0:
		r.answers(m.Data, m.Time)
	}
}

// lost forgets the lines in flight: the device went away, or its answers
// were lost. A resume sends again from the first line not acknowledged.
func (r *runner) lost() {
	if len(r.inflight) == 0 {
		return
	}
	first := r.next
	for _, f := range r.inflight {
		if f.idx >= 0 && f.idx < first {
			first = f.idx
		}
	}
	r.next = first
	r.inflight, r.used, r.resendTo, r.numbered, r.partial, r.skipping = nil, 0, -1, false, nil, false
	r.info.Line = r.next + 1
	r.dirty = true
}

// answers splits the device's output into lines and handles each.
func (r *runner) answers(b []byte, t time.Time) {
	for len(b) > 0 {
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			if !r.skipping && len(r.partial)+len(b) <= MaxAnswer {
				r.partial = append(r.partial, b...)
			} else {
				// An endless line is no answer: the rest of it, up to
				// its end, is dropped too.
				r.partial, r.skipping = r.partial[:0], true
			}
			return
		}
		line := b[:i]
		if len(r.partial) > 0 {
			line = append(r.partial, line...)
			r.partial = r.partial[:0]
		}
		b = b[i+1:]
		if r.skipping {
			r.skipping = false
			continue
		}
		if len(line) > 0 {
			r.answer(string(line), t)
		}
	}
}

// answer handles one line the device sent.
func (r *runner) answer(line string, t time.Time) {
	p := r.j.prof
	if ended(r.info.State) {
		return
	}
	switch {
	case p.Resend != nil && p.Resend.MatchString(line):
		m := p.Resend.FindStringSubmatch(line)
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > len(r.j.lines) {
			r.info.Errors++
			r.onError(fmt.Sprintf("the device asked to resend line %s, which the job never sent", m[1]))
			return
		}
		r.resendTo = n - 1
		r.lastHeard = t
	case p.Error != nil && p.Error.MatchString(line) && (p.Ignore == nil || !p.Ignore.MatchString(line)):
		answered := "between two lines" // Marlin's own errors (a heater's) come at any time
		if len(r.inflight) > 0 {
			answered = r.describe(r.inflight[0].idx)
		} else if p.Kind == KindGrbl || p.Kind == KindLine {
			return // an answer to something else (another client's, before the job)
		}
		r.info.Errors++
		if p.Kind == KindGrbl || p.Kind == KindLine {
			r.ack(t, false) // the line was taken, and answered with an error
		} else {
			r.lost() // Marlin: whether it took the line is not known; a resume sends again from it
		}
		r.onError(fmt.Sprintf("%s: the device answered %q", answered, line))
	case p.OK != nil && p.OK.MatchString(line):
		r.ack(t, true)
	case p.Reset != nil && p.Reset.MatchString(line) && r.info.State != StateQueued:
		// The device started again: what was in flight is gone.
		r.lost()
		r.pauseFor(fmt.Sprintf("the device restarted (it said %q)", line))
	case p.Busy != nil && p.Busy.MatchString(line):
		r.lastHeard = t
	}
}

// ack takes the oldest line in flight as answered at t: acknowledged (ok),
// answered with an error, or, after a Resend, to be sent again from where
// the device asked.
func (r *runner) ack(t time.Time, ok bool) {
	if len(r.inflight) == 0 {
		return // an answer to something else (another client's, before the job)
	}
	f := r.inflight[0]
	r.inflight = r.inflight[1:]
	r.used -= f.size
	r.lastHeard = t
	r.dirty = true
	switch {
	case r.resendTo >= 0:
		r.next, r.resendTo = r.resendTo, -1
		r.inflight, r.used = nil, 0 // the device ignores what followed
		r.info.Resends++
		r.info.Line = r.next + 1
		r.port.Note(fmt.Sprintf("job %s: the device asked for line %d again", r.j.id, r.next+1))
	case f.idx < 0:
		r.numbered = true
	case !ok:
		r.port.Note(fmt.Sprintf("job %s: line %d answered with an error after %s", r.j.id, f.idx+1, t.Sub(f.sent).Round(time.Microsecond)))
	default:
		r.info.Acked++
		r.port.Note(fmt.Sprintf("job %s: line %d acknowledged after %s", r.j.id, f.idx+1, t.Sub(f.sent).Round(time.Microsecond)))
	}
}

// onError carries out the profile's rule for an error.
func (r *runner) onError(reason string) {
	if r.j.prof.OnError == Pause {
		r.pauseFor(reason)
		return
	}
	r.finish(StateFailed, reason)
}

// control carries out a request from a client.
func (r *runner) control(c control) error {
	switch c.verb {
	case "pause":
		if r.info.State != StateRunning {
			return fmt.Errorf("job %s is %s: %w", r.j.id, r.info.State, ErrState)
		}
		r.sendNow(r.j.prof.PauseSend)
		r.pauseFor("paused by " + c.by)
	case "resume":
		if r.info.State != StatePaused {
			return fmt.Errorf("job %s is %s: %w", r.j.id, r.info.State, ErrState)
		}
		if st := r.port.Info().State; st != hub.StateOpen {
			return fmt.Errorf("job %s: the device is not open (%s): %w", r.j.id, st, ErrState)
		}
		r.sendNow(r.j.prof.ResumeSend)
		if len(r.inflight) > 0 {
			// A line still unanswered (a pause on a timeout, or a long
			// pause) gets its whole timeout again.
			r.lastHeard = time.Now()
		}
		r.setState(StateRunning, "")
	case "cancel":
		r.sendNow(r.j.prof.CancelSend)
		r.finish(StateCancelled, "cancelled by "+c.by)
	}
	return nil
}

// sendNow writes the profile's bytes for a pause, a resume or a cancel;
// a failure is noted: the job's state changes all the same.
func (r *runner) sendNow(s string) {
	if s == "" {
		return
	}
	// Not under abort (a cancel has ended it), but bounded: a device
	// that takes nothing does not hold the request.
	ctx, cancel := context.WithTimeout(context.Background(), sendNowTimeout)
	defer cancel()
	if err := r.client.Write(ctx, []byte(s)); err != nil {
		r.port.Note(fmt.Sprintf("job %s: %v", r.j.id, err))
	}
}

func (r *runner) pauseFor(reason string) {
	if r.info.State != StateRunning {
		return
	}
	r.setState(StatePaused, reason)
}

// setState changes the job's state and tells everyone at once.
func (r *runner) setState(s, reason string) {
	now := time.Now()
	switch {
	case s == StateRunning:
		r.since = now
		if r.info.Started.IsZero() {
			r.info.Started = now
		}
	case r.info.State == StateRunning:
		r.running += now.Sub(r.since)
	}
	r.info.State, r.info.Reason = s, reason
	msg := "job " + r.j.id + ": " + s
	if reason != "" {
		msg += ": " + reason
	}
	r.port.Note(msg)
	r.dirty = true
	r.publish(true)
}

// finish ends the job.
func (r *runner) finish(s, reason string) {
	if r.end != nil {
		r.end() // others may write once they hear the job ended
	}
	r.info.Ended = time.Now()
	if r.info.Started.IsZero() {
		r.info.Started = r.info.Ended
	}
	r.info.Line = r.stoppedAt()
	r.setState(s, reason)
}

// stoppedAt is where the job stopped, as a line number: the first line
// not acknowledged.
func (r *runner) stoppedAt() int {
	line := r.next + 1
	for _, f := range r.inflight {
		if f.idx >= 0 && f.idx+1 < line {
			line = f.idx + 1
		}
	}
	return line
}

// stopped saves the job as it is when the server stops, for a restart to
// report where it was interrupted.
func (r *runner) stopped() {
	r.info.Line = r.stoppedAt()
	r.dirty = true
	r.publish(true)
}

// publish tells the job's progress: at once with force, otherwise at most
// every publishEvery.
func (r *runner) publish(force bool) {
	now := time.Now()
	if r.dirty && (force || now.Sub(r.lastPub) >= publishEvery) {
		r.tell(now)
	}
	if r.unsaved && (force || now.Sub(r.lastSave) >= saveEvery) {
		r.lastSave, r.unsaved = now, false
		r.persist()
	}
}

// nextTell is when progress not yet told, or not yet saved, is due.
func (r *runner) nextTell() (time.Time, bool) {
	var due time.Time
	if r.dirty {
		due = r.lastPub.Add(publishEvery)
	}
	if s := r.lastSave.Add(saveEvery); r.unsaved && (due.IsZero() || s.Before(due)) {
		due = s
	}
	return due, !due.IsZero()
}

// tell tells everyone the job's progress as of now.
func (r *runner) tell(now time.Time) {
	r.lastPub, r.dirty, r.unsaved = now, false, true
	i := r.info
	if !i.Started.IsZero() {
		end := now
		if !i.Ended.IsZero() {
			end = i.Ended
		}
		i.Elapsed = end.Sub(i.Started)
	}
	i.ETA = 0
	if done := i.Acked - r.skipped; i.State == StateRunning && done > 0 {
		active := r.running + now.Sub(r.since)
		i.ETA = time.Duration(float64(active) / float64(done) * float64(i.Lines-i.Acked))
	}
	r.j.setInfo(i)
	r.j.q.told(r.j, i)
}
