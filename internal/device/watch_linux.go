package device

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// watch watches the directory of path (or dir) with inotify for entries
// created, moved in or changed (udev creates a node, then sets its owner
// and mode). If the directory does not exist yet (/dev/serial/by-id with no
// USB device plugged in), it watches the nearest one that does for anything
// created. The inotify descriptor is read through the runtime's poller, so
// closing it wakes the goroutine that reads it.
func watch(spec, dir string) *Watcher {
	name := ""
	if dir == "" {
		if strings.Contains(spec, "://") || !strings.HasPrefix(spec, "/") {
			return nil
		}
		dir, name = filepath.Dir(spec), filepath.Base(spec)
	}
	for {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir, name = parent, "" // anything created there may lead to it
	}
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_ATTRIB); err != nil {
		unix.Close(fd)
		return nil
	}
	f := os.NewFile(uintptr(fd), "inotify:"+dir)
	c := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			if err != nil {
				return // closed by stop
			}
			if name == "" || eventsName(buf[:n], name) {
				select {
				case c <- struct{}{}:
				default:
				}
			}
		}
	})
	return &Watcher{C: c, stop: func() {
		f.Close()
		wg.Wait()
	}}
}

// eventsName reports whether any inotify event in b is about name.
func eventsName(b []byte, name string) bool {
	for len(b) >= unix.SizeofInotifyEvent {
		// struct inotify_event: wd, mask, cookie, len, then len bytes of
		// name padded with NULs.
		size := unix.SizeofInotifyEvent + int(binary.NativeEndian.Uint32(b[12:16]))
		if size > len(b) {
			return false
		}
		if got := strings.TrimRight(string(b[unix.SizeofInotifyEvent:size]), "\x00"); got == name {
			return true
		}
		b = b[size:]
	}
	return false
}
