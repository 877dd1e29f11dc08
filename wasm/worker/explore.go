//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/gob"
	"fmt"
	"strings"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// The panel's two studies of the link's scenario, run exactly as the command line runs them
// (experiment.Drivers and experiment.Leads) and drawn with render's charts.

// drivers runs chunk part of of of "What drives the verdict" (the tornado's keys split among the
// page's workers) and returns its result, gob and base64, for joinDrivers. progress is told the
// runs done of the chunk's runs.
func drivers(query string, runs, part, of int, progress func(done, total int)) (string, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return "", err
	}
	if of < 1 || part < 0 || part >= of {
		return "", fmt.Errorf("worker: chunk %d of %d", part, of)
	}
	x := experiment.Drivers(runs, l.Seed).Chunk(part, of)
	x.Workers, x.Progress = 1, progress
	r, err := x.Run(context.Background(), &l.Scenario)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(r); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

// joinDrivers joins the chunks in order into the whole tornado and draws it.
func joinDrivers(query string, chunks []string) (map[string]any, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return nil, err
	}
	var rs []*experiment.SensitivityResult
	for i, c := range chunks {
		raw, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			return nil, fmt.Errorf("worker: chunk %d: %w", i+1, err)
		}
		r := new(experiment.SensitivityResult)
		if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(r); err != nil {
			return nil, fmt.Errorf("worker: chunk %d: %w", i+1, err)
		}
		rs = append(rs, r)
	}
	r := experiment.JoinSensitivity(rs...)
	if r == nil {
		return nil, fmt.Errorf("worker: no chunks to join")
	}
	var svg strings.Builder
	if err := render.SensitivityChart(&svg, &l.Scenario, r); err != nil {
		return nil, err
	}
	words := ""
	if len(r.Ranked) > 0 {
		top := r.Ranked[0]
		words = "The largest swing: " + top.Key + ", B ÷ A " + render.Ratio(top.Ratio[0]) + " at " + top.Label(0, r.Range) +
			" and " + render.Ratio(top.Ratio[1]) + " at " + top.Label(1, r.Range) + " (as given " + render.Ratio(r.BaseRatio) + ")."
	}
	return map[string]any{"svg": inline(svg.String()), "words": words}, nil
}

// breakEven finds the goal-oriented lead multiplier at which the teams earn the same and draws
// B - A along it. progress is told the runs done of the most the search takes.
func breakEven(query string, runs int, progress func(done, total int)) (map[string]any, error) {
	l, err := parts.Scenario(query)
	if err != nil {
		return nil, err
	}
	s := &l.Scenario
	x := experiment.Leads(s, runs, l.Seed)
	total := (2 + 3*x.Steps) * runs
	x.Workers, x.Progress = 1, func(done, _ int) { progress(done*runs, total) }
	r, err := x.Run(context.Background(), s)
	if err != nil {
		return nil, err
	}
	var svg strings.Builder
	if err := render.BreakEvenChart(&svg, r, [2]string{s.Teams[0].Name, s.Teams[1].Name}); err != nil {
		return nil, err
	}
	return map[string]any{"svg": inline(svg.String()), "words": experiment.LeadsWords(s, r)}, nil
}
