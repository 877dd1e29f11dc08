//go:build js && wasm

package main

import (
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/canvas/history"
	"github.com/pipesim/pipesim/wasm/canvas/scene"
)

// pick selects the open deal at (x, y) in CSS pixels of the iframe. The iframe's document hears
// the click or tap, not Ebiten's polled input, which misses a click shorter than a tick. A click
// beside every dot keeps the selection, so a near miss does not close the panel the facilitator
// is talking over.
func (g *game) pick(x, y float64) {
	d, ok := g.scene.DotAt(x*g.scale, y*g.scale)
	if !ok {
		return
	}
	g.choose(int(d.Team), d.Opp)
}

// choose selects a deal: its ring on the canvas and its story in the page's panel.
func (g *game) choose(team int, opp sim.ID) {
	g.selected.on, g.selected.team, g.selected.opp = true, team, opp
	g.scene.Select(team, opp)
	g.lastStory = ""
	g.tell()
}

// cycle selects the next open deal (dir > 0) or the previous one, for the keyboard.
func (g *game) cycle(dir int) {
	if team, opp, ok := g.scene.Next(dir); ok {
		g.choose(team, opp)
	}
}

func (g *game) deselect() {
	g.selected.on = false
	g.scene.Deselect()
}

// tell sends the selected deal's story to the page when it changed. A deal whose story was
// recycled (hundreds of deals closed since) keeps the panel's last words.
func (g *game) tell() {
	if !g.selected.on {
		return
	}
	d := g.deals.Deal(g.selected.team, g.selected.opp)
	if d == nil {
		return
	}
	st := history.Tell(d, g.world)
	st.Both = history.Both(g.deals, d)
	if msg := g.page.deal(st, g.lastStory); msg != "" {
		g.lastStory = msg
	}
}

// spot reports where a deal's dot is, in the page's CSS pixels, so automation can click it.
func (g *game) spot() {
	s, ok := g.scene.Spot()
	s.X, s.Y = s.X/g.scale, s.Y/g.scale
	g.page.post(struct {
		Type string `json:"type"`
		OK   bool   `json:"ok"`
		scene.Spot
	}{"spot", ok, s})
}
