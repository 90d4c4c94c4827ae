package device

import (
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The helper is this test binary started again (see modemwatch_linux.go).
// A pty has no modem counters, so it reports why and ends; that it names the
// tty's error, not a bad descriptor, shows the port reached it as file 3.
func TestModemHelperSaysWhyItCannotWatch(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer tty.Close()
	w, err := startModemHelper(int(tty.Fd()), tty.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer w.stop()
	select {
	case _, ok := <-w.changes:
		if ok {
			t.Fatal("the helper told of a change on a pty")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the helper neither reported nor ended within 10s")
	}
	<-w.done
	if w.err == nil || !strings.Contains(w.err.Error(), "read modem counters: inappropriate ioctl for device") {
		t.Fatalf("helper ended with %v, want the pty's ENOTTY", w.err)
	}
	if w.cmd.ProcessState == nil || w.cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("helper exit: %v, want status 1", w.cmd.ProcessState)
	}
	w.stop() // after the end, and twice: nothing to do
}
