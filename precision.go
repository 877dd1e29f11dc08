package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

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
