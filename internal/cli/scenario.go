package cli

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
)

// ScenarioFlags are the flags that choose a scenario: --scenario NAME|FILE and --set key=value.
// Every command that runs the engine shares them, so a scenario is loaded the same way everywhere.
type ScenarioFlags struct {
	Scenario string
	Sets     []string
	Flag     string // the flag that names the scenario, for messages; --scenario when empty
}

// register adds --scenario and --set to a command's flags.
func (f *ScenarioFlags) Register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.Scenario, "scenario", "s", sim.DefaultPreset,
		"preset `NAME` (see 'pipesim scenarios') or scenario FILE (JSON, see 'pipesim scenarios --show')")
	// StringArray, not StringSlice: values such as conv=0.7,0.6,0.6,0.8 hold commas.
	fs.StringArrayVar(&f.Sets, "set", nil,
		"change one scenario value, `key=value` (repeatable): weeks=52, conv=0.7,0.6,0.6,0.8,\nconv.2=0.5, strategies.goal.new_mult=1.5, teams.0.adherence=0.5 (see 'pipesim scenarios --keys')")
}

// load resolves the scenario: the preset or file, then each --set in order, then validation.
func (f *ScenarioFlags) Load(ctx context.Context) (sim.Scenario, error) {
	flag := f.Flag
	if flag == "" {
		flag = "--scenario"
	}
	s, err := LoadScenario(ctx, flag, f.Scenario)
	if err != nil {
		return sim.Scenario{}, err
	}
	if err := ApplySets(&s, f.Sets); err != nil {
		return sim.Scenario{}, err
	}
	// A team blended by --set teams.N.adherence, a file or a link is named for its blend.
	teamname.Follow(&s)
	return s, nil
}

// label names the scenario for table headings: the preset or file, and what --set changed.
// command is the shell command that runs pipesim's subcommand name on this scenario with the
// further arguments, each quoted for a shell: the "reproduce" line of a result page.
func (f *ScenarioFlags) Command(name string, more ...string) string {
	args := []string{"pipesim", name, "--scenario", f.Scenario}
	for _, kv := range f.Sets {
		args = append(args, "--set", kv)
	}
	args = append(args, more...)
	for i, a := range args {
		args[i] = ShellQuote(a)
	}
	return strings.Join(args, " ")
}

func (f *ScenarioFlags) Label() string {
	l := f.Scenario
	if len(f.Sets) > 0 {
		l += " with " + strings.Join(f.Sets, ", ")
	}
	return l
}

// LoadScenario reads a preset or a scenario file (fileio.LoadScenario), its errors on one line.
func LoadScenario(ctx context.Context, flag, nameOrFile string) (sim.Scenario, error) {
	s, err := fileio.LoadScenario(ctx, flag, nameOrFile)
	return s, InputError("", err)
}

// DecodeScenarioFile decodes a scenario file's bytes (fileio.DecodeScenarioFile), its errors
// on one line.
func DecodeScenarioFile(name string, data []byte) (sim.Scenario, error) {
	s, err := fileio.DecodeScenarioFile(name, data)
	return s, InputError("", err)
}

// ApplySets applies --set key=value overrides in order, then validates the result once.
func ApplySets(s *sim.Scenario, sets []string) error {
	for _, kv := range sets {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return Usagef("--set %q: want key=value, for example weeks=52 or conv=0.7,0.6,0.6,0.8", excerpt(kv))
		}
		if err := s.Set(key, value); err != nil {
			return Badf("--set %s: %w", excerpt(kv), err)
		}
	}
	if err := s.Validate(); err != nil {
		if len(sets) > 0 && sim.IsInput(err) {
			return Badf("after --set: %w", err)
		}
		return err
	}
	return nil
}

// OneLine keeps an error's message on one line whatever the user typed: control characters
// (a newline in a key or a file) are written as Go escapes. It unwraps to the original error.
type OneLine struct{ Err error }

func (e OneLine) Error() string {
	msg := e.Err.Error()
	if !strings.ContainsFunc(msg, unicode.IsControl) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (e OneLine) Unwrap() error { return e.Err }
