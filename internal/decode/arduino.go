package decode

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// arduino decodes the Arduino Serial Plotter's lines exactly as the
// console's plot parser did (web/src/plotparse.js), which it replaces:
//
//   - fields are separated by any run of commas and white space; a
//     trailing separator is fine;
//   - a line is labelled when a ':' or '=' appears after its first
//     character (white space trimmed); its pieces are name:value, split
//     on the separators first, so "temp: 23" yields nothing, as in
//     Arduino;
//   - unlabelled values are named by position ("value 1", "value 2", …),
//     or by the fields of a header line: a line of words only, before the
//     numbers, with as many fields as the numeric line has;
//   - numbers are read leniently ("12abc" is 12); a field without a
//     number gives no value.
//
// Where the names repeat on a line, the last value wins. Unlike the
// plot parser, a number too large for a float64 ("1e999") gives no value
// rather than infinity. A line with text but no value that is not a
// header is an error.
type arduino struct {
	header []string // the fields of the last line of words, or nil
}

func (a *arduino) line(vals []Value, b []byte) ([]Value, bool) {
	line := string(b)
	if labelled(line) {
		a.header = nil
		for _, piece := range plotFields(line) {
			c := strings.IndexAny(piece, ":=")
			if c <= 0 {
				continue
			}
			v, ok := leadingNumber(piece[c+1:])
			if !ok {
				continue
			}
			vals = setValue(vals, Value{Name: piece[:c], Num: v})
		}
		return vals, len(vals) == 0
	}
	f := plotFields(line)
	if len(f) == 0 {
		return nil, false
	}
	nums := make([]float64, len(f))
	have := make([]bool, len(f))
	some := false
	for i, s := range f {
		nums[i], have[i] = leadingNumber(s)
		some = some || have[i]
	}
	if !some {
		words := true
		for _, w := range f {
			words = words && isWord(w)
		}
		if words {
			a.header = f
			return nil, false
		}
		a.header = nil
		return nil, true
	}
	names := a.header
	if len(names) != len(f) {
		names = nil
	}
	for i := range f {
		if !have[i] {
			continue
		}
		name := "value " + strconv.Itoa(i+1)
		if names != nil {
			name = names[i]
		}
		vals = setValue(vals, Value{Name: name, Num: nums[i]})
	}
	return vals, false
}

// jsSpace reports whether r is white space as JavaScript's \s and trim()
// see it.
func jsSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || r == '\u2028' || r == '\u2029'
}

// labelled is plotparse.js's isLabelled: a ':' or '=' after the first
// character of the line, leading white space trimmed.
func labelled(line string) bool {
	t := strings.TrimLeftFunc(line, jsSpace)
	return strings.IndexAny(t, ":=") > 0
}

// plotFields is plotparse.js's fields: the line trimmed, split on runs of
// commas and white space; none for an empty line.
func plotFields(line string) []string {
	t := strings.TrimFunc(line, jsSpace)
	if t == "" {
		return nil
	}
	var f []string
	start, inSep := 0, false
	for i, r := range t {
		sep := r == ',' || jsSpace(r)
		switch {
		case sep && !inSep:
			f = append(f, t[start:i])
			inSep = true
		case !sep && inSep:
			start = i
			inSep = false
		}
	}
	if inSep {
		return append(f, "") // as split does: "1," is "1" and ""
	}
	return append(f, t[start:])
}

// leadingNumber is plotparse.js's parseNumber: the number at the start of
// s, /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.
func leadingNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() > 0 {
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	} else if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return 0, false
		}
	} else {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			i = j
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil && !isRange(err) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// isWord is plotparse.js's header word: /^[A-Za-z_][\w.\-/%°]*$/.
func isWord(w string) bool {
	for i, r := range w {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '_':
		case i > 0 && (r >= '0' && r <= '9' || strings.ContainsRune(".-/%°", r)):
		default:
			return false
		}
	}
	return w != "" && utf8.ValidString(w)
}
