package sim

import (
	"os"
	"path/filepath"
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

// Each engine file opens by naming the section of docs/model.md it implements, so the model's
// text and its code can be read side by side; a renamed section must be renamed in both.
func TestFilesNameTheirSection(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	must(t, err)
	sections := map[string]bool{}
	for line := range strings.Lines(string(doc)) {
		if title, ok := strings.CutPrefix(line, "## "); ok {
			sections[strings.TrimSpace(title)] = true
		}
	}
	engine := []string{"world.go", "opportunities.go", "accounts.go", "quarters.go", "reps.go", "model.go",
		"market.go", "random.go", "calendar.go", "montecarlo.go", "result.go"}
	files, err := filepath.Glob("*.go")
	must(t, err)
	named := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		must(t, err)
		_, rest, _ := strings.Cut(string(src), "\n\n")
		line, _, _ := strings.Cut(rest, "\n")
		head, ok := strings.CutPrefix(line, `// docs/model.md, "`)
		if !ok {
			continue
		}
		title, _, _ := strings.Cut(head, `"`)
		if !sections[title] {
			t.Errorf("%s names section %q, which docs/model.md does not have", f, title)
		}
		named[f] = true
	}
	for _, f := range engine {
		if !named[f] {
			t.Errorf("%s does not open with the section of docs/model.md it implements", f)
		}
	}
}
