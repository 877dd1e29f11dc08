//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pipesim/pipesim/sim"
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
	var parts []string
	for _, r := range [][2]int{{0, 10}, {10, 11}, {11, 37}} {
		p, err := runSlice(query, r[0], r[1], func(int) {})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	got, err := merge(query, parts)
	if err != nil {
		t.Fatal(err)
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
	if _, err := merge("preset=mid-market", []string{"{"}); err == nil {
		t.Error("a broken part merged")
	}
}
