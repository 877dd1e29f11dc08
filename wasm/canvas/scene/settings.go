package scene

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
)

// Settings are the page's controls. A nil field means "the base scenario's value"; the two
// pressure knobs are factors on the preset's values (0 or 1 leave them as the preset has them).
type Settings struct {
	Preset        string   `json:"preset"`
	Seed          Seed     `json:"seed"`
	Weeks         *int     `json:"weeks,omitempty"`
	Reps          *int     `json:"reps,omitempty"`
	NewOpps       *float64 `json:"new_opps,omitempty"`
	Complexity    *float64 `json:"complexity,omitempty"`
	AdherenceA    *float64 `json:"adherence_a,omitempty"`
	AdherenceB    *float64 `json:"adherence_b,omitempty"`
	NameA         *string  `json:"name_a,omitempty"` // a team's name; an automatic one follows the adherence
	NameB         *string  `json:"name_b,omitempty"`
	QuotaPressure float64  `json:"quota_pressure,omitempty"` // x the preset's quota_mult
	TrustEffect   float64  `json:"trust_effect,omitempty"`   // x the preset's trust_adv, trust_loss and trust_nd together
}

// Seed is a run's seed, sent by the page as a decimal string: a JSON number cannot carry every
// uint64. A bad one is refused in words that name the field and its range, never a decoder's.
type Seed uint64

// MaxSeed is the largest seed.
const MaxSeed = 1<<64 - 1

// UnmarshalJSON reads a seed from a string of decimal digits.
func (s *Seed) UnmarshalJSON(b []byte) error {
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		text = string(b)
	}
	v, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return sim.Errorf(sim.KindInput, "seed", "%q is not a seed; allowed a whole number from 0 to %d", text, uint64(MaxSeed))
	}
	*s = Seed(v)
	return nil
}

// MarshalJSON writes a seed as a decimal string.
func (s Seed) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatUint(uint64(s), 10))
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
// bad value is reported with its key and range. Every bad value is reported, not only the first,
// so the page can name all the fields to fix at once. The result is validated.
func (st *Settings) Apply(base sim.Scenario) (sim.Scenario, error) {
	s := base.Clone()
	preset, err := sim.LookupPreset(s.Base)
	if err != nil {
		return s, err
	}
	var errs []error
	set := func(key, v string) {
		if err := s.Set(key, v); err != nil {
			errs = append(errs, err)
		}
	}
	number := func(key string, v float64) {
		if err := InRange(key, v); err != nil {
			errs = append(errs, err)
			return
		}
		set(key, strconv.FormatFloat(v, 'g', -1, 64))
	}
	if st.Weeks != nil {
		number("weeks", float64(*st.Weeks))
	}
	if st.Reps != nil {
		number("reps", float64(*st.Reps))
	}
	for _, f := range []struct {
		key string
		v   *float64
	}{{"new_opps", st.NewOpps}, {"complexity", st.Complexity}, {"teams.0.adherence", st.AdherenceA}, {"teams.1.adherence", st.AdherenceB}} {
		if f.v != nil {
			number(f.key, *f.v)
		}
	}
	if q := st.QuotaPressure; q != 0 {
		number("quota_mult", preset.QuotaMult*q)
	}
	if k := st.TrustEffect; k != 0 {
		number("trust_adv", preset.TrustAdv*k)
		number("trust_loss", preset.TrustLoss*k)
		number("trust_nd", preset.TrustND*k)
	}
	for i, name := range []*string{st.NameA, st.NameB} {
		if name != nil && *name != "" {
			set("teams."+strconv.Itoa(i)+".name", *name)
		}
	}
	teamname.Follow(&s)
	errs = append(errs, s.Validate())
	return s, errors.Join(errs...)
}

// InRange checks a value against the engine's range for its key (the last part of a path such
// as teams.0.adherence), in the words Validate uses. Validate stops at the first bad value;
// checking each here names them all.
func InRange(path string, v float64) error {
	key := path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		key = path[i+1:]
	}
	p, ok := Limits()[key]
	if !ok || (v >= p[0] && v <= p[1]) {
		return nil
	}
	return sim.Errorf(sim.KindInput, path, "%s is out of range; allowed %s to %s", plain(v), plain(p[0]), plain(p[1]))
}

// Limits are the engine's ranges of every numeric key, from its parameter table: the page sets
// its fields' limits from them, so the page and the engine never disagree.
func Limits() map[string][2]float64 {
	m := make(map[string][2]float64, len(sim.Params()))
	for _, p := range sim.Params() {
		m[p.Key] = [2]float64{p.Min, p.Max}
	}
	return m
}

// plain writes a number for people: whole numbers with thousands separators.
func plain(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	digits := strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	for i := len(digits) - 3; i > 0; i -= 3 {
		digits = digits[:i] + "," + digits[i:]
	}
	if v < 0 {
		return "-" + digits
	}
	return digits
}

// Problems splits an error of Apply into its parts, one a bad value.
func Problems(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// SettingsOf reads the controls back from a scenario, for instance one from a shared link:
// every field set, the factors relative to the scenario's preset.
func SettingsOf(s *sim.Scenario, seed uint64) Settings {
	st := Settings{Preset: s.Base, Seed: Seed(seed), QuotaPressure: 1, TrustEffect: 1}
	weeks, reps := s.Weeks, s.Reps
	newOpps, complexity := s.NewOpps, s.Complexity
	a, b := s.Teams[0].Adherence, s.Teams[1].Adherence
	st.Weeks, st.Reps, st.NewOpps, st.Complexity = &weeks, &reps, &newOpps, &complexity
	st.AdherenceA, st.AdherenceB = &a, &b
	nameA, nameB := s.Teams[0].Name, s.Teams[1].Name
	st.NameA, st.NameB = &nameA, &nameB
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
