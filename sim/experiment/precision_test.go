package experiment

import (
	"context"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// A batch with a target stops at a check once the interval is narrow enough, before its cap,
// and its numbers are those of a plain batch of as many runs.
func TestPrecisionStopsAtTheTarget(t *testing.T) {
	s := shortMarket(t)
	var checks int
	x := Precision{Target: 0.2, Batch: sim.Batch{Runs: 20_000, Seed: 5}, Check: func(rel float64, expect int) {
		checks++
		if expect < PrecisionCheckEvery || expect > 20_000 {
			t.Errorf("expect %d runs", expect)
		}
	}}
	agg, c, err := x.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Converged || c.Runs >= 20_000 || c.Runs%PrecisionCheckEvery != 0 || c.Relative > 0.2 || checks == 0 {
		t.Fatalf("convergence %+v after %d checks", c, checks)
	}
	plain, err := sim.Batch{Runs: c.Runs, Seed: 5}.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := agg.Summarize().Diff["net_revenue"], plain.Summarize().Diff["net_revenue"]; a.Mean != b.Mean || a.CILo != b.CILo {
		t.Errorf("stopped batch %+v, plain batch %+v", a, b)
	}
	// A target it cannot reach runs to the cap and says so.
	_, c, err = Precision{Target: 1e-6, Batch: sim.Batch{Runs: 200, Seed: 5}}.Run(context.Background(), &s)
	if err != nil || c.Converged || c.Runs != 200 {
		t.Errorf("unreachable target: %+v, %v", c, err)
	}
	if _, _, err := (Precision{Target: 0}).Run(context.Background(), &s); !sim.IsInput(err) {
		t.Errorf("target 0: %v", err)
	}
}
