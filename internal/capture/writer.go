package capture

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for Config.
const (
	DefaultMaxSize   = 16 << 20 // bytes per file
	DefaultMaxFiles  = 8        // files kept per port
	DefaultQueueSize = 4 << 20  // bytes waiting for the disk before records are dropped
	syncDelay        = time.Second
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

	// Owned by the run goroutine.
	file    *os.File
	buf     *bufio.Writer
	size    int64 // bytes in file
	dirty   bool  // written since the last fsync
	scratch []byte
	lastErr string // the last write error logged, so a full disk logs once
}

// Open starts a Writer; its first file is created at once, so a directory
// that cannot be written fails here rather than later.
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
	if err := os.MkdirAll(filepath.Join(cfg.Dir, cfg.Name), 0o755); err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	w := &Writer{
		cfg:    cfg,
		log:    cfg.Logger.With("capture", cfg.Dir, "port", cfg.Name),
		done:   make(chan struct{}),
		sync:   make(chan chan error),
		notify: make(chan struct{}, 1),
	}
	if err := w.rotate(); err != nil {
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
}

// lose counts n bytes dropped at this place of the queue: consecutive losses
// become one note.
func (w *Writer) lose(n uint64) {
	w.dropped.Add(n)
	if k := len(w.pending); k > 0 && w.pending[k-1].lost > 0 {
		w.pending[k-1].lost += n
		return
	}
	w.pending = append(w.pending, queued{Record: Record{Kind: Note, Time: time.Now()}, lost: n})
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// Sync returns once every record taken before it is in the file (written,
// not necessarily on the disk's platters), so readers of the files see it.
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
	var syncTimer *time.Timer
	var syncC <-chan time.Time
	defer func() {
		if syncTimer != nil {
			syncTimer.Stop()
		}
	}()
	for {
		var reply chan error
		select {
		case <-w.notify:
		case reply = <-w.sync:
		case <-syncC:
			syncC = nil
			w.fsync()
			continue
		case <-w.done:
			w.writePending()
			w.closeFile()
			return
		}
		err := w.writePending()
		if reply != nil {
			reply <- err
		}
		if w.dirty && syncC == nil {
			// At most a second of data is only in the page cache.
			if syncTimer == nil {
				syncTimer = time.NewTimer(syncDelay)
			} else {
				syncTimer.Reset(syncDelay)
			}
			syncC = syncTimer.C
		}
	}
}

// writePending writes every queued record and flushes the file.
func (w *Writer) writePending() error {
	w.mu.Lock()
	batch := w.pending
	w.pending, w.queued = nil, 0
	w.mu.Unlock()
	var err error
	for _, q := range batch {
		r := q.Record
		if q.lost > 0 {
			r.Data = fmt.Appendf(nil, "capture lost %d bytes here: the disk did not keep up", q.lost)
		}
		if e := w.write(r); e != nil && err == nil {
			err = e
		}
	}
	if w.buf != nil {
		if e := w.buf.Flush(); e != nil && err == nil {
			err = w.failed(e)
		}
	}
	return err
}

func (w *Writer) write(r Record) error {
	if w.file == nil || w.size+int64(recordOverhead+len(r.Data)) > w.cfg.MaxSize && w.size > int64(len(Header)) {
		if err := w.rotate(); err != nil {
			w.dropped.Add(uint64(len(r.Data)))
			return w.failed(err)
		}
	}
	w.scratch = appendRecord(w.scratch[:0], r)
	n, err := w.buf.Write(w.scratch)
	w.size += int64(n)
	w.dirty = true
	if err != nil {
		w.dropped.Add(uint64(len(r.Data)))
		return w.failed(err)
	}
	return nil
}

// failed logs a disk error once per kind, and starts a new file at the
// next record: the current one may have a torn record at its end.
func (w *Writer) failed(err error) error {
	if msg := err.Error(); msg != w.lastErr {
		w.lastErr = msg
		w.log.Error("capture write failed; dropping records until it works again", "err", err)
	}
	w.closeFile()
	return err
}

// rotate closes the current file, if any, starts the next, and removes
// the oldest beyond MaxFiles.
func (w *Writer) rotate() error {
	w.closeFile()
	stamp := time.Now().UTC().Format(stampLayout)
	var f *os.File
	var err error
	for i := 0; ; i++ {
		f, err = os.OpenFile(filepath.Join(w.cfg.Dir, w.cfg.Name, fileName(stamp, i)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	w.file, w.buf, w.size = f, bufio.NewWriterSize(f, 64<<10), 0
	n, err := w.buf.WriteString(Header)
	w.size += int64(n)
	if err != nil {
		return err
	}
	w.lastErr = ""
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

func (w *Writer) fsync() {
	if w.file != nil && w.dirty {
		if err := w.file.Sync(); err != nil {
			w.failed(err)
		}
	}
	w.dirty = false
}

func (w *Writer) closeFile() {
	if w.file == nil {
		return
	}
	w.buf.Flush()
	w.fsync()
	w.file.Close()
	w.file, w.buf = nil, nil
}
