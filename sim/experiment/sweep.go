package experiment

import (
	"context"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
)

// MaxSweepPoints bounds a sweep's grid: each point is a whole batch.
const MaxSweepPoints = 200

// Axis is one key a sweep varies and its values, as numbers and as the text given to Set.
type Axis struct {
	Spec   string // how it was asked for ("acv=20000:100000:20000"), for messages
	Key    string
	Values []float64
	Texts  []string
}

// Sweep runs a paired batch at every point of a grid: the product of its axes, the first
// varying slowest. Every point uses the same seeds, so differences between points come from
// the values, not from the dice.
type Sweep struct {
	Axes    []Axis
	Runs    int
	Seed    uint64
	Workers int
	// Progress, if set, is told the runs done so far over all points and their total.
	Progress func(done, total int)
}

// SweepPoint is one point of the grid: an index into each axis, its scenario and, once run,
// its aggregate and summary.
type SweepPoint struct {
	At        []int
	Scenario  sim.Scenario
	Aggregate *sim.Aggregate
	Summary   sim.Summary
}

// SweepResult is a finished sweep.
type SweepResult struct {
	Axes   []Axis
	Runs   int
	Seed   uint64
	Points []*SweepPoint
}

// Grid makes every point of the axes' product, first axis slowest, each with its scenario
// validated, so that a bad value is reported before any batch runs. A point that blends a team
// names it for its blend. Errors are about an axis (its Spec) or a point ("at acv=5, weeks=13").
func (x Sweep) Grid(base *sim.Scenario) ([]*SweepPoint, error) {
	total := 1
	for _, a := range x.Axes {
		total *= len(a.Values)
		if total > MaxSweepPoints {
			return nil, sim.Errorf(sim.KindInput, "", "the grid has more than %d points", MaxSweepPoints)
		}
	}
	var pts []*SweepPoint
	at := make([]int, len(x.Axes))
	for range total {
		s := base.Clone()
		var sets []string
		for i, a := range x.Axes {
			if err := s.Set(a.Key, a.Texts[at[i]]); err != nil {
				return nil, sim.Errorf(sim.KindInput, a.Spec, "%w", err)
			}
			sets = append(sets, a.Key+"="+a.Texts[at[i]])
		}
		teamname.Follow(&s)
		if err := s.Validate(); err != nil {
			if sim.IsInput(err) {
				return nil, sim.Errorf(sim.KindInput, "at "+strings.Join(sets, ", "), "%w", err)
			}
			return nil, err
		}
		pts = append(pts, &SweepPoint{At: append([]int(nil), at...), Scenario: s})
		for i := len(at) - 1; i >= 0; i-- {
			if at[i]++; at[i] < len(x.Axes[i].Values) {
				break
			}
			at[i] = 0
		}
	}
	return pts, nil
}

// Run makes the grid on a validated scenario and runs a batch at every point.
func (x Sweep) Run(ctx context.Context, s *sim.Scenario) (*SweepResult, error) {
	pts, err := x.Grid(s)
	if err != nil {
		return nil, err
	}
	total := x.Runs * len(pts)
	for i, p := range pts {
		b := sim.Batch{Runs: x.Runs, Seed: x.Seed, Workers: x.Workers}
		if x.Progress != nil {
			b.Progress = func(done, _ int) { x.Progress(i*x.Runs+done, total) }
		}
		if p.Aggregate, err = b.Run(ctx, &p.Scenario); err != nil {
			return nil, err
		}
		p.Summary = p.Aggregate.Summarize()
	}
	return &SweepResult{Axes: x.Axes, Runs: x.Runs, Seed: x.Seed, Points: pts}, nil
}
