//go:build js && wasm

// Command worker is the browser's Monte Carlo worker: a Web Worker running slices of a batch
// on a sim-only WebAssembly (no Ebiten, no HTML report, so it loads fast in every worker), and
// merging the slices' aggregates into the summary and charts the page shows.
//
// The page posts jobs; the worker's JavaScript hands each to pipesimJob, which only queues it:
// a job runs for seconds, and a callback from JavaScript must not block. The main goroutine
// runs the jobs in order and posts progress and results back with postMessage.
package main

import (
	"syscall/js"
)

func main() {
	jobs := make(chan job, 16)
	take := js.FuncOf(func(_ js.Value, args []js.Value) any {
		j, err := readJob(args)
		if err != nil {
			post(map[string]any{"type": "error", "message": err.Error()})
			return false
		}
		jobs <- j
		return true
	})
	defer take.Release()
	js.Global().Set("pipesimJob", take)
	post(map[string]any{"type": "ready"})
	for j := range jobs {
		j.do()
	}
}

// post sends a message to the page.
func post(m map[string]any) {
	js.Global().Call("postMessage", m)
}

// postTransfer sends a message to the page and hands it the buffer of the Uint8Array b, which
// moves rather than being copied.
func postTransfer(m map[string]any, b js.Value) {
	js.Global().Call("postMessage", m, []any{b.Get("buffer")})
}

// bytesJS copies b into a new Uint8Array.
func bytesJS(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}
