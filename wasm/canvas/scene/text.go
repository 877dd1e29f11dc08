package scene

import (
	"math"
	"strconv"
)

func fixed(v float64, digits int) string { return strconv.FormatFloat(v, 'f', digits, 64) }

func sqrt(x float64) float64 { return math.Sqrt(x) }
