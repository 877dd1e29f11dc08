package results

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// Batch is a Monte Carlo batch as the batch command runs it: the scenario as the user named
// it, the batch flags, --json and --precision.
type Batch struct {
	Scenario cli.ScenarioFlags
	cli.BatchFlags
	JSON      bool
	Precision cli.PrecisionFlag
}

// Run runs the batch of scenario s, streaming runs.csv into the --out folder, writes the
// folder's other files once it is complete, and prints the summary.
func (b *Batch) Run(ctx context.Context, s *sim.Scenario, stdout, stderr io.Writer) error {
	var agg *sim.Aggregate
	var sum report.BatchSummary
	return Study(stderr, &b.BatchFlags, b.Runs, func(dir *fileio.Dir, bar *progress.Bar) (err error) {
		run := sim.Batch{Runs: b.Runs, Seed: b.Seed, Workers: b.Workers, Progress: bar.Update}
		if dir != nil {
			var runsCSV *fileio.CSVFile
			if runsCSV, err = dir.CreateCSV("runs.csv", report.RunsHeader()); err != nil {
				return err
			}
			defer func() {
				if cerr := runsCSV.Close(); err == nil {
					err = cerr
				}
			}()
			run.Each = func(i int, r *sim.Result) error { return report.WriteRunRows(runsCSV.W, i, r) }
		}
		var conv *experiment.Convergence
		if p := b.Precision.Value; b.Precision.Given {
			agg, conv, err = experiment.Precision{Target: p, Batch: run, Check: func(rel float64, runs int) {
				bar.Retarget(runs, fmt.Sprintf("half-width %s of A's net revenue, target %s; expect to stop after about %s runs",
					cli.PrecisionPercent(rel), cli.PrecisionPercent(p), format.Thousands(float64(runs), 0)))
			}}.Run(ctx, s)
		} else {
			agg, err = run.Run(ctx, s)
		}
		if err != nil {
			return err
		}
		sum, err = report.NewBatchSummary(b.Scenario.Scenario, b.Scenario.Sets, s, b.Seed, agg)
		sum.Convergence = conv
		return err
	}, func() ([]report.File, error) { return b.files(s, agg, &sum) }, func() error { return b.print(stdout, s, &sum) })
}

// Merge reads the partial aggregates at paths one at a time, merges them into the batch they
// make up, and writes (with out.Out) and prints it as Run does, but for runs.csv, which the
// parts do not keep.
func Merge(ctx context.Context, paths []string, out cli.BatchFlags, jsonOut bool, stdout, stderr io.Writer) error {
	var b Batch
	var s sim.Scenario
	var agg *sim.Aggregate
	var sum report.BatchSummary
	return Study(stderr, &out, 0, func(*fileio.Dir, *progress.Bar) error {
		var first *experiment.Partial
		var err error
		if agg, first, err = fileio.MergeParts(ctx, paths); err != nil {
			return cli.InputError("", err)
		}
		s = *first.Resolved()
		b = Batch{Scenario: cli.ScenarioFlags{Scenario: first.Name, Sets: first.Sets}, JSON: jsonOut,
			BatchFlags: cli.BatchFlags{Runs: first.Runs, Seed: first.Seed, Out: out.Out, Quiet: out.Quiet}}
		sum, err = report.NewBatchSummary(first.Name, first.Sets, &s, first.Seed, agg)
		return err
	}, func() ([]report.File, error) { return b.files(&s, agg, &sum) }, func() error { return b.print(stdout, &s, &sum) })
}

// encodeSummary is summary.json, as --json prints it too.
func encodeSummary(sum *report.BatchSummary) ([]byte, error) {
	j, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	return append(j, '\n'), nil
}

// files are the batch's result folder but runs.csv. The report quotes the command that
// reproduces the batch (without --out and --workers, which change neither numbers nor report).
func (b *Batch) files(s *sim.Scenario, agg *sim.Aggregate, sum *report.BatchSummary) ([]report.File, error) {
	j, err := encodeSummary(sum)
	if err != nil {
		return nil, err
	}
	cmd := b.Scenario.Command("batch", "--runs", strconv.Itoa(b.Runs), "--seed", strconv.FormatUint(b.Seed, 10))
	return report.BatchFiles(report.Input{Name: b.Scenario.Scenario, Scenario: s, Aggregate: agg, Summary: &sum.Summary,
		Seed: b.Seed, Runs: b.Runs, Command: cmd}, j)
}

// print prints the summary as tables or, with --json, as summary.json.
func (b *Batch) print(stdout io.Writer, s *sim.Scenario, sum *report.BatchSummary) error {
	if b.JSON {
		j, err := encodeSummary(sum)
		if err != nil {
			return err
		}
		_, err = stdout.Write(j)
		return err
	}
	if err := report.SummaryText(stdout, b.Scenario.Label(), b.Seed, s, &sum.Summary); err != nil {
		return err
	}
	return report.ConvergenceText(stdout, sum.Convergence)
}

// Shard runs shard k of n of the batch and writes its partial-aggregate file to --out, by
// default part-k-of-n.json.
func (b *Batch) Shard(ctx context.Context, s *sim.Scenario, k, n int, stderr io.Writer) error {
	switch {
	case b.JSON:
		return cli.Usagef("--json does not go with --shard: a shard writes a partial aggregate; 'pipesim merge' prints the summary")
	case b.Precision.Given:
		return cli.Usagef("--precision does not go with --shard: every shard runs its whole slice")
	}
	path := b.Out
	if path == "" {
		path = fmt.Sprintf("part-%d-of-%d.json", k, n)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return cli.Usagef("--out %s: is a folder; with --shard, --out names the partial-aggregate file", sim.Excerpt(path))
	}
	if err := fileio.CheckFile("--out", path, b.Force); err != nil {
		return err
	}
	lo, hi := experiment.ShardRange(k, n, b.Runs)
	bar := progress.New(stderr, hi-lo, b.Quiet)
	x := experiment.Shard{K: k, N: n, Runs: b.Runs, Seed: b.Seed, Workers: b.Workers, Name: b.Scenario.Scenario, Sets: b.Scenario.Sets, Progress: bar.Update}
	p, err := x.Run(ctx, s)
	bar.Finish()
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
	if !b.Quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s (shard %d/%d: runs %d to %d of %s)\n", path, k, n, lo, hi-1, format.Thousands(float64(b.Runs), 0))
	}
	return nil
}
