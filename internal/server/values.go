package server

import (
	"net/http"
	"strconv"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/protocol"
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
	engine := s.cfg.Values
	if engine == nil {
		writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, "port "+port.Name()+" has no decoder: set decode= on the port (docs/decoders.md)")
		return
	}
	eng, ok := engine(port.Name())
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, "port "+port.Name()+" has no decoder: set decode= on the port (docs/decoders.md)")
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
	st := eng.DecodeStats()
	answer := protocol.ValuesAnswer{Decoder: st.Decoder, Records: wire.RecordObjects(recs), Errors: st.Errors, Next: since}
	if len(recs) > 0 {
		answer.Next = recs[len(recs)-1].Offset
	}
	writeJSON(w, http.StatusOK, answer)
}
