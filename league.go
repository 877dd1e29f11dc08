package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/fileio"
	"github.com/pipesim/pipesim/room"
	"github.com/pipesim/pipesim/sim"
)

func newLeagueCmd() *cobra.Command {
	var sf cli.ScenarioFlags
	var entries string
	var markets int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "league",
		Short: "Play a workshop league from an entries file and print its leaderboard as CSV",
		Long: `league plays every team of an entries file (CSV: name,adherence,winner,margin, as a room
exports it) and the two pure strategies on the same --markets markets from --seed, and prints the
leaderboard as CSV: the same numbers as the room's results.csv for the same entries and seed.`,
		Args: cli.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if markets < 1 || markets > room.MaxMarkets {
				return cli.Usagef("--markets %d: want 1 to %d", markets, room.MaxMarkets)
			}
			data, err := fileio.ReadInput(cmd.Context(), "--entries", entries, room.MaxEntriesBytes)
			if err != nil {
				return err
			}
			es, err := room.ReadEntries(bytes.NewReader(data))
			if err != nil {
				return cli.Usagef("--entries %s: %v", entries, err)
			}
			s, err := sf.Load(cmd.Context())
			if err != nil {
				return err
			}
			return room.WriteBoard(cmd.OutOrStdout(), room.League(&s, es, markets, seed, nil))
		},
	}
	sf.Register(cmd.Flags())
	cmd.Flags().StringVar(&entries, "entries", "", "entries `FILE` (CSV with header name,adherence,winner,margin), or - for standard input")
	cmd.Flags().IntVar(&markets, "markets", room.DefaultMarkets, "`N` markets, one seed each from --seed")
	cmd.Flags().Uint64Var(&seed, "seed", sim.DefaultSeed, "`SEED` of the first market")
	_ = cmd.MarkFlagRequired("entries")
	return cmd
}
