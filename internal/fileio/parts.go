package fileio

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// PartPaths expands merge's arguments into the files to read: a folder stands for the .json
// files in it, a pattern that names no file (a quoted part-*.json, which a shell would refuse
// to expand past its argument limit) for the files it matches, and any other argument for
// itself. Only names are kept, never parts, so a million shards cost a million names.
func PartPaths(args []string) ([]string, error) {
	var paths []string
	for _, arg := range args {
		more, err := expandPartArg(arg)
		if err != nil {
			return nil, err
		}
		paths = append(paths, more...)
	}
	return paths, nil
}

func expandPartArg(arg string) ([]string, error) {
	fi, err := os.Stat(arg)
	switch {
	case err == nil && fi.IsDir():
		return folderParts(arg)
	case err == nil || !strings.ContainsAny(arg, "*?["):
		return []string{arg}, nil
	}
	matches, err := filepath.Glob(arg)
	if err != nil {
		return nil, bad("part %s: not a valid pattern (%v)", sim.Excerpt(arg), err)
	}
	if len(matches) == 0 {
		return nil, bad("part %s: no file matches", sim.Excerpt(arg))
	}
	return matches, nil
}

// folderParts lists the .json files of a folder, in name order; anything else in it (the
// scheduler's logs) is left alone.
func folderParts(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, bad("part folder %s: %v", sim.Excerpt(dir), UnwrapPathError(err))
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, bad("part folder %s holds no .json files; want the parts of 'pipesim batch --shard'", sim.Excerpt(dir))
	}
	return paths, nil
}

// ReadPart reads and checks one partial-aggregate file on its own.
func ReadPart(ctx context.Context, path string) (*experiment.Partial, error) {
	return Interruptible(ctx, func() (*experiment.Partial, error) {
		r, err := OpenInput("part", path)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		p, err := experiment.DecodePartial(r)
		if err != nil {
			return nil, bad("part %s %w", sim.Excerpt(path), err)
		}
		return p, nil
	})
}

// MergeParts reads the parts one at a time and merges them (see experiment.Merge): memory
// does not grow with their number.
func MergeParts(ctx context.Context, paths []string) (*sim.Aggregate, *experiment.Partial, error) {
	var m experiment.Merge
	for _, path := range paths {
		p, err := ReadPart(ctx, path)
		if err != nil {
			return nil, nil, err
		}
		if err := m.Add(path, p); err != nil {
			return nil, nil, err
		}
	}
	return m.Result()
}
