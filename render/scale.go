package render

import (
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// scale maps a data interval onto a pixel interval. A degenerate domain maps to the middle of
// the range, so a chart of identical values still draws instead of dividing by zero.
type scale struct{ d0, d1, r0, r1 float64 }

func (s scale) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + float64((v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0))
}

// axis is a nice domain with its ticks, for values between lo and hi.
type axis struct {
	lo, hi, step float64
	ticks        []float64
}

// niceAxis widens [lo, hi] to whole multiples of a round step (1, 2, 2.5 or 5 times a power of
// ten) giving about n intervals. An empty interval is widened around its value first, so a
// batch where every run earned the same still gets a readable axis.
func niceAxis(lo, hi float64, n int) axis {
	lo, hi = finite(lo), finite(hi)
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi-lo <= 1e-9*max(math.Abs(lo), math.Abs(hi)) {
		pad := math.Abs(lo) / 10
		if pad == 0 {
			pad = 1
		}
		if lo >= 0 && lo-pad < 0 {
			lo, hi = 0, hi+pad // keep a non-negative quantity's axis at zero or above
		} else {
			lo, hi = lo-pad, hi+pad
		}
	}
	step := niceStep((hi - lo) / float64(max(1, n)))
	a := axis{lo: math.Floor(lo/step+1e-9) * step, hi: math.Ceil(hi/step-1e-9) * step, step: step}
	for i := 0; ; i++ {
		v := a.lo + float64(float64(i)*step)
		if v > a.hi+float64(step/2) {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0 // no "-0" labels from rounding
		}
		a.ticks = append(a.ticks, v)
	}
	return a
}

// niceStep rounds x > 0 up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if x <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// finite replaces NaN and infinities by zero: a chart should show something plausible rather
// than emit "NaN" into an SVG path.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// decimals is how many decimals tell apart multiples of step.
func decimals(step float64) int {
	step = math.Abs(step)
	for d := 0; d < 6; d++ {
		x := float64(step * math.Pow(10, float64(d)))
		if math.Abs(x-math.Round(x)) < float64(1e-6*max(1, x)) {
			return d
		}
	}
	return 6
}

// number formats x with d decimals, trailing zeros trimmed, a true minus sign and thousands
// separators.
func number(x float64, d int) string {
	t := strconv.FormatFloat(math.Abs(x), 'f', d, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	_, frac, _ := strings.Cut(t, ".")
	return fixed(x, len(frac))
}

// fixed formats x with exactly d decimals, thousands separators and, for a chart, a true minus
// sign.
func fixed(x float64, d int) string {
	s := format.Thousands(x, d)
	if neg, ok := strings.CutPrefix(s, "-"); ok {
		return "−" + neg
	}
	return s
}

// FormatAlike formats values read together, such as three percentiles, in one unit and with one
// number of decimals: the metric's usual precision for the largest of them.
func FormatAlike(u sim.Unit, xs ...float64) []string {
	return formatGroup(u, xs, func([]string) bool { return true })
}

// FormatInterval formats a mean and its confidence interval alike, with the metric's usual
// precision for the largest of them, or more where that would print the two ends of an
// interval that has width as one number: an interval never collapses, and both its ends
// show the same digits.
func FormatInterval(u sim.Unit, mean, lo, hi float64) (m, l, h string) {
	v := formatGroup(u, []float64{mean, lo, hi}, func(v []string) bool { return lo == hi || v[1] != v[2] })
	return v[0], v[1], v[2]
}

// formatGroup formats xs with one unit and the fewest decimals, from the usual precision, at
// which ok accepts them.
func formatGroup(u sim.Unit, xs []float64, ok func([]string) bool) []string {
	largest := 0.0
	for _, x := range xs {
		largest = max(largest, math.Abs(finite(x)))
	}
	unit, div, d := groupScale(u, xs, largest)
	out := make([]string, len(xs))
	for ; ; d++ {
		for i, x := range xs {
			out[i] = groupValue(u, fixed(finite(x)/div, d), unit)
			if u == sim.Money && x == 0 {
				out[i] = "$0"
			}
		}
		if ok(out) || d >= 6 {
			return out
		}
	}
}

// groupScale is the divisor, its suffix and the starting decimals of formatGroup: dollars in
// k or M with three significant digits for the largest, rates in percent with one decimal,
// days and counts whole (counts with one decimal when any is fractional).
func groupScale(u sim.Unit, xs []float64, largest float64) (unit string, div float64, d int) {
	switch u {
	case sim.Money:
		unit, div = "", 1.0
		switch {
		case largest >= 999_500:
			unit, div = "M", 1e6
		case largest >= 999.5:
			unit, div = "k", 1e3
		}
		if v := largest / div; v > 0 && v < 100 {
			d = min(max(2-int(math.Floor(math.Log10(v))), 0), 2)
		}
		return unit, div, d
	case sim.Rate:
		return "%", 0.01, 1
	case sim.Days:
		return " d", 1, 0
	}
	for _, x := range xs {
		if x != math.Trunc(x) {
			return "", 1, 1
		}
	}
	return "", 1, 0
}

// groupValue puts a formatted number into its unit: $ before a sum of money, the suffix after.
func groupValue(u sim.Unit, n, unit string) string {
	if u != sim.Money {
		return n + unit
	}
	if rest, ok := strings.CutPrefix(n, "−"); ok {
		return "−$" + rest + unit
	}
	return "$" + n + unit
}

// money formats dollars as $950, $40k or $1.25M, precise enough to tell apart multiples of
// step (pass 0 for a lone value, which gets three significant digits).
func money(x, step float64) string {
	x = finite(x)
	unit, div := "", 1.0
	switch ax := math.Abs(x); {
	case ax >= 999_500:
		unit, div = "M", 1e6
	case ax >= 999.5:
		unit, div = "k", 1e3
	}
	d := 0
	if step > 0 {
		d = decimals(step / div)
	} else if v := math.Abs(x / div); v > 0 && v < 100 {
		d = 2 - int(math.Floor(math.Log10(v)))
		d = min(max(d, 0), 2)
	}
	s := number(x/div, d)
	if sign, rest, ok := strings.Cut(s, "−"); ok && sign == "" {
		return "−$" + rest + unit
	}
	return "$" + s + unit
}

// signed prefixes a plus sign to a non-negative formatted value, for differences.
func signed(x float64, s string) string {
	if x > 0 && !strings.HasPrefix(s, "−") {
		return "+" + s
	}
	return s
}

// formatValue formats a metric's value in its unit; step as in money.
func formatValue(u sim.Unit, x, step float64) string {
	x = finite(x)
	switch u {
	case sim.Money:
		return money(x, step)
	case sim.Rate:
		d := 1
		if step > 0 {
			d = decimals(step * 100)
		}
		return number(100*x, d) + "%"
	case sim.Days:
		d := 0
		if step > 0 {
			d = decimals(step)
		}
		return number(x, d) + " d"
	}
	d := 0
	if step > 0 {
		d = decimals(step)
	} else if x != math.Trunc(x) {
		d = 1
	}
	return number(x, d)
}

// plain formats a parameter value for a sweep axis.
func plain(x, step float64) string { return number(finite(x), decimals(step)) }

// FormatValue formats a metric's value in its unit as the charts do; step as in money (0 for a
// lone value). The report's tables use it so that tables and charts read alike.
func FormatValue(u sim.Unit, x, step float64) string { return formatValue(u, x, step) }

// Signed prefixes a plus sign to a non-negative formatted value, for differences.
func Signed(x float64, s string) string { return signed(x, s) }

// Number formats x with d decimals, trailing zeros trimmed, a true minus sign and thousands
// separators.
func Number(x float64, d int) string { return number(x, d) }
