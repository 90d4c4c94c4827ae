package decode

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// decodeAll feeds input to a new decoder for spec in one chunk and
// returns its records, each as text (see recText), and its error count.
func decodeAll(t *testing.T, spec Spec, input string) ([]string, uint64) {
	t.Helper()
	d, err := New(spec)
	if err != nil {
		t.Fatalf("New(%+v): %v", spec, err)
	}
	recs := d.Feed(nil, []byte(input), time.Unix(1, 0), 0)
	return recTexts(recs), d.Errors()
}

// recText is a record's values as "name=value ...", text values quoted.
func recText(r Record) string {
	var sb strings.Builder
	for i, v := range r.Values {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(v.Name)
		sb.WriteByte('=')
		if v.IsText {
			sb.WriteString(strconv.Quote(v.Text))
		} else {
			sb.WriteString(strconv.FormatFloat(v.Num, 'g', 9, 64))
		}
	}
	return sb.String()
}

func recTexts(recs []Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, recText(r))
	}
	return out
}

// checkSplits feeds input to new decoders for spec cut in two at every
// byte, and fails unless each gives the records and errors of one chunk,
// with the same offsets.
func checkSplits(t *testing.T, spec Spec, input string) {
	t.Helper()
	whole, _ := New(spec)
	want := whole.Feed(nil, []byte(input), time.Unix(1, 0), 0)
	for cut := 0; cut <= len(input); cut++ {
		d, _ := New(spec)
		got := d.Feed(nil, []byte(input[:cut]), time.Unix(1, 0), 0)
		got = d.Feed(got, []byte(input[cut:]), time.Unix(2, 0), uint64(cut))
		if len(got) != len(want) || d.Errors() != whole.Errors() {
			t.Fatalf("cut at %d: %d records %q, %d errors; in one piece %d %q, %d errors", cut, len(got), recTexts(got), d.Errors(), len(want), recTexts(want), whole.Errors())
		}
		for i := range got {
			if recText(got[i]) != recText(want[i]) || got[i].Offset != want[i].Offset {
				t.Fatalf("cut at %d: record %d is %q at %d, want %q at %d", cut, i, recText(got[i]), got[i].Offset, recText(want[i]), want[i].Offset)
			}
			// The record's time is that of the chunk with its last byte.
			wantT := time.Unix(1, 0)
			if got[i].Offset > uint64(cut) {
				wantT = time.Unix(2, 0)
			}
			if !got[i].Time.Equal(wantT) {
				t.Fatalf("cut at %d: record %d (ending at %d) has time %v, want %v", cut, i, got[i].Offset, got[i].Time, wantT)
			}
		}
	}
}

type decodeCase struct {
	name  string
	input string
	want  []string
	errs  uint64
}

func runCases(t *testing.T, spec Spec, cases []decodeCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := decodeAll(t, spec, tt.input)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || errs != tt.errs {
				t.Errorf("%q:\n got %q, %d errors\nwant %q, %d errors", tt.input, got, errs, tt.want, tt.errs)
			}
			checkSplits(t, spec, tt.input)
		})
	}
}
