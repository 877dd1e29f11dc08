package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// FormatMetric formats one value of a metric for a table.
func FormatMetric(unit sim.Unit, x float64) string { return metricText(unit, x, 0) }

// FormatDiff formats a difference B - A of a metric: money with a sign, rates in percentage points.
func FormatDiff(unit sim.Unit, x float64) string { return diffText(unit, x, 0) }

// metricText formats a value with extra decimals beyond the unit's usual ones (none for money,
// which is in whole dollars).
func metricText(unit sim.Unit, x float64, extra int) string {
	switch unit {
	case sim.Money:
		return format.Money(x)
	case sim.Rate:
		return format.Thousands(100*x, 1+extra) + "%"
	case sim.Days:
		return format.Thousands(x, 1+extra) + " d"
	}
	if x == math.Trunc(x) && extra == 0 {
		return format.Thousands(x, 0)
	}
	return format.Thousands(x, 1+extra)
}

// diffText formats a difference as metricText does, signed, rates in percentage points.
func diffText(unit sim.Unit, x float64, extra int) string {
	sign := ""
	if x >= 0 {
		sign = "+"
	}
	switch unit {
	case sim.Money:
		return format.SignedMoney(x)
	case sim.Rate:
		return sign + format.Thousands(100*x, 1+extra) + " pp"
	}
	return sign + metricText(unit, x, extra)
}

// intervalCells formats a mean and its confidence interval with one precision: the unit's
// usual one, or more decimals where the two ends of an interval with width would print alike.
func intervalCells(write func(sim.Unit, float64, int) string, unit sim.Unit, mean, lo, hi float64) (m, ci string) {
	return format.Interval(func(x float64, extra int) string { return write(unit, x, extra) }, mean, lo, hi)
}

// Text lays out rows of cells in columns: the first column (labels) aligned left, the others
// (numbers) aligned right, two spaces apart. A row of one cell is a heading or, empty, a gap.
type Text struct{ Rows [][]string }

// Row adds a row.
func (t *Text) Row(cells ...string) { t.Rows = append(t.Rows, cells) }

// WriteText writes the table, its heading row first, as the terminal shows it.
func (tab Table) WriteText(w io.Writer) error {
	t := Text{Rows: [][]string{tab.Head}}
	t.Rows = append(t.Rows, tab.Rows...)
	return t.Write(w)
}

// Write writes the rows in columns.
func (t *Text) Write(w io.Writer) error {
	var widths []int
	for _, r := range t.Rows {
		if len(r) < 2 {
			continue
		}
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b, line strings.Builder
	for _, r := range t.Rows {
		line.Reset()
		for i, c := range r {
			pad := ""
			if len(r) > 1 {
				pad = strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			}
			if i == 0 {
				line.WriteString(c)
				line.WriteString(pad)
			} else {
				line.WriteString("  ")
				line.WriteString(pad)
				line.WriteString(c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SummaryText writes the batch table: per team mean, 95% CI and P10/P50/P90; the paired
// difference with its CI; B's win share, the crossover week and the verdict.
func SummaryText(w io.Writer, label string, seed uint64, s *sim.Scenario, sum *sim.Summary) error {
	a, b := &sum.Teams[0], &sum.Teams[1]
	fmt.Fprintf(w, "%s: %s paired runs, %s weeks, %s reps a team, seed %d\n",
		label, format.Thousands(float64(sum.Runs), 0), format.Thousands(float64(s.Weeks), 0), format.Thousands(float64(s.Reps), 0), seed)
	fmt.Fprintf(w, "A: %s (adherence %s)   B: %s (adherence %s)\n\n", a.Name, num(a.Adherence), b.Name, num(b.Adherence))
	var t Text
	t.Row("", "", "mean", "95% CI", "P10", "P50", "P90", "r(A,B)", "pairing saves")
	for i, key := range SummaryMetrics {
		mi := sim.MetricIndex(key)
		if mi < 0 {
			continue
		}
		m := sim.Metrics[mi]
		if i > 0 {
			t.Row("")
		}
		for ti, ts := range []*sim.TeamSummary{a, b} {
			st := ts.Metrics[key]
			label := ""
			if ti == 0 {
				label = m.Label
			}
			mean, ci := intervalCells(metricText, m.Unit, st.Mean, st.CILo, st.CIHi)
			t.Row(label, "AB"[ti:ti+1], mean, ci,
				FormatMetric(m.Unit, st.P10), FormatMetric(m.Unit, st.P50), FormatMetric(m.Unit, st.P90))
		}
		d := sum.Diff[key]
		corr, saved := pairingCells(d)
		mean, ci := intervalCells(diffText, m.Unit, d.Mean, d.CILo, d.CIHi)
		t.Row("", "B - A", mean, ci, "", "", "", corr, saved)
	}
	if err := t.Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "B won %s of runs on net revenue", format.Percent(sum.BWinShare))
	if sum.TieShare > 0 {
		fmt.Fprintf(w, " (ties %s)", format.Percent(sum.TieShare))
	}
	fmt.Fprintln(w, ".")
	fmt.Fprintf(w, "Crossover: %s.\n", crossoverWords(sum))
	fmt.Fprintln(w, "Pairing: r(A,B) is the correlation of A and B within a run; pairing saves 1 - var(B - A) / (var A + var B) of the variance of independent runs.")
	_, err := fmt.Fprintf(w, "\n%s\n", sum.Verdict)
	return err
}

// pairingCells are a metric's correlation of A and B within a run and the share of variance
// pairing saves, or "n/a" where a team's values do not vary.
func pairingCells(d sim.DiffStat) (corr, saved string) {
	if d.Correlation == nil {
		return "n/a", "n/a"
	}
	corr = strconv.FormatFloat(*d.Correlation, 'f', 2, 64)
	if corr == "-0.00" {
		corr = "0.00"
	}
	return corr, format.Percent(*d.VarianceReduction)
}

// crossoverWords says when B's mean cumulative net revenue overtakes A's for good, with the range
// the weekly 95% CIs of B - A leave: the first week from which none lies wholly below zero,
// and the first from which all lie wholly above.
func crossoverWords(sum *sim.Summary) string {
	r := sum.CrossoverRange
	if sum.Crossover == nil {
		if r.Earliest == nil {
			return "none; B's mean cumulative net revenue is not ahead of A's at the end, nor within the 95% CI of B - A"
		}
		return fmt.Sprintf("none; B's mean cumulative net revenue is not ahead of A's at the end, though within the 95%% CIs of B - A it may be from week %d", *r.Earliest)
	}
	words := fmt.Sprintf("from week %d on, B's mean cumulative net revenue stays ahead of A's; ", *sum.Crossover)
	if r.Latest == nil {
		return words + fmt.Sprintf("within the 95%% CIs of B - A from week %d at the earliest, and not shown ahead for good by week %d", *r.Earliest, sum.Weeks)
	}
	return words + fmt.Sprintf("within the 95%% CIs of B - A from week %d to week %d", *r.Earliest, *r.Latest)
}

// ConvergenceText is the line a batch with a target precision adds to its table.
func ConvergenceText(w io.Writer, c *experiment.Convergence) error {
	if c == nil {
		return nil
	}
	state := "converged"
	if !c.Converged {
		state = "did not converge"
	}
	rel := format.Percent(c.Relative)
	if c.Relative < 0 {
		rel = "undefined (A's mean net revenue is 0)"
	}
	_, err := fmt.Fprintf(w, "Precision: %s after %s of at most %s runs; the 95%% CI half-width of B - A net revenue, %s, is %s of A's mean net revenue (target %s).\n",
		state, format.Thousands(float64(c.Runs), 0), format.Thousands(float64(c.MaxRuns), 0), format.Money(c.HalfWidth), rel, format.Percent(c.Precision))
	return err
}

// WriteRunRows writes one paired run's two rows of runs.csv.
func WriteRunRows(w *csv.Writer, run int, r *sim.Result) error {
	rec := make([]string, 0, 4+len(sim.Metrics))
	for i := range r.Teams {
		t := &r.Teams[i]
		rec = append(rec[:0], strconv.Itoa(run), strconv.FormatUint(r.Seed, 10), t.Name, num(t.Adherence))
		for _, m := range sim.Metrics {
			rec = append(rec, num(m.Value(t)))
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// chartFiles are the SVG files written beside report.html, each from its render function.
var chartFiles = []struct {
	file string
	draw func(w io.Writer, a *sim.Aggregate, s *sim.Summary) error
}{
	{"outcomes.svg", render.OutcomesChart},
	{"difference.svg", render.DifferenceChart},
	{"cumulative.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.CumulativeChart(w, s) }},
	{"sources.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.SourcesChart(w, s) }},
	{"funnel.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.FunnelChart(w, s) }},
}

// RunsHeader is the header of runs.csv, which a batch streams as it runs (WriteRunRows).
func RunsHeader() []string {
	h := []string{"run", "seed", "team", "adherence"}
	for _, m := range sim.Metrics {
		h = append(h, m.Key)
	}
	return h
}

// BatchFiles are the result folder of a batch but runs.csv: summary.json as given (the
// caller's summary, with the scenario's identity), scenario.json, weekly.csv, funnel.csv, the
// charts and report.html.
func BatchFiles(in Input, summaryJSON []byte) ([]File, error) {
	var f files
	f.add("summary.json", summaryJSON)
	f.scenario(in.Scenario)
	sum := in.Summary
	var weekly [][]string
	for w := range sum.Weeks {
		for _, t := range sum.Teams {
			ws := t.Weekly[w]
			weekly = append(weekly, []string{strconv.Itoa(ws.Week), t.Name, num(ws.Mean), num(ws.P10), num(ws.P90)})
		}
	}
	f.csv("weekly.csv", []string{"week", "team", "cumulative_net_revenue_mean", "cumulative_net_revenue_p10", "cumulative_net_revenue_p90"}, weekly)
	var funnel [][]string
	i64 := func(x int64) string { return strconv.FormatInt(x, 10) }
	for _, t := range sum.Teams {
		for _, s := range t.Funnel {
			funnel = append(funnel, []string{t.Name, s.Stage, i64(s.Entered), i64(s.Advanced), i64(s.Lost), i64(s.NoDecision), num(s.WeeksInStage)})
		}
	}
	f.csv("funnel.csv", []string{"team", "stage", "entered", "advanced", "lost", "no_decision", "weeks_in_stage"}, funnel)
	for _, c := range chartFiles {
		var b strings.Builder
		f.fail(c.draw(&b, in.Aggregate, in.Summary))
		f.add(c.file, []byte(b.String()))
	}
	f.page("report.html", func(b *bytes.Buffer) error { return Write(b, in) })
	return f.done()
}
