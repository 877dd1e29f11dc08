package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/internal/cli"
)

// readmeOthers are the README's command lines that are not pipesim commands, or that this test
// leaves to others, with the reason.
var readmeOthers = map[string]string{
	"go test ./...":                           "the test suite itself",
	"go test -short ./...":                    "the test suite itself, without the browser and Slurm tests",
	"bash .ci/run":                            "CI: the test suite with gofmt and vet",
	"go install .":                            "installs a binary; the commands below run the same program in-process",
	"go build -o pipesim .":                   "builds a binary; the commands below run the same program in-process",
	"go run . serve":                          "serves until stopped: TestServe",
	"go run . build --out dist":               "compiles the WebAssembly: testdata/script/site.txtar",
	"go run . room --addr 0.0.0.0:8080 --new": "serves until stopped: room's TestE2ERoom and TestRoomCommand",
	"go run github.com/go-task/task/v3/cmd/task@v3.54.0 --list": "downloads go-task",
}

// TestReadmeCommands runs every pipesim command line of README.md's shell blocks, verbatim
// but for fewer runs, in order in a copy of the source tree without its git history, as an
// analyst on a fresh clone would: each must succeed. A command line that is neither run nor
// listed in readmeOthers fails.
func TestReadmeCommands(t *testing.T) {
	lines := readmeCommands(t, "README.md")
	clone := t.TempDir()
	copyTree(t, ".", clone)
	t.Chdir(clone)
	ran := 0
	for _, line := range lines {
		words, redirect := shellWords(t, line)
		cmdline := strings.Join(words, " ")
		if _, ok := readmeOthers[cmdline]; ok {
			continue
		}
		if len(words) < 3 || words[0] != "go" || words[1] != "run" || words[2] != "." {
			t.Errorf("README runs %q, which this test neither runs nor lists in readmeOthers", line)
			continue
		}
		args := fewerRuns(words[3:])
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != cli.ExitOK {
			t.Errorf("README: %s\nexit status %d: %s", line, code, stderr.String())
			continue
		}
		if redirect != "" {
			if err := os.WriteFile(redirect, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ran++
	}
	if ran < 10 {
		t.Errorf("ran %d README commands; want the dozen of the command-line section", ran)
	}
}

// copyTree copies the regular files under src to dst, leaving out .git and result folders
// (ignored by git) that earlier work left behind.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != src && (d.Name() == ".git" || d.Name() == "dist" || d.Name() == "results") {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, p)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readmeCommands returns the lines of the file's ```sh blocks.
func readmeCommands(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "```sh":
			in = true
		case strings.HasPrefix(l, "```"):
			in = false
		case in && l != "":
			lines = append(lines, l)
		}
	}
	return lines
}

// shellWords splits a command line as a POSIX shell would for the README's simple commands:
// words, single and double quotes, a comment from an unquoted #, and one "> file".
func shellWords(t *testing.T, line string) (words []string, redirect string) {
	t.Helper()
	var w strings.Builder
	inWord, quote := false, rune(0)
	flush := func() {
		if inWord {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			flush()
			return redirected(t, words)
		case r == ' ' || r == '\t':
			flush()
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unbalanced quote in %q", line)
	}
	flush()
	return redirected(t, words)
}

// redirected takes a trailing "> file" off the words.
func redirected(t *testing.T, words []string) ([]string, string) {
	i := slices.Index(words, ">")
	if i < 0 {
		return words, ""
	}
	if i != len(words)-2 {
		t.Fatalf("want > file at the end of %q", words)
	}
	return words[:i], filepath.Clean(words[i+1])
}

// fewerRuns caps the runs of Monte Carlo commands so that the whole README runs in seconds:
// --runs above 40 becomes 40, and batch, sweep and sensitivity without --runs get 20.
func fewerRuns(args []string) []string {
	args = slices.Clone(args)
	if len(args) == 0 || !slices.Contains([]string{"batch", "sweep", "sensitivity"}, args[0]) {
		return args
	}
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--runs" || args[i] == "-n" {
			if n, err := strconv.Atoi(args[i+1]); err == nil && n > 40 {
				args[i+1] = "40"
			}
			return args
		}
	}
	return append(args, "--runs", "20")
}
