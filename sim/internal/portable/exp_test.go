package portable

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// Exp is the algorithm of the standard library's pure-Go math.Exp, which WebAssembly builds run:
// there the two must agree to the bit. Natively math.Exp is assembly that differs by up to two ulp.
func TestExpMatchesStandardLibrary(t *testing.T) {
	tolerance := 2.0
	if runtime.GOARCH == "wasm" {
		tolerance = 0
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1_000_000; i++ {
		x := (r.Float64() - 0.5) * 60
		got, want := Exp(x), math.Exp(x)
		if d := math.Abs(got-want) / (math.Nextafter(want, math.Inf(1)) - want); d > tolerance {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v: %v ulp apart", x, got, want, d)
		}
	}
}

func TestExpSpecialValues(t *testing.T) {
	cases := []struct{ x, want float64 }{
		{0, 1}, {1, math.E}, {-1, 1 / math.E}, {math.Inf(-1), 0}, {800, math.Inf(1)}, {-800, 0}, {1e-30, 1},
	}
	for _, c := range cases {
		got := Exp(c.x)
		if math.Abs(got-c.want) > 1e-15*math.Max(1, c.want) && !(math.IsInf(c.want, 1) && math.IsInf(got, 1)) {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Exp(math.NaN())) {
		t.Error("Exp(NaN) is not NaN")
	}
}

func BenchmarkExp(b *testing.B) {
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += Exp(float64(i&1023) * 0.01)
	}
	_ = x
}

// FastExp stays within two ulp of the correctly rounded value over the range the engine uses.
func TestFastExpAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	for i := 0; i < 1_000_000; i++ {
		x := (r.Float64() - 0.5) * 1400
		got, want := FastExp(x), math.Exp(x)
		ulp := math.Nextafter(want, math.Inf(1)) - want
		if d := math.Abs(got-want) / ulp; d > worst {
			worst = d
		}
	}
	if worst > 2 { // math.Exp itself may be an ulp off natively
		t.Errorf("FastExp is up to %.1f ulp from math.Exp", worst)
	}
	t.Logf("worst: %.2f ulp from math.Exp", worst)
}

// Both exponentials give the same bits on every platform: a hash of many results is pinned,
// and CI checks it natively and under WebAssembly.
func TestExpBitsArePinned(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var h, hf uint64 = 14695981039346656037, 14695981039346656037
	for i := 0; i < 200_000; i++ {
		x := (r.Float64() - 0.5) * 60
		h = (h ^ math.Float64bits(Exp(x))) * 1099511628211
		hf = (hf ^ math.Float64bits(FastExp(x))) * 1099511628211
	}
	const wantExp, wantFast = 0xa6ffc843bb8ebea9, 0xac1a0d7bf84590d
	if h != wantExp || hf != wantFast {
		t.Errorf("hashes %#x, %#x; want %#x, %#x", h, hf, uint64(wantExp), uint64(wantFast))
	}
}

func BenchmarkFastExp(b *testing.B) {
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += FastExp(float64(i&1023) * 0.01)
	}
	_ = x
}
