package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"
)

// Every run keeps its books: each opportunity created is won, lost, undecided or still open;
// revenue is the sum of the won deals' values net of discounts; every draw's probabilities
// lie in [0, 1].
func TestRunInvariants(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		for seed := range uint64(5) {
			w := NewWorld(&s, seed)
			var net [2]float64
			for w.Step() {
				for _, e := range w.Events() {
					if e.Kind == Won {
						net[e.Team] += e.Value
					}
				}
			}
			r := w.Result()
			for i, tr := range r.Teams {
				name := fmt.Sprintf("%s seed %d team %d", p, seed, i)
				if closed := tr.Wins + tr.Losses + tr.NoDecisions + tr.OpenAtEnd; closed != tr.Created {
					t.Errorf("%s: created %d, but won+lost+no decision+open = %d", name, tr.Created, closed)
				}
				if math.Abs(net[i]-tr.NetRevenue) > 1e-6*tr.NetRevenue {
					t.Errorf("%s: net revenue %.2f, but won deals sum to %.2f", name, tr.NetRevenue, net[i])
				}
				sum := 0.0
				for _, x := range tr.Weekly {
					sum += x
				}
				if math.Abs(sum-tr.NetRevenue) > 1e-6*tr.NetRevenue {
					t.Errorf("%s: weekly revenue sums to %.2f, net revenue is %.2f", name, sum, tr.NetRevenue)
				}
				if tr.NetRevenue > tr.ListRevenue {
					t.Errorf("%s: net revenue %.2f above list %.2f", name, tr.NetRevenue, tr.ListRevenue)
				}
			}
		}
	}
}

// Stepping a World gives exactly Run's result.
func TestWorldEqualsRun(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		w := NewWorld(&s, 5)
		for w.Step() {
		}
		a, _ := json.Marshal(w.Result())
		b, _ := json.Marshal(Run(&s, 5))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: stepping a World and Run differ: %s", p, firstDiff(a, b))
		}
	}
}

// Steady-state stepping allocates nothing: deal storage is reused. (The calendar's 64 weekly
// buckets each grow to the most deals ever filed in one; 600 weeks let them.)
func TestStepDoesNotAllocate(t *testing.T) {
	s := MustPreset("mid-market")
	s.Weeks = 1040
	w := NewWorld(&s, 1)
	for range 600 {
		w.Step()
	}
	if n := testing.AllocsPerRun(200, func() { w.Step() }); n > 0 {
		t.Errorf("Step allocates %.1f times a week in steady state", n)
	}
}

// A run's memory follows its open deals and live customers, not its weeks: over twenty years the
// deal and customer slots never exceed the most open (or live) at once in a week, and the
// calendars hold one entry per filed deal or customer.
func TestMemoryFollowsOpenDealsAndCustomers(t *testing.T) {
	s := MustPreset("installed-base")
	s.Weeks = 1040
	must(t, s.Validate())
	w := NewWorld(&s, 3)
	var peakDeals, peakCustomers [2]int
	for w.Step() {
		var created [2]int
		for _, e := range w.Events() {
			if e.Kind == Created {
				created[e.Team]++
			}
		}
		for i := range 2 {
			ts := w.Team(i)
			live := 0
			ts.EachCustomer(func(*Account, float64) { live++ })
			peakDeals[i] = max(peakDeals[i], ts.OpenDeals()+created[i])
			peakCustomers[i] = max(peakCustomers[i], live+created[i])
		}
	}
	for i := range 2 {
		ts := w.Team(i)
		if len(ts.opps) > peakDeals[i] || len(ts.accounts) > peakCustomers[i] {
			t.Errorf("team %d: %d deal slots and %d customer slots after 1,040 weeks; at most %d deals and %d customers at once",
				i, len(ts.opps), len(ts.accounts), peakDeals[i], peakCustomers[i])
		}
		if ts.Result.Created < 10*len(ts.opps) {
			t.Errorf("team %d: %d deals over 20 years in %d slots: slots are not reused", i, ts.Result.Created, len(ts.opps))
		}
	}
}
