// Package portable holds the few elementary functions whose results must be bit-identical on
// every platform. The standard library's math.Exp runs assembly on amd64 and pure Go under
// WebAssembly, and the two differ in the last bit for some inputs; the engine calls Exp from
// here instead, so a seed gives the same deal values and hazards natively and in the browser.
package portable

import "math"

const (
	ln2Hi  = 6.93147180369123816490e-01
	ln2Lo  = 1.90821492927058770002e-10
	log2e  = 1.44269504088896338700e+00
	p1     = 1.66666666666666657415e-01
	p2     = -2.77777777770155933842e-03
	p3     = 6.61375632143793436117e-05
	p4     = -1.65339022054652515390e-06
	p5     = 4.13813679705723846039e-08
	over   = 7.09782712893383973096e+02
	under  = -7.45133219101941108420e+02
	nearZ0 = 1.0 / (1 << 28)
)

// Exp returns e**x, using only IEEE-754 arithmetic (argument reduction by ln 2 and a rational
// approximation on [-ln2/2, ln2/2]), so every platform computes the same bits. It is the
// classic fdlibm algorithm, accurate to within one ulp.
func Exp(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x > over:
		return math.Inf(1)
	case x < under:
		return 0
	case -nearZ0 < x && x < nearZ0:
		return 1 + x
	}
	// x = k*ln2 + r, |r| <= ln2/2, with ln2 split in two so that k*ln2Hi is exact.
	var k int
	switch {
	case x < 0:
		k = int(float64(log2e*x) - 0.5)
	case x > 0:
		k = int(float64(log2e*x) + 0.5)
	}
	hi := x - float64(float64(k)*ln2Hi)
	lo := float64(k) * ln2Lo
	return expmulti(hi, lo, k)
}

// expmulti returns e**r * 2**k where r = hi - lo, |r| <= ln2/2. Products are converted
// explicitly so that no compiler fuses them into FMAs, which would change the last bit.
func expmulti(hi, lo float64, k int) float64 {
	r := hi - lo
	t := float64(r * r)
	c := r - float64(t*(p1+float64(t*(p2+float64(t*(p3+float64(t*(p4+float64(t*p5)))))))))
	rc := float64(r * c)
	y := 1 - ((lo - rc/(2-c)) - hi)
	if k > -1022 && k < 1023 {
		// Scaling by a power of two that is a normal number is exact: the same bits as Ldexp.
		return y * math.Float64frombits(uint64(k+1023)<<52)
	}
	return math.Ldexp(y, k)
}
