package rfc2217

import (
	"bytes"
	"fmt"
	"testing"
)

// decodeAll decodes the chunks with one decoder and returns its items with
// adjacent data runs merged (how data is cut into runs depends on chunk
// boundaries; what it says does not) and every slice copied.
func decodeAll(d *Decoder, chunks ...[]byte) []Item {
	var items []Item
	for _, c := range chunks {
		d.Decode(c, func(it Item) {
			if it.Kind == KindData && len(items) > 0 && items[len(items)-1].Kind == KindData {
				last := &items[len(items)-1]
				last.Data = append(last.Data, it.Data...)
				return
			}
			it.Data = append([]byte(nil), it.Data...)
			items = append(items, it)
		})
	}
	return items
}

func data(s string) Item { return Item{Kind: KindData, Data: []byte(s)} }
func sub(opt byte, payload ...byte) Item {
	return Item{Kind: KindSubnegotiation, Option: opt, Data: payload}
}

func TestDecoder(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want []Item
	}{
		{"plain data", []byte("hello"), []Item{data("hello")}},
		{"escaped IAC", []byte{'a', 255, 255, 'b', 255, 255}, []Item{data("a\xffb\xff")}},
		{"option", []byte{'x', 255, cmdWILL, optComPort, 'y'}, []Item{data("x"), {Kind: KindOption, Command: cmdWILL, Option: optComPort, Data: []byte{}}, data("y")}},
		{"subnegotiation with escaped IAC", []byte{255, cmdSB, 44, 1, 0, 255, 255, 0, 255, cmdSE, 'z'}, []Item{sub(44, 1, 0, 255, 0), data("z")}},
		{"empty subnegotiation payload", []byte{255, cmdSB, 44, 255, cmdSE}, []Item{sub(44)}},
		{"other commands", []byte{255, cmdNOP, 255, cmdBRK, 255, cmdAYT, 255, cmdSE}, []Item{
			{Kind: KindCommand, Command: cmdNOP, Data: []byte{}}, {Kind: KindCommand, Command: cmdBRK, Data: []byte{}},
			{Kind: KindCommand, Command: cmdAYT, Data: []byte{}}, {Kind: KindCommand, Command: cmdSE, Data: []byte{}},
		}},
		{"command cuts a subnegotiation short", []byte{255, cmdSB, 44, 1, 255, cmdDO, optBinary, 'd'}, []Item{
			{Kind: KindOption, Command: cmdDO, Option: optBinary, Data: []byte{}}, data("d"),
		}},
		{"data inside a subnegotiation is not data", []byte{255, cmdSB, 44, 'a', 'b', 255, cmdSE}, []Item{sub(44, 'a', 'b')}},
		{"CR NUL passes through", []byte{'\r', 0, '\r', '\n'}, []Item{data("\r\x00\r\n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Decoder
			got := decodeAll(&d, tt.in)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("items\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// sampleStream has every kind of item, escapes in data and in a
// subnegotiation, and an item at each end.
var sampleStream = []byte{
	255, cmdDO, optBinary, 'a', 'b', 255, 255, 'c',
	255, cmdSB, optComPort, comSetBaud, 0, 0, 255, 255, 255, cmdSE,
	'\r', 0, 255, cmdNOP, 255, 255, 255, 255,
	255, cmdSB, optComPort, comSetControl, ctlDTROn, 255, cmdSE,
	255, cmdWONT, optEcho,
}

// TestDecoderSplits decodes the sample stream cut at every place, and byte
// by byte: the items are always those of the whole stream.
func TestDecoderSplits(t *testing.T) {
	var whole Decoder
	want := fmt.Sprint(decodeAll(&whole, sampleStream))
	if len(decodeAll(&Decoder{}, sampleStream)) != 8 {
		t.Fatalf("sample decodes to %s, want 8 items", want)
	}
	for i := 0; i <= len(sampleStream); i++ {
		for j := i; j <= len(sampleStream); j++ {
			var d Decoder
			got := fmt.Sprint(decodeAll(&d, sampleStream[:i], sampleStream[i:j], sampleStream[j:]))
			if got != want {
				t.Fatalf("split at %d and %d:\n got %s\nwant %s", i, j, got, want)
			}
		}
	}
	var d Decoder
	var chunks [][]byte
	for i := range sampleStream {
		chunks = append(chunks, sampleStream[i:i+1])
	}
	if got := fmt.Sprint(decodeAll(&d, chunks...)); got != want {
		t.Fatalf("byte by byte:\n got %s\nwant %s", got, want)
	}
}

// TestDecoderBounded feeds subnegotiations longer than the limit: they are
// dropped and counted, the decoder's buffer stays bounded, and what
// follows them decodes normally.
func TestDecoderBounded(t *testing.T) {
	for _, limit := range []int{0, 16} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
			d := Decoder{MaxSubnegotiation: limit}
			max := d.max()
			long := append([]byte{255, cmdSB, optComPort}, bytes.Repeat([]byte{0, 255, 255}, 10*max)...)
			long = append(long, 255, cmdSE, 'o', 'k')
			fits := append([]byte{255, cmdSB}, bytes.Repeat([]byte{7}, max)...)
			fits = append(fits, 255, cmdSE)
			var got []Item
			for range 3 {
				got = decodeAll(&d, long, fits)
				if cap(d.sub) > 2*max {
					t.Fatalf("decoder holds %d bytes for a limit of %d", cap(d.sub), max)
				}
			}
			if d.Overflows != 3 {
				t.Errorf("Overflows = %d, want 3", d.Overflows)
			}
			want := fmt.Sprint([]Item{data("ok"), sub(7, bytes.Repeat([]byte{7}, max-1)...)})
			if fmt.Sprint(got) != want {
				t.Errorf("after the overflow got %v, want %v", got, want)
			}
		})
	}
}

func TestAppendEscaped(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	tests := []struct {
		in, want []byte
	}{
		{nil, nil},
		{[]byte("abc"), []byte("abc")},
		{[]byte{255}, []byte{255, 255}},
		{[]byte{1, 255, 255, 2}, []byte{1, 255, 255, 255, 255, 2}},
		{all, append(append([]byte(nil), all...), 255)},
	}
	for _, tt := range tests {
		got := AppendEscaped([]byte("prefix"), tt.in)
		if !bytes.Equal(got, append([]byte("prefix"), tt.want...)) {
			t.Errorf("AppendEscaped(%x) = %x, want prefix+%x", tt.in, got, tt.want)
		}
		var d Decoder
		items := decodeAll(&d, got[len("prefix"):])
		var back []byte
		for _, it := range items {
			back = append(back, it.Data...)
		}
		if !bytes.Equal(back, tt.in) {
			t.Errorf("decoding AppendEscaped(%x) gives %x", tt.in, back)
		}
	}
}

// TestNegotiatorConverges plays two negotiators against each other from
// the openings of serialhub's server and of pyserial's client (which asks
// for ECHO): they agree on what both accept, refuse ECHO, and stop talking.
func TestNegotiatorConverges(t *testing.T) {
	server := newNegotiator(optBinary, optSGA, optComPort)
	client := newNegotiator(optBinary, optSGA, optComPort)
	var toClient, toServer []byte
	toClient = server.request(toClient, true, optBinary)
	toClient = server.request(toClient, false, optComPort)
	toServer = client.request(toServer, false, optEcho) // pyserial: DO ECHO
	toServer = client.request(toServer, true, optComPort)
	toServer = client.request(toServer, false, optComPort)
	toServer = client.request(toServer, true, optSGA)
	toServer = client.request(toServer, false, optSGA)
	exchange := func(n *negotiator, in []byte) (out []byte) {
		var d Decoder
		d.Decode(in, func(it Item) {
			if it.Kind != KindOption {
				t.Fatalf("unexpected item %v", it)
			}
			out, _ = n.receive(out, it.Command, it.Option)
		})
		return out
	}
	rounds := 0
	for len(toClient)+len(toServer) > 0 {
		if rounds++; rounds > 10 {
			t.Fatalf("negotiation does not end: still sending %x and %x", toClient, toServer)
		}
		toClient, toServer = exchange(server, toServer), exchange(client, toClient)
	}
	for _, c := range []struct {
		name string
		got  bool
		want bool
	}{
		{"server BINARY", server.enabled(true, optBinary), true},
		{"client BINARY", server.enabled(false, optBinary), false}, // only the server offered it
		{"client COM-PORT", server.enabled(false, optComPort), true},
		{"server COM-PORT", server.enabled(true, optComPort), true},
		{"SGA both ways", server.enabled(true, optSGA) && server.enabled(false, optSGA), true},
		{"ECHO", client.enabled(false, optEcho) || client.pending(false, optEcho), false},
	} {
		if c.got != c.want {
			t.Errorf("%s enabled = %v, want %v", c.name, c.got, c.want)
		}
	}
}
