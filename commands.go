package main

import "github.com/spf13/cobra"

// commands lists the subcommands, in the order --help shows them.
func commands() []*cobra.Command {
	return []*cobra.Command{
		newRunCmd(),
		newBatchCmd(),
		newMergeCmd(),
		newSweepCmd(),
		newSensitivityCmd(),
		newBreakEvenCmd(),
		newFitCmd(),
		newScenariosCmd(),
		newServeCmd(),
		newRoomCmd(),
		newLeagueCmd(),
		newBuildCmd(),
	}
}
