package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// An output folder under missing parents creates them, and an aborted one takes them away
// again, leaving a folder that existed before as it was.
func TestOutDirMakesAndRemovesParents(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "results", "2026", "ib")
	dir, err := createOutDir(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "results", "2026")); err != nil || !fi.IsDir() {
		t.Fatalf("parent not created: %v", err)
	}
	dir.abort()
	if _, err := os.Stat(filepath.Join(root, "results")); !os.IsNotExist(err) {
		t.Errorf("after abort, the created parents remain: %v", err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Errorf("the folder that existed before is gone: %v", err)
	}
	dir, err = createOutDir(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || !fi.IsDir() {
		t.Errorf("committed folder missing: %v", err)
	}
}

// --precision counts its progress against the runs it expects to take, not against the cap:
// the half-width shrinks as one over the square root of the runs.
func TestPrecisionProgress(t *testing.T) {
	if got := expectedRuns(400, 0.02, 0.01, 50_000); got != 1600 {
		t.Errorf("400 runs at 2%% for 1%%: expect %d runs, want 1,600", got)
	}
	if got := expectedRuns(400, 0.5, 0.01, 50_000); got != 50_000 {
		t.Errorf("far from the target: expect %d runs, want the cap", got)
	}
	if got := expectedRuns(700, 0.009, 0.01, 50_000); got != 700 {
		t.Errorf("already there: expect %d runs, want 700", got)
	}
	var b strings.Builder
	p := newProgress(&b, 50_000, false)
	p.every = 0
	p.retarget(expectedRuns(400, 0.02, 0.01, 50_000), "half-width 2.00%")
	p.update(400, 50_000)
	if line := b.String(); !strings.HasPrefix(line, "pipesim: 400/1,600 runs (25%)") || !strings.Contains(line, "; half-width 2.00%") {
		t.Errorf("progress line %q, want 400/1,600 runs and the half-width", line)
	}
}

// The batch table's intervals never collapse: where the ends would print alike, every cell of
// the metric gets more decimals.
func TestIntervalCellsNeverCollapse(t *testing.T) {
	mean, ci := intervalCells(metricText, sim.Rate, 0.0153, 0.01512, 0.01548)
	if mean != "1.53%" || ci != "1.51% to 1.55%" {
		t.Errorf("rate: %s, %s; want 1.53%%, 1.51%% to 1.55%%", mean, ci)
	}
	mean, ci = intervalCells(diffText, sim.Rate, 0.191, 0.189, 0.192)
	if mean != "+19.1 pp" || ci != "+18.9 pp to +19.2 pp" {
		t.Errorf("difference: %s, %s; want the usual one decimal", mean, ci)
	}
	if _, ci := intervalCells(metricText, sim.Rate, 0, 0, 0); ci != "0.0% to 0.0%" {
		t.Errorf("an interval without width: %s", ci)
	}
}
