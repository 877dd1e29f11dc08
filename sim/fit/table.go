// Package fit estimates a scenario's market from a CRM's stage history: per stage the mean
// dwell (from exits over deal-weeks at risk, open deals censored), the conversion and the
// no-decision share, and for the whole history the arrival rate, the number of reps and the
// lognormal deal value, each with a 95% interval. Decoders read the generic stages format, a
// Salesforce OpportunityHistory export and a HubSpot deals export from an io.Reader, one row at
// a time, so memory grows with the number of deals, not rows. The package does no other I/O and
// compiles to WebAssembly for the browser's worker.
package fit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pipesim/pipesim/sim"
)

// inputErr is bad input at a row (1-based line of the file, 0 for the file) and column.
func inputErr(file string, row int, col, format string, args ...any) error {
	where := file
	if row > 0 {
		where = fmt.Sprintf("%s row %d", file, row)
	}
	if col != "" {
		where += ", column " + col
	}
	return sim.Errorf(sim.KindInput, where, format, args...)
}

// table reads a CSV file with a header row, matching column names case-insensitively.
type table struct {
	file   string
	r      *csv.Reader
	header []string       // as written
	index  map[string]int // lower-cased, trimmed name -> column
	row    int            // line of the record last read
	rec    []string
}

// bomUTF8 is the byte-order mark Excel writes at the start of a UTF-8 CSV.
var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// openTable reads the header. A leading UTF-8 byte-order mark is skipped; a UTF-16 or UTF-32
// one is refused (the file is not UTF-8), as is an empty file.
func openTable(file string, rd io.Reader) (*table, error) {
	br := newPeekReader(rd)
	head, _ := br.peek(4)
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		br.skip(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) ||
		bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return nil, inputErr(file, 1, "", "starts with a UTF-16 or UTF-32 byte-order mark; save the export as CSV UTF-8")
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &table{file: file, r: r, index: map[string]int{}}
	rec, err := r.Read()
	if err == io.EOF {
		return nil, inputErr(file, 0, "", "is empty; want a header row and one row per stage entry")
	}
	if err != nil {
		return nil, t.csvErr(err)
	}
	t.row = 1
	for i, name := range rec {
		if !utf8.ValidString(name) {
			return nil, inputErr(file, 1, fmt.Sprint(i+1), "header is not UTF-8; save the export as CSV UTF-8")
		}
		t.header = append(t.header, strings.TrimSpace(name))
		key := strings.ToLower(strings.TrimSpace(name))
		if _, dup := t.index[key]; !dup {
			t.index[key] = i
		}
	}
	return t, nil
}

// next reads one record; it returns io.EOF at the end. Every field must be UTF-8.
// each calls fn for every data row until the end of the file or fn's error, counting the rows
// in rows unless it is nil.
func (t *table) each(rows *int, fn func() error) error {
	for {
		if err := t.next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if rows != nil {
			*rows++
		}
		if err := fn(); err != nil {
			return err
		}
	}
}

func (t *table) next() error {
	rec, err := t.r.Read()
	if err != nil {
		if err == io.EOF {
			return err
		}
		return t.csvErr(err)
	}
	t.row, _ = t.r.FieldPos(0)
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return inputErr(t.file, t.row, t.name(i), "is not UTF-8; save the export as CSV UTF-8")
		}
	}
	t.rec = rec
	return nil
}

func (t *table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return inputErr(t.file, pe.Line, fmt.Sprint(pe.Column), "%v", pe.Err)
	}
	return err
}

// name is column i's header, for messages.
func (t *table) name(i int) string {
	if i < len(t.header) && t.header[i] != "" {
		return t.header[i]
	}
	return fmt.Sprint(i + 1)
}

// col finds the first of names (lower case) in the header, or -1.
func (t *table) col(names ...string) int {
	for _, n := range names {
		if i, ok := t.index[n]; ok {
			return i
		}
	}
	return -1
}

// need finds a required column or reports it missing.
func (t *table) need(names ...string) (int, error) {
	if i := t.col(names...); i >= 0 {
		return i, nil
	}
	return -1, inputErr(t.file, 1, names[0], "missing; the header has %s", Excerpt(strings.Join(t.header, ",")))
}

// field is column i of the current record, trimmed; empty when the column or field is absent.
func (t *table) field(i int) string {
	if i < 0 || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// Excerpt shortens a quoted value for a message.
func Excerpt(s string) string { return sim.Excerpt(s) }

// peekReader is a reader that can look at its first bytes before the CSV reader takes over.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func newPeekReader(r io.Reader) *peekReader { return &peekReader{r: r} }

func (p *peekReader) peek(n int) ([]byte, error) {
	for len(p.buf) < n {
		b := make([]byte, n-len(p.buf))
		k, err := p.r.Read(b)
		p.buf = append(p.buf, b[:k]...)
		if err != nil {
			return p.buf, err
		}
	}
	return p.buf[:n], nil
}

func (p *peekReader) skip(n int) { p.buf = p.buf[n:] }

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}
