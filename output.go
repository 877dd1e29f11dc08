package main

import (
	"bufio"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// formatMetric formats one value of a metric for a table.
func formatMetric(unit sim.Unit, x float64) string { return metricText(unit, x, 0) }

// formatDiff formats a difference B - A of a metric: money with a sign, rates in percentage points.
func formatDiff(unit sim.Unit, x float64) string { return diffText(unit, x, 0) }

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

// table lays out rows of cells in columns: the first column (labels) aligned left, the others
// (numbers) aligned right, two spaces apart. A row of one cell is a heading or, empty, a gap.
type table struct{ rows [][]string }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// writeTable writes a report table, its heading row first, as the terminal shows it.
func writeTable(w io.Writer, tab report.Table) error {
	t := table{rows: [][]string{tab.Head}}
	t.rows = append(t.rows, tab.Rows...)
	return t.write(w)
}

func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
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
	for _, r := range t.rows {
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

// reportCharts are the SVG files written beside report.html, each from its render function.
var reportCharts = []struct {
	file string
	draw func(w io.Writer, a *sim.Aggregate, s *sim.Summary) error
}{
	{"outcomes.svg", render.OutcomesChart},
	{"difference.svg", render.DifferenceChart},
	{"cumulative.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.CumulativeChart(w, s) }},
	{"sources.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.SourcesChart(w, s) }},
	{"funnel.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.FunnelChart(w, s) }},
}

// reportOf describes a finished batch for the report. The command it quotes reproduces the
// batch (without --out and --workers, which change neither numbers nor report).
func reportOf(o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *sim.Summary) report.Input {
	args := []string{"pipesim", "batch", "--scenario", o.sf.scenario}
	for _, kv := range o.sf.sets {
		args = append(args, "--set", kv)
	}
	args = append(args, "--runs", strconv.Itoa(o.runs), "--seed", strconv.FormatUint(o.seed, 10))
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return report.Input{Name: o.sf.scenario, Scenario: s, Aggregate: agg, Summary: sum,
		Seed: o.seed, Runs: o.runs, Command: strings.Join(args, " ")}
}

// writeReport writes report.html and the chart SVGs into the output folder.
func writeReport(dir *fileio.Dir, in report.Input) error {
	for _, c := range reportCharts {
		var b strings.Builder
		if err := c.draw(&b, in.Aggregate, in.Summary); err != nil {
			return err
		}
		if err := dir.WriteFile(c.file, []byte(b.String())); err != nil {
			return err
		}
	}
	f, err := dir.Create("report.html")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = report.Write(bw, in)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(a string) string {
	if a != "" && !strings.ContainsFunc(a, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./=,:+@%", r))
	}) {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// interrupted words a batch stopped by Ctrl-C for the user; other errors pass unchanged.
func interrupted(err error) error {
	var se *sim.Error
	if errors.As(err, &se) && se.Kind == sim.KindCanceled {
		return errors.New("interrupted; nothing written")
	}
	return err
}
