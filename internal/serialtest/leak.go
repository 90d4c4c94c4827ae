package serialtest

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// Main runs a package's tests, then fails the run if any goroutine started
// by serialhub's own code is still alive: every Close in serialhub waits for
// the goroutines it owns, so once the tests have closed what they opened
// none may remain. A goroutine that has just signalled its owner may still
// be returning, so the check yields the processor a bounded number of times
// before it gives its verdict; it never sleeps. Use it as
//
//	func TestMain(m *testing.M) { serialtest.Main(m) }
//
// It also removes what the tests built (BuildNATSServer).
func Main(m *testing.M) {
	code := m.Run()
	removeBuilds()
	if code == 0 {
		leaks := leakedGoroutines()
		for i := 0; i < 1000 && len(leaks) > 0; i++ {
			runtime.Gosched()
			leaks = leakedGoroutines()
		}
		if len(leaks) > 0 {
			fmt.Fprintf(os.Stderr, "goroutines leaked by the tests:\n\n%s\n", strings.Join(leaks, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of goroutines running serialhub code,
// other than this one.
func leakedGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var leaks []string
	for i, g := range bytes.Split(buf, []byte("\n\n")) {
		if i == 0 { // the current goroutine comes first
			continue
		}
		if bytes.Contains(g, []byte("github.com/serialhub/serialhub/")) {
			leaks = append(leaks, string(g))
		}
	}
	return leaks
}
