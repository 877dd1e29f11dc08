package fit

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pipesim/pipesim/sim"
)

// label names an estimate's key for people: "dwell Proposal", "acv".
func label(key string) string {
	name, idx, ok := strings.Cut(key, ".")
	if !ok {
		return name
	}
	i, _ := strconv.Atoi(idx)
	return name + " " + sim.Stage(i).String()
}

// number writes a value with three significant digits, whole numbers with separators.
func number(x float64) string {
	switch ax := math.Abs(x); {
	case math.IsNaN(x):
		return "-"
	case ax >= 1000:
		return thousands(x)
	case ax >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case ax >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case ax >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

func thousands(x float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(x)), 'f', 0, 64)
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// WriteReport writes the fit as text: what was read, the estimates beside the base preset's
// values, the warnings, and the observed funnel beside the simulated one.
func (r *Result) WriteReport(w io.Writer, simulated Funnel) error {
	c := r.Counts
	fmt.Fprintf(w, "%s export: %s rows, %s deals, %s owners, %s to %s (%.1f weeks)\n", r.Format,
		thousands(float64(c.Rows)), thousands(float64(c.Deals)), thousands(float64(r.Owners)),
		r.First.Format("2006-01-02"), r.Last.Format("2006-01-02"), r.Weeks)
	fmt.Fprintf(w, "closed: %d won, %d lost, %d no decision; %d open at the last date (censored)\n", c.Won, c.Lost, c.NoDecision, c.Open)
	fmt.Fprintf(w, "rows the model has no place for:\n  %d same-stage (amount or date changes: amount kept, no move)\n  %d skips (an advance out of the stage left)\n  %d backward (ignored: the deal stays in its furthest stage)\n  %d after a close, %d deleted (ignored)\n\n",
		c.AmountOnly, c.Skips, c.Backward, c.AfterClose, c.Ignored)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "key\tfitted\t95% CI\tn\tbase "+r.base.Base+"\t")
	for _, e := range r.Estimates {
		ci, n := "kept: "+e.Note, "-"
		if !e.Kept {
			ci = number(e.Lo) + " to " + number(e.Hi)
			n = fmt.Sprintf("%d %s", e.N, e.Of)
		}
		val, base := number(e.Value), number(e.Base)
		if e.Key == "reps" {
			val, base = thousands(e.Value), thousands(e.Base)
			if !e.Kept {
				ci = "exact count"
			}
		}
		if e.Capped {
			val += " (capped)"
		} else if e.Thin {
			val += " (thin)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", label(e.Key), val, ci, n, base)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, warn := range r.Warnings {
		fmt.Fprintln(w, "warning: "+warn)
	}
	fmt.Fprintf(w, "\nDoes the fit reproduce the data? Observed beside the fitted market simulated (mean of %d runs, average sellers):\n", simulated.Runs)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	obs := r.Observed()
	fmt.Fprintln(tw, "stage\tentered\tsim\tadvanced\tsim\tlost\tsim\tno decision\tsim\t")
	for st := range obs.Stages {
		o, s := obs.Stages[st], simulated.Stages[st]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", stageName(st), o.Entered, s.Entered, o.Advanced, s.Advanced, o.Lost, s.Lost, o.NoDecision, s.NoDecision)
	}
	fmt.Fprintf(tw, "won-deal cycle (weeks)\t%s\t%s\t\t\t\t\t\t\t\n", number(obs.Cycle), number(simulated.Cycle))
	return tw.Flush()
}

func stageName(st int) string { return sim.Stage(st).String() }
