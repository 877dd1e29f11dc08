//go:build !(js && wasm)

package static

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pipesim/pipesim/render/palette"
)

// layoutFacts is what a person sees of the page's layout at one size.
type layoutFacts struct {
	ScrollW, ViewW int     // the page's width and the viewport's: more means sideways scrolling
	CanvasW        float64 // the canvas frame's size in CSS pixels
	CanvasH        float64
	Cut            []string // buttons whose label does not fit them
	Boxed          bool     // the Monte Carlo verdict sits in a box that scrolls on its own
}

func readLayout(t *testing.T, ctx context.Context) layoutFacts {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[layoutFacts](`(() => {
		const r = document.getElementById("canvas").getBoundingClientRect();
		const cut = [...document.querySelectorAll("button")].filter((b) => b.getClientRects().length > 0 && b.scrollWidth > b.clientWidth + 1)
			.map((b) => b.id || b.textContent);
		let boxed = false;
		for (let e = document.getElementById("mc-verdict").parentElement; e && e !== document.body; e = e.parentElement) {
			const o = getComputedStyle(e).overflowY;
			if ((o === "auto" || o === "scroll") && e.scrollHeight > e.clientHeight) boxed = true;
		}
		return {ScrollW: document.documentElement.scrollWidth, ViewW: document.documentElement.clientWidth, CanvasW: r.width, CanvasH: r.height, Cut: cut, Boxed: boxed};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestE2ELayout opens the page at every screen size: no sideways scroll, the canvas wide and
// running (on a phone too), no button cut short; with a Monte Carlo result at a short laptop's
// size and in presenter mode on a projector, the canvas keeps its height and the verdict is in
// the page, not in a box of its own.
func TestE2ELayout(t *testing.T) {
	url := serveSite(t)
	for _, size := range append([][2]int{{360, 740}}, screenSizes...) {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx, errs := browser(t, size[0], size[1])
			presenter := size[0] == 1920
			link := url + "?preset=mid-market&seed=2&speed=6"
			if presenter {
				link += "&presenter=1"
			}
			open(t, ctx, link)
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("canvas").contentWindow.pipesim.play()`),
				until(`+document.getElementById("week").textContent >= 3`)); err != nil {
				t.Fatalf("the run does not play at %v: %v", size, err)
			}
			f := readLayout(t, ctx)
			t.Logf("page %d px wide in a %d px viewport; canvas %.0f x %.0f px", f.ScrollW, f.ViewW, f.CanvasW, f.CanvasH)
			if f.ScrollW > f.ViewW {
				t.Errorf("the page is %d px wide in a %d px viewport: it scrolls sideways", f.ScrollW, f.ViewW)
			}
			if min := 0.85 * float64(min(size[0], 1200)) / 2; f.CanvasW < min || f.CanvasH < 280 {
				t.Errorf("the canvas is %.0f x %.0f px; want at least %.0f wide and 280 tall", f.CanvasW, f.CanvasH, min)
			}
			if len(f.Cut) > 0 {
				t.Errorf("buttons cut short: %q", f.Cut)
			}
			if size != [2]int{1280, 720} && !presenter {
				return
			}
			mcRun(t, ctx, 100)
			after := readLayout(t, ctx)
			t.Logf("with a Monte Carlo result: canvas %.0f x %.0f px", after.CanvasW, after.CanvasH)
			if after.CanvasH != f.CanvasH {
				t.Errorf("the Monte Carlo result changed the canvas's height from %.0f to %.0f px", f.CanvasH, after.CanvasH)
			}
			if presenter && after.CanvasH < 0.6*float64(size[1]) {
				t.Errorf("presenter mode gives the canvas %.0f of %d px", after.CanvasH, size[1])
			}
			if after.Boxed {
				t.Error("the Monte Carlo verdict is in a scroll box of its own")
			}
			if presenter {
				// render's charts set text 13 units high in an 800-unit width: 18 px or more
				// from 1,108 px wide.
				w, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("#mc-outcomes svg").getBoundingClientRect().width`))
				if w < 800*18/13 {
					t.Errorf("presenter mode shows the Monte Carlo chart %.0f px wide: its text is below 18 px", w)
				}
				small, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter((e) =>
					e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden" &&
					[...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && !e.closest(".mc-chart, .sr-only, [hidden]") &&
					parseFloat(getComputedStyle(e).fontSize) < 18).map((e) => e.tagName + "." + e.className + ": " + e.textContent.trim().slice(0, 30))`))
				if len(small) > 0 {
					t.Errorf("presenter mode has text below 18 px: %q", small)
				}
			}
			if lines := errs.errors(); len(lines) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(lines, "\n"))
			}
		})
	}
}

// noConsoleErrors fails the test if the page logged an error or threw.
func noConsoleErrors(t *testing.T, errs *consoleLog) {
	t.Helper()
	if lines := errs.errors(); len(lines) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(lines, "\n"))
	}
}

// focused names the element that has the focus.
func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.activeElement; return e.id || e.tagName; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestE2EKeyboard goes through the page with the keyboard only: Tab reaches the canvas and
// leaves it at the next Tab, reaches the Monte Carlo controls and the deal browser, shows a
// focus ring, and D opens a deal's history.
func TestE2EKeyboard(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=4&speed=5")
	playTo(t, ctx, 10)
	// The canvas's text alternative: open deals by stage, the animation in numbers.
	must(t, chromedp.Do(ctx, until(`document.getElementById("canvas").getAttribute("aria-describedby") === "canvas-text" &&
		document.querySelectorAll("#canvas-text-rows tr").length === 4 &&
		[...document.querySelectorAll("#canvas-text-rows td")].some((td) => +td.textContent > 0)`)))
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#preset"))))
	// Tab from the first control to the canvas, into the frame, then out of it to the
	// legend's first term, then on through the page.
	tab := func() string {
		must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		return focused(t, ctx)
	}
	var path []string
	for len(path) < 40 && (len(path) == 0 || path[len(path)-1] != "canvas") {
		path = append(path, tab())
	}
	if path[len(path)-1] != "canvas" {
		t.Fatalf("Tab never reached the canvas: %v", path)
	}
	tab()
	if out, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector(".legend .term")`)); !out {
		t.Errorf("Tab in the canvas went to %s, not to the control after it", focused(t, ctx))
	}
	for range 45 {
		if path = append(path, tab()); path[len(path)-1] == "canvas" {
			break
		}
	}
	joined := " " + strings.Join(path, " ") + " "
	for _, id := range []string{"mc-runs", "mc-run", "deal-open", "name-a", "seed", "canvas-png", "share"} {
		if !strings.Contains(joined, " "+id+" ") {
			t.Errorf("Tab never reaches #%s: %s", id, joined)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#mc-runs")), chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	outline, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.outlineWidth; })()`))
	if focused(t, ctx) != "mc-run" || strings.HasPrefix(outline, "none") || strings.HasPrefix(outline, "solid 0") {
		t.Errorf("the focused Run button (%s) has no visible focus ring: %q", focused(t, ctx), outline)
	}
	// A term explains itself when it has the focus.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.term[data-term="nd"]`)),
		until(`!document.getElementById("term-tip").hidden && document.getElementById("term-tip").textContent.startsWith("No decision: ")`)))
	// D opens a deal's story with no mouse; again, the next deal's.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("d"),
		until(`!document.getElementById("deal").hidden`)); err != nil {
		t.Fatalf("D opened no deal's history: %v", err)
	}
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("deal").dataset.id`))
	if err := chromedp.Do(ctx, chromedp.KeyEvent("d"),
		until(fmt.Sprintf(`document.getElementById("deal").dataset.id !== %q`, first))); err != nil {
		t.Errorf("a second D stayed on deal %s: %v", first, err)
	}
	noConsoleErrors(t, errs)
}

// TestE2ECopyLinkLAN opens the page as a room does, by a LAN name over plain http, where the
// browser has no clipboard: Copy link shows the link selected in a field, a note saying how to
// copy it, and a QR code.
func TestE2ECopyLinkLAN(t *testing.T) {
	url := serveSite(t)
	port := url[strings.LastIndex(url, ":")+1 : len(url)-1]
	ctx, errs := browser(t, 1366, 860, chromedp.Flag("host-resolver-rules", "MAP room.test 127.0.0.1"))
	room := "http://room.test:" + port + "/?preset=enterprise&seed=12"
	open(t, ctx, room)
	type shared struct {
		Secure, Clipboard, Shown, Selected bool
		Value, Href, Note, How             string
		QR                                 int
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#share")), until(`!!document.body.dataset.share`)); err != nil {
		t.Fatalf("Copy link did nothing on %s: %v", room, err)
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[shared](`(() => { const f = document.getElementById("share-url");
		return {Secure: window.isSecureContext, Clipboard: !!navigator.clipboard, Shown: !document.getElementById("share-box").hidden,
			Selected: document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length,
			Value: f.value, Href: location.href, Note: document.getElementById("share-note").textContent, How: document.body.dataset.share,
			QR: document.querySelectorAll("#share-qr svg path").length}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Secure || s.Clipboard {
		t.Fatalf("%s counts as a secure context with a clipboard; the test needs one without", room)
	}
	if !s.Shown || !s.Selected || s.Value != s.Href || !strings.Contains(s.Value, "seed=12") || s.QR != 1 {
		t.Errorf("the link box: %+v; want it shown, the page's link selected, a QR code", s)
	}
	if s.How == "field" && !strings.Contains(s.Note, "Ctrl+C") || s.How != "field" && !strings.Contains(s.Note, "copied") {
		t.Errorf("passed on by %q with the note %q", s.How, s.Note)
	}
	noConsoleErrors(t, errs)
}

// TestE2EPredictFirst: with predict first the canvas shows no outcome (no won or lost marks, no
// customers) and the page no totals, until Reveal.
func TestE2EPredictFirst(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=3&speed=5&predict=1&debug=1")
	playTo(t, ctx, 20)
	still(t, ctx)
	won, lost := color.RGBA{0x00, 0x9E, 0x73, 255}, color.RGBA{0xCC, 0x79, 0xA7, 255}
	shot := canvasShot(t, ctx)
	if n, m, k := pixelsNear(shot, won, 20), pixelsNear(shot, lost, 20), customerPixels(shot); n+m+k > 0 {
		t.Errorf("predict first: the canvas shows %d won, %d lost and %d customer pixels", n, m, k)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".charts > .card")].filter((c) => getComputedStyle(c).visibility !== "hidden").map((c) => c.innerText).join(" ")`))
	if strings.Contains(text, "$") || strings.Contains(text, "Won") {
		t.Errorf("predict first shows totals: %q", text)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#reveal")), until(`!document.body.classList.contains("predicting")`)); err != nil {
		t.Fatal(err)
	}
	still(t, ctx)
	revealed := canvasShot(t, ctx)
	if n, k := pixelsNear(revealed, won, 20), customerPixels(revealed); n < 20 || k < 500 {
		t.Errorf("after Reveal the canvas shows %d won and %d customer pixels; want the quarter's wins and the customers", n, k)
	}
	noConsoleErrors(t, errs)
}

// still waits until the canvas has drawn nothing for a whole second of the ?debug=1 readout:
// every move, fade and flash is over.
func still(t *testing.T, ctx context.Context) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`delete document.getElementById("perf").dataset.drawn`),
		until(`document.getElementById("perf").dataset.drawn === "0"`)))
}

// customerPixels counts the pixels of customers' squares: the trust shades, dark to bright teal.
func customerPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			for tau := 0.0; tau <= 1; tau += 0.05 {
				if near(img.At(x, y), palette.TrustColor(tau), 5) {
					n++
					break
				}
			}
		}
	}
	return n
}

// TestE2EBadInput: a bad seed, then several bad fields at once, are each named with the
// engine's range, in words and never as a raw Go error; the page's limits are the engine's.
func TestE2EBadInput(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=3")
	message := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("error").hidden ? "" : document.getElementById("error").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	must(t, chromedp.Do(ctx, setValue("#seed", "1e30", "change")))
	got := message()
	if !strings.Contains(got, "Seed") || !strings.Contains(got, "18,446,744,073,709,551,615") || strings.Contains(got, "json") || strings.Contains(got, "unmarshal") {
		t.Errorf("seed 1e30: %q", got)
	}
	// Choosing a preset with the bad seed in its field says why nothing changed.
	must(t, chromedp.Do(ctx, setValue("#preset", "enterprise", "change")))
	if got := message(); !strings.Contains(got, "Seed") {
		t.Errorf("a preset chosen with a bad seed: %q", got)
	}
	// A good seed starts a run; two bad fields typed before that run arrives keep their text and
	// their marks when it does. The three changes come in one task, so the run always arrives
	// after them, and the address naming seed 7 says it has been shown.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`for (const [id, v] of [["seed", "7"], ["weeks", "2000"], ["reps", "abc"]]) {
		const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event("change", {bubbles: true})); }`),
		until(`new URLSearchParams(location.search).get("seed") === "7"`)))
	got = message()
	for _, want := range []string{"Weeks: 2,000 is out of range; allowed 1 to 1,040", "Reps per team: \"abc\" is not a number; allowed 1 to 1,000"} {
		if !strings.Contains(got, want) {
			t.Errorf("weeks 2000 and reps abc: %q; want it to say %q", got, want)
		}
	}
	invalid, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[aria-invalid=true]")].map((e) => e.id)`))
	if strings.Join(invalid, " ") != "weeks reps" {
		t.Errorf("fields marked invalid: %v", invalid)
	}
	// Good values again: the message goes and the run starts.
	if err := chromedp.Do(ctx, setValue("#weeks", "52", "change"), setValue("#reps", "12", "change"),
		until(`document.getElementById("error").hidden && document.getElementById("weeks-total").textContent === "52"`)); err != nil {
		weeks, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("weeks-total").textContent`))
		t.Fatalf("good values again: %v; the message %q, weeks %s", err, message(), weeks)
	}
	// Limits the engine checks only in combination come back from it, named as the page names the field.
	must(t, chromedp.Do(ctx, setValue("#new-opps", "10", "change"), setValue("#weeks", "1040", "change"), setValue("#reps", "1000", "change"),
		until(`!document.getElementById("error").hidden`)))
	// The run budget names the key to lower first (weeks or reps, as the page names them).
	if got := message(); !(strings.Contains(got, "Reps per team: ") || strings.Contains(got, "Weeks: ")) || strings.Contains(got, "json") {
		t.Errorf("1,040 weeks of 1,000 reps with 10 new deals a week: %q", got)
	}
	// Names: a blend is named for its adherence; a name of one's own travels in the link and
	// survives a change of adherence.
	must(t, chromedp.Do(ctx, setValue("#reps", "8", "change"), setValue("#adherence-b", "0.75", "change"),
		until(`document.getElementById("name-b").value === "Process-leaning 0.75"`),
		setValue("#name-a", "Hunters", "change"),
		until(`location.search.includes("teams.0.name=Hunters")`),
		setValue("#adherence-a", "0.3", "change"),
		until(`location.search.includes("teams.0.adherence=0.3")`)))
	if name, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("name-a").value`)); name != "Hunters" {
		t.Errorf("team A renamed Hunters is called %q after a change of adherence", name)
	}
	noConsoleErrors(t, errs)
}

// TestE2ETourAndPaused: a first visit gets the guided tour, which Skip ends for good; a paused
// canvas draws no frames, and the debug readout says so in frames per second.
func TestE2ETourAndPaused(t *testing.T) {
	url := serveSite(t)
	ctx, _ := browser(t, 1366, 860)
	openFresh(t, ctx, url+"?debug=1")
	if err := chromedp.Do(ctx, until(`!document.getElementById("tour").hidden`),
		chromedp.Click(chromedp.CSS("#tour-skip"))); err != nil {
		t.Fatalf("no tour on a first visit: %v", err)
	}
	openFresh(t, ctx, url+"?debug=1")
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("tour").hidden`)); !hidden {
		t.Error("the skipped tour came back")
	}
	// Playing draws frames; paused, the readout falls to no frames drawn.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("canvas").contentWindow.pipesim.play()`),
		until(`+document.getElementById("perf").dataset.drawn > 0.5`),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("canvas").contentWindow.pipesim.pause()`),
		until(`+document.getElementById("perf").dataset.drawn < 0.5`)); err != nil {
		perf, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("perf").textContent`))
		t.Errorf("paused, the canvas still draws: %s (%v)", perf, err)
	}
}

// TestE2EExports saves the canvas, a live chart and the Monte Carlo result's report, as a
// facilitator does for slides.
func TestE2EExports(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=3&speed=5")
	playTo(t, ctx, 8)
	saved := func(button, name string, min int) {
		t.Helper()
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`delete document.body.dataset.exported`), chromedp.Click(chromedp.CSS(button)),
			until(`(document.body.dataset.exported || "").startsWith("`+name+`")`)))
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.exported`))
		var size int
		fmt.Sscanf(got[strings.LastIndex(got, " ")+1:], "%d", &size)
		if size < min {
			t.Errorf("%s saved %s: %d bytes, want at least %d", button, got, size, min)
		}
	}
	saved("#canvas-png", "pipesim-mid-market-seed3-canvas.png", 20000)
	saved(`button.png[data-png="chart-revenue"]`, "pipesim-mid-market-seed3-chart-revenue.png", 5000)
	mcRun(t, ctx, 60)
	// The result is read out once, in words.
	if said, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("announce").textContent === document.getElementById("mc-verdict").textContent`)); !said {
		t.Error("the Monte Carlo verdict was not announced")
	}
	saved("#export-report", "pipesim-mid-market-seed3-report.html", 20000)
	noConsoleErrors(t, errs)
}
