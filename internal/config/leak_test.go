package config_test

import (
	"testing"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

var defaultSettings = device.DefaultSettings

func TestMain(m *testing.M) { serialtest.Main(m) }
