package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
)

// A scenario file is read to at most 1 MiB; one byte more is refused without decoding it.
func TestReadInputLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	big := `{"weeks": 5}` + strings.Repeat(" ", sim.MaxScenarioBytes-12)
	for _, c := range []struct {
		data string
		ok   bool
	}{{big, true}, {big + " ", false}} {
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadScenario(context.Background(), "--scenario", path)
		if c.ok && err != nil {
			t.Errorf("%d bytes: %v", len(c.data), err)
		}
		if !c.ok && (!IsBadInput(err) || !strings.HasSuffix(err.Error(), ": is larger than 1 MiB; allowed at most 1 MiB")) {
			t.Errorf("%d bytes: %v, want bad input larger than 1 MiB", len(c.data), err)
		}
	}
}

// A panic while reading reaches the caller, so Guard reports it with exit status 1.
func TestInterruptiblePanic(t *testing.T) {
	var stderr strings.Builder
	status := Guard(&stderr, func() int {
		_, _ = fileio.Interruptible(context.Background(), func() (int, error) { panic("damaged") })
		return ExitOK
	})
	if status != ExitFailure || !strings.Contains(stderr.String(), "internal error: damaged") {
		t.Errorf("status %d, stderr %q", status, stderr.String())
	}
}
