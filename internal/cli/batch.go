package cli

import (
	"errors"
	"strconv"
	"strings"

	"runtime"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"

	"github.com/pipesim/pipesim/sim/format"

	"github.com/spf13/pflag"
)

// BatchFlags are the flags of every command that runs Monte Carlo batches (batch, sweep,
// sensitivity): how many runs, from which seed, on how many workers, and where to write.
type BatchFlags struct {
	Runs    int
	Seed    uint64
	Workers int
	Out     string
	Force   bool
	Quiet   bool
}

// register adds the flags; runsHelp, seedHelp and outHelp say what they mean for the command.
func (b *BatchFlags) Register(fl *pflag.FlagSet, runs int, runsHelp, seedHelp, outHelp string) {
	fl.IntVarP(&b.Runs, "runs", "n", runs, runsHelp)
	fl.Uint64Var(&b.Seed, "seed", 1, seedHelp)
	fl.IntVarP(&b.Workers, "workers", "w", runtime.NumCPU(), "runs simulated in parallel `W`, one per core by default; results do not depend on it")
	fl.StringVarP(&b.Out, "out", "o", "", outHelp)
	fl.BoolVar(&b.Force, "force", false, "let --out replace an earlier result folder")
	fl.BoolVarP(&b.Quiet, "quiet", "q", false, "show no progress on stderr")
}

// Check validates the flags every experiment shares; minRuns is the fewest runs a batch may have.
func (b *BatchFlags) Check(minRuns int) error {
	switch {
	case b.Runs < minRuns || b.Runs > MaxRuns:
		return Usagef("--runs %d is out of range; allowed %d to %s", b.Runs, minRuns, format.Thousands(MaxRuns, 0))
	case b.Workers < 1 || b.Workers > MaxWorkers:
		return Usagef("--workers %d is out of range; allowed 1 to %s", b.Workers, format.Thousands(MaxWorkers, 0))
	case b.Force && b.Out == "":
		return Usagef("--force goes with --out")
	}
	return nil
}

// CheckTotal refuses a study whose batches add up to more than MaxRuns runs; how says what
// --runs is multiplied by ("at 5 points is", "with --steps 8 is up to").
func (b *BatchFlags) CheckTotal(total int, how string) error {
	if total > MaxRuns {
		return Usagef("--runs %d %s %s runs; allowed at most %s in all", b.Runs, how, format.Thousands(float64(total), 0), format.Thousands(MaxRuns, 0))
	}
	return nil
}

// Bounds of batch flags; a batch past them would not finish in reasonable time or memory.
const (
	MaxRuns    = experiment.MaxRuns
	MaxWorkers = 1024
)

// Num formats a number for CSV and messages: the shortest text that reads back to the same float.
func Num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// ShellQuote quotes an argument for a POSIX shell when it needs it.
func ShellQuote(a string) string {
	if a != "" && !strings.ContainsFunc(a, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./=,:+@%", r))
	}) {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// Interrupted words a batch stopped by Ctrl-C for the user; other errors pass unchanged.
func Interrupted(err error) error {
	var se *sim.Error
	if errors.As(err, &se) && se.Kind == sim.KindCanceled {
		return errors.New("interrupted; nothing written")
	}
	return err
}
