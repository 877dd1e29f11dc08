package static

import (
	"context"
	"testing"
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
