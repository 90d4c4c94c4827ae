package decode

import (
	"bytes"
	"encoding/binary"
	"math"
	"time"
)

// frameConfig is a checked frame Spec.
type frameConfig struct {
	start   []byte
	fixed   int // every frame's length, or 0: by the length field
	lenOff  int // the length field's offset and size (1, 2, 4)
	lenSize int
	lenBE   bool
	crc     crcAlg // size 0: none
	crcFrom int
	crcBE   bool
	fields  []frameField
}

// chunk is the read time of the stream's bytes before end.
type chunk struct {
	end uint64
	t   time.Time
}

type frameField struct {
	name       string
	off        int
	typ        fieldType
	be         bool
	scale, add float64
}

type fieldType struct {
	size  int
	read  func(b []byte, be bool) float64
	float bool
}

func order(be bool) binary.ByteOrder {
	if be {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

var fieldTypes = map[string]fieldType{
	"u8":  {1, func(b []byte, _ bool) float64 { return float64(b[0]) }, false},
	"i8":  {1, func(b []byte, _ bool) float64 { return float64(int8(b[0])) }, false},
	"u16": {2, func(b []byte, be bool) float64 { return float64(order(be).Uint16(b)) }, false},
	"i16": {2, func(b []byte, be bool) float64 { return float64(int16(order(be).Uint16(b))) }, false},
	"u32": {4, func(b []byte, be bool) float64 { return float64(order(be).Uint32(b)) }, false},
	"i32": {4, func(b []byte, be bool) float64 { return float64(int32(order(be).Uint32(b))) }, false},
	"f32": {4, func(b []byte, be bool) float64 { return float64(math.Float32frombits(order(be).Uint32(b))) }, true},
	"f64": {8, func(b []byte, be bool) float64 { return math.Float64frombits(order(be).Uint64(b)) }, true},
}

// frameDecoder decodes binary frames: it finds the start bytes, reads the
// frame's length (fixed, or from its length field), checks its CRC and
// reads its fields. A frame with a bad CRC, a length too long or too
// short for its fields, or a float field that is not a finite number is
// an error, and so is a run of bytes that is not a frame; after either
// it looks for the next start bytes from the byte after the bad frame's
// first.
type frameDecoder struct {
	cfg frameConfig
	// Owned by the goroutine calling Feed.
	buf    []byte  // bytes not yet decoded
	chunks []chunk // the read times of buf's bytes: a frame held behind a false start keeps its own
	lost   bool    // resynchronising after an error or a Gap: garbage before the next start is not another error
	errs   uint64
	header int // bytes needed to know a frame's length
}

func newFrameDecoder(cfg frameConfig) *frameDecoder {
	d := &frameDecoder{cfg: cfg, header: len(cfg.start)}
	if cfg.fixed == 0 {
		d.header = cfg.lenOff + cfg.lenSize
	}
	return d
}

// Feed implements Decoder.
func (d *frameDecoder) Feed(dst []Record, b []byte, t time.Time, off uint64) []Record {
	// The stream offset of buf's first byte: what is kept precedes b.
	base := off - uint64(len(d.buf))
	d.buf = append(d.buf, b...)
	d.chunks = append(d.chunks, chunk{off + uint64(len(b)), t})
	buf := d.buf
	start := d.cfg.start
	for {
		i := bytes.Index(buf, start)
		if i < 0 {
			// Keep what could be the beginning of the start bytes.
			keep := min(len(buf), len(start)-1)
			d.garbage(len(buf) - keep)
			base += uint64(len(buf) - keep)
			buf = buf[len(buf)-keep:]
			break
		}
		d.garbage(i)
		buf, base = buf[i:], base+uint64(i)
		if len(buf) < d.header {
			break
		}
		n := d.cfg.fixed
		if n == 0 {
			l := d.cfg.lenOff
			var payload uint64
			switch d.cfg.lenSize {
			case 1:
				payload = uint64(buf[l])
			case 2:
				payload = uint64(order(d.cfg.lenBE).Uint16(buf[l:]))
			case 4:
				payload = uint64(order(d.cfg.lenBE).Uint32(buf[l:]))
			}
			total := uint64(d.header) + payload + uint64(d.cfg.crc.size)
			if total > MaxRecordSize {
				d.bad()
				buf, base = buf[1:], base+1
				continue
			}
			n = int(total)
		}
		if len(buf) < n {
			break
		}
		if vals, ok := d.frame(buf[:n]); ok {
			end := base + uint64(n)
			dst = append(dst, Record{Time: d.timeOf(end), Offset: end, Values: vals})
			d.lost = false
			buf, base = buf[n:], base+uint64(n)
			continue
		}
		d.bad()
		buf, base = buf[1:], base+1
	}
	// Keep the rest at the front of d.buf, for the next Feed, and the
	// times of its chunks.
	d.buf = d.buf[:copy(d.buf, buf)]
	i := 0
	for i < len(d.chunks) && d.chunks[i].end <= base {
		i++
	}
	d.chunks = d.chunks[:copy(d.chunks, d.chunks[i:])]
	if cap(d.buf) > 4*MaxRecordSize && len(d.buf) < MaxRecordSize {
		d.buf = append([]byte(nil), d.buf...)
	}
	if cap(d.chunks) > 4096 && len(d.chunks) < 256 {
		d.chunks = append([]chunk(nil), d.chunks...)
	}
	return dst
}

// timeOf returns the read time of the byte before end.
func (d *frameDecoder) timeOf(end uint64) time.Time {
	for _, c := range d.chunks {
		if c.end >= end {
			return c.t
		}
	}
	return d.chunks[len(d.chunks)-1].t
}

// frame checks one whole frame and reads its values.
func (d *frameDecoder) frame(f []byte) ([]Value, bool) {
	c := d.cfg.crc
	data := f[:len(f)-c.size]
	if c.size > 0 {
		if d.cfg.crcFrom > len(data) {
			return nil, false
		}
		got := c.sum(data[d.cfg.crcFrom:])
		var want uint32
		tail := f[len(data):]
		switch c.size {
		case 1:
			want = uint32(tail[0])
		case 2:
			want = uint32(order(d.cfg.crcBE).Uint16(tail))
		case 4:
			want = order(d.cfg.crcBE).Uint32(tail)
		}
		if got != want {
			return nil, false
		}
	}
	vals := make([]Value, 0, len(d.cfg.fields))
	for _, fd := range d.cfg.fields {
		if fd.off+fd.typ.size > len(data) {
			return nil, false
		}
		raw := fd.typ.read(data[fd.off:], fd.be)
		v := raw*fd.scale + fd.add
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		vals = append(vals, Value{Name: fd.name, Num: v})
	}
	return vals, true
}

// garbage counts n bytes that are not a frame as one error, unless the
// decoder is already resynchronising.
func (d *frameDecoder) garbage(n int) {
	if n > 0 && !d.lost {
		d.errs++
		d.lost = true
	}
}

func (d *frameDecoder) bad() {
	d.errs++
	d.lost = true
}

// Gap implements Decoder: the frame in progress is dropped, and the bytes
// up to the next start are not counted as an error.
func (d *frameDecoder) Gap() {
	d.buf = d.buf[:0]
	d.chunks = d.chunks[:0]
	d.lost = true
}

// Errors implements Decoder.
func (d *frameDecoder) Errors() uint64 { return d.errs }
