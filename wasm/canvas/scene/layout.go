// Package scene is the canvas's picture of a live run, without drawing: where every
// opportunity's dot is, how it glides between stages and flies to the Won, Lost and No decision
// bins, how stalled deals pulse and customers are shaded. The Ebiten game feeds it weeks of a
// sim.World and frame ticks and draws the shapes and labels it lists; because it imports no
// Ebiten and no syscall/js, its logic is tested and benchmarked natively.
package scene

import (
	"unicode/utf8"

	"github.com/pipesim/pipesim/sim"
)

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

// ColumnNames are the headings of the columns; the shorter sets stand in when columns are narrow.
var (
	ColumnNames = [NumColumns]string{"Qualified", "Discovery", "Proposal", "Negotiation", "Won", "Lost", "No decision"}
	shortNames  = [NumColumns]string{"Qual.", "Disc.", "Prop.", "Nego.", "Won", "Lost", "No dec."}
	tinyNames   = [NumColumns]string{"Q", "D", "P", "N", "W", "L", "ND"}
)

// Lane is one team's band of the canvas.
type Lane struct {
	Box       Rect             // the panel
	Info      Rect             // name, revenue, quota bars: left of the pipeline, or above it when narrow
	Pipeline  Rect             // the columns' area
	Columns   [NumColumns]Rect // one per stage and outcome
	Customers Rect             // strip of customer squares along the bottom
}

// Options are what the page asks of the layout besides the canvas's size.
type Options struct {
	// MinText is the smallest text in CSS pixels; 0 leaves the sizes as designed. Presenter
	// mode asks for 18, so the back of the room reads every label.
	MinText float64
}

// smallestText is the size of the canvas's smallest label, in CSS pixels, before MinText.
const smallestText = 12

// narrowWidth is the canvas width, in CSS pixels, below which the lane's name and revenue sit
// above the pipeline instead of beside it (a phone).
const narrowWidth = 640

// Layout is the geometry of the canvas at one size. Sizes scale with the device pixel ratio,
// so text and dots keep their size in CSS pixels and stay crisp.
type Layout struct {
	W, H   float64 // device pixels
	Scale  float64 // device pixels per CSS pixel, for shapes
	Text   float64 // device pixels per CSS pixel of designed text size
	Narrow bool    // the info sits above the pipeline
	Header Rect    // week and quarter
	Heads  Rect    // column headings
	Names  [NumColumns]string
	Lanes  [2]Lane
}

// Px converts CSS pixels to device pixels.
func (l *Layout) Px(css float64) float64 { return css * l.Scale }

// T converts a designed text size (or a distance between lines) in CSS pixels to device pixels.
func (l *Layout) T(css float64) float64 { return css * l.Text }

// NewLayout lays out a canvas of w x h device pixels at the given device pixel ratio. A large
// canvas (a projector) zooms text and dots up to 1.6 times, so the back of the room can read it.
func NewLayout(w, h, dpr float64, opt Options) Layout {
	if dpr <= 0 {
		dpr = 1
	}
	l := Layout{W: w, H: h, Scale: dpr * Zoom(w/dpr, h/dpr), Narrow: w/dpr < narrowWidth}
	l.Text = l.Scale
	if min := opt.MinText * dpr; min > smallestText*l.Text {
		l.Text = min / smallestText
	}
	pad := l.Px(10)
	l.Header = Rect{pad, 0, w - 2*pad, l.T(34)}
	if l.Narrow {
		l.Header.H = l.T(48) // the push window's note gets a line of its own
	}
	l.Heads = Rect{pad, l.Header.Bottom(), w - 2*pad, l.T(20)}
	gap := l.Px(8)
	top := l.Heads.Bottom()
	laneH := max(l.Px(60), (h-top-pad-gap)/2)
	for i := range l.Lanes {
		box := Rect{pad, top + float64(i)*(laneH+gap), w - 2*pad, laneH}
		l.Lanes[i] = layLane(&l, box)
	}
	l.Names = headings(l.Lanes[0].Columns[0].W, l.T(13))
	return l
}

// headings picks for each column the longest of its names that fits w at text size size, so
// headings never run into each other ("QualifiDiscoveryProposal").
func headings(w, size float64) [NumColumns]string {
	var names [NumColumns]string
	for c := range names {
		names[c] = tinyNames[c]
		for _, n := range []string{ColumnNames[c], shortNames[c]} {
			if TextWidth(n, size)+size*0.5 <= w {
				names[c] = n
				break
			}
		}
	}
	return names
}

// TextWidth estimates the width of s at a font size: 0.58 em a character errs wide for the
// Go fonts the canvas draws, so a label that is said to fit does.
func TextWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.58
}

// Zoom is the enlargement for a canvas of w x h CSS pixels: 1 up to a laptop's canvas,
// growing with the size, at most 1.6.
func Zoom(w, h float64) float64 {
	return min(1.6, max(1, min(w/950, h/620)))
}

func layLane(l *Layout, box Rect) Lane {
	if l.Narrow {
		return layNarrowLane(l, box)
	}
	ln := Lane{Box: box}
	infoW := min(max(0.15*box.W, l.T(130)), l.T(200))
	stripH := min(max(0.2*box.H, l.Px(26)), l.Px(56))
	inset := l.Px(8)
	ln.Info = Rect{box.X + inset, box.Y + inset, infoW - inset, box.H - 2*inset}
	ln.Customers = Rect{box.X + infoW + inset, box.Bottom() - stripH - inset/2, box.W - infoW - 2*inset, stripH}
	ln.Pipeline = Rect{box.X + infoW + inset, box.Y + inset, box.W - infoW - 2*inset, ln.Customers.Y - box.Y - 2*inset}
	layColumns(&ln)
	return ln
}

// layNarrowLane stacks a lane for a phone: name and revenue on a line across the top, then the
// pipeline and the customers at full width.
func layNarrowLane(l *Layout, box Rect) Lane {
	ln := Lane{Box: box}
	inset := l.Px(6)
	infoH := l.T(40)
	stripH := min(max(0.16*box.H, l.Px(20)), l.Px(40))
	ln.Info = Rect{box.X + inset, box.Y + inset, box.W - 2*inset, infoH}
	ln.Customers = Rect{box.X + inset, box.Bottom() - stripH - inset/2, box.W - 2*inset, stripH}
	ln.Pipeline = Rect{box.X + inset, ln.Info.Bottom(), box.W - 2*inset, ln.Customers.Y - ln.Info.Bottom() - inset}
	layColumns(&ln)
	return ln
}

func layColumns(ln *Lane) {
	colW := ln.Pipeline.W / float64(NumColumns)
	for c := range ln.Columns {
		ln.Columns[c] = Rect{ln.Pipeline.X + float64(c)*colW, ln.Pipeline.Y, colW, ln.Pipeline.H}
	}
}
