package sim

// docs/model.md, "Monte Carlo and determinism": the aggregate's binary form, for shards.

import (
	"fmt"

	"github.com/pipesim/pipesim/sim/stats"
)

// aggregateMagic starts a binary aggregate; its last byte is the format version.
const aggregateMagic = "pipesim-aggregate\x03"

// MarshalBinary writes the aggregate compactly and losslessly (floats bit for bit). Reading it
// back and merging gives exactly what merging the original would.
func (a *Aggregate) MarshalBinary() ([]byte, error) {
	e := &stats.Encoder{Buf: []byte(aggregateMagic)}
	e.Uint(uint64(a.Runs))
	e.Uint(uint64(a.Weeks))
	e.Uint(uint64(a.BWins))
	e.Uint(uint64(a.Ties))
	for i := range a.Teams {
		t := &a.Teams[i]
		e.String(t.Name)
		e.Float(t.Adherence)
		e.Uint(uint64(len(t.Metrics)))
		for m := range t.Metrics {
			e.Moments(&t.Metrics[m].Moments)
			e.Quantiles(&t.Metrics[m].Quantiles)
		}
		e.Uint(uint64(len(t.Weekly)))
		for w := range t.Weekly {
			e.Moments(&t.Weekly[w].Moments)
			e.Quantiles(&t.Weekly[w].Quantiles)
		}
		for st := range t.Funnel {
			f := &t.Funnel[st]
			e.Int(f.Entered)
			e.Int(f.Advanced)
			e.Int(f.Lost)
			e.Int(f.NoDecision)
			e.Sum(&f.WeeksInStage)
		}
	}
	e.Uint(uint64(len(a.Diff)))
	for m := range a.Diff {
		e.Moments(&a.Diff[m])
	}
	e.Quantiles(&a.DiffQ)
	e.Uint(uint64(len(a.WeeklyDiff)))
	for w := range a.WeeklyDiff {
		e.Moments(&a.WeeklyDiff[w])
	}
	return e.Buf, nil
}

// UnmarshalBinary reads what MarshalBinary wrote; anything else is an error, never a panic.
func (a *Aggregate) UnmarshalBinary(data []byte) error {
	if len(data) < len(aggregateMagic) || string(data[:len(aggregateMagic)]) != aggregateMagic {
		return fmt.Errorf("not a binary aggregate of this version")
	}
	d := &stats.Decoder{Buf: data[len(aggregateMagic):]}
	var out Aggregate
	out.Runs, out.Weeks = count(d), count(d)
	out.BWins, out.Ties = count(d), count(d)
	for i := range out.Teams {
		t := &out.Teams[i]
		t.Name = d.String()
		t.Adherence = d.Float()
		t.Metrics = make([]MetricAggregate, d.Len(4))
		for m := range t.Metrics {
			t.Metrics[m] = MetricAggregate{Moments: d.Moments(), Quantiles: d.Quantiles()}
		}
		t.Weekly = make([]WeekAggregate, d.Len(4))
		for w := range t.Weekly {
			t.Weekly[w] = WeekAggregate{Moments: d.Moments(), Quantiles: d.Quantiles()}
		}
		for st := range t.Funnel {
			t.Funnel[st] = FunnelAggregate{Entered: d.Int(), Advanced: d.Int(), Lost: d.Int(), NoDecision: d.Int(), WeeksInStage: d.Sum()}
		}
	}
	out.Diff = make([]stats.Moments, d.Len(3))
	for m := range out.Diff {
		out.Diff[m] = d.Moments()
	}
	out.DiffQ = d.Quantiles()
	out.WeeklyDiff = make([]stats.Moments, d.Len(3))
	for w := range out.WeeklyDiff {
		out.WeeklyDiff[w] = d.Moments()
	}
	switch {
	case d.Err != nil:
		return fmt.Errorf("binary aggregate: %w", d.Err)
	case len(d.Buf) != 0:
		return fmt.Errorf("binary aggregate: %d bytes left over", len(d.Buf))
	case len(out.Diff) != len(Metrics) || len(out.Teams[0].Metrics) != len(Metrics) || len(out.Teams[1].Metrics) != len(Metrics) ||
		len(out.Teams[0].Weekly) != out.Weeks || len(out.Teams[1].Weekly) != out.Weeks || len(out.WeeklyDiff) != out.Weeks:
		return fmt.Errorf("binary aggregate: has %d metrics and %d weeks, want %d metrics", len(out.Diff), out.Weeks, len(Metrics))
	}
	if err := out.checkQuantiles(); err != nil {
		return fmt.Errorf("binary aggregate: %w", err)
	}
	*a = out
	return nil
}

// checkQuantiles checks every quantile summary, so that summarising cannot panic.
func (a *Aggregate) checkQuantiles() error {
	qs := []*stats.Quantiles{&a.DiffQ}
	for i := range a.Teams {
		t := &a.Teams[i]
		for m := range t.Metrics {
			qs = append(qs, &t.Metrics[m].Quantiles)
		}
		for w := range t.Weekly {
			qs = append(qs, &t.Weekly[w].Quantiles)
		}
	}
	for _, q := range qs {
		if err := q.Check(); err != nil {
			return err
		}
	}
	return nil
}

// count reads a count that needs no room in the input (run and week counts).
func count(d *stats.Decoder) int { return int(min(d.Uint(), 1<<40)) }
