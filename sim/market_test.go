package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"
)

// Two teams with the same strategy on one market get the same result in every run: B - A is 0
// exactly. Any difference between the teams' code paths (a planted faster trust growth for team
// B, a team index in a seed) breaks it.
func TestIdenticalTeamsTie(t *testing.T) {
	for _, p := range PresetNames() {
		for _, a := range []float64{0, 0.5, 1} {
			s := MustPreset(p)
			s.Teams[0].Adherence, s.Teams[1].Adherence = a, a
			for seed := range uint64(4) {
				r := Run(&s, seed)
				r.Teams[0].Name, r.Teams[1].Name = "", ""
				ja, _ := json.Marshal(r.Teams[0])
				jb, _ := json.Marshal(r.Teams[1])
				if !bytes.Equal(ja, jb) {
					t.Fatalf("%s adherence %v seed %d: identical teams differ:\n%s", p, a, seed, firstDiff(ja, jb))
				}
			}
		}
	}
}

// A team's run is a pure function of scenario, team and seed: alone, in a pair or in a league of
// any size, on any position, it gets the same result.
func TestTeamResultIndependentOfOtherTeams(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		team := Team{Name: "Blend", Adherence: 0.3}
		for seed := range uint64(3) {
			alone, _ := json.Marshal(RunTeam(&s, team, seed))
			league := RunLeague(&s, []Team{{"P", 1}, {"G", 0}, team, {"Q", 0.9}}, seed)
			inLeague, _ := json.Marshal(league[2])
			if !bytes.Equal(alone, inLeague) {
				t.Fatalf("%s seed %d: the team alone and in a league differ:\n%s", p, seed, firstDiff(alone, inLeague))
			}
			paired := Run(&s, seed)
			g, _ := json.Marshal(RunTeam(&s, Team{s.Teams[0].Name, s.Teams[0].Adherence}, seed))
			pg, _ := json.Marshal(paired.Teams[0])
			if !bytes.Equal(g, pg) {
				t.Fatalf("%s seed %d: team A alone and in the paired run differ", p, seed)
			}
		}
	}
}

// A deal both teams hold is the same deal: same id, week and value. The market reaches every
// team, so most of the process team's new leads (taken at a lower rate) are leads the goal
// team holds too.
func TestTeamsShareDeals(t *testing.T) {
	s := MustPreset("mid-market")
	type deal struct {
		week  int
		value float64
	}
	for seed := range uint64(5) {
		w := NewWorld(&s, seed)
		held := [2]map[ID]deal{{}, {}}
		for w.Step() {
			for _, e := range w.Events() {
				if e.Kind == Created {
					held[e.Team][e.Opp] = deal{e.Week, e.Value}
				}
			}
		}
		shared := 0
		for id, b := range held[1] {
			if a, ok := held[0][id]; ok {
				shared++
				if a != b && id < derivedIDs {
					t.Fatalf("seed %d: deal %v is %+v for A and %+v for B", seed, id, a, b)
				}
				if a.value != b.value {
					t.Fatalf("seed %d: deal %v is worth %v for A and %v for B", seed, id, a.value, b.value)
				}
			}
		}
		if share := float64(shared) / float64(len(held[1])); share < 0.5 {
			t.Errorf("seed %d: only %.0f%% of B's deals are A's too", seed, 100*share)
		}
	}
}

// Pairing buys precision: on mid-market the teams' net revenues move together within a run.
func TestPairedRunsCorrelate(t *testing.T) {
	s := MustPreset("mid-market")
	var sa, sb, saa, sbb, sab float64
	const runs = 400
	for i := range runs {
		r := Run(&s, RunSeed(5, i))
		a, b := r.Teams[0].NetRevenue, r.Teams[1].NetRevenue
		sa, sb, saa, sbb, sab = sa+a, sb+b, saa+a*a, sbb+b*b, sab+a*b
	}
	cov := sab/runs - sa*sb/runs/runs
	corr := cov / math.Sqrt((saa/runs-sa*sa/runs/runs)*(sbb/runs-sb*sb/runs/runs))
	t.Logf("correlation of A's and B's net revenue over %d runs: %.3f", runs, corr)
	if corr < 0.4 {
		t.Errorf("correlation %.3f, want at least 0.4", corr)
	}
}

// Ids of derived deals stay apart from the market's lead numbers and below 2^53, and print short.
func TestDerivedIDs(t *testing.T) {
	seen := map[ID]bool{}
	for parent := ID(1); parent < 200; parent++ {
		for n := range uint64(20) {
			for _, kind := range []uint64{repeatID, referralID, initialID} {
				id := derive(parent, n, kind)
				if id < derivedIDs || id >= 1<<53 {
					t.Fatalf("derived id %d outside [2^52, 2^53)", id)
				}
				if seen[id] {
					t.Fatalf("derived id %d repeats", id)
				}
				seen[id] = true
			}
		}
	}
	if got := fmt.Sprint(ID(309)); got != "309" {
		t.Errorf("lead 309 prints as %q", got)
	}
}
