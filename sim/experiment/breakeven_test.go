package experiment

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

func shortMarket(t *testing.T) sim.Scenario {
	t.Helper()
	s := sim.MustPreset("mid-market")
	s.Weeks = 39
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// As the goal-oriented team's extra leads grow, B - A falls through zero: the break-even value
// lies inside its interval, inside the range, and a batch there finds the teams level.
func TestBreakEvenFindsTheCrossing(t *testing.T) {
	s := shortMarket(t)
	b := BreakEven{Key: "strategies.goal.new_mult", Lo: 0.6, Hi: 1.6, Runs: 200, Seed: 4, Steps: 7}
	r, err := b.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	if r.Value == nil || r.CILo == nil || r.CIHi == nil {
		t.Fatalf("no crossing found: %+v", r)
	}
	if !(b.Lo < *r.CILo && *r.CILo <= *r.Value && *r.Value <= *r.CIHi && *r.CIHi < b.Hi) {
		t.Fatalf("want lo < ci_lo <= value <= ci_hi < hi, got %v <= %v <= %v", *r.CILo, *r.Value, *r.CIHi)
	}
	at := s.Clone()
	if err := at.Set(b.Key, fmtNum(*r.Value)); err != nil {
		t.Fatal(err)
	}
	agg, err := sim.Batch{Runs: b.Runs, Seed: b.Seed}.Run(context.Background(), &at)
	if err != nil {
		t.Fatal(err)
	}
	if d := agg.Summarize().Diff["net_revenue"]; d.CILo > 0 || d.CIHi < 0 {
		t.Errorf("at the break-even value B - A is %.0f (%.0f to %.0f): its interval leaves out zero", d.Mean, d.CILo, d.CIHi)
	}
	for i := 1; i < len(r.Points); i++ {
		if r.Points[i].Value <= r.Points[i-1].Value {
			t.Fatalf("points out of order: %+v", r.Points)
		}
	}
	again, err := b.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, again) {
		t.Error("the same search gives a different result")
	}
}

// Where one team leads over the whole range, there is no break-even value, and the sentence
// says so.
func TestBreakEvenWithoutCrossing(t *testing.T) {
	s := shortMarket(t)
	r, err := BreakEven{Key: "strategies.goal.new_mult", Lo: 2, Hi: 3, Runs: 60, Seed: 1, Steps: 3}.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Value != nil || len(r.Points) != 2 || r.Points[0].Diff.Mean >= 0 {
		t.Fatalf("want no crossing with A ahead at both ends, got %+v", r)
	}
	if !strings.Contains(r.String(), "does not cross zero") {
		t.Errorf("sentence: %s", r)
	}
}

// A bad range or key is refused with the key's name.
func TestBreakEvenBadInput(t *testing.T) {
	s := shortMarket(t)
	for _, b := range []BreakEven{
		{Key: "acv", Lo: 5, Hi: 1, Runs: 10},
		{Key: "acv", Lo: math.Inf(-1), Hi: 1, Runs: 10},
		{Key: "no_such_key", Lo: 1, Hi: 2, Runs: 10},
		{Key: "conv.1", Lo: 0.5, Hi: 1.5, Runs: 10}, // 1.5 is out of the key's range
	} {
		if _, err := b.Run(context.Background(), &s); err == nil || !strings.Contains(err.Error(), strings.Split(b.Key, ".")[0]) {
			t.Errorf("%+v: want an error naming the key, got %v", b, err)
		}
	}
}
