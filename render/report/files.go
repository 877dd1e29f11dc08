package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/pipesim/pipesim/sim"
)

// File is one file of a result folder: its name and its bytes.
type File struct {
	Name string
	Data []byte
}

// Study is where an experiment's result folder comes from: the page's title, the command line
// that reproduces it, the scenario as given and its identity as summary.json records it.
type Study struct {
	Title, Command string
	Scenario       *sim.Scenario
	ID             any
}

// files collects a result folder's files, stopping at the first error.
type files struct {
	out []File
	err error
}

func (f *files) add(name string, data []byte) {
	if f.err == nil {
		f.out = append(f.out, File{name, data})
	}
}

// scenario adds scenario.json, the scenario as given.
func (f *files) scenario(s *sim.Scenario) {
	b, err := sim.EncodeScenario(s)
	f.fail(err)
	f.add("scenario.json", b)
}

// json adds an indented JSON file.
func (f *files) json(name string, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		f.fail(fmt.Errorf("encode %s: %w", name, err))
		return
	}
	f.add(name, append(b, '\n'))
}

// csv adds a CSV file of a header and records.
func (f *files) csv(name string, header []string, records [][]string) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	w.WriteAll(records)
	f.fail(w.Error())
	f.add(name, b.Bytes())
}

// page adds an HTML page written by write.
func (f *files) page(name string, write func(*bytes.Buffer) error) {
	var b bytes.Buffer
	f.fail(write(&b))
	f.add(name, b.Bytes())
}

func (f *files) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

func (f *files) done() ([]File, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.out, nil
}

// inlineSVG is a chart's SVG for a page: the text from its <svg> element on (no XML prolog).
func inlineSVG(svg string) template.HTML { return template.HTML(svg[strings.Index(svg, "<svg"):]) }
