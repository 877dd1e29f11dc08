package scene

import "github.com/pipesim/pipesim/sim"

// Customer is one won account in a lane's strip.
type Customer struct {
	ID        int32
	Trust     float64
	Preferred bool
	Active    bool
	fade      float64 // seconds since it churned
}

// churnFade is how long a churned customer takes to fade from the strip.
const churnFade = 1.5

// syncCustomers copies the team's accounts into the strip: new ones appear, churned ones start
// fading; faded ones are dropped in update.
func (ln *laneState) syncCustomers(accounts []sim.Account) {
	for len(ln.byID) < len(accounts) {
		ln.byID = append(ln.byID, -1)
	}
	for i := range accounts {
		a := &accounts[i]
		k := ln.byID[i]
		if k < 0 {
			if !a.Active {
				continue // churned before it was ever shown
			}
			ln.customers = append(ln.customers, Customer{ID: a.ID})
			k = int32(len(ln.customers) - 1)
			ln.byID[i] = k
		}
		c := &ln.customers[k]
		c.Trust, c.Preferred, c.Active = a.Trust, a.Preferred, a.Active
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
		for i := range ln.byID {
			ln.byID[i] = -1
		}
		for k, c := range ln.customers {
			ln.byID[c.ID-1] = int32(k)
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
