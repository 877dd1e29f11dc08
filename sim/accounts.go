package sim

// stepAccounts lets each customer's trust grow and draws, with one uniform number, whether it
// churns, asks for a repeat deal or refers a new one this week. The three weekly chances are
// small, so they are taken as exclusive within a week.
func (t *TeamState) stepAccounts() {
	s, tm := t.m.s, t.tm
	for i := range t.Accounts {
		a := &t.Accounts[i]
		if !a.Active {
			continue
		}
		a.Trust += tm.trustGain * (tm.trustCap - a.Trust)
		if pref := a.Trust >= s.PrefTau; pref != a.Preferred {
			a.Preferred = pref
			if pref {
				t.emit(Event{Kind: Preferred, Account: a.ID, Rep: int(a.Rep), Trust: a.Trust})
			}
		}
		u := t.rng.float64()
		if p := t.m.churn.at(a.Trust); u < p {
			a.Active = false
			t.Result.Churned++
			t.emit(Event{Kind: Churn, Account: a.ID, Rep: int(a.Rep), Trust: a.Trust})
			continue
		} else {
			u -= p
		}
		if p := t.m.repeat.at(a.Trust); u < p {
			t.open(a.Rep, Proposal, Repeat, s.RepeatACVMult*t.dealValue(), 0, a.ID)
			continue
		} else {
			u -= p
		}
		if u < t.m.referral.at(a.Trust) {
			trust, rep := 0.5*a.Trust, int32(t.rng.intn(s.Reps))
			t.Result.Referrals++
			t.emit(Event{Kind: Referral, Account: a.ID, Rep: int(rep), Trust: trust, Opp: t.nextID + 1})
			t.open(rep, Qualified, FromReferral, t.dealValue(), trust, 0)
		}
	}
}
