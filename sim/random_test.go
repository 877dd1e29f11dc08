package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The bucket tables must give exactly what comparing against the powers or taking the
// logarithm gives, for every uniform number: near each bucket's ends, where a stay changes,
// and at random.
func TestTablesDrawExactly(t *testing.T) {
	us := []float64{0, 0x1p-32, 0.5, 1 - 0x1p-32}
	for i := range buckets + 1 {
		for _, d := range []float64{-2, -1, 0, 1, 2} {
			if x := float64(i)/buckets + d*0x1p-32; x > 0 && x <= 1 {
				us = append(us, 1-x)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		us = append(us, float64(r.Uint32())*0x1p-32)
	}
	for _, p := range []float64{0, 1e-6, 0.01, 0.07, 0.2, 1.0 / 3, 0.5, 0.9, 1} {
		st := newStayTable(p)
		gap := newGapTable(math.Log1p(-p))
		for _, u := range us {
			if got, want := st.draw(u), st.scan(1-u); got != want {
				t.Fatalf("p %v, u %v: stay %d from the table, %d from the powers", p, u, got, want)
			}
			if got, want := gap.draw(u), geometric(u, gap.logQ); got != want {
				t.Fatalf("p %v, u %v: gap %d from the table, %d from the logarithm", p, u, got, want)
			}
		}
	}
}

// Most draws must come from the table: otherwise it only adds a lookup.
func TestTablesKnowMostBuckets(t *testing.T) {
	for _, p := range []float64{0.05, 0.3, 0.5} {
		st, gap := newStayTable(p), newGapTable(math.Log1p(-p))
		stays, gaps := 0, 0
		for i := range buckets + 1 {
			if st.known[i] != 0 {
				stays++
			}
			if gap.known[i] != 0 {
				gaps++
			}
		}
		if stays < buckets*4/5 || gaps < buckets*4/5 {
			t.Errorf("p %v: the tables know %d and %d of %d buckets", p, stays, gaps, buckets+1)
		}
	}
}
