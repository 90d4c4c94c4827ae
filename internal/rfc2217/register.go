package rfc2217

import (
	"context"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// openTimeout bounds connecting and negotiating when a port opens an
// rfc2217:// device.
const openTimeout = 15 * time.Second

// The hub opens devices with device.Open; importing this package makes
// rfc2217://HOST:PORT one of them.
func init() {
	device.RegisterScheme("rfc2217", func(spec string, s device.Settings) (device.Device, error) {
		ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
		defer cancel()
		return Dial(ctx, spec, s)
	})
}
