package protocol

import "time"

// Jobs (docs/jobs.md): a file streamed to a port's device at the pace it
// acknowledges, run by the server whatever its clients do.
//
//	POST /api/ports/{name}/jobs?profile=grbl&name=part.nc   the file as the body: Job (201)
//	GET  /api/ports/{name}/jobs                            []Job, oldest first
//	GET  /api/ports/{name}/jobs/{id}                       Job
//	POST /api/ports/{name}/jobs/{id}/pause                 Job
//	POST /api/ports/{name}/jobs/{id}/resume                Job
//	POST /api/ports/{name}/jobs/{id}/cancel                Job
//
// Every client of the port gets a JobEvent at each change of a job's state
// and, while it runs, at most ten a second with its progress; the port
// object's "job" is the port's running job, or its last one.

// TypeJob is the type of a JobEvent.
const TypeJob = "job"

// The states of a job.
const (
	JobQueued    = "queued"    // waits for the job before it (or, after one that failed, for a resume)
	JobRunning   = "running"   // sending
	JobPaused    = "paused"    // sends nothing until resumed; Reason says why
	JobDone      = "done"      // every line acknowledged
	JobFailed    = "failed"    // ended by an error; Reason says which
	JobCancelled = "cancelled" // ended by a client; Reason says who
)

// Job is a job as the API shows it.
type Job struct {
	ID      string     `json:"id"`
	Name    string     `json:"name,omitempty"` // the file's name
	Profile string     `json:"profile"`        // line, grbl, marlin, delay or a custom profile
	State   string     `json:"state"`          // JobQueued, …
	By      string     `json:"by,omitempty"`   // who started it
	Lines   int        `json:"lines"`          // lines to send, comments and blank lines stripped
	Sent    int        `json:"sent"`           // lines written to the device at least once
	Acked   int        `json:"acked"`          // lines the device acknowledged
	Bytes   int64      `json:"bytes"`          // bytes written, resends included
	Errors  int        `json:"errors"`         // errors the device answered, and timeouts
	Resends int        `json:"resends"`        // lines sent again because the device asked
	Line    int        `json:"line"`           // the next line to send, 1 first; where it stopped once ended
	Created time.Time  `json:"created"`
	Started *time.Time `json:"started,omitempty"`
	Ended   *time.Time `json:"ended,omitempty"`
	Elapsed float64    `json:"elapsed"`          // seconds since it started (to its end once ended)
	ETA     *float64   `json:"eta"`              // seconds left, estimated from the pace so far, while running; null otherwise
	Reason  string     `json:"reason,omitempty"` // why it paused, failed or was cancelled
	// Interrupted: serialhub stopped while the job ran; Line says where.
	Interrupted bool `json:"interrupted,omitempty"`
}

// JobEvent tells every client of a port of a change of one of its jobs.
type JobEvent struct {
	Type string `json:"type"` // TypeJob
	Job  Job    `json:"job"`
}
