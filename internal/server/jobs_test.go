//go:build linux

package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// startJob posts a job and returns it, failing unless the answer is want.
func (e *env) startJob(h http.Header, query, file string, want int) protocol.Job {
	e.t.Helper()
	status, b, _ := do(e.t, http.MethodPost, e.srv.URL+"/api/ports/dev/jobs?"+query, h, file)
	if status != want {
		e.t.Fatalf("POST jobs?%s: %d %s; want %d", query, status, b, want)
	}
	var j protocol.Job
	if status == http.StatusCreated {
		if err := json.Unmarshal([]byte(b), &j); err != nil {
			e.t.Fatal(err)
		}
	}
	return j
}

// jobAction posts pause, resume or cancel and returns the status and body.
func (e *env) jobAction(h http.Header, id, action string) (int, string) {
	e.t.Helper()
	status, b, _ := do(e.t, http.MethodPost, e.srv.URL+"/api/ports/dev/jobs/"+id+"/"+action, h, "")
	return status, b
}

// waitJob reads until a job event for which ok is true.
func (c *client) waitJob(ok func(protocol.Job) bool) protocol.Job {
	c.e.t.Helper()
	for {
		ev := c.waitEvent(protocol.TypeJob)
		if ev.Job == nil {
			c.e.t.Fatalf("a job event without its job: %s", ev.Raw)
		}
		if ok(*ev.Job) {
			return *ev.Job
		}
	}
}

func jobState(s string) func(protocol.Job) bool {
	return func(j protocol.Job) bool { return j.State == s }
}

// A job over REST: it runs without any client, every client sees its
// events and the port object's job, another client's writes are refused
// meanwhile with job_running, pause, resume and cancel act, and the
// capture has each line's send and acknowledgement.
func TestJobsOverREST(t *testing.T) {
	w, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, withPortConfig(func(c *hub.Config) { c.Recorder = w }))
	watcher := e.dial("replay=0")
	watcher.waitStatus(protocol.StateOpen)
	device := bufio.NewReader(e.pty.Master)
	line := func() string {
		t.Helper()
		s, err := device.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(s, "\n")
	}

	j := e.startJob(nil, "profile=line&name=dir/part.gcode&timeout=10s", "G28\n; home first\nG1 X1\nG1 X2\nG1 X3\n", http.StatusCreated)
	if j.ID == "" || j.Lines != 5 || j.Name != "part.gcode" || j.Profile != "line" {
		t.Fatalf("started %+v", j)
	}
	if got := line(); got != "G28" {
		t.Fatalf("device got %q", got)
	}
	running := watcher.waitJob(jobState(protocol.JobRunning))
	if running.ID != j.ID {
		t.Fatalf("job event %+v", running)
	}
	// Another client's bytes are refused, with the code that says why.
	other := e.dial("replay=0")
	other.waitStatus(protocol.StateOpen)
	if err := other.Send(e.ctx, []byte("M112\n")); err != nil {
		t.Fatal(err)
	}
	if ev := other.waitEvent(protocol.TypeError); ev.Code != protocol.CodeJobRunning {
		t.Fatalf("another client's write: %s", ev.Raw)
	}
	e.device([]byte("ok\n"))
	if got := line(); got != "; home first" {
		t.Fatalf("device got %q: the line profile sends comments unless comments=gcode", got)
	}
	if status, b := e.jobAction(nil, j.ID, "pause"); status != http.StatusOK || !strings.Contains(b, `"paused"`) {
		t.Fatalf("pause: %d %s", status, b)
	}
	if status, b := e.jobAction(nil, j.ID, "pause"); status != http.StatusConflict || !strings.Contains(b, protocol.CodeJobState) {
		t.Fatalf("pause again: %d %s", status, b)
	}
	e.device([]byte("ok\n"))
	watcher.waitJob(func(j protocol.Job) bool { return j.Acked == 2 })
	if status, _ := e.jobAction(nil, j.ID, "resume"); status != http.StatusOK {
		t.Fatalf("resume: %d", status)
	}
	if got := line(); got != "G1 X1" {
		t.Fatalf("after resume the device got %q", got)
	}
	e.device([]byte("ok\n"))
	line()
	// The list, and a new client's port object, show the job.
	var list []protocol.Job
	getJSON(t, e.srv.URL+"/api/ports/dev/jobs", http.StatusOK, &list)
	if len(list) != 1 || list[0].ID != j.ID || list[0].State != protocol.JobRunning || list[0].Lines != 5 {
		t.Fatalf("list %+v", list)
	}
	late := e.dial("replay=0")
	if p := late.waitStatus(protocol.StateOpen); p.Job == nil || p.Job.ID != j.ID {
		t.Fatalf("a new client's port object: job %+v", p.Job)
	}
	if status, b := e.jobAction(nil, j.ID, "cancel"); status != http.StatusOK || !strings.Contains(b, `"cancelled"`) {
		t.Fatalf("cancel: %d %s", status, b)
	}
	if c := watcher.waitJob(jobState(protocol.JobCancelled)); c.Reason == "" || c.Ended == nil || c.Acked != 3 {
		t.Fatalf("cancelled %+v", c)
	}
	e.wantMetrics(`serialhub_job_lines{job="1",port="dev"} 5`, `serialhub_job_acked_lines{job="1",port="dev"} 3`,
		`serialhub_job_state{job="1",port="dev",state="cancelled"} 1`, `serialhub_job_state{job="1",port="dev",state="running"} 0`)
	// Others write again.
	if err := other.Send(e.ctx, []byte("free\n")); err != nil {
		t.Fatal(err)
	}
	if got := line(); got != "free" {
		t.Fatalf("after the job the device got %q", got)
	}

	resp, err := http.Get(e.srv.URL + "/api/ports/dev/capture")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"# job " + j.ID + ": running", "# job " + j.ID + ": sent line 1\n", "# job " + j.ID + ": line 1 acknowledged after ", "# job " + j.ID + ": paused: paused by ", "# job " + j.ID + ": cancelled: cancelled by "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the capture lacks %q:\n%s", want, text)
		}
	}
}

// Requests that cannot be carried out get clear errors, and change nothing.
func TestJobRefusals(t *testing.T) {
	e := startAuthed(t)
	ctl, viewer := bearer(controlToken), bearer(viewToken)
	for _, tc := range []struct {
		query, file string
		h           http.Header
		status      int
		code        string
	}{
		{"profile=lathe", "G0\n", ctl, http.StatusBadRequest, protocol.CodeBadRequest},
		{"profile=grbl&buffer=none", "G0\n", ctl, http.StatusBadRequest, protocol.CodeBadRequest},
		{"profile=line&colour=red", "G0\n", ctl, http.StatusBadRequest, protocol.CodeBadRequest},
		{"profile=line", "\n\n", ctl, http.StatusBadRequest, protocol.CodeBadRequest},
		{"profile=line&from=0", "G0\n", ctl, http.StatusBadRequest, protocol.CodeBadRequest},
		{"profile=line", "G0\n", viewer, http.StatusForbidden, protocol.CodeForbidden},
		{"profile=line", "G0\n", nil, http.StatusUnauthorized, protocol.CodeUnauthorized},
	} {
		status, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/ports/dev/jobs?"+tc.query, tc.h, tc.file)
		if status != tc.status || !strings.Contains(b, `"`+tc.code+`"`) {
			t.Errorf("POST jobs?%s: %d %s; want %d %s", tc.query, status, b, tc.status, tc.code)
		}
	}
	if status, b := e.jobAction(ctl, "42", "pause"); status != http.StatusNotFound {
		t.Errorf("pause of no job: %d %s", status, b)
	}
	j := e.startJob(ctl, "profile=line", "G0\n", http.StatusCreated)
	if status, b := e.jobAction(viewer, j.ID, "cancel"); status != http.StatusForbidden {
		t.Errorf("a viewer's cancel: %d %s", status, b)
	}
	if status, b := e.jobAction(ctl, j.ID, "explode"); status != http.StatusNotFound {
		t.Errorf("an unknown action: %d %s", status, b)
	}
	var list []protocol.Job
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/ports/dev/jobs", nil)
	req.Header.Set("Authorization", "Bearer "+viewToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(list) != 1 || list[0].State != protocol.JobRunning {
		t.Fatalf("a viewer's list: %d %+v", resp.StatusCode, list)
	}
}

// While another client holds the port's lease, a job cannot be started
// or controlled except under it; the lease's holder may.
func TestJobsObeyTheLease(t *testing.T) {
	e := start(t)
	status, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/ports/dev/lease", nil, `{"ttl":"1m"}`)
	if status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("lease: %d %s", status, b)
	}
	var l protocol.Lease
	if err := json.Unmarshal([]byte(b), &l); err != nil {
		t.Fatal(err)
	}
	if status, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/ports/dev/jobs?profile=line", nil, "G0\n"); status != http.StatusConflict || !strings.Contains(b, protocol.CodeLocked) {
		t.Fatalf("a job without the lease: %d %s", status, b)
	}
	holder := http.Header{protocol.LeaseHeader: {l.Lease}}
	e.startJob(holder, "profile=line", "G0\n", http.StatusCreated)
	device := bufio.NewReader(e.pty.Master)
	if s, err := device.ReadString('\n'); err != nil || s != "G0\n" {
		t.Fatalf("the device got %q, %v", s, err)
	}
}
