package stats

import (
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// Moments accumulates the count, sum and sum of squares of a sample, exactly, so that its mean,
// standard deviation and confidence interval are the same however the sample was split.
type Moments struct {
	N     int64 `json:"n"`
	Sum   Sum   `json:"sum"`
	SumSq Sum   `json:"sum_sq"`
}

// Add adds one observation.
func (m *Moments) Add(x float64) {
	m.N++
	m.Sum.Add(x)
	m.SumSq.Add(x * x)
}

// Merge adds another sample's moments.
func (m *Moments) Merge(o *Moments) {
	m.N += o.N
	m.Sum.Merge(&o.Sum)
	m.SumSq.Merge(&o.SumSq)
}

// Mean is the sample mean (0 for an empty sample).
func (m *Moments) Mean() float64 {
	if m.N == 0 {
		return 0
	}
	return m.Sum.Value() / float64(m.N)
}

// Variance is the unbiased sample variance (0 below two observations).
func (m *Moments) Variance() float64 {
	if m.N < 2 {
		return 0
	}
	s, q, n := m.Sum.Value(), m.SumSq.Value(), float64(m.N)
	return max(0, (q-s*s/n)/(n-1))
}

// SD is the sample standard deviation.
func (m *Moments) SD() float64 { return math.Sqrt(m.Variance()) }

// HalfWidth is the half-width of the 95% confidence interval of the mean, from Student's t
// with N-1 degrees of freedom (0 below two observations).
func (m *Moments) HalfWidth() float64 {
	if m.N < 2 {
		return 0
	}
	return TCritical95(m.N-1) * m.SD() / math.Sqrt(float64(m.N))
}

// TCritical95 is the two-sided 95% critical value of Student's t with df degrees of freedom.
// The last one asked for is kept: a summary asks for the same one for every metric and week.
func TCritical95(df int64) float64 {
	if c := lastT.Load(); c != nil && c.df == df {
		return c.t
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	lastT.Store(&tCritical{df, t})
	return t
}

type tCritical struct {
	df int64
	t  float64
}

var lastT atomic.Pointer[tCritical]
