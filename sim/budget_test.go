package sim

import (
	"context"
	"strings"
	"testing"
)

// A cancelled context stops a run within a few weeks, not at its end: Ctrl-C does not wait for
// a long run to finish.
func TestRunStopsInsideARun(t *testing.T) {
	s := MustPreset("mid-market")
	s.Weeks = 1040
	w := newWorld(compile(&s))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if w.runUntil(ctx, 1) {
		t.Fatal("a cancelled run reports itself complete")
	}
	if w.Week() > cancelWeeks {
		t.Errorf("a cancelled run went on to week %d", w.Week())
	}
	if !w.runUntil(context.Background(), 1) || !w.Done() {
		t.Error("an uncancelled run did not finish")
	}
}

// A run that outgrows its budget while running stops, and says which limit it reached: here a
// team that already holds the most customers a run may wins one more.
func TestRunStopsAtItsBudget(t *testing.T) {
	s := MustPreset("mid-market")
	w := newWorld(compile(&s))
	w.reset(1)
	w.teams[1].customersMade = maxAccountsPerTeam
	for w.Step() {
	}
	if w.Err() == nil || !strings.Contains(w.Err().Error(), "customers") || w.Week() != s.Weeks {
		t.Fatalf("want the run stopped for its customers, got %v at week %d", w.Err(), w.Week())
	}
	if w.runUntil(context.Background(), 1) != true || w.Err() != nil {
		t.Error("a fresh run after a stopped one does not start clean")
	}
}
