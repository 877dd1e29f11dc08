//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// Slices run apart and merged in order give the summary of one batch, byte for byte.
func TestSlicesMergeToOneBatch(t *testing.T) {
	const query = "preset=mid-market&seed=9&weeks=26&reps=3"
	l, _ := sim.ParseLink(query)
	whole, err := sim.Batch{Runs: 37, Seed: l.Seed}.Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(whole.Summarize())
	// The middle slice comes from another worker, as bytes, and before the first.
	slices := [][2]int{{0, 10}, {10, 11}, {11, 37}}
	for _, i := range []int{1, 0, 2} {
		a, err := runSlice(query, slices[i][0], slices[i][1], func(int) {})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			b, err := parts.Encode(a)
			if err != nil {
				t.Fatal(err)
			}
			if a, err = parts.Decode(b); err != nil {
				t.Fatal(err)
			}
		}
		keep(5, i, a)
	}
	got, agg, err := merge(query, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(agg.Summarize()); string(b) != string(want) {
		t.Errorf("the whole batch's aggregate differs from one batch's")
	}
	if string(got.summary) != string(want) {
		t.Errorf("merged summary differs from one batch's:\n%s\n%s", got.summary, want)
	}
	if got.outcomes[:4] != "<svg" || got.difference[:4] != "<svg" {
		t.Errorf("charts do not start with <svg: %.20q, %.20q", got.outcomes, got.difference)
	}
	if len(got.facts) != 3 || got.verdict == "" {
		t.Errorf("facts %v, verdict %q", got.facts, got.verdict)
	}
}

func TestBadLinkFails(t *testing.T) {
	if _, err := runSlice("weeks=0", 0, 1, func(int) {}); err == nil {
		t.Error("a bad link ran")
	}
	a, err := runSlice("preset=mid-market&weeks=4", 1, 2, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	keep(6, 1, a)
	if _, _, err := merge("preset=mid-market", 6, 2); err == nil {
		t.Error("a batch missing a slice merged")
	}
	if _, _, err := merge("preset=mid-market", 7, 1); err == nil {
		t.Error("a batch with no slices here merged")
	}
}
