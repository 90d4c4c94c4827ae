// Package decode turns a port's byte stream into records of named values
// (docs/decoders.md): the Arduino plotter's lines, CSV, JSON lines,
// key=value pairs, regular expressions with named groups, NMEA 0183
// sentences, and binary frames described in the configuration. A decoder
// never guesses: input it cannot decode is counted as an error, not made
// into a record.
package decode

import (
	"errors"
	"time"
)

// Record is one set of values decoded from the stream.
type Record struct {
	// Time is the device read time of the record's last byte.
	Time time.Time
	// Offset is the stream offset just past the record's last byte.
	Offset uint64
	// Values, in the order the input gave them; names are unique within
	// a record.
	Values []Value
}

// Value is one named value: a number, or with IsText a string.
type Value struct {
	Name   string
	Num    float64
	Text   string
	IsText bool
}

// Decoder decodes one port's stream. It is used by one goroutine at a
// time.
type Decoder interface {
	// Feed decodes b, read from the device at t, whose first byte is at
	// stream offset off, and appends the records it completes to dst.
	// Input that spans calls is kept (bounded: see MaxRecordSize).
	Feed(dst []Record, b []byte, t time.Time, off uint64) []Record
	// Gap tells the decoder that bytes were lost before the next Feed:
	// it drops what it was in the middle of.
	Gap()
	// Errors returns how many pieces of input it could not decode (a
	// bad checksum, a line that is not the format, a frame too long).
	Errors() uint64
}

// MaxRecordSize bounds the bytes one record may span: a line or frame
// longer than this is an error, and the decoder starts again after it.
const MaxRecordSize = 64 << 10

// Names of the decoders (Spec.Name).
const (
	Arduino = "arduino" // the Arduino Serial Plotter's lines: "temp:21.5,hum:40" or "21.5 40"
	CSV     = "csv"     // comma-separated lines, with or without a header line
	JSON    = "json"    // one JSON object per line; numbers and strings, nested objects as a.b
	KV      = "kv"      // key=value pairs on a line
	Regex   = "regex"   // a line matched by a regular expression with named groups
	NMEA    = "nmea"    // NMEA 0183 GGA, RMC and VTG sentences, checksums checked
	Frame   = "frame"   // binary frames: start bytes, length, fields, CRC (Spec.Frame)
)

// ErrUnknown is returned (wrapped) by New for a decoder name it does not
// know.
var ErrUnknown = errors.New("no such decoder")
