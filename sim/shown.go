package sim

// docs/model.md, "One run": the calendar of events a recording World shows.

// A World that records events shows each deal's stage changes and stalls in the week they happen.
// A batch run draws a deal's path and never looks at the steps between; the recording World keeps
// a second calendar of the events to show, so recording never changes the order in which deals
// close, nor any sum: stepping a World gives exactly Run's result.

// nextShown is, in a World that records events, the sub-step of o's next event to show before
// its path's end: leaving its stage for the next, or stalling, which it does on the
// (stall_after mean dwells + 1)-th sub-step it sits in the stage without leaving it.
func (t *TeamState) nextShown(o *Opportunity) int32 {
	next, leaves := int32(never), o.end
	if o.Stage < o.last {
		next = o.at[o.Stage+1] - 1 // the sub-step it leaves its stage on
		leaves = next
	}
	if !o.Stalled {
		if n := t.tm.stallSteps[o.Stage]; n < min(leaves, o.review, t.steps)-o.at[o.Stage] {
			next = min(next, o.at[o.Stage]+n)
		}
	}
	return next
}

// fileShown files o, in a World that records events, under the week of its next event to show.
func (t *TeamState) fileShown(o *Opportunity) {
	t.unfileShown(o)
	if o.shownAt = t.nextShown(o); o.shownAt < t.steps {
		o.shownFiled = t.weekOf(o.shownAt)
		o.shownPos = t.shown.add(o.shownFiled, o.slot)
	}
}

// unfileShown takes o out of the calendar of events to show.
func (t *TeamState) unfileShown(o *Opportunity) {
	if o.shownFiled < 0 {
		return
	}
	if moved := t.shown.remove(o.shownFiled, o.shownPos); moved >= 0 {
		t.opps[moved].shownPos = o.shownPos
	}
	o.shownFiled = -1
}

// showUntil shows, in a World that records events, o's events before sub-step step, as a deal
// closes or dies.
func (t *TeamState) showUntil(o *Opportunity, step int32) {
	if t.out == nil {
		return
	}
	for o.shownAt < step {
		t.show(o, o.shownAt)
	}
}

// show reports, in a World that records events, what happens to o on sub-step step short of its
// path's end: it advances (leaving its stage on step) or stalls.
func (t *TeamState) show(o *Opportunity, step int32) {
	if o.Stage < o.last && o.at[o.Stage+1] == step+1 {
		o.Stage++
		o.Stalled = false
		t.emit(Event{Kind: Advanced, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: o.Stage, Source: o.Source, Value: o.Value})
	} else {
		o.Stalled = true
		t.emit(Event{Kind: Stalled, Opp: o.ID, Account: o.Account, Rep: int(o.Rep), Stage: o.Stage, Source: o.Source, Value: o.Value})
	}
	o.shownAt = t.nextShown(o)
}
