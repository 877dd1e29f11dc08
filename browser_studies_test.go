package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// The browser's two studies are the command line's: for one share link, 'sensitivity --url'
// and 'breakeven --url' over the range experiment.Leads searches draw, byte for byte, what
// experiment.Drivers and experiment.Leads give, which static's TestE2EExplore finds on the page.
func TestBrowserStudiesAreTheCommandLines(t *testing.T) {
	const link = "http://127.0.0.1:8080/?preset=mid-market&seed=5&weeks=26&runs=30"
	l, problems := sim.ParseLink(link)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	dir := t.TempDir()
	var stderr bytes.Buffer
	if code := run([]string{"sensitivity", "--url", link, "--out", filepath.Join(dir, "s"), "-q"}, io.Discard, &stderr); code != 0 {
		t.Fatalf("sensitivity: exit %d: %s", code, stderr.String())
	}
	r, err := experiment.Drivers(l.Runs, l.Seed).Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := render.SensitivityChart(&want, &l.Scenario, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "s", "tornado.svg")); string(got) != want.String() {
		t.Errorf("tornado.svg differs from experiment.Drivers's tornado")
	}

	x := experiment.Leads(&l.Scenario, l.Runs, l.Seed)
	vary := x.Key + "=" + strconv.FormatFloat(x.Lo, 'f', -1, 64) + ":" + strconv.FormatFloat(x.Hi, 'f', -1, 64)
	if code := run([]string{"breakeven", "--url", link, "--vary", vary, "--steps", strconv.Itoa(x.Steps), "--out", filepath.Join(dir, "b"), "-q"}, io.Discard, &stderr); code != 0 {
		t.Fatalf("breakeven: exit %d: %s", code, stderr.String())
	}
	be, err := x.Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	want.Reset()
	if err := render.BreakEvenChart(&want, be, [2]string{l.Scenario.Teams[0].Name, l.Scenario.Teams[1].Name}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "b", "breakeven.svg")); string(got) != want.String() {
		t.Errorf("breakeven.svg differs from experiment.Leads's chart")
	}
}
