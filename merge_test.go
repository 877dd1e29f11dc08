package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// shardPart writes shard k/2 of a small batch and returns its bytes.
func shardPart(t testing.TB, dir string, k string) []byte {
	t.Helper()
	path := filepath.Join(dir, "part-"+k+".json")
	var stderr bytes.Buffer
	if code := run([]string{"batch", "--runs", "4", "--set", "weeks=1", "-q", "--shard", k + "/2", "--out", path}, io.Discard, &stderr); code != 0 {
		t.Fatalf("batch --shard %s/2: exit %d: %s", k, code, stderr.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// damagedParts are the damaged partials of issue 13, which once panicked or printed nonsense,
// each as the edit that damages a good part and what merge must say instead.
var damagedParts = []struct {
	name, from, to, want string
}{
	{"renamed weekly", `"weekly":`, `"weecly":`, `is damaged: aggregate: json: unknown field "weecly"`},
	{"renamed teams", `"teams":[{"name":"Goal-oriented","adherence":0,"metrics"`, `"deams":[{"name":"Goal-oriented","adherence":0,"metrics"`, `is damaged: aggregate: json: unknown field "deams"`},
	{"b_wins out of range", `"b_wins":`, `"b_wins":999,"x":`, `is damaged: aggregate: json: unknown field "x"`},
	{"shards 1e17", `"shards":2`, `"shards":1e17`, `is damaged: shards: json: cannot unmarshal number 1e17`},
	{"shards 10^17", `"shards":2`, `"shards":100000000000000000`, `shard 1/100000000000000000 of 4 runs is out of range`},
	{"shards 10^12", `"shards":2`, `"shards":1000000000000`, `out of range`},
	{"runs 10^12", `"runs":4,`, `"runs":1000000000000,`, `runs 1000000000000 out of range; allowed 1 to 100,000,000`},
	{"short diff list", `"diff":[{"n":2,`, `"diff":[],"y":[{"n":2,`, `unknown field "y"`},
	{"key twice", `"seed":1,`, `"seed":1,"seed":2,`, `key "seed" given twice`},
	{"scenario edited", `"weeks":1,"reps"`, `"weeks":2,"reps"`, `does not match its scenario_sha256`},
	{"quantile weights", `"exact":100000,"n":2,"values":[`, `"exact":100000,"n":2,"values":[1,`, `an exact quantile summary of 2 observations holding 3 values`},
	{"quantile exact", `"exact":4096,"n":2`, `"exact":2,"n":2`, `a quantile summary exact to 2 runs, want 4096`},
	{"sum past float64", `"partials":[`, `"partials":[1e308,1e308,`, `a sum of +Inf`},
	{"team renamed", `"name":"Goal-oriented","adherence":0,"metrics"`, `"name":"Zeal","adherence":0,"metrics"`, `team "Zeal" (adherence 0) is not the scenario's "Goal-oriented"`},
	{"funnel negative", `"entered":`, `"entered":-1,"x":`, `unknown field "x"`},
	{"trailing data", "}\n", "}{}\n", `more after the partial aggregate`},
	{"not JSON", `{"format"`, `["format"`, `is not a partial aggregate`},
}

func TestMergeDamagedParts(t *testing.T) {
	dir := t.TempDir()
	good := string(shardPart(t, dir, "1"))
	shardPart(t, dir, "2")
	for _, c := range damagedParts {
		if !strings.Contains(good, c.from) {
			t.Fatalf("%s: the part holds no %q", c.name, c.from)
		}
		bad := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(bad, []byte(strings.Replace(good, c.from, c.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{"merge", bad, filepath.Join(dir, "part-2.json")}, &stdout, &stderr)
		if code != cli.ExitUsage || stdout.Len() > 0 || !strings.Contains(stderr.String(), c.want) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line containing %q", c.name, code, stderr.String(), c.want)
		}
	}
}

// A damaged b_wins that the JSON decoder accepts is caught by the shape checks: "B won
// 5,010.0% of runs" is never printed.
func TestMergeBWinsOutOfRange(t *testing.T) {
	dir := t.TempDir()
	good := string(shardPart(t, dir, "1"))
	bad := regexp.MustCompile(`"b_wins":\d+`).ReplaceAllString(good, `"b_wins":999`)
	if err := os.WriteFile(filepath.Join(dir, "part-1.json"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	shardPart(t, dir, "2")
	var stderr bytes.Buffer
	code := run([]string{"merge", filepath.Join(dir, "part-1.json"), filepath.Join(dir, "part-2.json")}, io.Discard, &stderr)
	if code != cli.ExitUsage || !regexp.MustCompile(`aggregate.b_wins: 999 wins and \d ties of B are out of range; allowed 0 to 2 runs together`).MatchString(stderr.String()) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// A part larger than its declared shard can be is refused once past that size, not read whole.
func TestMergePartTooLarge(t *testing.T) {
	dir := t.TempDir()
	good := string(shardPart(t, dir, "1"))
	huge := strings.Replace(good, `"diff_net":{"exact":100000,"n":2,"values":[`, `"diff_net":{"exact":100000,"n":2,"values":[`+strings.Repeat("1,", 4<<20), 1)
	p, err := experiment.DecodePartial(strings.NewReader(huge))
	if p != nil || err == nil || !strings.Contains(err.Error(), "is damaged: larger than a shard of 4 runs and 1 weeks can be") {
		t.Errorf("decodePart = %v, %v", p, err)
	}
}

// FuzzDecodePart: no input makes the partial decoder panic, and whatever it accepts merges
// and summarises.
func FuzzDecodePart(f *testing.F) {
	dir := f.TempDir()
	good := string(shardPart(f, dir, "1"))
	f.Add([]byte(good))
	for _, c := range damagedParts {
		f.Add([]byte(strings.Replace(good, c.from, c.to, 1)))
	}
	f.Add([]byte(`{"format":"pipesim-partial","version":2,"aggregate":{}}`))
	f.Add([]byte(`{"format":"pipesim-partial","version":2,"runs":1,"shards":1,"shard":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := experiment.DecodePartial(bytes.NewReader(data))
		if err != nil {
			return
		}
		p.Aggregate.Merge(p.Aggregate)
		p.Aggregate.Summarize()
	})
}

// Damage that keeps the JSON well-formed and the keys known is caught by the shape checks:
// each edit of a decoded part, written back, is refused naming the part that is wrong.
func TestMergeShapeChecks(t *testing.T) {
	dir := t.TempDir()
	good := shardPart(t, dir, "1")
	edits := map[string]func(p *experiment.Partial){
		"aggregate.diff: has 1 metrics":                            func(p *experiment.Partial) { p.Aggregate.Diff = p.Aggregate.Diff[:1] },
		"aggregate.teams[0].weekly: has 0 weeks":                   func(p *experiment.Partial) { p.Aggregate.Teams[0].Weekly = nil },
		"aggregate.teams[1].metrics: has 2 metric":                 func(p *experiment.Partial) { p.Aggregate.Teams[1].Metrics = p.Aggregate.Teams[1].Metrics[:2] },
		"aggregate.weeks: has 7 weeks":                             func(p *experiment.Partial) { p.Aggregate.Weeks = 7 },
		"aggregate.runs: holds 9 runs, want 2":                     func(p *experiment.Partial) { p.Aggregate.Runs = 9 },
		"aggregate.diff_net: a quantile summary of 5 runs, want 2": func(p *experiment.Partial) { p.Aggregate.DiffQ.N = 5 },
		"aggregate.teams[0].metrics[0]: moments of 4 runs":         func(p *experiment.Partial) { p.Aggregate.Teams[0].Metrics[0].Moments.N = 4 },
		"aggregate.teams[0].weekly[0]: an exact quantile summary of 2 observations holding 1 values": func(p *experiment.Partial) {
			q := &p.Aggregate.Teams[0].Weekly[0].Quantiles
			q.Values = q.Values[:1]
		},
	}
	for want, edit := range edits {
		p, err := experiment.DecodePartial(bytes.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		edit(p)
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := experiment.DecodePartial(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: decodePart = %v", want, err)
		}
	}
}

// A part of another engine is refused by name: its numbers come from another model, and the
// merged summary.json would claim this pipesim's engine for them.
func TestMergeOtherEngine(t *testing.T) {
	dir := t.TempDir()
	good := string(shardPart(t, dir, "1"))
	shardPart(t, dir, "2")
	mine := fmt.Sprintf(`"engine_version":%d,`, sim.EngineVersion)
	if !strings.Contains(good, mine) {
		t.Fatalf("the part holds no %s", mine)
	}
	old := filepath.Join(dir, "part-1.json")
	if err := os.WriteFile(old, []byte(strings.Replace(good, mine, `"engine_version":1,`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"merge", filepath.Join(dir, "part-2.json"), old}, &stdout, &stderr)
	want := fmt.Sprintf("pipesim: part %s was run by engine version 1; this pipesim's engine is version %d, whose numbers differ: merge with the pipesim that ran the shards, or rerun them\n", old, sim.EngineVersion)
	if code != cli.ExitUsage || stdout.Len() > 0 || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr.String(), want)
	}
}
