package cli

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// FuzzScenarioInput feeds arbitrary scenario files and --set arguments through the loading
// path: it must never panic, must reject bad input as bad input (exit status 2), and what it
// accepts must be valid and survive a round trip through a scenario file unchanged.
func FuzzScenarioInput(f *testing.F) {
	f.Add([]byte(`{"weeks": 26}`), "conv=0.7,0.6,0.6,0.8")
	f.Add([]byte(`{"base": "enterprise", "teams": [{"name": "X", "adherence": 0.3}, {"name": "Y", "adherence": 0.9}]}`), "teams.1.adherence=0.5")
	f.Add([]byte(`{"conv": [0.7, 1.7, 0.6, 0.8]}`), "conv.2=1.7")
	f.Add([]byte(`{"strategies": {"goal": {"new_mult": 1.5}}}`), "strategies.process.dwell_mult.3=2")
	f.Add([]byte(`{"teams": []}`), "teams=")
	f.Add([]byte(`{`), "acv=NaN")
	f.Add([]byte(`[]`), "reps=1000000000")
	f.Add([]byte(`{"wekes": 1}`), "=")
	f.Add([]byte(`{"weeks": 1e400}`), "weeks.0=1")
	f.Add([]byte(`{"disc_lo": 0.5, "disc_hi": 0.1}`), "teams.0.name=")
	f.Add([]byte("{\"a\\nb\": 1}"), "0=\n") // control characters in keys stay escaped on one line
	f.Add([]byte(`null`), "weeks=")
	f.Add([]byte(`{"weeks": 5, "weeks": 6}`), "reps=1000")
	f.Add([]byte(`{"x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`), "init_customers=200")
	f.Add([]byte(`{"reps": 1000, "init_customers": 200, "referral_max": 52, "weeks": 8}`), "weeks=1040")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		s, err := DecodeScenarioFile("fuzz.json", data)
		if err != nil {
			if !IsBadInput(err) {
				t.Fatalf("scenario file %q: error is not bad input: %v", data, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("scenario file %q: message of more than one line: %q", data, err)
			}
			s = sim.MustPreset(sim.DefaultPreset)
		}
		if err := ApplySets(&s, []string{set}); err != nil {
			if !IsBadInput(err) {
				t.Fatalf("--set %q: error is not bad input: %v", set, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("--set %q: message of more than one line: %q", set, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted an invalid scenario: %v", err)
		}
		b, err := sim.EncodeScenario(&s)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		back, err := sim.DecodeScenario(b)
		if err != nil {
			t.Fatalf("decode of encoded scenario: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip changed the scenario:\n%+v\n%+v", s, back)
		}
	})
}
