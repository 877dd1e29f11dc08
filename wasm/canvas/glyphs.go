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

// glyphAtlas rasterizes each glyph once per face into one texture, so all of a frame's text is
// a single DrawTriangles call. (Ebiten's text/v2 shapes text with a full HarfBuzz port, a
// megabyte of wasm for labels that are plain Latin; and a draw call per glyph costs
// milliseconds a frame in the browser.)
type glyphAtlas struct {
	img        *ebiten.Image
	x, y, rowH int // shelf packing: the next free spot and the current row's height
	generation int // bumped when the atlas is cleared, invalidating every glyph
}

const atlasSize = 1024

func newGlyphAtlas() *glyphAtlas {
	return &glyphAtlas{img: ebiten.NewImage(atlasSize, atlasSize)}
}

// place reserves a w x h spot, clearing the atlas when it is full; ok is false if it was cleared
// (the caller's other glyphs are gone and must be made again).
func (a *glyphAtlas) place(w, h int) (r image.Rectangle, kept bool) {
	kept = true
	if a.x+w+1 > atlasSize {
		a.x, a.y, a.rowH = 0, a.y+a.rowH+1, 0
	}
	if a.y+h+1 > atlasSize {
		a.img.Clear()
		a.x, a.y, a.rowH = 0, 0, 0
		a.generation++
		kept = false
	}
	r = image.Rect(a.x, a.y, a.x+w, a.y+h)
	a.x += w + 1 // a gap keeps neighbours from bleeding in
	a.rowH = max(a.rowH, h)
	return r, kept
}

// fontFace is one font at one size.
type fontFace struct {
	face       font.Face
	ascent     int
	atlas      *glyphAtlas
	generation int
	glyphs     map[rune]glyph
}

type glyph struct {
	src     image.Rectangle // in the atlas; empty for blank glyphs such as the space
	x, y    int             // offset from the pen position on the baseline
	advance fixed.Int26_6
}

func newFontFace(f *opentype.Font, size float64, atlas *glyphAtlas) *fontFace {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only a bad size fails, and sizes come from the layout
	}
	return &fontFace{face: face, ascent: face.Metrics().Ascent.Ceil(), atlas: atlas,
		generation: atlas.generation, glyphs: map[rune]glyph{}}
}

func (f *fontFace) glyph(r rune) glyph {
	if f.generation != f.atlas.generation {
		clear(f.glyphs)
		f.generation = f.atlas.generation
	}
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, mp, adv, _ = f.face.Glyph(fixed.Point26_6{}, '?')
	}
	g := glyph{advance: adv, x: dr.Min.X, y: dr.Min.Y}
	if !dr.Empty() {
		src, kept := f.atlas.place(dr.Dx(), dr.Dy())
		if !kept {
			clear(f.glyphs)
			f.generation = f.atlas.generation
		}
		// White glyphs, tinted per label by the vertex colour.
		rgba := image.NewRGBA(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.DrawMask(rgba, rgba.Bounds(), image.NewUniform(color.White), image.Point{}, mask, mp, draw.Src)
		f.atlas.img.SubImage(src).(*ebiten.Image).WritePixels(rgba.Pix)
		g.src = src
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

// quads appends the glyph quads of s, top-left at (x, y), to the painter's batch.
func (f *fontFace) quads(p *painter, s string, x, y float64, c color.RGBA) {
	pen := fixed.Int26_6(x * 64)
	base := int(y + 0.5)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			pen += f.face.Kern(prev, r)
		}
		g := f.glyph(r)
		if !g.src.Empty() {
			x0 := float32(pen.Round() + g.x)
			y0 := float32(base + f.ascent + g.y)
			p.quad(x0, y0, x0+float32(g.src.Dx()), y0+float32(g.src.Dy()), g.src, c)
		}
		pen += g.advance
		prev = r
	}
}
