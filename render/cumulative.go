package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"image/color"
	"io"
	"math"

	"github.com/pipesim/pipesim/sim"
)

// CumulativeChart draws each team's cumulative net revenue by week: the mean across runs as a
// line over its P10-P90 band, with quarter gridlines and the week from which team B stays
// ahead, when it does.
func CumulativeChart(w io.Writer, s *sim.Summary) error {
	weeks := s.Weeks
	lo, hi := 0.0, 0.0
	for _, t := range s.Teams {
		for _, ws := range t.Weekly {
			lo, hi = min(lo, ws.P10, ws.Mean), max(hi, ws.P90, ws.Mean)
		}
	}
	desc := fmt.Sprintf("Cumulative net revenue over %d weeks, mean and P10 to P90 across %d paired runs.", weeks, s.Runs)
	for _, t := range s.Teams {
		if n := len(t.Weekly); n > 0 {
			last := t.Weekly[n-1]
			desc += fmt.Sprintf(" %s ends at %s (P10 %s, P90 %s).", t.Name, money(last.Mean, 0), money(last.P10, 0), money(last.P90, 0))
		}
	}
	legend := []legendItem{
		{s.Teams[0].Name, palette.TeamA, swatchLine},
		{s.Teams[1].Name, palette.TeamB, swatchLine},
		{"P10–P90 of runs", palette.Muted, swatchBand},
	}
	from, to := CrossoverSpan(s)
	if s.Crossover != nil {
		desc += fmt.Sprintf(" %s stays ahead from week %d; within the 95%% confidence intervals of the paired difference, from week %d to %d.",
			s.Teams[1].Name, *s.Crossover, from, to)
		legend = append(legend, legendItem{"crossover, with its 95% CI range", palette.Ink, swatchRange})
	}
	c := newChart("Cumulative net revenue", desc, legend)
	ya := niceAxis(lo, hi, 5)
	y := c.yAxis(ya, func(v, step float64) string { return money(v, step) }, "net revenue to date")
	x := scale{0, float64(weeks), c.plot.x0, c.plot.x1}
	ticks := c.quarters(weeks, x)
	if s.Crossover != nil {
		c.span(x.at(float64(from)), x.at(float64(to)), c.plot.y0, c.plot.y1, 2, fill(palette.Ink), rangeOpacity)
	}
	for i, t := range s.Teams {
		c.band(t.Weekly, x, y, palette.TeamColor(i))
	}
	for i, t := range s.Teams {
		xs, ys := []float64{x.at(0)}, []float64{y.at(0)}
		for _, ws := range t.Weekly {
			xs, ys = append(xs, x.at(float64(ws.Week))), append(ys, y.at(ws.Mean))
		}
		c.Path(path(xs, ys), noFill, stroke(palette.TeamColor(i), 2.5), `stroke-linejoin="round"`)
	}
	if s.Crossover != nil {
		c.marker(x.at(float64(*s.Crossover)), fmt.Sprintf("%s ahead from week %d (%d–%d)", s.Teams[1].Name, *s.Crossover, from, to))
	}
	c.xAxis(ticks, x, func(v float64) string { return fmt.Sprintf("week %d", int(v)) }, "week")
	return c.finish(w)
}

// CrossoverSpan is the range of weeks where the crossover may lie, from the summary's range: to
// the last week when the intervals do not show B ahead by then.
func CrossoverSpan(s *sim.Summary) (from, to int) {
	from, to = 1, s.Weeks
	if r := s.CrossoverRange; r.Earliest != nil {
		from = *r.Earliest
		if r.Latest != nil {
			to = *r.Latest
		}
	}
	return from, to
}

// quarters draws a gridline at every quarter (every year when quarters would crowd) and
// returns the weeks to label: quarters, or the fewest whole quarters apart that leave room for
// a label. A run shorter than a quarter is labelled in whole weeks.
func (c *chart) quarters(weeks int, x scale) []float64 {
	perWeek := x.at(1) - x.at(0)
	if weeks < sim.WeeksPerQuarter {
		var ticks []float64
		step := math.Ceil(niceAxis(0, float64(weeks), 4).step)
		for wk := 0.0; wk <= float64(weeks); wk += step {
			ticks = append(ticks, wk)
		}
		return ticks
	}
	grid := sim.WeeksPerQuarter
	if float64(grid)*perWeek < 12 {
		grid *= 4
	}
	for wk := 0; wk <= weeks; wk += grid {
		px := int(x.at(float64(wk)) + 0.5)
		c.Line(px, int(c.plot.y0), px, int(c.plot.y1), stroke(palette.Grid, 1))
	}
	room := textWidth(fmt.Sprintf("week %d", weeks), textSize) + 12
	every := sim.WeeksPerQuarter
	for _, quarters := range []int{1, 2, 4, 8, 20, 40} {
		if every = quarters * sim.WeeksPerQuarter; float64(every)*perWeek >= room {
			break
		}
	}
	var ticks []float64
	for wk := 0; wk <= weeks; wk += every {
		ticks = append(ticks, float64(wk))
	}
	return ticks
}

// band fills the P10-P90 range of weekly values.
func (c *chart) band(weekly []sim.WeekStat, x, y scale, col color.RGBA) {
	xs, ys := []float64{x.at(0)}, []float64{y.at(0)}
	for _, ws := range weekly {
		xs, ys = append(xs, x.at(float64(ws.Week))), append(ys, y.at(ws.P90))
	}
	for i := len(weekly) - 1; i >= 0; i-- {
		xs, ys = append(xs, x.at(float64(weekly[i].Week))), append(ys, y.at(weekly[i].P10))
	}
	c.Path(path(xs, ys)+" Z", fill(col), `fill-opacity="0.15"`)
}

// marker draws a dashed vertical line at px with a label near the bottom of the plot, on
// whichever side has room, where cumulative curves leave space.
func (c *chart) marker(px float64, label string) {
	c.Line(int(px+0.5), int(c.plot.y0), int(px+0.5), int(c.plot.y1), stroke(palette.Ink, 1.5), `stroke-dasharray="5 4"`)
	anchor, tx := "end", px-6
	if px-c.plot.x0 < textWidth(label, textSize)+12 {
		anchor, tx = "start", px+6
	}
	c.Text(int(math.Round(tx)), int(c.plot.y1)-10, label, `text-anchor="`+anchor+`"`, fill(palette.Ink), halo)
}
