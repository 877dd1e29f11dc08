package render

import (
	"bytes"
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"image/color"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	svg "github.com/ajstarks/svgo"
)

// Every chart shares one geometry: a fixed viewBox width (the SVG scales to its container), a
// header with the title and the legend, a plot area, and axis labels around it. Sizes are in
// viewBox units, which are pixels when the chart is shown 800 wide.
const (
	chartWidth = 800
	margin     = 16 // around the whole chart
	textSize   = 13 // ticks, legend and notes
	titleSize  = 16
	lineHeight = 20
	fontFamily = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`
)

// textWidth estimates the width of s set in the chart's font. Layout uses it to keep labels
// apart; 0.56 em per character errs wide for proportional sans-serif faces.
func textWidth(s string, size float64) float64 {
	return float64(float64(utf8.RuneCountInString(s)) * size * 0.56)
}

type rect struct{ x0, y0, x1, y1 float64 }

// chart is one SVG under construction. It draws into a buffer because svgo ignores write
// errors; finish hands the whole document to the caller's writer and reports its error.
type chart struct {
	buf bytes.Buffer // the body; finish writes the header once the height is known
	*svg.SVG
	title, desc string
	height      int
	plot        rect    // where the data goes
	top         float64 // baseline of the y axis's caption, above the plot
}

// swatch is how a legend item shows its series.
type swatch int

const (
	swatchBox     swatch = iota // a filled square: bars
	swatchLine                  // a line: a mean over time
	swatchBand                  // a pale block: a P10-P90 or CI band
	swatchDash                  // a dashed line: a marker line
	swatchRing                  // a ring: a median
	swatchRange                 // a faint block split by a dashed line: a marker with its range
	swatchCI                    // a narrow upright block: a mean's confidence interval in a strip
	swatchOverlap               // both teams' pale fills laid over each other: where histograms overlap
)

// histogramOpacity is how strongly a team's histogram is filled; where the two overlap, the
// fills mix.
const histogramOpacity = `fill-opacity="0.2"`

// rangeOpacity is how strongly a marker's range (the crossover's) shades the plot.
const rangeOpacity = `fill-opacity="0.12"`

type legendItem struct {
	label string
	color color.RGBA
	kind  swatch
}

// newChart starts a chart, 420 high unless the chart says otherwise with setHeight, with an
// accessible title and description, the visible title, and the legend beside it (or wrapped
// under it when it does not fit). The plot area lies between the header and room for the x
// axis's labels; charts adjust it.
func newChart(title, desc string, legend []legendItem) *chart {
	c := &chart{title: title, desc: desc}
	c.SVG = svg.New(&c.buf)
	baseline := margin + titleSize - 2
	c.Text(margin, baseline, title, fmt.Sprintf(`font-size="%d"`, titleSize), `font-weight="600"`, fill(palette.Ink))
	bottom := c.legend(legend, float64(margin)+textWidth(title, titleSize)+24, float64(baseline))
	c.top = bottom + lineHeight + 4
	c.plot = rect{x0: 72, y0: c.top + 16, x1: chartWidth - margin - 8}
	c.setHeight(420)
	return c
}

// setHeight sets the chart's height and the plot's bottom edge under it.
func (c *chart) setHeight(h int) {
	c.height = h
	c.plot.y1 = float64(h - 52)
}

// legend lays items out right-aligned on the title's line if they fit there, otherwise in
// rows under the title. It returns the baseline of the header's last line.
func (c *chart) legend(items []legendItem, after, baseline float64) float64 {
	widths := make([]float64, len(items))
	total := 0.0
	for i, it := range items {
		widths[i] = 24 + textWidth(it.label, textSize)
		total += widths[i] + 16
	}
	total -= 16
	x, y := float64(chartWidth-margin)-total, baseline
	if x < after {
		x, y = margin, baseline+lineHeight+2
	}
	for i, it := range items {
		if x+widths[i] > chartWidth-margin && x > margin {
			x, y = margin, y+lineHeight
		}
		c.swatch(it, x, y-4)
		c.Text(int(x+24), int(y), it.label, fill(palette.Ink))
		x += widths[i] + 16
	}
	return y
}

// swatch draws a legend symbol 18 wide centred vertically on cy.
func (c *chart) swatch(it legendItem, x, cy float64) {
	ix, iy := int(x), int(cy)
	switch it.kind {
	case swatchBox:
		c.Rect(ix+3, iy-6, 12, 12, fill(it.color))
	case swatchLine:
		c.Line(ix, iy, ix+18, iy, stroke(it.color, 2.5))
	case swatchBand:
		c.Rect(ix, iy-5, 18, 10, fill(it.color), `fill-opacity="0.25"`)
	case swatchDash:
		c.Line(ix, iy, ix+18, iy, stroke(it.color, 2), `stroke-dasharray="4 3"`)
	case swatchRing:
		c.Circle(ix+9, iy, 4, `fill="#FFFFFF"`, stroke(it.color, 2))
	case swatchCI:
		c.Rect(ix+6, iy-5, 6, 10, fill(it.color))
	case swatchOverlap:
		for i := range 2 {
			c.Rect(ix+3, iy-6, 12, 12, fill(palette.TeamColor(i)), histogramOpacity)
		}
		c.Rect(ix+3, iy-6, 12, 12, noFill, stroke(palette.Muted, 1))
	case swatchRange:
		c.Rect(ix, iy-7, 18, 14, fill(it.color), rangeOpacity)
		c.Line(ix+9, iy-7, ix+9, iy+7, stroke(it.color, 1.5), `stroke-dasharray="3 2"`)
	}
}

// yAxis draws horizontal gridlines and value labels for a, and the axis caption above the
// labels. It moves the plot's left edge to just clear the widest label, so call it before
// anything takes an x position.
func (c *chart) yAxis(a axis, label func(v, step float64) string, caption string) scale {
	labels := make([]string, len(a.ticks))
	widest := 0.0
	for i, v := range a.ticks {
		labels[i] = label(v, a.step)
		widest = max(widest, textWidth(labels[i], textSize))
	}
	c.plot.x0 = max(48, margin+widest+10)
	y := scale{a.lo, a.hi, c.plot.y1, c.plot.y0}
	for i, v := range a.ticks {
		py := int(y.at(v) + 0.5)
		c.Line(int(c.plot.x0), py, int(c.plot.x1), py, stroke(palette.Grid, 1))
		c.Text(int(c.plot.x0-8), py+4, labels[i], `text-anchor="end"`, fill(palette.Muted))
	}
	c.Text(margin, int(c.top), caption, fill(palette.Muted))
	return y
}

// xAxis draws the baseline and labels at ticks (in data units, placed by x), dropping every
// other label until neighbours no longer touch, and the caption under them.
func (c *chart) xAxis(ticks []float64, x scale, label func(float64) string, caption string) {
	y := int(c.plot.y1)
	c.Line(int(c.plot.x0), y, int(c.plot.x1), y, stroke(palette.Muted, 1))
	labels := make([]string, len(ticks))
	for i, v := range ticks {
		labels[i] = label(v)
	}
	for _, i := range spaced(ticks, labels, x) {
		px := int(x.at(ticks[i]) + 0.5)
		c.Line(px, y, px, y+5, stroke(palette.Muted, 1))
		// Labels at the ends of the axis shift inwards rather than run off the chart.
		half := float64(textWidth(labels[i], textSize) / 2)
		lx := min(max(float64(px), margin/2+half), chartWidth-margin/2-half)
		c.Text(int(lx), y+20, labels[i], `text-anchor="middle"`, fill(palette.Muted))
	}
	c.Text(int((c.plot.x0+c.plot.x1)/2), y+42, caption, `text-anchor="middle"`, fill(palette.Ink))
}

// spaced returns the indices of the labels to show: every k-th for the smallest k at which
// neighbouring labels keep a gap.
func spaced(ticks []float64, labels []string, x scale) []int {
	for k := 1; ; k++ {
		var keep []int
		ok := true
		for i := 0; i < len(ticks); i += k {
			if n := len(keep); n > 0 {
				j := keep[n-1]
				gap := x.at(ticks[i]) - x.at(ticks[j])
				if gap < float64((textWidth(labels[i], textSize)+textWidth(labels[j], textSize))/2)+10 {
					ok = false
					break
				}
			}
			keep = append(keep, i)
		}
		if ok || k >= len(ticks) {
			return keep
		}
	}
}

// finish writes the document to w: the svg element sized by a viewBox, its title and
// description, a white ground, and the body.
func (c *chart) finish(w io.Writer) error {
	var doc bytes.Buffer
	d := svg.New(&doc)
	d.Startraw(fmt.Sprintf(`viewBox="0 0 %d %d"`, chartWidth, c.height), fmt.Sprintf(`width="%d"`, chartWidth),
		fmt.Sprintf(`height="%d"`, c.height), `role="img"`, fmt.Sprintf(`font-family="%s"`, fontFamily),
		fmt.Sprintf(`font-size="%d"`, textSize))
	d.Title(c.title)
	d.Desc(c.desc)
	d.Rect(0, 0, chartWidth, c.height, `fill="#FFFFFF"`)
	doc.Write(c.buf.Bytes())
	d.End()
	_, err := w.Write(doc.Bytes())
	return err
}

// path builds an SVG path through the points, with one decimal: enough at 800 units wide.
func path(xs, ys []float64) string {
	var b strings.Builder
	for i := range xs {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString(" L")
		}
		b.WriteString(coord(xs[i]) + " " + coord(ys[i]))
	}
	return b.String()
}

func coord(v float64) string { return strconv.FormatFloat(finite(v), 'f', 1, 64) }

func fill(c color.RGBA) string { return fmt.Sprintf(`fill="%s"`, palette.Hex(c)) }

func stroke(c color.RGBA, width float64) string {
	return fmt.Sprintf(`stroke="%s" stroke-width="%s"`, palette.Hex(c), strconv.FormatFloat(width, 'g', -1, 64))
}

// noFill keeps an open path from being filled black.
const noFill = `fill="none"`

// halo keeps a label readable where it crosses data: a white outline painted under the glyphs.
const halo = `stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke"`

// span draws a filled rectangle between data coordinates, at least minW wide so that a tiny
// confidence interval stays visible.
func (c *chart) span(x0, x1, y0, y1, minW float64, attrs ...string) {
	if x1-x0 < minW {
		mid := float64((x0 + x1) / 2)
		x0, x1 = mid-float64(minW/2), mid+float64(minW/2)
	}
	c.Path(path([]float64{x0, x1, x1, x0}, []float64{y0, y0, y1, y1})+" Z", attrs...)
}
