package static

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The cache key of a wasm build is stable for unchanged sources and differs between programs,
// so a second start reuses the build and two programs never share one.
func TestSourceKey(t *testing.T) {
	ctx := context.Background()
	tc, err := findToolchain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a1, err := tc.sourceKey(ctx, "./wasm/canvas")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := tc.sourceKey(ctx, "./wasm/canvas")
	b, err := tc.sourceKey(ctx, "./sim")
	if err != nil {
		t.Fatal(err)
	}
	if a1 != a2 || a1 == b || len(a1) != 16 {
		t.Errorf("keys: canvas %q then %q, sim %q", a1, a2, b)
	}
	if _, err := tc.sourceKey(ctx, "./no/such/package"); err == nil {
		t.Error("a missing package gave a key")
	}
}

// A lookup whose context ends says so and is not remembered: the next one, with a live
// context, finds the toolchain. A room or server stopped while it started once made every
// later build in the process fail with "go env: signal: killed".
func TestToolchainLookupCutShortIsNotKept(t *testing.T) {
	var c toolchainCache
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.find(stopped); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled lookup gave %v, want context.Canceled", err)
	}
	tc, err := c.find(context.Background())
	if err != nil || tc.goCmd == "" {
		t.Fatalf("the lookup after it: %+v, %v", tc, err)
	}
	if again, _ := c.find(stopped); again != tc {
		t.Errorf("a found toolchain is not kept: %+v then %+v", tc, again)
	}
}

func TestPruneKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	for i := range 6 {
		for _, suffix := range []string{".wasm", ".wasm.gz"} {
			p := filepath.Join(dir, fmt.Sprintf("canvas-%d%s", i, suffix))
			os.WriteFile(p, []byte("x"), 0o644)
			os.Chtimes(p, now, now.Add(time.Duration(i)*time.Minute))
		}
	}
	os.WriteFile(filepath.Join(dir, "worker-0.wasm"), []byte("x"), 0o644)
	prune(dir, "canvas-", 4)
	for i := range 6 {
		_, err := os.Stat(filepath.Join(dir, fmt.Sprintf("canvas-%d.wasm.gz", i)))
		if kept := err == nil; kept != (i >= 2) {
			t.Errorf("build %d kept=%v", i, kept)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "worker-0.wasm")); err != nil {
		t.Error("pruned another program's build")
	}
}
