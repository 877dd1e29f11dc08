package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/teamname"
)

// scenarioFlags are the flags that choose a scenario: --scenario NAME|FILE and --set key=value.
// Every command that runs the engine shares them, so a scenario is loaded the same way everywhere.
type scenarioFlags struct {
	scenario string
	sets     []string
	flag     string // the flag that names the scenario, for messages; --scenario when empty
}

// register adds --scenario and --set to a command's flags.
func (f *scenarioFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.scenario, "scenario", "s", sim.DefaultPreset,
		"preset `NAME` (see 'pipesim scenarios') or scenario FILE (JSON, see 'pipesim scenarios --show')")
	// StringArray, not StringSlice: values such as conv=0.7,0.6,0.6,0.8 hold commas.
	fs.StringArrayVar(&f.sets, "set", nil,
		"change one scenario value, `key=value` (repeatable): weeks=52, conv=0.7,0.6,0.6,0.8,\nconv.2=0.5, strategies.goal.new_mult=1.5, teams.0.adherence=0.5 (see 'pipesim scenarios --keys')")
}

// load resolves the scenario: the preset or file, then each --set in order, then validation.
func (f *scenarioFlags) load(ctx context.Context) (sim.Scenario, error) {
	flag := f.flag
	if flag == "" {
		flag = "--scenario"
	}
	s, err := loadScenario(ctx, flag, f.scenario)
	if err != nil {
		return sim.Scenario{}, err
	}
	if err := applySets(&s, f.sets); err != nil {
		return sim.Scenario{}, err
	}
	// A team blended by --set teams.N.adherence, a file or a link is named for its blend.
	teamname.Follow(&s)
	return s, nil
}

// label names the scenario for table headings: the preset or file, and what --set changed.
// command is the shell command that runs pipesim's subcommand name on this scenario with the
// further arguments, each quoted for a shell: the "reproduce" line of a result page.
func (f *scenarioFlags) command(name string, more ...string) string {
	args := []string{"pipesim", name, "--scenario", f.scenario}
	for _, kv := range f.sets {
		args = append(args, "--set", kv)
	}
	args = append(args, more...)
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

func (f *scenarioFlags) label() string {
	l := f.scenario
	if len(f.sets) > 0 {
		l += " with " + strings.Join(f.sets, ", ")
	}
	return l
}

// loadScenario reads a preset or a scenario file (fileio.LoadScenario), its errors on one line.
func loadScenario(ctx context.Context, flag, nameOrFile string) (sim.Scenario, error) {
	s, err := fileio.LoadScenario(ctx, flag, nameOrFile)
	return s, inputError("", err)
}

// decodeScenarioFile decodes a scenario file's bytes (fileio.DecodeScenarioFile), its errors
// on one line.
func decodeScenarioFile(name string, data []byte) (sim.Scenario, error) {
	s, err := fileio.DecodeScenarioFile(name, data)
	return s, inputError("", err)
}

// applySets applies --set key=value overrides in order, then validates the result once.
func applySets(s *sim.Scenario, sets []string) error {
	for _, kv := range sets {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return usagef("--set %q: want key=value, for example weeks=52 or conv=0.7,0.6,0.6,0.8", excerpt(kv))
		}
		if err := s.Set(key, value); err != nil {
			return usageError{oneLine{fmt.Errorf("--set %s: %w", excerpt(kv), err)}}
		}
	}
	if err := s.Validate(); err != nil {
		if len(sets) > 0 && sim.IsInput(err) {
			return usageError{oneLine{fmt.Errorf("after --set: %w", err)}}
		}
		return err
	}
	return nil
}

// oneLine keeps an error's message on one line whatever the user typed: control characters
// (a newline in a key or a file) are written as Go escapes. It unwraps to the original error.
type oneLine struct{ err error }

func (e oneLine) Error() string {
	msg := e.err.Error()
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

func (e oneLine) Unwrap() error { return e.err }
