package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"io"

	"github.com/pipesim/pipesim/sim"
)

// sourceKeys are the metrics that split net revenue by where the deal came from.
var sourceKeys = []struct{ key, label string }{
	{"revenue_new", "new logos"},
	{"revenue_repeat", "repeat business"},
	{"revenue_referral", "referrals"},
}

// SourcesChart draws the mean net revenue per run from new logos, repeat business and
// referrals, a bar per team with the 95% confidence interval of its mean.
func SourcesChart(w io.Writer, s *sim.Summary) error {
	hi := 0.0
	desc := fmt.Sprintf("Mean net revenue per run by source over %d paired runs.", s.Runs)
	for _, src := range sourceKeys {
		desc += " " + src.label + ":"
		for _, t := range s.Teams {
			st := t.Metrics[src.key]
			hi = max(hi, st.CIHi, st.Mean)
			desc += fmt.Sprintf(" %s %s (95%% CI %s to %s);", t.Name, money(st.Mean, 0), money(st.CILo, 0), money(st.CIHi, 0))
		}
	}
	c := newChart("Net revenue by source", desc, []legendItem{
		{s.Teams[0].Name, palette.TeamA, swatchBox},
		{s.Teams[1].Name, palette.TeamB, swatchBox},
		{"95% CI of the mean", palette.Ink, swatchLine},
	})
	c.plot.y0 += lineHeight // room for the value over the tallest bar
	ya := niceAxis(0, hi, 5)
	y := c.yAxis(ya, func(v, step float64) string { return money(v, step) }, "mean net revenue per run")
	groupW := (c.plot.x1 - c.plot.x0) / float64(len(sourceKeys))
	barW := min(110, groupW*0.32)
	var ticks []float64
	for g, src := range sourceKeys {
		mid := c.plot.x0 + float64(groupW*(float64(g)+0.5))
		ticks = append(ticks, float64(g))
		for i, t := range s.Teams {
			st := t.Metrics[src.key]
			x0 := mid + float64(float64(i-1)*barW) - float64(float64(1-2*i)*3) // a 6-unit gap between the pair
			top := y.at(max(0, st.Mean))
			c.Rect(int(x0+0.5), int(top+0.5), int(barW+0.5), max(0, int(y.at(0)-top+0.5)), fill(palette.TeamColor(i)))
			cx := x0 + float64(barW/2)
			lo, up := y.at(st.CILo), y.at(st.CIHi)
			c.Path(path([]float64{cx, cx}, []float64{lo, up}), stroke(palette.Ink, 1.5))
			for _, cap := range []float64{lo, up} {
				c.Path(path([]float64{cx - 6, cx + 6}, []float64{cap, cap}), stroke(palette.Ink, 1.5))
			}
			c.Text(int(cx+0.5), int(min(up, top)-8), money(st.Mean, 0), `text-anchor="middle"`, fill(palette.Ink))
		}
	}
	cat := scale{-0.5, float64(len(sourceKeys)) - 0.5, c.plot.x0, c.plot.x1}
	c.xAxis(ticks, cat, func(v float64) string { return sourceKeys[int(v)].label }, "where the revenue came from")
	return c.finish(w)
}
