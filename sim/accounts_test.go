package sim

import (
	"math"
	"testing"
)

// Customers at a fixed trust must churn, ask for repeat deals and refer at the weekly chances
// their annual rates convert to, whatever the skipping between candidate weeks does.
// Tolerance: 5 standard errors of a binomial count over the account-weeks observed.
func TestAccountEventsMatchWeeklyChances(t *testing.T) {
	s := MustPreset("mid-market")
	for k, v := range map[string]string{
		"new_opps": "0", "init_customers": "40", "init_tau": "0.8", "quit_base": "0", "capacity": "1000",
		"strategies.goal.trust_gain": "0", "strategies.process.trust_gain": "0",
		"strategies.goal.quarter_end_games": "0", // no discounts, so no trust lost to them
	} {
		must(t, s.Set(k, v))
	}
	must(t, s.Validate())
	// Expected counts add up each active account-week's exact chance at its current trust
	// (referral wins bring in customers at lower trust).
	churn := func(tau float64) float64 { return weeklyProbability(s.ChurnHi - (s.ChurnHi-s.ChurnLo)*tau) }
	repeat := func(tau float64) float64 { return 1 - math.Exp(-s.RepeatMax*tau/52) }
	referral := func(tau float64) float64 { return 1 - math.Exp(-s.ReferralMax*max(0, (tau-0.5)/0.5)/52) }

	var weeks, churned, repeats, referrals, wantChurn, wantRepeat, wantReferral float64
	for seed := range uint64(20) {
		w := NewWorld(&s, seed)
		for !w.Done() {
			for i := range 2 {
				w.Team(i).EachCustomer(func(_ *Account, trust float64) {
					weeks++
					wantChurn += churn(trust)
					wantRepeat += repeat(trust)
					wantReferral += referral(trust)
				})
			}
			w.Step()
			for _, e := range w.Events() {
				switch {
				case e.Kind == Churn:
					churned++
				case e.Kind == Created && e.Source == Repeat:
					repeats++
				case e.Kind == Referral:
					referrals++
				}
			}
		}
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"churn", churned, wantChurn}, {"repeat", repeats, wantRepeat}, {"referral", referrals, wantReferral}} {
		want := c.want
		if sd := math.Sqrt(want); math.Abs(c.got-want) > 5*sd {
			t.Errorf("%s: %.0f events in %.0f account-weeks, want %.0f ± %.0f", c.what, c.got, weeks, want, 5*sd)
		}
	}
}
