package server

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/serialhub/serialhub/internal/auth"
)

// The user's own pages (docs/pages.md): GET /pages/... serves the files of
// Config.Pages to those who may use the console, with the console's
// security headers, and GET /sdk/serialhub.js serves the ES module such
// pages import to talk to the ports.

// sdkPath is the SDK module inside Config.UI.
const sdkPath = "sdk/serialhub.js"

func (s *Server) pageRoutes() {
	s.mux.HandleFunc("GET /sdk/serialhub.js", func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.UI == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, s.cfg.UI, sdkPath)
	})
	if s.cfg.Pages == nil {
		s.mux.HandleFunc("/pages/", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no pages: serialhub serves your own pages with --pages DIR (docs/pages.md)", http.StatusNotFound)
		})
		return
	}
	files := http.StripPrefix("/pages", http.FileServerFS(pagesFS{s.cfg.Pages}))
	s.mux.HandleFunc("GET /pages/", func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.auth.Authenticate(r); err != nil {
			// A browser without a session is sent to the console, which
			// asks for a login and comes back (?next=); the cookie then
			// serves the pages and their WebSockets alike.
			if errors.Is(err, auth.ErrUnauthenticated) && strings.Contains(r.Header.Get("Accept"), "text/html") {
				http.Redirect(w, r, "/?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.deny(w, r, err)
			return
		}
		authenticatedNow(r.Context())
		// Edited pages show on the next reload; the browser revalidates
		// with If-Modified-Since.
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// pagesFS is the pages' folder as served: no hidden file or folder (a
// name beginning with a dot: .git, .env) and no listing of a folder, which
// is served only through its index.html.
type pagesFS struct{ fsys fs.FS }

func (p pagesFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	for _, seg := range strings.Split(name, "/") {
		if seg != "." && strings.HasPrefix(seg, ".") {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
	}
	f, err := p.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		if _, err := fs.Stat(p.fsys, path.Join(name, "index.html")); err != nil {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
	}
	return f, nil
}
