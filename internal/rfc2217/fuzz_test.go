package rfc2217

import (
	"bytes"
	"fmt"
	"testing"
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
