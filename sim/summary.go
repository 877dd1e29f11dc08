package sim

import (
	"fmt"
	"math"

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
	// Crossover is the first week after which B's mean cumulative revenue stays above A's;
	// 0 when it never does.
	Crossover int    `json:"crossover_week"`
	Verdict   string `json:"verdict"`
}

// Summarize computes the summary of an aggregate.
func (a *Aggregate) Summarize() Summary {
	s := Summary{Runs: a.Runs, Weeks: a.Weeks, Diff: make(map[string]DiffStat, len(Metrics))}
	for i := range a.Teams {
		s.Teams[i] = a.Teams[i].summarize()
	}
	for m, metric := range Metrics {
		d := &a.Diff[m]
		mean, hw := d.Mean(), d.HalfWidth()
		s.Diff[metric.Key] = DiffStat{Mean: mean, SD: d.SD(), CILo: mean - hw, CIHi: mean + hw}
	}
	if a.Runs > 0 {
		s.BWinShare = float64(a.BWins) / float64(a.Runs)
		s.TieShare = float64(a.Ties) / float64(a.Runs)
	}
	s.Crossover = crossover(s.Teams[0].Weekly, s.Teams[1].Weekly)
	s.Verdict = s.verdict()
	return s
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

// crossover returns the first week after which b's mean stays above a's, or 0.
func crossover(a, b []WeekStat) int {
	n := len(a)
	if n == 0 || b[n-1].Mean <= a[n-1].Mean {
		return 0
	}
	w := n
	for w > 0 && b[w-1].Mean > a[w-1].Mean {
		w--
	}
	return w + 1
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
			return fmt.Sprintf("Neither team booked any revenue in %d weeks over %s paired run%s.", s.Weeks, thousands(s.Runs), plural(s.Runs))
		}
		return fmt.Sprintf("%s booked no revenue; %s earned %s on average over %s paired run%s.", a.Name, b.Name, money(d.Mean), thousands(s.Runs), plural(s.Runs))
	}
	pct := func(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x/base) }
	ci := fmt.Sprintf("95%% CI %s to %s", pct(d.CILo), pct(d.CIHi))
	runs := fmt.Sprintf("%s paired run%s", thousands(s.Runs), plural(s.Runs))
	cross := ""
	if s.Crossover > 0 && d.Mean > 0 {
		cross = fmt.Sprintf("; %s pulled ahead for good in week %d", b.Name, s.Crossover)
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

func pctAbs(x, base float64) string  { return fmt.Sprintf("%.1f%%", math.Abs(100*x/base)) }
func pctWord(x, base float64) string { return pctAbs(x, base) }

func moreLess(x float64) string {
	if x < 0 {
		return "less"
	}
	return "more"
}

// thousands writes n with comma separators: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// money writes an amount compactly: -$1.23M, $480k, $950.
func money(x float64) string {
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%s$%.2fM", sign, x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%s$%.0fk", sign, x/1e3)
	}
	return fmt.Sprintf("%s$%.0f", sign, x)
}
