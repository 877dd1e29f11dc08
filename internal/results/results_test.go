package results

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/render/report"
)

// A study whose work fails leaves no folder and prints nothing; one that succeeds writes its
// files, streamed and at the end, commits the folder and then prints.
func TestStudy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results", "study")
	b := &cli.BatchFlags{Out: out, Quiet: true}
	files := func() ([]report.File, error) { return []report.File{{Name: "summary.json", Data: []byte("{}\n")}}, nil }
	printed := 0
	print := func() error { printed++; return nil }

	boom := errors.New("boom")
	err := Study(io.Discard, b, 10, func(dir *fileio.Dir, bar *progress.Bar) error {
		if dir == nil || bar == nil {
			t.Error("work got no folder or no progress display")
		}
		return boom
	}, files, print)
	if !errors.Is(err, boom) || printed != 0 {
		t.Errorf("failed work: %v, printed %d times", err, printed)
	}
	if _, err := os.Stat(filepath.Dir(out)); !os.IsNotExist(err) {
		t.Errorf("failed work left %s behind: %v", filepath.Dir(out), err)
	}

	err = Study(io.Discard, b, 0, func(dir *fileio.Dir, bar *progress.Bar) error {
		if bar != nil {
			t.Error("a study of no runs got a progress display")
		}
		return dir.WriteFile("runs.csv", []byte("run\n"))
	}, files, print)
	if err != nil || printed != 1 {
		t.Fatalf("Study: %v, printed %d times", err, printed)
	}
	for _, name := range []string{"runs.csv", "summary.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
