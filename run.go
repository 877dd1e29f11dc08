package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
)

func newRunCmd() *cobra.Command {
	var (
		sf      cli.ScenarioFlags
		seed    uint64
		events  string
		jsonOut bool
		url     string
		force   bool
		crm     crmExport
	)
	cmd := &cobra.Command{
		Use:   "run [--scenario NAME|FILE] [--seed N] [--set key=value ...] [--events FILE]",
		Short: "Simulate one paired run and print both teams side by side",
		Long: `run simulates one paired run: both teams sell into the same market with the same seed,
and the table shows what each achieved (net revenue and where it came from, win and
no-decision rates, cycle, discount leakage, customers, preferred accounts, referrals,
turnover, quota attainment) and revenue per quarter.

One run is one possible history; use 'pipesim batch' to judge a strategy. The same
scenario and seed always give the same run.

--events FILE writes everything that happened as JSON Lines, one event a line (week,
team 0 for A or 1 for B, kind, opp, account, rep, stage, source, value, discount, trust,
pushed), so any deal's history can be read back, for example with
  grep '"team":1,"kind":"[a-z_]*","opp":42,' events.jsonl`,
		Example: `  pipesim run
  pipesim run --scenario enterprise --seed 7
  pipesim run --set weeks=52 --set teams.0.adherence=0.3
  pipesim run --scenario my.json --events events.jsonl
  pipesim run --json | jq '.teams[1].net_revenue'
  pipesim run --url "http://127.0.0.1:8080/?preset=enterprise&seed=7&teams.0.adherence=0.3"`,
		Args: cli.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cli.ApplyURL(cmd.Flags(), &sf, url, &seed, nil); err != nil {
				return err
			}
			if err := checkEventsFile(cmd.Flags().Changed("events"), events, force && crm.path == ""); err != nil {
				return err
			}
			if err := crm.Check(force); err != nil {
				return err
			}
			// Only a run that writes events checks for Ctrl-C itself, to leave no partial file;
			// otherwise Ctrl-C ends the program as usual.
			ctx := cmd.Context()
			if events != "" || crm.path != "" {
				var stop context.CancelFunc
				ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
				defer stop()
			}
			s, err := sf.Load(ctx)
			if err != nil {
				return err
			}
			var r sim.Result
			if events != "" {
				err = fileio.WriteFileAtomic("--events", events, func(w io.Writer) error {
					bw := bufio.NewWriterSize(w, 1<<16)
					enc := json.NewEncoder(bw)
					if r, err = sim.RunEvents(ctx, &s, seed, func(e sim.Event) error { return enc.Encode(e) }); err != nil {
						return err
					}
					return bw.Flush()
				})
				if err != nil {
					return err
				}
			} else {
				r = sim.Run(&s, seed)
			}
			if err := crm.write(ctx, &s, seed); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return report.RunText(out, sf.Label(), seed, &s, &r)
		},
	}
	fl := cmd.Flags()
	sf.Register(fl)
	fl.Uint64Var(&seed, "seed", 1, "random seed `N`: the same scenario and seed give the same run")
	fl.StringVar(&events, "events", "", "write every event of the run to `FILE` as JSON Lines")
	fl.BoolVar(&force, "force", false, "let --events or --crm-export replace an existing file")
	crm.Register(fl)
	fl.BoolVar(&jsonOut, "json", false, "print the run's full result as JSON instead of tables")
	cli.RegisterURL(fl, &url)
	return cmd
}

// checkEventsFile refuses an empty --events and, without --force, an existing file, before
// the run starts.
func checkEventsFile(given bool, path string, force bool) error {
	switch {
	case given && path == "":
		return cli.Usagef("--events is empty; want a file name")
	case force && path == "":
		return cli.Usagef("--force goes with --events")
	case path == "":
		return nil
	}
	return fileio.CheckFile("--events", path, force)
}
