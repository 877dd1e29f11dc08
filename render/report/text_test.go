package report

import (
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// The batch table's intervals never collapse: where the ends would print alike, every cell of
// the metric gets more decimals.
func TestIntervalCellsNeverCollapse(t *testing.T) {
	mean, ci := intervalCells(metricText, sim.Rate, 0.0153, 0.01512, 0.01548)
	if mean != "1.53%" || ci != "1.51% to 1.55%" {
		t.Errorf("rate: %s, %s; want 1.53%%, 1.51%% to 1.55%%", mean, ci)
	}
	mean, ci = intervalCells(diffText, sim.Rate, 0.191, 0.189, 0.192)
	if mean != "+19.1 pp" || ci != "+18.9 pp to +19.2 pp" {
		t.Errorf("difference: %s, %s; want the usual one decimal", mean, ci)
	}
	if _, ci := intervalCells(metricText, sim.Rate, 0, 0, 0); ci != "0.0% to 0.0%" {
		t.Errorf("an interval without width: %s", ci)
	}
}
