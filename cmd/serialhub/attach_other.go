//go:build !unix

package main

import (
	"context"
	"errors"
)

// Run says that attach needs a Unix terminal; use the web console.
func (c *attachCommand) Run(ctx context.Context) error {
	return errors.New("attach: not supported on this system (it needs a Unix terminal); use the web console")
}
