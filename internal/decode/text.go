package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// csvDecoder decodes comma-separated lines. Fields may be quoted ("a,b",
// with "" for a quote). A field that is a number is a number, another is
// text, an empty one gives no value. Once the columns are named (by
// Columns or a header line), a line with a different number of fields
// is an error.
type csvDecoder struct {
	sep     rune
	header  Header   // "auto", "true", "false" or "" (auto)
	columns []string // Spec.Columns
	// Owned by the goroutine calling Feed.
	started bool     // the first line is behind
	names   []string // the columns' names; nil: by position
	fields  []string // scratch
}

func (c *csvDecoder) line(vals []Value, b []byte) ([]Value, bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	fields, ok := splitCSV(c.fields[:0], string(b), c.sep)
	c.fields = fields
	if !ok {
		return nil, true
	}
	if !c.started {
		c.started = true
		c.names = c.columns
		isHeader := c.header == "true"
		if c.header == "" || c.header == "auto" {
			for _, f := range fields {
				if _, num := number(f); !num && f != "" {
					isHeader = true
					break
				}
			}
		}
		if isHeader {
			if c.names == nil {
				if uniqueNames(fields) != nil {
					return nil, true // a header must name each column once
				}
				c.names = append([]string(nil), fields...)
			}
			return nil, false
		}
	}
	if c.names != nil && len(fields) != len(c.names) {
		return nil, true
	}
	for i, f := range fields {
		if f == "" {
			continue
		}
		name := "value " + strconv.Itoa(i+1)
		if c.names != nil {
			name = c.names[i]
		}
		vals = append(vals, textOrNumber(name, f))
	}
	return vals, false
}

// splitCSV splits a line into its fields, trimmed of spaces, unquoted.
func splitCSV(out []string, s string, sep rune) ([]string, bool) {
	for {
		s = trimSpace(s)
		if strings.HasPrefix(s, `"`) {
			var sb strings.Builder
			s = s[1:]
			for {
				i := strings.IndexByte(s, '"')
				if i < 0 {
					return out, false // no closing quote
				}
				sb.WriteString(s[:i])
				s = s[i+1:]
				if strings.HasPrefix(s, `"`) {
					sb.WriteByte('"')
					s = s[1:]
					continue
				}
				break
			}
			out = append(out, sb.String())
			s = trimSpace(s)
			if s == "" {
				return out, true
			}
			if !strings.HasPrefix(s, string(sep)) {
				return out, false // text after the closing quote
			}
			s = s[len(string(sep)):]
			continue
		}
		i := strings.IndexRune(s, sep)
		if i < 0 {
			return append(out, trimSpace(s)), true
		}
		out = append(out, trimSpace(s[:i]))
		s = s[i+len(string(sep)):]
	}
}

// jsonDecoder decodes one JSON object per line: numbers are numbers,
// strings text, true and false 1 and 0; null gives no value; a nested
// object's values are named a.b, an array's a.0, a.1, … (at most
// maxArray elements each). A line that is not a JSON object is an error.
type jsonDecoder struct {
	maxArray int
}

var errNotObject = errors.New("not a JSON object")

func (j *jsonDecoder) line(vals []Value, b []byte) ([]Value, bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, true
	}
	vals, err = j.object(vals, dec, "")
	if err != nil {
		return nil, true
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, true // more after the object
	}
	return vals, false
}

// object reads an object's members after its '{', through its '}'.
func (j *jsonDecoder) object(vals []Value, dec *json.Decoder, prefix string) ([]Value, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == json.Delim('}') {
			return vals, nil
		}
		key, ok := tok.(string)
		if !ok || key == "" {
			return nil, errNotObject // a value needs a name
		}
		if vals, err = j.value(vals, dec, prefix+key); err != nil {
			return nil, err
		}
	}
}

// value reads one value named name; skip reads it without keeping it.
func (j *jsonDecoder) value(vals []Value, dec *json.Decoder, name string) ([]Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return j.object(vals, dec, name+".")
		}
		// '[': elements a.0, a.1, … up to maxArray; the rest are read
		// and dropped.
		for i := 0; ; i++ {
			if !dec.More() {
				_, err := dec.Token() // ']'
				return vals, err
			}
			if i < j.maxArray {
				vals, err = j.value(vals, dec, name+"."+strconv.Itoa(i))
			} else {
				var skip json.RawMessage
				err = dec.Decode(&skip)
			}
			if err != nil {
				return nil, err
			}
		}
	case json.Number:
		f, ok := number(string(v))
		if !ok {
			return nil, errors.New("number out of range")
		}
		return setValue(vals, Value{Name: name, Num: f}), nil
	case string:
		return setValue(vals, Value{Name: name, Text: v, IsText: true}), nil
	case bool:
		n := 0.0
		if v {
			n = 1
		}
		return setValue(vals, Value{Name: name, Num: n}), nil
	case nil:
		return vals, nil
	}
	return nil, errNotObject
}

// kvDecoder decodes key=value pairs: "temp=21.5 hum=40", "a:1;b:2",
// "t = 3". A value that is a number is a number, another text (with
// surrounding double quotes removed); a piece without = (or :) is not a
// pair and is skipped; a line with text but no pair is an error.
type kvDecoder struct {
	seps   string // characters between pairs
	assign string // what joins key and value: "=", ":" or "=:"
}

func (k *kvDecoder) line(vals []Value, b []byte) ([]Value, bool) {
	s := string(b)
	isSep := func(c byte) bool { return strings.IndexByte(k.seps, c) >= 0 }
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	text := false
	for i := 0; i < len(s); {
		for i < len(s) && (isSep(s[i]) || blank(s[i])) {
			i++
		}
		if i == len(s) {
			break
		}
		text = true
		start := i
		for i < len(s) && !isSep(s[i]) && !blank(s[i]) && strings.IndexByte(k.assign, s[i]) < 0 {
			i++
		}
		key := s[start:i]
		j := i
		for j < len(s) && blank(s[j]) {
			j++
		}
		if j == len(s) || strings.IndexByte(k.assign, s[j]) < 0 || key == "" {
			if i == start {
				i++ // a lone '=' or ':'
			}
			continue // not a pair
		}
		j++
		for j < len(s) && blank(s[j]) {
			j++
		}
		vstart := j
		if j < len(s) && s[j] == '"' {
			if end := strings.IndexByte(s[j+1:], '"'); end >= 0 {
				vals = setValue(vals, Value{Name: key, Text: s[j+1 : j+1+end], IsText: true})
				i = j + end + 2
				continue
			}
		}
		for j < len(s) && !isSep(s[j]) && !blank(s[j]) {
			j++
		}
		if j > vstart {
			vals = setValue(vals, textOrNumber(key, s[vstart:j]))
		}
		i = j
	}
	return vals, text && len(vals) == 0
}

// regexDecoder decodes lines that match a regular expression: each named
// group that matched is a value, a number if its text is one. A line
// that does not match is an error.
type regexDecoder struct {
	re *regexp.Regexp
}

func (r *regexDecoder) line(vals []Value, b []byte) ([]Value, bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	m := r.re.FindSubmatchIndex(b)
	if m == nil {
		return nil, true
	}
	for i, name := range r.re.SubexpNames() {
		if name == "" || m[2*i] < 0 {
			continue
		}
		vals = append(vals, textOrNumber(name, string(b[m[2*i]:m[2*i+1]])))
	}
	return vals, false
}
