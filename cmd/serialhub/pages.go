package main

import (
	"fmt"
	"io/fs"
	"os"
)

// pagesFS is the --pages folder (docs/pages.md), checked now so that a
// wrong path fails at start rather than as 404s later; nil without one.
func (c *serveCommand) pagesFS() (fs.FS, error) {
	if c.Pages == "" {
		return nil, nil
	}
	st, err := os.Stat(c.Pages)
	if err != nil {
		return nil, fmt.Errorf("--pages: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("--pages %s: not a directory", c.Pages)
	}
	return os.DirFS(c.Pages), nil
}
