package auth_test

import (
	"testing"

	"github.com/serialhub/serialhub/internal/serialtest"
)

func TestMain(m *testing.M) { serialtest.Main(m) }
