package cli

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pipesim/pipesim/sim"
)

// RegisterURL adds --url, a share link of the browser simulator, to run, batch, sensitivity
// and breakeven.
func RegisterURL(fs *pflag.FlagSet, url *string) {
	fs.StringVar(url, "url", "", "take the scenario, the seed and (but for run) the runs from a browser share link `URL`\n(the page's address or its Copy link); instead of --scenario and --set")
}

// ApplyURL turns --url into the --scenario and --set it stands for, so labels, reports and
// shards name the scenario as if typed, and gives the link's seed and runs to the flags the user
// did not give. runs is nil for a command without --runs. The command line refuses a link with
// any bad parameter, one line per problem, where the page would fall back to defaults.
func ApplyURL(fs *pflag.FlagSet, sf *ScenarioFlags, raw string, seed *uint64, runs *int) error {
	if !fs.Changed("url") {
		return nil
	}
	for _, f := range []string{"scenario", "set"} {
		if fs.Changed(f) {
			return Usagef("--url does not go with --%s: the link holds the whole scenario", f)
		}
	}
	l, problems := sim.ParseLink(raw)
	if len(problems) > 0 {
		lines := make([]string, len(problems))
		for i, p := range problems {
			// The page would fall back; the command line refuses, so it says no "using ...".
			var lp *sim.LinkProblem
			if errors.As(p, &lp) {
				p = lp.Err
			}
			lines[i] = "--url: " + OneLine{p}.Error()
		}
		// main prefixes the first line; the others get the same prefix, so each reads alone.
		return UsageError{errors.New(strings.Join(lines, "\npipesim: "))}
	}
	sf.Scenario = l.Scenario.Base
	if sf.Scenario == "" {
		sf.Scenario = sim.DefaultPreset
	}
	sf.Sets = nil
	for _, o := range l.Scenario.Overrides() {
		sf.Sets = append(sf.Sets, o.Key+"="+o.Value)
	}
	if !fs.Changed("seed") {
		*seed = l.Seed
	}
	if runs != nil && !fs.Changed("runs") && l.Runs > 0 {
		*runs = l.Runs
	}
	return nil
}

// StudyRunE is the RunE of a study that takes --url: the link's values apply first, then run
// goes on until it ends or Ctrl-C stops it.
func StudyRunE(sf *ScenarioFlags, url *string, seed *uint64, runs *int, run func(ctx context.Context, stdout, stderr io.Writer) error) func(*cobra.Command, []string) error {
	return Stoppable(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
		if err := ApplyURL(cmd.Flags(), sf, *url, seed, runs); err != nil {
			return err
		}
		return run(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr())
	})
}
