// Package experiment holds the studies built from paired batches, each a value struct whose Run
// takes a context and a validated scenario: Sweep (a batch at every point of a grid of keys),
// Sensitivity (each key lowered and raised, ranked by its swing in B/A), BreakEven (the value of
// a key at which B - A crosses zero, with its interval), Precision (a batch that stops once its
// interval is narrow enough) and Shard (one slice of a batch, as a Partial that Merge joins into
// exactly the whole batch). The command line and the browser's worker run the same code. It does
// no I/O; errors about what was asked are sim.KindInput, for the caller to prefix with its flag.
package experiment

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// BreakEven finds, for one scenario key, the value at which team B's mean net revenue equals
// team A's, with a 95% confidence interval. Every value is run as a paired batch with the same
// seed, so the batches share their markets run by run and B - A moves smoothly with the key;
// bisection then brackets the crossing.
type BreakEven struct {
	Key    string  // a scenario key, as for --set: "strategies.goal.new_mult"
	Lo, Hi float64 // the range searched
	Runs   int     // paired runs per value tried
	Seed   uint64
	// Steps is how many times each bisection halves the range (default 10: 1/1,024 of it).
	Steps   int
	Workers int
	// Progress, if set, is told after each batch how many batches have run, of at most total.
	Progress func(done, total int)
}

// Point is one value tried: B - A net revenue there, with its 95% confidence interval.
type Point struct {
	Value float64      `json:"value"`
	Diff  sim.Interval `json:"b_minus_a"`
}

// BreakEvenResult is where B - A crosses zero. CILo and CIHi bound the values at which the 95%
// interval of B - A still holds zero (inverting the test at each value); either is nil when
// that holds up to the end of the range searched. Value is nil when B - A has one sign over the
// whole range: Points then says which team leads.
type BreakEvenResult struct {
	Key    string   `json:"key"`
	Lo     float64  `json:"lo"`
	Hi     float64  `json:"hi"`
	Runs   int      `json:"runs"`
	Seed   uint64   `json:"seed"`
	Value  *float64 `json:"value"`
	CILo   *float64 `json:"ci_lo"`
	CIHi   *float64 `json:"ci_hi"`
	Points []Point  `json:"points"` // in the order of Value
}

// Run searches the range on a validated scenario. Each value tried must be valid for the key.
func (b BreakEven) Run(ctx context.Context, s *sim.Scenario) (*BreakEvenResult, error) {
	if !(b.Lo < b.Hi) || math.IsInf(b.Lo, 0) || math.IsInf(b.Hi, 0) {
		return nil, sim.Errorf(sim.KindInput, b.Key, "range %s to %s: want a lower value first", fmtNum(b.Lo), fmtNum(b.Hi))
	}
	steps := b.Steps
	if steps <= 0 {
		steps = 10
	}
	e := &search{b: b, s: s, total: 2 + 3*steps, tried: map[float64]sim.Interval{}}
	lo, err := e.at(ctx, b.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := e.at(ctx, b.Hi)
	if err != nil {
		return nil, err
	}
	r := &BreakEvenResult{Key: b.Key, Lo: b.Lo, Hi: b.Hi, Runs: b.Runs, Seed: b.Seed}
	// Each bound of the interval and the mean cross zero somewhere in the range, or not at all;
	// each is bracketed on its own.
	for _, c := range []struct {
		dst *(*float64)
		of  func(sim.Interval) float64
	}{
		{&r.Value, func(d sim.Interval) float64 { return d.Mean }},
		{&r.CILo, func(d sim.Interval) float64 { return d.CIHi }},
		{&r.CIHi, func(d sim.Interval) float64 { return d.CILo }},
	} {
		x, err := e.crossing(ctx, c.of, lo, hi, steps)
		if err != nil {
			return nil, err
		}
		*c.dst = x
	}
	// Where B - A rises with the key, the values whose interval holds zero start where its
	// upper bound reaches zero and end where its lower bound does; where it falls, the other way.
	if hi.Mean < lo.Mean {
		r.CILo, r.CIHi = r.CIHi, r.CILo
	}
	r.Points = e.points()
	return r, nil
}

// search runs and remembers the batches of one BreakEven.
type search struct {
	b     BreakEven
	s     *sim.Scenario
	tried map[float64]sim.Interval
	done  int
	total int
}

// at runs the paired batch at value x of the key, or recalls it.
func (e *search) at(ctx context.Context, x float64) (sim.Interval, error) {
	if d, ok := e.tried[x]; ok {
		return d, nil
	}
	s := e.s.Clone()
	if err := s.Set(e.b.Key, fmtNum(x)); err != nil {
		return sim.Interval{}, err
	}
	if err := s.Validate(); err != nil {
		return sim.Interval{}, err
	}
	agg, err := sim.Batch{Runs: e.b.Runs, Seed: e.b.Seed, Workers: e.b.Workers}.Run(ctx, &s)
	if err != nil {
		return sim.Interval{}, err
	}
	d := agg.Summarize().Diff["net_revenue"]
	iv := sim.Interval{Mean: d.Mean, CILo: d.CILo, CIHi: d.CIHi}
	e.tried[x] = iv
	e.done++
	if e.b.Progress != nil {
		e.b.Progress(e.done, e.total)
	}
	return iv, nil
}

// crossing bisects [Lo, Hi] for the value where of(B - A) is zero, interpolating linearly in the
// last bracket; nil when of has one sign at both ends.
func (e *search) crossing(ctx context.Context, of func(sim.Interval) float64, lo, hi sim.Interval, steps int) (*float64, error) {
	a, b := e.b.Lo, e.b.Hi
	fa, fb := of(lo), of(hi)
	if fa == 0 {
		return &a, nil
	}
	if fb == 0 {
		return &b, nil
	}
	if (fa > 0) == (fb > 0) {
		return nil, nil
	}
	for range steps {
		m := a + float64((b-a)/2)
		d, err := e.at(ctx, m)
		if err != nil {
			return nil, err
		}
		switch fm := of(d); {
		case fm == 0:
			return &m, nil
		case (fm > 0) == (fa > 0):
			a, fa = m, fm
		default:
			b, fb = m, fm
		}
	}
	x := a + (b-a)*fa/(fa-fb)
	return &x, nil
}

// points lists the values tried in order.
func (e *search) points() []Point {
	out := make([]Point, 0, len(e.tried))
	for x, d := range e.tried {
		out = append(out, Point{x, d})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Value < out[j-1].Value; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// String says the result in a sentence.
func (r *BreakEvenResult) String() string {
	if r.Value == nil {
		return fmt.Sprintf("B - A net revenue does not cross zero for %s from %s to %s.", r.Key, fmtNum(r.Lo), fmtNum(r.Hi))
	}
	// The value and both ends share one precision (see format.Values); an open end is the edge
	// of the range searched.
	lo, hi := r.Lo, r.Hi
	if r.CILo != nil {
		lo = *r.CILo
	}
	if r.CIHi != nil {
		hi = *r.CIHi
	}
	v := format.Values(4, *r.Value, lo, hi)
	if r.CILo == nil {
		v[1] = "beyond " + v[1]
	}
	if r.CIHi == nil {
		v[2] = "beyond " + v[2]
	}
	return fmt.Sprintf("B - A net revenue crosses zero at %s = %s (95%% CI %s to %s).", r.Key, v[0], v[1], v[2])
}
