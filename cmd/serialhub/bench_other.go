//go:build !linux

package main

import (
	"context"
	"errors"
	"io"
)

// runBench drives a Linux pseudo-terminal as the device; elsewhere it only
// says so.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("bench: runs on Linux only (it plays the device on a pseudo-terminal)")
}
