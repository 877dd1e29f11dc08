package sim

import (
	"strings"
	"testing"
)

// The verdict names the winner only when the confidence interval of B - A excludes zero, and
// always states B - A relative to A's mean with its interval.
func TestVerdict(t *testing.T) {
	sum := func(diff, lo, hi float64) Summary {
		s := Summary{Runs: 500, BWinShare: 0.6, Crossover: 80, Diff: map[string]DiffStat{}}
		s.Teams[0] = TeamSummary{Name: "Goal", Metrics: map[string]Stat{"net_revenue": {Mean: 1e7}}}
		s.Teams[1] = TeamSummary{Name: "Process"}
		s.Diff["net_revenue"] = DiffStat{Mean: diff, CILo: lo, CIHi: hi}
		return s
	}
	cases := []struct {
		s    Summary
		want string
	}{
		{sum(3e5, 1e5, 5e5), "Process earned 3.0% more than Goal (95% CI +1.0% to +5.0%), winning 60% of 500 paired runs; Process pulled ahead for good in week 80."},
		{sum(-3e5, -5e5, -1e5), "Process earned 3.0% less than Goal (95% CI -5.0% to -1.0%); Goal won 40% of 500 paired runs."},
		{sum(1e5, -1e5, 3e5), "No clear winner: Process earned 1.0% more than Goal (95% CI -1.0% to +3.0%), winning 60% of 500 paired runs."},
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
