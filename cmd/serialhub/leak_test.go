package main

import (
	"os"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// runMainEnv makes the test binary run serialhub's main instead of the
// tests, so a test can start the real program as a process of its own
// (and kill it).
const runMainEnv = "SERIALHUB_TEST_RUN_MAIN"

// TestMain runs the modem helper when a serial port of the tests starts
// this binary as one (main does the same), runs serialhub's main when a
// test starts it as the program, and otherwise fails the run if a test
// leaves a goroutine of serialhub's behind.
func TestMain(m *testing.M) {
	if device.IsModemHelper() {
		os.Exit(device.RunModemHelper())
	}
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	serialtest.Main(m)
}
