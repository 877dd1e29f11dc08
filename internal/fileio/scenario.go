package fileio

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/pipesim/pipesim/sim"
)

// LoadScenario reads a preset by name or a scenario file by path ("-" for standard input). A
// name that is neither a preset nor an existing file is reported with the list of presets.
func LoadScenario(ctx context.Context, flag, nameOrFile string) (sim.Scenario, error) {
	if nameOrFile == "" {
		return sim.Scenario{}, bad("%s is empty; want a preset (%s) or a scenario file", flag, strings.Join(sim.PresetNames(), ", "))
	}
	if s, err := sim.LookupPreset(nameOrFile); err == nil {
		return s, nil
	}
	data, err := Read(ctx, flag, nameOrFile, sim.MaxScenarioBytes)
	switch {
	case sim.IsInput(err) || errors.Is(err, ErrInterrupted):
		return sim.Scenario{}, err
	case errors.Is(err, fs.ErrNotExist) && !looksLikePath(nameOrFile):
		return sim.Scenario{}, bad("%s %q: no such preset or file; presets are %s", flag, sim.Excerpt(nameOrFile), strings.Join(sim.PresetNames(), ", "))
	case errors.Is(err, fs.ErrNotExist):
		return sim.Scenario{}, bad("%s %s: no such file", flag, sim.Excerpt(nameOrFile))
	case err != nil:
		return sim.Scenario{}, bad("%s %s: %v", flag, sim.Excerpt(nameOrFile), UnwrapPathError(err))
	}
	return DecodeScenarioFile(nameOrFile, data)
}

// DecodeScenarioFile decodes and validates a scenario file's bytes; errors name the file.
func DecodeScenarioFile(name string, data []byte) (sim.Scenario, error) {
	if name == StdinName {
		name = "on standard input"
	}
	s, err := sim.DecodeScenario(data)
	if err != nil {
		if sim.IsInput(err) {
			return sim.Scenario{}, sim.Errorf(sim.KindInput, "", "scenario file %s: %w", name, err)
		}
		return sim.Scenario{}, fmt.Errorf("scenario file %s: %w", name, err)
	}
	return s, nil
}

// looksLikePath tells a mistyped file name from a mistyped preset name.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(strings.ToLower(s), ".json")
}
