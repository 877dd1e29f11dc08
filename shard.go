package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// defaultPartName is where batch --shard writes without --out.
func defaultPartName(k, n int) string { return fmt.Sprintf("part-%d-of-%d.json", k, n) }

// runShard runs one shard of a batch and writes its partial-aggregate file.
func runShard(ctx context.Context, o *batchOptions, s *sim.Scenario, stderr io.Writer) error {
	switch {
	case o.jsonOut:
		return cli.Usagef("--json does not go with --shard: a shard writes a partial aggregate; 'pipesim merge' prints the summary")
	case o.precision.Given:
		return cli.Usagef("--precision does not go with --shard: every shard runs its whole slice")
	}
	k, n := o.shard.K, o.shard.N
	path := o.Out
	if path == "" {
		path = defaultPartName(k, n)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return cli.Usagef("--out %s: is a folder; with --shard, --out names the partial-aggregate file", sim.Excerpt(path))
	}
	if err := fileio.CheckFile("--out", path, o.Force); err != nil {
		return err
	}
	lo, hi := experiment.ShardRange(k, n, o.Runs)
	prog := progress.New(stderr, hi-lo, o.Quiet)
	x := experiment.Shard{K: k, N: n, Runs: o.Runs, Seed: o.Seed, Workers: o.Workers, Name: o.sf.Scenario, Sets: o.sf.Sets, Progress: prog.Update}
	p, err := x.Run(ctx, s)
	prog.Finish()
	if err != nil {
		return cli.Interrupted(err)
	}
	data, err := p.Encode()
	if err != nil {
		return err
	}
	if err := fileio.WriteFileAtomic("--out", path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	if !o.Quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s (shard %d/%d: runs %d to %d of %s)\n", path, k, n, lo, hi-1, format.Thousands(float64(o.Runs), 0))
	}
	return nil
}
