// The browser tests drive a native Chromium; under WebAssembly there is none to start.

//go:build !(js && wasm)

package static

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pipesim/pipesim/sim"
)

const chromium = "/usr/bin/chromium"

var (
	siteOnce sync.Once
	siteVal  *Site
	siteErr  error
)

// testSite builds the site once per test process; the wasm comes from the user cache after the
// first build on a machine.
func testSite(t *testing.T) *Site {
	t.Helper()
	siteOnce.Do(func() { siteVal, siteErr = Build(context.Background(), os.Stderr) })
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return siteVal
}

// serveSite starts the real server on a free loopback port.
func serveSite(t *testing.T) string {
	t.Helper()
	skipShort(t)
	site := testSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(site.Handler())
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// skipShort skips a browser test under go test -short, the quick check.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test; go test without -short runs it")
	}
}

// browser starts a fresh headless Chromium with a viewport of w x h, collecting console errors
// and uncaught exceptions. Without Chromium the test is skipped, except in CI, where it must run.
// consoleLog collects the page's console errors and uncaught exceptions.
type consoleLog struct {
	mu    sync.Mutex
	lines []string
}

func (c *consoleLog) add(line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, line)
}

func (c *consoleLog) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

func browser(t *testing.T, w, h int, extra ...chromedp.ExecAllocatorOption) (context.Context, *consoleLog) {
	t.Helper()
	skipShort(t)
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the browser tests: %v (install Debian's chromium)", err)
		}
		t.Skipf("no %s: browser tests skipped", chromium)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("use-gl", "angle"),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	}
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// No fixed timeout: waits end with the test's own deadline (go test -timeout), a little
	// before it, so that the failure names the wait instead of a panic naming the test.
	cancelTime := context.CancelFunc(func() {})
	if d, ok := t.Deadline(); ok {
		ctx, cancelTime = context.WithDeadline(ctx, d.Add(-time.Until(d)/20))
	}
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	errs := &consoleLog{}
	// Opening the tab first makes the console subscription see the page from its first line.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				errs.add(m.String())
			}
		}
	}()
	return ctx, errs
}

// open loads the page and waits until the game in the iframe is running. The guided tour
// counts as seen, as on any visit after the first (TestE2ETour takes the tour).
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	skipTour(t, ctx, url)
	openFresh(t, ctx, url)
}

// skipTour marks the guided tour as seen for the page's origin, from the origin's smallest
// page with an icon of its own (any other document makes Chromium ask for /favicon.ico).
func skipTour(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	origin := url[:strings.Index(url[len("http://"):], "/")+len("http://")]
	err := chromedp.Do(ctx, chromedp.Navigate(origin+"/canvas.html"),
		chromedp.Evaluate[chromedp.Void](`localStorage.setItem("pipesim-tour-done", "1")`))
	if err != nil {
		t.Fatal(err)
	}
}

// openFresh loads the page as a first visit and waits until the game in the iframe is running.
func openFresh(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		until(`document.body.dataset.run === "new" && document.querySelectorAll("#preset option").length > 0`),
	)
	if err != nil {
		t.Fatalf("the page did not start: %v", err)
	}
}

func week(t *testing.T, ctx context.Context) int {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("week").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("#week shows %q", s)
	}
	return n
}

// runToEnd plays the current run at full speed and returns the revenue the page shows.
func runToEnd(t *testing.T, ctx context.Context) [2]float64 {
	t.Helper()
	// Play unless it already plays: the button toggles.
	err := chromedp.Do(ctx,
		setValue("#speed", "7", "input"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("play").getAttribute("aria-pressed") === "false" &&
			document.getElementById("play").click()`),
		until(`document.body.dataset.run === "done"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	exact, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`["a", "b"].map((t) => document.getElementById("rev-" + t).dataset.exact)`))
	if err != nil || len(exact) != 2 {
		t.Fatalf("revenue shown: %v, %v", exact, err)
	}
	var rev [2]float64
	for i, s := range exact {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("revenue of team %d shown as %q", i, s)
		}
		rev[i] = v
	}
	return rev
}

// setValue sets a control as a user would and fires its event.
func setValue(sel, value, event string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q;
		e.dispatchEvent(new Event(%q, {bubbles: true})); })()`, sel, value, event))
}

// until waits for a JavaScript condition on the page, for as long as it takes: a loaded
// machine makes the page slower, not the test red. The browser's context (see browser) ends the
// wait only when the test itself runs out of time, so a page that never gets there still fails.
func until(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(50*time.Millisecond))
}

func cliRevenue(t *testing.T, preset string, seed uint64, sets map[string]string) [2]float64 {
	t.Helper()
	s, err := sim.LookupPreset(preset)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range sets {
		if err := s.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	r := sim.Run(&s, seed)
	return [2]float64{r.Teams[0].NetRevenue, r.Teams[1].NetRevenue}
}

// TestE2EBrowser drives the page as a facilitator would: it loads cleanly, the canvas draws, play
// advances the week, a control changes the run, and the revenue shown at the end of a run is
// the engine's for the same scenario and seed.
func TestE2EBrowser(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	began := time.Now()
	open(t, ctx, url+"?preset=mid-market&seed=3&debug=1")
	t.Logf("page running after %.1f s", time.Since(began).Seconds())

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#play"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, until(`+document.getElementById("week").textContent >= 4`)); err != nil {
		perf, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("perf").textContent`))
		t.Fatalf("play did not advance #week (at %d, %s): %v; console: %v", week(t, ctx), perf, err, errs.errors())
	}
	shot := canvasShot(t, ctx)
	if n := distinctColors(shot, 12); n < 12 {
		t.Errorf("the canvas shows %d distinct colours; want a drawn scene with at least 12", n)
	}
	for name, c := range map[string]color.RGBA{"team A": {0xD5, 0x5E, 0x00, 255}, "team B": {0x00, 0x72, 0xB2, 255}} {
		if n := pixelsNear(shot, c, 24); n < 30 {
			t.Errorf("%d pixels of %s's colour on the canvas; its deals should show", n, name)
		}
	}

	perf, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("perf").textContent`))
	t.Logf("played and checked the canvas after %.1f s; ?debug=1 readout: %s", time.Since(began).Seconds(), perf)
	got := runToEnd(t, ctx)
	if want := cliRevenue(t, "mid-market", 3, nil); got != want {
		t.Errorf("end of run shows revenue %v, sim.Run gives %v", got, want)
	}

	// A control restarts the run with the change: team A half process-oriented.
	if err := chromedp.Do(ctx, setValue("#adherence-a", "0.5", "change"),
		until(`document.body.dataset.run === "new"`)); err != nil {
		t.Fatal(err)
	}
	changed := runToEnd(t, ctx)
	if changed == got {
		t.Errorf("adherence A 0.5 gave the same revenue as 0: %v", changed)
	}
	if want := cliRevenue(t, "mid-market", 3, map[string]string{"teams.0.adherence": "0.5"}); changed != want {
		t.Errorf("after the change the page shows %v, sim.Run gives %v", changed, want)
	}

	// The page's address is a share link: the command line reads it back to the same run.
	search, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil {
		t.Fatal(err)
	}
	l, problems := sim.ParseLink(search)
	if len(problems) > 0 {
		t.Fatalf("the page's link %q: %v", search, problems)
	}
	r := sim.Run(&l.Scenario, l.Seed)
	if fromLink := [2]float64{r.Teams[0].NetRevenue, r.Teams[1].NetRevenue}; fromLink != changed {
		t.Errorf("the link %q runs to %v; the page showed %v", search, fromLink, changed)
	}

	// Keyboard: R resets, right arrow steps one week.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r"),
		until(`document.getElementById("week").textContent === "0"`),
		chromedp.KeyEvent(kb.ArrowRight),
		until(`document.getElementById("week").textContent === "1"`),
	); err != nil {
		t.Fatalf("keyboard: %v (week %d)", err, week(t, ctx))
	}
	// Hover: the paused canvas shows a tooltip over a deal.
	shot = canvasShot(t, ctx)
	x, y, ok := findPixel(shot, color.RGBA{0xD5, 0x5E, 0x00, 255}, 12)
	if !ok {
		t.Fatal("no deal of team A to hover")
	}
	tipGround := color.RGBA{0xEE, 0xEF, 0xF1, 255} // the tooltip's near-white, a little see-through
	before := pixelsNear(shot, tipGround, 16)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, float64(x), float64(y)), chromedp.Sleep(300*time.Millisecond),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, float64(x)+1, float64(y)), chromedp.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	hover := canvasShot(t, ctx)
	if d := os.Getenv("PIPESIM_SCREENSHOTS"); d != "" {
		var b bytes.Buffer
		png.Encode(&b, hover)
		os.WriteFile(filepath.Join(d, "hover.png"), b.Bytes(), 0o644)
	}
	if after := pixelsNear(hover, tipGround, 16); after < before+2000 {
		t.Errorf("hovering a deal at (%d, %d) showed no tooltip (%d tooltip pixels, %d before)", x, y, after, before)
	}

	if lines := errs.errors(); len(lines) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(lines, "\n"))
	}
}

// screenSizes are the screens the page is made for: a phone, a tablet upright and on its side, a
// short and a common laptop, and a projector.
var screenSizes = [][2]int{{412, 915}, {768, 1024}, {1024, 768}, {1280, 720}, {1366, 860}, {1920, 1080}}

// TestE2EScreenshots writes screenshots of the page at every size of screenSizes into
// $PIPESIM_SCREENSHOTS, for people to look at: at week 40 with a Monte Carlo result, whole
// pages; then presenter mode and a deal's story. Without the variable the test is skipped.
func TestE2EScreenshots(t *testing.T) {
	dir := os.Getenv("PIPESIM_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PIPESIM_SCREENSHOTS to a folder to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	url := serveSite(t)
	shoot := func(ctx context.Context, name string) {
		must(t, chromedp.Do(ctx, chromedp.Sleep(700*time.Millisecond)))
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		must(t, os.WriteFile(filepath.Join(dir, name), buf, 0o644))
	}
	for _, size := range screenSizes {
		ctx, _ := browser(t, size[0], size[1])
		open(t, ctx, url+"?preset=mid-market&seed=5&speed=4")
		playTo(t, ctx, 40)
		shoot(ctx, fmt.Sprintf("page-%dx%d.png", size[0], size[1]))
		mcRun(t, ctx, 200)
		shoot(ctx, fmt.Sprintf("mc-%dx%d.png", size[0], size[1]))
		must(t, chromedp.Do(ctx, chromedp.KeyEvent("f")))
		shoot(ctx, fmt.Sprintf("presenter-%dx%d.png", size[0], size[1]))
		must(t, chromedp.Do(ctx, chromedp.KeyEvent("f")))
		if size[0] == 1366 {
			// The README's picture (docs/screenshot.png): the viewport as a person sees it.
			clickDeal(t, ctx)
			must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Sleep(700*time.Millisecond)))
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dir, "deal-1366x860.png"), buf, 0o644))
		}
	}
	// A first visit's tour, and Copy link as a room opens the page: by a LAN name, no clipboard.
	port := url[strings.LastIndex(url, ":")+1 : len(url)-1]
	ctx, _ := browser(t, 1366, 860, chromedp.Flag("host-resolver-rules", "MAP room.test 127.0.0.1"))
	openFresh(t, ctx, "http://room.test:"+port+"/?preset=enterprise&seed=12")
	shoot(ctx, "tour-1366x860.png")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#tour-skip")), chromedp.Click(chromedp.CSS("#share")),
		until(`!!document.body.dataset.share`)))
	shoot(ctx, "share-lan-1366x860.png")
}

// playTo plays the run until the page shows week w or later, then pauses it.
func playTo(t *testing.T, ctx context.Context, w int) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#play")),
		until(fmt.Sprintf(`+document.getElementById("week").textContent >= %d`, w)),
		chromedp.Click(chromedp.CSS("#play")),
		until(`document.getElementById("play").getAttribute("aria-pressed") === "false"`)))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Without WebGL the canvas says why instead of staying blank.
func TestE2ENoWebGL(t *testing.T) {
	url := serveSite(t)
	ctx, _ := browser(t, 1366, 860, chromedp.Flag("disable-webgl", true), chromedp.Flag("disable-3d-apis", true))
	err := chromedp.Do(ctx, chromedp.Navigate(url),
		until(`!document.getElementById("nowebgl").hidden`))
	if err != nil {
		t.Fatalf("no notice without WebGL: %v", err)
	}
}

// findPixel finds a pixel of a colour (within tol) in an image, in page coordinates.
func findPixel(img image.Image, c color.RGBA, tol int) (x, y int, ok bool) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), c, tol) {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

// canvasShot captures the viewport and crops it to the canvas iframe.
func canvasShot(t *testing.T, ctx context.Context) image.Image {
	t.Helper()
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("canvas").getBoundingClientRect();
			return [r.x, r.y, r.width, r.height].map((v) => v * devicePixelRatio); })()`))
	if err != nil {
		t.Fatal(err)
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	r := image.Rect(int(box[0]), int(box[1]), int(box[0]+box[2]), int(box[1]+box[3]))
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

// distinctColors counts colours (to 4 bits a channel) covering at least minPixels pixels.
func distinctColors(img image.Image, minPixels int) int {
	counts := map[uint16]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[uint16(r>>12)<<8|uint16(g>>12)<<4|uint16(bl>>12)]++
		}
	}
	n := 0
	for _, c := range counts {
		if c >= minPixels {
			n++
		}
	}
	return n
}

func pixelsNear(img image.Image, c color.RGBA, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), c, tol) {
				n++
			}
		}
	}
	return n
}

// near reports whether a pixel is within tol of c in each channel.
func near(px color.Color, c color.RGBA, tol int) bool {
	r, g, b, _ := px.RGBA()
	d := func(v uint32, w uint8) int { return max(int(v>>8)-int(w), int(w)-int(v>>8)) }
	return d(r, c.R) <= tol && d(g, c.G) <= tol && d(b, c.B) <= tol
}
