package room

import (
	"net"
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

// LANHost is the address other machines reach a server on that listens on ip: ip itself, or for
// a wildcard the first private IPv4 address of this machine's interfaces (loopback when it has
// none).
func LANHost(ip net.IP) string {
	if !ip.IsUnspecified() {
		return ip.String()
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsPrivate() {
			return n.IP.String()
		}
	}
	return "127.0.0.1"
}
