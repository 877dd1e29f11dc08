package scene

import (
	"math"

	"github.com/pipesim/pipesim/sim"
)

// fate is what a dot is doing.
type fate uint8

const (
	open      fate = iota // in a stage
	flyingWon             // on its way to the Won bin
	fadingLost
	driftingND
	free // in the pool, unused
)

// Dot is one opportunity on the canvas. Dots are pooled: a closed deal's dot is reused by a
// later deal, so a long run does not grow memory.
type Dot struct {
	Opp     sim.ID
	Team    uint8
	fate    fate
	Stage   sim.Stage
	Source  sim.Source
	Stalled bool
	Created int32   // week created
	Value   float64 // deal value (net, once won)
	label   string  // value shown on a win's flight
	quiet   bool    // closed while outcomes were hidden: fades in place
	jx, jy  float64 // stable place inside a column, from the deal's id
	fx, fy  float64 // tween start
	tx, ty  float64 // tween end
	t, dur  float64 // tween progress in seconds, and its length
	binCell int     // the outcome bin's cell it lands in
}

// Pos is where the dot is now: eased between its start and end.
func (d *Dot) Pos() (x, y float64) {
	k := d.progress()
	k = k * k * (3 - 2*k) // smoothstep: gentle start and stop
	return d.fx + (d.tx-d.fx)*k, d.fy + (d.ty-d.fy)*k
}

func (d *Dot) progress() float64 {
	if d.dur <= 0 || d.t >= d.dur {
		return 1
	}
	return d.t / d.dur
}

// moveTo starts a tween from where the dot is now.
func (d *Dot) moveTo(x, y, dur float64) {
	d.fx, d.fy = d.Pos()
	d.tx, d.ty, d.t, d.dur = x, y, 0, dur
}

// jitter places a deal inside its column: a hash of its id, so it keeps its place in every
// column it moves through and never jumps between frames.
func jitter(team uint8, opp sim.ID) (float64, float64) {
	h := uint64(opp)*0x9E3779B97F4A7C15 ^ uint64(team+1)*0xC2B2AE3D27D4EB4F
	h ^= h >> 31
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 29
	return float64(h&0xFFFF) / 0xFFFF, float64((h>>16)&0xFFFF) / 0xFFFF
}

// pool holds the dots of both lanes and finds a deal's dot by its id.
type pool struct {
	dots  []Dot
	spare []int32
	index [2]map[sim.ID]int32
}

func newPool() pool {
	return pool{index: [2]map[sim.ID]int32{{}, {}}}
}

func (p *pool) add(team uint8, opp sim.ID) *Dot {
	var i int32
	if n := len(p.spare); n > 0 {
		i, p.spare = p.spare[n-1], p.spare[:n-1]
	} else {
		p.dots = append(p.dots, Dot{})
		i = int32(len(p.dots) - 1)
	}
	p.index[team][opp] = i
	d := &p.dots[i]
	*d = Dot{Opp: opp, Team: team}
	d.jx, d.jy = jitter(team, opp)
	return d
}

func (p *pool) find(team uint8, opp sim.ID) *Dot {
	if i, ok := p.index[team][opp]; ok {
		return &p.dots[i]
	}
	return nil
}

// release takes a deal off the index (its dot may still be flying) ...
func (p *pool) release(team uint8, opp sim.ID) {
	delete(p.index[team], opp)
}

// ... and recycle returns the dot to the pool once its flight is over.
func (p *pool) recycle(i int) {
	p.dots[i].fate = free
	p.dots[i].label = ""
	p.spare = append(p.spare, int32(i))
}

func (p *pool) reset() {
	p.dots = p.dots[:0]
	p.spare = p.spare[:0]
	for i := range p.index {
		clear(p.index[i])
	}
}

// radius of a deal's dot: area proportional to value, clamped so tiny deals stay visible and
// huge ones do not cover a column.
func radius(value, acv, base float64) float64 {
	return base * min(2.2, max(0.5, math.Sqrt(value/acv)))
}
