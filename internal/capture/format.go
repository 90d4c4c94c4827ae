// Package capture records what a port receives and sends to files on disk,
// and reads them back.
//
// A capture is a folder of files per port, DIR/NAME/TIME.cap, each at most a
// configured size; the oldest are removed beyond a configured count. A file
// is a header line followed by records, each checked by a CRC, so a file cut
// short by a crash reads back to its last whole record and a damaged one
// says where:
//
//	file:   "serialhub capture 1\n" record*
//	record: kind (1 byte: 'I' received, 'O' sent, 'N' a note)
//	        time (8 bytes: Unix nanoseconds, big-endian)
//	        length (4 bytes, big-endian, at most MaxRecord)
//	        data (length bytes)
//	        crc (4 bytes: CRC-32 (IEEE) of all the above, big-endian)
//
// A Writer takes records without ever waiting on the disk: they go to a
// bounded queue that one goroutine writes out, flushing whenever the queue
// runs empty (so a kill -9 loses only what was still queued) and syncing to
// disk at most a second after a write (so a power cut loses at most about a
// second). When the disk cannot keep up, records are dropped, counted, and
// a note in the file says how many bytes are missing there. When the disk
// is full, the files stay as they are (a write cut short is cut back to its
// last whole record, and no file is removed), records wait in the queue and
// then are dropped, and writing is tried again after a backoff.
package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

// Kind is what a record holds.
type Kind byte

// The kinds of record.
const (
	Received Kind = 'I' // bytes the device sent
	Sent     Kind = 'O' // bytes written to the device
	Note     Kind = 'N' // a line of text about the port: opened, settings changed, data lost
)

func (k Kind) valid() bool { return k == Received || k == Sent || k == Note }

// Header starts every capture file.
const Header = "serialhub capture 1\n"

// MaxRecord is the most data one record holds.
const MaxRecord = 1 << 20

const recordOverhead = 1 + 8 + 4 + 4

// Record is one piece of a capture.
type Record struct {
	Kind Kind
	Time time.Time
	Data []byte
}

// Errors of Reader.Next.
var (
	// ErrTruncated: the file ends inside a record, as a file does whose
	// writer was killed; the records before it are whole.
	ErrTruncated = errors.New("capture file ends inside a record")
	// ErrCorrupt: a record fails its check; what follows is not read.
	ErrCorrupt = errors.New("capture file is damaged")
	// ErrNotCapture: the file does not start with Header.
	ErrNotCapture = errors.New("not a serialhub capture file")
)

// ErrWriteFailed is wrapped by Writer.Sync's error while writing to the
// disk fails (a full disk): what the files hold stays readable.
var ErrWriteFailed = errors.New("capture: writing failed; records wait for a retry")

// appendRecord appends r's encoding to b.
func appendRecord(b []byte, r Record) []byte {
	start := len(b)
	b = append(b, byte(r.Kind))
	b = binary.BigEndian.AppendUint64(b, uint64(r.Time.UnixNano()))
	b = binary.BigEndian.AppendUint32(b, uint32(len(r.Data)))
	b = append(b, r.Data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// Reader reads the records of one capture file.
type Reader struct {
	r      *bufio.Reader
	offset int64 // of the next record, for errors
	header bool  // the header was read
	buf    []byte
}

// NewReader returns a Reader of the capture file r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next record; its Data is valid until the next call. At
// the end of the file it returns io.EOF; on a file cut short inside a
// record, an error wrapping ErrTruncated; on a damaged record, one wrapping
// ErrCorrupt.
func (rd *Reader) Next() (Record, error) {
	if !rd.header {
		h := make([]byte, len(Header))
		if _, err := io.ReadFull(rd.r, h); err != nil || string(h) != Header {
			if errors.Is(err, io.EOF) {
				return Record{}, io.EOF // an empty file: a capture that had just begun
			}
			return Record{}, ErrNotCapture
		}
		rd.header = true
		rd.offset = int64(len(Header))
	}
	head := make([]byte, 13)
	n, err := io.ReadFull(rd.r, head)
	if n == 0 && errors.Is(err, io.EOF) {
		return Record{}, io.EOF
	}
	if err != nil {
		return Record{}, fmt.Errorf("at byte %d: %w", rd.offset, ErrTruncated)
	}
	kind := Kind(head[0])
	size := binary.BigEndian.Uint32(head[9:13])
	if !kind.valid() || size > MaxRecord {
		return Record{}, fmt.Errorf("at byte %d: record of kind %q and %d bytes: %w", rd.offset, head[0], size, ErrCorrupt)
	}
	total := recordOverhead + int(size)
	if cap(rd.buf) < total {
		rd.buf = make([]byte, total)
	}
	b := rd.buf[:total]
	copy(b, head)
	if _, err := io.ReadFull(rd.r, b[13:]); err != nil {
		return Record{}, fmt.Errorf("at byte %d: %w", rd.offset, ErrTruncated)
	}
	if crc32.ChecksumIEEE(b[:total-4]) != binary.BigEndian.Uint32(b[total-4:]) {
		return Record{}, fmt.Errorf("at byte %d: checksum mismatch: %w", rd.offset, ErrCorrupt)
	}
	rd.offset += int64(total)
	return Record{
		Kind: kind,
		Time: time.Unix(0, int64(binary.BigEndian.Uint64(b[1:9]))),
		Data: b[13 : total-4],
	}, nil
}
