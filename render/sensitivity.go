package render

import (
	"io"
	"strconv"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
)

// SensitivityBars are an analysis's ranked keys as tornado bars.
func SensitivityBars(r *experiment.SensitivityResult) []TornadoBar {
	var bars []TornadoBar
	for _, p := range r.Ranked {
		bars = append(bars, TornadoBar{Param: p.Key, Low: p.Label(0, r.Range), High: p.Label(1, r.Range),
			LowRatio: p.Ratio[0], HighRatio: p.Ratio[1]})
	}
	return bars
}

// SensitivityChart draws the tornado of an analysis of scenario s: the CLI's tornado.svg and
// the browser's "What drives the verdict" alike.
func SensitivityChart(w io.Writer, s *sim.Scenario, r *experiment.SensitivityResult) error {
	return TornadoChart(w, Tornado{Teams: [2]string{s.Teams[0].Name, s.Teams[1].Name},
		Base: r.BaseRatio, Range: r.Range, Bars: SensitivityBars(r)})
}

// Ratio writes a B/A ratio for tables and sentences: three decimals, n/a when undefined.
func Ratio(x float64) string {
	if !finiteRatio(x) {
		return "n/a"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}
