package job_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// A job cancelled as soon as it started sends at most the line it was
// writing: the cancel reaches its runner, whatever the runner had done.
func TestCancelJustAfterStart(t *testing.T) {
	r := newRig(t, "")
	info := r.start(gcode(50), "line", nil)
	if info.State != job.StateRunning {
		t.Fatalf("Start answered %q for a job that starts: want running", info.State)
	}
	c, err := r.jobs.Cancel(context.Background(), r.port, info.ID, "tester")
	if err != nil || c.State != job.StateCancelled {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	if err := r.port.As(nil).Write(context.Background(), []byte("after\n")); err != nil {
		t.Fatal(err)
	}
	first := r.line()
	if first != "after" {
		if first != want(1) {
			t.Fatalf("the device got %q", first)
		}
		if got := r.line(); got != "after" {
			t.Fatalf("after the cancel the device got %q: the job went on", got)
		}
	}
}

// A lease someone takes while a job runs does not stop it: the job holds
// the port above the lock, and ends done.
func TestLeaseTakenWhileAJobRuns(t *testing.T) {
	r := newRig(t, "")
	r.start(gcode(3), "line", nil)
	r.line()
	if _, err := r.port.TakeLease(context.Background(), hub.LeaseRequest{Holder: "bob", TTL: time.Minute}); err != nil {
		t.Fatal(err)
	}
	r.answer("ok\n")
	for i := 2; i <= 3; i++ {
		if got := r.line(); got != want(i) {
			t.Fatalf("the device got %q, want %q", got, want(i))
		}
		r.answer("ok\n")
	}
	r.state(job.StateDone)
}

// line is the next line to send, while the job runs too.
func TestLineIsTheNextToSend(t *testing.T) {
	r := newRig(t, "")
	r.start(gcode(5), "line", nil)
	r.line()
	r.answer("ok\n")
	r.line()
	j := r.until("line 2 sent", func(j hub.JobInfo) bool { return j.Sent == 2 })
	if j.Line != 3 {
		t.Fatalf("sent %d, acked %d, line %d: want line 3", j.Sent, j.Acked, j.Line)
	}
}

// After a timeout that paused the job, or an error of Marlin's, resume
// sends that line again (whether the device took it is not known); a
// pause longer than the timeout does not fail the line in flight.
func TestResumeAfterATimeoutOrAMarlinError(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		r := newRig(t, "")
		info := r.start(gcode(2), "line", map[string]string{"timeout": "300ms", "on-error": "pause"})
		r.line() // never answered
		if p := r.state(job.StatePaused); p.Errors != 1 || p.Line != 1 {
			t.Fatalf("paused: %+v", p)
		}
		if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 2; i++ {
			if got := r.line(); got != want(i) {
				t.Fatalf("after the resume the device got %q, want %q", got, want(i))
			}
			r.answer("ok\n")
		}
		if done := r.state(job.StateDone); done.Acked != 2 || done.Errors != 1 {
			t.Fatalf("done %+v", done)
		}
	})
	t.Run("marlin", func(t *testing.T) {
		r := newRig(t, "")
		info := r.start("G28\nG1 X1\n", "marlin", map[string]string{"on-error": "pause"})
		if got := r.line(); got != "M110 N0" {
			t.Fatalf("got %q", got)
		}
		r.answer("ok\n")
		if got := r.line(); got != job.Numbered(1, "G28") {
			t.Fatalf("got %q", got)
		}
		r.answer("Error:Heating failed, system stopped! Heater_ID: 0\n")
		if p := r.state(job.StatePaused); p.Errors != 1 || p.Acked != 0 {
			t.Fatalf("paused: %+v", p)
		}
		if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"M110 N0", job.Numbered(1, "G28"), job.Numbered(2, "G1 X1")} {
			if got := r.line(); got != w {
				t.Fatalf("after the resume the device got %q, want %q", got, w)
			}
			r.answer("ok\n")
		}
		r.state(job.StateDone)
	})
	t.Run("long pause", func(t *testing.T) {
		r := newRig(t, "")
		info := r.start(gcode(2), "line", map[string]string{"timeout": "200ms"})
		r.line()
		if _, err := r.jobs.Pause(context.Background(), r.port, info.ID, "tester"); err != nil {
			t.Fatal(err)
		}
		// Longer than the timeout: waits on the clock, as a person would.
		time.Sleep(400 * time.Millisecond)
		if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
			t.Fatal(err)
		}
		r.answer("ok\n")
		if got := r.line(); got != want(2) {
			t.Fatalf("after the resume the device got %q", got)
		}
		r.answer("ok\n")
		if done := r.state(job.StateDone); done.Errors != 0 {
			t.Fatalf("done %+v: the pause counted as a timeout", done)
		}
	})
}

// stuckDevice takes its first writes, then takes nothing: a device held
// up by flow control, or a hung adapter. Close ends it.
type stuckDevice struct {
	takes   int           // writes taken before it sticks
	stuck   chan struct{} // closed when a write sticks
	closed  chan struct{}
	mu      sync.Mutex
	writes  int
	once    sync.Once
	stuckOn sync.Once
}

func (d *stuckDevice) Read(p []byte) (int, error) {
	<-d.closed
	return 0, fmt.Errorf("read: %w", device.ErrClosed)
}

func (d *stuckDevice) Write(p []byte) (int, error) {
	d.mu.Lock()
	d.writes++
	n := d.writes
	d.mu.Unlock()
	if n <= d.takes {
		return len(p), nil
	}
	d.stuckOn.Do(func() { close(d.stuck) })
	<-d.closed
	return 0, fmt.Errorf("write: %w", device.ErrClosed)
}

func (d *stuckDevice) Close() error {
	d.once.Do(func() { close(d.closed) })
	return nil
}

// A device that takes nothing holds the job's runner in a write: cancel
// ends the job all the same, at once; pause waits for the write.
func TestCancelWhileTheDeviceTakesNothing(t *testing.T) {
	dev := &stuckDevice{takes: 3, stuck: make(chan struct{}), closed: make(chan struct{})}
	port, err := hub.Open(hub.Config{Name: "stuck", Device: "stuck://", Logger: slog.New(slog.DiscardHandler),
		Open: func(context.Context, string, device.Settings) (device.Device, error) { return dev, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := serialtest.WaitPort(ctx, port, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	jobs, err := job.NewManager(job.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer jobs.Close()
	p, _ := (*job.Profiles)(nil).Get("delay", map[string]string{"delay": "0s"})
	info, err := jobs.Start(port, job.Request{Profile: p, File: []byte(gcode(100))})
	if err != nil {
		t.Fatal(err)
	}
	<-dev.stuck
	pctx, pcancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer pcancel()
	if _, err := jobs.Pause(pctx, port, info.ID, "tester"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("pause during a write the device does not take: %v, want it to wait for the write", err)
	}
	c, err := jobs.Cancel(ctx, port, info.ID, "tester")
	if err != nil || c.State != job.StateCancelled {
		t.Fatalf("cancel during a write the device does not take: %+v, %v", c, err)
	}
}

// An answer longer than MaxAnswer is no answer, to its very end: an "ok"
// that ends it acknowledges nothing.
func TestAnEndlessAnswerAcknowledgesNothing(t *testing.T) {
	r := newRig(t, "")
	r.start(gcode(3), "line", nil)
	r.line()
	noise := strings.Repeat("x", job.MaxAnswer+100)
	r.answer(noise)
	// The port has read the noise (so the job's reader has it before
	// what follows, in order) once the watcher has.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var msgs []hub.Message
	for got := 0; got < len(noise); {
		var err error
		if msgs, err = r.watch.Receive(ctx, msgs[:0]); err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			got += len(m.Data)
		}
	}
	r.answer("ok\n")         // the end of the noise
	r.answer("error: bad\n") // line 1's answer: it is still the one in flight
	failed := r.state(job.StateFailed)
	if !strings.Contains(failed.Reason, "line 1 ") || failed.Acked != 0 {
		t.Fatalf("the end of the noise counted as an acknowledgement: %+v", failed)
	}
}
