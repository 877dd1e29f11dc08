package scene

import (
	"image/color"
	"math"
	"strconv"

	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim/format"

	"github.com/pipesim/pipesim/sim"
)

// Shape is how a sprite is drawn.
type Shape uint8

// The shapes the game draws.
const (
	Disc Shape = iota // X, Y centre; W radius
	Ring              // X, Y centre; W radius
	Box               // X, Y top left; W, H size
)

// Sprite is one shape to draw, in straight (not premultiplied) alpha.
type Sprite struct {
	Shape      Shape
	X, Y, W, H float32
	C          color.RGBA
}

// Align places a label's text relative to its X.
type Align uint8

// Text alignments.
const (
	Left Align = iota
	Center
	Right
)

// Label is one line of text; X, Y is the top of the line at its Align point; Size is the font
// size in device pixels.
type Label struct {
	Text  string
	X, Y  float32
	Size  float32
	C     color.RGBA
	Align Align
	Bold  bool
}

// Frame lists what to draw, back to front: shapes, then labels, then the tooltip on top.
// Its slices are reused from frame to frame.
type Frame struct {
	Shapes    []Sprite
	Labels    []Label
	Tip       []Sprite
	TipLabels []Label
}

// Colours of the canvas beyond the shared palette: the dark ground's panels and text.
var (
	panel     = color.RGBA{0x1A, 0x23, 0x33, 0xFF}
	rule      = color.RGBA{0x2B, 0x36, 0x4A, 0xFF}
	textMain  = color.RGBA{0xF3, 0xF4, 0xF6, 0xFF}
	textMuted = color.RGBA{0x9C, 0xA3, 0xAF, 0xFF}
	tipGround = color.RGBA{0xF9, 0xFA, 0xFB, 0xF2}
)

// Fill lists this frame's shapes and labels into f.
func (sc *Scene) Fill(f *Frame) {
	f.Shapes, f.Labels, f.Tip, f.TipLabels = f.Shapes[:0], f.Labels[:0], f.Tip[:0], f.TipLabels[:0]
	l := &sc.Layout
	sc.header(f)
	for i := range sc.lanes {
		sc.lane(f, i)
	}
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate != free {
			sc.dot(f, d)
		}
	}
	for _, fl := range sc.flashes {
		k := fl.age / flashTime
		c := palette.Won
		c.A = uint8(255 * (1 - k))
		f.Shapes = append(f.Shapes, Sprite{Shape: Ring, X: float32(fl.x), Y: float32(fl.y), W: float32(l.Px(4 + 14*k)), C: c})
	}
	sc.ring(f)
	if sc.pointer.in {
		if d, ok := sc.DotAt(sc.pointer.x, sc.pointer.y); ok {
			sc.tooltip(f, d)
		}
	}
}

func (sc *Scene) header(f *Frame) {
	l := &sc.Layout
	s := sc.scenario
	q := (max(sc.week, 1)-1)/sim.WeeksPerQuarter + 1
	wq := (max(sc.week, 1)-1)%sim.WeeksPerQuarter + 1
	title := "Week " + num(sc.week) + " of " + num(s.Weeks) + "  ·  Q" + num(q) + "  ·  week " + num(wq) + " of 13"
	switch sc.week {
	case 0:
		title = "Week 0 of " + num(s.Weeks) + "  ·  press Play"
	case s.Weeks:
		title += "  ·  run complete"
	}
	size := l.T(17)
	if TextWidth(title, size) > l.Header.W {
		title = "Week " + num(sc.week) + "/" + num(s.Weeks) + " · Q" + num(q)
	}
	y := float32(l.Header.Y + l.T(9))
	f.Labels = append(f.Labels, Label{Text: title, X: float32(l.Header.X + l.Px(4)), Y: y, Size: float32(size), C: textMain, Bold: true})
	if push := sc.pushNote(wq); push != "" && sc.week > 0 && sc.week < s.Weeks {
		// Beside the title where both fit, else on the line under it (a phone).
		x, py, align := l.Header.Right()-l.Px(4), y+float32(l.T(2)), Right
		if l.Narrow || TextWidth(title, size)+TextWidth(push, l.T(14))+l.T(24) > l.Header.W {
			x, py, align = l.Header.X+l.Px(4), y+float32(l.T(21)), Left
		}
		f.Labels = append(f.Labels, Label{Text: push, X: float32(x), Y: py, Size: float32(l.T(14)), C: palette.Referral, Align: align})
	}
	for c, r := range l.Lanes[0].Columns {
		f.Labels = append(f.Labels, Label{Text: l.Names[c], X: float32(r.X + r.W/2), Y: float32(l.Heads.Y + l.T(2)), Size: float32(l.T(13)), C: textMuted, Align: Center})
	}
}

// pushNote tells when the quarter-end push window, the goal team's games, opens or is on.
func (sc *Scene) pushNote(weekOfQuarter int) string {
	pw := sc.scenario.PushWeeks
	if pw <= 0 {
		return ""
	}
	start := sim.WeeksPerQuarter - pw + 1
	switch left := start - weekOfQuarter - 1; {
	case weekOfQuarter >= start-1 && weekOfQuarter < sim.WeeksPerQuarter:
		return "quarter-end push window"
	case left == 1:
		return "push window in 1 week"
	case left > 1 && left <= 3:
		return "push window in " + num(left) + " weeks"
	}
	return ""
}

func (sc *Scene) lane(f *Frame, i int) {
	l := &sc.Layout
	geo := &l.Lanes[i]
	f.Shapes = append(f.Shapes, box(geo.Box, panel))
	// Column rules, and a brighter one where the open pipeline ends and the outcomes begin.
	for c := 1; c < int(NumColumns); c++ {
		r := geo.Columns[c]
		col := rule
		if Column(c) == ColWon {
			col = textMuted
			col.A = 0x70
		}
		f.Shapes = append(f.Shapes, box(Rect{r.X, r.Y + l.Px(4), l.Px(1), r.H - l.Px(8)}, col))
	}
	if l.Narrow {
		sc.narrowInfo(f, i)
	} else {
		sc.info(f, i)
	}
	if sc.HideTotals {
		// Predict first: no customers, no outcomes, nothing that tells who is ahead.
		out := geo.Columns[ColWon]
		out.W = geo.Pipeline.Right() - out.X
		f.Labels = append(f.Labels, Label{Text: "outcomes hidden", X: float32(out.X + out.W/2), Y: float32(out.Y + out.H/2 - l.T(8)), Size: float32(l.T(13)), C: textMuted, Align: Center})
		return
	}
	sc.customers(f, i)
	sc.bins(f, i)
}

// info is the column left of a lane's pipeline: who, how much, and each rep's quota progress
// this quarter.
func (sc *Scene) info(f *Frame, i int) {
	l := &sc.Layout
	ln, geo := &sc.lanes[i], &l.Lanes[i]
	x := float32(geo.Info.X)
	y := float32(geo.Info.Y)
	f.Labels = append(f.Labels,
		Label{Text: teamLetter(i) + " · " + ln.name, X: x, Y: y, Size: float32(l.T(16)), C: brighter(palette.TeamColor(i)), Bold: true},
		Label{Text: ln.adherence, X: x, Y: y + float32(l.T(21)), Size: float32(l.T(12)), C: textMuted},
		Label{Text: sc.revenueText(ln), X: x, Y: y + float32(l.T(38)), Size: float32(l.T(15)), C: textMain, Bold: true},
	)
	if sc.HideTotals {
		return // a rep's quota bar turning green would tell the room who sells more
	}
	f.Labels = append(f.Labels,
		Label{Text: "quota this quarter", X: x, Y: y + float32(l.T(60)), Size: float32(l.T(12)), C: textMuted},
		Label{Text: "customers " + num(activeCount(ln.customers)), X: x, Y: float32(geo.Customers.Y + geo.Customers.H/2 - l.T(7)), Size: float32(l.T(12)), C: textMuted})
	bars := Rect{geo.Info.X, geo.Info.Y + l.T(78), geo.Info.W - l.Px(10), geo.Customers.Y - geo.Info.Y - l.T(84)}
	sc.quotaBars(f, ln, bars, palette.TeamColor(i))
}

// narrowInfo is a phone's lane heading: name and revenue on one line, adherence and customers
// under it; no quota bars, which need a column of their own. When the name and the revenue do
// not fit on one line (presenter mode's larger text) the revenue takes the second.
func (sc *Scene) narrowInfo(f *Frame, i int) {
	l := &sc.Layout
	ln, geo := &sc.lanes[i], &l.Lanes[i]
	x, y := float32(geo.Info.X), float32(geo.Info.Y)
	name, revenue := teamLetter(i)+" · "+ln.name, sc.revenueText(ln)
	second := ln.adherence
	if !sc.HideTotals {
		second += " · customers " + num(activeCount(ln.customers))
	}
	size := l.T(15)
	f.Labels = append(f.Labels, Label{Text: name, X: x, Y: y, Size: float32(size), C: brighter(palette.TeamColor(i)), Bold: true})
	if TextWidth(name, size)+TextWidth(revenue, size)+l.T(12) <= geo.Info.W {
		f.Labels = append(f.Labels,
			Label{Text: revenue, X: float32(geo.Info.Right()), Y: y, Size: float32(size), C: textMain, Bold: true, Align: Right},
			Label{Text: second, X: x, Y: y + float32(l.T(19)), Size: float32(l.T(12)), C: textMuted})
		return
	}
	f.Labels = append(f.Labels, Label{Text: revenue, X: x, Y: y + float32(l.T(18)), Size: float32(l.T(13)), C: textMain, Bold: true})
}

func (sc *Scene) revenueText(ln *laneState) string {
	if sc.HideTotals {
		return "revenue hidden"
	}
	return "revenue " + ln.revenueText
}

// customers draws the lane's strip of won accounts, shaded by trust, preferred ones outlined.
func (sc *Scene) customers(f *Frame, i int) {
	l := &sc.Layout
	ln, geo := &sc.lanes[i], &l.Lanes[i]
	g := customerGrid(geo.Customers, len(ln.customers), l.Scale)
	for k, c := range ln.customers {
		if k >= g.cap {
			break
		}
		cx, cy := g.at(k)
		alpha := 1.0
		if !c.Active {
			alpha = max(0, 1-c.fade/churnFade)
		}
		s := g.size
		if c.Preferred {
			o := l.Px(2)
			f.Shapes = append(f.Shapes, box(Rect{cx - s/2 - o, cy - s/2 - o, s + 2*o, s + 2*o}, fade(palette.Preferred, alpha)))
		}
		f.Shapes = append(f.Shapes, box(Rect{cx - s/2, cy - s/2, s, s}, fade(palette.TrustColor(c.Trust), alpha)))
	}
}

// bins draws this quarter's outcomes stacked from the bottom, with their count on top. Each
// outcome has its own shape besides its colour (won a disc, lost a ring, no decision a bar),
// so they stay apart for colour-blind eyes and in greyscale.
func (sc *Scene) bins(f *Frame, i int) {
	l := &sc.Layout
	ln := &sc.lanes[i]
	for b := range ln.bins {
		col := ColWon + Column(b)
		r, step, cols, capacity := sc.binGrid(i, col)
		n := min(ln.bins[b].landed, capacity)
		for k := range n {
			x, y := r.X+(float64(k%cols)+0.5)*step, r.Bottom()-(float64(k/cols)+0.5)*step
			f.Shapes = append(f.Shapes, outcomeMark(col, x, y, step*0.4))
		}
		count := num(ln.bins[b].landed) + " this qtr"
		if TextWidth(count, l.T(12)) > l.Lanes[i].Columns[col].W {
			count = num(ln.bins[b].landed)
		}
		f.Labels = append(f.Labels, Label{Text: count, X: float32(r.X + r.W/2), Y: float32(r.Y + l.Px(2)), Size: float32(l.T(12)), C: textMuted, Align: Center})
	}
}

// outcomeMark is one landed deal in an outcome bin: its colour and its shape.
func outcomeMark(col Column, x, y, r float64) Sprite {
	switch col {
	case ColLost:
		return Sprite{Shape: Ring, X: float32(x), Y: float32(y), W: float32(r * 0.85), C: palette.Lost}
	case ColNoDecision:
		return Sprite{Shape: Box, X: float32(x - r), Y: float32(y - r*0.4), W: float32(2 * r), H: float32(0.8 * r), C: palette.NoDecision}
	}
	return Sprite{Shape: Disc, X: float32(x), Y: float32(y), W: float32(r), C: palette.Won}
}

func (sc *Scene) quotaBars(f *Frame, ln *laneState, r Rect, team color.RGBA) {
	n := len(ln.quota)
	if n == 0 || r.H <= 0 {
		return
	}
	pitch := min(r.H/float64(n), sc.Layout.Px(11))
	h := max(1, pitch*0.62)
	if n > 40 {
		h = pitch // too many reps for gaps: a solid block that still shows the spread
	}
	// The bar's full length is 125% of quota, so making quota is visibly past a mark.
	full := r.W
	mark := full / 1.25
	for k, p := range ln.quota {
		y := r.Y + float64(k)*pitch
		f.Shapes = append(f.Shapes, box(Rect{r.X, y, full, h}, rule))
		c := team
		if p >= 1 {
			c = palette.Won
		}
		f.Shapes = append(f.Shapes, box(Rect{r.X, y, min(full, mark*max(0, p)), h}, c))
	}
	f.Shapes = append(f.Shapes, box(Rect{r.X + mark, r.Y - sc.Layout.Px(2), sc.Layout.Px(1.5), float64(n)*pitch + sc.Layout.Px(2)}, textMuted))
}

func (sc *Scene) dot(f *Frame, d *Dot) {
	x, y := d.Pos()
	r := sc.dotRadius(d)
	team := palette.TeamColor(int(d.Team))
	c := team
	if d.Source == sim.FromReferral {
		c = palette.Referral
	}
	k := d.progress()
	if d.quiet {
		c.A = uint8(255 * (1 - k))
		f.Shapes = append(f.Shapes, Sprite{Shape: Disc, X: float32(x), Y: float32(y), W: float32(r), C: c})
		return
	}
	switch d.fate {
	case open:
		if d.Stalled {
			// A slow pulse, 2.4 s a beat: stalled deals draw the eye without flickering. Paused,
			// they hold still, so a paused canvas has nothing to redraw.
			p := 0.5
			if sc.Pulse {
				p += 0.5 * math.Sin(2*math.Pi*(sc.clock/2.4+d.jx))
			}
			c = palette.Stalled
			c.A = uint8(150 + 90*p)
			r *= 0.9 + 0.15*p
		}
	case flyingWon:
		c = mix(c, palette.Won, k)
		if d.label != "" {
			f.Labels = append(f.Labels, Label{Text: d.label, X: float32(x), Y: float32(y - r - sc.Layout.T(16)), Size: float32(sc.Layout.T(13)), C: brighter(palette.Won), Align: Center, Bold: true})
		}
	case fadingLost:
		c = mix(c, palette.Lost, k)
		c.A = uint8(255 * (1 - 0.35*k))
	case driftingND:
		c = mix(c, palette.NoDecision, math.Min(1, 2*k))
	}
	f.Shapes = append(f.Shapes, Sprite{Shape: Disc, X: float32(x), Y: float32(y), W: float32(r), C: c})
	if d.Source == sim.FromReferral && d.fate == open {
		// A light ring besides the orange: for colour-blind eyes a referral and a team A deal
		// are otherwise alike.
		f.Shapes = append(f.Shapes, Sprite{Shape: Ring, X: float32(x), Y: float32(y), W: float32(r + sc.Layout.Px(1.5)), C: textMain})
	}
}

func (sc *Scene) tooltip(f *Frame, d *Dot) {
	l := &sc.Layout
	age := sc.week - int(d.Created) + 1
	line1 := d.Stage.String() + " · " + format.Short(d.Value)
	weeks := " weeks · "
	if age == 1 {
		weeks = " week · "
	}
	line2 := "age " + num(age) + weeks + d.Source.String()
	if d.Stalled {
		line2 += " · stalled"
	}
	x, y := d.Pos()
	w, h := max(TextWidth(line2, l.T(12)), TextWidth(line1, l.T(14)))+l.Px(16), l.T(44)
	bx := min(x+l.Px(12), l.W-w-l.Px(4))
	by := max(y-h-l.Px(8), l.Px(2))
	f.Tip = append(f.Tip, box(Rect{bx, by, w, h}, tipGround))
	f.TipLabels = append(f.TipLabels,
		Label{Text: line1, X: float32(bx + l.Px(8)), Y: float32(by + l.T(5)), Size: float32(l.T(14)), C: palette.Ink, Bold: true},
		Label{Text: line2, X: float32(bx + l.Px(8)), Y: float32(by + l.T(24)), Size: float32(l.T(12)), C: palette.Muted},
	)
}

func box(r Rect, c color.RGBA) Sprite {
	return Sprite{Shape: Box, X: float32(r.X), Y: float32(r.Y), W: float32(r.W), H: float32(r.H), C: c}
}

func outcomeColor(c Column) color.RGBA {
	switch c {
	case ColWon:
		return palette.Won
	case ColLost:
		return palette.Lost
	}
	return palette.NoDecision
}

func teamLetter(i int) string { return string(rune('A' + i)) }

func activeCount(cs []Customer) int {
	n := 0
	for _, c := range cs {
		if c.Active {
			n++
		}
	}
	return n
}

func mix(a, b color.RGBA, k float64) color.RGBA {
	k = min(1, max(0, k))
	m := func(x, y uint8) uint8 { return uint8(float64(x) + k*(float64(y)-float64(x)) + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// brighter lifts a palette colour for text on the dark ground, where the saturated
// Okabe-Ito blue is hard to read.
func brighter(c color.RGBA) color.RGBA { return mix(c, color.RGBA{255, 255, 255, 255}, 0.3) }

func fade(c color.RGBA, alpha float64) color.RGBA {
	c.A = uint8(float64(c.A) * alpha)
	return c
}

// numbers caches the decimal text of small counts, so a frame's labels do not allocate.
var numbers [4096]string

func num(n int) string {
	if n < 0 || n >= len(numbers) {
		return strconv.Itoa(n)
	}
	if numbers[n] == "" {
		numbers[n] = strconv.Itoa(n)
	}
	return numbers[n]
}
