package scene

import (
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// BenchmarkFrame2000 measures one frame's work outside Ebiten (Update plus the layout work of
// Draw) with 2,000 open opportunities on the canvas and a tooltip search; the budget is
// 4 ms a frame.
func BenchmarkFrame2000(b *testing.B) {
	s := sim.MustPreset("mid-market")
	for key, v := range map[string]string{"reps": "80", "capacity": "200", "new_opps": "3", "weeks": "60"} {
		if err := s.Set(key, v); err != nil {
			b.Fatal(err)
		}
	}
	w := sim.NewWorld(&s, 1)
	sc := New(&s, NewLayout(1900, 900, 1, Options{}))
	for sc.Open() < 2000 && w.Step() {
		sc.Step(w)
		sc.Update(0.1)
	}
	if sc.Open() < 2000 {
		b.Fatalf("only %d open deals", sc.Open())
	}
	sc.SetPointer(900, 300, true)
	var f Frame
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		sc.Update(1.0 / 60)
		sc.Fill(&f)
	}
	b.ReportMetric(float64(sc.Open()), "open_deals")
}
