package decode

import (
	"bytes"
	"math"
	"testing"
	"time"
)

// fuzzDecode feeds data to a decoder for spec whole, and again cut in two
// at cut, and fails on what a decoder must never do: values that are not
// finite or not named, names twice in a record, offsets out of order or
// past the input, a buffer past its bound, or a different result for the
// same bytes cut differently. It returns the records.
func fuzzDecode(t *testing.T, spec Spec, data []byte, cut uint) []Record {
	d, err := New(spec)
	if err != nil {
		t.Fatal(err)
	}
	recs := d.Feed(nil, data, time.Unix(1, 0), 0)
	var last uint64
	for _, r := range recs {
		if r.Offset <= last && last != 0 || r.Offset > uint64(len(data)) || len(r.Values) == 0 {
			t.Fatalf("record at offset %d (after %d, input %d bytes) with %d values", r.Offset, last, len(data), len(r.Values))
		}
		last = r.Offset
		seen := map[string]bool{}
		for _, v := range r.Values {
			if v.Name == "" || seen[v.Name] || (!v.IsText && (math.IsNaN(v.Num) || math.IsInf(v.Num, 0))) {
				t.Fatalf("bad value %+v in %q", v, recText(r))
			}
			seen[v.Name] = true
		}
	}
	switch d := d.(type) {
	case *lines:
		if len(d.buf) > MaxRecordSize {
			t.Fatalf("line buffer %d bytes", len(d.buf))
		}
	case *frameDecoder:
		if len(d.buf) > MaxRecordSize+len(data) || len(d.chunks) > len(d.buf)+1 {
			t.Fatalf("frame buffer %d bytes, %d chunks", len(d.buf), len(d.chunks))
		}
	}
	c := int(cut % uint(len(data)+1))
	d2, _ := New(spec)
	recs2 := d2.Feed(nil, data[:c], time.Unix(1, 0), 0)
	recs2 = d2.Feed(recs2, data[c:], time.Unix(1, 0), uint64(c))
	if len(recs2) != len(recs) || d2.Errors() != d.Errors() {
		t.Fatalf("cut at %d: %d records, %d errors; whole: %d, %d", c, len(recs2), d2.Errors(), len(recs), d.Errors())
	}
	for i := range recs {
		if recText(recs[i]) != recText(recs2[i]) || recs[i].Offset != recs2[i].Offset {
			t.Fatalf("cut at %d: record %d %q@%d, whole %q@%d", c, i, recText(recs2[i]), recs2[i].Offset, recText(recs[i]), recs[i].Offset)
		}
	}
	return recs
}

func FuzzDecodeArduino(f *testing.F) {
	for _, s := range []string{"a:1,b:2\n", "temp hum\n21 40\n", "1 x 3\r\n", "v:12abc\n:5\n", ",5\n\u00a01\n"} {
		f.Add([]byte(s), uint(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) { fuzzDecode(t, Spec{Name: Arduino}, data, cut) })
}

func FuzzDecodeCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "1,2\n3,4\n", "\"a,\"\"b\",c\n1,2\n", "x\n\"1\n"} {
		f.Add([]byte(s), uint(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) { fuzzDecode(t, Spec{Name: CSV}, data, cut) })
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":{"c":[1,2,{"d":true}]}}` + "\n", "{\"a\":null}\n[1]\n", `{"a":"x","a":1e999}` + "\n"} {
		f.Add([]byte(s), uint(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) { fuzzDecode(t, Spec{Name: JSON, MaxArray: 4}, data, cut) })
}

func FuzzDecodeKV(f *testing.F) {
	for _, s := range []string{"a=1 b=2\n", "t = 3, u:x; v=\"q r\"\n", "= : ==\n"} {
		f.Add([]byte(s), uint(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) { fuzzDecode(t, Spec{Name: KV}, data, cut) })
}

func FuzzDecodeRegex(f *testing.F) {
	for _, s := range []string{"T=21.5C H=40% ok\n", "T=-3C H=90%\nxx\n"} {
		f.Add([]byte(s), uint(3))
	}
	spec := Spec{Name: Regex, Pattern: `^T=(?P<temp>-?[\d.]+)C H=(?P<hum>\d+)%(?: (?P<state>\w+))?`}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) { fuzzDecode(t, spec, data, cut) })
}

// Every NMEA record comes from a line whose checksum is right.
func FuzzDecodeNMEA(f *testing.F) {
	for _, s := range []string{ubxGGA, ubxRMC, ubxVTG, gnGGA, gnRMC, gnVTG, noFix, noFixV, gnGSA, gbRMC, glVTGkn} {
		f.Add([]byte(s+"\r\n"), uint(10))
	}
	f.Add([]byte(ubxGGA+"\r\n"+ubxRMC[:20]+"\n"+gnVTG+"\n"), uint(50))
	f.Fuzz(func(t *testing.T, data []byte, cut uint) {
		for _, r := range fuzzDecode(t, Spec{Name: NMEA}, data, cut) {
			line := data[:r.Offset-1]
			line = line[bytes.LastIndexByte(line, '\n')+1:]
			line = bytes.TrimSpace(line)
			star := bytes.LastIndexByte(line, '*')
			if line[0] != '$' || star < 0 || !bytes.EqualFold([]byte(withSum(string(line[1:star]))), line) {
				t.Fatalf("a record %q from %q, whose checksum is not right", recText(r), line)
			}
		}
	})
}

// Every frame record comes from a frame whose CRC is right: AA 55, a
// length n, n bytes, the CRC.
func FuzzDecodeFrame(f *testing.F) {
	f1, f2 := sampleFrame(1, 2153, 1013.25, 0, 3700), sampleFrame(2, -512, 998.5, 3, 3650)
	f.Add(append(append([]byte{}, f1...), f2...), uint(7))
	f.Add(append([]byte{0xAA, 0x55, 0xFF, 0x00, 0xAA}, f1...), uint(20))
	f.Add(append(append([]byte{}, f1[:9]...), f2...), uint(9))
	alg, _ := crcByName("crc16-ccitt-false")
	isFrame := func(fr []byte) bool {
		n := len(fr)
		return n >= 16 && fr[0] == 0xAA && fr[1] == 0x55 && int(fr[2]) == n-5 && alg.sum(fr[2:n-2]) == uint32(fr[n-2])<<8|uint32(fr[n-1])
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint) {
	records:
		for _, r := range fuzzDecode(t, sample, data, cut) {
			for n := 16; n <= 260 && n <= int(r.Offset); n++ {
				if isFrame(data[int(r.Offset)-n : r.Offset]) {
					continue records
				}
			}
			t.Fatalf("a record %q ending at %d of % x, not a frame", recText(r), r.Offset, data)
		}
	})
}
