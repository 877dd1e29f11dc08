package scene

import (
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// Scene is the animated picture of one run.
type Scene struct {
	Layout Layout
	// Tween is how long a move between stages takes, in seconds; the game shortens it at high
	// speed so a dot arrives before its next move.
	Tween float64
	// Labels says whether wins show their value in flight (off at high speed, where they pile up).
	Labels bool
	// HideTotals hides each lane's revenue so far and the values of wins, so a room can predict
	// the winner before the facilitator reveals it.
	HideTotals bool
	// Pulse says whether stalled deals pulse: only while the run plays, so a paused canvas is
	// still and costs nothing to show.
	Pulse bool

	scenario *sim.Scenario
	week     int
	clock    float64 // seconds of animation, for the stall pulse
	dots     pool
	lanes    [2]laneState
	flashes  []flash
	pointer  struct {
		x, y float64
		in   bool
	}
	selected selection
}

// laneState is what a lane shows besides dots.
type laneState struct {
	name, adherence string
	revenue         float64
	revenueText     string
	quota           []float64 // each rep's bookings as a share of quota this quarter
	customers       []Customer
	byID            map[sim.ID]int32 // customer index by account id, for those shown
	bins            [3]bin
	open            int // open deals, for dot sizing
	labelled        int // wins in flight that show their value: one at a time, so labels never pile up
}

// bin counts the dots that landed in an outcome bin this quarter.
type bin struct {
	landed, reserved int
}

type flash struct {
	x, y, age float64
}

// WeekStats is what the page charts after each week: cumulative net revenue and the outcomes
// of the week, per team.
type WeekStats struct {
	Week       int        `json:"week"`
	Revenue    [2]float64 `json:"revenue"`
	Won        [2]int     `json:"won"`
	Lost       [2]int     `json:"lost"`
	NoDecision [2]int     `json:"nd"`
	Customers  [2]int     `json:"customers"`
	// Open counts each team's open deals by stage: with the outcomes, the canvas in numbers,
	// for the page's text alternative of the animation.
	Open [2][sim.NumStages]int `json:"open"`
}

// New makes an empty scene of a run of s on a canvas laid out as l.
func New(s *sim.Scenario, l Layout) *Scene {
	sc := &Scene{Layout: l, Tween: 0.6, Labels: true, dots: newPool()}
	sc.Reset(s)
	return sc
}

// Reset empties the scene for a new run of s, keeping its storage.
func (sc *Scene) Reset(s *sim.Scenario) {
	sc.scenario = s
	sc.week = 0
	sc.dots.reset()
	sc.flashes = sc.flashes[:0]
	sc.selected = selection{}
	for i := range sc.lanes {
		ln := &sc.lanes[i]
		ln.name = s.Teams[i].Name
		ln.adherence = "adherence " + fixed(s.Teams[i].Adherence, 2)
		ln.revenue, ln.revenueText = 0, format.Short(0)
		ln.quota = append(ln.quota[:0], make([]float64, s.Reps)...)
		ln.customers = ln.customers[:0]
		ln.byID = map[sim.ID]int32{}
		ln.bins = [3]bin{}
		ln.open = 0
		ln.labelled = 0
	}
}

// Moving reports whether the next frame differs from the last without a new week: a dot
// gliding, a win's flash, a churned customer fading, or a stalled deal's pulse.
func (sc *Scene) Moving() bool {
	if len(sc.flashes) > 0 {
		return true
	}
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate != free && (d.fate != open || d.progress() < 1 || sc.Pulse && d.Stalled) {
			return true
		}
	}
	for i := range sc.lanes {
		for _, c := range sc.lanes[i].customers {
			if !c.Active {
				return true
			}
		}
	}
	return false
}

// Week is the last week shown.
func (sc *Scene) Week() int { return sc.week }

// Open counts the open deals on the canvas.
func (sc *Scene) Open() int { return sc.lanes[0].open + sc.lanes[1].open }

// SetLayout adapts to a new canvas size: dots jump to their places in the new geometry (a
// resize is not a move of the deal, so it is not animated).
func (sc *Scene) SetLayout(l Layout) {
	sc.Layout = l
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate == free {
			continue
		}
		x, y := sc.slot(d)
		d.fx, d.fy, d.tx, d.ty, d.t = x, y, x, y, d.dur
	}
}

// Step shows the week the world just simulated: its events move dots, and the lanes copy
// revenue, quota progress and customers. It returns the week's stats for the page's charts.
func (sc *Scene) Step(w *sim.World) WeekStats {
	sc.week = w.Week()
	if (sc.week-1)%sim.WeeksPerQuarter == 0 {
		for i := range sc.lanes {
			sc.lanes[i].bins = [3]bin{} // a new quarter: the bins count afresh
		}
	}
	// Customers first: a repeat deal or a referral of this week starts at its customer's square.
	for i := range sc.lanes {
		sc.lanes[i].syncCustomers(w.Team(i))
	}
	st := WeekStats{Week: sc.week}
	referrer := [2]sim.ID{}
	for _, e := range w.Events() {
		team := uint8(e.Team)
		switch e.Kind {
		case sim.Referral:
			referrer[team] = e.Account
		case sim.Created:
			sc.create(team, &e, referrer[team])
			referrer[team] = 0
		case sim.Advanced:
			if d := sc.dots.find(team, e.Opp); d != nil {
				d.Stage, d.Stalled = e.Stage, false
				x, y := sc.slot(d)
				d.moveTo(x, y, sc.Tween)
			}
		case sim.Stalled:
			if d := sc.dots.find(team, e.Opp); d != nil {
				d.Stalled = true
			}
		case sim.Won:
			st.Won[team]++
			sc.close(team, &e, flyingWon, ColWon)
		case sim.Lost:
			st.Lost[team]++
			sc.close(team, &e, fadingLost, ColLost)
		case sim.NoDecision:
			st.NoDecision[team]++
			sc.close(team, &e, driftingND, ColNoDecision)
		}
	}
	quota := w.Quota()
	for i := range sc.lanes {
		t, ln := w.Team(i), &sc.lanes[i]
		if t.Result.NetRevenue != ln.revenue {
			ln.revenue, ln.revenueText = t.Result.NetRevenue, format.Short(t.Result.NetRevenue)
		}
		for r := range t.Reps {
			if r < len(ln.quota) {
				ln.quota[r] = t.Reps[r].Bookings / quota
			}
		}
		ln.syncCustomers(t) // and again: this week's wins are new customers
		ln.open = t.OpenDeals()
		t.EachOpen(func(o *sim.Opportunity) { st.Open[i][o.Stage]++ })
		st.Revenue[i] = ln.revenue
		for _, c := range ln.customers {
			if c.Active {
				st.Customers[i]++
			}
		}
	}
	return st
}

func (sc *Scene) create(team uint8, e *sim.Event, referrer sim.ID) {
	d := sc.dots.add(team, e.Opp)
	d.Stage, d.Source, d.Value, d.Created, d.fate = e.Stage, e.Source, e.Value, int32(e.Week), open
	x, y := sc.slot(d)
	// Repeat business and referrals come out of the customer that brought them; new logos
	// enter from the lane's left edge.
	from := e.Account
	if e.Source == sim.FromReferral {
		from = referrer
	}
	if cx, cy, ok := sc.customerPos(int(team), from); ok {
		d.fx, d.fy = cx, cy
	} else {
		col := sc.Layout.Lanes[team].Columns[0]
		d.fx, d.fy = col.X, y
	}
	d.tx, d.ty, d.t, d.dur = x, y, 0, sc.Tween
}

func (sc *Scene) close(team uint8, e *sim.Event, f fate, col Column) {
	d := sc.dots.find(team, e.Opp)
	if d == nil {
		return
	}
	sc.dots.release(team, e.Opp)
	ln := &sc.lanes[team]
	b := &ln.bins[col-ColWon]
	d.fate, d.binCell = f, b.reserved
	b.reserved++
	if f == flyingWon {
		d.Value = e.Value
		if sc.Labels && !sc.HideTotals && ln.labelled == 0 {
			ln.labelled++
			d.label = "+" + format.Short(e.Value)
			if e.Discount > 0 {
				d.label += " (-" + fixed(100*e.Discount, 0) + "%)"
			}
		}
	}
	if sc.HideTotals {
		// Predict first: the deal fades where it is, so its outcome stays a secret; the bin
		// still counts it for the reveal.
		d.quiet = true
		x, y := d.Pos()
		d.moveTo(x, y, sc.Tween)
		return
	}
	x, y := sc.binCellPos(int(team), col, d.binCell)
	dur := 1.3 * sc.Tween
	if f == driftingND {
		dur = 2 * sc.Tween // a no-decision drifts: nobody chose it
	}
	d.moveTo(x, y, dur)
}

// Update advances the animation by dt seconds.
func (sc *Scene) Update(dt float64) {
	sc.clock += dt
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate == free {
			continue
		}
		d.t += dt
		if d.fate != open && d.t >= d.dur+sc.linger(d) {
			ln := &sc.lanes[d.Team]
			ln.bins[binOf(d.fate)].landed++
			if d.label != "" {
				ln.labelled--
			}
			if d.fate == flyingWon && !d.quiet {
				sc.flashes = append(sc.flashes, flash{x: d.tx, y: d.ty})
			}
			sc.dots.recycle(i)
		}
	}
	kept := sc.flashes[:0]
	for _, f := range sc.flashes {
		if f.age += dt; f.age < flashTime {
			kept = append(kept, f)
		}
	}
	sc.flashes = kept
	for i := range sc.lanes {
		sc.lanes[i].dropFaded(dt)
	}
}

const flashTime = 0.6

// linger keeps a won dot's value label readable for a moment after it lands.
func (sc *Scene) linger(d *Dot) float64 {
	if d.fate == flyingWon && d.label != "" {
		return 0.5
	}
	return 0
}

func binOf(f fate) int {
	switch f {
	case flyingWon:
		return 0
	case fadingLost:
		return 1
	}
	return 2
}

// slot is an open dot's place in its stage column.
func (sc *Scene) slot(d *Dot) (x, y float64) {
	if d.fate != open {
		col := ColWon + Column(binOf(d.fate))
		return sc.binCellPos(int(d.Team), col, d.binCell)
	}
	r := sc.Layout.Lanes[d.Team].Columns[d.Stage]
	m := sc.Layout.Px(8)
	return r.X + m + d.jx*(r.W-2*m), r.Y + m + d.jy*(r.H-2*m)
}

// binGrid is how an outcome bin stacks its dots: rows from the bottom up.
func (sc *Scene) binGrid(team int, col Column) (r Rect, step float64, cols, capacity int) {
	r = sc.Layout.Lanes[team].Columns[col]
	step = sc.Layout.Px(7.5)
	m := sc.Layout.Px(6)
	cols = max(1, int((r.W-2*m)/step))
	rows := max(1, int((r.H-sc.Layout.Px(18))/step))
	r = Rect{r.X + (r.W-float64(cols)*step)/2, r.Y, float64(cols) * step, r.H - sc.Layout.Px(4)}
	return r, step, cols, cols * rows
}

func (sc *Scene) binCellPos(team int, col Column, k int) (x, y float64) {
	r, step, cols, capacity := sc.binGrid(team, col)
	k %= max(1, capacity) // an overfull quarter wraps over its own cells
	return r.X + (float64(k%cols)+0.5)*step, r.Bottom() - (float64(k/cols)+0.5)*step
}

// customerPos is where account id's square is drawn.
func (sc *Scene) customerPos(team int, id sim.ID) (x, y float64, ok bool) {
	ln := &sc.lanes[team]
	at, ok := ln.byID[id]
	if !ok {
		return 0, 0, false
	}
	g := customerGrid(sc.Layout.Lanes[team].Customers, len(ln.customers), sc.Layout.Scale)
	k := int(at)
	if k >= g.cap {
		return 0, 0, false
	}
	x, y = g.at(k)
	return x, y, true
}

// SetPointer tells the scene where the mouse is, for the tooltip; in is false when it left.
func (sc *Scene) SetPointer(x, y float64, in bool) {
	sc.pointer.x, sc.pointer.y, sc.pointer.in = x, y, in
}

// DotAt returns the open deal under a point, the nearest one within reach.
func (sc *Scene) DotAt(x, y float64) (*Dot, bool) {
	best, bestD := -1, 0.0
	reach := sc.Layout.Px(4)
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate != open {
			continue
		}
		dx, dy := d.Pos()
		dx, dy = dx-x, dy-y
		r := sc.dotRadius(d) + reach
		if dist := dx*dx + dy*dy; dist <= r*r && (best < 0 || dist < bestD) {
			best, bestD = i, dist
		}
	}
	if best < 0 {
		return nil, false
	}
	return &sc.dots.dots[best], true
}

// dotRadius sizes a dot by value, smaller when a lane is crowded.
func (sc *Scene) dotRadius(d *Dot) float64 {
	base := sc.Layout.Px(4.2)
	if n := sc.lanes[d.Team].open; n > 250 {
		base *= max(0.55, sqrt(250/float64(n)))
	}
	return radius(d.Value, sc.scenario.ACV, base)
}
