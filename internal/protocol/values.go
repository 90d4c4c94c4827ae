package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Decoded values (docs/decoders.md): a port with a decoder turns its
// stream into records of named values. A WebSocket client that asks
// (QueryValues) gets them as Values events; GET /api/ports/{name}/values
// answers the recent ones (ValuesAnswer).

// TypeValues is the event of decoded records.
const TypeValues = "values"

// QueryValues: "1" asks a WebSocket for Values events as well.
const QueryValues = "values"

// Values carries records decoded since the last such event, after Missed
// records this client missed (it fell behind).
type Values struct {
	Type    string   `json:"type"` // TypeValues
	Records []Record `json:"records"`
	Missed  uint64   `json:"missed,omitempty"`
}

// ValuesAnswer is the answer of GET /api/ports/{name}/values.
type ValuesAnswer struct {
	Decoder string   `json:"decoder"`
	Records []Record `json:"records"` // oldest first
	Errors  uint64   `json:"errors"`  // the decoder's errors so far (the port object's decodeErrors)
	// Next is the offset to ask for next (?since=): the last record's
	// offset, or the since asked if there was none.
	Next uint64 `json:"next"`
}

// Record is one record: its values by name, in the order the device gave
// them, the device read time of its last byte and the stream offset just
// past it.
type Record struct {
	Time   time.Time `json:"time"`
	Offset uint64    `json:"offset"`
	Values Fields    `json:"values"`
}

// Field is one named value: a float64 or a string.
type Field struct {
	Name  string
	Value any
}

// Fields are a record's values: a JSON object whose keys keep their order.
type Fields []Field

// MarshalJSON writes the fields as one object, in order. A number that
// is not finite (NaN, ±Inf) is written as null: JSON has no such numbers.
func (fs Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		switch v := f.Value.(type) {
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b.WriteString("null")
			} else {
				b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
		case string:
			s, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			b.Write(s)
		default:
			return nil, fmt.Errorf("field %s: a %T, want a number or a string", f.Name, f.Value)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of numbers and strings, keeping the
// keys' order.
func (fs *Fields) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("values: want an object")
	}
	out := Fields{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		if tok, err = dec.Token(); err != nil {
			return err
		}
		switch v := tok.(type) {
		case json.Number:
			f, err := v.Float64()
			if err != nil {
				return fmt.Errorf("values: %s: %w", name, err)
			}
			out = append(out, Field{name, f})
		case string:
			out = append(out, Field{name, v})
		case nil:
			out = append(out, Field{name, math.NaN()})
		default:
			return fmt.Errorf("values: %s: want a number or a string", name)
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*fs = out
	return nil
}
