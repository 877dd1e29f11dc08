package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

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
	return inputError("--shard ", experiment.Shard{K: f.k, N: f.n, Runs: runs}.Check())
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
	if err := fileio.CheckFile("--out", path, o.force); err != nil {
		return err
	}
	lo, hi := experiment.ShardRange(k, n, o.runs)
	prog := progress.New(stderr, hi-lo, o.quiet)
	x := experiment.Shard{K: k, N: n, Runs: o.runs, Seed: o.seed, Workers: o.workers, Name: o.sf.scenario, Sets: o.sf.sets, Progress: prog.Update}
	p, err := x.Run(ctx, s)
	prog.Finish()
	if err != nil {
		return interrupted(err)
	}
	data, err := p.Encode()
	if err != nil {
		return err
	}
	if err := fileio.WriteFileAtomic("--out", path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s (shard %d/%d: runs %d to %d of %s)\n", path, k, n, lo, hi-1, format.Thousands(float64(o.runs), 0))
	}
	return nil
}
