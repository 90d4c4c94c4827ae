package job_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
)

// The line profile sends a line, waits for its ok, and sends the next:
// every line arrives once, in order, and the job ends done.
func TestLineProfileEveryLineOnceInOrder(t *testing.T) {
	r := newRig(t, "")
	const n = 500
	r.start("; a comment line is sent by the line profile\n\n"+gcode(n), "line", map[string]string{"comments": "gcode"})
	for i := 1; i <= n; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("line %d: the device got %q, want %q", i, got, want(i))
		}
		r.answer("ok\r\n")
	}
	done := r.state(job.StateDone)
	if done.Acked != n || done.Lines != n || done.Sent != n || done.Errors != 0 {
		t.Fatalf("done: %+v", done)
	}
	select {
	case l := <-r.lines:
		t.Fatalf("the device got %q after the last line", l)
	default:
	}
}

// An error answer stops the job, or pauses it (on-error=pause); a resume
// goes on with the next line: the one answered with an error was taken.
func TestLineProfileErrors(t *testing.T) {
	for _, onError := range []string{"stop", "pause"} {
		t.Run(onError, func(t *testing.T) {
			r := newRig(t, "")
			info := r.start(gcode(6), "line", map[string]string{"on-error": onError})
			for i := 1; i <= 3; i++ {
				r.line()
				r.answer("ok\n")
			}
			r.line()
			r.answer("error: unknown command\n")
			if onError == "stop" {
				failed := r.state(job.StateFailed)
				if !strings.Contains(failed.Reason, "line 4") || !strings.Contains(failed.Reason, "unknown command") || failed.Errors != 1 || failed.Acked != 3 || failed.Line != 5 {
					t.Fatalf("failed: %+v", failed)
				}
				return
			}
			paused := r.state(job.StatePaused)
			if !strings.Contains(paused.Reason, "line 4") || paused.Errors != 1 {
				t.Fatalf("paused: %+v", paused)
			}
			if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
				t.Fatal(err)
			}
			for i := 5; i <= 6; i++ {
				if got := r.line(); got != want(i) {
					t.Fatalf("after the resume the device got %q, want %q", got, want(i))
				}
				r.answer("ok\n")
			}
			r.state(job.StateDone)
		})
	}
}

// A device that does not answer in time fails the job, naming the line.
func TestLineProfileTimeout(t *testing.T) {
	r := newRig(t, "")
	r.start(gcode(3), "line", map[string]string{"timeout": "300ms"})
	r.line()
	r.answer("ok\n")
	r.line() // never answered
	failed := r.state(job.StateFailed)
	if !strings.Contains(failed.Reason, "no answer to line 2") || failed.Errors != 1 {
		t.Fatalf("failed: %+v", failed)
	}
}

// While a job runs, other clients' writes are refused (the default rule),
// and their bytes never reach the device among the job's lines; cancel
// ends it, and then others write again.
func TestOthersRefusedWhileAJobRuns(t *testing.T) {
	r := newRig(t, "")
	info := r.start(gcode(3), "line", nil)
	r.line()
	err := r.port.As(nil).Write(context.Background(), []byte("M112\n"))
	if !errors.Is(err, hub.ErrJobRunning) {
		t.Fatalf("another client's write during a job: %v, want ErrJobRunning", err)
	}
	err = r.port.As(nil).SetLines(context.Background(), new(bool), nil)
	if !errors.Is(err, hub.ErrJobRunning) {
		t.Fatalf("another client's DTR change during a job: %v, want ErrJobRunning", err)
	}
	if _, err := r.port.Modem(context.Background()); errors.Is(err, hub.ErrJobRunning) {
		t.Fatal("reading the modem lines was held by the job")
	}
	if _, err := r.jobs.Cancel(context.Background(), r.port, info.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	cancelled := r.state(job.StateCancelled)
	if cancelled.Reason != "cancelled by tester" {
		t.Fatalf("cancelled: %+v", cancelled)
	}
	if err := r.port.As(nil).Write(context.Background(), []byte("after\n")); err != nil {
		t.Fatalf("a write after the job: %v", err)
	}
	if got := r.line(); got != "after" {
		t.Fatalf("the device got %q after the cancel, want only the other client's line", got)
	}
}

// With others=wait, another client's write waits for the job's end and
// then goes: after every line of the job, never among them.
func TestOthersWaitForTheJob(t *testing.T) {
	r := newRig(t, "")
	r.start(gcode(3), "line", map[string]string{"others": "wait"})
	r.line()
	wrote := make(chan error, 1)
	go func() { wrote <- r.port.As(nil).Write(context.Background(), []byte("later\n")) }()
	r.answer("ok\n")
	for i := 2; i <= 3; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("the device got %q, want %q: the waiting write fell among the job's lines", got, want(i))
		}
		r.answer("ok\n")
	}
	r.state(job.StateDone)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if got := r.line(); got != "later" {
		t.Fatalf("got %q, want the waiting write", got)
	}
}

// Pause acts within a line: once Pause returns, nothing more is sent,
// though the line in flight is still acknowledged; resume goes on from
// the next line.
func TestPauseResumeWithinOneLine(t *testing.T) {
	r := newRig(t, "")
	info := r.start(gcode(5), "line", nil)
	r.line()
	r.answer("ok\n")
	r.line() // line 2 in flight
	if _, err := r.jobs.Pause(context.Background(), r.port, info.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	out := r.port.Info().BytesOut
	r.answer("ok\n")
	acked := r.until("acknowledgement while paused", func(j hub.JobInfo) bool { return j.Acked == 2 })
	if acked.State != job.StatePaused || acked.Sent != 2 {
		t.Fatalf("after the ack of the line in flight: %+v", acked)
	}
	if now := r.port.Info().BytesOut; now != out {
		t.Fatalf("%d bytes were sent while paused", now-out)
	}
	if _, err := r.jobs.Pause(context.Background(), r.port, info.ID, "tester"); !errors.Is(err, job.ErrState) {
		t.Fatalf("pausing a paused job: %v, want ErrState", err)
	}
	if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	for i := 3; i <= 5; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("after resume: %q, want %q", got, want(i))
		}
		r.answer("ok\n")
	}
	r.state(job.StateDone)
}

// Jobs queue: the second starts when the first is done.
func TestJobsQueue(t *testing.T) {
	r := newRig(t, "")
	first := r.start("A\n", "line", nil)
	second := r.start("B\n", "line", nil)
	if second.State != job.StateQueued {
		t.Fatalf("the second job: %+v, want queued", second)
	}
	if got := r.line(); got != "A" {
		t.Fatalf("got %q", got)
	}
	r.answer("ok\n")
	if got := r.line(); got != "B" {
		t.Fatalf("got %q", got)
	}
	r.answer("ok\n")
	r.until("second done", func(j hub.JobInfo) bool { return j.ID == second.ID && j.State == job.StateDone })
	list := r.jobs.List(r.port)
	if len(list) != 2 || list[0].ID != first.ID || list[0].State != job.StateDone || list[1].State != job.StateDone {
		t.Fatalf("list: %+v", list)
	}
}

// The delay profile paces lines by time alone.
func TestDelayProfile(t *testing.T) {
	r := newRig(t, "")
	start := time.Now()
	r.start("one\ntwo\nthree\n", "delay", map[string]string{"delay": "50ms", "char-delay": "5ms"})
	for _, w := range []string{"one", "two", "three"} {
		if got := r.line(); got != w {
			t.Fatalf("got %q, want %q", got, w)
		}
	}
	done := r.state(job.StateDone)
	// Three delays and the gaps between characters (3+3+5, line endings
	// included) at the least.
	if took := time.Since(start); took < 3*50*time.Millisecond+11*5*time.Millisecond {
		t.Fatalf("the delay profile took %s: faster than its delays allow", took)
	}
	if done.Acked != 3 {
		t.Fatalf("done: %+v", done)
	}
}

// Bad requests get clear errors.
func TestStartRefusals(t *testing.T) {
	r := newRig(t, "")
	p, _ := (*job.Profiles)(nil).Get("line", nil)
	if _, err := r.jobs.Start(r.port, job.Request{Profile: p, File: []byte("\n \n")}); !errors.Is(err, job.ErrEmpty) {
		t.Fatalf("an empty file: %v", err)
	}
	g, _ := (*job.Profiles)(nil).Get("grbl", map[string]string{"buffer": "8"})
	if _, err := r.jobs.Start(r.port, job.Request{Profile: g, File: []byte("G1 X1000 Y1000\n")}); !errors.Is(err, job.ErrBadProfile) {
		t.Fatalf("a line longer than grbl's buffer: %v", err)
	}
	for _, tc := range []struct {
		profile string
		opts    map[string]string
	}{
		{"nope", nil},
		{"line", map[string]string{"timeout": "forever"}},
		{"line", map[string]string{"ok": "("}},
		{"line", map[string]string{"on-error": "explode"}},
		{"grbl", map[string]string{"buffer": "0"}},
		{"marlin", map[string]string{"resend": "^Resend"}},
		{"line", map[string]string{"colour": "blue"}},
	} {
		if _, err := (*job.Profiles)(nil).Get(tc.profile, tc.opts); !errors.Is(err, job.ErrBadProfile) {
			t.Errorf("profile %s %v: %v, want ErrBadProfile", tc.profile, tc.opts, err)
		}
	}
}

// From starts a job further on, as after a failure: the lines before it
// count as acknowledged, and are not sent.
func TestStartFromALine(t *testing.T) {
	r := newRig(t, "")
	p, _ := (*job.Profiles)(nil).Get("line", nil)
	info, err := r.jobs.Start(r.port, job.Request{Profile: p, File: []byte(gcode(5)), From: 4})
	if err != nil {
		t.Fatal(err)
	}
	if info.Acked != 3 || info.Line != 4 {
		t.Fatalf("started %+v", info)
	}
	for i := 4; i <= 5; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("the device got %q, want %q", got, want(i))
		}
		r.answer("ok\n")
	}
	if done := r.state(job.StateDone); done.Acked != 5 || done.Sent != 5 {
		t.Fatalf("done %+v", done)
	}
	if _, err := r.jobs.Start(r.port, job.Request{Profile: p, File: []byte(gcode(5)), From: 6}); !errors.Is(err, job.ErrEmpty) {
		t.Fatalf("from beyond the file: %v", err)
	}
}
