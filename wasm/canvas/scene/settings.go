package scene

import (
	"strconv"

	"github.com/pipesim/pipesim/sim"
)

// Settings are the page's controls. A nil field means "the base scenario's value"; the two
// pressure knobs are factors on the preset's values (0 or 1 leave them as the preset has them).
type Settings struct {
	Preset        string   `json:"preset"`
	Seed          uint64   `json:"seed,string"`
	Weeks         *int     `json:"weeks,omitempty"`
	Reps          *int     `json:"reps,omitempty"`
	NewOpps       *float64 `json:"new_opps,omitempty"`
	Complexity    *float64 `json:"complexity,omitempty"`
	AdherenceA    *float64 `json:"adherence_a,omitempty"`
	AdherenceB    *float64 `json:"adherence_b,omitempty"`
	QuotaPressure float64  `json:"quota_pressure,omitempty"` // x the preset's quota_mult
	TrustEffect   float64  `json:"trust_effect,omitempty"`   // x the preset's trust_adv, trust_loss and trust_nd together
}

// Scenario is the settings applied to their preset.
func (st *Settings) Scenario() (sim.Scenario, error) {
	base, err := sim.LookupPreset(st.Preset)
	if err != nil {
		return base, err
	}
	return st.Apply(base)
}

// Apply sets the controls on a base scenario (a preset, or a shared link's scenario with keys
// the controls do not show), through the same key paths as the command line's overrides, so a
// bad value is reported with its key and range. The result is validated.
func (st *Settings) Apply(base sim.Scenario) (sim.Scenario, error) {
	s := base.Clone()
	preset, err := sim.LookupPreset(s.Base)
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
	if q := st.QuotaPressure; q != 0 {
		set("quota_mult", preset.QuotaMult*q)
	}
	if k := st.TrustEffect; k != 0 {
		set("trust_adv", preset.TrustAdv*k)
		set("trust_loss", preset.TrustLoss*k)
		set("trust_nd", preset.TrustND*k)
	}
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// SettingsOf reads the controls back from a scenario, for instance one from a shared link:
// every field set, the factors relative to the scenario's preset.
func SettingsOf(s *sim.Scenario, seed uint64) Settings {
	st := Settings{Preset: s.Base, Seed: seed, QuotaPressure: 1, TrustEffect: 1}
	weeks, reps := s.Weeks, s.Reps
	newOpps, complexity := s.NewOpps, s.Complexity
	a, b := s.Teams[0].Adherence, s.Teams[1].Adherence
	st.Weeks, st.Reps, st.NewOpps, st.Complexity = &weeks, &reps, &newOpps, &complexity
	st.AdherenceA, st.AdherenceB = &a, &b
	preset, err := sim.LookupPreset(s.Base)
	if err != nil {
		return st
	}
	if preset.QuotaMult > 0 {
		st.QuotaPressure = s.QuotaMult / preset.QuotaMult
	}
	// The three trust effects move together; the first the preset does not switch off tells
	// the factor.
	for _, p := range [][2]float64{{s.TrustAdv, preset.TrustAdv}, {s.TrustLoss, preset.TrustLoss}, {s.TrustND, preset.TrustND}} {
		if p[1] > 0 {
			st.TrustEffect = p[0] / p[1]
			break
		}
	}
	return st
}
