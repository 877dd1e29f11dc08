package sim

// docs/model.md, "Monte Carlo and determinism": the exact aggregate of a batch.

import "github.com/pipesim/pipesim/sim/stats"

// Quantile summaries are exact up to these many runs; beyond, their relative error is
// documented in stats.Quantiles. Weekly bands keep fewer values because there is one per week
// and team.
const (
	ExactQuantiles       = 100_000
	ExactWeeklyQuantiles = 4_096
)

// Aggregate accumulates paired runs into mergeable statistics: its memory does not grow with
// the number of runs beyond the quantile summaries' bounds. Aggregates of the parts of a range
// of runs, merged in order, give the bits of the aggregate of the whole range however it was
// split.
type Aggregate struct {
	Runs  int              `json:"runs"`
	Weeks int              `json:"weeks"`
	Teams [2]TeamAggregate `json:"teams"`
	Diff  []stats.Moments  `json:"diff"`     // per metric, team B minus team A
	DiffQ stats.Quantiles  `json:"diff_net"` // net revenue B - A, for its histogram
	BWins int              `json:"b_wins"`   // runs where B's net revenue beat A's
	Ties  int              `json:"ties"`
	// WeeklyDiff is cumulative net revenue B - A at the end of each week, run by run: the
	// paired moments that give the crossover week its uncertainty.
	WeeklyDiff []stats.Moments `json:"weekly_diff"`
}

// TeamAggregate is one team's side of an Aggregate.
type TeamAggregate struct {
	Name      string                     `json:"name"`
	Adherence float64                    `json:"adherence"`
	Metrics   []MetricAggregate          `json:"metrics"` // in the order of Metrics
	Weekly    []WeekAggregate            `json:"weekly"`  // cumulative net revenue by week
	Funnel    [NumStages]FunnelAggregate `json:"funnel"`
}

// MetricAggregate summarises one metric across runs.
type MetricAggregate struct {
	Moments   stats.Moments   `json:"moments"`
	Quantiles stats.Quantiles `json:"quantiles"`
}

// WeekAggregate summarises cumulative net revenue at the end of one week.
type WeekAggregate struct {
	Moments   stats.Moments   `json:"moments"`
	Quantiles stats.Quantiles `json:"quantiles"`
}

// FunnelAggregate sums one stage's funnel over runs.
type FunnelAggregate struct {
	Entered      int64     `json:"entered"`
	Advanced     int64     `json:"advanced"`
	Lost         int64     `json:"lost"`
	NoDecision   int64     `json:"no_decision"`
	WeeksInStage stats.Sum `json:"weeks_in_stage"`
}

// NewAggregate returns an empty aggregate for runs of s.
func NewAggregate(s *Scenario) *Aggregate {
	a := &Aggregate{Weeks: s.Weeks, Diff: make([]stats.Moments, len(Metrics)), DiffQ: stats.NewQuantiles(ExactQuantiles),
		WeeklyDiff: make([]stats.Moments, s.Weeks)}
	for i := range a.Teams {
		t := &a.Teams[i]
		t.Name, t.Adherence = s.Teams[i].Name, s.Teams[i].Adherence
		t.Metrics = make([]MetricAggregate, len(Metrics))
		for m := range t.Metrics {
			t.Metrics[m].Quantiles = stats.NewQuantiles(ExactQuantiles)
		}
		t.Weekly = make([]WeekAggregate, s.Weeks)
		for w := range t.Weekly {
			t.Weekly[w].Quantiles = stats.NewQuantiles(ExactWeeklyQuantiles)
		}
	}
	return a
}

// reserve makes room for runs more runs in the exact quantile summaries.
func (a *Aggregate) reserve(runs int) {
	a.DiffQ.Reserve(runs)
	for i := range a.Teams {
		t := &a.Teams[i]
		for m := range t.Metrics {
			t.Metrics[m].Quantiles.Reserve(runs)
		}
		for w := range t.Weekly {
			t.Weekly[w].Quantiles.Reserve(runs)
		}
	}
}

// Add adds one paired run.
func (a *Aggregate) Add(r *Result) {
	a.Runs++
	var v [2][]float64
	for i := range a.Teams {
		t, tr := &a.Teams[i], &r.Teams[i]
		v[i] = make([]float64, len(Metrics))
		for m, metric := range Metrics {
			x := metric.Value(tr)
			v[i][m] = x
			t.Metrics[m].Moments.Add(x)
			t.Metrics[m].Quantiles.Add(x)
		}
		cum := 0.0
		for w, x := range tr.Weekly {
			cum += x
			t.Weekly[w].Moments.Add(cum)
			t.Weekly[w].Quantiles.Add(cum)
		}
		for st := range NumStages {
			f, rf := &t.Funnel[st], &tr.Funnel[st]
			f.Entered += int64(rf.Entered)
			f.Advanced += int64(rf.Advanced)
			f.Lost += int64(rf.Lost)
			f.NoDecision += int64(rf.NoDecision)
			f.WeeksInStage.Add(rf.WeeksInStage)
		}
	}
	for m := range Metrics {
		a.Diff[m].Add(v[1][m] - v[0][m])
	}
	a.addWeeklyDiff(r.Teams[0].Weekly, r.Teams[1].Weekly)
	d := v[1][NetRevenue] - v[0][NetRevenue]
	a.DiffQ.Add(d)
	switch {
	case d > 0:
		a.BWins++
	case d == 0:
		a.Ties++
	}
}

// addWeeklyDiff adds one run's cumulative net revenue B - A, week by week, from each team's
// weekly net revenue.
func (a *Aggregate) addWeeklyDiff(wa, wb []float64) {
	cumA, cumB := 0.0, 0.0
	for w := range a.WeeklyDiff {
		cumA += wa[w]
		cumB += wb[w]
		a.WeeklyDiff[w].Add(cumB - cumA)
	}
}

// Merge adds the runs of o, which must come from the same scenario.
func (a *Aggregate) Merge(o *Aggregate) {
	a.Runs += o.Runs
	a.BWins += o.BWins
	a.Ties += o.Ties
	for m := range a.Diff {
		a.Diff[m].Merge(&o.Diff[m])
	}
	a.DiffQ.Merge(&o.DiffQ)
	for w := range a.WeeklyDiff {
		a.WeeklyDiff[w].Merge(&o.WeeklyDiff[w])
	}
	for i := range a.Teams {
		t, ot := &a.Teams[i], &o.Teams[i]
		for m := range t.Metrics {
			t.Metrics[m].Moments.Merge(&ot.Metrics[m].Moments)
			t.Metrics[m].Quantiles.Merge(&ot.Metrics[m].Quantiles)
		}
		for w := range t.Weekly {
			t.Weekly[w].Moments.Merge(&ot.Weekly[w].Moments)
			t.Weekly[w].Quantiles.Merge(&ot.Weekly[w].Quantiles)
		}
		for st := range NumStages {
			f, of := &t.Funnel[st], &ot.Funnel[st]
			f.Entered += of.Entered
			f.Advanced += of.Advanced
			f.Lost += of.Lost
			f.NoDecision += of.NoDecision
			f.WeeksInStage.Merge(&of.WeeksInStage)
		}
	}
}
