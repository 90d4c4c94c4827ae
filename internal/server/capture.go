package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/protocol"
)

// captureFiles is what a port's recorder offers readers: package capture's
// Writer.
type captureFiles interface {
	Sync() error
	Files() ([]string, error)
}

// syncedFiles returns a port's capture files once what it recorded up to
// now is in them, or answers the error and returns false.
func (s *Server) syncedFiles(w http.ResponseWriter, name string, rec captureFiles) ([]string, bool) {
	if err := rec.Sync(); err != nil {
		if !errors.Is(err, capture.ErrWriteFailed) {
			writeError(w, http.StatusConflict, protocol.CodeNotOpen, err.Error())
			return nil, false
		}
		// The disk is full: the files still hold everything up to then, and
		// serve it; later records wait for the disk or are dropped and
		// counted (dropped.capture).
		s.log.Debug("capture is not writing; serving what its files hold", "port", name, "err", err)
	}
	files, err := rec.Files()
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
		return nil, false
	}
	return files, true
}

// handleCapture serves GET /api/ports/{name}/capture: the port's capture
// files, oldest first, up to the moment of the request, as text (format=text,
// the default: a line per line of data with its time and direction) or raw
// bytes (format=raw), of the received bytes, the sent ones or both
// (dir=in|out|both; default both for text, in for raw).
func (s *Server) handleCapture(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	name := port.Name()
	rec, ok := port.Recorder().(captureFiles)
	if !ok {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "port "+name+" is not captured: start serialhub with --log-dir DIR")
		return
	}
	q := r.URL.Query()
	opt := capture.ExportOptions{Format: capture.Format(q.Get(protocol.QueryFormat))}
	if opt.Format == "" {
		opt.Format = capture.FormatText
	}
	dir := q.Get(protocol.QueryDir)
	switch opt.Format {
	case capture.FormatText:
		if dir == "" {
			dir = "both"
		}
	case capture.FormatRaw:
		if dir == "" {
			dir = "in"
		}
	default:
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("format=%s: want text or raw", opt.Format))
		return
	}
	switch dir {
	case "in":
		opt.Received = true
	case "out":
		opt.Sent = true
	case "both":
		opt.Received, opt.Sent = true, true
	default:
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("dir=%s: want in, out or both", dir))
		return
	}
	files, ok := s.syncedFiles(w, name, rec)
	if !ok {
		return
	}
	ext, ctype := ".txt", "text/plain; charset=utf-8"
	if opt.Format == capture.FormatRaw {
		ext, ctype = ".bin", "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-capture%s"`, name, ext))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	problems, err := capture.Export(w, files, opt)
	for _, p := range problems {
		s.log.Warn("capture file damaged; exported up to the damage", "port", name, "file", p.File, "err", p.Err)
	}
	if err != nil {
		s.log.Debug("capture export ended early", "port", name, "err", err)
	}
}
