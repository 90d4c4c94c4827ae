package job_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/firmware"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
)

// simRig is a port on the simulated firmware (sim://grbl, sim://marlin)
// and a job manager.
type simRig struct {
	jobWatch

	mu  sync.Mutex
	dev *device.Firmware // the device the port opened
}

// testBaud is the line's speed in the tests of 20,000 lines: fast enough
// for a test run, paced all the same (115,200 is the benchmark's).
const testBaud = 2_000_000

func newSimRig(t testing.TB, spec string, baud int) *simRig {
	t.Helper()
	r := &simRig{jobWatch: jobWatch{t: t}}
	quiet := slog.New(slog.DiscardHandler)
	var err error
	r.port, err = hub.Open(hub.Config{
		Name: "cnc", Device: spec, Settings: device.Settings{Baud: baud}, Logger: quiet,
		Open: func(ctx context.Context, spec string, s device.Settings) (device.Device, error) {
			d, err := device.Open(ctx, spec, s)
			if f, ok := d.(*device.Firmware); ok {
				r.mu.Lock()
				r.dev = f
				r.mu.Unlock()
			}
			return d, err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.jobs, err = job.NewManager(job.Config{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	// From the start (the scrollback), for the firmware's banner.
	r.watch, err = r.port.Subscribe(true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.jobs.Close()
		r.watch.Close()
		r.port.Close()
	})
	// As a sender does, wait for the firmware to say it is ready: a job
	// that hears the banner after it began takes it for a reset, and
	// pauses (lines sent to a controller that was starting are lost).
	banner := "Grbl 1.1h"
	if strings.HasPrefix(spec, "sim://marlin") {
		banner = "start"
	}
	r.output(banner)
	return r
}

// log is what the firmware accepted.
func (r *simRig) log() *firmware.Log {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dev.Log()
}

// output waits for the device to print a line containing text.
func (r *simRig) output(text string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got strings.Builder
	var msgs []hub.Message
	for !strings.Contains(got.String(), text) {
		var err error
		msgs, err = r.watch.Receive(ctx, msgs[:0])
		if err != nil {
			r.t.Fatalf("waiting for %q in the output (%q so far): %v", text, got.String(), err)
		}
		for _, m := range msgs {
			got.Write(m.Data)
			if m.Replay != nil {
				got.Write(m.Replay.Bytes())
			}
		}
	}
}

// part is a G-code file of n moves with the comments and blank lines a
// CAM program writes.
func part(n int) (file string, moves []string) {
	var b strings.Builder
	b.WriteString("%\n(part.nc: a test part)\nG21 G90 ; millimetres, absolute\n\n")
	moves = append(moves, "G21 G90")
	for i := 1; i <= n-1; i++ {
		m := fmt.Sprintf("G1 X%d.%03d Y%d F%d", i%300, i%1000, (i*7)%200, 500+i%1000)
		fmt.Fprintf(&b, "%s ; move %d\n", m, i)
		if i%100 == 0 {
			b.WriteString("\n(next pass)\n")
		}
		moves = append(moves, m)
	}
	b.WriteString("%\n")
	return b.String(), moves
}

// sameLines fails unless got is want: every line once, in order.
func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("the device accepted %d lines, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("line %d: the device accepted %q, want %q", i+1, got[i], want[i])
		}
	}
}

// 20,000 lines through the grbl profile into grbl's 127-byte buffer: every
// line arrives once, in order, and the buffer never overflows, though it
// is kept full.
func TestGrblProfile20000Lines(t *testing.T) {
	t.Parallel() // each waits on the line's pace, not the processor
	r := newSimRig(t, "sim://grbl?move=100us", testBaud)
	file, moves := part(20000)
	r.start(file, "grbl", nil)
	done := r.until("done", func(j hub.JobInfo) bool { return j.Ended.IsZero() == false })
	if done.State != job.StateDone || done.Acked != len(moves) || done.Errors != 0 {
		t.Fatalf("the job ended %+v", done)
	}
	sameLines(t, r.log().Texts(), moves)
	if c := r.log().Counts(); c.Overflows != 0 {
		t.Fatalf("grbl's buffer overflowed by %d bytes", c.Overflows)
	}
}

// While grbl's planner is full, character counting fills its receive
// buffer to within a line of its 127 bytes, and never beyond.
func TestGrblProfileKeepsTheBufferFull(t *testing.T) {
	r := newSimRig(t, "sim://grbl?move=2ms", testBaud)
	file, moves := part(400)
	r.start(file, "grbl", nil)
	done := r.until("done", func(j hub.JobInfo) bool { return !j.Ended.IsZero() })
	if done.State != job.StateDone || done.Acked != len(moves) {
		t.Fatalf("the job ended %+v", done)
	}
	longest := 0
	for _, m := range moves {
		longest = max(longest, len(m)+1)
	}
	if c := r.log().Counts(); c.Overflows != 0 || c.MaxBuffered > 127 || c.MaxBuffered <= 127-longest {
		t.Fatalf("grbl's buffer held at most %d bytes and overflowed by %d: want more than %d, at most 127, no overflow", c.MaxBuffered, c.Overflows, 127-longest)
	}
}

// 20,000 numbered lines through the marlin profile, one in a hundred
// spoilt on the wire: each resend asked for is honoured, and every line
// is accepted once, in order.
func TestMarlinProfile20000LinesWithResends(t *testing.T) {
	t.Parallel() // each waits on the line's pace, not the processor
	r := newSimRig(t, "sim://marlin?corrupt=0.01&seed=7", testBaud)
	file, moves := part(20000)
	r.start(file, "marlin", nil)
	done := r.until("done", func(j hub.JobInfo) bool { return !j.Ended.IsZero() })
	if done.State != job.StateDone || done.Acked != len(moves) {
		t.Fatalf("the job ended %+v", done)
	}
	var got []string
	for _, c := range r.log().Commands() {
		if c.Numbered && !strings.HasPrefix(c.Text, "M110") {
			if int(c.N) != len(got)+1 {
				t.Fatalf("line %q accepted as N%d after %d lines", c.Text, c.N, len(got))
			}
			got = append(got, c.Text)
		}
	}
	sameLines(t, got, moves)
	if c := r.log().Counts(); c.Resends < 100 || done.Resends != c.Resends {
		t.Fatalf("the printer asked for %d resends, the job made %d: want about 200, all honoured", c.Resends, done.Resends)
	}
}

// 20,000 lines through the line profile (an ok for each) and the delay
// profile (no answers awaited), into grbl.
func TestLineAndDelayProfiles20000Lines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		profile string
		opts    map[string]string
	}{
		{"line", map[string]string{"comments": "gcode"}},
		// At 2,000,000 baud a line of 30 bytes takes 150 µs on the wire;
		// grbl parses it as it comes, so 200 µs a line never fills its
		// buffer.
		{"delay", map[string]string{"comments": "gcode", "delay": "200us"}},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			t.Parallel()
			r := newSimRig(t, "sim://grbl", testBaud)
			file, moves := part(20000)
			r.start(file, tc.profile, tc.opts)
			done := r.until("done", func(j hub.JobInfo) bool { return !j.Ended.IsZero() })
			if done.State != job.StateDone || done.Acked != len(moves) {
				t.Fatalf("the job ended %+v", done)
			}
			// The delay profile waits for no answer: grbl's answer to a
			// line sent after the job's says it has taken them all.
			if err := r.port.As(nil).Write(context.Background(), []byte("$I\n")); err != nil {
				t.Fatal(err)
			}
			r.output("[OPT:")
			sameLines(t, r.log().Texts()[:len(moves)], moves)
			if c := r.log().Counts(); c.Overflows != 0 {
				t.Fatalf("overflowed by %d bytes", c.Overflows)
			}
		})
	}
}

// Pause holds the feed at once ('!') and sends no further line; grbl's
// real-time '?' from another client passes the job; resume goes on ('~');
// cancel resets grbl (0x18) and sends nothing more.
func TestGrblPauseResumeCancelWithinOneLine(t *testing.T) {
	r := newSimRig(t, "sim://grbl?move=2ms", testBaud)
	file, _ := part(2000)
	info := r.start(file, "grbl", nil)
	r.until("progress", func(j hub.JobInfo) bool { return j.Acked >= 50 })
	paused, err := r.jobs.Pause(context.Background(), r.port, info.ID, "tester")
	if err != nil {
		t.Fatal(err)
	}
	out := r.port.Info().BytesOut
	// Another client's status request goes at once, and once its answer
	// is back, everything written before it has reached grbl.
	if err := r.port.As(nil).Write(context.Background(), []byte("?")); err != nil {
		t.Fatalf("a real-time command during the job: %v", err)
	}
	r.output("<Hold")
	if now := r.port.Info().BytesOut; now != out+1 {
		t.Fatalf("%d bytes went to grbl while paused, beyond the status request", now-out-1)
	}
	if got, _ := r.jobs.Get(r.port, info.ID); got.Sent != paused.Sent {
		t.Fatalf("sent %d lines after the pause answered", got.Sent-paused.Sent)
	}
	if err := r.port.As(nil).Write(context.Background(), []byte("G0 X0\n")); err == nil {
		t.Fatal("another client's line was taken during the job")
	}
	if _, err := r.jobs.Resume(context.Background(), r.port, info.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	r.until("progress after resume", func(j hub.JobInfo) bool { return j.Acked >= paused.Sent+50 })
	cancelled, err := r.jobs.Cancel(context.Background(), r.port, info.ID, "tester")
	if err != nil {
		t.Fatal(err)
	}
	out = r.port.Info().BytesOut
	r.output("Grbl 1.1h") // the reset's banner: the 0x18 has arrived
	if err := r.port.As(nil).Write(context.Background(), []byte("?")); err != nil {
		t.Fatal(err)
	}
	r.output("<Idle")
	if now := r.port.Info().BytesOut; now != out+1 {
		t.Fatalf("%d bytes went to grbl after the cancel", now-out-1)
	}
	if got, _ := r.jobs.Get(r.port, info.ID); got.State != job.StateCancelled || got.Sent != cancelled.Sent {
		t.Fatalf("after the cancel: %+v (sent %d when it answered)", got, cancelled.Sent)
	}
	if c := r.log().Counts(); c.Overflows != 0 {
		t.Fatalf("overflowed by %d bytes", c.Overflows)
	}
}

// Marlin's "busy: processing" during a long dwell starts the timeout
// again: a dwell of 1.5 s passes under a timeout of 600 ms.
func TestMarlinBusyExtendsTheTimeout(t *testing.T) {
	r := newSimRig(t, "sim://marlin?busy=200ms", testBaud)
	r.start("G28\nG4 P1500 ; dwell\nG1 X10\n", "marlin", map[string]string{"timeout": "600ms"})
	done := r.until("done", func(j hub.JobInfo) bool { return !j.Ended.IsZero() })
	if done.State != job.StateDone || done.Acked != 3 || done.Errors != 0 {
		t.Fatalf("the job ended %+v", done)
	}
}
