package fit

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pipesim/pipesim/sim"
)

// entry is one stage entry of one deal, as a decoder read it.
type entry struct {
	deal      string
	stage     string // the CRM's name, for messages
	target    int    // a model stage, Won or Lost
	at        time.Time
	amount    float64
	hasAmount bool
	owner     string
	reason    string // loss reason, on a lost entry
	row       int    // line in the file, for messages
	stageCol  string // the columns the stage and the date came from, for messages
	dateCol   string
}

// deal is what the fit keeps of one deal while the rows stream past: its place now, never its rows.
type deal struct {
	stage   int8  // furthest open stage reached, or Won or Lost once closed
	entered int64 // Unix seconds at which it entered stage
	created int64
	last    int64 // Unix seconds of its latest row
	amount  float64
}

// StageCounts is what the history shows for one stage: deals entering, how they left, and the
// deal-weeks at risk (stays of deals still open at the end count up to the last date: censored).
type StageCounts struct {
	Entered    int     `json:"entered"`
	Advanced   int     `json:"advanced"`
	Lost       int     `json:"lost"`
	NoDecision int     `json:"no_decision"`
	Open       int     `json:"open"`
	Weeks      float64 `json:"weeks_at_risk"`
}

// Exits is the number of deals that left the stage.
func (c StageCounts) Exits() int { return c.Advanced + c.Lost + c.NoDecision }

// Counts are the rows and deals of a history, and how the rows the model has no place for were
// treated.
type Counts struct {
	Rows       int `json:"rows"`        // data rows read
	Ignored    int `json:"ignored"`     // rows a format says to skip (Salesforce IsDeleted=true)
	Deals      int `json:"deals"`       // distinct deals
	Won        int `json:"won"`         // deals closed won
	Lost       int `json:"lost"`        // closed lost, not for a no-decision reason
	NoDecision int `json:"no_decision"` // closed lost for a --no-decision reason
	Open       int `json:"open"`        // still open at the last date
	AmountOnly int `json:"amount_only"` // rows that repeat the deal's stage (amount, probability or date changes)
	Skips      int `json:"skips"`       // moves forward past one stage or more
	Backward   int `json:"backward"`    // moves back to an earlier stage
	AfterClose int `json:"after_close"` // rows of a deal after it closed
	Born       int `json:"born_closed"` // deals whose first row is already won or lost
	WonNoValue int `json:"won_no_value"`
}

// history accumulates a CRM export's entries deal by deal.
type history struct {
	noDecision  map[string]bool
	index       map[string]int32
	deals       []deal
	owners      map[string]struct{}
	first, last int64
	stages      [sim.NumStages]StageCounts
	counts      Counts
	wonValues   []float64
	cycleWeeks  float64
	cycleN      int
}

func newHistory(noDecision []string) *history {
	h := &history{noDecision: map[string]bool{}, index: map[string]int32{}, owners: map[string]struct{}{}}
	for _, r := range noDecision {
		if r = strings.ToLower(strings.TrimSpace(r)); r != "" {
			h.noDecision[r] = true
		}
	}
	return h
}

const week = 7 * 24 * 3600

func weeks(from, to int64) float64 { return float64(to-from) / week }

// add takes the next entry. A deal's entries must come in time order.
func (h *history) add(file string, e *entry) error {
	at := e.at.Unix()
	if len(h.deals) == 0 || at < h.first {
		h.first = at
	}
	h.last = max(h.last, at)
	if e.owner != "" {
		if _, ok := h.owners[e.owner]; !ok {
			h.owners[strings.Clone(e.owner)] = struct{}{}
		}
	}
	k, seen := h.index[e.deal]
	if !seen {
		k = int32(len(h.deals))
		h.index[strings.Clone(e.deal)] = k
		h.deals = append(h.deals, deal{stage: int8(e.target), entered: at, created: at, last: at, amount: e.amount})
		h.counts.Deals++
		switch e.target {
		case Won, Lost:
			h.counts.Born++
			h.close(&h.deals[k], e, at, false)
		default:
			h.stages[e.target].Entered++
		}
		return nil
	}
	d := &h.deals[k]
	if at < d.last {
		return inputErr(file, e.row, e.dateCol, "%s is before deal %q's previous row (%s); a deal's rows must be in time order",
			e.at.Format(time.RFC3339), Excerpt(e.deal), time.Unix(d.last, 0).UTC().Format(time.RFC3339))
	}
	d.last = at
	if e.hasAmount {
		d.amount = e.amount
	}
	cur := int(d.stage)
	switch {
	case cur == Won || cur == Lost:
		h.counts.AfterClose++
	case e.target == Won || e.target == Lost:
		h.close(d, e, at, true)
	case e.target == cur:
		h.counts.AmountOnly++
	case e.target < cur:
		h.counts.Backward++ // the deal stays at risk in its furthest stage
	default:
		if e.target > cur+1 {
			h.counts.Skips++
		}
		s := &h.stages[cur]
		s.Advanced++
		s.Weeks += weeks(d.entered, at)
		h.stages[e.target].Entered++
		d.stage, d.entered = int8(e.target), at
	}
	return nil
}

// close ends deal d with a won or lost entry; open says it was in an open stage.
func (h *history) close(d *deal, e *entry, at int64, open bool) {
	nd := e.target == Lost && h.noDecision[strings.ToLower(e.reason)]
	if open {
		cur := int(d.stage)
		s := &h.stages[cur]
		s.Weeks += weeks(d.entered, at)
		switch {
		case e.target == Won:
			s.Advanced++
			if cur < negotiation {
				h.counts.Skips++
			}
		case nd:
			s.NoDecision++
		default:
			s.Lost++
		}
	}
	switch {
	case e.target == Won:
		h.counts.Won++
		if open {
			h.cycleWeeks += weeks(d.created, at)
			h.cycleN++
		}
		if d.amount > 0 {
			h.wonValues = append(h.wonValues, d.amount)
		} else {
			h.counts.WonNoValue++
		}
	case nd:
		h.counts.NoDecision++
	default:
		h.counts.Lost++
	}
	d.stage = int8(e.target)
}

// finish censors the open deals at the last date.
func (h *history) finish() {
	for i := range h.deals {
		d := &h.deals[i]
		if int(d.stage) < sim.NumStages {
			s := &h.stages[d.stage]
			s.Open++
			s.Weeks += weeks(d.entered, h.last)
			h.counts.Open++
		}
	}
}

// unknownStage reports a stage the map does not name, listing the names it does.
func unknownStage(file string, row int, col, name string, m StageMap) error {
	known := slices.Sorted(maps.Keys(m))
	return inputErr(file, row, col, "stage %q is not in the stage map (%s); name it with --stage-map %q",
		Excerpt(name), Excerpt(strings.Join(known, ", ")), fmt.Sprintf("%s=Qualified,...", Excerpt(name)))
}
