package sim

// docs/model.md, "Stages and competing hazards": opportunities, their stays and exits.

import (
	"math"
	"math/rand/v2"
)

// A deal's stay in a stage is drawn when it enters the stage: with a chance p of leaving on each
// sub-step, the stay is geometric, and how it leaves (advance, lost, no decision) is independent of
// when, in proportion to the three chances. Both come from the deal's own numbers. Where a deal's
// chances change during a stay (its rep's quarter-end mode, its customer's trust), the rest of the
// stay is drawn again from the new chances at the change: a geometric stay has no memory, so this
// is exact. Each week then visits only the deals whose exit, stall or redraw falls in it.

// Opportunity is a deal in a team's pipeline. Its ID is the market's: where two teams hold the
// same deal, it has the same ID, week of creation and value in both. Its Stage and Stalled are
// kept current in a World that records events; a batch run only draws the deal's path.
type Opportunity struct {
	ID      ID
	Account ID // for a repeat deal, its customer's id; 0 otherwise
	Rep     int32
	Created int32 // week created (1-based)
	Stage   Stage
	Source  Source
	Stalled bool
	Value   float64
	Trust   float64 // trust a referral carries from its referrer

	live       bool
	waits      bool             // its customer churned after learning to wait for discounts
	first      Stage            // the stage it was created in
	last       Stage            // the last stage its drawn path reaches
	drawStage  Stage            // the stage of the latest draw of a stay
	drawN      uint16           // which draw of that stage's stay it was
	how        EventKind        // how its path ends: Won, Lost or NoDecision
	account    int32            // its live customer's slot + 1, 0 when none
	slot       int32            // its own index in the team's deal slots
	key        uint64           // its id mixed with the run's seed: the root of its numbers
	born       int32            // its first sub-step
	at         [NumStages]int32 // the sub-step it enters each stage on its path (never: not reached)
	end        int32            // the sub-step its path closes on (never: not within the run, or not drawn yet)
	review     int32            // the sub-step at which its path is drawn again because its chances change
	due        int32            // the first of end and review
	filed      int32            // the week whose calendar bucket holds it, -1 for none
	pos        int32            // its index in that bucket
	shownAt    int32            // recording: the sub-step of its next event to show (a stage change or stall)
	shownFiled int32            // recording: the week whose bucket of events to show holds it, -1 for none
	shownPos   int32            // its index in that bucket
}

// never is a sub-step past every run's end.
const never = math.MaxInt32

// arrivals lets each rep take its share of this week's market leads.
func (t *TeamState) arrivals() {
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		rate := s.NewOpps * t.tm.newMult * t.rampFactor(r)
		switch r.mode {
		case pushing:
			rate *= 1 - t.tm.pushNeglect
		case givingUp:
			rate *= 1 - t.tm.giveupCoast
		}
		r.take = 0
		if t.m.leadRate > 0 {
			r.take = rate / t.m.leadRate
		}
	}
	leads := t.market.leads
	for i := range leads {
		l := &leads[i] // not a copy: most leads are looked at and passed over
		if l.Take < t.Reps[l.Seat].take {
			if o := t.open(l.ID, l.key, l.Seat, Qualified, New, l.Value, 0, 0, 0); o != nil {
				t.plainPath(o, l.dice[0], l.dice[1])
				t.file(o)
			}
		}
	}
}

// stepOf is the first sub-step of a week.
func (t *TeamState) stepOf(week int) int32 { return int32(week) * t.sub }

// weekOf is the week a sub-step falls in.
func (t *TeamState) weekOf(step int32) int32 {
	if t.sub == 1 {
		return step
	}
	return step / t.sub
}

// open adds an opportunity created this week, or drops it when its rep is at capacity (nil).
// The caller sets what else it carries, then draws its path and files it: plainPath and file for
// a market lead, begin for a deal a customer brings. key is the root of its numbers (Market.key).
// A repeat deal names its customer (account is its id, slot its slot + 1).
func (t *TeamState) open(id ID, key uint64, rep int32, st Stage, src Source, value, trust float64, account ID, slot int32) *Opportunity {
	r := &t.Reps[rep]
	if t.over != nil {
		return nil // the run is being stopped: see overrun
	}
	if t.Result.Created >= maxOppsPerTeam {
		t.over = t.overrun()
		return nil
	}
	if r.Open >= t.capacity {
		t.Result.Dropped++
		if t.out != nil {
			t.emit(Event{Kind: Dropped, Opp: id, Account: account, Rep: int(rep), Stage: st, Source: src, Value: value})
		}
		return nil
	}
	r.Open++
	t.openN++
	k := claim(&t.opps, &t.freeOpps)
	o := &t.opps[k]
	born := t.stepOf(t.week)
	// Field by field: a composite literal of this size is built on the stack and copied.
	*o = Opportunity{}
	o.ID, o.Rep, o.Created, o.Stage, o.Source, o.Value = id, rep, int32(t.week+1), st, src, value
	o.Trust, o.Account, o.account, o.live, o.slot, o.born = trust, account, slot, true, k, born
	o.first, o.filed, o.shownFiled, o.key = st, -1, -1, key
	o.at = [NumStages]int32{never, never, never, never}
	o.at[st] = born
	t.Result.Created++
	if t.out != nil {
		t.emit(Event{Kind: Created, Opp: id, Account: account, Rep: int(rep), Stage: st, Source: src, Value: value, Trust: trust})
	}
	return o
}

// begin draws the path of a deal a customer brings and files it.
func (t *TeamState) begin(o *Opportunity) {
	t.drawPath(o, o.first, o.born)
	t.file(o)
}

// plainPath draws the path of a new-logo deal, created in Qualified, from the numbers (u, v) of
// its first stay (the market's, shared by every team that takes the lead) with the team's
// precomputed chances: the common case, kept short. Where the path reaches Proposal for a team
// that plays quarter-end games, the rest is drawn as drawPath draws it.
func (t *TeamState) plainPath(o *Opportunity, u, v float64) {
	tm := t.tm
	st, from := o.first, o.born
	o.review, o.end = never, never
	for {
		n := tm.plainStay[st].draw(u)
		if n > t.steps-from {
			break // it leaves after the run
		}
		exit := from + n - 1
		th := &tm.plain[st]
		if x := v * th.nd; x < th.adv {
			if st < Negotiation {
				st++
				from = exit + 1
				o.at[st] = from
				if st >= Proposal && tm.games > 0 {
					t.drawStays(o, st, from, 0)
					return
				}
				u, v = o.dice(st, 0)
				continue
			}
			o.how = Won
		} else if x < th.lost {
			o.how = Lost
		} else {
			o.how = NoDecision
		}
		o.end = exit
		break
	}
	o.drawStage, o.drawN = st, 0
	t.reaches(o, st) // a new deal's later stages are unreached already
}

// drawPath draws o's way through the pipeline from sub-step from, which lies in stage st: each
// stay and how it ends, stage after stage, until the deal closes, outlasts the run, or reaches a
// point where its chances can change (a redraw is due there). A stage's first stay uses the
// stage's first numbers, so two teams holding the same deal stay in step stage by stage.
func (t *TeamState) drawPath(o *Opportunity, st Stage, from int32) {
	o.review, o.end = never, never
	d := uint64(0) // which draw of stage st this is
	if from > o.at[st] {
		d = 1 // the stay is drawn again part-way
		if st == o.drawStage {
			d = uint64(o.drawN) + 1
		}
	}
	t.drawStays(o, st, from, d)
}

// drawStays is drawPath from draw d of stage st's stay.
func (t *TeamState) drawStays(o *Opportunity, st Stage, from int32, d uint64) {
	for {
		week := t.weekOf(from)
		mode := normal
		short := false
		if week == int32(t.week) {
			mode = t.Reps[o.Rep].mode
			// Chances that may change next week: a repeat deal's (its customer's trust grows),
			// a waiting customer's (the window matters), and, for a team that plays quarter-end
			// games, a late-stage deal's inside the push window (its rep's mode is set again).
			short = o.account != 0 || o.waits || (t.gaming && st >= Proposal)
		} else if st >= Proposal && t.tm.games > 0 && t.window(week) {
			o.review = from // its chances in that week depend on its rep's mode then
			break
		}
		var th thresholds
		var n int32 // the stay in sub-steps, counting the one it leaves on
		u, v := o.dice(st, d)
		o.drawStage, o.drawN = st, uint16(d)
		if o.Source == New && !short && (st < Proposal || mode == normal) {
			th = t.tm.plain[st]
			n = t.tm.plainStay[st].draw(u)
		} else {
			th = t.thresholds(o, st, mode, t.window(week))
			if short {
				n = stayWithin(u, th.nd, t.stepOf(t.week+1)-from)
			} else {
				n = geometric(u, math.Log1p(-th.nd))
			}
		}
		if n >= t.steps-from+1 { // it leaves after the run, or (short) after this week
			if short {
				o.review = t.stepOf(t.week + 1)
			}
			break
		}
		exit := from + n - 1
		switch x := v * th.nd; {
		case x < th.adv && st < Negotiation:
			st++
			from, d = exit+1, 0
			o.at[st] = from
			continue
		case x < th.adv:
			o.how = Won
		case x < th.lost:
			o.how = Lost
		default:
			o.how = NoDecision
		}
		o.end = exit
		break
	}
	t.endPath(o, st)
}

// endPath records that o's drawn path reaches stage st, and when its next event falls.
func (t *TeamState) endPath(o *Opportunity, st Stage) {
	for s := st + 1; s < NumStages; s++ {
		o.at[s] = never
	}
	t.reaches(o, st)
}

// reaches is endPath for a path whose stages after st are marked unreached.
func (t *TeamState) reaches(o *Opportunity, st Stage) {
	o.last = st
	o.due = min(o.end, o.review)
	if t.out != nil {
		t.fileShown(o)
	}
}

// dice returns the two numbers of draw d of o's stay in stage st.
func (o *Opportunity) dice(st Stage, d uint64) (u, v float64) { return stayDice(o.key, st, d) }

// stayDice returns the two numbers of draw d of the stay in stage st of the deal with this key.
func stayDice(key uint64, st Stage, d uint64) (u, v float64) {
	var g rand.PCG
	g.Seed(key^uint64(st+1)*goldenGamma, key+d)
	return uniforms(g.Uint64())
}

// stageAt is the stage o is in at sub-step step of its drawn path.
func (o *Opportunity) stageAt(step int32) Stage {
	st := o.last
	for st > o.first && o.at[st] > step {
		st--
	}
	return st
}

// file puts o in the calendar bucket of its next event's week, taking it out of the one it was in.
func (t *TeamState) file(o *Opportunity) {
	if o.filed >= 0 {
		t.unfile(o)
	}
	if o.due >= t.steps {
		return
	}
	o.filed = t.weekOf(o.due)
	o.pos = t.deals.add(o.filed, o.slot)
}

// unfile takes o out of its calendar bucket.
func (t *TeamState) unfile(o *Opportunity) {
	if moved := t.deals.remove(o.filed, o.pos); moved >= 0 {
		t.opps[moved].pos = o.pos
	}
	o.filed = -1
}

// stepPipeline handles every deal event that falls in this week: redraws and closes, then, in a
// World that records events, each stage change and stall to show. The shown events have a
// calendar of their own, so recording never changes the order in which deals close, nor any sum.
func (t *TeamState) stepPipeline() {
	end := t.stepOf(t.week + 1)
	for {
		k, ok := t.deals.pop(int32(t.week))
		if !ok {
			break
		}
		o := &t.opps[k]
		o.filed = -1
		// Its path is drawn again where its chances change, until it closes or its next event
		// falls in a later week.
		for o.due == o.review {
			t.drawPath(o, o.stageAt(o.due), o.due)
			if o.due >= end {
				t.file(o)
				break
			}
		}
		if o.due < end {
			t.closeAt(o)
		}
	}
	if t.out == nil {
		return
	}
	for {
		k, ok := t.shown.pop(int32(t.week))
		if !ok {
			return
		}
		o := &t.opps[k]
		o.shownFiled = -1
		for o.shownAt < end {
			t.show(o, o.shownAt)
		}
		t.fileShown(o)
	}
}

// settle adds o's way through the pipeline up to sub-step cut to the funnel: the stages it
// entered (those it reached by cut) and left, and the sub-steps it spent in each, counting the
// one it closes on when closing. It counts the deal as stalled if it ever sat in a stage past
// stall_after mean dwells, and returns the stage it is in at cut.
func (t *TeamState) settle(o *Opportunity, cut int32, closing bool) Stage {
	f, at, stall := &t.Result.Funnel, &o.at, &t.tm.stallSteps
	stalled := false
	st := o.first
	for ; ; st++ {
		f[st].Entered++
		if st == o.last || at[st+1] > cut {
			break
		}
		f[st].Advanced++
		stay := at[st+1] - at[st]
		t.stepped[st] += int64(stay)
		stalled = stalled || stay-1 > stall[st]
	}
	sat := cut - at[st] // sub-steps it sat in its last stage without leaving
	t.stepped[st] += int64(sat)
	if closing {
		t.stepped[st]++
	}
	if stalled || sat > stall[st] {
		t.Result.Stalled++
	}
	return st
}

// closeAt ends o at its path's end: won, lost or no decision.
func (t *TeamState) closeAt(o *Opportunity) {
	t.showUntil(o, o.end)
	o.Stage = t.settle(o, o.end, true)
	if o.how == Won {
		t.Result.Funnel[o.Stage].Advanced++
		t.win(o)
		return
	}
	t.close(o, o.how)
}

// thresholds returns the chances of a deal with its own modifiers (plain new-logo deals of a rep
// in normal mode use the team's precomputed ones instead).
func (t *TeamState) thresholds(o *Opportunity, st Stage, mode repMode, inWindow bool) thresholds {
	tau, waits := o.Trust, o.waits
	if o.account != 0 {
		a := &t.accounts[o.account-1]
		tau, waits = t.trust(a), a.Waits
	}
	return t.tm.thresholdsFor(t.m.s, st, o.Source, tau, mode, inWindow, waits)
}

// win books o, which leaves Negotiation this week. A deal pulled in by a pushing rep is
// discounted, and its customer may learn to wait for the next discount.
func (t *TeamState) win(o *Opportunity) {
	s := t.m.s
	res := &t.Result
	pushed := t.Reps[o.Rep].mode == pushing
	discount, waitU := 0.0, 1.0
	if pushed {
		var u float64
		u, waitU = t.market.dice(o.ID, winDice, 0)
		discount = t.tm.games * (s.DiscLo + float64((s.DiscHi-s.DiscLo)*u))
	}
	net := float64(o.Value * (1 - discount))
	res.ListRevenue += o.Value
	res.NetRevenue += net
	res.RevenueBySource[o.Source] += net
	res.Weekly[t.week] += net
	res.Wins++
	res.WonWeeks += float64(o.end-o.born+1) / float64(s.Substeps)
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
	switch {
	case o.account != 0:
		acc = &t.accounts[o.account-1]
	case o.Source != Repeat:
		trust := o.Trust // a referral's carried trust, if it beats the team's starting trust
		if trust < t.tm.tau0 {
			trust = t.tm.tau0
		}
		acc = t.addAccount(o.ID, o.Rep, trust)
	}
	if t.out != nil { // the event is not even built in a batch: this is a hot path
		e := Event{Kind: Won, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: Negotiation, Source: o.Source,
			Value: net, Discount: discount, Trust: o.Trust, Pushed: pushed}
		if acc != nil { // else a repeat deal whose customer has churned, which keeps its own trust
			e.Account, e.Trust = acc.ID, t.trust(acc)
		}
		t.emit(e)
	}
	if acc != nil && discount > 0 && waitU < s.WaitProb {
		acc.Waits = true
		t.setTrust(acc, max(0, t.trust(acc)-s.WaitTrustHit))
		if t.out != nil {
			t.emit(Event{Kind: Waits, Opp: o.ID, Account: acc.ID, Rep: int(o.Rep), Trust: t.trust(acc)})
		}
	}
	t.remove(o)
}

// close ends o as Lost or NoDecision.
func (t *TeamState) close(o *Opportunity, how EventKind) {
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
	t.remove(o)
}

// remove frees o's slot for the next deal.
func (t *TeamState) remove(o *Opportunity) {
	if o.filed >= 0 {
		t.unfile(o)
	}
	if t.out != nil {
		t.unfileShown(o)
	}
	if o.account != 0 {
		t.accounts[o.account-1].repeats--
	}
	o.live = false
	t.Reps[o.Rep].Open--
	t.openN--
	t.freeOpps = append(t.freeOpps, o.slot)
}
