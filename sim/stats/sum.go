// Package stats holds the mergeable statistics of the Monte Carlo runner: exact sums, moments
// with confidence intervals, and quantile summaries. Everything merges, so a batch split into
// chunks, workers or machines adds up to the same numbers.
package stats

import "math"

// Sum adds float64 values exactly: it keeps the running total as a list of non-overlapping
// partial sums (Shewchuk's algorithm, as in Python's math.fsum) and rounds once, when read.
// The result is the exact sum correctly rounded, so it does not depend on the order of
// additions or merges: 1 worker, 4 workers and 4 merged shards give the same bits.
type Sum struct {
	Partials []float64 `json:"partials"`
}

// Add adds x. x must be finite.
func (s *Sum) Add(x float64) {
	i := 0
	for _, y := range s.Partials {
		if math.Abs(x) < math.Abs(y) {
			x, y = y, x
		}
		hi := x + y
		lo := y - (hi - x)
		if lo != 0 {
			s.Partials[i] = lo
			i++
		}
		x = hi
	}
	s.Partials = append(s.Partials[:i], x)
}

// Merge adds everything o holds.
func (s *Sum) Merge(o *Sum) {
	for _, p := range o.Partials {
		s.Add(p)
	}
}

// Value returns the sum, correctly rounded to the nearest float64 (ties to even).
func (s *Sum) Value() float64 {
	p := s.Partials
	n := len(p)
	if n == 0 {
		return 0
	}
	n--
	hi, lo := p[n], 0.0
	for n > 0 {
		x := hi
		n--
		y := p[n]
		hi = x + y
		lo = y - (hi - x)
		if lo != 0 {
			break
		}
	}
	// Round half to even across more than two partials: if the remainder pushes lo past the
	// halfway point, move hi by one ulp.
	if n > 0 && ((lo < 0 && p[n-1] < 0) || (lo > 0 && p[n-1] > 0)) {
		y := lo * 2
		x := hi + y
		if yr := x - hi; y == yr {
			hi = x
		}
	}
	return hi
}
