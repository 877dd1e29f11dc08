//go:build js && wasm

package main

import (
	"context"
	"strings"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// explore runs one of the panel's studies of the link's scenario, "drivers" (the tornado) or
// "breakeven" (the goal-oriented lead multiplier at which the teams earn the same), exactly as
// the command line runs it (see experiment.Drivers and experiment.Leads), and draws it with
// render's charts. progress is told the runs done of all the study's runs.
func explore(kind, query string, runs int, progress func(done, total int)) (map[string]any, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return nil, err
	}
	s := &l.Scenario
	var svg strings.Builder
	switch kind {
	case "drivers":
		x := experiment.Drivers(runs, l.Seed)
		x.Workers, x.Progress = 1, progress
		r, err := x.Run(context.Background(), s)
		if err != nil {
			return nil, err
		}
		if err := render.SensitivityChart(&svg, s, r); err != nil {
			return nil, err
		}
		words := ""
		if len(r.Ranked) > 0 {
			top := r.Ranked[0]
			words = "The largest swing: " + top.Key + ", B ÷ A " + render.Ratio(top.Ratio[0]) + " at " + top.Label(0, r.Range) +
				" and " + render.Ratio(top.Ratio[1]) + " at " + top.Label(1, r.Range) + " (as given " + render.Ratio(r.BaseRatio) + ")."
		}
		return map[string]any{"svg": inline(svg.String()), "words": words}, nil
	default:
		x := experiment.Leads(s, runs, l.Seed)
		total := (2 + 3*x.Steps) * runs
		x.Workers, x.Progress = 1, func(done, _ int) { progress(done*runs, total) }
		r, err := x.Run(context.Background(), s)
		if err != nil {
			return nil, err
		}
		if err := render.BreakEvenChart(&svg, r, [2]string{s.Teams[0].Name, s.Teams[1].Name}); err != nil {
			return nil, err
		}
		return map[string]any{"svg": inline(svg.String()), "words": experiment.LeadsWords(s, r)}, nil
	}
}
