package report

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/format"
)

// KeysText lists every scenario key that a scenario file and --set accept, with its allowed
// range and meaning.
func KeysText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tRANGE\tMEANING")
	for _, p := range sim.Params() {
		key := p.Where()
		if p.PerStage() {
			key += " (4, or .N)"
		}
		fmt.Fprintf(tw, "%s\t%s to %s\t%s\n", key, fmtRange(p.Min), fmtRange(p.Max), p.Doc)
	}
	fmt.Fprintln(tw, "teams.{0,1}.name\t1 to 40 characters\tthe team's name in tables and charts")
	return tw.Flush()
}

func fmtRange(x float64) string {
	if x == float64(int64(x)) && x >= 1000 {
		return format.Thousands(x, 0)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
