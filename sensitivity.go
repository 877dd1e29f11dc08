package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/internal/results"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim/experiment"
)

// sensitivityOptions are the flags of sensitivity.
type sensitivityOptions struct {
	sf     cli.ScenarioFlags
	url    string // a browser share link standing for --scenario, --set, --seed and --runs
	params []string
	rng    float64
	cli.BatchFlags
}

func newSensitivityCmd() *cobra.Command {
	o := sensitivityOptions{}
	cmd := &cobra.Command{
		Use:   "sensitivity [--scenario NAME|FILE] [--set key=value ...] [--params a,b,c] [--range 0.2] [--runs N] [--out DIR]",
		Short: "Which assumption drives the verdict: each parameter lowered and raised in turn, ranked",
		Long: `sensitivity measures how much each parameter moves the verdict. It runs a batch of
--runs paired runs with the scenario as given, then for each parameter one batch with
the parameter lowered by --range (x(1 - range)) and one with it raised (x(1 + range)),
every other value as given, and compares B's mean net revenue to A's: the B/A ratio.
Parameters are ranked by their swing, |B/A raised - B/A lowered|. Every batch uses the
same seeds (--seed), so differences come from the parameter, not from the dice. One
progress display covers all batches.

--params takes scenario keys as --set does: a number (new_opps, teams.1.adherence,
conv.2) or a per-stage list (conv, strategies.process.conv_mult), whose four values are
scaled together. A changed value is kept within the key's allowed range ('pipesim
scenarios --keys'); whole-number keys are rounded. A parameter that is 0 cannot be
scaled and is skipped with a note. Without --params, these are varied:
` + helpList(experiment.DefaultSensitivityKeys) + `

It prints the ranked table: each parameter's lowered and raised value, B/A at each and
as given, and the swing.

--out DIR writes, all at once when every batch is complete:
  sensitivity.csv   one row per parameter, ranked: the values, each team's mean net
                    revenue and B/A lowered and raised, the swing, and any note
  tornado.svg       the tornado chart: a bar per parameter from B/A lowered to B/A
                    raised around the B/A as given, largest swing at the top
  sensitivity.html  a self-contained page with the command, the table and the chart
  summary.json      the same results as JSON
  scenario.json     the scenario as given
DIR follows the rules of 'pipesim batch --out', --force included.`,
		Example: `  pipesim sensitivity --runs 400
  pipesim sensitivity --scenario enterprise --params trust_adv,repeat_max,conv --range 0.3
  pipesim sensitivity --set weeks=52 --runs 1000 --out results/sensitivity`,
		Args: cli.NoArgs,
		RunE: cli.StudyRunE(&o.sf, &o.url, &o.Seed, &o.Runs, func(ctx context.Context, stdout, stderr io.Writer) error {
			return runSensitivity(ctx, &o, stdout, stderr)
		}),
	}
	fl := cmd.Flags()
	o.sf.Register(fl)
	cli.RegisterURL(fl, &o.url)
	fl.StringSliceVar(&o.params, "params", nil, "vary only these scenario keys `a,b,c` (default: the list above)")
	fl.Float64Var(&o.rng, "range", 0.2, "lower and raise each parameter by this share `R`, between 0 and 1 (0.2 is ±20%)")
	o.BatchFlags.Register(fl, 500, "paired runs `N` in each batch", "base random seed `N`, the same in every batch",
		"write sensitivity.csv, tornado.svg, sensitivity.html, summary.json and scenario.json to folder `DIR`")
	return cmd
}

func runSensitivity(ctx context.Context, o *sensitivityOptions, stdout, stderr io.Writer) error {
	if !(o.rng > 0 && o.rng < 1) {
		return cli.Usagef("--range %s is out of range; want a share between 0 and 1 (exclusive), for example 0.2 for ±20%%", cli.Num(o.rng))
	}
	if err := o.BatchFlags.Check(1); err != nil {
		return err
	}
	if err := cli.Distinct("--params", o.params, "keys separated by commas, for example new_opps,trust_adv"); err != nil {
		return err
	}
	base, err := o.sf.Load(ctx)
	if err != nil {
		return err
	}
	x := experiment.Sensitivity{Keys: o.params, Range: o.rng, Runs: o.Runs, Seed: o.Seed, Workers: o.Workers}
	batches, err := x.Batches(&base)
	if err != nil {
		return paramsError(err)
	}
	if err := o.CheckTotal(o.Runs*batches, fmt.Sprintf("in %d batches is", batches)); err != nil {
		return err
	}
	var r *experiment.SensitivityResult
	return results.Study(stderr, &o.BatchFlags, o.Runs*batches, func(_ *fileio.Dir, bar *progress.Bar) error {
		x.Progress = bar.Update
		r, err = x.Run(ctx, &base)
		return err
	}, func() ([]report.File, error) {
		id, err := report.Identify(o.sf.Scenario, o.sf.Sets, &base)
		if err != nil {
			return nil, err
		}
		return report.SensitivityFiles(report.Study{Title: o.sf.Label(), Command: sensitivityCommand(o), Scenario: &base, ID: id}, r)
	}, func() error { return report.SensitivityText(stdout, o.sf.Label(), o.Runs, o.Seed, &base, r) })
}

// paramsError words a key that cannot be varied as a mistake in --params.
func paramsError(err error) error {
	var scaled *experiment.ScaledError
	switch {
	case errors.As(err, &scaled):
		return cli.Badf("--params %w; choose a smaller --range or another parameter", err)
	}
	return cli.InputError("--params ", err)
}

// sensitivityCommand is the command line that reproduces the analysis (without --out and --workers).
func sensitivityCommand(o *sensitivityOptions) string {
	var more []string
	if len(o.params) > 0 {
		more = append(more, "--params", strings.Join(o.params, ","))
	}
	return o.sf.Command("sensitivity", append(more, "--range", cli.Num(o.rng), "--runs", strconv.Itoa(o.Runs), "--seed", strconv.FormatUint(o.Seed, 10))...)
}

// helpList writes keys as a comma list for a help text: indented by two spaces and wrapped
// before 90 columns, as the rest of the text is.
func helpList(keys []string) string {
	var b strings.Builder
	line := 0
	for i, k := range keys {
		if i < len(keys)-1 {
			k += ","
		}
		if line > 0 && line+1+len(k) > 90 {
			b.WriteString("\n")
			line = 0
		}
		if line == 0 {
			b.WriteString("  ")
			line = 2
		} else {
			b.WriteString(" ")
			line++
		}
		b.WriteString(k)
		line += len(k)
	}
	return b.String()
}
