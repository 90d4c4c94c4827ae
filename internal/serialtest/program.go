//go:build linux

package serialtest

import (
	"context"
	"os/exec"
	"strings"
)

// StartSerialhub runs the serialhub program at bin as "serialhub serve
// --listen 127.0.0.1:0 args..." and returns once it serves HTTP; Addr is
// where. ctx bounds the wait. Close kills it.
func StartSerialhub(ctx context.Context, bin string, args ...string) (*Relay, error) {
	// Its log line "serving url=http://127.0.0.1:PORT/" says where.
	const mark = "msg=serving url=http://"
	cmd := exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	r, line, err := startRelay(ctx, "serialhub", cmd, func(line string) bool { return strings.Contains(line, mark) })
	if err != nil {
		return nil, err
	}
	_, after, _ := strings.Cut(line, mark)
	r.Addr, _, _ = strings.Cut(after, "/")
	return r, nil
}

// Pid returns the program's process ID.
func (r *Relay) Pid() int { return r.cmd.Process.Pid }
