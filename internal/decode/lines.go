package decode

import (
	"bytes"
	"math"
	"strconv"
	"time"
)

// lineFormat decodes one line (without its LF, and without a CR before
// it) into values appended to vals. It returns bad for a line that is
// not the format; no values and not bad means the line has none (an
// empty line, a header).
type lineFormat interface {
	line(vals []Value, line []byte) (out []Value, bad bool)
}

// lines is a Decoder for line formats: it cuts the stream at LF and hands
// each line to its format.
type lines struct {
	format lineFormat
	// Owned by the goroutine calling Feed.
	buf  []byte // the line so far
	skip bool   // dropping bytes up to the next LF: after a Gap or a line too long
	errs uint64
}

func newLines(f lineFormat) *lines { return &lines{format: f} }

// Feed implements Decoder.
func (d *lines) Feed(dst []Record, b []byte, t time.Time, off uint64) []Record {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if d.skip {
				return dst
			}
			if len(d.buf)+len(b) > MaxRecordSize {
				d.errs++
				d.buf = d.buf[:0]
				d.skip = true
				return dst
			}
			d.buf = append(d.buf, b...)
			return dst
		}
		end := off + uint64(i) + 1
		if d.skip {
			d.skip = false
		} else {
			line := b[:i]
			if len(d.buf) > 0 {
				if len(d.buf)+i > MaxRecordSize {
					d.errs++
					line = nil
				} else {
					d.buf = append(d.buf, line...)
					line = d.buf
				}
			} else if i > MaxRecordSize {
				d.errs++
				line = nil
			}
			if line != nil {
				dst = d.decode(dst, line, t, end)
			}
			d.buf = d.buf[:0]
		}
		b, off = b[i+1:], end
	}
	return dst
}

func (d *lines) decode(dst []Record, line []byte, t time.Time, end uint64) []Record {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	vals, bad := d.format.line(nil, line)
	if bad {
		d.errs++
		return dst
	}
	if len(vals) == 0 {
		return dst
	}
	return append(dst, Record{Time: t, Offset: end, Values: vals})
}

// Gap implements Decoder: the line in progress is dropped, and so is the
// rest of the line the next bytes are in the middle of, up to its LF.
func (d *lines) Gap() {
	d.buf = d.buf[:0]
	d.skip = true
}

// Errors implements Decoder.
func (d *lines) Errors() uint64 { return d.errs }

// setValue appends v, or replaces the value of the same name: names are
// unique within a record, the last one given wins.
func setValue(vals []Value, v Value) []Value {
	for i := range vals {
		if vals[i].Name == v.Name {
			vals[i] = v
			return vals
		}
	}
	return append(vals, v)
}

// number parses all of s (trimmed of spaces) as a finite decimal number.
func number(s string) (float64, bool) {
	s = trimSpace(s)
	if s == "" {
		return 0, false
	}
	// strconv accepts forms a device's number is not: hex, inf, nan,
	// underscores.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// textOrNumber is a value that is a number if its text is one.
func textOrNumber(name, s string) Value {
	if v, ok := number(s); ok {
		return Value{Name: name, Num: v}
	}
	return Value{Name: name, Text: s, IsText: true}
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
