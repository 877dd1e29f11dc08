package sim

import (
	"strings"
	"testing"
)

func TestLeavesVisitEveryValueOnceInFileOrder(t *testing.T) {
	s := defaults()
	var paths []string
	kinds := map[string]LeafKind{}
	if err := s.Leaves(func(l Leaf) error {
		paths = append(paths, l.Path)
		kinds[l.Path] = l.Kind
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if paths[0] != "weeks" || kinds["weeks"] != Whole || kinds["acv"] != Number || kinds["conv"] != Stages ||
		kinds["teams.1.name"] != Text || kinds["strategies.process.conv_mult"] != Stages {
		t.Fatalf("paths %v, kinds %v", paths, kinds)
	}
	seen := map[string]bool{}
	for _, p := range paths {
		if strings.HasPrefix(p, "base") || seen[p] {
			t.Fatalf("%s: the base or a path visited twice", p)
		}
		seen[p] = true
	}
	// Every path Leaves gives, Get finds with the same value, and Set with that value is a no-op.
	for _, p := range paths {
		l, err := s.Get(p)
		if err != nil {
			t.Fatalf("Get(%s): %v", p, err)
		}
		c := s.Clone()
		if err := c.Set(p, l.String()); err != nil {
			t.Fatalf("Set(%s, %s): %v", p, l.String(), err)
		}
		if len(c.Overrides()) != len(s.Overrides()) {
			t.Fatalf("Set(%s, its own value) changed the scenario", p)
		}
	}
}

func TestGetResolvesGroupsListsAndStages(t *testing.T) {
	s := defaults()
	for path, want := range map[string]LeafKind{"strategies": Group, "strategies.goal": Group, "teams": List,
		"teams.0": Group, "conv.2": Number, "teams.1.adherence": Number, "capacity": Whole} {
		l, err := s.Get(path)
		if err != nil || l.Kind != want {
			t.Errorf("Get(%s) = kind %d, %v; want kind %d", path, l.Kind, err, want)
		}
	}
	if l, _ := s.Get("conv.2"); l.Key != "conv" || l.Values()[0] != s.Conv[2] {
		t.Errorf("conv.2 = %+v", l)
	}
	if l, _ := s.Get("strategies.goal"); l.FirstNumber() != "new_mult" {
		t.Errorf("first number of a strategy = %q", l.FirstNumber())
	}
	if l, _ := s.Get("teams"); l.Len() != 2 {
		t.Errorf("teams has %d", l.Len())
	}
	for path, want := range map[string]string{
		"wekes":           `wekes: unknown key (did you mean "weeks"?)`,
		"conv.7":          `conv.7: index "7" out of range; allowed 0 to 3`,
		"weeks.x":         "weeks.x: weeks has no parts",
		"base":            "base: the preset is chosen",
		"teams.0.nmae":    `teams.0.nmae: unknown key (did you mean "name"?)`,
		"strategies.goal": "",
	} {
		_, err := s.Get(path)
		if (err == nil) != (want == "") || err != nil && !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Get(%s): %v, want %q", path, err, want)
		}
	}
}

func TestWhereAndShapes(t *testing.T) {
	l := Leaf{Path: "strategies.goal.conv_mult"}
	if got := l.Where(2); got != "strategies.goal.conv_mult[2]" {
		t.Errorf("Where = %s", got)
	}
	if got := (Leaf{Path: "teams.1.name"}).Where(-1); got != "teams[1].name" {
		t.Errorf("Where = %s", got)
	}
	for key, want := range map[string]string{"new_mult": "strategies.{goal,process}.new_mult",
		"adherence": "teams.{0,1}.adherence", "conv": "conv", "weeks": "weeks"} {
		if got := paramByKey[key].Where(); got != want {
			t.Errorf("%s.Where() = %s, want %s", key, got, want)
		}
	}
	if !paramByKey["nd_mult"].PerStage() || paramByKey["acv"].PerStage() {
		t.Error("PerStage wrong for nd_mult or acv")
	}
	for _, p := range Params() {
		if p.Where() == "" {
			t.Errorf("%s is documented but is no key of a scenario", p.Key)
		}
	}
}
