package device_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestOpenTCPEndsWithContext checks that a tcp:// dial that hangs ends
// when its context is cancelled or its deadline passes, not at the dial
// timeout (10 s).
func TestOpenTCPEndsWithContext(t *testing.T) {
	const wait = 200 * time.Millisecond
	tests := []struct {
		name string
		ctx  func(context.Context) (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			timer := time.AfterFunc(wait, cancel)
			return ctx, func() { timer.Stop(); cancel() }
		}, context.Canceled},
		{"deadline", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, wait)
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := serialtest.FullListener(t)
			ctx, cancel := tt.ctx(t.Context())
			defer cancel()
			start := time.Now()
			d, err := device.Open(ctx, "tcp://"+addr, device.DefaultSettings)
			if d != nil {
				d.Close()
				t.Fatal("the dial completed: the listener's queue was not full")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open: %v, want an error wrapping %v", err, tt.want)
			}
			if took := time.Since(start); took > wait+2*time.Second {
				t.Fatalf("Open took %v; the context ended after %v", took, wait)
			}
		})
	}
}
