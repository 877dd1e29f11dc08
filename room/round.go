package room

import (
	"fmt"
	"strings"
	"time"

	"github.com/pipesim/pipesim/sim"
)

// Phases of a round, in order.
const (
	PhaseSetup    = "setup"    // the facilitator picks the scenario; participants may already enter
	PhaseOpen     = "open"     // the scenario is locked; entries are open
	PhaseClosed   = "closed"   // entries are closed
	PhaseRunning  = "running"  // the league is playing
	PhaseRan      = "ran"      // the league is done; only the facilitator sees it
	PhaseRevealed = "revealed" // everyone sees the results
)

// Round is one league of a room: its scenario, locked once entries open, and its results.
type Round struct {
	Number  int      `json:"number"`
	Phase   string   `json:"phase"`
	Preset  string   `json:"preset"`
	Sets    []string `json:"sets"` // key=value changes to the preset, as `pipesim run --set` takes
	Markets int      `json:"markets"`
	Seed    uint64   `json:"seed"`
	Entries []Entry  `json:"entries"` // the entries as they were when the league started
	Tokens  []string `json:"tokens"`  // the participant of each entry
	Board   *Board   `json:"board,omitempty"`
}

// Room is a workshop room.
type Room struct {
	Code    string    `json:"code"`
	Secret  string    `json:"secret"` // the facilitator's key
	Created time.Time `json:"created"`
	Round   Round     `json:"round"`
	Past    []Round   `json:"past"` // earlier rounds, oldest first
}

// Participant is one device's team in a room.
type Participant struct {
	Token   string    `json:"token"`
	Joined  time.Time `json:"joined"`
	Updated time.Time `json:"updated"`
	Changes int       `json:"changes"`
	Entry   Entry     `json:"entry"`
}

// Scenario builds the round's scenario: its preset and changes, validated.
func (rd *Round) Scenario() (sim.Scenario, error) {
	sc, err := sim.LookupPreset(rd.Preset)
	if err != nil {
		return sc, err
	}
	for _, kv := range rd.Sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return sc, fmt.Errorf("%q: want key=value", kv)
		}
		if err := sc.Set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return sc, err
		}
	}
	return sc, sc.Validate()
}
