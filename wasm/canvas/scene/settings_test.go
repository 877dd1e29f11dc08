package scene

import (
	"encoding/json"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

func TestSettingsScenario(t *testing.T) {
	var st Settings
	err := json.Unmarshal([]byte(`{"preset":"quarter-end-crunch","seed":"42","weeks":52,"reps":5,
		"adherence_a":0.25,"adherence_b":0.75,"quota_pressure":2,"trust_effect":0.5}`), &st)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	base := sim.MustPreset("quarter-end-crunch")
	if s.Weeks != 52 || s.Reps != 5 || s.Teams[0].Adherence != 0.25 || s.Teams[1].Adherence != 0.75 {
		t.Errorf("controls not applied: %+v", s)
	}
	if s.NewOpps != base.NewOpps || s.Complexity != base.Complexity {
		t.Errorf("unset controls changed the preset")
	}
	if s.QuotaMult != 2*base.QuotaMult {
		t.Errorf("quota pressure 2: quota_mult %v, want %v", s.QuotaMult, 2*base.QuotaMult)
	}
	if s.TrustAdv != base.TrustAdv/2 || s.TrustLoss != base.TrustLoss/2 || s.TrustND != base.TrustND/2 {
		t.Errorf("trust effect 0.5 did not halve the three trust effects")
	}
	eff := st.Effective(&s)
	if *eff.NewOpps != base.NewOpps || eff.Seed != 42 {
		t.Errorf("effective settings %+v", eff)
	}
}

func TestSettingsRejectBadValues(t *testing.T) {
	weeks := 0
	for _, st := range []Settings{{Preset: "nowhere"}, {Preset: "mid-market", Weeks: &weeks}} {
		if _, err := st.Scenario(); !sim.IsInput(err) {
			t.Errorf("%+v: got %v, want an input error", st, err)
		}
	}
}
