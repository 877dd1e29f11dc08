//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

	"github.com/pipesim/pipesim/wasm/canvas/scene"
)

// The atlas holds every shape the scene uses, so all of a frame's shapes go to the GPU in one
// DrawTriangles call instead of thousands of draws. Discs and rings come in four sizes, each
// antialiased at its own resolution, and a shape samples the smallest at least as large as it
// is drawn: so nearest-pixel sampling, a quarter of bilinear's work for software WebGL, still
// draws smooth edges.
const (
	cell      = 64 // the largest disc's and ring's texture size
	discR     = 31 // disc radius in the largest cell, and in proportion in the smaller ones
	ringR     = 28 // ring radius (centre of the stroke)
	ringWidth = 4
	levels    = 4 // cells of 64, 32, 16 and 8 pixels
)

var (
	discSrc, ringSrc [levels]image.Rectangle
	// A white block sampled well inside its edges, so filtering never blends in the
	// transparent border.
	boxSrc = image.Rect(2*cell+4, 4, 2*cell+12, 12)
)

func init() {
	y := 0
	for k := range levels {
		size := cell >> k
		discSrc[k] = image.Rect(0, y, size, y+size)
		ringSrc[k] = image.Rect(cell, y, cell+size, y+size)
		y += size
	}
}

// level is the smallest cell at least as large as the quad of a shape of radius r (device
// pixels): the texture is then shrunk by less than two, which nearest sampling draws cleanly.
func level(r float32) int {
	quad := r * cell / discR
	for k := levels - 1; k > 0; k-- {
		if float32(int(cell)>>k) >= quad {
			return k
		}
	}
	return 0
}

type painter struct {
	atlas    *ebiten.Image
	vertices []ebiten.Vertex
	indices  []uint16
	regular  *opentype.Font
	bold     *opentype.Font
	faces    map[faceKey]*fontFace
	glyphs   *glyphAtlas
}

type faceKey struct {
	size float32
	bold bool
}

func newPainter() *painter {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err) // the embedded fonts are valid
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(err)
	}
	return &painter{atlas: ebiten.NewImageFromImage(shapeAtlas()), regular: regular, bold: bold,
		faces: map[faceKey]*fontFace{}, glyphs: newGlyphAtlas()}
}

// shapeAtlas draws the white discs, rings and block, antialiased by pixel coverage.
func shapeAtlas() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 2*cell+16, 2*cell))
	for k := range levels {
		size := cell >> k
		f := float64(size) / cell // this cell's scale
		for y := range size {
			for x := range size {
				d := math.Hypot(float64(x)+0.5-float64(size)/2, float64(y)+0.5-float64(size)/2)
				disc := clamp01(discR*f + 0.5 - d)
				ring := clamp01(max(0.5, ringWidth*f/2) + 0.5 - math.Abs(d-ringR*f))
				img.SetRGBA(discSrc[k].Min.X+x, discSrc[k].Min.Y+y, white(disc))
				img.SetRGBA(ringSrc[k].Min.X+x, ringSrc[k].Min.Y+y, white(ring))
			}
		}
	}
	for y := range 16 {
		for x := range 16 {
			img.SetRGBA(2*cell+x, y, white(1))
		}
	}
	return img
}

func clamp01(v float64) float64 { return min(1, max(0, v)) }

// white is premultiplied white at coverage a.
func white(a float64) color.RGBA {
	v := uint8(255*a + 0.5)
	return color.RGBA{v, v, v, v}
}

func (p *painter) draw(dst *ebiten.Image, f *scene.Frame) {
	p.shapes(dst, f.Shapes)
	p.labels(dst, f.Labels)
	p.shapes(dst, f.Tip)
	p.labels(dst, f.TipLabels)
}

// maxQuads keeps one DrawTriangles call within 16-bit indices.
const maxQuads = 65536 / 4

func (p *painter) shapes(dst *ebiten.Image, sprites []scene.Sprite) {
	for len(sprites) > 0 {
		n := min(len(sprites), maxQuads)
		p.batch(dst, sprites[:n])
		sprites = sprites[n:]
	}
}

func (p *painter) batch(dst *ebiten.Image, sprites []scene.Sprite) {
	p.vertices, p.indices = p.vertices[:0], p.indices[:0]
	for _, s := range sprites {
		switch s.Shape {
		case scene.Disc:
			h := s.W * cell / 2 / discR
			p.quad(s.X-h, s.Y-h, s.X+h, s.Y+h, discSrc[level(s.W)], s.C)
		case scene.Ring:
			h := s.W * cell / 2 / ringR
			p.quad(s.X-h, s.Y-h, s.X+h, s.Y+h, ringSrc[level(s.W)], s.C)
		default:
			p.quad(s.X, s.Y, s.X+s.W, s.Y+s.H, boxSrc, s.C)
		}
	}
	p.flush(dst, p.atlas, ebiten.FilterNearest)
}

// quad appends a textured rectangle in colour c (straight alpha) to the batch.
func (p *painter) quad(x0, y0, x1, y1 float32, src image.Rectangle, c color.RGBA) {
	r, g, b, a := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	sx0, sy0, sx1, sy1 := float32(src.Min.X), float32(src.Min.Y), float32(src.Max.X), float32(src.Max.Y)
	base := uint16(len(p.vertices))
	p.vertices = append(p.vertices,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: sx0, SrcY: sy0, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x1, DstY: y0, SrcX: sx1, SrcY: sy0, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x0, DstY: y1, SrcX: sx0, SrcY: sy1, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
		ebiten.Vertex{DstX: x1, DstY: y1, SrcX: sx1, SrcY: sy1, ColorR: r, ColorG: g, ColorB: b, ColorA: a},
	)
	p.indices = append(p.indices, base, base+1, base+2, base+1, base+3, base+2)
}

// flush draws the batch. Vertex colours are straight alpha (Ebiten's default colour scale mode).
func (p *painter) flush(dst, src *ebiten.Image, filter ebiten.Filter) {
	if len(p.indices) > 0 {
		dst.DrawTriangles(p.vertices, p.indices, src, &ebiten.DrawTrianglesOptions{Filter: filter})
	}
	p.vertices, p.indices = p.vertices[:0], p.indices[:0]
}

func (p *painter) labels(dst *ebiten.Image, labels []scene.Label) {
	p.vertices, p.indices = p.vertices[:0], p.indices[:0]
	for i := range labels {
		l := &labels[i]
		f := p.face(l.Size, l.Bold)
		x := float64(l.X)
		switch l.Align {
		case scene.Center:
			x -= float64(f.width(l.Text)) / 64 / 2
		case scene.Right:
			x -= float64(f.width(l.Text)) / 64
		}
		if len(p.vertices)+4*len(l.Text) >= 65536 {
			p.flush(dst, p.glyphs.img, ebiten.FilterNearest)
		}
		f.quads(p, l.Text, x, float64(l.Y), l.C)
	}
	// Glyphs sit on whole pixels, so nearest filtering keeps them sharp.
	p.flush(dst, p.glyphs.img, ebiten.FilterNearest)
}

// face returns a cached face; sizes are few (a handful of CSS sizes times the pixel ratio).
func (p *painter) face(size float32, bold bool) *fontFace {
	k := faceKey{size, bold}
	if f, ok := p.faces[k]; ok {
		return f
	}
	src := p.regular
	if bold {
		src = p.bold
	}
	f := newFontFace(src, float64(size), p.glyphs)
	p.faces[k] = f
	return f
}
