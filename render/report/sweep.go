package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// SummaryMetrics are the metrics the batch table shows, in order.
var SummaryMetrics = []string{
	"net_revenue", "revenue_new", "revenue_repeat", "revenue_referral",
	"win_rate", "new_logo_win_rate", "no_decision_rate", "cycle_days", "discount_leakage",
	"customers", "preferred", "referral_wins", "turnover", "quota_attainment",
}

// SweepMetrics are the metrics of sweep.csv and of the sweep charts: those of the batch table.
var SweepMetrics = SummaryMetrics

// SweepTable is the sweep's table, for the terminal and sweep.html alike: the varied values,
// each team's mean net revenue, the paired difference with its CI and B's win share.
func SweepTable(r *experiment.SweepResult) Table {
	tab := Table{Keys: len(r.Axes)}
	for _, a := range r.Axes {
		tab.Head = append(tab.Head, a.Key)
	}
	tab.Head = append(tab.Head, "A net revenue", "B net revenue", "B - A", "95% CI", "B won")
	for _, p := range r.Points {
		var row []string
		for i, a := range r.Axes {
			row = append(row, a.Texts[p.At[i]])
		}
		d := p.Summary.Diff["net_revenue"]
		row = append(row, format.Money(p.Summary.Teams[0].Metrics["net_revenue"].Mean), format.Money(p.Summary.Teams[1].Metrics["net_revenue"].Mean),
			format.SignedMoney(d.Mean), format.SignedMoney(d.CILo)+" to "+format.SignedMoney(d.CIHi), format.Percent(p.Summary.BWinShare))
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// SweepFiles are the result folder of a sweep: sweep.csv, a chart per metric (and per
// combination of the other axes), sweep.html and scenario.json, the scenario before the
// sweep's values are applied.
func SweepFiles(st Study, r *experiment.SweepResult) ([]File, error) {
	var f files
	f.scenario(st.Scenario)
	var head []string
	for _, a := range r.Axes {
		head = append(head, a.Key)
	}
	head = append(head, "team")
	for _, key := range SweepMetrics {
		head = append(head, key+"_mean", key+"_ci_lo", key+"_ci_hi", key+"_p10", key+"_p50", key+"_p90",
			key+"_diff_mean", key+"_diff_ci_lo", key+"_diff_ci_hi")
	}
	head = append(head, "b_win_share")
	var rows [][]string
	for _, p := range r.Points {
		for ti := range p.Summary.Teams {
			var rec []string
			for i, a := range r.Axes {
				rec = append(rec, a.Texts[p.At[i]])
			}
			rec = append(rec, p.Summary.Teams[ti].Name)
			for _, key := range SweepMetrics {
				st, d := p.Summary.Teams[ti].Metrics[key], p.Summary.Diff[key]
				rec = append(rec, num(st.Mean), num(st.CILo), num(st.CIHi), num(st.P10), num(st.P50), num(st.P90),
					num(d.Mean), num(d.CILo), num(d.CIHi))
			}
			rows = append(rows, append(rec, num(p.Summary.BWinShare)))
		}
	}
	f.csv("sweep.csv", head, rows)
	charts, err := sweepCharts(r, st.Scenario)
	if err != nil {
		return nil, err
	}
	page := Sweep{Title: st.Title, Command: st.Command, Points: len(r.Points), Runs: r.Runs, Table: SweepTable(r)}
	for _, c := range charts {
		f.add(c.ID, []byte(c.SVG)) // without the XML prolog, as sweep has always written them
		page.Figures = append(page.Figures, c)
	}
	f.page("sweep.html", func(b *bytes.Buffer) error { return WriteSweep(b, page) })
	return f.done()
}

// sweepCharts draws, for each metric, the metric against the first axis; with more axes, one
// chart per combination of the other axes' values.
func sweepCharts(r *experiment.SweepResult, s *sim.Scenario) ([]Figure, error) {
	// Points sharing the other axes' values form one series, in order of the first axis
	// (the first axis varies slowest, so collect by the rest).
	type group struct {
		suffix, title string
		pts           []*experiment.SweepPoint
	}
	var groups []*group
	byRest := map[string]*group{}
	for _, p := range r.Points {
		var kvs []string
		for i := 1; i < len(r.Axes); i++ {
			kvs = append(kvs, r.Axes[i].Key+"="+r.Axes[i].Texts[p.At[i]])
		}
		k := strings.Join(kvs, "-")
		g := byRest[k]
		if g == nil {
			g = &group{suffix: k, title: strings.Join(kvs, ", ")}
			byRest[k] = g
			groups = append(groups, g)
		}
		g.pts = append(g.pts, p)
	}
	first := r.Axes[0]
	var out []Figure
	for _, key := range SweepMetrics {
		for _, g := range groups {
			sw := render.SweepSeries{Param: first.Key, Metric: key, Teams: [2]string{s.Teams[0].Name, s.Teams[1].Name}}
			for _, p := range g.pts {
				sw.Points = append(sw.Points, render.SweepPoint{X: first.Values[p.At[0]],
					Teams: [2]sim.Stat{p.Summary.Teams[0].Metrics[key], p.Summary.Teams[1].Metrics[key]}})
			}
			var b strings.Builder
			if err := render.SweepChart(&b, sw); err != nil {
				return nil, err
			}
			file, title := key+".svg", metricLabel(key)+" by "+first.Key
			if g.suffix != "" {
				file, title = key+"-"+g.suffix+".svg", title+", at "+g.title
			}
			out = append(out, Figure{ID: file, Caption: title, SVG: inlineSVG(b.String())})
		}
	}
	return out, nil
}

// metricLabel is a metric's name in words, "Net revenue" for net_revenue.
func metricLabel(key string) string {
	if i := sim.MetricIndex(key); i >= 0 {
		return sim.Metrics[i].Label
	}
	return key
}

// SweepText is the sweep for the terminal: a heading naming the scenario (label), the points'
// runs and seed and the teams, then the table.
func SweepText(w io.Writer, label string, runs int, seed uint64, s *sim.Scenario, r *experiment.SweepResult) error {
	fmt.Fprintf(w, "%s: sweep of %d points, %s paired runs each, seed %d\n", label, len(r.Points), format.Thousands(float64(runs), 0), seed)
	fmt.Fprintf(w, "A: %s   B: %s\n\n", s.Teams[0].Name, s.Teams[1].Name)
	return SweepTable(r).WriteText(w)
}
