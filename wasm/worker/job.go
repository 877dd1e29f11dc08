//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/worker/parts"
)

// A job is one request of the page: run a slice of a batch, take another worker's slice, or
// end the merge of the slices' aggregates.
type job struct {
	kind  string   // "run", "add", "merge", "drivers", "drivers-join", "breakeven", "fit" or "warm"
	id    int      // the page's number for the job (run, add: the slice's), echoed in every reply
	query string   // the share link of the scenario and seed, as sim.ParseLink reads it
	batch int      // run, add, merge: the page's number for the batch, from 1
	lo    int      // run: the slice's first run index
	hi    int      // run: one past its last
	keep  bool     // run: this worker merges the batch, so the slice stays here
	data  []byte   // add: another worker's slice, in sim's binary form
	n     int      // merge: how many slices the batch has
	parts []string // drivers-join: the chunks' results (gob, base64), in order
	runs  int      // drivers, breakeven: paired runs in each batch; warm: runs to play
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
		j.batch, j.lo, j.hi, j.keep = o.Get("batch").Int(), o.Get("lo").Int(), o.Get("hi").Int(), o.Get("keep").Truthy()
	case "add":
		j.batch = o.Get("batch").Int()
		p := o.Get("part")
		j.data = make([]byte, p.Get("length").Int())
		js.CopyBytesToGo(j.data, p)
	case "merge":
		j.batch, j.n = o.Get("batch").Int(), o.Get("n").Int()
	case "drivers-join":
		ps := o.Get("parts")
		for i := range ps.Length() {
			j.parts = append(j.parts, ps.Index(i).String())
		}
	case "drivers":
		j.runs, j.part, j.of = o.Get("runs").Int(), o.Get("part").Int(), o.Get("of").Int()
	case "breakeven", "warm":
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
		var a *sim.Aggregate
		a, err = runSlice(j.query, j.lo, j.hi, func(done int) { reply("progress", map[string]any{"done": done}) })
		switch {
		case err != nil:
		case j.keep:
			keep(j.batch, j.id, a)
			reply("part", map[string]any{"runs": j.hi - j.lo})
		default:
			var b []byte
			if b, err = parts.Encode(a); err == nil {
				m := map[string]any{"part": bytesJS(b), "runs": j.hi - j.lo}
				m["type"], m["id"] = "part", j.id
				postTransfer(m, m["part"].(js.Value))
			}
		}
	case "add":
		var a *sim.Aggregate
		if a, err = parts.Decode(j.data); err != nil {
			err = fmt.Errorf("worker: slice %d: %w", j.id+1, err)
		} else {
			keep(j.batch, j.id, a)
		}
	case "merge":
		var r result
		var whole *sim.Aggregate
		if r, whole, err = merge(j.query, j.batch, j.n); err == nil {
			reply("result", r.message())
			// The report is written from the whole batch's aggregate; it goes after the result,
			// which is what the panel waits for.
			var b []byte
			if b, err = parts.Encode(whole); err == nil {
				m := map[string]any{"type": "whole", "id": j.id, "part": bytesJS(b)}
				postTransfer(m, m["part"].(js.Value))
			}
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
	case "warm":
		// A few runs thrown away, so that the browser optimises the engine's code before the
		// first batch rather than during it.
		if _, err = runSlice(j.query, 0, j.runs, func(int) {}); err == nil {
			reply("warm", map[string]any{})
		}
	}
	if err != nil {
		reply("error", map[string]any{"message": err.Error()})
	}
}
