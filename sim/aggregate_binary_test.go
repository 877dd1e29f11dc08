package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// A binary round trip loses nothing: merging decoded parts summarises exactly as merging the
// originals, and the decoded aggregate is the same as the original, field for field.
func TestAggregateBinaryRoundTrip(t *testing.T) {
	s := MustPreset("installed-base")
	s.Weeks = 26
	merged := NewAggregate(&s)
	direct := NewAggregate(&s)
	for _, r := range [][2]int{{0, 40}, {40, 90}} {
		part, err := Batch{Runs: r[1] - r[0], First: r[0], Seed: 5, Workers: 1}.Run(context.Background(), &s)
		must(t, err)
		direct.Merge(part)
		b, err := part.MarshalBinary()
		must(t, err)
		var back Aggregate
		must(t, back.UnmarshalBinary(b))
		j1, _ := json.Marshal(part)
		j2, _ := json.Marshal(&back)
		if !bytes.Equal(j1, j2) {
			t.Fatal("binary round trip changed the aggregate")
		}
		merged.Merge(&back)
	}
	a, _ := json.Marshal(merged.Summarize())
	b, _ := json.Marshal(direct.Summarize())
	if !bytes.Equal(a, b) {
		t.Fatal("merging decoded parts differs from merging the originals")
	}
}

func FuzzAggregateUnmarshalBinary(f *testing.F) {
	s := MustPreset("mid-market")
	s.Weeks = 2
	agg, _ := Batch{Runs: 3, Seed: 1, Workers: 1}.Run(context.Background(), &s)
	good, _ := agg.MarshalBinary()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(aggregateMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Aggregate
		if err := a.UnmarshalBinary(data); err != nil {
			return
		}
		a.Summarize() // a decoded aggregate must be usable
	})
}
