//go:build !(js && wasm)

package room

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

const chromium = "/usr/bin/chromium"

func until(cond string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))
}

func setValue(sel, value, event string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q;
		e.dispatchEvent(new Event(%q, {bubbles: true})); })()`, sel, value, event))
}

// enter fills the participant's form as a person would and saves it.
func enter(name string, adherence float64, winner string, margin int) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		document.getElementById("join-name").value = %q;
		const a = document.getElementById("join-adherence"); a.value = %q; a.dispatchEvent(new Event("input"));
		document.querySelector("input[name=winner][value=%s]").click();
		document.getElementById("join-margin").value = %q;
		document.getElementById("join-submit").click(); })()`, name, fmt.Sprint(adherence), winner, fmt.Sprint(margin)))
}

func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("ROOM_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// TestE2ERoom runs a round in Chromium under a LAN-like host name: a facilitator's tab on a
// projector and 20 participants, each in a browser context of its own, a third of them phones.
// One bad entry is refused with a message on that page; the server restarts mid-round and
// nothing is lost; a participant reloads and gets the entry back; another's page reconnects by
// itself; the league runs and every participant sees the result after the reveal.
func TestE2ERoom(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the browser tests: %v", err)
		}
		t.Skipf("no %s", chromium)
	}
	dir := t.TempDir()
	tr := startRoom(t, dir, Options{}, nil)
	if st := tr.control(`{"action":"scenario","preset":"mid-market","markets":80,"seed":5}`); st != 200 {
		t.Fatalf("scenario: %d", st)
	}
	addr := strings.TrimPrefix(tr.url, "http://")
	port := addr[strings.LastIndex(addr, ":")+1:]
	base := "http://room.test:" + port
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("host-resolver-rules", "MAP room.test 127.0.0.1"), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	host, cancel := chromedp.NewContext(actx)
	defer cancel()
	host, cancelT := context.WithTimeout(host, 4*time.Minute)
	defer cancelT()
	err := chromedp.Do(host, chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/host/"+tr.room.Code+"?key="+tr.room.Secret),
		until(`document.body.dataset.phase === "setup"`, 20*time.Second),
		chromedp.Click(chromedp.CSS("#room-open")),
		until(`document.body.dataset.phase === "open"`, 10*time.Second))
	if err != nil {
		t.Fatalf("the facilitator's page: %v", err)
	}
	info, err := chromedp.Run(host, chromedp.Evaluate[[]string](`[document.getElementById("room-join-url").textContent, document.getElementById("room-code").textContent,
		String(document.getElementById("room-qr").naturalWidth)]`))
	if err != nil || info[0] != base+"/join?room="+tr.room.Code || info[2] == "0" {
		t.Fatalf("join URL, code and QR shown: %q %v; want %s", info, err, base+"/join?room="+tr.room.Code)
	}
	const people = 20
	tabs := make([]context.Context, people)
	names := make([]string, people)
	for i := range people {
		ctx, cancel := chromedp.NewContext(host, chromedp.WithNewBrowserContext())
		defer cancel()
		tabs[i] = ctx
		names[i] = fmt.Sprintf("Team <%d> & co", i+1)
		view := chromedp.EmulateViewport(1280, 720)
		if i%3 == 0 {
			view = chromedp.Emulate(device.Pixel2)
		}
		steps := []chromedp.Action[chromedp.Void]{view, chromedp.Navigate(info[0]), until(`document.body.dataset.phase === "open"`, 20*time.Second)}
		if i == 0 { // a bad entry first: refused, with a message on this page
			steps = append(steps, enter(strings.Repeat("n", 41), 0.5, Goal, 10),
				until(`document.body.dataset.refused === "name"`, 10*time.Second))
		}
		steps = append(steps, enter(names[i], float64(i%5)/4, []string{Goal, Process}[i%2], 5+i), until(`document.body.dataset.saved === "1"`, 10*time.Second))
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("participant %d: %v", i, err)
		}
		if i == 0 {
			if h, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById("join-result").getBoundingClientRect().height`)); h != 0 {
				t.Errorf("the result's box shows (%v px tall) before the reveal", h)
			}
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("join-status").textContent`))
			if !strings.Contains(msg, "Saved") {
				t.Errorf("after the refused entry and a good one: %q", msg)
			}
			shot(t, ctx, "participant-phone-saved")
		}
	}
	if err := chromedp.Do(host, until(fmt.Sprintf(`document.querySelectorAll("#room-entries tbody tr").length === %d`, people), 20*time.Second)); err != nil {
		t.Fatalf("the facilitator's page does not list %d teams: %v", people, err)
	}
	shot(t, host, "facilitator-open")
	// The refused name never reached the room; the names are shown as text, not markup.
	cells, _ := chromedp.Run(host, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#room-entries tbody tr td:first-child")].map((td) => td.textContent)`))
	if strings.Join(cells, "|") != strings.Join(names, "|") {
		t.Errorf("teams listed: %q", cells)
	}

	// Restart mid-round.
	tr.stop()
	tr = startRoomAt(t, addr, dir, Options{}, &tr.room)
	// Participant 1 reloads: the entry comes back from the token.
	if err := chromedp.Do(tabs[1], chromedp.Reload(), until(`document.body.dataset.phase === "open" && document.getElementById("join-name").value === `+fmt.Sprintf("%q", names[1]), 20*time.Second)); err != nil {
		t.Fatalf("participant 1 after a reload: %v", err)
	}
	// Participant 2's page reconnects by itself and saves a change.
	if err := chromedp.Do(tabs[2], until(`document.body.dataset.phase === "open"`, 30*time.Second),
		enter(names[2], 1, Process, 40), until(`document.body.dataset.saved === "2"`, 10*time.Second)); err != nil {
		t.Fatalf("participant 2 after the restart: %v", err)
	}
	ps, _ := tr.store.Participants(tr.room.Code)
	if len(ps) != people || ps[2].Entry.Adherence != 1 {
		t.Fatalf("after the restart: %d teams, participant 2 %+v", len(ps), ps[2].Entry)
	}

	err = chromedp.Do(host, until(`document.body.dataset.phase === "open"`, 30*time.Second),
		chromedp.Click(chromedp.CSS("#room-close")), until(`document.body.dataset.phase === "closed"`, 10*time.Second),
		chromedp.Click(chromedp.CSS("#room-run")), until(`document.body.dataset.phase === "ran"`, 60*time.Second),
		until(fmt.Sprintf(`document.querySelectorAll("#room-leaderboard tbody tr").length === %d`, people+2), 10*time.Second))
	if err != nil {
		t.Fatalf("running the league: %v", err)
	}
	if v, _ := chromedp.Run(tabs[3], chromedp.Evaluate[bool](`document.getElementById("join-result").hidden`)); !v {
		t.Error("a participant sees the results before the reveal")
	}
	if err := chromedp.Do(host, chromedp.Click(chromedp.CSS("#room-reveal")), until(`document.body.dataset.phase === "revealed"`, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	shot(t, host, "facilitator-revealed")
	for i, ctx := range tabs {
		if err := chromedp.Do(ctx, until(`document.body.dataset.phase === "revealed" && !document.getElementById("join-result").hidden &&
			document.getElementById("join-result").textContent.includes("Rank") && !!document.getElementById("join-watch")`, 20*time.Second)); err != nil {
			t.Errorf("participant %d sees no result: %v", i, err)
		}
	}
	shot(t, tabs[0], "participant-phone-result")
	href, _ := chromedp.Run(tabs[0], chromedp.Evaluate[string](`document.getElementById("join-watch").href`))
	if !strings.Contains(href, "/sim/?preset=mid-market") || !strings.Contains(href, "seed=") {
		t.Errorf("the animated run's link: %q", href)
	}
}
