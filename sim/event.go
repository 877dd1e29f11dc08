package sim

// docs/model.md, "One run": the events a World reports.

import "fmt"

// EventKind names what happened in an event.
type EventKind uint8

// The kinds of events a World emits.
const (
	Created    EventKind = iota // a new, repeat or referral opportunity entered the pipeline
	Advanced                    // it moved to the next stage (Stage is the new stage)
	Stalled                     // it has sat in its stage past stall_after mean dwells
	Won                         // it closed won (Value is net of Discount)
	Lost                        // it was lost to a competitor
	NoDecision                  // the buyer did nothing
	Dropped                     // a new lead its rep had no capacity for
	Referral                    // a customer referred a new opportunity (Opp is the new deal)
	Churn                       // a customer left
	RepQuit                     // a rep quit and was replaced by a new hire
	Preferred                   // a customer's trust reached preferred position
	Waits                       // a discounted customer learned to wait for discounts
	numEventKinds
)

var eventNames = [numEventKinds]string{
	"created", "advanced", "stalled", "won", "lost", "no_decision", "dropped",
	"referral", "churn", "rep_quit", "preferred", "waits_for_discount",
}

func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// MarshalText writes the kind's name, for JSON Lines.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Source is where an opportunity came from.
type Source uint8

// The opportunity sources.
const (
	New Source = iota
	Repeat
	FromReferral
	NumSources = 3
)

var sourceNames = [NumSources]string{"new", "repeat", "referral"}

func (s Source) String() string {
	if int(s) < NumSources {
		return sourceNames[s]
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// MarshalText writes the source's name, for JSON Lines.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalText writes the stage's name, for JSON Lines.
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Event is one thing that happened in a week of a World. Opp and Account are market ids (see ID):
// the same deal or customer has the same id in every team of the run (0: none). Fields that do
// not apply to a kind are zero.
type Event struct {
	Week     int       `json:"week"` // 1-based week in which it happened
	Team     int       `json:"team"` // 0 for team A, 1 for team B
	Kind     EventKind `json:"kind"`
	Opp      ID        `json:"opp,omitempty"`
	Account  ID        `json:"account,omitempty"`
	Rep      int       `json:"rep"`
	Stage    Stage     `json:"stage"`
	Source   Source    `json:"source"`
	Value    float64   `json:"value,omitempty"`    // deal value (net for a win)
	Discount float64   `json:"discount,omitempty"` // share taken off a pulled win
	Trust    float64   `json:"trust,omitempty"`    // the account's (or carried) trust at the time
	Pushed   bool      `json:"pushed,omitempty"`   // happened in a quarter-end push
}
