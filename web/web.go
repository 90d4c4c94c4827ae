// Package web holds the browser console, embedded in the binary so that
// serialhub serves it with no files beside it and no network access. See
// README.md in this folder.
package web

import (
	"embed"
	"io/fs"
)

//go:embed ui
var files embed.FS

// UI returns the console's files, with index.html at the root.
func UI() fs.FS {
	ui, err := fs.Sub(files, "ui")
	if err != nil {
		panic(err) // "ui" is a valid path embedded above
	}
	return ui
}
