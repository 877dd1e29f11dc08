//go:build js && wasm

package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newRoomCmd: the room's database (bbolt) does not build for WebAssembly, so a WebAssembly
// build of the command line says so.
func newRoomCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "room",
		Short: "Serve a workshop room (native builds only)",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("room needs a native build of pipesim: its database does not run under WebAssembly")
		},
	}
}
