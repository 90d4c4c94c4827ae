package rfc2217

import (
	"context"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// openTimeout bounds connecting and negotiating when Open opens an
// rfc2217:// device, unless the context passed ends sooner.
const openTimeout = 15 * time.Second

// Open is the device.Opener of rfc2217://HOST:PORT: it dials with the
// default Dialer (see Dialer.Dial) within openTimeout. Cancelling ctx ends
// the dial, the negotiation and the wait for each answer at once, with an
// error wrapping ctx.Err(). Give it to device.NewOpener:
//
//	device.NewOpener(device.OpenerConfig{Schemes: map[string]device.Opener{"rfc2217": rfc2217.Open}})
func Open(ctx context.Context, spec string, s device.Settings) (device.Device, error) {
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	c, err := Dial(ctx, spec, s)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return c, nil
}

var _ device.Opener = Open
