package sim

// docs/model.md, "Outputs": a batch's summary and verdict.

import (
	"fmt"
	"math"

	"github.com/pipesim/pipesim/sim/format"
	"github.com/pipesim/pipesim/sim/stats"
)

// Stat describes one metric across runs.
type Stat struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	CILo float64 `json:"ci_lo"` // 95% confidence interval of the mean
	CIHi float64 `json:"ci_hi"`
	P10  float64 `json:"p10"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
}

// DiffStat is the paired difference B - A of one metric.
type DiffStat struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	CILo float64 `json:"ci_lo"`
	CIHi float64 `json:"ci_hi"`
	// Relative is B - A as a share of A's mean, with a 95% CI that counts A's uncertainty too
	// (the delta method on the paired moments); absent when A's mean is 0.
	Relative *Interval `json:"relative,omitempty"`
	// Correlation is the correlation of A's and B's values within a run, and VarianceReduction
	// is 1 - var(B - A) / (var A + var B): the share of the variance of B - A that pairing the
	// teams on one market saves against two independent batches. Both are absent when either
	// team's values do not vary.
	Correlation       *float64 `json:"correlation,omitempty"`
	VarianceReduction *float64 `json:"variance_reduction,omitempty"`
}

// Interval is an estimate with its 95% confidence interval.
type Interval struct {
	Mean float64 `json:"mean"`
	CILo float64 `json:"ci_lo"`
	CIHi float64 `json:"ci_hi"`
}

// WeekStat is cumulative net revenue at the end of a week across runs.
type WeekStat struct {
	Week int     `json:"week"`
	Mean float64 `json:"mean"`
	P10  float64 `json:"p10"`
	P90  float64 `json:"p90"`
}

// FunnelStat is one stage's funnel summed over runs.
type FunnelStat struct {
	Stage        string  `json:"stage"`
	Entered      int64   `json:"entered"`
	Advanced     int64   `json:"advanced"`
	Lost         int64   `json:"lost"`
	NoDecision   int64   `json:"no_decision"`
	WeeksInStage float64 `json:"weeks_in_stage"`
}

// TeamSummary is one team's results across runs.
type TeamSummary struct {
	Name      string          `json:"name"`
	Adherence float64         `json:"adherence"`
	Metrics   map[string]Stat `json:"metrics"`
	Funnel    []FunnelStat    `json:"funnel"`
	Weekly    []WeekStat      `json:"weekly"`
}

// Summary is what a batch found: per team statistics, the paired differences, how often B won,
// the crossover week and a sentence that says it plainly.
type Summary struct {
	Runs      int                 `json:"runs"`
	Weeks     int                 `json:"weeks"`
	Teams     [2]TeamSummary      `json:"teams"`
	Diff      map[string]DiffStat `json:"diff"` // B - A
	BWinShare float64             `json:"b_win_share"`
	TieShare  float64             `json:"tie_share"`
	// WeeklyDiff is cumulative net revenue B - A at the end of each week, paired run by run.
	WeeklyDiff []Interval `json:"weekly_diff"`
	// Crossover is the first week from which B's mean cumulative net revenue stays above A's to
	// the end; null when it is not above at the end.
	Crossover *int `json:"crossover_week"`
	// CrossoverRange is the crossover week's uncertainty, from WeeklyDiff's intervals.
	CrossoverRange CrossoverRange `json:"crossover_range"`
	Verdict        string         `json:"verdict"`
}

// CrossoverRange brackets the crossover week with the weekly 95% confidence intervals of
// cumulative B - A. Earliest is the first week from which no week's interval lies wholly below
// zero (before it, B is shown to be behind); Latest the first week from which every week's
// interval lies wholly above zero (from it on, B is shown to be ahead). Each is null when the
// last week's interval does not qualify. The intervals are pointwise, not simultaneous, so the
// range is a guide to the uncertainty, not a confidence interval of its own.
type CrossoverRange struct {
	Earliest *int `json:"earliest"`
	Latest   *int `json:"latest"`
}

// Summarize computes the summary of an aggregate.
func (a *Aggregate) Summarize() Summary {
	s := Summary{Runs: a.Runs, Weeks: a.Weeks, Diff: make(map[string]DiffStat, len(Metrics))}
	for i := range a.Teams {
		s.Teams[i] = a.Teams[i].summarize()
	}
	for m, metric := range Metrics {
		s.Diff[metric.Key] = a.diffStat(m)
	}
	if a.Runs > 0 {
		s.BWinShare = float64(a.BWins) / float64(a.Runs)
		s.TieShare = float64(a.Ties) / float64(a.Runs)
	}
	s.WeeklyDiff = make([]Interval, len(a.WeeklyDiff))
	for w := range a.WeeklyDiff {
		s.WeeklyDiff[w] = interval(&a.WeeklyDiff[w])
	}
	s.Crossover = staysFrom(s.WeeklyDiff, func(d Interval) bool { return d.Mean > 0 })
	s.CrossoverRange = CrossoverRange{
		Earliest: staysFrom(s.WeeklyDiff, func(d Interval) bool { return d.CIHi > 0 }),
		Latest:   staysFrom(s.WeeklyDiff, func(d Interval) bool { return d.CILo > 0 }),
	}
	s.Verdict = s.verdict()
	return s
}

// diffStat summarises the paired difference of metric m, with its pairing and its share of A.
func (a *Aggregate) diffStat(m int) DiffStat {
	d := &a.Diff[m]
	ds := DiffStat{Mean: d.Mean(), SD: d.SD()}
	iv := interval(d)
	ds.CILo, ds.CIHi = iv.CILo, iv.CIHi
	p := a.pairing(m)
	if p.varA > 0 && p.varB > 0 {
		corr := p.cov() / math.Sqrt(p.varA*p.varB)
		reduction := 1 - p.varD/(p.varA+p.varB)
		ds.Correlation, ds.VarianceReduction = &corr, &reduction
	}
	if rel, ok := p.relative(stats.TCritical95(max(1, d.N-1))); ok {
		ds.Relative = &rel
	}
	return ds
}

// pairing holds the moments of one metric that its paired statistics need: both teams' means
// and variances, and those of B - A, over n runs.
type pairing struct {
	n                float64
	meanA, meanD     float64
	varA, varB, varD float64
}

func (a *Aggregate) pairing(m int) pairing {
	ma, mb, md := &a.Teams[0].Metrics[m].Moments, &a.Teams[1].Metrics[m].Moments, &a.Diff[m]
	return pairing{n: float64(md.N), meanA: ma.Mean(), meanD: md.Mean(),
		varA: ma.Variance(), varB: mb.Variance(), varD: md.Variance()}
}

// cov is the covariance of A and B within a run: var(B - A) = var A + var B - 2 cov(A, B).
func (p pairing) cov() float64 { return (p.varA + p.varB - p.varD) / 2 }

// relative is mean(B - A) / mean(A) with its confidence interval for critical value t, by the
// delta method: the ratio of two means varies, to first order, as
// var(D)/Ā² - 2 D̄ cov(D, A)/Ā³ + D̄² var(A)/Ā⁴, over n, where D = B - A and
// cov(D, A) = cov(A, B) - var A. It is not ok when A's mean is 0.
func (p pairing) relative(t float64) (Interval, bool) {
	if p.meanA == 0 || p.n == 0 {
		return Interval{}, false
	}
	r := p.meanD / p.meanA
	covDA := float64(p.cov()) - p.varA
	v := (p.varD - float64(2*r*covDA) + float64(r*r*p.varA)) / (p.meanA * p.meanA * p.n)
	hw := float64(t * math.Sqrt(max(0, v)))
	return Interval{Mean: r, CILo: r - hw, CIHi: r + hw}, true
}

// interval is a sample's mean with its 95% confidence interval (Student's t).
func interval(m *stats.Moments) Interval {
	mean, hw := m.Mean(), m.HalfWidth()
	return Interval{Mean: mean, CILo: mean - hw, CIHi: mean + hw}
}

func (t *TeamAggregate) summarize() TeamSummary {
	ts := TeamSummary{Name: t.Name, Adherence: t.Adherence, Metrics: make(map[string]Stat, len(Metrics))}
	for m, metric := range Metrics {
		ts.Metrics[metric.Key] = describe(&t.Metrics[m].Moments, &t.Metrics[m].Quantiles)
	}
	for st, f := range t.Funnel {
		ts.Funnel = append(ts.Funnel, FunnelStat{Stage: Stage(st).String(), Entered: f.Entered, Advanced: f.Advanced,
			Lost: f.Lost, NoDecision: f.NoDecision, WeeksInStage: f.WeeksInStage.Value()})
	}
	ts.Weekly = make([]WeekStat, len(t.Weekly))
	for w := range t.Weekly {
		q := t.Weekly[w].Quantiles.Quantiles(0.1, 0.9)
		ts.Weekly[w] = WeekStat{Week: w + 1, Mean: t.Weekly[w].Moments.Mean(), P10: q[0], P90: q[1]}
	}
	return ts
}

func describe(m *stats.Moments, q *stats.Quantiles) Stat {
	mean, hw := m.Mean(), m.HalfWidth()
	p := q.Quantiles(0.1, 0.5, 0.9)
	return Stat{Mean: mean, SD: m.SD(), CILo: mean - hw, CIHi: mean + hw, P10: p[0], P50: p[1], P90: p[2]}
}

// staysFrom returns the first week (counted from 1) from which ok holds in every week to the
// end, or nil when it does not hold in the last week.
func staysFrom(weeks []Interval, ok func(Interval) bool) *int {
	w := len(weeks)
	for w > 0 && ok(weeks[w-1]) {
		w--
	}
	if w == len(weeks) {
		return nil
	}
	week := w + 1
	return &week
}

// verdict states the result and its uncertainty in one sentence, relative to team A's mean.
func (s *Summary) verdict() string {
	if s.Runs == 0 {
		return "No runs."
	}
	a, b := s.Teams[0], s.Teams[1]
	d := s.Diff[Metrics[NetRevenue].Key]
	base := a.Metrics[Metrics[NetRevenue].Key].Mean
	if base == 0 {
		if d.Mean == 0 {
			return fmt.Sprintf("Neither team booked any revenue in %d weeks over %s paired run%s.", s.Weeks, format.Count(s.Runs), plural(s.Runs))
		}
		return fmt.Sprintf("%s booked no revenue; %s earned %s on average over %s paired run%s.", a.Name, b.Name, format.Short(d.Mean), format.Count(s.Runs), plural(s.Runs))
	}
	pct := func(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }
	ci := fmt.Sprintf("95%% CI %s to %s", pct(d.Relative.CILo), pct(d.Relative.CIHi))
	runs := fmt.Sprintf("%s paired run%s", format.Count(s.Runs), plural(s.Runs))
	cross := ""
	if s.Crossover != nil && d.Mean > 0 {
		cross = fmt.Sprintf("; %s pulled ahead for good in week %d (%s)", b.Name, *s.Crossover, s.CrossoverRange.words())
	}
	switch {
	case s.Runs < 2:
		return fmt.Sprintf("%s earned %s %s than %s in a single run; run more to judge.", b.Name, pctWord(d.Mean, base), moreLess(d.Mean), a.Name)
	case d.CILo > 0:
		return fmt.Sprintf("%s earned %s more than %s (%s), winning %.0f%% of %s%s.", b.Name, pctAbs(d.Mean, base), a.Name, ci, 100*s.BWinShare, runs, cross)
	case d.CIHi < 0:
		return fmt.Sprintf("%s earned %s less than %s (%s); %s won %.0f%% of %s.", b.Name, pctAbs(d.Mean, base), a.Name, ci, a.Name, 100*(1-s.BWinShare-s.TieShare), runs)
	default:
		return fmt.Sprintf("No clear winner: %s earned %s %s than %s (%s), winning %.0f%% of %s.", b.Name, pctAbs(d.Mean, base), moreLess(d.Mean), a.Name, ci, 100*s.BWinShare, runs)
	}
}

// words says in a phrase where the range puts a crossover that happened: "weeks 28 to 35
// within the 95% CIs".
func (r CrossoverRange) words() string {
	switch {
	case r.Earliest == nil:
		return "with no range: B is behind at the end within the 95% CIs"
	case r.Latest == nil:
		return fmt.Sprintf("week %d at the earliest within the 95%% CIs, which do not show B ahead for good by the end", *r.Earliest)
	case *r.Earliest == *r.Latest:
		return fmt.Sprintf("week %d within the 95%% CIs", *r.Earliest)
	}
	return fmt.Sprintf("weeks %d to %d within the 95%% CIs", *r.Earliest, *r.Latest)
}

func pctAbs(x, base float64) string  { return fmt.Sprintf("%.1f%%", math.Abs(100*x/base)) }
func pctWord(x, base float64) string { return pctAbs(x, base) }

func moreLess(x float64) string {
	if x < 0 {
		return "less"
	}
	return "more"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
