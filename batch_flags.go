package main

import (
	"io"
	"runtime"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim/format"

	"github.com/spf13/pflag"
)

// batchFlags are the flags of every command that runs Monte Carlo batches (batch, sweep,
// sensitivity): how many runs, from which seed, on how many workers, and where to write.
type batchFlags struct {
	runs    int
	seed    uint64
	workers int
	out     string
	force   bool
	quiet   bool
}

// register adds the flags; runsHelp, seedHelp and outHelp say what they mean for the command.
func (b *batchFlags) register(fl *pflag.FlagSet, runs int, runsHelp, seedHelp, outHelp string) {
	fl.IntVarP(&b.runs, "runs", "n", runs, runsHelp)
	fl.Uint64Var(&b.seed, "seed", 1, seedHelp)
	fl.IntVarP(&b.workers, "workers", "w", runtime.NumCPU(), "runs simulated in parallel `W`, one per core by default; results do not depend on it")
	fl.StringVarP(&b.out, "out", "o", "", outHelp)
	fl.BoolVar(&b.force, "force", false, "let --out replace an earlier result folder")
	fl.BoolVarP(&b.quiet, "quiet", "q", false, "show no progress on stderr")
}

// check validates the flags every experiment shares; minRuns is the fewest runs a batch may have.
func (b *batchFlags) check(minRuns int) error {
	switch {
	case b.runs < minRuns || b.runs > maxRuns:
		return usagef("--runs %d is out of range; allowed %d to %s", b.runs, minRuns, format.Thousands(maxRuns, 0))
	case b.workers < 1 || b.workers > maxWorkers:
		return usagef("--workers %d is out of range; allowed 1 to %s", b.workers, format.Thousands(maxWorkers, 0))
	case b.force && b.out == "":
		return usagef("--force goes with --out")
	}
	return nil
}

// study is what every experiment command does once its input is checked: create the --out
// folder (so a bad destination fails before any work), run the work under one progress display
// of total runs, write the files and commit the folder, then print. Nothing is written or
// printed when the work fails or is interrupted.
func (b *batchFlags) study(stderr io.Writer, total int, work func(progress func(done, total int)) error,
	files func() ([]report.File, error), print func() error) error {
	var dir *fileio.Dir
	if b.out != "" {
		d, err := fileio.CreateResults(b.out, b.force)
		if err != nil {
			return err
		}
		dir = d
		defer dir.Abort()
	}
	prog := progress.New(stderr, total, b.quiet)
	err := work(prog.Update)
	prog.Finish()
	if err != nil {
		return interrupted(err)
	}
	if dir != nil {
		fs, err := files()
		if err != nil {
			return err
		}
		if err := dir.WriteAll(fs); err != nil {
			return err
		}
		if err := dir.CommitAndSay(stderr, b.quiet); err != nil {
			return err
		}
	}
	return print()
}
