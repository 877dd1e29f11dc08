// Package cli is the machinery the pipesim command shares between its subcommands: exit
// statuses and the one constructor of bad-input errors, the root command's error handling, and
// the flags several subcommands take (the scenario, Monte Carlo batches, --url, --precision,
// --shard), each loaded and checked the same way everywhere.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/sim"
)

// Exit statuses: 2 for bad input (flags, scenarios, paths), 1 for any other failure.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// UsageError marks a mistake in what the user asked for, reported with exit status 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

func Usagef(format string, args ...any) error { return UsageError{fmt.Errorf(format, args...)} }

// Badf is Usagef for a message that quotes what the user typed or wraps the library's error
// (%w): control characters are escaped, so the message stays on one line.
func Badf(format string, args ...any) error { return UsageError{OneLine{fmt.Errorf(format, args...)}} }

// IsBadInput reports whether err is the user's mistake (exit status 2): a usage error of the
// command line or bad input found by the library.
func IsBadInput(err error) bool {
	var ue UsageError
	return errors.As(err, &ue) || sim.IsInput(err)
}

// InputError is the one constructor of bad-input errors from the library: the engine's or an
// experiment's input error, prefixed with the flag it came from (for example "--vary "), kept
// to one line, with exit status 2. Any other error passes through unchanged.
func InputError(flag string, err error) error {
	if !sim.IsInput(err) {
		return err
	}
	return Badf("%s%w", flag, err)
}

// Run executes the command line that root builds and returns the exit status; main is only
// its caller, so tests drive the whole program in-process.
func Run(root func(stdout, stderr io.Writer) *cobra.Command, args []string, stdout, stderr io.Writer) int {
	return Guard(stderr, func() int { return execute(root(stdout, stderr), args, stderr) })
}

// Guard runs a command and turns a panic into one line asking for a report and exit status 1:
// a panic is a bug, not bad input, and scripts must tell a crash from a refusal (exit 2).
func Guard(stderr io.Writer, command func() int) (status int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "pipesim: internal error: %s; please report it with the command that caused it\n", excerpt(fmt.Sprint(p)))
			status = ExitFailure
		}
	}()
	return command()
}

func execute(root *cobra.Command, args []string, stderr io.Writer) int {
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	fmt.Fprintf(stderr, "pipesim: %s\n", BoundedLines(err.Error()))
	if IsBadInput(err) {
		return ExitUsage
	}
	return ExitFailure
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

// Root sets up the root command: output to stdout and stderr, errors printed once by Run,
// unparsable flag values and unknown subcommands as usage errors, empty text flags refused,
// help when called without a subcommand.
func Root(root *cobra.Command, stdout, stderr io.Writer) *cobra.Command {
	root.SilenceUsage, root.SilenceErrors = true, true
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return UsageError{plainFlagError(cmd, err)} })
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return Usagef("unknown command %q; see 'pipesim --help'", excerpt(args[0]))
		}
		return nil
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return noEmptyValues(cmd.Flags()) }
	return root
}

// NoArgs rejects positional arguments as a usage error (exit status 2).
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usagef("%s takes no arguments, got %q; see 'pipesim %s --help'", cmd.Name(), excerpt(args[0]), cmd.Name())
	}
	return nil
}

// noEmptyValues refuses a text flag given as empty (--out "", --url "", --params ""): an
// empty value is a mistake in a script (an unset variable), never a request for the default.
func noEmptyValues(fs *pflag.FlagSet) error {
	var err error
	fs.Visit(func(f *pflag.Flag) {
		switch f.Value.Type() {
		case "string", "stringSlice":
			if v := f.Value.String(); err == nil && (v == "" || v == "[]") {
				err = Usagef("--%s is empty; want %s", f.Name, flagWant(f))
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

// Stoppable is the RunE of a command whose work Ctrl-C or SIGTERM stops: run's context ends on
// either, and the command reports the interruption instead of dying mid-write.
func Stoppable(run func(ctx context.Context, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return run(ctx, cmd, args)
	}
}

// excerpt is sim.Excerpt: at most 80 characters of user input in a message.
func excerpt(s string) string { return sim.Excerpt(s) }

// MaxLineBytes bounds each printed error line, whatever input a message quotes, so a pasted
// file never floods the terminal; messages themselves quote at most an excerpt of a value.
const MaxLineBytes = 400

// BoundedLines cuts every line of msg to MaxLineBytes (on a character boundary).
func BoundedLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		if len(l) > MaxLineBytes {
			cut := MaxLineBytes
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			lines[i] = l[:cut] + "..."
		}
	}
	return strings.Join(lines, "\n")
}

// Distinct refuses a list flag's value with an empty item or an item given twice (items are
// compared trimmed); want says what the flag takes.
func Distinct(flag string, items []string, want string) error {
	seen := map[string]bool{}
	for _, k := range items {
		k = strings.TrimSpace(k)
		if k == "" {
			return Usagef("%s has an empty name; want %s", flag, want)
		}
		if seen[k] {
			return Usagef("%s: %s is named twice", flag, excerpt(k))
		}
		seen[k] = true
	}
	return nil
}
