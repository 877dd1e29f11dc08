package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"github.com/pipesim/pipesim/render"
	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// BreakEvenText writes every value tried with B - A there, then the answer in a sentence.
func BreakEvenText(w io.Writer, label string, s *sim.Scenario, r *experiment.BreakEvenResult) error {
	fmt.Fprintf(w, "%s: B - A net revenue (%s minus %s) as %s goes from %s to %s, %s paired runs a value, seed %d\n\n",
		label, s.Teams[1].Name, s.Teams[0].Name, r.Key, num(r.Lo), num(r.Hi), format.Thousands(float64(r.Runs), 0), r.Seed)
	fmt.Fprintf(w, "%14s  %14s  %32s\n", "value", "B - A", "95% CI")
	for _, p := range r.Points {
		fmt.Fprintf(w, "%14s  %14s  %32s\n", num(p.Value), format.SignedMoney(p.Diff.Mean),
			format.SignedMoney(p.Diff.CILo)+" to "+format.SignedMoney(p.Diff.CIHi))
	}
	fmt.Fprintln(w)
	if r.Value == nil && len(r.Points) > 0 {
		lead := s.Teams[1].Name
		if r.Points[0].Diff.Mean < 0 {
			lead = s.Teams[0].Name
		}
		fmt.Fprintf(w, "%s %s earns more over the whole range.\n", r, lead)
		return nil
	}
	_, err := fmt.Fprintln(w, r)
	return err
}

// BreakEvenFiles are the result folder of a break-even search: breakeven.json, the chart of
// B - A with the break-even value (breakeven.svg), breakeven.html and scenario.json.
func BreakEvenFiles(st Study, r *experiment.BreakEvenResult) ([]File, error) {
	var f files
	s := st.Scenario
	f.scenario(s)
	f.json("breakeven.json", r)
	var svg bytes.Buffer
	f.fail(render.BreakEvenChart(&svg, r, [2]string{s.Teams[0].Name, s.Teams[1].Name}))
	f.add("breakeven.svg", svg.Bytes())
	table := Table{Head: []string{r.Key, "B − A", "95% CI"}, Keys: 1}
	for _, p := range r.Points {
		table.Rows = append(table.Rows, []string{num(p.Value), format.SignedMoney(p.Diff.Mean), format.SignedMoney(p.Diff.CILo) + " to " + format.SignedMoney(p.Diff.CIHi)})
	}
	page := BreakEven{Title: st.Title + ", " + r.Key, Command: st.Command, Answer: r.String(),
		Runs: r.Runs, Values: len(r.Points), Table: table,
		Figure: Figure{ID: "breakeven.svg", Caption: "Net revenue B − A by " + r.Key, SVG: template.HTML(svg.String())}}
	f.page("breakeven.html", func(b *bytes.Buffer) error { return WriteBreakEven(b, page) })
	return f.done()
}
