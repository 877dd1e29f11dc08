package scene

import (
	"testing"

	"github.com/pipesim/pipesim/render/palette"
)

// Spot names an open deal at rest whose centre selects it, and the selected deal's dot wears a
// ring until it is deselected or the run starts again.
func TestSpotAndRing(t *testing.T) {
	s, w, sc := newRun(t, "mid-market", 4)
	for range 12 {
		w.Step()
		sc.Step(w)
	}
	sc.Update(5)
	sp, ok := sc.Spot()
	if !ok {
		t.Fatal("no deal to spot after 12 weeks")
	}
	d, found := sc.DotAt(sp.X, sp.Y)
	if !found || int(d.Team) != sp.Team || d.Opp != sp.Opp || d.Stage.String() != sp.Stage {
		t.Fatalf("spot %+v; a click there finds %+v", sp, d)
	}
	rings := func() int {
		var f Frame
		sc.Fill(&f)
		n := 0
		for _, s := range f.Shapes {
			if s.Shape == Ring && s.C == palette.Preferred && s.X == float32(sp.X) && s.Y == float32(sp.Y) {
				n++
			}
		}
		return n
	}
	if n := rings(); n != 0 {
		t.Errorf("%d gold rings before a selection", n)
	}
	sc.Select(sp.Team, sp.Opp)
	if n := rings(); n == 0 {
		t.Error("the selected deal has no ring")
	}
	sc.Deselect()
	if n := rings(); n != 0 {
		t.Errorf("%d gold rings after deselecting", n)
	}
	sc.Select(sp.Team, sp.Opp)
	sc.Reset(s)
	if sc.selected.on {
		t.Error("a new run keeps the old run's selection")
	}
}
