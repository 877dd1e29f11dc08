//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// runSlice runs runs [lo, hi) of the link's batch, seeded as the whole batch seeds them, like
// `pipesim batch --shard`, and returns the slice's aggregate.
func runSlice(query string, lo, hi int, progress func(done int)) (*sim.Aggregate, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return nil, err
	}
	// One goroutine: WebAssembly runs on one thread, and the page gives each core a worker.
	b := sim.Batch{Runs: hi - lo, First: lo, Seed: l.Seed, Workers: 1,
		Progress: func(done, _ int) { progress(done) }}
	return b.Run(context.Background(), &l.Scenario)
}

// merging is the batch this worker merges, when the page made it the batch's merger: the
// slices it ran itself stay here, the others' come as bytes, and each is merged in run order
// as soon as the slices before it are in, between this worker's own slices. The last slice
// leaves only itself to merge, then the summary and the charts.
var merging struct {
	batch int
	parts.Merger
}

// keep gives slice i of batch to the merger, which starts over for a new batch.
func keep(batch, i int, a *sim.Aggregate) {
	if merging.batch != batch {
		merging.batch, merging.Merger = batch, parts.Merger{}
	}
	merging.Add(i, a)
}

// result is what the Monte Carlo panel shows: the summary, its two charts and its key numbers
// as text, all formatted here so the page only inserts them.
type result struct {
	summary    []byte // the summary as JSON, byte for byte what sim.Aggregate.Summarize gives natively
	outcomes   string // SVG
	difference string // SVG
	facts      [][2]string
	verdict    string
}

func (r *result) message() map[string]any {
	facts := make([]any, len(r.facts))
	for i, f := range r.facts {
		facts[i] = []any{f[0], f[1]}
	}
	return map[string]any{"summary": string(r.summary), "outcomes": r.outcomes, "difference": r.difference,
		"facts": facts, "verdict": r.verdict}
}

// merge ends the merge of the n slices of batch and makes what the panel shows of them, and
// the whole batch's aggregate, for the report.
func merge(query string, batch, n int) (result, *sim.Aggregate, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return result{}, nil, err
	}
	if merging.batch != batch {
		return result{}, nil, fmt.Errorf("worker: batch %d has no slices here", batch)
	}
	agg, err := merging.Done(n)
	merging.batch, merging.Merger = 0, parts.Merger{}
	if err != nil {
		return result{}, nil, err
	}
	r, err := show(&l.Scenario, agg)
	return r, agg, err
}

// show summarises an aggregate and draws its charts.
func show(s *sim.Scenario, agg *sim.Aggregate) (result, error) {
	sum := agg.Summarize()
	r := result{verdict: sum.Verdict, facts: facts(s, &sum)}
	var err error
	if r.summary, err = json.Marshal(sum); err != nil {
		return result{}, err
	}
	var b strings.Builder
	if err := render.OutcomesChart(&b, agg, &sum); err != nil {
		return result{}, err
	}
	r.outcomes = inline(b.String())
	b.Reset()
	if err := render.DifferenceChart(&b, agg, &sum); err != nil {
		return result{}, err
	}
	r.difference = inline(b.String())
	return r, nil
}

// inline drops the XML prolog and comment before <svg>, which have no place inside HTML.
func inline(svg string) string {
	if i := strings.Index(svg, "<svg"); i > 0 {
		return svg[i:]
	}
	return svg
}

// facts are the panel's key numbers, formatted as the charts format them.
func facts(s *sim.Scenario, sum *sim.Summary) [][2]string {
	key := sim.Metrics[sim.NetRevenue].Key
	d := sum.Diff[key]
	mean, lo, hi := render.FormatInterval(sim.Money, d.Mean, d.CILo, d.CIHi)
	pct := func(x float64) string { return render.FormatValue(sim.Rate, x, 0) }
	// Short labels with the team letters the whole page uses: the panel shares the column
	// with the canvas, and the verdict above names the teams in full.
	cross := "never"
	if sum.Crossover != nil {
		from, to := render.CrossoverSpan(sum)
		cross = fmt.Sprintf("week %d of %d, range %d–%d", *sum.Crossover, s.Weeks, from, to)
	}
	return [][2]string{
		{"Paired difference B − A", render.Signed(d.Mean, mean) + " (95% CI " + render.Signed(d.CILo, lo) + " to " + render.Signed(d.CIHi, hi) + ")"},
		{"Runs won", "A " + pct(1-sum.BWinShare-sum.TieShare) + " · B " + pct(sum.BWinShare)},
		{"B ahead for good from", cross},
	}
}
