//go:build !(js && wasm)

package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"testing"
	"time"
)

// TestRoomCommand starts `pipesim room` on a free loopback port: it prints the facilitator's
// link with the key and the join link, both pages answer, it stops when its context ends, and
// a second start over the same --data resumes the same room.
func TestRoomCommand(t *testing.T) {
	data := t.TempDir()
	start := func() (string, string) {
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		cmd := newRoomCmd()
		cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--data", data})
		cmd.SetOut(&stdout)
		cmd.SetErr(&stderr)
		done := make(chan error, 1)
		go func() { done <- cmd.ExecuteContext(ctx) }()
		links := regexp.MustCompile(`facilitator \(your screen only\): (http://\S+/host/(\w+)\?key=\w+)\n.*join at (http://\S+)`)
		var m []string
		for deadline := time.Now().Add(30 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			m = links.FindStringSubmatch(stdout.String())
		}
		if m == nil {
			cancel()
			t.Fatalf("no links printed:\n%s\n%s", stdout.String(), stderr.String())
		}
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar} // the facilitator's link sets the key's cookie and redirects
		for _, u := range []string{m[1], m[3]} {
			resp, err := browser.Get(u)
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("%s: %v %v", u, resp, err)
			} else {
				resp.Body.Close()
			}
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("room returned %v on stop", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("room did not stop within 20 s of its context ending")
		}
		return m[2], m[1]
	}
	code1, _ := start()
	code2, _ := start()
	if code1 != code2 || len(code1) != 8 {
		t.Errorf("a restart over the same data opened room %s, then %s", code1, code2)
	}
}
