package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// keepEnded is how many ended jobs a port remembers.
const keepEnded = 20

// Config configures a Manager.
type Config struct {
	// Dir keeps each port's jobs across a restart (a JSON file each):
	// a job that was running when serialhub stopped is reported
	// interrupted when it starts again. "": nothing is kept.
	Dir      string
	Profiles *Profiles    // nil: the built-in profiles only
	Logger   *slog.Logger // nil: slog.Default()
}

// Manager runs the jobs of a server's ports: one at a time on each port,
// in the order they were started. Close stops it.
type Manager struct {
	cfg    Config
	log    *slog.Logger
	ctx    context.Context // ends with Close: every runner stops
	cancel context.CancelFunc
	wg     sync.WaitGroup // the runners

	mu     sync.Mutex
	queues map[*hub.Port]*portQueue // guarded by mu
	closed bool                     // guarded by mu
}

// NewManager returns a Manager; its directory, if any, is made.
func NewManager(cfg Config) (*Manager, error) {
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
			return nil, fmt.Errorf("jobs directory: %w", err)
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Manager{cfg: cfg, log: log, ctx: ctx, cancel: cancel, queues: make(map[*hub.Port]*portQueue)}, nil
}

// Profiles returns the profiles the manager knows.
func (m *Manager) Profiles() *Profiles { return m.cfg.Profiles }

// Close stops every runner and waits for them. Jobs still running are
// left as they are: their files say so, and a manager started on the same
// directory reports them interrupted. It is idempotent, and does nothing
// on a nil Manager.
func (m *Manager) Close() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.cancel()
	m.wg.Wait()
}

// Restore tells p's clients of p's last job, from the directory: one that
// was running when serialhub stopped is reported failed and interrupted,
// at the line it had reached. Call it when a port starts; a port's jobs
// are restored anyway the first time they are asked for.
func (m *Manager) Restore(p *hub.Port) { m.queue(p) }

// Forget drops what the manager holds of p, a port that closed: its
// running job ends failed as the port closed (Forget waits for it), and
// the jobs queued behind it fail too; its file keeps them, for the port
// opened again.
func (m *Manager) Forget(p *hub.Port) {
	m.mu.Lock()
	q, ok := m.queues[p]
	delete(m.queues, p)
	m.mu.Unlock()
	if !ok {
		return
	}
	q.mu.Lock()
	running := q.running
	q.mu.Unlock()
	if running != nil {
		<-running.done // its subscriber closed with the port: it ends
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.held = true // nothing starts on a port that is gone
	for _, j := range q.jobs {
		if i := j.Info(); i.State == StateQueued {
			i.State, i.Reason, i.Ended = StateFailed, "the port closed while the job was queued", time.Now()
			j.setInfo(i)
		}
	}
	q.saveLocked()
}

// writeFileSynced writes b to a new file name and syncs it to disk.
func writeFileSynced(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// portQueue is one port's jobs.
type portQueue struct {
	m    *Manager
	port *hub.Port
	file string // "" or where its jobs are kept

	mu      sync.Mutex
	jobs    []*Job // guarded by mu: oldest first: ended, then running, then queued
	running *Job   // guarded by mu: the job whose runner runs, or nil
	// held: the last job did not end done, so the queue waits for a
	// resume before it starts the next.
	held   bool // guarded by mu
	nextID int  // guarded by mu
}

// queue returns p's queue, restoring it from the directory on first use.
func (m *Manager) queue(p *hub.Port) *portQueue {
	m.mu.Lock()
	defer m.mu.Unlock()
	if q, ok := m.queues[p]; ok {
		return q
	}
	q := &portQueue{m: m, port: p, nextID: 1}
	if m.cfg.Dir != "" {
		q.file = filepath.Join(m.cfg.Dir, fileName(p.Name()))
		q.restore()
	}
	m.queues[p] = q
	return q
}

// fileName is the file that keeps the jobs of port name (a fleet port's
// GATEWAY/PORT has its slash replaced).
func fileName(name string) string { return strings.ReplaceAll(name, "/", "~") + ".json" }

// saved is a port's file.
type saved struct {
	Jobs []hub.JobInfo `json:"jobs"`
}

// restore reads q's file: jobs that had not ended were interrupted.
func (q *portQueue) restore() {
	b, err := os.ReadFile(q.file)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	var s saved
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	if err != nil {
		q.m.log.Warn("the port's saved jobs could not be read", "port", q.port.Name(), "file", q.file, "err", err)
		return
	}
	interrupted := false
	for _, info := range s.Jobs {
		if n, err := strconv.Atoi(info.ID); err == nil && n >= q.nextID {
			q.nextID = n + 1
		}
		if !ended(info.State) {
			interrupted = true
			if info.State != StateQueued {
				info.Interrupted = true
			}
			was := info.State
			info.State, info.ETA = StateFailed, 0
			info.Ended = time.Now()
			info.Reason = fmt.Sprintf("interrupted: serialhub stopped while the job was %s, at line %d of %d (%d acknowledged)", was, info.Line, info.Lines, info.Acked)
			if was == StateQueued {
				info.Reason = "interrupted: serialhub stopped while the job was queued"
			}
		}
		j := &Job{id: info.ID, name: info.Name, by: info.By, q: q, info: info}
		q.jobs = append(q.jobs, j)
	}
	if len(q.jobs) == 0 {
		return
	}
	last := q.jobs[len(q.jobs)-1]
	for _, j := range q.jobs {
		if j.info.Interrupted {
			last = j // the one that was running
		}
	}
	if interrupted {
		q.m.log.Warn("a job was interrupted when serialhub stopped", "port", q.port.Name(), "job", last.info.ID, "line", last.info.Line, "lines", last.info.Lines)
		q.held = true
		q.saveLocked()
	}
	q.port.PublishJob(last.info, true)
}

// saveLocked writes q's jobs to its file, by a rename, so that a crash
// leaves the old file or the new one.
func (q *portQueue) saveLocked() {
	if q.file == "" {
		return
	}
	var s saved
	for _, j := range q.jobs {
		s.Jobs = append(s.Jobs, j.Info())
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err == nil {
		err = writeFileSynced(q.file+".tmp", b)
		if err == nil {
			err = os.Rename(q.file+".tmp", q.file)
		}
	}
	if err != nil {
		q.m.log.Warn("the port's jobs could not be saved", "port", q.port.Name(), "file", q.file, "err", err)
	}
}

// told is a job's news: every client of the port hears it; the running
// job, or with none the newest, is the port's job.
func (q *portQueue) told(j *Job, info hub.JobInfo) {
	q.mu.Lock()
	current := q.running == j || q.running == nil
	q.mu.Unlock()
	q.port.PublishJob(info, current)
}

// Start queues a job on p: it runs at once if no other job runs there.
func (m *Manager) Start(p *hub.Port, req Request) (hub.JobInfo, error) {
	if len(req.File) > MaxFile {
		return hub.JobInfo{}, fmt.Errorf("%w: %d bytes, at most %d", ErrTooBig, len(req.File), MaxFile)
	}
	lines := req.Profile.Prepare(req.File)
	if len(lines) > MaxLines {
		return hub.JobInfo{}, fmt.Errorf("%w: %d lines, at most %d", ErrTooBig, len(lines), MaxLines)
	}
	if len(lines) == 0 {
		return hub.JobInfo{}, ErrEmpty
	}
	from := max(req.From, 1)
	if from > len(lines) {
		return hub.JobInfo{}, fmt.Errorf("%w: from line %d, but the file has %d lines to send", ErrEmpty, from, len(lines))
	}
	if req.Profile.Kind == KindGrbl {
		for i, l := range lines {
			if n := len(l.Text) + len(req.Profile.EOL); n > req.Profile.Buffer {
				return hub.JobInfo{}, fmt.Errorf("%w %s: line %d (file line %d) is %d bytes, more than the controller's buffer of %d", ErrBadProfile, req.Profile.Name, i+1, l.Source, n, req.Profile.Buffer)
			}
		}
	}
	q := m.queue(p)
	q.mu.Lock()
	defer q.mu.Unlock()
	m.mu.Lock()
	closed := m.closed
	m.mu.Unlock()
	if closed {
		return hub.JobInfo{}, ErrStopping
	}
	active, queued := 0, 0
	for _, j := range q.jobs {
		switch s := j.Info().State; {
		case s == StateQueued:
			queued++
			active++
		case !ended(s):
			active++
		}
	}
	if queued == 0 {
		q.held = false // nothing waits behind a job that failed
	}
	if active >= MaxQueued {
		return hub.JobInfo{}, fmt.Errorf("port %s: %w (%d)", p.Name(), ErrQueueFull, MaxQueued)
	}
	j := &Job{
		id: strconv.Itoa(q.nextID), name: req.Name, by: req.By,
		prof: req.Profile, lines: lines, created: time.Now(), q: q, ctl: make(chan control),
	}
	q.nextID++
	j.info = hub.JobInfo{
		ID: j.id, Name: j.name, Profile: j.prof.Name, State: StateQueued, By: j.by,
		Lines: len(lines), Acked: from - 1, Sent: from - 1, Line: from, Created: j.created,
	}
	q.jobs = append(q.jobs, j)
	q.trimLocked()
	if q.running == nil && !q.held {
		q.startLocked(j, from-1)
	} else {
		q.port.PublishJob(j.info, false)
		q.saveLocked()
	}
	return j.Info(), nil
}

// trimLocked forgets the oldest ended jobs beyond keepEnded.
func (q *portQueue) trimLocked() {
	n := 0
	for _, j := range q.jobs {
		if ended(j.Info().State) {
			n++
		}
	}
	q.jobs = slices.DeleteFunc(q.jobs, func(j *Job) bool {
		if n > keepEnded && ended(j.Info().State) {
			n--
			return true
		}
		return false
	})
}

// startLocked starts j's runner from line index next. From here on j is
// running (its runner takes every request about it), though the runner
// may not have sent a line yet.
func (q *portQueue) startLocked(j *Job, next int) {
	q.m.mu.Lock()
	closed := q.m.closed
	q.m.mu.Unlock()
	if closed {
		return // Close waits for the runners it knows: no new one
	}
	q.running, q.held = j, false
	j.done = make(chan struct{})
	j.abort, j.abortWrites = context.WithCancel(q.m.ctx)
	i := j.Info()
	i.State = StateRunning
	j.setInfo(i)
	sub, err := q.port.SubscribeWith(hub.SubscribeOptions{Internal: true})
	if err != nil {
		j.abortWrites()
		close(j.done)
		q.running = nil
		i := j.Info()
		i.State, i.Reason, i.Ended = StateFailed, err.Error(), time.Now()
		j.setInfo(i)
		q.port.PublishJob(i, true)
		q.saveLocked()
		return
	}
	wake := make(chan struct{}, 1)
	sub.SetWake(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	r := &runner{
		j: j, port: q.port, sub: sub, wake: wake, info: j.Info(), next: next, resendTo: -1, skipped: next,
		client: q.port.JobClient(j.id),
		persist: func() {
			q.mu.Lock()
			defer q.mu.Unlock()
			q.saveLocked()
		},
	}
	r.info.Line = next + 1
	q.m.wg.Add(1)
	go func() {
		defer q.m.wg.Done()
		defer j.abortWrites()
		r.run(q.m.ctx)
		q.ran(j)
	}()
}

// ran is called when j's runner returned: the next queued job starts if
// j ended done.
func (q *portQueue) ran(j *Job) {
	close(j.done)
	j.lines = nil // the runner was their only reader; an ended job keeps its counts
	q.mu.Lock()
	defer q.mu.Unlock()
	q.running = nil
	if q.m.ctx.Err() != nil {
		return // stopping: the jobs stay as they are, for a restart to report
	}
	if j.Info().State != StateDone {
		q.held = true
	}
	if q.held {
		return
	}
	for _, next := range q.jobs {
		if next.Info().State == StateQueued {
			q.startLocked(next, next.Info().Acked)
			return
		}
	}
}

// find returns the job called id.
func (q *portQueue) findLocked(id string) (*Job, error) {
	for _, j := range q.jobs {
		if j.id == id {
			return j, nil
		}
	}
	return nil, fmt.Errorf("port %s: job %q: %w", q.port.Name(), id, ErrNotFound)
}

// List returns p's jobs, oldest first.
func (m *Manager) List(p *hub.Port) []hub.JobInfo {
	q := m.queue(p)
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]hub.JobInfo, 0, len(q.jobs))
	for _, j := range q.jobs {
		out = append(out, withElapsed(j.Info()))
	}
	return out
}

// Get returns p's job id.
func (m *Manager) Get(p *hub.Port, id string) (hub.JobInfo, error) {
	q := m.queue(p)
	q.mu.Lock()
	defer q.mu.Unlock()
	j, err := q.findLocked(id)
	if err != nil {
		return hub.JobInfo{}, err
	}
	return withElapsed(j.Info()), nil
}

// withElapsed brings a running job's Elapsed up to now.
func withElapsed(i hub.JobInfo) hub.JobInfo {
	if !i.Started.IsZero() && i.Ended.IsZero() {
		i.Elapsed = time.Since(i.Started)
	}
	return i
}

// Pause stops job id of p from sending more lines: when it returns, none
// will be sent until Resume. Lines in flight are still acknowledged.
func (m *Manager) Pause(ctx context.Context, p *hub.Port, id, by string) (hub.JobInfo, error) {
	return m.control(ctx, p, id, "pause", by)
}

// Resume goes on with a paused job, from the first line not yet
// acknowledged when it paused for a lost device or lost answers; or
// starts a queued job that waits because the one before it did not end
// done.
func (m *Manager) Resume(ctx context.Context, p *hub.Port, id, by string) (hub.JobInfo, error) {
	return m.control(ctx, p, id, "resume", by)
}

// Cancel ends a job that is queued, running or paused: it sends nothing
// more (the profile's CancelSend, if any, goes at once).
func (m *Manager) Cancel(ctx context.Context, p *hub.Port, id, by string) (hub.JobInfo, error) {
	return m.control(ctx, p, id, "cancel", by)
}

func (m *Manager) control(ctx context.Context, p *hub.Port, id, verb, by string) (hub.JobInfo, error) {
	q := m.queue(p)
	q.mu.Lock()
	j, err := q.findLocked(id)
	if err != nil {
		q.mu.Unlock()
		return hub.JobInfo{}, err
	}
	info := j.Info()
	switch {
	case ended(info.State):
		q.mu.Unlock()
		return info, fmt.Errorf("job %s has ended (%s): %w", id, info.State, ErrState)
	case info.State == StateQueued:
		defer q.mu.Unlock()
		switch verb {
		case "cancel":
			info.State, info.Reason, info.Ended = StateCancelled, "cancelled by "+by+" while queued", time.Now()
			j.setInfo(info)
			q.port.PublishJob(info, false) // the port's job stays the last one that ran
			q.saveLocked()
			return info, nil
		case "resume":
			if q.running != nil {
				return info, fmt.Errorf("job %s waits for job %s: %w", id, q.running.id, ErrState)
			}
			q.startLocked(j, info.Acked)
			return j.Info(), nil
		}
		return info, fmt.Errorf("job %s is queued: %w", id, ErrState)
	}
	q.mu.Unlock()
	// A running or paused job: its runner carries the request out,
	// between two lines (pending has it look first). A cancel also
	// aborts a write or a wait under way: the device may take nothing.
	c := control{verb: verb, by: by, reply: make(chan error, 1)}
	j.pending.Add(1)
	if verb == "cancel" {
		j.abortWrites()
	}
	select {
	case j.ctl <- c:
	case <-j.done:
		j.pending.Add(-1)
		info = j.Info()
		return info, fmt.Errorf("job %s has ended (%s): %w", id, info.State, ErrState)
	case <-ctx.Done():
		j.pending.Add(-1)
		// The runner is in a write the device does not take.
		return info, fmt.Errorf("job %s did not answer (its device may be taking nothing): %w", id, ctx.Err())
	}
	err = <-c.reply
	return withElapsed(j.Info()), err
}
