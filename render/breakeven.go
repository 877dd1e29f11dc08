package render

import (
	"fmt"
	"io"
	"math"

	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim/experiment"
)

// BreakEvenChart draws a break-even search: B - A net revenue against the parameter at every
// value tried, over the band of its 95% confidence interval, the zero line, and the break-even
// value with its interval shaded.
func BreakEvenChart(w io.Writer, r *experiment.BreakEvenResult, teams [2]string) error {
	desc := fmt.Sprintf("%s minus %s net revenue against %s at %d values.", teams[1], teams[0], r.Key, len(r.Points))
	ylo, yhi := 0.0, 0.0
	for _, p := range r.Points {
		ylo, yhi = min(ylo, p.Diff.CILo), max(yhi, p.Diff.CIHi)
		desc += fmt.Sprintf(" At %s: %s;", plain(p.Value, 0.001), signed(p.Diff.Mean, money(p.Diff.Mean, 0)))
	}
	items := []legendItem{
		{"B − A, mean", palette.Ink, swatchLine},
		{"95% CI", palette.Muted, swatchBand},
	}
	if r.Value != nil {
		items = append(items, legendItem{"break-even, 95% CI", palette.Ink, swatchRange})
		desc += " " + r.String()
	}
	c := newChart(fmt.Sprintf("Net revenue B − A by %s", r.Key), desc, items)
	ya := niceAxis(ylo, yhi, 5)
	y := c.yAxis(ya, func(v, step float64) string { return signed(v, money(v, step)) }, "B − A net revenue")
	xa := niceAxis(r.Lo, r.Hi, 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	if r.Value != nil {
		lo, hi := xa.lo, xa.hi
		if r.CILo != nil {
			lo = *r.CILo
		}
		if r.CIHi != nil {
			hi = *r.CIHi
		}
		c.span(x.at(lo), x.at(hi), c.plot.y0, c.plot.y1, 2, fill(palette.Ink), rangeOpacity)
	}
	zero := y.at(0)
	c.Line(int(c.plot.x0), int(zero+0.5), int(c.plot.x1), int(zero+0.5), stroke(palette.Muted, 1.5))
	var xs, mean, lo, hi []float64
	for _, p := range r.Points {
		xs = append(xs, x.at(p.Value))
		mean, lo, hi = append(mean, y.at(p.Diff.Mean)), append(lo, y.at(p.Diff.CILo)), append(hi, y.at(p.Diff.CIHi))
	}
	if len(xs) > 0 {
		bx, by := append([]float64{}, xs...), append([]float64{}, hi...)
		for k := len(xs) - 1; k >= 0; k-- {
			bx, by = append(bx, xs[k]), append(by, lo[k])
		}
		c.Path(path(bx, by)+" Z", fill(palette.Muted), `fill-opacity="0.25"`)
		c.Path(path(xs, mean), noFill, stroke(palette.Ink, 2.5), `stroke-linejoin="round"`)
		for k := range xs {
			c.Circle(int(math.Round(xs[k])), int(math.Round(mean[k])), 3, fill(palette.Ink))
		}
	}
	if r.Value != nil {
		c.marker(x.at(*r.Value), "break-even "+plain(*r.Value, 0.001))
	}
	c.xAxis(xa.ticks, x, func(v float64) string { return plain(v, xa.step) }, r.Key)
	return c.finish(w)
}
