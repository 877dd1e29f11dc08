package experiment

import (
	"context"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

func axis(key string, values ...float64) Axis {
	a := Axis{Spec: key + "=...", Key: key, Values: values}
	for _, v := range values {
		a.Texts = append(a.Texts, num(v))
	}
	return a
}

// The grid is the product of the axes, first slowest; every point runs on the same seeds, so a
// point equal to the base scenario gives the base's numbers exactly.
func TestSweepGridAndRun(t *testing.T) {
	s := shortMarket(t)
	x := Sweep{Axes: []Axis{axis("teams.0.adherence", 0, 1), axis("weeks", 26, 39, 52)}, Runs: 60, Seed: 9}
	var last, total int
	x.Progress = func(d, tot int) { last, total = d, tot }
	r, err := x.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Points) != 6 || last != total || total != 6*60 {
		t.Fatalf("%d points, progress %d of %d", len(r.Points), last, total)
	}
	if p := r.Points[4]; p.At[0] != 1 || p.At[1] != 1 || p.Scenario.Teams[0].Adherence != 1 || p.Scenario.Weeks != 39 {
		t.Fatalf("point 4 is %v: %+v", p.At, p.Scenario.Teams[0])
	}
	// A blended team is named for its blend.
	if r.Points[0].Scenario.Teams[0].Name == r.Points[3].Scenario.Teams[0].Name {
		t.Errorf("adherence 0 and 1 share the name %q", r.Points[0].Scenario.Teams[0].Name)
	}
	base, err := sim.Batch{Runs: 60, Seed: 9}.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	want := base.Summarize().Diff["net_revenue"]
	// s has adherence 0 for team A and 39 weeks: point (0, 1).
	if got := r.Points[1].Summary.Diff["net_revenue"]; got.Mean != want.Mean {
		t.Errorf("the point equal to the base: B - A %v, the base %v", got.Mean, want.Mean)
	}
}

func TestSweepGridNamesTheBadPoint(t *testing.T) {
	s := shortMarket(t)
	for _, c := range []struct {
		axes []Axis
		want string
	}{
		{[]Axis{axis("wekes", 1)}, `wekes=...: wekes: unknown key`},
		{[]Axis{axis("weeks", 13, 0)}, "at weeks=0: weeks: 0 is out of range"},
		{[]Axis{axis("acv", make([]float64, 20)...), axis("reps", make([]float64, 11)...)}, "the grid has more than 200 points"},
	} {
		_, err := Sweep{Axes: c.axes}.Grid(&s)
		if err == nil || !sim.IsInput(err) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: want %q", err, c.want)
		}
	}
}
