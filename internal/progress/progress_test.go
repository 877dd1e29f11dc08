package progress

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim/experiment"
)

// TestPlainProgress checks the progress lines written when stderr is not a terminal.
func TestPlainProgress(t *testing.T) {
	var b strings.Builder
	p := New(&b, 20000, false)
	if p.bar != nil {
		t.Fatal("progress bar on a strings.Builder")
	}
	p.Update(16, 20000) // within the interval: nothing
	if b.Len() != 0 {
		t.Fatalf("progress line before the interval: %q", b.String())
	}
	p.Every(0)
	p.Update(2000, 20000)
	p.Update(20000, 20000) // done: the table follows, no line
	line := b.String()
	if !regexp.MustCompile(`^pipesim: 2,000/20,000 runs \(10%\), [\d,]+ runs/s, about \S+ left\n$`).MatchString(line) {
		t.Errorf("progress line %q", line)
	}
	b.Reset()
	q := New(&b, 100, true)
	q.Every(0)
	q.Update(50, 100)
	q.Finish()
	if b.Len() != 0 {
		t.Errorf("--quiet wrote %q", b.String())
	}
}

// --precision counts its progress against the runs it expects to take, not against the cap:
// the half-width shrinks as one over the square root of the runs.
func TestPrecisionProgress(t *testing.T) {
	if got := experiment.ExpectedRuns(400, 0.02, 0.01, 50_000); got != 1600 {
		t.Errorf("400 runs at 2%% for 1%%: expect %d runs, want 1,600", got)
	}
	if got := experiment.ExpectedRuns(400, 0.5, 0.01, 50_000); got != 50_000 {
		t.Errorf("far from the target: expect %d runs, want the cap", got)
	}
	if got := experiment.ExpectedRuns(700, 0.009, 0.01, 50_000); got != 700 {
		t.Errorf("already there: expect %d runs, want 700", got)
	}
	var b strings.Builder
	p := New(&b, 50_000, false)
	p.Every(0)
	p.Retarget(experiment.ExpectedRuns(400, 0.02, 0.01, 50_000), "half-width 2.00%")
	p.Update(400, 50_000)
	if line := b.String(); !strings.HasPrefix(line, "pipesim: 400/1,600 runs (25%)") || !strings.Contains(line, "; half-width 2.00%") {
		t.Errorf("progress line %q, want 400/1,600 runs and the half-width", line)
	}
}
