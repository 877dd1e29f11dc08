package scene

import "strconv"

// Money prints an amount the way a sales floor says it: $840, $52k, $2.41M.
func Money(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e9:
		return sign + "$" + strconv.FormatFloat(v/1e9, 'f', 2, 64) + "B"
	case v >= 1e6:
		return sign + "$" + strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case v >= 1e4:
		return sign + "$" + strconv.FormatFloat(v/1e3, 'f', 0, 64) + "k"
	case v >= 1e3:
		return sign + "$" + strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return sign + "$" + strconv.FormatFloat(v, 'f', 0, 64)
}
