package stats

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
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

// Beyond Exact values each quantile is within RelativeError of the observation of its rank;
// a million values with Exact = 100,000 (the batch setting), as in a long batch.
func TestQuantilesBeyondExact(t *testing.T) {
	const n = 1_000_000
	q := NewQuantiles(100_000)
	r := rand.New(rand.NewPCG(4, 4))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.Exp(r.NormFloat64()) * 1e6 // revenue-like: lognormal around $1M
		if i%10 == 0 {
			xs[i] = -xs[i] // and some negative, as differences B - A are
		}
		q.Add(xs[i])
	}
	slices.Sort(xs)
	_, ws := q.Weighted()
	if total := floats.Sum(ws); total != n || q.N != n {
		t.Fatalf("weights sum to %v, N = %d, want %d", total, q.N, n)
	}
	for i, got := range q.Quantiles(0, 0.1, 0.5, 0.9, 1) {
		p := []float64{0, 0.1, 0.5, 0.9, 1}[i]
		want := xs[max(1, int(math.Ceil(p*n)))-1]
		if e := math.Abs(got-want) / math.Abs(want); e > RelativeError*(1+1e-9) {
			t.Errorf("p%.0f = %v, want %v within %.4f%%; off by %.5f%%", 100*p, got, want, 100*RelativeError, 100*e)
		}
	}
	if len(q.Buckets) > 40_000 {
		t.Errorf("%d buckets for values spanning about 10^4", len(q.Buckets))
	}
	if err := q.Check(); err != nil {
		t.Error(err)
	}
}

// The summary depends on the multiset of observations only: however a sample is split, and
// in whatever order the parts merge, the result is the same, exact or bucketed (what makes a
// sharded merge byte-identical to one batch).
func TestQuantilesSplitIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{50, 1000, 6000, 30_000} {
		xs := make([]float64, n)
		whole := NewQuantiles(4096)
		for i := range xs {
			xs[i] = math.Round(r.NormFloat64()*1e5) + 1e6
			whole.Add(xs[i])
		}
		for trial := range 5 {
			cuts := []int{0, n}
			for range 1 + trial*3 {
				cuts = append(cuts, r.IntN(n+1))
			}
			slices.Sort(cuts)
			parts := make([]Quantiles, len(cuts)-1)
			for i := range parts {
				parts[i] = NewQuantiles(4096)
				for _, x := range xs[cuts[i]:cuts[i+1]] {
					parts[i].Add(x)
				}
			}
			r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			merged := parts[0]
			for i := 1; i < len(parts); i++ {
				merged.Merge(&parts[i])
			}
			if n > 4096 && !reflect.DeepEqual(merged, whole) {
				t.Errorf("n %d, cuts %v: merged summary differs from the whole", n, cuts)
			}
			if got, want := merged.Quantiles(0.1, 0.5, 0.9), whole.Quantiles(0.1, 0.5, 0.9); !slices.Equal(got, want) {
				t.Errorf("n %d, cuts %v: quantiles %v, want %v", n, cuts, got, want)
			}
		}
	}
}

// Check refuses summaries that Add and Merge cannot make.
func TestQuantilesCheck(t *testing.T) {
	for name, q := range map[string]Quantiles{
		"exact 1":          {Exact: 1},
		"values short":     {Exact: 4, N: 3, Values: []float64{1}},
		"no buckets":       {Exact: 2, N: 3},
		"buckets unsorted": {Exact: 2, N: 3, Buckets: []Bucket{{5, 2}, {4, 1}}},
		"count zero":       {Exact: 2, N: 3, Buckets: []Bucket{{4, 3}, {5, 0}}},
		"counts short":     {Exact: 2, N: 3, Buckets: []Bucket{{4, 1}, {5, 1}}},
		"NaN":              {Exact: 4, N: 1, Values: []float64{math.NaN()}},
	} {
		if q.Check() == nil {
			t.Errorf("%s: %+v passes Check", name, q)
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

// Bucket keys and middles are the same bits natively and under WebAssembly (math.Log agrees,
// portable.Exp is portable), so a batch bucketed in the browser matches the command line.
func TestBucketsArePinned(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	h := fnv.New64a()
	var b [8]byte
	for range 100_000 {
		x := math.Exp(4*r.NormFloat64()) * 1e5
		k := bucketKey(x)
		binary.LittleEndian.PutUint64(b[:], uint64(k)<<32^math.Float64bits(bucketValue(k)))
		h.Write(b[:])
	}
	if got, want := h.Sum64(), uint64(0x58dd5717278a6e64); got != want {
		t.Errorf("bucket hash %#x, want %#x", got, want)
	}
}

// The buckets of the largest and smallest float64s have finite middles, and Check refuses keys
// past them (a damaged file cannot make a quantile infinite).
func TestBucketsAtTheEdges(t *testing.T) {
	for _, x := range []float64{math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64} {
		if v := bucketValue(bucketKey(x)); math.IsInf(v, 0) || math.IsNaN(v) || (v > 0) != (x > 0) {
			t.Errorf("middle of the bucket of %v is %v", x, v)
		}
	}
	q := Quantiles{Exact: 2, N: 3, Buckets: []Bucket{{maxKey + 1, 3}}}
	if q.Check() == nil {
		t.Error("a key past the largest float64 passes Check")
	}
}

// Quantiles found by selection are gonum's of the sorted values, bit for bit, with ties,
// a single value, -0 and every p that lands on or between order statistics.
func TestQuantilesBySelectionAreGonums(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	ps := []float64{0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.975, 0.999, 1}
	for trial := range 400 {
		n := 1 + r.IntN(300)
		if trial%50 == 0 {
			n = 1 + r.IntN(5000)
		}
		xs := make([]float64, n)
		for i := range xs {
			switch trial % 4 {
			case 0:
				xs[i] = r.NormFloat64() * 1e6
			case 1: // many ties
				xs[i] = float64(r.IntN(5))
			case 2: // sorted runs, as merged slices give
				xs[i] = float64(i%37) + r.Float64()
			default:
				xs[i] = float64(n - i)
			}
		}
		if trial%7 == 0 {
			xs[r.IntN(n)] = math.Copysign(0, -1)
		}
		q := NewQuantiles(n)
		for _, x := range xs {
			q.Add(x)
		}
		before := slices.Clone(q.Values)
		got := q.Quantiles(ps...)
		sorted := slices.Sorted(slices.Values(xs))
		scale := max(math.Abs(sorted[0]), math.Abs(sorted[n-1]))
		for i, p := range ps {
			want := stat.Quantile(p, stat.LinInterp, sorted, nil)
			if !sameQuantile(got[i], want, n, scale) {
				t.Fatalf("trial %d, n %d: quantile %v is %v, gonum's %v", trial, n, p, got[i], want)
			}
		}
		if !slices.Equal(before, q.Values) {
			t.Fatalf("trial %d: Quantiles reordered the summary's values", trial)
		}
	}
}

// sameQuantile reports whether the summary's quantile is gonum's. They share their bits where
// the compiler keeps x*y+z as two roundings (amd64 as built by default, WebAssembly). Where it
// fuses them into one instruction (arm64, amd64 with GOAMD64=v3), gonum's interpolation is fused
// and the summary's, written to give the same bits on every platform, is not. There they may
// part by the rounding of p*n (relative to n) carried over a gap between two values (at most
// twice the largest).
func sameQuantile(got, want float64, n int, scale float64) bool {
	if math.Float64bits(got) == math.Float64bits(want) {
		return true
	}
	return compilerFuses() && math.Abs(got-want) <= 8*float64(n)*scale*0x1p-52
}

// fusionProbe holds x, y and z with x*y = 1 - 2^-60: rounded, x*y + z is 0; fused, it is not.
// A variable, so that the compiler cannot fold the sum as a constant.
var fusionProbe = []float64{1 + 0x1p-30, 1 - 0x1p-30, -1}

// compilerFuses reports whether this build fuses a multiply and an add.
func compilerFuses() bool {
	return multiplyAdd(fusionProbe[0], fusionProbe[1], fusionProbe[2]) != 0
}

// multiplyAdd is x*y + z as the compiler builds it for a function of its own (a comparison
// with the sum inline may be rewritten into one that it does not fuse).
//
//go:noinline
func multiplyAdd(x, y, z float64) float64 { return x*y + z }
