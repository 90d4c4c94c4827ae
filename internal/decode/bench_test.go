package decode

import (
	"bytes"
	"testing"
	"time"
)

// benchDecode feeds a stream of records to a decoder in 256-byte chunks, as
// a port reads them, and reports records/s and ns/record.
func benchDecode(b *testing.B, spec Spec, record []byte) {
	stream := bytes.Repeat(record, 4096/len(record)+1)
	d, err := New(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	var recs []Record
	n := 0
	now := time.Now()
	off := uint64(0)
	for b.Loop() {
		for i := 0; i < len(stream); i += 256 {
			recs = d.Feed(recs[:0], stream[i:min(i+256, len(stream))], now, off)
			off += uint64(min(256, len(stream)-i))
			n += len(recs)
		}
	}
	if d.Errors() != 0 || n == 0 {
		b.Fatalf("%d errors, %d records", d.Errors(), n)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/sec, "records/s")
	b.ReportMetric(sec*1e9/float64(n), "ns/record")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkDecodeArduino(b *testing.B) {
	benchDecode(b, Spec{Name: Arduino}, []byte("temp:21.53,hum:40.1,pressure:1013.25,battery:3.70\r\n"))
}

func BenchmarkDecodeCSV(b *testing.B) {
	benchDecode(b, Spec{Name: CSV, Header: "false", Columns: []string{"time", "temp", "hum", "pressure"}}, []byte("12:00:01,21.53,40.1,1013.25\r\n"))
}

func BenchmarkDecodeJSON(b *testing.B) {
	benchDecode(b, Spec{Name: JSON}, []byte(`{"temp":21.53,"hum":40.1,"env":{"pressure":1013.25},"ok":true}`+"\n"))
}

func BenchmarkDecodeKV(b *testing.B) {
	benchDecode(b, Spec{Name: KV}, []byte("temp=21.53 hum=40.1 pressure=1013.25 state=ok\r\n"))
}

func BenchmarkDecodeRegex(b *testing.B) {
	benchDecode(b, Spec{Name: Regex, Pattern: `^T=(?P<temp>-?[\d.]+)C H=(?P<hum>\d+)%(?: (?P<state>\w+))?`}, []byte("T=21.53C H=40% ok\r\n"))
}

func BenchmarkDecodeNMEA(b *testing.B) {
	benchDecode(b, Spec{Name: NMEA}, []byte(gnGGA+"\r\n"+gnRMC+"\r\n"+gnVTG+"\r\n"))
}

func BenchmarkDecodeFrame(b *testing.B) {
	benchDecode(b, sample, sampleFrame(1, 2153, 1013.25, 0, 3700))
}
