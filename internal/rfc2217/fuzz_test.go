package rfc2217

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// FuzzDecoder checks the decoder on any input cut anywhere: it never
// panics, what it emits is bounded by its input and its limit, the cut does
// not change the items, and data escaped with AppendEscaped decodes back to
// itself whatever surrounds it.
func FuzzDecoder(f *testing.F) {
	f.Add(sampleStream, uint16(5))
	f.Add([]byte{255, cmdSB, 44, 255, 255, 255, cmdSE, 255}, uint16(3))
	f.Add(bytes.Repeat([]byte{255}, 9), uint16(4))
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		const limit = 64
		split := int(cut) % (len(in) + 1)

		d := Decoder{MaxSubnegotiation: limit}
		var dataBytes int
		for _, chunk := range [][]byte{in[:split], in[split:]} {
			d.Decode(chunk, func(it Item) {
				switch it.Kind {
				case KindData:
					if len(it.Data) == 0 {
						t.Fatal("empty data item")
					}
					dataBytes += len(it.Data)
				case KindSubnegotiation:
					if len(it.Data)+1 > limit {
						t.Fatalf("subnegotiation of %d bytes over the limit of %d", len(it.Data)+1, limit)
					}
				}
			})
		}
		if dataBytes > len(in) {
			t.Fatalf("%d data bytes out of %d input bytes", dataBytes, len(in))
		}
		if cap(d.sub) > 2*limit {
			t.Fatalf("decoder holds %d bytes", cap(d.sub))
		}
		whole := decodeAll(&Decoder{MaxSubnegotiation: limit}, in)
		if got, want := fmt.Sprint(decodeAll(&Decoder{MaxSubnegotiation: limit}, in[:split], in[split:])), fmt.Sprint(whole); got != want {
			t.Fatalf("cut at %d changes the items:\n got %s\nwant %s", split, got, want)
		}

		// Round trip: the input as data, escaped, between two commands.
		enc := appendOption(nil, cmdWILL, optBinary)
		enc = AppendEscaped(enc, in)
		enc = appendSub(enc, optComPort, in...)
		var back []byte
		var subs [][]byte
		rd := Decoder{MaxSubnegotiation: len(in) + 2}
		for _, chunk := range [][]byte{enc[:min(split, len(enc))], enc[min(split, len(enc)):]} {
			rd.Decode(chunk, func(it Item) {
				switch it.Kind {
				case KindData:
					back = append(back, it.Data...)
				case KindSubnegotiation:
					subs = append(subs, append([]byte{it.Option}, it.Data...))
				}
			})
		}
		if !bytes.Equal(back, in) {
			t.Fatalf("escaped data decodes to %x, want %x", back, in)
		}
		if len(subs) != 1 || !bytes.Equal(subs[0], append([]byte{optComPort}, in...)) {
			t.Fatalf("subnegotiation decodes to %x, want %x", subs, in)
		}
	})
}

// recordConn is a net.Conn that records what is written to it.
type recordConn struct {
	net.Conn // nil: methods not defined here panic
	out      bytes.Buffer
}

func (c *recordConn) Write(p []byte) (int, error)      { return c.out.Write(p) }
func (c *recordConn) SetWriteDeadline(time.Time) error { return nil }
func (c *recordConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }
func (c *recordConn) Close() error                     { return nil }

// FuzzServerInput feeds a session any input from a client, cut anywhere.
// The session must not panic, must pass the client's data to the device
// exactly as the decoder reads it, keep the port's settings valid and its
// own buffers bounded, and send only server codes and no more option
// answers than it got options.
func FuzzServerInput(f *testing.F) {
	f.Add(sampleStream, uint16(7))
	f.Add(appendSub(appendOption(nil, cmdWILL, optComPort), optComPort, comSetBaud, 0, 0, 0x25, 0x80), uint16(4))
	f.Add(append(appendSub(nil, optComPort, comFlowSuspend), appendSub([]byte("data\xff\xff"), optComPort, comPurgeData, purgeBoth)...), uint16(3))
	f.Fuzz(func(t *testing.T, in []byte, cut uint16) {
		split := int(cut) % (len(in) + 1)
		port := newFakePort()
		port.modem = &device.Modem{DSR: true}
		port.fixed = cut%2 == 0
		conn := &recordConn{}
		srv := &Server{SuspendBuffer: 16, MaxSubnegotiation: 32}
		s := srv.newSession(conn, port)
		ctx := context.Background()
		for _, chunk := range [][]byte{in[:split], in[split:]} {
			if err := s.input(ctx, chunk); err != nil {
				t.Fatalf("input: %v", err)
			}
			// Device data sent to a suspended client is held, within bounds.
			if err := s.sendData(in); err != nil {
				t.Fatal(err)
			}
			if len(s.pending) > 16 {
				t.Fatalf("%d bytes held for a suspend buffer of 16", len(s.pending))
			}
		}
		if err := port.Settings().Validate(); err != nil {
			t.Fatalf("port settings became invalid: %v", err)
		}
		if cap(s.dec.sub) > 64 {
			t.Fatalf("decoder holds %d bytes", cap(s.dec.sub))
		}

		var want []byte
		options := 0
		(&Decoder{MaxSubnegotiation: 32}).Decode(in, func(it Item) {
			switch it.Kind {
			case KindData:
				want = append(want, it.Data...)
			case KindOption:
				options++
			}
		})
		if !bytes.Equal(port.written, want) {
			t.Fatalf("device got %x, want %x", port.written, want)
		}

		answers := 0
		(&Decoder{}).Decode(conn.out.Bytes(), func(it Item) {
			switch it.Kind {
			case KindOption:
				answers++
			case KindSubnegotiation:
				if it.Option != optComPort || len(it.Data) == 0 || it.Data[0] < serverOffset {
					t.Fatalf("server sent subnegotiation %d %x", it.Option, it.Data)
				}
			}
		})
		if answers > options {
			t.Fatalf("server sent %d option answers to %d options", answers, options)
		}
	})
}
