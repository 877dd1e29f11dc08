package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
	"github.com/pipesim/pipesim/static"
)

// outDir writes a folder of results atomically: every file goes into a hidden temporary
// sibling of the destination, which is renamed into place by commit only once complete.
// Until then, and after abort, nothing exists under the destination's name.
type outDir struct {
	final string // where the results end up
	tmp   string // where they are written meanwhile
	force bool
	made  string // the topmost parent folder created for it, removed again on abort
	kind  *folderKind
}

// folderKind is what pipesim writes to a folder, and so which folder --force may replace: one
// that holds every file of a set of needs, as only an earlier pipesim output does.
type folderKind struct {
	what  string     // "an earlier pipesim result folder (...)", for the refusal
	needs [][]string // each inner list: one of these files must be there
}

// A pipesim result folder holds scenario.json and the main result of the command that wrote
// it: summary.json (batch, merge, sensitivity) or sweep.csv (sweep).
var resultFolder = &folderKind{
	what:  "an earlier pipesim result folder (scenario.json with summary.json or sweep.csv)",
	needs: [][]string{{"scenario.json"}, {"summary.json", "sweep.csv"}},
}

// A site folder of pipesim build holds the page and the canvas.
var siteFolder = &folderKind{
	what:  "an earlier site of pipesim build (index.html with canvas.wasm)",
	needs: [][]string{{"index.html"}, {"canvas.wasm"}},
}

// holds reports whether a folder's entries are of this kind.
func (k *folderKind) holds(entries []fs.DirEntry) bool {
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

// checkResultDir validates a destination of results before any work starts (checkOutDir).
func checkResultDir(dir string, force bool) error { return checkOutDir(dir, force, resultFolder) }

// checkOutDir validates a destination before any work starts, so that mistakes in the path
// cost nothing. A destination may be missing (with its parents) or an empty folder; with force
// it may also be an earlier output of the same kind, never anything else.
func checkOutDir(dir string, force bool, kind *folderKind) error {
	if dir == "" {
		return usagef("--out is empty; want a folder path")
	}
	clean := filepath.Clean(dir)
	// dir/.. names dir's parent once cleaned; it is refused as written, not resolved.
	if base, raw := filepath.Base(clean), filepath.Base(dir); base == "." || base == ".." || base == string(filepath.Separator) || raw == "." || raw == ".." {
		return usagef("--out %s: name a new folder for the results, not this one or a parent", dir)
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
		return usagef("--out %s: %v", dir, unwrapPathError(err))
	case !fi.IsDir():
		return usagef("--out %s: is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(clean)
	if err != nil {
		return usagef("--out %s: %v", dir, unwrapPathError(err))
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		return usagef("--out %s: folder exists and is not empty; choose another or add --force to replace earlier results", dir)
	}
	if !kind.holds(entries) {
		return usagef("--out %s: --force replaces only %s, and this is not one", dir, kind.what)
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
			return "", usagef("%s %s: %s is a file, not a folder", flag, dir, p)
		case err == nil:
			return p, nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", usagef("%s %s: %v", flag, dir, unwrapPathError(err))
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
		return "", usagef("%s %s: cannot create folder %s: %v", flag, dir, parent, unwrapPathError(err))
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

// createOutDir checks a destination of results, creates its missing parent folders and makes
// the temporary folder beside it.
func createOutDir(dir string, force bool) (*outDir, error) {
	return createDir(dir, force, resultFolder)
}

// createDir checks a destination of the kind and makes the temporary folder beside it.
func createDir(dir string, force bool, kind *folderKind) (*outDir, error) {
	if err := checkOutDir(dir, force, kind); err != nil {
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
		return nil, usagef("--out %s: cannot write beside it: %v", dir, unwrapPathError(err))
	}
	return &outDir{final: clean, tmp: tmp, force: force, made: made, kind: kind}, nil
}

// create opens a new file in the temporary folder.
func (o *outDir) create(name string) (*os.File, error) {
	return os.Create(filepath.Join(o.tmp, name))
}

// writeFile writes a whole file into the temporary folder.
func (o *outDir) writeFile(name string, data []byte) error {
	return os.WriteFile(filepath.Join(o.tmp, name), data, 0o644)
}

// writeAll writes files into the temporary folder.
func (o *outDir) writeAll(files []report.File) error {
	for _, f := range files {
		if err := o.writeFile(f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// commit moves the finished folder into place, replacing an empty or (with force) an earlier
// result folder.
func (o *outDir) commit() error {
	if err := os.Chmod(o.tmp, 0o755); err != nil {
		return err
	}
	err := os.Rename(o.tmp, o.final)
	if err == nil {
		o.tmp = ""
		return nil
	}
	// The destination exists and is not empty (or appeared meanwhile): check again, then swap.
	if cerr := checkOutDir(o.final, o.force, o.kind); cerr != nil {
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

// commitAndSay commits the folder and, unless quiet, says on stderr where the results are: the
// end of every command that writes a result folder.
func (o *outDir) commitAndSay(stderr io.Writer, quiet bool) error {
	if err := o.commit(); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "pipesim: wrote %s\n", o.final)
	}
	return nil
}

// abort removes the temporary folder; after commit it does nothing.
func (o *outDir) abort() {
	if o != nil && o.tmp != "" {
		_ = os.RemoveAll(o.tmp)
		o.tmp = ""
		removeMade(filepath.Dir(o.final), o.made)
	}
}

// checkOutFile checks a single output file before the work starts: a new file, or with force
// an existing regular file to replace; never a folder or a device (renaming onto /dev/null
// would replace the device for everyone).
func checkOutFile(flag, path string, force bool) error {
	if err := checkParent(flag, path, filepath.Dir(filepath.Clean(path))); err != nil {
		return err
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return usagef("%s %s: %v", flag, excerpt(path), unwrapPathError(err))
	case fi.IsDir():
		return usagef("%s %s: is a folder, not a file", flag, excerpt(path))
	case !fi.Mode().IsRegular():
		return usagef("%s %s: is %s; name a regular file", flag, excerpt(path), fileKind(fi.Mode()))
	case !force:
		return usagef("%s %s: file exists; choose another or add --force to replace it", flag, excerpt(path))
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

// writeFileAtomic writes a single file through a temporary sibling renamed into place.
func writeFileAtomic(flag, path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(filepath.Clean(path))
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("%s %s: is a folder, not a file", flag, path)
	}
	made, err := makeParent(flag, path, dir)
	if err != nil {
		return err
	}
	f, err := makeTemp(os.CreateTemp, dir, filepath.Base(path))
	if err != nil {
		removeMade(dir, made)
		return usagef("%s %s: cannot write beside it: %v", flag, path, unwrapPathError(err))
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

// progress reports a batch's progress on stderr: a bar with rate and time left on a terminal,
// a plain line at most every two seconds otherwise (logs, CI), nothing when quiet.
type progress struct {
	bar   *progressbar.ProgressBar
	w     io.Writer
	start time.Time
	last  time.Time
	every time.Duration
	total int    // the runs it expects, when retarget has changed them from the batch's
	note  string // what the batch knows so far, beside the count
}

func newProgress(stderr io.Writer, total int, quiet bool) *progress {
	p := &progress{w: stderr, start: time.Now(), every: 2 * time.Second}
	p.last = p.start
	if quiet {
		p.w = nil
		return p
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("runs"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// retarget changes the runs the batch is expected to take, and a note on why: a batch that
// stops early counts against its estimate, not against its cap.
func (p *progress) retarget(total int, note string) {
	p.total, p.note = total, note
	if p.bar != nil {
		p.bar.ChangeMax(total)
		p.bar.Describe(note)
	}
}

// update is the batch's Progress callback.
func (p *progress) update(done, total int) {
	if p.total > 0 {
		total = max(p.total, done)
	}
	switch {
	case p.w == nil:
	case p.bar != nil:
		_ = p.bar.Set(done)
	default:
		now := time.Now()
		if now.Sub(p.last) < p.every || done == total {
			return
		}
		p.last = now
		el := now.Sub(p.start).Seconds()
		rate := float64(done) / el
		left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		note := ""
		if p.note != "" {
			note = "; " + p.note
		}
		fmt.Fprintf(p.w, "pipesim: %s/%s runs (%.0f%%), %s runs/s, about %s left%s\n",
			format.Thousands(float64(done), 0), format.Thousands(float64(total), 0), 100*float64(done)/float64(total),
			format.Thousands(rate, 0), left, note)
	}
}

// finish clears the bar; on an interrupted batch it leaves the line clean for the message.
func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	}
}

// formatMetric formats one value of a metric for a table.
func formatMetric(unit sim.Unit, x float64) string { return metricText(unit, x, 0) }

// formatDiff formats a difference B - A of a metric: money with a sign, rates in percentage points.
func formatDiff(unit sim.Unit, x float64) string { return diffText(unit, x, 0) }

// metricText formats a value with extra decimals beyond the unit's usual ones (none for money,
// which is in whole dollars).
func metricText(unit sim.Unit, x float64, extra int) string {
	switch unit {
	case sim.Money:
		return format.Money(x)
	case sim.Rate:
		return format.Thousands(100*x, 1+extra) + "%"
	case sim.Days:
		return format.Thousands(x, 1+extra) + " d"
	}
	if x == math.Trunc(x) && extra == 0 {
		return format.Thousands(x, 0)
	}
	return format.Thousands(x, 1+extra)
}

// diffText formats a difference as metricText does, signed, rates in percentage points.
func diffText(unit sim.Unit, x float64, extra int) string {
	sign := ""
	if x >= 0 {
		sign = "+"
	}
	switch unit {
	case sim.Money:
		return format.SignedMoney(x)
	case sim.Rate:
		return sign + format.Thousands(100*x, 1+extra) + " pp"
	}
	return sign + metricText(unit, x, extra)
}

// intervalCells formats a mean and its confidence interval with one precision: the unit's
// usual one, or more decimals where the two ends of an interval with width would print alike.
func intervalCells(write func(sim.Unit, float64, int) string, unit sim.Unit, mean, lo, hi float64) (m, ci string) {
	return format.Interval(func(x float64, extra int) string { return write(unit, x, extra) }, mean, lo, hi)
}

// table lays out rows of cells in columns: the first column (labels) aligned left, the others
// (numbers) aligned right, two spaces apart. A row of one cell is a heading or, empty, a gap.
type table struct{ rows [][]string }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// writeTable writes a report table, its heading row first, as the terminal shows it.
func writeTable(w io.Writer, tab report.Table) error {
	t := table{rows: [][]string{tab.Head}}
	t.rows = append(t.rows, tab.Rows...)
	return t.write(w)
}

func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
		if len(r) < 2 {
			continue
		}
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b, line strings.Builder
	for _, r := range t.rows {
		line.Reset()
		for i, c := range r {
			pad := ""
			if len(r) > 1 {
				pad = strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			}
			if i == 0 {
				line.WriteString(c)
				line.WriteString(pad)
			} else {
				line.WriteString("  ")
				line.WriteString(pad)
				line.WriteString(c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// reportCharts are the SVG files written beside report.html, each from its render function.
var reportCharts = []struct {
	file string
	draw func(w io.Writer, a *sim.Aggregate, s *sim.Summary) error
}{
	{"outcomes.svg", render.OutcomesChart},
	{"difference.svg", render.DifferenceChart},
	{"cumulative.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.CumulativeChart(w, s) }},
	{"sources.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.SourcesChart(w, s) }},
	{"funnel.svg", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return render.FunnelChart(w, s) }},
}

// reportOf describes a finished batch for the report. The command it quotes reproduces the
// batch (without --out and --workers, which change neither numbers nor report).
func reportOf(o *batchOptions, s *sim.Scenario, agg *sim.Aggregate, sum *sim.Summary) report.Input {
	args := []string{"pipesim", "batch", "--scenario", o.sf.scenario}
	for _, kv := range o.sf.sets {
		args = append(args, "--set", kv)
	}
	args = append(args, "--runs", strconv.Itoa(o.runs), "--seed", strconv.FormatUint(o.seed, 10))
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return report.Input{Name: o.sf.scenario, Scenario: s, Aggregate: agg, Summary: sum,
		Seed: o.seed, Runs: o.runs, Command: strings.Join(args, " ")}
}

// writeReport writes report.html and the chart SVGs into the output folder.
func writeReport(dir *outDir, in report.Input) error {
	for _, c := range reportCharts {
		var b strings.Builder
		if err := c.draw(&b, in.Aggregate, in.Summary); err != nil {
			return err
		}
		if err := dir.writeFile(c.file, []byte(b.String())); err != nil {
			return err
		}
	}
	f, err := dir.create("report.html")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = report.Write(bw, in)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(a string) string {
	if a != "" && !strings.ContainsFunc(a, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./=,:+@%", r))
	}) {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// interrupted words a batch stopped by Ctrl-C for the user; other errors pass unchanged.
func interrupted(err error) error {
	var se *sim.Error
	if errors.As(err, &se) && se.Kind == sim.KindCanceled {
		return errors.New("interrupted; nothing written")
	}
	return err
}
