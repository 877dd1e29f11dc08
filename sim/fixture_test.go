package sim

import (
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

var writeFixture = flag.Bool("write-fixture", false,
	"rewrite testdata/model-fixture.json from the current engine (only ever from the engine the fixture describes)")

// fixtureRuns is how many paired runs per preset the fixture and the check use.
const fixtureRuns = 4000

// fixturePath holds each preset's team means and standard deviations over fixtureRuns runs, as
// measured on the engine before the teams shared one market (commit 982fc03, where every team drew
// from its own stream). The engine changed how it draws its numbers, not the model, so each team's
// distribution of every metric must stay where it was.
var fixturePath = filepath.Join("testdata", "model-fixture.json")

type fixtureMetric struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
}

// fixture maps preset -> team (0, 1) -> metric key -> moments.
type fixture map[string][2]map[string]fixtureMetric

func measureFixture(t *testing.T, preset string, seed uint64) [2]map[string]fixtureMetric {
	s := MustPreset(preset)
	agg, err := Batch{Runs: fixtureRuns, Seed: seed}.Run(context.Background(), &s)
	must(t, err)
	var out [2]map[string]fixtureMetric
	for team := range out {
		out[team] = map[string]fixtureMetric{}
		for m, metric := range Metrics {
			mo := &agg.Teams[team].Metrics[m].Moments
			out[team][metric.Key] = fixtureMetric{Mean: mo.Mean(), SD: mo.SD()}
		}
	}
	return out
}

// TestModelUnchanged compares each preset's team means over 4,000 runs with the fixture: every
// metric within 4 standard errors of the difference of two independent means. The batch seeds
// differ from the fixture's, so the check compares two independent samples of the same model.
func TestModelUnchanged(t *testing.T) {
	if *writeFixture {
		f := fixture{}
		for _, p := range PresetNames() {
			f[p] = measureFixture(t, p, 1)
		}
		b, err := json.MarshalIndent(f, "", " ")
		must(t, err)
		must(t, os.WriteFile(fixturePath, append(b, '\n'), 0o644))
		return
	}
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("28,000 paired runs: natively and without -short only (the golden files pin wasm)")
	}
	b, err := os.ReadFile(fixturePath)
	must(t, err)
	var want fixture
	must(t, json.Unmarshal(b, &want))
	worst, checks := 0.0, 0
	defer func() {
		t.Logf("%d means checked; the farthest is %.2f standard errors from the fixture", checks, worst)
	}()
	for _, p := range PresetNames() {
		got := measureFixture(t, p, 2)
		for team := range got {
			for key, g := range got[team] {
				w, ok := want[p][team][key]
				if !ok {
					t.Errorf("%s team %d: %s is not in the fixture", p, team, key)
					continue
				}
				se := math.Sqrt((g.SD*g.SD + w.SD*w.SD) / fixtureRuns)
				checks++
				if se > 0 {
					worst = max(worst, math.Abs(g.Mean-w.Mean)/se)
				}
				if d := math.Abs(g.Mean - w.Mean); d > 4*se && d > 1e-9*math.Abs(w.Mean) {
					t.Errorf("%s team %d %s: mean %.6g, fixture %.6g (%.1f standard errors apart)",
						p, team, key, g.Mean, w.Mean, d/se)
				}
			}
		}
	}
}
