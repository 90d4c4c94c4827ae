//go:build !(linux || darwin)

package pty

import (
	"fmt"
	"os"
	"runtime"
)

func open() (*os.File, *os.File, error) {
	return nil, nil, fmt.Errorf("open pseudo-terminal on %s: %w", runtime.GOOS, ErrNotSupported)
}
