//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// fontFace draws text from glyphs rasterized once per size and kept as small images; Ebiten packs
// them into its atlas, so a frame's text is a few batched draws. (Ebiten's text/v2 shapes text
// with a full HarfBuzz port: a megabyte of wasm for labels that are plain Latin.)
type fontFace struct {
	face   font.Face
	ascent int
	glyphs map[rune]*glyph
}

type glyph struct {
	img     *ebiten.Image // nil for blank glyphs such as the space
	x, y    int           // image offset from the pen position on the baseline
	advance fixed.Int26_6
}

func newFontFace(f *opentype.Font, size float64) *fontFace {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only a bad size fails, and sizes come from the layout
	}
	return &fontFace{face: face, ascent: face.Metrics().Ascent.Ceil(), glyphs: map[rune]*glyph{}}
}

func (f *fontFace) glyph(r rune) *glyph {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	g := &glyph{}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, mp, adv, _ = f.face.Glyph(fixed.Point26_6{}, '?')
	}
	g.advance = adv
	if !dr.Empty() {
		// White glyphs, tinted per label by the colour scale.
		rgba := image.NewRGBA(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.DrawMask(rgba, rgba.Bounds(), image.NewUniform(color.White), image.Point{}, mask, mp, draw.Src)
		g.img = ebiten.NewImageFromImage(rgba)
		g.x, g.y = dr.Min.X, dr.Min.Y
	}
	f.glyphs[r] = g
	return g
}

// width is the advance of s, with kerning.
func (f *fontFace) width(s string) fixed.Int26_6 {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += f.face.Kern(prev, r)
		}
		w += f.glyph(r).advance
		prev = r
	}
	return w
}

// draw writes s with its top-left at (x, y).
func (f *fontFace) draw(dst *ebiten.Image, s string, x, y float64, c color.RGBA) {
	pen := fixed.Int26_6(x * 64)
	base := y + float64(f.ascent)
	prev := rune(-1)
	var op ebiten.DrawImageOptions
	for _, r := range s {
		if prev >= 0 {
			pen += f.face.Kern(prev, r)
		}
		g := f.glyph(r)
		if g.img != nil {
			op.GeoM.Reset()
			op.GeoM.Translate(float64(pen.Round()+g.x), base+float64(g.y))
			op.ColorScale.Reset()
			op.ColorScale.ScaleWithColor(c)
			dst.DrawImage(g.img, &op)
		}
		pen += g.advance
		prev = r
	}
}
