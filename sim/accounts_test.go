package sim

import (
	"fmt"
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

// Every run keeps its books: each opportunity created is won, lost, undecided or still open;
// revenue is the sum of the won deals' values net of discounts; every draw's probabilities
// lie in [0, 1].
func TestRunInvariants(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		for seed := range uint64(5) {
			w := NewWorld(&s, seed)
			var net [2]float64
			for w.Step() {
				for _, e := range w.Events() {
					if e.Kind == Won {
						net[e.Team] += e.Value
					}
				}
			}
			r := w.Result()
			for i, tr := range r.Teams {
				name := fmt.Sprintf("%s seed %d team %d", p, seed, i)
				if closed := tr.Wins + tr.Losses + tr.NoDecisions + tr.OpenAtEnd; closed != tr.Created {
					t.Errorf("%s: created %d, but won+lost+no decision+open = %d", name, tr.Created, closed)
				}
				if math.Abs(net[i]-tr.NetRevenue) > 1e-6*tr.NetRevenue {
					t.Errorf("%s: net revenue %.2f, but won deals sum to %.2f", name, tr.NetRevenue, net[i])
				}
				sum := 0.0
				for _, x := range tr.Weekly {
					sum += x
				}
				if math.Abs(sum-tr.NetRevenue) > 1e-6*tr.NetRevenue {
					t.Errorf("%s: weekly revenue sums to %.2f, net revenue is %.2f", name, sum, tr.NetRevenue)
				}
				if tr.NetRevenue > tr.ListRevenue {
					t.Errorf("%s: net revenue %.2f above list %.2f", name, tr.NetRevenue, tr.ListRevenue)
				}
			}
		}
	}
}

// Whatever the modifiers, a draw's thresholds are probabilities in order: 0 <= adv <= lost <= nd <= 0.98.
func TestThresholdsAreProbabilities(t *testing.T) {
	s := MustPreset("quarter-end-crunch")
	s.Complexity = 5
	s.TrustAdv = 5
	s.PullAdv, s.PullLoss = 20, 20
	s.Dwell = PerStage{0.1, 0.5, 1, 520}
	m := compile(&s)
	for team := range m.teams {
		tm := &m.teams[team]
		for st := range Stage(NumStages) {
			for src := range Source(NumSources) {
				for _, tau := range []float64{0, 0.3, 0.8, 1} {
					for mode := normal; mode <= givingUp; mode++ {
						for _, flag := range []bool{false, true} {
							th := tm.thresholdsFor(&s, st, src, tau, mode, flag, !flag)
							if !(0 <= th.adv && th.adv <= th.lost && th.lost <= th.nd && th.nd <= maxExit+1e-12) {
								t.Fatalf("team %d %v %v tau %v mode %d: thresholds %+v", team, st, src, tau, mode, th)
							}
						}
					}
				}
			}
		}
	}
}
