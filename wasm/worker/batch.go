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
// `pipesim batch --shard`, and returns the slice's aggregate in sim's binary form, base64 for the
// trip through JavaScript: lossless, and far faster to read back than JSON, which made the
// final merge the slowest step of a browser batch.
func runSlice(query string, lo, hi int, progress func(done int)) (string, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return "", err
	}
	// One goroutine: WebAssembly runs on one thread, and the page gives each core a worker.
	b := sim.Batch{Runs: hi - lo, First: lo, Seed: l.Seed, Workers: 1,
		Progress: func(done, _ int) { progress(done) }}
	agg, err := b.Run(context.Background(), &l.Scenario)
	if err != nil {
		return "", err
	}
	return parts.Encode(agg)
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

// merge adds the slices' aggregates in run order and makes what the panel shows of them.
func merge(query string, slices []string) (result, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return result{}, err
	}
	agg, err := parts.Merge(slices)
	if err != nil {
		return result{}, err
	}
	sum := agg.Summarize()
	r := result{verdict: sum.Verdict, facts: facts(&l.Scenario, &sum)}
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
