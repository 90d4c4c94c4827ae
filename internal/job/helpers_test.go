package job_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// rig is a port on a pseudo-terminal, a job manager, and the device played
// by the test on the pty's master.
type rig struct {
	jobWatch
	pty  *serialtest.PTY // the device now plugged in
	link string          // the port's device: a link to the pty's path
	// reader is the descriptor the device's lines are read from.
	reader *os.File
	wg     sync.WaitGroup // the device's readers
	dir    string
	// lines receives each line the device reads, without its ending.
	lines chan string
}

// newRig starts a port on a fresh pty and a manager keeping its jobs in
// dir ("" for a new temporary directory).
func newRig(t *testing.T, dir string) *rig {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{jobWatch: jobWatch{t: t}, pty: pty, dir: dir, lines: make(chan string, 1<<16), link: filepath.Join(t.TempDir(), "ttyDEV")}
	if err := os.Symlink(pty.Path, r.link); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	r.port, err = hub.Open(hub.Config{Name: "dev", Device: r.link, Logger: quiet, RetryMax: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := serialtest.WaitPort(ctx, r.port, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	r.jobs, err = job.NewManager(job.Config{Dir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	r.watch, err = r.port.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	r.reader = r.startReading()
	t.Cleanup(func() {
		r.jobs.Close()
		r.watch.Close()
		r.port.Close()
		r.pty.Close()
		r.reader.Close()
		r.wg.Wait()
	})
	return r
}

// startReading starts reading the device's side, handing on each line,
// through serialtest's Reader, which closing wakes.
func (r *rig) startReading() *os.File {
	r.t.Helper()
	f, err := r.pty.Reader()
	if err != nil {
		r.t.Fatal(err)
	}
	r.wg.Go(func() {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			r.lines <- strings.TrimRight(sc.Text(), "\r")
		}
	})
	return f
}

// unplug closes the device: the port's reads fail, as when a USB adapter
// is pulled out.
func (r *rig) unplug() {
	r.t.Helper()
	r.pty.Close()
	r.reader.Close()
	if err := os.Remove(r.link); err != nil {
		r.t.Fatal(err)
	}
}

// plug plugs a new device in where the old one was, and waits for the
// port to open it. (Reading starts then: a pty master whose slave no one
// has open reads as an error.)
func (r *rig) plug() {
	r.t.Helper()
	pty, err := serialtest.OpenPTY()
	if err != nil {
		r.t.Fatal(err)
	}
	r.pty = pty
	if err := os.Symlink(pty.Path, r.link); err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := serialtest.WaitPort(ctx, r.port, serialtest.StateIs(hub.StateOpen)); err != nil {
		r.t.Fatal(err)
	}
	r.reader = r.startReading()
}

// answer writes s to the port as the device.
func (r *rig) answer(s string) {
	r.t.Helper()
	if _, err := r.pty.Master.Write([]byte(s)); err != nil {
		r.t.Fatal(err)
	}
}

// line waits for the device's next line.
func (r *rig) line() string {
	r.t.Helper()
	select {
	case l := <-r.lines:
		return l
	case <-time.After(10 * time.Second):
		r.t.Fatal("the device received no line in 10s")
		return ""
	}
}

// jobWatch is a port's job manager and a subscriber that sees its job
// events: the part of a test's rig that starts jobs and waits on them.
type jobWatch struct {
	t     testing.TB
	port  *hub.Port
	jobs  *job.Manager
	watch *hub.Subscriber
}

// start starts a job of text through profile (with opts).
func (r *jobWatch) start(text, profile string, opts map[string]string) hub.JobInfo {
	r.t.Helper()
	p, err := (*job.Profiles)(nil).Get(profile, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	info, err := r.jobs.Start(r.port, job.Request{Name: "test.gcode", Profile: p, File: []byte(text), By: "tester"})
	if err != nil {
		r.t.Fatal(err)
	}
	return info
}

// until waits for a job event for which ok is true.
func (r *jobWatch) until(what string, ok func(hub.JobInfo) bool) hub.JobInfo {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var msgs []hub.Message
	for {
		var err error
		msgs, err = r.watch.Receive(ctx, msgs[:0])
		if err != nil {
			r.t.Fatalf("waiting for a job %s: %v", what, err)
		}
		for _, m := range msgs {
			if m.Job != nil && ok(*m.Job) {
				return *m.Job
			}
		}
	}
}

// state waits for the job to be in state s.
func (r *jobWatch) state(s string) hub.JobInfo {
	r.t.Helper()
	return r.until(s, func(j hub.JobInfo) bool { return j.State == s })
}

// gcode makes a file of n numbered moves.
func gcode(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "G1 X%d Y%d F1000\n", i%200, i)
	}
	return b.String()
}

// want is line i (1 first) of gcode's file.
func want(i int) string { return fmt.Sprintf("G1 X%d Y%d F1000", i%200, i) }
