//go:build js && wasm

// Command canvas is the browser animation of one live paired run: an Ebiten game inside the
// page's iframe, driven by the page's controls through functions it registers on its window.
package main

import (
	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	page := connectPage()
	g := newGame(page)
	// One Update a frame: Update steps by the wall clock, so a slow frame (software WebGL)
	// needs no catch-up ticks, which cost as much CPU as the frame they delay.
	ebiten.SetTPS(ebiten.SyncWithFPS)
	// The page's controls live outside this iframe: keep animating while they have the focus.
	// A hidden tab is paused by the page.
	ebiten.SetRunnableOnUnfocused(true)
	// Draw fills the whole screen itself; not clearing lets a skipped frame cost nothing.
	ebiten.SetScreenClearedEveryFrame(false)
	page.ready()
	if err := ebiten.RunGame(g); err != nil {
		page.fail(err)
	}
}
