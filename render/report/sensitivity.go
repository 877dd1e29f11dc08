package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// SensitivityTable is the ranked table of a sensitivity analysis, for the terminal and
// sensitivity.html alike.
func SensitivityTable(r *experiment.SensitivityResult) Table {
	tab := Table{Keys: 1, Head: []string{"parameter", "low", "high", "B/A at low", "as given", "B/A at high", "swing"}}
	for _, p := range r.Ranked {
		tab.Rows = append(tab.Rows, []string{p.Key, p.Label(0, r.Range), p.Label(1, r.Range), Ratio(p.Ratio[0]),
			Ratio(r.BaseRatio), Ratio(p.Ratio[1]), Ratio(p.Swing())})
	}
	return tab
}

// Ratio formats a B/A ratio for a table: three decimals, n/a when undefined.
func Ratio(x float64) string { return render.Ratio(x) }

// Tornado is the tornado chart of an analysis of scenario s, as SVG.
func Tornado(s *sim.Scenario, r *experiment.SensitivityResult) (string, error) {
	var svg strings.Builder
	err := render.SensitivityChart(&svg, s, r)
	return svg.String(), err
}

// sensitivityJSON is summary.json of a sensitivity analysis.
type sensitivityJSON struct {
	Scenario      any             `json:"scenario"`
	EngineVersion int             `json:"engine_version"`
	Seed          uint64          `json:"seed"`
	Runs          int             `json:"runs"`
	Range         float64         `json:"range"`
	Teams         [2]string       `json:"teams"`
	BaseRatio     *float64        `json:"base_ratio"`
	Params        []sensParamJSON `json:"params"`
}

type sensParamJSON struct {
	Param     string    `json:"param"`
	Given     []float64 `json:"given"`
	Low       []float64 `json:"low,omitempty"`
	High      []float64 `json:"high,omitempty"`
	LowRatio  *float64  `json:"low_ratio,omitempty"`
	HighRatio *float64  `json:"high_ratio,omitempty"`
	Swing     *float64  `json:"swing,omitempty"`
	Note      string    `json:"note,omitempty"`
}

// jsonNum is nil for a ratio that is undefined, which JSON cannot hold as a number.
func jsonNum(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// SensitivityFiles are the result folder of a sensitivity analysis: sensitivity.csv,
// summary.json, tornado.svg, sensitivity.html and scenario.json.
func SensitivityFiles(st Study, r *experiment.SensitivityResult) ([]File, error) {
	var f files
	f.scenario(st.Scenario)
	s := st.Scenario
	js := sensitivityJSON{Scenario: st.ID, EngineVersion: sim.EngineVersion, Seed: r.Seed, Runs: r.Runs, Range: r.Range,
		Teams: [2]string{s.Teams[0].Name, s.Teams[1].Name}, BaseRatio: jsonNum(r.BaseRatio), Params: []sensParamJSON{}}
	list := func(xs []float64) string {
		t := make([]string, len(xs))
		for i, x := range xs {
			t[i] = num(x)
		}
		return strings.Join(t, ",")
	}
	csvRatio := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return num(x)
	}
	var rows [][]string
	for i, p := range r.Params {
		pj := sensParamJSON{Param: p.Key, Given: p.Given, Note: p.Note}
		if p.Skip {
			rows = append(rows, []string{"", p.Key, list(p.Given), "", "", "", "", "", csvRatio(r.BaseRatio), "", "", "", "", p.Note})
			js.Params = append(js.Params, pj)
			continue
		}
		pj.Low, pj.High = p.Low, p.High
		pj.LowRatio, pj.HighRatio, pj.Swing = jsonNum(p.Ratio[0]), jsonNum(p.Ratio[1]), jsonNum(p.Swing())
		js.Params = append(js.Params, pj)
		rows = append(rows, []string{strconv.Itoa(i + 1), p.Key, list(p.Given), list(p.Low), list(p.High),
			num(p.Revenue[0][0]), num(p.Revenue[0][1]), csvRatio(p.Ratio[0]), csvRatio(r.BaseRatio),
			num(p.Revenue[1][0]), num(p.Revenue[1][1]), csvRatio(p.Ratio[1]), csvRatio(p.Swing()), p.Note})
	}
	f.csv("sensitivity.csv", []string{"rank", "parameter", "given", "low", "high",
		"a_net_revenue_low", "b_net_revenue_low", "ratio_low", "ratio_given", "a_net_revenue_high", "b_net_revenue_high", "ratio_high", "swing", "note"}, rows)
	f.json("summary.json", js)
	svg, err := Tornado(s, r)
	f.fail(err)
	f.add("tornado.svg", []byte(svg))
	if f.err != nil {
		return nil, f.err
	}
	page := Sensitivity{Title: st.Title, Command: st.Command, Percent: num(100 * r.Range),
		Runs: r.Runs, Batches: 1 + 2*len(r.Ranked), Table: SensitivityTable(r), Notes: r.Notes(),
		Figure: Figure{ID: "tornado.svg", Caption: "What moves B ÷ A, largest swing first", SVG: inlineSVG(svg)}}
	f.page("sensitivity.html", func(b *bytes.Buffer) error { return WriteSensitivity(b, page) })
	return f.done()
}

// num writes a value as the shortest text that reads back to the same float, without exponent.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// SensitivityText is the analysis for the terminal: a heading naming the scenario (label),
// the batches' runs and seed, B/A as given, the ranked table, any notes and the largest swing.
func SensitivityText(w io.Writer, label string, runs int, seed uint64, s *sim.Scenario, r *experiment.SensitivityResult) error {
	fmt.Fprintf(w, "%s: sensitivity of B/A mean net revenue to each parameter x(1 ± %s), %s paired runs a batch, seed %d\n",
		label, num(r.Range), format.Thousands(float64(runs), 0), seed)
	fmt.Fprintf(w, "A: %s   B: %s   B/A as given: %s (%s / %s)\n\n", s.Teams[0].Name, s.Teams[1].Name,
		Ratio(r.BaseRatio), format.Money(r.BaseB), format.Money(r.BaseA))
	if err := SensitivityTable(r).WriteText(w); err != nil {
		return err
	}
	if notes := r.Notes(); len(notes) > 0 {
		fmt.Fprintf(w, "\nNotes:\n  %s\n", strings.Join(notes, "\n  "))
	}
	if len(r.Ranked) > 0 {
		top := r.Ranked[0]
		fmt.Fprintf(w, "\nLargest swing: %s, B/A %s at %s and %s at %s.\n", top.Key, Ratio(top.Ratio[0]), top.Label(0, r.Range),
			Ratio(top.Ratio[1]), top.Label(1, r.Range))
	}
	return nil
}
