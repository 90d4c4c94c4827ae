//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/rfc2217"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// Telnet and RFC 2217 codes, as a client that is not ours sends them.
const (
	telnetIAC     = 255
	telnetSB      = 250
	telnetSE      = 240
	optComPort    = 44
	comSetBaud    = 1
	comSetData    = 2
	comSetParity  = 3
	comSetStop    = 4
	comSetControl = 5
	serverOffset  = 100
	parityNone    = 1
	parityEven    = 3
	ctlBreakOn    = 5
	ctlBreakOff   = 6
	ctlDTROn      = 8
	ctlDTROff     = 9
	ctlRTSOn      = 11
	ctlRTSOff     = 12
)

// rfc2217Peer is a raw socket speaking RFC 2217 by hand: no negotiation,
// commands and their answers only.
type rfc2217Peer struct {
	t       *testing.T
	ctx     context.Context
	conn    net.Conn
	dec     rfc2217.Decoder
	answers []rfc2217.Item // COM-PORT-OPTION subnegotiations received, not yet taken
}

func dialRFC2217(ctx context.Context, t *testing.T, addr string) *rfc2217Peer {
	t.Helper()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rfc2217Peer{t: t, ctx: ctx, conn: conn}
}

// command sends COM-PORT-OPTION command cmd with value and returns the
// value of the server's answer.
func (p *rfc2217Peer) command(cmd byte, value ...byte) []byte {
	p.t.Helper()
	msg := []byte{telnetIAC, telnetSB, optComPort, cmd}
	msg = append(rfc2217.AppendEscaped(msg, value), telnetIAC, telnetSE)
	if _, err := p.conn.Write(msg); err != nil {
		p.t.Fatal(err)
	}
	stop := context.AfterFunc(p.ctx, func() { p.conn.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, 4096)
	for {
		for len(p.answers) > 0 {
			it := p.answers[0]
			p.answers = p.answers[1:]
			if it.Data[0] == cmd+serverOffset {
				return it.Data[1:]
			}
		}
		n, err := p.conn.Read(buf)
		p.dec.Decode(buf[:n], func(it rfc2217.Item) {
			if it.Kind == rfc2217.KindSubnegotiation && it.Option == optComPort && len(it.Data) > 0 {
				p.answers = append(p.answers, rfc2217.Item{Kind: it.Kind, Option: it.Option, Data: bytes.Clone(it.Data)})
			}
		})
		if err != nil {
			p.t.Fatalf("waiting for the answer to RFC 2217 command %d: %v", cmd, err)
		}
	}
}

// getPort reads a port object through the REST API.
func getPort(ctx context.Context, t *testing.T, addr, name string) protocol.Port {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/api/ports/"+name, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p protocol.Port
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/ports/%s: %s, %v", name, resp.Status, err)
	}
	return p
}

// Issue 11, item 3: while a WebSocket client holds an exclusive port's
// write lock, an RFC 2217 client changes neither the settings, nor DTR
// and RTS, nor sends a break, and every answer carries the value in
// effect.
func TestRFC2217ObeysTheWriteLock(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	pty := openPTY(t)
	tcpReady := make(chan net.Addr, 1)
	srv := serve(t, []string{"--rfc2217", "dev=127.0.0.1:0", "dev=" + pty.Path + ",exclusive=true"}, func(c *serveCommand) {
		c.TCPReady = tcpReady
	})
	rfcAddr := (<-tcpReady).String()

	alice, err := serialtest.Dial(ctx, "ws://"+srv.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Conn.CloseNow()
	if _, err := alice.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	if err := alice.Control(ctx, `{"type":"lock","id":1}`); err != nil {
		t.Fatal(err)
	}
	for {
		f, err := alice.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Event.Type == protocol.TypeOK {
			break
		}
		if f.Event.Type == protocol.TypeError {
			t.Fatalf("lock: %s", f.Event.Raw)
		}
	}
	before, err := pty.Line()
	if err != nil {
		t.Fatal(err)
	}
	port := getPort(ctx, t, srv.addr, "dev")

	peer := dialRFC2217(ctx, t, rfcAddr)
	for _, step := range []struct {
		name       string
		cmd        byte
		send, want []byte
	}{
		{"300 baud", comSetBaud, binary.BigEndian.AppendUint32(nil, 300), binary.BigEndian.AppendUint32(nil, uint32(port.Settings.Baud))},
		{"7 data bits", comSetData, []byte{7}, []byte{byte(port.Settings.DataBits)}},
		{"even parity", comSetParity, []byte{parityEven}, []byte{parityNone}},
		{"2 stop bits", comSetStop, []byte{2}, []byte{1}},
		{"DTR off", comSetControl, []byte{ctlDTROff}, []byte{ctlDTROn}},
		{"RTS off", comSetControl, []byte{ctlRTSOff}, []byte{ctlRTSOn}},
		{"BREAK on", comSetControl, []byte{ctlBreakOn}, []byte{ctlBreakOff}},
	} {
		if got := peer.command(step.cmd, step.send...); !bytes.Equal(got, step.want) {
			t.Errorf("%s while alice holds the lock: answer %x, want the value in effect %x", step.name, got, step.want)
		}
	}

	after, err := pty.Line()
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("the device's line went from %+v to %+v while alice held the lock", before, after)
	}
	now := getPort(ctx, t, srv.addr, "dev")
	if now.Settings != port.Settings || now.Lines != port.Lines || !now.Lines.DTR || !now.Lines.RTS {
		t.Errorf("the port went from %+v %+v to %+v %+v while alice held the lock", port.Settings, port.Lines, now.Settings, now.Lines)
	}
}
