package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

// An exact sum does not depend on the order of its terms: any shuffle and any split into
// merged parts give the same bits, where naive summation would not.
func TestSumIsOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 10_000)
	for i := range xs {
		xs[i] = (r.Float64() - 0.3) * math.Pow(10, float64(r.IntN(12)))
	}
	var want Sum
	for _, x := range xs {
		want.Add(x)
	}
	for trial := range 20 {
		r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		cut := r.IntN(len(xs))
		var a, b Sum
		for _, x := range xs[:cut] {
			a.Add(x)
		}
		for _, x := range xs[cut:] {
			b.Add(x)
		}
		if trial%2 == 0 {
			a, b = b, a
		}
		a.Merge(&b)
		if a.Value() != want.Value() {
			t.Fatalf("trial %d: %v != %v", trial, a.Value(), want.Value())
		}
	}
}

// Classic cancellation: 1e100 + 1 - 1e100 is 1, which float64 addition loses.
func TestSumIsExact(t *testing.T) {
	var s Sum
	for _, x := range []float64{1e100, 1, -1e100, 0.1, 0.2, -0.3} {
		s.Add(x)
	}
	want := 1 + (0.1 + 0.2 - 0.3) // the float64 values' exact sum rounded: 1.0000000000000000277... -> 1
	if got := s.Value(); math.Abs(got-want) > 1e-15 || got != 1 {
		t.Errorf("sum = %v, want 1", got)
	}
}

// Moments agree with gonum's two-pass mean and variance.
func TestMomentsMatchGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	xs := make([]float64, 5000)
	var m Moments
	for i := range xs {
		xs[i] = 1e6 + 2e5*r.NormFloat64()
		m.Add(xs[i])
	}
	mean, variance := stat.MeanVariance(xs, nil)
	if !scalar.EqualWithinRel(m.Mean(), mean, 1e-14) || !scalar.EqualWithinRel(m.Variance(), variance, 1e-9) {
		t.Errorf("moments %v %v, gonum %v %v", m.Mean(), m.Variance(), mean, variance)
	}
	if hw := m.HalfWidth(); !scalar.EqualWithinRel(hw, 1.96039*math.Sqrt(variance/5000), 1e-4) {
		t.Errorf("half-width %v", hw)
	}
}

// The 95% interval covers the true mean about 95% of the time.
func TestConfidenceIntervalCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	covered := 0
	const trials = 4000
	for range trials {
		var m Moments
		for range 10 {
			m.Add(r.NormFloat64())
		}
		if math.Abs(m.Mean()) <= m.HalfWidth() {
			covered++
		}
	}
	// Binomial(4000, 0.95): sd 0.34%; allow 4 sd.
	if share := float64(covered) / trials; math.Abs(share-0.95) > 0.014 {
		t.Errorf("coverage %.3f, want 0.95", share)
	}
}

func TestQuantilesExact(t *testing.T) {
	q := NewQuantiles(1000)
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64((i * 7919) % 1000)
		q.Add(xs[i])
	}
	slices.Sort(xs)
	got := q.Quantiles(0.1, 0.5, 0.9)
	for i, p := range []float64{0.1, 0.5, 0.9} {
		if want := stat.Quantile(p, stat.LinInterp, xs, nil); got[i] != want {
			t.Errorf("p%.0f = %v, want %v", 100*p, got[i], want)
		}
	}
	if !q.Exactly() {
		t.Error("summary of 1000 values with Exact 1000 is not exact")
	}
}

// Beyond Exact values the sketch's rank error stays within the documented bound; a million
// values with Exact = 100,000 (the batch setting) stay within 0.1% of N, and its memory near
// levels x Exact/8 values.
func TestQuantilesRankError(t *testing.T) {
	const n = 1_000_000
	q := NewQuantiles(100_000)
	r := rand.New(rand.NewPCG(4, 4))
	xs := make([]float64, n)
	parts := make([]Quantiles, 4)
	for i := range parts {
		parts[i] = NewQuantiles(100_000)
	}
	for i := range xs {
		xs[i] = r.Float64()
		q.Add(xs[i])
		parts[i*len(parts)/n].Add(xs[i])
	}
	merged := parts[0]
	for i := 1; i < len(parts); i++ {
		merged.Merge(&parts[i])
	}
	slices.Sort(xs)
	for _, s := range []*Quantiles{&q, &merged} {
		if s.N != n {
			t.Fatalf("N = %d", s.N)
		}
		_, ws := s.Weighted()
		if total := floats.Sum(ws); total != n {
			t.Fatalf("weights sum to %v, want %d", total, n)
		}
		for i, v := range s.Quantiles(0.1, 0.5, 0.9) {
			p := []float64{0.1, 0.5, 0.9}[i]
			rank, _ := slices.BinarySearch(xs, v)
			e := math.Abs(float64(rank)/n - p)
			if e > 1e-3 {
				t.Errorf("p%.0f: rank error %.5f of N", 100*p, e)
			}
			t.Logf("p%.0f: rank error %.6f of N", 100*p, e)
		}
		held := 0
		for _, l := range s.Levels {
			held += cap(l)
		}
		if held > 12*100_000/8*2 {
			t.Errorf("the sketch holds room for %d values", held)
		}
	}
}

func TestEmpty(t *testing.T) {
	var m Moments
	q := NewQuantiles(10)
	if m.Mean() != 0 || m.SD() != 0 || m.HalfWidth() != 0 || q.Quantiles(0.5)[0] != 0 {
		t.Error("empty statistics are not zero")
	}
}

func BenchmarkSumAdd(b *testing.B) {
	var s Sum
	x := 1234.5678
	for b.Loop() {
		s.Add(x)
		x *= 1.0000001
	}
}
