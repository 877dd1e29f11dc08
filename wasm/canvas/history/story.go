package history

import (
	"strconv"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// Story is a deal's history in words, as the page's deal panel shows it.
type Story struct {
	Team   int     `json:"team"`
	ID     sim.ID  `json:"id"`
	Title  string  `json:"title"`          // "Deal A-412 · $38k · Proposal"
	Both   string  `json:"both,omitempty"` // what each team did with the deal, where both held it
	Status string  `json:"status"`         // open, won, lost or nd
	Lines  []Line  `json:"lines"`
	Stages []Stint `json:"stages"`
}

// Line is one event of the story; Kind names its colour on the page.
type Line struct {
	Week int    `json:"week"`
	Text string `json:"text"`
	Kind string `json:"kind"`
}

// Stint is the time a deal spent in a stage; Now marks the stage it is in.
type Stint struct {
	Stage string `json:"stage"`
	Weeks int    `json:"weeks"`
	Now   bool   `json:"now,omitempty"`
}

// Run is what a story reads of the run beyond the deal: the week, the stall marks and the
// customers' trust today. A *sim.World is one.
type Run interface {
	Week() int
	StallWeeks(team int, st sim.Stage) float64
	Team(i int) *sim.TeamState
}

// Tell writes d's story as of the run's current week.
func Tell(d *Deal, w Run) Story {
	team := int(d.Team)
	st := Story{Team: team, ID: d.ID, Status: "open"}
	state := d.Stage.String()
	switch d.Outcome {
	case sim.Won:
		st.Status, state = "won", "won"
	case sim.Lost:
		st.Status, state = "lost", "lost"
	case sim.NoDecision:
		st.Status, state = "nd", "no decision"
	default:
		if d.Stalled {
			state += " (stalled)"
		}
	}
	st.Title = "Deal " + Name(team, d.ID) + " · " + format.Short(d.Value) + " · " + state
	for _, e := range d.Entries() {
		st.Lines = append(st.Lines, line(d, &e, w))
	}
	now := int32(w.Week())
	if d.Open() {
		text := "open: " + weeks(now-d.Entered[d.Stage]) + " in " + d.Stage.String()
		if d.Stalled {
			text += ", stalled"
		}
		if d.Source == sim.Repeat {
			text += ", customer trust " + trust(accountTrust(w, team, d.Account))
		}
		st.Lines = append(st.Lines, Line{Week: int(now), Text: text, Kind: "now"})
	}
	st.Stages = stints(d, now)
	return st
}

// Both says what each team did with a deal that both held (they share one market, so the same
// lead can reach both): "A lost it in Proposal in week 31; B won it in week 35." It is empty
// when the log holds the deal for one team only.
func Both(l *Log, d *Deal) string {
	a, b := l.Deal(0, d.ID), l.Deal(1, d.ID)
	if a == nil || b == nil {
		return ""
	}
	return fate(a) + "; " + fate(b) + "."
}

// fate is what one team did with a deal, in a few words.
func fate(d *Deal) string {
	who := string(rune('A' + d.Team))
	at := strconv.Itoa(int(d.Closed))
	switch d.Outcome {
	case sim.Won:
		return who + " won it in week " + at
	case sim.Lost:
		return who + " lost it in " + d.Stage.String() + " in week " + at
	case sim.NoDecision:
		return who + "'s buyer made no decision in " + d.Stage.String() + " in week " + at
	}
	return who + " has it open in " + d.Stage.String()
}

// Name is how the page and the canvas name a deal: its team's letter and its id.
func Name(team int, id sim.ID) string { return string(rune('A'+team)) + "-" + id.String() }

func line(d *Deal, e *Entry, w Run) Line {
	l := Line{Week: int(e.Week)}
	switch e.Kind {
	case sim.Created:
		l.Kind = "created"
		switch d.Source {
		case sim.Repeat:
			l.Text = "created: repeat business from customer " + id(d.Account) + " at trust " + trust(d.Trust) + ", straight to " + e.Stage.String()
		case sim.FromReferral:
			l.Text = "created: referral from customer " + id(d.Account) + ", carrying trust " + trust(d.Trust)
		default:
			l.Text = "created: new lead, no trust yet"
		}
		l.Text += " · rep\u00a0" + strconv.Itoa(d.Rep+1) // kept on one line with its number
	case sim.Advanced:
		l.Kind = "advanced"
		l.Text = "→ " + e.Stage.String()
		if prev := e.Stage - 1; prev >= 0 && d.Entered[prev] >= 0 {
			l.Text += " after " + weeks(e.Week-d.Entered[prev]) + " in " + prev.String()
		}
	case sim.Stalled:
		l.Kind = "stalled"
		l.Text = "stalled: " + weeks(e.Week-d.Entered[e.Stage]) + " in " + e.Stage.String() +
			" (the team's stall mark: " + strconv.FormatFloat(w.StallWeeks(int(d.Team), e.Stage), 'f', -1, 64) + " weeks)"
	case sim.RepQuit:
		l.Kind = "quit"
		l.Text = "its rep quit; a new hire takes it over"
	case sim.Preferred:
		l.Kind = "trust"
		l.Text = "customer " + id(e.Account) + " became preferred (trust " + trust(e.Trust) + ")"
	case sim.Churn:
		l.Kind = "trust"
		l.Text = "customer " + id(e.Account) + " churned (trust " + trust(e.Trust) + ")"
	case sim.Waits:
		l.Kind = "trust"
		l.Text = "customer " + id(e.Account) + " now waits for quarter-end discounts; trust fell to " + trust(e.Trust)
	case sim.Won:
		l.Kind = "won"
		l.Text = "won for " + format.Short(e.Value) + " net"
		if e.Pushed && e.Discount > 0 {
			l.Text += ": pulled in by a quarter-end push at " + fixed(100*e.Discount, 0) + "% off " + format.Short(d.Value)
		} else if e.Pushed {
			l.Text += " in a quarter-end push"
		}
		l.Text += " after " + weeks(e.Week-d.Created+1)
		if d.Source == sim.Repeat {
			l.Text += "; customer " + id(e.Account) + " at trust " + trust(e.Trust)
		} else {
			l.Text += "; new customer " + id(e.Account) + " at trust " + trust(e.Trust)
		}
	case sim.Lost:
		l.Kind = "lost"
		l.Text = "lost to a competitor in " + e.Stage.String() + reason(d, e)
	case sim.NoDecision:
		l.Kind = "nd"
		if e.RepQuit {
			l.Text = "no decision: its rep quit and the buyer walked away with the relationship"
		} else {
			l.Text = "no decision in " + e.Stage.String() + ": the buyer did nothing" + reason(d, e)
		}
	}
	return l
}

// reason adds what weighed on a lost or undecided deal: the trust behind it, its stall.
func reason(d *Deal, e *Entry) string {
	var why string
	if d.Source == sim.New {
		why = "new logo, no trust"
	} else {
		why = "trust " + trust(e.Trust)
	}
	if d.Stalled {
		why += ", stalled " + weeks(e.Week-d.Entered[e.Stage]) + " in " + e.Stage.String()
	}
	return " (" + why + ")"
}

// stints sums the weeks spent in each stage the deal went through, up to now or its close.
func stints(d *Deal, now int32) []Stint {
	end := now
	if !d.Open() {
		end = d.Closed
	}
	var out []Stint
	for s := range sim.Stage(sim.NumStages) {
		from := d.Entered[s]
		if from < 0 {
			continue
		}
		to := end
		for n := s + 1; n < sim.NumStages; n++ {
			if d.Entered[n] >= 0 {
				to = d.Entered[n]
				break
			}
		}
		out = append(out, Stint{Stage: s.String(), Weeks: int(max(0, to-from)), Now: d.Open() && s == d.Stage})
	}
	return out
}

func accountTrust(w Run, team int, account sim.ID) float64 {
	trust, _ := w.Team(team).CustomerTrust(account)
	return trust
}

func weeks(n int32) string {
	if n == 1 {
		return "1 week"
	}
	return strconv.Itoa(int(n)) + " weeks"
}

func id(n sim.ID) string { return n.String() }

func trust(v float64) string { return fixed(v, 2) }

func fixed(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) }
