package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
)

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(a string) string {
	if a != "" && !strings.ContainsFunc(a, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./=,:+@%", r))
	}) {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// interrupted words a batch stopped by Ctrl-C for the user; other errors pass unchanged.
func interrupted(err error) error {
	var se *sim.Error
	if errors.As(err, &se) && se.Kind == sim.KindCanceled {
		return errors.New("interrupted; nothing written")
	}
	return err
}

// reportOf describes a finished batch for the report. The command it quotes reproduces the
// batch (without --out and --workers, which change neither numbers nor report).
func reportOf(o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *sim.Summary) report.Input {
	args := []string{"pipesim", "batch", "--scenario", o.sf.scenario}
	for _, kv := range o.sf.sets {
		args = append(args, "--set", kv)
	}
	args = append(args, "--runs", strconv.Itoa(o.runs), "--seed", strconv.FormatUint(o.seed, 10))
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return report.Input{Name: o.sf.scenario, Scenario: s, Aggregate: agg, Summary: sum,
		Seed: o.seed, Runs: o.runs, Command: strings.Join(args, " ")}
}
