package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

// style is the stylesheet every page shares.
//
//go:embed style.css
var style string

//go:embed pages.html.tmpl
var pagesSource string

var pageTemplates = template.Must(template.New("pages").Parse(pagesSource))

// Table is a table of text: a heading row and rows of cells, the first Keys columns labels
// (left-aligned, kept on one line), the others numbers (right-aligned).
type Table struct {
	Head []string
	Rows [][]string
	Keys int
}

// Figure is a chart with its caption; ID names its file, for links.
type Figure struct {
	ID, Caption string
	SVG         template.HTML // our own SVG, its text escaped by svgo
}

// Sweep is sweep.html: what was swept, the table of every point and a chart per metric.
type Sweep struct {
	Title, Command string
	Points, Runs   int
	Table          Table
	Figures        []Figure
}

// Sensitivity is sensitivity.html: the ranked table, notes on skipped parameters and the
// tornado chart.
type Sensitivity struct {
	Title, Command, Percent string
	Runs, Batches           int
	Table                   Table
	Notes                   []string
	Figure                  Figure
}

// BreakEven is breakeven.html: the answer in a sentence, every value tried and the chart.
type BreakEven struct {
	Title, Command, Answer string
	Runs, Values           int
	Table                  Table
	Figure                 Figure
}

// WriteBreakEven writes a self-contained, minified breakeven.html.
func WriteBreakEven(w io.Writer, p BreakEven) error { return writePage(w, "breakeven", p) }

// WriteSweep writes a self-contained, minified sweep.html.
func WriteSweep(w io.Writer, p Sweep) error { return writePage(w, "sweep", p) }

// WriteSensitivity writes a self-contained, minified sensitivity.html.
func WriteSensitivity(w io.Writer, p Sensitivity) error { return writePage(w, "sensitivity", p) }

// writePage executes one of the page templates with the shared stylesheet and minifies it.
func writePage(w io.Writer, name string, data any) error {
	var page bytes.Buffer
	err := pageTemplates.ExecuteTemplate(&page, name, struct {
		Style template.CSS
		Page  any
	}{template.CSS(style), data})
	if err != nil {
		return fmt.Errorf("report: %s: %w", name, err)
	}
	return minifyHTML(w, &page)
}
