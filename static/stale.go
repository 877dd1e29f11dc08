package static

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Temporary files and folders of pipesim (an output folder's hidden sibling, a partial or an
// events file on its way, a wasm being compiled into the cache) carry the process ID of the
// pipesim writing them: prefix + PID + "-" + random. A process killed with SIGKILL, or a
// machine that lost power, leaves them behind; the next pipesim to write there recognises
// them as stale because their process is gone, and removes them.

// TempPattern is the pattern for os.CreateTemp and os.MkdirTemp of a temporary named prefix.
func TempPattern(prefix string) string {
	return prefix + strconv.Itoa(os.Getpid()) + "-*"
}

// RemoveStaleTemps removes the temporaries in dir named prefix + PID + "-..." whose process no
// longer runs. Ones of running processes (another pipesim writing beside this one) and names
// of any other form are left alone. Failures are ignored: stale files cost only space.
func RemoveStaleTemps(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || !processGone(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
