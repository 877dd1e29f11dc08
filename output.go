package main

import (
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
)

// reportOf describes a finished batch for the report. The command it quotes reproduces the
// batch (without --out and --workers, which change neither numbers nor report).
func reportOf(o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *sim.Summary) report.Input {
	args := []string{"pipesim", "batch", "--scenario", o.sf.Scenario}
	for _, kv := range o.sf.Sets {
		args = append(args, "--set", kv)
	}
	args = append(args, "--runs", strconv.Itoa(o.Runs), "--seed", strconv.FormatUint(o.Seed, 10))
	for i, a := range args {
		args[i] = cli.ShellQuote(a)
	}
	return report.Input{Name: o.sf.Scenario, Scenario: s, Aggregate: agg, Summary: sum,
		Seed: o.Seed, Runs: o.Runs, Command: strings.Join(args, " ")}
}
