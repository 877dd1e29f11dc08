//go:build unix

package static

import (
	"errors"
	"syscall"
)

// processGone reports whether no process has this ID: signal 0 checks without signalling.
// EPERM means it exists under another user, so only ESRCH counts.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
