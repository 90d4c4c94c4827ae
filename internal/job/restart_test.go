package job_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
)

// A device that goes away pauses the job, which says so; when the device
// is back the job stays paused until someone resumes it, and then sends
// again from the first line not acknowledged.
func TestDeviceGonePausesWithoutResumingByItself(t *testing.T) {
	r := newRig(t, "")
	info := r.start(gcode(5), "line", nil)
	r.line()
	r.answer("ok\n")
	r.line() // line 2 in flight when the device goes
	r.unplug()
	paused := r.state(job.StatePaused)
	if !strings.Contains(paused.Reason, "the device went away") || paused.Acked != 1 {
		t.Fatalf("paused: %+v", paused)
	}
	if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); !errors.Is(err, job.ErrState) {
		t.Fatalf("resuming while the device is away: %v, want ErrState", err)
	}
	r.plug()
	// The port is back and nothing is sent: the job is still paused.
	if got, _ := r.jobs.Get(r.port, info.ID); got.State != job.StatePaused {
		t.Fatalf("the device came back and the job is %s", got.State)
	}
	if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 5; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("after the resume the device got %q, want %q", got, want(i))
		}
		r.answer("ok\n")
	}
	r.state(job.StateDone)
}

// A job running when serialhub stops is reported interrupted, at its
// line, when serialhub starts again on the same directory.
func TestRestartReportsTheInterruptedJob(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, dir)
	info := r.start(gcode(10), "line", nil)
	for i := 1; i <= 3; i++ {
		r.line()
		r.answer("ok\n")
	}
	r.line() // line 4 in flight as serialhub stops
	r.until("progress", func(j hub.JobInfo) bool { return j.Acked == 3 })
	r.jobs.Close()

	again := newRig(t, dir)
	again.jobs.Restore(again.port)
	got := again.port.Info().Job
	if got == nil || got.ID != info.ID || got.State != job.StateFailed || !got.Interrupted || got.Line != 4 || got.Acked != 3 {
		t.Fatalf("after the restart the port's job is %+v", got)
	}
	if !strings.Contains(got.Reason, "interrupted") || !strings.Contains(got.Reason, "line 4 of 10") {
		t.Fatalf("reason: %q", got.Reason)
	}
	list := again.jobs.List(again.port)
	if len(list) != 1 || !list[0].Interrupted {
		t.Fatalf("list: %+v", list)
	}
	// The next job gets the next id, and runs.
	next := again.start("A\n", "line", nil)
	if next.ID == info.ID || next.State != job.StateRunning && next.State != job.StateQueued {
		t.Fatalf("the next job: %+v", next)
	}
	if got := again.line(); got != "A" {
		t.Fatalf("got %q", got)
	}
}
