package render

import "math"

// bins is a histogram on a regular grid: weights[i] is the share of runs (0 to 1) with a value
// in [start + i*width, start + (i+1)*width). Edges sit on multiples of width, so zero is always
// an edge and a paired difference splits cleanly into "A ahead" and "B ahead".
type bins struct {
	start, width float64
	weights      []float64
}

func (b bins) end() float64 { return b.start + float64(float64(len(b.weights))*b.width) }

// extent is the stretch of axis to show: the bins, and room around a lone bin so that it
// reads as a bar rather than filling the chart.
func (b bins) extent() (lo, hi float64) {
	if len(b.weights) == 1 {
		return b.start - float64(4*b.width), b.end() + float64(4*b.width)
	}
	return b.start, b.end()
}

func (b bins) highest() float64 {
	h := 0.0
	for _, w := range b.weights {
		h = max(h, w)
	}
	return h
}

// binCount follows the Rice rule (twice the cube root of the runs), kept between 8 bins, so
// a small batch still shows a shape, and 40, so bars stay wide enough to see.
func binCount(runs float64) int {
	return min(40, max(8, int(math.Ceil(2*math.Cbrt(runs)))))
}

// grid chooses a bin grid of round width covering every sample. Samples that are all equal
// get a single bin centred on their value.
func grid(samples ...[]float64) bins {
	lo, hi, n := math.Inf(1), math.Inf(-1), 0
	for _, xs := range samples {
		for _, x := range xs {
			lo, hi = min(lo, x), max(hi, x)
		}
		n = max(n, len(xs))
	}
	if n == 0 {
		return bins{start: 0, width: 1, weights: make([]float64, 1)}
	}
	if hi == lo {
		width := niceStep(max(math.Abs(lo)/10, 1))
		return bins{start: lo - float64(width/2), width: width, weights: make([]float64, 1)}
	}
	width := nearestNiceStep((hi - lo) / float64(binCount(float64(n))))
	start := float64(math.Floor(lo/width) * width)
	count := int(math.Floor((hi-start)/width)) + 1
	return bins{start: start, width: width, weights: make([]float64, count)}
}

// fill returns the grid filled with one weighted sample (as from stats.Quantiles.Weighted),
// normalised to shares of the total weight.
func (b bins) fill(xs, ws []float64) bins {
	out := bins{start: b.start, width: b.width, weights: make([]float64, len(b.weights))}
	total := 0.0
	for i, x := range xs {
		k := min(max(int(math.Floor((x-b.start)/b.width)), 0), len(out.weights)-1)
		out.weights[k] += ws[i]
		total += ws[i]
	}
	if total > 0 {
		for k := range out.weights {
			out.weights[k] /= total
		}
	}
	return out
}

// outline is the histogram as a closed step path from the baseline, for filling and stroking.
func (b bins) outline(x, y scale) string {
	xs, ys := []float64{x.at(b.start)}, []float64{y.at(0)}
	for k, w := range b.weights {
		x0, x1 := x.at(b.start+float64(float64(k)*b.width)), x.at(b.start+float64(float64(k+1)*b.width))
		xs = append(xs, x0, x1)
		ys = append(ys, y.at(w), y.at(w))
	}
	xs = append(xs, x.at(b.end()))
	ys = append(ys, y.at(0))
	return path(xs, ys)
}

// nearestNiceStep is the round step (1, 2, 2.5 or 5 times a power of ten) closest to x in
// ratio, so the bin count stays near its target instead of halving by rounding up.
func nearestNiceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	best := p
	for _, m := range []float64{2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*p/x)) < math.Abs(math.Log(best/x)) {
			best = m * p
		}
	}
	return best
}
