package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/results"
)

// mergeOptions are the flags of merge: --out, --force and --quiet as batch has them, and --json.
type mergeOptions struct {
	cli.BatchFlags
	jsonOut bool
}

func newMergeCmd() *cobra.Command {
	o := mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge PART|FOLDER|'PATTERN'... [--out DIR] [--json]",
		Short: "Combine the partial aggregates of 'batch --shard' into the batch's results",
		Long: `merge reads the partial-aggregate files that 'pipesim batch --shard k/n' wrote, checks
that they are the n distinct shards of one batch (same file version, engine version,
scenario, seed, number of runs and n, none missing, none twice), merges them and prints the
same table as 'pipesim batch' (or its JSON with --json).

Each argument is a part, a folder (its .json files) or a quoted pattern ('parts/*.json',
for more parts than a shell passes). Parts are read and merged one at a time, so memory does
not grow with their number. Missing shards and shards given twice are named as ranges
("missing shards 17-19, 240 of 256") to rerun, for example as a Slurm array.

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
  pipesim merge part-*.json --out results
  pipesim merge results/parts --out results/merged            # every .json file in a folder`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.Usagef("merge needs the partial-aggregate files of 'pipesim batch --shard', for example part-*.json")
			}
			return nil
		},
		RunE: cli.Stoppable(func(ctx context.Context, cmd *cobra.Command, args []string) error {
			paths, err := fileio.PartPaths(args)
			if err != nil {
				return err
			}
			if o.Force && o.Out == "" {
				return cli.Usagef("--force goes with --out")
			}
			return results.Merge(ctx, paths, o.BatchFlags, o.jsonOut, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.Out, "out", "o", "", "write the batch's summary.json, CSV files, scenario.json, report.html and charts to folder `DIR`")
	fl.BoolVar(&o.Force, "force", false, "let --out replace an earlier result folder")
	fl.BoolVar(&o.jsonOut, "json", false, "print the summary as JSON (as in summary.json) instead of tables")
	fl.BoolVarP(&o.Quiet, "quiet", "q", false, "print no message on stderr")
	return cmd
}
