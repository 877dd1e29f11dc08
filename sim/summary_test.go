package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/pipesim/pipesim/sim/stats"
)

// The verdict names the winner only when the confidence interval of B - A excludes zero, and
// always states B - A relative to A's mean with its interval.
func TestVerdict(t *testing.T) {
	sum := func(diff, lo, hi float64) Summary {
		week, early, late := 80, 74, 86
		s := Summary{Runs: 500, BWinShare: 0.6, Crossover: &week, CrossoverRange: CrossoverRange{&early, &late}, Diff: map[string]DiffStat{}}
		s.Teams[0] = TeamSummary{Name: "Goal", Metrics: map[string]Stat{"net_revenue": {Mean: 1e7}}}
		s.Teams[1] = TeamSummary{Name: "Process"}
		// The share's interval is a little wider than B - A's over A's mean, as it counts A's
		// uncertainty too.
		s.Diff["net_revenue"] = DiffStat{Mean: diff, CILo: lo, CIHi: hi, Relative: &Interval{diff / 1e7, lo/1e7 - 0.001, hi/1e7 + 0.001}}
		return s
	}
	cases := []struct {
		s    Summary
		want string
	}{
		{sum(3e5, 1e5, 5e5), "Process earned 3.0% more than Goal (95% CI +0.9% to +5.1%), winning 60% of 500 paired runs; Process pulled ahead for good in week 80 (weeks 74 to 86 within the 95% CIs)."},
		{sum(-3e5, -5e5, -1e5), "Process earned 3.0% less than Goal (95% CI -5.1% to -0.9%); Goal won 40% of 500 paired runs."},
		{sum(1e5, -1e5, 3e5), "No clear winner: Process earned 1.0% more than Goal (95% CI -1.1% to +3.1%), winning 60% of 500 paired runs."},
	}
	for _, c := range cases {
		if got := c.s.verdict(); got != c.want {
			t.Errorf("verdict:\n got %s\nwant %s", got, c.want)
		}
	}
	zero := sum(0, 0, 0)
	zero.Teams[0].Metrics["net_revenue"] = Stat{}
	zero.Weeks = 2
	if got, want := zero.verdict(), "Neither team booked any revenue in 2 weeks over 500 paired runs."; got != want {
		t.Errorf("no revenue: %s", got)
	}
	one := sum(1e5, 1e5, 1e5)
	one.Runs = 1
	if got := one.verdict(); !strings.Contains(got, "single run") {
		t.Errorf("one run: %s", got)
	}
}

// pairedSample draws n runs where B earns about 30% more than A and the two are weakly
// correlated (rho about 0.25, as the two teams' own random streams give), and returns their
// moments as the aggregate keeps them.
func pairedSample(n int, seed uint64) (a, b []float64, p pairing) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var ma, mb, md stats.Moments
	for range n {
		x := 8e6 + 1.2e6*rng.NormFloat64()
		y := 1.04e7 + 0.3*(x-8e6) + 1.4e6*rng.NormFloat64()
		a, b = append(a, x), append(b, y)
		ma.Add(x)
		mb.Add(y)
		md.Add(y - x)
	}
	return a, b, pairing{n: float64(n), meanA: ma.Mean(), meanD: md.Mean(), varA: ma.Variance(), varB: mb.Variance(), varD: md.Variance()}
}

// The relative interval of B - A by the delta method matches a bootstrap of the ratio of means,
// and is wider than B - A's interval divided by A's mean, which ignores A's uncertainty.
func TestRelativeMatchesBootstrap(t *testing.T) {
	const n = 400
	a, b, p := pairedSample(n, 3)
	rel, ok := p.relative(stats.TCritical95(n - 1))
	if !ok {
		t.Fatal("no relative interval")
	}
	rng := rand.New(rand.NewPCG(11, 13))
	ratios := make([]float64, 4000)
	for i := range ratios {
		var sa, sd float64
		for range n {
			j := rng.IntN(n)
			sa += a[j]
			sd += b[j] - a[j]
		}
		ratios[i] = sd / sa
	}
	slices.Sort(ratios)
	bootLo, bootHi := ratios[len(ratios)*25/1000], ratios[len(ratios)*975/1000]
	deltaHW, bootHW := (rel.CIHi-rel.CILo)/2, (bootHi-bootLo)/2
	if math.Abs(deltaHW/bootHW-1) > 0.08 {
		t.Errorf("delta method half-width %.5f, bootstrap %.5f: more than 8%% apart", deltaHW, bootHW)
	}
	naiveHW := stats.TCritical95(n-1) * math.Sqrt(p.varD/n) / p.meanA
	if deltaHW < 1.05*naiveHW {
		t.Errorf("delta method half-width %.5f is not wider than B - A's over A's mean, %.5f", deltaHW, naiveHW)
	}
}

// The correlation and covariance that follow from var A, var B and var(B - A) are the sample's.
func TestPairingCorrelation(t *testing.T) {
	a, b, p := pairedSample(300, 5)
	want := stat.Correlation(a, b, nil)
	if got := p.cov() / math.Sqrt(p.varA*p.varB); math.Abs(got-want) > 1e-9 {
		t.Errorf("correlation %v, want %v", got, want)
	}
}

// The crossover week and its range come from the weekly intervals of B - A: the mean, the
// upper and the lower bound staying above zero to the end; never is nil.
func TestCrossoverRange(t *testing.T) {
	weeks := []Interval{
		{-5, -6, -4}, {-2, -4, 1}, {1, -1, 3}, {-1, -2, 2}, {2, -1, 4}, {3, 1, 5}, {4, 2, 6},
	}
	cross := staysFrom(weeks, func(d Interval) bool { return d.Mean > 0 })
	early := staysFrom(weeks, func(d Interval) bool { return d.CIHi > 0 })
	late := staysFrom(weeks, func(d Interval) bool { return d.CILo > 0 })
	if cross == nil || *cross != 5 || early == nil || *early != 2 || late == nil || *late != 6 {
		t.Errorf("crossover %v, range %v to %v; want 5, 2 to 6", cross, early, late)
	}
	if never := staysFrom(weeks[:1], func(d Interval) bool { return d.Mean > 0 }); never != nil {
		t.Errorf("a team behind at the end has crossover week %d; want nil", *never)
	}
}
