package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/static"
)

func newBuildCmd() *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Write the browser simulator as static files",
		Long: `build writes the browser simulator to a folder (dist by default) that any static web
host can serve: the page, the WebAssembly canvas and its JavaScript, each compressible
file beside a precompressed .gz sibling.

The folder must not exist yet or be empty (its parent must exist); --force replaces an
earlier site of pipesim build (one holding index.html and canvas.wasm) and refuses anything
else. The site is built first, written into a hidden temporary sibling and renamed into
place, so the folder holds exactly the site, never a mix with older files, and Ctrl-C
leaves nothing behind.`,
		Args: cli.NoArgs,
		RunE: cli.Stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			return runBuild(ctx, cmd, out, force)
		}),
	}
	cmd.Flags().StringVar(&out, "out", "dist", "new folder `DIR` to write the site to")
	cmd.Flags().BoolVar(&force, "force", false, "let --out replace an earlier site")
	return cmd
}

// runBuild checks the folder, builds the site (slow the first time), and only then writes it
// into a temporary sibling that replaces the folder once complete.
func runBuild(ctx context.Context, cmd *cobra.Command, out string, force bool) error {
	if err := fileio.CheckDir(out, force, fileio.Site); err != nil {
		return err
	}
	site, err := static.Build(ctx, cmd.ErrOrStderr())
	if err != nil {
		if ctx.Err() != nil {
			return fileio.ErrInterrupted
		}
		return err
	}
	dir, err := fileio.CreateDir(out, force, fileio.Site)
	if err != nil {
		return err
	}
	defer dir.Abort()
	if err := site.WriteDir(dir.Path()); err != nil {
		return fmt.Errorf("--out %s: %w", sim.Excerpt(out), err)
	}
	if ctx.Err() != nil {
		return fileio.ErrInterrupted
	}
	if err := dir.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "pipesim: wrote %d files (and .gz siblings) to %s\n", len(site.Names()), out)
	return nil
}
