package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/values"
	"github.com/serialhub/serialhub/internal/wire"
)

// maxValues bounds the records of one answer of GET
// /api/ports/{name}/values.
const maxValues = 10000

// handleValues serves GET /api/ports/{name}/values?since=OFFSET&limit=N:
// the records the port's decoder made most recently (docs/decoders.md).
func (s *Server) handleValues(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	eng, st, ok := s.decoding(w, port.Name())
	if !ok {
		return
	}
	q := r.URL.Query()
	var since uint64
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since="+v+": want a stream offset (a record's offset)")
			return
		}
		since = n
	}
	limit := maxValues
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxValues {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "limit="+v+": want 1 to "+strconv.Itoa(maxValues))
			return
		}
		limit = n
	}
	recs := eng.Since(since, limit)
	answer := protocol.ValuesAnswer{Decoder: st.Decoder, Records: wire.RecordObjects(recs), Errors: st.Errors, Next: since}
	if len(recs) > 0 {
		answer.Next = recs[len(recs)-1].Offset
	}
	writeJSON(w, http.StatusOK, answer)
}

// handleValuesCSV serves GET /api/ports/{name}/values.csv?from=&to=: the
// port's capture decoded again, the records with device times in the
// range (RFC 3339; either bound may be left out) as CSV.
func (s *Server) handleValuesCSV(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	eng, _, ok := s.decoding(w, port.Name())
	if !ok {
		return
	}
	rec, ok := port.Recorder().(captureFiles)
	if !ok {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "port "+port.Name()+" is not captured: start serialhub with --log-dir DIR")
		return
	}
	q := r.URL.Query()
	var bounds [2]time.Time
	for i, k := range []string{"from", "to"} {
		if v := q.Get(k); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, k+"="+v+": want a time such as 2026-11-30T10:00:00Z")
				return
			}
			bounds[i] = t
		}
	}
	files, ok := s.syncedFiles(w, port.Name(), rec)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-values.csv"`, port.Name()))
	w.Header().Set("Cache-Control", "no-store")
	problems, err := values.ExportCSV(w, files, eng.NewDecoder, bounds[0], bounds[1])
	for _, p := range problems {
		s.log.Warn("capture file damaged; decoded up to the damage", "port", port.Name(), "file", p.File, "err", p.Err)
	}
	if err != nil {
		s.log.Debug("values export ended early", "port", port.Name(), "err", err)
	}
}

// DecoderAnswer is the answer of GET /api/ports/{name}/decoder: the
// decoder's spec (docs/decoders.md), or null for none.
type DecoderAnswer struct {
	Decoder *decode.Spec `json:"decoder"`
}

// valuesEngine returns port's values engine, or answers 422.
func (s *Server) valuesEngine(w http.ResponseWriter, port string) (*values.Engine, bool) {
	if s.cfg.Values != nil {
		if e, ok := s.cfg.Values(port); ok {
			return e, true
		}
	}
	writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, "port "+port+" cannot decode: only the ports serialhub starts with have a decoder (docs/decoders.md)")
	return nil, false
}

// decoding returns port's values engine and its decoder's counts, or
// answers 422 for a port that has no decoder now.
func (s *Server) decoding(w http.ResponseWriter, port string) (*values.Engine, hub.DecodeStats, bool) {
	if s.cfg.Values != nil {
		if e, ok := s.cfg.Values(port); ok {
			if st, ok := e.DecodeStats(); ok {
				return e, st, true
			}
		}
	}
	writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, "port "+port+" has no decoder: set decode= on the port, or PUT /api/ports/"+port+"/decoder (docs/decoders.md)")
	return nil, hub.DecodeStats{}, false
}

// handleDecoder serves GET /api/ports/{name}/decoder.
func (s *Server) handleDecoder(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	e, ok := s.valuesEngine(w, port.Name())
	if !ok {
		return
	}
	spec, _ := e.Spec()
	writeJSON(w, http.StatusOK, DecoderAnswer{Decoder: spec})
}

// handleSetDecoder serves PUT and DELETE /api/ports/{name}/decoder: the
// port is decoded by the spec in the body from its next byte on, or, for
// DELETE, by none. The port's clients get a status with its decoder.
func (s *Server) handleSetDecoder(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	e, ok := s.valuesEngine(w, port.Name())
	if !ok {
		return
	}
	var spec *decode.Spec
	if r.Method == http.MethodPut {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		sp, err := decode.ParseSpec(body)
		if err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
			return
		}
		spec = &sp
	}
	err := e.SetDecoder(spec)
	name := ""
	if spec != nil {
		name = spec.Name
	}
	s.audit("decoder", r, "port", port.Name(), "decoder", name, "ok", err == nil)
	if err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	}
	port.Refresh()
	writeJSON(w, http.StatusOK, wire.PortObject(port.Info()))
}
