//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// startProcess runs serialhub as a process of its own (this test binary,
// told to run main) and returns it with its HTTP address.
func startProcess(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// The log line "serving url=http://127.0.0.1:PORT/" says where.
	serving := regexp.MustCompile(`msg=serving url=http://([0-9.:]+)/`)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := serving.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr) // keep the pipe drained; ends with the process
			return cmd, m[1]
		}
	}
	t.Fatalf("serialhub exited before serving: %v", sc.Err())
	return nil, ""
}

// TestCaptureSurvivesKill9 records a port, kills serialhub with SIGKILL,
// and reads the files back: everything that was in them before the kill
// is there byte for byte, and nothing is damaged beyond a torn last record.
func TestCaptureSurvivesKill9(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer pty.Close()
	dir := t.TempDir()
	proc, addr := startProcess(t, "--log-dir", dir, "--log-max-size", "65536", "dev="+pty.Path)

	c, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Conn.CloseNow()
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	// readN reads n bytes of device data from the client.
	readN := func(n int) []byte {
		var got []byte
		for len(got) < n {
			f, err := c.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, f.Data...)
		}
		return got
	}

	// 200 KiB in, across several files; some bytes out.
	first := bytes.Repeat([]byte("temp:21.4,hum:40.2\r\n\x00\xff"), 200<<10/22)
	go pty.Master.Write(first)
	if got := readN(len(first)); !bytes.Equal(got, first) {
		t.Fatal("the client's stream differs from the device's")
	}
	if err := c.Send(ctx, []byte("help\r\n")); err != nil {
		t.Fatal(err)
	}
	echo := make([]byte, 6)
	if _, err := io.ReadFull(pty.Master, echo); err != nil || string(echo) != "help\r\n" {
		t.Fatalf("device read %q, %v", echo, err)
	}
	// The endpoint syncs the capture: after it, all of first is in files.
	resp, err := http.Get("http://" + addr + "/api/ports/dev/capture?format=raw")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(raw, first) {
		t.Fatalf("GET capture?format=raw: %d bytes, want the %d received", len(raw), len(first))
	}

	// More data, which the capture must have on disk within a second of
	// receiving it: the bound kill -9 may cost, and the one thing this
	// test waits a set time for.
	second := bytes.Repeat([]byte("a second before the kill\n"), 1000)
	go pty.Master.Write(second)
	readN(len(second))
	<-time.After(time.Second)

	// And more, then SIGKILL while it may still be on its way to the disk.
	third := bytes.Repeat([]byte("just before the kill\n"), 1000)
	go pty.Master.Write(third)
	readN(len(third))
	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	proc.Wait()

	files, err := capture.Files(dir, "dev")
	if err != nil || len(files) < 2 {
		t.Fatalf("capture files %v, %v; want several (64 KiB each)", files, err)
	}
	export := func(opt capture.ExportOptions) []byte {
		var out bytes.Buffer
		problems, err := capture.Export(&out, files, opt)
		if err != nil || len(problems) > 0 {
			t.Fatalf("export: %v, problems %v", err, problems)
		}
		return out.Bytes()
	}
	in := export(capture.ExportOptions{Format: capture.FormatRaw, Received: true})
	aged := append(slices.Clip(first), second...)
	if !bytes.HasPrefix(in, aged) {
		t.Fatalf("after kill -9 the capture holds %d bytes, which do not start with the %d the port received more than a second before", len(in), len(aged))
	}
	if !bytes.HasPrefix(third, in[len(aged):]) {
		t.Fatalf("after kill -9 the capture's last %d bytes are not the start of what the device sent last", len(in)-len(aged))
	}
	t.Logf("after kill -9: %d of the %d bytes received just before it were in the capture", len(in)-len(aged), len(third))
	if out := export(capture.ExportOptions{Format: capture.FormatRaw, Sent: true}); string(out) != "help\r\n" {
		t.Fatalf("sent bytes in the capture: %q", out)
	}
	// serialhub capture prints the same as the export.
	var cli, cliErr bytes.Buffer
	if err := run(ctx, newOpener(), append([]string{"capture", "--format", "raw", "--dir", "out"}, files...), &cli, &cliErr); err != nil || cli.String() != "help\r\n" {
		t.Fatalf("serialhub capture --format raw --dir out: %q, %v %s", cli.String(), err, cliErr.String())
	}
	text := export(capture.ExportOptions{Format: capture.FormatText, Received: true, Sent: true})
	for _, want := range []string{" # open 115200 8N1 dtr=true rts=true", " > help\n", ` < temp:21.4,hum:40.2` + "\n", ` < \x00\xfftemp:21.4`} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("text export lacks %q", want)
		}
	}
}

// TestCapturePortsKeepToThemselves runs serialhub with ports dut and dut-1
// (whose files once started with "dut-"), keeping 2 files each: dut's
// capture never shows dut-1's bytes, and dut's rotation never removes
// dut-1's files.
func TestCapturePortsKeepToThemselves(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	ptys := map[string]*serialtest.PTY{}
	args := []string{"--log-dir", dir, "--log-max-files", "2", "--log-max-size", "4096"}
	for _, name := range []string{"dut", "dut-1"} {
		pty, err := serialtest.OpenPTY()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pty.Close() })
		ptys[name] = pty
		args = append(args, name+"="+pty.Path)
	}
	_, addr := startProcess(t, args...)

	// feed has the device of port name send b and returns once a client
	// of the port has it all, so the capture has it too.
	feed := func(name string, b []byte) {
		t.Helper()
		c, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/"+name+"?replay=0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Conn.CloseNow()
		if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
			t.Fatal(err)
		}
		go ptys[name].Master.Write(b)
		var got []byte
		for len(got) < len(b) {
			f, err := c.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, f.Data...)
		}
	}
	capture := func(name string) string {
		t.Helper()
		resp, err := http.Get("http://" + addr + "/api/ports/" + name + "/capture?format=raw")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s's capture: %s %s", name, resp.Status, b)
		}
		return string(b)
	}

	secret := strings.Repeat("dut-1 secret\n", 100)
	feed("dut-1", []byte(secret))
	if got := capture("dut-1"); got != secret {
		t.Fatalf("dut-1's capture: %d bytes, want the %d it received", len(got), len(secret))
	}
	feed("dut", []byte("dut hello\n"))
	if got := capture("dut"); got != "dut hello\n" {
		t.Fatalf("dut's capture reads %.80q, want only what dut received", got)
	}

	// 40 KiB on dut: about ten files of dut, two kept.
	var many []byte
	for i := 0; len(many) < 40<<10; i++ {
		many = fmt.Appendf(many, "dut line %d\n", i)
	}
	feed("dut", many)
	if got := capture("dut"); strings.Contains(got, "dut-1") || !strings.HasSuffix(string(many), got) {
		t.Fatalf("dut's capture after rotating: %d bytes, not the end of what dut received", len(got))
	}
	if got := capture("dut-1"); got != secret {
		t.Fatalf("after dut rotated, dut-1's capture has %d bytes, want the %d it received", len(got), len(secret))
	}

	// serialhub capture reads a port's folder too.
	var out, errOut bytes.Buffer
	if err := run(ctx, newOpener(), []string{"capture", "--format", "raw", filepath.Join(dir, "dut-1")}, &out, &errOut); err != nil || out.String() != secret {
		t.Fatalf("serialhub capture DIR/dut-1: %d bytes, %v %s", out.Len(), err, errOut.String())
	}
}
