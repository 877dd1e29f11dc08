package main

import (
	"context"
	"encoding/json"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/results"
	"github.com/pipesim/pipesim/render/report"
)

func newRunCmd() *cobra.Command {
	var (
		sf      cli.ScenarioFlags
		r       results.Run
		jsonOut bool
		url     string
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
			if err := cli.ApplyURL(cmd.Flags(), &sf, url, &r.Seed, nil); err != nil {
				return err
			}
			if err := r.Check(); err != nil {
				return err
			}
			// Only a run that writes files checks for Ctrl-C itself, to leave no partial file;
			// otherwise Ctrl-C ends the program as usual.
			ctx := cmd.Context()
			if r.Writes() {
				var stop context.CancelFunc
				ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
				defer stop()
			}
			s, err := sf.Load(ctx)
			if err != nil {
				return err
			}
			res, err := r.Do(ctx, &s)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			return report.RunText(out, sf.Label(), r.Seed, &s, &res)
		},
	}
	fl := cmd.Flags()
	sf.Register(fl)
	fl.Uint64Var(&r.Seed, "seed", 1, "random seed `N`: the same scenario and seed give the same run")
	r.RegisterFiles(fl)
	fl.BoolVar(&jsonOut, "json", false, "print the run's full result as JSON instead of tables")
	cli.RegisterURL(fl, &url)
	return cmd
}
