package sim

import (
	"os"
	"strings"
	"testing"
)

// docs/model.md documents every scenario key; a key added to the engine must be added there.
func TestDocsListEveryParameter(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	must(t, err)
	for _, p := range Params() {
		if !strings.Contains(string(doc), "| `"+p.Key+"` |") {
			t.Errorf("docs/model.md has no row for %q", p.Key)
		}
	}
}
