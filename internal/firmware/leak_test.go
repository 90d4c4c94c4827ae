package firmware_test

import (
	"testing"

	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestMain fails the run if a test leaves a goroutine of serialhub's behind.
func TestMain(m *testing.M) { serialtest.Main(m) }
