package rfc2217

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

var (
	_ device.Device     = (*Client)(nil)
	_ device.Controller = (*Client)(nil)
)

func dialTest(t *testing.T, d *Dialer, addr string, s device.Settings) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c, err := d.Dial(ctx, addr, s)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitClient waits until cond, called with c.mu held, is true.
func waitClient(t *testing.T, c *Client, what string, cond func() bool) {
	t.Helper()
	timer := time.NewTimer(testTimeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		ok, ch := cond(), c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// readFull reads n bytes from c.
func readFull(t *testing.T, c io.Reader, n int) []byte {
	t.Helper()
	buf := make([]byte, n)
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("read: %v", err)
	}
	return buf
}

// TestClientServer runs the Client against this package's server on a
// loopback port: settings, lines, break, modem state and every byte value.
func TestClientServer(t *testing.T) {
	port := newFakePort()
	port.echo = true
	port.modem = &device.Modem{DSR: true}
	ts := startServer(t, port, &Server{})
	c := dialTest(t, &Dialer{}, "rfc2217://"+ts.addr, device.Settings{Baud: 9600})

	if got := c.Settings(); got != (device.Settings{Baud: 9600}).WithDefaults() {
		t.Errorf("Settings() = %v after Dial", got)
	}
	if m, err := c.Modem(); err != nil || m != (device.Modem{DSR: true}) {
		t.Errorf("Modem() = %v, %v after Dial, want DSR", m, err)
	}

	data := append(allBytes(), 255, 255, 0, 255)
	for range 3 {
		if n, err := c.Write(data); n != len(data) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		if got := readFull(t, c, len(data)); !bytes.Equal(got, data) {
			t.Fatalf("read back %x, want %x", got, data)
		}
	}

	s := device.Settings{Baud: 57600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits2, FlowControl: device.FlowRTSCTS}
	if err := c.SetSettings(s); err != nil {
		t.Fatalf("SetSettings: %v", err)
	}
	if err := c.SetLines(device.Lines{DTR: false, RTS: true}); err != nil {
		t.Fatalf("SetLines: %v", err)
	}
	if err := c.SetBreak(true); err != nil {
		t.Fatalf("SetBreak: %v", err)
	}
	port.mu.Lock()
	if port.settings != s || port.lines != (device.Lines{DTR: false, RTS: true}) || !port.brk {
		t.Errorf("port has %v, %+v, break %v", port.settings, port.lines, port.brk)
	}
	port.mu.Unlock()
	if c.Settings() != s || c.Lines() != (device.Lines{RTS: true}) {
		t.Errorf("client reports %v, %+v", c.Settings(), c.Lines())
	}

	port.setModem(device.Modem{CTS: true, DCD: true})
	waitClient(t, c, "the modem change", func() bool { return c.modem != nil && c.modem.CTS })
	if m, _ := c.Modem(); m != (device.Modem{CTS: true, DCD: true}) {
		t.Errorf("Modem() = %+v", m)
	}

	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := ts.sessionResult(t); err != nil {
		t.Errorf("session: %v", err)
	}
}

// TestClientPtyLikeServer runs the Client against a server whose port is
// like a pty: settings it cannot take are reported and rolled back, lines
// and break are acknowledged, and there is no modem state.
func TestClientPtyLikeServer(t *testing.T) {
	port := newFakePort()
	port.fixed, port.noLines = true, true
	ts := startServer(t, port, &Server{})

	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if _, err := Dial(ctx, ts.addr, device.Settings{Parity: device.ParityEven}); !errors.Is(err, ErrRejected) || !errors.Is(err, device.ErrNotSupported) || !strings.Contains(err.Error(), `parity "none"`) {
		t.Errorf("Dial with even parity: %v, want ErrRejected naming the parity kept", err)
	}

	c := dialTest(t, &Dialer{}, ts.addr, device.Settings{Baud: 19200})
	err := c.SetSettings(device.Settings{Baud: 38400, DataBits: 7, Parity: device.ParityNone, StopBits: device.StopBits1, FlowControl: device.FlowNone})
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "data bits 8") {
		t.Errorf("SetSettings 7 data bits: %v, want ErrRejected naming the data bits kept", err)
	}
	if got := c.Settings(); got.Baud != 19200 || got.DataBits != 8 {
		t.Errorf("settings after the rejection %v, want 19200 8N1 restored", got)
	}
	if got := port.Settings(); got.Baud != 19200 {
		t.Errorf("port settings after the rejection %v, want 19200 8N1 restored", got)
	}
	if err := c.SetLines(device.Lines{}); err != nil {
		t.Errorf("SetLines: %v", err)
	}
	if err := c.SetBreak(true); err != nil {
		t.Errorf("SetBreak: %v", err)
	}
	if _, err := c.Modem(); !errors.Is(err, device.ErrNotSupported) {
		t.Errorf("Modem() error %v, want ErrNotSupported", err)
	}
}

// scriptServer is a hand-written RFC 2217 server for the client's error
// paths: it asks for COM-PORT-OPTION, answers each command with answer's
// result (none if nil) and reports the commands it gets.
type scriptServer struct {
	addr  string
	cmds  chan []byte   // each COM-PORT-OPTION command, code first
	conns chan net.Conn // each accepted connection
}

func startScript(t *testing.T, refuse bool, answer func(cmd []byte) []byte) *scriptServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ss := &scriptServer{addr: ln.Addr().String(), cmds: make(chan []byte, 1000), conns: make(chan net.Conn, 10)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			ss.conns <- conn
			wg.Go(func() { ss.serve(conn, refuse, answer) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ss
}

func (ss *scriptServer) serve(conn net.Conn, refuse bool, answer func([]byte) []byte) {
	var out []byte
	var d Decoder
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		out = out[:0]
		d.Decode(buf[:n], func(it Item) {
			switch {
			case it.Kind == KindOption && it.Option == optComPort && it.Command == cmdWILL:
				out = appendOption(out, onOff(refuse, cmdDONT, cmdDO), optComPort)
			case it.Kind == KindSubnegotiation && it.Option == optComPort && len(it.Data) > 0:
				ss.cmds <- append([]byte(nil), it.Data...)
				if a := answer(it.Data); a != nil {
					out = appendSub(out, optComPort, a...)
				}
			}
		})
		if _, err := conn.Write(out); err != nil {
			return
		}
	}
}

// echoAnswer answers every command with its own value.
func echoAnswer(cmd []byte) []byte {
	if cmd[0] >= serverOffset || cmd[0] == comFlowSuspend || cmd[0] == comFlowResume {
		return nil
	}
	return append([]byte{cmd[0] + serverOffset}, cmd[1:]...)
}

// next returns the next command the server got.
func (ss *scriptServer) next(t *testing.T) []byte {
	t.Helper()
	select {
	case c := <-ss.cmds:
		return c
	case <-time.After(testTimeout):
		t.Fatal("timed out waiting for a command")
		return nil
	}
}

// TestClientErrors checks the errors of Dial and of the Controller
// methods when the server refuses or does not answer.
func TestClientErrors(t *testing.T) {
	tests := []struct {
		name    string
		refuse  bool
		answer  func([]byte) []byte
		control func(c *Client) error // nil: the error is Dial's
		want    error
		text    string
	}{
		{"refused option", true, echoAnswer, nil, ErrRefused, "COM-PORT-OPTION"},
		{"no answer to SET-BAUDRATE", false, func(cmd []byte) []byte {
			if cmd[0] == comSetBaud {
				return nil
			}
			return echoAnswer(cmd)
		}, nil, ErrNoReply, "no answer to SET-BAUDRATE"},
		{"no answer to DTR", false, func(cmd []byte) []byte {
			if cmd[0] == comSetControl && cmd[1] == ctlDTROff {
				return nil
			}
			return echoAnswer(cmd)
		}, func(c *Client) error { return c.SetLines(device.Lines{RTS: true}) }, ErrNoReply, "SET-CONTROL (DTR off)"},
		{"wrong answer to break", false, func(cmd []byte) []byte {
			if cmd[0] == comSetControl && cmd[1] == ctlBreakOn {
				return []byte{comSetControl + serverOffset, ctlBreakOff}
			}
			return echoAnswer(cmd)
		}, func(c *Client) error { return c.SetBreak(true) }, ErrRejected, "BREAK off"},
		{"stray answers are not taken for the answer", false, func(cmd []byte) []byte {
			if cmd[0] == comSetControl && cmd[1] == ctlRTSOn {
				return []byte{comSetControl + serverOffset, ctlDTROn} // an answer to another setting
			}
			return echoAnswer(cmd)
		}, func(c *Client) error { return c.SetLines(device.Lines{DTR: true, RTS: true}) }, ErrNoReply, "SET-CONTROL (RTS on)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := startScript(t, tt.refuse, tt.answer)
			d := &Dialer{ReplyTimeout: 200 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			c, err := d.Dial(ctx, ss.addr, device.Settings{})
			if tt.control != nil {
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				defer c.Close()
				err = tt.control(c)
			} else if err == nil {
				c.Close()
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %v, want %v mentioning %q", err, tt.want, tt.text)
			}
		})
	}
}

// TestClientClose checks the device guarantees: Close wakes a blocked
// Read, which then fails with ErrClosed, as do later calls; Close is
// idempotent and safe concurrently.
func TestClientClose(t *testing.T) {
	ss := startScript(t, false, echoAnswer)
	c := dialTest(t, &Dialer{}, ss.addr, device.Settings{})
	readErr := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 10))
		readErr <- err
	}()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { c.Close() })
	}
	wg.Wait()
	if err := <-readErr; !errors.Is(err, device.ErrClosed) {
		t.Errorf("blocked Read returned %v, want ErrClosed", err)
	}
	if n, err := c.Read(make([]byte, 1)); n != 0 || !errors.Is(err, device.ErrClosed) {
		t.Errorf("Read after Close = %d, %v", n, err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, device.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
	if err := c.SetBreak(true); !errors.Is(err, device.ErrClosed) {
		t.Errorf("SetBreak after Close: %v", err)
	}
}

// TestClientServerHangsUp checks that data received before the server
// hangs up is read, then Read fails with an error other than ErrClosed.
func TestClientServerHangsUp(t *testing.T) {
	ss := startScript(t, false, echoAnswer)
	c := dialTest(t, &Dialer{}, ss.addr, device.Settings{})
	conn := <-ss.conns
	conn.Write([]byte{'a', 255, 255, 'b'})
	conn.Close()
	if got := readFull(t, c, 3); string(got) != "a\xffb" {
		t.Errorf("read %q", got)
	}
	n, err := c.Read(make([]byte, 1))
	if n != 0 || err == nil || errors.Is(err, device.ErrClosed) || !errors.Is(err, io.EOF) {
		t.Errorf("Read after the hang-up = %d, %v, want io.EOF", n, err)
	}
}

// TestClientSuspends checks the client's flow control: it suspends the
// server's flow when more than ReadBuffer bytes wait to be read, and
// resumes it once Read has taken them.
func TestClientSuspends(t *testing.T) {
	ss := startScript(t, false, echoAnswer)
	c := dialTest(t, &Dialer{ReadBuffer: 16}, ss.addr, device.Settings{})
	for range 5 { // the settings
		ss.next(t)
	}
	conn := <-ss.conns
	data := bytes.Repeat([]byte("0123456789"), 5)
	if _, err := conn.Write(data); err != nil {
		t.Fatal(err)
	}
	if got := ss.next(t); !slices.Equal(got, []byte{comFlowSuspend}) {
		t.Fatalf("client sent %x, want FLOWCONTROL-SUSPEND", got)
	}
	if got := readFull(t, c, len(data)); !bytes.Equal(got, data) {
		t.Errorf("read %q", got)
	}
	if got := ss.next(t); !slices.Equal(got, []byte{comFlowResume}) {
		t.Fatalf("client sent %x, want FLOWCONTROL-RESUME", got)
	}
}
