package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"io"
	"math"

	"github.com/pipesim/pipesim/sim"
)

// SweepSeries is one metric measured by a batch at each of several values of one parameter.
type SweepSeries struct {
	Param  string       // the varied parameter's key, as in the scenario file
	Metric string       // the measured metric's key in sim.Metrics
	Teams  [2]string    // team names, A then B
	Points []SweepPoint // in increasing order of X
}

// SweepPoint is one batch of a sweep: the parameter's value and each team's statistic there.
type SweepPoint struct {
	X     float64
	Teams [2]sim.Stat
}

// SweepChart draws a sweep: the metric's mean against the parameter, a line per team over the
// band of its 95% confidence interval.
func SweepChart(w io.Writer, sw SweepSeries) error {
	m := sim.Metric{Key: sw.Metric, Label: sw.Metric, Unit: sim.Count}
	if i := sim.MetricIndex(sw.Metric); i >= 0 {
		m = sim.Metrics[i]
	}
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	desc := fmt.Sprintf("%s against %s over %d values.", m.Label, sw.Param, len(sw.Points))
	for _, p := range sw.Points {
		xlo, xhi = min(xlo, p.X), max(xhi, p.X)
		desc += fmt.Sprintf(" At %s:", plain(p.X, 0.001))
		for i, st := range p.Teams {
			ylo, yhi = min(ylo, st.CILo, st.Mean), max(yhi, st.CIHi, st.Mean)
			desc += fmt.Sprintf(" %s %s;", sw.Teams[i], formatValue(m.Unit, st.Mean, 0))
		}
	}
	if len(sw.Points) == 0 {
		xlo, xhi, ylo, yhi = 0, 1, 0, 1
	}
	if m.Unit != sim.Money || ylo >= 0 {
		ylo = min(ylo, 0) // counts, rates and positive revenue read best from zero
	}
	c := newChart(fmt.Sprintf("%s by %s", m.Label, sw.Param), desc, []legendItem{
		{sw.Teams[0], palette.TeamA, swatchLine},
		{sw.Teams[1], palette.TeamB, swatchLine},
		{"95% CI of the mean", palette.Muted, swatchBand},
	})
	ya := niceAxis(ylo, yhi, 5)
	y := c.yAxis(ya, func(v, step float64) string { return formatValue(m.Unit, v, step) }, m.Label)
	xa := niceAxis(xlo, xhi, 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	for i := range sw.Teams {
		var xs, mean, lo, hi []float64
		for _, p := range sw.Points {
			xs = append(xs, x.at(p.X))
			mean = append(mean, y.at(p.Teams[i].Mean))
			lo, hi = append(lo, y.at(p.Teams[i].CILo)), append(hi, y.at(p.Teams[i].CIHi))
		}
		if len(xs) == 0 {
			continue
		}
		col := palette.TeamColor(i)
		bx, by := append([]float64{}, xs...), append([]float64{}, hi...)
		for k := len(xs) - 1; k >= 0; k-- {
			bx, by = append(bx, xs[k]), append(by, lo[k])
		}
		c.Path(path(bx, by)+" Z", fill(col), `fill-opacity="0.18"`, stroke(col, 0.5), `stroke-opacity="0.4"`)
		c.Path(path(xs, mean), noFill, stroke(col, 2.5), `stroke-linejoin="round"`)
		for k := range xs {
			c.Circle(int(xs[k]+0.5), int(mean[k]+0.5), 3, fill(col))
		}
	}
	c.xAxis(xa.ticks, x, func(v float64) string { return plain(v, xa.step) }, sw.Param)
	return c.finish(w)
}
