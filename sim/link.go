package sim

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim/format"
)

// Link is what a share link carries: the scenario as its preset and overrides, the seed, the
// Monte Carlo run count, and the page's own view settings. The browser writes it into the page's
// URL; `pipesim run --url` and `pipesim batch --url` read the same URL, so a shared link
// reproduces the same numbers on the command line.
type Link struct {
	Scenario Scenario
	Seed     uint64
	Runs     int               // Monte Carlo runs; 0 when the link does not say
	View     map[string]string // page settings (speed, presenter, ...) that do not change results
}

// Link query keys besides the scenario's own key paths.
const (
	linkPreset = "preset"
	linkSeed   = "seed"
	linkRuns   = "runs"
)

// DefaultSeed is the seed of a link, and of the command line, that names none.
const DefaultSeed = 1

// MaxLinkRuns bounds the Monte Carlo runs a link may ask for.
const MaxLinkRuns = 1_000_000

// viewKeys are the page's settings, carried through a link but never part of the scenario.
var viewKeys = map[string]bool{"speed": true, "presenter": true, "predict": true, "debug": true}

// Query encodes a link as a URL query: preset, seed, runs, then the scenario's overrides of
// its preset in file order, then the view settings sorted by key. Decoding it gives the link back.
func (l *Link) Query() string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	add(linkPreset, l.Scenario.baseName())
	add(linkSeed, strconv.FormatUint(l.Seed, 10))
	if l.Runs > 0 {
		add(linkRuns, strconv.Itoa(l.Runs))
	}
	for _, o := range l.Scenario.Overrides() {
		add(o.Key, o.Value)
	}
	keys := make([]string, 0, len(l.View))
	for k := range l.View {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add(k, l.View[k])
	}
	return b.String()
}

// ParseLink reads a link from a URL or a bare query. Each bad parameter is reported as an input
// error naming it and what is allowed, and falls back to its default, so a page can show a
// notice and go on; the command line refuses the link when there is any problem.
func ParseLink(raw string) (Link, []error) {
	var problems []error
	bad := func(key, using, format string, args ...any) {
		problems = append(problems, &LinkProblem{Errorf(KindInput, key, format, args...), using})
	}
	query := raw
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		query = raw[i+1:]
	}
	query, _, _ = strings.Cut(query, "#")
	values, err := url.ParseQuery(query)
	if err != nil {
		problems = append(problems, Errorf(KindInput, "url", "malformed query: %v", err))
	}
	l := Link{Seed: DefaultSeed, View: map[string]string{}}
	preset := DefaultPreset
	if v, ok := last(values, linkPreset); ok {
		if _, err := LookupPreset(v); err != nil {
			bad(linkPreset, DefaultPreset, "unknown preset %q (presets are %s)", Excerpt(v), strings.Join(PresetNames(), ", "))
		} else {
			preset = v
		}
	}
	l.Scenario = MustPreset(preset)
	if v, ok := last(values, linkSeed); ok {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			bad(linkSeed, strconv.Itoa(DefaultSeed), "%q is not a seed; allowed a whole number from 0 to %d", Excerpt(v), uint64(1<<64-1))
		} else {
			l.Seed = seed
		}
	}
	if v, ok := last(values, linkRuns); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLinkRuns {
			bad(linkRuns, "the default", "%q is out of range; allowed a whole number from 1 to %s", Excerpt(v), format.Count(MaxLinkRuns))
		} else {
			l.Runs = n
		}
	}
	for _, key := range orderedKeys(query) {
		if key == linkPreset || key == linkSeed || key == linkRuns {
			continue
		}
		v, _ := last(values, key)
		if viewKeys[key] {
			l.View[key] = v
			continue
		}
		// Apply one override at a time and keep it only if the scenario stays valid, so one bad
		// parameter falls back alone.
		trial := l.Scenario.Clone()
		if err := trial.Set(key, v); err != nil {
			problems = append(problems, err)
			continue
		}
		if err := trial.Validate(); err != nil {
			problems = append(problems, err)
			continue
		}
		l.Scenario = trial
	}
	return l, problems
}

// LinkProblem is a bad parameter of a link and what the page uses instead. The command line,
// which refuses such a link, reports Err alone.
type LinkProblem struct {
	Err   error
	Using string
}

func (p *LinkProblem) Error() string { return p.Err.Error() + "; using " + p.Using }
func (p *LinkProblem) Unwrap() error { return p.Err }

func last(values url.Values, key string) (string, bool) {
	vs, ok := values[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// orderedKeys lists a query's keys in the order they first appear, so overrides apply in the
// order the link gives them.
func orderedKeys(query string) []string {
	seen := map[string]bool{}
	var keys []string
	for part := range strings.SplitSeq(query, "&") {
		k, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(k); err == nil && k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// LinkProblems describes a link's problems in one line each, for a notice.
func LinkProblems(problems []error) string {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = fmt.Sprint(p)
	}
	return strings.Join(lines, "\n")
}
