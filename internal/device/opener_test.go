package device_test

import (
	"context"
	"errors"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
)

func TestOpenerSchemes(t *testing.T) {
	var gotSpec string
	var gotSettings device.Settings
	fake := func(ctx context.Context, spec string, s device.Settings) (device.Device, error) {
		gotSpec, gotSettings = spec, s
		return device.NewLoop(), nil
	}
	refuse := func(context.Context, string, device.Settings) (device.Device, error) {
		return nil, errors.New("the built-in tcp:// must not be replaced")
	}
	serialhub := device.NewOpener(device.OpenerConfig{Schemes: map[string]device.Opener{"rfc2217": fake}})
	withFake := device.NewOpener(device.OpenerConfig{Schemes: map[string]device.Opener{"zz": fake, "fake": fake, "tcp": refuse}})
	tests := []struct {
		name     string
		open     device.Opener
		spec     string
		wantSpec string // what the scheme's opener was given; "" if not called
		wantErr  string // exactly
	}{
		{"a scheme given", withFake, "fake://host:1", "fake://host:1", ""},
		{"loop:// stays built in", withFake, "loop://", "", ""},
		{"unknown scheme, serialhub's opener", serialhub, "bogus://x", "", `open bogus://x: unknown scheme "bogus" (want a device path, loop://, sim://, tcp://HOST:PORT or rfc2217://HOST:PORT)`},
		{"unknown scheme, schemes sorted", withFake, "bogus://x", "", `open bogus://x: unknown scheme "bogus" (want a device path, loop://, sim://, tcp://HOST:PORT, fake://HOST:PORT or zz://HOST:PORT)`},
		{"unknown scheme, Open", device.Open, "rfc2217://x:1", "", `open rfc2217://x:1: unknown scheme "rfc2217" (want a device path, loop://, sim:// or tcp://HOST:PORT)`},
		{"tcp:// stays built in", withFake, "tcp://no-port", "", "open tcp://no-port: want tcp://HOST:PORT: address no-port: missing port in address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotSpec, gotSettings = "", device.Settings{}
			d, err := tt.open(t.Context(), tt.spec, device.Settings{Baud: 9600})
			if d != nil {
				d.Close()
			}
			if tt.wantErr == "" && err != nil {
				t.Fatalf("open %s: %v", tt.spec, err)
			}
			if tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("open %s: %v, want %q", tt.spec, err, tt.wantErr)
			}
			if gotSpec != tt.wantSpec {
				t.Fatalf("the scheme's opener got %q, want %q", gotSpec, tt.wantSpec)
			}
			if want := (device.Settings{Baud: 9600}).WithDefaults(); gotSpec != "" && gotSettings != want {
				t.Fatalf("the scheme's opener got %+v, want %+v (the defaults filled in)", gotSettings, want)
			}
		})
	}
}

// TestOpenCancelledContext checks that every built-in device refuses to
// open once the context has ended.
func TestOpenCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, spec := range []string{"loop://", "sim://", "/dev/serialhub-test-does-not-exist", "tcp://127.0.0.1:1"} {
		t.Run(spec, func(t *testing.T) {
			d, err := device.Open(ctx, spec, device.DefaultSettings)
			if d != nil {
				d.Close()
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Open(%s) with a cancelled context: %v, want an error wrapping context.Canceled", spec, err)
			}
		})
	}
}
