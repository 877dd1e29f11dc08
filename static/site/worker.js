// A worker: runs the Go of wasm/worker (Monte Carlo slices and merges), or of wasm/report
// (the HTML report) when started as worker.js?wasm=report, and relays the page's jobs to it.
// Jobs that arrive while the wasm still loads wait in a queue, so the page can post at once.
"use strict";
importScripts("wasm_exec.js");
const queue = [];
self.onmessage = (e) => (self.pipesimJob ? self.pipesimJob(e.data) : queue.push(e.data));

const wasm = new URLSearchParams(self.location.search).get("wasm") === "report" ? "report.wasm" : "worker.wasm";
const go = new Go();
const start = WebAssembly.instantiateStreaming
  ? WebAssembly.instantiateStreaming(fetch(wasm), go.importObject)
  : fetch(wasm).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, go.importObject));
start.then((r) => {
  // go.run returns once main waits for its first job; by then pipesimJob is set.
  go.run(r.instance);
  for (const job of queue.splice(0)) self.pipesimJob(job);
}).catch((err) => self.postMessage({ type: "error", id: -1, message: "the Monte Carlo worker failed to start: " + err }));
