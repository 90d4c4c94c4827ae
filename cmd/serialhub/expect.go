package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
)

// "serialhub expect URL --send … --expect …": send-and-expect for shell
// scripts (POST /api/ports/{name}/expect; docs/automation.md). It prints
// the output up to the match (or all of it) and exits 0 on a match, 1 on
// a timeout, 2 on errors.

const expectUsage = `Usage: serialhub expect [flags] URL

Sends --send to the port (if given), then waits until its output matches
one of the --expect patterns (Go regular expressions), --timeout passes,
or (with --quiet) the line is silent that long. Prints the port's output
up to the end of the match (all of it on a timeout) and exits 0 on a
match or a quiet line, 1 on a timeout, 2 on errors. --send takes \r, \n,
\t, \xHH and \\. With --since OFFSET --stream NAME (from a previous
call's --json answer) matching starts there: nothing is lost between
calls.

`

func runExpect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serialhub expect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		send, stream, token string
		lease               string
		patterns            []string
		timeout, quiet      time.Duration
		charDelay           time.Duration
		since               int64
		asJSON              bool
	)
	fs.StringVar(&send, "send", "", "bytes to write first; \\r, \\n, \\t, \\xHH and \\\\ are understood")
	fs.Func("expect", "a `pattern` (Go regular expression) to wait for; repeatable: the first to match wins", func(v string) error {
		patterns = append(patterns, v)
		return nil
	})
	fs.DurationVar(&timeout, "timeout", 30*time.Second, "give up after this long (exit 1)")
	fs.DurationVar(&quiet, "quiet", 0, "also end when the line has been silent this long (exit 0)")
	fs.DurationVar(&charDelay, "char-delay", 0, "write --send a byte at a time, this far apart (bootloaders that drop fast input)")
	fs.Int64Var(&since, "since", -1, "match from this stream `offset` (a previous answer's offset), not from the write")
	fs.StringVar(&stream, "stream", "", "the stream --since counts in")
	fs.BoolVar(&asJSON, "json", false, "print the server's whole answer as JSON (offset, stream, device time) instead of the text")
	fs.StringVar(&token, "token", "", "send `TOKEN` as \"Authorization: Bearer TOKEN\" (default: $"+tokenEnv+")")
	fs.StringVar(&lease, "lease", "", "act under the lease `ID` (from serialhub lease take) (default: $"+leaseEnv+")")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), expectUsage+"Flags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\n%s", urlHelp)
	}
	rest, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if len(rest) != 1 {
		fs.Usage()
		return errUsage
	}
	fail := func(err error) error { return &exitError{Code: 2, Err: err} }
	target, err := remote.ParseURL(rest[0])
	if err != nil {
		return fail(err)
	}
	sendBytes, err := unescape(send)
	if err != nil {
		return fail(fmt.Errorf("--send: %w", err))
	}
	req := protocol.ExpectRequest{Send: string(sendBytes), Expect: patterns, Timeout: timeout.String()}
	if quiet > 0 {
		req.Quiet = quiet.String()
	}
	if charDelay > 0 {
		req.CharDelay = charDelay.String()
	}
	if since >= 0 {
		s := uint64(since)
		req.Since, req.Stream = &s, stream
	}
	body, err := json.Marshal(req)
	if err != nil {
		return fail(err)
	}
	if token == "" {
		token = (&remoteFlags{}).token()
	}
	if lease == "" {
		lease = (&remoteFlags{}).lease()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+30*time.Second)
	defer cancel()
	status, answer, err := postExpectTo(ctx, target, body, token, lease)
	if errors.Is(err, errNoSuchPort) && target.Other != nil {
		status, answer, err = postExpectTo(ctx, *target.Other, body, token, lease)
	}
	if err != nil {
		return fail(err)
	}
	var res protocol.ExpectResult
	if status == http.StatusOK || status == http.StatusRequestTimeout {
		if err := json.Unmarshal(answer, &res); err != nil {
			return fail(fmt.Errorf("the server's answer: %w", err))
		}
	}
	switch {
	case status == http.StatusOK || status == http.StatusRequestTimeout:
		if asJSON {
			stdout.Write(answer)
			fmt.Fprintln(stdout)
		} else {
			io.WriteString(stdout, res.Before+res.Match+res.Transcript)
		}
		if res.Dropped > 0 {
			fmt.Fprintf(stderr, "serialhub: %d bytes of the port's output were lost meanwhile\n", res.Dropped)
		}
		if status == http.StatusRequestTimeout {
			return &exitError{Code: 1, Err: fmt.Errorf("no match within %v", timeout)}
		}
		return nil
	default:
		_, msg := refusal(answer)
		return fail(fmt.Errorf("%s: %d %s: %s", target.Name, status, http.StatusText(status), msg))
	}
}

var errNoSuchPort = errors.New("no such port")

// postExpectTo sends the request to target's port; a 404 is errNoSuchPort.
func postExpectTo(ctx context.Context, target remote.Target, body []byte, token, lease string) (int, []byte, error) {
	status, b, err := portRequest(ctx, target, http.MethodPost, "expect", body, token, lease, 8<<20)
	if err == nil && status == http.StatusNotFound {
		return status, b, fmt.Errorf("%w: %s at %s", errNoSuchPort, target.Name, target.API.Host)
	}
	return status, b, err
}

// portRequest sends one REST request about target's port, to the path
// after the port's URL ("expect", "lease", "jobs?profile=grbl": a query
// after "?"), with token and lease if set,
// and returns the answer's status and body (at most limit bytes).
func portRequest(ctx context.Context, target remote.Target, method, path string, body []byte, token, lease string, limit int64) (int, []byte, error) {
	u := *target.API
	path, u.RawQuery, _ = strings.Cut(path, "?")
	u.Path += "/" + url.PathEscape(target.Name) + "/" + path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lease != "" {
		req.Header.Set(protocol.LeaseHeader, lease)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	return resp.StatusCode, b, nil
}

// refusedError is a REST request the server refused: Code is its error
// code (protocol.CodeLocked, …), Msg says so for people, naming the port
// and the HTTP status.
type refusedError struct {
	Status int
	Code   string
	Msg    string
	tested []string // the codes a script tests for: they exit 1
}

// refused is the error of a request to target's port answered status and
// raw; the codes tested exit 1, others 2.
func refused(target remote.Target, status int, raw []byte, tested ...string) *refusedError {
	code, msg := refusal(raw)
	return &refusedError{Status: status, Code: code, Msg: fmt.Sprintf("%s: %d %s: %s", target.Name, status, http.StatusText(status), msg), tested: tested}
}

func (e *refusedError) Error() string { return e.Msg }

// ExitCode is 1 for the answers a script tests for, 2 for others.
func (e *refusedError) ExitCode() int {
	if slices.Contains(e.tested, e.Code) {
		return 1
	}
	return 2
}

// refusal is what the body of a refused request says, for people, and
// its error code.
func refusal(raw []byte) (code, msg string) {
	var eb protocol.ErrorBody
	json.Unmarshal(raw, &eb)
	msg = strings.TrimSpace(eb.Error)
	if msg == "" {
		msg = strings.TrimSpace(string(raw))
	}
	return eb.Code, msg
}

// unescape reads \r, \n, \t, \xHH, \\ (and the other escapes of a Go
// string) in s.
func unescape(s string) ([]byte, error) {
	if !strings.Contains(s, `\`) {
		return []byte(s), nil
	}
	out, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	if err != nil {
		return nil, fmt.Errorf("%q: a bad escape (\\r, \\n, \\t, \\xHH, \\\\)", s)
	}
	return []byte(out), nil
}
