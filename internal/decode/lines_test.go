package decode

import (
	"strings"
	"testing"
	"time"
)

// Lines end at LF, with a CR before it dropped; a record's time is the
// read time of the chunk with its LF, its offset just past the LF.
func TestLinesTimeAndOffset(t *testing.T) {
	d, _ := New(Spec{Name: KV})
	t1, t2 := time.Unix(10, 0), time.Unix(20, 0)
	recs := d.Feed(nil, []byte("a=1\r\nb="), t1, 100)
	recs = d.Feed(recs, []byte("2\nc=3"), t2, 107)
	if len(recs) != 2 {
		t.Fatalf("records %q, want 2", recTexts(recs))
	}
	for i, want := range []struct {
		text string
		t    time.Time
		off  uint64
	}{{"a=1", t1, 105}, {"b=2", t2, 109}} {
		r := recs[i]
		if recText(r) != want.text || !r.Time.Equal(want.t) || r.Offset != want.off {
			t.Errorf("record %d: %q at %v, offset %d; want %q at %v, offset %d", i, recText(r), r.Time, r.Offset, want.text, want.t, want.off)
		}
	}
	if d.Errors() != 0 {
		t.Errorf("errors %d", d.Errors())
	}
}

// A line longer than MaxRecordSize is one error, whether it comes in one
// chunk or many, and the next line decodes.
func TestLinesTooLong(t *testing.T) {
	long := strings.Repeat("x", MaxRecordSize+1)
	for _, chunk := range []int{len(long) + 10, 1000} {
		d, _ := New(Spec{Name: KV})
		in := []byte("a=1\n" + long + "\nb=2\n")
		var recs []Record
		for off := 0; off < len(in); off += chunk {
			end := min(off+chunk, len(in))
			recs = d.Feed(recs, in[off:end], time.Time{}, uint64(off))
		}
		if got := strings.Join(recTexts(recs), ","); got != "a=1,b=2" || d.Errors() != 1 {
			t.Errorf("chunks of %d: %q, %d errors; want a=1,b=2 and 1 error", chunk, got, d.Errors())
		}
	}
	// A line of exactly MaxRecordSize bytes is not too long.
	d, _ := New(Spec{Name: KV})
	line := "a=" + strings.Repeat("1", MaxRecordSize-2)
	d.Feed(nil, []byte(line[:5000]), time.Time{}, 0)
	if recs := d.Feed(nil, []byte(line[5000:]+"\n"), time.Time{}, 5000); len(recs) != 1 || d.Errors() != 0 {
		t.Errorf("a line of MaxRecordSize: %d records, %d errors", len(recs), d.Errors())
	}
}

// After a Gap, the line in progress and the rest of the line the next
// bytes begin in are dropped, not decoded into a wrong value.
func TestLinesGap(t *testing.T) {
	d, _ := New(Spec{Name: Arduino})
	recs := d.Feed(nil, []byte("a:1\na:2"), time.Time{}, 0)
	d.Gap()
	recs = d.Feed(recs, []byte("3\na:4\n"), time.Time{}, 50)
	if got := strings.Join(recTexts(recs), ","); got != "a=1,a=4" || d.Errors() != 0 {
		t.Errorf("%q, %d errors; want a=1,a=4 and none", got, d.Errors())
	}
}
