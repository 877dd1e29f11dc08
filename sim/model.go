package sim

// docs/model.md, "What the strategies change": the compiled tables of a scenario.

import (
	"math"

	"github.com/pipesim/pipesim/sim/internal/portable"
)

// model is a scenario compiled for stepping: each team's blended strategy values and the trust
// curves as tables. It is read-only, so one model serves every run of a batch.
type model struct {
	s           *Scenario
	teams       []teamModel
	leadRate    float64      // the market's potential leads per seat and week: the highest rate any team can have
	leads       poissonTable // the number of the market's leads for a seat in a week
	accountOdds accountCurve // weekly chances of churn, repeat and referral by trust
	accountMax  float64      // the highest weekly chance of any of the three, over all trust
	accountGap  gapTable     // the gaps between candidate weeks: geometric with chance accountMax
	quitBound   []float64    // quitWeekly * exp(stress_eta * k / quitBoundSteps), k = 0, 1, ...
	quota       float64
	quitWeekly  float64
	acvMu       float64 // log-mean of the deal-value lognormal
}

// teamModel is one team's strategy, blended by its adherence and scaled by complexity.
type teamModel struct {
	team       Team
	newMult    float64
	conv       PerStage // conv x conversion multiplier, before trust and the 0.97 cap
	convCap    PerStage // max(0.97, conv): multipliers never push conversion above this
	ndShare    PerStage // no-decision share with its multiplier, clamped to [0, 1]
	hazard     PerStage // exit hazard per draw: 1 / (dwell x dwell multiplier x substeps)
	stallSteps [NumStages]int32
	plain      [NumStages]thresholds // for a new-logo deal of a rep in normal mode
	plainStay  [NumStages]stayTable  // stays under plain, drawn without a logarithm
	trustPow   []float64             // (1 - trust_gain)^n, n = 0 ... weeks+1: trust after n weeks of growth

	tau0, trustGain, trustCap, missWeight float64

	// Quarter-end games, each multiplier blended by the games weight g: 1 + g*(m - 1).
	games                                float64
	pullAdv, pullLoss, sandbagHold       float64
	pushNeglect, giveupCoast, stressPush float64
}

// thresholds are the cumulative probabilities of one draw: advance below adv, lost below lost,
// no decision below nd, otherwise the deal stays.
type thresholds struct{ adv, lost, nd float64 }

// compile compiles a validated scenario for its own teams.
func compile(s *Scenario) *model { return compileTeams(s, s.Teams) }

// compileTeams compiles a validated scenario for any number of teams on its market; each team's
// adherence must lie in [0, 1].
func compileTeams(s *Scenario, teams []Team) *model {
	m := &model{s: s, quota: s.Quota(), acvMu: math.Log(s.ACV) - float64(s.ACVSigma*s.ACVSigma/2)}
	// Ramp and quarter-end factors only lower a rep's rate, and a blend lies between its poles,
	// so no team can exceed this. It depends on the scenario alone, not on which teams run.
	m.leadRate = s.NewOpps * max(s.Strategies.Goal.NewMult, s.Strategies.Process.NewMult)
	m.leads = newPoissonTable(m.leadRate)
	m.quitWeekly = weeklyProbability(s.QuitBase)
	m.quitBound = make([]float64, quitBoundSteps*maxBoundedStress+1)
	for k := range m.quitBound {
		m.quitBound[k] = m.quitWeekly * portable.Exp(s.StressEta*float64(k)/quitBoundSteps)
	}
	m.accountOdds.fill(
		func(tau float64) float64 { return weeklyProbability(s.ChurnHi - float64((s.ChurnHi-s.ChurnLo)*tau)) },
		func(tau float64) float64 { return 1 - portable.Exp(-s.RepeatMax*tau/52) },
		func(tau float64) float64 { return 1 - portable.Exp(-s.ReferralMax*max(0, (tau-0.5)/0.5)/52) },
	)
	for _, o := range m.accountOdds {
		m.accountMax = max(m.accountMax, o.referral)
	}
	m.accountGap = newGapTable(math.Log1p(-m.accountMax))
	m.teams = make([]teamModel, len(teams))
	for i, t := range teams {
		m.teams[i] = compileTeam(s, t.Adherence)
		m.teams[i].team = t
	}
	return m
}

func compileTeam(s *Scenario, a float64) teamModel {
	g, p := &s.Strategies.Goal, &s.Strategies.Process
	blend := func(x, y float64) float64 { return x + float64(a*(y-x)) }
	k := s.Complexity
	scaled := func(m float64) float64 { return max(0, 1+float64(k*(m-1))) }
	games := blend(g.QuarterEndGames, p.QuarterEndGames)
	byGames := func(m float64) float64 { return 1 + float64(games*(m-1)) }
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
		t.plainStay[st] = newStayTable(t.plain[st].nd)
	}
	t.trustPow = make([]float64, s.Weeks+2)
	t.trustPow[0] = 1
	for n := 1; n < len(t.trustPow); n++ {
		t.trustPow[n] = t.trustPow[n-1] * (1 - t.trustGain)
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
	mult := 1 + float64(s.TrustAdv*tau)
	switch {
	case src == Repeat:
		mult *= s.RepeatConvMult
	case src == FromReferral && st <= Discovery:
		mult *= s.ReferralConvMult
	}
	conv := t.conv[st] * mult
	if conv > t.convCap[st] { // not min: for floats it is a call under WebAssembly, and conv is never NaN
		conv = t.convCap[st]
	}
	nd := float64(t.ndShare[st] * (1 - float64(s.TrustND*tau)))
	lossM := 1 - float64(s.TrustLoss*tau)
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
	pa := float64(conv * h * advM)
	pl := float64((1 - conv) * h * (1 - nd) * lossM)
	pn := float64((1 - conv) * h * nd * ndM)
	if sum := pa + pl + pn; sum > maxExit {
		k := maxExit / sum
		pa, pl, pn = pa*k, pl*k, pn*k
	}
	return thresholds{adv: pa, lost: pa + pl, nd: pa + pl + pn}
}

// The quit bound table covers stress up to maxBoundedStress in steps of 1/quitBoundSteps;
// past it, the exponential is computed every time.
const (
	quitBoundSteps   = 8
	maxBoundedStress = 32
)

// maxExit caps the chance that a deal leaves its stage in one draw.
const maxExit = 0.98

// curveSegments is the resolution of the trust curves: fine enough that linear interpolation
// is within 1e-6 of the exact weekly probabilities.
const curveSegments = 256

// accountCurve tabulates, once per scenario, an account's weekly chances as functions of trust
// in [0, 1], cumulated in draw order (churn, then repeat, then referral), so the weekly account
// loop interpolates one table instead of computing exponentials.
type accountCurve [curveSegments + 1]accountOdds

// accountOdds are cumulative: churn below churn, a repeat deal below repeat, a referral below referral.
type accountOdds struct{ churn, repeat, referral float64 }

func (c *accountCurve) fill(churn, repeat, referral func(tau float64) float64) {
	for i := range c {
		tau := float64(i) / curveSegments
		a := churn(tau)
		b := a + repeat(tau)
		c[i] = accountOdds{a, b, b + referral(tau)}
	}
}

func (c *accountCurve) at(tau float64) accountOdds {
	x := float64(tau * curveSegments)
	i := int(x)
	if i >= curveSegments {
		return c[curveSegments]
	}
	i = max(i, 0)
	f := x - float64(i)
	a, b := &c[i], &c[i+1]
	return accountOdds{a.churn + float64(f*(b.churn-a.churn)), a.repeat + float64(f*(b.repeat-a.repeat)), a.referral + float64(f*(b.referral-a.referral))}
}
