// Package palette is the one colour palette of pipesim, shared by the SVG charts and the browser
// canvas so that a colour means the same thing everywhere. It imports only image/color, so the
// canvas's WebAssembly can use it without the rest of render.
package palette

import "image/color"

// The palette is the colour-blind-safe Okabe-Ito set.
var (
	TeamA      = hex(0xD55E00) // vermillion: team A, goal-oriented
	TeamB      = hex(0x0072B2) // blue: team B, process-oriented
	Won        = hex(0x009E73) // bluish green
	Lost       = hex(0xCC79A7) // reddish purple
	NoDecision = hex(0x8C8C8C) // grey
	Stalled    = hex(0xC8C8C8) // light grey
	Referral   = hex(0xE69F00) // orange
	Preferred  = hex(0xF0C419) // gold outline of preferred customers
	TrustLow   = hex(0x12403C) // dark teal: a new customer
	TrustHigh  = hex(0x3FE0C5) // bright teal: full trust
	Ink        = hex(0x1F2328) // text on light ground
	Muted      = hex(0x6B7280) // secondary text, axes
	Grid       = hex(0xE5E7EB) // gridlines
	Ground     = hex(0x111827) // the canvas's dark ground

	// The two sides of a sensitivity (tornado) chart, apart from the team colours: the chart
	// compares a ratio of the teams, so neither side should read as one team.
	Lowered = hex(0x56B4E9) // sky blue: a parameter lowered
	Raised  = hex(0xE69F00) // orange: a parameter raised
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
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + float64(tau*(float64(b)-float64(a))) + 0.5) }
	return color.RGBA{mix(TrustLow.R, TrustHigh.R), mix(TrustLow.G, TrustHigh.G), mix(TrustLow.B, TrustHigh.B), 255}
}

// Hex writes a colour as #rrggbb, for SVG and CSS.
func Hex(c color.RGBA) string {
	const digits = "0123456789ABCDEF"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{c.R, c.G, c.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}

func hex(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}
