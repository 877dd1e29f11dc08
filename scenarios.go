package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/sim"
)

func newScenariosCmd() *cobra.Command {
	var (
		sf   = cli.ScenarioFlags{Flag: "--show"}
		keys bool
		full bool
	)
	cmd := &cobra.Command{
		Use:   "scenarios [--show NAME|FILE [--set key=value ...] [--full]] [--keys]",
		Short: "List the preset scenarios, print one as a scenario file, or list every key",
		Long: `Without flags, scenarios lists the presets, one line each.

--show NAME prints the scenario as a scenario file in its short form: its base preset and
only what differs from it, which 'run' and 'batch' read back with --scenario FILE. --show
also takes a FILE, and --set changes values first, so it builds a file to edit or keep.
--full prints every key instead, with its value.

--keys lists every key that a scenario file and --set accept, with its allowed range.`,
		Example: `  pipesim scenarios
  pipesim scenarios --show enterprise --full   # every key and its value
  pipesim scenarios --show mid-market --set weeks=52 --set teams.1.adherence=0.7 > mine.json
  pipesim batch --scenario mine.json
  pipesim scenarios --keys`,
		Args: cli.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			show := cmd.Flags().Changed("show")
			switch {
			case show && keys:
				return cli.Usagef("--show and --keys: choose one")
			case full && !show:
				return cli.Usagef("--full goes with --show")
			case keys:
				if len(sf.Sets) > 0 {
					return cli.Usagef("--set goes with --show")
				}
				return report.KeysText(cmd.OutOrStdout())
			case show:
				s, err := sf.Load(cmd.Context())
				if err != nil {
					return err
				}
				encode := sim.EncodeChanges
				if full {
					encode = sim.EncodeScenario
				}
				b, err := encode(&s)
				if err != nil {
					return err
				}
				_, err = out.Write(b)
				return err
			case len(sf.Sets) > 0:
				return cli.Usagef("--set goes with --show")
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			for _, p := range sim.Presets() {
				fmt.Fprintf(tw, "%s\t%s\n", p.Name, p.Description)
			}
			return tw.Flush()
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&sf.Sets, "set", nil, "change one value of the scenario shown, `key=value` (repeatable)")
	fl.BoolVar(&keys, "keys", false, "list every scenario key with its allowed range and meaning")
	fl.BoolVar(&full, "full", false, "with --show, print every key of the scenario, not only what differs from its base preset")
	// --show's value is the scenario to load, as --scenario's is for run and batch.
	fl.StringVar(&sf.Scenario, "show", "", "print the resolved scenario `NAME|FILE` as JSON")
	return cmd
}
