package sim

import (
	"flag"
	"testing"
)

var (
	update     = flag.Bool("update", false, "rewrite the golden files in testdata/")
	presetRuns = flag.Int("presets", 300, "runs per preset in TestPresetTable")
)

func TestMain(m *testing.M) {
	flag.Parse()
	m.Run()
}
