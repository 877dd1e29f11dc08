package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/results"
)

// batchOptions are the flags of batch.
type batchOptions struct {
	results.Batch
	shard cli.ShardFlag // run only this slice and write a partial aggregate
	url   string        // a browser share link standing for --scenario, --set, --seed and --runs
}

func newBatchCmd() *cobra.Command {
	o := batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch [--scenario NAME|FILE] [--runs N] [--seed N] [--workers W] [--set key=value ...] [--out DIR] [--json]",
		Short: "Monte Carlo comparison of the two teams over many paired runs",
		Long: `batch simulates N paired runs (both teams in the same market with the same seed, run i
seeded from --seed and i) on all cores and prints, per team, the mean with its 95%
confidence interval and the P10/P50/P90 of net revenue and the main rates; the paired
difference B - A with its confidence interval, the correlation r(A,B) of the teams within
a run and the share of variance pairing saves, 1 - var(B - A) / (var A + var B); the share
of runs B won; the crossover week (from which B's mean cumulative revenue stays ahead) with
the range the weekly 95% CIs of B - A leave; and one sentence stating the result with its
uncertainty (B - A as a share of A's mean, its interval counting A's uncertainty too).

With --precision P the batch stops at the first multiple of 100 runs where the 95% CI
half-width of B - A net revenue is within P times A's mean net revenue, and says how many
runs it took and whether it converged.

With --shard k/n the batch runs only the k-th of n contiguous slices of the --runs runs,
with the same seeds as the whole batch, and writes a partial-aggregate file to --out FILE
(default part-k-of-n.json) instead of any other output; 'pipesim merge' combines the n
parts into exactly the outputs of the unsharded batch.

Results do not depend on --workers: the same scenario and seed give byte-identical
output, on amd64 and in the browser alike (on arm64 an interval bound may differ in its
last digit).

Progress goes to stderr: a bar with rate and time left on a terminal, a line every few
seconds otherwise. Ctrl-C stops the workers promptly and writes nothing.

--out DIR writes, all at once when the batch is complete:
  summary.json   what the table shows, and more (every metric, weekly bands, funnel), with
                 the scenario's name, --set values and SHA-256, and the engine version;
                 crossover_week is null when B is not ahead at the end
  runs.csv       one row per run and team: run, seed, team, adherence and every metric
  weekly.csv     per week and team: mean, P10 and P90 of cumulative net revenue
                 (week,team,cumulative_net_revenue_mean,_p10,_p90)
  funnel.csv     per team and stage, summed over runs:
                 team,stage,entered,advanced,lost,no_decision,weeks_in_stage
  scenario.json  the resolved scenario: --scenario DIR/scenario.json with the same
                 --seed and --runs reproduces the batch exactly
  report.html    a self-contained report: verdict, tables, charts, every parameter
  *.svg          the report's charts: outcomes, difference, cumulative, sources, funnel
DIR must not exist yet or be empty (missing parent folders are created); --force
replaces an earlier result folder (one holding summary.json and scenario.json) and refuses
anything else.`,
		Example: `  pipesim batch
  pipesim batch --scenario enterprise --runs 5000 --out results/enterprise
  pipesim batch --set teams.0.adherence=0.5 --set weeks=52 --json > summary.json
  pipesim batch --scenario results/enterprise/scenario.json --seed 2 --out results/enterprise-2
  pipesim batch --precision 0.01 --runs 100000   # stop once B - A is known within 1% of A's revenue
  pipesim batch --runs 100000 --shard 3/4 --out part-3.json   # then: pipesim merge part-*.json
  pipesim batch --url "http://127.0.0.1:8080/?preset=mid-market&seed=4&runs=500"   # the page's Monte Carlo`,
		Args: cli.NoArgs,
		RunE: cli.Stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			if err := cli.ApplyURL(cmd.Flags(), &o.Scenario, o.url, &o.Seed, &o.Runs); err != nil {
				return err
			}
			f := o.BatchFlags
			f.Force = f.Force && !o.shard.Given // --force goes with --shard's default part file too
			if err := f.Check(1); err != nil {
				return err
			}
			if err := cli.CheckPrecision(o.Precision); err != nil {
				return err
			}
			if err := o.shard.Check(o.Runs); err != nil {
				return err
			}
			s, err := o.Scenario.Load(ctx)
			if err != nil {
				return err
			}
			if o.shard.Given {
				return o.Shard(ctx, &s, o.shard.K, o.shard.N, cmd.ErrOrStderr())
			}
			return o.Run(ctx, &s, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	fl := cmd.Flags()
	o.Scenario.Register(fl)
	o.BatchFlags.Register(fl, 1000, "number of paired runs `N`",
		"base random seed `N`: the same scenario, seed and runs give the same results",
		"write summary.json, CSV files, scenario.json, report.html and charts to folder `DIR`")
	fl.BoolVar(&o.JSON, "json", false, "print the summary as JSON (as in summary.json) instead of tables")
	fl.Var(&o.shard, "shard", "run only shard `k/n` (the k-th of n slices of the runs) and write a partial aggregate to --out FILE\n(default part-k-of-n.json) for 'pipesim merge'")
	cli.RegisterURL(fl, &o.url)
	fl.Var(&o.Precision, "precision", "stop early once the 95% CI half-width of B - A net revenue is within `P` times A's mean net revenue\n(checked every 100 runs; --runs is the cap), for example 0.01")
	return cmd
}
