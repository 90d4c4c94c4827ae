package capture

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"
)

// Format is how Export writes a capture.
type Format string

// The export formats.
const (
	// FormatText: one line of text per line of data, with the time of its
	// first byte and its direction ("<" received, ">" sent), and notes
	// ("#"), e.g.
	//
	//	2026-11-29T04:53:56.123Z < temp:21.4,hum:40.2
	//	2026-11-29T04:53:56.200Z > help
	//	2026-11-29T04:53:57.000Z # settings 9600 8N1 none
	//
	// A trailing CR is dropped; other control bytes and bytes that are not
	// UTF-8 are written as \xNN; a line longer than 4096 bytes is split.
	FormatText Format = "text"
	// FormatRaw: the bytes of the chosen direction, exactly as they went.
	FormatRaw Format = "raw"
)

// maxTextLine is where FormatText splits a line that does not end.
const maxTextLine = 4096

// ExportOptions say what Export writes.
type ExportOptions struct {
	Format   Format
	Received bool // include received bytes
	Sent     bool // include sent bytes
}

// Problem is a part of a capture Export could not read.
type Problem struct {
	File string
	Err  error // wraps ErrTruncated, ErrCorrupt or ErrNotCapture, or is an I/O error
}

// Export writes the records of files, in order, to w. A file that cannot be
// read whole is read up to the damage and reported as a Problem (and, in
// FormatText, as a note) unless it is the last file and merely ends inside
// a record, as the file being written does. An error means w failed.
func Export(w io.Writer, files []string, opt ExportOptions) ([]Problem, error) {
	out := bufio.NewWriterSize(w, 64<<10)
	var problems []Problem
	tw := &textWriter{w: out}
	for i, name := range files {
		err := exportFile(out, tw, name, opt)
		if err == nil || (i == len(files)-1 && errors.Is(err, ErrTruncated)) {
			continue
		}
		var werr *writeError
		if errors.As(err, &werr) {
			return problems, werr.err
		}
		problems = append(problems, Problem{File: name, Err: err})
		if opt.Format == FormatText {
			tw.note(time.Now(), fmt.Sprintf("%s: %v; the rest of this file is skipped", filepath.Base(name), err))
		}
	}
	if opt.Format == FormatText {
		tw.flushAll()
	}
	if err := out.Flush(); err != nil {
		return problems, err
	}
	return problems, tw.err
}

// writeError marks a failure to write the output, as opposed to one to
// read a file.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

func exportFile(out *bufio.Writer, tw *textWriter, name string, opt ExportOptions) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := NewReader(f)
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if (r.Kind == Received && !opt.Received) || (r.Kind == Sent && !opt.Sent) {
			continue
		}
		if opt.Format == FormatRaw {
			if r.Kind != Note {
				if _, err := out.Write(r.Data); err != nil {
					return &writeError{err}
				}
			}
			continue
		}
		tw.record(r)
		if tw.err != nil {
			return &writeError{tw.err}
		}
	}
}

// textWriter assembles lines per direction and writes them as text.
type textWriter struct {
	w   *bufio.Writer
	err error
	in  textLine // received
	out textLine // sent
}

type textLine struct {
	start time.Time
	buf   []byte
	open  bool
}

func (tw *textWriter) record(r Record) {
	if r.Kind == Note {
		tw.note(r.Time, string(r.Data))
		return
	}
	l, mark := &tw.in, byte('<')
	if r.Kind == Sent {
		l, mark = &tw.out, '>'
	}
	for _, c := range r.Data {
		if !l.open {
			l.start, l.buf, l.open = r.Time, l.buf[:0], true
		}
		if c == '\n' {
			tw.emit(l, mark)
			continue
		}
		l.buf = append(l.buf, c)
		if len(l.buf) >= maxTextLine {
			tw.emit(l, mark)
		}
	}
}

func (tw *textWriter) note(t time.Time, msg string) {
	tw.line(t, '#', []byte(msg))
}

// flushAll writes the lines still open at the end.
func (tw *textWriter) flushAll() {
	if tw.in.open {
		tw.emit(&tw.in, '<')
	}
	if tw.out.open {
		tw.emit(&tw.out, '>')
	}
}

func (tw *textWriter) emit(l *textLine, mark byte) {
	b := l.buf
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	tw.line(l.start, mark, b)
	l.open = false
}

func (tw *textWriter) line(t time.Time, mark byte, data []byte) {
	if tw.err != nil {
		return
	}
	w := tw.w
	w.WriteString(t.UTC().Format("2006-01-02T15:04:05.000Z"))
	w.WriteByte(' ')
	w.WriteByte(mark)
	w.WriteByte(' ')
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size <= 1, r < 0x20 && r != '\t', r == 0x7f:
			fmt.Fprintf(w, `\x%02x`, data[0])
			size = 1
		case r == '\\':
			w.WriteString(`\\`)
		default:
			w.Write(data[:size])
		}
		data = data[size:]
	}
	if err := w.WriteByte('\n'); err != nil {
		tw.err = err
	}
}
