package cli

import (
	"bytes"
	"strings"
	"testing"
)

// A panic exits 1 with one line asking for a report, never 2 (bad input) or a stack trace.
func TestGuardPanic(t *testing.T) {
	var stderr bytes.Buffer
	status := Guard(&stderr, func() int {
		var parts []int
		return parts[3] // index out of range, as a damaged part once caused
	})
	line := stderr.String()
	if status != ExitFailure || !strings.HasPrefix(line, "pipesim: internal error: runtime error: index out of range") ||
		!strings.HasSuffix(line, "; please report it with the command that caused it\n") || strings.Count(line, "\n") != 1 {
		t.Errorf("status %d, stderr %q", status, line)
	}
	if status := Guard(&stderr, func() int { return ExitUsage }); status != ExitUsage {
		t.Errorf("a command's own status %d, want 2", status)
	}
}

// An error line is cut at 400 bytes whatever a message quotes.
func TestBoundedLines(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := BoundedLines("short\n" + long)
	first, second, _ := strings.Cut(got, "\n")
	if first != "short" || len(second) > MaxLineBytes+3 || !strings.HasSuffix(second, "...") || !strings.HasPrefix(long, strings.TrimSuffix(second, "...")) {
		t.Errorf("boundedLines = %q", got)
	}
}

// A list flag with an empty or repeated item is refused, naming the item.
func TestDistinct(t *testing.T) {
	for _, c := range []struct {
		items []string
		want  string
	}{
		{[]string{"acv", "weeks"}, ""},
		{[]string{"acv", " "}, "--params has an empty name; want keys"},
		{[]string{"acv", " acv"}, "--params: acv is named twice"},
	} {
		err := Distinct("--params", c.items, "keys")
		if (c.want == "") != (err == nil) || err != nil && (!IsBadInput(err) || err.Error() != c.want) {
			t.Errorf("%q: %v, want %q", c.items, err, c.want)
		}
	}
}
