//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

// perf measures the CPU time of Update and Draw and reports it to the page once a second
// when the page was opened with ?debug=1.
type perf struct {
	on           bool
	checked      bool
	update, draw time.Duration
	worst        time.Duration
	frames       int
	since        time.Time
}

func (p *perf) frame(g *game) {
	if !p.checked {
		p.checked = true
		query := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
		p.on = query.Call("get", "debug").String() == "1"
		p.since = time.Now()
	}
	if !p.on {
		p.update, p.draw = 0, 0
		return
	}
	p.frames++
	p.worst = max(p.worst, p.update+p.draw)
	if time.Since(p.since) < time.Second {
		return
	}
	n := float64(p.frames)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	g.page.post(struct {
		Type   string  `json:"type"`
		Update float64 `json:"update_ms"`
		Draw   float64 `json:"draw_ms"`
		Worst  float64 `json:"worst_ms"`
		FPS    float64 `json:"fps"`
		Open   int     `json:"open"`
	}{"perf", ms(p.update), ms(p.draw), float64(p.worst.Microseconds()) / 1000, n / time.Since(p.since).Seconds(), g.scene.Open()})
	*p = perf{on: true, checked: true, since: time.Now()}
}
