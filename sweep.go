package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/internal/results"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim/experiment"
)

// sweepOptions are the flags of sweep.
type sweepOptions struct {
	sf   cli.ScenarioFlags
	vary []string
	cli.BatchFlags
}

func newSweepCmd() *cobra.Command {
	o := sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep --vary key=from:to:step [--vary ...] [--scenario NAME|FILE] [--runs N] [--out DIR]",
		Short: "Parameter sweep: a Monte Carlo batch at every point of a grid of scenario values",
		Long: `sweep runs a batch of --runs paired runs at every point of a grid: each --vary
key=from:to:step takes the values from, from+step, ... up to to (inclusive), for any
scenario key that --set accepts (weeks, acv, conv.2, teams.0.adherence, ...); several
--vary make the grid of all their combinations, the first varying slowest, at most 200
points. Every point uses the same seeds (--seed), so differences between points come from
the parameter, not from the dice. One progress display covers the whole sweep.

It prints, per point, each team's mean net revenue, the paired difference B - A with its
95% confidence interval and the share of runs B won.

--out DIR writes, all at once when the sweep is complete:
  sweep.csv      one row per point and team: the varied values, then for each metric of
                 the batch table its mean, 95% CI, P10, P50, P90 and the paired difference
                 B - A with its CI, and the share of runs B won
  METRIC.svg     a chart per metric against the first --vary key, a line per team over its
                 95% CI band; with several --vary keys, one per combination of the others
                 (METRIC-key=value.svg)
  sweep.html     a self-contained page: the table, every chart and the command
  scenario.json  the scenario before the --vary values are applied
DIR follows the rules of 'pipesim batch --out', --force included.`,
		Example: `  pipesim sweep --vary teams.0.adherence=0:1:0.25 --runs 500
  pipesim sweep --vary acv=20000:100000:20000 --out results/acv
  pipesim sweep --scenario enterprise --vary weeks=26:104:26 --vary conv.2=0.3:0.7:0.2 --out results/grid`,
		Args: cli.NoArgs,
		RunE: cli.Stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			return runSweep(ctx, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	fl := cmd.Flags()
	o.sf.Register(fl)
	fl.StringArrayVar(&o.vary, "vary", nil, "vary a scenario value over `key=from:to:step` (repeatable; several make a grid), for example acv=20000:100000:20000")
	o.BatchFlags.Register(fl, 500, "paired runs `N` at each point", "base random seed `N`, the same at every point",
		"write sweep.csv, the charts, sweep.html and scenario.json to folder `DIR`")
	return cmd
}

func runSweep(ctx context.Context, o *sweepOptions, stdout, stderr io.Writer) error {
	if len(o.vary) == 0 {
		return cli.Usagef("sweep needs at least one --vary key=from:to:step, for example --vary acv=20000:100000:20000")
	}
	if err := o.BatchFlags.Check(1); err != nil {
		return err
	}
	axes, err := experiment.ParseAxes(o.vary)
	if err != nil {
		return cli.InputError("--vary ", err)
	}
	x := experiment.Sweep{Axes: axes, Runs: o.Runs, Seed: o.Seed, Workers: o.Workers}
	base, err := o.sf.Load(ctx)
	if err != nil {
		return err
	}
	total := 1
	for _, a := range x.Axes {
		if total *= len(a.Values); total > experiment.MaxSweepPoints {
			return cli.Usagef("--vary: the grid has more than %d points; vary fewer keys or use larger steps", experiment.MaxSweepPoints)
		}
	}
	pts, err := x.Grid(&base)
	if err != nil {
		return cli.InputError("--vary ", err)
	}
	if err := o.CheckTotal(o.Runs*len(pts), fmt.Sprintf("at %d points is", len(pts))); err != nil {
		return err
	}
	var r *experiment.SweepResult
	return results.Study(stderr, &o.BatchFlags, o.Runs*len(pts), func(_ *fileio.Dir, bar *progress.Bar) error {
		x.Progress = bar.Update
		r, err = x.Run(ctx, &base)
		return err
	}, func() ([]report.File, error) {
		return report.SweepFiles(report.Study{Title: o.sf.Label(), Command: sweepCommand(o), Scenario: &base}, r)
	}, func() error {
		return report.SweepText(stdout, o.sf.Label(), o.Runs, o.Seed, &base, r)
	})
}

// sweepCommand is the command line that reproduces the sweep (without --out and --workers).
func sweepCommand(o *sweepOptions) string {
	var more []string
	for _, v := range o.vary {
		more = append(more, "--vary", v)
	}
	return o.sf.Command("sweep", append(more, "--runs", strconv.Itoa(o.Runs), "--seed", strconv.FormatUint(o.Seed, 10))...)
}
