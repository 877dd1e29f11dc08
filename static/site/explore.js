// "What drives the verdict" and "Break-even" of the Monte Carlo panel: the command line's
// sensitivity tornado and break-even search for the current settings, run by a worker's Go
// (experiment.Drivers and experiment.Leads, drawn by render), so the page shows exactly what
// `pipesim sensitivity --url` and `pipesim breakeven --url` compute for the same link. This
// file only starts the workers, shows their progress, cancels them and inserts what they made.
"use strict";
const Explore = (function () {
  const $ = (id) => document.getElementById(id);
  let job = null; // { worker, kind, query, began }
  const names = { drivers: "What drives the verdict", breakeven: "Break-even" };

  // start runs a study: the tornado's keys split among one worker a core (each also runs the
  // batch as given, so each chunk stands alone), then joined and drawn by the first; the
  // break-even, a bisection whose steps follow one another, in one worker.
  function start(kind, query, runs) {
    if (job) return;
    const n = kind === "drivers" ? Math.max(1, Math.min(MonteCarlo.cores, 8)) : 1;
    const workers = Array.from({ length: n }, () => new Worker("worker.js"));
    const j = { workers, kind, query, began: performance.now(), done: workers.map(() => 0), total: workers.map(() => 0), chunks: [] };
    job = j;
    show(true);
    $("x-status").textContent = `${names[kind]}: starting…`;
    $("x-progress").value = 0;
    workers.forEach((w, i) => {
      w.onmessage = (e) => {
        if (job !== j) return;
        const m = e.data;
        switch (m.type) {
          case "progress":
            j.done[i] = m.done;
            j.total[i] = m.total;
            progress(j);
            break;
          case "chunk":
            j.chunks[i] = m.chunk;
            if (j.chunks.filter((c) => c !== undefined).length === n) {
              $("x-status").textContent = `${names[kind]}: drawing…`;
              workers[0].postMessage({ type: "drivers-join", id: -3, query, parts: j.chunks });
            }
            break;
          case "explored":
            finish(j, m);
            break;
          case "error":
            fail(m.message);
            break;
        }
      };
      w.onerror = (e) => { if (job === j) fail(e.message || "the worker failed"); };
      w.postMessage(kind === "drivers" ? { type: kind, id: -3, query, runs, part: i, of: n } : { type: kind, id: -3, query, runs });
    });
  }

  function progress(j) {
    const done = j.done.reduce((s, x) => s + x, 0), total = j.total.reduce((s, x) => s + x, 0);
    if (!total) return;
    $("x-progress").value = done / total;
    const s = (performance.now() - j.began) / 1000;
    const left = done > 0 ? ` · ${Math.max(0, (s * (total - done)) / done).toFixed(0)} s left` : "";
    const on = j.workers.length > 1 ? ` on ${j.workers.length} workers` : "";
    $("x-status").textContent = `${names[j.kind]}: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} runs${on}${left}`;
  }

  function finish(j, m) {
    job = null;
    j.workers.forEach((w) => w.terminate());
    // The SVG is render's, made by our own Go from numbers: no user text but team names, which svgo escapes.
    $("x-chart").innerHTML = m.svg;
    $("x-words").textContent = m.words;
    const res = $("x-result");
    res.dataset.kind = j.kind;
    res.dataset.query = j.query;
    res.dataset.svg = m.svg; // for automation: byte for byte render's SVG
    res.hidden = false;
    show(false);
    $("x-status").textContent = `${names[j.kind]}: done in ${((performance.now() - j.began) / 1000).toFixed(1)} s`;
    document.body.dataset.explore = "done";
    if (!document.body.classList.contains("predicting") && window.pipesimAnnounce) window.pipesimAnnounce(m.words);
  }

  function fail(message) {
    stop();
    $("x-status").textContent = "Failed: " + message;
    document.body.dataset.explore = "failed";
  }

  // cancel ends the worker at once: a worker busy in Go cannot hear a message until it ends.
  function cancel() {
    if (!job) return;
    stop();
    $("x-status").textContent = "Cancelled.";
    document.body.dataset.explore = "cancelled";
  }

  function stop() {
    if (job) job.workers.forEach((w) => w.terminate());
    job = null;
    show(false);
  }

  function show(running) {
    $("x-drivers").disabled = running;
    $("x-breakeven").disabled = running;
    $("x-cancel").hidden = !running;
    $("x-progress").hidden = !running;
    if (running) document.body.dataset.explore = "running";
  }

  // clear hides a result that no longer belongs to the scenario shown.
  function clear(query) {
    const res = $("x-result");
    if (res.hidden || res.dataset.query === query) return;
    res.hidden = true;
    if (!job) $("x-status").textContent = "The scenario changed: ask again what would have to be true.";
  }

  return { start, cancel, clear, running: () => job !== null };
})();
