package device

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// dialTimeout bounds connecting to a remote device.
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

func openTCP(addr string) (Device, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("open tcp://%s: want tcp://HOST:PORT: %w", addr, err)
	}
	conn, err := net.DialTimeout("tcp", addr, dialTimeout)
	if err != nil {
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
