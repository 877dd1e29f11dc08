package room

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDataDir is where rooms are kept unless --data says otherwise: pipesim/rooms in the
// user's data directory ($XDG_DATA_HOME or ~/.local/share, ~/Library/Application Support,
// %LocalAppData%).
func DefaultDataDir() string {
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		switch runtime.GOOS {
		case "darwin":
			base = filepath.Join(home, "Library", "Application Support")
		case "windows":
			base = os.Getenv("LocalAppData")
		default:
			base = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(base, "pipesim", "rooms")
}
