package sim

import (
	"fmt"
	"strings"
)

// Preset is a named starting scenario. Every scenario file derives from one (its "base").
type Preset struct {
	Name        string
	Description string
	apply       func(*Scenario)
}

// DefaultPreset is the base of a scenario that names none.
const DefaultPreset = "mid-market"

var presets = []Preset{
	{"mid-market", "Defaults: 8 reps a team for two years, $40k deals, ~70-day cycles.", func(*Scenario) {}},
	{"transactional-smb", "Small fast deals ($8k, days not weeks), many leads, weak relationships; six months.", func(s *Scenario) {
		s.Weeks = 26
		s.ACV = 8000
		s.Dwell = PerStage{0.5, 0.75, 0.75, 0.5}
		s.Substeps = 4
		s.NewOpps = 5
		s.Capacity = 60
		s.Complexity = 0.5
		s.TrustAdv, s.TrustLoss, s.TrustND = 0.05, 0.15, 0.10
		s.RepeatMax, s.ReferralMax = 0.6, 0.10
	}},
	{"enterprise", "Few large deals ($200k), long committee cycles, high complexity; three years.", func(s *Scenario) {
		s.Weeks = 156
		s.ACV = 200000
		s.Dwell = PerStage{4, 8, 8, 6}
		s.Conv = PerStage{0.70, 0.50, 0.60, 0.75}
		s.NewOpps = 0.25
		s.Capacity = 15
		s.Complexity = 1.5
	}},
	{"quarter-end-crunch", "Quota 15% higher, three-week pushes, 4x pull-ins at 15-35% discount, more stress.", func(s *Scenario) {
		s.QuotaMult = 1.15
		s.PushWeeks = 3
		s.PullAdv, s.PullLoss = 4, 4
		s.DiscLo, s.DiscHi = 0.15, 0.35
		s.StressPush, s.StressMiss = 1.5, 3.0
	}},
	{"new-territory", "One year in a market with no customers yet and harder conversion.", func(s *Scenario) {
		s.Weeks = 52
		s.Conv = PerStage{0.70, 0.55, 0.60, 0.75}
		s.InitCustomers = 0
	}},
	{"installed-base", "12 customers per rep at trust 0.5 from day one, fewer new leads.", func(s *Scenario) {
		s.InitCustomers = 12
		s.InitTau = 0.5
		s.NewOpps = 0.8
	}},
	{"procurement-tender", "Formal tenders: trust barely changes a decision, no preferred position.", func(s *Scenario) {
		s.TrustAdv = 0
		s.TrustLoss = 0.1
		s.PrefLossMult = 1
	}},
}

// Presets lists the presets in a fixed order.
func Presets() []Preset { return presets }

// PresetNames lists the preset names in order.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return names
}

// LookupPreset returns the named preset's scenario.
func LookupPreset(name string) (Scenario, error) {
	for _, p := range presets {
		if p.Name == name {
			s := defaults()
			p.apply(&s)
			s.Base = p.Name
			return s, nil
		}
	}
	return Scenario{}, Errorf(KindInput, "base", "unknown preset %q; presets are %s", Excerpt(name), strings.Join(PresetNames(), ", "))
}

// MustPreset is LookupPreset for names known to exist (tests, examples).
func MustPreset(name string) Scenario {
	s, err := LookupPreset(name)
	if err != nil {
		panic(fmt.Sprintf("sim: %v", err))
	}
	return s
}

// defaults are the mid-market values of the model description.
func defaults() Scenario {
	return Scenario{
		Weeks: 104, Reps: 8, Substeps: 1,
		ACV: 40000, ACVSigma: 0.6,
		Conv:    PerStage{0.75, 0.60, 0.65, 0.80},
		Dwell:   PerStage{2, 3, 3, 2},
		NDShare: PerStage{0.65, 0.65, 0.55, 0.40},
		NewOpps: 1.2, Capacity: 30, Complexity: 1.0, StallAfter: 2.0,
		Teams: []Team{{"Goal-oriented", 0}, {"Process-oriented", 1}},
		Strategies: Strategies{
			Goal: Strategy{
				NewMult:   1.30,
				DwellMult: PerStage{0.85, 0.85, 0.85, 0.85},
				ConvMult:  PerStage{1.10, 0.85, 0.95, 1.00},
				NDMult:    PerStage{1.00, 1.15, 1.15, 1.00},
				Tau0:      0.20, TrustGain: 0.005, TrustCap: 0.6,
				MissWeight: 1.0, QuarterEndGames: 1,
			},
			Process: Strategy{
				NewMult:   0.85,
				DwellMult: PerStage{1.10, 1.10, 0.95, 0.95},
				ConvMult:  PerStage{0.85, 1.15, 1.10, 1.05},
				NDMult:    PerStage{0.80, 0.80, 0.80, 0.80},
				Tau0:      0.35, TrustGain: 0.02, TrustCap: 1.0,
				MissWeight: 0.5, QuarterEndGames: 0,
			},
		},
		TrustAdv: 0.20, TrustLoss: 0.50, TrustND: 0.30, PrefTau: 0.8, PrefLossMult: 0.5,
		ChurnHi: 0.35, ChurnLo: 0.04,
		RepeatMax: 1.2, RepeatACVMult: 0.6, RepeatConvMult: 1.15,
		ReferralMax: 0.30, ReferralConvMult: 1.5,
		InitCustomers: 0, InitTau: 0.5,
		QuotaMult: 1.0, PushWeeks: 2, PullAdv: 3.0, PullLoss: 3.0, DiscLo: 0.05, DiscHi: 0.20,
		GiveupRatio: 3.0, SandbagHold: 0.3, LearnedWait: 0.5, WaitProb: 0.5, WaitTrustHit: 0.05,
		PushNeglect: 0.0, GiveupCoast: 0.0,
		QuitBase: 0.25, StressDecay: 0.85, StressPush: 1.0, StressMiss: 2.0, StressEta: 0.35,
		RampWeeks: 20, RampStart: 0.3, RelationshipPersonal: 0.4, QuitNDProb: 0.3,
	}
}
