package sim

import (
	"math"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

// model is a scenario compiled for stepping: each team's blended strategy values and the trust
// curves as tables. It is read-only, so one model serves every run of a batch.
type model struct {
	s          *Scenario
	teams      [2]teamModel
	churn      curve // weekly churn probability by trust
	repeat     curve // weekly chance of a repeat opportunity by trust
	referral   curve // weekly chance of a referral by trust
	quota      float64
	quitWeekly float64
	acvMu      float64 // log-mean of the deal-value lognormal
}

// teamModel is one team's strategy, blended by its adherence and scaled by complexity.
type teamModel struct {
	newMult    float64
	conv       PerStage // conv x conversion multiplier, before trust and the 0.97 cap
	convCap    PerStage // max(0.97, conv): multipliers never push conversion above this
	ndShare    PerStage // no-decision share with its multiplier, clamped to [0, 1]
	hazard     PerStage // exit hazard per draw: 1 / (dwell x dwell multiplier x substeps)
	stallSteps [NumStages]int32
	plain      [NumStages]thresholds // for a new-logo deal of a rep in normal mode

	tau0, trustGain, trustCap, missWeight float64

	// Quarter-end games, each multiplier blended by the games weight g: 1 + g*(m - 1).
	games                                float64
	pullAdv, pullLoss, sandbagHold       float64
	pushNeglect, giveupCoast, stressPush float64
}

// thresholds are the cumulative probabilities of one draw: advance below adv, lost below lost,
// no decision below nd, otherwise the deal stays.
type thresholds struct{ adv, lost, nd float64 }

func compile(s *Scenario) *model {
	m := &model{s: s, quota: s.Quota(), acvMu: math.Log(s.ACV) - s.ACVSigma*s.ACVSigma/2}
	m.quitWeekly = weeklyProbability(s.QuitBase)
	m.churn.fill(func(tau float64) float64 { return weeklyProbability(s.ChurnHi - (s.ChurnHi-s.ChurnLo)*tau) })
	m.repeat.fill(func(tau float64) float64 { return 1 - portable.Exp(-s.RepeatMax*tau/52) })
	m.referral.fill(func(tau float64) float64 {
		return 1 - portable.Exp(-s.ReferralMax*max(0, (tau-0.5)/0.5)/52)
	})
	for i := range m.teams {
		m.teams[i] = compileTeam(s, s.Teams[i].Adherence)
	}
	return m
}

func compileTeam(s *Scenario, a float64) teamModel {
	g, p := &s.Strategies.Goal, &s.Strategies.Process
	blend := func(x, y float64) float64 { return x + a*(y-x) }
	k := s.Complexity
	scaled := func(m float64) float64 { return max(0, 1+k*(m-1)) }
	games := blend(g.QuarterEndGames, p.QuarterEndGames)
	byGames := func(m float64) float64 { return 1 + games*(m-1) }
	t := teamModel{
		newMult:     blend(g.NewMult, p.NewMult),
		tau0:        blend(g.Tau0, p.Tau0),
		trustGain:   blend(g.TrustGain, p.TrustGain),
		trustCap:    blend(g.TrustCap, p.TrustCap),
		missWeight:  blend(g.MissWeight, p.MissWeight),
		games:       games,
		pullAdv:     byGames(s.PullAdv),
		pullLoss:    byGames(s.PullLoss),
		sandbagHold: byGames(s.SandbagHold),
		pushNeglect: games * s.PushNeglect,
		giveupCoast: games * s.GiveupCoast,
		stressPush:  games * s.StressPush,
	}
	for st := range NumStages {
		dwell := s.Dwell[st] * blend(g.DwellMult[st], p.DwellMult[st])
		t.conv[st] = s.Conv[st] * scaled(blend(g.ConvMult[st], p.ConvMult[st]))
		t.convCap[st] = max(0.97, s.Conv[st])
		t.ndShare[st] = min(1, s.NDShare[st]*scaled(blend(g.NDMult[st], p.NDMult[st])))
		t.hazard[st] = 1 / (dwell * float64(s.Substeps))
		t.stallSteps[st] = int32(math.Min(s.StallAfter*dwell*float64(s.Substeps), math.MaxInt32))
	}
	for st := range NumStages {
		t.plain[st] = t.thresholdsFor(s, Stage(st), New, 0, normal, false, false)
	}
	return t
}

// weeklyProbability converts an annual probability to the weekly one that compounds to it.
func weeklyProbability(annual float64) float64 {
	return 1 - portable.Exp(math.Log1p(-annual)/52)
}

// thresholdsFor applies every modifier of a deal to its stage's competing hazards
// (advance, lost, no decision) and returns the cumulative probabilities of one draw.
func (t *teamModel) thresholdsFor(s *Scenario, st Stage, src Source, tau float64, mode repMode, inWindow, waits bool) thresholds {
	mult := 1 + s.TrustAdv*tau
	switch {
	case src == Repeat:
		mult *= s.RepeatConvMult
	case src == FromReferral && st <= Discovery:
		mult *= s.ReferralConvMult
	}
	conv := min(t.conv[st]*mult, t.convCap[st])
	nd := t.ndShare[st] * (1 - s.TrustND*tau)
	lossM := 1 - s.TrustLoss*tau
	if tau >= s.PrefTau {
		lossM *= s.PrefLossMult
	}
	advM, ndM := 1.0, 1.0
	switch {
	case mode == pushing && st >= Proposal:
		advM, lossM, ndM = t.pullAdv, lossM*t.pullLoss, t.pullLoss
	case (mode == sandbagging || mode == givingUp) && st == Negotiation:
		advM = t.sandbagHold
	}
	if waits && !inWindow {
		advM *= 1 - s.LearnedWait
	}
	h := t.hazard[st]
	pa := conv * h * advM
	pl := (1 - conv) * h * (1 - nd) * lossM
	pn := (1 - conv) * h * nd * ndM
	if sum := pa + pl + pn; sum > maxExit {
		k := maxExit / sum
		pa, pl, pn = pa*k, pl*k, pn*k
	}
	return thresholds{adv: pa, lost: pa + pl, nd: pa + pl + pn}
}

// maxExit caps the chance that a deal leaves its stage in one draw.
const maxExit = 0.98

// curveSegments is the resolution of the trust curves: fine enough that linear interpolation
// is within 1e-6 of the exact weekly probability.
const curveSegments = 256

// curve is a function of trust in [0, 1], tabulated once per scenario so that the weekly
// account loop does arithmetic instead of exponentials.
type curve [curveSegments + 1]float64

func (c *curve) fill(f func(tau float64) float64) {
	for i := range c {
		c[i] = f(float64(i) / curveSegments)
	}
}

func (c *curve) at(tau float64) float64 {
	x := tau * curveSegments
	i := int(x)
	if i >= curveSegments {
		return c[curveSegments]
	}
	if i < 0 {
		return c[0]
	}
	f := x - float64(i)
	return c[i] + f*(c[i+1]-c[i])
}
