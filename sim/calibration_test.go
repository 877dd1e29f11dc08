package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim/format"
)

// neutral returns mid-market with every strategy, trust, quota and turnover effect switched
// off, so that the pipeline is the bare competing-hazards model.
func neutral(t *testing.T) Scenario {
	s := MustPreset("mid-market")
	for _, set := range []string{
		"capacity=1000", "trust_adv=0", "trust_loss=0", "trust_nd=0", "pref_loss_mult=1",
		"churn_hi=0", "churn_lo=0", "repeat_max=0", "referral_max=0", "quit_base=0",
	} {
		k, v, _ := strings.Cut(set, "=")
		must(t, s.Set(k, v))
	}
	for _, pole := range []string{"goal", "process"} {
		for _, set := range []string{"new_mult=1", "dwell_mult=1,1,1,1", "conv_mult=1,1,1,1", "nd_mult=1,1,1,1", "quarter_end_games=0"} {
			k, v, _ := strings.Cut(set, "=")
			must(t, s.Set("strategies."+pole+"."+k, v))
		}
	}
	must(t, s.Validate())
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// With every effect neutral, pooled stage statistics must match the scenario's conv, nd_share
// and 1/dwell, and arrivals new_opps x reps x weeks. Tolerance: 5 standard errors of each
// estimate (binomial for shares, Poisson for counts), so a correct engine fails about once in
// a million checks while a bias of a few percent cannot hide.
func TestNeutralPipelineMatchesParameters(t *testing.T) {
	for _, substeps := range []int{1, 4} {
		t.Run(fmt.Sprintf("substeps=%d", substeps), func(t *testing.T) {
			s := neutral(t)
			s.Substeps = substeps
			if substeps > 1 {
				s.Dwell = PerStage{0.8, 1.5, 1.2, 0.6}
			}
			const runs = 100
			agg, err := Batch{Runs: runs, Seed: 7}.Run(context.Background(), &s)
			must(t, err)
			for team := range agg.Teams {
				f := agg.Teams[team].Funnel
				for st := range NumStages {
					exits := float64(f[st].Advanced + f[st].Lost + f[st].NoDecision)
					conv := float64(f[st].Advanced) / exits
					checkShare(t, fmt.Sprintf("team %d %v conversion", team, Stage(st)), conv, s.Conv[st], exits)
					nonAdv := float64(f[st].Lost + f[st].NoDecision)
					checkShare(t, fmt.Sprintf("team %d %v no-decision share", team, Stage(st)), float64(f[st].NoDecision)/nonAdv, s.NDShare[st], nonAdv)
					hazard := exits / f[st].WeeksInStage.Value()
					// Exits in a week are Bernoulli with the sub-steps' combined chance; the weekly
					// hazard of the discrete model is 1/dwell.
					want := 1 / s.Dwell[st]
					se := want / math.Sqrt(exits)
					if math.Abs(hazard-want) > 5*se {
						t.Errorf("team %d %v exit hazard %.4f, want %.4f ± %.4f", team, Stage(st), hazard, want, 5*se)
					}
				}
				created := float64(f[Qualified].Entered)
				want := s.NewOpps * float64(s.Reps*s.Weeks*runs)
				if math.Abs(created-want) > 5*math.Sqrt(want) {
					t.Errorf("team %d arrivals %.0f, want %.0f ± %.0f", team, created, want, 5*math.Sqrt(want))
				}
			}
		})
	}
}

func checkShare(t *testing.T, what string, got, want, n float64) {
	t.Helper()
	se := math.Sqrt(want * (1 - want) / n)
	if math.Abs(got-want) > 5*se {
		t.Errorf("%s %.4f, want %.4f ± %.4f (5 SE over %.0f exits)", what, got, want, 5*se, n)
	}
}

// The plausibility bands of the model description hold at the defaults: if they drift, the
// model is miscalibrated whoever wins.
func TestPlausibilityBands(t *testing.T) {
	mid := summarize(t, "mid-market", 400)
	for i, team := range mid.Teams {
		m := team.Metrics
		t.Logf("| %s | %.1f%% | %.1f%% | %.0f | %.1f%% | %.1f%% |", team.Name, 100*m["new_logo_win_rate"].Mean,
			100*m["no_decision_rate"].Mean, m["cycle_days"].Mean, 100*m["turnover"].Mean, 100*m["quota_attainment"].Mean)
		band(t, i, "new-logo win rate", m["new_logo_win_rate"].Mean, 0.15, 0.30)
		band(t, i, "no-decision share of closed new-logo deals", m["no_decision_rate"].Mean, 0.35, 0.60)
		band(t, i, "won-deal cycle (days)", m["cycle_days"].Mean, 35, 90)
		band(t, i, "annual rep turnover", m["turnover"].Mean, 0.20, 0.50)
		band(t, i, "rep-quarters at quota", m["quota_attainment"].Mean, 0.40, 0.75)
	}
	crunch := summarize(t, "quarter-end-crunch", 400)
	t.Logf("quarter-end-crunch discount leakage: goal %.1f%%, process %.1f%%",
		100*crunch.Teams[0].Metrics["discount_leakage"].Mean, 100*crunch.Teams[1].Metrics["discount_leakage"].Mean)
	band(t, 0, "discount leakage in quarter-end-crunch", crunch.Teams[0].Metrics["discount_leakage"].Mean, 0.03, 0.10)
}

func band(t *testing.T, team int, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("team %d %s = %.3f, outside the plausible band %.2f to %.2f", team, what, got, lo, hi)
	}
}

func summarize(t *testing.T, preset string, runs int) Summary {
	t.Helper()
	s := MustPreset(preset)
	agg, err := Batch{Runs: runs, Seed: 1}.Run(context.Background(), &s)
	must(t, err)
	return agg.Summarize()
}

// TestPresetTable prints every preset's result as the Markdown table of docs/model.md:
//
//	go test ./sim -run TestPresetTable -v -presets 2000
//
// It asserts only what every batch must satisfy; which team wins is up to the scenario.
func TestPresetTable(t *testing.T) {
	runs := *presetRuns
	var b strings.Builder
	fmt.Fprintf(&b, "| preset | weeks | A goal-oriented | B process-oriented | B / A | B - A (95%% CI) | B won | crossover |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---|---:|---:|\n")
	winners := map[bool]int{}
	for _, p := range PresetNames() {
		sum := summarize(t, p, runs)
		a, bb := sum.Teams[0].Metrics["net_revenue"], sum.Teams[1].Metrics["net_revenue"]
		d := sum.Diff["net_revenue"]
		cross := "none"
		if sum.Crossover != nil {
			cross = fmt.Sprintf("week %d", *sum.Crossover)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %.3f | %s (%s to %s) | %.0f%% | %s |\n", p, sum.Weeks,
			format.Short(a.Mean), format.Short(bb.Mean), bb.Mean/a.Mean, format.Short(d.Mean), format.Short(d.CILo), format.Short(d.CIHi), 100*sum.BWinShare, cross)
		if d.CILo > d.Mean || d.CIHi < d.Mean {
			t.Errorf("%s: CI (%v, %v) does not contain the mean %v", p, d.CILo, d.CIHi, d.Mean)
		}
		winners[bb.Mean > a.Mean]++
	}
	t.Logf("%d runs per preset, seed 1:\n%s", runs, b.String())
	if winners[true] == 0 || winners[false] == 0 {
		t.Errorf("one strategy wins every preset (%v); the presets should show both outcomes", winners)
	}
}
