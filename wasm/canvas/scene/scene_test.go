package scene

import (
	"testing"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

func newRun(t testing.TB, preset string, seed uint64) (*sim.Scenario, *sim.World, *Scene) {
	t.Helper()
	s, err := sim.LookupPreset(preset)
	if err != nil {
		t.Fatal(err)
	}
	return &s, sim.NewWorld(&s, seed), New(&s, NewLayout(1200, 700, 1, Options{}))
}

// Every open deal of the world has exactly one dot, in its stage's column once the tween is
// over, and the lanes' revenue is the world's.
func TestDotsFollowTheWorld(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 7)
	for w.Step() {
		sc.Step(w)
		sc.Update(5) // long enough for every tween and flight to finish
		for team := range 2 {
			ts := w.Team(team)
			if got := len(sc.dots.index[team]); got != ts.OpenDeals() {
				t.Fatalf("week %d team %d: %d dots for %d open deals", w.Week(), team, got, ts.OpenDeals())
			}
			ts.EachOpen(func(o *sim.Opportunity) {
				d := sc.dots.find(uint8(team), o.ID)
				if d == nil {
					t.Fatalf("week %d: no dot for deal %d", w.Week(), o.ID)
				}
				if d.Stage != o.Stage || d.Stalled != o.Stalled {
					t.Fatalf("deal %d: dot at %v stalled=%v, deal at %v stalled=%v", o.ID, d.Stage, d.Stalled, o.Stage, o.Stalled)
				}
				x, y := d.Pos()
				if col := sc.Layout.Lanes[team].Columns[o.Stage]; !col.Contains(x, y) {
					t.Fatalf("deal %d in %v drawn at (%.0f, %.0f), outside its column %+v", o.ID, o.Stage, x, y, col)
				}
			})
		}
	}
	res := sim.Run(w.Scenario(), 7)
	for i := range 2 {
		if got, want := sc.lanes[i].revenue, res.Teams[i].NetRevenue; got != want {
			t.Errorf("team %d revenue shown %v, Run gives %v", i, got, want)
		}
	}
}

// A dot glides: between two frames of a tween it moves only a little, never the whole way.
func TestAdvanceIsTweened(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 3)
	for w.Step() {
		sc.Step(w)
		for _, e := range w.Events() {
			if e.Kind != sim.Advanced {
				continue
			}
			d := sc.dots.find(uint8(e.Team), e.Opp)
			x0, y0 := d.Pos()
			sc.Update(1.0 / 60)
			x1, y1 := d.Pos()
			tx, ty := d.tx, d.ty
			full := (tx-x0)*(tx-x0) + (ty-y0)*(ty-y0)
			step := (x1-x0)*(x1-x0) + (y1-y0)*(y1-y0)
			if full > 100 && step > full/4 {
				t.Fatalf("one frame moved the dot %.0f%% of the way", 100*sqrt(step/full))
			}
			return
		}
		sc.Update(1)
	}
	t.Fatal("no deal advanced")
}

// Closed deals fly to their bin, land, and their dots are reused: the pool stays about as large
// as the peak of open deals, however long the run.
func TestDotsAreRecycled(t *testing.T) {
	s, _, _ := newRun(t, "mid-market", 11)
	if err := s.Set("weeks", "520"); err != nil {
		t.Fatal(err)
	}
	w := sim.NewWorld(s, 11)
	sc := New(s, NewLayout(1200, 700, 1, Options{}))
	peak, landed := 0, 0
	for w.Step() {
		st := sc.Step(w)
		landed += st.Won[0] + st.Won[1] + st.Lost[0] + st.Lost[1] + st.NoDecision[0] + st.NoDecision[1]
		sc.Update(5)
		peak = max(peak, sc.Open())
	}
	if len(sc.dots.dots) > peak+64 {
		t.Errorf("pool grew to %d dots; the most open at once was %d", len(sc.dots.dots), peak)
	}
	if landed < 1000 {
		t.Errorf("only %d deals closed in ten years", landed)
	}
}

// Referrals and repeat deals start at the customer square that brought them.
func TestReferralsComeFromTheirCustomer(t *testing.T) {
	_, w, sc := newRun(t, "installed-base", 5)
	for w.Step() {
		sc.Step(w)
		for _, e := range w.Events() {
			if e.Kind != sim.Created || e.Source != sim.Repeat {
				continue
			}
			d := sc.dots.find(uint8(e.Team), e.Opp)
			cx, cy, ok := sc.customerPos(e.Team, e.Account)
			if !ok {
				continue
			}
			if d.fx != cx || d.fy != cy {
				t.Fatalf("repeat deal %d starts at (%.0f, %.0f), its customer is at (%.0f, %.0f)", e.Opp, d.fx, d.fy, cx, cy)
			}
			return
		}
		sc.Update(1)
	}
	t.Fatal("no repeat deal in an installed base")
}

// The frame lists a shape for every dot, the customers and the lanes, and a tooltip under the
// pointer when it rests on a deal.
func TestFrameAndTooltip(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 9)
	for range 30 {
		w.Step()
		sc.Step(w)
		sc.Update(5)
	}
	var f Frame
	sc.Fill(&f)
	if len(f.Shapes) < sc.Open() {
		t.Fatalf("%d shapes for %d open deals", len(f.Shapes), sc.Open())
	}
	var d *Dot
	for i := range sc.dots.dots {
		if sc.dots.dots[i].fate == open {
			d = &sc.dots.dots[i]
			break
		}
	}
	x, y := d.Pos()
	sc.SetPointer(x, y, true)
	sc.Fill(&f)
	if len(f.TipLabels) != 2 {
		t.Fatalf("hovering a deal gave %d tooltip lines", len(f.TipLabels))
	}
	sc.SetPointer(x, y, false)
	sc.Fill(&f)
	if len(f.TipLabels) != 0 {
		t.Fatal("tooltip stays after the pointer left")
	}
}

func TestLayoutFits(t *testing.T) {
	for _, size := range [][3]float64{{1280, 560, 1}, {1920, 900, 1}, {2560, 1120, 2}, {900, 500, 1.5}} {
		l := NewLayout(size[0], size[1], size[2], Options{})
		for i, ln := range l.Lanes {
			if ln.Box.Bottom() > l.H || ln.Box.Right() > l.W {
				t.Errorf("%v: lane %d %+v leaves the canvas", size, i, ln.Box)
			}
			if ln.Pipeline.H < l.Px(40) {
				t.Errorf("%v: lane %d's pipeline is only %.0f px tall", size, i, ln.Pipeline.H)
			}
			if ln.Customers.Y < ln.Pipeline.Bottom() {
				t.Errorf("%v: customers overlap the pipeline", size)
			}
		}
		if l.Lanes[0].Box.Bottom() > l.Lanes[1].Box.Y {
			t.Errorf("%v: lanes overlap", size)
		}
	}
}

func TestMoney(t *testing.T) {
	for v, want := range map[float64]string{0: "$0", 840: "$840", 5200: "$5.2k", 52000: "$52k", 2410000: "$2.41M", -52000: "-$52k"} {
		if got := format.Short(v); got != want {
			t.Errorf("format.Short(%v) = %q, want %q", v, got, want)
		}
	}
}
