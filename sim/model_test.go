package sim

import (
	"testing"
)

// Whatever the modifiers, a draw's thresholds are probabilities in order: 0 <= adv <= lost <= nd <= 0.98.
func TestThresholdsAreProbabilities(t *testing.T) {
	s := MustPreset("quarter-end-crunch")
	s.Complexity = 5
	s.TrustAdv = 5
	s.PullAdv, s.PullLoss = 20, 20
	s.Dwell = PerStage{0.1, 0.5, 1, 520}
	m := compile(&s)
	for team := range m.teams {
		tm := &m.teams[team]
		for st := range Stage(NumStages) {
			for src := range Source(NumSources) {
				for _, tau := range []float64{0, 0.3, 0.8, 1} {
					for mode := normal; mode <= givingUp; mode++ {
						for _, flag := range []bool{false, true} {
							th := tm.thresholdsFor(&s, st, src, tau, mode, flag, !flag)
							if !(0 <= th.adv && th.adv <= th.lost && th.lost <= th.nd && th.nd <= maxExit+1e-12) {
								t.Fatalf("team %d %v %v tau %v mode %d: thresholds %+v", team, st, src, tau, mode, th)
							}
						}
					}
				}
			}
		}
	}
}
