//go:build !(js && wasm)

package static

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/fit"
)

// crmExport writes team A's deals of a mid-market run in the stages format.
func crmExport(t *testing.T, seed uint64) []byte {
	t.Helper()
	s := sim.MustPreset("mid-market")
	var b bytes.Buffer
	if err := fit.ExportRun(context.Background(), &b, &s, seed, 0); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestE2EFit chooses a CRM export on the page: the worker fits it to exactly the values the
// native fit finds, the page runs on the fitted market and its address carries the preset, the
// seed and the fitted values only, and no request leaves the page with the file. A dropped file
// with a missing column is refused with the row and column named, and nothing changes.
func TestE2EFit(t *testing.T) {
	base := serveSite(t)
	ctx, errs := browser(t, 1280, 720)
	var mu sync.Mutex
	var seen int      // requests of any kind, to know the listener hears them
	var sent []string // requests other than GETs of the site's own files
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			seen++
			if e.Request.Method != "GET" || e.Request.HasPostData || !strings.HasPrefix(e.Request.URL, base) {
				sent = append(sent, e.Request.Method+" "+e.Request.URL)
			}
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"?preset=mid-market&seed=5")

	data := crmExport(t, 3)
	path := filepath.Join(t.TempDir(), "crm.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := fit.Fit("crm.csv", bytes.NewReader(data), sim.MustPreset("mid-market"), fit.Options{NoDecision: []string{"no decision"}})
	if err != nil {
		t.Fatal(err)
	}
	fitted, err := res.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	want := (&sim.Link{Scenario: fitted, Seed: 5}).Query()

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#fit summary")),
		setValue("#fit-nd", "no decision", "input"),
		chromedp.SetUploadFiles("#fit-file", []string{path}),
		until(`document.body.dataset.fit === "done"`),
	)
	if err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("fit-status").textContent`))
		t.Fatalf("fit: %v (status %q; console %v)", err, status, errs.errors())
	}
	got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.fitQuery`))
	if got != want {
		t.Errorf("the worker's fitted link\n%s\nwant the native fit's\n%s", got, want)
	}
	// The page reloads the run from the link; its address then holds the fitted values.
	if err := chromedp.Do(ctx, until(`location.search.includes("dwell=")`)); err != nil {
		addr, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
		t.Fatalf("the page's address %q does not carry the fitted market: %v", addr, err)
	}
	addr, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	q, _ := url.ParseQuery(strings.TrimPrefix(addr, "?"))
	w, _ := url.ParseQuery(want)
	for k := range q {
		if k != "runs" && k != "speed" && q.Get(k) != w.Get(k) {
			t.Errorf("address key %s=%q, want %q (the fitted link: %s)", k, q.Get(k), w.Get(k), want)
		}
	}
	for k := range w {
		if q.Get(k) != w.Get(k) {
			t.Errorf("address lacks %s=%s", k, w.Get(k))
		}
	}
	report, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("fit-report").textContent`))
	for _, s := range []string{"conv Qualified", "Does the fit reproduce the data?", "strategy multipliers are still mid-market's assumptions"} {
		if !strings.Contains(report, s) {
			t.Errorf("the report lacks %q:\n%s", s, report)
		}
	}
	if dir := os.Getenv("PIPESIM_SCREENSHOTS"); dir != "" {
		if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "fit-1280x720.png"), buf, 0o644)
		}
	}
	note, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#fit .fit-private").textContent`))
	if !strings.Contains(note, "never leaves your device") {
		t.Errorf("the page says %q; it should say the file never leaves the device", note)
	}

	// A file dropped on the zone, with a missing column: refused, and the run stays the fitted one.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const dt = new DataTransfer();
			dt.items.add(new File(["deal_id,stage,amount\nd1,Qualified,5\n"], "bad.csv", {type: "text/csv"}));
			document.getElementById("fit-drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})); })()`),
		until(`document.body.dataset.fit === "error"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("fit-status").textContent`))
	if !strings.Contains(msg, "bad.csv row 1, column entered_at: missing") || !strings.Contains(msg, "Nothing was changed") {
		t.Errorf("the refusal says %q; want the row and column named", msg)
	}
	if after, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`)); after != addr {
		t.Errorf("a refused file changed the address from %q to %q", addr, after)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen == 0 {
		t.Error("the request listener heard no requests at all; it cannot vouch that none left")
	}
	if len(sent) > 0 {
		t.Errorf("requests left the page: %v", sent)
	}
	if e := errs.errors(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}
}
