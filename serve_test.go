package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pipesim/pipesim/internal/cli"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine to write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve prints its URL, serves the site there, and stops cleanly when its context ends (as on
// Ctrl-C).
func TestServeStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, "127.0.0.1:0", false, &stdout, &stderr) }()
	url := ""
	for deadline := time.Now().Add(3 * time.Minute); url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(stdout.String())
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
		default:
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed; stderr:\n%s", stderr.String())
	}
	resp, err := http.Get(url + "canvas.wasm")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "application/wasm" {
		t.Errorf("canvas.wasm: %d %s", resp.StatusCode, ct)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v on shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of its context ending")
	}
	if !strings.Contains(stderr.String(), "pipesim: stopped") {
		t.Errorf("stderr does not say it stopped:\n%s", stderr.String())
	}
}

func TestBuildWritesTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site")
	}
	out := filepath.Join(t.TempDir(), "dist")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--out", out}, &stdout, &stderr); code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"index.html", "canvas.html", "canvas.wasm", "canvas.wasm.gz", "wasm_exec.js", "app.js.gz", "style.css"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(stdout.String(), "wrote") {
		t.Errorf("stdout: %q", stdout.String())
	}
}
