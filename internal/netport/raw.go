package netport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"

	"github.com/serialhub/serialhub/internal/hub"
)

// serveRaw passes bytes straight through between conn and port, for the
// client named name, until either side ends or ctx does. It closes conn.
func serveRaw(ctx context.Context, conn net.Conn, port *hub.Port, name string, log *slog.Logger, audit audit) error {
	// A raw client cannot be told of changes: it gets none.
	sub, err := port.SubscribeWith(hub.SubscribeOptions{Name: name, DataOnly: true})
	if err != nil {
		conn.Close()
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Closing conn and sub wakes both goroutines below, whichever ends
	// first, and when ctx ends.
	stop := context.AfterFunc(ctx, func() {
		conn.Close()
		sub.Close()
	})
	defer stop()

	toClient := make(chan error, 1)
	go func() {
		toClient <- copyToConn(ctx, sub, conn, log)
		cancel()
	}()
	err = copyToPort(ctx, conn, port.As(sub), log, audit)
	cancel()
	if err2 := <-toClient; err == nil {
		err = err2
	}
	conn.Close()
	sub.Close()
	return err
}

// copyToConn writes what the port's device sends to conn.
func copyToConn(ctx context.Context, sub *hub.Subscriber, conn net.Conn, log *slog.Logger) error {
	var msgs []hub.Message
	for {
		var err error
		msgs, err = sub.Receive(ctx, msgs[:0])
		if err != nil {
			return nil // closed: the session is ending
		}
		for _, m := range msgs {
			switch {
			case m.Missed > 0:
				log.Warn("TCP client too slow: missed device data", "bytes", m.Missed)
			case len(m.Data) > 0:
				if _, err := conn.Write(m.Data); err != nil {
					return err
				}
			}
		}
	}
}

// copyToPort writes what the client sends to the port as the client (its
// subscription, which never holds the write lock), and records each write
// in the audit log.
func copyToPort(ctx context.Context, conn net.Conn, port hub.Client, log *slog.Logger, audit audit) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			werr := port.Write(ctx, buf[:n])
			audit.write(buf[:n], werr)
			switch {
			case werr == nil:
			case errors.Is(werr, hub.ErrNotOpen), errors.Is(werr, hub.ErrLocked):
				// Like a line with nothing on it: the port's state, or
				// its lock, says why.
				log.Debug("TCP client's bytes not written", "bytes", n, "err", werr)
			default:
				return werr
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
	}
}
