package history

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/pipesim/pipesim/sim"
)

func world(t testing.TB, preset string, seed uint64, weeks int) *sim.World {
	t.Helper()
	s, err := sim.LookupPreset(preset)
	if err != nil {
		t.Fatal(err)
	}
	if weeks > 0 {
		s.Weeks = weeks
	}
	return sim.NewWorld(&s, seed)
}

// Every open deal of the world has its story, in its stage, with its lines in week order and
// its creation first; every deal that closes this week is told closed the way it closed.
func TestStoriesFollowTheWorld(t *testing.T) {
	w := world(t, "mid-market", 7, 0)
	l := New()
	for w.Step() {
		l.Step(w)
		for _, e := range w.Events() {
			if e.Kind != sim.Won && e.Kind != sim.Lost && e.Kind != sim.NoDecision {
				continue
			}
			d := l.Deal(e.Team, e.Opp)
			if d == nil || d.Outcome != e.Kind || int(d.Closed) != e.Week {
				t.Fatalf("week %d: deal %d closed %v; the log has %+v", w.Week(), e.Opp, e.Kind, d)
			}
		}
		for team := range 2 {
			w.Team(team).EachOpen(func(o *sim.Opportunity) {
				d := l.Deal(team, o.ID)
				if d == nil {
					t.Fatalf("week %d: no story for open deal %d", w.Week(), o.ID)
				}
				if d.Stage != o.Stage || d.Stalled != o.Stalled || d.Created != o.Created || !d.Open() {
					t.Fatalf("deal %d: story at %v stalled=%v created %d, deal at %v stalled=%v created %d",
						o.ID, d.Stage, d.Stalled, d.Created, o.Stage, o.Stalled, o.Created)
				}
				es := d.Entries()
				if es[0].Kind != sim.Created || es[0].Week != o.Created {
					t.Fatalf("deal %d begins with %+v", o.ID, es[0])
				}
				for k := 1; k < len(es); k++ {
					if es[k].Week < es[k-1].Week {
						t.Fatalf("deal %d: lines out of order: %+v", o.ID, es)
					}
				}
			})
		}
	}
}

// A 20-year run keeps a flat log: slots for the open deals and the recent closed ones only.
// Within a week a deal may open and close before another is recycled, so the bound on slots
// is the most deals open at any point of a week (at most those open at its end plus those
// created in it) plus the closed ones kept.
func TestMemoryStaysFlat(t *testing.T) {
	w := world(t, "mid-market", 3, 1040)
	l := New()
	peak := 0
	var heap [2]uint64
	for w.Step() {
		l.Step(w)
		open := w.Team(0).OpenDeals() + w.Team(1).OpenDeals()
		created := 0
		for _, e := range w.Events() {
			if e.Kind == sim.Created {
				created++
			}
		}
		peak = max(peak, open+created)
		if got := l.Len(); got > open+KeepClosed {
			t.Fatalf("week %d: %d stories kept, more than %d open deals plus %d closed", w.Week(), got, open, KeepClosed)
		}
		if w.Week() == 520 || w.Week() == 1040 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			heap[w.Week()/1040] = m.HeapAlloc
		}
	}
	if limit := peak + KeepClosed; l.Slots() > limit {
		t.Errorf("%d slots after 1,040 weeks; at most %d deals open at once plus %d closed allow %d", l.Slots(), peak, KeepClosed, limit)
	}
	t.Logf("%d slots of %d bytes after 1,040 weeks (at most %d open at once); heap with the world at week 520: %d kB, 1,040: %d kB",
		l.Slots(), unsafe.Sizeof(Deal{}), peak, heap[0]>>10, heap[1]>>10)
}

// A real run's quarter-end pushes and rep quits are told as such.
func TestRealReasons(t *testing.T) {
	w := world(t, "mid-market", 5, 520)
	l := New()
	var pushed, quit bool
	for w.Step() && !(pushed && quit) {
		l.Step(w)
		quitter := [2]int{-1, -1}
		for _, e := range w.Events() {
			switch {
			case e.Kind == sim.RepQuit:
				quitter[e.Team] = e.Rep
			case e.Kind == sim.Won && e.Pushed && e.Discount > 0 && !pushed:
				pushed = true
				// The win is the last line, or the one before a customer's learning to wait.
				s := Tell(l.Deal(e.Team, e.Opp), w)
				won := s.Lines[len(s.Lines)-1].Text
				if strings.Contains(won, "waits for quarter-end discounts") {
					won = s.Lines[len(s.Lines)-2].Text
				}
				if !strings.Contains(won, "quarter-end push at") {
					t.Errorf("a pushed win reads %q", won)
				}
			case e.Kind == sim.NoDecision && quitter[e.Team] == e.Rep && !quit:
				quit = true
				s := Tell(l.Deal(e.Team, e.Opp), w)
				if last := s.Lines[len(s.Lines)-1].Text; !strings.Contains(last, "rep quit") {
					t.Errorf("a deal closed by its rep's quit reads %q", last)
				}
			default:
				if e.Kind != sim.NoDecision {
					quitter[e.Team] = -1
				}
			}
		}
	}
	if !pushed || !quit {
		t.Errorf("in 520 weeks: a pushed win %v, a deal lost to a rep's quit %v", pushed, quit)
	}
}
