package fit

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pipesim/pipesim/sim"
)

// neutral is mid-market with every strategy, trust and turnover effect off, so that each
// stage is the bare competing-hazards model with the scenario's conv, dwell and nd_share.
func neutral(t testing.TB) sim.Scenario {
	s := sim.MustPreset("mid-market")
	sets := []string{
		"weeks=52", "capacity=1000", "trust_adv=0", "trust_loss=0", "trust_nd=0", "pref_loss_mult=1",
		"churn_hi=0", "churn_lo=0", "repeat_max=0", "referral_max=0", "quit_base=0",
		"conv=0.6,0.55,0.7,0.8", "dwell=2,3,1.5,4", "nd_share=0.6,0.5,0.4,0.3",
	}
	for _, pole := range []string{"goal", "process"} {
		for _, kv := range []string{"new_mult=1", "dwell_mult=1,1,1,1", "conv_mult=1,1,1,1", "nd_mult=1,1,1,1", "quarter_end_games=0"} {
			sets = append(sets, "strategies."+pole+"."+kv)
		}
	}
	for _, kv := range sets {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// export writes team A's deals of one run in the stages format.
func export(t testing.TB, s *sim.Scenario, seed uint64) []byte {
	var b bytes.Buffer
	if err := ExportRun(context.Background(), &b, s, seed, 0); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Fitting exports of simulated runs recovers conv, dwell and nd_share: over many seeds each
// 95% interval covers the true value about 95% of the time. Clopper-Pearson intervals cover at
// least their level, a little more on small counts, so the test allows coverage from 95% down to
// the binomial chance floor, up to 99%: with n intervals, a count of covering intervals below
// the 1e-4 quantile of Binomial(n, 0.95) or above the 1-1e-4 quantile of Binomial(n, 0.99)
// fails (n = 500 seeds x 4 stages). Were the seeds random, a correct fit would fail about one
// run in 10,000; intervals a third too narrow (about 88% coverage) or twice too wide (over
// 99.9%) fail for certain. The seeds are fixed, so the test is deterministic.
func TestRoundTripCoverage(t *testing.T) {
	s := neutral(t)
	const seeds = 500
	truth := map[string]float64{}
	for st := range sim.NumStages {
		truth[fmt.Sprintf("conv.%d", st)] = s.Conv[st]
		truth[fmt.Sprintf("dwell.%d", st)] = s.Dwell[st]
		truth[fmt.Sprintf("nd_share.%d", st)] = s.NDShare[st]
	}
	covered := map[string]int{}
	for seed := range uint64(seeds) {
		data := export(t, &s, seed+1)
		r, err := Fit("run.csv", bytes.NewReader(data), s, Options{NoDecision: []string{ReasonNoDecision}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Estimates {
			want, ok := truth[e.Key]
			if !ok {
				continue
			}
			if e.Kept {
				t.Fatalf("seed %d: %s not estimated (%s)", seed+1, e.Key, e.Note)
			}
			if e.Lo <= want && want <= e.Hi {
				covered[strings.SplitN(e.Key, ".", 2)[0]]++
			}
		}
	}
	n := float64(seeds * sim.NumStages)
	lo := distuv.Binomial{N: n, P: 0.95}
	hi := distuv.Binomial{N: n, P: 0.99}
	floor, ceil := quantile(lo, 1e-4), quantile(hi, 1-1e-4)
	for _, key := range []string{"conv", "dwell", "nd_share"} {
		c := float64(covered[key])
		t.Logf("%s: %.0f of %.0f intervals cover the truth (%.1f%%); allowed %.0f to %.0f", key, c, n, 100*c/n, floor, ceil)
		if c < floor || c > ceil {
			t.Errorf("%s: %.0f of %.0f intervals cover the true value (%.1f%%); want %.0f to %.0f", key, c, n, 100*c/n, floor, ceil)
		}
	}
}

// quantile is the smallest k with P(X <= k) >= p.
func quantile(b distuv.Binomial, p float64) float64 {
	for k := 0.0; k <= b.N; k++ {
		if b.CDF(k) >= p {
			return k
		}
	}
	return b.N
}

// Every point estimate of a ten-year run lands within two half-widths of its interval (about
// four standard errors) of the truth: new_opps, reps, acv and acv_sigma too.
func TestRoundTripPoint(t *testing.T) {
	s := neutral(t)
	s.Weeks = 520
	r, err := Fit("run.csv", bytes.NewReader(export(t, &s, 9)), s, Options{NoDecision: []string{ReasonNoDecision}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Estimates {
		var want float64
		key, idx, _ := strings.Cut(e.Key, ".")
		st := 0
		if idx != "" {
			st = int(idx[0] - '0')
		}
		switch key {
		case "conv":
			want = s.Conv[st]
		case "dwell":
			want = s.Dwell[st]
		case "nd_share":
			want = s.NDShare[st]
		case "new_opps":
			want = s.NewOpps
		case "reps":
			want = float64(s.Reps)
		case "acv":
			want = s.ACV
		case "acv_sigma":
			want = s.ACVSigma
		}
		if tol := e.Hi - e.Lo; math.Abs(e.Value-want) > tol {
			t.Errorf("%s = %v (CI %v to %v), want %v within %v", e.Key, e.Value, e.Lo, e.Hi, want, tol)
		}
	}
}
