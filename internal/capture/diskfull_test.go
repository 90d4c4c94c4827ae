//go:build linux

package capture_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/capture"
)

// mountTmpfs mounts a tmpfs of size bytes for the test: a disk that really
// fills up. It needs root; the test is skipped where mounting fails.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs (root only): %v", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) }) // before TempDir removes dir
	return dir
}

// fill writes name until the file system is full.
func fill(t *testing.T, name string) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for range 1 << 20 { // far more than the test's tmpfs holds
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("the file system never filled")
}

// TestFullDiskKeepsWhatIsOnIt fills the capture's file system: the complete
// files already there survive, later records wait in the queue and beyond
// it are dropped and counted, with a note where they were lost, and the
// capture goes on when there is room again. The retries run on synctest's
// clock.
func TestFullDiskKeepsWhatIsOnIt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		maxSize int64
	}{
		// Files of 1 KiB fit in the tmpfs page each has: the disk is found
		// full when the next file starts.
		{"at a new file", 1024},
		// Files of 1 MiB: the disk is full in the middle of one, where a
		// write is cut short.
		{"inside a file", 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) { testFullDisk(t, tc.maxSize) })
	}
}

func testFullDisk(t *testing.T, maxSize int64) {
	dir := mountTmpfs(t, 256<<10)
	synctest.Test(t, func(t *testing.T) {
		w := openPort(t, dir, "dut", capture.Config{MaxSize: maxSize, MaxFiles: 8, QueueSize: 1000})
		var early strings.Builder
		for i := range 100 {
			b := fmt.Appendf(nil, "early %03d\n", i)
			early.Write(b)
			w.Received(time.Now(), b)
			if i%10 == 9 {
				if err := w.Sync(); err != nil {
					t.Fatal(err)
				}
			}
		}
		before, err := w.Files()
		if err != nil || len(before) < 2 && maxSize < 4096 {
			t.Fatalf("files %v, %v: want several", before, err)
		}
		if got := exportRaw(t, before); got != early.String() {
			t.Fatalf("before the disk fills the capture holds %q", got)
		}

		// Something else fills the disk; the port goes on receiving.
		filler := filepath.Join(dir, "filler")
		fill(t, filler)
		// (Each record is given time to reach the disk, as on a port that
		// receives a line now and then.)
		var late strings.Builder
		var syncErr error
		for i := range 200 {
			b := fmt.Appendf(nil, "late %03d\n", i)
			late.Write(b)
			w.Received(time.Now(), b)
			syncErr = w.Sync()
		}
		// A port opened on the full disk opens, and waits too.
		other := openPort(t, dir, "dut-2", capture.Config{})
		other.Received(time.Now(), []byte("opened on a full disk\n"))
		// An hour of retries on the full disk.
		for range 60 {
			time.Sleep(time.Minute)
			synctest.Wait()
		}
		after, err := w.Files()
		if err != nil {
			t.Fatal(err)
		}
		if got := exportRaw(t, after); !strings.HasPrefix(got, early.String()) {
			t.Fatalf("on a full disk the capture holds %d bytes, %.60q…, which do not start with the %d bytes it held before", len(got), got, early.Len())
		}
		if !slices.Equal(after, before) {
			t.Errorf("while the disk was full the files went from %v to %v", before, after)
		}
		if !errors.Is(syncErr, capture.ErrWriteFailed) {
			t.Fatalf("Sync on a full disk: %v, want ErrWriteFailed", syncErr)
		}
		if err := other.Sync(); !errors.Is(err, capture.ErrWriteFailed) {
			t.Fatalf("Sync of a port opened on a full disk: %v, want ErrWriteFailed", err)
		}
		if d := w.Dropped(); d == 0 || d > uint64(late.Len()) {
			t.Fatalf("Dropped() = %d on a full disk, want some of the %d bytes received", d, late.Len())
		}

		// Room again: the capture goes on by itself.
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		w.Received(time.Now(), []byte("room again\n"))
		if err := w.Sync(); err != nil {
			t.Fatalf("Sync once there is room: %v", err)
		}
		if err := other.Sync(); err != nil {
			t.Fatalf("Sync of the port opened on a full disk, once there is room: %v", err)
		}
		if fs, err := other.Files(); err != nil || exportRaw(t, fs) != "opened on a full disk\n" {
			t.Fatalf("the port opened on a full disk has files %v, %v", fs, err)
		}
		after, err = w.Files()
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		lost := 0
		for _, r := range readAll(t, after, false) {
			switch {
			case r.Kind == capture.Received:
				got.Write(r.Data)
			case bytes.HasPrefix(r.Data, []byte("capture lost ")):
				lost++
				want := fmt.Sprintf("capture lost %d bytes here: ", w.Dropped())
				if !strings.HasPrefix(string(r.Data), want) || !strings.Contains(string(r.Data), "no space left on device") {
					t.Errorf("note %q, want %q and the reason", r.Data, want+"…")
				}
				got.WriteString("[lost]")
			}
		}
		// Every early byte, then the start of the late ones (those that
		// waited in the queue), the note of the loss, and what came after.
		kept := strings.TrimSuffix(strings.TrimPrefix(got.String(), early.String()), "[lost]room again\n")
		if lost != 1 || !strings.HasPrefix(got.String(), early.String()) || !strings.HasSuffix(got.String(), "[lost]room again\n") ||
			!strings.HasPrefix(late.String(), kept) || uint64(late.Len()-len(kept)) != w.Dropped() {
			t.Fatalf("after the disk had room again the capture holds %q;\nwant the early records, the start of the late ones, one note of the %d bytes lost, and the last", got.String(), w.Dropped())
		}
		t.Logf("of %d bytes received on the full disk, %d were kept (written or queued) and %d dropped", late.Len(), len(kept), w.Dropped())
	})
}
