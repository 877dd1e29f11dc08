//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"
)

// A job is one request of the page: run a slice of a batch, or merge the slices' aggregates.
type job struct {
	kind  string   // "run", "merge", "drivers", "drivers-join" or "breakeven"
	id    int      // the page's number for the job, echoed in every reply
	query string   // the share link of the scenario and seed, as sim.ParseLink reads it
	lo    int      // run: the slice's first run index
	hi    int      // run: one past its last
	parts []string // merge: the slices' aggregates (binary, base64), in run order
	runs  int      // drivers, breakeven: paired runs in each batch
	part  int      // drivers: which chunk of the keys (from 0) ...
	of    int      // ... of how many
	fit   *fitRequest
}

// readJob copies a job out of its JavaScript object while the callback still holds it.
func readJob(args []js.Value) (job, error) {
	if len(args) < 1 || args[0].Type() != js.TypeObject {
		return job{}, errors.New("worker: a job is an object")
	}
	o := args[0]
	j := job{kind: o.Get("type").String(), id: o.Get("id").Int(), query: o.Get("query").String()}
	switch j.kind {
	case "run":
		j.lo, j.hi = o.Get("lo").Int(), o.Get("hi").Int()
	case "merge", "drivers-join":
		ps := o.Get("parts")
		for i := range ps.Length() {
			j.parts = append(j.parts, ps.Index(i).String())
		}
	case "drivers":
		j.runs, j.part, j.of = o.Get("runs").Int(), o.Get("part").Int(), o.Get("of").Int()
	case "breakeven":
		j.runs = o.Get("runs").Int()
	case "fit":
		j.fit = readFit(o)
	default:
		return job{}, fmt.Errorf("worker: unknown job %q", j.kind)
	}
	return j, nil
}

func (j job) do() {
	reply := func(kind string, m map[string]any) {
		m["type"], m["id"] = kind, j.id
		post(m)
	}
	var err error
	switch j.kind {
	case "run":
		var part string
		part, err = runSlice(j.query, j.lo, j.hi, func(done int) { reply("progress", map[string]any{"done": done}) })
		if err == nil {
			reply("part", map[string]any{"part": part, "runs": j.hi - j.lo})
		}
	case "merge":
		var r result
		if r, err = merge(j.query, j.parts); err == nil {
			reply("result", r.message())
		}
	case "drivers":
		var chunk string
		if chunk, err = drivers(j.query, j.runs, j.part, j.of, func(done, total int) {
			reply("progress", map[string]any{"done": done, "total": total})
		}); err == nil {
			reply("chunk", map[string]any{"chunk": chunk})
		}
	case "drivers-join":
		var m map[string]any
		if m, err = joinDrivers(j.query, j.parts); err == nil {
			reply("explored", m)
		}
	case "breakeven":
		var m map[string]any
		if m, err = breakEven(j.query, j.runs, func(done, total int) {
			reply("progress", map[string]any{"done": done, "total": total})
		}); err == nil {
			reply("explored", m)
		}
	case "fit":
		var m map[string]any
		if m, err = j.fit.do(); err == nil {
			reply("fitted", m)
		}
	}
	if err != nil {
		reply("error", map[string]any{"message": err.Error()})
	}
}
