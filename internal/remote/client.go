// Package remote is a WebSocket client of one port of a serialhub server,
// as "serialhub attach" and "serialhub pty" use it: it connects, delivers
// the port's bytes in order, reports the server's events, and when the
// connection drops it reconnects with backoff and resumes the stream where
// it stopped (docs/protocol.md, "Resuming after a disconnect"), so that no
// byte is lost or repeated.
package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/protocol"
)

// Defaults of Options.
const (
	DefaultMinBackoff   = 250 * time.Millisecond
	DefaultMaxBackoff   = 5 * time.Second
	DefaultWriteTimeout = 10 * time.Second
	DefaultDialTimeout  = 10 * time.Second
)

// readLimit bounds a message from the server: binary frames carry up to
// 64 KiB, events are small.
const readLimit = 4 << 20

// ErrNotConnected is returned by Send and Control while the client is
// between connections.
var ErrNotConnected = errors.New("not connected")

// Options configure a Client. The zero value connects without a token,
// replays the scrollback, discards the port's bytes and reconnects forever.
type Options struct {
	// Token is sent as "Authorization: Bearer TOKEN" with every request;
	// "" sends none.
	Token string
	// Lease is a lease's id (protocol.QueryLease): every connection,
	// and every REST request, acts under it. "" uses none.
	Lease string
	// NoReplay skips the port's scrollback on the first connection
	// (replay=0). Reconnections always resume where the stream stopped.
	NoReplay bool
	// NoReconnect makes Run return a *DisconnectedError when the
	// connection drops, instead of reconnecting.
	NoReconnect bool
	// Out receives the port's bytes, in order, from Run's goroutine. A
	// write error ends Run. nil discards them.
	Out io.Writer
	// Notify receives events, from Run's goroutine: the server's (status,
	// replay, dropped, error, ok, pong) and the client's own (connected,
	// disconnected, retry). nil ignores them. It must not block for long.
	Notify func(Event)
	// MinBackoff and MaxBackoff bound the wait before a reconnection: it
	// starts at MinBackoff (default 250 ms) and doubles after each failed
	// attempt up to MaxBackoff (default 5 s), as the server does for
	// devices.
	MinBackoff, MaxBackoff time.Duration
	// WriteTimeout bounds one Send or Control (default 10 s).
	WriteTimeout time.Duration
	// DialTimeout bounds one connection attempt (default 10 s).
	DialTimeout time.Duration
	// HTTPClient makes the requests (default http.DefaultClient).
	HTTPClient *http.Client
}

// Event is an event of the server (docs/protocol.md), as protocol.Event
// decodes it, or of the client. Type is always set; the other fields as
// the type has them.
type Event struct {
	protocol.Event

	// Client events: "connected" (Resumed: a reconnection), "disconnected"
	// and "retry" (Err: why; Delay: until the next attempt).
	Err     error
	Delay   time.Duration
	Resumed bool
	// Restarted marks a replay event of a resumed connection whose stream
	// has another name (Port.Stream), or whose offset is below the one
	// asked for with no bytes dropped: the server's stream started anew
	// (serialhub restarted) and everything it holds is new to this client
	// (protocol.Position.Replay).
	Restarted bool
}

// Types of the client's own events.
const (
	EventConnected    = "connected"
	EventDisconnected = "disconnected"
	EventRetry        = "retry"
)

// clientEvent returns a client event of type typ.
func clientEvent(typ string) Event { return Event{Event: protocol.Event{Type: typ}} }

// HTTPError is a refused WebSocket upgrade.
type HTTPError struct {
	URL     string   // the WebSocket URL
	Status  int      // the HTTP status
	Message string   // the server's explanation, if it gave one
	Name    string   // the port asked for
	Ports   []string // for 404: the server's ports, if they could be listed
}

func (e *HTTPError) Error() string {
	switch e.Status {
	case http.StatusNotFound:
		msg := fmt.Sprintf("no port named %q at %s", e.Name, e.URL)
		switch {
		case e.Ports == nil:
		case len(e.Ports) == 0:
			msg += " (the server has no ports)"
		default:
			msg += " (its ports: " + strings.Join(e.Ports, ", ") + ")"
		}
		return msg
	case http.StatusUnauthorized:
		return fmt.Sprintf("%s: 401 Unauthorized%s: give a valid token with --token or SERIALHUB_TOKEN", e.URL, e.detail())
	case http.StatusForbidden:
		return fmt.Sprintf("%s: 403 Forbidden%s: the token does not allow this port, or the server refuses this client", e.URL, e.detail())
	}
	return fmt.Sprintf("%s: the server answered %d %s%s", e.URL, e.Status, http.StatusText(e.Status), e.detail())
}

func (e *HTTPError) detail() string {
	if e.Message == "" {
		return ""
	}
	return " (" + e.Message + ")"
}

// Permanent reports whether err is a refusal that trying again will not
// change: a bad request, or a token refused (401, 403). A missing port may
// come back (a server restarting with it), so 404 is not permanent.
func Permanent(err error) bool {
	var he *HTTPError
	if !errors.As(err, &he) {
		return false
	}
	return he.Status == http.StatusBadRequest || he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden
}

// DisconnectedError ends Run with Options.NoReconnect when the connection
// drops.
type DisconnectedError struct{ Err error }

func (e *DisconnectedError) Error() string { return "connection lost: " + e.Err.Error() }
func (e *DisconnectedError) Unwrap() error { return e.Err }

// outputError is a failed write to Options.Out.
type outputError struct{ err error }

func (e *outputError) Error() string { return "write the port's bytes: " + e.err.Error() }
func (e *outputError) Unwrap() error { return e.err }

// Client is a connection to one port that survives drops. Dial makes it;
// Run delivers the port's bytes and events and reconnects; Send and
// Control may be called from any goroutine, concurrently with Run.
type Client struct {
	// Static after construction.
	target Target
	opts   Options

	mu    sync.Mutex
	conn  *websocket.Conn   // guarded by mu: the current connection; nil between connections
	ready chan struct{}     // guarded by mu: closed once conn is set
	port  *protocol.Port    // guarded by mu: as the last status event had it
	pos   protocol.Position // guarded by mu: where the stream goes on (its next byte)
}

// Dial connects to the port target names. It fails if the first
// connection fails: with an *HTTPError if the server refused it.
func Dial(ctx context.Context, target Target, opts Options) (*Client, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(DefaultMaxBackoff, opts.MinBackoff)
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = DefaultWriteTimeout
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = http.DefaultClient
	}
	c := &Client{target: target, opts: opts, ready: make(chan struct{})}
	conn, err := c.dial(ctx)
	if he := (*HTTPError)(nil); errors.As(err, &he) && he.Status == http.StatusNotFound && target.Other != nil {
		// HOST/A/B: no fleet port A/B here; perhaps port B behind /A.
		c.target = *target.Other
		if conn2, err2 := c.dial(ctx); err2 == nil {
			conn, err = conn2, nil
		} else {
			c.target = target
		}
	}
	if err != nil {
		return nil, err
	}
	c.setConn(conn)
	return c, nil
}

// Target returns the port the client connects to.
func (c *Client) Target() Target { return c.target }

// Port returns the port object of the last status event, if one came.
func (c *Client) Port() (protocol.Port, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.port == nil {
		return protocol.Port{}, false
	}
	return *c.port, true
}

// Offset returns the stream offset of the next byte expected, if known.
func (c *Client) Offset() (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pos.Offset, c.pos.Known
}

// Close closes the current connection, if any. Run closes its connections
// itself; Close is for a client whose Run was never called.
func (c *Client) Close() error {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn == nil {
		return nil
	}
	return conn.CloseNow()
}

func (c *Client) setConn(conn *websocket.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	if conn != nil {
		close(c.ready)
	} else {
		c.ready = make(chan struct{})
	}
}

// current returns the connection, or nil between connections.
func (c *Client) current() *websocket.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// WaitConnected returns once the client is connected, or ctx ends.
func (c *Client) WaitConnected(ctx context.Context) error {
	c.mu.Lock()
	ready := c.ready
	c.mu.Unlock()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send writes p to the port, as one binary frame. Between connections it
// returns ErrNotConnected at once and sends nothing.
func (c *Client) Send(ctx context.Context, p []byte) error {
	return c.write(ctx, websocket.MessageBinary, p)
}

// Control sends a control message (docs/protocol.md), such as
// map[string]any{"type": "break", "id": 1}. Between connections it returns
// ErrNotConnected.
func (c *Client) Control(ctx context.Context, msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("control message: %w", err)
	}
	return c.write(ctx, websocket.MessageText, b)
}

func (c *Client) write(ctx context.Context, typ websocket.MessageType, p []byte) error {
	conn := c.current()
	if conn == nil {
		return ErrNotConnected
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.WriteTimeout)
	defer cancel()
	if err := conn.Write(ctx, typ, p); err != nil {
		return fmt.Errorf("send to %s: %w", c.target.Name, err)
	}
	return nil
}

// Run delivers the port's bytes to Options.Out and its events to
// Options.Notify until ctx ends (then it closes the connection normally
// and returns nil). When the connection drops it reconnects, resuming the
// stream, until a permanent refusal (see Permanent), which it returns; or,
// with Options.NoReconnect, it returns a *DisconnectedError. A failed write
// to Out ends it with that error. Call Run once.
func (c *Client) Run(ctx context.Context) error {
	conn := c.current()
	delay := c.opts.MinBackoff
	for {
		if conn != nil {
			err := c.serve(ctx, conn)
			c.setConn(nil)
			if ctx.Err() != nil {
				return nil
			}
			if oe := (*outputError)(nil); errors.As(err, &oe) {
				return err
			}
			ev := clientEvent(EventDisconnected)
			ev.Err = err
			c.notify(ev)
			if c.opts.NoReconnect {
				return &DisconnectedError{Err: err}
			}
			delay = c.opts.MinBackoff
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		var err error
		conn, err = c.dial(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if Permanent(err) {
				return err
			}
			delay = min(2*delay, c.opts.MaxBackoff)
			ev := clientEvent(EventRetry)
			ev.Err, ev.Delay = err, delay
			c.notify(ev)
			continue
		}
		c.setConn(conn)
		ev := clientEvent(EventConnected)
		ev.Resumed = true
		c.notify(ev)
	}
}

func (c *Client) notify(ev Event) {
	if c.opts.Notify != nil {
		c.opts.Notify(ev)
	}
}

// closeError describes how the server closed a connection.
func closeError(err error) error {
	var ce websocket.CloseError
	if errors.As(err, &ce) && ce.Reason != "" {
		return fmt.Errorf("closed by the server: %s (%d)", ce.Reason, int(ce.Code))
	}
	return err
}

// serve reads one connection until it ends, keeping the stream offset.
func (c *Client) serve(ctx context.Context, conn *websocket.Conn) error {
	// Reads use no context (a cancelled one would drop the connection
	// without a close frame): ctx's end closes the connection normally,
	// which ends the read.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-ctx.Done():
			conn.Close(websocket.StatusNormalClosure, "")
		case <-stop:
		}
	})
	defer func() {
		close(stop)
		wg.Wait()
		conn.CloseNow()
	}()

	for {
		typ, b, err := conn.Read(context.Background())
		if err != nil {
			return closeError(err)
		}
		if typ == websocket.MessageBinary {
			if _, err := c.opts.Out.Write(b); err != nil {
				return &outputError{err}
			}
			c.mu.Lock()
			c.pos.Data(len(b))
			c.mu.Unlock()
			continue
		}
		var ev Event
		if err := json.Unmarshal(b, &ev.Event); err != nil || ev.Type == "" {
			continue // not an event this client knows: ignore it, as the protocol asks
		}
		c.mu.Lock()
		if ev.Type == protocol.TypeStatus && ev.Port != nil {
			c.port = ev.Port
		}
		ev.Restarted = c.pos.Event(&ev.Event)
		c.mu.Unlock()
		c.notify(ev)
	}
}

// dial makes one connection: resuming at the next offset if it is known.
func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	u := *c.target.WS
	q := u.Query()
	c.mu.Lock()
	for k, v := range c.pos.Query(!c.opts.NoReplay) {
		q[k] = v
	}
	c.mu.Unlock()
	if c.opts.Lease != "" {
		q.Set(protocol.QueryLease, c.opts.Lease)
	}
	u.RawQuery = q.Encode()
	dctx, cancel := context.WithTimeout(ctx, c.opts.DialTimeout)
	defer cancel()
	conn, resp, err := websocket.Dial(dctx, u.String(), &websocket.DialOptions{
		HTTPClient:      c.opts.HTTPClient,
		HTTPHeader:      c.header(),
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, c.refused(ctx, resp)
		}
		return nil, fmt.Errorf("connect to %s: %w", c.target.WS.Redacted(), unwrapDial(err))
	}
	conn.SetReadLimit(readLimit)
	return conn, nil
}

// unwrapDial drops coder/websocket's "failed to WebSocket dial: failed to
// send handshake request: Get …:" prefixes, keeping the cause (connection
// refused, no such host, a timeout).
func unwrapDial(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return op
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("timed out")
	}
	return err
}

func (c *Client) header() http.Header {
	h := http.Header{}
	if c.opts.Token != "" {
		h.Set("Authorization", "Bearer "+c.opts.Token)
	}
	if c.opts.Lease != "" {
		h.Set(protocol.LeaseHeader, c.opts.Lease)
	}
	return h
}

// refused turns a refused upgrade into an *HTTPError, listing the server's
// ports if the port was not found.
func (c *Client) refused(ctx context.Context, resp *http.Response) error {
	e := &HTTPError{URL: c.target.WS.Redacted(), Status: resp.StatusCode, Name: c.target.Name}
	if resp.Body != nil {
		var body protocol.ErrorBody
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		if json.Unmarshal(b, &body) == nil {
			e.Message = body.Error
		} else if s := strings.TrimSpace(string(b)); len(s) > 0 && len(s) < 200 {
			e.Message = s
		}
	}
	if e.Status == http.StatusNotFound {
		e.Ports, _ = c.ListPorts(ctx)
	}
	return e
}

// ListPorts returns the names of the server's ports (GET /api/ports).
func (c *Client) ListPorts(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.DialTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.target.API.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = c.header()
	resp, err := c.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("list ports: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list ports: %s", resp.Status)
	}
	var ports []protocol.Port
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&ports); err != nil {
		return nil, fmt.Errorf("list ports: %w", err)
	}
	names := make([]string, 0, len(ports))
	for _, p := range ports {
		names = append(names, p.Name)
	}
	return names, nil
}
