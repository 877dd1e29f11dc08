package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim/experiment"
	"github.com/pipesim/pipesim/sim/format"
)

// precisionFlag is --precision: unset, or the target share of A's mean net revenue.
type precisionFlag struct {
	p   float64
	set bool
}

func (f *precisionFlag) String() string {
	if !f.set {
		return ""
	}
	return num(f.p)
}

func (f *precisionFlag) Set(v string) error {
	p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return fmt.Errorf("want a number such as 0.01")
	}
	f.p, f.set = p, true
	return nil
}

func (f *precisionFlag) Type() string { return "P" }

// checkPrecision validates --precision when given: a share in (0, 1].
func checkPrecision(f precisionFlag) error {
	if f.set && !(f.p > 0 && f.p <= 1) {
		return usagef("--precision %s is out of range; allowed above 0 up to 1 (for example 0.01 for 1%%)", num(f.p))
	}
	return nil
}

// precisionPercent is a relative half-width in words: a percentage with two decimals, or
// "undefined" before it can be computed.
func precisionPercent(rel float64) string {
	if math.IsInf(rel, 1) {
		return "undefined"
	}
	return format.Thousands(100*rel, 2) + "%"
}

// printConvergence adds the --precision line to the batch table.
func printConvergence(w io.Writer, c *experiment.Convergence) error {
	if c == nil {
		return nil
	}
	state := "converged"
	if !c.Converged {
		state = "did not converge"
	}
	rel := format.Percent(c.Relative)
	if c.Relative < 0 {
		rel = "undefined (A's mean net revenue is 0)"
	}
	_, err := fmt.Fprintf(w, "Precision: %s after %s of at most %s runs; the 95%% CI half-width of B - A net revenue, %s, is %s of A's mean net revenue (target %s).\n",
		state, format.Thousands(float64(c.Runs), 0), format.Thousands(float64(c.MaxRuns), 0), format.Money(c.HalfWidth), rel, format.Percent(c.Precision))
	return err
}
