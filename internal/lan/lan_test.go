package lan

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pipesim/pipesim/sim"
)

func TestCheckAddr(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"127.0.0.1:8080", ""},
		{":0", ""},
		{"localhost:65535", ""},
		{"nonsense", `--addr "nonsense": want host:port`},
		{"127.0.0.1:70000", `port "70000" is not a number from 0 to 65535`},
		{"127.0.0.1:http", `port "http" is not a number`},
		{"no-such-host.invalid:80", `unknown host "no-such-host.invalid"`},
	} {
		err := CheckAddr(c.addr)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.addr, err)
		case c.want != "" && (!sim.IsInput(err) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want bad input containing %q", c.addr, err, c.want)
		}
	}
}

func TestAddresses(t *testing.T) {
	wild := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	if got := Browsable(wild); got != "127.0.0.1:8080" {
		t.Errorf("Browsable(%s) = %s, want loopback", wild, got)
	}
	if got := Reachable(wild); strings.HasPrefix(got, "0.0.0.0") || !strings.HasSuffix(got, ":8080") {
		t.Errorf("Reachable(%s) = %s, want one of this machine's addresses", wild, got)
	}
	one := &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 80}
	if Browsable(one) != "10.1.2.3:80" || Reachable(one) != "10.1.2.3:80" {
		t.Errorf("a listen address of its own: Browsable %s, Reachable %s", Browsable(one), Reachable(one))
	}
}

// Listen words a taken port as a mistake in --addr; Serve answers until its context ends,
// with a grace period and without one.
func TestListenServe(t *testing.T) {
	for _, grace := range []time.Duration{time.Second, 0} {
		ln, tcp, err := Listen("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := Listen(tcp.String()); !sim.IsInput(err) || !strings.Contains(err.Error(), "cannot listen") {
			t.Errorf("the same port twice: %v, want bad input", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })}
		done := make(chan error, 1)
		go func() { done <- Serve(ctx, srv, ln, grace) }()
		resp, err := http.Get("http://" + Browsable(tcp) + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "ok" {
			t.Errorf("body %q", body)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("grace %s: Serve = %v after its context ended", grace, err)
		}
	}
}
