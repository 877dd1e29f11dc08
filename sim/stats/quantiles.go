package stats

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

// Quantiles summarises a sample for its quantiles and histogram in bounded memory. It keeps
// every value while it holds at most Exact of them, so quantiles are exact up to Exact
// observations. Beyond, it counts the observations in logarithmic buckets, each spanning a
// factor of Gamma, and reports a bucket's quantile as the value at its middle, within
// RelativeError of every value in it.
//
// Either way the summary is a function of the multiset of observations alone, not of their
// order or of how they were split: a batch, its chunks and its shards merged in any order give
// the same bits, at every size. (A sketch that compacts as values arrive, as this once was,
// differs with the split.) Memory beyond Exact grows with the spread of the values, not their
// number: a sample within a factor of 10 fills about 2,400 buckets.
type Quantiles struct {
	Exact   int       `json:"exact"`
	N       int64     `json:"n"`
	Values  []float64 `json:"values,omitempty"`  // every observation, while N <= Exact
	Buckets []Bucket  `json:"buckets,omitempty"` // counts by bucket in key order, once N > Exact
}

// Bucket counts the observations of one logarithmic bucket (see bucketKey).
type Bucket struct {
	Key   int32 `json:"k"`
	Count int64 `json:"c"`
}

// RelativeError bounds how far a quantile past Exact observations is from the true one, as a
// share of its value: the bucket's middle is within it of every value in the bucket.
const RelativeError = 1.0 / 2048

// gamma is the ratio of a bucket's upper to its lower bound, (1+e)/(1-e) for RelativeError e,
// and logGamma its logarithm.
var (
	gamma        = (1 + RelativeError) / (1 - RelativeError)
	logGamma     = math.Log(gamma)
	logHalfGamma = math.Log(2 / (gamma + 1)) // the middle is gamma^i x 2/(gamma+1)
)

// The keys of the buckets of the finite float64s, smallest and largest magnitude.
var minKey, maxKey = bucketKey(math.SmallestNonzeroFloat64), bucketKey(math.MaxFloat64)

// keyOffset shifts bucket indices (ceil(log|x| / log gamma), about -763,000 to 727,000 over
// the finite float64s) to positive keys; negative values take the negated key, 0 the key 0,
// so that keys sort as their values do.
const keyOffset = 1 << 20

// NewQuantiles returns a summary exact up to exact observations.
func NewQuantiles(exact int) Quantiles {
	return Quantiles{Exact: max(2, exact)}
}

// Reserve makes room for the next n observations while the summary is exact, so that growing
// it does not leave copies behind for the garbage collector.
func (q *Quantiles) Reserve(n int) {
	if q.Exactly() {
		want := min(len(q.Values)+n, q.Exact)
		q.Values = slices.Grow(q.Values, want-len(q.Values))
	}
}

// Add adds one observation, which must be finite.
func (q *Quantiles) Add(x float64) {
	q.N++
	if q.N <= int64(q.Exact) {
		q.Values = append(q.Values, x)
		return
	}
	q.toBuckets()
	q.Buckets = addCount(q.Buckets, bucketKey(x), 1)
}

// Merge adds another summary's observations; o is left unchanged.
func (q *Quantiles) Merge(o *Quantiles) {
	values, buckets := o.Values, o.Buckets // before q changes, in case o is q
	q.N += o.N
	if q.N <= int64(q.Exact) {
		q.Values = append(q.Values, values...)
		return
	}
	q.toBuckets()
	for _, x := range values {
		q.Buckets = addCount(q.Buckets, bucketKey(x), 1)
	}
	q.Buckets = mergeCounts(q.Buckets, buckets)
}

// toBuckets moves the exact values into buckets, once the summary passes Exact observations.
func (q *Quantiles) toBuckets() {
	if q.Values == nil {
		return
	}
	for _, x := range q.Values {
		q.Buckets = addCount(q.Buckets, bucketKey(x), 1)
	}
	q.Values = nil
}

// bucketKey is the key of x's bucket: bucket i of positive values holds (gamma^(i-1), gamma^i].
// math.Log gives the same bits natively and under WebAssembly, so keys agree everywhere.
func bucketKey(x float64) int32 {
	if x == 0 {
		return 0
	}
	k := int32(keyOffset + math.Ceil(math.Log(math.Abs(x))/logGamma))
	if x < 0 {
		return -k
	}
	return k
}

// bucketValue is the middle of a bucket, 2 gamma^i / (gamma + 1), within RelativeError of both
// its bounds. portable.Exp keeps it the same on every platform.
func bucketValue(key int32) float64 {
	if key == 0 {
		return 0
	}
	i := float64(abs32(key) - keyOffset)
	// The top bucket's middle may pass the largest float64 that it holds; it stays finite.
	v := min(portable.Exp(float64(i*logGamma)+logHalfGamma), math.MaxFloat64)
	if key < 0 {
		return -v
	}
	return v
}

func abs32(k int32) int32 {
	if k < 0 {
		return -k
	}
	return k
}

// addCount adds n to the bucket of key in a key-ordered list.
func addCount(bs []Bucket, key int32, n int64) []Bucket {
	i, found := slices.BinarySearchFunc(bs, key, func(b Bucket, k int32) int { return int(b.Key) - int(k) })
	if found {
		bs[i].Count += n
		return bs
	}
	return slices.Insert(bs, i, Bucket{key, n})
}

// mergeCounts adds the counts of o to a, both key-ordered.
func mergeCounts(a, o []Bucket) []Bucket {
	if len(o) == 0 {
		return a
	}
	out := make([]Bucket, 0, len(a)+len(o))
	i, j := 0, 0
	for i < len(a) || j < len(o) {
		switch {
		case j == len(o) || i < len(a) && a[i].Key < o[j].Key:
			out = append(out, a[i])
			i++
		case i == len(a) || o[j].Key < a[i].Key:
			out = append(out, o[j])
			j++
		default:
			out = append(out, Bucket{a[i].Key, a[i].Count + o[j].Count})
			i, j = i+1, j+1
		}
	}
	return out
}

// Weighted returns the retained values in ascending order with their weights; the weights sum
// to N. Charts build histograms from it. Past Exact the values are the buckets' middles.
func (q *Quantiles) Weighted() (xs, ws []float64) {
	if q.Exactly() {
		xs = slices.Sorted(slices.Values(q.Values))
		ws = make([]float64, len(xs))
		for i := range ws {
			ws[i] = 1
		}
		return xs, ws
	}
	xs, ws = make([]float64, len(q.Buckets)), make([]float64, len(q.Buckets))
	for i, b := range q.Buckets {
		xs[i], ws[i] = bucketValue(b.Key), float64(b.Count)
	}
	return xs, ws
}

// Exactly reports whether the summary still holds every observation.
func (q *Quantiles) Exactly() bool { return q.N <= int64(q.Exact) }

// Quantiles returns the p-quantiles of the sample for each p in ps (0 for an empty sample).
// While exact, they interpolate linearly between order statistics; beyond, each is the middle
// of the bucket that holds the observation of rank ceil(p N).
func (q *Quantiles) Quantiles(ps ...float64) []float64 {
	out := make([]float64, len(ps))
	if q.N == 0 {
		return out
	}
	if q.Exactly() {
		if unusual(q.Values) {
			// -0 and 0 compare equal but print apart, and where each lands depends on how the
			// values were ordered: sort them exactly as this always has (and let gonum answer
			// NaN, which Add forbids).
			xs := slices.Sorted(slices.Values(q.Values))
			for i, p := range ps {
				out[i] = stat.Quantile(p, stat.LinInterp, xs, nil)
			}
			return out
		}
		xs := slices.Clone(q.Values)
		for i, p := range ps {
			out[i] = linInterp(p, xs)
		}
		return out
	}
	for i, p := range ps {
		out[i] = bucketValue(q.bucketOfRank(max(1, int64(math.Ceil(p*float64(q.N))))))
	}
	return out
}

// bucketOfRank is the key of the bucket holding the observation of rank r (from 1).
func (q *Quantiles) bucketOfRank(r int64) int32 {
	var seen int64
	for _, b := range q.Buckets {
		if seen += b.Count; seen >= r {
			return b.Key
		}
	}
	return q.Buckets[len(q.Buckets)-1].Key
}

// Check reports whether a summary read from outside (a file, another worker) is one that Add
// and Merge could have made: its values while exact, else buckets in strictly increasing key
// order with positive counts that add up to N. Quantiles of a checked summary cannot panic.
func (q *Quantiles) Check() error {
	switch {
	case q.Exact < 2:
		return fmt.Errorf("a quantile summary exact to %d observations; want at least 2", q.Exact)
	case q.N < 0:
		return fmt.Errorf("a quantile summary of %d observations", q.N)
	case q.Exactly() && (int64(len(q.Values)) != q.N || len(q.Buckets) > 0):
		return fmt.Errorf("an exact quantile summary of %d observations holding %d values and %d buckets", q.N, len(q.Values), len(q.Buckets))
	case !q.Exactly() && (len(q.Values) > 0 || len(q.Buckets) == 0):
		return fmt.Errorf("a bucketed quantile summary of %d observations holding %d values and %d buckets", q.N, len(q.Values), len(q.Buckets))
	}
	for _, x := range q.Values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("a quantile summary holds %v", x)
		}
	}
	var total int64
	for i, b := range q.Buckets {
		if k := abs32(b.Key); k != 0 && (k < minKey || k > maxKey) {
			return fmt.Errorf("quantile bucket %d has key %d; allowed 0 and %d to %d either sign", i, b.Key, minKey, maxKey)
		}
		if b.Count < 1 || b.Count > q.N || (i > 0 && b.Key <= q.Buckets[i-1].Key) {
			return fmt.Errorf("quantile bucket %d (key %d, count %d) out of order or range", i, b.Key, b.Count)
		}
		total += b.Count
	}
	if len(q.Buckets) > 0 && total != q.N {
		return fmt.Errorf("quantile buckets counting %d observations, not the summary's %d", total, q.N)
	}
	return nil
}

// unusual reports whether xs holds a -0 or a NaN.
func unusual(xs []float64) bool {
	for _, x := range xs {
		if x == 0 && math.Signbit(x) || x != x {
			return true
		}
	}
	return false
}

// linInterp is stat.Quantile(p, stat.LinInterp, sorted xs, nil), bit for bit, from the two
// order statistics it interpolates between, found by selection rather than a full sort: the
// summary of a batch asks for a few quantiles of each of hundreds of samples. xs holds no NaN
// and no -0, so equal values are equal bits and every order statistic is one value; selection
// reorders xs.
func linInterp(p float64, xs []float64) float64 {
	// gonum walks the sorted values with a running count c = i+1 and stops at the first
	// c >= p n, returning the first value there or interpolating with the one before.
	fidx := float64(p * float64(len(xs)))
	i := 0
	for float64(i+1) < fidx {
		i++
	}
	if i == 0 {
		return selectRank(xs, 0)
	}
	prev := selectRank(xs, i-1)
	// Everything from i on is at least prev; the smallest of it is the value of rank i.
	x := xs[i]
	for _, y := range xs[i+1:] {
		x = min(x, y)
	}
	t := float64(i+1) - fidx
	return float64(t*prev) + float64((1-t)*x)
}

// selectRank reorders xs so that xs[k] holds the value of rank k (from 0) of the sorted values,
// everything before it no greater and everything after it no smaller, and returns it.
func selectRank(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for budget := 64; hi > lo; budget-- {
		if budget == 0 { // pathological pivots: sort what is left
			slices.Sort(xs[lo : hi+1])
			break
		}
		// Median of three as the pivot, then Hoare's partition.
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default: // between j and i every value equals the pivot
			return xs[k]
		}
	}
	return xs[k]
}
