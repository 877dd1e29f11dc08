package scene

import (
	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim"
)

// selection is the deal whose history the page shows; its dot wears a ring.
type selection struct {
	on   bool
	team uint8
	opp  sim.ID
}

// Select rings a team's deal on the canvas, wherever it goes, until Deselect.
func (sc *Scene) Select(team int, opp sim.ID) {
	sc.selected = selection{on: true, team: uint8(team), opp: opp}
}

// Deselect removes the ring.
func (sc *Scene) Deselect() { sc.selected = selection{} }

// ring draws the selected deal's ring while its dot is on the canvas (open, or on its way to an
// outcome bin; a landed deal joins its bin's count and has no dot of its own).
func (sc *Scene) ring(f *Frame) {
	if !sc.selected.on {
		return
	}
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate == free || d.Team != sc.selected.team || d.Opp != sc.selected.opp {
			continue
		}
		x, y := d.Pos()
		r := sc.dotRadius(d) + sc.Layout.Px(4)
		// Gold, two strokes thick, with a dark edge that parts it from neighbouring dots.
		px := sc.Layout.Px(1)
		f.Shapes = append(f.Shapes,
			Sprite{Shape: Ring, X: float32(x), Y: float32(y), W: float32(r + 2.2*px), C: palette.Ground},
			Sprite{Shape: Ring, X: float32(x), Y: float32(y), W: float32(r + px), C: palette.Preferred},
			Sprite{Shape: Ring, X: float32(x), Y: float32(y), W: float32(r), C: palette.Preferred})
		return
	}
}

// Spot is a deal's dot as the canvas shows it: for the page's automation, which clicks it.
type Spot struct {
	Team  int     `json:"team"`
	Opp   sim.ID  `json:"opp"`
	X     float64 `json:"x"` // centre, in canvas pixels
	Y     float64 `json:"y"`
	Stage string  `json:"stage"`
}

// Spot finds an open deal that is at rest and is the one a click on its centre selects (no
// neighbour covers it), preferring team A's oldest, whose story is the longest; ok is false if
// there is none.
func (sc *Scene) Spot() (s Spot, ok bool) {
	best := -1.0
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate != open || d.progress() < 1 {
			continue
		}
		x, y := d.Pos()
		if hit, found := sc.DotAt(x, y); !found || hit != d {
			continue
		}
		score := float64(1<<20-d.Created) + d.Value/(d.Value+1) // older first, then larger
		if d.Team != 0 {
			score /= 1 << 21 // team A first, so a test knows where to look
		}
		if score > best {
			best, ok = score, true
			s = Spot{Team: int(d.Team), Opp: d.Opp, X: x, Y: y, Stage: d.Stage.String()}
		}
	}
	return s, ok
}

// Next is the open deal after the selected one (dir > 0) or before it (dir < 0), in the order
// team A's then team B's, oldest first, wrapping round: the keyboard's way through the deals,
// for anyone who cannot point at a dot. Without a selection it starts at either end.
func (sc *Scene) Next(dir int) (team int, opp sim.ID, ok bool) {
	// Deals go in order of team, then id; a derived id (repeat business, referrals) is large
	// but never collides, so (team, id) orders every open deal.
	type order struct {
		team uint8
		id   sim.ID
	}
	less := func(a, b order) bool { return a.team < b.team || (a.team == b.team && a.id < b.id) }
	key := func(d *Dot) order { return order{d.Team, d.Opp} }
	cur := order{0, 0} // before every deal: ids start at 1
	if sc.selected.on {
		cur = order{sc.selected.team, sc.selected.opp}
	} else if dir < 0 {
		cur = order{255, ^sim.ID(0)} // after every deal
	}
	var best, wrap *Dot
	for i := range sc.dots.dots {
		d := &sc.dots.dots[i]
		if d.fate != open {
			continue
		}
		k := key(d)
		if dir >= 0 {
			if less(cur, k) && (best == nil || less(k, key(best))) {
				best = d
			}
			if wrap == nil || less(k, key(wrap)) {
				wrap = d
			}
		} else {
			if less(k, cur) && (best == nil || less(key(best), k)) {
				best = d
			}
			if wrap == nil || less(key(wrap), k) {
				wrap = d
			}
		}
	}
	if best == nil {
		best = wrap
	}
	if best == nil {
		return 0, 0, false
	}
	return int(best.Team), best.Opp, true
}
