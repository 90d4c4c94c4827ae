//go:build linux

package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/serialtest"
)

// FindServer returns the serialhub program that memory and crowd runs
// measure when Config.Server is empty: a program named serialhub beside
// this one (when this one is serialhub, itself), else one on PATH.
func FindServer() (string, error) {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "serialhub")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	if p, err := exec.LookPath("serialhub"); err == nil {
		return p, nil
	}
	return "", errors.New(`no serialhub program beside this one or on PATH: build one with "go build -o serialhub ./cmd/serialhub" and pass its path (--serialhub ./serialhub)`)
}

// program returns the serialhub program a run of cfg starts: cfg.Server,
// else FindServer's.
func program(cfg Config) (string, error) {
	if cfg.Server != "" {
		return cfg.Server, nil
	}
	return FindServer()
}

// Resident is a process's resident memory as /proc/PID/status gives it.
type Resident struct {
	RSS uint64 // bytes resident now (VmRSS)
	HWM uint64 // the most ever resident (VmHWM)
}

// ReadResident reads the resident memory of process pid.
func ReadResident(pid int) (Resident, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Resident{}, err
	}
	defer f.Close()
	var m Resident
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ":")
		var dst *uint64
		switch key {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.HWM
		default:
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return Resident{}, fmt.Errorf("/proc/%d/status: %s: %w", pid, key, err)
		}
		*dst = kb << 10
		found++
	}
	if err := sc.Err(); err != nil {
		return Resident{}, err
	}
	if found != 2 {
		return Resident{}, fmt.Errorf("/proc/%d/status: no VmRSS or VmHWM", pid)
	}
	return m, nil
}

// runMemory starts the serialhub program serving a pty, connects
// cfg.Clients idle WebSocket clients and reads the server's resident
// memory once each of them has been told that all are connected. The
// baseline is read first, with the port open and no client.
func runMemory(ctx context.Context, cfg Config) (Result, error) {
	bin, err := program(cfg)
	if err != nil {
		return Result{}, err
	}
	p, err := serialtest.OpenPTY()
	if err != nil {
		return Result{}, err
	}
	defer p.Close()
	// One more client than measured: the one that waits for the port to open.
	most := strconv.Itoa(cfg.Clients + 1)
	srv, err := serialtest.StartSerialhub(ctx, bin, "--max-clients", most, "--max-clients-per-port", most, "bench="+p.Path)
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()
	url := "ws://" + srv.Addr + "/ws/bench"

	// The baseline: the port open, serving no one.
	c, err := serialtest.Dial(ctx, url+"?replay=0")
	if err != nil {
		return Result{}, fmt.Errorf("serialhub at %s: %w", srv.Addr, err)
	}
	err = waitOpen(ctx, c)
	c.Conn.CloseNow()
	if err != nil {
		return Result{}, fmt.Errorf("waiting for the port to open: %w", err)
	}
	base, err := ReadResident(srv.Pid())
	if err != nil {
		return Result{}, err
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // on any return: the clients' reads end, then wg.Wait
	settled := make(chan error, cfg.Clients)
	for i := range cfg.Clients {
		c, err := serialtest.Dial(ctx, url)
		if err != nil {
			return Result{}, fmt.Errorf("client %d: %w", i, err)
		}
		defer c.Conn.CloseNow()
		wg.Go(func() { idle(ctx, c.Conn, cfg.Clients, settled) })
	}
	for range cfg.Clients {
		select {
		case err := <-settled:
			if err != nil {
				return Result{}, err
			}
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
	}
	m, err := ReadResident(srv.Pid())
	if err != nil {
		return Result{}, err
	}
	return Result{Config: cfg, Baseline: base, Resident: m}, nil
}

// idle reads what the server sends c as a client that only watches
// would, until ctx ends, so that the server is never held up. It sends
// settled nil once a status says the port has n clients (the status of
// its own arrival comes first; those of later clients follow), or why it
// could not.
func idle(ctx context.Context, c *websocket.Conn, n int, settled chan<- error) {
	var status struct {
		Type string `json:"type"`
		Port struct {
			Clients int `json:"clients"`
		} `json:"port"`
	}
	told := false
	for {
		typ, b, err := c.Read(ctx)
		if err != nil {
			if !told {
				settled <- fmt.Errorf("waiting for every client's status: %w", err)
			}
			return
		}
		if told || typ != websocket.MessageText {
			continue
		}
		if err := json.Unmarshal(b, &status); err == nil && status.Type == "status" && status.Port.Clients == n {
			settled <- nil
			told = true
		}
	}
}
