package scene

import "github.com/pipesim/pipesim/sim"

// Customer is one won account in a lane's strip.
type Customer struct {
	ID        sim.ID
	Trust     float64
	Preferred bool
	Active    bool
	fade      float64 // seconds since it churned
	seen      bool    // among the team's active customers at the last sync
}

// churnFade is how long a churned customer takes to fade from the strip.
const churnFade = 1.5

// syncCustomers copies the team's customers into the strip: new ones appear, churned ones start
// fading; faded ones are dropped in update.
func (ln *laneState) syncCustomers(t *sim.TeamState) {
	if ln.byID == nil {
		ln.byID = map[sim.ID]int32{}
	}
	for k := range ln.customers {
		ln.customers[k].seen = false
	}
	t.EachCustomer(func(a *sim.Account, trust float64) {
		k, ok := ln.byID[a.ID]
		if !ok {
			ln.customers = append(ln.customers, Customer{ID: a.ID})
			k = int32(len(ln.customers) - 1)
			ln.byID[a.ID] = k
		}
		c := &ln.customers[k]
		c.Trust, c.Preferred, c.Active, c.seen = trust, a.Preferred, true, true
	})
	for k := range ln.customers {
		if c := &ln.customers[k]; !c.seen {
			c.Active = false
		}
	}
}

// dropFaded removes customers that finished fading, keeping the order of the rest.
func (ln *laneState) dropFaded(dt float64) {
	kept := ln.customers[:0]
	changed := false
	for _, c := range ln.customers {
		if !c.Active {
			c.fade += dt
			if c.fade >= churnFade {
				changed = true
				continue
			}
		}
		kept = append(kept, c)
	}
	ln.customers = kept
	if changed {
		clear(ln.byID)
		for k, c := range ln.customers {
			ln.byID[c.ID] = int32(k)
		}
	}
}

// grid is how customer squares fill the strip: as large as fits, up to a comfortable size.
type grid struct {
	x, y, size, step float64
	cols, cap        int
}

func customerGrid(r Rect, n int, scale float64) grid {
	size := 14 * scale
	for size > 3*scale {
		step := size * 1.3
		cols := max(1, int(r.W/step))
		rows := max(1, int(r.H/step))
		if cols*rows >= n {
			return grid{r.X, r.Y, size, step, cols, cols * rows}
		}
		size *= 0.85
	}
	step := size * 1.3
	cols, rows := max(1, int(r.W/step)), max(1, int(r.H/step))
	return grid{r.X, r.Y, size, step, cols, cols * rows}
}

// at is the centre of square k.
func (g grid) at(k int) (x, y float64) {
	return g.x + (float64(k%g.cols)+0.5)*g.step, g.y + (float64(k/g.cols)+0.5)*g.step
}
