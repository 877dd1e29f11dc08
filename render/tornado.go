package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim/stats"
	"image/color"
	"io"
	"math"
	"slices"
)

// Tornado is a one-at-a-time sensitivity analysis of the ratio of team B's mean net revenue to
// team A's: the ratio with the scenario as given, and with each parameter lowered and raised.
type Tornado struct {
	Teams [2]string    // team names, A then B
	Base  float64      // B/A with every parameter as given
	Range float64      // the relative change of each parameter, 0.2 for ±20%
	Bars  []TornadoBar // one per parameter, in any order: the chart ranks them
}

// TornadoBar is one parameter: its key, the values it was set to (as text, for the bar ends)
// and the B/A ratio at each.
type TornadoBar struct {
	Param               string
	Low, High           string  // the lowered and raised values, "0.96" or "×0.8" for a per-stage list
	LowRatio, HighRatio float64 // B/A at Low and at High; NaN when A earned nothing
}

// Swing is the bar's effect size, |HighRatio - LowRatio|, NaN when either ratio is unknown.
func (b TornadoBar) Swing() float64 { return math.Abs(b.HighRatio - b.LowRatio) }

// RankTornado orders bars by decreasing swing, unknown swings last, ties in the given order.
func RankTornado(bars []TornadoBar) {
	slices.SortStableFunc(bars, func(a, b TornadoBar) int { return stats.Descending(a.Swing(), b.Swing()) })
}

// TornadoChart draws a tornado chart: a row per parameter, largest swing at the top, each with
// two half bars from a line at the base ratio, the ratio with the parameter lowered (one colour,
// above) and raised (the other, below), each labelled with the parameter's value at its own end,
// and a dashed line at parity (B = A).
func TornadoChart(w io.Writer, t Tornado) error {
	bars := slices.Clone(t.Bars)
	RankTornado(bars)
	ta, tb := t.Teams[0], t.Teams[1]
	pct := number(100*t.Range, 1)
	ratio := func(v float64) string {
		if !finiteRatio(v) {
			return "n/a"
		}
		return number(v, 3)
	}
	desc := fmt.Sprintf("How %s's mean net revenue divided by %s's (%s with the scenario as given) changes when one parameter at a time is lowered and raised by %s%%, largest change first.",
		tb, ta, ratio(t.Base), pct)
	lo, hi := 1.0, 1.0
	if finiteRatio(t.Base) {
		lo, hi = min(lo, t.Base), max(hi, t.Base)
	}
	nameW, valueW := textWidth("parameter", textSize), 0.0
	for _, b := range bars {
		desc += fmt.Sprintf(" %s: at %s %s, at %s %s.", b.Param, b.Low, ratio(b.LowRatio), b.High, ratio(b.HighRatio))
		for _, r := range []float64{b.LowRatio, b.HighRatio} {
			if finiteRatio(r) {
				lo, hi = min(lo, r), max(hi, r)
			}
		}
		nameW = max(nameW, textWidth(b.Param, textSize))
		for _, e := range []struct {
			label string
			r     float64
		}{{b.Low, b.LowRatio}, {b.High, b.HighRatio}} {
			if !finiteRatio(e.r) {
				e.label += ": n/a"
			}
			valueW = max(valueW, textWidth(e.label, textSize))
		}
	}
	c := newChart(fmt.Sprintf("What moves %s ÷ %s net revenue (±%s%%)", tb, ta, pct), desc, []legendItem{
		{"parameter −" + pct + "%", palette.Lowered, swatchBox},
		{"parameter +" + pct + "%", palette.Raised, swatchBox},
		{"as given: " + ratio(t.Base), palette.Ink, swatchLine},
		{"parity, " + tb + " = " + ta, palette.Muted, swatchDash},
	})
	// Each parameter's row holds two half bars, lowered above raised, each from the base line
	// to its own ratio and labelled at its own end, so both ends read true even when lowering
	// and raising the parameter move the ratio the same way.
	const row, half, gap = 40, 14, 2
	c.setHeight(int(c.plot.y0) + max(1, len(bars))*row + 52)
	// The names take the left column; beside the plot on both sides is room for the value
	// at a bar's end, so that a label outside the longest bar still fits.
	c.plot.x0 = margin + nameW + 16 + valueW + 6
	c.plot.x1 = chartWidth - margin - valueW - 6
	xa := niceAxis(lo, hi, 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	for _, v := range xa.ticks {
		px := x.at(v)
		c.Path(path([]float64{px, px}, []float64{c.plot.y0, c.plot.y1}), stroke(palette.Grid, 1))
	}
	c.Text(margin, int(c.top), "parameter, and its value at each end (lowered above, raised below; largest swing first)", fill(palette.Muted))
	if len(bars) == 0 {
		c.Text(int((c.plot.x0+c.plot.x1)/2), int(c.plot.y0+row/2+5), "no parameters", `text-anchor="middle"`, fill(palette.Muted))
	}
	base := x.at(finite(t.Base))
	if !finiteRatio(t.Base) {
		base = x.at(1)
	}
	// Parity goes under the bars and the base line over them; the values at the bar ends go on
	// top of both, with a halo, so that neither line strikes through them.
	par := x.at(1)
	c.Path(path([]float64{par, par}, []float64{c.plot.y0 - 6, c.plot.y1}), stroke(palette.Muted, 1.5), `stroke-dasharray="5 4"`)
	var labels []tornadoLabel
	for i, b := range bars {
		top := c.plot.y0 + float64(i*row) + (row-2*half-gap)/2
		c.Text(margin, int(top+half+gap/2+5), b.Param, fill(palette.Ink))
		ends := []tornadoEnd{{b.LowRatio, b.Low, palette.Lowered, -1}, {b.HighRatio, b.High, palette.Raised, 1}}
		for j, e := range ends {
			y0 := top + float64(float64(j)*(half+gap))
			labels = append(labels, c.tornadoHalf(e, x, base, y0, y0+half))
		}
	}
	c.Path(path([]float64{base, base}, []float64{c.plot.y0 - 6, c.plot.y1}), stroke(palette.Ink, 2))
	for _, l := range labels {
		if l.end {
			c.Text(l.x, l.y, l.label, `text-anchor="end"`, fill(palette.Ink), halo)
		} else {
			c.Text(l.x, l.y, l.label, fill(palette.Ink), halo)
		}
	}
	c.xAxis(xa.ticks, x, func(v float64) string { return plain(v, xa.step) },
		fmt.Sprintf("mean net revenue of %s ÷ %s", tb, ta))
	return c.finish(w)
}

// tornadoEnd is one end of a parameter's bar: the ratio at the lowered or raised value, that
// value's text, its colour, and the side its label takes when the ratio equals the base.
type tornadoEnd struct {
	r     float64
	label string
	col   color.RGBA
	side  int // -1 left, 1 right
}

// tornadoLabel is a value to write at a bar's end, anchored at its end when left of it.
type tornadoLabel struct {
	x, y  int
	label string
	end   bool
}

// tornadoHalf draws one end's half bar between y0 and y1, from the base line at px base to the
// end's ratio (a thin tick where they are equal, nothing where the ratio is undefined), and
// returns its label, placed just outside the bar's end on the side where the ratio lies.
func (c *chart) tornadoHalf(e tornadoEnd, x scale, base, y0, y1 float64) tornadoLabel {
	mid := int(float64((y0+y1)/2) + 5)
	if !finiteRatio(e.r) {
		return tornadoLabel{int(base) + 4*e.side, mid, e.label + ": n/a", e.side < 0}
	}
	px := x.at(e.r)
	c.span(min(base, px), max(base, px), y0, y1, 2, fill(e.col))
	side := e.side
	switch {
	case px < base:
		side = -1
	case px > base:
		side = 1
	}
	if side < 0 {
		return tornadoLabel{int(min(px, base-1) - 4), mid, e.label, true}
	}
	return tornadoLabel{int(max(px, base+1) + 4), mid, e.label, false}
}

// finiteRatio tells a ratio that can be drawn from one that A's zero revenue left undefined.
func finiteRatio(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
