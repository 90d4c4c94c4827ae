package decode

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// The CRCs against the catalogue's check values: the CRC of "123456789".
func TestCRCCheckValues(t *testing.T) {
	want := map[string]uint32{
		"crc8": 0xF4, "crc8-maxim": 0xA1, "crc16-ccitt-false": 0x29B1, "crc16-xmodem": 0x31C3,
		"crc16-kermit": 0x2189, "crc16-modbus": 0x4B37, "crc16-x25": 0x906E, "crc16-arc": 0xBB3D,
		"crc32": 0xCBF43926, "crc32c": 0xE3069283,
	}
	if len(want) != len(CRCs) {
		t.Fatalf("%d check values for %d CRCs", len(want), len(CRCs))
	}
	for _, name := range CRCs {
		alg, ok := crcByName(name)
		if !ok {
			t.Fatalf("%s: unknown", name)
		}
		if got := alg.sum([]byte("123456789")); got != want[name] {
			t.Errorf("%s(123456789) = %#x, want %#x", name, got, want[name])
		}
	}
}

// sample is the simulator's frame: AA 55, len (11), payload, CRC-16/CCITT-FALSE
// over len and payload, big-endian. It is the example of docs/decoders.md.
var sample = Spec{
	Name: Frame, Start: "AA55", LengthOffset: 2, LengthSize: 1,
	CRC: "crc16-ccitt-false", CRCFrom: 2, CRCEndian: "be",
	Fields: []Field{
		{Name: "seq", Offset: 3, Type: "u16"},
		{Name: "temp", Offset: 5, Type: "i16", Scale: 0.01},
		{Name: "pressure", Offset: 7, Type: "f32"},
		{Name: "status", Offset: 11, Type: "u8"},
		{Name: "battery", Offset: 12, Type: "u16", Endian: "be"},
	},
}

// sampleFrame builds a frame of the simulator's protocol, with the CRC
// computed here (bit by bit, independently of crc.go).
func sampleFrame(seq uint16, temp int16, pressure float32, status uint8, battery uint16) []byte {
	f := []byte{0xAA, 0x55, 11}
	f = binary.LittleEndian.AppendUint16(f, seq)
	f = binary.LittleEndian.AppendUint16(f, uint16(temp))
	f = binary.LittleEndian.AppendUint32(f, math.Float32bits(pressure))
	f = append(f, status)
	f = binary.BigEndian.AppendUint16(f, battery)
	crc := uint16(0xFFFF)
	for _, b := range f[2:] {
		crc ^= uint16(b) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return binary.BigEndian.AppendUint16(f, crc)
}

func TestFrameSample(t *testing.T) {
	f1 := string(sampleFrame(1, 2153, 1013.25, 0, 3700))
	f2 := string(sampleFrame(2, -512, 998.5, 3, 3650))
	if len(f1) != 16 {
		t.Fatalf("a frame is %d bytes, want 16", len(f1))
	}
	r1 := "seq=1 temp=21.53 pressure=1013.25 status=0 battery=3700"
	r2 := "seq=2 temp=-5.12 pressure=998.5 status=3 battery=3650"
	badCRC := []byte(f1)
	badCRC[15] ^= 1
	badData := []byte(f2)
	badData[6] ^= 0x80
	runCases(t, sample, []decodeCase{
		{"two frames", f1 + f2, []string{r1, r2}, 0},
		{"bad CRC, then good", string(badCRC) + f2, []string{r2}, 1},
		{"a data bit flipped", f1 + string(badData) + f1, []string{r1, r1}, 1},
		{"garbage before and between", "\x00\x13\xAA\x37" + f1 + "hello\xAA" + f2, []string{r1, r2}, 2},
		{"truncated frame, then good ones", f1[:9] + f2 + f1, []string{r2, r1}, 1},
		// A false start's length (255, then 170) holds the frames after
		// it until that many bytes are in and its CRC fails: late, not lost.
		{"start bytes in garbage", "\xAA\x55\xFF\xAA\x55" + strings.Repeat(f2, 20), slices.Repeat([]string{r2}, 20), 2},
		{"an incomplete frame waits", f1 + f2[:15], []string{r1}, 0},
	})
	// Split across two Feeds at every byte: checked by runCases; and at
	// every byte one by one.
	in := []byte("zz" + f1 + f2 + "\xAA" + f1)
	d, _ := New(sample)
	var recs []Record
	for i := range in {
		recs = d.Feed(recs, in[i:i+1], time.Unix(int64(i), 0), uint64(i))
	}
	if got := strings.Join(recTexts(recs), "|"); got != r1+"|"+r2+"|"+r1 || d.Errors() != 2 {
		t.Errorf("byte by byte: %q, %d errors", got, d.Errors())
	}
	for i, end := range []uint64{18, 34, 51} {
		if recs[i].Offset != end || !recs[i].Time.Equal(time.Unix(int64(end-1), 0)) {
			t.Errorf("record %d: offset %d, time %v; want %d, the time of byte %d", i, recs[i].Offset, recs[i].Time, end, end-1)
		}
	}
}

// After a Gap the frame in progress is dropped, and the bytes before the
// next start are not an error.
func TestFrameGap(t *testing.T) {
	f := sampleFrame(7, 100, 1000, 1, 3300)
	d, _ := New(sample)
	recs := d.Feed(nil, f[:10], time.Time{}, 0)
	d.Gap()
	recs = d.Feed(recs, append(f[12:], f...), time.Time{}, 100)
	if len(recs) != 1 || d.Errors() != 0 {
		t.Errorf("%q, %d errors; want one frame and none", recTexts(recs), d.Errors())
	}
}

// A length field claiming more than MaxRecordSize is an error, and the
// buffer stays bounded while the decoder resynchronises.
func TestFrameLengthBounds(t *testing.T) {
	spec := Spec{Name: Frame, Start: "7E", LengthOffset: 1, LengthSize: 4, LengthEndian: "be", CRC: "crc32", CRCEndian: "le", Fields: []Field{{Name: "v", Offset: 5, Type: "f64", Endian: "be"}}}
	d, _ := New(spec)
	good := []byte{0x7E, 0, 0, 0, 8}
	good = binary.BigEndian.AppendUint64(good, math.Float64bits(-2.5))
	alg, _ := crcByName("crc32")
	good = binary.LittleEndian.AppendUint32(good, alg.sum(good))
	in := append([]byte{0x7E, 0xFF, 0xFF, 0xFF, 0xFF}, good...)
	recs := d.Feed(nil, in, time.Time{}, 0)
	if strings.Join(recTexts(recs), "|") != "v=-2.5" || d.Errors() != 1 {
		t.Errorf("%q, %d errors", recTexts(recs), d.Errors())
	}
	fd := d.(*frameDecoder)
	for range 100 {
		d.Feed(nil, make([]byte, 4096), time.Time{}, 0)
	}
	if len(fd.buf) > 0 || cap(fd.buf) > 2*MaxRecordSize {
		t.Errorf("after garbage the buffer holds %d bytes (capacity %d)", len(fd.buf), cap(fd.buf))
	}
}

// Fixed-length frames, little-endian CRC (Modbus), every field type.
func TestFrameFixedTypes(t *testing.T) {
	spec := Spec{Name: Frame, Start: "01", Length: 25, CRC: "crc16-modbus", CRCEndian: "le", Fields: []Field{
		{Name: "u8", Offset: 1, Type: "u8"}, {Name: "i8", Offset: 2, Type: "i8"},
		{Name: "u16", Offset: 3, Type: "u16", Endian: "be"}, {Name: "i16", Offset: 5, Type: "i16"},
		{Name: "u32", Offset: 7, Type: "u32"}, {Name: "i32", Offset: 11, Type: "i32", Endian: "be", Scale: 0.5, Add: 10},
		{Name: "f32", Offset: 15, Type: "f32", Endian: "be"}, {Name: "f32b", Offset: 19, Type: "f32"},
	}}
	f := []byte{0x01, 200, 0xFE, 0x12, 0x34, 0xFF, 0xFF, 1, 0, 0, 0x80, 0xFF, 0xFF, 0xFF, 0xFE}
	f = binary.BigEndian.AppendUint32(f, math.Float32bits(1.5))
	f = binary.LittleEndian.AppendUint32(f, math.Float32bits(-0.25))
	alg, _ := crcByName("crc16-modbus")
	f = binary.LittleEndian.AppendUint16(f, uint16(alg.sum(f)))
	runCases(t, spec, []decodeCase{
		{"all types", string(f), []string{"u8=200 i8=-2 u16=4660 i16=-1 u32=2.14748365e+09 i32=9 f32=1.5 f32b=-0.25"}, 0},
	})
	// A float that is not a number is an error, not a value.
	nan := append([]byte(nil), f[:15]...)
	nan = binary.BigEndian.AppendUint32(nan, math.Float32bits(float32(math.NaN())))
	nan = append(nan, f[19:23]...)
	nan = binary.LittleEndian.AppendUint16(nan, uint16(alg.sum(nan)))
	if got, errs := decodeAll(t, spec, string(nan)); len(got) != 0 || errs != 1 {
		t.Errorf("NaN: %q, %d errors", got, errs)
	}
}

func TestSpecValidate(t *testing.T) {
	ok := []Spec{{}, {Name: Arduino}, {Name: NMEA}, {Name: CSV, Header: "true", Columns: []string{"a"}, Separator: "\t"}, {Name: JSON, MaxArray: 4},
		{Name: KV, Separator: "|", Assign: ":"}, {Name: Regex, Pattern: `(?P<a>\d+)`}, sample}
	for _, s := range ok {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
	f := func(mod func(*Spec)) Spec {
		s := sample
		s.Fields = append([]Field(nil), sample.Fields...)
		mod(&s)
		return s
	}
	bad := map[string]Spec{
		"unknown":             {Name: "xml"},
		"option of another":   {Name: NMEA, Pattern: "x"},
		"option, no decoder":  {Separator: ","},
		"csv header":          {Name: CSV, Header: "yes"},
		"csv separator":       {Name: CSV, Separator: ",;"},
		"csv columns twice":   {Name: CSV, Columns: []string{"a", "a"}},
		"kv assign":           {Name: KV, Assign: "=>"},
		"regex none":          {Name: Regex},
		"regex unnamed":       {Name: Regex, Pattern: `(\d+)`},
		"regex broken":        {Name: Regex, Pattern: `(?P<a>\d+`},
		"json max-array":      {Name: JSON, MaxArray: -1},
		"frame start":         f(func(s *Spec) { s.Start = "AG" }),
		"frame no length":     f(func(s *Spec) { s.LengthSize = 0 }),
		"frame both lengths":  f(func(s *Spec) { s.Length = 16 }),
		"frame length size":   f(func(s *Spec) { s.LengthSize = 3 }),
		"frame length offset": f(func(s *Spec) { s.LengthOffset = 1 }),
		"frame crc":           f(func(s *Spec) { s.CRC = "crc7" }),
		"frame crc endian":    f(func(s *Spec) { s.CRCEndian = "middle" }),
		"frame crc-from":      f(func(s *Spec) { s.CRCFrom = 4 }),
		"frame field type":    f(func(s *Spec) { s.Fields[0].Type = "u24" }),
		"frame field name":    f(func(s *Spec) { s.Fields[1].Name = "seq" }),
		"frame field unnamed": f(func(s *Spec) { s.Fields[1].Name = "" }),
		"frame no fields":     f(func(s *Spec) { s.Fields = nil }),
		"frame field past":    {Name: Frame, Start: "AA", Length: 4, CRC: "crc16-xmodem", Fields: []Field{{Name: "a", Offset: 1, Type: "u16"}}},
	}
	for name, s := range bad {
		err := s.Validate()
		if err == nil {
			t.Errorf("%s: %+v is valid", name, s)
			continue
		}
		if _, nerr := New(s); nerr == nil {
			t.Errorf("%s: New accepts what Validate does not", name)
		}
		if !errors.Is(err, ErrSpec) && !errors.Is(err, ErrUnknown) {
			t.Errorf("%s: %v is neither ErrSpec nor ErrUnknown", name, err)
		}
	}
}

// A Spec reads from JSON with the config file's names, header as a bool.
func TestSpecJSON(t *testing.T) {
	var s Spec
	err := json.Unmarshal([]byte(`{"name":"csv","header":true,"columns":["a"],"separator":";"}`), &s)
	if err != nil || s.Name != CSV || s.Header != "true" || s.Separator != ";" || len(s.Columns) != 1 || s.Validate() != nil {
		t.Errorf("%+v, %v", s, err)
	}
	var f Spec
	b, _ := json.Marshal(sample)
	if err := json.Unmarshal(b, &f); err != nil || f.Validate() != nil || f.Fields[4] != sample.Fields[4] || f.CRCFrom != 2 {
		t.Errorf("round trip of %s: %+v, %v", b, f, err)
	}
}
