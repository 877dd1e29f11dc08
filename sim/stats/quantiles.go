package stats

import (
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Quantiles summarises a sample for its quantiles and histogram in bounded memory. It keeps
// every value until it holds more than Exact of them, so quantiles are exact up to Exact
// observations. Beyond, it compacts as a deterministic KLL-style sketch: a full level is sorted
// and every other value moves up a level with double weight. Each compaction of level h shifts
// any rank by at most 2^h, which bounds the rank error by (levels x N / Exact); with
// Exact = 100,000 and a million runs that is under 0.01% of the runs (TestQuantilesRankError).
type Quantiles struct {
	Exact  int         `json:"exact"`
	N      int64       `json:"n"`
	Levels [][]float64 `json:"levels"` // level h holds values of weight 2^h
	Flip   []bool      `json:"flip"`   // which half each level kept last, alternated to cancel bias
}

// NewQuantiles returns a summary exact up to exact observations.
func NewQuantiles(exact int) Quantiles {
	return Quantiles{Exact: max(2, exact)}
}

// Add adds one observation.
func (q *Quantiles) Add(x float64) {
	if len(q.Levels) == 0 {
		q.Levels = [][]float64{nil}
		q.Flip = []bool{false}
	}
	q.N++
	q.Levels[0] = append(q.Levels[0], x)
	if len(q.Levels[0]) > q.Exact {
		q.compact()
	}
}

// Merge adds another summary's observations. Merging in a fixed order gives the same result
// every time; while the total stays within Exact the result is exact in any order.
func (q *Quantiles) Merge(o *Quantiles) {
	for len(q.Levels) < len(o.Levels) {
		q.Levels = append(q.Levels, nil)
		q.Flip = append(q.Flip, false)
	}
	for h, l := range o.Levels {
		q.Levels[h] = append(q.Levels[h], l...)
	}
	q.N += o.N
	q.compact()
}

// compact halves every level that holds more than Exact values, from the bottom up.
func (q *Quantiles) compact() {
	for h := 0; h < len(q.Levels); h++ {
		if len(q.Levels[h]) <= q.Exact {
			continue
		}
		if h+1 == len(q.Levels) {
			q.Levels = append(q.Levels, nil)
			q.Flip = append(q.Flip, false)
		}
		l := q.Levels[h]
		slices.Sort(l)
		start := 0
		if q.Flip[h] {
			start = 1
		}
		q.Flip[h] = !q.Flip[h]
		keep := len(l) % 2 // an odd value out stays at this level
		for i := start + keep; i < len(l); i += 2 {
			q.Levels[h+1] = append(q.Levels[h+1], l[i])
		}
		if keep == 1 {
			q.Levels[h] = append(l[:0], l[0])
		} else {
			q.Levels[h] = l[:0]
		}
	}
}

// Weighted returns the retained values in ascending order with their weights; the weights sum
// to N. Charts build histograms from it.
func (q *Quantiles) Weighted() (xs, ws []float64) {
	type item struct{ x, w float64 }
	var items []item
	for h, l := range q.Levels {
		w := float64(int64(1) << h)
		for _, x := range l {
			items = append(items, item{x, w})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	xs, ws = make([]float64, len(items)), make([]float64, len(items))
	for i, it := range items {
		xs[i], ws[i] = it.x, it.w
	}
	return xs, ws
}

// Exactly reports whether the summary still holds every observation.
func (q *Quantiles) Exactly() bool { return len(q.Levels) <= 1 }

// Quantiles returns the p-quantiles of the sample for each p in ps (0 for an empty sample).
// While exact, they interpolate linearly between order statistics; beyond, they are the
// weighted empirical quantiles of the sketch.
func (q *Quantiles) Quantiles(ps ...float64) []float64 {
	out := make([]float64, len(ps))
	if q.N == 0 {
		return out
	}
	xs, ws := q.Weighted()
	for i, p := range ps {
		if q.Exactly() {
			out[i] = stat.Quantile(p, stat.LinInterp, xs, nil)
		} else {
			out[i] = stat.Quantile(p, stat.Empirical, xs, ws)
		}
	}
	return out
}
