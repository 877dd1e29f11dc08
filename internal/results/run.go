package results

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/fit"
)

// Run is one paired run as the run command makes it, with the files it may write: every event
// as JSON Lines (--events) and one team's deals in the stages format that fit reads
// (--crm-export, --crm-team). Each file is written through a temporary file renamed into
// place, so Ctrl-C leaves none behind.
type Run struct {
	Seed         uint64
	Events       string
	CRM, CRMTeam string
	Force        bool
	crmTeam      int
}

// RegisterFiles adds --events, --force, --crm-export and --crm-team.
func (r *Run) RegisterFiles(fl *pflag.FlagSet) {
	fl.StringVar(&r.Events, "events", "", "write every event of the run to `FILE` as JSON Lines")
	fl.BoolVar(&r.Force, "force", false, "let --events or --crm-export replace an existing file")
	fl.StringVar(&r.CRM, "crm-export", "", "write one team's deals to `FILE.csv` in the stages format that 'pipesim fit' reads")
	fl.StringVar(&r.CRMTeam, "crm-team", "A", "the `TEAM` (A or B) whose deals --crm-export writes")
}

// Writes tells whether the run writes a file (and so must stop cleanly on Ctrl-C).
func (r *Run) Writes() bool { return r.Events != "" || r.CRM != "" }

// Check refuses a bad --crm-team and, without --force, an existing file, before the run
// starts.
func (r *Run) Check() error {
	if r.Force && !r.Writes() {
		return cli.Usagef("--force goes with --events")
	}
	if r.Events != "" {
		if err := fileio.CheckFile("--events", r.Events, r.Force); err != nil {
			return err
		}
	}
	if r.CRM == "" {
		return nil
	}
	team, err := fit.TeamIndex(r.CRMTeam)
	if err != nil {
		return err
	}
	r.crmTeam = team
	return fileio.CheckFile("--crm-export", r.CRM, r.Force)
}

// Do runs scenario s and writes the files asked for.
func (r *Run) Do(ctx context.Context, s *sim.Scenario) (sim.Result, error) {
	var res sim.Result
	if r.Events != "" {
		err := fileio.WriteFileAtomic("--events", r.Events, func(w io.Writer) (err error) {
			bw := bufio.NewWriterSize(w, 1<<16)
			enc := json.NewEncoder(bw)
			if res, err = sim.RunEvents(ctx, s, r.Seed, func(e sim.Event) error { return enc.Encode(e) }); err != nil {
				return err
			}
			return bw.Flush()
		})
		if err != nil {
			return res, err
		}
	} else {
		res = sim.Run(s, r.Seed)
	}
	if r.CRM == "" {
		return res, nil
	}
	// The same run stepped again (same scenario and seed), its team's deals written out.
	return res, fileio.WriteFileAtomic("--crm-export", r.CRM, func(w io.Writer) error {
		if err := fit.ExportRun(ctx, w, s, r.Seed, r.crmTeam); err != nil {
			if ctx.Err() != nil {
				return fileio.ErrInterrupted
			}
			return err
		}
		return nil
	})
}
