//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/pipesim/pipesim/sim"
	"github.com/pipesim/pipesim/wasm/canvas/history"
	"github.com/pipesim/pipesim/wasm/canvas/scene"
	"github.com/pipesim/pipesim/wasm/canvas/share"
)

// presenterText is the smallest text on the canvas in presenter mode, in CSS pixels: readable
// from the back of a room on a projector.
const presenterText = 18

// page is the link to index.html: window.pipesim holds the functions the page calls, and
// messages go back to the parent window with postMessage.
type page struct {
	commands chan command
	parent   js.Value
	origin   string
	funcs    []js.Func // kept alive for the life of the program
}

func connectPage() *page {
	win := js.Global().Get("window")
	p := &page{
		commands: make(chan command, 256),
		parent:   win.Get("parent"),
		origin:   win.Get("location").Get("origin").String(),
	}
	api := js.Global().Get("Object").New()
	on := func(name string, make func(args []js.Value) command) {
		f := js.FuncOf(func(_ js.Value, args []js.Value) any {
			select {
			case p.commands <- make(args):
				return true
			default:
				return false // the queue is full: the page retries or the user clicks again
			}
		})
		p.funcs = append(p.funcs, f)
		api.Set(name, f)
	}
	simple := func(k commandKind) func([]js.Value) command {
		return func([]js.Value) command { return command{kind: k} }
	}
	on("load", func(a []js.Value) command { return command{kind: load, settings: arg(a, 0).String()} })
	on("link", func(a []js.Value) command { return command{kind: loadLink, settings: arg(a, 0).String()} })
	on("play", simple(play))
	on("pause", simple(pause))
	on("toggle", simple(toggle))
	on("step", simple(stepOnce))
	on("reset", simple(reset))
	on("speed", func(a []js.Value) command { return command{kind: setSpeed, value: arg(a, 0).Float()} })
	on("busy", func(a []js.Value) command {
		if arg(a, 0).Truthy() {
			return command{kind: setBusy, value: 1}
		}
		return command{kind: setBusy}
	})
	on("totals", func(a []js.Value) command {
		if arg(a, 0).Truthy() {
			return command{kind: setTotals, value: 1}
		}
		return command{kind: setTotals}
	})
	on("pick", func(a []js.Value) command {
		return command{kind: pickDeal, x: arg(a, 0).Float(), y: arg(a, 1).Float()}
	})
	on("deselect", simple(deselect))
	on("snapshot", simple(snapshot))
	on("present", func(a []js.Value) command {
		if arg(a, 0).Truthy() {
			return command{kind: present, value: presenterText}
		}
		return command{kind: present}
	})
	on("next", func(a []js.Value) command { return command{kind: nextDeal, value: arg(a, 0).Float()} })
	on("spot", simple(spot))
	on("pointer", func(a []js.Value) command {
		if arg(a, 0).Truthy() {
			return command{kind: pointerIn}
		}
		return command{kind: pointerOut}
	})
	// The QR code of a link is pure and quick: answered at once, not queued for the game.
	qr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		svg, err := share.QRSVG(arg(args, 0).String())
		if err != nil {
			return ""
		}
		return svg
	})
	p.funcs = append(p.funcs, qr)
	api.Set("qr", qr)
	win.Set("pipesim", api)
	return p
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

func (p *page) post(msg any) {
	p.parent.Call("postMessage", encode(msg), p.origin)
}

func encode(msg any) string {
	b, err := json.Marshal(msg)
	if err != nil {
		panic(err) // the messages are plain structs: marshalling cannot fail
	}
	return string(b)
}

// deal sends a deal's story for the page's panel unless it is the one last sent (a week in
// which nothing happened to the deal but its age); it returns the message sent, or "".
func (p *page) deal(s history.Story, last string) string {
	msg := encode(struct {
		Type  string        `json:"type"`
		Story history.Story `json:"story"`
	}{"deal", s})
	if msg == last {
		return ""
	}
	p.parent.Call("postMessage", msg, p.origin)
	return msg
}

type presetInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// pageLimits are the engine's ranges of the page's fields, by the page's names for them, so
// the page's limits are the engine's.
func pageLimits() map[string][2]float64 {
	all := scene.Limits()
	m := map[string][2]float64{"runs": {1, sim.MaxLinkRuns}}
	for _, k := range []string{"weeks", "reps", "new_opps", "complexity", "adherence"} {
		m[k] = all[k]
	}
	return m
}

func (p *page) ready() {
	var ps []presetInfo
	for _, x := range sim.Presets() {
		ps = append(ps, presetInfo{x.Name, x.Description})
	}
	p.post(struct {
		Type    string                `json:"type"`
		Presets []presetInfo          `json:"presets"`
		Limits  map[string][2]float64 `json:"limits"`
		MaxSeed string                `json:"max_seed"`
	}{"ready", ps, pageLimits(), strconv.FormatUint(scene.MaxSeed, 10)})
}

// problem is one bad value of the page's controls: the key it sets and what is wrong.
type problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// invalid tells the page every bad value of the settings it sent, each with its field, so the
// page names them all at once beside its own labels.
func (p *page) invalid(err error) {
	var list []problem
	for _, e := range scene.Problems(err) {
		var se *sim.Error
		if errors.As(e, &se) {
			list = append(list, problem{se.Field, se.Err.Error()})
		} else {
			list = append(list, problem{"", e.Error()})
		}
	}
	p.post(struct {
		Type     string    `json:"type"`
		Problems []problem `json:"problems"`
	}{"invalid", list})
}

func (p *page) run(st scene.Settings, w *sim.World) {
	s := w.Scenario()
	// The link of the run, in the format `pipesim run --url` reads: the page puts it in its
	// address, so a copied address reproduces the run on the command line.
	link := sim.Link{Scenario: *s, Seed: uint64(st.Seed)}
	p.post(struct {
		Type     string         `json:"type"`
		Settings scene.Settings `json:"settings"`
		Query    string         `json:"query"`
		Weeks    int            `json:"weeks"`
		Teams    [2]string      `json:"teams"`
		Quota    float64        `json:"quota"`
	}{"run", st, link.Query(), s.Weeks, [2]string{s.Teams[0].Name, s.Teams[1].Name}, w.Quota()})
}

func (p *page) state(playing bool, speed float64) {
	p.post(struct {
		Type    string  `json:"type"`
		Playing bool    `json:"playing"`
		Speed   float64 `json:"speed"`
	}{"state", playing, speed})
}

func (p *page) weeks(stats []scene.WeekStats, w *sim.World) {
	p.post(struct {
		Type  string            `json:"type"`
		Stats []scene.WeekStats `json:"stats"`
		Week  int               `json:"week"`
		Done  bool              `json:"done"`
	}{"weeks", stats, w.Week(), w.Done()})
}

func (p *page) fail(err error) {
	p.post(struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}{"error", err.Error()})
}

// notice tells the page which parameters of its link were bad and fell back to defaults, one
// line each naming the parameter, for a notice the page shows above the canvas.
func (p *page) notice(problems []error) {
	lines := make([]string, len(problems))
	for i, e := range problems {
		lines[i] = e.Error()
	}
	p.post(struct {
		Type     string   `json:"type"`
		Problems []string `json:"problems"`
	}{"notice", lines})
}
