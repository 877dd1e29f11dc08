package history

import (
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// fakeRun is a run at a given week whose deals stall past 6.5 weeks in every stage.
type fakeRun struct {
	week  int
	teams [2]sim.TeamState
}

func (f *fakeRun) Week() int                         { return f.week }
func (f *fakeRun) StallWeeks(int, sim.Stage) float64 { return 6.5 }
func (f *fakeRun) Team(i int) *sim.TeamState         { return &f.teams[i] }
func ev(week int, k sim.EventKind, opp sim.ID) sim.Event {
	return sim.Event{Week: week, Kind: k, Opp: opp}
}
func at(e sim.Event, st sim.Stage) sim.Event { e.Stage = st; return e }
func texts(s Story) string {
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l.Kind + "|" + l.Text + "\n")
	}
	return b.String()
}

func TestStallIsExplained(t *testing.T) {
	l := New()
	l.Add(sim.Event{Week: 3, Kind: sim.Created, Opp: 412, Rep: 2, Stage: sim.Qualified, Value: 38000})
	l.Add(at(ev(5, sim.Advanced, 412), sim.Discovery))
	l.Add(at(ev(7, sim.Advanced, 412), sim.Proposal))
	l.Add(at(ev(15, sim.Stalled, 412), sim.Proposal))
	s := Tell(l.Deal(0, 412), &fakeRun{week: 18})
	if s.Title != "Deal A-412 · $38k · Proposal (stalled)" {
		t.Errorf("title %q", s.Title)
	}
	want := []string{
		"created|created: new lead, no trust yet · rep\u00a03",
		"advanced|→ Discovery after 3 weeks in Qualified",
		"advanced|→ Proposal after 2 weeks in Discovery",
		"stalled|stalled: 8 weeks in Proposal (the team's stall mark: 6.5 weeks)",
		"now|open: 11 weeks in Proposal, stalled",
	}
	if got := texts(s); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("story:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if got := s.Stages; len(got) != 3 || got[0].Weeks != 3 || got[1].Weeks != 2 || got[2].Weeks != 11 || !got[2].Now {
		t.Errorf("stages %+v", got)
	}
}

func TestPushedWinIsExplained(t *testing.T) {
	l := New()
	l.Add(sim.Event{Week: 1, Kind: sim.Created, Opp: 9, Source: sim.Repeat, Account: 12, Trust: 0.6, Stage: sim.Proposal, Value: 40000})
	l.Add(at(ev(4, sim.Advanced, 9), sim.Negotiation))
	l.Add(sim.Event{Week: 12, Kind: sim.Won, Opp: 9, Account: 12, Stage: sim.Negotiation, Value: 34000, Discount: 0.15, Trust: 0.62, Pushed: true})
	l.Add(sim.Event{Week: 12, Kind: sim.Waits, Opp: 9, Account: 12, Trust: 0.5})
	s := Tell(l.Deal(0, 9), &fakeRun{week: 20})
	got := texts(s)
	for _, want := range []string{
		"created|created: repeat business from customer 12 at trust 0.60, straight to Proposal",
		"won|won for $34k net: pulled in by a quarter-end push at 15% off $40k after 12 weeks; customer 12 at trust 0.62",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("story lacks %q:\n%s", want, got)
		}
	}
	// The lesson the customer learned comes after the win, though it is one event of the deal.
	if s.Title != "Deal A-9 · $40k · won" || s.Status != "won" || strings.Contains(got, "now|") {
		t.Errorf("title %q status %q:\n%s", s.Title, s.Status, got)
	}
}

// A no decision right after its rep's RepQuit is the quit's doing; one later in the week, after
// other events, is the buyer's.
func TestRepQuitIsExplained(t *testing.T) {
	l := New()
	for _, opp := range []sim.ID{1, 2, 3} {
		l.Add(sim.Event{Week: 1, Team: 1, Kind: sim.Created, Opp: opp, Rep: 4, Stage: sim.Qualified, Value: 20000})
	}
	l.Add(sim.Event{Week: 9, Team: 1, Kind: sim.RepQuit, Rep: 4})
	l.Add(sim.Event{Week: 9, Team: 1, Kind: sim.NoDecision, Opp: 1, Rep: 4, Stage: sim.Qualified})
	l.Add(sim.Event{Week: 9, Team: 1, Kind: sim.Created, Opp: 4, Rep: 0, Stage: sim.Qualified})
	l.Add(sim.Event{Week: 9, Team: 1, Kind: sim.NoDecision, Opp: 3, Rep: 4, Stage: sim.Qualified})
	run := &fakeRun{week: 9}
	if got := texts(Tell(l.Deal(1, 1), run)); !strings.Contains(got, "quit|its rep quit") || !strings.Contains(got, "nd|no decision: its rep quit") {
		t.Errorf("deal 1 closed by the quit:\n%s", got)
	}
	if got := texts(Tell(l.Deal(1, 2), run)); !strings.Contains(got, "quit|its rep quit; a new hire takes it over") || strings.Contains(got, "nd|") {
		t.Errorf("deal 2 survived the quit:\n%s", got)
	}
	if got := texts(Tell(l.Deal(1, 3), run)); !strings.Contains(got, "nd|no decision in Qualified: the buyer did nothing (new logo, no trust)") {
		t.Errorf("deal 3 ended later that week:\n%s", got)
	}
	if s := Tell(l.Deal(1, 1), run); s.Title != "Deal B-1 · $20k · no decision" {
		t.Errorf("title %q", s.Title)
	}
}

// A referral's story names the customer who referred it; a loss names the trust behind it.
func TestReferralAndLoss(t *testing.T) {
	l := New()
	l.Add(sim.Event{Week: 2, Kind: sim.Referral, Account: 7, Opp: 30, Trust: 0.31})
	l.Add(sim.Event{Week: 2, Kind: sim.Created, Opp: 30, Source: sim.FromReferral, Trust: 0.31, Stage: sim.Qualified, Value: 9000})
	l.Add(sim.Event{Week: 6, Kind: sim.Lost, Opp: 30, Stage: sim.Qualified})
	got := texts(Tell(l.Deal(0, 30), &fakeRun{week: 6}))
	for _, want := range []string{"referral from customer 7, carrying trust 0.31", "lost|lost to a competitor in Qualified (trust 0.31)"} {
		if !strings.Contains(got, want) {
			t.Errorf("story lacks %q:\n%s", want, got)
		}
	}
}

// Old closed deals make room: the log keeps KeepClosed of them, the newest.
func TestClosedDealsAreRecycled(t *testing.T) {
	l := New()
	n := sim.ID(KeepClosed + 50)
	for id := sim.ID(1); id <= n; id++ {
		l.Add(sim.Event{Week: int(id), Kind: sim.Created, Opp: id, Stage: sim.Qualified})
		l.Add(sim.Event{Week: int(id), Kind: sim.Lost, Opp: id, Stage: sim.Qualified})
	}
	if l.Deal(0, 50) != nil || l.Deal(0, 51) == nil || l.Deal(0, n) == nil {
		t.Errorf("kept deal 50: %v, 51: %v, %d: %v", l.Deal(0, 50) != nil, l.Deal(0, 51) != nil, n, l.Deal(0, n) != nil)
	}
	if l.Slots() != KeepClosed+1 {
		t.Errorf("%d slots for %d closed deals kept", l.Slots(), KeepClosed)
	}
}

// A deal both teams held is told for both, in team order.
func TestBothTeamsOfOneDeal(t *testing.T) {
	l := New()
	l.Add(sim.Event{Week: 3, Team: 0, Kind: sim.Created, Opp: 309, Stage: sim.Qualified})
	l.Add(sim.Event{Week: 3, Team: 1, Kind: sim.Created, Opp: 309, Stage: sim.Qualified})
	l.Add(sim.Event{Week: 31, Team: 0, Kind: sim.Lost, Opp: 309, Stage: sim.Proposal})
	l.Add(sim.Event{Week: 35, Team: 1, Kind: sim.Won, Opp: 309, Stage: sim.Negotiation})
	l.Add(sim.Event{Week: 4, Team: 1, Kind: sim.Created, Opp: 310, Stage: sim.Qualified})
	if got, want := Both(l, l.Deal(1, 309)), "A lost it in Proposal in week 31; B won it in week 35."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Both(l, l.Deal(1, 310)); got != "" {
		t.Errorf("a deal only B held: %q", got)
	}
}
