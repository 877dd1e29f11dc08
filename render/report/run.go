package report

import (
	"fmt"
	"io"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// runRow is one line of the run table.
type runRow struct {
	label string
	unit  sim.Unit
	value func(*sim.TeamResult) float64
}

var runRows = []runRow{
	{"Net revenue", sim.Money, func(t *sim.TeamResult) float64 { return t.NetRevenue }},
	{"  from new logos", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.New] }},
	{"  from repeat business", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.Repeat] }},
	{"  from referrals", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.FromReferral] }},
	{"Discount leakage", sim.Rate, (*sim.TeamResult).DiscountLeakage},
	{"Win rate (all deals)", sim.Rate, (*sim.TeamResult).WinRate},
	{"Win rate (new logos)", sim.Rate, (*sim.TeamResult).NewLogoWinRate},
	{"No-decision rate (new logos)", sim.Rate, (*sim.TeamResult).NoDecisionRate},
	{"Won-deal cycle", sim.Days, (*sim.TeamResult).CycleDays},
	{"Wins", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.Wins) }},
	{"Active customers", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.Customers) }},
	{"Preferred accounts", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.PreferredN) }},
	{"Referral wins", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.ReferralWins) }},
	{"Annual rep turnover", sim.Rate, (*sim.TeamResult).Turnover},
	{"Rep-quarters at quota", sim.Rate, (*sim.TeamResult).QuotaAttainment},
}

// RunText writes one paired run: the teams side by side, then revenue per quarter.
func RunText(w io.Writer, label string, seed uint64, s *sim.Scenario, r *sim.Result) error {
	a, b := &r.Teams[0], &r.Teams[1]
	fmt.Fprintf(w, "%s: one paired run, %s weeks, %s reps a team, seed %d\n\n",
		label, format.Thousands(float64(s.Weeks), 0), format.Thousands(float64(s.Reps), 0), seed)
	var t Text
	t.Row("", "A: "+a.Name, "B: "+b.Name, "B - A")
	t.Row("Adherence (0 goal, 1 process)", num(a.Adherence), num(b.Adherence), "")
	for _, row := range runRows {
		va, vb := row.value(a), row.value(b)
		t.Row(row.label, FormatMetric(row.unit, va), FormatMetric(row.unit, vb), FormatDiff(row.unit, vb-va))
	}
	t.Row("")
	t.Row("Net revenue by quarter", "A", "B", "B - A")
	qa, qb := quarterly(a.Weekly), quarterly(b.Weekly)
	for q := range qa {
		t.Row(quarterLabel(q, s.Weeks), format.Money(qa[q]), format.Money(qb[q]), format.SignedMoney(qb[q]-qa[q]))
	}
	return t.Write(w)
}

// quarterly sums weekly revenue into quarters of 13 weeks; the last may be partial.
func quarterly(weekly []float64) []float64 {
	var q []float64
	for i, x := range weekly {
		if i%sim.WeeksPerQuarter == 0 {
			q = append(q, 0)
		}
		q[len(q)-1] += x
	}
	return q
}

// quarterLabel names quarter q (0-based), marking a partial last quarter with its weeks.
func quarterLabel(q, weeks int) string {
	first, last := q*sim.WeeksPerQuarter+1, min((q+1)*sim.WeeksPerQuarter, weeks)
	label := fmt.Sprintf("Q%d (year %d)", q%4+1, q/4+1)
	if last-first+1 < sim.WeeksPerQuarter {
		label += fmt.Sprintf(", weeks %d-%d", first, last)
	}
	return label
}
