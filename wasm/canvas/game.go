//go:build js && wasm

package main

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/canvas/history"
	"github.com/pipesim/pipesim/wasm/canvas/scene"
)

// tps is the display rate assumed for the first frame, before there is a clock to go by.
const tps = 60

// busyFrame is the time between frames while the Monte Carlo runs: motion stays readable, and
// software-rendered WebGL (a laptop without a GPU, a headless test) leaves the cores to the workers.
const busyFrame = 125 * time.Millisecond

// toTheEnd is the speed that runs every remaining week at once.
const toTheEnd = 0

// game is the Ebiten game: one World stepped at the chosen speed, and its Scene drawn.
type game struct {
	page     *page
	settings scene.Settings
	base     sim.Scenario // what the controls apply to: a preset, or a shared link's scenario
	scenario sim.Scenario
	world    *sim.World
	scene    *scene.Scene
	deals    *history.Log // every open deal's story and the recent closed ones, for the panel
	frame    scene.Frame
	painter  *painter

	playing bool
	speed   float64 // weeks a second, or toTheEnd
	due     float64 // weeks owed to the clock
	stats   []scene.WeekStats
	pointer struct {
		in, shown bool // in the canvas; and as last drawn
		x, y      int
	}
	// The deal whose story the page's panel shows, and the story last sent.
	selected struct {
		on   bool
		team int
		opp  sim.ID
	}
	lastStory string

	// busy: the page's Monte Carlo workers want the cores, so Draw skips most frames. Skipping
	// is cheap because the screen is not cleared every frame: a frame that draws nothing is
	// not rendered at all.
	busy     bool
	lastDraw time.Time
	// dirty says the picture changed since the last frame drawn; Draw skips every other
	// frame, so a paused canvas costs nothing, not even the GPU's time.
	dirty bool
	// options are what the page asks of the layout (presenter mode's larger text).
	options scene.Options
	// snap: the page asked for a picture of the canvas, taken after the next frame drawn.
	snap bool
	// buffer is where a frame is drawn, then copied to the screen in one draw: an unmanaged
	// image has a texture of its own, and software WebGL draws thousands of shapes into it
	// several times faster than into the screen, which Ebiten keeps on a shared atlas
	// when it is not cleared every frame.
	buffer *ebiten.Image

	width, height int
	scale         float64
	perf          perf
	last          time.Time // previous Update, for the wall-clock step
}

func newGame(p *page) *game {
	g := &game{speed: 8, scale: 1, painter: newPainter(), deals: history.New()}
	// Something to draw until the page sends its link; not announced, so the page's address
	// still holds the link when the page reads it.
	g.base = sim.MustPreset(sim.DefaultPreset)
	g.start(g.base, sim.DefaultSeed)
	g.page = p
	return g
}

// start begins a new run of s with the current seed, playing on if the last one was playing
// (a facilitator dragging a slider mid-run wants to see the new run, not a paused one).
func (g *game) start(s sim.Scenario, seed uint64) {
	g.scenario = s
	g.settings = scene.SettingsOf(&g.scenario, seed)
	g.world = sim.NewWorld(&g.scenario, seed)
	if g.scene == nil {
		g.scene = scene.New(&g.scenario, scene.NewLayout(float64(max(g.width, 1)), float64(max(g.height, 1)), g.scale, g.options))
	} else {
		g.scene.Reset(&g.scenario)
	}
	g.deals.Reset()
	g.dirty = true
	g.selected.on, g.lastStory = false, "" // the page closes its panel on a new run
	g.due = 0
	g.stats = g.stats[:0]
	if g.page != nil {
		g.page.run(g.settings, g.world)
		g.page.state(g.playing, g.speed)
	}
}

func (g *game) Update() error {
	began := time.Now()
	// Weeks and tweens follow the wall clock, not the count of updates: a slow machine shows
	// fewer frames of the same run, not a slower run. A long gap (a stall, a debugger) counts
	// as a quarter second.
	dt := 1.0 / tps
	if !g.last.IsZero() {
		dt = min(0.25, began.Sub(g.last).Seconds())
	}
	g.last = began
	g.obey()
	if g.playing {
		var n int // weeks to step this tick
		if g.speed == toTheEnd {
			n = g.scenario.Weeks - g.world.Week()
		} else {
			g.due += g.speed * dt
			n = int(g.due)
			g.due -= float64(n)
		}
		for range n {
			g.stepWeek()
		}
		if g.world.Done() {
			g.playing = false
			g.page.state(false, g.speed)
		}
	}
	g.tune()
	g.dirty = g.dirty || g.scene.Moving()
	g.scene.Update(dt)
	g.hover()
	if len(g.stats) > 0 {
		g.dirty = true
		g.page.weeks(g.stats, g.world)
		g.stats = g.stats[:0]
		g.tell() // the selected deal's panel follows the run
	}
	g.perf.update += time.Since(began)
	return nil
}

// hover tells the scene where the pointer is; a move redraws (the tooltip follows it).
func (g *game) hover() {
	x, y := ebiten.CursorPosition()
	if x != g.pointer.x || y != g.pointer.y || g.pointer.in != g.pointer.shown {
		g.pointer.x, g.pointer.y, g.pointer.shown = x, y, g.pointer.in
		g.dirty = true
	}
	g.scene.SetPointer(float64(x), float64(y), g.pointer.in)
}

func (g *game) stepWeek() {
	if g.world.Step() {
		g.stats = append(g.stats, g.scene.Step(g.world))
		g.deals.Step(g.world)
	}
}

// tune shortens tweens at high speed, so a dot reaches a stage before it moves on, and hides
// the value labels of wins when they would pile up.
func (g *game) tune() {
	tween := 0.6
	if g.playing && g.speed != toTheEnd {
		tween = min(tween, 0.85/g.speed)
	}
	if g.playing && g.speed == toTheEnd {
		tween = 0.35
	}
	g.scene.Tween = max(tween, 1.0/tps)
	g.scene.Labels = !g.playing || (g.speed != toTheEnd && g.speed <= 8)
	g.scene.Pulse = g.playing
}

func (g *game) Draw(screen *ebiten.Image) {
	began := time.Now()
	b := screen.Bounds()
	resized := b.Dx() != g.width || b.Dy() != g.height
	if !resized && (!g.dirty || g.busy && began.Sub(g.lastDraw) < busyFrame) {
		g.perf.frame(g, false)
		return
	}
	g.lastDraw, g.dirty = began, false
	if resized {
		g.width, g.height = b.Dx(), b.Dy()
		g.relayout()
	}
	if g.buffer == nil || g.buffer.Bounds() != b {
		if g.buffer != nil {
			g.buffer.Deallocate()
		}
		g.buffer = ebiten.NewImageWithOptions(b, &ebiten.NewImageOptions{Unmanaged: true})
	}
	g.buffer.Fill(palette.Ground)
	g.scene.Fill(&g.frame)
	g.painter.draw(g.buffer, &g.frame)
	screen.DrawImage(g.buffer, nil)
	if g.snap {
		g.snap = false
		g.snapshot(screen)
	}
	g.perf.draw += time.Since(began)
	g.perf.frame(g, true)
}

// relayout lays the scene out anew for the canvas's size and the page's options.
func (g *game) relayout() {
	g.scene.SetLayout(scene.NewLayout(float64(g.width), float64(g.height), g.scale, g.options))
	g.dirty = true
}

// Layout is what ebiten.Game requires; Ebiten calls LayoutF instead when a game has it.
func (g *game) Layout(w, h int) (int, int) {
	fw, fh := g.LayoutF(float64(w), float64(h))
	return int(fw), int(fh)
}

// LayoutF renders at device pixels, so text and dots are crisp on any pixel ratio.
func (g *game) LayoutF(w, h float64) (float64, float64) {
	g.scale = ebiten.Monitor().DeviceScaleFactor()
	return w * g.scale, h * g.scale
}
