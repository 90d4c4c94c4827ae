package device

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// dialTimeout bounds connecting to a remote device, unless the context
// given to Open ends sooner.
const dialTimeout = 10 * time.Second

// tcpDevice is a remote port's raw byte stream (tcp://host:port), such as
// ser2net's raw mode or another serialhub's --raw-tcp: bytes pass
// unchanged; settings have no effect, there are no control lines. When
// the connection drops, Read fails and the hub reconnects, as it reopens a
// device that was unplugged.
type tcpDevice struct {
	addr string
	conn net.Conn
	once sync.Once
}

func openTCP(ctx context.Context, addr string) (Device, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("open tcp://%s: want tcp://HOST:PORT: %w", addr, err)
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if cerr := contextError(ctx); cerr != nil {
			err = cerr
		}
		return nil, fmt.Errorf("open tcp://%s: %w", addr, err)
	}
	return &tcpDevice{addr: addr, conn: conn}, nil
}

func (d *tcpDevice) Read(p []byte) (int, error) {
	n, err := d.conn.Read(p)
	if err != nil {
		if errors.Is(err, net.ErrClosed) {
			err = ErrClosed
		}
		return n, fmt.Errorf("read tcp://%s: %w", d.addr, err)
	}
	return n, nil
}

func (d *tcpDevice) Write(p []byte) (int, error) {
	n, err := d.conn.Write(p)
	if err != nil {
		if errors.Is(err, net.ErrClosed) {
			err = ErrClosed
		}
		return n, fmt.Errorf("write tcp://%s: %w", d.addr, err)
	}
	return n, nil
}

// Close closes the connection, waking a blocked Read; it is idempotent.
func (d *tcpDevice) Close() error {
	var err error
	d.once.Do(func() { err = d.conn.Close() })
	return err
}

// contextError returns why ctx ended, if it has; a deadline that has
// passed counts as ended even if ctx has not yet said so. (The net
// package applies a context's deadline to the socket itself, and a dial
// can fail with "i/o timeout" a moment before ctx.Err reports it.)
func contextError(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
