// Package history keeps each deal's story for the page's deal panel: what happened to it, week
// by week, from the events a sim.World emits. It knows nothing of Ebiten or the browser, so its
// tests run natively.
package history

import (
	"github.com/pipesim/pipesim/sim"
)

// KeepClosed is how many closed deals keep their story: enough that a facilitator can click a
// deal that just landed in an outcome bin, few enough that a 20-year run does not grow memory.
const KeepClosed = 400

// maxEntries bounds one deal's lines. A deal has at most a creation, three advances, four stalls,
// a lesson learned about discounts and its close; rep quits and customer news can repeat, and
// past the bound they are dropped (the close always has a place).
const maxEntries = 16

// Entry is one thing that happened to a deal.
type Entry struct {
	Week     int32
	Kind     sim.EventKind
	Stage    sim.Stage // the stage it entered, stalled in or closed from
	Account  sim.ID    // the customer concerned, if any
	Value    float64   // net value of a win
	Discount float64   // share taken off a pushed win
	Trust    float64   // the customer's trust at the time, where it matters
	Pushed   bool      // won in a quarter-end push
	RepQuit  bool      // a no decision caused by its rep quitting
}

// Deal is one opportunity's story so far.
type Deal struct {
	Team     uint8
	ID       sim.ID
	Rep      int
	Source   sim.Source
	Account  sim.ID  // a repeat deal's customer, or a referral's referrer
	Trust    float64 // the customer's (or the referrer's carried) trust when it was created
	Value    float64 // list value
	Created  int32
	Stage    sim.Stage // the current stage, or the one it closed from
	Stalled  bool
	Outcome  sim.EventKind // sim.Created while open; Won, Lost or NoDecision once closed
	Closed   int32         // week it closed
	Customer sim.ID        // the account it became or renewed, once won
	// Entered is the week (end of) at which it entered each stage; -1 if it never did. A deal
	// created in week w spends week w in its first stage, so its entry counts as w-1.
	Entered [sim.NumStages]int32
	entries [maxEntries]Entry
	n       uint8
}

// Entries lists what happened to the deal, oldest first.
func (d *Deal) Entries() []Entry { return d.entries[:d.n] }

// Open reports whether the deal is still in the pipeline.
func (d *Deal) Open() bool { return d.Outcome == sim.Created }

func (d *Deal) add(e Entry) {
	closing := e.Kind == sim.Won || e.Kind == sim.Lost || e.Kind == sim.NoDecision
	switch {
	case int(d.n) < maxEntries-1, closing && int(d.n) < maxEntries:
		d.entries[d.n] = e
		d.n++
	case closing:
		d.entries[maxEntries-1] = e
	}
}

// referral is a Referral event waiting for its deal's Created event.
type referral struct {
	opp, account sim.ID
}

type key struct {
	team uint8
	id   sim.ID
}

// Log holds the stories of every open deal and of the KeepClosed most recently closed ones.
// Deals live in reused slots, so memory follows the size of the pipeline, not the run's length.
type Log struct {
	slots    []Deal
	free     []int32
	index    map[key]int32
	closed   [KeepClosed]int32 // a ring of the closed deals' slots, oldest at head
	head     int
	nClose   int
	referrer [2]referral // per team, the referral announced just before its deal's creation
	// The rep whose quit is closing deals now: its no decisions follow its RepQuit event.
	quitting struct {
		on   bool
		team uint8
		rep  int
	}
}

// New returns an empty log.
func New() *Log { return &Log{index: map[key]int32{}} }

// Reset empties the log for a new run, keeping its storage.
func (l *Log) Reset() {
	l.slots, l.free = l.slots[:0], l.free[:0]
	clear(l.index)
	l.head, l.nClose = 0, 0
	l.referrer = [2]referral{}
	l.quitting.on = false
}

// Deal returns the story of a team's deal, or nil if it is unknown or was recycled.
func (l *Log) Deal(team int, id sim.ID) *Deal {
	if i, ok := l.index[key{uint8(team), id}]; ok {
		return &l.slots[i]
	}
	return nil
}

// Len is the number of deals whose story is kept.
func (l *Log) Len() int { return len(l.index) }

// Slots is the number of deal slots allocated, for checking that memory stays flat.
func (l *Log) Slots() int { return len(l.slots) }

// Step records the week a world just simulated. A repeat deal's creation and close do not
// carry its customer's trust, so it is read from the world here (as it stands at the week's end).
func (l *Log) Step(w *sim.World) {
	for _, e := range w.Events() {
		switch e.Kind {
		case sim.Created, sim.Lost, sim.NoDecision:
			if trust, ok := w.Team(e.Team).CustomerTrust(e.Account); ok {
				e.Trust = trust
			}
		}
		l.Add(e)
	}
}

// Add records one event; events must come in the world's order.
func (l *Log) Add(e sim.Event) {
	team := uint8(e.Team)
	if l.quitting.on && !(e.Kind == sim.NoDecision && team == l.quitting.team && e.Rep == l.quitting.rep) {
		l.quitting.on = false
	}
	week := int32(e.Week)
	switch e.Kind {
	case sim.Referral:
		l.referrer[team] = referral{opp: e.Opp, account: e.Account}
	case sim.Created:
		l.create(team, e)
	case sim.Advanced:
		if d := l.Deal(e.Team, e.Opp); d != nil {
			d.Stage, d.Stalled = e.Stage, false
			d.Entered[e.Stage] = week
			d.add(Entry{Week: week, Kind: e.Kind, Stage: e.Stage})
		}
	case sim.Stalled:
		if d := l.Deal(e.Team, e.Opp); d != nil {
			d.Stalled = true
			d.add(Entry{Week: week, Kind: e.Kind, Stage: e.Stage})
		}
	case sim.Won, sim.Lost, sim.NoDecision:
		l.close(team, e)
	case sim.Waits:
		if d := l.Deal(e.Team, e.Opp); d != nil {
			d.add(Entry{Week: week, Kind: e.Kind, Account: e.Account, Trust: e.Trust})
		}
	case sim.RepQuit:
		l.quitting.on, l.quitting.team, l.quitting.rep = true, team, e.Rep
		l.eachOpen(func(d *Deal) bool { return d.Team == team && d.Rep == e.Rep },
			Entry{Week: week, Kind: e.Kind})
	case sim.Preferred, sim.Churn:
		// News of a repeat deal's customer: trust behind the deal changed, or the customer left.
		l.eachOpen(func(d *Deal) bool { return d.Team == team && d.Source == sim.Repeat && d.Account == e.Account },
			Entry{Week: week, Kind: e.Kind, Account: e.Account, Trust: e.Trust})
	}
}

func (l *Log) create(team uint8, e sim.Event) {
	d := l.slot(key{team, e.Opp})
	*d = Deal{Team: team, ID: e.Opp, Rep: e.Rep, Source: e.Source, Account: e.Account, Trust: e.Trust,
		Value: e.Value, Created: int32(e.Week), Stage: e.Stage, Outcome: sim.Created}
	for s := range d.Entered {
		d.Entered[s] = -1
	}
	d.Entered[e.Stage] = int32(e.Week) - 1
	if r := &l.referrer[team]; e.Source == sim.FromReferral && r.opp == e.Opp {
		d.Account = r.account
	}
	d.add(Entry{Week: int32(e.Week), Kind: e.Kind, Stage: e.Stage, Account: d.Account, Trust: d.Trust})
}

func (l *Log) close(team uint8, e sim.Event) {
	k := key{team, e.Opp}
	i, ok := l.index[k]
	if !ok {
		return
	}
	d := &l.slots[i]
	d.Outcome, d.Closed, d.Stage = e.Kind, int32(e.Week), e.Stage
	en := Entry{Week: int32(e.Week), Kind: e.Kind, Stage: e.Stage, Account: e.Account, Trust: e.Trust}
	switch e.Kind {
	case sim.Won:
		d.Customer = e.Account
		en.Value, en.Discount, en.Pushed = e.Value, e.Discount, e.Pushed
	case sim.NoDecision:
		en.RepQuit = l.quitting.on
	}
	if en.Trust == 0 {
		// A new logo's or referral's close carries no trust of its own: the trust it came with.
		en.Trust = d.Trust
	}
	d.add(en)
	l.retire(i)
}

// retire puts a closed deal's slot in the ring, recycling the oldest closed deal's slot once
// the ring is full.
func (l *Log) retire(i int32) {
	if l.nClose == KeepClosed {
		old := l.closed[l.head]
		delete(l.index, key{l.slots[old].Team, l.slots[old].ID})
		l.free = append(l.free, old)
		l.closed[l.head] = i
		l.head = (l.head + 1) % KeepClosed
		return
	}
	l.closed[(l.head+l.nClose)%KeepClosed] = i
	l.nClose++
}

func (l *Log) slot(k key) *Deal {
	var i int32
	if n := len(l.free); n > 0 {
		i, l.free = l.free[n-1], l.free[:n-1]
	} else {
		l.slots = append(l.slots, Deal{})
		i = int32(len(l.slots) - 1)
	}
	l.index[k] = i
	return &l.slots[i]
}

// eachOpen adds en to every open deal that match picks.
func (l *Log) eachOpen(match func(*Deal) bool, en Entry) {
	for _, i := range l.index {
		if d := &l.slots[i]; d.Open() && match(d) {
			d.add(en)
		}
	}
}
