package sim

import "github.com/pipesim/pipesim/sim/internal/portable"

// arrivals brings each rep its new qualified leads for the week.
func (t *TeamState) arrivals() {
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		lambda := s.NewOpps * t.tm.newMult * t.rampFactor(r)
		switch r.mode {
		case pushing:
			lambda *= 1 - t.tm.pushNeglect
		case givingUp:
			lambda *= 1 - t.tm.giveupCoast
		}
		// A rep's rate changes only while ramping or in quarter-end modes; exp(-rate) is never 0,
		// so 0 marks a rep (or new hire) that has none yet.
		if lambda != r.lambda || r.expNegLambda == 0 {
			r.lambda, r.expNegLambda = lambda, portable.FastExp(-lambda) // lambda <= 250
		}
		for n := t.rng.poisson(lambda, r.expNegLambda); n > 0; n-- {
			t.open(int32(i), Qualified, New, t.dealValue(), 0, 0)
		}
	}
}

// dealValue draws a lognormal deal value. Its exponent stays far inside FastExp's range:
// acv and acv_sigma are bounded and normal deviates are below 10 in size.
func (t *TeamState) dealValue() float64 {
	return portable.FastExp(t.m.acvMu + t.m.s.ACVSigma*t.rng.normal())
}

// open adds an opportunity, or drops it when its rep is at capacity.
func (t *TeamState) open(rep int32, st Stage, src Source, value, trust float64, account int32) {
	r := &t.Reps[rep]
	if r.Open >= t.m.s.Capacity {
		t.Result.Dropped++
		t.emit(Event{Kind: Dropped, Rep: int(rep), Stage: st, Source: src, Value: value, Account: account})
		return
	}
	r.Open++
	t.nextID++
	t.Opps = append(t.Opps, Opportunity{ID: t.nextID, Account: account, Rep: rep, Created: int32(t.week + 1),
		Stage: st, Source: src, Value: value, Trust: trust})
	t.Result.Created++
	t.Result.Funnel[st].Entered++
	if t.out != nil {
		t.emit(Event{Kind: Created, Opp: t.nextID, Account: account, Rep: int(rep), Stage: st, Source: src, Value: value, Trust: trust})
	}
}

// stepPipeline takes each open deal's draws for the week: advance, lost, no decision or stay.
// Staying is the common outcome, so that path is kept short; exits go to exit.
func (t *TeamState) stepPipeline(inWindow bool) {
	sub := t.m.s.Substeps
	tm := t.tm
	for k := 0; k < len(t.Opps); {
		o := &t.Opps[k]
		mode := normal // outside the push window every rep is; no need to look
		if inWindow {
			mode = t.Reps[o.Rep].mode
		}
		closed := false
		for range sub {
			st := o.Stage
			var th thresholds
			if o.Source == New && mode == normal {
				th = tm.plain[st]
			} else {
				th = t.thresholds(o, mode, inWindow)
			}
			t.draws[st]++
			o.AgeSteps++
			if u := t.rng.float64(); u < th.nd {
				if closed = t.exit(k, u, &th, mode); closed {
					break
				}
				continue
			}
			o.StageSteps++
			if !o.Stalled && o.StageSteps > tm.stallSteps[st] {
				t.stall(o)
			}
		}
		if !closed {
			k++
		} // else another deal now sits at k
	}
}

// exit handles a draw u below th.nd: the deal advances (reporting false) or closes (true).
func (t *TeamState) exit(k int, u float64, th *thresholds, mode repMode) bool {
	o := &t.Opps[k]
	switch st := o.Stage; {
	case u < th.adv:
		t.Result.Funnel[st].Advanced++
		if st == Negotiation {
			t.win(k, mode == pushing)
			return true
		}
		o.Stage++
		o.StageSteps, o.Stalled = 0, false
		t.Result.Funnel[o.Stage].Entered++
		if t.out != nil { // building the event costs more than the branch
			t.emit(Event{Kind: Advanced, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: o.Stage, Source: o.Source, Value: o.Value})
		}
		return false
	case u < th.lost:
		t.close(k, Lost)
	default:
		t.close(k, NoDecision)
	}
	return true
}

// stall marks a deal that has sat in its stage past stall_after mean dwells.
func (t *TeamState) stall(o *Opportunity) {
	o.Stalled = true
	if !o.stalled {
		o.stalled = true
		t.Result.Stalled++
	}
	t.emit(Event{Kind: Stalled, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: o.Stage, Source: o.Source, Value: o.Value})
}

// thresholds returns the draw probabilities of a deal with its own modifiers (plain new-logo
// deals of a rep in normal mode use the team's precomputed ones instead).
func (t *TeamState) thresholds(o *Opportunity, mode repMode, inWindow bool) thresholds {
	tau, waits := o.Trust, false
	if o.Account != 0 {
		a := &t.Accounts[o.Account-1]
		tau, waits = a.Trust, a.Waits
	}
	return t.tm.thresholdsFor(t.m.s, o.Stage, o.Source, tau, mode, inWindow, waits)
}

// win books deal k. A deal pulled in by a pushing rep is discounted, and its customer may learn
// to wait for the next discount.
func (t *TeamState) win(k int, pushed bool) {
	s := t.m.s
	o := t.Opps[k]
	res := &t.Result
	discount := 0.0
	if pushed {
		discount = t.tm.games * t.rng.uniform(s.DiscLo, s.DiscHi)
	}
	net := o.Value * (1 - discount)
	res.ListRevenue += o.Value
	res.NetRevenue += net
	res.RevenueBySource[o.Source] += net
	res.Weekly[t.week] += net
	res.Wins++
	res.WonWeeks += float64(o.AgeSteps) / float64(s.Substeps)
	switch o.Source {
	case New:
		res.NewWins++
		res.NewClosed++
	case Repeat:
		res.RepeatWins++
	case FromReferral:
		res.ReferralWins++
	}
	t.Reps[o.Rep].Bookings += net

	var acc *Account
	if o.Account != 0 {
		acc = &t.Accounts[o.Account-1]
	} else {
		acc = t.addAccount(o.Rep, max(t.tm.tau0, o.Trust))
	}
	t.emit(Event{Kind: Won, Opp: o.ID, Account: acc.ID, Rep: int(o.Rep), Stage: Negotiation, Source: o.Source,
		Value: net, Discount: discount, Trust: acc.Trust, Pushed: pushed})
	if discount > 0 && t.rng.float64() < s.WaitProb {
		acc.Waits = true
		acc.Trust = max(0, acc.Trust-s.WaitTrustHit)
		acc.Preferred = acc.Trust >= s.PrefTau
		t.emit(Event{Kind: Waits, Opp: o.ID, Account: acc.ID, Rep: int(o.Rep), Trust: acc.Trust})
	}
	t.remove(k)
}

// close ends deal k as Lost or NoDecision.
func (t *TeamState) close(k int, how EventKind) {
	o := &t.Opps[k]
	res := &t.Result
	f := &res.Funnel[o.Stage]
	if how == Lost {
		res.Losses++
		f.Lost++
	} else {
		res.NoDecisions++
		f.NoDecision++
	}
	if o.Source == New {
		res.NewClosed++
		if how == NoDecision {
			res.NewNoDecided++
		}
	}
	if t.out != nil {
		t.emit(Event{Kind: how, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: o.Stage, Source: o.Source, Value: o.Value})
	}
	t.remove(k)
}

// remove drops deal k from the open list by moving the last deal into its place, so storage is
// reused and never grows beyond the most deals open at once.
func (t *TeamState) remove(k int) {
	t.Reps[t.Opps[k].Rep].Open--
	last := len(t.Opps) - 1
	t.Opps[k] = t.Opps[last]
	t.Opps = t.Opps[:last]
}
