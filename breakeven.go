package main

import (
	"context"
	"encoding/json"
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

// breakEvenOptions are the flags of breakeven.
type breakEvenOptions struct {
	sf    cli.ScenarioFlags
	url   string // a browser share link standing for --scenario, --set, --seed and --runs
	vary  string
	steps int
	json  bool
	cli.BatchFlags
}

func newBreakEvenCmd() *cobra.Command {
	o := breakEvenOptions{}
	cmd := &cobra.Command{
		Use:   "breakeven --vary key=lo:hi [--scenario NAME|FILE] [--runs N] [--steps K]",
		Short: "Find the value of one parameter at which both strategies earn the same",
		Long: `breakeven searches lo to hi for the value of one scenario key (any key --set accepts)
at which team B's mean net revenue equals team A's. Each value tried is a paired batch of
--runs runs with the same seed, so the batches share their markets and B - A moves smoothly
with the key; bisection brackets the crossing, --steps times halving the range (the
answer is then within (hi - lo) / 2^steps, interpolated in the last bracket).

It prints the break-even value with its 95% confidence interval: the values at which the 95%
interval of B - A still holds zero (each end found by its own bisection). When B - A keeps
one sign over the whole range, it says so and which team leads. It runs at most
2 + 3 x --steps batches.

--out DIR writes breakeven.json (the answer and every value tried), breakeven.svg (B - A
against the parameter with its band and the break-even value), a self-contained
breakeven.html with the table, the chart and the command, and scenario.json. DIR follows
the rules of 'pipesim batch --out', --force included.`,
		Example: `  pipesim breakeven --vary strategies.goal.new_mult=1:2
  pipesim breakeven --scenario enterprise --vary acv=50000:400000 --runs 300 --json
  pipesim breakeven --vary complexity=0.5:2 --out results/complexity`,
		Args: cli.NoArgs,
		RunE: cli.StudyRunE(&o.sf, &o.url, &o.Seed, &o.Runs, func(ctx context.Context, stdout, stderr io.Writer) error {
			return runBreakEven(ctx, &o, stdout, stderr)
		}),
	}
	fl := cmd.Flags()
	o.sf.Register(fl)
	cli.RegisterURL(fl, &o.url)
	fl.StringVar(&o.vary, "vary", "", "the scenario value to search, as `key=lo:hi`, for example strategies.goal.new_mult=1:2")
	fl.IntVar(&o.steps, "steps", 10, "halvings `K` of the range in each bisection (1 to 30)")
	fl.BoolVar(&o.json, "json", false, "print the result as JSON, with every value tried")
	o.BatchFlags.Register(fl, 500, "paired runs `N` at each value tried", "base random seed `N`, the same at every value",
		"write breakeven.json, breakeven.svg, breakeven.html and scenario.json to folder `DIR`")
	fl.Lookup("workers").Usage = "runs simulated in parallel `W`; results do not depend on it"
	return cmd
}

func runBreakEven(ctx context.Context, o *breakEvenOptions, stdout, stderr io.Writer) error {
	key, lo, hi, err := experiment.ParseRange(o.vary)
	if err != nil {
		return cli.InputError("--vary ", err)
	}
	if err := o.BatchFlags.Check(2); err != nil {
		return err
	}
	if o.steps < 1 || o.steps > 30 {
		return cli.Usagef("--steps %d is out of range; allowed 1 to 30", o.steps)
	}
	if err := o.CheckTotal(o.Runs*(2+3*o.steps), fmt.Sprintf("with --steps %d is up to", o.steps)); err != nil {
		return err
	}
	s, err := o.sf.Load(ctx)
	if err != nil {
		return err
	}
	// Both ends must be valid values of the key before any batch runs.
	for _, x := range []float64{lo, hi} {
		t := s.Clone()
		if err := t.Set(key, cli.Num(x)); err != nil {
			return cli.Usagef("--vary %s: %v", o.vary, err)
		}
		if err := t.Validate(); err != nil {
			return cli.Usagef("--vary %s: %v", o.vary, err)
		}
	}
	total := (2 + 3*o.steps) * o.Runs
	b := experiment.BreakEven{Key: key, Lo: lo, Hi: hi, Runs: o.Runs, Seed: o.Seed, Steps: o.steps, Workers: o.Workers}
	var r *experiment.BreakEvenResult
	return results.Study(stderr, &o.BatchFlags, total, func(_ *fileio.Dir, bar *progress.Bar) error {
		b.Progress = func(done, _ int) { bar.Update(done*o.Runs, total) }
		r, err = b.Run(ctx, &s)
		return err
	}, func() ([]report.File, error) {
		return report.BreakEvenFiles(report.Study{Title: o.sf.Label(), Command: breakEvenCommand(o), Scenario: &s}, r)
	}, func() error {
		if o.json {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		return report.BreakEvenText(stdout, o.sf.Label(), &s, r)
	})
}

// breakEvenCommand is the command that reproduces the search.
func breakEvenCommand(o *breakEvenOptions) string {
	return o.sf.Command("breakeven", "--vary", o.vary, "--runs", strconv.Itoa(o.Runs), "--steps", strconv.Itoa(o.steps),
		"--seed", strconv.FormatUint(o.Seed, 10))
}
