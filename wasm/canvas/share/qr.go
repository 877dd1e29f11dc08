// Package share makes what the page needs to pass a run round a room: a QR code of the run's
// link, as SVG, so participants open the same run on their laptops or phones. Pure Go, tested
// natively; the canvas's WebAssembly calls it for the page.
package share

import (
	"strconv"
	"strings"

	"rsc.io/qr"
)

// quiet is the blank border the QR standard asks for, in modules.
const quiet = 4

// QRSVG draws link as a QR code: one path of black modules on white, scalable to any size. The
// medium error-correction level still reads on a projector photographed from the back.
func QRSVG(link string) (string, error) {
	c, err := qr.Encode(link, qr.M)
	if err != nil {
		return "", err
	}
	n := c.Size + 2*quiet
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(n) + " " + strconv.Itoa(n))
	b.WriteString(`" shape-rendering="crispEdges" role="img" aria-label="QR code of the link"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := range c.Size {
		for x := 0; x < c.Size; x++ {
			if !c.Black(x, y) {
				continue
			}
			run := 1 // a row's run of black modules is one rectangle
			for x+run < c.Size && c.Black(x+run, y) {
				run++
			}
			b.WriteString("M" + strconv.Itoa(x+quiet) + " " + strconv.Itoa(y+quiet) + "h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run - 1
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
