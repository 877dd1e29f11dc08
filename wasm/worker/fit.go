//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"syscall/js"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/sim/fit"
)

// fitRequest is the page's "fit" job: a CRM export's bytes, fitted here so the file never
// leaves the device.
type fitRequest struct {
	name, format, stageMap, noDecision, base string
	seed                                     uint64
	data                                     []byte
}

// readFit copies a fit job's file and options out of its JavaScript object.
func readFit(o js.Value) *fitRequest {
	str := func(k string) string {
		if v := o.Get(k); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
	r := &fitRequest{name: str("name"), format: str("format"), stageMap: str("stage_map"),
		noDecision: str("no_decision"), base: str("base"), seed: sim.DefaultSeed}
	if s := o.Get("seed"); s.Type() == js.TypeNumber && s.Float() >= 0 {
		r.seed = uint64(s.Float())
	}
	if d := o.Get("data"); d.Type() == js.TypeObject {
		r.data = make([]byte, d.Get("length").Int())
		js.CopyBytesToGo(r.data, d)
	}
	return r
}

// do fits the export on its base preset and returns the report and the share link of the
// fitted scenario: its preset, seed and the fitted values only.
func (r *fitRequest) do() (map[string]any, error) {
	base, err := sim.LookupPreset(r.base)
	if err != nil {
		return nil, err
	}
	o, err := fit.ParseOptions(r.format, r.stageMap, r.noDecision)
	if err != nil {
		return nil, err
	}
	res, err := fit.Fit(r.name, bytes.NewReader(r.data), base, o)
	if err != nil {
		return nil, err
	}
	s, err := res.Scenario()
	if err != nil {
		return nil, err
	}
	var report bytes.Buffer
	if err := res.WriteReport(&report, res.Reproduce(s)); err != nil {
		return nil, err
	}
	fmt.Fprintf(&report, "\nThe page now runs on the fitted market on top of %s; the strategy multipliers are still %s's assumptions.\n", r.base, r.base)
	link := sim.Link{Scenario: s, Seed: r.seed}
	return map[string]any{"query": link.Query(), "report": report.String(), "deals": res.Counts.Deals}, nil
}
