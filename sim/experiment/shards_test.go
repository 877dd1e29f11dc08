package experiment

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// Shards of a batch, encoded, decoded and merged in any order, give exactly the batch's
// numbers; a missing, doubled or foreign shard is refused by name.
func TestShardsMergeIntoTheBatch(t *testing.T) {
	s := shortMarket(t)
	ctx := context.Background()
	parts := map[int]*Partial{}
	for k := 1; k <= 3; k++ {
		p, err := Shard{K: k, N: 3, Runs: 50, Seed: 8, Name: "mid-market"}.Run(ctx, &s)
		if err != nil {
			t.Fatal(err)
		}
		data, err := p.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if parts[k], err = DecodePartial(bytes.NewReader(data)); err != nil {
			t.Fatalf("shard %d: %v", k, err)
		}
	}
	var m Merge
	for _, k := range []int{3, 1, 2} {
		if err := m.Add("part-"+string(rune('0'+k)), parts[k]); err != nil {
			t.Fatal(err)
		}
	}
	agg, first, err := m.Result()
	if err != nil {
		t.Fatal(err)
	}
	whole, err := sim.Batch{Runs: 50, Seed: 8}.Run(ctx, &s)
	if err != nil {
		t.Fatal(err)
	}
	a, b := agg.Summarize().Diff["net_revenue"], whole.Summarize().Diff["net_revenue"]
	if a.Mean != b.Mean || a.CILo != b.CILo || a.CIHi != b.CIHi || first.Resolved().Weeks != s.Weeks {
		t.Errorf("merged %+v, whole %+v", a, b)
	}

	p, _ := Shard{K: 2, N: 3, Runs: 50, Seed: 9}.Run(ctx, &s)
	data, _ := p.Encode()
	other, err := DecodePartial(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for name, adds := range map[string][]*Partial{
		"missing shard 2 of 3":               {parts[1], parts[3]},
		"shard 1 of 3 in more than one part": {parts[1], parts[1], parts[2], parts[3]},
		"has seed 9, part a seed 8":          {parts[1], other},
		"no partial aggregates to merge":     {},
	} {
		var m Merge
		var err error
		for i, p := range adds {
			if err = m.Add(string(rune('a'+i)), p); err != nil {
				break
			}
		}
		if err == nil {
			_, _, err = m.Result()
		}
		if err == nil || !sim.IsInput(err) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, x := range []Shard{{K: 0, N: 3, Runs: 9}, {K: 4, N: 3, Runs: 9}, {K: 1, N: 10, Runs: 9}, {K: 1, N: MaxShards + 1, Runs: MaxRuns}} {
		if err := x.Check(); !sim.IsInput(err) {
			t.Errorf("%+v: %v", x, err)
		}
	}
}
