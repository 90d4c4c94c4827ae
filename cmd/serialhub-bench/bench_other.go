//go:build !linux

package main

import (
	"context"
	"errors"
	"io"
)

// run drives a Linux pseudo-terminal as the device; elsewhere it only
// says so.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("runs on Linux only (it plays the device on a pseudo-terminal)")
}
