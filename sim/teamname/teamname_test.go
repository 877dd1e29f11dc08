package teamname

import (
	"testing"

	"github.com/pipesim/pipesim/sim"
)

func TestForAdherence(t *testing.T) {
	for a, want := range map[float64]string{0: Goal, 1: Process, 0.25: "Goal-leaning 0.25", 0.5: "Even blend 0.50", 0.75: "Process-leaning 0.75", 0.05: "Goal-leaning 0.05"} {
		if got := ForAdherence(a); got != want {
			t.Errorf("ForAdherence(%v) = %q, want %q", a, got, want)
		}
		if !IsAutomatic(want) {
			t.Errorf("%q is not recognised as automatic", want)
		}
	}
	for _, own := range []string{"Hunters", "Goal-leaning", "Goal-leaning 0.7", "Even blend 0.5"} {
		if IsAutomatic(own) {
			t.Errorf("%q counted as an automatic name", own)
		}
	}
}

// Blended teams are named for their adherence; a name of one's own stays.
func TestFollow(t *testing.T) {
	s := sim.MustPreset(sim.DefaultPreset)
	s.Teams[0].Adherence, s.Teams[1].Adherence = 0.5, 0.75
	Follow(&s)
	if s.Teams[0].Name != "Even blend 0.50" || s.Teams[1].Name != "Process-leaning 0.75" {
		t.Errorf("names %q, %q", s.Teams[0].Name, s.Teams[1].Name)
	}
	s.Teams[0].Name = "Hunters"
	s.Teams[0].Adherence = 0
	Follow(&s)
	if s.Teams[0].Name != "Hunters" {
		t.Errorf("a team's own name became %q", s.Teams[0].Name)
	}
}
