package sim

import (
	"errors"
	"fmt"
)

// Kind tells what class of failure an Error is, so the edges can choose an exit status or a notice.
type Kind uint8

const (
	// KindOther is any failure that is not the user's input.
	KindOther Kind = iota
	// KindInput is bad input: a scenario value out of range, an unknown key, a malformed file.
	KindInput
	// KindCanceled is a run stopped through its context.
	KindCanceled
)

// Error is the one error type of the engine: a kind, the field it concerns (if any) and what went wrong.
type Error struct {
	Kind  Kind
	Field string // scenario key path such as "conv[2]" or "strategies.goal.new_mult"; may be empty
	Err   error
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Err.Error()
	}
	return Excerpt(e.Field) + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error of the given kind about a field.
func Errorf(kind Kind, field, format string, args ...any) error {
	return &Error{Kind: kind, Field: field, Err: fmt.Errorf(format, args...)}
}

// IsInput reports whether err, or an error it wraps, is bad input.
func IsInput(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindInput
}

// maxExcerpt is how many characters of a bad value a message quotes: enough to recognise it,
// never a whole pasted file.
const maxExcerpt = 80

// Excerpt shortens user input for an error message to at most 80 characters, marking a cut
// with "...".
func Excerpt(s string) string {
	n := 0
	for i := range s {
		if n == maxExcerpt {
			return s[:i] + "..."
		}
		n++
	}
	return s
}
