package decode

import (
	"strings"
	"testing"
	"time"
)

// The cases of web/src/parse.test.js ("plot: …"), line by line through
// one decoder as through one PlotParser: the decoder that replaces the
// console's plot parser must give the same values, named the same.
// want is the record's values ("" for none); bad marks a line counted as
// an error (the plot parser just gave nothing).
func TestArduinoMatchesPlotParser(t *testing.T) {
	groups := []struct {
		name  string
		lines []struct {
			in, want string
			bad      bool
		}
	}{
		{"labelled lines", []struct {
			in, want string
			bad      bool
		}{
			{"a:1,b:2", "a=1 b=2", false},
			{"temp:21.5 hum:40\t,", "temp=21.5 hum=40", false},
			{"temp: 23", "", true}, // as in Arduino: a space after the colon yields nothing
			{"x=3 y=-4e2", "x=3 y=-400", false},
			{"v:12abc", "v=12", false},
			{":5", "", true}, // ':' first is not a label
		}},
		{"unlabelled values and plain numbers", []struct {
			in, want string
			bad      bool
		}{
			{"42", "value 1=42", false},
			{"1 2\t3,4,,", "value 1=1 value 2=2 value 3=3 value 4=4", false},
			{"1 x 3", "value 1=1 value 3=3", false},
			{"hello world", "", false}, // words: a header
			{"", "", false},
			{"7\r", "value 1=7", false},
		}},
		{"a header line names the columns", []struct {
			in, want string
			bad      bool
		}{
			{"temp hum", "", false},
			{"21 40", "temp=21 hum=40", false},
			{"booting the device now", "", false},
			{"1 2", "value 1=1 value 2=2", false}, // 4 words, 2 values: not a header
		}},
		{"more of plotparse.js's rules", []struct {
			in, want string
			bad      bool
		}{
			{"  a=1", "a=1", false},                 // leading white space trimmed before the ':' test
			{"t°C rh% v/s", "", false},              // header words may hold ° % / . -
			{"1,2,3", "t°C=1 rh%=2 v/s=3", false},   // and the header lasts
			{",5", "value 2=5", false},              // a leading separator is an empty first field
			{"-.5 +3 .e1", "t°C=-0.5 rh%=3", false}, // three fields: the header still names them
			{"1e3x 2E-2", "value 1=1000 value 2=0.02", false},
			{"a:1 b:x c:2", "a=1 c=2", false}, // labelled: a piece without a number is skipped
			{"Hello, world!", "", true},       // no number, not words: an error
			{"1 2", "value 1=1 value 2=2", false},
			{"a:1 a:2", "a=2", false}, // a name twice: the last value
			{"1e999 5", "value 2=5", false},
			{"\u00a01\u00a02", "value 1=1 value 2=2", false}, // JavaScript's \s includes no-break space
		}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			d, _ := New(Spec{Name: Arduino})
			for _, l := range g.lines {
				before := d.Errors()
				recs := d.Feed(nil, []byte(l.in+"\n"), time.Time{}, 0)
				got := strings.Join(recTexts(recs), "|")
				if got != l.want || (d.Errors() > before) != l.bad {
					t.Errorf("%q: %q, error %v; want %q, error %v", l.in, got, d.Errors() > before, l.want, l.bad)
				}
			}
		})
	}
}

func TestArduinoSplits(t *testing.T) {
	checkSplits(t, Spec{Name: Arduino}, "temp hum\r\n21 40\r\na:1,b:2\nnoise!\n1 2 3\n")
}
