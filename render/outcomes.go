package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"image/color"
	"io"
	"strings"

	"github.com/pipesim/pipesim/sim"
)

// OutcomesChart draws the distribution of net revenue per run for both teams as overlaid
// histograms, with each team's P10-P90 range, median and the 95% confidence interval of its
// mean in a strip above them. s is a's summary.
func OutcomesChart(w io.Writer, a *sim.Aggregate, s *sim.Summary) error {
	key := sim.Metrics[sim.NetRevenue].Key
	var xs, ws [2][]float64
	for i := range a.Teams {
		xs[i], ws[i] = a.Teams[i].Metrics[sim.NetRevenue].Quantiles.Weighted()
	}
	g := grid(xs[0], xs[1])
	h := [2]bins{g.fill(xs[0], ws[0]), g.fill(xs[1], ws[1])}

	var desc strings.Builder
	fmt.Fprintf(&desc, "Histogram of net revenue per run over %d paired runs.", s.Runs)
	for _, t := range s.Teams {
		st := t.Metrics[key]
		fmt.Fprintf(&desc, " %s: mean %s (95%% CI %s to %s), P10 %s, median %s, P90 %s.", t.Name,
			money(st.Mean, 0), money(st.CILo, 0), money(st.CIHi, 0), money(st.P10, 0), money(st.P50, 0), money(st.P90, 0))
	}
	c := newChart("Net revenue per run", desc.String(), []legendItem{
		{s.Teams[0].Name, palette.TeamA, swatchBox},
		{s.Teams[1].Name, palette.TeamB, swatchBox},
		{"both", palette.Muted, swatchOverlap},
		{"P10–P90", palette.Ink, swatchLine},
		{"median", palette.Ink, swatchRing},
		{"mean, 95% CI", palette.Ink, swatchCI},
	})
	// Two strip rows sit between the axis caption and the bars.
	c.plot.y0 += 2 * 18
	y := c.yAxis(niceAxis(0, max(h[0].highest(), h[1].highest()), 4), percentTick, "share of runs")
	lo, hi := g.extent()
	xa := niceAxis(lo, hi, 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	// Fills first, outlines on top, so neither team's shape hides under the other's.
	for i := range h {
		c.Path(h[i].outline(x, y)+" Z", fill(palette.TeamColor(i)), histogramOpacity)
	}
	for i := range h {
		c.Path(h[i].outline(x, y), noFill, stroke(palette.TeamColor(i), 2), `stroke-linejoin="round"`)
	}
	for i, t := range s.Teams {
		c.strip(t.Metrics[key], x, c.plot.y0-2*18+float64(float64(i)*18)+4, palette.TeamColor(i))
	}
	c.xAxis(xa.ticks, x, func(v float64) string { return money(v, xa.step) }, "net revenue per run")
	return c.finish(w)
}

// strip draws one team's P10-P90 line, median ring and mean CI block centred on cy.
func (c *chart) strip(st sim.Stat, x scale, cy float64, col color.RGBA) {
	x10, x50, x90 := x.at(st.P10), x.at(st.P50), x.at(st.P90)
	c.Path(path([]float64{x10, x90}, []float64{cy, cy}), stroke(col, 2))
	for _, px := range []float64{x10, x90} {
		c.Path(path([]float64{px, px}, []float64{cy - 5, cy + 5}), stroke(col, 2))
	}
	c.span(x.at(st.CILo), x.at(st.CIHi), cy-5, cy+5, 3, fill(col))
	c.Circle(int(x50+0.5), int(cy+0.5), 4, `fill="#FFFFFF"`, stroke(col, 2))
}

func percentTick(v, step float64) string { return formatValue(sim.Rate, v, step) }
