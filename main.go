// Command pipesim simulates a B2B sales pipeline: a goal-oriented and a process-oriented team
// selling into the same market, compared run by run. `pipesim serve` opens the simulator in the
// browser; `run`, `batch` and `sweep` compare strategies headless.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/sim"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A batch's heap is mostly long-lived aggregates and short-lived runs; collecting at
		// 1.5x the live heap instead of 2x keeps a million-run batch's peak down by a quarter
		// at no measurable cost in time.
		debug.SetGCPercent(50)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses: 2 for bad input (flags, scenarios, paths), 1 for any other failure.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a mistake in what the user asked for, reported with exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// isBadInput reports whether err is the user's mistake (exit status 2): a usage error of the
// command line or bad input found by the library.
func isBadInput(err error) bool {
	var ue usageError
	return errors.As(err, &ue) || sim.IsInput(err)
}

// inputError is the one constructor of bad-input errors from the library: the engine's or an
// experiment's input error, prefixed with the flag it came from (for example "--vary "), kept
// to one line, with exit status 2. Any other error passes through unchanged.
func inputError(flag string, err error) error {
	if !sim.IsInput(err) {
		return err
	}
	return usageError{oneLine{fmt.Errorf("%s%w", flag, err)}}
}

// run executes the command line and returns the exit status; main is only its caller,
// so tests drive the whole program in-process.
func run(args []string, stdout, stderr io.Writer) int {
	return guard(stderr, func() int { return execute(args, stdout, stderr) })
}

// guard runs a command and turns a panic into one line asking for a report and exit status 1:
// a panic is a bug, not bad input, and scripts must tell a crash from a refusal (exit 2).
func guard(stderr io.Writer, command func() int) (status int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "pipesim: internal error: %s; please report it with the command that caused it\n", excerpt(fmt.Sprint(p)))
			status = exitFailure
		}
	}()
	return command()
}

func execute(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "pipesim: %s\n", boundedLines(err.Error()))
	if isBadInput(err) {
		return exitUsage
	}
	return exitFailure
}

// badFlagValue matches pflag's report of a value its parser refused.
var badFlagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)

// plainFlagError rewords pflag's report of a value it could not parse ("strconv.ParseUint:
// parsing "abc": invalid syntax") as what the flag wants, with its default as an example.
// Other errors pass unchanged.
func plainFlagError(cmd *cobra.Command, err error) error {
	m := badFlagValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	value, name, why := m[1], m[2], m[3]
	f := cmd.Flags().Lookup(strings.TrimPrefix(name, "--"))
	if f == nil || !strings.HasPrefix(why, "strconv.") {
		return fmt.Errorf("%s %q: %s", name, value, why) // a flag's own parser words its errors
	}
	switch f.Value.Type() {
	case "uint64", "uint":
		return fmt.Errorf("%s %q: want a whole number from 0 to %d, for example %s", name, value, uint64(math.MaxUint64), f.DefValue)
	case "int", "int64":
		return fmt.Errorf("%s %q: want a whole number, for example %s", name, value, f.DefValue)
	case "float64":
		return fmt.Errorf("%s %q: want a number, for example %s", name, value, f.DefValue)
	case "bool":
		return fmt.Errorf("%s %q: want true or false", name, value)
	}
	return fmt.Errorf("%s %q: not a valid %s", name, value, f.Value.Type())
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "pipesim",
		Short: "Monte Carlo simulator of a B2B sales pipeline: goal-oriented vs process-oriented selling",
		Long: `pipesim compares two sales teams selling into the same market: one goal-oriented
(quota, milestones, quarter-end pushes), one process-oriented (discovery, qualification,
trust and the repeat business and referrals it brings). Every run is paired: both teams
face the same market and seed, and results are reported on the paired differences.

Start with 'pipesim serve' to watch it in the browser, or 'pipesim batch' to compare
the strategies over thousands of runs.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usageError{plainFlagError(cmd, err)} })
	root.AddCommand(commands()...)
	// Unknown subcommands and stray arguments are usage errors too.
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q; see 'pipesim --help'", excerpt(args[0]))
		}
		return nil
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return noEmptyValues(cmd.Flags()) }
	return root
}

// noEmptyValues refuses a text flag given as empty (--out "", --url "", --params ""): an
// empty value is a mistake in a script (an unset variable), never a request for the default.
func noEmptyValues(fs *pflag.FlagSet) error {
	var err error
	fs.Visit(func(f *pflag.Flag) {
		switch f.Value.Type() {
		case "string", "stringSlice":
			if v := f.Value.String(); err == nil && (v == "" || v == "[]") {
				err = usagef("--%s is empty; want %s", f.Name, flagWant(f))
			}
		}
	})
	return err
}

// flagWant names what a flag takes: the placeholder of its help (DIR, URL, a,b,c).
func flagWant(f *pflag.Flag) string {
	// Without a `placeholder` in its help, UnquoteUsage names the flag's type instead.
	if name, _ := pflag.UnquoteUsage(f); name != "" && name != f.Value.Type() {
		return name
	}
	return "a value"
}

// stoppable is the RunE of a command whose work Ctrl-C or SIGTERM stops: run's context ends on
// either, and the command reports the interruption instead of dying mid-write.
func stoppable(run func(ctx context.Context, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return run(ctx, cmd, args)
	}
}

// excerpt is sim.Excerpt: at most 80 characters of user input in a message.
func excerpt(s string) string { return sim.Excerpt(s) }

// maxLineBytes bounds each printed error line, whatever input a message quotes, so a pasted
// file never floods the terminal; messages themselves quote at most an excerpt of a value.
const maxLineBytes = 400

// boundedLines cuts every line of msg to maxLineBytes (on a character boundary).
func boundedLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		if len(l) > maxLineBytes {
			cut := maxLineBytes
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			lines[i] = l[:cut] + "..."
		}
	}
	return strings.Join(lines, "\n")
}
