//go:build js && wasm

package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"

	"github.com/hajimehoshi/ebiten/v2"
)

// snapshot sends the frame just drawn to the page as a PNG, for a slide. WebGL keeps no
// picture the page could read back, so the game reads its own screen right after drawing it.
func (g *game) snapshot(screen *ebiten.Image) {
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		g.page.fail(err)
		return
	}
	g.page.post(struct {
		Type string `json:"type"`
		PNG  string `json:"png"`
	}{"snapshot", base64.StdEncoding.EncodeToString(out.Bytes())})
}
