package experiment

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// Raising the goal-oriented team's leads helps team A, so B/A falls from the lowered end to the
// raised end; a key that is 0 is skipped; both ends' ratios bracket the base for a monotone key;
// ranking is by swing.
func TestSensitivityRanksBySwingAndKeepsBothEnds(t *testing.T) {
	s := shortMarket(t)
	s.ReferralMax = 0
	x := Sensitivity{Keys: []string{"referral_max", "acv_sigma", "strategies.goal.new_mult"}, Range: 0.3, Runs: 120, Seed: 3}
	n, err := x.Batches(&s)
	if err != nil || n != 5 {
		t.Fatalf("Batches = %d, %v; want 5 (the base and two per key that is not 0)", n, err)
	}
	var last, total int
	x.Progress = func(done, tot int) { last, total = done, tot }
	r, err := x.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	if last != total || total != 5*120 {
		t.Errorf("progress ended at %d of %d, want %d of %d", last, total, 600, 600)
	}
	if len(r.Ranked) != 2 || len(r.Params) != 3 || !r.Params[2].Skip || r.Params[2].Key != "referral_max" {
		t.Fatalf("ranked %d, params %d, last %+v", len(r.Ranked), len(r.Params), r.Params[2])
	}
	if r.Ranked[0].Swing() < r.Ranked[1].Swing() {
		t.Errorf("not ranked by swing: %v then %v", r.Ranked[0].Swing(), r.Ranked[1].Swing())
	}
	var goal *SensitivityParam
	for _, p := range r.Ranked {
		if p.Key == "strategies.goal.new_mult" {
			goal = p
		}
	}
	if !(goal.Ratio[0] > r.BaseRatio && r.BaseRatio > goal.Ratio[1]) {
		t.Errorf("B/A with the goal team's leads lowered %v, given %v, raised %v: want falling", goal.Ratio[0], r.BaseRatio, goal.Ratio[1])
	}
	if math.Abs(goal.Low[0]-0.7*s.Strategies.Goal.NewMult) > 1e-9 || math.Abs(goal.High[0]-1.3*s.Strategies.Goal.NewMult) > 1e-9 {
		t.Errorf("ends %v, %v of %v", goal.Low, goal.High, s.Strategies.Goal.NewMult)
	}
	if notes := r.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "referral_max: skipped") {
		t.Errorf("notes %q", notes)
	}
	// The same seeds give the same numbers.
	again, _ := x.Run(context.Background(), &s)
	if again.BaseRatio != r.BaseRatio || again.Ranked[0].Ratio != r.Ranked[0].Ratio {
		t.Error("a second run differs")
	}
}

func TestSensitivityNamesKeysItCannotVary(t *testing.T) {
	s := shortMarket(t)
	for key, want := range map[string]string{
		"wekes":           `wekes: wekes: unknown key (did you mean "weeks"?)`,
		"teams":           "teams: is a list of 2, not a number",
		"strategies.goal": "strategies.goal: holds several values, not one number; name one of them, for example strategies.goal.new_mult",
		"teams.0.name":    "teams.0.name: is text, not a number",
	} {
		_, err := Sensitivity{Keys: []string{key}, Range: 0.2}.Batches(&s)
		if err == nil || !sim.IsInput(err) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %q", key, err, want)
		}
	}
	// disc_hi lowered by 90% falls below disc_lo.
	_, err := Sensitivity{Keys: []string{"disc_hi"}, Range: 0.9}.Batches(&s)
	var scaled *ScaledError
	if !errors.As(err, &scaled) || scaled.Key != "disc_hi" || !sim.IsInput(err) {
		t.Errorf("disc_hi x0.1: %v", err)
	}
	// A clamped end is kept in range with a note.
	s.Conv = sim.PerStage{0.9, 0.9, 0.9, 0.9}
	r, err := Sensitivity{Keys: []string{"conv"}, Range: 0.5}.resolve(&s)
	if err != nil || r[0].High[0] != 1 || !strings.Contains(r[0].Note, "kept within") {
		t.Errorf("conv x1.5: %+v, %v", r, err)
	}
}

// An analysis run in chunks (on several workers) and joined equals the analysis run at once,
// also after a trip through gob, as between the browser's workers.
func TestSensitivityChunksJoinIntoTheWhole(t *testing.T) {
	s := shortMarket(t)
	x := Sensitivity{Keys: []string{"new_opps", "trust_adv", "conv", "referral_max", "strategies.goal.new_mult"}, Range: 0.2, Runs: 40, Seed: 2}
	whole, err := x.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	var parts []*SensitivityResult
	for k := range 3 {
		r, err := x.Chunk(k, 3).Run(context.Background(), &s)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(r); err != nil {
			t.Fatal(err)
		}
		var back SensitivityResult
		if err := gob.NewDecoder(&b).Decode(&back); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, &back)
	}
	joined := JoinSensitivity(parts...)
	if len(joined.Params) != len(whole.Params) || joined.BaseRatio != whole.BaseRatio {
		t.Fatalf("joined %d params, base %v; whole %d, %v", len(joined.Params), joined.BaseRatio, len(whole.Params), whole.BaseRatio)
	}
	for i, p := range whole.Params {
		q := joined.Params[i]
		if p.Key != q.Key || p.Ratio != q.Ratio || p.Skip != q.Skip || p.Note != q.Note {
			t.Errorf("param %d: whole %s %v, joined %s %v", i, p.Key, p.Ratio, q.Key, q.Ratio)
		}
	}
}
