package decode

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Spec names a decoder and holds its options. Options are flat, as in
// the config file's [port.decoder] table (docs/decoders.md); an option of
// another decoder than Name is an error. The zero value of an option is
// its default.
type Spec struct {
	// Name is one of Arduino, CSV, JSON, KV, Regex, NMEA, Frame; "" means
	// no decoder.
	Name string `toml:"-" json:"name,omitempty"`

	// Header (csv) says whether the first line names the columns:
	// "auto" (the default: it does if one of its fields is not a
	// number), "true" or "false".
	Header Header `toml:"header" json:"header,omitempty"`
	// Columns (csv) names the columns; with a header line too, these
	// names win. Default: the header's, or "value 1", "value 2", ….
	Columns []string `toml:"columns" json:"columns,omitempty"`
	// Separator is, for csv, the one character between fields (default
	// ","); for kv, the characters any of which separates pairs
	// (default ", ;" and tab).
	Separator string `toml:"separator" json:"separator,omitempty"`

	// Assign (kv) is what joins a key to its value: "=" or ":" (default:
	// either).
	Assign string `toml:"assign" json:"assign,omitempty"`

	// Pattern (regex, required) is a regular expression (Go's RE2
	// syntax) with named groups, (?P<name>…): each group that matched
	// is a value.
	Pattern string `toml:"pattern" json:"pattern,omitempty"`

	// MaxArray (json) bounds how many elements of an array become values
	// (a.0, a.1, …); default 16.
	MaxArray int `toml:"max-array" json:"max-array,omitempty"`

	// Start (frame, required) is the bytes that begin each frame, in
	// hex: "AA55".
	Start string `toml:"start" json:"start,omitempty"`
	// Length (frame) is the length of every frame in bytes, start and
	// CRC included; or give LengthSize for a length field.
	Length int `toml:"length" json:"length,omitempty"`
	// LengthOffset (frame) is where the length field is, in bytes from
	// the frame's first byte. The field counts the payload's bytes: the
	// bytes after the length field up to the CRC.
	LengthOffset int `toml:"length-offset" json:"length-offset,omitempty"`
	// LengthSize (frame) is the length field's size: 1, 2 or 4.
	LengthSize int `toml:"length-size" json:"length-size,omitempty"`
	// LengthEndian (frame) is the length field's byte order: "le" (the
	// default) or "be".
	LengthEndian string `toml:"length-endian" json:"length-endian,omitempty"`
	// CRC (frame) is the frame's check: one of CRCs (crc16-ccitt-false,
	// crc16-modbus, crc32, …), or "" or "none" for none. The CRC is
	// the frame's last bytes.
	CRC string `toml:"crc" json:"crc,omitempty"`
	// CRCFrom (frame) is the offset of the first byte the CRC covers; it
	// covers up to the CRC. Default 0, the frame's first byte.
	CRCFrom int `toml:"crc-from" json:"crc-from,omitempty"`
	// CRCEndian (frame) is the CRC's byte order: "be" (the default) or
	// "le" (Modbus).
	CRCEndian string `toml:"crc-endian" json:"crc-endian,omitempty"`
	// Fields (frame) are the values in a frame.
	Fields []Field `toml:"field" json:"field,omitempty"`
}

// Field is one value in a binary frame: raw × Scale + Add, where raw is
// the Type at byte Offset of the frame (from its first start byte).
type Field struct {
	Name   string  `toml:"name" json:"name,omitempty"`
	Offset int     `toml:"offset" json:"offset,omitempty"`
	Type   string  `toml:"type" json:"type,omitempty"`     // u8 i8 u16 i16 u32 i32 f32 f64
	Endian string  `toml:"endian" json:"endian,omitempty"` // "le" (the default) or "be"
	Scale  float64 `toml:"scale" json:"scale,omitempty"`   // default 1 (0 means 1)
	Add    float64 `toml:"add" json:"add,omitempty"`       // default 0
}

// Header is the csv decoder's header option: "auto", "true" or "false".
type Header string

// UnmarshalTOML takes header = true, false or a string.
func (h *Header) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case bool:
		*h = Header(fmt.Sprint(v))
	case string:
		*h = Header(v)
	default:
		return fmt.Errorf("header: want \"auto\", true or false")
	}
	return nil
}

// UnmarshalJSON takes "header": true, false or a string.
func (h *Header) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return h.UnmarshalTOML(v)
}

// ErrSpec is returned (wrapped) by Validate and New for a Spec that is
// not valid: a missing or wrong option.
var ErrSpec = errors.New("invalid decoder options")

// Names lists the decoders' names, for messages.
var Names = []string{Arduino, CSV, JSON, KV, Regex, NMEA, Frame}

// Validate checks the Spec: a known name and options that fit it. The
// zero Spec (no decoder) is valid.
func (s Spec) Validate() error {
	_, err := s.compile()
	return err
}

// New returns a new decoder for s.
func New(s Spec) (Decoder, error) {
	c, err := s.compile()
	if err != nil {
		return nil, err
	}
	switch s.Name {
	case Arduino:
		return newLines(&arduino{}), nil
	case CSV:
		return newLines(&csvDecoder{sep: c.sep, header: s.Header, columns: s.Columns}), nil
	case JSON:
		return newLines(&jsonDecoder{maxArray: c.maxArray}), nil
	case KV:
		return newLines(&kvDecoder{seps: c.seps, assign: c.assign}), nil
	case Regex:
		return newLines(&regexDecoder{re: c.re}), nil
	case NMEA:
		return newLines(&nmea{}), nil
	case Frame:
		return newFrameDecoder(c.frame), nil
	case "":
		return nil, fmt.Errorf("%w: no decoder named", ErrSpec)
	}
	return nil, fmt.Errorf("decoder %q: %w", s.Name, ErrUnknown)
}

// compiled is what compile makes of a Spec.
type compiled struct {
	sep      rune
	seps     string
	assign   string
	maxArray int
	re       *regexp.Regexp
	frame    frameConfig
}

func (s Spec) compile() (compiled, error) {
	var c compiled
	bad := func(format string, args ...any) (compiled, error) {
		return c, fmt.Errorf("%w: %s: %s", ErrSpec, s.Name, fmt.Sprintf(format, args...))
	}
	// Options given to a decoder that does not take them.
	given := map[string]bool{
		"header": s.Header != "", "columns": len(s.Columns) > 0, "separator": s.Separator != "",
		"assign": s.Assign != "", "pattern": s.Pattern != "", "max-array": s.MaxArray != 0,
		"start": s.Start != "", "length": s.Length != 0, "length-offset": s.LengthOffset != 0,
		"length-size": s.LengthSize != 0, "length-endian": s.LengthEndian != "", "crc": s.CRC != "",
		"crc-from": s.CRCFrom != 0, "crc-endian": s.CRCEndian != "", "field": len(s.Fields) > 0,
	}
	takes := map[string][]string{
		Arduino: nil, NMEA: nil, "": nil,
		CSV:   {"header", "columns", "separator"},
		JSON:  {"max-array"},
		KV:    {"separator", "assign"},
		Regex: {"pattern"},
		Frame: {"start", "length", "length-offset", "length-size", "length-endian", "crc", "crc-from", "crc-endian", "field"},
	}
	allowed, ok := takes[s.Name]
	if !ok {
		return c, fmt.Errorf("decoder %q: %w (want one of %s)", s.Name, ErrUnknown, strings.Join(Names, ", "))
	}
	for _, k := range []string{"header", "columns", "separator", "assign", "pattern", "max-array", "start", "length", "length-offset", "length-size", "length-endian", "crc", "crc-from", "crc-endian", "field"} {
		if given[k] && !slices.Contains(allowed, k) {
			if s.Name == "" {
				return c, fmt.Errorf("%w: decoder option %s without a decoder", ErrSpec, k)
			}
			return bad("%s is not one of its options", k)
		}
	}
	switch s.Name {
	case CSV:
		switch s.Header {
		case "", "auto", "true", "false":
		default:
			return bad("header %q: want auto, true or false", s.Header)
		}
		c.sep = ','
		if s.Separator != "" {
			r, n := utf8.DecodeRuneInString(s.Separator)
			if n != len(s.Separator) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
				return bad("separator %q: want one character (not a quote)", s.Separator)
			}
			c.sep = r
		}
		if err := uniqueNames(s.Columns); err != nil {
			return bad("columns: %v", err)
		}
	case KV:
		c.seps = ", ;\t"
		if s.Separator != "" {
			if strings.ContainsAny(s.Separator, "=:\r\n") {
				return bad("separator %q: want characters other than = and :", s.Separator)
			}
			c.seps = s.Separator
		}
		switch s.Assign {
		case "":
			c.assign = "=:"
		case "=", ":":
			c.assign = s.Assign
		default:
			return bad("assign %q: want = or :", s.Assign)
		}
	case JSON:
		c.maxArray = 16
		if s.MaxArray < 0 || s.MaxArray > 1024 {
			return bad("max-array %d: want 0 to 1024", s.MaxArray)
		}
		if s.MaxArray > 0 {
			c.maxArray = s.MaxArray
		}
	case Regex:
		if s.Pattern == "" {
			return bad("pattern is required (a regular expression with named groups, (?P<name>...))")
		}
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return bad("pattern: %v", err)
		}
		var names []string
		for _, n := range re.SubexpNames() {
			if n != "" {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return bad("pattern %q has no named group: name each value, (?P<name>...)", s.Pattern)
		}
		if err := uniqueNames(names); err != nil {
			return bad("pattern: %v", err)
		}
		c.re = re
	case Frame:
		f, err := s.frameConfig()
		if err != nil {
			return bad("%v", err)
		}
		c.frame = f
	}
	return c, nil
}

func (s Spec) frameConfig() (frameConfig, error) {
	var f frameConfig
	start, err := hex.DecodeString(strings.ReplaceAll(s.Start, " ", ""))
	if err != nil || len(start) == 0 || len(start) > 16 {
		return f, fmt.Errorf("start %q: want 1 to 16 bytes in hex, e.g. AA55", s.Start)
	}
	f.start = start
	order := func(key, v, def string) (bool, error) { // true: big-endian
		switch v {
		case "":
			return def == "be", nil
		case "le", "be":
			return v == "be", nil
		}
		return false, fmt.Errorf("%s %q: want le or be", key, v)
	}
	switch {
	case s.Length != 0 && s.LengthSize != 0:
		return f, errors.New("give length (frames of one length) or length-size (a length field), not both")
	case s.Length != 0:
		if s.Length < len(start) || s.Length > MaxRecordSize {
			return f, fmt.Errorf("length %d: want %d to %d bytes", s.Length, len(start), MaxRecordSize)
		}
		if s.LengthOffset != 0 || s.LengthEndian != "" {
			return f, errors.New("length-offset and length-endian go with length-size, not length")
		}
		f.fixed = s.Length
	case s.LengthSize != 0:
		if s.LengthSize != 1 && s.LengthSize != 2 && s.LengthSize != 4 {
			return f, fmt.Errorf("length-size %d: want 1, 2 or 4", s.LengthSize)
		}
		if s.LengthOffset < len(start) || s.LengthOffset > 256 {
			return f, fmt.Errorf("length-offset %d: want the offset of the length field, after the start bytes (%d to 256)", s.LengthOffset, len(start))
		}
		f.lenOff, f.lenSize = s.LengthOffset, s.LengthSize
		if f.lenBE, err = order("length-endian", s.LengthEndian, "le"); err != nil {
			return f, err
		}
	default:
		return f, errors.New("give length (frames of one length) or length-size and length-offset (a length field counting the payload's bytes)")
	}
	name := strings.ToLower(s.CRC)
	if name != "" && name != "none" {
		alg, ok := crcByName(name)
		if !ok {
			return f, fmt.Errorf("crc %q: want one of %s, or none", s.CRC, strings.Join(CRCs, ", "))
		}
		f.crc = alg
		if f.crcBE, err = order("crc-endian", s.CRCEndian, "be"); err != nil {
			return f, err
		}
		if s.CRCFrom < 0 || (f.fixed > 0 && s.CRCFrom > f.fixed-alg.size) || (f.fixed == 0 && s.CRCFrom > f.lenOff+f.lenSize) {
			return f, fmt.Errorf("crc-from %d: want an offset in the frame before the CRC (and, with a length field, no later than the payload)", s.CRCFrom)
		}
		f.crcFrom = s.CRCFrom
	} else if s.CRCFrom != 0 || s.CRCEndian != "" {
		return f, errors.New("crc-from and crc-endian need a crc")
	}
	if f.fixed > 0 && f.fixed < len(start)+f.crc.size {
		return f, fmt.Errorf("length %d: shorter than the start bytes and the CRC", f.fixed)
	}
	if len(s.Fields) == 0 {
		return f, errors.New("no fields: give [[port.decoder.field]] tables (name, offset, type)")
	}
	names := make([]string, 0, len(s.Fields))
	for _, fd := range s.Fields {
		ft, ok := fieldTypes[fd.Type]
		if !ok {
			return f, fmt.Errorf("field %q: type %q: want u8, i8, u16, i16, u32, i32, f32 or f64", fd.Name, fd.Type)
		}
		if fd.Name == "" {
			return f, fmt.Errorf("a field at offset %d has no name", fd.Offset)
		}
		be, err := order("field "+fd.Name+": endian", fd.Endian, "le")
		if err != nil {
			return f, err
		}
		if fd.Offset < 0 || fd.Offset+ft.size > MaxRecordSize {
			return f, fmt.Errorf("field %q: offset %d is outside a frame", fd.Name, fd.Offset)
		}
		if f.fixed > 0 && fd.Offset+ft.size > f.fixed-f.crc.size {
			return f, fmt.Errorf("field %q: offset %d and size %d pass the end of the frame's data (%d bytes before the CRC)", fd.Name, fd.Offset, ft.size, f.fixed-f.crc.size)
		}
		scale := fd.Scale
		if scale == 0 {
			scale = 1
		}
		f.fields = append(f.fields, frameField{name: fd.Name, off: fd.Offset, typ: ft, be: be, scale: scale, add: fd.Add})
		names = append(names, fd.Name)
	}
	if err := uniqueNames(names); err != nil {
		return f, err
	}
	return f, nil
}

func uniqueNames(names []string) error {
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" {
			return errors.New("an empty name")
		}
		if seen[n] {
			return fmt.Errorf("the name %q twice", n)
		}
		seen[n] = true
	}
	return nil
}

// ParseSpec decodes a decoder's spec from JSON, with the config file's
// names ({"name":"csv","header":"true"}), and checks it: one object, no
// unknown field, a known decoder with valid options. Errors wrap ErrSpec
// or say what is wrong with the JSON.
func ParseSpec(b []byte) (Spec, error) {
	var s Spec
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("decoder spec: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Spec{}, errors.New("decoder spec: something after the JSON object")
	}
	if s.Name == "" {
		return Spec{}, fmt.Errorf("%w: no decoder named (\"name\": %s)", ErrSpec, strings.Join(Names, ", "))
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}
