package main

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
)

// maxSweepPoints bounds a sweep's grid: each point is a whole batch.
const maxSweepPoints = 200

// sweepMetrics are the metrics of sweep.csv and of the sweep charts: those of the batch table.
var sweepMetrics = summaryRows

// sweepOptions are the flags of sweep.
type sweepOptions struct {
	sf   scenarioFlags
	vary []string
	batchFlags
}

func newSweepCmd() *cobra.Command {
	o := sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep --vary key=from:to:step [--vary ...] [--scenario NAME|FILE] [--runs N] [--out DIR]",
		Short: "Parameter sweep: a Monte Carlo batch at every point of a grid of scenario values",
		Long: `sweep runs a batch of --runs paired runs at every point of a grid: each --vary
key=from:to:step takes the values from, from+step, ... up to to (inclusive), for any
scenario key that --set accepts (weeks, acv, conv.2, teams.0.adherence, ...); several
--vary make the grid of all their combinations, the first varying slowest, at most 200
points. Every point uses the same seeds (--seed), so differences between points come from
the parameter, not from the dice. One progress display covers the whole sweep.

It prints, per point, each team's mean net revenue, the paired difference B - A with its
95% confidence interval and the share of runs B won.

--out DIR writes, all at once when the sweep is complete:
  sweep.csv      one row per point and team: the varied values, then for each metric of
                 the batch table its mean, 95% CI, P10, P50, P90 and the paired difference
                 B - A with its CI, and the share of runs B won
  METRIC.svg     a chart per metric against the first --vary key, a line per team over its
                 95% CI band; with several --vary keys, one per combination of the others
                 (METRIC-key=value.svg)
  sweep.html     a self-contained page: the table, every chart and the command
  scenario.json  the scenario before the --vary values are applied
DIR follows the rules of 'pipesim batch --out', --force included.`,
		Example: `  pipesim sweep --vary teams.0.adherence=0:1:0.25 --runs 500
  pipesim sweep --vary acv=20000:100000:20000 --out results/acv
  pipesim sweep --scenario enterprise --vary weeks=26:104:26 --vary conv.2=0.3:0.7:0.2 --out results/grid`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runSweep(ctx, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	o.sf.register(fl)
	fl.StringArrayVar(&o.vary, "vary", nil, "vary a scenario value over `key=from:to:step` (repeatable; several make a grid), for example acv=20000:100000:20000")
	o.batchFlags.register(fl, 500, "paired runs `N` at each point", "base random seed `N`, the same at every point",
		"write sweep.csv, the charts, sweep.html and scenario.json to folder `DIR`")
	return cmd
}

// axis is one --vary: a key and its values, as numbers and as the text given to Set.
type axis struct {
	raw    string // the --vary value as given
	key    string
	values []float64
	texts  []string
}

// parseVary parses key=from:to:step into the axis of its values.
func parseVary(v string) (axis, error) {
	key, rng, ok := strings.Cut(v, "=")
	key = strings.TrimSpace(key)
	parts := strings.Split(rng, ":")
	if !ok || key == "" || len(parts) != 3 {
		return axis{}, usagef("--vary %q: want key=from:to:step, for example acv=20000:100000:20000", excerpt(v))
	}
	var nums [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return axis{}, usagef("--vary %s: %s %q is not a number", excerpt(v), [3]string{"from", "to", "step"}[i], excerpt(strings.TrimSpace(p)))
		}
		nums[i] = x
	}
	from, to, step := nums[0], nums[1], nums[2]
	switch {
	case step == 0:
		return axis{}, usagef("--vary %s: step is 0; want a step above 0 (or below 0 when from > to)", excerpt(v))
	case (to-from)/step < 0:
		return axis{}, usagef("--vary %s: the range is empty; from %s does not reach to %s in steps of %s", excerpt(v), num(from), num(to), num(step))
	}
	// Allow for rounding: 0:1:0.1 has 11 points.
	n := math.Floor((to-from)/step+1e-9) + 1
	if n > maxSweepPoints {
		return axis{}, usagef("--vary %s has %s points; allowed at most %d", excerpt(v), thousands(n, 0), maxSweepPoints)
	}
	a := axis{raw: v, key: key}
	for i := range int(n) {
		x, _ := strconv.ParseFloat(strconv.FormatFloat(from+float64(i)*step, 'g', 12, 64), 64)
		a.values = append(a.values, x)
		a.texts = append(a.texts, num(x))
	}
	return a, nil
}

// sweepPoint is one point of the grid: an index into each axis, its scenario and, once run,
// its summary.
type sweepPoint struct {
	at  []int
	s   sim.Scenario
	agg *sim.Aggregate
	sum sim.Summary
}

// grid makes every point of the axes' product, first axis slowest, each with its scenario
// validated, so that a bad value is reported before any batch runs. Each point starts from a
// copy of base, the scenario as loaded once (standard input can be read only once).
func grid(base *sim.Scenario, axes []axis) ([]*sweepPoint, error) {
	total := 1
	for _, a := range axes {
		total *= len(a.values)
		if total > maxSweepPoints {
			return nil, usagef("--vary: the grid has more than %d points; vary fewer keys or use larger steps", maxSweepPoints)
		}
	}
	var pts []*sweepPoint
	at := make([]int, len(axes))
	for range total {
		s := base.Clone()
		var sets []string
		for i, a := range axes {
			kv := a.key + "=" + a.texts[at[i]]
			if err := s.Set(a.key, a.texts[at[i]]); err != nil {
				return nil, usageError{oneLine{fmt.Errorf("--vary %s: %w", a.raw, err)}}
			}
			sets = append(sets, kv)
		}
		teamname.Follow(&s) // a point that blends a team names it for its blend
		if err := s.Validate(); err != nil {
			if sim.IsInput(err) {
				return nil, usageError{oneLine{fmt.Errorf("--vary at %s: %w", strings.Join(sets, ", "), err)}}
			}
			return nil, err
		}
		pts = append(pts, &sweepPoint{at: append([]int(nil), at...), s: s})
		for i := len(at) - 1; i >= 0; i-- {
			if at[i]++; at[i] < len(axes[i].values) {
				break
			}
			at[i] = 0
		}
	}
	return pts, nil
}

func runSweep(ctx context.Context, o *sweepOptions, stdout, stderr io.Writer) error {
	if len(o.vary) == 0 {
		return usagef("sweep needs at least one --vary key=from:to:step, for example --vary acv=20000:100000:20000")
	}
	if o.runs < 1 || o.runs > maxRuns {
		return usagef("--runs %d is out of range; allowed 1 to %s", o.runs, thousands(maxRuns, 0))
	}
	if o.workers < 1 || o.workers > maxWorkers {
		return usagef("--workers %d is out of range; allowed 1 to %s", o.workers, thousands(maxWorkers, 0))
	}
	if o.force && o.out == "" {
		return usagef("--force goes with --out")
	}
	var axes []axis
	for _, v := range o.vary {
		a, err := parseVary(v)
		if err != nil {
			return err
		}
		for _, b := range axes {
			if b.key == a.key {
				return usagef("--vary %s: key %s is varied twice", excerpt(v), a.key)
			}
		}
		axes = append(axes, a)
	}
	base, err := o.sf.load(ctx)
	if err != nil {
		return err
	}
	pts, err := grid(&base, axes)
	if err != nil {
		return err
	}
	if o.runs*len(pts) > maxRuns {
		return usagef("--runs %d at %d points is %s runs; allowed at most %s in all", o.runs, len(pts), thousands(float64(o.runs*len(pts)), 0), thousands(maxRuns, 0))
	}
	var dir *outDir
	if o.out != "" {
		if dir, err = createOutDir(o.out, o.force); err != nil {
			return err
		}
		defer dir.abort()
	}

	grand := o.runs * len(pts)
	prog := newProgress(stderr, grand, o.quiet)
	for i, p := range pts {
		b := sim.Batch{Runs: o.runs, Seed: o.seed, Workers: o.workers,
			Progress: func(done, _ int) { prog.update(i*o.runs+done, grand) }}
		p.agg, err = b.Run(ctx, &p.s)
		if err != nil {
			prog.finish()
			return interrupted(err)
		}
		p.sum = p.agg.Summarize()
	}
	prog.finish()

	if dir != nil {
		if err := writeSweep(dir, o, &base, axes, pts); err != nil {
			return err
		}
		if err := dir.commitAndSay(stderr, o.quiet); err != nil {
			return err
		}
	}
	return printSweep(stdout, o, &base, axes, pts)
}

// printSweep prints one row per point: the varied values, each team's mean net revenue, the
// paired difference with its CI and B's win share.
func printSweep(w io.Writer, o *sweepOptions, s *sim.Scenario, axes []axis, pts []*sweepPoint) error {
	fmt.Fprintf(w, "%s: sweep of %d points, %s paired runs each, seed %d\n", o.sf.label(), len(pts), thousands(float64(o.runs), 0), o.seed)
	fmt.Fprintf(w, "A: %s   B: %s\n\n", s.Teams[0].Name, s.Teams[1].Name)
	tab := sweepTable(axes, pts)
	var t table
	t.row(tab.Head...)
	for _, r := range tab.Rows {
		t.row(r...)
	}
	return t.write(w)
}

// sweepTable is the sweep's table, for the terminal and sweep.html alike: the varied values,
// each team's mean net revenue, the paired difference with its CI and B's win share.
func sweepTable(axes []axis, pts []*sweepPoint) report.Table {
	tab := report.Table{Keys: len(axes)}
	for _, a := range axes {
		tab.Head = append(tab.Head, a.key)
	}
	tab.Head = append(tab.Head, "A net revenue", "B net revenue", "B - A", "95% CI", "B won")
	for _, p := range pts {
		var row []string
		for i, a := range axes {
			row = append(row, a.texts[p.at[i]])
		}
		d := p.sum.Diff["net_revenue"]
		row = append(row, money(p.sum.Teams[0].Metrics["net_revenue"].Mean), money(p.sum.Teams[1].Metrics["net_revenue"].Mean),
			signedMoney(d.Mean), signedMoney(d.CILo)+" to "+signedMoney(d.CIHi), percent(p.sum.BWinShare))
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// writeSweep writes sweep.csv, the charts, sweep.html and scenario.json.
func writeSweep(dir *outDir, o *sweepOptions, base *sim.Scenario, axes []axis, pts []*sweepPoint) error {
	scen, err := sim.EncodeScenario(base)
	if err != nil {
		return err
	}
	if err := dir.writeFile("scenario.json", scen); err != nil {
		return err
	}
	var head []string
	for _, a := range axes {
		head = append(head, a.key)
	}
	head = append(head, "team")
	for _, key := range sweepMetrics {
		head = append(head, key+"_mean", key+"_ci_lo", key+"_ci_hi", key+"_p10", key+"_p50", key+"_p90",
			key+"_diff_mean", key+"_diff_ci_lo", key+"_diff_ci_hi")
	}
	head = append(head, "b_win_share")
	f, err := newCSVFile(dir, "sweep.csv", head)
	if err != nil {
		return err
	}
	defer f.close()
	for _, p := range pts {
		for ti := range p.sum.Teams {
			var rec []string
			for i, a := range axes {
				rec = append(rec, a.texts[p.at[i]])
			}
			rec = append(rec, p.sum.Teams[ti].Name)
			for _, key := range sweepMetrics {
				st, d := p.sum.Teams[ti].Metrics[key], p.sum.Diff[key]
				rec = append(rec, num(st.Mean), num(st.CILo), num(st.CIHi), num(st.P10), num(st.P50), num(st.P90),
					num(d.Mean), num(d.CILo), num(d.CIHi))
			}
			rec = append(rec, num(p.sum.BWinShare))
			if err := f.w.Write(rec); err != nil {
				return err
			}
		}
	}
	if err := f.close(); err != nil {
		return err
	}
	charts, err := sweepCharts(axes, pts, base)
	if err != nil {
		return err
	}
	for _, c := range charts {
		if err := dir.writeFile(c.File, []byte(c.SVG)); err != nil {
			return err
		}
	}
	page := report.Sweep{Title: o.sf.label(), Command: sweepCommand(o), Points: len(pts), Runs: o.runs,
		Table: sweepTable(axes, pts)}
	for _, c := range charts {
		page.Figures = append(page.Figures, report.Figure{ID: c.File, Caption: c.Title, SVG: c.SVG})
	}
	var html bytes.Buffer
	if err := report.WriteSweep(&html, page); err != nil {
		return err
	}
	return dir.writeFile("sweep.html", html.Bytes())
}

// sweepChart is one chart file, its name, its caption and its SVG text.
type sweepChart struct {
	File, Title string
	SVG         template.HTML
}

// sweepCharts draws, for each metric, the metric against the first axis; with more axes, one
// chart per combination of the other axes' values.
func sweepCharts(axes []axis, pts []*sweepPoint, s *sim.Scenario) ([]sweepChart, error) {
	// Points sharing the other axes' values form one series, in order of the first axis
	// (the first axis varies slowest, so collect by the rest).
	type group struct {
		suffix, title string
		pts           []*sweepPoint
	}
	var groups []*group
	byRest := map[string]*group{}
	for _, p := range pts {
		var suffix, title []string
		for i := 1; i < len(axes); i++ {
			kv := axes[i].key + "=" + axes[i].texts[p.at[i]]
			suffix, title = append(suffix, kv), append(title, kv)
		}
		k := strings.Join(suffix, "-")
		g := byRest[k]
		if g == nil {
			g = &group{suffix: k, title: strings.Join(title, ", ")}
			byRest[k] = g
			groups = append(groups, g)
		}
		g.pts = append(g.pts, p)
	}
	var out []sweepChart
	for _, key := range sweepMetrics {
		for _, g := range groups {
			sw := render.SweepSeries{Param: axes[0].key, Metric: key, Teams: [2]string{s.Teams[0].Name, s.Teams[1].Name}}
			for _, p := range g.pts {
				sw.Points = append(sw.Points, render.SweepPoint{X: axes[0].values[p.at[0]],
					Teams: [2]sim.Stat{p.sum.Teams[0].Metrics[key], p.sum.Teams[1].Metrics[key]}})
			}
			var b strings.Builder
			if err := render.SweepChart(&b, sw); err != nil {
				return nil, err
			}
			file, title := key+".svg", metricLabel(key)+" by "+axes[0].key
			if g.suffix != "" {
				file, title = key+"-"+g.suffix+".svg", title+", at "+g.title
			}
			svg := b.String()
			out = append(out, sweepChart{File: file, Title: title, SVG: template.HTML(svg[strings.Index(svg, "<svg"):])})
		}
	}
	return out, nil
}

// sweepCommand is the command line that reproduces the sweep (without --out and --workers).
func sweepCommand(o *sweepOptions) string {
	var more []string
	for _, v := range o.vary {
		more = append(more, "--vary", v)
	}
	return o.sf.command("sweep", append(more, "--runs", strconv.Itoa(o.runs), "--seed", strconv.FormatUint(o.seed, 10))...)
}

// metricLabel is a metric's name in words, "Net revenue" for net_revenue.
func metricLabel(key string) string {
	if i := sim.MetricIndex(key); i >= 0 {
		return sim.Metrics[i].Label
	}
	return key
}
