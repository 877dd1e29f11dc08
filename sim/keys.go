package sim

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The key-path API: every value of a scenario is reached by a dotted path of its file's keys
// and list indices ("weeks", "conv", "conv.2", "strategies.goal.new_mult", "teams.1.name").
// Validate, Set, Overrides, the decoder, the experiments, the reports and 'scenarios --keys'
// all walk a scenario through it, so the paths are written in one place. It is the only code
// that uses reflection on a Scenario.

// LeafKind says what a path holds.
type LeafKind uint8

const (
	// Number is one real value.
	Number LeafKind = iota
	// Whole is one whole number (weeks, reps, capacity ...).
	Whole
	// Stages is a per-stage list: one real value for each stage.
	Stages
	// Text is a string (a team's name).
	Text
	// Group holds named values ("strategies", "strategies.goal", "teams.0"); only Get returns it.
	Group
	// List holds numbered groups ("teams"); only Get returns it.
	List
)

// Leaf is the value at one key path of a scenario. It refers into the scenario it came from.
type Leaf struct {
	Path string // as Set takes it: "strategies.goal.conv_mult", "teams.0.adherence", "conv.2"
	Key  string // the parameter key, the last named segment: "conv_mult", "adherence", "conv"
	Kind LeafKind
	v    reflect.Value
}

// Values returns a number as one value, a per-stage list as one per stage, nothing otherwise.
func (l Leaf) Values() []float64 {
	switch l.Kind {
	case Number:
		return []float64{l.v.Float()}
	case Whole:
		return []float64{float64(l.v.Int())}
	case Stages:
		xs := make([]float64, l.v.Len())
		for i := range xs {
			xs[i] = l.v.Index(i).Float()
		}
		return xs
	}
	return nil
}

// String writes the value as Set accepts it: per-stage lists as comma lists, numbers so that
// they read back to the same bits.
func (l Leaf) String() string {
	switch l.Kind {
	case Text:
		return l.v.String()
	case Whole:
		return strconv.FormatInt(l.v.Int(), 10)
	case Number, Stages:
		xs := l.Values()
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmtNum(x)
		}
		return strings.Join(parts, ",")
	}
	return ""
}

// Len is how many groups a List holds.
func (l Leaf) Len() int {
	if l.Kind == List {
		return l.v.Len()
	}
	return 0
}

// Keys names the values a Group holds, in file order.
func (l Leaf) Keys() []string {
	if l.Kind != Group {
		return nil
	}
	var keys []string
	t := l.v.Type()
	for i := range t.NumField() {
		if k := jsonKey(t.Field(i)); k != "base" {
			keys = append(keys, k)
		}
	}
	return keys
}

// FirstNumber names the first number a Group holds, for an example in a message; the first
// key followed by "..." when it holds groups only.
func (l Leaf) FirstNumber() string {
	keys := l.Keys()
	t := l.v.Type()
	for i := range t.NumField() {
		if k := t.Field(i).Type.Kind(); k == reflect.Float64 || k == reflect.Int {
			return jsonKey(t.Field(i))
		}
	}
	if len(keys) == 0 {
		return ""
	}
	return keys[0] + "..."
}

// Param is the documented range of the leaf's key, if it has one.
func (l Leaf) Param() (Param, bool) {
	p, ok := paramByKey[l.Key]
	return p, ok
}

// Where writes the path for messages about one value, indices in brackets: "teams[1].name",
// "conv[2]" (i >= 0 picks one value of a per-stage list; -1 the leaf itself).
func (l Leaf) Where(i int) string {
	segs := strings.Split(l.Path, ".")
	var b strings.Builder
	for n, seg := range segs {
		if _, err := strconv.Atoi(seg); err == nil && n > 0 {
			b.WriteString("[" + seg + "]")
			continue
		}
		if n > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	if i >= 0 {
		fmt.Fprintf(&b, "[%d]", i)
	}
	return b.String()
}

var leafKinds = map[reflect.Kind]LeafKind{reflect.Float64: Number, reflect.Int: Whole,
	reflect.Array: Stages, reflect.String: Text, reflect.Struct: Group, reflect.Slice: List}

func leafOf(v reflect.Value, path, key string) Leaf {
	return Leaf{Path: path, Key: key, Kind: leafKinds[v.Kind()], v: v}
}

// Leaves calls fn for every value of s in file order: numbers, whole numbers, per-stage lists
// (as one leaf each) and names, each team's in turn. The base preset's name is not a leaf.
// It stops at the first error fn returns.
func (s *Scenario) Leaves(fn func(Leaf) error) error {
	return leaves(reflect.ValueOf(s).Elem(), "", "", fn)
}

func leaves(v reflect.Value, path, key string, fn func(Leaf) error) error {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name := jsonKey(t.Field(i))
			if name == "base" {
				continue
			}
			if err := leaves(v.Field(i), join(path, name), name, fn); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		for i := range v.Len() {
			if err := leaves(v.Index(i), join(path, strconv.Itoa(i)), key, fn); err != nil {
				return err
			}
		}
		return nil
	}
	return fn(leafOf(v, path, key))
}

// Get finds the value at a key path. A path may end on a group ("strategies.goal"), a list
// ("teams") or one stage of a per-stage list ("conv.2", a Number). The error names the first
// segment that does not exist, suggesting the closest key.
func (s *Scenario) Get(path string) (Leaf, error) {
	v := reflect.ValueOf(s).Elem()
	segs := strings.Split(path, ".")
	key := ""
	for i, seg := range segs {
		where := strings.Join(segs[:i+1], ".")
		switch v.Kind() {
		case reflect.Struct:
			if i == 0 && seg == "base" {
				return Leaf{}, Errorf(KindInput, "base", "the preset is chosen with --scenario NAME (or a file's \"base\" key), not set as a value")
			}
			f, ok := fieldByKey(v, seg)
			if !ok || seg == "base" {
				return Leaf{}, Errorf(KindInput, where, "unknown key%s", suggest(v, seg))
			}
			v, key = f, seg
		case reflect.Array, reflect.Slice:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= v.Len() {
				return Leaf{}, Errorf(KindInput, where, "index %q out of range; allowed 0 to %d", Excerpt(seg), v.Len()-1)
			}
			v = v.Index(n)
		default:
			return Leaf{}, Errorf(KindInput, where, "%s has no parts", strings.Join(segs[:i], "."))
		}
	}
	return leafOf(v, path, key), nil
}

// Set changes one value by its key path, as given on the command line or in a URL:
// "weeks", "conv" (a comma list of four numbers), "conv.2", "strategies.goal.new_mult",
// "teams.0.adherence", "teams.1.name". The scenario is not validated; call Validate after.
func (s *Scenario) Set(path, value string) error {
	l, err := s.Get(path)
	if err != nil {
		return err
	}
	return setLeaf(l.v, path, value)
}

func setLeaf(v reflect.Value, path, value string) error {
	value = strings.TrimSpace(value)
	switch v.Kind() {
	case reflect.String:
		v.SetString(value)
	case reflect.Int:
		n, err := strconv.Atoi(value)
		if err != nil {
			return Errorf(KindInput, path, "want a whole number, got %q", Excerpt(value))
		}
		v.SetInt(int64(n))
	case reflect.Float64:
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return Errorf(KindInput, path, "want a number, got %q", Excerpt(value))
		}
		v.SetFloat(x)
	case reflect.Array:
		parts := strings.Split(value, ",")
		if len(parts) != v.Len() {
			return Errorf(KindInput, path, "want %d comma-separated numbers (one per stage), got %d", v.Len(), len(parts))
		}
		for i, p := range parts {
			if err := setLeaf(v.Index(i), fmt.Sprintf("%s[%d]", path, i), p); err != nil {
				return err
			}
		}
	default:
		return Errorf(KindInput, path, "set its parts instead (for example %s.0.adherence)", path)
	}
	return nil
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if jsonKey(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func jsonKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// equal reports whether two leaves of the same path hold the same value.
func (l Leaf) equal(o Leaf) bool { return l.v.Equal(o.v) }

// isZero reports whether the leaf holds its type's zero value (a team the base does not have).
func (l Leaf) isZero() bool { return l.v.IsZero() }

// keyShapes is, for every parameter key, where it sits in a scenario ("strategies.{goal,process}.new_mult")
// and whether it is a per-stage list.
var keyShapes = func() map[string]keyShape {
	s := defaults()
	paths := map[string][][]string{}
	shapes := map[string]keyShape{}
	s.Leaves(func(l Leaf) error {
		paths[l.Key] = append(paths[l.Key], strings.Split(l.Path, "."))
		shapes[l.Key] = keyShape{stages: l.Kind == Stages}
		return nil
	})
	for key, ps := range paths {
		segs := make([]string, len(ps[0]))
		for i := range segs {
			var alts []string
			for _, p := range ps {
				if !slices.Contains(alts, p[i]) {
					alts = append(alts, p[i])
				}
			}
			segs[i] = alts[0]
			if len(alts) > 1 {
				segs[i] = "{" + strings.Join(alts, ",") + "}"
			}
		}
		sh := shapes[key]
		sh.where = strings.Join(segs, ".")
		shapes[key] = sh
	}
	return shapes
}()

type keyShape struct {
	where  string
	stages bool
}

// Where is the key's place in a scenario, alternatives in braces: "weeks",
// "strategies.{goal,process}.new_mult", "teams.{0,1}.adherence".
func (p Param) Where() string { return keyShapes[p.Key].where }

// PerStage reports whether the key holds one value per stage.
func (p Param) PerStage() bool { return keyShapes[p.Key].stages }

// LookupParam finds the documented range of a parameter key ("new_mult", "conv").
func LookupParam(key string) (Param, bool) {
	p, ok := paramByKey[key]
	return p, ok
}
