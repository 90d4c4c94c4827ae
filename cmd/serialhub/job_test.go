//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// okDevice plays a device on a pty that answers "ok" to its first n
// lines (all of them if n < 0) and hands on every line it reads. Start
// it once serialhub has opened the pty (a master whose slave no one has
// open reads as an error).
func okDevice(t *testing.T, pty *serialtest.PTY, n int) <-chan string {
	t.Helper()
	lines := make(chan string, 1<<16)
	seen := 0 // owned by the device's goroutine
	okDeviceAnswering(t, pty, lines, func(string) string {
		seen++
		if n < 0 || seen <= n {
			return "ok\r\n"
		}
		return ""
	})
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

// A [[profile]] of the config file works as a built-in one does; a bad
// one stops serialhub with a clear error.
func TestJobCustomProfile(t *testing.T) {
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close() })
	dir := t.TempDir()
	cfg := filepath.Join(dir, "serialhub.toml")
	os.WriteFile(cfg, []byte(`jobs = "off"
[[profile]]
name = "boot"
base = "line"
ok = "^OK$"
error = "^ERR"
on-error = "pause"
eol = "crlf"
`), 0o644)
	proc := startServe(t, "--config", cfg, "dev="+pty.Path)
	waitDevOpen(t, proc)
	lines := make(chan string, 16)
	okDeviceAnswering(t, pty, lines, func(line string) string {
		if strings.Contains(line, "bad") {
			return "ERR 7\r\n"
		}
		return "OK\r\n"
	})
	path := filepath.Join(dir, "image.hex")
	os.WriteFile(path, []byte(":10000000\n:bad\n:00000001FF\n"), 0o644)
	out, errOut, code := runCmd(t, nil, "job", "send", proc.addr+"/dev", path, "--profile", "boot", "--json")
	var j protocol.Job
	if code != 0 || json.Unmarshal([]byte(out), &j) != nil || j.Profile != "boot" {
		t.Fatalf("job send --profile boot: exit %d, %q, %s", code, out, errOut)
	}
	for _, want := range []string{":10000000\r", ":bad\r"} {
		if got := <-lines; got != want {
			t.Fatalf("the device got %q, want %q (CR LF ended)", got, want)
		}
	}
	// ERR paused it (on-error = "pause"): the third line waits for a resume.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := serialtest.Dial(ctx, "ws://"+proc.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Conn.CloseNow()
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p := f.Event.Port; p != nil && p.Job != nil && p.Job.State == protocol.JobPaused {
			if !strings.Contains(p.Job.Reason, "ERR 7") {
				t.Fatalf("paused: %+v", p.Job)
			}
			break
		}
		if j := f.Event.Job; j != nil && j.State == protocol.JobPaused {
			break
		}
	}
	if _, errOut, code := runCmd(t, nil, "job", "resume", proc.addr+"/dev", j.ID); code != 0 {
		t.Fatalf("resume: exit %d, %s", code, errOut)
	}
	if got := <-lines; got != ":00000001FF\r" {
		t.Fatalf("after the resume the device got %q", got)
	}

	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[profile]]\nname = \"grbl\"\nbase = \"line\"\n"), 0o644)
	if _, errOut, code := runCmd(t, nil, "serve", "--config", bad, "--listen", "127.0.0.1:0"); code == 0 || !strings.Contains(errOut, "the name of a built-in profile") {
		t.Fatalf("a profile named after a built-in one: exit %d, %s", code, errOut)
	}
}

// okDeviceAnswering plays a device on a pty that answers each line it
// reads (LF ended; a CR before the LF is kept) with answer(line) and
// hands the line on. Start it once serialhub has opened the pty (a master
// whose slave no one has open reads as an error).
func okDeviceAnswering(t *testing.T, pty *serialtest.PTY, lines chan<- string, answer func(string) string) {
	t.Helper()
	f, err := pty.Reader()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(f)
		sc.Split(splitLF)
		for sc.Scan() {
			lines <- sc.Text()
			if a := answer(sc.Text()); a != "" {
				pty.Master.Write([]byte(a))
			}
		}
	}()
	t.Cleanup(func() { f.Close(); <-done })
}

// splitLF splits lines at LF, keeping any CR.
func splitLF(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// job send --wait follows its job across a restart of the server: the
// events in between are lost, so on reconnecting it asks for the job,
// which the restart reports interrupted (exit 1).
func TestJobSendWaitAcrossARestart(t *testing.T) {
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close() })
	dir := t.TempDir()
	proc := startServe(t, "--jobs", dir, "dev="+pty.Path)
	waitDevOpen(t, proc)
	lines := okDevice(t, pty, 2) // then it stops answering
	path := filepath.Join(t.TempDir(), "part.gcode")
	os.WriteFile(path, []byte(strings.Repeat("G4 P1\n", 5)), 0o644)

	cmd := exec.Command(os.Args[0], "job", "send", proc.addr+"/dev", path, "--wait")
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	for range 3 {
		<-lines // the third is never answered
	}
	proc.cmd.Process.Signal(syscall.SIGTERM)
	<-proc.exited
	startServe(t, "--jobs", dir, "--listen", proc.addr, "dev="+pty.Path)

	select {
	case err := <-exited:
		exited <- err // for the cleanup
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(errOut.String(), "interrupted") {
			t.Fatalf("job send --wait: %v, stdout %q, stderr:\n%s", err, out.String(), errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("job send --wait still waits after the restart; stderr:\n%s", errOut.String())
	}
}
