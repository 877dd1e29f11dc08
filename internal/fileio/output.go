// Package fileio is where pipesim touches files: inputs read whole, bounded and interruptible,
// and outputs, result folders and single files, that appear complete or not at all. Its
// errors about what the user named are bad input (sim.KindInput): one line, exit status 2.
package fileio

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/static"
)

// bad is a mistake in a path the user gave.
func bad(format string, args ...any) error { return sim.Errorf(sim.KindInput, "", format, args...) }

// Dir writes a folder of results atomically: every file goes into a hidden temporary
// sibling of the destination, which is renamed into place by Commit only once complete.
// Until then, and after Abort, nothing exists under the destination's name.
type Dir struct {
	final string // where the results end up
	tmp   string // where they are written meanwhile
	force bool
	made  string // the topmost parent folder created for it, removed again on abort
	kind  *Kind
}

// Kind is what pipesim writes to a folder, and so which folder --force may replace: one
// that holds every file of a set of needs, as only an earlier pipesim output does.
type Kind struct {
	what  string     // "an earlier pipesim result folder (...)", for the refusal
	needs [][]string // each inner list: one of these files must be there
}

// A pipesim result folder holds scenario.json and the main result of the command that wrote
// it: summary.json (batch, merge, sensitivity) or sweep.csv (sweep).
var Results = &Kind{
	what:  "an earlier pipesim result folder (scenario.json with summary.json or sweep.csv)",
	needs: [][]string{{"scenario.json"}, {"summary.json", "sweep.csv"}},
}

// A site folder of pipesim build holds the page and the canvas.
var Site = &Kind{
	what:  "an earlier site of pipesim build (index.html with canvas.wasm)",
	needs: [][]string{{"index.html"}, {"canvas.wasm"}},
}

// holds reports whether a folder's entries are of this kind.
func (k *Kind) holds(entries []fs.DirEntry) bool {
	has := func(name string) bool {
		return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name })
	}
	for _, anyOf := range k.needs {
		if !slices.ContainsFunc(anyOf, has) {
			return false
		}
	}
	return true
}

// CheckResults validates a destination of results before any work starts (CheckDir).
func CheckResults(dir string, force bool) error { return CheckDir(dir, force, Results) }

// CheckDir validates a destination before any work starts, so that mistakes in the path
// cost nothing. A destination may be missing (with its parents) or an empty folder; with force
// it may also be an earlier output of the same kind, never anything else.
func CheckDir(dir string, force bool, kind *Kind) error {
	if dir == "" {
		return bad("--out is empty; want a folder path")
	}
	clean := filepath.Clean(dir)
	// dir/.. names dir's parent once cleaned; it is refused as written, not resolved.
	if base, raw := filepath.Base(clean), filepath.Base(dir); base == "." || base == ".." || base == string(filepath.Separator) || raw == "." || raw == ".." {
		return bad("--out %s: name a new folder for the results, not this one or a parent", dir)
	}
	parent := filepath.Dir(clean)
	if err := checkParent("--out", dir, parent); err != nil {
		return err
	}
	fi, err := os.Lstat(clean)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return bad("--out %s: %v", dir, UnwrapPathError(err))
	case !fi.IsDir():
		return bad("--out %s: is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(clean)
	if err != nil {
		return bad("--out %s: %v", dir, UnwrapPathError(err))
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		return bad("--out %s: folder exists and is not empty; choose another or add --force to replace earlier results", dir)
	}
	if !kind.holds(entries) {
		return bad("--out %s: --force replaces only %s, and this is not one", dir, kind.what)
	}
	return nil
}

// checkParent insists that the destination's parent is a folder or can be made one: every
// part of the path that exists is a folder. It names the first part that is a file.
func checkParent(flag, dir, parent string) error {
	_, err := deepestExisting(flag, dir, parent)
	return err
}

// deepestExisting returns the deepest ancestor of parent, or parent itself, that exists, and
// an error when that is not a folder or cannot be read.
func deepestExisting(flag, dir, parent string) (string, error) {
	p := parent
	for {
		fi, err := os.Stat(p)
		switch {
		case err == nil && !fi.IsDir():
			return "", bad("%s %s: %s is a file, not a folder", flag, dir, p)
		case err == nil:
			return p, nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", bad("%s %s: %v", flag, dir, UnwrapPathError(err))
		}
		up := filepath.Dir(p)
		if up == p {
			return p, nil
		}
		p = up
	}
}

// makeParent creates the destination's missing parent folders and returns the topmost one it
// created ("" when none was missing), for removeMade to take away again on failure.
func makeParent(flag, dir, parent string) (string, error) {
	existing, err := deepestExisting(flag, dir, parent)
	if err != nil || existing == parent {
		return "", err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", bad("%s %s: cannot create folder %s: %v", flag, dir, parent, UnwrapPathError(err))
	}
	top := parent
	for filepath.Dir(top) != existing {
		top = filepath.Dir(top)
	}
	return top, nil
}

// removeMade removes the folders makeParent made, from parent up to top, as far as they are
// empty.
func removeMade(parent, top string) {
	if top == "" {
		return
	}
	for p := parent; ; p = filepath.Dir(p) {
		if os.Remove(p) != nil || p == top {
			return
		}
	}
}

// CreateResults checks a destination of results, creates its missing parent folders and makes
// the temporary folder beside it.
func CreateResults(dir string, force bool) (*Dir, error) {
	return CreateDir(dir, force, Results)
}

// CreateDir checks a destination of the kind and makes the temporary folder beside it.
func CreateDir(dir string, force bool, kind *Kind) (*Dir, error) {
	if err := CheckDir(dir, force, kind); err != nil {
		return nil, err
	}
	clean := filepath.Clean(dir)
	parent := filepath.Dir(clean)
	made, err := makeParent("--out", dir, parent)
	if err != nil {
		return nil, err
	}
	tmp, err := makeTemp(os.MkdirTemp, parent, filepath.Base(clean))
	if err != nil {
		removeMade(parent, made)
		return nil, bad("--out %s: cannot write beside it: %v", dir, UnwrapPathError(err))
	}
	return &Dir{final: clean, tmp: tmp, force: force, made: made, kind: kind}, nil
}

// Create opens a new file in the temporary folder.
func (o *Dir) Create(name string) (*os.File, error) {
	return os.Create(filepath.Join(o.tmp, name))
}

// Path is the folder the files go into until Commit.
func (o *Dir) Path() string { return o.tmp }

// WriteFile writes a whole file into the temporary folder.
func (o *Dir) WriteFile(name string, data []byte) error {
	return os.WriteFile(filepath.Join(o.tmp, name), data, 0o644)
}

// WriteAll writes files into the temporary folder.
func (o *Dir) WriteAll(files []report.File) error {
	for _, f := range files {
		if err := o.WriteFile(f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// Commit moves the finished folder into place, replacing an empty or (with force) an earlier
// result folder.
func (o *Dir) Commit() error {
	if err := os.Chmod(o.tmp, 0o755); err != nil {
		return err
	}
	err := os.Rename(o.tmp, o.final)
	if err == nil {
		o.tmp = ""
		return nil
	}
	// The destination exists and is not empty (or appeared meanwhile): check again, then swap.
	if cerr := CheckDir(o.final, o.force, o.kind); cerr != nil {
		return cerr
	}
	old := o.tmp + "-old"
	if err := os.Rename(o.final, old); err != nil {
		return fmt.Errorf("replace %s: %w", o.final, err)
	}
	if err := os.Rename(o.tmp, o.final); err != nil {
		_ = os.Rename(old, o.final)
		return fmt.Errorf("replace %s: %w", o.final, err)
	}
	o.tmp = ""
	return os.RemoveAll(old)
}

// CommitAndSay commits the folder and, unless quiet, says on stderr where the results are: the
// end of every command that writes a result folder.
func (o *Dir) CommitAndSay(stderr io.Writer, quiet bool) error {
	if err := o.Commit(); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s\n", o.final)
	}
	return nil
}

// Abort removes the temporary folder; after Commit it does nothing.
func (o *Dir) Abort() {
	if o != nil && o.tmp != "" {
		_ = os.RemoveAll(o.tmp)
		o.tmp = ""
		removeMade(filepath.Dir(o.final), o.made)
	}
}

// CheckFile checks a single output file before the work starts: a new file, or with force
// an existing regular file to replace; never a folder or a device (renaming onto /dev/null
// would replace the device for everyone).
func CheckFile(flag, path string, force bool) error {
	if err := checkParent(flag, path, filepath.Dir(filepath.Clean(path))); err != nil {
		return err
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return bad("%s %s: %v", flag, sim.Excerpt(path), UnwrapPathError(err))
	case fi.IsDir():
		return bad("%s %s: is a folder, not a file", flag, sim.Excerpt(path))
	case !fi.Mode().IsRegular():
		return bad("%s %s: is %s; name a regular file", flag, sim.Excerpt(path), FileKind(fi.Mode()))
	case !force:
		return bad("%s %s: file exists; choose another or add --force to replace it", flag, sim.Excerpt(path))
	}
	return nil
}

// makeTemp makes the hidden temporary sibling .NAME.tmp-PID-N of name in dir with create
// (os.MkdirTemp or os.CreateTemp), after removing the ones that killed runs left there.
func makeTemp[T any](create func(dir, pattern string) (T, error), dir, name string) (T, error) {
	prefix := "." + name + ".tmp-"
	static.RemoveStaleTemps(dir, prefix)
	return create(dir, static.TempPattern(prefix))
}

// WriteFileAtomic writes a single file through a temporary sibling renamed into place.
func WriteFileAtomic(flag, path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(filepath.Clean(path))
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return bad("%s %s: is a folder, not a file", flag, path)
	}
	made, err := makeParent(flag, path, dir)
	if err != nil {
		return err
	}
	f, err := makeTemp(os.CreateTemp, dir, filepath.Base(path))
	if err != nil {
		removeMade(dir, made)
		return bad("%s %s: cannot write beside it: %v", flag, path, UnwrapPathError(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			removeMade(dir, made)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// UnwrapPathError drops the operation and path of an *fs.PathError, which the message already names.
func UnwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CSVFile is a buffered CSV file in an output folder.
type CSVFile struct {
	f      *os.File
	buf    *bufio.Writer
	W      *csv.Writer
	closed bool
}

// CreateCSV creates a CSV file in the folder and writes its header.
func (o *Dir) CreateCSV(name string, header []string) (*CSVFile, error) {
	f, err := o.Create(name)
	if err != nil {
		return nil, err
	}
	buf := bufio.NewWriterSize(f, 1<<16)
	c := &CSVFile{f: f, buf: buf, W: csv.NewWriter(buf)}
	if err := c.W.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// Close flushes and closes the file once; later calls return nil.
func (c *CSVFile) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.W.Flush()
	err := c.W.Error()
	if ferr := c.buf.Flush(); err == nil {
		err = ferr
	}
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}
