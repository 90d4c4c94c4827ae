package rfc2217

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// Errors callers test for.
var (
	// ErrNoReply is returned (wrapped) when the server does not answer a
	// command in time; the error names the command.
	ErrNoReply = errors.New("no answer from the RFC 2217 server")
	// ErrRefused is returned (wrapped) by Dial when the server refuses the
	// Com Port Control Option: it is not an RFC 2217 server.
	ErrRefused = errors.New("server refuses RFC 2217 (COM-PORT-OPTION)")
	// ErrRejected is returned (wrapped, along with device.ErrNotSupported)
	// when the server answers a change with another value than the one
	// asked for: the remote port keeps that value.
	ErrRejected = errors.New("RFC 2217 server kept another value")
)

// Defaults of Dialer's fields.
const (
	DefaultReplyTimeout = 3 * time.Second
	DefaultReadBuffer   = 256 << 10
)

// Dialer connects to RFC 2217 servers. The zero value uses the defaults;
// its fields must not change while it dials.
type Dialer struct {
	// ReplyTimeout bounds each wait for the server's answer, unless the
	// context passed ends sooner. Default DefaultReplyTimeout.
	ReplyTimeout time.Duration
	// ReadBuffer is how many received bytes the client holds for Read
	// before it asks the server to suspend the flow (FLOWCONTROL-SUSPEND);
	// it resumes the flow once Read has taken half of them, and stops
	// reading the connection at four times as many. Default
	// DefaultReadBuffer.
	ReadBuffer int
	// Logger receives the client's logs; nil discards them.
	Logger *slog.Logger
}

// Dial connects to an RFC 2217 server with the default Dialer; see
// Dialer.Dial.
func Dial(ctx context.Context, addr string, s device.Settings) (*Client, error) {
	var d Dialer
	return d.Dial(ctx, addr, s)
}

// Dial connects to the RFC 2217 server at addr ("host:port", or
// "rfc2217://host:port" as pyserial writes it), negotiates the Com Port
// Control Option and BINARY, and applies the settings s (zero fields take
// device.DefaultSettings' values). It does not change DTR, RTS or break. ctx
// bounds the whole of Dial; the Client does not keep it.
func (d *Dialer) Dial(ctx context.Context, addr string, s device.Settings) (*Client, error) {
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	addr = strings.TrimPrefix(addr, "rfc2217://")
	var nd net.Dialer
	conn, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("rfc2217 dial %s: %w", addr, err)
	}
	c := d.newClient(conn, addr)
	go c.readLoop()
	if err := c.negotiate(ctx); err != nil {
		c.Close()
		return nil, err
	}
	c.reqMu.Lock()
	_, err = c.apply(ctx, s)
	c.reqMu.Unlock()
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Client is a serial port served by an RFC 2217 server: a device.Device and
// a device.Controller. Read blocks until data arrives or the connection
// fails, and never returns (0, nil); Close wakes a blocked Read or Write,
// which then return an error wrapping device.ErrClosed. Read, Write, Close
// and the Controller methods are safe to call concurrently (one reader).
//
// A Client runs one goroutine, which reads the connection; Close stops it
// and waits for it.
type Client struct {
	// Static after construction.
	conn      net.Conn
	addr      string
	log       *slog.Logger
	timeout   time.Duration
	high, low int           // the read buffer's suspend and resume marks
	max       int           // the read buffer's hard limit
	readable  chan struct{} // capacity 1: signalled when data, an error or Close comes
	room      chan struct{} // capacity 1: signalled when Read makes room
	modemCh   chan struct{} // capacity 1: signalled when a NOTIFY-MODEMSTATE changes the modem lines
	closing   chan struct{} // closed by Close
	done      chan struct{} // closed when the read goroutine has returned
	closeOnce sync.Once
	reqMu     sync.Mutex // serialises commands, so each answer has one waiter
	wmu       sync.Mutex // guards conn writes and wbuf
	wbuf      []byte
	dec       Decoder // owned by the read goroutine
	readerOut []byte  // owned by the read goroutine: answers to negotiation

	// Guarded by mu.
	mu        sync.Mutex
	in        bytes.Buffer      // received data not yet read
	readErr   error             // why the connection ended, once it has
	closed    bool              // Close was called
	suspended bool              // we asked the server to suspend the flow
	neg       *negotiator       // option states
	modem     *device.Modem     // from the last NOTIFY-MODEMSTATE
	settings  device.Settings   // as the server last reported them
	lines     device.Lines      // as the server last acknowledged them
	waiting   map[byte]*request // outstanding commands by answer code
	changed   chan struct{}     // closed and replaced when negotiation or an answer changes
}

// request is one command waiting for its answer.
type request struct {
	cmd    byte
	value  []byte
	name   string              // for errors, e.g. "SET-CONTROL (DTR on)"
	accept func(v []byte) bool // whether v answers this command
	answer []byte              // set once answered
}

func (d *Dialer) newClient(conn net.Conn, addr string) *Client {
	log := d.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	timeout := d.ReplyTimeout
	if timeout <= 0 {
		timeout = DefaultReplyTimeout
	}
	high := d.ReadBuffer
	if high <= 0 {
		high = DefaultReadBuffer
	}
	return &Client{
		conn:     conn,
		addr:     addr,
		log:      log.With("rfc2217", addr),
		timeout:  timeout,
		high:     high,
		low:      high / 2,
		max:      4 * high,
		readable: make(chan struct{}, 1),
		room:     make(chan struct{}, 1),
		modemCh:  make(chan struct{}, 1),
		closing:  make(chan struct{}),
		done:     make(chan struct{}),
		neg:      newNegotiator(optBinary, optSGA, optComPort),
		lines:    device.DefaultLines,
		waiting:  map[byte]*request{},
		changed:  make(chan struct{}),
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// changedLocked wakes the waiters for answers; c.mu is held.
func (c *Client) changedLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// negotiate offers COM-PORT-OPTION, BINARY and SGA and waits until the
// server accepts COM-PORT-OPTION.
func (c *Client) negotiate(ctx context.Context) error {
	c.mu.Lock()
	b := c.neg.request(nil, true, optComPort)
	b = c.neg.request(b, true, optBinary)
	b = c.neg.request(b, false, optBinary)
	b = c.neg.request(b, true, optSGA)
	b = c.neg.request(b, false, optSGA)
	c.mu.Unlock()
	if err := c.writeRaw(b); err != nil {
		return err
	}
	err := c.wait(ctx, "WILL COM-PORT-OPTION", func() bool { return !c.neg.pending(true, optComPort) })
	if err != nil {
		return err
	}
	c.mu.Lock()
	ok := c.neg.enabled(true, optComPort)
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("rfc2217 %s: %w", c.addr, ErrRefused)
	}
	return nil
}

// wait waits until done, called with c.mu held, is true, within the reply
// timeout; what names what is awaited in the error.
func (c *Client) wait(ctx context.Context, what string, done func() bool) error {
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		ok, changed, readErr := done(), c.changed, c.readErr
		c.mu.Unlock()
		if ok {
			return nil
		}
		if readErr != nil {
			return fmt.Errorf("rfc2217 %s: waiting for the answer to %s: %w", c.addr, what, readErr)
		}
		select {
		case <-changed:
		case <-c.done: // readErr is set: the loop returns it
		case <-timer.C:
			return fmt.Errorf("rfc2217 %s: no answer to %s within %v: %w", c.addr, what, c.timeout, ErrNoReply)
		case <-ctx.Done():
			return fmt.Errorf("rfc2217 %s: waiting for the answer to %s: %w", c.addr, what, ctx.Err())
		}
	}
}

// roundTrip sends the commands, which must have different answer codes,
// and waits for all their answers. c.reqMu is held.
func (c *Client) roundTrip(ctx context.Context, reqs ...*request) error {
	var b []byte
	c.mu.Lock()
	for _, r := range reqs {
		r.answer = nil
		c.waiting[r.cmd+serverOffset] = r
		b = appendSub(b, optComPort, append([]byte{r.cmd}, r.value...)...)
	}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		for _, r := range reqs {
			delete(c.waiting, r.cmd+serverOffset)
		}
		c.mu.Unlock()
	}()
	if err := c.writeRaw(b); err != nil {
		return err
	}
	for _, r := range reqs {
		if err := c.wait(ctx, r.name, func() bool { return r.answer != nil }); err != nil {
			return err
		}
	}
	return nil
}

// byteAnswer accepts a one-byte answer.
func byteAnswer(v []byte) bool { return len(v) == 1 }

// controlAnswer accepts the answers to SET-CONTROL value v.
func controlAnswer(v byte) func([]byte) bool {
	group := controlGroup(v)
	return func(a []byte) bool { return len(a) == 1 && bytes.IndexByte(group, a[0]) >= 0 }
}

// apply sends the settings and records what the server reports in effect;
// c.reqMu is held. A value the server keeps otherwise is an error wrapping
// ErrRejected and device.ErrNotSupported.
func (c *Client) apply(ctx context.Context, s device.Settings) (device.Settings, error) {
	flow := flowCode(s.FlowControl, false)
	baud := &request{cmd: comSetBaud, value: binary.BigEndian.AppendUint32(nil, uint32(s.Baud)), name: "SET-BAUDRATE",
		accept: func(v []byte) bool { return len(v) == 4 }}
	size := &request{cmd: comSetDataSize, value: []byte{byte(s.DataBits)}, name: "SET-DATASIZE", accept: byteAnswer}
	parity := &request{cmd: comSetParity, value: []byte{parityCode(s.Parity)}, name: "SET-PARITY", accept: byteAnswer}
	stop := &request{cmd: comSetStopSize, value: []byte{stopCode(s.StopBits)}, name: "SET-STOPSIZE", accept: byteAnswer}
	control := &request{cmd: comSetControl, value: []byte{flow}, name: "SET-CONTROL (" + controlName(flow) + ")", accept: controlAnswer(flow)}
	if err := c.roundTrip(ctx, baud, size, parity, stop, control); err != nil {
		return device.Settings{}, err
	}
	got := s
	var kept []string
	if b := binary.BigEndian.Uint32(baud.answer); b != uint32(s.Baud) {
		got.Baud = int(b)
		kept = append(kept, fmt.Sprintf("baud %d", b))
	}
	if n := int(size.answer[0]); n != s.DataBits {
		got.DataBits = n
		kept = append(kept, fmt.Sprintf("data bits %d", n))
	}
	if parity.answer[0] != parityCode(s.Parity) {
		got.Parity, _ = parityFromCode(parity.answer[0])
		kept = append(kept, fmt.Sprintf("parity %q", got.Parity))
	}
	if stop.answer[0] != stopCode(s.StopBits) {
		got.StopBits, _ = stopFromCode(stop.answer[0])
		kept = append(kept, fmt.Sprintf("stop bits %q", got.StopBits))
	}
	if control.answer[0] != flow {
		got.FlowControl, _ = flowFromCode(control.answer[0])
		kept = append(kept, controlName(control.answer[0]))
	}
	c.mu.Lock()
	c.settings = got
	c.mu.Unlock()
	if len(kept) > 0 {
		return got, fmt.Errorf("rfc2217 %s: setting %s: the server kept %s: %w (%w)",
			c.addr, s, strings.Join(kept, ", "), ErrRejected, device.ErrNotSupported)
	}
	return got, nil
}

// Settings returns the settings the server last reported in effect.
func (c *Client) Settings() device.Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings
}

// SetSettings applies valid settings. If the server keeps another value,
// the client asks it to restore the previous settings and returns an error
// wrapping ErrRejected and device.ErrNotSupported.
func (c *Client) SetSettings(s device.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	prev := c.Settings()
	_, err := c.apply(context.Background(), s)
	if errors.Is(err, ErrRejected) {
		if _, rerr := c.apply(context.Background(), prev); rerr != nil {
			c.log.Warn("rfc2217: restoring the settings failed", "settings", prev.String(), "err", rerr)
		}
	}
	return err
}

// setControl sends one SET-CONTROL value and checks that the server
// answers with it; c.reqMu is held.
func (c *Client) setControl(v byte) error {
	r := &request{cmd: comSetControl, value: []byte{v}, name: "SET-CONTROL (" + controlName(v) + ")", accept: controlAnswer(v)}
	if err := c.roundTrip(context.Background(), r); err != nil {
		return err
	}
	if r.answer[0] != v {
		return fmt.Errorf("rfc2217 %s: %s answered with %s: %w (%w)", c.addr, r.name, controlName(r.answer[0]), ErrRejected, device.ErrNotSupported)
	}
	return nil
}

// SetLines sets DTR, then RTS.
func (c *Client) SetLines(l device.Lines) error {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	if err := c.setControl(onOff(l.DTR, ctlDTROn, ctlDTROff)); err != nil {
		return err
	}
	c.mu.Lock()
	c.lines.DTR = l.DTR
	c.mu.Unlock()
	if err := c.setControl(onOff(l.RTS, ctlRTSOn, ctlRTSOff)); err != nil {
		return err
	}
	c.mu.Lock()
	c.lines.RTS = l.RTS
	c.mu.Unlock()
	return nil
}

// Lines returns DTR and RTS as the server last acknowledged them
// (device.DefaultLines until SetLines is called).
func (c *Client) Lines() device.Lines {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lines
}

// SetBreak starts (true) or ends (false) a break condition.
func (c *Client) SetBreak(on bool) error {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	return c.setControl(onOff(on, ctlBreakOn, ctlBreakOff))
}

// Modem returns the modem lines of the server's last NOTIFY-MODEMSTATE, or
// an error wrapping device.ErrNotSupported if none has come.
func (c *Client) Modem() (device.Modem, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.modem == nil {
		return device.Modem{}, fmt.Errorf("rfc2217 %s: the server has sent no modem state: %w", c.addr, device.ErrNotSupported)
	}
	return *c.modem, nil
}

// ModemChanges tells when a NOTIFY-MODEMSTATE from the server changes the
// modem lines (device.ModemWatcher).
func (c *Client) ModemChanges() <-chan struct{} { return c.modemCh }

// Read reads data the server sent from the device. It blocks until some
// has come or the connection ends; data received before the end is read
// first. When it resumes a suspended flow it sends FLOWCONTROL-RESUME,
// after any Write in progress.
func (c *Client) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return 0, fmt.Errorf("read rfc2217://%s: %w", c.addr, device.ErrClosed)
		}
		if c.in.Len() > 0 {
			n, _ := c.in.Read(p)
			resume := c.suspended && c.in.Len() <= c.low
			if resume {
				c.suspended = false
			}
			c.mu.Unlock()
			signal(c.room)
			if resume {
				// A failure here is the connection's: the next Read sees it.
				_ = c.writeRaw(appendSub(nil, optComPort, comFlowResume))
			}
			return n, nil
		}
		if c.readErr != nil {
			err := c.readErr
			c.mu.Unlock()
			return 0, err
		}
		c.mu.Unlock()
		select {
		case <-c.readable:
		case <-c.done:
		}
	}
}

// Write sends p to the device, escaped. It blocks while the connection
// does not take it.
func (c *Client) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.wbuf = AppendEscaped(c.wbuf[:0], p)
	if err := c.writeLocked(c.wbuf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// writeRaw writes Telnet commands.
func (c *Client) writeRaw(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeLocked(b)
}

// writeLocked writes b to the connection; c.wmu is held.
func (c *Client) writeLocked(b []byte) error {
	select {
	case <-c.closing:
		return fmt.Errorf("write rfc2217://%s: %w", c.addr, device.ErrClosed)
	default:
	}
	if _, err := c.conn.Write(b); err != nil {
		select {
		case <-c.closing:
			return fmt.Errorf("write rfc2217://%s: %w", c.addr, device.ErrClosed)
		default:
		}
		return fmt.Errorf("write rfc2217://%s: %w", c.addr, err)
	}
	return nil
}

// Close closes the connection and waits for the client's goroutine. It is
// idempotent and safe to call concurrently with every other method.
func (c *Client) Close() error {
	var err error
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		close(c.closing)
		signal(c.readable)
		err = c.conn.Close()
	})
	<-c.done
	return err
}

// readLoop reads the connection until it fails or the client closes.
func (c *Client) readLoop() {
	defer close(c.done)
	buf := make([]byte, 32<<10)
	for {
		if !c.waitRoom() {
			c.end(device.ErrClosed)
			return
		}
		n, err := c.conn.Read(buf)
		if n > 0 {
			c.input(buf[:n])
		}
		if err != nil {
			c.end(err)
			return
		}
	}
}

// end records why the connection ended and wakes the waiters.
func (c *Client) end(err error) {
	c.mu.Lock()
	if c.closed {
		err = device.ErrClosed
	}
	c.readErr = fmt.Errorf("read rfc2217://%s: %w", c.addr, err)
	c.changedLocked()
	c.mu.Unlock()
	signal(c.readable)
}

// waitRoom waits while the read buffer is full; false means the client
// closed.
func (c *Client) waitRoom() bool {
	for {
		c.mu.Lock()
		full := c.in.Len() >= c.max
		c.mu.Unlock()
		if !full {
			return true
		}
		select {
		case <-c.room:
		case <-c.closing:
			return false
		}
	}
}

// input decodes bytes from the server.
func (c *Client) input(p []byte) {
	out := c.readerOut[:0]
	gotData := false
	c.mu.Lock()
	c.dec.Decode(p, func(it Item) {
		switch it.Kind {
		case KindData:
			c.in.Write(it.Data)
			gotData = true
		case KindOption:
			out, _ = c.neg.receive(out, it.Command, it.Option)
			c.changedLocked() // a refusal changes no option but ends a wait
		case KindSubnegotiation:
			if it.Option == optComPort && len(it.Data) > 0 {
				c.answerLocked(it.Data[0], it.Data[1:])
			}
		}
	})
	if gotData && !c.suspended && c.in.Len() >= c.high {
		c.suspended = true
		out = appendSub(out, optComPort, comFlowSuspend)
	}
	c.mu.Unlock()
	c.readerOut = out
	if gotData {
		signal(c.readable)
	}
	if len(out) > 0 {
		if err := c.writeRaw(out); err != nil {
			c.log.Debug("rfc2217: answering the server failed", "err", err)
		}
	}
}

// answerLocked handles a COM-PORT-OPTION subnegotiation from the server;
// c.mu is held.
func (c *Client) answerLocked(code byte, v []byte) {
	switch code {
	case comNotifyModem + serverOffset:
		if len(v) > 0 {
			m := modemFromBits(v[0])
			if c.modem == nil || *c.modem != m {
				signal(c.modemCh)
			}
			c.modem = &m
			c.changedLocked()
		}
		return
	case comNotifyLine + serverOffset:
		if len(v) > 0 && v[0]&0x1e != 0 {
			c.log.Info("rfc2217: the server reports a line error", "linestate", v[0])
		}
		return
	case comSignature + serverOffset:
		c.log.Debug("rfc2217: server signature", "signature", string(v))
		return
	case comFlowSuspend + serverOffset, comFlowResume + serverOffset:
		// The server asks us to hold our data; writes are not held (see
		// the package documentation).
		c.log.Debug("rfc2217: ignored flow control from the server", "command", commandName(code))
		return
	}
	r := c.waiting[code]
	if r == nil || r.answer != nil || !r.accept(v) {
		c.log.Debug("rfc2217: unexpected answer ignored", "command", commandName(code), "value", v)
		return
	}
	r.answer = append([]byte(nil), v...)
	c.changedLocked()
}
