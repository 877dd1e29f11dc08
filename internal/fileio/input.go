package fileio

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// StdinName is the file name that stands for standard input.
const StdinName = "-"

// ErrInterrupted is Ctrl-C or SIGTERM while reading input: nothing was written yet.
var ErrInterrupted = errors.New("interrupted; nothing written")

// Open opens a file that pipesim reads whole (a scenario, a partial aggregate): standard
// input for "-", otherwise only a regular file. A device, a FIFO or a folder is refused before
// it is opened, since reading one could block forever or never end (/dev/zero).
func Open(flag, path string) (io.ReadCloser, error) {
	if path == StdinName {
		return io.NopCloser(os.Stdin), nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, bad("%s %s: is %s, not a regular file; give a file, or - for standard input", flag, sim.Excerpt(path), FileKind(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// The path may have been replaced between Stat and Open; check what was opened.
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, bad("%s %s: changed while being opened; give a regular file", flag, sim.Excerpt(path))
	}
	return f, nil
}

// OpenInput is Open with a file that cannot be opened (missing, unreadable) worded as bad
// input naming the flag and the path, for example "part p.json: no such file or directory".
func OpenInput(flag, path string) (io.ReadCloser, error) {
	r, err := Open(flag, path)
	if err != nil && !sim.IsInput(err) {
		err = bad("%s %s: %v", flag, sim.Excerpt(path), UnwrapPathError(err))
	}
	return r, err
}

// ReadInput is Read with a file that cannot be opened worded as bad input naming the flag and
// the path, as OpenInput words it.
func ReadInput(ctx context.Context, flag, path string, limit int64) ([]byte, error) {
	data, err := Read(ctx, flag, path, limit)
	if err != nil && !sim.IsInput(err) && !errors.Is(err, ErrInterrupted) {
		err = bad("%s %s: %v", flag, sim.Excerpt(path), UnwrapPathError(err))
	}
	return data, err
}

// FileKind names a file type for a message.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Read reads a whole input through Open, at most limit bytes. Ctrl-C ends it at
// once even while a read blocks (a slow pipe, a terminal): the read goes on in a goroutine
// that the exiting program abandons.
func Read(ctx context.Context, flag, path string, limit int64) ([]byte, error) {
	return Interruptible(ctx, func() ([]byte, error) {
		r, err := Open(flag, path)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, limit+1))
		if err == nil && int64(len(data)) > limit {
			err = bad("%s %s: is larger than %s; allowed at most %s", flag, sim.Excerpt(path), format.Bytes(limit), format.Bytes(limit))
		}
		return data, err
	})
}

// Interruptible runs read in a goroutine and returns what it returns, or ErrInterrupted as
// soon as ctx ends: a read blocked on a pipe cannot be cancelled, only abandoned. A panic in
// read is raised again in the caller, where guard reports it (exit 1, not the runtime's 2).
func Interruptible[T any](ctx context.Context, read func() (T, error)) (T, error) {
	type result struct {
		v        T
		err      error
		panicked any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panicked: p}
			}
		}()
		v, err := read()
		done <- result{v: v, err: err}
	}()
	select {
	case res := <-done:
		if res.panicked != nil {
			panic(res.panicked)
		}
		return res.v, res.err
	case <-ctx.Done():
		var zero T
		return zero, ErrInterrupted
	}
}
