// Package results runs the experiment commands' work into what they write: a result folder
// created before the work (so a bad destination fails before any run), filled and committed
// once the work is done and removed on an error or Ctrl-C; a shard's partial-aggregate file;
// and the merge of the parts into the folder of the unsharded batch.
package results

import (
	"io"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/internal/progress"
	"github.com/pipesim/pipesim/render/report"
)

// Study is what every experiment command does once its input is checked: create the --out
// folder, run the work under one progress display of total runs (none when total is 0), write
// the files and commit the folder, then print. work gets the folder being filled (nil without
// --out) for files it streams. Nothing is written or printed when the work fails or is
// interrupted.
func Study(stderr io.Writer, b *cli.BatchFlags, total int, work func(dir *fileio.Dir, bar *progress.Bar) error,
	files func() ([]report.File, error), print func() error) error {
	var dir *fileio.Dir
	if b.Out != "" {
		d, err := fileio.CreateResults(b.Out, b.Force)
		if err != nil {
			return err
		}
		dir = d
		defer dir.Abort()
	}
	var bar *progress.Bar
	if total > 0 {
		bar = progress.New(stderr, total, b.Quiet)
	}
	err := work(dir, bar)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return cli.Interrupted(err)
	}
	if dir != nil {
		fs, err := files()
		if err != nil {
			return err
		}
		if err := dir.WriteAll(fs); err != nil {
			return err
		}
		if err := dir.CommitAndSay(stderr, b.Quiet); err != nil {
			return err
		}
	}
	return print()
}
