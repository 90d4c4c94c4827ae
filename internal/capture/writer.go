package capture

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Defaults for Config.
const (
	DefaultMaxSize   = 16 << 20 // bytes per file
	DefaultMaxFiles  = 8        // files kept per port
	DefaultQueueSize = 4 << 20  // bytes waiting for the disk before records are dropped
	syncDelay        = time.Second
	flushSize        = 64 << 10 // bytes of records written at once
	// A write that fails (a full disk) is tried again after retryMin, then
	// twice as long each time it fails again, up to retryMax.
	retryMin = time.Second
	retryMax = 30 * time.Second
)

// Config configures a Writer.
type Config struct {
	Dir       string // required: the directory of the files; created if missing
	Name      string // required: the port's name; its files go in the folder Dir/Name
	MaxSize   int64  // bytes per file before the next one starts; default DefaultMaxSize
	MaxFiles  int    // files kept; older ones are removed; default DefaultMaxFiles
	QueueSize int    // bytes queued for the disk before records are dropped; default DefaultQueueSize

	Logger *slog.Logger // nil: slog.Default()
}

// Writer records a port's traffic to rotating files. Its Record methods
// never block; Close stops it. It is safe for concurrent use.
//
// When the disk fails (it is full), the files stay as they are: records wait
// in the queue, those beyond it are dropped and counted (a note marks the
// place), and the write is tried again after a backoff of 1 s doubling to
// 30 s. A file is removed only when the newest one is full, never because
// writing failed.
type Writer struct {
	cfg  Config       // static
	log  *slog.Logger // static
	wg   sync.WaitGroup
	done chan struct{} // closed by Close
	sync chan chan error

	notify  chan struct{} // signalled when pending grows
	dropped atomic.Uint64 // bytes dropped because the disk fell behind or failed

	mu      sync.Mutex
	pending []queued // guarded by mu: records for the disk, in order
	queued  int      // guarded by mu: bytes in pending
	closed  bool     // guarded by mu
	failing string   // guarded by mu: why writing fails, while it does; "" when it works

	// Owned by the run goroutine.
	file    *os.File      // opened O_APPEND, so a write after a cut goes to the new end
	size    int64         // bytes in file: Header and whole records
	out     []byte        // records encoded for the file, not yet written
	outRecs []queued      // the records in out, queued again if writing them fails
	dirty   bool          // written since the last fsync
	err     error         // why writing failed, while it does; nil when it works
	backoff time.Duration // the wait before the next retry; 0 when writing works
	lastErr string        // the last write error logged, so a full disk logs once
}

// Open starts a Writer; its first file is created at once, so a directory
// that cannot be written fails here rather than later. A full disk is no
// failure: the Writer starts as it goes on when the disk fills, queueing
// then dropping records until there is room.
func Open(cfg Config) (*Writer, error) {
	if cfg.Dir == "" || cfg.Name == "" {
		return nil, errors.New("capture: no directory or name")
	}
	if cfg.MaxSize <= 0 {
		cfg.MaxSize = DefaultMaxSize
	}
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = DefaultMaxFiles
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if err := checkName(cfg.Name); err != nil {
		return nil, err
	}
	w := &Writer{
		cfg:    cfg,
		log:    cfg.Logger.With("capture", cfg.Dir, "port", cfg.Name),
		done:   make(chan struct{}),
		sync:   make(chan chan error),
		notify: make(chan struct{}, 1),
	}
	if err := w.rotate(); errors.Is(err, syscall.ENOSPC) {
		w.stall(err, nil)
	} else if err != nil {
		return nil, err
	}
	w.wg.Add(1)
	go w.run()
	return w, nil
}

// Received records bytes the device sent. b is kept: the caller must not
// modify it afterwards.
func (w *Writer) Received(t time.Time, b []byte) { w.record(Record{Kind: Received, Time: t, Data: b}) }

// Sent records bytes written to the device. b is kept: the caller must not
// modify it afterwards.
func (w *Writer) Sent(t time.Time, b []byte) { w.record(Record{Kind: Sent, Time: t, Data: b}) }

// Note records a line of text about the port.
func (w *Writer) Note(t time.Time, msg string) {
	w.record(Record{Kind: Note, Time: t, Data: []byte(msg)})
}

// Files returns this Writer's files, oldest first.
func (w *Writer) Files() ([]string, error) { return Files(w.cfg.Dir, w.cfg.Name) }

// Dropped returns how many bytes were not recorded because the disk fell
// behind or failed.
func (w *Writer) Dropped() uint64 { return w.dropped.Load() }

func (w *Writer) record(r Record) {
	for len(r.Data) > MaxRecord {
		head := r
		head.Data = r.Data[:MaxRecord]
		w.record(head)
		r.Data = r.Data[MaxRecord:]
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	if w.queued+len(r.Data) > w.cfg.QueueSize {
		w.lose(uint64(len(r.Data)))
		return
	}
	w.queued += len(r.Data)
	w.pending = append(w.pending, queued{Record: r})
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// queued is a record waiting for the disk, or (lost > 0) the place where
// records were dropped.
type queued struct {
	Record
	lost uint64
	why  string // why they were lost
}

// lose counts n bytes dropped at this place of the queue: consecutive losses
// become one note.
func (w *Writer) lose(n uint64) {
	w.dropped.Add(n)
	if k := len(w.pending); k > 0 && w.pending[k-1].lost > 0 {
		w.pending[k-1].lost += n
		return
	}
	why := "the disk did not keep up"
	if w.failing != "" {
		why = "writing failed: " + w.failing
	}
	w.pending = append(w.pending, queued{Record: Record{Kind: Note, Time: time.Now()}, lost: n, why: why})
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// Sync returns once every record taken before it is in the file (written,
// not necessarily on the disk's platters), so readers of the files see it.
// While writing fails (a full disk) it returns at once an error wrapping
// ErrWriteFailed: the files hold what they held, the rest waits.
func (w *Writer) Sync() error {
	reply := make(chan error, 1)
	select {
	case w.sync <- reply:
		return <-reply
	case <-w.done:
		return fmt.Errorf("capture of %s: closed", w.cfg.Name)
	}
}

// Close writes what is queued, syncs the file to disk and stops the
// Writer. It is idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	close(w.done)
	w.wg.Wait()
	return nil
}

// run writes queued records until Close.
func (w *Writer) run() {
	defer w.wg.Done()
	syncTimer := time.NewTimer(syncDelay)
	syncTimer.Stop()
	defer syncTimer.Stop()
	retryTimer := time.NewTimer(retryMin)
	retryTimer.Stop()
	defer retryTimer.Stop()
	var syncC, retryC <-chan time.Time
	if w.err != nil { // Open found the disk full
		retryTimer.Reset(w.backoff)
		retryC = retryTimer.C
	}
	for {
		var reply chan error
		select {
		case <-w.notify:
		case reply = <-w.sync:
		case <-syncC:
			syncC = nil
			w.fsync()
		case <-retryC:
			retryC = nil
			w.err = nil
		case <-w.done:
			w.err = nil
			if w.writePending() != nil {
				w.mu.Lock()
				n := w.queued
				w.pending, w.queued = nil, 0
				w.mu.Unlock()
				w.dropped.Add(uint64(n))
			}
			w.closeFile()
			return
		}
		err := w.err
		if err == nil {
			// While writing fails, records wait for the retry.
			err = w.writePending()
		}
		if reply != nil {
			reply <- err
		}
		if w.err != nil && retryC == nil {
			retryTimer.Reset(w.backoff)
			retryC = retryTimer.C
		}
		if w.dirty && syncC == nil {
			// At most a second of data is only in the page cache.
			syncTimer.Reset(syncDelay)
			syncC = syncTimer.C
		}
	}
}

// writePending writes every queued record to the file. If that fails, the
// records not written go back to the head of the queue and the Writer
// stalls (w.err) until a retry.
func (w *Writer) writePending() error {
	w.mu.Lock()
	batch := w.pending
	w.pending, w.queued = nil, 0
	w.mu.Unlock()
	for i, q := range batch {
		r := q.Record
		if q.lost > 0 {
			r.Data = fmt.Appendf(nil, "capture lost %d bytes here: %s", q.lost, q.why)
		}
		n := int64(recordOverhead + len(r.Data))
		if end := w.size + int64(len(w.out)); w.file == nil || end+n > w.cfg.MaxSize && end > int64(len(Header)) {
			err := w.flush()
			if err == nil {
				err = w.rotate()
			}
			if err != nil {
				return w.stall(err, batch[i:])
			}
		}
		w.out = appendRecord(w.out, r)
		w.outRecs = append(w.outRecs, q)
		if len(w.out) >= flushSize {
			if err := w.flush(); err != nil {
				return w.stall(err, batch[i+1:])
			}
		}
	}
	if err := w.flush(); err != nil {
		return w.stall(err, nil)
	}
	if w.backoff != 0 && w.file != nil {
		w.log.Info("capture writing again")
		w.backoff, w.lastErr = 0, ""
		w.mu.Lock()
		w.failing = ""
		w.mu.Unlock()
	}
	return nil
}

// flush writes out. A write cut short (a full disk) is cut back to the last
// whole record, so the file stays whole and goes on after a retry.
func (w *Writer) flush() error {
	if len(w.out) == 0 {
		return nil
	}
	n, err := w.file.Write(w.out)
	if err != nil {
		if n > 0 {
			if terr := w.file.Truncate(w.size); terr != nil {
				// The file ends in part of a record; readers stop there.
				// Go on in a new file.
				w.log.Warn("cannot cut a capture file back to its last whole record", "file", w.file.Name(), "err", terr)
				w.closeFile()
			}
		}
		return err
	}
	w.size += int64(n)
	w.dirty = true
	w.out, w.outRecs = w.out[:0], w.outRecs[:0]
	return nil
}

// stall puts back the records not written, the ones in out then rest, at
// the head of the queue, and waits for a retry. It returns err wrapped.
func (w *Writer) stall(err error, rest []queued) error {
	back := slices.Concat(w.outRecs, rest)
	w.out, w.outRecs = w.out[:0], w.outRecs[:0]
	n := 0
	for _, q := range back {
		n += len(q.Data)
	}
	w.mu.Lock()
	if k := len(back); k > 0 && back[k-1].lost > 0 && len(w.pending) > 0 && w.pending[0].lost > 0 {
		// Two notes of losses with nothing between: one.
		back[k-1].lost += w.pending[0].lost
		w.pending = w.pending[1:]
	}
	w.pending = append(back, w.pending...)
	w.queued += n
	w.failing = shortError(err)
	w.mu.Unlock()
	if msg := err.Error(); msg != w.lastErr {
		w.lastErr = msg
		w.log.Error("capture write failed; keeping the files, queueing then dropping records, and trying again", "err", err)
	}
	w.backoff = min(max(2*w.backoff, retryMin), retryMax)
	w.err = fmt.Errorf("%w: %w", ErrWriteFailed, err)
	return w.err
}

// shortError is err without the file's path, which the note need not carry:
// "no space left on device".
func shortError(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// rotate starts the next file and, once it has its header, closes the
// current one and removes the oldest beyond MaxFiles. If the new file cannot
// be written, it is removed and the current one stays.
func (w *Writer) rotate() error {
	folder := filepath.Join(w.cfg.Dir, w.cfg.Name)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	stamp := time.Now().UTC().Format(stampLayout)
	var f *os.File
	var err error
	for i := 0; ; i++ {
		f, err = os.OpenFile(filepath.Join(folder, fileName(stamp, i)), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	if _, err := f.WriteString(Header); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("capture: %w", err)
	}
	w.closeFile()
	w.file, w.size, w.dirty = f, int64(len(Header)), true
	files, err := Files(w.cfg.Dir, w.cfg.Name)
	if err != nil {
		return nil // the new file works; pruning can wait for the next
	}
	for len(files) > w.cfg.MaxFiles {
		if err := os.Remove(files[0]); err != nil {
			w.log.Warn("cannot remove an old capture file", "err", err)
			break
		}
		files = files[1:]
	}
	return nil
}

// fsync syncs the file to disk. If that fails the Writer stalls as if a
// write had: the file stays, and goes on after the retry.
func (w *Writer) fsync() {
	if w.file != nil && w.dirty {
		if err := w.file.Sync(); err != nil {
			w.stall(err, nil)
		}
	}
	w.dirty = false
}

func (w *Writer) closeFile() {
	if w.file == nil {
		return
	}
	if w.dirty {
		if err := w.file.Sync(); err != nil {
			w.log.Warn("cannot sync a capture file", "file", w.file.Name(), "err", err)
		}
	}
	w.file.Close()
	w.file, w.dirty = nil, false
}
