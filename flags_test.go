package main

import (
	"io"
	"testing"

	"github.com/pipesim/pipesim/internal/cli"
)

// FuzzSetFlag drives the command line with an arbitrary --set: it exits 0 or 2, never panics.
func FuzzSetFlag(f *testing.F) {
	for _, s := range []string{"weeks=52", "conv=0.7,0.6,0.6,0.8", "conv.2=x", "teams.0.adherence=-1", "=", "a.b.c=1", "teams.1.name=é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		code := run([]string{"scenarios", "--show", "mid-market", "--set", set}, io.Discard, io.Discard)
		if code != cli.ExitOK && code != cli.ExitUsage {
			t.Fatalf("--set %q: exit status %d", set, code)
		}
	})
}
