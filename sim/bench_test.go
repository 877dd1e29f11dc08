package sim

import (
	"context"
	"testing"
)

// BenchmarkRun measures one mid-market paired run (104 weeks, 8 reps a team) on one core, and
// reports the cost per opportunity-week (one weekly draw of an open deal).
func BenchmarkRun(b *testing.B) {
	s := MustPreset("mid-market")
	w := newWorld(compile(&s))
	draws := 0
	i := 0
	for b.Loop() {
		w.run(RunSeed(1, i))
		r := w.Result()
		for t := range r.Teams {
			for _, f := range r.Teams[t].Funnel {
				draws += int(f.WeeksInStage)
			}
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(draws), "ns/opp-week")
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkBatch measures the Monte Carlo runner, aggregation included, on 1 and 2 workers.
func BenchmarkBatch(b *testing.B) {
	s := MustPreset("mid-market")
	for _, w := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[w], func(b *testing.B) {
			const runs = 256
			for b.Loop() {
				if _, err := (Batch{Runs: runs, Seed: 1, Workers: w}).Run(context.Background(), &s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// BenchmarkStep measures one week of a running World with events recorded, as the canvas runs it.
func BenchmarkStep(b *testing.B) {
	s := MustPreset("mid-market")
	s.Weeks = 1040
	w := NewWorld(&s, 1)
	for range 52 {
		w.Step()
	}
	b.ReportAllocs()
	for b.Loop() {
		if !w.Step() {
			b.StopTimer()
			w = NewWorld(&s, 1)
			for range 52 {
				w.Step()
			}
			b.StartTimer()
		}
	}
}
