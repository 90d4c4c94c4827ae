//go:build linux

package web_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// Jobs (issue 16, docs/jobs.md) in the console: the job panel of a pane
// and Send file…'s "Stream as a job".

// lineDevice plays a device that takes lines: each line it reads is handed
// on, and the test answers it (ok). It reads through a non-blocking copy of
// the pty master's descriptor, so that closing it wakes the reader (the
// master itself is blocking once Fd was called). Start it once the port has
// opened the device: a master whose slave no one has open reads EIO.
type lineDevice struct {
	t     *testing.T
	pty   *serialtest.PTY
	lines chan string // each line read, without its ending
	r     *os.File    // the copy read from; closed by the test's cleanup
	wg    sync.WaitGroup
}

func readLines(t *testing.T, d *device) *lineDevice {
	t.Helper()
	r, err := d.pty.Reader()
	if err != nil {
		t.Fatal(err)
	}
	ld := &lineDevice{t: t, pty: d.pty, lines: make(chan string, 1024), r: r}
	ld.wg.Go(func() {
		sc := bufio.NewScanner(ld.r)
		for sc.Scan() {
			ld.lines <- strings.TrimRight(sc.Text(), "\r")
		}
	})
	t.Cleanup(func() {
		ld.r.Close()
		ld.wg.Wait()
	})
	return ld
}

// expect waits for the next line the device reads and compares it.
func (d *lineDevice) expect(want string) {
	d.t.Helper()
	select {
	case got := <-d.lines:
		if got != want {
			d.t.Fatalf("the device read %q, want %q", got, want)
		}
	case <-time.After(waitTimeout):
		d.t.Fatalf("the device read no line within %v (want %q)", waitTimeout, want)
	}
}

// none fails if the device has read a line not yet expected.
func (d *lineDevice) none(why string) {
	d.t.Helper()
	select {
	case got := <-d.lines:
		d.t.Fatalf("%s: the device read %q", why, got)
	default:
	}
}

// ok answers the line in flight.
func (d *lineDevice) ok() {
	d.t.Helper()
	if _, err := d.pty.Master.Write([]byte("ok\n")); err != nil {
		d.t.Fatalf("device write: %v", err)
	}
}

// restJob makes a REST request on the port's jobs (path after
// /api/ports/dev/jobs) and decodes the job answered; h: extra headers.
func restJob(t *testing.T, srv *serialtest.Server, method, path, query, body string, h http.Header, want int) protocol.Job {
	t.Helper()
	u := srv.URL + "/api/ports/dev/jobs" + path
	if query != "" {
		u += "?" + query
	}
	status, b := rest(t, method, u, h, body)
	if status != want {
		var e protocol.ErrorBody
		json.Unmarshal(b, &e)
		t.Fatalf("%s %s: %d %s (%s: %s), want %d", method, u, status, http.StatusText(status), e.Code, e.Error, want)
	}
	var j protocol.Job
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return j
}

// jobState is the job's state as the server has it.
func jobState(t *testing.T, srv *serialtest.Server, id string) protocol.Job {
	t.Helper()
	return restJob(t, srv, http.MethodGet, "/"+id, "", "", nil, http.StatusOK)
}

// jobPanel evaluates to what the pane's job panel shows, as a string.
func (p *page) jobPanel() string {
	p.t.Helper()
	return eval[string](p, p.jobPanelJS())
}

func (p *page) jobPanelJS() string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e.hidden ? '(hidden)' : e.innerText.replace(/\s+/g, ' ').trim(); })()`, p.sel(".job-panel"))
}

// waitJob waits until the job panel shows every one of texts.
func (p *page) waitJob(texts ...string) {
	p.t.Helper()
	want, _ := json.Marshal(texts)
	_, err := chromedp.Run(p.ctx, chromedp.PollFunction[chromedp.Void](
		`(s, want) => { const e = document.querySelector(s); const t = e.hidden ? '' : e.innerText.replace(/\s+/g, ' '); return want.every((w) => t.includes(w)); }`,
		chromedp.WithPollingArgs(p.sel(".job-panel"), texts), chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		p.t.Fatalf("waiting for the job panel to show %s: %v; it shows %q%s", want, err, p.jobPanel(), p.describe())
	}
}

// jobFile writes a file of lines, with a blank line among them (not sent).
func jobFile(t *testing.T, name, prefix string, n int) (path, body string) {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s%d\n", prefix, i)
		if i == 2 {
			b.WriteString("\n")
		}
	}
	path = filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.String()
}

// A job started from Send file… reaches the device line by line, at the
// pace the device answers; a second browser follows its progress; closing
// the first browser stops nothing; Pause sends no more lines until Resume;
// the job ends done, and its panel can be dismissed. Then Cancel, of a
// queued job and of a running one, after a confirmation.
func TestJobFromSendFileOutlivesTheBrowser(t *testing.T) {
	dev := newDevice(t)
	srv, _ := startServer(t, "", hub.Config{Name: "dev", Device: dev.pty.Path})
	d := readLines(t, dev)
	a, b := newPage(t), newPage(t)
	a.open(srv.URL)
	b.open(srv.URL)
	b.waitFor("no job panel yet", `(s) => document.querySelector(s).hidden`, b.sel(".job-panel"))

	path, _ := jobFile(t, "part.gcode", "L", 10)
	a.do("click Send file…", chromedp.Click(chromedp.CSS(a.sel(".file-button"))))
	a.waitFor("the file box", `(s) => !document.querySelector(s).hidden`, a.sel(".file-box"))
	a.do("choose Stream as a job", chromedp.Click(chromedp.CSS(a.sel(".file-mode-job"))))
	a.choose(a.sel(".job-profile-select"), "line")
	a.setValue(a.sel(".job-timeout"), "30s")
	a.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(a.sel(".job-file-input")), []string{path}))
	for i := 1; i <= 3; i++ {
		d.expect(fmt.Sprintf("L%d", i))
		d.ok()
	}
	d.expect("L4") // in flight
	for _, p := range []*page{a, b} {
		p.waitJob("part.gcode", "line", "Running", "3 / 10 lines", "0 errors", "0 resends", "started by a browser at 127.0.0.1", "elapsed 00:")
	}
	if v := eval[float64](b, fmt.Sprintf(`document.querySelector(%q).value`, b.sel(".job-progress"))); v != 3 {
		t.Fatalf("the progress bar is at %v, want 3 (of 10)", v)
	}
	a.waitFor("the file box closed", `(s) => document.querySelector(s).hidden`, a.sel(".file-box"))

	// The first browser goes: the job goes on.
	if err := chromedp.Cancel(a.ctx); err != nil {
		t.Fatalf("close the first browser: %v", err)
	}
	for i := 4; i <= 5; i++ {
		d.ok()
		d.expect(fmt.Sprintf("L%d", i+1))
	}
	b.waitJob("Running", "5 / 10 lines")
	b.screenshot("console-job-panel.png")

	// Pause: the line in flight is answered, and nothing more is sent.
	b.do("Pause", chromedp.Click(chromedp.CSS(b.sel(".job-actions .job-pause"))))
	b.waitJob("Paused", "paused by a browser at 127.0.0.1")
	if j := jobState(t, srv, "1"); j.State != protocol.JobPaused {
		t.Fatalf("after Pause the job is %s", j.State)
	}
	d.ok() // L6
	b.waitJob("Paused", "6 / 10 lines")
	if j := jobState(t, srv, "1"); j.Acked != 6 || j.Sent != 6 {
		t.Fatalf("paused: sent %d, acked %d, want 6 and 6", j.Sent, j.Acked)
	}
	d.none("paused, with line 6 answered")
	b.do("Resume", chromedp.Click(chromedp.CSS(b.sel(".job-actions .job-resume"))))
	for i := 7; i <= 10; i++ {
		d.expect(fmt.Sprintf("L%d", i))
		d.ok()
	}
	b.waitJob("Done", "10 / 10 lines")
	if j := jobState(t, srv, "1"); j.State != protocol.JobDone || j.Acked != 10 {
		t.Fatalf("the job ended %s with %d lines acknowledged, want done and 10", j.State, j.Acked)
	}
	b.do("Dismiss", chromedp.Click(chromedp.CSS(b.sel(".job-dismiss"))))
	b.waitFor("the panel dismissed", `(s) => document.querySelector(s).hidden`, b.sel(".job-panel"))

	// Two more over REST: one runs, one is queued. Cancel each from the panel.
	_, body := jobFile(t, "two.txt", "M", 3)
	restJob(t, srv, http.MethodPost, "", "profile=line&name=two.txt", body, nil, http.StatusCreated)
	restJob(t, srv, http.MethodPost, "", "profile=line&name=three.txt", body, nil, http.StatusCreated)
	d.expect("M1")
	b.waitJob("two.txt", "Running", "0 / 3 lines", "Queued: three.txt · line · 3 lines · by a program at 127.0.0.1")
	b.do("Cancel the queued job", chromedp.Click(chromedp.CSS(b.sel(`.job-queue [data-job="3"] .job-cancel`))))
	b.do("confirm", chromedp.Click(chromedp.ID("confirm-ok")))
	b.waitFor("the queue emptied", `(s) => document.querySelector(s).hidden`, b.sel(".job-queue"))
	if j := jobState(t, srv, "3"); j.State != protocol.JobCancelled {
		t.Fatalf("the queued job is %s after Cancel", j.State)
	}
	b.do("Cancel the running job", chromedp.Click(chromedp.CSS(b.sel(".job-actions .job-cancel"))))
	b.do("confirm", chromedp.Click(chromedp.ID("confirm-ok")))
	b.waitJob("two.txt", "Cancelled", "cancelled by a browser at 127.0.0.1")
	if j := jobState(t, srv, "2"); j.State != protocol.JobCancelled {
		t.Fatalf("the running job is %s after Cancel", j.State)
	}
	d.ok() // M1's answer comes too late: nothing follows it
	d.none("cancelled")
}

// A user with the view role sees the job and its buttons, disabled, saying why.
func TestJobButtonsAreDisabledForAViewer(t *testing.T) {
	users := controlAndViewUsers(t)
	dev := newDevice(t)
	ctl := http.Header{"Authorization": {"Bearer " + controlUserToken}}
	srv, _ := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Auth: users},
	}, ctl)
	d := readLines(t, dev)
	_, body := jobFile(t, "slow.txt", "S", 4)
	restJob(t, srv, http.MethodPost, "", "profile=line&name=slow.txt", body, ctl, http.StatusCreated)
	d.expect("S1")

	login := func(p *page, token string) {
		t.Helper()
		p.do("open the console", chromedp.Navigate(srv.URL))
		p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
		p.setValue("#login-token", token)
		p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
		p.waitState("connected", "open")
	}
	vic, boss := newPage(t), newPage(t)
	login(vic, viewUserToken)
	login(boss, controlUserToken)
	for _, p := range []*page{vic, boss} {
		p.waitJob("slow.txt", "Running", "0 / 4 lines", "started by ctl")
	}
	buttons := func(p *page) map[string]string {
		t.Helper()
		return eval[map[string]string](p, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll(%q)].filter((b) => !b.hidden).map((b) => [b.textContent, b.disabled ? 'disabled: ' + b.title : 'enabled']))`, p.sel(".job-actions button")))
	}
	const why = "disabled: Your role on port dev is view-only: you cannot pause, resume or cancel its jobs"
	if got := buttons(vic); len(got) != 2 || got["Pause"] != why || got["Cancel"] != why {
		t.Fatalf("the viewer's job buttons: %q, want Pause and Cancel %s", got, why)
	}
	if got := buttons(boss); len(got) != 2 || got["Pause"] != "enabled" || got["Cancel"] != "enabled" {
		t.Fatalf("the controller's job buttons: %q, want Pause and Cancel enabled", got)
	}
	// The file box is not offered either.
	if !eval[bool](vic, fmt.Sprintf(`document.querySelector(%q).disabled`, vic.sel(".file-button"))) {
		t.Fatal("the viewer's Send file… is enabled")
	}
}

// A job that was running when serialhub stopped shows, once it runs
// again on the same jobs directory, as interrupted at its line.
func TestInterruptedJobShowsInThePanel(t *testing.T) {
	dir := t.TempDir()
	quiet := slog.New(slog.DiscardHandler)
	m1, err := job.NewManager(job.Config{Dir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m1.Close)
	dev := newDevice(t)
	ports := []hub.Config{{Name: "dev", Device: dev.pty.Path}}
	srv1, _ := startServerOpts(t, serialtest.Options{Ports: ports, Server: server.Config{Jobs: m1}})
	d := readLines(t, dev)
	_, body := jobFile(t, "long.gcode", "G", 8)
	restJob(t, srv1, http.MethodPost, "", "profile=line&name=long.gcode", body, nil, http.StatusCreated)
	for i := 1; i <= 2; i++ {
		d.expect(fmt.Sprintf("G%d", i))
		d.ok()
	}
	d.expect("G3")
	if j := jobState(t, srv1, "1"); j.State != protocol.JobRunning {
		t.Fatalf("the job is %s before the restart", j.State)
	}
	// serialhub stops: its jobs first, as it does, then the server.
	m1.Close()
	srv1.Close()

	m2, err := job.NewManager(job.Config{Dir: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m2.Close)
	srv2, _ := startServerOpts(t, serialtest.Options{Ports: ports, Server: server.Config{Jobs: m2}})
	j := jobState(t, srv2, "1")
	if !j.Interrupted || j.State != protocol.JobFailed {
		t.Fatalf("after the restart the job is %s, interrupted %v", j.State, j.Interrupted)
	}
	p := newPage(t)
	p.open(srv2.URL)
	p.waitJob("long.gcode", "Failed", fmt.Sprintf("Interrupted at line %d: serialhub restarted while the job ran", j.Line), "2 / 8 lines")
	if n := eval[int](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].filter((b) => !b.hidden).length`, p.sel(".job-actions button"))); n != 1 {
		t.Fatalf("%d buttons shown for an ended job, want Dismiss alone", n)
	}
}
