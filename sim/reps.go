package sim

import (
	"math"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

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
	if k := int(math.Ceil(stress * quitBoundSteps)); k < len(t.m.quitBound) && u >= t.m.quitBound[k] {
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
				t.close(int32(k), NoDecision)
			}
		}
	}
	open := t.Reps[i].Open
	t.Reps[i] = Rep{RampLeft: s.RampWeeks, Open: open}
}

// setModes decides, in the last weeks of a quarter, whether each rep sandbags, pushes or gives
// up, from the gap to quota and the late-stage pipeline that could close it. A mode changes the
// chances of deals at Proposal and Negotiation, so in each window week, and in the week after,
// their stays are drawn again.
func (t *TeamState) setModes(inWindow bool) {
	was := t.wasIn
	t.wasIn = inWindow
	if t.tm.games == 0 || (!inWindow && !was) {
		return
	}
	for i := range t.Reps {
		t.Reps[i].mode, t.Reps[i].late = normal, 0
	}
	now := t.stepOf(t.week)
	for k := range t.opps {
		if o := &t.opps[k]; o.live && o.stageAt(now) >= Proposal {
			t.Reps[o.Rep].late += o.Value
			o.review, o.due = now, now
			t.file(o)
		}
	}
	if !inWindow {
		return
	}
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		gap := t.m.quota - r.Bookings
		switch {
		case gap <= 0:
			r.mode = sandbagging
		case gap <= s.GiveupRatio*0.3*r.late:
			r.mode = pushing
			r.Stress += t.tm.stressPush
		default:
			r.mode = givingUp
		}
	}
}

// closeQuarter scores each rep against quota; a clear miss adds stress.
func (t *TeamState) closeQuarter() {
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		t.Result.RepQuarters++
		if r.Bookings >= t.m.quota {
			t.Result.RepQuartersAtQuota++
		}
		if r.Bookings < 0.8*t.m.quota {
			r.Stress += s.StressMiss * t.tm.missWeight
		}
		r.Bookings = 0
	}
}

// rampFactor is a rep's productivity this week; a new hire ramps linearly to full.
func (t *TeamState) rampFactor(r *Rep) float64 {
	if r.RampLeft <= 0 {
		return 1
	}
	s := t.m.s
	f := s.RampStart + (1-s.RampStart)*(1-float64(r.RampLeft)/float64(s.RampWeeks))
	r.RampLeft--
	return f
}
