package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"io"

	"github.com/pipesim/pipesim/sim"
)

// DifferenceChart draws the histogram of the paired difference in net revenue, team B minus
// team A, run by run: bars right of zero are runs B won, left of zero runs A won. The mean
// difference and its 95% confidence interval are marked. s is a's summary.
func DifferenceChart(w io.Writer, a *sim.Aggregate, s *sim.Summary) error {
	xs, ws := a.DiffQ.Weighted()
	h := grid(xs).fill(xs, ws)
	d := s.Diff[sim.Metrics[sim.NetRevenue].Key]
	ta, tb := s.Teams[0].Name, s.Teams[1].Name
	mean := fmt.Sprintf("mean %s (95%% CI %s to %s)", signed(d.Mean, money(d.Mean, 0)),
		signed(d.CILo, money(d.CILo, 0)), signed(d.CIHi, money(d.CIHi, 0)))
	desc := fmt.Sprintf("Histogram of %s's net revenue minus %s's in each of %d paired runs: %s; %s ahead in %s of runs.",
		tb, ta, s.Runs, mean, tb, formatValue(sim.Rate, s.BWinShare, 0))
	c := newChart(fmt.Sprintf("Paired difference: %s − %s", tb, ta), desc, []legendItem{
		{tb + " earned more", palette.TeamB, swatchBox},
		{ta + " earned more", palette.TeamA, swatchBox},
		{"mean difference, 95% CI", palette.Ink, swatchBand},
	})
	c.plot.y0 += lineHeight // room for the mean's label above the bars
	y := c.yAxis(niceAxis(0, h.highest(), 4), percentTick, "share of runs")
	lo, hi := h.extent()
	xa := niceAxis(min(lo, 0), max(hi, 0), 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	for k, share := range h.weights {
		lo := h.start + float64(float64(k)*h.width)
		// Edges sit on multiples of the width, so a bin lies wholly on one side of zero; only
		// the lone bin of identical differences is centred on its value, grey when that is a tie.
		col := palette.TeamB
		switch mid := lo + float64(h.width/2); {
		case mid < 0:
			col = palette.TeamA
		case mid == 0:
			col = palette.NoDecision
		}
		x0, x1 := int(x.at(lo)+0.5), int(x.at(lo+h.width)+0.5)
		if top := int(y.at(share) + 0.5); share > 0 {
			c.Rect(x0, top, max(1, x1-x0-1), max(1, int(c.plot.y1)-top), fill(col))
		}
	}
	top := c.plot.y0 - lineHeight + 4
	c.span(x.at(d.CILo), x.at(d.CIHi), top, c.plot.y1, 3, fill(palette.Ink), `fill-opacity="0.18"`)
	px := x.at(d.Mean)
	c.Path(path([]float64{px, px}, []float64{top, c.plot.y1}), stroke(palette.Ink, 1.5))
	z := x.at(0)
	c.Path(path([]float64{z, z}, []float64{c.plot.y0, c.plot.y1}), stroke(palette.Muted, 1.5), `stroke-dasharray="5 4"`)
	// The mean's label goes beside its line at the top, on the side with room.
	label := mean
	lx, anchor := px+8, "start"
	if px+8+textWidth(label, textSize) > c.plot.x1 {
		lx, anchor = px-8, "end"
	}
	c.Text(int(lx), int(c.plot.y0)-8, label, `text-anchor="`+anchor+`"`, fill(palette.Ink), halo)
	c.xAxis(xa.ticks, x, func(v float64) string { return money(v, xa.step) },
		fmt.Sprintf("net revenue of %s minus %s, per run", tb, ta))
	return c.finish(w)
}
