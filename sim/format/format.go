// Package format writes numbers for people: money, percentages, counts, days and intervals,
// the same way in the command line's tables, the reports and the browser. It imports nothing
// of the engine, so every package can use it, and it compiles to WebAssembly.
package format

import (
	"math"
	"strconv"
	"strings"
)

// Thousands writes x with the given decimals and commas between thousands: 1,234,567.8.
// A value that rounds to zero carries no minus sign.
func Thousands(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Count writes a whole number with commas between thousands: 12,500.
func Count(n int) string { return Thousands(float64(n), 0) }

// Money writes an amount in whole dollars: $1,234,567 or -$12,000.
func Money(x float64) string {
	s := Thousands(x, 0)
	if neg, ok := strings.CutPrefix(s, "-"); ok {
		return "-$" + neg
	}
	return "$" + s
}

// SignedMoney writes a difference in whole dollars: +$1,234 or -$1,234.
func SignedMoney(x float64) string {
	s := Money(x)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// Percent writes a share as a percentage with one decimal: 23.4%.
func Percent(x float64) string { return Thousands(100*x, 1) + "%" }

// Days writes a duration in days with one decimal: 48.3 d.
func Days(x float64) string { return Thousands(x, 1) + " d" }

// Interval writes a value and its interval lo to hi with one precision: at least the one of
// write's extra = 0, and as many more decimals (up to four) as it takes for the two ends of an
// interval with width not to print alike, so "48 d to 48 d" never appears. write formats x with
// extra decimals beyond its usual ones.
func Interval(write func(x float64, extra int) string, mean, lo, hi float64) (m, ci string) {
	extra := 0
	for extra < 4 && lo != hi && write(lo, extra) == write(hi, extra) {
		extra++
	}
	return write(mean, extra), write(lo, extra) + " to " + write(hi, extra)
}

// Bytes writes a size in the units people use for limits: 1 MiB, 64 KiB, 300 bytes.
func Bytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return Thousands(float64(n>>20), 0) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return Thousands(float64(n>>10), 0) + " KiB"
	}
	return Thousands(float64(n), 0) + " bytes"
}

// Values writes several values that are read together (a value and its interval) with one
// number of decimals: enough for sig significant digits of the largest, and up to four more
// where two different values would otherwise print alike. 0.9764 (95% CI 0.9203 to 1.041)
// becomes 0.976, 0.920 and 1.041.
func Values(sig int, xs ...float64) []string {
	big := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			big = max(big, math.Abs(x))
		}
	}
	d := sig - 1
	if big > 0 {
		d = sig - 1 - int(math.Floor(math.Log10(big)))
	}
	d = max(d, 0)
	write := func(d int) ([]string, bool) {
		out := make([]string, len(xs))
		distinct := true
		for i, x := range xs {
			out[i] = strconv.FormatFloat(x, 'f', d, 64)
			for j := range i {
				if xs[j] != x && out[j] == out[i] {
					distinct = false
				}
			}
		}
		return out, distinct
	}
	out, ok := write(d)
	for extra := 1; !ok && extra <= 4; extra++ {
		out, ok = write(d + extra)
	}
	return out
}

// Short writes an amount the way a sales floor says it, for the canvas, a deal's history and
// the verdict: $840, $5.2k, $52k, $2.41M, $1.20B.
func Short(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e9:
		return sign + "$" + strconv.FormatFloat(v/1e9, 'f', 2, 64) + "B"
	case v >= 1e6:
		return sign + "$" + strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case v >= 1e4:
		return sign + "$" + strconv.FormatFloat(v/1e3, 'f', 0, 64) + "k"
	case v >= 1e3:
		return sign + "$" + strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return sign + "$" + strconv.FormatFloat(v, 'f', 0, 64)
}
