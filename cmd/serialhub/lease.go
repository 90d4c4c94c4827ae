package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
)

// "serialhub lease …": reserve a port for a while, from a shell (POST,
// GET and DELETE /api/ports/{name}/lease; docs/automation.md, "Leases").

const leaseUsage = `Usage:
  serialhub lease take [flags] URL          reserve the port; prints the
                                            lease's id (for --lease, or
                                            $SERIALHUB_LEASE)
  serialhub lease renew [flags] URL [ID]    make it last --ttl from now
  serialhub lease release [flags] URL [ID]  let go of it (or stop waiting)
  serialhub lease break [flags] URL         end whoever holds the port
                                            (the admin role)
  serialhub lease show [flags] URL          who holds it, why, for how
                                            long, and who waits
  serialhub lease hold [flags] URL -- COMMAND [ARG...]
                                            reserve the port while COMMAND
                                            runs, with $SERIALHUB_LEASE
                                            set for it; renewed as it
                                            runs, released when it ends

While a lease holds a port, only requests carrying its id write to it or
change it; everyone else is refused, told who holds it and until when,
and may still watch. ID defaults to --lease, else $SERIALHUB_LEASE.
Exit status: 0 done, 1 the port is held by another (take without
--wait) or the lease is gone (renew, release), 2 other errors; hold
exits with COMMAND's status, or 1 if the lease was lost while it ran
(COMMAND is then stopped).

`

func runLease(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb, err := verbOf(args, leaseUsage, stderr)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("serialhub lease "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		rf     remoteFlags
		ttl    time.Duration
		note   string
		wait   bool
		asJSON bool
	)
	fs.StringVar(&rf.Token, "token", "", "send `TOKEN` as \"Authorization: Bearer TOKEN\" (default: $"+tokenEnv+")")
	fs.StringVar(&rf.Lease, "lease", "", "the lease's `ID` (default: $"+leaseEnv+")")
	switch verb {
	case "take", "renew", "hold":
		fs.DurationVar(&ttl, "ttl", protocol.DefaultLeaseTTL, "how long the lease lasts unless renewed (hold renews it at half this)")
	}
	switch verb {
	case "take", "hold":
		fs.StringVar(&note, "note", "", "what the port is reserved for, shown to others")
		fs.BoolVar(&wait, "wait", false, "if another holds the port, wait in the queue for it")
	}
	switch verb {
	case "take", "renew", "show":
		fs.BoolVar(&asJSON, "json", false, "print the server's answer as JSON")
	}
	switch verb {
	case "take", "renew", "release", "break", "show", "hold":
	default:
		fmt.Fprint(stderr, leaseUsage)
		return errUsage
	}
	rest, err := parseVerbArgs(fs, leaseUsage, verb, args[1:])
	if err != nil {
		return err
	}
	var command []string
	switch {
	case verb == "hold" && len(rest) >= 2:
		rest, command = rest[:1], rest[1:]
	case verb == "hold", len(rest) < 1, len(rest) > 2, len(rest) == 2 && verb != "renew" && verb != "release":
		fs.Usage()
		return errUsage
	}
	fail := func(err error) error { return &exitError{Code: 2, Err: err} }
	target, err := remote.ParseURL(rest[0])
	if err != nil {
		return fail(err)
	}
	id := rf.lease()
	if len(rest) == 2 {
		id = rest[1]
	}
	lc := &leaseClient{target: target, token: rf.token()}

	switch verb {
	case "take":
		l, raw, err := lc.take(ctx, protocol.LeaseRequest{TTL: ttl.String(), Note: note, Wait: wait})
		if err != nil {
			return err
		}
		if asJSON {
			fmt.Fprintf(stdout, "%s\n", raw)
		} else {
			fmt.Fprintln(stdout, l.Lease)
		}
		fmt.Fprintf(stderr, "serialhub: %s is yours until %s\n", l.Port, l.Expires.Local().Format(time.TimeOnly))
		return nil
	case "renew":
		if id == "" {
			return fail(errors.New("renew: which lease? give its ID, --lease or $" + leaseEnv))
		}
		l, raw, err := lc.take(ctx, protocol.LeaseRequest{TTL: ttl.String(), Lease: id})
		if err != nil {
			return err
		}
		if asJSON {
			fmt.Fprintf(stdout, "%s\n", raw)
		}
		fmt.Fprintf(stderr, "serialhub: %s is yours until %s\n", l.Port, l.Expires.Local().Format(time.TimeOnly))
		return nil
	case "release":
		if id == "" {
			return fail(errors.New("release: which lease? give its ID, --lease or $" + leaseEnv))
		}
		_, err := lc.do(ctx, http.MethodDelete, nil, id)
		return err
	case "break":
		_, err := lc.do(ctx, http.MethodDelete, nil, "")
		if err == nil {
			fmt.Fprintf(stderr, "serialhub: broken: %s is free, or its first waiter's\n", target.Name)
		}
		return err
	case "show":
		raw, err := lc.do(ctx, http.MethodGet, nil, "")
		var he *refusedError
		if errors.As(err, &he) && he.Code == protocol.CodeNoLease {
			fmt.Fprintf(stdout, "%s is free\n", target.Name)
			return nil
		}
		if err != nil {
			return err
		}
		if asJSON {
			fmt.Fprintf(stdout, "%s\n", raw)
			return nil
		}
		var lock protocol.Lock
		if err := json.Unmarshal(raw, &lock); err != nil {
			return fail(fmt.Errorf("the server's answer: %w", err))
		}
		io.WriteString(stdout, describeLock(target.Name, lock))
		return nil
	}
	return lc.hold(ctx, protocol.LeaseRequest{TTL: ttl.String(), Note: note, Wait: wait}, ttl, command, stdout, stderr)
}

// describeLock says who holds a port, for people.
func describeLock(port string, l protocol.Lock) string {
	var b strings.Builder
	kind := "the write lock"
	if l.Lease {
		kind = "a lease"
	}
	fmt.Fprintf(&b, "%s: %s holds %s since %s", port, l.Holder, kind, l.Since.Local().Format(time.TimeOnly))
	if l.Expires != nil {
		left := time.Duration(0)
		if l.TimeLeftMs != nil {
			left = time.Duration(*l.TimeLeftMs) * time.Millisecond
		}
		fmt.Fprintf(&b, ", until %s (%v left)", l.Expires.Local().Format(time.TimeOnly), left.Round(time.Second))
	}
	if l.Note != "" {
		fmt.Fprintf(&b, ": %s", l.Note)
	}
	b.WriteString("\n")
	for i, w := range l.Queue {
		fmt.Fprintf(&b, "  %d. %s, waiting since %s", i+1, w.Holder, w.Since.Local().Format(time.TimeOnly))
		if w.Note != "" {
			fmt.Fprintf(&b, ": %s", w.Note)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// leaseClient makes a port's lease requests.
type leaseClient struct {
	target remote.Target
	token  string
}

// take posts a lease request and returns the lease and the raw answer.
func (lc *leaseClient) take(ctx context.Context, req protocol.LeaseRequest) (protocol.Lease, []byte, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return protocol.Lease{}, nil, err
	}
	raw, err := lc.do(ctx, http.MethodPost, body, "")
	if err != nil {
		return protocol.Lease{}, nil, err
	}
	var l protocol.Lease
	if err := json.Unmarshal(raw, &l); err != nil {
		return l, nil, &exitError{Code: 2, Err: fmt.Errorf("the server's answer: %w", err)}
	}
	return l, raw, nil
}

// do sends one request to the port's lease, carrying lease if set, and
// returns the answer's body; a refusal is a *refusedError. A port the
// server does not have is tried at the URL's other reading
// (remote.Target.Other), as expect does.
func (lc *leaseClient) do(ctx context.Context, method string, body []byte, lease string) ([]byte, error) {
	raw, err := lc.doAt(ctx, lc.target, method, body, lease)
	var he *refusedError
	if errors.As(err, &he) && he.Status == http.StatusNotFound && he.Code == protocol.CodeNotFound && lc.target.Other != nil {
		var other []byte
		if other, err = lc.doAt(ctx, *lc.target.Other, method, body, lease); err == nil {
			lc.target = *lc.target.Other
		}
		return other, err
	}
	return raw, err
}

func (lc *leaseClient) doAt(ctx context.Context, target remote.Target, method string, body []byte, lease string) ([]byte, error) {
	status, raw, err := portRequest(ctx, target, method, "lease", body, lc.token, lease, 1<<20)
	if err != nil {
		return nil, &exitError{Code: 2, Err: err}
	}
	if status != http.StatusOK {
		// Scripts test for the port held by another and the lease gone.
		return nil, refused(target, status, raw, protocol.CodeLocked, protocol.CodeNoLease)
	}
	return raw, nil
}

// hold takes a lease, runs command under it with $SERIALHUB_LEASE set,
// renews it every half ttl while the command runs, and releases it when
// the command ends. A lease lost meanwhile (broken, or a renewal refused)
// stops the command: it no longer holds the port.
func (lc *leaseClient) hold(ctx context.Context, req protocol.LeaseRequest, ttl time.Duration, command []string, stdout, stderr io.Writer) error {
	l, _, err := lc.take(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "serialhub: %s is yours while %s runs\n", l.Port, command[0])
	// The release must happen even when ctx has ended (a signal).
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := lc.do(rctx, http.MethodDelete, nil, l.Lease); err != nil {
			fmt.Fprintf(stderr, "serialhub: releasing the lease: %v\n", err)
		}
	}()

	cmdCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	cmd := exec.CommandContext(cmdCtx, command[0], command[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.Env = append(os.Environ(), leaseEnv+"="+l.Lease)
	if err := cmd.Start(); err != nil {
		return &exitError{Code: 2, Err: fmt.Errorf("hold: %w", err)}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	renew := time.NewTicker(ttl / 2)
	defer renew.Stop()
	var lost error
	for {
		select {
		case err := <-done:
			if lost != nil {
				return &exitError{Code: 1, Err: fmt.Errorf("%s was stopped: %w", command[0], lost)}
			}
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return &exitError{Code: ee.ExitCode()}
			}
			if err != nil {
				return &exitError{Code: 2, Err: err}
			}
			return nil
		case <-renew.C:
			if lost != nil {
				continue
			}
			if _, _, err := lc.take(ctx, protocol.LeaseRequest{TTL: ttl.String(), Lease: l.Lease}); err != nil {
				var he *refusedError
				if errors.As(err, &he) && he.Code == protocol.CodeNoLease {
					lost = fmt.Errorf("the lease was lost: %w", err)
					stop(lost)
					continue
				}
				fmt.Fprintf(stderr, "serialhub: renewing the lease: %v (trying again)\n", err)
			}
		}
	}
}
