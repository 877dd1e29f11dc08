package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

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
		Args: noArgs,
		RunE: stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			if err := checkAddr(addr); err != nil {
				return err
			}
			if !cmd.Flags().Changed("open") {
				open = onDesktop(cmd.OutOrStdout())
			}
			return serve(ctx, addr, open, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	cmd.Flags().BoolVar(&open, "open", false, "open the page in the default browser (without the flag: when on a desktop's terminal)")
	return cmd
}

// checkAddr rejects a malformed address before the slow build starts.
func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: want host:port, for example 127.0.0.1:8080", addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return usagef("--addr %q: port %q is not a number from 0 to 65535", addr, port)
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		if _, err := net.LookupHost(host); err != nil {
			return usagef("--addr %q: unknown host %q", addr, host)
		}
	}
	return nil
}

func serve(ctx context.Context, addr string, open bool, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "pipesim: building the browser simulator: the page and its two WebAssembly programs (compiled once, then cached)")
	site, err := static.Build(ctx, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usagef("--addr %q: cannot listen: %v", addr, errors.Unwrap(err))
	}
	if ip := listenIP(ln); ip != nil && !ip.IsLoopback() {
		fmt.Fprintf(stderr, "pipesim: listening on %s: reachable from other machines\n", ln.Addr())
	}
	url := "http://" + browsable(ln.Addr().(*net.TCPAddr)) + "/"
	fmt.Fprintf(stdout, "pipesim: serving the simulator at %s (Ctrl-C to stop)\n", url)
	switch {
	case !open:
		fmt.Fprintf(stderr, "pipesim: open %s in a browser (--open opens it for you)\n", url)
	default:
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stderr, "pipesim: could not open a browser (%v); open %s yourself\n", err, url)
		}
	}
	srv := static.NewServer(site.Handler())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Let requests in flight finish, but do not wait on idle keep-alive connections.
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	fmt.Fprintln(stderr, "pipesim: stopped")
	return nil
}

func listenIP(ln net.Listener) net.IP {
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		return a.IP
	}
	return nil
}

// browsable is an address a browser can open: a wildcard listen address becomes loopback.
func browsable(a *net.TCPAddr) string {
	host := a.IP.String()
	if a.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(a.Port))
}

// onDesktop tells whether serve may open a browser unasked: its output is a terminal that a
// person watches, on a system with a desktop (a display, on systems other than macOS and
// Windows).
func onDesktop(stdout io.Writer) bool {
	f, ok := stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; its exit status does not matter
	return nil
}
