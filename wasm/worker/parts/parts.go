// Package parts reads what the page hands its workers: the share link of a scenario, and the
// aggregates of a batch's slices, which merged in run order equal one batch of all the runs.
// The Monte Carlo worker and the report worker share it; it has no syscall/js, so it is tested
// natively.
package parts

import (
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

// Encode writes a slice's aggregate in sim's binary form, which crosses to JavaScript as the
// bytes of an ArrayBuffer: lossless, and far faster to read back than JSON.
func Encode(a *sim.Aggregate) ([]byte, error) { return a.MarshalBinary() }

// Decode reads what Encode wrote.
func Decode(b []byte) (*sim.Aggregate, error) {
	a := new(sim.Aggregate)
	if err := a.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return a, nil
}

// Merge adds the slices' aggregates in run order, which makes the sums, and so the summary,
// bit-identical to one batch of all the runs.
func Merge(parts [][]byte) (*sim.Aggregate, error) {
	if len(parts) == 0 {
		return nil, errors.New("worker: nothing to merge")
	}
	var m Merger
	for i, p := range parts {
		a, err := Decode(p)
		if err != nil {
			return nil, fmt.Errorf("worker: part %d: %w", i+1, err)
		}
		m.Add(i, a)
	}
	return m.Done(len(parts))
}

// A Merger merges the slices of a batch in run order as they come, in any order: each slice
// waits only for those before it, so that when the last one comes little is left to do. The
// merges are the same, in the same order, as Merge's.
type Merger struct {
	merged *sim.Aggregate
	next   int                    // the first slice not merged yet
	early  map[int]*sim.Aggregate // slices that came before their turn
}

// Add takes slice i (from 0); a takes part in the merge and must not be used after.
func (m *Merger) Add(i int, a *sim.Aggregate) {
	if i < m.next || m.early[i] != nil {
		return // a slice once only
	}
	if m.early == nil {
		m.early = map[int]*sim.Aggregate{}
	}
	m.early[i] = a
	for a := m.early[m.next]; a != nil; a = m.early[m.next] {
		delete(m.early, m.next)
		if m.merged == nil {
			m.merged = a
		} else {
			m.merged.Merge(a)
		}
		m.next++
	}
}

// Done returns the merge of slices 0 to n-1, which must all have come.
func (m *Merger) Done(n int) (*sim.Aggregate, error) {
	if m.next != n || len(m.early) > 0 || m.merged == nil {
		return nil, fmt.Errorf("worker: %d of %d slices merged, %d waiting", m.next, n, len(m.early))
	}
	return m.merged, nil
}
