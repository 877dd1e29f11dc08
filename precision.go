package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// precisionCheckEvery is how often, in runs, batch --precision looks at the confidence interval.
const precisionCheckEvery = 100

// convergence is what batch --precision reports in summary.json: the target, the cap, whether
// the target was met and the interval's half-width at the end.
type convergence struct {
	Precision float64 `json:"precision"`  // target: half-width / A's mean net revenue
	MaxRuns   int     `json:"max_runs"`   // --runs, the cap
	Runs      int     `json:"runs"`       // runs it took
	Converged bool    `json:"converged"`  // whether the target was met within the cap
	HalfWidth float64 `json:"half_width"` // of the 95% CI of B - A net revenue
	Relative  float64 `json:"relative"`   // HalfWidth / |A's mean net revenue|
}

// precisionFlag is --precision: unset, or the target share of A's mean net revenue.
type precisionFlag struct {
	p   float64
	set bool
}

func (f *precisionFlag) String() string {
	if !f.set {
		return ""
	}
	return num(f.p)
}

func (f *precisionFlag) Set(v string) error {
	p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return fmt.Errorf("want a number such as 0.01")
	}
	f.p, f.set = p, true
	return nil
}

func (f *precisionFlag) Type() string { return "P" }

// checkPrecision validates --precision when given: a share in (0, 1].
func checkPrecision(f precisionFlag) error {
	if f.set && !(f.p > 0 && f.p <= 1) {
		return usagef("--precision %s is out of range; allowed above 0 up to 1 (for example 0.01 for 1%%)", num(f.p))
	}
	return nil
}

// relativeHalfWidth is the 95% CI half-width of B - A net revenue relative to A's mean net
// revenue, and the half-width itself. With fewer than two runs or a zero mean it is +Inf.
func relativeHalfWidth(a *sim.Aggregate) (rel, hw float64) {
	hw = a.Diff[sim.NetRevenue].HalfWidth()
	mean := a.Teams[0].Metrics[sim.NetRevenue].Moments.Mean()
	if a.Runs < 2 || mean == 0 {
		return math.Inf(1), hw
	}
	if mean < 0 {
		mean = -mean
	}
	return hw / mean, hw
}

// precise returns the batch's Enough callback for a target precision p and a cap of maxRuns
// runs. At each check it tells prog the half-width so far and the runs it will take.
func precise(p float64, maxRuns int, prog *progress) func(a *sim.Aggregate) bool {
	return func(a *sim.Aggregate) bool {
		rel, _ := relativeHalfWidth(a)
		runs := expectedRuns(a.Runs, rel, p, maxRuns)
		prog.retarget(runs, fmt.Sprintf("half-width %s of A's net revenue, target %s; expect to stop after about %s runs",
			precisionPercent(rel), precisionPercent(p), format.Thousands(float64(runs), 0)))
		return rel <= p
	}
}

// expectedRuns estimates the runs after which a batch at relative half-width rel after runs
// runs reaches target p: the half-width shrinks as one over the square root of the runs. It is
// a multiple of precisionCheckEvery, at least runs and at most maxRuns.
func expectedRuns(runs int, rel, p float64, maxRuns int) int {
	if math.IsInf(rel, 1) || math.IsNaN(rel) {
		return maxRuns
	}
	need := float64(runs) * (rel / p) * (rel / p)
	if need >= float64(maxRuns) {
		return maxRuns
	}
	n := int(math.Ceil(need/precisionCheckEvery)) * precisionCheckEvery
	return min(max(n, runs), maxRuns)
}

// precisionPercent is a relative half-width in words: a percentage with two decimals, or
// "undefined" before it can be computed.
func precisionPercent(rel float64) string {
	if math.IsInf(rel, 1) {
		return "undefined"
	}
	return format.Thousands(100*rel, 2) + "%"
}

// converged describes the end of a batch run with --precision p and --runs maxRuns.
func converged(a *sim.Aggregate, p float64, maxRuns int) *convergence {
	rel, hw := relativeHalfWidth(a)
	c := &convergence{Precision: p, MaxRuns: maxRuns, Runs: a.Runs, Converged: rel <= p, HalfWidth: hw, Relative: rel}
	if math.IsInf(rel, 1) { // JSON has no infinity
		c.Relative = -1
	}
	return c
}

// printConvergence adds the --precision line to the batch table.
func printConvergence(w io.Writer, c *convergence) error {
	if c == nil {
		return nil
	}
	state := "converged"
	if !c.Converged {
		state = "did not converge"
	}
	rel := format.Percent(c.Relative)
	if c.Relative < 0 {
		rel = "undefined (A's mean net revenue is 0)"
	}
	_, err := fmt.Fprintf(w, "Precision: %s after %s of at most %s runs; the 95%% CI half-width of B - A net revenue, %s, is %s of A's mean net revenue (target %s).\n",
		state, format.Thousands(float64(c.Runs), 0), format.Thousands(float64(c.MaxRuns), 0), format.Money(c.HalfWidth), rel, format.Percent(c.Precision))
	return err
}
