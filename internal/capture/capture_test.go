package capture_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
)

func open(t *testing.T, cfg capture.Config) *capture.Writer {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	cfg.Name = "dev"
	cfg.Logger = slog.New(slog.DiscardHandler)
	w, err := capture.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// readAll reads every record of the files in order, failing on any error
// but a torn end of the last file when tornOK.
func readAll(t *testing.T, files []string, tornOK bool) []capture.Record {
	t.Helper()
	var recs []capture.Record
	for i, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd := capture.NewReader(f)
		for {
			r, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if tornOK && i == len(files)-1 && errors.Is(err, capture.ErrTruncated) {
					break
				}
				t.Fatalf("%s: %v", name, err)
			}
			r.Data = bytes.Clone(r.Data)
			recs = append(recs, r)
		}
		f.Close()
	}
	return recs
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	fs, err := capture.Files(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestRecordsComeBackInOrder(t *testing.T) {
	dir := t.TempDir()
	w := open(t, capture.Config{Dir: dir})
	t0 := time.Date(2026, 11, 29, 4, 53, 56, 123456789, time.UTC)
	want := []capture.Record{
		{Kind: capture.Note, Time: t0, Data: []byte("open 115200 8N1")},
		{Kind: capture.Received, Time: t0.Add(time.Millisecond), Data: allBytes()},
		{Kind: capture.Sent, Time: t0.Add(2 * time.Millisecond), Data: []byte("help\r\n")},
		{Kind: capture.Received, Time: t0.Add(3 * time.Millisecond), Data: bytes.Repeat([]byte{0xff}, capture.MaxRecord)},
	}
	for _, r := range want {
		switch r.Kind {
		case capture.Note:
			w.Note(r.Time, string(r.Data))
		case capture.Received:
			w.Received(r.Time, r.Data)
		case capture.Sent:
			w.Sent(r.Time, r.Data)
		}
	}
	// Sync makes them readable while the writer goes on.
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, files(t, dir), false)
	if len(got) != len(want) {
		t.Fatalf("read %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || !got[i].Time.Equal(want[i].Time) || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("record %d: %c %v %.20q, want %c %v %.20q", i, got[i].Kind, got[i].Time, got[i].Data, want[i].Kind, want[i].Time, want[i].Data)
		}
	}
	w.Close()
	w.Close()                             // idempotent
	w.Received(t0, []byte("after close")) // ignored, no panic
}

func TestFilesRotateAndTheOldestGo(t *testing.T) {
	dir := t.TempDir()
	w := open(t, capture.Config{Dir: dir, MaxSize: 1000, MaxFiles: 3})
	var sent bytes.Buffer
	for i := range 200 {
		b := fmt.Appendf(nil, "line %03d of the capture\n", i)
		sent.Write(b)
		w.Received(time.Now(), b)
		if i%10 == 0 {
			w.Sync() // several batches, several files
		}
	}
	w.Close()
	fs := files(t, dir)
	if len(fs) != 3 {
		t.Fatalf("%d files, want 3: %v", len(fs), fs)
	}
	for _, f := range fs {
		if st, _ := os.Stat(f); st.Size() > 1000 {
			t.Errorf("%s is %d bytes, over the limit of 1000", f, st.Size())
		}
	}
	var got bytes.Buffer
	for _, r := range readAll(t, fs, false) {
		got.Write(r.Data)
	}
	// What is kept is the end of the stream, whole.
	if got.Len() == 0 || !bytes.HasSuffix(sent.Bytes(), got.Bytes()) {
		t.Fatalf("the files hold %q, not the end of what was sent", got.Bytes())
	}
}

func TestALossIsNotedWhereItHappened(t *testing.T) {
	dir := t.TempDir()
	w := open(t, capture.Config{Dir: dir, QueueSize: 10})
	now := time.Now()
	w.Received(now, []byte("a"))
	w.Received(now, bytes.Repeat([]byte("x"), 20)) // over the queue: dropped
	w.Received(now, bytes.Repeat([]byte("y"), 30))
	w.Received(now, []byte("b"))
	w.Close()
	var got []string
	for _, r := range readAll(t, files(t, dir), false) {
		got = append(got, fmt.Sprintf("%c:%s", r.Kind, r.Data))
	}
	want := []string{"I:a", "N:capture lost 50 bytes here: the disk did not keep up", "I:b"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("records %q, want %q", got, want)
	}
	if w.Dropped() != 50 {
		t.Fatalf("Dropped() = %d, want 50", w.Dropped())
	}
}

func TestDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	w := open(t, capture.Config{Dir: dir})
	for i := range 10 {
		w.Received(time.Now(), fmt.Appendf(nil, "record %d\n", i))
		w.Sync() // one record per write, so cuts fall between or inside them
	}
	w.Close()
	name := files(t, dir)[0]
	whole, _ := os.ReadFile(name)

	// Cut short anywhere: every whole record before the cut reads back,
	// then ErrTruncated (or a clean end exactly between records).
	for cut := len(capture.Header); cut < len(whole); cut++ {
		rd := capture.NewReader(bytes.NewReader(whole[:cut]))
		n := 0
		var err error
		for {
			var r capture.Record
			if r, err = rd.Next(); err != nil {
				break
			}
			if want := fmt.Sprintf("record %d\n", n); string(r.Data) != want {
				t.Fatalf("cut at %d: record %d is %q, want %q", cut, n, r.Data, want)
			}
			n++
		}
		if !errors.Is(err, io.EOF) && !errors.Is(err, capture.ErrTruncated) {
			t.Fatalf("cut at %d: %v, want EOF or ErrTruncated", cut, err)
		}
	}

	// A flipped bit is found, not passed on.
	for i := len(capture.Header); i < len(whole); i += 7 {
		bad := bytes.Clone(whole)
		bad[i] ^= 0x10
		rd := capture.NewReader(bytes.NewReader(bad))
		var err error
		for err == nil {
			_, err = rd.Next()
		}
		if !errors.Is(err, capture.ErrCorrupt) && !errors.Is(err, capture.ErrTruncated) {
			t.Fatalf("bit flipped at %d: %v, want ErrCorrupt", i, err)
		}
	}
	if _, err := capture.NewReader(strings.NewReader("hello")).Next(); !errors.Is(err, capture.ErrNotCapture) {
		t.Fatalf("a file that is no capture: %v", err)
	}
}

func TestExportText(t *testing.T) {
	dir := t.TempDir()
	w := open(t, capture.Config{Dir: dir})
	t0 := time.Date(2026, 11, 29, 4, 53, 56, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	w.Note(at(0), "open 115200 8N1")
	w.Received(at(1), []byte("tem"))
	w.Sent(at(2), []byte("help\r"))
	w.Received(at(3), []byte("p:21.4\r\nbad \x00\xff\x1b[1m é\\\n"))
	w.Sent(at(4), []byte("\n"))
	w.Received(at(5), []byte("no end"))
	w.Close()
	var out bytes.Buffer
	problems, err := capture.Export(&out, files(t, dir), capture.ExportOptions{Format: capture.FormatText, Received: true, Sent: true})
	if err != nil || len(problems) > 0 {
		t.Fatalf("Export: %v %v", err, problems)
	}
	want := `2026-11-29T04:53:56.000Z # open 115200 8N1
2026-11-29T04:53:56.001Z < temp:21.4
2026-11-29T04:53:56.003Z < bad \x00\xff\x1b[1m é\\
2026-11-29T04:53:56.002Z > help
2026-11-29T04:53:56.005Z < no end
`
	if out.String() != want {
		t.Fatalf("text export:\n%s\nwant:\n%s", out.String(), want)
	}

	out.Reset()
	capture.Export(&out, files(t, dir), capture.ExportOptions{Format: capture.FormatRaw, Received: true})
	if want := "temp:21.4\r\nbad \x00\xff\x1b[1m é\\\nno end"; out.String() != want {
		t.Fatalf("raw export %q, want %q", out.String(), want)
	}
}

// openPort opens a Writer for port name in dir.
func openPort(t *testing.T, dir, name string, cfg capture.Config) *capture.Writer {
	t.Helper()
	cfg.Dir, cfg.Name = dir, name
	cfg.Logger = slog.New(slog.DiscardHandler)
	w, err := capture.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// exportRaw returns the bytes received in files.
func exportRaw(t *testing.T, files []string) string {
	t.Helper()
	var out bytes.Buffer
	if problems, err := capture.Export(&out, files, capture.ExportOptions{Format: capture.FormatRaw, Received: true}); err != nil || len(problems) > 0 {
		t.Fatalf("export: %v %v", err, problems)
	}
	return out.String()
}

// TestPortsDoNotShareFiles: port "dut" never reads or removes the files of
// port "dut-1", whose old-layout names started with "dut-".
func TestPortsDoNotShareFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := capture.Config{MaxSize: 300, MaxFiles: 2}
	other := openPort(t, dir, "dut-1", cfg)
	for i := range 10 {
		other.Received(time.Now(), fmt.Appendf(nil, "dut-1 secret %d\n", i))
		other.Sync()
	}
	otherFiles, err := other.Files()
	if err != nil || len(otherFiles) != 2 {
		t.Fatalf("dut-1's files: %v %v; want 2", otherFiles, err)
	}
	otherBytes := exportRaw(t, otherFiles)

	dut := openPort(t, dir, "dut", cfg)
	var sent strings.Builder
	for i := range 50 { // many rotations of dut
		b := fmt.Appendf(nil, "dut line %d\n", i)
		sent.Write(b)
		dut.Received(time.Now(), b)
		dut.Sync()
	}
	dutFiles, err := dut.Files()
	if err != nil || len(dutFiles) != 2 {
		t.Fatalf("dut's files: %v %v; want 2", dutFiles, err)
	}
	if got := exportRaw(t, dutFiles); strings.Contains(got, "dut-1") || !strings.HasSuffix(sent.String(), got) {
		t.Errorf("dut's capture reads %q: not the end of what dut received", got)
	}
	now, err := capture.Files(dir, "dut-1")
	if err != nil || !slices.Equal(now, otherFiles) {
		t.Fatalf("after dut's rotations dut-1 has files %v, %v; want %v", now, err, otherFiles)
	}
	if got := exportRaw(t, now); got != otherBytes {
		t.Fatalf("dut-1's capture became %q, was %q", got, otherBytes)
	}
}

// TestOldLayoutFiles: files of the layout before port folders,
// DIR/NAME-TIME.cap, are read and rotated as the port's whose name they
// parse exactly as, and no other's.
func TestOldLayoutFiles(t *testing.T) {
	// A capture file holding text, to copy under old names.
	content := func(text string) []byte {
		src := t.TempDir()
		w := openPort(t, src, "x", capture.Config{})
		w.Received(time.Now(), []byte(text))
		w.Close()
		fs, err := capture.Files(src, "x")
		if err != nil || len(fs) != 1 {
			t.Fatal(fs, err)
		}
		b, err := os.ReadFile(fs[0])
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	dir := t.TempDir()
	const stamp = "20261130T120000.000000Z"
	old := map[string]string{ // file: its port
		"dut-" + stamp + ".cap":                   "dut",
		"dut-" + stamp + "-1.cap":                 "dut",
		"dut-20261130T120001.000000Z.cap":         "dut",
		"dut-1-" + stamp + ".cap":                 "dut-1",
		"dut-1-" + stamp + "-1.cap":               "dut-1",
		"dut-" + stamp + "-" + stamp + ".cap":     "dut-" + stamp,
		"dut-" + stamp + "-2-" + stamp + "-1.cap": "dut-" + stamp + "-2",
		"dut-" + stamp + "-01.cap":                "",
		"dut-" + stamp + ".cap.bak":               "",
		"dut-2026.cap":                            "",
		"dut-20261130T120000.000000Zx.cap":        "",
		"dut-20261399T120000.000000Z.cap":         "",
	}
	order := []string{ // the files of each port, oldest first
		"dut-" + stamp + ".cap", "dut-" + stamp + "-1.cap", "dut-20261130T120001.000000Z.cap",
		"dut-1-" + stamp + ".cap", "dut-1-" + stamp + "-1.cap",
		"dut-" + stamp + "-" + stamp + ".cap", "dut-" + stamp + "-2-" + stamp + "-1.cap",
	}
	for name, port := range old {
		if err := os.WriteFile(filepath.Join(dir, name), content(port+" in "+name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, port := range []string{"dut", "dut-1", "dut-" + stamp, "dut-" + stamp + "-2"} {
		t.Run(port, func(t *testing.T) {
			fs, err := capture.Files(dir, port)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, name := range order { // oldest first
				if old[name] == port {
					want = append(want, filepath.Join(dir, name))
				}
			}
			if !slices.Equal(fs, want) {
				t.Fatalf("Files(%q) = %v, want %v", port, fs, want)
			}
			for _, line := range strings.SplitAfter(exportRaw(t, fs), "\n") {
				if line != "" && !strings.HasPrefix(line, port+" in ") {
					t.Errorf("port %s reads %q", port, line)
				}
			}
		})
	}

	// A Writer for dut goes on after its old files and, keeping 3, removes
	// its oldest old file and nothing of another port.
	w := openPort(t, dir, "dut", capture.Config{MaxFiles: 3})
	w.Received(time.Now(), []byte("dut new\n"))
	w.Close()
	fs, err := capture.Files(dir, "dut")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := exportRaw(t, fs), "dut in dut-"+stamp+"-1.cap\ndut in dut-20261130T120001.000000Z.cap\ndut new\n"; got != want {
		t.Fatalf("dut reads %q, want %q", got, want)
	}
	for name, port := range old {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil && port != "dut" {
			t.Errorf("dut's rotation removed %s: %v", name, err)
		}
	}
}
