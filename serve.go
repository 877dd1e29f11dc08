package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/lan"
	"github.com/pipesim/pipesim/static"
)

func newServeCmd() *cobra.Command {
	var addr string
	var open bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Build the browser simulator and serve it on this machine",
		Long: `serve compiles the browser simulator (the first time, or after a change to its sources;
later starts reuse the cached build), saying what it is doing on stderr, and serves it.
It listens on the loopback interface unless --addr names another; Ctrl-C stops it.

It opens the page in the default browser when it runs on a terminal of a desktop session
(macOS, Windows, or a Linux or BSD session with a display), and otherwise prints the
address to open; --open opens it in any case, --open=false never.`,
		Args: cli.NoArgs,
		RunE: cli.Stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			if err := lan.CheckAddr(addr); err != nil {
				return err
			}
			if !cmd.Flags().Changed("open") {
				open = lan.OnDesktop(cmd.OutOrStdout())
			}
			return serve(ctx, addr, open, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	cmd.Flags().BoolVar(&open, "open", false, "open the page in the default browser (without the flag: when on a desktop's terminal)")
	return cmd
}

func serve(ctx context.Context, addr string, open bool, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "pipesim: building the browser simulator: the page and its two WebAssembly programs (compiled once, then cached)")
	site, err := static.Build(ctx, stderr)
	if err != nil {
		return err
	}
	ln, tcp, err := lan.Listen(addr)
	if err != nil {
		return err
	}
	if !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "pipesim: listening on %s: reachable from other machines\n", tcp)
	}
	url := "http://" + lan.Browsable(tcp) + "/"
	fmt.Fprintf(stdout, "pipesim: serving the simulator at %s (Ctrl-C to stop)\n", url)
	switch {
	case !open:
		fmt.Fprintf(stderr, "pipesim: open %s in a browser (--open opens it for you)\n", url)
	default:
		if err := lan.OpenBrowser(url); err != nil {
			fmt.Fprintf(stderr, "pipesim: could not open a browser (%v); open %s yourself\n", err, url)
		}
	}
	if err := lan.Serve(ctx, static.NewServer(site.Handler()), ln, 5*time.Second); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "pipesim: stopped")
	return nil
}
