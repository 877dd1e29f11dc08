package sim

// docs/model.md, "Quarters and quota": the push window and the quarter close.

// repMode is what a rep does in the last weeks of a quarter.
type repMode uint8

const (
	normal      repMode = iota
	sandbagging         // quota made: hold Negotiation deals for next quarter
	pushing             // within reach: pull deals in, at a discount and a risk
	givingUp            // out of reach: hold deals, coast
)

// window reports whether a week is in its quarter's push window (never, with no push weeks).
// Unsigned, as weeks are never negative: the remainder is then a multiply and a shift.
func (t *TeamState) window(week int32) bool {
	return uint32(week)%WeeksPerQuarter >= uint32(WeeksPerQuarter-t.pushWeeks)
}

// setModes decides, in the last weeks of a quarter, whether each rep sandbags, pushes or gives
// up, from the gap to quota and the late-stage pipeline that could close it. A mode changes the
// chances of deals at Proposal and Negotiation, so in each window week, and in the week after,
// their stays are drawn again.
func (t *TeamState) setModes(inWindow bool) {
	was := t.wasIn
	t.wasIn = inWindow
	if t.tm.games == 0 || (!inWindow && !was) {
		return
	}
	for i := range t.Reps {
		t.Reps[i].mode, t.Reps[i].late = normal, 0
	}
	now := t.stepOf(t.week)
	for k := range t.opps {
		if o := &t.opps[k]; o.live && o.stageAt(now) >= Proposal {
			t.Reps[o.Rep].late += o.Value
			o.review, o.due = now, now
			t.file(o)
		}
	}
	if !inWindow {
		return
	}
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		gap := t.m.quota - r.Bookings
		switch {
		case gap <= 0:
			r.mode = sandbagging
		case gap <= s.GiveupRatio*0.3*r.late:
			r.mode = pushing
			r.Stress += t.tm.stressPush
		default:
			r.mode = givingUp
		}
	}
}

// closeQuarter scores each rep against quota; a clear miss adds stress.
func (t *TeamState) closeQuarter() {
	s := t.m.s
	for i := range t.Reps {
		r := &t.Reps[i]
		t.Result.RepQuarters++
		if r.Bookings >= t.m.quota {
			t.Result.RepQuartersAtQuota++
		}
		if r.Bookings < 0.8*t.m.quota {
			r.Stress += float64(s.StressMiss * t.tm.missWeight)
		}
		r.Bookings = 0
	}
}
