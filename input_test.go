package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// Ctrl-C ends a read that blocks on standard input (a pipe nobody writes to), at once.
func TestReadInputInterrupted(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	stdin := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = stdin }()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := readInput(ctx, "--scenario", stdinName, sim.MaxScenarioBytes); !errors.Is(err, errInterrupted) {
		t.Errorf("readInput = %v, want errInterrupted", err)
	}
}

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
		_, err := loadScenario(context.Background(), "--scenario", path)
		if c.ok && err != nil {
			t.Errorf("%d bytes: %v", len(c.data), err)
		}
		if !c.ok && (!isBadInput(err) || !strings.HasSuffix(err.Error(), ": is larger than 1 MiB; allowed at most 1 MiB")) {
			t.Errorf("%d bytes: %v, want bad input larger than 1 MiB", len(c.data), err)
		}
	}
}

// A panic while reading reaches the caller, so guard reports it with exit status 1.
func TestInterruptiblePanic(t *testing.T) {
	var stderr strings.Builder
	status := guard(&stderr, func() int {
		_, _ = interruptible(context.Background(), func() (int, error) { panic("damaged") })
		return exitOK
	})
	if status != exitFailure || !strings.Contains(stderr.String(), "internal error: damaged") {
		t.Errorf("status %d, stderr %q", status, stderr.String())
	}
}
