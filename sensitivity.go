package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
)

// defaultSensitivityParams are the assumptions sensitivity varies without --params: the
// numeric values most likely to decide which team earns more, all unmeasured or measured
// only roughly (see docs/model.md). Per-stage lists such as conv are scaled as a whole.
var defaultSensitivityParams = []string{
	"new_opps", "strategies.goal.new_mult", "strategies.process.new_mult", "conv",
	"trust_adv", "trust_loss", "repeat_max", "referral_max", "churn_hi",
	"pull_adv", "disc_hi", "quit_base", "complexity", "quota_mult", "acv_sigma",
}

// sensitivityOptions are the flags of sensitivity.
type sensitivityOptions struct {
	sf     scenarioFlags
	params []string
	rng    float64
	batchFlags
}

func newSensitivityCmd() *cobra.Command {
	o := sensitivityOptions{}
	cmd := &cobra.Command{
		Use:   "sensitivity [--scenario NAME|FILE] [--set key=value ...] [--params a,b,c] [--range 0.2] [--runs N] [--out DIR]",
		Short: "Which assumption drives the verdict: each parameter lowered and raised in turn, ranked",
		Long: `sensitivity measures how much each parameter moves the verdict. It runs a batch of
--runs paired runs with the scenario as given, then for each parameter one batch with
the parameter lowered by --range (x(1 - range)) and one with it raised (x(1 + range)),
every other value as given, and compares B's mean net revenue to A's: the B/A ratio.
Parameters are ranked by their swing, |B/A raised - B/A lowered|. Every batch uses the
same seeds (--seed), so differences come from the parameter, not from the dice. One
progress display covers all batches.

--params takes scenario keys as --set does: a number (new_opps, teams.1.adherence,
conv.2) or a per-stage list (conv, strategies.process.conv_mult), whose four values are
scaled together. A changed value is kept within the key's allowed range ('pipesim
scenarios --keys'); whole-number keys are rounded. A parameter that is 0 cannot be
scaled and is skipped with a note. Without --params, these are varied:
  ` + strings.Join(defaultSensitivityParams, ", ") + `

It prints the ranked table: each parameter's lowered and raised value, B/A at each and
as given, and the swing.

--out DIR writes, all at once when every batch is complete:
  sensitivity.csv   one row per parameter, ranked: the values, each team's mean net
                    revenue and B/A lowered and raised, the swing, and any note
  tornado.svg       the tornado chart: a bar per parameter from B/A lowered to B/A
                    raised around the B/A as given, largest swing at the top
  sensitivity.html  a self-contained page with the command, the table and the chart
  summary.json      the same results as JSON
  scenario.json     the scenario as given
DIR follows the rules of 'pipesim batch --out', --force included.`,
		Example: `  pipesim sensitivity --runs 400
  pipesim sensitivity --scenario enterprise --params trust_adv,repeat_max,conv --range 0.3
  pipesim sensitivity --set weeks=52 --runs 1000 --out results/sensitivity`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runSensitivity(ctx, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	o.sf.register(fl)
	fl.StringSliceVar(&o.params, "params", nil, "vary only these scenario keys `a,b,c` (default: the list above)")
	fl.Float64Var(&o.rng, "range", 0.2, "lower and raise each parameter by this share `R`, between 0 and 1 (0.2 is ±20%)")
	o.batchFlags.register(fl, 500, "paired runs `N` in each batch", "base random seed `N`, the same in every batch",
		"write sensitivity.csv, tornado.svg, sensitivity.html, summary.json and scenario.json to folder `DIR`")
	return cmd
}

// sensParam is one parameter of the analysis: its key, its values as given, lowered and
// raised, and, once run, the mean net revenues at each end.
type sensParam struct {
	key     string
	stages  bool      // a per-stage list, scaled as a whole
	given   []float64 // one value, or one per stage
	low     []float64
	high    []float64
	lowSet  string // low and high as --set takes them
	highSet string
	note    string // why it was skipped, or where its range clamped it
	skip    bool
	scen    [2]sim.Scenario // lowered, raised
	revenue [2][2]float64   // [lowered, raised][team A, team B] mean net revenue
	ratio   [2]float64      // B/A lowered, raised
}

func (p *sensParam) swing() float64 { return math.Abs(p.ratio[1] - p.ratio[0]) }

// label is a value for the table and the chart: the number, or for a per-stage list the
// factor it was scaled by.
func (p *sensParam) label(end int, r float64) string {
	if p.stages {
		return "×" + num(1+r*float64(2*end-1))
	}
	return num([2][]float64{p.low, p.high}[end][0])
}

// resolveParam finds key in s and works out its lowered and raised values.
func resolveParam(s *sim.Scenario, key string, r float64) (*sensParam, error) {
	l, err := s.Get(key)
	if err != nil {
		return nil, usageError{oneLine{fmt.Errorf("--params %s: %w", excerpt(key), err)}}
	}
	p := &sensParam{key: key, given: l.Values()}
	switch l.Kind {
	case sim.Stages:
		p.stages = true
	case sim.List:
		return nil, usagef("--params %s: is a list of %d, not a number; name one of its values, for example %s.0.adherence", excerpt(key), l.Len(), excerpt(key))
	case sim.Group:
		return nil, usagef("--params %s: holds several values, not one number; name one of them, for example %s.%s", excerpt(key), excerpt(key), l.FirstNumber())
	case sim.Text:
		return nil, usagef("--params %s: is text, not a number", excerpt(key))
	}
	pr, ok := l.Param()
	if !ok {
		return nil, fmt.Errorf("--params %s: no documented range for %s", key, l.Key)
	}
	if !slicesAny(p.given, func(x float64) bool { return x != 0 }) {
		p.skip, p.note = true, "skipped: it is 0, which scaling cannot change"
		return p, nil
	}
	clamped := false
	scaled := func(f float64) ([]float64, string) {
		var xs []float64
		var texts []string
		for _, x := range p.given {
			y := x * f
			// Twelve digits drop the float noise of the product: 0.2 x 0.8 is 0.16, not 0.16000000000000003.
			y, _ = strconv.ParseFloat(strconv.FormatFloat(y, 'g', 12, 64), 64)
			if l.Kind == sim.Whole {
				y = math.Round(y)
			}
			if y < pr.Min || y > pr.Max {
				clamped = true
				y = min(max(y, pr.Min), pr.Max)
			}
			xs, texts = append(xs, y), append(texts, num(y))
		}
		return xs, strings.Join(texts, ",")
	}
	p.low, p.lowSet = scaled(1 - r)
	p.high, p.highSet = scaled(1 + r)
	if clamped {
		p.note = fmt.Sprintf("kept within its allowed range %s to %s", num(pr.Min), num(pr.Max))
	}
	for end, text := range []string{p.lowSet, p.highSet} {
		c := s.Clone()
		if err := c.Set(key, text); err != nil {
			return nil, usageError{oneLine{fmt.Errorf("--params %s at %s: %w", key, text, err)}}
		}
		if err := c.Validate(); err != nil {
			if sim.IsInput(err) {
				return nil, usageError{oneLine{fmt.Errorf("--params %s at %s: %w; choose a smaller --range or another parameter", key, text, err)}}
			}
			return nil, err
		}
		p.scen[end] = c
	}
	return p, nil
}

func slicesAny(xs []float64, f func(float64) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}

// ratioBA is B's mean net revenue over A's, NaN when A earned nothing.
func ratioBA(sum *sim.Summary) (a, b, ratio float64) {
	a, b = sum.Teams[0].Metrics["net_revenue"].Mean, sum.Teams[1].Metrics["net_revenue"].Mean
	if a <= 0 {
		return a, b, math.NaN()
	}
	return a, b, b / a
}

func runSensitivity(ctx context.Context, o *sensitivityOptions, stdout, stderr io.Writer) error {
	if !(o.rng > 0 && o.rng < 1) {
		return usagef("--range %s is out of range; want a share between 0 and 1 (exclusive), for example 0.2 for ±20%%", num(o.rng))
	}
	if o.runs < 1 || o.runs > maxRuns {
		return usagef("--runs %d is out of range; allowed 1 to %s", o.runs, thousands(maxRuns, 0))
	}
	if o.workers < 1 || o.workers > maxWorkers {
		return usagef("--workers %d is out of range; allowed 1 to %s", o.workers, thousands(maxWorkers, 0))
	}
	if o.force && o.out == "" {
		return usagef("--force goes with --out")
	}
	keys := o.params
	if len(keys) == 0 {
		keys = defaultSensitivityParams
	}
	base, err := o.sf.load(ctx)
	if err != nil {
		return err
	}
	var params []*sensParam
	seen := map[string]bool{}
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if k == "" {
			return usagef("--params has an empty name; want keys separated by commas, for example new_opps,trust_adv")
		}
		if seen[k] {
			return usagef("--params: %s is named twice", excerpt(k))
		}
		seen[k] = true
		p, err := resolveParam(&base, k, o.rng)
		if err != nil {
			return err
		}
		params = append(params, p)
	}
	batches := 1
	for _, p := range params {
		if !p.skip {
			batches += 2
		}
	}
	if o.runs*batches > maxRuns {
		return usagef("--runs %d in %d batches is %s runs; allowed at most %s in all", o.runs, batches, thousands(float64(o.runs*batches), 0), thousands(maxRuns, 0))
	}
	var dir *outDir
	if o.out != "" {
		if dir, err = createOutDir(o.out, o.force); err != nil {
			return err
		}
		defer dir.abort()
	}

	grand := o.runs * batches
	prog := newProgress(stderr, grand, o.quiet)
	done := 0
	batch := func(s *sim.Scenario) (*sim.Summary, error) {
		offset := done
		b := sim.Batch{Runs: o.runs, Seed: o.seed, Workers: o.workers,
			Progress: func(n, _ int) { prog.update(offset+n, grand) }}
		agg, err := b.Run(ctx, s)
		if err != nil {
			prog.finish()
			return nil, interrupted(err)
		}
		done += o.runs
		sum := agg.Summarize()
		return &sum, nil
	}
	baseSum, err := batch(&base)
	if err != nil {
		return err
	}
	for _, p := range params {
		if p.skip {
			continue
		}
		for end := range 2 {
			sum, err := batch(&p.scen[end])
			if err != nil {
				return err
			}
			p.revenue[end][0], p.revenue[end][1], p.ratio[end] = ratioBA(sum)
		}
	}
	prog.finish()

	res := sensitivityResult{o: o, base: &base, params: params}
	res.baseA, res.baseB, res.baseRatio = ratioBA(baseSum)
	res.rank()
	if dir != nil {
		if err := writeSensitivity(dir, &res); err != nil {
			return err
		}
		if err := dir.commitAndSay(stderr, o.quiet); err != nil {
			return err
		}
	}
	return printSensitivity(stdout, &res)
}

// sensitivityResult is a finished analysis: the B/A as given and the parameters, ranked.
type sensitivityResult struct {
	o                       *sensitivityOptions
	base                    *sim.Scenario
	baseA, baseB, baseRatio float64
	params                  []*sensParam // ranked, then the skipped ones
	ranked                  []*sensParam // without the skipped ones
	bars                    []render.TornadoBar
}

// rank orders the parameters by swing (render's order, so table and chart agree) and keeps
// the skipped ones after them in the order given.
func (r *sensitivityResult) rank() {
	byParam := map[string]*sensParam{}
	var skipped []*sensParam
	for _, p := range r.params {
		if p.skip {
			skipped = append(skipped, p)
			continue
		}
		byParam[p.key] = p
		r.bars = append(r.bars, render.TornadoBar{Param: p.key, Low: p.label(0, r.o.rng), High: p.label(1, r.o.rng),
			LowRatio: p.ratio[0], HighRatio: p.ratio[1]})
	}
	render.RankTornado(r.bars)
	for _, b := range r.bars {
		r.ranked = append(r.ranked, byParam[b.Param])
	}
	r.params = append(append([]*sensParam(nil), r.ranked...), skipped...)
}

// ratioText formats a B/A ratio for the table: three decimals, n/a when undefined.
func ratioText(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// valueText is a parameter's lowered or raised value for the table: the number, or the factor
// of a per-stage list (its four values are in sensitivity.csv).
func (p *sensParam) valueText(end int, r float64) string { return p.label(end, r) }

func printSensitivity(w io.Writer, r *sensitivityResult) error {
	o := r.o
	fmt.Fprintf(w, "%s: sensitivity of B/A mean net revenue to each parameter x(1 ± %s), %s paired runs a batch, seed %d\n",
		o.sf.label(), num(o.rng), thousands(float64(o.runs), 0), o.seed)
	fmt.Fprintf(w, "A: %s   B: %s   B/A as given: %s (%s / %s)\n\n", r.base.Teams[0].Name, r.base.Teams[1].Name,
		ratioText(r.baseRatio), money(r.baseB), money(r.baseA))
	tab := r.table()
	var t table
	t.row(tab.Head...)
	for _, row := range tab.Rows {
		t.row(row...)
	}
	if err := t.write(w); err != nil {
		return err
	}
	if notes := r.notes(); len(notes) > 0 {
		fmt.Fprintf(w, "\nNotes:\n  %s\n", strings.Join(notes, "\n  "))
	}
	if len(r.ranked) > 0 {
		top := r.ranked[0]
		fmt.Fprintf(w, "\nLargest swing: %s, B/A %s at %s and %s at %s.\n", top.key, ratioText(top.ratio[0]), top.valueText(0, o.rng),
			ratioText(top.ratio[1]), top.valueText(1, o.rng))
	}
	return nil
}

// table is the ranked table, for the terminal and sensitivity.html alike.
func (r *sensitivityResult) table() report.Table {
	tab := report.Table{Keys: 1, Head: []string{"parameter", "low", "high", "B/A at low", "as given", "B/A at high", "swing"}}
	for _, p := range r.ranked {
		tab.Rows = append(tab.Rows, []string{p.key, p.valueText(0, r.o.rng), p.valueText(1, r.o.rng), ratioText(p.ratio[0]),
			ratioText(r.baseRatio), ratioText(p.ratio[1]), ratioText(p.swing())})
	}
	return tab
}

// notes says why parameters were skipped, one line each.
func (r *sensitivityResult) notes() []string {
	var notes []string
	for _, p := range r.params {
		if p.note != "" {
			notes = append(notes, fmt.Sprintf("%s: %s", p.key, p.note))
		}
	}
	return notes
}

// sensitivityJSON is summary.json of a sensitivity analysis.
type sensitivityJSON struct {
	Scenario      scenarioID      `json:"scenario"`
	EngineVersion int             `json:"engine_version"`
	Seed          uint64          `json:"seed"`
	Runs          int             `json:"runs"`
	Range         float64         `json:"range"`
	Teams         [2]string       `json:"teams"`
	BaseRatio     *float64        `json:"base_ratio"`
	Params        []sensParamJSON `json:"params"`
}

type sensParamJSON struct {
	Param     string    `json:"param"`
	Given     []float64 `json:"given"`
	Low       []float64 `json:"low,omitempty"`
	High      []float64 `json:"high,omitempty"`
	LowRatio  *float64  `json:"low_ratio,omitempty"`
	HighRatio *float64  `json:"high_ratio,omitempty"`
	Swing     *float64  `json:"swing,omitempty"`
	Note      string    `json:"note,omitempty"`
}

// jsonNum is nil for a ratio that is undefined, which JSON cannot hold as a number.
func jsonNum(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func writeSensitivity(dir *outDir, r *sensitivityResult) error {
	o := r.o
	scen, err := sim.EncodeScenario(r.base)
	if err != nil {
		return err
	}
	if err := dir.writeFile("scenario.json", scen); err != nil {
		return err
	}
	id, err := identify(&o.sf, r.base)
	if err != nil {
		return err
	}
	js := sensitivityJSON{Scenario: id, EngineVersion: sim.EngineVersion, Seed: o.seed, Runs: o.runs, Range: o.rng,
		Teams: [2]string{r.base.Teams[0].Name, r.base.Teams[1].Name}, BaseRatio: jsonNum(r.baseRatio), Params: []sensParamJSON{}}
	f, err := newCSVFile(dir, "sensitivity.csv", []string{"rank", "parameter", "given", "low", "high",
		"a_net_revenue_low", "b_net_revenue_low", "ratio_low", "ratio_given", "a_net_revenue_high", "b_net_revenue_high", "ratio_high", "swing", "note"})
	if err != nil {
		return err
	}
	defer f.close()
	list := func(xs []float64) string {
		t := make([]string, len(xs))
		for i, x := range xs {
			t[i] = num(x)
		}
		return strings.Join(t, ",")
	}
	csvRatio := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return num(x)
	}
	for i, p := range r.params {
		pj := sensParamJSON{Param: p.key, Given: p.given, Note: p.note}
		if p.skip {
			f.w.Write([]string{"", p.key, list(p.given), "", "", "", "", "", csvRatio(r.baseRatio), "", "", "", "", p.note})
			js.Params = append(js.Params, pj)
			continue
		}
		pj.Low, pj.High = p.low, p.high
		pj.LowRatio, pj.HighRatio, pj.Swing = jsonNum(p.ratio[0]), jsonNum(p.ratio[1]), jsonNum(p.swing())
		js.Params = append(js.Params, pj)
		f.w.Write([]string{strconv.Itoa(i + 1), p.key, list(p.given), list(p.low), list(p.high),
			num(p.revenue[0][0]), num(p.revenue[0][1]), csvRatio(p.ratio[0]), csvRatio(r.baseRatio),
			num(p.revenue[1][0]), num(p.revenue[1][1]), csvRatio(p.ratio[1]), csvRatio(p.swing()), p.note})
	}
	if err := f.close(); err != nil {
		return err
	}
	sumJSON, err := json.MarshalIndent(js, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := dir.writeFile("summary.json", append(sumJSON, '\n')); err != nil {
		return err
	}
	var svg strings.Builder
	if err := render.TornadoChart(&svg, render.Tornado{Teams: js.Teams, Base: r.baseRatio, Range: o.rng, Bars: r.bars}); err != nil {
		return err
	}
	if err := dir.writeFile("tornado.svg", []byte(svg.String())); err != nil {
		return err
	}
	svgText := svg.String()
	page := report.Sensitivity{Title: o.sf.label(), Command: sensitivityCommand(o), Percent: num(100 * o.rng),
		Runs: o.runs, Batches: 1 + 2*len(r.ranked), Table: r.table(), Notes: r.notes(),
		Figure: report.Figure{ID: "tornado.svg", Caption: "What moves B ÷ A, largest swing first",
			SVG: template.HTML(svgText[strings.Index(svgText, "<svg"):])}}
	var html bytes.Buffer
	if err := report.WriteSensitivity(&html, page); err != nil {
		return err
	}
	return dir.writeFile("sensitivity.html", html.Bytes())
}

// sensitivityCommand is the command line that reproduces the analysis (without --out and --workers).
func sensitivityCommand(o *sensitivityOptions) string {
	var more []string
	if len(o.params) > 0 {
		more = append(more, "--params", strings.Join(o.params, ","))
	}
	return o.sf.command("sensitivity", append(more, "--range", num(o.rng), "--runs", strconv.Itoa(o.runs), "--seed", strconv.FormatUint(o.seed, 10))...)
}
