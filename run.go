package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/sim"
)

func newRunCmd() *cobra.Command {
	var (
		sf      scenarioFlags
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
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyURL(cmd.Flags(), &sf, url, &seed, nil); err != nil {
				return err
			}
			if err := checkEventsFile(cmd.Flags().Changed("events"), events, force && crm.path == ""); err != nil {
				return err
			}
			if err := crm.check(force); err != nil {
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
			s, err := sf.load(ctx)
			if err != nil {
				return err
			}
			var r sim.Result
			if events != "" {
				err = writeFileAtomic("--events", events, func(w io.Writer) error {
					r, err = runWithEvents(ctx, &s, seed, w)
					return err
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
			return printRun(out, sf.label(), seed, &s, &r)
		},
	}
	fl := cmd.Flags()
	sf.register(fl)
	fl.Uint64Var(&seed, "seed", 1, "random seed `N`: the same scenario and seed give the same run")
	fl.StringVar(&events, "events", "", "write every event of the run to `FILE` as JSON Lines")
	fl.BoolVar(&force, "force", false, "let --events or --crm-export replace an existing file")
	crm.register(fl)
	fl.BoolVar(&jsonOut, "json", false, "print the run's full result as JSON instead of tables")
	registerURL(fl, &url)
	return cmd
}

// checkEventsFile refuses an empty --events and, without --force, an existing file, before
// the run starts.
func checkEventsFile(given bool, path string, force bool) error {
	switch {
	case given && path == "":
		return usagef("--events is empty; want a file name")
	case force && path == "":
		return usagef("--force goes with --events")
	case path == "":
		return nil
	}
	return checkOutFile("--events", path, force)
}

// runWithEvents steps a world week by week, writing its events as JSON Lines; its result is
// the same as sim.Run's for the seed.
func runWithEvents(ctx context.Context, s *sim.Scenario, seed uint64, w io.Writer) (sim.Result, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	world := sim.NewWorld(s, seed)
	for world.Step() {
		if ctx.Err() != nil {
			return sim.Result{}, errors.New("interrupted; nothing written")
		}
		for _, e := range world.Events() {
			if err := enc.Encode(e); err != nil {
				return sim.Result{}, err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return sim.Result{}, err
	}
	return world.Result(), nil
}

// runRow is one line of the run table.
type runRow struct {
	label string
	unit  sim.Unit
	value func(*sim.TeamResult) float64
}

var runRows = []runRow{
	{"Net revenue", sim.Money, func(t *sim.TeamResult) float64 { return t.NetRevenue }},
	{"  from new logos", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.New] }},
	{"  from repeat business", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.Repeat] }},
	{"  from referrals", sim.Money, func(t *sim.TeamResult) float64 { return t.RevenueBySource[sim.FromReferral] }},
	{"Discount leakage", sim.Rate, (*sim.TeamResult).DiscountLeakage},
	{"Win rate (all deals)", sim.Rate, (*sim.TeamResult).WinRate},
	{"Win rate (new logos)", sim.Rate, (*sim.TeamResult).NewLogoWinRate},
	{"No-decision rate (new logos)", sim.Rate, (*sim.TeamResult).NoDecisionRate},
	{"Won-deal cycle", sim.Days, (*sim.TeamResult).CycleDays},
	{"Wins", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.Wins) }},
	{"Active customers", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.Customers) }},
	{"Preferred accounts", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.PreferredN) }},
	{"Referral wins", sim.Count, func(t *sim.TeamResult) float64 { return float64(t.ReferralWins) }},
	{"Annual rep turnover", sim.Rate, (*sim.TeamResult).Turnover},
	{"Rep-quarters at quota", sim.Rate, (*sim.TeamResult).QuotaAttainment},
}

// printRun prints one paired run: the teams side by side, then revenue per quarter.
func printRun(w io.Writer, label string, seed uint64, s *sim.Scenario, r *sim.Result) error {
	a, b := &r.Teams[0], &r.Teams[1]
	fmt.Fprintf(w, "%s: one paired run, %s weeks, %s reps a team, seed %d\n\n",
		label, thousands(float64(s.Weeks), 0), thousands(float64(s.Reps), 0), seed)
	var t table
	t.row("", "A: "+a.Name, "B: "+b.Name, "B - A")
	t.row("Adherence (0 goal, 1 process)", num(a.Adherence), num(b.Adherence), "")
	for _, row := range runRows {
		va, vb := row.value(a), row.value(b)
		t.row(row.label, formatMetric(row.unit, va), formatMetric(row.unit, vb), formatDiff(row.unit, vb-va))
	}
	t.row("")
	t.row("Net revenue by quarter", "A", "B", "B - A")
	qa, qb := quarterly(a.Weekly), quarterly(b.Weekly)
	for q := range qa {
		t.row(quarterLabel(q, s.Weeks), money(qa[q]), money(qb[q]), signedMoney(qb[q]-qa[q]))
	}
	return t.write(w)
}

// quarterly sums weekly revenue into quarters of 13 weeks; the last may be partial.
func quarterly(weekly []float64) []float64 {
	var q []float64
	for i, x := range weekly {
		if i%sim.WeeksPerQuarter == 0 {
			q = append(q, 0)
		}
		q[len(q)-1] += x
	}
	return q
}

// quarterLabel names quarter q (0-based), marking a partial last quarter with its weeks.
func quarterLabel(q, weeks int) string {
	first, last := q*sim.WeeksPerQuarter+1, min((q+1)*sim.WeeksPerQuarter, weeks)
	label := fmt.Sprintf("Q%d (year %d)", q%4+1, q/4+1)
	if last-first+1 < sim.WeeksPerQuarter {
		label += fmt.Sprintf(", weeks %d-%d", first, last)
	}
	return label
}
