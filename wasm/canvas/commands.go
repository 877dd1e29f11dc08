//go:build js && wasm

package main

import (
	"encoding/json"

	"github.com/pipesim/pipesim/wasm/canvas/scene"
)

// command is one request from the page. The page's calls only queue commands, never block,
// and Update carries them out between frames.
type command struct {
	kind     commandKind
	settings string // load: the controls as JSON
	value    float64
}

type commandKind uint8

const (
	load commandKind = iota
	play
	pause
	toggle
	stepOnce
	reset
	setSpeed
	pointerIn
	pointerOut
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
			g.page.fail(err)
			return
		}
		s, err := st.Scenario()
		if err != nil {
			g.page.fail(err)
			return
		}
		g.settings = st
		g.start(s)
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
		g.start(g.scenario)
		return
	case setSpeed:
		g.speed = c.value
	case pointerIn:
		g.pointer.in = true
	case pointerOut:
		g.pointer.in = false
	}
	g.page.state(g.playing, g.speed)
}
