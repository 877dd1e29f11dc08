package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/sim"
)

// mergeOptions are the flags of merge.
type mergeOptions struct {
	out     string
	force   bool
	jsonOut bool
	quiet   bool
}

func newMergeCmd() *cobra.Command {
	o := mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge PART... [--out DIR] [--json]",
		Short: "Combine the partial aggregates of 'batch --shard' into the batch's results",
		Long: `merge reads the partial-aggregate files that 'pipesim batch --shard k/n' wrote, checks
that they are the n distinct shards of one batch (same file version, scenario, seed, number
of runs and n, none missing, none twice), merges them in shard order and prints the same
table as 'pipesim batch' (or its JSON with --json).

The merged results are those of the unsharded batch: summary.json is byte-identical at
every size (sums are exact; quantile summaries depend only on the runs' values, exact up to
100,000 runs and within 0.05% beyond). A damaged or edited part is refused with a line
naming what is wrong.

--out DIR writes the folder of 'pipesim batch --out' except runs.csv, which the shards do
not keep: summary.json, weekly.csv, funnel.csv, scenario.json, report.html and the chart
SVGs; the same rules apply to DIR and --force.

docs/scale-out.md shows how to run the shards as a Kubernetes Indexed Job, with GNU
parallel or xargs, or as a Slurm job array.`,
		Example: `  pipesim batch --runs 100000 --shard 1/4 --out part-1.json   # on four machines,
  pipesim batch --runs 100000 --shard 2/4 --out part-2.json   # one shard each
  pipesim batch --runs 100000 --shard 3/4 --out part-3.json
  pipesim batch --runs 100000 --shard 4/4 --out part-4.json
  pipesim merge part-*.json --out results`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("merge needs the partial-aggregate files of 'pipesim batch --shard', for example part-*.json")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runMerge(ctx, &o, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.out, "out", "o", "", "write the batch's summary.json, CSV files, scenario.json, report.html and charts to folder `DIR`")
	fl.BoolVar(&o.force, "force", false, "let --out replace an earlier result folder")
	fl.BoolVar(&o.jsonOut, "json", false, "print the summary as JSON (as in summary.json) instead of tables")
	fl.BoolVarP(&o.quiet, "quiet", "q", false, "print no message on stderr")
	return cmd
}

// readPart reads and checks one partial-aggregate file on its own.
func readPart(ctx context.Context, path string) (*partial, error) {
	return interruptible(ctx, func() (*partial, error) {
		r, err := openInput("part", path)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) {
				err = usagef("part %s: %v", excerpt(path), unwrapPathError(err))
			}
			return nil, err
		}
		defer r.Close()
		p, err := decodePart(r)
		if err != nil {
			return nil, usageError{oneLine{fmt.Errorf("part %s %w", excerpt(path), err)}}
		}
		return p, nil
	})
}

// mergeParts checks that parts are the complete, distinct shards of one batch and merges them
// in shard order. It returns the merged aggregate and the first part, which describes the batch.
func mergeParts(ctx context.Context, paths []string) (*sim.Aggregate, *partial, error) {
	var first *partial
	byShard := map[int]string{}
	var parts []*partial
	for _, path := range paths {
		p, err := readPart(ctx, path)
		if err != nil {
			return nil, nil, err
		}
		if first == nil {
			first = p
		} else {
			f := paths[0]
			switch {
			case !bytes.Equal(p.Scenario, first.Scenario):
				return nil, nil, usagef("part %s is from another scenario than part %s; merge only the shards of one batch", path, f)
			case p.Seed != first.Seed:
				return nil, nil, usagef("part %s has seed %d, part %s seed %d; merge only the shards of one batch", path, p.Seed, f, first.Seed)
			case p.Runs != first.Runs:
				return nil, nil, usagef("part %s is of a batch of %d runs, part %s of %d; merge only the shards of one batch", path, p.Runs, f, first.Runs)
			case p.Shards != first.Shards:
				return nil, nil, usagef("part %s is shard %d/%d, part %s is of %d shards; merge only the shards of one batch", path, p.Shard, p.Shards, f, first.Shards)
			}
		}
		if other, dup := byShard[p.Shard]; dup {
			return nil, nil, usagef("parts %s and %s are both shard %d/%d", other, path, p.Shard, p.Shards)
		}
		byShard[p.Shard] = path
		parts = append(parts, p)
	}
	ordered := make([]*partial, first.Shards+1)
	for _, p := range parts {
		ordered[p.Shard] = p
	}
	for k := 1; k <= first.Shards; k++ {
		if ordered[k] == nil {
			return nil, nil, usagef("shard %d/%d missing; merge needs all %d shards", k, first.Shards, first.Shards)
		}
	}
	agg := ordered[1].Aggregate
	for k := 2; k <= first.Shards; k++ {
		agg.Merge(ordered[k].Aggregate)
	}
	return agg, first, nil
}

func runMerge(ctx context.Context, o *mergeOptions, paths []string, stdout, stderr io.Writer) error {
	if o.force && o.out == "" {
		return usagef("--force goes with --out")
	}
	if o.out != "" {
		if err := checkResultDir(o.out, o.force); err != nil {
			return err
		}
	}
	agg, first, err := mergeParts(ctx, paths)
	if err != nil {
		return err
	}
	s := first.scenario
	// The batch these shards make up, as batch's table, files and report describe it.
	bo := &batchOptions{sf: scenarioFlags{scenario: first.Name, sets: first.Sets}, jsonOut: o.jsonOut,
		batchFlags: batchFlags{runs: first.Runs, seed: first.Seed, out: o.out, quiet: o.quiet}}
	sum, err := newBatchSummary(&bo.sf, &s, first.Seed, agg)
	if err != nil {
		return err
	}
	var dir *outDir
	if o.out != "" {
		if dir, err = createOutDir(o.out, o.force); err != nil {
			return err
		}
		defer dir.abort()
	}
	return finishBatch(stdout, stderr, dir, bo, &s, agg, &sum)
}
