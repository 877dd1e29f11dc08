//go:build !(js && wasm)

package main

import (
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pipesim/pipesim/internal/cli"
	"github.com/pipesim/pipesim/internal/lan"
	"github.com/pipesim/pipesim/room"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/static"
)

func newRoomCmd() *cobra.Command {
	var addr, data string
	var fresh bool
	cmd := &cobra.Command{
		Use:   "room",
		Short: "Serve a workshop room: participants join from their devices and a league plays their entries",
		Long: `room serves a workshop: it prints a facilitator link (keep it to your screen: it holds the
room's key) and the link and code participants use on their phones or laptops. Each team enters a
strategy and a prediction; the facilitator closes entries and runs a league of every entry and the
two pure strategies on the same markets, then reveals the leaderboard.

Rooms, entries and results are kept in a database in --data, so a restart loses nothing: room
resumes the newest room there unless --new. It listens on loopback unless --addr names another
address, such as 0.0.0.0:8080 for the room's network. Ctrl-C stops it.`,
		Args: cli.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := lan.CheckAddr(addr); err != nil {
				return err
			}
			store, err := room.OpenStore(data)
			if err != nil {
				return cli.Usagef("%v", err)
			}
			defer store.Close()
			rm, err := store.Resume(fresh, sim.DefaultPreset)
			if err != nil {
				return err
			}
			ln, tcp, err := lan.Listen(addr)
			if err != nil {
				return err
			}
			opts := room.Options{JoinBase: "http://" + lan.Reachable(tcp), Log: log.New(cmd.ErrOrStderr(), "pipesim: ", 0)}
			srv, err := room.NewServer(store, opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "pipesim: room %s, kept in %s\n", rm.Code, data)
			fmt.Fprintf(out, "pipesim: facilitator (your screen only): http://%s/host/%s?key=%s\n", lan.Browsable(tcp), rm.Code, rm.Secret)
			fmt.Fprintf(out, "pipesim: participants join at %s/join?room=%s (code %s-%s)\n", opts.JoinBase, rm.Code, rm.Code[:4], rm.Code[4:])
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { // the animated runs need the browser simulator; the room works without it meanwhile
				if site, err := static.Build(ctx, cmd.ErrOrStderr()); err == nil {
					srv.SetSimulator(site.Handler())
				}
			}()
			if err := lan.Serve(ctx, static.NewServer(srv.Handler()), ln, 0); err != nil {
				return err
			}
			srv.Wait()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; 0.0.0.0:8080 lets the room's network in")
	cmd.Flags().StringVar(&data, "data", room.DefaultDataDir(), "`DIR` that keeps the rooms' database")
	cmd.Flags().BoolVar(&fresh, "new", false, "start a new room rather than resume the newest one")
	return cmd
}
