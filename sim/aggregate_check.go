package sim

// docs/model.md, "Monte Carlo and determinism": checks that a decoded aggregate is whole.

import (
	"fmt"
	"math"

	"github.com/pipesim/pipesim/sim/stats"
)

// Check tells whether an aggregate read from a file (a partial of 'batch --shard') has the
// shape of runs paired runs of s: every list as long as the scenario's weeks and the metrics,
// every count consistent with the runs, every quantile summary whole. Merging and summarising
// a checked aggregate cannot panic. Errors are of KindInput and name the part that is wrong.
func (a *Aggregate) Check(s *Scenario, runs int) error {
	switch {
	case a.Runs != runs:
		return aggErrorf("runs", "holds %d runs, want %d", a.Runs, runs)
	case a.Weeks != s.Weeks:
		return aggErrorf("weeks", "has %d weeks, the scenario %d", a.Weeks, s.Weeks)
	case a.BWins < 0 || a.Ties < 0 || a.BWins+a.Ties > runs:
		return aggErrorf("b_wins", "%d wins and %d ties of B are out of range; allowed 0 to %d runs together", a.BWins, a.Ties, runs)
	case len(a.Diff) != len(Metrics):
		return aggErrorf("diff", "has %d metrics, want %d", len(a.Diff), len(Metrics))
	case len(a.WeeklyDiff) != s.Weeks:
		return aggErrorf("weekly_diff", "has %d weeks, the scenario %d", len(a.WeeklyDiff), s.Weeks)
	}
	for w := range a.WeeklyDiff {
		if err := checkMoments(&a.WeeklyDiff[w], runs); err != nil {
			return aggErrorf(fmt.Sprintf("weekly_diff[%d]", w), "%v", err)
		}
	}
	for m := range a.Diff {
		if err := checkMoments(&a.Diff[m], runs); err != nil {
			return aggErrorf(fmt.Sprintf("diff[%d]", m), "%v", err)
		}
	}
	if err := checkQuantiles(&a.DiffQ, runs, ExactQuantiles); err != nil {
		return aggErrorf("diff_net", "%v", err)
	}
	for i := range a.Teams {
		if err := a.Teams[i].check(s, i, runs); err != nil {
			return err
		}
	}
	return nil
}

func (t *TeamAggregate) check(s *Scenario, i, runs int) error {
	where := func(part string) string { return fmt.Sprintf("teams[%d].%s", i, part) }
	switch {
	case t.Name != s.Teams[i].Name || t.Adherence != s.Teams[i].Adherence:
		return aggErrorf(where("name"), "team %q (adherence %v) is not the scenario's %q (adherence %v)", Excerpt(t.Name), t.Adherence, s.Teams[i].Name, s.Teams[i].Adherence)
	case len(t.Metrics) != len(Metrics):
		return aggErrorf(where("metrics"), "has %d metrics, want %d", len(t.Metrics), len(Metrics))
	case len(t.Weekly) != s.Weeks:
		return aggErrorf(where("weekly"), "has %d weeks, want %d", len(t.Weekly), s.Weeks)
	}
	for m := range t.Metrics {
		if err := checkSummary(&t.Metrics[m].Moments, &t.Metrics[m].Quantiles, runs, ExactQuantiles); err != nil {
			return aggErrorf(where(fmt.Sprintf("metrics[%d]", m)), "%v", err)
		}
	}
	for w := range t.Weekly {
		if err := checkSummary(&t.Weekly[w].Moments, &t.Weekly[w].Quantiles, runs, ExactWeeklyQuantiles); err != nil {
			return aggErrorf(where(fmt.Sprintf("weekly[%d]", w)), "%v", err)
		}
	}
	for st := range t.Funnel {
		f := &t.Funnel[st]
		if f.Entered < 0 || f.Advanced < 0 || f.Lost < 0 || f.NoDecision < 0 || f.Advanced+f.Lost+f.NoDecision > f.Entered {
			return aggErrorf(where(fmt.Sprintf("funnel[%d]", st)), "counts out of range: %d entered, %d advanced, %d lost, %d no decision", f.Entered, f.Advanced, f.Lost, f.NoDecision)
		}
		if err := checkSum(&f.WeeksInStage); err != nil {
			return aggErrorf(where(fmt.Sprintf("funnel[%d].weeks_in_stage", st)), "%v", err)
		}
	}
	return nil
}

func aggErrorf(field, format string, args ...any) error {
	return Errorf(KindInput, "aggregate."+field, format, args...)
}

func checkSummary(m *stats.Moments, q *stats.Quantiles, runs, exact int) error {
	if err := checkMoments(m, runs); err != nil {
		return err
	}
	return checkQuantiles(q, runs, exact)
}

func checkMoments(m *stats.Moments, runs int) error {
	if m.N != int64(runs) {
		return fmt.Errorf("moments of %d runs, want %d", m.N, runs)
	}
	if err := checkSum(&m.Sum); err != nil {
		return err
	}
	if err := checkSum(&m.SumSq); err != nil {
		return err
	}
	// Partials each finite can still add up past float64, or square past it in the variance.
	for _, x := range []float64{m.Sum.Value(), m.SumSq.Value(), m.Mean(), m.SD(), m.HalfWidth()} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("moments whose mean or deviation is %v", x)
		}
	}
	return nil
}

// maxPartials bounds an exact sum's partials: non-overlapping float64s cover the exponent
// range (about 2,100 bits) in at most 40 of 53 bits each.
const maxPartials = 64

func checkSum(s *stats.Sum) error {
	if len(s.Partials) > maxPartials {
		return fmt.Errorf("a sum of %d partials; an exact sum has at most %d", len(s.Partials), maxPartials)
	}
	for _, p := range s.Partials {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return fmt.Errorf("a sum holds %v", p)
		}
	}
	if v := s.Value(); math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("a sum of %v", v)
	}
	return nil
}

// checkQuantiles insists on a summary as Add and Merge leave it, of its own exact size and
// of the runs.
func checkQuantiles(q *stats.Quantiles, runs, exact int) error {
	switch {
	case q.Exact != exact:
		return fmt.Errorf("a quantile summary exact to %d runs, want %d", q.Exact, exact)
	case q.N != int64(runs):
		return fmt.Errorf("a quantile summary of %d runs, want %d", q.N, runs)
	}
	return q.Check()
}
