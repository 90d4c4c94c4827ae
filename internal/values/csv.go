package values

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/decode"
)

// ExportCSV decodes what a port's capture files received (oldest first)
// with a fresh decoder and writes, as CSV, the records whose device time
// is within [from, to] (a zero bound is open): a header "time" and every
// value name in the order they first came, then a row per record, its
// time in RFC 3339 with nanoseconds (UTC) and a value per column (empty
// where the record has none). Decoding starts at the first file, so a
// record that began before from is whole. Damaged files are decoded up
// to the damage and named in problems; the bytes after it are a gap.
func ExportCSV(w io.Writer, files []string, newDecoder func() (decode.Decoder, error), from, to time.Time) (problems []capture.Problem, err error) {
	in := func(t time.Time) bool { return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to)) }
	// Two passes: the columns are every name the range's records have,
	// which a CSV header must give first.
	var names []string
	seen := map[string]int{}
	problems, err = decodeFiles(files, newDecoder, func(r decode.Record) error {
		if !in(r.Time) {
			return nil
		}
		for _, v := range r.Values {
			if _, ok := seen[v.Name]; !ok {
				seen[v.Name] = len(names) + 1
				names = append(names, v.Name)
			}
		}
		return nil
	})
	if err != nil {
		return problems, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"time"}, names...)); err != nil {
		return problems, err
	}
	row := make([]string, len(names)+1)
	_, err = decodeFiles(files, newDecoder, func(r decode.Record) error {
		if !in(r.Time) {
			return nil
		}
		clear(row)
		row[0] = r.Time.UTC().Format(time.RFC3339Nano)
		for _, v := range r.Values {
			if v.IsText {
				row[seen[v.Name]] = v.Text
			} else {
				row[seen[v.Name]] = strconv.FormatFloat(v.Num, 'g', -1, 64)
			}
		}
		return cw.Write(row)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return problems, err
}

// decodeFiles feeds what the files received to a new decoder and calls
// each with every record, in order. Offsets count the received bytes of
// the files from the first.
func decodeFiles(files []string, newDecoder func() (decode.Decoder, error), each func(decode.Record) error) ([]capture.Problem, error) {
	dec, err := newDecoder()
	if err != nil {
		return nil, err
	}
	var (
		problems []capture.Problem
		recs     []decode.Record
		off      uint64
	)
	for _, name := range files {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			continue // rotated away meanwhile
		}
		if err != nil {
			return problems, err
		}
		rd := capture.NewReader(f)
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				problems = append(problems, capture.Problem{File: name, Err: err})
				dec.Gap()
				break
			}
			if rec.Kind != capture.Received {
				continue
			}
			recs = dec.Feed(recs[:0], rec.Data, rec.Time, off)
			off += uint64(len(rec.Data))
			for _, r := range recs {
				if err := each(r); err != nil {
					f.Close()
					return problems, fmt.Errorf("values: writing the CSV: %w", err)
				}
			}
		}
		f.Close()
	}
	return problems, nil
}
