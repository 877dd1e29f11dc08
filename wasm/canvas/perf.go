//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// perf reports to the page once a second, when the page was opened with ?debug=1, what the
// screen really shows: frames drawn per second (a frame with nothing new is not drawn), the
// browser's frames per second as Ebiten counts them, and the CPU time Go spent per drawn frame.
// CPU time alone looked far better than the screen: software WebGL spends most of a frame
// outside Go.
type perf struct {
	on           bool
	checked      bool
	update, draw time.Duration
	worst        time.Duration
	drawn        int
	since        time.Time
}

func (p *perf) enabled() bool {
	if !p.checked {
		p.checked = true
		query := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
		p.on = query.Call("get", "debug").String() == "1"
		p.since = time.Now()
	}
	return p.on
}

// frame ends one Draw; drew says whether it drew or skipped an unchanged frame.
func (p *perf) frame(g *game, drew bool) {
	if !p.enabled() {
		p.update, p.draw = 0, 0
		return
	}
	if drew {
		p.drawn++
		p.worst = max(p.worst, p.update+p.draw)
	}
	elapsed := time.Since(p.since)
	if elapsed < time.Second {
		return
	}
	n := float64(max(1, p.drawn))
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	g.page.post(struct {
		Type    string  `json:"type"`
		Drawn   float64 `json:"drawn_fps"`
		Browser float64 `json:"browser_fps"`
		Update  float64 `json:"update_ms"`
		Draw    float64 `json:"draw_ms"`
		Worst   float64 `json:"worst_ms"`
		Open    int     `json:"open"`
	}{"perf", float64(p.drawn) / elapsed.Seconds(), ebiten.ActualFPS(), ms(p.update), ms(p.draw),
		float64(p.worst.Microseconds()) / 1000, g.scene.Open()})
	*p = perf{on: true, checked: true, since: time.Now()}
}
