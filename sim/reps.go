package sim

// docs/model.md, "Reps": stress, quits and ramp.

import (
	"github.com/pipesim/pipesim/sim/internal/portable"
)

// Rep is one seat of a team; a rep who quits is replaced in the same seat by a new hire.
type Rep struct {
	Stress   float64
	RampLeft int
	Bookings float64 // net bookings this quarter
	Open     int     // open opportunities held
	mode     repMode
	late     float64 // value of open deals at Proposal or later, during a push window
	take     float64 // this week's arrival rate over the market's: the share of leads it takes
}

// stepReps lets stress fade and decides who quits this week, from each seat's quit number in the
// market: where two teams' reps in a seat differ only in stress, the more stressed one quits on
// every number on which the other does.
func (t *TeamState) stepReps() {
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		r.Stress *= s.StressDecay
		if t.quits(r.Stress, t.market.quit[i]) {
			t.quit(i)
		}
	}
}

// quits decides whether a rep with this stress quits on the uniform draw u: it does when
// u < quitWeekly*exp(stress_eta*stress). Most weeks u is far above that, which a precomputed
// upper bound shows without computing the exponential.
func (t *TeamState) quits(stress, u float64) bool {
	// int(x)+1 is at least ceil(x) for x >= 0, and the bound grows with stress: a bound at or
	// above the exact chance, taken without math.Ceil, which is a call on plain amd64.
	if k := int(stress*quitBoundSteps) + 1; k < len(t.m.quitBound) && u >= t.m.quitBound[k] {
		return false
	}
	return u < t.m.quitWeekly*portable.Exp(t.m.s.StressEta*stress)
}

// quit replaces rep i by a new hire: the leaver's customers lose the personal part of their
// trust and some of its open deals die with the relationship, each on its own number.
func (t *TeamState) quit(i int) {
	s := t.m.s
	t.Result.Quits++
	t.emit(Event{Kind: RepQuit, Rep: i})
	for a := range t.accounts {
		if acc := &t.accounts[a]; acc.Active && acc.Rep == int32(i) {
			t.setTrust(acc, t.trust(acc)*(1-s.RelationshipPersonal))
		}
	}
	now := t.stepOf(t.week)
	for k := range t.opps {
		if o := &t.opps[k]; o.live && o.Rep == int32(i) {
			if u, _ := t.market.dice(o.ID, quitDice, uint64(t.week)); u < s.QuitNDProb {
				t.showUntil(o, now)
				o.Stage = t.settle(o, now, false)
				t.close(o, NoDecision)
			}
		}
	}
	open := t.Reps[i].Open
	t.Reps[i] = Rep{RampLeft: s.RampWeeks, Open: open}
}

// rampFactor is a rep's productivity this week; a new hire ramps linearly to full.
func (t *TeamState) rampFactor(r *Rep) float64 {
	if r.RampLeft <= 0 {
		return 1
	}
	s := t.m.s
	f := s.RampStart + float64((1-s.RampStart)*(1-float64(r.RampLeft)/float64(s.RampWeeks)))
	r.RampLeft--
	return f
}
