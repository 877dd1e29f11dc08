package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/pipesim/pipesim/internal/cli"
)

// TestMain lets the test binary act as the pipesim command inside scripts, so the scripts in
// testdata/script drive the real program: flags, exit statuses, stdout, stderr and files.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pipesim": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"usage":    cmdUsage,
			"lines":    cmdLines,
			"waitfor":  cmdWaitFor,
			"noglob":   cmdNoGlob,
			"samejson": cmdSameJSON,
		},
	})
}

// cmdUsage runs a command that must fail on bad input: exit status 2, one line on stderr
// starting "pipesim: ", nothing on stdout, and no temporary output left in the work folder.
//
//	usage pipesim batch --runs 0
func cmdUsage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: usage command [args...]")
	}
	err := ts.Exec(args[0], args[1:]...)
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		ts.Fatalf("want exit status 2, got %v", err)
	}
	if ee.ExitCode() != cli.ExitUsage {
		ts.Fatalf("want exit status 2, got %d", ee.ExitCode())
	}
	stderr := ts.ReadFile("stderr")
	if !strings.HasPrefix(stderr, "pipesim: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		ts.Fatalf("want one line \"pipesim: ...\" on stderr, got %q", stderr)
	}
	if out := ts.ReadFile("stdout"); out != "" {
		ts.Fatalf("want nothing on stdout, got %q", out)
	}
	noTemporaries(ts, ts.Getenv("WORK"))
}

// cmdLines checks a file's number of lines.
//
//	lines 201 out/runs.csv
func cmdLines(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: lines N file")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := bytes.Count([]byte(ts.ReadFile(args[1])), []byte("\n"))
	if (got == want) == neg {
		ts.Fatalf("%s has %d lines; want %s%d", args[1], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// cmdWaitFor waits up to 30 seconds for a file matching a glob pattern to exist.
//
//	waitfor .out.tmp-*
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfor glob")
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(ts.MkAbs(args[0])); len(m) > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("no file matches %s after 30s", args[0])
}

// cmdNoGlob fails if any file matches a glob pattern.
//
//	noglob .out*
func cmdNoGlob(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: noglob glob")
	}
	if m, _ := filepath.Glob(ts.MkAbs(args[0])); len(m) > 0 {
		ts.Fatalf("want no file matching %s, found %v", args[0], m)
	}
}

// cmdSameJSON compares two JSON files as values, leaving out the top-level keys named after
// them: two summaries of one scenario named two ways differ only in their scenario's name.
//
//	samejson a.json b.json scenario.name
func cmdSameJSON(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: samejson a.json b.json [key.path ...]")
	}
	var docs [2]map[string]any
	for i := range docs {
		ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[i])), &docs[i]))
		for _, path := range args[2:] {
			parent, key := docs[i], path
			if outer, inner, ok := strings.Cut(path, "."); ok {
				parent, _ = docs[i][outer].(map[string]any)
				key = inner
			}
			delete(parent, key)
		}
	}
	if reflect.DeepEqual(docs[0], docs[1]) == neg {
		ts.Fatalf("%s and %s: want them %s, leaving out %v", args[0], args[1], map[bool]string{false: "equal", true: "different"}[neg], args[2:])
	}
}

// noTemporaries fails if a temporary output file or folder was left in dir.
func noTemporaries(ts *testscript.TestScript, dir string) {
	m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(m) > 0 {
		ts.Fatalf("temporary output left behind: %v", m)
	}
}
