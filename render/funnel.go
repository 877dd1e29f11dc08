package render

import (
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"image/color"
	"io"

	"github.com/pipesim/pipesim/sim"
)

// FunnelChart draws, per stage and team, the deals that entered the stage in an average run as
// one bar split into those that advanced, were lost, ended in no decision, or were still open
// at the end.
func FunnelChart(w io.Writer, s *sim.Summary) error {
	perRun := func(n int64) float64 { return float64(n) / float64(max(1, s.Runs)) }
	stages := len(s.Teams[0].Funnel)
	widest, top := 0.0, 0.0
	desc := fmt.Sprintf("Deals per run in each stage, averaged over %d paired runs.", s.Runs)
	for i := range stages {
		widest = max(widest, textWidth(s.Teams[0].Funnel[i].Stage, textSize))
		for _, t := range s.Teams {
			f := t.Funnel[i]
			top = max(top, perRun(f.Entered))
			desc += fmt.Sprintf(" %s, %s: %s entered, %s advanced, %s lost, %s no decision.", f.Stage, t.Name,
				count(perRun(f.Entered)), count(perRun(f.Advanced)), count(perRun(f.Lost)), count(perRun(f.NoDecision)))
		}
	}
	const bar, pairGap, groupGap = 18, 3, 16
	group := 2*bar + pairGap + groupGap
	c := newChart("Sales funnel by stage", desc, []legendItem{
		{s.Teams[0].Name, palette.TeamA, swatchBox},
		{s.Teams[1].Name, palette.TeamB, swatchBox},
		{"advanced", palette.Won, swatchBox},
		{"lost", palette.Lost, swatchBox},
		{"no decision", palette.NoDecision, swatchBox},
		{"open at end", palette.Stalled, swatchBox},
	})
	c.setHeight(int(c.plot.y0) + stages*group + 52)
	c.plot.x0 = margin + widest + 22
	c.plot.x1 -= 40 // room for the label after the longest bar
	xa := niceAxis(0, top, 6)
	x := scale{xa.lo, xa.hi, c.plot.x0, c.plot.x1}
	for _, v := range xa.ticks {
		px := int(x.at(v) + 0.5)
		c.Line(px, int(c.plot.y0), px, int(c.plot.y1), stroke(palette.Grid, 1))
	}
	c.Text(margin, int(c.top), "stage", fill(palette.Muted))
	for i := range stages {
		y0 := c.plot.y0 + float64(i*group) + 4
		c.Text(margin, int(y0+bar+pairGap/2+5), s.Teams[0].Funnel[i].Stage, fill(palette.Ink))
		for t := range s.Teams {
			f := s.Teams[t].Funnel[i]
			y := y0 + float64(t*(bar+pairGap))
			open := max(0, f.Entered-f.Advanced-f.Lost-f.NoDecision)
			c.stack(x, y, bar, []float64{perRun(f.Advanced), perRun(f.Lost), perRun(f.NoDecision), perRun(open)},
				[]color.RGBA{palette.Won, palette.Lost, palette.NoDecision, palette.Stalled})
			c.Rect(int(c.plot.x0)-8, int(y), 5, bar, fill(palette.TeamColor(t)))
			end := x.at(perRun(f.Entered))
			c.Text(int(end)+6, int(y)+bar/2+5, count(perRun(f.Entered)), fill(palette.Ink))
		}
	}
	c.xAxis(xa.ticks, x, func(v float64) string { return number(v, decimals(xa.step)) }, "deals per run (bar: all that entered the stage)")
	return c.finish(w)
}

// stack draws adjacent horizontal segments from zero, one per value.
func (c *chart) stack(x scale, y float64, h int, values []float64, cols []color.RGBA) {
	at := 0.0
	for i, v := range values {
		x0, x1 := int(x.at(at)+0.5), int(x.at(at+v)+0.5)
		if x1 > x0 {
			c.Rect(x0, int(y), x1-x0, h, fill(cols[i]))
		}
		at += v
	}
}

// count formats a per-run average of deals: whole above ten, one decimal below.
func count(v float64) string {
	if v >= 10 {
		return number(v, 0)
	}
	return number(v, 1)
}
