package main

import (
	"os"
	"path/filepath"
	"testing"
)

// An output folder under missing parents creates them, and an aborted one takes them away
// again, leaving a folder that existed before as it was.
func TestOutDirMakesAndRemovesParents(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "results", "2026", "ib")
	dir, err := createOutDir(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "results", "2026")); err != nil || !fi.IsDir() {
		t.Fatalf("parent not created: %v", err)
	}
	dir.abort()
	if _, err := os.Stat(filepath.Join(root, "results")); !os.IsNotExist(err) {
		t.Errorf("after abort, the created parents remain: %v", err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Errorf("the folder that existed before is gone: %v", err)
	}
	dir, err = createOutDir(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := dir.commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || !fi.IsDir() {
		t.Errorf("committed folder missing: %v", err)
	}
}
