package sim

// docs/model.md, "Parameters": the run budget.

import "math"

// A run's budget: what one team of one run may be expected to hold and do, so that every valid
// scenario fits in memory and finishes in seconds. Each key can be in range while the product
// is not (a thousand reps with 200 initial customers each asking for a repeat deal every week),
// so Validate checks the budget after the ranges.
const (
	// maxOppsPerTeam bounds the opportunities a team opens in a run: new leads, repeat deals
	// and referrals.
	maxOppsPerTeam = 20_000_000
	// maxAccountsPerTeam bounds the customers a team's run holds: the initial ones and every
	// new logo or referral won (a churned customer stays on the books).
	maxAccountsPerTeam = 1_000_000
	// maxAccountWeeks bounds the customer-weeks a team's run steps through, the time it spends
	// on trust, churn, repeat deals and referrals.
	maxAccountWeeks = 100_000_000
)

// RunBudget is what Validate expects one team of one run to open and hold, every customer at
// the highest trust the team can reach (trust raises repeat deals, referrals and wins and
// lowers churn), with every win counted in the week its deal opens. It overestimates, so a
// scenario within budget is within it in every run but the most unlikely.
type RunBudget struct {
	Opps         float64 // opportunities opened: new leads, repeat deals and referrals
	Accounts     float64 // customers created, initial ones included
	AccountWeeks float64 // the sum over weeks of the customers held
	Week         int     // the last week computed: the first past the budget, or weeks
}

// Budget computes the run budget of each team of a scenario whose values are in range.
func (s *Scenario) Budget() [2]RunBudget {
	var b [2]RunBudget
	for i, team := range s.Teams {
		b[i] = s.teamBudget(compileTeam(s, team.Adherence))
	}
	return b
}

// teamBudget steps one team's expected counts week by week, stopping at the first week past
// the budget (growth through referrals is exponential, so the sums could overflow).
func (s *Scenario) teamBudget(t teamModel) RunBudget {
	tau := max(s.InitTau, t.tau0, t.trustCap)
	repeatRate := s.RepeatMax * tau / 52
	referralRate := s.ReferralMax * max(0, (tau-0.5)/0.5) / 52
	churn := weeklyProbability(s.ChurnHi - float64((s.ChurnHi-s.ChurnLo)*tau))
	// A new lead opens with no trust; a referral with half its referrer's (accounts.go).
	winNew := t.winChance(s, New, 0)
	winReferral := t.winChance(s, FromReferral, tau/2)
	leads := float64(float64(s.Reps) * s.NewOpps * t.newMult)

	active := float64(s.Reps * s.InitCustomers)
	b := RunBudget{Accounts: active}
	for b.Week < s.Weeks && !b.over() {
		b.Week++
		referrals := float64(active * referralRate)
		b.Opps += leads + float64(active*repeatRate) + referrals
		won := float64(leads*winNew) + float64(referrals*winReferral)
		b.Accounts += won
		active += won - float64(active*churn)
		b.AccountWeeks += b.Accounts
	}
	return b
}

// winChance is the chance that a deal from src wins: the product of its stages' conversions
// at trust tau, each capped as in the model.
func (t *teamModel) winChance(s *Scenario, src Source, tau float64) float64 {
	p := 1.0
	for st := Qualified; st < NumStages; st++ {
		mult := 1 + float64(s.TrustAdv*tau)
		if src == FromReferral && st <= Discovery {
			mult *= s.ReferralConvMult
		}
		p *= min(t.conv[st]*mult, t.convCap[st])
	}
	return p
}

func (b *RunBudget) over() bool {
	return b.Opps > maxOppsPerTeam || b.Accounts > maxAccountsPerTeam || b.AccountWeeks > maxAccountWeeks
}

// checkBudget refuses a scenario whose runs would not fit the budget, naming the count and the
// keys that drive it.
func (s *Scenario) checkBudget() error {
	for _, b := range s.Budget() {
		if err := b.check(); err != nil {
			return err
		}
	}
	return nil
}

func (b *RunBudget) check() error {
	switch {
	case b.Opps > maxOppsPerTeam:
		return Errorf(KindInput, "reps", "a run would open about %s opportunities per team by week %d (new leads reps x new_opps x new_mult, repeat deals, referrals); allowed at most %s (lower reps, new_opps, new_mult, weeks, init_customers, repeat_max or referral_max)",
			plain(roundBig(b.Opps)), b.Week, plain(maxOppsPerTeam))
	case b.Accounts > maxAccountsPerTeam:
		return Errorf(KindInput, "init_customers", "a run would hold about %s customers per team by week %d (reps x init_customers and the new logos and referrals won); allowed at most %s (lower init_customers, reps, referral_max, new_opps or weeks)",
			plain(roundBig(b.Accounts)), b.Week, plain(maxAccountsPerTeam))
	case b.AccountWeeks > maxAccountWeeks:
		return Errorf(KindInput, "weeks", "a run would step through about %s customer-weeks per team by week %d; allowed at most %s (lower weeks, reps, init_customers or referral_max)",
			plain(roundBig(b.AccountWeeks)), b.Week, plain(maxAccountWeeks))
	}
	return nil
}

// overrun is the run budget enforced while a run goes on: Validate's estimate holds for every
// run but the most unlikely, and this stops that one too, so no run can outgrow memory. A team
// checks it as it opens a deal or gains a customer.
func (t *TeamState) overrun() error {
	switch {
	case t.Result.Created >= maxOppsPerTeam:
		return Errorf(KindInput, "reps", "a run opened %s opportunities for team %s by week %d; allowed at most %s (lower reps, new_opps, new_mult, weeks, init_customers, repeat_max or referral_max)",
			plain(maxOppsPerTeam), t.Result.Name, t.week+1, plain(maxOppsPerTeam))
	case t.customersMade >= maxAccountsPerTeam:
		return Errorf(KindInput, "init_customers", "a run held %s customers for team %s by week %d; allowed at most %s (lower init_customers, reps, referral_max, new_opps or weeks)",
			plain(maxAccountsPerTeam), t.Result.Name, t.week+1, plain(maxAccountsPerTeam))
	}
	return nil
}

// roundBig rounds a count up for a message to three significant figures, so a count just past
// its limit never reads as the limit.
func roundBig(x float64) float64 {
	if x < 1000 {
		return math.Ceil(x)
	}
	scale := math.Pow(10, math.Floor(math.Log10(x))-2)
	return math.Ceil(x/scale) * scale
}
