// Package scene is the canvas's picture of a live run, without drawing: where every
// opportunity's dot is, how it glides between stages and flies to the Won, Lost and No decision
// bins, how stalled deals pulse and customers are shaded. The Ebiten game feeds it weeks of a
// sim.World and frame ticks and draws the shapes and labels it lists; because it imports no
// Ebiten and no syscall/js, its logic is tested and benchmarked natively.
package scene

import "github.com/pipesim/pipesim/sim"

// Rect is an axis-aligned box in device pixels.
type Rect struct{ X, Y, W, H float64 }

// Right is the box's right edge.
func (r Rect) Right() float64 { return r.X + r.W }

// Bottom is the box's bottom edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Contains reports whether the point lies in the box.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.Right() && y >= r.Y && y < r.Bottom()
}

// Column is a place a dot can be: the four open stages, then the three outcome bins.
type Column int

// The columns from left to right.
const (
	ColWon Column = sim.NumStages + iota
	ColLost
	ColNoDecision
	NumColumns
)

// ColumnNames are the headings of the columns.
var ColumnNames = [NumColumns]string{"Qualified", "Discovery", "Proposal", "Negotiation", "Won", "Lost", "No decision"}

// Lane is one team's band of the canvas.
type Lane struct {
	Box       Rect             // the panel
	Info      Rect             // left: name, revenue, quota bars
	Pipeline  Rect             // the columns' area
	Columns   [NumColumns]Rect // one per stage and outcome
	Customers Rect             // strip of customer squares along the bottom
}

// Layout is the geometry of the canvas at one size. Sizes scale with the device pixel ratio,
// so text and dots keep their size in CSS pixels and stay crisp.
type Layout struct {
	W, H   float64 // device pixels
	Scale  float64 // device pixels per CSS pixel
	Header Rect    // week and quarter
	Heads  Rect    // column headings
	Lanes  [2]Lane
}

// Px converts CSS pixels to device pixels.
func (l *Layout) Px(css float64) float64 { return css * l.Scale }

// NewLayout lays out a canvas of w x h device pixels at the given device pixel ratio. A large
// canvas (a projector) zooms text and dots up to 1.6 times, so the back of the room can read it.
func NewLayout(w, h, dpr float64) Layout {
	if dpr <= 0 {
		dpr = 1
	}
	l := Layout{W: w, H: h, Scale: dpr * Zoom(w/dpr, h/dpr)}
	pad := l.Px(10)
	l.Header = Rect{pad, 0, w - 2*pad, l.Px(34)}
	l.Heads = Rect{pad, l.Header.Bottom(), w - 2*pad, l.Px(20)}
	gap := l.Px(8)
	top := l.Heads.Bottom()
	laneH := max(l.Px(60), (h-top-pad-gap)/2)
	for i := range l.Lanes {
		box := Rect{pad, top + float64(i)*(laneH+gap), w - 2*pad, laneH}
		l.Lanes[i] = layLane(&l, box)
	}
	// Headings sit over the columns, which line up in both lanes.
	return l
}

// Zoom is the enlargement for a canvas of w x h CSS pixels: 1 up to a laptop's canvas,
// growing with the size, at most 1.6.
func Zoom(w, h float64) float64 {
	return min(1.6, max(1, min(w/950, h/620)))
}

func layLane(l *Layout, box Rect) Lane {
	ln := Lane{Box: box}
	infoW := min(max(0.15*box.W, l.Px(130)), l.Px(200))
	stripH := min(max(0.2*box.H, l.Px(26)), l.Px(56))
	inset := l.Px(8)
	ln.Info = Rect{box.X + inset, box.Y + inset, infoW - inset, box.H - 2*inset}
	ln.Customers = Rect{box.X + infoW + inset, box.Bottom() - stripH - inset/2, box.W - infoW - 2*inset, stripH}
	ln.Pipeline = Rect{box.X + infoW + inset, box.Y + inset, box.W - infoW - 2*inset, ln.Customers.Y - box.Y - 2*inset}
	colW := ln.Pipeline.W / float64(NumColumns)
	for c := range ln.Columns {
		ln.Columns[c] = Rect{ln.Pipeline.X + float64(c)*colW, ln.Pipeline.Y, colW, ln.Pipeline.H}
	}
	return ln
}
