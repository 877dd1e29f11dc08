package portable

import "math"

// The table of FastExp: pow2[j] = 2^(j/expN), computed once with Exp, so it is the same on
// every platform.
const expN = 128

var pow2 = func() (t [expN]float64) {
	for j := range t {
		t[j] = Exp(float64(j) * math.Ln2 / expN)
	}
	return t
}()

// ln2/expN split in two, so that k*ln2NHi is exact for the k that occur.
const (
	ln2NHi = 0x1.62e42fef00000p-8  // ln2/128 to 33 bits: k*ln2NHi is exact for |k| < 2^20
	ln2NLo = 0x1.473de6af278edp-41 // the rest of ln2/128
	invLn2 = expN / math.Ln2
)

// FastExp returns e**x to within about two ulp, using only IEEE-754 arithmetic and a table:
// x = (k/128) ln2 + r with |r| <= ln2/256, e**x = 2^(k/128) e**r, and e**r from its Taylor
// series to the fifth power. It is several times faster than Exp and, like it, gives the same
// bits on every platform. Arguments must lie in [-700, 700], where the result is a normal number.
func FastExp(x float64) float64 {
	// Each product is converted explicitly: Go may fuse a multiply and an add into one FMA
	// on some processors, which would change the last bit there; a conversion forbids it.
	kf := math.Floor(float64(x*invLn2) + 0.5)
	k := int(kf)
	r := (x - float64(kf*ln2NHi)) - float64(kf*ln2NLo)
	p := float64(r * (1.0 / 120))
	p = float64((p + 1.0/24) * r)
	p = float64((p + 1.0/6) * r)
	p = float64((p + 0.5) * r)
	p = float64((p + 1) * r)
	t := pow2[k&(expN-1)]
	y := t + float64(t*p) // not t*(1+p): adding the small part last keeps its bits
	return y * math.Float64frombits(uint64((k>>7)+1023)<<52)
}
