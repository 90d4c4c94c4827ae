//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// okDevice plays a device on a pty that answers "ok" to its first n
// lines (all of them if n < 0) and hands on every line it reads. Start
// it once serialhub has opened the pty (a master whose slave no one has
// open reads as an error).
func okDevice(t *testing.T, pty *serialtest.PTY, n int) <-chan string {
	t.Helper()
	fd, err := unix.Dup(int(pty.Master.Fd()))
	if err == nil {
		err = unix.SetNonblock(fd, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	// A non-blocking copy of the master: closing it wakes the reader.
	f := os.NewFile(uintptr(fd), pty.Path)
	lines := make(chan string, 1<<16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(f)
		for i := 0; sc.Scan(); i++ {
			lines <- sc.Text()
			if n < 0 || i < n {
				pty.Master.Write([]byte("ok\r\n"))
			}
		}
	}()
	t.Cleanup(func() { f.Close(); <-done })
	return lines
}

// waitDevOpen waits until serialhub proc has port dev open.
func waitDevOpen(t *testing.T, proc *serveProcess) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	waitPortOpen(t, ctx, "ws://"+proc.addr+"/ws/dev")
}

// serialhub job send --wait streams a file and follows it to its end;
// job list shows it; a request its state refuses exits 1, a bad one 2.
func TestJobCommand(t *testing.T) {
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close() })
	proc := startServe(t, "--jobs", t.TempDir(), "dev="+pty.Path)
	waitDevOpen(t, proc)
	lines := okDevice(t, pty, -1)
	url := proc.addr + "/dev"

	var file strings.Builder
	file.WriteString("; part.nc, from a CAM program\n%\n")
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&file, "G1 X%d (move %d)\n\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "part.nc")
	if err := os.WriteFile(path, []byte(file.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, nil, "job", "send", url, path, "--profile", "line", "--set", "comments=gcode", "--set", "timeout=10s", "--wait")
	if code != 0 || strings.TrimSpace(out) != "1" || !strings.Contains(errOut, "1 done part.nc (line): 50/50 lines") {
		t.Fatalf("job send --wait: exit %d, %q, %s", code, out, errOut)
	}
	for i := 1; i <= 50; i++ {
		if got := <-lines; got != fmt.Sprintf("G1 X%d", i) {
			t.Fatalf("line %d: the device got %q", i, got)
		}
	}
	if out, errOut, code := runCmd(t, nil, "job", "list", url); code != 0 || !strings.Contains(out, "1 done part.nc (line): 50/50 lines") {
		t.Fatalf("job list: exit %d, %q, %s", code, out, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "job", "cancel", url, "1"); code != 1 || !strings.Contains(errOut, "has ended (done)") {
		t.Fatalf("cancel of an ended job: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "job", "send", url, path, "--profile", "lathe"); code != 2 || !strings.Contains(errOut, `unknown profile "lathe"`) {
		t.Fatalf("an unknown profile: exit %d, %s", code, errOut)
	}
	// Without --wait: the id, at once; the job runs on without the command.
	out, errOut, code = runCmd(t, nil, "job", "send", url, path, "--profile", "line", "--set", "comments=gcode", "--json")
	var j protocol.Job
	if code != 0 || json.Unmarshal([]byte(out), &j) != nil || j.ID != "2" || j.Lines != 50 {
		t.Fatalf("job send --json: exit %d, %q, %s", code, out, errOut)
	}
	for range 50 {
		<-lines
	}
}

// A job that serialhub was running when it stopped is reported when it
// starts again: failed, interrupted, at the line it had reached.
func TestJobInterruptedByARestart(t *testing.T) {
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close() })
	dir := t.TempDir()
	proc := startServe(t, "--jobs", dir, "dev="+pty.Path)
	waitDevOpen(t, proc)
	lines := okDevice(t, pty, 3) // then it stops answering
	url := proc.addr + "/dev"
	path := filepath.Join(t.TempDir(), "long.gcode")
	if err := os.WriteFile(path, []byte(strings.Repeat("G4 P1\n", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCmd(t, nil, "job", "send", url, path); code != 0 || strings.TrimSpace(out) != "1" {
		t.Fatalf("job send: exit %d, %q, %s", code, out, errOut)
	}
	for range 4 {
		<-lines // the fourth is never answered
	}
	proc.cmd.Process.Signal(syscall.SIGTERM)
	<-proc.exited

	again := startServe(t, "--jobs", dir, "dev="+pty.Path)
	var port protocol.Port
	resp, err := http.Get("http://" + again.addr + "/api/ports/dev")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&port)
	resp.Body.Close()
	if j := port.Job; j == nil || j.ID != "1" || j.State != protocol.JobFailed || !j.Interrupted || j.Line != 4 || j.Acked != 3 || !strings.Contains(j.Reason, "at line 4 of 10") {
		t.Fatalf("after the restart the port's job is %+v", port.Job)
	}
	if !strings.Contains(again.logs(), "a job was interrupted when serialhub stopped") {
		t.Fatalf("the restart did not log the interrupted job:\n%s", again.logs())
	}
}
