package fit

import (
	"math"

	"github.com/pipesim/pipesim/sim"
)

// Funnel is a stage-by-stage count of one history, observed or simulated: deals entering each
// stage and how they left it, and the mean weeks from creation to a win.
type Funnel struct {
	Stages [sim.NumStages]StageCounts `json:"stages"`
	Won    float64                    `json:"won"`
	Cycle  float64                    `json:"cycle_weeks"`
	Runs   int                        `json:"runs,omitempty"` // simulated: the runs averaged
}

// Observed is the funnel of the fitted history.
func (r *Result) Observed() Funnel {
	return Funnel{Stages: r.Stages, Won: float64(r.Stages[negotiation].Advanced), Cycle: r.Cycle}
}

// ReproduceRuns is how many runs the reproduce check averages, at most; a history of many
// deals gets fewer, so the check simulates at most reproduceDeals deals in all.
const (
	ReproduceRuns  = 20
	reproduceDeals = 4_000_000
)

// reproduceRuns is the number of runs for a history of n deals.
func reproduceRuns(n int) int { return max(1, min(ReproduceRuns, reproduceDeals/max(1, n))) }

// Reproduce simulates the fitted market over the history's length for one team of average
// sellers (every strategy multiplier 1, no quarter-end games) and returns its mean funnel over
// ReproduceRuns seeds (fewer for a history of millions of deals), to set beside the observed one.
func (r *Result) Reproduce(s sim.Scenario) Funnel {
	runs := reproduceRuns(r.Counts.Deals)
	historyWeeks := r.Weeks
	s = s.Clone()
	s.Weeks = min(1040, max(1, int(math.Round(historyWeeks))))
	s.Strategies.Goal = sim.Strategy{
		NewMult:   1,
		DwellMult: sim.PerStage{1, 1, 1, 1}, ConvMult: sim.PerStage{1, 1, 1, 1}, NDMult: sim.PerStage{1, 1, 1, 1},
		Tau0: s.Strategies.Goal.Tau0, TrustGain: s.Strategies.Goal.TrustGain, TrustCap: s.Strategies.Goal.TrustCap,
	}
	var f Funnel
	var cycleWeeks float64
	for seed := range uint64(runs) {
		r := sim.RunTeam(&s, sim.Team{Name: "fitted", Adherence: 0}, seed+1)
		for st := range sim.NumStages {
			g, o := &f.Stages[st], r.Funnel[st]
			g.Entered += o.Entered
			g.Advanced += o.Advanced
			g.Lost += o.Lost
			g.NoDecision += o.NoDecision
			g.Weeks += o.WeeksInStage
		}
		f.Won += float64(r.Wins)
		cycleWeeks += r.WonWeeks
	}
	if f.Won > 0 {
		f.Cycle = cycleWeeks / f.Won
	}
	f.Runs = runs
	f.Won /= float64(runs)
	for st := range f.Stages {
		g := &f.Stages[st]
		g.Weeks /= float64(runs)
		g.Entered = int(math.Round(float64(g.Entered) / float64(runs)))
		g.Advanced = int(math.Round(float64(g.Advanced) / float64(runs)))
		g.Lost = int(math.Round(float64(g.Lost) / float64(runs)))
		g.NoDecision = int(math.Round(float64(g.NoDecision) / float64(runs)))
	}
	return f
}
