package job_test

import (
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/job"
)

// FuzzProfileOptions: any profile name and options from a request's query
// give a profile or a clear error (ErrBadProfile), never a panic, and a
// profile they give holds what the runner relies on.
func FuzzProfileOptions(f *testing.F) {
	f.Add("grbl", "buffer", "255", "timeout", "2s")
	f.Add("marlin", "resend", `^Resend: (\d+)`, "busy", "^busy")
	f.Add("line", "ok", "(", "eol", "crlf")
	f.Add("delay", "char-delay", "1ms", "others", "wait")
	f.Add("nope", "colour", "red", "", "")
	f.Fuzz(func(t *testing.T, name, k1, v1, k2, v2 string) {
		p, err := (*job.Profiles)(nil).Get(name, map[string]string{k1: v1, k2: v2})
		if err != nil {
			if !strings.Contains(err.Error(), "profile") {
				t.Fatalf("an error that does not say what is wrong: %v", err)
			}
			return
		}
		if p.Kind == job.KindGrbl && p.Buffer < 1 {
			t.Fatalf("a grbl profile with a buffer of %d", p.Buffer)
		}
		if p.Kind == job.KindMarlin && (p.Resend == nil || p.Resend.NumSubexp() < 1) {
			t.Fatal("a marlin profile without a resend pattern that gives the line")
		}
		if p.EOL == "" || p.Timeout < 0 || p.Delay < 0 || p.CharDelay < 0 {
			t.Fatalf("profile %+v", p)
		}
	})
}

// FuzzPrepare: any file gives lines without line endings, none blank, and
// for G-code none with a comment left; each names a line of the file.
func FuzzPrepare(f *testing.F) {
	f.Add("G28\n; home\n(part)\nG1 X1 ; move\n%\n\r\n")
	f.Add("N1 G1 X(unclosed\nM117 a;b\n")
	f.Add("\x00\xff\r\r\n\n")
	line, _ := (*job.Profiles)(nil).Get("line", nil)
	grbl, _ := (*job.Profiles)(nil).Get("grbl", nil)
	f.Fuzz(func(t *testing.T, file string) {
		total := strings.Count(file, "\n") + 1
		for _, p := range []job.Profile{line, grbl} {
			for _, l := range p.Prepare([]byte(file)) {
				if strings.ContainsAny(l.Text, "\n") || strings.TrimSpace(l.Text) == "" {
					t.Fatalf("%s: line %q", p.Name, l.Text)
				}
				if l.Source < 1 || l.Source > total {
					t.Fatalf("%s: line %q from line %d of %d", p.Name, l.Text, l.Source, total)
				}
				if p.Comments == job.CommentsGcode && (strings.ContainsAny(l.Text, ";(") || l.Text == "%") {
					t.Fatalf("%s: a comment left in %q", p.Name, l.Text)
				}
			}
		}
	})
}
