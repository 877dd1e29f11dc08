package scene

import (
	"strconv"

	"github.com/pipesim/pipesim/sim"
)

// Settings are the page's controls. A nil field means "the preset's value"; the two pressure
// knobs are factors on the preset's values (0 or 1 leave them as they are).
type Settings struct {
	Preset        string   `json:"preset"`
	Seed          uint64   `json:"seed,string"`
	Weeks         *int     `json:"weeks,omitempty"`
	Reps          *int     `json:"reps,omitempty"`
	NewOpps       *float64 `json:"new_opps,omitempty"`
	Complexity    *float64 `json:"complexity,omitempty"`
	AdherenceA    *float64 `json:"adherence_a,omitempty"`
	AdherenceB    *float64 `json:"adherence_b,omitempty"`
	QuotaPressure float64  `json:"quota_pressure,omitempty"` // x quota_mult
	TrustEffect   float64  `json:"trust_effect,omitempty"`   // x trust_adv, trust_loss and trust_nd together
}

// Scenario turns the controls into a validated scenario, through the same key paths as the
// command line's overrides, so a bad value is reported with the key and its range.
func (st *Settings) Scenario() (sim.Scenario, error) {
	s, err := sim.LookupPreset(st.Preset)
	if err != nil {
		return s, err
	}
	set := func(key string, v float64) {
		if err == nil {
			err = s.Set(key, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	if st.Weeks != nil {
		set("weeks", float64(*st.Weeks))
	}
	if st.Reps != nil {
		set("reps", float64(*st.Reps))
	}
	if st.NewOpps != nil {
		set("new_opps", *st.NewOpps)
	}
	if st.Complexity != nil {
		set("complexity", *st.Complexity)
	}
	if st.AdherenceA != nil {
		set("teams.0.adherence", *st.AdherenceA)
	}
	if st.AdherenceB != nil {
		set("teams.1.adherence", *st.AdherenceB)
	}
	if q := st.QuotaPressure; q != 0 && q != 1 {
		set("quota_mult", s.QuotaMult*q)
	}
	if k := st.TrustEffect; k != 0 && k != 1 {
		set("trust_adv", s.TrustAdv*k)
		set("trust_loss", s.TrustLoss*k)
		set("trust_nd", s.TrustND*k)
	}
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// Effective is the settings with every field filled from the scenario that Scenario built,
// so the page can show what the run actually uses.
func (st Settings) Effective(s *sim.Scenario) Settings {
	weeks, reps := s.Weeks, s.Reps
	newOpps, complexity := s.NewOpps, s.Complexity
	a, b := s.Teams[0].Adherence, s.Teams[1].Adherence
	st.Weeks, st.Reps, st.NewOpps, st.Complexity = &weeks, &reps, &newOpps, &complexity
	st.AdherenceA, st.AdherenceB = &a, &b
	if st.QuotaPressure == 0 {
		st.QuotaPressure = 1
	}
	if st.TrustEffect == 0 {
		st.TrustEffect = 1
	}
	return st
}
