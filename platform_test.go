package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fusedOp is an arm64 fused multiply-add or multiply-subtract in the compiler's assembly
// listing, with the source line it gives.
var fusedOp = regexp.MustCompile(`\((/[^)]+\.go:\d+)\)\s+(FMADD|FMSUB|FNMADD|FNMSUB)[DS]\s`)

// TestNoFusedMultiplyAdd holds the project's own arithmetic to one rounding per operation on
// every platform. Go may fuse x*y + z into one instruction that rounds once, and does on arm64
// (and on amd64 with GOAMD64=v3), but not on plain amd64 or WebAssembly: a fused product
// changes the last bits of a deal's value or a chart's coordinate, so a seed would give other
// numbers on an arm64 laptop than the golden files hold. An explicit float64(x*y) rounds the
// product and stops the fusion; this test compiles the command line and the libraries for
// arm64 and names every line where a fusion is left. (The canvas, built only for WebAssembly,
// is not compiled here.)
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the project for arm64")
	}
	list, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(list)) {
		if !strings.Contains(p, "/wasm/") {
			pkgs = append(pkgs, p)
		}
	}
	cmd := exec.Command("go", append([]string{"build", "-gcflags=-S", "-o", os.DevNull}, pkgs...)...)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build for arm64: %v\n%.2000s", err, out)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]bool{}
	for _, m := range fusedOp.FindAllStringSubmatch(string(out), -1) {
		if strings.HasPrefix(m[1], here+string(filepath.Separator)) {
			sites[strings.TrimPrefix(m[1], here+string(filepath.Separator))] = true
		}
	}
	for s := range sites {
		t.Errorf("%s: a multiply and an add are fused on arm64; write the product as float64(x*y)", s)
	}
}
