package fileio

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	if _, err := Read(ctx, "--scenario", StdinName, sim.MaxScenarioBytes); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Read = %v, want ErrInterrupted", err)
	}
}

// An output folder under missing parents creates them, and an aborted one takes them away
// again, leaving a folder that existed before as it was.
func TestOutDirMakesAndRemovesParents(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "results", "2026", "ib")
	dir, err := CreateResults(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "results", "2026")); err != nil || !fi.IsDir() {
		t.Fatalf("parent not created: %v", err)
	}
	dir.Abort()
	if _, err := os.Stat(filepath.Join(root, "results")); !os.IsNotExist(err) {
		t.Errorf("after abort, the created parents remain: %v", err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Errorf("the folder that existed before is gone: %v", err)
	}
	dir, err = CreateResults(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || !fi.IsDir() {
		t.Errorf("committed folder missing: %v", err)
	}
}
