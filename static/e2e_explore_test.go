//go:build !(js && wasm)

package static

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// explored is what the panel shows of a study: the link it ran, the SVG and the sentence.
type explored struct {
	Query, SVG, Words string
}

// explore clicks one of the panel's studies and waits for its result.
func explore(t *testing.T, ctx context.Context, kind string) explored {
	t.Helper()
	var got explored
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#x-"+kind)),
		until(`document.body.dataset.explore === "running"`),
		until(`document.body.dataset.explore !== "running"`),
	)
	if err == nil {
		got, err = chromedp.Run(ctx, chromedp.Evaluate[explored](`(() => { const r = document.getElementById("x-result");
			return { Query: r.dataset.query || "", SVG: r.dataset.svg || "", Words: document.getElementById("x-words").textContent }; })()`))
	}
	if state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.explore`)); err != nil || state != "done" {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("x-status").textContent`))
		t.Fatalf("%s: %v, state %q, status %q", kind, err, state, status)
	}
	return got
}

// inlineSVG drops the XML prolog, as the page does.
func inlineSVG(svg string) string { return svg[strings.Index(svg, "<svg"):] }

// TestE2EExplore runs "What drives the verdict" and "Break-even" in the browser's workers and
// checks each against the library the command line runs for the same link: the same SVG, byte
// for byte, and the same sentence. Cancel stops a study, and the panel runs again after it.
func TestE2EExplore(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=5&weeks=26")
	must(t, chromedp.Do(ctx, setValue("#mc-runs", "30", "change")))

	got := explore(t, ctx, "drivers")
	l, problems := sim.ParseLink(got.Query)
	if len(problems) > 0 {
		t.Fatalf("the page ran %q: %v", got.Query, problems)
	}
	r, err := experiment.Drivers(30, l.Seed).Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := render.SensitivityChart(&want, &l.Scenario, r); err != nil {
		t.Fatal(err)
	}
	if got.SVG != inlineSVG(want.String()) {
		t.Errorf("the page's tornado differs from the command line's:\npage %.300s\ncli  %.300s", got.SVG, inlineSVG(want.String()))
	}
	if !strings.Contains(got.Words, r.Ranked[0].Key) {
		t.Errorf("the sentence %q does not name the largest swing, %s", got.Words, r.Ranked[0].Key)
	}
	shot(t, ctx, "explore-drivers.png")

	got = explore(t, ctx, "breakeven")
	be, err := experiment.Leads(&l.Scenario, 30, l.Seed).Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	want.Reset()
	if err := render.BreakEvenChart(&want, be, [2]string{l.Scenario.Teams[0].Name, l.Scenario.Teams[1].Name}); err != nil {
		t.Fatal(err)
	}
	if got.SVG != inlineSVG(want.String()) {
		t.Errorf("the page's break-even chart differs from the command line's")
	}
	if words := experiment.LeadsWords(&l.Scenario, be); got.Words != words {
		t.Errorf("the page says %q, the library %q", got.Words, words)
	}
	t.Log(got.Words)
	shot(t, ctx, "explore-breakeven.png")
	if os.Getenv("PIPESIM_SCREENSHOTS") != "" { // the panel on a phone and on a projector
		for _, v := range [][2]int64{{412, 915}, {1920, 1080}} {
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(v[0], v[1])))
			shot(t, ctx, fmt.Sprintf("explore-%dx%d.png", v[0], v[1]))
		}
		must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1366, 860)))
	}

	// Cancel: a study far too long to finish stops, and the panel works again after it.
	must(t, chromedp.Do(ctx,
		setValue("#mc-runs", "200000", "change"),
		chromedp.Click(chromedp.CSS("#x-drivers")),
		until(`document.getElementById("x-progress").value > 0`),
		chromedp.Click(chromedp.CSS("#x-cancel")),
		until(`document.body.dataset.explore === "cancelled" && !document.getElementById("x-drivers").disabled`),
		setValue("#mc-runs", "20", "change"),
	))
	if got := explore(t, ctx, "breakeven"); got.SVG == "" {
		t.Error("no result after a cancelled study")
	}
	if lines := errs.errors(); len(lines) > 0 {
		t.Errorf("console errors: %v", lines)
	}
}

// shot saves a screenshot of the Monte Carlo panel to $PIPESIM_SCREENSHOTS, when set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PIPESIM_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#mc")))
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
}
