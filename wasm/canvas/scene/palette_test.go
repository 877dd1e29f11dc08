package scene

import (
	"image/color"
	"testing"

	"github.com/pipesim/pipesim/render"
)

func TestPaletteMatchesRender(t *testing.T) {
	pairs := map[string][2]color.RGBA{
		"TeamA": {TeamA, render.TeamA}, "TeamB": {TeamB, render.TeamB}, "Won": {Won, render.Won},
		"Lost": {Lost, render.Lost}, "NoDecision": {NoDecision, render.NoDecision}, "Stalled": {Stalled, render.Stalled},
		"Referral": {Referral, render.Referral}, "Preferred": {Preferred, render.Preferred},
		"Ink": {Ink, render.Ink}, "Muted": {Muted, render.Muted}, "Ground": {Ground, render.Ground},
	}
	for name, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("%s: canvas %v, render %v", name, p[0], p[1])
		}
	}
	for _, tau := range []float64{-1, 0, 0.2, 0.5, 0.83, 1, 2} {
		if TrustColor(tau) != render.TrustColor(tau) {
			t.Errorf("TrustColor(%v): canvas %v, render %v", tau, TrustColor(tau), render.TrustColor(tau))
		}
	}
}
