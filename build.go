package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/static"
)

func newBuildCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Write the browser simulator as static files",
		Long: `build writes the browser simulator to a folder (dist by default) that any static web
host can serve: the page, the WebAssembly canvas and its JavaScript, each compressible
file beside a precompressed .gz sibling.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutDir(out); err != nil {
				return err
			}
			site, err := static.Build(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := site.WriteDir(out); err != nil {
				return usagef("--out %q: %v", out, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "pipesim: wrote %d files (and .gz siblings) to %s\n", len(site.Names()), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "dist", "folder to write the site to (created if missing)")
	return cmd
}

// checkOutDir finds an unusable --out before the slow build: one that is a file, or a folder
// that cannot be created or written.
func checkOutDir(out string) error {
	if out == "" {
		return usagef("--out is empty: name a folder")
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return usagef("--out %q is a file, not a folder", out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return usagef("--out %q: cannot create it: %v", out, unwrapPath(err))
	}
	probe, err := os.CreateTemp(out, ".pipesim-write-*")
	if err != nil {
		return usagef("--out %q: cannot write there: %v", out, unwrapPath(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// unwrapPath drops the path from an *os.PathError, which the message already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
