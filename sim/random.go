package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// stream is one team's random numbers in one run: a PCG generator used directly (not through
// rand.Rand's interface) because the engine draws tens of thousands of numbers per run.
type stream struct {
	pcg  rand.PCG
	rand *rand.Rand // the same generator, for the standard library's normal deviates
	// Uniform numbers are drawn ahead in blocks, two 32-bit ones from each PCG output: the
	// common call is then a load that the compiler inlines, which matters most under
	// WebAssembly, where every call is expensive. A resolution of 2^-32 is far finer than
	// any probability the model compares against.
	buf [uniformBlock]float64
	pos int
}

const uniformBlock = 128

// newStream seeds team's stream from the run's seed. Each team has its own stream, so what
// team A draws never shifts what team B draws: the pair differs only by strategy.
func newStream(seed uint64, team int) *stream {
	s := &stream{pos: uniformBlock}
	s.pcg.Seed(mix(seed), mix(seed^(uint64(team+1)*0x9E3779B97F4A7C15)))
	s.rand = rand.New(&s.pcg)
	return s
}

// RunSeed derives run i's seed from a batch's base seed, so a batch gives the same runs
// whatever the number of workers or the order they finish in.
func RunSeed(base uint64, run int) uint64 {
	return mix(base + uint64(run)*0x9E3779B97F4A7C15)
}

// mix is the SplitMix64 finaliser: nearby inputs give unrelated outputs.
func mix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float64 returns a uniform number in [0, 1), a multiple of 2^-32.
func (s *stream) float64() float64 {
	if s.pos == uniformBlock {
		s.refill()
	}
	x := s.buf[s.pos]
	s.pos++
	return x
}

func (s *stream) refill() {
	for i := 0; i < uniformBlock; i += 2 {
		u := s.pcg.Uint64()
		s.buf[i] = float64(u>>32) * 0x1p-32
		s.buf[i+1] = float64(uint32(u)) * 0x1p-32
	}
	s.pos = 0
}

// intn returns a uniform integer in [0, n), without modulo bias (Lemire's method).
func (s *stream) intn(n int) int {
	hi, lo := bits.Mul64(s.pcg.Uint64(), uint64(n))
	if lo < uint64(n) {
		thresh := -uint64(n) % uint64(n)
		for lo < thresh {
			hi, lo = bits.Mul64(s.pcg.Uint64(), uint64(n))
		}
	}
	return int(hi)
}

// uniform returns a number in [lo, hi).
func (s *stream) uniform(lo, hi float64) float64 {
	return lo + (hi-lo)*s.float64()
}

// normal returns a standard normal deviate (the standard library's ziggurat; its rare tail
// test uses math.Exp, whose last-bit differences across platforms cannot change an outcome
// except with a chance of order 1e-16, and the golden files compare native and wasm runs).
func (s *stream) normal() float64 { return s.rand.NormFloat64() }

// geometric returns the number of Bernoulli(p) trials up to and including the first success:
// 1, 2, ... It is how the account loop skips ahead to its next candidate week.
// logQ is log(1 - p), computed once by the caller.
func (s *stream) geometric(p, logQ float64) int32 {
	switch {
	case p >= 1:
		return 1
	case p <= 0:
		return math.MaxInt32
	}
	u := 1 - s.float64() // in (0, 1]
	n := math.Floor(math.Log(u)/logQ) + 1
	return int32(min(n, math.MaxInt32))
}

// poisson returns a Poisson deviate with mean lambda by inversion; one uniform per draw for
// the small means of weekly arrivals. expNeg is exp(-lambda), computed by the caller.
func (s *stream) poisson(lambda, expNeg float64) int {
	u := s.float64()
	p, cdf := expNeg, expNeg
	k := 0
	for u >= cdf && k < 10_000 {
		k++
		p *= lambda / float64(k)
		if p == 0 { // far tail of a large mean: stop rather than loop
			break
		}
		cdf += p
	}
	return k
}
