package sim

// stepAccounts lets each customer's trust grow and decides whether it churns, asks for a repeat
// deal or refers a new one this week. The three weekly chances are small and taken as exclusive
// within a week. Rather than a draw per account and week, each account draws the gap to its next
// candidate week from the largest possible weekly chance, and a candidate week becomes an event
// with the account's current chance divided by that bound (thinning). Each week still sees an
// event with exactly its current chance, for about one draw in twenty-five account-weeks.
func (t *TeamState) stepAccounts() {
	s := t.m.s
	// Locals, so the loop does not reload them after every store to an account.
	gain, trustCap, prefTau := t.tm.trustGain, t.tm.trustCap, s.PrefTau
	week := int32(t.week)
	for i := range t.Accounts {
		a := &t.Accounts[i]
		if !a.Active {
			continue
		}
		trust := a.Trust + gain*(trustCap-a.Trust)
		a.Trust = trust
		if pref := trust >= prefTau; pref != a.Preferred {
			a.Preferred = pref
			if pref {
				t.emit(Event{Kind: Preferred, Account: a.ID, Rep: int(a.Rep), Trust: trust})
			}
		}
		if a.next != week {
			continue
		}
		a.next += t.rng.geometric(t.m.accountMax, t.m.accountLogQ)
		u, odds := t.rng.float64()*t.m.accountMax, t.m.accountOdds.at(a.Trust)
		switch {
		case u < odds.churn:
			a.Active = false
			t.Result.Churned++
			t.emit(Event{Kind: Churn, Account: a.ID, Rep: int(a.Rep), Trust: a.Trust})
		case u < odds.repeat:
			t.open(a.Rep, Proposal, Repeat, s.RepeatACVMult*t.dealValue(), 0, a.ID)
		case u < odds.referral:
			trust, rep := 0.5*a.Trust, int32(t.rng.intn(s.Reps))
			t.Result.Referrals++
			t.emit(Event{Kind: Referral, Account: a.ID, Rep: int(rep), Trust: trust, Opp: t.nextID + 1})
			t.open(rep, Qualified, FromReferral, t.dealValue(), trust, 0)
		}
	}
}
