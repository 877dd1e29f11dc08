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
	back := SettingsOf(&s, 42)
	if *back.Weeks != 52 || *back.AdherenceB != 0.75 || back.QuotaPressure != 2 || back.TrustEffect != 0.5 || back.Seed != 42 {
		t.Errorf("settings read back: %+v", back)
	}
}

// A shared link's keys that no control shows survive a change of a control.
func TestApplyKeepsTheLinksOtherKeys(t *testing.T) {
	l, problems := sim.ParseLink("?preset=enterprise&seed=9&acv=123456&quota_mult=3")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	st := SettingsOf(&l.Scenario, l.Seed)
	if st.QuotaPressure != 3 {
		t.Errorf("quota pressure from the link: %v, want 3", st.QuotaPressure)
	}
	reps := 3
	st.Reps = &reps
	s, err := st.Apply(l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	if s.ACV != 123456 || s.Reps != 3 || s.QuotaMult != 3 || s.Base != "enterprise" {
		t.Errorf("applied: acv %v reps %v quota_mult %v base %q", s.ACV, s.Reps, s.QuotaMult, s.Base)
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
