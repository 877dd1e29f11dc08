package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim/format"
)

// PrecisionFlag is --precision: unset, or the target share of A's mean net revenue.
type PrecisionFlag struct {
	Value float64
	Given bool
}

func (f *PrecisionFlag) String() string {
	if !f.Given {
		return ""
	}
	return Num(f.Value)
}

func (f *PrecisionFlag) Set(v string) error {
	p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return fmt.Errorf("want a number such as 0.01")
	}
	f.Value, f.Given = p, true
	return nil
}

func (f *PrecisionFlag) Type() string { return "P" }

// CheckPrecision validates --precision when given: a share in (0, 1].
func CheckPrecision(f PrecisionFlag) error {
	if f.Given && !(f.Value > 0 && f.Value <= 1) {
		return Usagef("--precision %s is out of range; allowed above 0 up to 1 (for example 0.01 for 1%%)", Num(f.Value))
	}
	return nil
}

// PrecisionPercent is a relative half-width in words: a percentage with two decimals, or
// "undefined" before it can be computed.
func PrecisionPercent(rel float64) string {
	if math.IsInf(rel, 1) {
		return "undefined"
	}
	return format.Thousands(100*rel, 2) + "%"
}
