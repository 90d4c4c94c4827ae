package main

import (
	"context"
	"errors"
	"io"
)

// runBench needs a pseudo-terminal to play the device, which Windows lacks.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("bench: needs a pseudo-terminal; run it on Linux or macOS")
}
