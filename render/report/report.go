// Package report writes what a batch or a study leaves behind: the self-contained HTML report of
// a batch and the pages of sweep, sensitivity and break-even (tables and charts), the files of
// their result folders, and their tables for the terminal. It is apart from render,
// whose charts the browser's Monte Carlo worker draws too, because html/template and the
// minifier would add most of a megabyte to that worker's WebAssembly.
package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	minsvg "github.com/tdewolff/minify/v2/svg"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
)

// Input is everything a report shows: what was run, how to run it again, and what came
// out.
type Input struct {
	Name      string         // the scenario as the user named it (a preset or a file); its base preset if empty
	Scenario  *sim.Scenario  // the validated scenario that ran
	Aggregate *sim.Aggregate // the batch's results
	Summary   *sim.Summary   // the aggregate's summary; computed from it when nil
	Seed      uint64         // the batch's base seed
	Runs      int            // runs asked for; the aggregate holds fewer if the batch stopped early
	Command   string         // the exact command line that reproduces this report
}

//go:embed report.html.tmpl
var reportSource string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"count": func(n int) string { return render.Number(float64(n), 0) }, // 1,000 not 1000
}).Parse(reportSource))

// reportMetrics are the summary table's rows: the headline revenue, where it came from, and
// the process measures that explain it.
var reportMetrics = []string{
	"net_revenue", "revenue_new", "revenue_repeat", "revenue_referral", "discount_leakage",
	"wins", "win_rate", "new_logo_win_rate", "no_decision_rate", "cycle_days",
	"customers", "churned", "turnover", "quota_attainment",
}

// Write writes a self-contained, minified HTML report of a batch: the verdict with its
// uncertainty, the scenario, the summary table, the charts, every parameter and the command
// that reproduces it.
func Write(w io.Writer, r Input) error {
	if r.Scenario == nil || r.Aggregate == nil {
		return fmt.Errorf("report: needs a scenario and an aggregate")
	}
	sum := r.Summary
	if sum == nil {
		s := r.Aggregate.Summarize()
		sum = &s
	}
	charts, err := reportCharts(r.Aggregate, sum)
	if err != nil {
		return err
	}
	params, err := paramRows(r.Scenario)
	if err != nil {
		return err
	}
	name := r.Name
	if name == "" {
		name = r.Scenario.Base
	}
	d := reportData{
		Style: template.CSS(style), Name: name, Base: r.Scenario.Base, Verdict: sum.Verdict, Summary: sum,
		Seed: r.Seed, Runs: sum.Runs, Asked: r.Runs, Command: r.Command,
		Teams:     [2]string{sum.Teams[0].Name, sum.Teams[1].Name},
		Overrides: r.Scenario.Overrides(), Rows: summaryRows(sum), Charts: charts, Params: params,
	}
	var page bytes.Buffer
	if err := reportTemplate.Execute(&page, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return minifyHTML(w, &page)
}

// minifyHTML writes a page minified, with its inline CSS and SVG.
func minifyHTML(w io.Writer, page io.Reader) error {
	m := minify.New()
	m.AddFunc("text/html", html.Minify)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", minsvg.Minify)
	if err := m.Minify("text/html", w, page); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

type reportData struct {
	Style               template.CSS
	Name, Base, Verdict string
	Summary             *sim.Summary
	Seed                uint64
	Runs, Asked         int
	Command             string
	Teams               [2]string
	Overrides           []sim.Override
	Rows                []summaryRow
	Charts              []reportChart
	Params              []paramRow
}

type summaryRow struct {
	Label string
	Teams [2]statCells
	Diff  statCells
}

type statCells struct{ Mean, CI, Spread string }

type reportChart struct {
	Title string
	SVG   template.HTML
}

type paramRow struct {
	Key, Value, Range, Doc, Source string
	Changed                        bool
}

func summaryRows(s *sim.Summary) []summaryRow {
	var rows []summaryRow
	for _, key := range reportMetrics {
		i := sim.MetricIndex(key)
		if i < 0 {
			continue
		}
		m := sim.Metrics[i]
		row := summaryRow{Label: m.Label}
		for t := range s.Teams {
			st := s.Teams[t].Metrics[key]
			mean, lo, hi := render.FormatInterval(m.Unit, st.Mean, st.CILo, st.CIHi)
			p := render.FormatAlike(m.Unit, st.P10, st.P50, st.P90)
			row.Teams[t] = statCells{mean, lo + " to " + hi, strings.Join(p, " · ")}
		}
		row.Diff = diffCells(m.Unit, s.Diff[key])
		rows = append(rows, row)
	}
	return rows
}

// diffCells formats a paired difference and its interval with one precision, signed; a
// difference of two rates is in percentage points.
func diffCells(u sim.Unit, d sim.DiffStat) statCells {
	xs := []float64{d.Mean, d.CILo, d.CIHi}
	var v [3]string
	v[0], v[1], v[2] = render.FormatInterval(u, d.Mean, d.CILo, d.CIHi)
	for i := range v {
		if u == sim.Rate {
			v[i] = strings.TrimSuffix(v[i], "%") + " pp"
		}
		v[i] = render.Signed(xs[i], v[i])
	}
	return statCells{Mean: v[0], CI: v[1] + " to " + v[2]}
}

// reportCharts draws every batch chart, ready to inline in HTML (without the XML prolog).
func reportCharts(a *sim.Aggregate, s *sim.Summary) ([]reportChart, error) {
	draws := []struct {
		title string
		draw  func(io.Writer) error
	}{
		{"Outcomes", func(w io.Writer) error { return render.OutcomesChart(w, a, s) }},
		{"Paired difference", func(w io.Writer) error { return render.DifferenceChart(w, a, s) }},
		{"Over time", func(w io.Writer) error { return render.CumulativeChart(w, s) }},
		{"Revenue by source", func(w io.Writer) error { return render.SourcesChart(w, s) }},
		{"Funnel", func(w io.Writer) error { return render.FunnelChart(w, s) }},
	}
	var out []reportChart
	for _, d := range draws {
		var b bytes.Buffer
		if err := d.draw(&b); err != nil {
			return nil, fmt.Errorf("report: %s chart: %w", strings.ToLower(d.title), err)
		}
		doc := b.Bytes()
		doc = doc[bytes.Index(doc, []byte("<svg")):]
		out = append(out, reportChart{d.title, template.HTML(doc)}) // our own SVG; svgo escaped its text
	}
	return out, nil
}

// paramRows lists every documented parameter with its value in s, written as a scenario file
// would hold it, qualified by the strategy or team it belongs to ("goal 1.3",
// "Process-oriented 1"); per-stage lists as "a / b / c / d".
func paramRows(s *sim.Scenario) ([]paramRow, error) {
	values := map[string][]string{}
	err := s.Leaves(func(l sim.Leaf) error {
		if l.Kind == sim.Text {
			return nil
		}
		xs := l.Values()
		parts := make([]string, len(xs))
		for i, x := range xs {
			b, err := json.Marshal(x)
			if err != nil {
				return fmt.Errorf("report: scenario: %s: %w", l.Path, err)
			}
			parts[i] = string(b)
		}
		text := strings.Join(parts, " / ")
		switch segs := strings.Split(l.Path, "."); segs[0] {
		case "strategies":
			text = segs[1] + " " + text
		case "teams":
			i, _ := strconv.Atoi(segs[1])
			text = teamName(s, i) + " " + text
		}
		values[l.Key] = append(values[l.Key], text)
		return nil
	})
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, o := range s.Overrides() {
		changed[leafKey(o.Key)] = true
	}
	var rows []paramRow
	for _, p := range sim.Params() {
		rows = append(rows, paramRow{Key: p.Key, Value: strings.Join(values[p.Key], "; "),
			Range: render.Number(p.Min, 6) + " to " + render.Number(p.Max, 6), Doc: p.Doc, Source: p.Source, Changed: changed[p.Key]})
	}
	return rows, nil
}

func teamName(s *sim.Scenario, i int) string {
	if i < len(s.Teams) {
		return s.Teams[i].Name
	}
	return "team " + strconv.Itoa(i+1)
}

// leafKey is the parameter key of an override path such as "strategies.goal.new_mult" or
// "teams.1.adherence".
func leafKey(path string) string {
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(parts[i]); err != nil {
			return parts[i]
		}
	}
	return path
}
