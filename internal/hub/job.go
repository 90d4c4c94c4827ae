package hub

import (
	"errors"
	"fmt"
	"time"
)

// ErrJobRunning is returned (wrapped) for a write or a control refused
// because a job holds the port (BeginJob).
var ErrJobRunning = errors.New("a job is sending a file to the port")

// A job (package job) streams a file to a port's device, line by line, at
// the pace the device acknowledges. While it runs it holds the port: no
// other client's bytes may fall among its lines, and no control may change
// the line under it. What other clients' requests meet is the job's rule
// (JobGate): they are refused with ErrJobRunning, or they wait until the
// job lets go. Some bytes pass all the same (JobGate.Passes: grbl's
// real-time commands, which the controller picks out of the stream
// whatever it is in the middle of). Reading the modem lines is never held.

// JobGate is how a job holds a port (BeginJob).
type JobGate struct {
	ID string // the job's id: its own requests carry it (Port.JobClient)
	// Wait: other clients' writes and controls wait until the job lets
	// go (or their context ends), rather than fail with ErrJobRunning.
	Wait bool
	// Passes reports whether another client's write may go at once,
	// whatever the job's rule: grbl's real-time commands. nil: none do.
	Passes func(b []byte) bool
}

// jobHold is the job holding a port.
type jobHold struct {
	gate  JobGate
	ended chan struct{} // closed when the job lets go
}

// jobWait answers a request that waits for the job holding the port to
// let go; write and do wait for ended and hand the request again.
type jobWait struct{ ended <-chan struct{} }

func (*jobWait) Error() string { return "waiting for the port's job to end" }

// BeginJob makes the job g hold the port until the function it returns is
// called (it is idempotent). It fails with ErrJobRunning while another job
// holds the port.
func (p *Port) BeginJob(g JobGate) (end func(), err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return nil, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	if p.job != nil {
		return nil, fmt.Errorf("port %s: %w (job %s)", p.cfg.Name, ErrJobRunning, p.job.gate.ID)
	}
	h := &jobHold{gate: g, ended: make(chan struct{})}
	p.job = h
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.job == h {
			p.job = nil
			close(h.ended)
		}
	}, nil
}

// JobClient returns the port as job id uses it: while that job holds the
// port (BeginJob), its requests are the job's. They do not obey the write
// lock: the job holds the port above it, once started by a client that
// the lock allowed. (A lock or lease taken while the job runs holds
// others back when it ends; the job's own controls are the clients'.)
func (p *Port) JobClient(id string) Client { return Client{port: p, lc: lockCheck{job: id}} }

// jobHoldsLocked reports (as nil) whether o may be carried out while a
// job may hold the port: it is the job's, or no job holds the port, or it
// passes; otherwise it is refused (ErrJobRunning) or must wait (*jobWait).
func (p *Port) jobHoldsLocked(o op) error {
	if o.read {
		return nil
	}
	h := p.job
	if h == nil || (o.lock.job != "" && o.lock.job == h.gate.ID) {
		return nil
	}
	if o.control == nil && h.gate.Passes != nil && h.gate.Passes(o.write) {
		return nil
	}
	if h.gate.Wait {
		return &jobWait{ended: h.ended}
	}
	what := "writes"
	if o.control != nil {
		what = "changes"
	}
	return fmt.Errorf("port %s: %w (job %s): other clients' %s are refused until it ends; pause does not lift this, cancel does", p.cfg.Name, ErrJobRunning, h.gate.ID, what)
}

// JobInfo is a job's progress, as the port tells its clients (package job
// makes it; the port only carries it).
type JobInfo struct {
	ID      string
	Name    string // the file's name, if it had one
	Profile string
	State   string // queued, running, paused, done, failed, cancelled
	By      string // who started it
	Lines   int    // lines to send, after stripping
	Sent    int    // lines written to the device (a resend counts once)
	Acked   int    // lines the device acknowledged
	Bytes   int64  // bytes written, resends included
	Errors  int    // errors the device answered, and timeouts
	Resends int    // lines sent again because the device asked
	Line    int    // the next line to send (1 is the first): where it stopped, once ended
	Created time.Time
	Started time.Time // zero until it first ran
	Ended   time.Time // zero until it ended
	Elapsed time.Duration
	ETA     time.Duration // an estimate of the time left; 0 unless running
	Reason  string        // why it paused, failed or was cancelled
	// Interrupted: serialhub stopped while the job was running (it is
	// failed, and Line says where).
	Interrupted bool
}

// PublishJob tells every subscriber that takes status messages of j
// (Message.Job); with current, j is also the port's job, in its
// snapshots (Info.Job) until another replaces it. It never blocks: a
// subscriber whose budget is spent misses it, but not a job's last word
// (an ended job's is queued whatever the budget, as a status is).
func (p *Port) PublishJob(j JobInfo, current bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return
	}
	if current {
		p.jobInfo = &j
	}
	final := !j.Ended.IsZero()
	for s := range p.subs {
		s.enqueueJob(&j, final)
	}
}

// enqueueJob queues a job's progress, unless the subscriber takes no
// status messages, or its queue is full and the progress is not final.
func (s *Subscriber) enqueueJob(j *JobInfo, final bool) {
	if s.noStatus {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || (!final && s.queued+chunkOverhead > s.limit) {
		return
	}
	s.queue = append(s.queue, Message{Job: j})
	s.queued += chunkOverhead
	s.signal()
}
