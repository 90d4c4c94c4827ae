package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
)

// "serialhub job …": stream a file to a port's device at the pace it
// acknowledges, run by the server (docs/jobs.md).

const jobUsage = `Usage:
  serialhub job send [flags] URL FILE   start a job: serialhub sends FILE to
                                        the port's device line by line, at
                                        the pace the profile says, whatever
                                        happens to this command; prints the
                                        job's id (--wait follows it to its end)
  serialhub job list [flags] URL        the port's jobs
  serialhub job pause [flags] URL ID    send no more lines until resumed
  serialhub job resume [flags] URL ID   go on (or start a queued job)
  serialhub job cancel [flags] URL ID   end it

Profiles: line (a line, then wait for ok), grbl (as many lines as fit in
the controller's 127-byte buffer), marlin (numbered lines with checksums,
resends), delay (a fixed pace, no answers), or the server's own.
Exit status: 0 done (send: started; with --wait: the job ended done),
1 the job ended otherwise (--wait) or was refused because of its state
or the port's lock, 2 other errors.

`

func runJob(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb, err := verbOf(args, jobUsage, stderr)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("serialhub job "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		rf      remoteFlags
		profile string
		name    string
		from    int
		wait    bool
		asJSON  bool
		options = map[string]string{}
	)
	fs.StringVar(&rf.Token, "token", "", "send `TOKEN` as \"Authorization: Bearer TOKEN\" (default: $"+tokenEnv+")")
	fs.StringVar(&rf.Lease, "lease", "", "act under the lease `ID`: while it holds the port, only its holder starts and controls jobs (default: $"+leaseEnv+")")
	fs.BoolVar(&asJSON, "json", false, "print the server's answer as JSON")
	nArgs := 2
	switch verb {
	case "send":
		fs.StringVar(&profile, "profile", "line", "how the device is paced: line, grbl, marlin, delay, or a profile of the server's config")
		fs.StringVar(&name, "name", "", "the file's name as people see it (default: FILE's base name)")
		fs.IntVar(&from, "from", 0, "start at this `line` of those sent (1 is the first; comments and blank lines do not count)")
		fs.BoolVar(&wait, "wait", false, "follow the job until it ends, its progress on standard error; exit 0 if it ends done, 1 otherwise")
		fs.Func("set", "set a profile's `OPTION=VALUE` (ok, error, resend, busy, ignore, reset, timeout, on-error, buffer, delay, char-delay, others, comments, eol); repeatable", func(s string) error {
			k, v, ok := strings.Cut(s, "=")
			if !ok || k == "" {
				return errors.New("want OPTION=VALUE, such as buffer=127")
			}
			options[k] = v
			return nil
		})
	case "list":
		nArgs = 1
	case "pause", "resume", "cancel":
	default:
		fmt.Fprint(stderr, jobUsage)
		return errUsage
	}
	rest, err := parseVerbArgs(fs, jobUsage, verb, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != nArgs {
		fs.Usage()
		return errUsage
	}
	fail := func(err error) error { return &exitError{Code: 2, Err: err} }
	target, err := remote.ParseURL(rest[0])
	if err != nil {
		return fail(err)
	}
	jc := &jobClient{target: target, token: rf.token(), lease: rf.lease()}
	switch verb {
	case "list":
		raw, err := jc.do(ctx, http.MethodGet, "jobs", nil)
		if err != nil {
			return err
		}
		if asJSON {
			fmt.Fprintf(stdout, "%s\n", raw)
			return nil
		}
		var jobs []protocol.Job
		if err := json.Unmarshal(raw, &jobs); err != nil {
			return fail(fmt.Errorf("the server's answer: %w", err))
		}
		if len(jobs) == 0 {
			fmt.Fprintf(stdout, "%s has had no job\n", target.Name)
		}
		for _, j := range jobs {
			fmt.Fprintln(stdout, describeJob(j))
		}
		return nil
	case "pause", "resume", "cancel":
		raw, err := jc.do(ctx, http.MethodPost, "jobs/"+url.PathEscape(rest[1])+"/"+verb, nil)
		if err != nil {
			return err
		}
		return jc.print(raw, asJSON, stdout)
	}
	file, err := os.ReadFile(rest[1])
	if err != nil {
		return fail(err)
	}
	if name == "" {
		name = filepath.Base(rest[1])
	}
	q := url.Values{"profile": {profile}, "name": {name}}
	for k, v := range options {
		q.Set(k, v)
	}
	if from > 0 {
		q.Set("from", strconv.Itoa(from))
	}
	if !wait {
		raw, err := jc.do(ctx, http.MethodPost, "jobs?"+q.Encode(), file)
		if err != nil {
			return err
		}
		return jc.print(raw, asJSON, stdout)
	}
	return jc.follow(ctx, q, file, asJSON, stdout, stderr)
}

// jobClient makes a command's requests about a port's jobs.
type jobClient struct {
	target       remote.Target
	token, lease string
}

// do sends a request to path after the port's URL and returns the answer
// of a request carried out (200 or 201).
func (jc *jobClient) do(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	status, raw, err := portRequest(ctx, jc.target, method, path, body, jc.token, jc.lease, 16<<20)
	if err != nil {
		return nil, &exitError{Code: 2, Err: err}
	}
	if status != http.StatusOK && status != http.StatusCreated {
		// Scripts test for the job's state and the port's lock.
		return nil, refused(jc.target, status, raw, protocol.CodeJobState, protocol.CodeLocked, protocol.CodeNoLease)
	}
	return raw, nil
}

// print prints a job the server answered: its JSON, or its id.
func (jc *jobClient) print(raw []byte, asJSON bool, stdout io.Writer) error {
	if asJSON {
		fmt.Fprintf(stdout, "%s\n", raw)
		return nil
	}
	var j protocol.Job
	if err := json.Unmarshal(raw, &j); err != nil {
		return &exitError{Code: 2, Err: fmt.Errorf("the server's answer: %w", err)}
	}
	fmt.Fprintln(stdout, j.ID)
	return nil
}

// follow starts a job and follows its events on the port's WebSocket
// (connected first, so that no event is missed) until it ends.
func (jc *jobClient) follow(ctx context.Context, q url.Values, file []byte, asJSON bool, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan protocol.Job, 64)
	// reconnected: the connection came back; the job's events meanwhile
	// are lost, so the job is asked for.
	reconnected := make(chan struct{}, 1)
	c, err := remote.Dial(ctx, jc.target, remote.Options{
		Token: jc.token, Lease: jc.lease, NoReplay: true,
		Notify: func(ev remote.Event) {
			switch {
			case ev.Type == protocol.TypeJob && ev.Job != nil:
				select {
				case events <- *ev.Job:
				case <-ctx.Done():
				}
			case ev.Type == remote.EventConnected && ev.Resumed:
				select {
				case reconnected <- struct{}{}:
				default:
				}
			}
		},
	})
	if err != nil {
		return &exitError{Code: 2, Err: err}
	}
	defer c.Close()
	ran := make(chan error, 1)
	go func() { ran <- c.Run(ctx) }()
	defer func() { cancel(); <-ran }()
	if err := c.WaitConnected(ctx); err != nil {
		return &exitError{Code: 2, Err: err}
	}
	raw, err := jc.do(ctx, http.MethodPost, "jobs?"+q.Encode(), file)
	if err != nil {
		return err
	}
	var started protocol.Job
	if err := json.Unmarshal(raw, &started); err != nil {
		return &exitError{Code: 2, Err: fmt.Errorf("the server's answer: %w", err)}
	}
	fmt.Fprintf(stderr, "serialhub: job %s started on %s: %d lines\n", started.ID, jc.target.Name, started.Lines)
	last := ""
	for {
		var j protocol.Job
		select {
		case j = <-events:
		case <-reconnected:
			raw, err := jc.do(ctx, http.MethodGet, "jobs/"+url.PathEscape(started.ID), nil)
			if err == nil {
				err = json.Unmarshal(raw, &j)
			}
			if err != nil {
				fmt.Fprintf(stderr, "serialhub: asking for job %s after a reconnect: %v\n", started.ID, err)
				continue
			}
		case err := <-ran:
			ran <- err // for the deferred wait
			return &exitError{Code: 2, Err: fmt.Errorf("lost the connection while following job %s (it runs on): %w", started.ID, err)}
		case <-ctx.Done():
			return &exitError{Code: 2, Err: fmt.Errorf("stopped following job %s (it runs on): %w", started.ID, ctx.Err())}
		}
		if j.ID != started.ID {
			continue
		}
		if line := describeJob(j); line != last {
			fmt.Fprintln(stderr, line)
			last = line
		}
		if j.Ended == nil {
			continue
		}
		if asJSON {
			b, _ := json.Marshal(j)
			fmt.Fprintf(stdout, "%s\n", b)
		} else {
			fmt.Fprintln(stdout, j.ID)
		}
		if j.State != protocol.JobDone {
			return &exitError{Code: 1}
		}
		return nil
	}
}

// describeJob says where a job is, for people: "3 running bracket.nc
// (grbl): 8405/20000 lines, 1 error, 1m24s, about 1m56s left".
func describeJob(j protocol.Job) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", j.ID, j.State)
	if j.Name != "" {
		fmt.Fprintf(&b, " %s", j.Name)
	}
	fmt.Fprintf(&b, " (%s): %d/%d lines", j.Profile, j.Acked, j.Lines)
	if j.Errors > 0 {
		fmt.Fprintf(&b, ", %d errors", j.Errors)
	}
	if j.Resends > 0 {
		fmt.Fprintf(&b, ", %d resent", j.Resends)
	}
	fmt.Fprintf(&b, ", %s", (time.Duration(j.Elapsed * float64(time.Second))).Round(time.Second))
	if j.ETA != nil {
		fmt.Fprintf(&b, ", about %s left", (time.Duration(*j.ETA * float64(time.Second))).Round(time.Second))
	}
	if j.Reason != "" {
		fmt.Fprintf(&b, ": %s", j.Reason)
	}
	return b.String()
}
