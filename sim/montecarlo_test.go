package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// The aggregate is the same bits on 1 and 4 workers, and when merged from shards.
func TestBatchIndependentOfWorkersAndShards(t *testing.T) {
	s := MustPreset("installed-base")
	s.Weeks = 39
	const runs = 150
	var want []byte
	for _, workers := range []int{1, 4} {
		agg, err := Batch{Runs: runs, Seed: 3, Workers: workers}.Run(context.Background(), &s)
		must(t, err)
		got, _ := json.Marshal(agg)
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Fatalf("%d workers give a different aggregate than 1 worker", workers)
		}
	}
	merged := NewAggregate(&s)
	for _, shard := range [][2]int{{0, 37}, {37, 100}, {100, 150}} {
		part, err := Batch{Runs: shard[1] - shard[0], First: shard[0], Seed: 3, Workers: 2}.Run(context.Background(), &s)
		must(t, err)
		merged.Merge(part)
	}
	var whole Aggregate
	must(t, json.Unmarshal(want, &whole))
	a, _ := json.Marshal(merged.Summarize())
	b, _ := json.Marshal(whole.Summarize())
	if !bytes.Equal(a, b) {
		t.Fatalf("merged shards summarise differently from the whole batch:\n%s", firstDiff(a, b))
	}
}

// A run's result depends on its seed: different seeds, different markets.
func TestSeedsDiffer(t *testing.T) {
	s := MustPreset("mid-market")
	if Run(&s, 1).Teams[0].NetRevenue == Run(&s, 2).Teams[0].NetRevenue {
		t.Error("seeds 1 and 2 give the same revenue")
	}
}

// Team B's numbers do not depend on what team A does: B's result is a function of the market
// and its own strategy only.
func TestTeamStreamsIndependent(t *testing.T) {
	s := MustPreset("mid-market")
	r1 := Run(&s, 11)
	s.Teams[0].Adherence = 0.5
	r2 := Run(&s, 11)
	if r1.Teams[1].NetRevenue != r2.Teams[1].NetRevenue {
		t.Error("changing team A changed team B's result")
	}
	if r1.Teams[0].NetRevenue == r2.Teams[0].NetRevenue {
		t.Error("changing team A's adherence did not change its result")
	}
}

// Cancelling stops a batch with an error of KindCanceled.
func TestBatchCancel(t *testing.T) {
	s := MustPreset("mid-market")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Batch{Runs: 1_000_000, Seed: 1, Progress: func(done, _ int) {
		if done >= 64 {
			cancel()
		}
	}}.Run(ctx, &s)
	var e *Error
	if err == nil || !errors.As(err, &e) || e.Kind != KindCanceled {
		t.Fatalf("want a KindCanceled error, got %v", err)
	}
}

// Early stopping stops at a check point.
func TestBatchEnough(t *testing.T) {
	s := MustPreset("mid-market")
	s.Weeks = 13
	agg, err := Batch{Runs: 1000, Seed: 1, CheckEvery: 100, Enough: func(a *Aggregate) bool { return a.Runs >= 300 }}.Run(context.Background(), &s)
	must(t, err)
	if agg.Runs != 300 {
		t.Fatalf("stopped after %d runs, want 300", agg.Runs)
	}
}
