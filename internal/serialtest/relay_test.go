//go:build linux

package serialtest

import (
	"strconv"
	"testing"
)

// TestOutputFindsTheLine checks that the first line ready accepts is found
// however the program's writes split it, and only once.
func TestOutputFindsTheLine(t *testing.T) {
	digits := func(l string) bool { _, err := strconv.Atoi(l); return err == nil }
	o := &output{ready: digits, line: make(chan string, 1)}
	for _, w := range []string{"Unable to start mdns\n12", "34", "\n56\n", "tail"} {
		o.Write([]byte(w))
	}
	if got := <-o.line; got != "1234" {
		t.Fatalf("line %q, want 1234", got)
	}
	if o.buf.String() != "Unable to start mdns\n1234\n56\ntail" {
		t.Fatalf("kept %q", o.buf.String())
	}
}
