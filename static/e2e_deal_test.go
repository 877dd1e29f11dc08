//go:build !(js && wasm)

package static

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// dealSpot is a deal's dot as the canvas reports it (scene.Spot), in page pixels.
type dealSpot struct {
	OK    bool    `json:"ok"`
	Team  int     `json:"team"`
	Opp   int32   `json:"opp"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Stage string  `json:"stage"`
}

// clickDeal pauses the run, asks the canvas where a deal at rest is, clicks it as a user would
// and waits for the deal panel.
func clickDeal(t *testing.T, ctx context.Context) dealSpot {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("play").getAttribute("aria-pressed") === "true" &&
			document.getElementById("play").click()`),
		until(`document.getElementById("play").getAttribute("aria-pressed") === "false"`),
		chromedp.Sleep(900*time.Millisecond), // the last moves' tweens end
		chromedp.Evaluate[chromedp.Void](`window.pipesimSpot = null; document.getElementById("canvas").contentWindow.pipesim.spot()`),
		until(`window.pipesimSpot !== null`),
	)
	if err != nil {
		t.Fatal(err)
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[dealSpot](`(() => { const r = document.getElementById("canvas").getBoundingClientRect();
		const s = window.pipesimSpot; return {...s, x: s.x + r.x, y: s.y + r.y}; })()`))
	if err != nil || !s.OK {
		t.Fatalf("the canvas found no deal to click: %+v, %v", s, err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(s.X, s.Y),
		until(`!document.getElementById("deal").hidden`),
		// The pointer leaves the canvas, as a facilitator's hand leaves the mouse: no tooltip
		// over the ring.
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 2, 2)); err != nil {
		t.Fatalf("clicking deal %+v opened no panel: %v", s, err)
	}
	return s
}

// TestE2EDealHistory: clicking a dot opens its deal's story, which follows the run; Escape
// closes it and the right column is as before.
func TestE2EDealHistory(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	began := time.Now()
	open(t, ctx, url+"?preset=mid-market&seed=5&speed=5")
	t.Logf("page running after %.1f s", time.Since(began).Seconds())
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#play")),
		until(`+document.getElementById("week").textContent >= 14`)); err != nil {
		t.Fatal(err)
	}
	s := clickDeal(t, ctx)
	type panel struct {
		ID, Title string
		Lines     []string
		Kinds     []string
		Stages    string
		RunShown  bool
	}
	read := func() panel {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[panel](`({
			ID: document.getElementById("deal").dataset.id,
			Title: document.getElementById("deal-title").textContent,
			Lines: [...document.querySelectorAll("#deal-lines li")].map((li) => li.innerText.replace(/\s+/g, " ")),
			Kinds: [...document.querySelectorAll("#deal-lines li")].map((li) => li.className),
			Stages: document.getElementById("deal-stages").innerText,
			RunShown: document.querySelector(".run-card").offsetParent !== null})`))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := read()
	name := fmt.Sprintf("A-%d", s.Opp)
	if s.Team != 0 || p.ID != name || !strings.HasPrefix(p.Title, "Deal "+name+" · $") || !strings.HasSuffix(strings.TrimSuffix(p.Title, " (stalled)"), s.Stage) {
		t.Errorf("clicked %+v; the panel shows %q (%s)", s, p.Title, p.ID)
	}
	if len(p.Lines) < 2 || p.Kinds[0] != "k-created" || !strings.Contains(p.Lines[0], "created: ") || !strings.Contains(p.Stages, s.Stage) {
		t.Errorf("the story of %s:\n%s\nstages: %s", name, strings.Join(p.Lines, "\n"), p.Stages)
	}
	if p.RunShown {
		t.Error("the run's table still shows beside the deal panel")
	}
	t.Logf("panel open after %.1f s:\n%s\n%s\n%s", time.Since(began).Seconds(), p.Title, strings.Join(p.Lines, "\n"), p.Stages)

	// One more week: the panel's last line is that week's (the deal now, or how it ended).
	w := week(t, ctx)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight),
		until(fmt.Sprintf(`document.querySelector("#deal-lines li:last-child .wk").textContent === "wk %d"`, w+1))); err != nil {
		t.Errorf("after a step to week %d the panel's last line is %q: %v", w+1, read().Lines, err)
	}
	// Escape closes the panel and the run's table is back.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape),
		until(`document.getElementById("deal").hidden && document.querySelector(".run-card").offsetParent !== null`)); err != nil {
		t.Errorf("Escape did not close the panel: %v", err)
	}
	if lines := errs.errors(); len(lines) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(lines, "\n"))
	}
}
