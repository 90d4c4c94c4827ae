//go:build !unix

package main

import (
	"context"
	"errors"
)

// Run says that pty needs Unix pseudo-terminals.
func (c *ptyCommand) Run(ctx context.Context) error {
	return errors.New("pty: not supported on this system (it needs Unix pseudo-terminals); use the web console, or serve the port over RFC 2217 (serve --rfc2217) for programs that speak it")
}
