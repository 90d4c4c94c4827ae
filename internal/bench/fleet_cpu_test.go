//go:build linux

package bench

import (
	"syscall"
	"testing"
	"time"
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
