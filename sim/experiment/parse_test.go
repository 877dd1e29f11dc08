package experiment

import (
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// ParseAxes keeps the axes in order and refuses a key varied twice, naming the second spec.
func TestParseAxes(t *testing.T) {
	axes, err := ParseAxes([]string{"weeks=26:52:26", "acv=1000:3000:1000"})
	if err != nil || len(axes) != 2 || axes[0].Key != "weeks" || len(axes[1].Values) != 3 {
		t.Fatalf("ParseAxes = %+v, %v", axes, err)
	}
	_, err = ParseAxes([]string{"weeks=26:52:26", "acv=1:2:1", "weeks=1:2:1"})
	if !sim.IsInput(err) || err.Error() != "weeks=1:2:1: key weeks is varied twice" {
		t.Errorf("a key twice: %v", err)
	}
	if _, err := ParseAxes([]string{"acv=1:2:1", "acv"}); !sim.IsInput(err) || !strings.Contains(err.Error(), "want key=from:to:step") {
		t.Errorf("a bad spec after a good one: %v", err)
	}
}
