package scene

import "image/color"

// The canvas's copy of the shared Okabe-Ito palette (render/palette.go). The canvas does not
// import render: render pulls in SVG, HTML templates and the minifier, megabytes of wasm the
// animation never uses. TestPaletteMatchesRender keeps the two identical.
var (
	TeamA      = rgb(0xD55E00)
	TeamB      = rgb(0x0072B2)
	Won        = rgb(0x009E73)
	Lost       = rgb(0xCC79A7)
	NoDecision = rgb(0x8C8C8C)
	Stalled    = rgb(0xC8C8C8)
	Referral   = rgb(0xE69F00)
	Preferred  = rgb(0xF0C419)
	TrustLow   = rgb(0x12403C)
	TrustHigh  = rgb(0x3FE0C5)
	Ink        = rgb(0x1F2328)
	Muted      = rgb(0x6B7280)
	Ground     = rgb(0x111827)
)

// TeamColor is team i's colour (0 for A, 1 for B).
func TeamColor(i int) color.RGBA {
	if i == 0 {
		return TeamA
	}
	return TeamB
}

// TrustColor shades a customer from dark to bright teal by trust in [0, 1].
func TrustColor(tau float64) color.RGBA {
	tau = min(1, max(0, tau))
	m := func(a, b uint8) uint8 { return uint8(float64(a) + tau*(float64(b)-float64(a)) + 0.5) }
	return color.RGBA{m(TrustLow.R, TrustHigh.R), m(TrustLow.G, TrustHigh.G), m(TrustLow.B, TrustHigh.B), 255}
}

func rgb(v uint32) color.RGBA { return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255} }
