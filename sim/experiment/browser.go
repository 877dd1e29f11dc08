package experiment

import (
	"fmt"
	"strconv"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// The two studies the browser's Monte Carlo panel offers for the current settings, defined
// here once so that the page and the command line run exactly the same batches.

// Drivers is "What drives the verdict": the tornado of the default keys, each lowered and
// raised by 20%, as 'pipesim sensitivity --url LINK --runs N' runs it.
func Drivers(runs int, seed uint64) Sensitivity {
	return Sensitivity{Range: 0.2, Runs: runs, Seed: seed}
}

// LeadsKey is the key Leads searches: the goal-oriented pole's lead multiplier.
const LeadsKey = "strategies.goal.new_mult"

// leadsSteps is how often Leads halves its range: 1/64 of it, in 2 + 3 x 6 batches.
const leadsSteps = 6

// Leads is the panel's "Break-even": the goal-oriented lead multiplier at which both teams
// earn the same, searched from half to two and a half times the process-oriented one (within
// the key's range), as 'pipesim breakeven --url LINK --vary strategies.goal.new_mult=LO:HI
// --steps 6 --runs N' runs it.
func Leads(s *sim.Scenario, runs int, seed uint64) BreakEven {
	p := s.Strategies.Process.NewMult
	lo, hi := 0.5*p, 2.5*p
	r, _ := sim.LookupParam("new_mult")
	lo, hi = max(lo, r.Min), min(hi, r.Max)
	if !(lo < hi) { // a process-oriented pole without leads: search the whole range
		lo, hi = r.Min, r.Max
	}
	return BreakEven{Key: LeadsKey, Lo: roundTo(lo), Hi: roundTo(hi), Runs: runs, Seed: seed, Steps: leadsSteps}
}

// roundTo keeps four significant digits, so the range reads as typed on a command line.
func roundTo(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return y
}

// LeadsWords says the break-even of Leads in one sentence: "Goal-oriented wins when it brings
// more than 1.46x the leads of Process-oriented; this scenario assumes 1.53x."
func LeadsWords(s *sim.Scenario, r *BreakEvenResult) string {
	goal, proc := s.Strategies.Goal.NewMult, s.Strategies.Process.NewMult
	a, b := s.Teams[0].Name, s.Teams[1].Name
	// Ratios to the process-oriented multiplier, all with one precision (format.Values).
	ratios := func(xs ...float64) []string {
		if proc != 0 {
			for i := range xs {
				xs[i] /= proc
			}
		}
		out := format.Values(3, xs...)
		for i := range out {
			out[i] += "x"
		}
		return out
	}
	times := func(x float64) string { return ratios(x)[0] }
	// The chart's axis is goal-oriented selling's own multiplier: say how it maps to the ratio.
	mults := format.Values(3, goal, proc)
	assumes := fmt.Sprintf("this scenario assumes %s (the chart varies strategies.goal.new_mult, %s here; strategies.process.new_mult is %s)",
		times(goal), mults[0], mults[1])
	if r.Value == nil {
		lead := b
		if len(r.Points) > 0 && r.Points[0].Diff.Mean < 0 {
			lead = a
		}
		ends := ratios(r.Lo, r.Hi)
		return fmt.Sprintf("%s earns more whether goal-oriented selling brings %s or %s the leads of process-oriented selling; %s.",
			lead, ends[0], ends[1], assumes)
	}
	// B - A falls as goal-oriented selling brings more leads when it is lower at the top.
	falls := len(r.Points) > 1 && r.Points[len(r.Points)-1].Diff.Mean < r.Points[0].Diff.Mean
	winner, loser := a, b
	if !falls {
		winner, loser = b, a
	}
	value, ci := times(*r.Value), ""
	if r.CILo != nil && r.CIHi != nil {
		v := ratios(*r.Value, *r.CILo, *r.CIHi)
		value, ci = v[0], fmt.Sprintf(" (95%% CI %s to %s)", v[1], v[2])
	}
	return fmt.Sprintf("%s wins when goal-oriented selling brings more than %s the leads of process-oriented selling%s, %s below that; %s.",
		winner, value, ci, loser, assumes)
}
