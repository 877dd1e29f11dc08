package sim

import (
	"strings"
	"testing"
)

func TestLinkRoundTrip(t *testing.T) {
	s := MustPreset("enterprise")
	must(t, s.Set("weeks", "52"))
	must(t, s.Set("teams.0.adherence", "0.25"))
	must(t, s.Set("conv", "0.7,0.5,0.6,0.8"))
	must(t, s.Set("teams.1.name", "Consultative & co"))
	l := Link{Scenario: s, Seed: 99, Runs: 300, View: map[string]string{"speed": "8"}}
	q := l.Query()
	back, problems := ParseLink("http://127.0.0.1:8080/?" + q)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if back.Seed != 99 || back.Runs != 300 || back.View["speed"] != "8" {
		t.Errorf("link settings lost: %+v", back)
	}
	if mustEncode(t, &back.Scenario) != mustEncode(t, &s) {
		t.Errorf("scenario does not survive the link %s", q)
	}
	if !strings.HasPrefix(q, "preset=enterprise&seed=99&runs=300&weeks=52") {
		t.Errorf("query %q", q)
	}
}

// A bad parameter is reported by name and falls back to its default alone.
func TestLinkBadParametersFallBack(t *testing.T) {
	l, problems := ParseLink("?preset=moon&seed=abc&weeks=-5&reps=12&conv=1,2&wait_prob=1.7&runs=0&nope=3&speed=4")
	want := []string{`preset: unknown preset "moon"`, "seed:", "runs:", "weeks: -5 is out of range; allowed 1 to 1,040",
		"conv: want 4 comma-separated numbers", "wait_prob: 1.7 is out of range; allowed 0 to 1", "nope: unknown key"}
	all := LinkProblems(problems)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems do not mention %q:\n%s", w, all)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(problems), len(want), all)
	}
	d := MustPreset(DefaultPreset)
	if l.Scenario.Reps != 12 || l.Scenario.Weeks != d.Weeks || l.Scenario.WaitProb != d.WaitProb || l.Seed != DefaultSeed || l.View["speed"] != "4" {
		t.Errorf("fallback wrong: reps %d weeks %d seed %d", l.Scenario.Reps, l.Scenario.Weeks, l.Seed)
	}
	for _, p := range problems {
		if !IsInput(p) {
			t.Errorf("%v is not an input error", p)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	f.Add("?preset=enterprise&seed=3&weeks=52")
	f.Add("preset=%zz&conv=1,2,3,4")
	f.Add("http://x/?teams.0.adherence=NaN#frag")
	f.Fuzz(func(t *testing.T, raw string) {
		l, _ := ParseLink(raw)
		if err := l.Scenario.Validate(); err != nil {
			t.Fatalf("a parsed link holds an invalid scenario: %v", err)
		}
	})
}

// A share link meets the same run budget as a scenario file: the page refuses the override
// that breaks it with the message the command line prints.
func TestLinkRunBudget(t *testing.T) {
	l, problems := ParseLink("?reps=1000&init_customers=200&weeks=8&referral_max=52")
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "customers per team") {
		t.Fatalf("problems %v, want the customer budget", problems)
	}
	if l.Scenario.ReferralMax == 52 {
		t.Error("the override past the budget was kept")
	}
}
