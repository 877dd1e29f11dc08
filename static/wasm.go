package static

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// A wasmTarget is one browser program compiled from a package of this module.
type wasmTarget struct {
	Pkg  string // package path relative to the module root, "./wasm/canvas"
	Name string // file name in the site, "canvas.wasm"
}

// wasmTargets are the WebAssembly programs of the site.
var wasmTargets = []wasmTarget{
	{Pkg: "./wasm/canvas", Name: "canvas.wasm"},
	{Pkg: "./wasm/worker", Name: "worker.wasm"},
	{Pkg: "./wasm/report", Name: "report.wasm"},
}

// toolchain is the Go that builds the wasm: the one this program was built with when it is still
// installed, so wasm_exec.js and the wasm always match; otherwise the go on PATH.
type toolchain struct {
	goCmd   string
	goroot  string
	version string
	modRoot string // directory holding go.mod
}

// toolchains remembers the toolchain once found, for the life of the process.
var toolchains toolchainCache

func findToolchain(ctx context.Context) (toolchain, error) { return toolchains.find(ctx) }

// toolchainCache keeps the first toolchain found. A failed lookup is not kept: one cut short
// by its caller's context (a server stopped while it starts) must not fail every later build.
type toolchainCache struct {
	mu    sync.Mutex
	found *toolchain
}

func (c *toolchainCache) find(ctx context.Context) (toolchain, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.found != nil {
		return *c.found, nil
	}
	tc, err := lookToolchain(ctx)
	if err != nil {
		return toolchain{}, err
	}
	c.found = &tc
	return tc, nil
}

func lookToolchain(ctx context.Context) (toolchain, error) {
	goCmd := "go"
	// runtime.GOROOT is deprecated for finding the standard library, but here it is exactly what
	// is wanted: the Go this binary was built with, if it is still installed.
	if root := runtime.GOROOT(); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			goCmd = p
		}
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOROOT", "GOVERSION", "GOMOD").Output()
	if ctx.Err() != nil {
		return toolchain{}, ctx.Err() // stopped, not missing
	}
	if err != nil {
		return toolchain{}, fmt.Errorf("the site needs the Go toolchain to compile its WebAssembly: %s env: %w", goCmd, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		return toolchain{}, fmt.Errorf("unexpected output of go env: %q", out)
	}
	gomod := strings.TrimSpace(lines[2])
	if gomod == "" || gomod == os.DevNull {
		return toolchain{}, fmt.Errorf("the site is compiled from the pipesim sources: run this inside the pipesim module")
	}
	return toolchain{goCmd: goCmd, goroot: lines[0], version: lines[1], modRoot: filepath.Dir(gomod)}, nil
}

// wasmExecJS is the JavaScript glue of the same Go that compiles the wasm.
func (tc toolchain) wasmExecJS() ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(tc.goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("wasm_exec.js of Go %s: %w", tc.version, err)
	}
	return b, nil
}

// compile builds a wasm target, or reads it from the user cache when nothing it is built from
// changed: the key hashes the Go version, go.mod, go.sum and every source file of the module's
// packages the target imports, so a second start is instant and an edit is never served stale.
//
// It returns the wasm and its gzip form, both cached: compressing megabytes at the best level
// takes longer than everything else a warm start does.
func (tc toolchain) compile(ctx context.Context, t wasmTarget, progress io.Writer) (wasm, gz []byte, err error) {
	key, err := tc.sourceKey(ctx, t.Pkg)
	if err != nil {
		return nil, nil, err
	}
	dir, err := cacheDir()
	if err != nil {
		return nil, nil, err
	}
	cached := filepath.Join(dir, strings.TrimSuffix(t.Name, ".wasm")+"-"+key+".wasm")
	if wasm, err = os.ReadFile(cached); err == nil {
		if gz, err = os.ReadFile(cached + ".gz"); err == nil {
			return wasm, gz, nil
		}
	}
	if wasm == nil {
		if wasm, err = tc.build(ctx, t, dir, progress); err != nil {
			return nil, nil, err
		}
	}
	gz = gzipBytes(wasm)
	if err := writeAtomic(dir, cached+".gz", gz); err != nil {
		return nil, nil, err
	}
	// The wasm goes last: its presence means the pair is complete.
	if err := writeAtomic(dir, cached, wasm); err != nil {
		return nil, nil, err
	}
	prune(dir, strings.TrimSuffix(t.Name, ".wasm")+"-", keepBuilds)
	return wasm, gz, nil
}

// keepBuilds is how many builds of a program the cache keeps: enough to switch between a few
// branches without a rebuild, few enough that editing for a day does not fill the disk.
const keepBuilds = 4

// prune removes all but the newest keep builds whose names start with prefix.
func prune(dir, prefix string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type build struct {
		name string
		mod  time.Time
	}
	var builds []build
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".wasm") {
			if fi, err := e.Info(); err == nil {
				builds = append(builds, build{n, fi.ModTime()})
			}
		}
	}
	sort.Slice(builds, func(i, j int) bool { return builds[i].mod.After(builds[j].mod) })
	for _, b := range builds[min(keep, len(builds)):] {
		os.Remove(filepath.Join(dir, b.name))
		os.Remove(filepath.Join(dir, b.name+".gz"))
	}
}

// writeAtomic writes through a temporary file and a rename, so a concurrent start never reads
// half a file.
func writeAtomic(dir, name string, b []byte) error {
	RemoveStaleTemps(dir, "write-")
	tmp, err := os.CreateTemp(dir, TempPattern("write-"))
	if err != nil {
		return fmt.Errorf("wasm cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("wasm cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("wasm cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("wasm cache: %w", err)
	}
	return nil
}

func (tc toolchain) build(ctx context.Context, t wasmTarget, dir string, progress io.Writer) ([]byte, error) {
	fmt.Fprintf(progress, "pipesim: compiling %s to WebAssembly with %s (first build after a change; progress every 5 s)\n", t.Pkg, tc.version)
	start := time.Now()
	// go build writes into a file of this process: a build killed before its deferred removal
	// leaves a file the next build recognises as stale.
	RemoveStaleTemps(dir, "build-")
	tmp, err := os.CreateTemp(dir, TempPattern("build-")+".wasm")
	if err != nil {
		return nil, fmt.Errorf("wasm cache: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	// -v names each package as it is compiled: counting them is the build's progress.
	cmd := exec.CommandContext(ctx, tc.goCmd, "build", "-v", "-trimpath", "-ldflags=-s -w", "-o", tmp.Name(), t.Pkg)
	cmd.Dir = tc.modRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	count := &packageCount{progress: progress, pkg: t.Pkg, start: start, last: start}
	cmd.Stderr = count
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("compile %s: %v\n%s", t.Pkg, err, strings.TrimSpace(count.out.String()))
	}
	b, err := os.ReadFile(tmp.Name())
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "pipesim: compiled %s in %.0f s (%.1f MB), cached in %s\n",
		t.Name, time.Since(start).Seconds(), float64(len(b))/1e6, dir)
	return b, nil
}

// packageCount reads the output of go build -v, one package a line, and says every few
// seconds how many it has compiled. It keeps the output for an error message.
type packageCount struct {
	progress    io.Writer
	pkg         string
	start, last time.Time
	out         bytes.Buffer
	packages    int
}

func (c *packageCount) Write(b []byte) (int, error) {
	c.out.Write(b)
	c.packages += bytes.Count(b, []byte("\n"))
	if now := time.Now(); now.Sub(c.last) >= 5*time.Second {
		c.last = now
		fmt.Fprintf(c.progress, "pipesim: compiling %s: %d packages compiled in %.0f s\n", c.pkg, c.packages, now.Sub(c.start).Seconds())
	}
	return len(b), nil
}

// sourceKey hashes what a wasm build depends on inside this module; modules outside it are
// pinned by go.sum, which is hashed too.
func (tc toolchain) sourceKey(ctx context.Context, pkg string) (string, error) {
	cmd := exec.CommandContext(ctx, tc.goCmd, "list", "-deps",
		"-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}}|{{join .GoFiles \",\"}}|{{join .EmbedFiles \",\"}}{{end}}{{end}}", pkg)
	cmd.Dir = tc.modRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("list the sources of %s: %v\n%s", pkg, err, strings.TrimSpace(stderr.String()))
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", tc.version, pkg)
	// go build optimises a main package by its default.pgo profile, where it has one.
	files := []string{filepath.Join(tc.modRoot, "go.mod"), filepath.Join(tc.modRoot, "go.sum"),
		filepath.Join(tc.modRoot, filepath.FromSlash(pkg), "default.pgo")}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		dir, rest, _ := strings.Cut(line, "|")
		goFiles, embeds, _ := strings.Cut(rest, "|")
		for _, list := range []string{goFiles, embeds} {
			for f := range strings.SplitSeq(list, ",") {
				if f != "" {
					files = append(files, filepath.Join(dir, f))
				}
			}
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			return "", err
		}
		rel, _ := filepath.Rel(tc.modRoot, f)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func cacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "pipesim", "wasm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("wasm cache: %w", err)
	}
	return dir, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
