// Package parts reads what the page hands its workers: the share link of a scenario, and the
// aggregates of a batch's slices, which merged in run order equal one batch of all the runs.
// The Monte Carlo worker and the report worker share it; it has no syscall/js, so it is tested
// natively.
package parts

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/pipesim/pipesim/sim"
)

// Scenario reads the link the page ran. The page passes the canvas's own link, which is valid;
// a problem here is a bug, so it fails rather than falling back to defaults.
func Scenario(query string) (sim.Link, error) {
	l, problems := sim.ParseLink(query)
	if len(problems) > 0 {
		return l, errors.New("worker: " + sim.LinkProblems(problems))
	}
	return l, nil
}

// Encode writes a slice's aggregate in sim's binary form, base64 for the trip through
// JavaScript: lossless, and far faster to read back than JSON.
func Encode(a *sim.Aggregate) (string, error) {
	out, err := a.MarshalBinary()
	return base64.StdEncoding.EncodeToString(out), err
}

// Merge adds the slices' aggregates in run order, which makes the sums, and so the summary,
// bit-identical to one batch of all the runs.
func Merge(parts []string) (*sim.Aggregate, error) {
	if len(parts) == 0 {
		return nil, errors.New("worker: nothing to merge")
	}
	var agg *sim.Aggregate
	for i, p := range parts {
		raw, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("worker: part %d: %w", i+1, err)
		}
		a := new(sim.Aggregate)
		if err := a.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("worker: part %d: %w", i+1, err)
		}
		if agg == nil {
			agg = a
		} else {
			agg.Merge(a)
		}
	}
	return agg, nil
}
