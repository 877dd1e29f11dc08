package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// MaxScenarioBytes bounds a scenario file (1 MiB); a real one is a few kilobytes.
const MaxScenarioBytes = 1 << 20

// DecodeScenario reads a scenario file: one JSON object holding only what it changes from its
// base preset ("base", mid-market when absent). Unknown keys, wrong types, short per-stage lists
// and out-of-range values are errors of KindInput that name the key. The result is validated.
func DecodeScenario(data []byte) (Scenario, error) {
	if len(data) > MaxScenarioBytes {
		return Scenario{}, Errorf(KindInput, "", "scenario file is %d bytes; allowed at most %d", len(data), MaxScenarioBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Scenario{}, Errorf(KindInput, "", "scenario file is empty; want a JSON object such as {\"base\": \"mid-market\"}")
	}
	if trimmed := bytes.TrimSpace(data); trimmed[0] != '{' && json.Valid(trimmed) {
		// null would decode as "change nothing" and run mid-market: a file of the wrong kind.
		return Scenario{}, Errorf(KindInput, "", "holds %s, not a JSON object; want one such as {\"base\": \"mid-market\"}", Excerpt(string(trimmed)))
	}
	if err := CheckDuplicateKeys(data); err != nil {
		return Scenario{}, err
	}
	var head struct {
		Base  *string          `json:"base"`
		Teams *json.RawMessage `json:"teams"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Scenario{}, jsonError(data, err)
	}
	base := DefaultPreset
	if head.Base != nil {
		base = *head.Base
	}
	s, err := LookupPreset(base)
	if err != nil {
		return Scenario{}, err
	}
	if head.Teams != nil {
		s.Teams = nil // a team list given replaces the preset's whole list
	}
	var raw any
	if err := json.Unmarshal(data, &raw); err == nil {
		if err := checkPerStage(raw); err != nil {
			return Scenario{}, err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Scenario{}, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Scenario{}, Errorf(KindInput, "", "scenario file holds more than one JSON value")
	}
	s.Base = base
	if err := s.Validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

// CheckDuplicateKeys refuses a JSON object that gives a key twice, naming its path: encoding/json
// silently keeps the last, so a file could mean something other than what its reader sees.
// Malformed JSON is left for the decoder to report.
func CheckDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walkValue func(path string, depth int) error
	walkValue = func(path string, depth int) error {
		if depth > maxJSONDepth {
			return Errorf(KindInput, path, "nested more than %d levels deep; a scenario nests 3", maxJSONDepth)
		}
		tok, err := dec.Token()
		if err != nil {
			return errMalformed
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				tok, err := dec.Token()
				key, ok := tok.(string)
				if err != nil || !ok {
					return errMalformed
				}
				if seen[key] {
					return Errorf(KindInput, join(path, key), "given twice; give each key once")
				}
				seen[key] = true
				if err := walkValue(join(path, key), depth+1); err != nil {
					return err
				}
			}
			_, _ = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walkValue(fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
					return err
				}
			}
			_, _ = dec.Token()
		}
		return nil
	}
	if err := walkValue("", 0); err != errMalformed {
		return err
	}
	return nil
}

// errMalformed stops CheckDuplicateKeys at the first token it cannot read (a decoder that
// failed once keeps failing, and More would keep saying there is more).
var errMalformed = errors.New("malformed JSON")

// maxJSONDepth bounds the nesting CheckDuplicateKeys follows, so a file of a million brackets
// cannot exhaust the stack.
const maxJSONDepth = 64

// checkPerStage finds per-stage lists of the wrong shape before decoding, so that the error can
// name the key (encoding/json does not say which field a custom decoder failed on).
func checkPerStage(raw any) error {
	var none Scenario // no teams: per-stage lists sit outside the team list
	return none.Leaves(func(l Leaf) error {
		if l.Kind != Stages {
			return nil
		}
		v := raw
		for _, seg := range strings.Split(l.Path, ".") {
			obj, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			if v, ok = obj[seg]; !ok {
				return nil
			}
		}
		list, ok := v.([]any)
		if !ok {
			return Errorf(KindInput, l.Path, "want a list of %d numbers, one per stage", NumStages)
		}
		if len(list) != NumStages {
			return Errorf(KindInput, l.Path, "want %d numbers (one per stage), got %d", NumStages, len(list))
		}
		return nil
	})
}

// jsonError turns encoding/json's messages into ones that name the key or the line.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return Errorf(KindInput, "", "malformed JSON at line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "scenario"
		}
		return Errorf(KindInput, field, "want %s, got JSON %s", typeWord(typ.Type.Kind().String()), Excerpt(typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return Errorf(KindInput, "", "scenario file ends early: want one JSON object")
	}
	msg := err.Error()
	if k, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return Errorf(KindInput, strings.Trim(k, `"`), "unknown key; see `pipesim scenarios --show mid-market` for every key")
	}
	if _, rest, ok := strings.Cut(msg, "Go struct field "); ok {
		// A per-stage list of the wrong length: "... Go struct field Scenario.conv of type sim.PerStage"
		return Errorf(KindInput, "", "%s", strings.TrimPrefix(rest, "Scenario."))
	}
	return Errorf(KindInput, "", "%s", strings.TrimPrefix(msg, "json: "))
}

func typeWord(kind string) string {
	switch kind {
	case "int", "int64":
		return "a whole number"
	case "float64":
		return "a number"
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "struct":
		return "an object"
	}
	return kind
}

func position(data []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// EncodeScenario writes a scenario as an indented JSON file that DecodeScenario reads back
// to the same value.
func EncodeScenario(s *Scenario) ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	return append(b, '\n'), nil
}

// EncodeChanges writes a scenario in its short form: "base" and only the keys whose values
// differ from that preset, in file order, as an indented JSON file that DecodeScenario reads
// back to the same value. A team list that differs is written whole, as DecodeScenario replaces
// a preset's list with the one given.
func EncodeChanges(s *Scenario) ([]byte, error) {
	base, err := LookupPreset(s.baseName())
	if err != nil {
		return nil, err
	}
	doc := append(object{{"base", s.baseName()}}, changes(reflect.ValueOf(s).Elem(), reflect.ValueOf(&base).Elem())...)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	return append(b, '\n'), nil
}

// member is one key and value of a JSON object; object keeps its members in order.
type member struct {
	key   string
	value any
}

type object []member

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// changes lists the fields of struct s whose values differ from those of base: nested
// structs as objects of their own changes, anything else whole.
func changes(s, base reflect.Value) object {
	var out object
	t := s.Type()
	for i := range t.NumField() {
		key := jsonKey(t.Field(i))
		if key == "base" {
			continue
		}
		f, bf := s.Field(i), base.Field(i)
		switch {
		case f.Kind() == reflect.Struct:
			if sub := changes(f, bf); len(sub) > 0 {
				out = append(out, member{key, sub})
			}
		case !reflect.DeepEqual(f.Interface(), bf.Interface()):
			out = append(out, member{key, f.Interface()})
		}
	}
	return out
}
