package rfc2217

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// rawPeer is a hand-driven Telnet client: the tests see every byte the
// server sends.
type rawPeer struct {
	t     *testing.T
	conn  net.Conn
	dec   Decoder
	items []Item   // decoded, not yet taken
	data  []byte   // data received, not yet taken
	modem [][]byte // NOTIFY-MODEMSTATE values openComPort got
}

func dialRaw(t *testing.T, addr string) *rawPeer {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawPeer{t: t, conn: conn}
}

func (r *rawPeer) send(b ...byte) {
	r.t.Helper()
	if _, err := r.conn.Write(b); err != nil {
		r.t.Fatalf("send: %v", err)
	}
}

// command sends a COM-PORT-OPTION command.
func (r *rawPeer) command(cmd byte, v ...byte) {
	r.t.Helper()
	r.send(appendSub(nil, optComPort, append([]byte{cmd}, v...)...)...)
}

// read reads more from the server and decodes it.
func (r *rawPeer) read() {
	r.t.Helper()
	buf := make([]byte, 4096)
	r.conn.SetReadDeadline(time.Now().Add(testTimeout))
	n, err := r.conn.Read(buf)
	if err != nil {
		r.t.Fatalf("read from the server: %v (items %v, data %q)", err, r.items, r.data)
	}
	r.dec.Decode(buf[:n], func(it Item) {
		if it.Kind == KindData {
			r.data = append(r.data, it.Data...)
			return
		}
		it.Data = append([]byte(nil), it.Data...)
		r.items = append(r.items, it)
	})
}

// next returns the next item other than data.
func (r *rawPeer) next() Item {
	r.t.Helper()
	for len(r.items) == 0 {
		r.read()
	}
	it := r.items[0]
	r.items = r.items[1:]
	return it
}

// answer returns the value of the next COM-PORT-OPTION subnegotiation,
// which must be code; option negotiations before it are skipped.
func (r *rawPeer) answer(code byte) []byte {
	r.t.Helper()
	for {
		it := r.next()
		if it.Kind == KindOption {
			continue
		}
		if it.Kind != KindSubnegotiation || it.Option != optComPort || len(it.Data) == 0 {
			r.t.Fatalf("got %v, want %s (%d)", it, commandName(code), code)
		}
		if it.Data[0] != code {
			r.t.Fatalf("got %s %x, want %s", commandName(it.Data[0]), it.Data[1:], commandName(code))
		}
		return it.Data[1:]
	}
}

// readData reads until n data bytes have come and returns them.
func (r *rawPeer) readData(n int) []byte {
	r.t.Helper()
	for len(r.data) < n {
		r.read()
	}
	d := r.data[:n]
	r.data = r.data[n:]
	return d
}

// openComPort agrees to COM-PORT-OPTION and BINARY as pyserial does, and
// returns once the server has answered everything so far.
func (r *rawPeer) openComPort() {
	r.t.Helper()
	r.send(cmdIAC, cmdWILL, optComPort, cmdIAC, cmdDO, optBinary, cmdIAC, cmdWILL, optBinary)
	r.command(comSignature)
	for {
		it := r.next()
		if it.Kind != KindSubnegotiation || it.Option != optComPort || len(it.Data) == 0 {
			continue
		}
		switch it.Data[0] {
		case comSignature + serverOffset:
			return
		case comNotifyModem + serverOffset:
			r.modem = append(r.modem, it.Data[1:])
		default:
			r.t.Fatalf("unexpected %s %x", commandName(it.Data[0]), it.Data[1:])
		}
	}
}

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// TestServerCommands sends each COM-PORT-OPTION command to a session and
// checks the answer and what the port saw. The port is like a pty: data
// bits and parity cannot change and it has no modem lines.
func TestServerCommands(t *testing.T) {
	tests := []struct {
		name  string
		cmd   byte
		value []byte
		want  []byte   // the answer's value; nil: no answer expected
		calls []string // what the port saw
		check func(t *testing.T, p *fakePort)
	}{
		{"set baud", comSetBaud, be32(9600), be32(9600), []string{"settings 9600 8N1"}, func(t *testing.T, p *fakePort) {
			if p.settings.Baud != 9600 {
				t.Errorf("baud %d, want 9600", p.settings.Baud)
			}
		}},
		{"query baud", comSetBaud, be32(0), be32(115200), nil, nil},
		{"invalid baud keeps the current one", comSetBaud, be32(200_000_000), be32(115200), nil, nil},
		{"refused data size answers the size in effect", comSetDataSize, []byte{7}, []byte{8}, []string{"refused 115200 7N1"}, nil},
		{"query data size", comSetDataSize, []byte{0}, []byte{8}, nil, nil},
		{"refused parity", comSetParity, []byte{3}, []byte{1}, []string{"refused 115200 8E1"}, nil},
		{"unknown parity", comSetParity, []byte{9}, []byte{1}, nil, nil},
		{"stop bits 2", comSetStopSize, []byte{2}, []byte{2}, []string{"settings 115200 8N2"}, nil},
		{"stop bits 1.5", comSetStopSize, []byte{3}, []byte{3}, []string{"settings 115200 8N1.5"}, nil},
		{"query stop bits", comSetStopSize, []byte{0}, []byte{1}, nil, nil},
		{"flow hardware", comSetControl, []byte{ctlFlowHardware}, []byte{ctlFlowHardware}, []string{"settings 115200 8N1 rtscts"}, nil},
		{"flow XON/XOFF inbound", comSetControl, []byte{ctlInXONXOFF}, []byte{ctlInXONXOFF}, []string{"settings 115200 8N1 xonxoff"}, nil},
		{"query flow", comSetControl, []byte{ctlFlowRequest}, []byte{ctlFlowNone}, nil, nil},
		{"query inbound flow", comSetControl, []byte{ctlInRequest}, []byte{ctlInNone}, nil, nil},
		{"unsupported DSR flow answers the flow in effect", comSetControl, []byte{ctlFlowDSR}, []byte{ctlFlowNone}, nil, nil},
		{"DTR off without modem lines is acknowledged", comSetControl, []byte{ctlDTROff}, []byte{ctlDTROff}, []string{"dtr false"}, nil},
		{"RTS off without modem lines is acknowledged", comSetControl, []byte{ctlRTSOff}, []byte{ctlRTSOff}, []string{"rts false"}, nil},
		{"query DTR", comSetControl, []byte{ctlDTRRequest}, []byte{ctlDTROn}, nil, nil},
		{"break on", comSetControl, []byte{ctlBreakOn}, []byte{ctlBreakOn}, []string{"break true"}, nil},
		{"query break", comSetControl, []byte{ctlBreakRequest}, []byte{ctlBreakOff}, nil, nil},
		{"signature", comSignature, nil, []byte("test server"), nil, nil},
		{"client signature gets no answer", comSignature, []byte("client"), nil, nil, nil},
		{"line state mask", comSetLineMask, []byte{0xff}, []byte{0xff}, nil, nil},
		{"modem state mask", comSetModemMask, []byte{0x30}, []byte{0x30}, nil, nil},
		{"poll of line state", comNotifyLine, nil, []byte{0}, nil, nil},
		{"poll of modem state without modem lines", comNotifyModem, nil, []byte{0}, nil, nil},
		{"purge both", comPurgeData, []byte{purgeBoth}, []byte{purgeBoth}, nil, nil},
		{"unknown purge", comPurgeData, []byte{7}, nil, nil, nil},
		{"unknown SET-CONTROL value", comSetControl, []byte{99}, nil, nil, nil},
		{"unknown command", 42, []byte{1}, nil, nil, nil},
		{"truncated SET-BAUDRATE", comSetBaud, []byte{1, 2}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := newFakePort()
			port.fixed, port.noLines = true, true
			ts := startServer(t, port, &Server{Signature: "test server"})
			r := dialRaw(t, ts.addr)
			r.openComPort()

			r.command(tt.cmd, tt.value...)
			// A signature request after the command is answered after it:
			// its answer proves the command got none when none is due.
			r.command(comSignature)
			if tt.want != nil {
				if got := r.answer(tt.cmd + serverOffset); !bytes.Equal(got, tt.want) {
					t.Errorf("answer %x, want %x", got, tt.want)
				}
			}
			r.answer(comSignature + serverOffset)
			port.mu.Lock()
			defer port.mu.Unlock()
			if !slices.Equal(port.calls, tt.calls) {
				t.Errorf("port calls %q, want %q", port.calls, tt.calls)
			}
			if tt.check != nil {
				tt.check(t, port)
			}
		})
	}
}

// TestServerControlState checks that the answers to requests follow what
// the client set, and what a LinesReporter says.
func TestServerControlState(t *testing.T) {
	port := newFakePort()
	port.noLines = true
	ts := startServer(t, port, &Server{})
	r := dialRaw(t, ts.addr)
	r.openComPort()
	for _, step := range []struct{ send, want byte }{
		{ctlDTROff, ctlDTROff}, {ctlDTRRequest, ctlDTROff},
		{ctlRTSOff, ctlRTSOff}, {ctlRTSRequest, ctlRTSOff},
		{ctlRTSOn, ctlRTSOn}, {ctlRTSRequest, ctlRTSOn},
		{ctlBreakOn, ctlBreakOn}, {ctlBreakRequest, ctlBreakOn},
		{ctlBreakOff, ctlBreakOff}, {ctlBreakRequest, ctlBreakOff},
		{ctlFlowXONXOFF, ctlFlowXONXOFF}, {ctlFlowRequest, ctlFlowXONXOFF}, {ctlInRequest, ctlInXONXOFF},
	} {
		r.command(comSetControl, step.send)
		if got := r.answer(comSetControl + serverOffset); len(got) != 1 || got[0] != step.want {
			t.Errorf("SET-CONTROL %s: answer %x, want %s", controlName(step.send), got, controlName(step.want))
		}
	}

	lp := &linesPort{fakePort: newFakePort(), lines: device.Lines{DTR: false, RTS: true}}
	ts = startServer(t, lp, &Server{})
	r = dialRaw(t, ts.addr)
	r.openComPort()
	r.command(comSetControl, ctlDTRRequest)
	if got := r.answer(comSetControl + serverOffset); got[0] != ctlDTROff {
		t.Errorf("DTR request with a LinesReporter: answer %s, want DTR off", controlName(got[0]))
	}
}

// TestServerRefusedControls: a port that refuses a client's controls (as a
// hub port does while another client holds its write lock) changes
// nothing, and every answer carries the value in effect, not the one
// asked for.
func TestServerRefusedControls(t *testing.T) {
	port := newFakePort()
	port.refuse = errors.New("another client holds the port's write lock")
	ts := startServer(t, port, &Server{})
	r := dialRaw(t, ts.addr)
	r.openComPort()
	for _, step := range []struct {
		cmd        byte
		send, want []byte
	}{
		{comSetBaud, be32(300), be32(115200)},
		{comSetDataSize, []byte{7}, []byte{8}},
		{comSetParity, []byte{3}, []byte{1}},
		{comSetStopSize, []byte{2}, []byte{1}},
		{comSetControl, []byte{ctlFlowHardware}, []byte{ctlFlowNone}},
		{comSetControl, []byte{ctlDTROff}, []byte{ctlDTROn}},
		{comSetControl, []byte{ctlRTSOff}, []byte{ctlRTSOn}},
		{comSetControl, []byte{ctlBreakOn}, []byte{ctlBreakOff}},
		{comSetControl, []byte{ctlBreakRequest}, []byte{ctlBreakOff}},
		{comSetControl, []byte{ctlDTRRequest}, []byte{ctlDTROn}},
	} {
		r.command(step.cmd, step.send...)
		if got := r.answer(step.cmd + serverOffset); !bytes.Equal(got, step.want) {
			t.Errorf("command %s %x: answer %x, want the value in effect %x", commandName(step.cmd), step.send, got, step.want)
		}
	}
	port.mu.Lock()
	defer port.mu.Unlock()
	if port.settings != device.DefaultSettings || port.lines != device.DefaultLines || port.brk {
		t.Errorf("the port changed: %v, %+v, break %v", port.settings, port.lines, port.brk)
	}
}

type linesPort struct {
	*fakePort
	lines device.Lines
}

func (p *linesPort) Lines() device.Lines { return p.lines }

// TestServerNegotiation checks the server's opening and its answers: it
// refuses what it does not support, and never answers an answer.
func TestServerNegotiation(t *testing.T) {
	port := newFakePort()
	ts := startServer(t, port, &Server{})
	r := dialRaw(t, ts.addr)
	var opening []Item
	for len(opening) < 5 {
		opening = append(opening, r.next())
	}
	want := []Item{
		{Kind: KindOption, Command: cmdWILL, Option: optBinary},
		{Kind: KindOption, Command: cmdDO, Option: optBinary},
		{Kind: KindOption, Command: cmdWILL, Option: optSGA},
		{Kind: KindOption, Command: cmdDO, Option: optSGA},
		{Kind: KindOption, Command: cmdDO, Option: optComPort},
	}
	if fmt.Sprint(opening) != fmt.Sprint(want) {
		t.Fatalf("opening %v, want %v", opening, want)
	}
	steps := []struct {
		name       string
		send, want []byte
	}{
		{"refuses ECHO", []byte{cmdIAC, cmdDO, optEcho}, []byte{cmdIAC, cmdWONT, optEcho}},
		{"refuses the client's ECHO", []byte{cmdIAC, cmdWILL, optEcho}, []byte{cmdIAC, cmdDONT, optEcho}},
		{"refuses an unknown option", []byte{cmdIAC, cmdWILL, 24}, []byte{cmdIAC, cmdDONT, 24}},
		{"answers nothing to an answer", []byte{cmdIAC, cmdWILL, optBinary, cmdIAC, cmdDO, optBinary}, nil},
		{"answers nothing to a repeated WILL", []byte{cmdIAC, cmdWILL, optBinary, cmdIAC, cmdWILL, optBinary}, nil},
		{"accepts COM-PORT-OPTION both ways", []byte{cmdIAC, cmdWILL, optComPort, cmdIAC, cmdDO, optComPort}, []byte{cmdIAC, cmdWILL, optComPort}},
		{"agrees to turn BINARY off", []byte{cmdIAC, cmdWONT, optBinary}, []byte{cmdIAC, cmdDONT, optBinary}},
		{"ignores a WONT for what is off", []byte{cmdIAC, cmdWONT, optBinary, cmdIAC, cmdDONT, optEcho}, nil},
		{"ignores NOP, AYT and BRK", []byte{cmdIAC, cmdNOP, cmdIAC, cmdAYT, cmdIAC, cmdBRK}, nil},
	}
	for _, step := range steps {
		r.send(step.send...)
		r.command(comSignature)
		var got []byte
		for {
			it := r.next()
			if it.Kind == KindSubnegotiation {
				break
			}
			got = appendOption(got, it.Command, it.Option)
		}
		if !bytes.Equal(got, step.want) {
			t.Errorf("%s: server sent %x, want %x", step.name, got, step.want)
		}
	}
	if len(r.data) != 0 {
		t.Errorf("server sent data %q", r.data)
	}
}

// TestServerData checks data both ways, escaped, and that the client's
// data reaches the device before a command sent after it.
func TestServerData(t *testing.T) {
	port := newFakePort()
	ts := startServer(t, port, &Server{})
	r := dialRaw(t, ts.addr)
	r.openComPort()

	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	r.send(AppendEscaped(nil, all)...)
	r.command(comSetBaud, be32(300)...)
	r.answer(comSetBaud + serverOffset)
	port.mu.Lock()
	written, calls := port.written, port.calls
	port.mu.Unlock()
	if !bytes.Equal(written, all) {
		t.Errorf("device got %x, want %x", written, all)
	}
	if !slices.Equal(calls, []string{"settings 300 8N1"}) {
		t.Errorf("calls %q", calls)
	}

	port.publish(Event{Data: all})
	port.publish(Event{Data: []byte{255}, Missed: 3})
	if got := r.readData(257); !bytes.Equal(got, append(all, 255)) {
		t.Errorf("client got %x, want %x", got, all)
	}
}

// TestServerModemState checks NOTIFY-MODEMSTATE: the state when the client
// agrees to the option, each change the mask selects, and polls.
func TestServerModemState(t *testing.T) {
	port := newFakePort()
	port.modem = &device.Modem{DSR: true}
	ts := startServer(t, port, &Server{})
	r := dialRaw(t, ts.addr)
	r.openComPort()
	if len(r.modem) != 1 || !bytes.Equal(r.modem[0], []byte{modemDSR}) {
		t.Fatalf("notifications on opening %x, want one of DSR %x", r.modem, modemDSR)
	}

	port.setModem(device.Modem{DSR: true, CTS: true})
	if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{modemDSR | modemCTS | modemCTSDelta}) {
		t.Errorf("CTS on: %x, want %x", got, modemDSR|modemCTS|modemCTSDelta)
	}
	port.setModem(device.Modem{DSR: true, CTS: true, RI: true})
	if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{modemDSR | modemCTS | modemRI}) {
		t.Errorf("RI on: %x, want no delta (trailing edge only)", got)
	}
	port.setModem(device.Modem{DSR: true, CTS: true})
	if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{modemDSR | modemCTS | modemRIEdge}) {
		t.Errorf("RI off: %x, want %x", got, modemDSR|modemCTS|modemRIEdge)
	}

	// With a mask of DCD only, a CTS change is not notified; the poll after
	// it is answered with the masked state.
	r.command(comSetModemMask, modemDCD|modemDCDDelta)
	r.answer(comSetModemMask + serverOffset)
	port.setModem(device.Modem{DSR: true})
	r.command(comNotifyModem)
	if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{0}) {
		t.Errorf("poll with a DCD mask: %x, want 0", got)
	}
	port.setModem(device.Modem{DSR: true, DCD: true})
	if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{modemDCD | modemDCDDelta}) {
		t.Errorf("DCD on: %x, want %x", got, modemDCD|modemDCDDelta)
	}
}

// TestServerSuspend checks FLOWCONTROL-SUSPEND and -RESUME: device data is
// held, up to the buffer's size, while answers still go out, and PURGE-DATA
// drops what is held.
func TestServerSuspend(t *testing.T) {
	port := newFakePort()
	ts := startServer(t, port, &Server{SuspendBuffer: 8})
	r := dialRaw(t, ts.addr)
	r.openComPort()

	r.command(comFlowSuspend)
	r.command(comSignature) // the suspend is in effect once this is answered
	r.answer(comSignature + serverOffset)
	port.publish(Event{Data: []byte("0123456789")})
	port.publish(Event{Data: []byte("abc")})
	// The events are handled in order: once the modem notification they
	// precede has come, the data has been held, not sent.
	port.setModem(device.Modem{CTS: true})
	r.answer(comNotifyModem + serverOffset)
	if len(r.data) != 0 {
		t.Fatalf("data %q sent while suspended", r.data)
	}
	r.command(comFlowResume)
	if got := r.readData(8); string(got) != "01234567" {
		t.Errorf("after resume got %q, want the first 8 bytes", got)
	}
	if got := port.pausedBytes(); got != 5 {
		t.Errorf("the port was told of %d bytes lost while paused, want 5", got)
	}

	r.command(comFlowSuspend)
	r.command(comSignature)
	r.answer(comSignature + serverOffset)
	port.publish(Event{Data: []byte("lost")})
	port.setModem(device.Modem{})
	r.answer(comNotifyModem + serverOffset)
	r.command(comPurgeData, purgeReceive)
	r.answer(comPurgeData + serverOffset)
	r.command(comFlowResume)
	port.publish(Event{Data: []byte("new")})
	if got := r.readData(3); string(got) != "new" {
		t.Errorf("after purge and resume got %q, want %q", got, "new")
	}
}

// TestServeEnds checks how a session ends: the client hanging up, ctx
// ending, the port's stream ending, and a port that cannot be subscribed
// to. Each time the session lets go of its stream.
func TestServeEnds(t *testing.T) {
	t.Run("client hangs up", func(t *testing.T) {
		port := newFakePort()
		ts := startServer(t, port, &Server{})
		r := dialRaw(t, ts.addr)
		r.openComPort()
		r.conn.Close()
		if err := ts.sessionResult(t); err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
		port.waitFor(t, "the stream to close", func(p *fakePort) bool { return len(p.streams) == 0 })
	})
	t.Run("stream ends", func(t *testing.T) {
		port := newFakePort()
		ts := startServer(t, port, &Server{})
		r := dialRaw(t, ts.addr)
		r.openComPort()
		port.closeStreams()
		if err := ts.sessionResult(t); err == nil || !strings.Contains(err.Error(), "stream closed") {
			t.Errorf("Serve = %v, want the stream's error", err)
		}
		r.conn.SetReadDeadline(time.Now().Add(testTimeout))
		if _, err := r.conn.Read(make([]byte, 1)); err == nil {
			t.Error("connection still open after the session ended")
		}
	})
	t.Run("ctx ends", func(t *testing.T) {
		port := newFakePort()
		server, client := net.Pipe()
		defer client.Close()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- Serve(ctx, server, port) }()
		port.waitFor(t, "the session to subscribe", func(p *fakePort) bool { return len(p.streams) == 1 })
		cancel()
		go drain(client)
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Serve = %v, want context.Canceled", err)
		}
		if port.subscribers() != 0 {
			t.Error("stream still open")
		}
	})
	t.Run("subscribe fails", func(t *testing.T) {
		port := newFakePort()
		port.subErr = errors.New("port closed")
		server, client := net.Pipe()
		defer client.Close()
		if err := Serve(context.Background(), server, port); err == nil || !strings.Contains(err.Error(), "port closed") {
			t.Errorf("Serve = %v, want the subscribe error", err)
		}
		if _, err := client.Read(make([]byte, 1)); err == nil {
			t.Error("connection still open")
		}
	})
}

// drain reads c until it fails.
func drain(c net.Conn) {
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

// TestServerModemStateWithoutWill covers pyserial's race: when the
// server's DO COM-PORT-OPTION reaches pyserial before it sends its WILL, it
// takes the DO for the answer and never sends the WILL. Its DO, or its
// first command, must still start the modem notifications.
func TestServerModemStateWithoutWill(t *testing.T) {
	for _, opening := range [][]byte{
		{cmdIAC, cmdDO, optComPort},
		appendSub(nil, optComPort, comSetDataSize, 0),
	} {
		port := newFakePort()
		port.modem = &device.Modem{CTS: true}
		ts := startServer(t, port, &Server{})
		r := dialRaw(t, ts.addr)
		r.send(opening...)
		if got := r.answer(comNotifyModem + serverOffset); !bytes.Equal(got, []byte{modemCTS}) {
			t.Errorf("after %x: notification %x, want CTS", opening, got)
		}
	}
}
