// Package room runs a workshop room: participants join from their own devices, enter a strategy
// and a prediction, and a league plays every entry and the two pure strategies on the same
// markets. It holds the league, the rooms' store on disk, the HTTP server and its pages.
package room

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxName is the longest team name, in characters.
const MaxName = 40

// MaxMargin bounds a predicted margin, in percent.
const MaxMargin = 500

// Winner names a pure strategy in a prediction.
const (
	Goal    = "goal"
	Process = "process"
)

// Entry is one team's strategy and prediction.
type Entry struct {
	Name      string  `json:"name"`
	Adherence float64 `json:"adherence"` // 0 goal-oriented .. 1 process-oriented
	Winner    string  `json:"winner"`    // which pure strategy the team predicts wins: goal or process
	Margin    float64 `json:"margin"`    // by how much, in percent of the loser's mean net revenue
}

// FieldError is a bad value in an entry: the field and what is allowed, for the participant.
type FieldError struct {
	Field string `json:"field"`
	Msg   string `json:"error"`
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// Check trims the name and validates every field, returning the first problem.
func (e *Entry) Check() error {
	e.Name = strings.TrimSpace(e.Name)
	n := utf8.RuneCountInString(e.Name)
	switch {
	case n == 0:
		return &FieldError{"name", "enter a team name (1 to 40 characters)"}
	case !utf8.ValidString(e.Name):
		return &FieldError{"name", "the team name is not valid text"}
	case n > MaxName:
		return &FieldError{"name", fmt.Sprintf("the team name has %d characters; at most %d", n, MaxName)}
	}
	for _, r := range e.Name {
		if unicode.IsControl(r) {
			return &FieldError{"name", "the team name holds a control character"}
		}
	}
	if math.IsNaN(e.Adherence) || e.Adherence < 0 || e.Adherence > 1 {
		return &FieldError{"adherence", "adherence must be a number from 0 (goal-oriented) to 1 (process-oriented)"}
	}
	if e.Winner != Goal && e.Winner != Process {
		return &FieldError{"winner", `predict which pure strategy wins: "goal" or "process"`}
	}
	if math.IsNaN(e.Margin) || e.Margin < 0 || e.Margin > MaxMargin {
		return &FieldError{"margin", fmt.Sprintf("the predicted margin must be from 0 to %d percent", MaxMargin)}
	}
	return nil
}

// entriesHeader is the entries file's header row.
var entriesHeader = []string{"name", "adherence", "winner", "margin"}

// WriteEntries writes entries as the CSV file ReadEntries reads.
func WriteEntries(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(entriesHeader)
	for _, e := range entries {
		_ = cw.Write([]string{e.Name, num(e.Adherence), e.Winner, num(e.Margin)})
	}
	cw.Flush()
	return cw.Error()
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// ReadEntries reads an entries file: a header row name,adherence,winner,margin and one row per
// team. A bad row is an error naming its line and field.
func ReadEntries(r io.Reader) ([]Entry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(entriesHeader)
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("entries file: empty; want the header name,adherence,winner,margin")
	}
	if err != nil {
		return nil, fmt.Errorf("entries file: %v", err)
	}
	if strings.Join(head, ",") != strings.Join(entriesHeader, ",") {
		return nil, fmt.Errorf("entries file line 1: header %q; want name,adherence,winner,margin", strings.Join(head, ","))
	}
	var out []Entry
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("entries file: %v", err)
		}
		line, _ := cr.FieldPos(0)
		e := Entry{Name: rec[0], Winner: rec[2]}
		if e.Adherence, err = strconv.ParseFloat(rec[1], 64); err != nil {
			return nil, fmt.Errorf("entries file line %d: adherence %q is not a number from 0 to 1", line, rec[1])
		}
		if e.Margin, err = strconv.ParseFloat(rec[3], 64); err != nil {
			return nil, fmt.Errorf("entries file line %d: margin %q is not a number from 0 to %d", line, rec[3], MaxMargin)
		}
		if err := e.Check(); err != nil {
			return nil, fmt.Errorf("entries file line %d: %v", line, err)
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("entries file line %d: name %q: a second team of that name", line, e.Name)
		}
		seen[e.Name] = true
		out = append(out, e)
		if len(out) > MaxEntries {
			return nil, fmt.Errorf("entries file line %d: more than %d teams", line, MaxEntries)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("entries file: no teams below the header")
	}
	return out, nil
}

// MaxEntries bounds a room's teams.
const MaxEntries = 200

// MaxEntriesBytes bounds an entries file: MaxEntries rows of the longest names and numbers
// take under 50 kB.
const MaxEntriesBytes = 1 << 20
