//go:build !(js && wasm)

package room

import (
	"bytes"
	"net/http"
	"strconv"
)

// export serves a finished round's entries.csv, results.csv or report.html to the facilitator.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	if !s.isHost(r, room) {
		s.forbid(w)
		return
	}
	n, _ := strconv.Atoi(r.PathValue("round"))
	var rd *Round
	for _, p := range append(room.Past, room.Round) {
		if p.Number == n && p.Board != nil && p.Board.Markets == p.Board.Of {
			rd = &p
		}
	}
	if rd == nil {
		http.Error(w, "that round has no finished league", http.StatusNotFound)
		return
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	switch r.PathValue("file") {
	case "entries.csv":
		_ = WriteEntries(&buf, rd.Entries)
	case "results.csv":
		_ = WriteBoard(&buf, *rd.Board)
	case "report.html":
		ctype = "text/html; charset=utf-8"
		if err := WriteReport(&buf, room.Code, *rd); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	default:
		http.NotFound(w, r)
		return
	}
	secure(w)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="room-`+room.Code+`-round-`+strconv.Itoa(n)+`-`+r.PathValue("file")+`"`)
	w.Write(buf.Bytes())
}
