package parts

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// Slices encoded and merged in order give the summary of one batch, byte for byte.
func TestMergeIsOneBatch(t *testing.T) {
	l, err := Scenario("preset=mid-market&seed=9&weeks=26&reps=3")
	if err != nil {
		t.Fatal(err)
	}
	whole, err := sim.Batch{Runs: 21, Seed: l.Seed}.Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var encoded [][]byte
	for _, r := range [][2]int{{0, 8}, {8, 21}} {
		a, err := sim.Batch{Runs: r[1] - r[0], First: r[0], Seed: l.Seed, Workers: 1}.Run(context.Background(), &l.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		e, err := Encode(a)
		if err != nil {
			t.Fatal(err)
		}
		encoded = append(encoded, e)
	}
	merged, err := Merge(encoded)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(merged.Summarize())
	want, _ := json.Marshal(whole.Summarize())
	if string(got) != string(want) {
		t.Errorf("merged summary differs from one batch's:\n%s\n%s", got, want)
	}
	// In any order, a merger merges the slices in run order.
	var m Merger
	for _, i := range []int{1, 0} {
		a, err := Decode(encoded[i])
		if err != nil {
			t.Fatal(err)
		}
		m.Add(i, a)
	}
	if _, err := m.Done(3); err == nil {
		t.Error("a merger of 2 slices was done with 3")
	}
	merged, err = m.Done(2)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(merged.Summarize()); string(got) != string(want) {
		t.Errorf("merged out of order, the summary differs from one batch's:\n%s\n%s", got, want)
	}
	if _, err := Merge([][]byte{[]byte("{")}); err == nil {
		t.Error("a broken part merged")
	}
	if _, err := Scenario("weeks=0"); err == nil {
		t.Error("a bad link read")
	}
}
