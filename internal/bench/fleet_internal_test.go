//go:build linux

package bench

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
)

// rusage returns this process's CPU time as getrusage gives it.
func rusage(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUTime checks the CPU times a fleet run reads from /proc against
// getrusage's: this process's, after it used some 100 ms of CPU, within
// the clock ticks /proc counts in; and the machine's busy time, which
// holds this process's.
func TestCPUTime(t *testing.T) {
	for x := uint64(1); rusage(t) < 100*time.Millisecond; x = x*6364136223846793005 + 1 {
		// Work, until this process has used 100 ms of CPU.
	}
	before := rusage(t)
	got, err := cpuTime(syscall.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	after := rusage(t)
	const tick = time.Second / userHZ
	if got < before-2*tick || got > after+2*tick {
		t.Errorf("/proc/self/stat: %v of CPU; getrusage: %v before, %v after", got, before, after)
	}
	machine, err := machineBusy()
	if err != nil {
		t.Fatal(err)
	}
	if machine < got {
		t.Errorf("the machine was busy %v, less than this process's %v", machine, got)
	}
}

// TestWaitListed checks how a fleet run waits for the server to list
// every port: it asks again at once when a port is not open yet, then
// each time a port logs its opening, and names a port that does not come
// back in time.
func TestWaitListed(t *testing.T) {
	var mu sync.Mutex
	state := protocol.StateOpening // guarded by mu: gw/b's
	asked := 0                     // guarded by mu: since set
	twenty := make(chan struct{})  // guarded by mu: closed at the 20th answer since set
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if asked++; asked == 20 {
			close(twenty)
		}
		online := true
		json.NewEncoder(w).Encode([]protocol.Port{
			{Name: "gw/a", State: protocol.StateOpen, Online: &online},
			{Name: "gw/b", State: state, Online: &online},
		})
	}))
	defer srv.Close()
	set := func(s protocol.State) <-chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		state, asked, twenty = s, 0, make(chan struct{})
		return twenty
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	names := []string{"gw/a", "gw/b"}
	opened := make(chan struct{}, 1)

	// Never open: named once the wait is over, after the answers asked
	// for at once.
	set(protocol.StateDisconnected)
	err := waitListed(ctx, srv.Client(), srv.URL, names, true, opened, 50*time.Millisecond)
	var nl *notListedError
	if !errors.As(err, &nl) || nl.port != "gw/b is disconnected" {
		t.Fatalf("a port that stays away: %v", err)
	}
	mu.Lock()
	if asked != 20 {
		t.Errorf("asked %d times, want 20", asked)
	}
	mu.Unlock()

	// Back when it logs its opening again: asked once more then.
	asking := set(protocol.StateDisconnected)
	done := make(chan error, 1)
	go func() { done <- waitListed(ctx, srv.Client(), srv.URL, names, true, opened, time.Minute) }()
	select { // the answers asked for at once are over: it waits
	case <-asking:
	case <-ctx.Done():
		t.Fatal("waitListed did not ask 20 times at once")
	}
	set(protocol.StateOpen)
	opened <- struct{}{}
	if err := <-done; err != nil {
		t.Fatalf("a port that came back: %v", err)
	}

	// A gateway that is not online is not listed.
	if got := missingPort([]protocol.Port{{Name: "gw/a", State: protocol.StateOpen}}, names[:1], true); got != "gw/a's gateway is not online" {
		t.Errorf("missingPort: %q", got)
	}
	if got := missingPort(nil, names[:1], false); got != "gw/a is not listed" {
		t.Errorf("missingPort: %q", got)
	}
}
