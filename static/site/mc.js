// The Monte Carlo panel: N paired runs of the current scenario in Web Workers, one per core.
// The runs are cut into contiguous slices, seeded as one batch seeds them (like `pipesim batch
// --shard`); each worker runs slices, and the first worker, the merger, keeps its own and takes
// the others' aggregates as they come, merging them in run order between its slices. When the
// last slice is in it summarises and draws the charts, so the numbers equal `pipesim batch`
// exactly. This file only schedules, shows progress and inserts what the workers made.
"use strict";
const MonteCarlo = (function () {
  const $ = (id) => document.getElementById(id);
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 32));
  let pool = [];       // idle workers stay loaded between batches; cancelling ends them
  let batch = null;    // the batch under way
  let batches = 0;     // batches started, which number them for the workers
  let onBusy = () => {}; // told when a batch starts and ends, so the animation can yield the cores
  let last = null;     // the last result's aggregate, kept for its HTML report

  function workers(n) {
    while (pool.length < n) pool.push(new Worker("worker.js"));
    return pool.slice(0, n);
  }

  // warm starts the workers of a first batch once the canvas runs, at most 8 (more start with
  // a batch), and has each play a few runs: the browser compiles the engine's WebAssembly
  // quickly at first and optimises what runs hot later, on other threads, which would otherwise
  // compete with the first batch for the cores. A batch started meanwhile simply queues behind.
  function warm() {
    setTimeout(() => {
      if (batch) return;
      const ws = workers(Math.min(cores, 8));
      let warmed = 0;
      for (const w of ws) {
        // For automation, the page says when all are warm (a batch's handler ignores the reply).
        w.addEventListener("message", function done(e) {
          if (e.data.type !== "warm") return;
          w.removeEventListener("message", done);
          if (++warmed === ws.length) document.body.dataset.mcWarm = "true";
        });
        w.postMessage({ type: "warm", id: -2, query: "preset=mid-market&seed=1", runs: warmRuns });
      }
    }, 0);
  }
  const warmRuns = 16;

  // slices cuts runs into contiguous ranges, each a share of the runs still unassigned, so the
  // first are long and the last short: a worker that finishes early takes another, and the
  // workers end close together. None is so short that its hand-off costs more than its runs.
  function slices(runs, n) {
    const least = Math.min(32, Math.ceil(runs / n));
    const out = [];
    for (let lo = 0; lo < runs;) {
      let hi = Math.min(runs, lo + Math.max(least, Math.ceil((runs - lo) / (2 * n))));
      if (runs - hi < least) hi = runs;
      out.push([lo, hi]);
      lo = hi;
    }
    return out;
  }

  function start(query, runs) {
    if (batch) return;
    const ranges = slices(runs, cores);
    const ws = workers(Math.min(cores, ranges.length));
    const merger = ws[0];
    const b = { query, runs, ranges, merger, id: ++batches, arrived: 0, done: ranges.map(() => 0), next: 0, began: performance.now(), workers: ws.length };
    batch = b;
    show({ running: true });
    progress(0);
    const give = (w) => {
      if (b.next >= ranges.length) return;
      const i = b.next++;
      w.postMessage({ type: "run", batch: b.id, id: i, query, lo: ranges[i][0], hi: ranges[i][1], keep: w === merger });
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
            // Another worker's slice goes on to the merger, which merges it between its own.
            if (w !== merger) merger.postMessage({ type: "add", batch: b.id, id: m.id, part: m.part }, [m.part.buffer]);
            b.done[m.id] = m.runs;
            progress(b.done.reduce((s, x) => s + x, 0));
            give(w);
            if (++b.arrived === ranges.length) {
              $("mc-status").textContent = `Merging ${ranges.length} slices…`;
              b.merging = performance.now();
              merger.postMessage({ type: "merge", batch: b.id, id: -1, query, n: ranges.length });
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
    // The merger sends the whole batch's aggregate after the result, for the report.
    const l = (last = { query: b.query, runs: b.runs, whole: null, wait: [] });
    b.merger.addEventListener("message", function whole(e) {
      if (e.data.type !== "whole") return;
      b.merger.removeEventListener("message", whole);
      l.whole = e.data.part;
      l.wait.splice(0).forEach((f) => f());
    });
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
    if (last && !last.whole) last = null; // its merger ends before sending it: no report
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
    if (!last) {
      // The result's merger was stopped before it sent the aggregate the report is written from.
      $("mc-status").textContent = "This result's report is gone with its cancelled workers: run the batch again to export one.";
      return;
    }
    if (!last.whole) return void last.wait.push(() => report(done));
    reporter = reporter || new Worker("worker.js?wasm=report");
    const w = reporter;
    const status = $("mc-status").textContent;
    $("mc-status").textContent = "Writing the report…";
    w.onmessage = (e) => {
      const m = e.data;
      $("mc-status").textContent = m.type === "report" ? status : "The report failed: " + m.message;
      if (m.type === "report") done(m.html);
    };
    w.postMessage({ type: "report", id: -2, query: last.query, parts: [last.whole], runs: last.runs });
  }

  return { start, warm, cancel, clear, report, running: () => batch !== null, cores, busy: (f) => (onBusy = f) };
})();
