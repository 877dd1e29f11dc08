package scene

import (
	"encoding/json"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/pipesim/pipesim/render/palette"
	"github.com/pipesim/pipesim/sim"
)

// playTo steps the world and the scene to week n, animating dt seconds after each week.
func playTo(w *sim.World, sc *Scene, n int, dt float64) {
	for w.Week() < n && w.Step() {
		sc.Step(w)
		sc.Update(dt)
	}
}

// labelsOf lists a frame's labels.
func labelsOf(sc *Scene) []Label {
	var f Frame
	sc.Fill(&f)
	return f.Labels
}

// overlap reports whether two labels' estimated boxes on one line overlap.
func overlap(a, b Label) bool {
	w := func(l Label) (float64, float64) {
		x, tw := float64(l.X), TextWidth(l.Text, float64(l.Size))
		switch l.Align {
		case Center:
			x -= tw / 2
		case Right:
			x -= tw
		}
		return x, x + tw
	}
	a0, a1 := w(a)
	b0, b1 := w(b)
	sameLine := a.Y < b.Y+b.Size && b.Y < a.Y+a.Size
	return sameLine && a0 < b1 && b0 < a1
}

// At every canvas size the page gives it (a phone, tablets, laptops, a projector, presenter
// mode's larger text), no two labels of the headings and lanes run into each other, and the
// lanes fit the canvas.
func TestLabelsNeverOverlap(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 5)
	playTo(w, sc, 40, 5)
	for _, size := range []struct {
		w, h, dpr, minText float64
	}{{380, 420, 2.6, 0}, {380, 420, 1, 0}, {380, 420, 2.6, 18}, {340, 420, 1, 18}, {730, 450, 1, 0}, {990, 610, 1, 0}, {700, 460, 1, 0}, {1500, 670, 1, 18}, {2560, 1100, 2, 0}, {900, 500, 1.5, 18}} {
		l := NewLayout(size.w*size.dpr, size.h*size.dpr, size.dpr, Options{MinText: size.minText})
		sc.SetLayout(l)
		labels := labelsOf(sc)
		for i, a := range labels {
			if size.minText > 0 && float64(a.Size) < size.minText*size.dpr-0.01 {
				t.Errorf("%+v: %q is %.1f device px, below the %v CSS px asked for", size, a.Text, a.Size, size.minText)
			}
			for _, b := range labels[i+1:] {
				if overlap(a, b) {
					t.Errorf("%+v: %q and %q overlap", size, a.Text, b.Text)
				}
			}
		}
		for i, ln := range l.Lanes {
			if ln.Box.Bottom() > l.H+0.5 || ln.Box.Right() > l.W+0.5 || ln.Pipeline.H < l.Px(30) {
				t.Errorf("%+v: lane %d %+v does not fit (pipeline %.0f px tall)", size, i, ln.Box, ln.Pipeline.H)
			}
		}
	}
}

// Predict first: the canvas shows no outcome, no customers, no quota bars, no revenue; the
// bins still count, so the reveal shows the right numbers.
func TestHideTotalsHidesOutcomes(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 2)
	sc.HideTotals = true
	playTo(w, sc, 20, 5)
	var f Frame
	sc.Fill(&f)
	for _, l := range f.Labels {
		if strings.Contains(l.Text, "this qtr") || strings.Contains(l.Text, "$") || strings.Contains(l.Text, "customers") {
			t.Errorf("predict first shows %q", l.Text)
		}
	}
	for _, s := range f.Shapes {
		if s.C == outcomeMark(ColWon, 0, 0, 1).C || s.C == outcomeMark(ColLost, 0, 0, 1).C {
			t.Fatalf("predict first draws an outcome mark %+v", s)
		}
	}
	sc.HideTotals = false
	landed := sc.lanes[0].bins[0].landed + sc.lanes[0].bins[1].landed + sc.lanes[0].bins[2].landed
	if landed == 0 {
		t.Error("the bins counted nothing while hidden")
	}
}

// Wins show their value one at a time in each lane, so "+$52k" labels never pile up.
func TestOneWinLabelAtATime(t *testing.T) {
	_, w, sc := newRun(t, "installed-base", 4)
	most := 0
	for w.Week() < 30 && w.Step() {
		sc.Step(w)
		for range 10 {
			sc.Update(0.05)
			per := [2]int{}
			for i := range sc.dots.dots {
				if d := &sc.dots.dots[i]; d.fate != free && d.label != "" {
					per[d.Team]++
				}
			}
			most = max(most, per[0], per[1])
		}
	}
	if most != 1 {
		t.Errorf("at most %d value labels in flight in a lane; want 1", most)
	}
}

// A paused scene settles: once the tweens are over nothing moves, so nothing is redrawn; stalled
// deals pulse only while the run plays.
func TestPausedSceneIsStill(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 6)
	playTo(w, sc, 30, 0.1)
	sc.Pulse = false
	sc.Update(10)
	if sc.Moving() {
		t.Error("a settled, paused scene still moves")
	}
	sc.Pulse = true
	stalled := false
	for i := range sc.dots.dots {
		stalled = stalled || sc.dots.dots[i].fate == open && sc.dots.dots[i].Stalled
	}
	if stalled && !sc.Moving() {
		t.Error("stalled deals do not pulse while playing")
	}
}

// Next walks through every open deal and comes back round.
func TestNextVisitsEveryOpenDeal(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 8)
	for w.Week() < 12 && w.Step() {
		sc.Step(w)
	}
	seen := map[[2]int64]bool{}
	open := sc.lanes[0].open + sc.lanes[1].open
	for range open {
		team, opp, ok := sc.Next(1)
		if !ok {
			t.Fatal("no open deal")
		}
		seen[[2]int64{int64(team), int64(opp)}] = true
		sc.Select(team, opp)
	}
	if len(seen) != open {
		t.Errorf("visited %d of %d open deals", len(seen), open)
	}
	team, opp, _ := sc.Next(-1)
	sc.Select(team, opp)
	if t2, o2, _ := sc.Next(1); [2]int64{int64(t2), int64(o2)} == [2]int64{int64(team), int64(opp)} {
		t.Error("Next(-1) then Next(1) did not move")
	}
}

// Every bad control is named at once, each with its field and the engine's range; a bad seed in
// words, not the decoder's.
func TestSettingsNameEveryBadValue(t *testing.T) {
	var st Settings
	err := json.Unmarshal([]byte(`{"preset":"mid-market","seed":"1e30"}`), &st)
	if err == nil || !strings.Contains(err.Error(), "seed") || !strings.Contains(err.Error(), "18446744073709551615") || strings.Contains(err.Error(), "json") {
		t.Errorf("seed 1e30: %v", err)
	}
	weeks, reps, opps := 2000, 0, 99.0
	st = Settings{Preset: "mid-market", Weeks: &weeks, Reps: &reps, NewOpps: &opps}
	_, err = st.Scenario()
	got := Problems(err)
	if len(got) != 3 {
		t.Fatalf("got %d problems, want weeks, reps and new_opps: %v", len(got), err)
	}
	for i, want := range []string{"weeks: 2,000 is out of range; allowed 1 to 1,040", "reps: 0 is out of range; allowed 1 to 1,000", "new_opps: 99 is out of range; allowed 0 to 50"} {
		if got[i].Error() != want {
			t.Errorf("problem %d: %q, want %q", i, got[i], want)
		}
	}
}

// A team blended by its slider is named for its blend; a name of one's own stays.
func TestSettingsNameBlends(t *testing.T) {
	a := 0.25
	st := Settings{Preset: "mid-market", AdherenceA: &a}
	s, err := st.Scenario()
	if err != nil || s.Teams[0].Name != "Goal-leaning 0.25" {
		t.Errorf("adherence 0.25: team A named %q (%v)", s.Teams[0].Name, err)
	}
	name := "Hunters"
	st.NameA = &name
	if s, _ := st.Scenario(); s.Teams[0].Name != "Hunters" {
		t.Errorf("renamed team A is %q", s.Teams[0].Name)
	}
	back := SettingsOf(&s, 1)
	l := sim.Link{Scenario: s, Seed: 1}
	if *back.NameA != s.Teams[0].Name || !strings.Contains(l.Query(), "Goal-leaning") {
		t.Errorf("the name does not travel: settings %q, link %s", *back.NameA, l.Query())
	}
}

// The week's stats count every open deal by stage, for the page's text alternative.
func TestStatsCountOpenDeals(t *testing.T) {
	_, w, sc := newRun(t, "mid-market", 3)
	for w.Week() < 15 && w.Step() {
		st := sc.Step(w)
		for i := range 2 {
			n := 0
			for _, c := range st.Open[i] {
				n += c
			}
			if n != w.Team(i).OpenDeals() {
				t.Fatalf("week %d team %d: %d open deals counted, %d open", w.Week(), i, n, w.Team(i).OpenDeals())
			}
		}
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.RGBA) float64 {
	lum := func(c color.RGBA) float64 {
		ch := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Every label on the canvas reads at 4.5:1 or more against the lane panel, the lighter of the
// two grounds it sits on (the tooltip's dark text against its light box).
func TestLabelsContrast(t *testing.T) {
	_, w, sc := newRun(t, "quarter-end-crunch", 2)
	playTo(w, sc, 11, 0.1)
	var f Frame
	sc.Fill(&f)
	for _, l := range f.Labels {
		if r := contrast(l.C, panel); r < 4.5 {
			t.Errorf("%q: contrast %.2f against the panel", l.Text, r)
		}
	}
	for _, c := range []color.RGBA{palette.Ink, palette.Muted} {
		if r := contrast(c, tipGround); r < 4.5 {
			t.Errorf("tooltip text %v: contrast %.2f", c, r)
		}
	}
}
