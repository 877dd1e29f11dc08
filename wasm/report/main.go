//go:build js && wasm

// Command report is the browser's report worker: a Web Worker that writes the Monte Carlo
// result as the same self-contained HTML report `pipesim batch --out` writes. It is apart from
// the Monte Carlo worker because html/template and the minifier would add most of a megabyte to
// the wasm that every core's worker loads; this one loads only when someone exports a report.
package main

import (
	"bytes"
	"fmt"
	"net/url"
	"syscall/js"

	"github.com/pipesim/pipesim/render/report"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// job is one request: the link of the batch, its slices' aggregates in run order (Uint8Arrays
// of sim's binary form), its runs.
type job struct {
	id     int
	query  string
	slices [][]byte
	runs   int
}

func main() {
	jobs := make(chan job, 4)
	take := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeObject {
			return false
		}
		o := args[0]
		j := job{id: o.Get("id").Int(), query: o.Get("query").String(), runs: o.Get("runs").Int()}
		ps := o.Get("parts")
		for i := range ps.Length() {
			p := ps.Index(i)
			b := make([]byte, p.Get("length").Int())
			js.CopyBytesToGo(b, p)
			j.slices = append(j.slices, b)
		}
		jobs <- j
		return true
	})
	defer take.Release()
	js.Global().Set("pipesimJob", take)
	for j := range jobs {
		html, err := write(j)
		if err != nil {
			post(map[string]any{"type": "error", "id": j.id, "message": err.Error()})
			continue
		}
		post(map[string]any{"type": "report", "id": j.id, "html": html})
	}
}

// write makes the report of a job, with the command that reproduces it on the command line.
func write(j job) (string, error) {
	l, err := parts.Scenario(j.query)
	if err != nil {
		return "", err
	}
	agg, err := parts.Merge(j.slices)
	if err != nil {
		return "", err
	}
	link := "?" + j.query + "&runs=" + fmt.Sprint(j.runs)
	var b bytes.Buffer
	err = report.Write(&b, report.Input{Scenario: &l.Scenario, Aggregate: agg, Seed: l.Seed, Runs: j.runs,
		Command: "pipesim batch --url '" + (&url.URL{RawQuery: link[1:]}).String() + "' --out results"})
	return b.String(), err
}

func post(m map[string]any) {
	js.Global().Call("postMessage", m)
}
