//go:build !(js && wasm)

package room

import (
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/canvas/share"
)

//go:embed pages
var pages embed.FS

// Options tune a room server.
type Options struct {
	JoinBase    string  // scheme://host:port participants use, such as the LAN address; empty: the facilitator page's own
	JoinRate    float64 // new participants per second from one address (default 1)
	JoinBurst   int     // at once (default 30)
	SubmitRate  float64 // submissions per second from one participant (default 4)
	SubmitBurst int     // at once (default 10)
	Log         *log.Logger
}

// Server serves the facilitator's and the participants' pages and their API.
type Server struct {
	store   *Store
	opts    Options
	joins   *limiter
	submits *limiter
	sim     atomic.Pointer[http.Handler]

	mu   sync.Mutex
	hubs map[string]*hub
	runs sync.WaitGroup
}

// NewServer serves the rooms in store. Leagues that were playing when the server last stopped
// play again (each market is a pure function of its seed, so they give the same board).
func NewServer(store *Store, opts Options) (*Server, error) {
	if opts.JoinRate == 0 {
		opts.JoinRate, opts.JoinBurst = 1, 30
	}
	if opts.SubmitRate == 0 {
		opts.SubmitRate, opts.SubmitBurst = 4, 10
	}
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{store: store, opts: opts, hubs: map[string]*hub{},
		joins: newLimiter(opts.JoinRate, opts.JoinBurst), submits: newLimiter(opts.SubmitRate, opts.SubmitBurst)}
	rooms, err := store.Rooms()
	if err != nil {
		return nil, err
	}
	for _, r := range rooms {
		if r.Round.Phase == PhaseRunning {
			s.startLeague(r.Code, r.Round)
		}
	}
	return s, nil
}

// SetSimulator mounts the browser simulator under /sim/, for the participants' animated runs.
func (s *Server) SetSimulator(h http.Handler) {
	h = http.StripPrefix("/sim", h)
	s.sim.Store(&h)
}

// Wait waits for the leagues in play.
func (s *Server) Wait() { s.runs.Wait() }

func (s *Server) hub(code string) *hub {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.hubs[code]
	if !ok {
		h = &hub{}
		s.hubs[code] = h
	}
	return h
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(name, ctype string) http.HandlerFunc {
		body, err := pages.ReadFile("pages/" + name)
		if err != nil {
			panic(err) // embedded at build time
		}
		return func(w http.ResponseWriter, r *http.Request) {
			secure(w)
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-cache")
			w.Write(body)
		}
	}
	mux.Handle("GET /{$}", http.RedirectHandler("/join", http.StatusSeeOther))
	mux.HandleFunc("GET /join", page("join.html", "text/html; charset=utf-8"))
	mux.HandleFunc("GET /room.css", page("room.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /join.js", page("join.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /host.js", page("host.js", "text/javascript; charset=utf-8"))
	hostPage := page("host.html", "text/html; charset=utf-8")
	mux.HandleFunc("GET /host/{code}", func(w http.ResponseWriter, r *http.Request) {
		code := r.PathValue("code")
		room, err := s.store.Room(code)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if key := r.URL.Query().Get("key"); key != "" {
			if !same(key, room.Secret) {
				s.forbid(w)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: cookieName(code), Value: key, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, "/host/"+code, http.StatusSeeOther) // the key leaves the address bar
			return
		}
		if !s.isHost(r, room) {
			s.forbid(w)
			return
		}
		hostPage(w, r)
	})
	mux.HandleFunc("GET /api/{code}/qr.svg", s.qr)
	mux.HandleFunc("GET /api/{code}/events", s.events)
	mux.HandleFunc("GET /api/{code}/me", s.me)
	mux.HandleFunc("POST /api/{code}/entry", s.entry)
	mux.HandleFunc("POST /api/{code}/control", s.control)
	mux.HandleFunc("GET /api/{code}/export/{round}/{file}", s.export)
	mux.HandleFunc("/sim/", func(w http.ResponseWriter, r *http.Request) {
		if h := s.sim.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		http.Error(w, "the simulator is still being built: try again in a minute", http.StatusServiceUnavailable)
	})
	return mux
}

func secure(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *Server) forbid(w http.ResponseWriter) {
	secure(w)
	http.Error(w, "the facilitator's page needs the link with its key that `pipesim room` printed", http.StatusForbidden)
}

func cookieName(code string) string { return "pipesim-room-" + code }

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) isHost(r *http.Request, room Room) bool {
	c, err := r.Cookie(cookieName(room.Code))
	return err == nil && same(c.Value, room.Secret)
}

func token(r *http.Request) string {
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return t
	}
	return r.URL.Query().Get("token")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	secure(w)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, field, msg string) {
	writeJSON(w, status, FieldError{Field: field, Msg: msg})
}

// room reads the room the request names, answering 404 when there is none.
func (s *Server) room(w http.ResponseWriter, r *http.Request) (Room, bool) {
	room, err := s.store.Room(NormalCode(r.PathValue("code")))
	if err != nil {
		fail(w, http.StatusNotFound, "code", "no room has that code: check it with the facilitator's screen")
		return room, false
	}
	return room, true
}

// joinURL is the address participants open.
func (s *Server) joinURL(r *http.Request, code string) string {
	base := s.opts.JoinBase
	if base == "" {
		base = "http://" + r.Host
	}
	return base + "/join?room=" + code
}

func (s *Server) qr(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	svg, err := share.QRSVG(s.joinURL(r, room.Code))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	secure(w)
	w.Header().Set("Content-Type", "image/svg+xml")
	io.WriteString(w, svg)
}

func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// entry takes a participant's entry: the first from a device creates its participant and token.
func (s *Server) entry(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	tok := token(r)
	if tok == "" && !s.joins.allow(remote(r)) || tok != "" && !s.submits.allow(tok) {
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusTooManyRequests, "rate", "too many changes at once: wait a second and save again")
		return
	}
	var e Entry
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		fail(w, http.StatusBadRequest, "entry", "the entry is not readable: reload the page")
		return
	}
	if err := e.Check(); err != nil {
		var fe *FieldError
		errors.As(err, &fe)
		fail(w, http.StatusBadRequest, fe.Field, fe.Msg)
		return
	}
	p, err := s.store.Submit(room.Code, tok, e)
	var ref *Refusal
	switch {
	case errors.As(err, &ref):
		fail(w, http.StatusConflict, ref.Field, ref.Msg)
		return
	case err != nil:
		s.opts.Log.Printf("room %s: saving an entry: %v", room.Code, err)
		fail(w, http.StatusInternalServerError, "entry", "the entry could not be saved: try again")
		return
	}
	s.hub(room.Code).notify()
	writeJSON(w, http.StatusOK, map[string]any{"token": p.Token, "entry": p.Entry, "changes": p.Changes})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.participantView(room, token(r)))
}

// events streams the room's state as server-sent events: the facilitator's view with the key's
// cookie, else the participant's view for the token.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	host, tok := s.isHost(r, room), token(r)
	secure(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	h := s.hub(room.Code)
	c := h.listen()
	defer h.leave(c)
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	var sent time.Time
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
		case <-c:
			// A burst of changes reaches each page at most every eventGap, as its latest state.
			if wait := eventGap - time.Since(sent); wait > 0 {
				select {
				case <-time.After(wait):
				case <-r.Context().Done():
					return
				}
				select {
				case <-c:
				default:
				}
			}
			sent = time.Now()
			room, err := s.store.Room(room.Code)
			if err != nil {
				return
			}
			var view any
			if host {
				view = s.hostView(r, room)
			} else {
				view = s.participantView(room, tok)
			}
			data, _ := json.Marshal(view)
			fmt.Fprintf(w, "data: %s\n\n", data)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// eventGap is the least time between two events to one page.
const eventGap = 150 * time.Millisecond

// HostView is what the facilitator's page shows.
type HostView struct {
	Code    string        `json:"code"`
	JoinURL string        `json:"join_url"`
	Round   Round         `json:"round"`
	Presets []string      `json:"presets"`
	Teams   []Participant `json:"teams"`
	Past    []int         `json:"past"` // rounds with results, for export
}

func (s *Server) hostView(r *http.Request, room Room) HostView {
	ps, _ := s.store.Participants(room.Code)
	for i := range ps {
		ps[i].Token = "" // a facilitator's page has no use for them
	}
	v := HostView{Code: room.Code, JoinURL: s.joinURL(r, room.Code), Round: room.Round, Presets: sim.PresetNames(), Teams: ps}
	v.Round.Tokens = nil
	for _, p := range room.Past {
		if p.Board != nil {
			v.Past = append(v.Past, p.Number)
		}
	}
	return v
}

// ParticipantView is what a participant's page shows.
type ParticipantView struct {
	Code    string  `json:"code"`
	Round   int     `json:"round"`
	Phase   string  `json:"phase"`
	Preset  string  `json:"preset"`
	Markets int     `json:"markets"`
	Teams   int     `json:"teams"`
	Known   bool    `json:"known"` // the token is this room's
	Entry   *Entry  `json:"entry,omitempty"`
	Result  *Row    `json:"result,omitempty"` // after the reveal, when the team played
	Board   *Board  `json:"board,omitempty"`  // after the reveal
	RunURL  string  `json:"run_url,omitempty"`
	Winner  string  `json:"winner,omitempty"`
	Margin  float64 `json:"margin,omitempty"`
}

func (s *Server) participantView(room Room, tok string) ParticipantView {
	v := ParticipantView{Code: room.Code, Round: room.Round.Number, Phase: room.Round.Phase, Preset: room.Round.Preset,
		Markets: room.Round.Markets, Teams: s.store.Count(room.Code)}
	if p, ok := s.store.Participant(room.Code, tok); ok && tok != "" {
		v.Known = true
		v.Entry = &p.Entry
	}
	if room.Round.Phase != PhaseRevealed || room.Round.Board == nil {
		return v
	}
	b := *room.Round.Board
	v.Board, v.Winner, v.Margin = &b, b.Winner, b.Margin
	for i, t := range room.Round.Tokens {
		if tok == "" || t != tok {
			continue
		}
		for _, row := range b.Rows {
			if row.Entry == i {
				row := row
				v.Result = &row
				v.RunURL = runURL(room.Round, row)
			}
		}
	}
	return v
}

// runURL is the simulator's link to the team's market: the team against the process reference,
// on the seed of the market its device animates.
func runURL(rd Round, row Row) string {
	sc, err := rd.Scenario()
	if err != nil {
		return ""
	}
	_ = sc.Set("teams.0.adherence", strconv.FormatFloat(row.Adherence, 'g', -1, 64))
	_ = sc.Set("teams.1.adherence", "1")
	named := sc.Clone()
	if named.Set("teams.0.name", row.Name) == nil && named.Validate() == nil {
		sc = named
	}
	l := sim.Link{Scenario: sc, Seed: MarketSeed(rd.Seed, row.Market)}
	return "/sim/?" + l.Query()
}

// control is the facilitator's: change the scenario, open, close, run, reveal, next round.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	room, ok := s.room(w, r)
	if !ok {
		return
	}
	if !s.isHost(r, room) || r.Header.Get("Content-Type") != "application/json" {
		fail(w, http.StatusForbidden, "key", "only the facilitator's page controls the room")
		return
	}
	var c struct {
		Action  string   `json:"action"`
		Preset  string   `json:"preset"`
		Sets    []string `json:"sets"`
		Markets int      `json:"markets"`
		Seed    uint64   `json:"seed"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&c); err != nil {
		fail(w, http.StatusBadRequest, "action", "unreadable request")
		return
	}
	var start bool
	updated, err := s.store.UpdateRoom(room.Code, func(rm *Room, ps *bolt.Bucket) error {
		rd := &rm.Round
		phase := func(from ...string) error {
			for _, f := range from {
				if rd.Phase == f {
					return nil
				}
			}
			return &FieldError{"phase", fmt.Sprintf("cannot %s while the round is %s", c.Action, rd.Phase)}
		}
		switch c.Action {
		case "scenario":
			if err := phase(PhaseSetup); err != nil {
				return &FieldError{"phase", "the scenario is locked once entries open"}
			}
			next := Round{Number: rd.Number, Phase: rd.Phase, Preset: c.Preset, Sets: c.Sets, Markets: c.Markets, Seed: c.Seed}
			if c.Markets < 1 || c.Markets > MaxMarkets {
				return &FieldError{"markets", fmt.Sprintf("markets must be from 1 to %d", MaxMarkets)}
			}
			if _, err := next.Scenario(); err != nil {
				return &FieldError{"scenario", err.Error()}
			}
			*rd = next
		case "open":
			if err := phase(PhaseSetup, PhaseClosed); err != nil {
				return err
			}
			rd.Phase = PhaseOpen
		case "close":
			if err := phase(PhaseSetup, PhaseOpen); err != nil {
				return err
			}
			rd.Phase = PhaseClosed
		case "run":
			if err := phase(PhaseClosed); err != nil {
				return &FieldError{"phase", "close the entries before running the league"}
			}
			rd.Entries, rd.Tokens = nil, nil
			for _, p := range readParticipants(ps) {
				rd.Entries = append(rd.Entries, p.Entry)
				rd.Tokens = append(rd.Tokens, p.Token)
			}
			rd.Phase, rd.Board, start = PhaseRunning, nil, true
		case "reveal":
			if err := phase(PhaseRan); err != nil {
				return &FieldError{"phase", "run the league before the reveal"}
			}
			rd.Phase = PhaseRevealed
		case "next":
			if err := phase(PhaseRan, PhaseRevealed); err != nil {
				return &FieldError{"phase", "finish this round's league first"}
			}
			rm.Past = append(rm.Past, *rd)
			*rd = Round{Number: rd.Number + 1, Phase: PhaseSetup, Preset: rd.Preset, Sets: rd.Sets, Markets: rd.Markets, Seed: rd.Seed + uint64(rd.Markets)}
		default:
			return &FieldError{"action", "unknown action " + strconv.Quote(c.Action)}
		}
		return nil
	})
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		fail(w, http.StatusConflict, fe.Field, fe.Msg)
		return
	case err != nil:
		fail(w, http.StatusInternalServerError, "room", err.Error())
		return
	}
	if start {
		s.startLeague(room.Code, updated.Round)
	}
	s.hub(room.Code).notify()
	writeJSON(w, http.StatusOK, map[string]string{"phase": updated.Round.Phase})
}

// startLeague plays a round's league in the background, saving and announcing each slice.
func (s *Server) startLeague(code string, rd Round) {
	sc, err := rd.Scenario()
	if err != nil {
		s.opts.Log.Printf("room %s round %d: %v", code, rd.Number, err)
		return
	}
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		League(&sc, rd.Entries, rd.Markets, rd.Seed, func(b Board) {
			_, err := s.store.UpdateRoom(code, func(rm *Room, _ *bolt.Bucket) error {
				if rm.Round.Number != rd.Number || rm.Round.Phase != PhaseRunning {
					return nil
				}
				rm.Round.Board = &b
				if b.Markets == b.Of {
					rm.Round.Phase = PhaseRan
				}
				return nil
			})
			if err != nil {
				s.opts.Log.Printf("room %s round %d: saving the league: %v", code, rd.Number, err)
			}
			s.hub(code).notify()
		})
	}()
}
