package capture

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// FuzzReader: any file reads back without panic, in bounded memory, to a
// clean end, ErrTruncated, ErrCorrupt or ErrNotCapture.
func FuzzReader(f *testing.F) {
	f.Add([]byte(Header))
	f.Add(appendRecord([]byte(Header), Record{Kind: Received, Time: time.Unix(1, 2), Data: []byte("hello")}))
	f.Add([]byte(Header + "I\x00\x00\x00\x00\x00\x00\x00\x01\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data))
		for range len(data) + 1 {
			r, err := rd.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotCapture) {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if len(r.Data) > len(data) || !r.Kind.valid() {
				t.Fatalf("record %c of %d bytes from %d bytes of input", r.Kind, len(r.Data), len(data))
			}
		}
		t.Fatal("more records than bytes")
	})
}

// FuzzRoundTrip: what is encoded reads back the same.
func FuzzRoundTrip(f *testing.F) {
	f.Add(byte('I'), int64(0), []byte{})
	f.Add(byte('O'), int64(-1), []byte{0xff, 0x00})
	f.Fuzz(func(t *testing.T, kind byte, ns int64, data []byte) {
		k := []Kind{Received, Sent, Note}[int(kind)%3]
		in := Record{Kind: k, Time: time.Unix(0, ns), Data: data}
		rd := NewReader(bytes.NewReader(appendRecord([]byte(Header), in)))
		out, err := rd.Next()
		if err != nil || out.Kind != in.Kind || !out.Time.Equal(in.Time) || !bytes.Equal(out.Data, in.Data) {
			t.Fatalf("wrote %+v, read %+v, %v", in, out, err)
		}
		if _, err := rd.Next(); !errors.Is(err, io.EOF) {
			t.Fatalf("after the record: %v, want EOF", err)
		}
	})
}
