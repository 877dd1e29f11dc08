package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// Partial-aggregate files: what batch --shard writes and merge reads.
const (
	partFormat  = "pipesim-partial"
	partVersion = 4 // 2 added scenario_sha256 and strict decoding; 3, the weekly paired differences; 4, engine_version
	maxShards   = 100_000
)

// partial is a partial-aggregate file: one shard of a batch, with everything merge needs to
// check that parts belong together and to write the same outputs as the unsharded batch.
type partial struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// EngineVersion is sim.EngineVersion of the pipesim that ran the shard: parts of two
	// engines hold numbers of two models, which merged would match no batch.
	EngineVersion int             `json:"engine_version"`
	Name          string          `json:"name"` // --scenario as given
	Sets          []string        `json:"sets,omitempty"`
	Scenario      json.RawMessage `json:"scenario"` // the resolved scenario, as sim.EncodeScenario writes it
	// ScenarioHash is the SHA-256 of the scenario's compact JSON.
	ScenarioHash string         `json:"scenario_sha256"`
	Seed         uint64         `json:"seed"`
	Runs         int            `json:"runs"` // of the whole batch
	Shard        int            `json:"shard"`
	Shards       int            `json:"shards"`
	First        int            `json:"first"` // index of the shard's first run
	Aggregate    *sim.Aggregate `json:"aggregate"`

	scenario sim.Scenario // decoded from Scenario by decodePart
}

// shardFlag is --shard k/n: unset, or shard k (from 1) of n.
type shardFlag struct {
	k, n int
	set  bool
}

func (f *shardFlag) String() string {
	if !f.set {
		return ""
	}
	return fmt.Sprintf("%d/%d", f.k, f.n)
}

func (f *shardFlag) Set(v string) error {
	ks, ns, ok := strings.Cut(strings.TrimSpace(v), "/")
	k, kerr := strconv.Atoi(ks)
	n, nerr := strconv.Atoi(ns)
	if !ok || kerr != nil || nerr != nil {
		return fmt.Errorf("want k/n, shard k of n, for example 1/4")
	}
	f.k, f.n, f.set = k, n, true
	return nil
}

func (f *shardFlag) Type() string { return "k/n" }

// checkShard validates --shard against --runs: 1 <= k <= n <= runs, so no shard is empty.
func checkShard(f shardFlag, runs int) error {
	if !f.set {
		return nil
	}
	if f.n < 1 || f.n > maxShards {
		return usagef("--shard %d/%d: the number of shards is out of range; allowed 1 to %s", f.k, f.n, format.Thousands(maxShards, 0))
	}
	if f.k < 1 || f.k > f.n {
		return usagef("--shard %d/%d is out of range; allowed 1/%d to %d/%d", f.k, f.n, f.n, f.n, f.n)
	}
	if f.n > runs {
		return usagef("--shard %d/%d: %d shards of %s runs would leave shards empty; allowed at most --runs shards", f.k, f.n, f.n, format.Thousands(float64(runs), 0))
	}
	return nil
}

// shardRange is the runs [lo, hi) of shard k of n: contiguous slices as even as can be.
func shardRange(k, n, runs int) (lo, hi int) {
	return (k - 1) * runs / n, k * runs / n
}

// defaultPartName is where batch --shard writes without --out.
func defaultPartName(k, n int) string { return fmt.Sprintf("part-%d-of-%d.json", k, n) }

// runShard runs one shard of a batch and writes its partial-aggregate file.
func runShard(ctx context.Context, o *batchOptions, s *sim.Scenario, stderr io.Writer) error {
	switch {
	case o.jsonOut:
		return usagef("--json does not go with --shard: a shard writes a partial aggregate; 'pipesim merge' prints the summary")
	case o.precision.set:
		return usagef("--precision does not go with --shard: every shard runs its whole slice")
	}
	k, n := o.shard.k, o.shard.n
	path := o.out
	if path == "" {
		path = defaultPartName(k, n)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("--out %s: is a folder; with --shard, --out names the partial-aggregate file", excerpt(path))
	}
	if err := checkOutFile("--out", path, o.force); err != nil {
		return err
	}
	scen, err := sim.EncodeScenario(s)
	if err != nil {
		return err
	}
	lo, hi := shardRange(k, n, o.runs)
	prog := newProgress(stderr, hi-lo, o.quiet)
	b := sim.Batch{Runs: hi - lo, First: lo, Seed: o.seed, Workers: o.workers, Progress: prog.update}
	agg, err := b.Run(ctx, s)
	prog.finish()
	if err != nil {
		return interrupted(err)
	}
	hash, err := scenarioHash(scen)
	if err != nil {
		return err
	}
	p := partial{Format: partFormat, Version: partVersion, EngineVersion: sim.EngineVersion, Name: o.sf.scenario, Sets: o.sf.sets,
		Scenario: scen, ScenarioHash: hash, Seed: o.seed, Runs: o.runs, Shard: k, Shards: n, First: lo, Aggregate: agg}
	data, err := json.Marshal(&p)
	if err != nil {
		return fmt.Errorf("encode partial aggregate: %w", err)
	}
	data = append(data, '\n')
	if err := writeFileAtomic("--out", path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s (shard %d/%d: runs %d to %d of %s)\n", path, k, n, lo, hi-1, format.Thousands(float64(o.runs), 0))
	}
	return nil
}
