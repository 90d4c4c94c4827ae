package device_test

import (
	"os"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestMain runs the modem helper when the tests start this binary as one
// (modemwatch_linux_test.go does), and otherwise fails the run if a test
// leaves a goroutine of serialhub's behind.
func TestMain(m *testing.M) {
	if device.IsModemHelper() {
		os.Exit(device.RunModemHelper())
	}
	serialtest.Main(m)
}
