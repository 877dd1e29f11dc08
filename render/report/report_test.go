package report

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

func TestReport(t *testing.T) {
	s := sim.MustPreset("mid-market")
	s.Reps = 4
	s.Weeks = 52
	s.Teams[0].Name = "Goal <b>&"
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	a, err := sim.Batch{Runs: 40, Seed: 7}.Run(context.Background(), &s)
	if err != nil {
		t.Fatal(err)
	}
	cmd := `pipesim batch --scenario mid-market --set reps=4 --runs 40 --seed 7 --out "my dir"`
	var b bytes.Buffer
	if err := Write(&b, Input{Scenario: &s, Aggregate: a, Seed: 7, Runs: 40, Command: cmd}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	sum := a.Summarize()
	for _, want := range []string{"<title>pipesim: mid-market</title>", "seed 7", "@media print", "reps = 4",
		"Goal &lt;b>&", "--out &#34;my dir&#34;"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>") {
		t.Error("team name not escaped")
	}
	verdict := strings.ReplaceAll(sum.Verdict, "<", "&lt;")
	if !strings.Contains(page, verdict) {
		t.Errorf("report lacks the verdict %q", verdict)
	}
	if n := strings.Count(page, "<svg"); n != 5 {
		t.Errorf("report holds %d charts, want 5", n)
	}
	for _, p := range sim.Params() {
		if !strings.Contains(page, ">"+p.Key+"<") {
			t.Errorf("parameter table lacks %s", p.Key)
		}
	}
	// Metric names stay on one line, and the command wraps only at spaces.
	if n := strings.Count(page, `<td class=metric>`); n != len(summaryRows(&sum)) {
		t.Errorf("%d metric cells kept on one line, want %d", n, len(summaryRows(&sum)))
	}
	if !strings.Contains(page, "td.metric{white-space:nowrap}") || strings.Contains(page, "break-all") {
		t.Error("metric names may wrap, or the command may break inside a word")
	}
	if strings.Contains(page, "NaN") || strings.Contains(page, "<?xml") {
		t.Error("report holds NaN or an XML prolog")
	}
}

func TestWriteNeedsInput(t *testing.T) {
	if err := Write(io.Discard, Input{}); err == nil {
		t.Error("Write without a scenario succeeded")
	}
}
