package sim

// docs/model.md, "Customers and trust": customer accounts.

// A customer's trust grows every week toward its team's cap, tau += gain*(cap - tau), so after n
// weeks from a value b it is cap - (cap - b)*(1 - gain)^n. An account keeps b and the week it
// held, and its trust is computed when something reads it: no week visits every customer.

// Account is a won customer. Its id is that of the deal that won it, so two teams that won the
// same deal have the same customer, with the same events in the same order.
type Account struct {
	ID        ID
	Rep       int32
	Active    bool
	Preferred bool // in a World that records events, kept current every week
	Waits     bool // learned to wait for quarter-end discounts

	base    float64 // trust after the growth of week since
	since   int32
	next    int32   // the week of its next candidate event
	event   uint32  // the number of that event
	what    float64 // its second number, which decides what the event is
	repeats int32   // open repeat deals it has brought
}

// trust is a's trust now (after this week's growth once the account step has run).
func (t *TeamState) trust(a *Account) float64 {
	c := t.tm.trustCap
	return c - float64((c-a.base)*t.tm.trustPow[t.grown-a.since])
}

// setTrust changes a's trust now; growth goes on from the new value.
func (t *TeamState) setTrust(a *Account, trust float64) {
	a.base, a.since = trust, t.grown
	a.Preferred = trust >= t.m.s.PrefTau
}

// addAccount makes a customer; its first candidate week is drawn from the week after this one.
func (t *TeamState) addAccount(id ID, rep int32, trust float64) *Account {
	if t.customersMade++; t.customersMade > maxAccountsPerTeam && t.over == nil {
		t.over = t.overrun()
	}
	k := claim(&t.accounts, &t.freeAcc)
	a := &t.accounts[k]
	*a = Account{ID: id, Rep: rep, Active: true, base: trust, since: t.grown, next: int32(t.week)}
	a.Preferred = trust >= t.m.s.PrefTau
	t.scheduleAccount(k)
	return a
}

// scheduleAccount draws the week of account k's next candidate event: the gap from the largest
// weekly chance any trust can give (churn, repeat and referral together), from the account's own
// numbers, so two teams with the same customer see its candidate events in the same order.
func (t *TeamState) scheduleAccount(k int32) {
	a := &t.accounts[k]
	u, v := t.market.dice(a.ID, accountDice, uint64(a.event))
	a.what = v
	next := int64(a.next) + int64(t.m.accountGap.draw(u))
	a.next = int32(min(next, never))
	if next < int64(t.m.s.Weeks) {
		t.customers.add(int32(next), k)
	}
}

// stepAccounts applies this week's trust growth and lets the customers whose candidate week it is
// churn, ask for a repeat deal or refer a new one. A candidate week becomes an event with the
// account's current chance over the bound (thinning), so each week sees each event with exactly
// its weekly chance, for about one draw in twenty-five customer-weeks.
func (t *TeamState) stepAccounts() {
	t.grown = int32(t.week)
	if t.out != nil {
		t.notePreferred()
	}
	for {
		k, ok := t.customers.pop(int32(t.week))
		if !ok {
			return
		}
		t.candidate(k)
	}
}

// candidate decides account k's candidate event.
func (t *TeamState) candidate(k int32) {
	s := t.m.s
	a := &t.accounts[k]
	j := uint64(a.event)
	trust := t.trust(a)
	u, odds := a.what*t.m.accountMax, t.m.accountOdds.at(trust)
	switch {
	case u < odds.churn:
		t.churn(k)
		return
	case u < odds.repeat:
		id := derive(a.ID, j, repeatID)
		if o := t.open(id, t.market.key(id), a.Rep, Proposal, Repeat, s.RepeatACVMult*t.market.value(id), 0, a.ID, k+1); o != nil {
			a.repeats++
			t.begin(o)
		}
	case u < odds.referral:
		id := derive(a.ID, j, referralID)
		ru, _ := t.market.dice(a.ID, referralDice, j)
		carried, rep := 0.5*trust, int32(intn(ru, s.Reps))
		t.Result.Referrals++
		if t.out != nil {
			t.emit(Event{Kind: Referral, Account: a.ID, Rep: int(rep), Trust: carried, Opp: id})
		}
		if o := t.open(id, t.market.key(id), rep, Qualified, FromReferral, t.market.value(id), carried, 0, 0); o != nil {
			t.begin(o)
		}
	}
	a.event++
	t.scheduleAccount(k)
}

// churn ends account k. Its open repeat deals keep the trust and the waiting habit it had, which
// no longer change, and its slot is free for the next customer.
func (t *TeamState) churn(k int32) {
	a := &t.accounts[k]
	trust := t.trust(a)
	a.Active = false
	t.Result.Churned++
	if t.out != nil {
		t.emit(Event{Kind: Churn, Account: a.ID, Rep: int(a.Rep), Trust: trust})
	}
	if a.repeats > 0 {
		for i := range t.opps {
			if o := &t.opps[i]; o.live && o.account == k+1 {
				o.account, o.Trust, o.waits = 0, trust, a.Waits
			}
		}
	}
	t.freeAcc = append(t.freeAcc, k)
}

// notePreferred keeps every customer's Preferred flag current and reports the ones that reached
// preferred position this week, for the animation; batches skip it.
func (t *TeamState) notePreferred() {
	prefTau := t.m.s.PrefTau
	for i := range t.accounts {
		a := &t.accounts[i]
		if !a.Active {
			continue
		}
		trust := t.trust(a)
		if pref := trust >= prefTau; pref != a.Preferred {
			a.Preferred = pref
			if pref {
				t.emit(Event{Kind: Preferred, Account: a.ID, Rep: int(a.Rep), Trust: trust})
			}
		}
	}
}
