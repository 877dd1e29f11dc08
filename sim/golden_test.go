package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Golden files pin the engine's output for fixed seeds, natively and under WebAssembly alike.
// After an intended change of the model, rewrite them with `go test ./sim -update` and review
// the diff.
func TestGoldenRuns(t *testing.T) {
	for _, p := range PresetNames() {
		s := MustPreset(p)
		r := Run(&s, 42)
		golden(t, fmt.Sprintf("run-%s-seed42.json", p), r)
	}
}

// A small batch's whole summary is pinned too, statistics included.
func TestGoldenBatch(t *testing.T) {
	s := MustPreset("mid-market")
	s.Weeks = 52
	agg, err := Batch{Runs: 100, Seed: 9}.Run(context.Background(), &s)
	must(t, err)
	golden(t, "batch-mid-market-52w-100runs-seed9.json", agg.Summarize())
}

func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", " ")
	must(t, err)
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name)
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./sim -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run `go test ./sim -update`.\n%s", name, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(g), len(w))
}
