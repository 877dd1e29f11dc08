package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// Bounds of batch flags; a batch past them would not finish in reasonable time or memory.
const (
	maxRuns    = experiment.MaxRuns
	maxWorkers = 1024
)

// batchOptions are the flags of batch.
type batchOptions struct {
	sf scenarioFlags
	batchFlags
	jsonOut bool

	precision precisionFlag // stop once the paired net revenue CI is this tight
	shard     shardFlag     // run only this slice and write a partial aggregate
	url       string        // a browser share link standing for --scenario, --set, --seed and --runs
}

func newBatchCmd() *cobra.Command {
	o := batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch [--scenario NAME|FILE] [--runs N] [--seed N] [--workers W] [--set key=value ...] [--out DIR] [--json]",
		Short: "Monte Carlo comparison of the two teams over many paired runs",
		Long: `batch simulates N paired runs (both teams in the same market with the same seed, run i
seeded from --seed and i) on all cores and prints, per team, the mean with its 95%
confidence interval and the P10/P50/P90 of net revenue and the main rates; the paired
difference B - A with its confidence interval, the correlation r(A,B) of the teams within
a run and the share of variance pairing saves, 1 - var(B - A) / (var A + var B); the share
of runs B won; the crossover week (from which B's mean cumulative revenue stays ahead) with
the range the weekly 95% CIs of B - A leave; and one sentence stating the result with its
uncertainty (B - A as a share of A's mean, its interval counting A's uncertainty too). With --precision P the batch stops at the first multiple of
100 runs where the 95% CI half-width of B - A net revenue is within P times A's mean net
revenue, and says how many runs it took and whether it converged.

With --shard k/n the batch runs only the k-th of n contiguous slices of the --runs runs,
with the same seeds as the whole batch, and writes a partial-aggregate file to --out FILE
(default part-k-of-n.json) instead of any other output; 'pipesim merge' combines the n
parts into exactly the outputs of the unsharded batch.

Results do not depend on --workers or the platform: the same scenario and seed give
byte-identical output.

Progress goes to stderr: a bar with rate and time left on a terminal, a line every few
seconds otherwise. Ctrl-C stops the workers promptly and writes nothing.

--out DIR writes, all at once when the batch is complete:
  summary.json   what the table shows, and more (every metric, weekly bands, funnel), with
                 the scenario's name, --set values and SHA-256, and the engine version;
                 crossover_week is null when B is not ahead at the end
  runs.csv       one row per run and team: run, seed, team, adherence and every metric
  weekly.csv     per week and team: mean, P10 and P90 of cumulative net revenue
                 (week,team,cumulative_net_revenue_mean,_p10,_p90)
  funnel.csv     per team and stage, summed over runs:
                 team,stage,entered,advanced,lost,no_decision,weeks_in_stage
  scenario.json  the resolved scenario: --scenario DIR/scenario.json with the same
                 --seed and --runs reproduces the batch exactly
  report.html    a self-contained report: verdict, tables, charts, every parameter
  *.svg          the report's charts: outcomes, difference, cumulative, sources, funnel
DIR must not exist yet or be empty (missing parent folders are created); --force replaces an earlier
result folder (one holding summary.json and scenario.json) and refuses anything else.`,
		Example: `  pipesim batch
  pipesim batch --scenario enterprise --runs 5000 --out results/enterprise
  pipesim batch --set teams.0.adherence=0.5 --set weeks=52 --json > summary.json
  pipesim batch --scenario results/enterprise/scenario.json --seed 2 --out results/enterprise-2
  pipesim batch --precision 0.01 --runs 100000   # stop once B - A is known within 1% of A's revenue
  pipesim batch --runs 100000 --shard 3/4 --out part-3.json   # then: pipesim merge part-*.json
  pipesim batch --url "http://127.0.0.1:8080/?preset=mid-market&seed=4&runs=500"   # the page's Monte Carlo`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := applyURL(cmd.Flags(), &o.sf, o.url, &o.seed, &o.runs); err != nil {
				return err
			}
			return runBatch(ctx, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	o.sf.register(fl)
	o.batchFlags.register(fl, 1000, "number of paired runs `N`",
		"base random seed `N`: the same scenario, seed and runs give the same results",
		"write summary.json, CSV files, scenario.json, report.html and charts to folder `DIR`")
	fl.BoolVar(&o.jsonOut, "json", false, "print the summary as JSON (as in summary.json) instead of tables")
	fl.Var(&o.shard, "shard", "run only shard `k/n` (the k-th of n slices of the runs) and write a partial aggregate to --out FILE\n(default part-k-of-n.json) for 'pipesim merge'")
	registerURL(fl, &o.url)
	fl.Var(&o.precision, "precision", "stop early once the 95% CI half-width of B - A net revenue is within `P` times A's mean net revenue\n(checked every 100 runs; --runs is the cap), for example 0.01")
	return cmd
}

// batchSummary is summary.json and the --json output: which scenario, engine and seed, then the
// engine's summary, then, with --precision, whether the batch converged.
type batchSummary struct {
	Scenario      scenarioID `json:"scenario"`
	EngineVersion int        `json:"engine_version"`
	Seed          uint64     `json:"seed"`
	sim.Summary
	Convergence *experiment.Convergence `json:"convergence,omitempty"`
}

// scenarioID names a batch's scenario so that an archived or merged summary keeps its origin:
// the name as given (a preset or a file), the changes set on top of it, and the SHA-256 of the
// resolved scenario's canonical JSON (scenario.json), which is equal exactly when the
// scenarios are.
type scenarioID struct {
	Name   string   `json:"name"`
	Sets   []string `json:"sets,omitempty"`
	SHA256 string   `json:"sha256"`
}

// newBatchSummary describes a finished batch of scenario s, named as sf names it.
func newBatchSummary(sf *scenarioFlags, s *sim.Scenario, seed uint64, agg *sim.Aggregate) (batchSummary, error) {
	id, err := identify(sf, s)
	if err != nil {
		return batchSummary{}, err
	}
	return batchSummary{Scenario: id, EngineVersion: sim.EngineVersion, Seed: seed, Summary: agg.Summarize()}, nil
}

// identify names scenario s as sf names it, with its hash.
func identify(sf *scenarioFlags, s *sim.Scenario) (scenarioID, error) {
	canon, err := sim.EncodeScenario(s)
	if err != nil {
		return scenarioID{}, err
	}
	sum := sha256.Sum256(canon)
	return scenarioID{Name: sf.scenario, Sets: sf.sets, SHA256: hex.EncodeToString(sum[:])}, nil
}

func runBatch(ctx context.Context, o *batchOptions, stdout, stderr io.Writer) (err error) {
	if o.runs < 1 || o.runs > maxRuns {
		return usagef("--runs %d is out of range; allowed 1 to %s", o.runs, format.Thousands(maxRuns, 0))
	}
	if o.workers < 1 || o.workers > maxWorkers {
		return usagef("--workers %d is out of range; allowed 1 to %s", o.workers, format.Thousands(maxWorkers, 0))
	}
	if o.force && o.out == "" && !o.shard.set {
		return usagef("--force goes with --out")
	}
	if err := checkPrecision(o.precision); err != nil {
		return err
	}
	if err := checkShard(o.shard, o.runs); err != nil {
		return err
	}
	s, err := o.sf.load(ctx)
	if err != nil {
		return err
	}
	if o.shard.set {
		return runShard(ctx, o, &s, stderr)
	}

	var dir *fileio.Dir
	var runsCSV *csvFile
	if o.out != "" {
		if dir, err = fileio.CreateResults(o.out, o.force); err != nil {
			return err
		}
		defer dir.Abort()
		if runsCSV, err = newCSVFile(dir, "runs.csv", runsHeader()); err != nil {
			return err
		}
		defer runsCSV.close()
	}

	prog := progress.New(stderr, o.runs, o.quiet)
	b := sim.Batch{Runs: o.runs, Seed: o.seed, Workers: o.workers, Progress: prog.Update}
	if runsCSV != nil {
		b.Each = func(run int, r *sim.Result) error { return writeRunRows(runsCSV.w, run, r) }
	}
	var agg *sim.Aggregate
	var conv *experiment.Convergence
	if o.precision.set {
		p := o.precision.p
		agg, conv, err = experiment.Precision{Target: p, Batch: b, Check: func(rel float64, runs int) {
			prog.Retarget(runs, fmt.Sprintf("half-width %s of A's net revenue, target %s; expect to stop after about %s runs",
				precisionPercent(rel), precisionPercent(p), format.Thousands(float64(runs), 0)))
		}}.Run(ctx, &s)
	} else {
		agg, err = b.Run(ctx, &s)
	}
	prog.Finish()
	if err != nil {
		return interrupted(err)
	}
	sum, err := newBatchSummary(&o.sf, &s, o.seed, agg)
	if err != nil {
		return err
	}
	sum.Convergence = conv
	if runsCSV != nil {
		if err := runsCSV.close(); err != nil {
			return err
		}
	}
	return finishBatch(stdout, stderr, dir, o, &s, agg, &sum)
}

// finishBatch writes a finished batch's files into dir (when --out was given) and prints its
// summary, as a table or as JSON: batch and merge end alike.
func finishBatch(stdout, stderr io.Writer, dir *fileio.Dir, o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *batchSummary) error {
	sumJSON, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	sumJSON = append(sumJSON, '\n')
	if dir != nil {
		if err := writeResults(dir, o, s, agg, sum, sumJSON); err != nil {
			return err
		}
		if err := dir.CommitAndSay(stderr, o.quiet); err != nil {
			return err
		}
	}
	if o.jsonOut {
		_, err := stdout.Write(sumJSON)
		return err
	}
	if err := printSummary(stdout, o, s, &sum.Summary); err != nil {
		return err
	}
	return printConvergence(stdout, sum.Convergence)
}

// writeResults writes every file of --out except runs.csv, which was streamed during the batch.
func writeResults(dir *fileio.Dir, o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *batchSummary, sumJSON []byte) error {
	if err := dir.WriteFile("summary.json", sumJSON); err != nil {
		return err
	}
	scen, err := sim.EncodeScenario(s)
	if err != nil {
		return err
	}
	if err := dir.WriteFile("scenario.json", scen); err != nil {
		return err
	}
	weekly, err := newCSVFile(dir, "weekly.csv", []string{"week", "team", "cumulative_net_revenue_mean", "cumulative_net_revenue_p10", "cumulative_net_revenue_p90"})
	if err != nil {
		return err
	}
	defer weekly.close()
	for w := range sum.Weeks {
		for _, t := range sum.Teams {
			ws := t.Weekly[w]
			weekly.w.Write([]string{strconv.Itoa(ws.Week), t.Name, num(ws.Mean), num(ws.P10), num(ws.P90)})
		}
	}
	if err := weekly.close(); err != nil {
		return err
	}
	funnel, err := newCSVFile(dir, "funnel.csv", []string{"team", "stage", "entered", "advanced", "lost", "no_decision", "weeks_in_stage"})
	if err != nil {
		return err
	}
	defer funnel.close()
	for _, t := range sum.Teams {
		for _, f := range t.Funnel {
			funnel.w.Write([]string{t.Name, f.Stage, i64(f.Entered), i64(f.Advanced), i64(f.Lost), i64(f.NoDecision), num(f.WeeksInStage)})
		}
	}
	if err := funnel.close(); err != nil {
		return err
	}
	return writeReport(dir, reportOf(o, s, agg, &sum.Summary))
}

func runsHeader() []string {
	h := []string{"run", "seed", "team", "adherence"}
	for _, m := range sim.Metrics {
		h = append(h, m.Key)
	}
	return h
}

// writeRunRows writes one paired run's two rows of runs.csv.
func writeRunRows(w *csv.Writer, run int, r *sim.Result) error {
	rec := make([]string, 0, 4+len(sim.Metrics))
	for i := range r.Teams {
		t := &r.Teams[i]
		rec = append(rec[:0], strconv.Itoa(run), strconv.FormatUint(r.Seed, 10), t.Name, num(t.Adherence))
		for _, m := range sim.Metrics {
			rec = append(rec, num(m.Value(t)))
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// num formats a number for CSV: the shortest text that reads back to the same float.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func i64(x int64) string { return strconv.FormatInt(x, 10) }

// csvFile is a buffered CSV file in an output folder.
type csvFile struct {
	f      *os.File
	buf    *bufio.Writer
	w      *csv.Writer
	closed bool
}

func newCSVFile(dir *fileio.Dir, name string, header []string) (*csvFile, error) {
	f, err := dir.Create(name)
	if err != nil {
		return nil, err
	}
	buf := bufio.NewWriterSize(f, 1<<16)
	c := &csvFile{f: f, buf: buf, w: csv.NewWriter(buf)}
	if err := c.w.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// close flushes and closes the file once; later calls return nil.
func (c *csvFile) close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.w.Flush()
	err := c.w.Error()
	if ferr := c.buf.Flush(); err == nil {
		err = ferr
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// summaryRows are the metrics the batch table shows, in order.
var summaryRows = report.SummaryMetrics

// printSummary prints the batch table: per team mean, 95% CI and P10/P50/P90; the paired
// difference with its CI; B's win share, the crossover week and the verdict.
func printSummary(w io.Writer, o *batchOptions, s *sim.Scenario, sum *sim.Summary) error {
	a, b := &sum.Teams[0], &sum.Teams[1]
	fmt.Fprintf(w, "%s: %s paired runs, %s weeks, %s reps a team, seed %d\n",
		o.sf.label(), format.Thousands(float64(sum.Runs), 0), format.Thousands(float64(s.Weeks), 0), format.Thousands(float64(s.Reps), 0), o.seed)
	fmt.Fprintf(w, "A: %s (adherence %s)   B: %s (adherence %s)\n\n", a.Name, num(a.Adherence), b.Name, num(b.Adherence))
	var t table
	t.row("", "", "mean", "95% CI", "P10", "P50", "P90", "r(A,B)", "pairing saves")
	for i, key := range summaryRows {
		mi := sim.MetricIndex(key)
		if mi < 0 {
			continue
		}
		m := sim.Metrics[mi]
		if i > 0 {
			t.row("")
		}
		for ti, ts := range []*sim.TeamSummary{a, b} {
			st := ts.Metrics[key]
			label := ""
			if ti == 0 {
				label = m.Label
			}
			mean, ci := intervalCells(metricText, m.Unit, st.Mean, st.CILo, st.CIHi)
			t.row(label, "AB"[ti:ti+1], mean, ci,
				formatMetric(m.Unit, st.P10), formatMetric(m.Unit, st.P50), formatMetric(m.Unit, st.P90))
		}
		d := sum.Diff[key]
		corr, saved := pairingCells(d)
		mean, ci := intervalCells(diffText, m.Unit, d.Mean, d.CILo, d.CIHi)
		t.row("", "B - A", mean, ci, "", "", "", corr, saved)
	}
	if err := t.write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "B won %s of runs on net revenue", format.Percent(sum.BWinShare))
	if sum.TieShare > 0 {
		fmt.Fprintf(w, " (ties %s)", format.Percent(sum.TieShare))
	}
	fmt.Fprintln(w, ".")
	fmt.Fprintf(w, "Crossover: %s.\n", crossoverWords(sum))
	fmt.Fprintln(w, "Pairing: r(A,B) is the correlation of A and B within a run; pairing saves 1 - var(B - A) / (var A + var B) of the variance of independent runs.")
	_, err := fmt.Fprintf(w, "\n%s\n", sum.Verdict)
	return err
}

// pairingCells are a metric's correlation of A and B within a run and the share of variance
// pairing saves, or "n/a" where a team's values do not vary.
func pairingCells(d sim.DiffStat) (corr, saved string) {
	if d.Correlation == nil {
		return "n/a", "n/a"
	}
	corr = strconv.FormatFloat(*d.Correlation, 'f', 2, 64)
	if corr == "-0.00" {
		corr = "0.00"
	}
	return corr, format.Percent(*d.VarianceReduction)
}

// crossoverWords says when B's mean cumulative net revenue overtakes A's for good, with the range
// the weekly 95% CIs of B - A leave: the first week from which none lies wholly below zero,
// and the first from which all lie wholly above.
func crossoverWords(sum *sim.Summary) string {
	r := sum.CrossoverRange
	if sum.Crossover == nil {
		if r.Earliest == nil {
			return "none; B's mean cumulative net revenue is not ahead of A's at the end, nor within the 95% CI of B - A"
		}
		return fmt.Sprintf("none; B's mean cumulative net revenue is not ahead of A's at the end, though within the 95%% CIs of B - A it may be from week %d", *r.Earliest)
	}
	words := fmt.Sprintf("from week %d on, B's mean cumulative net revenue stays ahead of A's; ", *sum.Crossover)
	if r.Latest == nil {
		return words + fmt.Sprintf("within the 95%% CIs of B - A from week %d at the earliest, and not shown ahead for good by week %d", *r.Earliest, sum.Weeks)
	}
	return words + fmt.Sprintf("within the 95%% CIs of B - A from week %d to week %d", *r.Earliest, *r.Latest)
}
