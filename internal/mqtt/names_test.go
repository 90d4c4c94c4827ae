package mqtt

import (
	"strings"
	"testing"
)

func TestTopicName(t *testing.T) {
	for _, tc := range []struct{ name, level string }{
		{"ttyUSB0", "ttyUSB0"},
		{"lab-1.bench_2", "lab-1.bench_2"},
		{"gw1/ttyUSB0", "gw1%2FttyUSB0"},
		{"a+b#c", "a%2Bb%23c"},
		{"50%", "50%25"},
		{"temp C", "temp%20C"},
		{"é", "%C3%A9"},
		{"", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TopicName(tc.name); got != tc.level {
				t.Fatalf("TopicName(%q) = %q, want %q", tc.name, got, tc.level)
			}
			if back, ok := UnTopicName(tc.level); !ok || back != tc.name {
				t.Fatalf("UnTopicName(%q) = %q, %v", tc.level, back, ok)
			}
		})
	}
	for _, bad := range []string{"a/b", "a+", "#", "%2f", "%41", "%2", "x%"} {
		if name, ok := UnTopicName(bad); ok {
			t.Errorf("UnTopicName(%q) = %q, want not ok", bad, name)
		}
	}
}

// FuzzTopicName checks the mapping is one to one and never makes a
// level with a separator or a wildcard.
func FuzzTopicName(f *testing.F) {
	f.Add("gw/port")
	f.Add("+#%")
	f.Fuzz(func(t *testing.T, name string) {
		level := TopicName(name)
		if strings.ContainsAny(level, "/+#\x00") {
			t.Fatalf("TopicName(%q) = %q", name, level)
		}
		if back, ok := UnTopicName(level); !ok || back != name {
			t.Fatalf("UnTopicName(TopicName(%q)) = %q, %v", name, back, ok)
		}
		if n, ok := UnTopicName(name); ok && TopicName(n) != name {
			t.Fatalf("TopicName(UnTopicName(%q)) = %q", name, TopicName(n))
		}
	})
}

func TestLineSplitter(t *testing.T) {
	long := strings.Repeat("x", MaxLine)
	for _, tc := range []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"crlf", []string{"a\r\nb\n"}, []string{"a", "b"}},
		{"split", []string{"hel", "lo\r", "\nwor", "ld\n", "partial"}, []string{"hello", "world"}},
		{"empty lines", []string{"\n\r\n"}, []string{"", ""}},
		{"inner cr kept", []string{"a\rb\n"}, []string{"a\rb"}},
		{"exactly max", []string{long + "\n"}, []string{long}},
		{"longer", []string{long + "yz\n"}, []string{long, "yz"}},
		{"longer in pieces", []string{long[:10], long[10:] + "y", "z\n"}, []string{long, "yz"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s lineSplitter
			var got []string
			for _, c := range tc.chunks {
				s.feed([]byte(c), func(l []byte) { got = append(got, string(l)) })
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Fatalf("lines %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzLineSplitter(f *testing.F) {
	f.Add([]byte("a\r\nb\nc"), 3)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		var s lineSplitter
		var n int
		emit := func(l []byte) {
			if len(l) > MaxLine || strings.Contains(string(l), "\n") {
				t.Fatalf("line of %d bytes: %q", len(l), l)
			}
			n++
		}
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		s.feed(b[:cut], emit)
		s.feed(b[cut:], emit)
		if lf := strings.Count(string(b), "\n"); n < lf {
			t.Fatalf("%d lines for %d LFs", n, lf)
		}
	})
}
