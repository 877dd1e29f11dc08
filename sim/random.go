package sim

// docs/model.md, "One market for every team": the market's stream and each entity's dice.

import (
	"math"
	"math/rand/v2"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

// A run's random numbers come in two kinds, both from math/rand/v2's PCG:
//
//   - the market's stream, drawn in one fixed order from the run's seed alone: how many potential
//     leads reach each rep seat in a week, their values and thinning numbers, and each seat's quit
//     number for the week. Every team of the run reads the same market.
//   - dice: the numbers that decide one entity's fate, each derived from (run seed, entity id,
//     purpose, index) and nothing else. Where two teams hold the same deal or customer, they
//     read the same numbers for the same purpose, whatever else either team did before.

// stream is a sequential generator, used directly (not through rand.Rand's interface) because
// the market draws thousands of numbers per run.
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

// goldenGamma is 2^64 divided by the golden ratio: multiplying by it spreads nearby integers apart.
const goldenGamma = 0x9E3779B97F4A7C15

func newStream(seed uint64) *stream {
	s := &stream{}
	s.reseed(seed)
	s.rand = rand.New(&s.pcg)
	return s
}

func (s *stream) reseed(seed uint64) {
	s.pcg.Seed(mix(seed), mix(seed^goldenGamma))
	s.pos = uniformBlock
}

// RunSeed derives run i's seed from a batch's base seed, so a batch gives the same runs
// whatever the number of workers or the order they finish in.
func RunSeed(base uint64, run int) uint64 {
	return mix(base + uint64(run)*goldenGamma)
}

// mix is the SplitMix64 finaliser: nearby inputs give unrelated outputs.
func mix(z uint64) uint64 {
	z += goldenGamma
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
		s.buf[i], s.buf[i+1] = uniforms(s.pcg.Uint64())
	}
	s.pos = 0
}

// uniforms splits one 64-bit output into two uniform numbers in [0, 1).
func uniforms(x uint64) (u, v float64) {
	// Through int64: converting a uint64 to float64 takes a slow path for the top bit, which
	// these 32-bit halves never have.
	return float64(int64(x>>32)) * 0x1p-32, float64(int64(uint32(x))) * 0x1p-32
}

// normal returns a standard normal deviate (the standard library's ziggurat; its rare tail
// test uses math.Exp, whose last-bit differences across platforms cannot change an outcome
// except with a chance of order 1e-16, and the golden files compare native and wasm runs).
func (s *stream) normal() float64 { return s.rand.NormFloat64() }

// poissonTable draws Poisson deviates of one mean by inversion against its cumulative
// probabilities, computed once: one uniform number and a few comparisons a draw.
type poissonTable struct{ cdf []float64 }

// newPoissonTable tabulates the distribution until the remaining tail is below 2^-53 (at most
// a few hundred entries for the largest mean the parameters allow, 250).
func newPoissonTable(mean float64) poissonTable {
	p := portable.FastExp(-mean) // mean <= 250, inside FastExp's range
	cdf := []float64{p}
	for k := 1; p > 0 && 1-cdf[len(cdf)-1] > 0x1p-53 && k < 10_000; k++ {
		p = float64(p * (mean / float64(k)))
		cdf = append(cdf, cdf[len(cdf)-1]+p)
	}
	return poissonTable{cdf}
}

// draw returns the deviate for the uniform number u in [0, 1).
func (t *poissonTable) draw(u float64) int {
	for k, c := range t.cdf {
		if u < c {
			return k
		}
	}
	return len(t.cdf)
}

// purpose names what an entity's numbers decide. Each purpose has its own sequence of numbers,
// so drawing for one purpose never shifts another.
type purpose uint64

const (
	winDice      purpose = iota + 1 // a pulled win's discount, and whether its customer learns to wait
	quitDice                        // whether a deal dies with its leaving rep; index week
	accountDice                     // a customer's j-th candidate event: the gap to it and what happens
	referralDice                    // the rep a referral goes to; index j
	valueDice                       // a repeat or referral deal's value
)

// dice returns two uniform numbers in [0, 1) for one entity, purpose and index of a run: a PCG
// seeded from all four, read once. A higher chance succeeds on every number on which a lower one
// does, so two teams comparing different chances against the same dice stay in step.
func dice(seed uint64, key ID, p purpose, index uint64) (u, v float64) {
	var g rand.PCG
	g.Seed(mix(seed^uint64(key)*goldenGamma), mix(uint64(p)<<56^index^uint64(key)))
	return uniforms(g.Uint64())
}

// diceNormal returns a standard normal deviate for one entity and purpose, from a generator
// seeded like dice. It reuses scratch, so it allocates nothing.
func diceNormal(scratch *scratchRand, seed uint64, key ID, p purpose, index uint64) float64 {
	scratch.pcg.Seed(mix(seed^uint64(key)*goldenGamma), mix(uint64(p)<<56^index^uint64(key)))
	return scratch.rand.NormFloat64()
}

// scratchRand is a rand.Rand over a PCG that is reseeded for each use.
type scratchRand struct {
	pcg  rand.PCG
	rand *rand.Rand
}

func newScratchRand() *scratchRand {
	s := &scratchRand{}
	s.rand = rand.New(&s.pcg)
	return s
}

// intn maps a uniform number in [0, 1), a multiple of 2^-32, to an integer in [0, n): each value
// has a chance within n/2^32 of 1/n, far below anything a run can show for n up to 1,000 reps.
func intn(u float64, n int) int {
	return min(int(u*float64(n)), n-1)
}

// geometric returns the number of Bernoulli trials up to and including the first success, by
// inversion of the uniform u in [0, 1): 1, 2, ... logQ is log(1 - p), computed by the caller; a
// p of 0 (logQ 0) never succeeds and gives math.MaxInt32.
func geometric(u, logQ float64) int32 {
	if logQ == 0 {
		return math.MaxInt32
	}
	n := math.Floor(math.Log(1-u)/logQ) + 1
	if n > math.MaxInt32 { // not min: for floats it is a call under WebAssembly, and n is never NaN
		return math.MaxInt32
	}
	return int32(n)
}

// stayTable draws geometric stays for one chance p of leaving per sub-step by comparing against
// its powers: with x = 1 - u, the stay is longer than n exactly when x < (1-p)^n. A stay depends
// on x monotonically, so most buckets of x hold a single stay, which the table keeps: the common
// draw is one lookup, with no data-dependent branch to mispredict. Elsewhere it compares against
// the powers, and takes a logarithm only past them.
type stayTable struct {
	pow   [stayTableLen]float64 // (1-p)^1, (1-p)^2, ...
	known [buckets + 1]uint8    // the stay for every x of a bucket, 0 where they differ
	logQ  float64
}

const stayTableLen = 48

func newStayTable(p float64) stayTable {
	t := stayTable{logQ: math.Log1p(-p)}
	q := 1.0
	for i := range stayTableLen {
		q *= 1 - p
		t.pow[i] = q
		if p <= 0 {
			t.pow[i] = 2 // above every x: a deal that cannot leave never does
		}
	}
	for i, n := range bucketed(t.scan) {
		if n <= stayTableLen {
			t.known[i] = uint8(n)
		}
	}
	return t
}

// draw returns the stay in sub-steps for the uniform u in [0, 1); math.MaxInt32 when p is 0.
func (t *stayTable) draw(u float64) int32 {
	if n := t.known[bucket(1-u)]; n != 0 {
		return int32(n)
	}
	return t.scan(1 - u)
}

// scan is the stay for x = 1 - u.
func (t *stayTable) scan(x float64) int32 {
	for i, qn := range t.pow[:stayTableLen] { // a slice: ranging over the array would copy it
		if x >= qn {
			return int32(i + 1)
		}
	}
	return max(stayTableLen+1, geometric(1-x, t.logQ))
}

// gapTable draws geometric(u, logQ) for one logQ, mostly without its logarithm: where a bucket
// of x = 1 - u gives one result throughout, the table keeps it.
type gapTable struct {
	logQ  float64
	known [buckets + 1]int32 // the result for every x of a bucket, 0 where they differ
}

func newGapTable(logQ float64) gapTable {
	return gapTable{logQ: logQ, known: bucketed(func(x float64) int32 { return geometric(1-x, logQ) })}
}

// draw returns geometric(u, logQ), exactly.
func (g *gapTable) draw(u float64) int32 {
	if n := g.known[bucket(1-u)]; n != 0 {
		return n
	}
	return geometric(u, g.logQ)
}

// buckets is how many equal parts of (0, 1] the tables split x = 1 - u into. The uniform numbers
// are multiples of 2^-32, and so is every x, which puts x = 1 alone in a last bucket.
const buckets = 1024

// bucket is the bucket of x in (0, 1].
func bucket(x float64) int { return int(x * buckets) }

// bucketed tabulates f, a non-increasing function of x, for each bucket: its value where f is the
// same at the bucket's smallest and largest x (so everywhere in it), and 0 where not.
func bucketed(f func(x float64) int32) (known [buckets + 1]int32) {
	for i := range buckets {
		lo := max(float64(i)/buckets, 0x1p-32)
		hi := float64(float64(i+1)/buckets) - 0x1p-32
		if n := f(lo); n == f(hi) {
			known[i] = n
		}
	}
	known[buckets] = f(1)
	return known
}

// stayWithin returns the stay in sub-steps for the uniform u in [0, 1) and a chance p of leaving
// per sub-step if it ends within the next steps sub-steps, and math.MaxInt32 otherwise: for deals
// whose chances are drawn again before the stay could go on.
func stayWithin(u, p float64, steps int32) int32 {
	if p <= 0 {
		return math.MaxInt32
	}
	x, q, qn := 1-u, 1-p, 1.0
	for n := range steps {
		qn *= q
		if x >= qn {
			return n + 1
		}
	}
	return math.MaxInt32
}
