package values_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/values"
)

func TestMain(m *testing.M) { serialtest.Main(m) }

// lines is a decoder for the tests: each line "N" is a record {n: N};
// any other line is an error.
type lines struct {
	buf  []byte
	errs uint64
	gaps int
}

func (d *lines) Feed(dst []decode.Record, b []byte, t time.Time, off uint64) []decode.Record {
	for i, c := range b {
		if c != '\n' {
			d.buf = append(d.buf, c)
			continue
		}
		n, err := strconv.ParseFloat(string(bytes.TrimSpace(d.buf)), 64)
		d.buf = d.buf[:0]
		if err != nil {
			d.errs++
			continue
		}
		dst = append(dst, decode.Record{Time: t, Offset: off + uint64(i) + 1, Values: []decode.Value{{Name: "n", Num: n}}})
	}
	return dst
}

func (d *lines) Gap()           { d.buf = d.buf[:0]; d.gaps++ }
func (d *lines) Errors() uint64 { return d.errs }

// Records are decoded in order across chunks, kept (the newest Keep),
// and counted; a jump in the offsets is a gap for the decoder.
func TestEngineDecodesAndKeeps(t *testing.T) {
	d := &lines{}
	e := values.New(values.Config{Name: "lines", Decoder: d, Keep: 3})
	now := time.Now()
	e.Received(now, 0, []byte("1\n2"))
	e.Received(now, 3, []byte("\nx\n3\n"))
	e.Received(now, 100, []byte("junk\n4\n")) // 91 bytes lost: a gap, "junk" an error
	e.Close()                                 // run has taken everything queued before
	st := e.DecodeStats()
	if st.Decoder != "lines" || st.Records != 4 || st.Errors != 2 || d.gaps != 1 {
		t.Fatalf("stats %+v, gaps %d; want 4 records, 2 errors, 1 gap", st, d.gaps)
	}
	got := e.Since(0, 0)
	if len(got) != 3 || got[0].Values[0].Num != 2 || got[2].Values[0].Num != 4 || got[2].Offset != 107 {
		t.Fatalf("kept %+v; want the last 3 (2, 3, 4), the last ending at offset 107", got)
	}
	if got := e.Since(got[1].Offset, 0); len(got) != 1 || got[0].Values[0].Num != 4 {
		t.Fatalf("since the second: %+v", got)
	}
	if got := e.Since(0, 1); len(got) != 1 || got[0].Values[0].Num != 4 {
		t.Fatalf("at most 1: %+v", got)
	}
}

// A port that sends more than the queue holds loses bytes to the
// decoder, counted, never waiting for it.
func TestEngineDropsWhenBehind(t *testing.T) {
	e := values.New(values.Config{Name: "lines", Decoder: &lines{}, QueueLen: 10})
	now := time.Now()
	e.Received(now, 0, bytes.Repeat([]byte("1"), 11))
	e.Close()
	if st := e.DecodeStats(); st.Dropped != 11 {
		t.Fatalf("dropped %d, want 11", st.Dropped)
	}
}

// A capture decoded again, in a time range, gives the records of that
// range as CSV, with device times; a record whose bytes began before the
// range is whole.
func TestExportCSV(t *testing.T) {
	dir := t.TempDir()
	w, err := capture.Open(capture.Config{Dir: dir, Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	w.Received(t0, []byte("1\n2"))
	w.Sent(t0.Add(time.Second), []byte("99\n")) // sent, not decoded
	w.Received(t0.Add(2*time.Second), []byte("0\nbad\n3\n"))
	w.Received(t0.Add(3*time.Second), []byte("4\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := capture.Files(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	newDec := func() (decode.Decoder, error) { return &lines{}, nil }
	var out bytes.Buffer
	if _, err := values.ExportCSV(&out, files, newDec, t0.Add(2*time.Second), t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	want := "time,n\n2026-11-30T10:00:02Z,20\n2026-11-30T10:00:02Z,3\n"
	if out.String() != want {
		t.Fatalf("CSV:\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	if _, err := values.ExportCSV(&out, files, newDec, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != 1+4 {
		t.Fatalf("all of it: %q, want a header and 4 rows", out.String())
	}
}
