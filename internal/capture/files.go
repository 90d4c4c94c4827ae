package capture

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The layout of a capture directory DIR:
//
//	DIR/NAME/TIME.cap      a file of port NAME (TIME as stampLayout, with
//	DIR/NAME/TIME-N.cap    -N when two files start in the same microsecond)
//	DIR/NAME-TIME.cap      the layout before issue 11, still read and rotated
//
// A folder per port means no port's name can match another's files. The old
// layout could ("dut" and "dut-1-TIME.cap"), so an old file belongs to port
// NAME only if its name is exactly NAME-TIME.cap or NAME-TIME-N.cap: no other
// port's file parses so, because TIME holds letters where no N may.

// stampLayout is TIME in file names: UTC, fixed width, sorting as it reads.
const stampLayout = "20060102T150405.000000Z"

// checkName reports whether name can be a port's folder: one path element.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || filepath.Base(name) != name {
		return fmt.Errorf("capture: %q cannot name a port's folder", name)
	}
	return nil
}

// fileName is the name of a new file in a port's folder.
func fileName(stamp string, n int) string {
	if n == 0 {
		return stamp + ".cap"
	}
	return fmt.Sprintf("%s-%d.cap", stamp, n)
}

// parseFileName parses TIME.cap or TIME-N.cap exactly; anything else is not
// a capture file.
func parseFileName(s string) (fileKey, bool) {
	s, ok := strings.CutSuffix(s, ".cap")
	if !ok || len(s) < len(stampLayout) {
		return fileKey{}, false
	}
	stamp, rest := s[:len(stampLayout)], s[len(stampLayout):]
	if t, err := time.Parse(stampLayout, stamp); err != nil || t.Format(stampLayout) != stamp {
		return fileKey{}, false
	}
	if rest == "" {
		return fileKey{stamp: stamp}, true
	}
	digits, ok := strings.CutPrefix(rest, "-")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != digits {
		return fileKey{}, false
	}
	return fileKey{stamp: stamp, n: n}, true
}

// fileKey orders a port's files: by time, then number (none first).
type fileKey struct {
	stamp string
	n     int
}

func (a fileKey) compare(b fileKey) int {
	return cmp.Or(strings.Compare(a.stamp, b.stamp), cmp.Compare(a.n, b.n))
}

// Files returns the capture files of port name in dir, oldest first: those
// in its folder dir/name and those of the old layout, dir/name-TIME.cap,
// whose names parse exactly as that port's. Another port's files are never
// among them, whatever the two names.
func Files(dir, name string) ([]string, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	type file struct {
		path string
		key  fileKey
	}
	var files []file
	// The old layout, beside the folders.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), name+"-")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if k, ok := parseFileName(rest); ok {
			files = append(files, file{filepath.Join(dir, e.Name()), k})
		}
	}
	// The port's folder.
	folder := filepath.Join(dir, name)
	entries, err = os.ReadDir(folder)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("capture: %w", err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if k, ok := parseFileName(e.Name()); ok {
			files = append(files, file{filepath.Join(folder, e.Name()), k})
		}
	}
	slices.SortStableFunc(files, func(a, b file) int { return a.key.compare(b.key) })
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.path
	}
	return paths, nil
}
