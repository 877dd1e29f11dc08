package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/fit"
)

// crmExport is run's --crm-export: one team's deals written in fit's stages format.
type crmExport struct {
	path, team string
}

func (c *crmExport) Register(fl *pflag.FlagSet) {
	fl.StringVar(&c.path, "crm-export", "", "write one team's deals to `FILE.csv` in the stages format that 'pipesim fit' reads")
	fl.StringVar(&c.team, "crm-team", "A", "the `TEAM` (A or B) whose deals --crm-export writes")
}

// check refuses a bad team or an existing file (without --force) before the run.
func (c *crmExport) Check(force bool) error {
	if c.path == "" {
		return nil
	}
	if _, err := fit.TeamIndex(c.team); err != nil {
		return err
	}
	return fileio.CheckFile("--crm-export", c.path, force)
}

// write steps the run's world again (the same run: same scenario and seed) and writes the
// team's deals, through a temporary file renamed into place.
func (c *crmExport) write(ctx context.Context, s *sim.Scenario, seed uint64) error {
	if c.path == "" {
		return nil
	}
	team, _ := fit.TeamIndex(c.team)
	return fileio.WriteFileAtomic("--crm-export", c.path, func(w io.Writer) error {
		if err := fit.ExportRun(ctx, w, s, seed, team); err != nil {
			if ctx.Err() != nil {
				return fileio.ErrInterrupted
			}
			return err
		}
		return nil
	})
}
