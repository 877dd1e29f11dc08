package sim

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestPresetsAreValid(t *testing.T) {
	for _, p := range Presets() {
		s := MustPreset(p.Name)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.Description == "" {
			t.Errorf("%s has no description", p.Name)
		}
	}
	if _, err := LookupPreset("nope"); err == nil || !IsInput(err) || !strings.Contains(err.Error(), "mid-market") {
		t.Errorf("unknown preset: %v", err)
	}
}

func TestDecodeScenario(t *testing.T) {
	s, err := DecodeScenario([]byte(`{"base": "enterprise", "weeks": 52, "conv": [0.7, 0.5, 0.6, 0.7],
		"strategies": {"goal": {"new_mult": 1.5}}}`))
	must(t, err)
	e := MustPreset("enterprise")
	if s.Weeks != 52 || s.Conv[3] != 0.7 || s.Strategies.Goal.NewMult != 1.5 || s.ACV != e.ACV ||
		s.Strategies.Goal.TrustCap != e.Strategies.Goal.TrustCap || s.Base != "enterprise" {
		t.Errorf("decoded scenario does not overlay its base: %+v", s)
	}
	s, err = DecodeScenario([]byte(`{"teams": [{"name": "X", "adherence": 0.2}, {"name": "Y"}]}`))
	must(t, err)
	if s.Teams[1].Adherence != 0 || s.Teams[0].Name != "X" {
		t.Errorf("a team list replaces the preset's: %+v", s.Teams)
	}
}

func TestDecodeScenarioErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"weeks": -3}`, "weeks: -3 is out of range; allowed 1 to 1,040"},
		{`{"conv": [0.75, 1.7, 0.6, 0.8]}`, "conv[1]: 1.7 is out of range; allowed 0 to 1"},
		{`{"reps": 1000000}`, "reps: 1,000,000 is out of range; allowed 1 to 1,000"},
		{`{"wekks": 3}`, `wekks: unknown key`},
		{`{"strategies": {"goal": {"nu_mult": 3}}}`, `nu_mult: unknown key`},
		{`{"conv": [0.75, 0.6]}`, "conv: want 4 numbers (one per stage), got 2"},
		{`{"strategies": {"goal": {"conv_mult": "x"}}}`, "strategies.goal.conv_mult: want a list of 4 numbers"},
		{`{"weeks": "many"}`, "weeks: want a whole number"},
		{`{"weeks": 1.5}`, "weeks: want a whole number"},
		{`{"teams": []}`, "teams: need exactly 2 teams"},
		{`{"teams": [{"name": "", "adherence": 0}, {"name": "B", "adherence": 1}]}`, "teams[0].name"},
		{`{"teams": [{"name": "A", "adherence": 0}, {"name": "B\nC", "adherence": 1}]}`, "teams[1].name: want 1 to 40 printable characters"},
		{`{"base": "moon"}`, `unknown preset "moon"`},
		{`{"weeks": 10,}`, "malformed JSON at line 1"},
		{`{"weeks": 10} {"weeks": 11}`, "malformed JSON at line 1, column 16"},
		{``, "scenario file is empty"},
		{`{"weeks": `, "malformed JSON"},
		{`[1,2]`, "holds [1,2], not a JSON object"},
		{`null`, "holds null, not a JSON object"},
		{`{"teams":[{"name":"A"ence":0.3}]}`, "malformed JSON at line 1"}, // once looped forever (found by fuzzing)
		{` 7 `, "holds 7, not a JSON object"},
		{`{"weeks": 10, "weeks": 12}`, "weeks: given twice"},
		{`{"strategies": {"goal": {"tau0": 0.1}, "goal": {}}}`, "strategies.goal: given twice"},
		{`{"teams": [{"name": "A", "name": "B"}]}`, "teams[0].name: given twice"},
		{`{"x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nested more than 64 levels deep"},
		{`{"disc_lo": 0.5, "disc_hi": 0.2}`, "disc_lo: 0.5 is above disc_hi"},
		{`{"reps": 1000, "new_opps": 50, "weeks": 1040, "conv": [0.01, 0.01, 0.01, 0.01]}`, "opportunities per team"},
		{`{"reps": 1000, "new_opps": 50, "weeks": 1040}`, "customers per team"},
		{`{"reps": 1000, "init_customers": 200, "referral_max": 52, "weeks": 8}`, "customers per team"},
		{`{"reps": 1000, "init_customers": 200, "weeks": 600, "new_opps": 0}`, "customer-weeks per team"},
		{`{"strategies": {"process": {"dwell_mult": [1, 1, 1, 0]}}}`, "strategies.process.dwell_mult[3]: 0 is out of range"},
	}
	for _, c := range cases {
		_, err := DecodeScenario([]byte(c.in))
		if err == nil || !IsInput(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DecodeScenario(%s) = %v, want an input error containing %q", c.in, err, c.want)
		}
	}
}

func TestSetAndValidate(t *testing.T) {
	s := MustPreset("mid-market")
	for _, kv := range [][2]string{
		{"weeks", "52"}, {"conv", "0.7, 0.6,0.6,0.8"}, {"conv.2", "0.5"}, {"strategies.goal.new_mult", "1.5"},
		{"teams.0.adherence", "0.25"}, {"teams.1.name", "Consultative"}, {"strategies.process.dwell_mult.0", "1.2"},
	} {
		must(t, s.Set(kv[0], kv[1]))
	}
	must(t, s.Validate())
	if s.Weeks != 52 || s.Conv != (PerStage{0.7, 0.6, 0.5, 0.8}) || s.Strategies.Goal.NewMult != 1.5 ||
		s.Teams[0].Adherence != 0.25 || s.Teams[1].Name != "Consultative" || s.Strategies.Process.DwellMult[0] != 1.2 {
		t.Errorf("Set did not set: %+v", s)
	}
	bad := []struct{ k, v, want string }{
		{"wekks", "3", `wekks: unknown key (did you mean "weeks"?)`},
		{"weeks", "many", "want a whole number"},
		{"conv", "0.7,0.6", "want 4 comma-separated numbers"},
		{"teams.2.adherence", "1", "index \"2\" out of range; allowed 0 to 1"},
		{"strategies", "1", "set its parts"},
		{"weeks.x", "1", "has no parts"},
		{"base", "enterprise", "the preset is chosen with --scenario NAME"},
	}
	for _, b := range bad {
		if err := s.Set(b.k, b.v); err == nil || !IsInput(err) || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Set(%q, %q) = %v, want %q", b.k, b.v, err, b.want)
		}
	}
	for _, v := range []string{"NaN", "Inf", "-Inf", "1.7", "-0.1"} {
		s := MustPreset("mid-market")
		must(t, s.Set("wait_prob", v))
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "wait_prob") || !strings.Contains(err.Error(), "allowed 0 to 1") {
			t.Errorf("wait_prob=%s: %v", v, err)
		}
	}
}

func TestOverridesRoundTrip(t *testing.T) {
	s := MustPreset("quarter-end-crunch")
	must(t, s.Set("weeks", "61"))
	must(t, s.Set("conv.1", "0.55"))
	must(t, s.Set("teams.1.adherence", "0.8"))
	must(t, s.Set("strategies.goal.tau0", "0.1234567890123"))
	ov := s.Overrides()
	if len(ov) != 4 {
		t.Fatalf("want 4 overrides, got %v", ov)
	}
	back := MustPreset("quarter-end-crunch")
	for _, o := range ov {
		must(t, back.Set(o.Key, o.Value))
	}
	if a, b := mustEncode(t, &s), mustEncode(t, &back); a != b {
		t.Errorf("applying the overrides does not restore the scenario:\n%s\n%s", a, b)
	}
	if e := MustPreset("enterprise"); len(e.Overrides()) != 0 {
		t.Error("a preset has overrides relative to itself")
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		back, err := DecodeScenario([]byte(mustEncode(t, &s)))
		must(t, err)
		if mustEncode(t, &back) != mustEncode(t, &s) {
			t.Errorf("%s does not survive encode and decode", p)
		}
	}
}

func mustEncode(t *testing.T, s *Scenario) string {
	b, err := EncodeScenario(s)
	must(t, err)
	return string(b)
}

// Every numeric key of the scenario has a documented range, and every documented key exists.
func TestParamsCoverScenario(t *testing.T) {
	s := MustPreset("mid-market")
	must(t, s.Validate()) // fails on a key without a range
	b := mustEncode(t, &s)
	for _, p := range Params() {
		if !strings.Contains(b, `"`+p.Key+`"`) {
			t.Errorf("documented key %q is not in the scenario", p.Key)
		}
		if !(p.Min <= p.Max) || math.IsInf(p.Max, 0) {
			t.Errorf("%s: range %v to %v", p.Key, p.Min, p.Max)
		}
	}
}

// Whatever bytes arrive, decoding gives a valid scenario or an input error, never a panic; a
// decoded scenario survives encoding and decoding unchanged.
func FuzzDecodeScenario(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"base":"enterprise","weeks":52}`, `{"conv":[0.7,0.5,0.6,0.7]}`,
		`{"teams":[{"name":"A","adherence":0.3},{"name":"B","adherence":0.9}]}`,
		`{"strategies":{"goal":{"new_mult":2}}}`, `{"weeks":1e999}`, `{"reps":-1}`, `nul`, `{"teams":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeScenario(data)
		if err != nil {
			if !IsInput(err) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("decoded scenario is invalid: %v", err)
		}
		enc, err := EncodeScenario(&s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeScenario(enc)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", enc, err)
		}
		if again, _ := EncodeScenario(&back); string(again) != string(enc) {
			t.Fatal("encode/decode is not stable")
		}
	})
}

// Whatever key and value arrive (from --set or a URL), Set and Validate fail cleanly or succeed.
func FuzzSet(f *testing.F) {
	f.Add("weeks", "52")
	f.Add("conv", "0.7,0.6,0.6,0.8")
	f.Add("teams.0.adherence", "0.5")
	f.Add("strategies.goal.dwell_mult.3", "NaN")
	f.Fuzz(func(t *testing.T, key, value string) {
		s := MustPreset("mid-market")
		if err := s.Set(key, value); err != nil {
			if !IsInput(err) {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		if err := s.Validate(); err != nil && !IsInput(err) {
			t.Fatalf("error of the wrong kind: %v", err)
		}
	})
}

// The short form of a scenario holds its base and only what differs from it, and reads back to
// the same scenario: for a preset as is, and with values changed at every level.
func TestEncodeChangesRoundTrip(t *testing.T) {
	sets := [][2]string{{"weeks", "53"}, {"conv.2", "0.41"}, {"strategies.goal.new_mult", "1.7"}, {"teams.1.adherence", "0.7"}}
	for _, name := range PresetNames() {
		s := MustPreset(name)
		short, err := EncodeChanges(&s)
		if err != nil {
			t.Fatal(err)
		}
		if want := "{\n  \"base\": \"" + name + "\"\n}\n"; string(short) != want {
			t.Errorf("%s as is: %s, want only its base", name, short)
		}
		for _, kv := range sets {
			if err := s.Set(kv[0], kv[1]); err != nil {
				t.Fatal(err)
			}
		}
		short, err = EncodeChanges(&s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeScenario(short)
		if err != nil {
			t.Fatalf("%s: %v in\n%s", name, err, short)
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("%s: short form\n%s\nreads back to another scenario", name, short)
		}
		for _, key := range []string{`"weeks": 53`, `"new_mult": 1.7`, `"adherence": 0.7`} {
			if !strings.Contains(string(short), key) {
				t.Errorf("%s: short form lacks %s:\n%s", name, key, short)
			}
		}
		if strings.Contains(string(short), `"acv"`) {
			t.Errorf("%s: short form holds an unchanged key:\n%s", name, short)
		}
	}
}

// Every preset stays within the run budget at the longest horizon allowed, so the budget
// refuses only scenarios that were scaled up.
func TestPresetsWithinBudget(t *testing.T) {
	for _, name := range PresetNames() {
		s := MustPreset(name)
		s.Weeks = 1040
		if err := s.Validate(); err != nil {
			t.Errorf("%s at 1,040 weeks: %v", name, err)
		}
	}
}

// The budget counts initial customers, repeat deals and referrals, not new leads alone: the
// scenario of issue 13 (550 MB at 8 weeks) has few leads and a storm of referrals.
func TestBudgetCountsCustomers(t *testing.T) {
	s := MustPreset("mid-market")
	must(t, s.Set("reps", "1000"))
	must(t, s.Set("init_customers", "200"))
	must(t, s.Set("weeks", "8"))
	if err := s.Validate(); err != nil {
		t.Fatalf("200,000 customers for 8 weeks: %v", err)
	}
	must(t, s.Set("referral_max", "52"))
	err := s.Validate()
	if !IsInput(err) || !strings.Contains(err.Error(), "init_customers: a run would hold about") || !strings.Contains(err.Error(), "referral_max") {
		t.Errorf("referral storm: %v, want the customer budget naming referral_max", err)
	}
	b := s.Budget()
	if b[0].Accounts <= maxAccountsPerTeam && b[1].Accounts <= maxAccountsPerTeam {
		t.Errorf("budget %+v within the customer limit", b)
	}
}
