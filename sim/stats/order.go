package stats

import (
	"cmp"
	"math"
)

// Descending orders values largest first with NaN (undefined) last, for slices.SortFunc: the
// order of a ranking such as a tornado chart's.
func Descending(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return cmp.Compare(b, a)
}
