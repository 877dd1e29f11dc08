package render

import (
	"bytes"
	"encoding/gob"
	"encoding/xml"
	"flag"
	"fmt"
	"github.com/pipesim/pipesim/render/palette"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runShape fabricates one team's result in one run from a random source; fixtures use it
// instead of the engine so that the golden charts change only when render does.
type runShape func(r *rand.Rand, team int, tr *sim.TeamResult)

// typical is a plausible run: revenue grows week by week, team B starts slower and ends
// ahead, and the funnel narrows stage by stage.
func typical(r *rand.Rand, team int, tr *sim.TeamResult) {
	for w := range tr.Weekly {
		ramp := float64(w) / float64(len(tr.Weekly))
		base := 80_000 + 40_000*float64(team)*ramp - 15_000*float64(team)*(1-ramp)
		tr.Weekly[w] = max(0, base*(1+0.5*r.NormFloat64()))
	}
	splitRevenue(r, tr)
	entered := 900.0 - 250*float64(team) + 40*r.NormFloat64()
	for st := range tr.Funnel {
		f := &tr.Funnel[st]
		f.Entered = int(entered)
		f.Advanced = int(entered * (0.55 + 0.1*float64(team)))
		f.Lost = int(entered * 0.12)
		f.NoDecision = int(entered * (0.3 - 0.12*float64(team)))
		f.WeeksInStage = entered * 2.5
		entered = float64(f.Advanced)
	}
	tr.Wins, tr.Losses, tr.NoDecisions = tr.Funnel[3].Advanced, 150, 300-100*team
	tr.NewWins, tr.NewClosed, tr.NewNoDecided = tr.Wins*8/10, 600, 300-100*team
	tr.WonWeeks = float64(tr.Wins) * (9 + r.Float64())
	tr.Customers, tr.Churned = 200+r.IntN(40), 60-30*team+r.IntN(10)
}

// splitRevenue totals the weekly revenue and splits it by source.
func splitRevenue(r *rand.Rand, tr *sim.TeamResult) {
	tr.NetRevenue = 0
	for _, x := range tr.Weekly {
		tr.NetRevenue += x
	}
	tr.ListRevenue = tr.NetRevenue * 1.02
	rep := 0.08 + 0.15*tr.Adherence + 0.02*r.Float64()
	ref := 0.02 * tr.Adherence
	tr.RevenueBySource = [sim.NumSources]float64{tr.NetRevenue * (1 - rep - ref), tr.NetRevenue * rep, tr.NetRevenue * ref}
}

func allEqual(_ *rand.Rand, team int, tr *sim.TeamResult) {
	for w := range tr.Weekly {
		tr.Weekly[w] = 50_000
	}
	splitRevenue(rand.New(rand.NewPCG(1, 1)), tr)
	tr.Funnel[0] = sim.StageFunnel{Entered: 100, Advanced: 60, Lost: 10, NoDecision: 30}
}

func zeroA(r *rand.Rand, team int, tr *sim.TeamResult) {
	typical(r, team, tr)
	if team == 0 {
		clear(tr.Weekly)
		splitRevenue(r, tr)
		tr.Funnel = [sim.NumStages]sim.StageFunnel{}
	}
}

// fixture aggregates runs of a fabricated shape, seeded, over a scenario of the given weeks.
func fixture(t testing.TB, runs, weeks int, shape runShape) (*sim.Aggregate, *sim.Summary) {
	t.Helper()
	s := sim.MustPreset("mid-market")
	s.Weeks = weeks
	a := sim.NewAggregate(&s)
	r := rand.New(rand.NewPCG(42, uint64(runs)))
	for i := range runs {
		res := sim.Result{Seed: uint64(i), Weeks: weeks}
		for team := range res.Teams {
			tr := &res.Teams[team]
			tr.Name, tr.Adherence = s.Teams[team].Name, s.Teams[team].Adherence
			tr.Reps, tr.Weeks, tr.Weekly = s.Reps, weeks, make([]float64, weeks)
			shape(r, team, tr)
		}
		a.Add(&res)
	}
	sum := a.Summarize()
	return a, &sum
}

// large merges copies of an aggregate to about a million runs, as a long batch's shards would.
func large(t testing.TB) (*sim.Aggregate, *sim.Summary) {
	a, _ := fixture(t, 1000, 26, typical)
	for a.Runs < 1_000_000 {
		var b bytes.Buffer // a deep copy: merging an aggregate into itself would alias its slices
		if err := gob.NewEncoder(&b).Encode(a); err != nil {
			t.Fatal(err)
		}
		var c sim.Aggregate
		if err := gob.NewDecoder(&b).Decode(&c); err != nil {
			t.Fatal(err)
		}
		a.Merge(&c)
	}
	sum := a.Summarize()
	return a, &sum
}

type drawFunc func(w io.Writer, a *sim.Aggregate, s *sim.Summary) error

var charts = []struct {
	name string
	draw drawFunc
}{
	{"outcomes", OutcomesChart},
	{"cumulative", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return CumulativeChart(w, s) }},
	{"funnel", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return FunnelChart(w, s) }},
	{"difference", DifferenceChart},
	{"sources", func(w io.Writer, _ *sim.Aggregate, s *sim.Summary) error { return SourcesChart(w, s) }},
}

func syntheticSweep(points int) SweepSeries {
	sw := SweepSeries{Param: "new_mult", Metric: "net_revenue", Teams: [2]string{"Goal-oriented", "Process-oriented"}}
	for i := range points {
		x := 0.8 + 0.1*float64(i)
		sw.Points = append(sw.Points, SweepPoint{X: x, Teams: [2]sim.Stat{
			{Mean: 8e6 + 2e6*float64(i), CILo: 7.8e6 + 2e6*float64(i), CIHi: 8.2e6 + 2e6*float64(i)},
			{Mean: 10e6 + 5e5*float64(i), CILo: 9.7e6 + 5e5*float64(i), CIHi: 10.3e6 + 5e5*float64(i)},
		}})
	}
	return sw
}

// syntheticTornado is a sensitivity analysis of n parameters around a base ratio of 1.03,
// in no particular order, with one parameter whose both ends lie on the same side of the base.
func syntheticTornado(n int) Tornado {
	tn := Tornado{Teams: [2]string{"Goal-oriented", "Process-oriented"}, Base: 1.03, Range: 0.2}
	names := []string{"new_opps", "strategies.goal.new_mult", "trust_adv", "repeat_max", "churn_hi",
		"pull_adv", "disc_hi", "quit_base", "complexity", "quota_mult", "acv_sigma", "conv"}
	for i := range n {
		v := 1 + float64(i%7)/2
		swing := 0.01 + 0.05*float64((i*5)%n)/float64(max(1, n))
		b := TornadoBar{Param: names[i%len(names)], Low: plain(0.8*v, 0.01), High: plain(1.2*v, 0.01),
			LowRatio: 1.03 - swing, HighRatio: 1.03 + swing/2}
		if i%4 == 3 {
			b.LowRatio, b.HighRatio = 1.03+swing, 1.03-swing/3 // raising it helps A
		}
		if i == 2 {
			b.LowRatio, b.HighRatio = 1.03+swing, 1.03+swing/2 // both ends above the base
		}
		if i >= len(names) {
			b.Param += "." + strconv.Itoa(i/len(names))
		}
		tn.Bars = append(tn.Bars, b)
	}
	return tn
}

func TestGolden(t *testing.T) {
	a, s := fixture(t, 500, 104, typical)
	outputs := map[string]func(io.Writer) error{
		"sweep":   func(w io.Writer) error { return SweepChart(w, syntheticSweep(6)) },
		"tornado": func(w io.Writer) error { return TornadoChart(w, syntheticTornado(8)) },
	}
	for _, c := range charts {
		outputs[c.name] = func(w io.Writer) error { return c.draw(w, a, s) }
	}
	for name, draw := range outputs {
		var b bytes.Buffer
		if err := draw(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		file := filepath.Join("testdata", name+".svg")
		if *update {
			if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./render -update)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test ./render -update", name, file)
		}
	}
}

func TestChartEdgeCases(t *testing.T) {
	cases := map[string]func() (*sim.Aggregate, *sim.Summary){
		"typical":     func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 300, 104, typical) },
		"all equal":   func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 50, 104, allEqual) },
		"zero team A": func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 50, 104, zeroA) },
		"one run":     func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 1, 104, typical) },
		"one week":    func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 20, 1, typical) },
		"long":        func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 20, 1040, typical) },
		"no runs":     func() (*sim.Aggregate, *sim.Summary) { return fixture(t, 0, 104, typical) },
		"a million":   func() (*sim.Aggregate, *sim.Summary) { return large(t) },
	}
	for name, make := range cases {
		a, s := make()
		for _, c := range charts {
			var b bytes.Buffer
			if err := c.draw(&b, a, s); err != nil {
				t.Fatalf("%s, %s: %v", name, c.name, err)
			}
			checkSVG(t, name+", "+c.name, b.Bytes())
		}
	}
	for _, n := range []int{0, 1, 2, 12} {
		var b bytes.Buffer
		if err := SweepChart(&b, syntheticSweep(n)); err != nil {
			t.Fatal(err)
		}
		checkSVG(t, "sweep of "+strconv.Itoa(n), b.Bytes())
	}
	var b bytes.Buffer
	if err := SweepChart(&b, SweepSeries{Param: "x", Metric: "no_such_metric", Points: syntheticSweep(3).Points}); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, "sweep of an unknown metric", b.Bytes())
	tornadoes := map[string]Tornado{"no parameters": syntheticTornado(0), "one": syntheticTornado(1),
		"many": syntheticTornado(24)}
	flat := syntheticTornado(3)
	for i := range flat.Bars {
		flat.Bars[i].LowRatio, flat.Bars[i].HighRatio = flat.Base, flat.Base
	}
	tornadoes["no effect"] = flat
	undefined := syntheticTornado(4)
	undefined.Base, undefined.Bars[0].LowRatio, undefined.Bars[1].HighRatio = math.NaN(), math.Inf(1), math.NaN()
	undefined.Bars[2].LowRatio, undefined.Bars[2].HighRatio = math.NaN(), math.NaN()
	tornadoes["A earned nothing"] = undefined
	wide := syntheticTornado(3)
	wide.Base, wide.Bars[0].LowRatio, wide.Bars[0].HighRatio = 3.5, 0.2, 12
	wide.Bars[1].Param = "strategies.process.referral_conv_mult"
	tornadoes["wide"] = wide
	for name, tn := range tornadoes {
		b.Reset()
		if err := TornadoChart(&b, tn); err != nil {
			t.Fatal(err)
		}
		checkSVG(t, "tornado, "+name, b.Bytes())
	}
}

func TestRankTornado(t *testing.T) {
	given := []TornadoBar{{Param: "small", LowRatio: 1, HighRatio: 1.01}, {Param: "unknown", LowRatio: math.NaN(), HighRatio: 1},
		{Param: "large", LowRatio: 1.2, HighRatio: 0.9}, {Param: "medium", LowRatio: 0.95, HighRatio: 1.05}}
	bars := slices.Clone(given)
	RankTornado(bars)
	var got []string
	for _, b := range bars {
		got = append(got, b.Param)
	}
	if want := "large medium small unknown"; strings.Join(got, " ") != want {
		t.Errorf("ranked %v, want %s", got, want)
	}
	// The chart ranks its bars itself: the first row is the largest swing.
	var b bytes.Buffer
	if err := TornadoChart(&b, Tornado{Base: 1, Range: 0.2, Bars: given}); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if i, j := strings.Index(doc, ">large<"), strings.Index(doc, ">small<"); i < 0 || j < i {
		t.Errorf("large (at %d) is not drawn above small (at %d)", i, j)
	}
}

var pathData = regexp.MustCompile(`^M[-0-9. LZ]+$`)

// label is a text element's estimated box.
type label struct {
	text       string
	x0, x1, y0 float64
	y1         float64
}

// checkSVG parses a chart as XML and checks what a reader would notice: a viewBox, a title
// and description, no NaN or infinity, well-formed paths, and no two labels overlapping.
func checkSVG(t *testing.T, name string, doc []byte) {
	t.Helper()
	for _, p := range svgProblems(doc) {
		t.Errorf("%s: %s", name, p)
	}
}

func svgProblems(doc []byte) (problems []string) {
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if s := string(doc); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		report("NaN or Inf in output")
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	var seen = map[string]bool{}
	var labels []label
	var inText *label
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			report("not XML: %v", err)
			return problems
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			seen[tok.Name.Local] = true
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch tok.Name.Local {
			case "svg":
				if attr["viewBox"] == "" {
					report("no viewBox")
				}
			case "path":
				if !pathData.MatchString(attr["d"]) {
					report("broken path %q", attr["d"])
				}
			case "text":
				x, _ := strconv.ParseFloat(attr["x"], 64)
				y, _ := strconv.ParseFloat(attr["y"], 64)
				size := float64(textSize)
				if v, err := strconv.ParseFloat(attr["font-size"], 64); err == nil {
					size = v
				}
				inText = &label{x0: x, y0: y - 0.75*size, y1: y + 0.2*size}
				inText.x1 = size // the width waits for the text itself
				switch attr["text-anchor"] {
				case "middle":
					inText.text = "middle"
				case "end":
					inText.text = "end"
				}
			}
		case xml.CharData:
			if inText != nil {
				s := string(tok)
				w := textWidth(s, inText.x1)
				switch inText.text {
				case "middle":
					inText.x0 -= w / 2
				case "end":
					inText.x0 -= w
				}
				inText.x1, inText.text = inText.x0+w, s
			}
		case xml.EndElement:
			if tok.Name.Local == "text" && inText != nil {
				labels = append(labels, *inText)
				inText = nil
			}
		}
	}
	for _, el := range []string{"svg", "title", "desc"} {
		if !seen[el] {
			report("no <%s>", el)
		}
	}
	for i, a := range labels {
		if a.x0 < 0 || a.x1 > chartWidth {
			report("label %q runs off the chart (%.0f to %.0f)", a.text, a.x0, a.x1)
		}
		for _, b := range labels[i+1:] {
			if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
				report("labels %q and %q overlap", a.text, b.text)
			}
		}
	}
	return problems
}

// The checker itself must notice what it looks for.
func TestSVGProblems(t *testing.T) {
	bad := `<svg xmlns="http://www.w3.org/2000/svg"><title>t</title><desc>d</desc>` +
		`<text x="100" y="50">overlapping label</text><text x="120" y="52">another label</text>` +
		`<path d="M0 0 LNaN 1"/><text x="795" y="200">off the edge</text></svg>`
	got := strings.Join(svgProblems([]byte(bad)), "\n")
	for _, want := range []string{"NaN", "viewBox", "overlap", "broken path", "runs off"} {
		if !strings.Contains(got, want) {
			t.Errorf("checker missed %q; it found:\n%s", want, got)
		}
	}
	if p := svgProblems([]byte("<svg><title>")); len(p) == 0 || !strings.Contains(p[len(p)-1], "not XML") {
		t.Errorf("checker accepted broken XML: %v", p)
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi         float64
		n              int
		wantLo, wantHi float64
		wantStep       float64
	}{
		{0, 0.149, 4, 0, 0.15, 0.05},
		{7.2e6, 13.4e6, 6, 6e6, 14e6, 2e6},
		{-3.7e6, 5.2e6, 6, -4e6, 6e6, 2e6},
		{5, 5, 4, 4.5, 5.5, 0.25},
		{0, 0, 4, 0, 1, 0.25},
		{math.NaN(), math.Inf(1), 4, 0, 1, 0.25},
	} {
		a := niceAxis(c.lo, c.hi, c.n)
		if math.Abs(a.lo-c.wantLo) > 1e-9 || math.Abs(a.hi-c.wantHi) > 1e-9 || math.Abs(a.step-c.wantStep) > 1e-12 {
			t.Errorf("niceAxis(%g, %g, %d) = [%g, %g] step %g; want [%g, %g] step %g", c.lo, c.hi, c.n, a.lo, a.hi, a.step, c.wantLo, c.wantHi, c.wantStep)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{money(1.25e6, 2.5e5), "$1.25M"},
		{money(1.5e6, 5e5), "$1.5M"},
		{money(500e3, 5e5), "$500k"},
		{money(0, 5e5), "$0"},
		{money(-2e6, 1e6), "−$2M"},
		{money(9_912_345, 0), "$9.91M"},
		{money(787_000, 0), "$787k"},
		{money(950, 0), "$950"},
		{signed(2.5e5, money(2.5e5, 0)), "+$250k"},
		{formatValue(sim.Rate, 0.25, 0.05), "25%"},
		{formatValue(sim.Rate, 0.234, 0), "23.4%"},
		{formatValue(sim.Count, 1237, 250), "1,237"},
		{formatValue(sim.Days, 70.2, 0), "70 d"},
		{plain(0.85, 0.05), "0.85"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Where lowering and raising a parameter both raise the ratio, each end's bar runs from the
// base line to its own value and its label sits right of both: neither reads as lowering B/A.
func TestTornadoSameDirection(t *testing.T) {
	c := newChart("t", "d", nil)
	x := scale{0.9, 1.2, 100, 700}
	base := x.at(1.0)
	for _, e := range []tornadoEnd{{1.1, "0.8", palette.Lowered, -1}, {1.05, "1.2", palette.Raised, 1}} {
		l := c.tornadoHalf(e, x, base, 0, 14)
		if l.end || float64(l.x) <= x.at(e.r) {
			t.Errorf("end %s at B/A %v: label at x %d (anchored at its end: %v); want right of the bar's end %.0f",
				e.label, e.r, l.x, l.end, x.at(e.r))
		}
	}
	if l := c.tornadoHalf(tornadoEnd{0.95, "0.8", palette.Lowered, 1}, x, base, 0, 14); !l.end || float64(l.x) >= x.at(0.95) {
		t.Errorf("an end below the base is labelled at x %d, not left of %.0f", l.x, x.at(0.95))
	}
}

// An interval's ends and its mean share one unit and one number of decimals, and an interval
// with width never prints as one number.
func TestFormatInterval(t *testing.T) {
	cases := []struct {
		u             sim.Unit
		mean, lo, hi  float64
		wantM, wantLo string
		wantHi        string
	}{
		{sim.Money, 6.07e6, 6.046e6, 6.0988e6, "$6.07M", "$6.05M", "$6.10M"},
		{sim.Days, 47.65, 47.58, 47.71, "47.6 d", "47.6 d", "47.7 d"},
		{sim.Rate, 0.0153, 0.01512, 0.01548, "1.53%", "1.51%", "1.55%"},
		{sim.Money, 19_426, 17_980, 20_873, "$19.4k", "$18.0k", "$20.9k"},
		{sim.Rate, 0, 0, 0, "0.0%", "0.0%", "0.0%"},
	}
	for _, c := range cases {
		m, lo, hi := FormatInterval(c.u, c.mean, c.lo, c.hi)
		if m != c.wantM || lo != c.wantLo || hi != c.wantHi {
			t.Errorf("FormatInterval(%v, %v, %v): %s, %s to %s; want %s, %s to %s", c.mean, c.lo, c.hi, m, lo, hi, c.wantM, c.wantLo, c.wantHi)
		}
	}
}
