//go:build !(js && wasm)

package static

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"

	"github.com/chromedp/chromedp"

	"github.com/pipesim/pipesim/sim"
)

// mcRun starts the page's Monte Carlo with n runs and waits for its result.
func mcRun(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	err := chromedp.Do(ctx,
		setValue("#mc-runs", strconv.Itoa(n), "change"),
		chromedp.Click(chromedp.CSS("#mc-run")),
		until(`document.body.dataset.mc === "running"`),
		until(`document.body.dataset.mc !== "running"`),
	)
	if err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("mc-status").textContent`))
		t.Fatalf("Monte Carlo of %d runs: %v (status %q)", n, err, status)
	}
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.mc`))
	if state != "done" {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("mc-status").textContent`))
		t.Fatalf("Monte Carlo ended %q: %s", state, status)
	}
}

// mcShown is what the panel shows of its result.
type mcShown struct {
	Summary string `json:"summary"`
	Query   string `json:"query"`
	MS      string `json:"ms"`
	MergeMS string `json:"merge_ms"`
	Verdict string `json:"verdict"`
	Facts   string `json:"facts"`
	Charts  int    `json:"charts"`
}

func mcResult(t *testing.T, ctx context.Context) mcShown {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[mcShown](`(() => { const r = document.getElementById("mc-result");
		return {summary: r.dataset.summary, query: r.dataset.query, ms: r.dataset.ms, merge_ms: r.dataset.mergeMs,
			verdict: document.getElementById("mc-verdict").textContent,
			facts: document.getElementById("mc-facts").innerText,
			charts: r.querySelectorAll(".mc-chart svg").length}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// nativeSummary runs the batch the command line would for a link: `pipesim batch --url`.
func nativeSummary(t *testing.T, query string, runs int) ([]byte, sim.Summary) {
	t.Helper()
	l, problems := sim.ParseLink(query)
	if len(problems) > 0 {
		t.Fatalf("link %q: %v", query, problems)
	}
	agg, err := sim.Batch{Runs: runs, Seed: l.Seed}.Run(context.Background(), &l.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	sum := agg.Summarize()
	b, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	return b, sum
}

// TestE2EMonteCarlo runs the browser's Monte Carlo and checks it against the engine's batch:
// the merged workers' summary is byte for byte the native one. Cancel stops a long batch, and
// the panel runs again after it.
func TestE2EMonteCarlo(t *testing.T) {
	url := serveSite(t)
	ctx, errs := browser(t, 1366, 860)
	open(t, ctx, url+"?preset=mid-market&seed=4&teams.0.adherence=0.2")

	// The batch starts at once, so it queues behind the workers' warm-up runs, which must not
	// touch it; and every worker reports its warm-up done.
	mcRun(t, ctx, 200)
	must(t, chromedp.Do(ctx, until(`document.body.dataset.mcWarm === "true"`)))
	got := mcResult(t, ctx)
	want, sum := nativeSummary(t, got.Query, 200)
	if got.Summary != string(want) {
		t.Errorf("the page's summary of 200 runs differs from sim.Batch's:\npage   %.300s\nnative %.300s", got.Summary, want)
	}
	if got.Verdict != sum.Verdict {
		t.Errorf("verdict %q, want %q", got.Verdict, sum.Verdict)
	}
	if got.Charts != 2 {
		t.Errorf("%d charts in the result, want 2", got.Charts)
	}
	t.Logf("200 runs in %s ms; %s", got.MS, got.Facts)
	search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if l, _ := sim.ParseLink(search); l.Runs != 200 {
		t.Errorf("the page's link %q carries runs %d, want 200", search, l.Runs)
	}

	// Cancel: a batch far too long to finish stops, and the panel works again after it.
	err := chromedp.Do(ctx,
		setValue("#mc-runs", "200000", "change"),
		chromedp.Click(chromedp.CSS("#mc-run")),
		until(`document.getElementById("mc-progress").value > 0`),
		chromedp.Click(chromedp.CSS("#mc-cancel")),
		until(`document.body.dataset.mc === "cancelled" && !document.getElementById("mc-run").disabled`),
	)
	if err != nil {
		t.Fatalf("cancel: %v", err)
	}
	mcRun(t, ctx, 40)
	if got := mcResult(t, ctx); got.Summary == "" {
		t.Error("no result after a cancelled batch")
	}
	if lines := errs.errors(); len(lines) > 0 {
		t.Errorf("console errors: %v", lines)
	}
}

// TestE2EMonteCarloSpeed measures 1,000 mid-market paired runs in the browser, one worker a
// core, and logs the time: a measurement, not a pass/fail timing (a shared machine is noisy).
// It costs half a minute, so it runs only with PIPESIM_SPEED=1 (`go test ./static -run Speed -v`).
// PIPESIM_CORES=1 makes the page see one core, so one worker runs the batch: the engine's speed
// under WebAssembly on one core of the browser. PIPESIM_WARM=1 waits for the workers' warm-up.
func TestE2EMonteCarloSpeed(t *testing.T) {
	if os.Getenv("PIPESIM_SPEED") == "" {
		t.Skip("set PIPESIM_SPEED=1 to time 1,000 runs in the browser")
	}
	url := serveSite(t)
	ctx, _ := browser(t, 1366, 860)
	if n, err := strconv.Atoi(os.Getenv("PIPESIM_CORES")); err == nil && n > 0 {
		_, err := chromedp.Call(ctx, emulation.SetHardwareConcurrencyOverride, emulation.SetHardwareConcurrencyOverrideParams{HardwareConcurrency: int64(n)})
		must(t, err)
	}
	open(t, ctx, url+"?preset=mid-market&seed=1")
	cores, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.hardwareConcurrency`))
	if os.Getenv("PIPESIM_NOCANVAS") != "" { // to measure what the animation costs the workers
		chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("canvas").style.display = "none"`))
	}
	// PIPESIM_WARM=1 clicks once the workers have warmed up, as a facilitator who opened the
	// page a moment before would; otherwise the batch starts as soon as the page shows its run.
	if os.Getenv("PIPESIM_WARM") != "" {
		must(t, chromedp.Do(ctx, until(`document.body.dataset.mcWarm === "true"`)))
	}
	mcRun(t, ctx, 1000)
	got := mcResult(t, ctx)
	ms, _ := strconv.Atoi(got.MS)
	t.Logf("merge %s ms", got.MergeMS)
	t.Logf("1,000 mid-market paired runs in %.2f s on %d workers (navigator.hardwareConcurrency %d, %d CPUs)", float64(ms)/1000, min(cores, 32), cores, runtime.NumCPU())
}
