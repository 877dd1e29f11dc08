package main

import (
	"runtime"

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
