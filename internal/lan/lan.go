// Package lan is how pipesim's servers meet the network and the person at the keyboard: the
// --addr a server listens on, the address a browser on this machine or on the room's network
// opens, and opening that address in the desktop's browser.
package lan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"golang.org/x/term"

	"github.com/pipesim/pipesim/sim"
)

// bad is an input error: a mistake in --addr, reported with exit status 2.
func bad(format string, args ...any) error { return sim.Errorf(sim.KindInput, "", format, args...) }

// CheckAddr rejects a malformed --addr before any slow work starts.
func CheckAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return bad("--addr %q: want host:port, for example 127.0.0.1:8080", addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return bad("--addr %q: port %q is not a number from 0 to 65535", addr, port)
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		if _, err := net.LookupHost(host); err != nil {
			return bad("--addr %q: unknown host %q", addr, host)
		}
	}
	return nil
}

// Listen listens on TCP address addr, a refusal (the port taken, an address not this
// machine's) worded as a mistake in --addr.
func Listen(addr string) (net.Listener, *net.TCPAddr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		return nil, nil, bad("--addr %q: cannot listen: %v", addr, err)
	}
	return ln, ln.Addr().(*net.TCPAddr), nil
}

// Browsable is an address a browser on this machine can open: a wildcard listen address
// becomes loopback.
func Browsable(a *net.TCPAddr) string {
	host := a.IP.String()
	if a.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(a.Port))
}

// Reachable is the address other machines reach a server listening on a: its own IP, or for a
// wildcard the first private IPv4 address of this machine's interfaces (loopback when it has
// none).
func Reachable(a *net.TCPAddr) string {
	return net.JoinHostPort(lanHost(a.IP), strconv.Itoa(a.Port))
}

func lanHost(ip net.IP) string {
	if !ip.IsUnspecified() {
		return ip.String()
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsPrivate() {
			return n.IP.String()
		}
	}
	return "127.0.0.1"
}

// OnDesktop tells whether a server may open a browser unasked: its output is a terminal that a
// person watches, on a system with a desktop (a display, on systems other than macOS and
// Windows).
func OnDesktop(stdout io.Writer) bool {
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

// OpenBrowser opens url in the desktop's default browser and does not wait for it.
func OpenBrowser(url string) error {
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

// Serve serves srv on ln until ctx ends. Then, with a grace period, it lets requests in flight
// finish for up to grace, without waiting on idle keep-alive connections; without one (for a
// server whose pages hold event streams open) it closes every connection at once.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	if grace <= 0 {
		_ = srv.Close()
		return nil
	}
	shutdown, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
