package experiment

import (
	"math"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// bad is a mistake in how a study was asked for.
func bad(format string, args ...any) error { return sim.Errorf(sim.KindInput, "", format, args...) }

// ParseAxes reads a sweep's axes in order, each as ParseAxis does, and refuses a key varied
// twice. Errors start with the spec.
func ParseAxes(specs []string) ([]Axis, error) {
	var axes []Axis
	for _, v := range specs {
		a, err := ParseAxis(v)
		if err != nil {
			return nil, err
		}
		for _, b := range axes {
			if b.Key == a.Key {
				return nil, bad("%s: key %s is varied twice", sim.Excerpt(v), a.Key)
			}
		}
		axes = append(axes, a)
	}
	return axes, nil
}

// ParseAxis reads an axis written key=from:to:step: the values from, from+step, ... up to to
// (inclusive, allowing for rounding), at most MaxSweepPoints. Errors start with the spec.
func ParseAxis(v string) (Axis, error) {
	key, rng, ok := strings.Cut(v, "=")
	key = strings.TrimSpace(key)
	parts := strings.Split(rng, ":")
	if !ok || key == "" || len(parts) != 3 {
		return Axis{}, bad("%q: want key=from:to:step, for example acv=20000:100000:20000", sim.Excerpt(v))
	}
	var nums [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return Axis{}, bad("%s: %s %q is not a number", sim.Excerpt(v), [3]string{"from", "to", "step"}[i], sim.Excerpt(strings.TrimSpace(p)))
		}
		nums[i] = x
	}
	from, to, step := nums[0], nums[1], nums[2]
	switch {
	case step == 0:
		return Axis{}, bad("%s: step is 0; want a step above 0 (or below 0 when from > to)", sim.Excerpt(v))
	case (to-from)/step < 0:
		return Axis{}, bad("%s: the range is empty; from %s does not reach to %s in steps of %s", sim.Excerpt(v), num(from), num(to), num(step))
	}
	// Allow for rounding: 0:1:0.1 has 11 points.
	n := math.Floor((to-from)/step+1e-9) + 1
	if n > MaxSweepPoints {
		return Axis{}, bad("%s has %s points; allowed at most %d", sim.Excerpt(v), format.Thousands(n, 0), MaxSweepPoints)
	}
	a := Axis{Spec: v, Key: key}
	for i := range int(n) {
		x, _ := strconv.ParseFloat(strconv.FormatFloat(from+float64(float64(i)*step), 'g', 12, 64), 64)
		a.Values = append(a.Values, x)
		a.Texts = append(a.Texts, num(x))
	}
	return a, nil
}

// ParseRange reads a key and the range to search, written key=lo:hi. Errors start with the spec.
func ParseRange(v string) (key string, lo, hi float64, err error) {
	key, rng, ok := strings.Cut(v, "=")
	key = strings.TrimSpace(key)
	parts := strings.Split(rng, ":")
	if !ok || key == "" || len(parts) != 2 {
		return "", 0, 0, bad("%q: want key=lo:hi, for example strategies.goal.new_mult=1:2", v)
	}
	var nums [2]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return "", 0, 0, bad("%s: %s %q is not a number", v, [2]string{"lo", "hi"}[i], strings.TrimSpace(p))
		}
		nums[i] = x
	}
	if nums[0] >= nums[1] {
		return "", 0, 0, bad("%s: lo %s is not below hi %s", v, num(nums[0]), num(nums[1]))
	}
	return key, nums[0], nums[1], nil
}
