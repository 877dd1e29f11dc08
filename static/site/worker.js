// A Monte Carlo worker: runs the sim-only Go of wasm/worker and relays the page's jobs to it.
// Jobs that arrive while the wasm still loads wait in a queue, so the page can post at once.
"use strict";
importScripts("wasm_exec.js");
const queue = [];
self.onmessage = (e) => (self.pipesimJob ? self.pipesimJob(e.data) : queue.push(e.data));

const go = new Go();
const start = WebAssembly.instantiateStreaming
  ? WebAssembly.instantiateStreaming(fetch("worker.wasm"), go.importObject)
  : fetch("worker.wasm").then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, go.importObject));
start.then((r) => {
  // go.run returns once main waits for its first job; by then pipesimJob is set.
  go.run(r.instance);
  for (const job of queue.splice(0)) self.pipesimJob(job);
}).catch((err) => self.postMessage({ type: "error", id: -1, message: "the Monte Carlo worker failed to start: " + err }));
