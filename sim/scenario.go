// Package sim is the pipeline engine: the scenario and its key paths (Leaves, Get, Set: the one
// walk over a scenario's values, see keys.go), the model of one paired run, the Monte Carlo
// runner and its statistics. The studies built from batches are in sim/experiment. It does no
// I/O and is deterministic for a seed on every platform.
package sim

import (
	"encoding/json"
	"fmt"
)

// Stage is a step of the open pipeline. Advancing from Negotiation is a win.
type Stage int8

// The stages of the pipeline, in order.
const (
	Qualified Stage = iota
	Discovery
	Proposal
	Negotiation
	NumStages = 4
)

var stageNames = [NumStages]string{"Qualified", "Discovery", "Proposal", "Negotiation"}

// StageNames lists the stages in pipeline order.
func StageNames() []string { return stageNames[:] }

func (s Stage) String() string {
	if s < 0 || int(s) >= NumStages {
		return fmt.Sprintf("Stage(%d)", int(s))
	}
	return stageNames[s]
}

// PerStage holds one value for each stage. In JSON it is an array of exactly four numbers.
type PerStage [NumStages]float64

// UnmarshalJSON insists on exactly one number per stage, so a short list is an error, not zeros.
func (p *PerStage) UnmarshalJSON(b []byte) error {
	var xs []float64
	if err := json.Unmarshal(b, &xs); err != nil {
		return fmt.Errorf("want a list of %d numbers", NumStages)
	}
	if len(xs) != NumStages {
		return fmt.Errorf("want %d numbers (one per stage), got %d", NumStages, len(xs))
	}
	copy(p[:], xs)
	return nil
}

// Product multiplies the four values.
func (p PerStage) Product() float64 {
	r := 1.0
	for _, x := range p {
		r *= x
	}
	return r
}

// Team is one side of the paired comparison. Adherence 0 is goal-oriented, 1 process-oriented.
type Team struct {
	Name      string  `json:"name"`
	Adherence float64 `json:"adherence"`
}

// Strategy is one pole of the multiplier blend; a team with adherence a uses
// goal + a*(process - goal) for every value.
type Strategy struct {
	NewMult         float64  `json:"new_mult"`
	DwellMult       PerStage `json:"dwell_mult"`
	ConvMult        PerStage `json:"conv_mult"`
	NDMult          PerStage `json:"nd_mult"`
	Tau0            float64  `json:"tau0"`
	TrustGain       float64  `json:"trust_gain"`
	TrustCap        float64  `json:"trust_cap"`
	MissWeight      float64  `json:"miss_weight"`
	QuarterEndGames float64  `json:"quarter_end_games"`
}

// Strategies are the two poles: goal-oriented and process-oriented selling.
type Strategies struct {
	Goal    Strategy `json:"goal"`
	Process Strategy `json:"process"`
}

// Scenario holds every parameter of the model. Field tags are the scenario file's keys.
// A Scenario is validated once, where it enters the program (see Validate); the engine
// trusts it after that.
type Scenario struct {
	Base string `json:"base,omitempty"`

	Weeks    int `json:"weeks"`
	Reps     int `json:"reps"`
	Substeps int `json:"substeps"`

	ACV      float64 `json:"acv"`
	ACVSigma float64 `json:"acv_sigma"`

	Conv    PerStage `json:"conv"`
	Dwell   PerStage `json:"dwell"`
	NDShare PerStage `json:"nd_share"`

	NewOpps    float64 `json:"new_opps"`
	Capacity   int     `json:"capacity"`
	Complexity float64 `json:"complexity"`
	StallAfter float64 `json:"stall_after"`

	Teams      []Team     `json:"teams"`
	Strategies Strategies `json:"strategies"`

	TrustAdv     float64 `json:"trust_adv"`
	TrustLoss    float64 `json:"trust_loss"`
	TrustND      float64 `json:"trust_nd"`
	PrefTau      float64 `json:"pref_tau"`
	PrefLossMult float64 `json:"pref_loss_mult"`

	ChurnHi float64 `json:"churn_hi"`
	ChurnLo float64 `json:"churn_lo"`

	RepeatMax        float64 `json:"repeat_max"`
	RepeatACVMult    float64 `json:"repeat_acv_mult"`
	RepeatConvMult   float64 `json:"repeat_conv_mult"`
	ReferralMax      float64 `json:"referral_max"`
	ReferralConvMult float64 `json:"referral_conv_mult"`

	InitCustomers int     `json:"init_customers"`
	InitTau       float64 `json:"init_tau"`

	QuotaMult    float64 `json:"quota_mult"`
	PushWeeks    int     `json:"push_weeks"`
	PullAdv      float64 `json:"pull_adv"`
	PullLoss     float64 `json:"pull_loss"`
	DiscLo       float64 `json:"disc_lo"`
	DiscHi       float64 `json:"disc_hi"`
	GiveupRatio  float64 `json:"giveup_ratio"`
	SandbagHold  float64 `json:"sandbag_hold"`
	LearnedWait  float64 `json:"learned_wait"`
	WaitProb     float64 `json:"wait_prob"`
	WaitTrustHit float64 `json:"wait_trust_hit"`
	PushNeglect  float64 `json:"push_neglect"`
	GiveupCoast  float64 `json:"giveup_coast"`

	QuitBase             float64 `json:"quit_base"`
	StressDecay          float64 `json:"stress_decay"`
	StressPush           float64 `json:"stress_push"`
	StressMiss           float64 `json:"stress_miss"`
	StressEta            float64 `json:"stress_eta"`
	RampWeeks            int     `json:"ramp_weeks"`
	RampStart            float64 `json:"ramp_start"`
	RelationshipPersonal float64 `json:"relationship_personal"`
	QuitNDProb           float64 `json:"quit_nd_prob"`
}

// Clone returns a deep copy (the team list is not shared).
func (s Scenario) Clone() Scenario {
	s.Teams = append([]Team(nil), s.Teams...)
	return s
}

// WeeksPerQuarter is the length of a quarter; quotas, pushes and quarter charts use it.
const WeeksPerQuarter = 13

// Quota is one rep's quota for one quarter: quota_mult x new_opps x 13 x acv x product of conv.
func (s *Scenario) Quota() float64 {
	return s.QuotaMult * s.NewOpps * WeeksPerQuarter * s.ACV * s.Conv.Product()
}
