package job_test

import (
	"maps"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
)

// BenchmarkGrblProfile streams a part through the grbl profile into
// sim://grbl at 115,200 baud, its moves instant, so that the line is the
// only limit, and reports the lines a second it reached beside the
// theoretical limit of the baud rate: 11,520 bytes a second (8N1: ten bits
// a byte) over the bytes of a line, its LF included. The answers travel
// on the line too ("ok\r\n" for each), but the other way, so they cost
// nothing against the limit.
//
//	go test -run '^$' -bench GrblProfile -benchtime 3x ./internal/job/
func BenchmarkGrblProfile(b *testing.B) {
	for _, bc := range []struct {
		name, profile, device string
		opts                  map[string]string
	}{
		// Character counting into grbl's 127 bytes.
		{"grbl", "grbl", "sim://grbl", nil},
		// One line at a time, for comparison.
		{"line", "line", "sim://grbl", nil},
		// The simulator's own ceiling: a controller whose buffer takes
		// the whole file, so that nothing waits for an answer.
		{"unbounded", "grbl", "sim://grbl?buffer=65536", map[string]string{"buffer": "65536"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const baud, lines = 115200, 2000
			file, moves := part(lines)
			sent := 0
			for _, m := range moves {
				sent += len(m) + 1
			}
			var took time.Duration
			for b.Loop() {
				r := newSimRig(b, bc.device, baud)
				start := time.Now()
				opts := map[string]string{"comments": "gcode"}
				maps.Copy(opts, bc.opts)
				p, err := (*job.Profiles)(nil).Get(bc.profile, opts)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.jobs.Start(r.port, job.Request{Profile: p, File: []byte(file)}); err != nil {
					b.Fatal(err)
				}
				done := r.until("done", func(j hub.JobInfo) bool { return !j.Ended.IsZero() })
				took += time.Since(start)
				if done.State != job.StateDone || r.log().Counts().Overflows != 0 {
					b.Fatalf("the job ended %+v, overflows %d", done, r.log().Counts().Overflows)
				}
			}
			rate := float64(lines*b.N) / took.Seconds()
			limit := float64(baud) / 10 / (float64(sent) / lines)
			b.ReportMetric(rate, "lines/s")
			b.ReportMetric(limit, "limit-lines/s")
			b.ReportMetric(100*rate/limit, "%-of-limit")
			b.ReportMetric(0, "ns/op")
		})
	}
}
