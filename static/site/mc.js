// The Monte Carlo panel: N paired runs of the current scenario in Web Workers, one per core.
// The runs are cut into contiguous slices, seeded as one batch seeds them (like `pipesim batch
// --shard`); each worker runs slices and posts their aggregates, and one worker merges them in
// run order, summarises and draws the charts, so the numbers equal `pipesim batch` exactly.
// This file only schedules, shows progress and inserts what the workers made.
"use strict";
const MonteCarlo = (function () {
  const $ = (id) => document.getElementById(id);
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 32));
  let pool = [];       // idle workers stay loaded between batches; cancelling ends them
  let batch = null;    // the batch under way
  let onBusy = () => {}; // told when a batch starts and ends, so the animation can yield the cores
  let last = null;     // the last result's slices, kept for its HTML report

  function workers(n) {
    while (pool.length < n) pool.push(new Worker("worker.js"));
    return pool.slice(0, n);
  }

  // slices cuts runs into contiguous ranges: a few per worker, so a worker that finishes early
  // takes another, and none so small that its aggregate costs more to pass than to compute.
  function slices(runs, n) {
    const k = Math.max(1, Math.min(n * 4, Math.ceil(runs / 32)));
    const out = [];
    for (let i = 0; i < k; i++) out.push([Math.floor((i * runs) / k), Math.floor(((i + 1) * runs) / k)]);
    return out;
  }

  function start(query, runs) {
    if (batch) return;
    const ranges = slices(runs, cores);
    const ws = workers(Math.min(cores, ranges.length));
    const b = { query, runs, ranges, parts: [], done: ranges.map(() => 0), next: 0, began: performance.now(), workers: ws.length };
    batch = b;
    show({ running: true });
    progress(0);
    const give = (w) => {
      if (b.next >= ranges.length) return;
      const i = b.next++;
      w.postMessage({ type: "run", id: i, query, lo: ranges[i][0], hi: ranges[i][1] });
    };
    ws.forEach((w) => {
      w.onmessage = (e) => {
        if (batch !== b) return;
        const m = e.data;
        switch (m.type) {
          case "progress":
            b.done[m.id] = m.done;
            progress(b.done.reduce((s, x) => s + x, 0));
            break;
          case "part":
            b.parts[m.id] = m.part;
            b.done[m.id] = m.runs;
            progress(b.done.reduce((s, x) => s + x, 0));
            if (b.next < ranges.length) give(w);
            else if (b.parts.filter((p) => p !== undefined).length === ranges.length) {
              $("mc-status").textContent = `Merging ${ranges.length} slices…`;
              b.merging = performance.now();
              w.postMessage({ type: "merge", id: -1, query, parts: b.parts });
            }
            break;
          case "result":
            finish(b, m);
            break;
          case "error":
            fail(m.message);
            break;
        }
      };
      w.onerror = (e) => { if (batch === b) fail(e.message || "a Monte Carlo worker failed"); };
      give(w);
    });
  }

  function progress(done) {
    const b = batch;
    $("mc-progress").value = done / b.runs;
    const s = (performance.now() - b.began) / 1000;
    const left = done > 0 ? ` · ${Math.max(0, (s * (b.runs - done)) / done).toFixed(0)} s left` : "";
    $("mc-status").textContent = `${done.toLocaleString("en-US")} of ${b.runs.toLocaleString("en-US")} runs on ${b.workers} worker${b.workers > 1 ? "s" : ""}${left}`;
  }

  function finish(b, m) {
    batch = null;
    const ms = performance.now() - b.began;
    const res = $("mc-result");
    $("mc-verdict").textContent = m.verdict;
    $("mc-facts").replaceChildren(...m.facts.flatMap(([k, v]) => {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k;
      dd.textContent = v;
      return [dt, dd];
    }));
    // The SVG is render's, made by our own Go from numbers: no user text but team names, which svgo escapes.
    $("mc-outcomes").innerHTML = m.outcomes;
    $("mc-difference").innerHTML = m.difference;
    res.dataset.summary = m.summary; // for automation: byte for byte the native summary JSON
    res.dataset.ms = String(Math.round(ms));
    res.dataset.mergeMs = String(Math.round(performance.now() - b.merging)); // of ms: merging, summarising, drawing
    res.dataset.query = b.query;
    res.dataset.runs = String(b.runs);
    res.hidden = false;
    last = { query: b.query, parts: b.parts, runs: b.runs };
    $("mc").classList.add("has-result");
    // Read out once per result: the verdict, not the progress that led to it.
    if (!document.body.classList.contains("predicting") && window.pipesimAnnounce) window.pipesimAnnounce(m.verdict);
    show({ running: false });
    $("mc-progress").value = 1;
    $("mc-status").textContent = `${b.runs.toLocaleString("en-US")} paired runs in ${(ms / 1000).toFixed(1)} s on ${b.workers} worker${b.workers > 1 ? "s" : ""}`;
    document.body.dataset.mc = "done";
    window.dispatchEvent(new Event("resize"));
  }

  function fail(message) {
    stop();
    $("mc-status").textContent = "Monte Carlo failed: " + message;
    document.body.dataset.mc = "failed";
  }

  // cancel ends the workers at once: a worker busy in Go cannot hear a message until its slice ends.
  function cancel() {
    if (!batch) return;
    stop();
    $("mc-status").textContent = "Cancelled.";
    $("mc-progress").value = 0;
    document.body.dataset.mc = "cancelled";
  }

  function stop() {
    batch = null;
    pool.forEach((w) => w.terminate());
    pool = [];
    show({ running: false });
  }

  function show({ running }) {
    $("mc-run").disabled = running;
    $("mc-runs").disabled = running;
    $("mc-cancel").hidden = !running;
    $("mc-progress").hidden = !running && !$("mc").classList.contains("has-result");
    if (running) document.body.dataset.mc = "running";
    onBusy(running);
  }

  // clear hides a result that no longer belongs to the scenario shown.
  function clear(query) {
    const res = $("mc-result");
    if (res.hidden || res.dataset.query === query) return;
    res.hidden = true;
    last = null;
    $("mc").classList.remove("has-result");
    $("mc-progress").hidden = true;
    if (!batch) $("mc-status").textContent = "The scenario changed: run again to compare the teams over many markets.";
    window.dispatchEvent(new Event("resize"));
  }

  // report has a worker write the HTML report of the last result, as `pipesim batch --out` does.
  let reporter = null; // the report worker, started on the first export
  function report(done) {
    if (!last) return;
    reporter = reporter || new Worker("worker.js?wasm=report");
    const w = reporter;
    const status = $("mc-status").textContent;
    $("mc-status").textContent = "Writing the report…";
    w.onmessage = (e) => {
      const m = e.data;
      $("mc-status").textContent = m.type === "report" ? status : "The report failed: " + m.message;
      if (m.type === "report") done(m.html);
    };
    w.postMessage({ type: "report", id: -2, query: last.query, parts: last.parts, runs: last.runs });
  }

  return { start, cancel, clear, report, running: () => batch !== null, cores, busy: (f) => (onBusy = f) };
})();
