package experiment

import (
	"context"
	"math"

	"github.com/pipesim/pipesim/sim"
)

// PrecisionCheckEvery is how often, in runs, Precision looks at the confidence interval.
const PrecisionCheckEvery = 100

// Precision runs a paired batch until the 95% confidence interval of B - A net revenue is
// within Target of A's mean net revenue (0.01 is ±1%), or until Batch.Runs, the cap.
type Precision struct {
	Target float64   // in (0, 1]
	Batch  sim.Batch // Runs is the cap; Each and Progress are kept; CheckEvery and Enough are set
	// Check, if set, is told at each look the relative half-width so far (+Inf while it cannot
	// be computed) and the runs the batch is expected to take.
	Check func(rel float64, expect int)
}

// Convergence is how a batch with a target precision ended: the target, the cap, whether the
// target was met and the interval's half-width at the end.
type Convergence struct {
	Precision float64 `json:"precision"`  // target: half-width / A's mean net revenue
	MaxRuns   int     `json:"max_runs"`   // the cap
	Runs      int     `json:"runs"`       // runs it took
	Converged bool    `json:"converged"`  // whether the target was met within the cap
	HalfWidth float64 `json:"half_width"` // of the 95% CI of B - A net revenue
	Relative  float64 `json:"relative"`   // HalfWidth / |A's mean net revenue|; -1 when A's mean is 0
}

// Run runs the batch on a validated scenario and says how it converged.
func (x Precision) Run(ctx context.Context, s *sim.Scenario) (*sim.Aggregate, *Convergence, error) {
	if !(x.Target > 0 && x.Target <= 1) {
		return nil, nil, sim.Errorf(sim.KindInput, "precision", "%v is out of range; allowed above 0 up to 1", x.Target)
	}
	b := x.Batch
	maxRuns := b.Runs
	b.CheckEvery = PrecisionCheckEvery
	b.Enough = func(a *sim.Aggregate) bool {
		rel, _ := RelativeHalfWidth(a)
		if x.Check != nil {
			x.Check(rel, ExpectedRuns(a.Runs, rel, x.Target, maxRuns))
		}
		return rel <= x.Target
	}
	agg, err := b.Run(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	rel, hw := RelativeHalfWidth(agg)
	c := &Convergence{Precision: x.Target, MaxRuns: maxRuns, Runs: agg.Runs, Converged: rel <= x.Target, HalfWidth: hw, Relative: rel}
	if math.IsInf(rel, 1) { // JSON has no infinity
		c.Relative = -1
	}
	return agg, c, nil
}

// RelativeHalfWidth is the 95% CI half-width of B - A net revenue relative to A's mean net
// revenue, and the half-width itself. With fewer than two runs or a zero mean it is +Inf.
func RelativeHalfWidth(a *sim.Aggregate) (rel, hw float64) {
	hw = a.Diff[sim.NetRevenue].HalfWidth()
	mean := a.Teams[0].Metrics[sim.NetRevenue].Moments.Mean()
	if a.Runs < 2 || mean == 0 {
		return math.Inf(1), hw
	}
	return hw / math.Abs(mean), hw
}

// ExpectedRuns estimates the runs after which a batch at relative half-width rel after runs
// runs reaches target p: the half-width shrinks as one over the square root of the runs. It is
// a multiple of PrecisionCheckEvery, at least runs and at most maxRuns.
func ExpectedRuns(runs int, rel, p float64, maxRuns int) int {
	if math.IsInf(rel, 1) || math.IsNaN(rel) {
		return maxRuns
	}
	need := float64(runs) * (rel / p) * (rel / p)
	if need >= float64(maxRuns) {
		return maxRuns
	}
	n := int(math.Ceil(need/PrecisionCheckEvery)) * PrecisionCheckEvery
	return min(max(n, runs), maxRuns)
}
