//go:build js && wasm

package main

import (
	"encoding/json"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
	"github.com/pipesim/pipesim/wasm/canvas/scene"
)

// command is one request from the page. The page's calls only queue commands, never block,
// and Update carries them out between frames.
type command struct {
	kind     commandKind
	settings string // load: the controls as JSON; loadLink: the page's query
	value    float64
	x, y     float64 // pickDeal: where the click was, in CSS pixels
}

type commandKind uint8

const (
	load     commandKind = iota // the controls changed
	loadLink                    // the page was opened with a link

	play
	pause
	toggle
	stepOnce
	reset
	setSpeed
	pointerIn
	pointerOut
	setBusy   // the page's Monte Carlo wants the cores: draw a few frames a second
	setTotals // show or hide the running totals (predict first)
	pickDeal  // a click or tap on the canvas: select the deal there
	deselect  // the page closed the deal panel
	spot      // the page asks where a deal's dot is
	present   // presenter mode on or off: the smallest text grows to 18 CSS pixels
	nextDeal  // the keyboard's way to a deal's history: the next open deal (value -1: the previous)
	snapshot  // the page wants a PNG of the canvas
)

// obey carries out the queued commands.
func (g *game) obey() {
	for {
		select {
		case c := <-g.page.commands:
			g.do(c)
		default:
			return
		}
	}
}

func (g *game) do(c command) {
	switch c.kind {
	case load:
		var st scene.Settings
		if err := json.Unmarshal([]byte(c.settings), &st); err != nil {
			g.page.invalid(err)
			return
		}
		// A new preset starts afresh; another control keeps what a link set beside the controls.
		if st.Preset != g.base.Base {
			base, err := sim.LookupPreset(st.Preset)
			if err != nil {
				g.page.fail(err)
				return
			}
			g.base = base
		}
		s, err := st.Apply(g.base)
		if err != nil {
			g.page.invalid(err)
			return
		}
		g.start(s, uint64(st.Seed))
	case loadLink:
		// A bad parameter falls back to its default with a notice; the rest of the link holds.
		l, problems := sim.ParseLink(c.settings)
		if len(problems) > 0 {
			g.page.notice(problems)
		}
		teamname.Follow(&l.Scenario) // a link's blended team is named for its blend, as on the command line
		g.base = l.Scenario
		g.start(l.Scenario, l.Seed)
	case play:
		if !g.world.Done() {
			g.playing = true
		}
	case pause:
		g.playing = false
	case toggle:
		g.playing = !g.playing && !g.world.Done()
	case stepOnce:
		g.playing = false
		g.stepWeek()
	case reset:
		g.playing = false
		g.start(g.scenario, uint64(g.settings.Seed))
		return
	case setSpeed:
		g.speed = c.value
	case pointerIn:
		g.pointer.in = true
	case pointerOut:
		g.pointer.in = false
	case setBusy:
		g.busy = c.value != 0
	case setTotals:
		g.scene.HideTotals = c.value == 0
	case pickDeal:
		g.pick(c.x, c.y)
	case deselect:
		g.deselect()
	case spot:
		g.spot()
	case present:
		g.options.MinText = c.value
		if g.width > 0 {
			g.relayout()
		}
	case nextDeal:
		g.cycle(int(c.value))
	case snapshot:
		g.snap = true
	}
	g.dirty = true // every command may change the picture: the run, the ring, the labels
	g.page.state(g.playing, g.speed)
}
