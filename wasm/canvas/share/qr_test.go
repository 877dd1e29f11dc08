package share

import (
	"strings"
	"testing"

	"rsc.io/qr"
)

// The SVG's modules are the encoder's: every black module is inside one of the path's runs.
func TestQRSVG(t *testing.T) {
	link := "http://room.test:8080/?preset=mid-market&seed=5&runs=500&speed=3"
	svg, err := QRSVG(link)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := qr.Encode(link, qr.M)
	black := 0
	for y := range c.Size {
		for x := range c.Size {
			if c.Black(x, y) {
				black++
			}
		}
	}
	if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
		t.Fatalf("not an SVG: %.60s", svg)
	}
	runs := strings.Count(svg, "z")
	if runs == 0 || runs > black {
		t.Errorf("%d runs for %d black modules", runs, black)
	}
	area := 0
	for _, part := range strings.Split(strings.TrimSuffix(strings.SplitN(svg, `d="`, 2)[1], `"/></svg>`), "z") {
		if i := strings.Index(part, "h"); i >= 0 {
			var n int
			for _, ch := range part[i+1:] {
				if ch < '0' || ch > '9' {
					break
				}
				n = 10*n + int(ch-'0')
			}
			area += n
		}
	}
	if area != black {
		t.Errorf("the path covers %d modules; the code has %d black", area, black)
	}
}
