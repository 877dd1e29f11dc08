//go:build !(js && wasm)

package static

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pipesim/pipesim/sim"
)

// TestE2ELinkAndModes: a bad link parameter shows a notice naming it; a shared link restores
// the controls and reproduces the run as `pipesim run --url` does; F hides the controls; predict
// first hides the totals until Reveal.
func TestE2ELinkAndModes(t *testing.T) {
	url := serveSite(t)
	ctx, _ := browser(t, 1366, 860)

	open(t, ctx, url+"?preset=mid-market&seed=6&weeks=0&reps=abc&runs=300")
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const n = document.getElementById("notice");
		return n.hidden ? "" : n.innerText; })()`))
	if err != nil || !strings.Contains(notice, "weeks") || !strings.Contains(notice, "reps") {
		t.Errorf("bad weeks and reps: notice %q (%v); want it to name both", notice, err)
	}
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`["weeks-total", "mc-runs"].map((id) => { const e = document.getElementById(id); return e.value || e.textContent; })`))
	if len(shown) != 2 || shown[0] != "104" || shown[1] != "300" {
		t.Errorf("weeks and runs shown %v; want the default 104 weeks and the link's 300 runs", shown)
	}

	link := "?preset=enterprise&seed=9&runs=150&teams.0.adherence=0.3&weeks=40"
	open(t, ctx, url+link)
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`["preset", "seed", "adherence-a", "weeks", "mc-runs"].map((id) => document.getElementById(id).value)`))
	if strings.Join(state, " ") != "enterprise 9 0.3 40 150" {
		t.Errorf("the link restored preset, seed, adherence A, weeks, runs %v", state)
	}
	got := runToEnd(t, ctx)
	l, problems := sim.ParseLink(link) // what `pipesim run --url` runs (testdata/script/url.txtar)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	r := sim.Run(&l.Scenario, l.Seed)
	if want := [2]float64{r.Teams[0].NetRevenue, r.Teams[1].NetRevenue}; got != want {
		t.Errorf("the shared link's run shows %v; pipesim run --url gives %v", got, want)
	}

	visible := func(sel string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+"`"+sel+"`"+`);
			return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("f"), until(`document.body.classList.contains("presenter")`)); err != nil {
		t.Fatalf("F: %v", err)
	}
	if visible(".controls") || visible("#play") {
		t.Error("presenter mode shows the controls")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#predict")), until(`document.body.classList.contains("predicting")`)); err != nil {
		t.Fatal(err)
	}
	if visible("#rev-a") || visible("#chart-revenue") || !visible("#reveal") {
		t.Error("predict first shows the totals, or no Reveal button")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#reveal")), until(`!document.body.classList.contains("predicting")`)); err != nil {
		t.Fatal(err)
	}
	if !visible("#rev-a") {
		t.Error("Reveal left the totals hidden")
	}
	search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if !strings.Contains(search, "presenter=1") {
		t.Errorf("the link %q does not keep presenter mode", search)
	}

	// A chart whose box changes while the window keeps its size (the run is over: no week
	// redraws it) is drawn again to its new box.
	fits := `(() => { const s = document.getElementById("chart-quarters"), r = s.getBoundingClientRect();
		return s.getAttribute("viewBox") === "0 0 " + Math.max(120, r.width) + " " + Math.max(80, r.height); })()`
	if err := chromedp.Do(ctx, until(fits),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("chart-quarters").style.height = "321px"`),
		until(fits)); err != nil {
		vb, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chart-quarters").getAttribute("viewBox")`))
		t.Errorf("the quarters chart, 321 px high now, keeps its drawing for viewBox %q: %v", vb, err)
	}
}
