// "What drives the verdict" and "Break-even" of the Monte Carlo panel: the command line's
// sensitivity tornado and break-even search for the current settings, run by a worker's Go
// (experiment.Drivers and experiment.Leads, drawn by render), so the page shows exactly what
// `pipesim sensitivity --url` and `pipesim breakeven --url` compute for the same link. This
// file only starts the worker, shows its progress, cancels it and inserts what it made.
"use strict";
const Explore = (function () {
  const $ = (id) => document.getElementById(id);
  let job = null; // { worker, kind, query, began }
  const names = { drivers: "What drives the verdict", breakeven: "Break-even" };

  function start(kind, query, runs) {
    if (job) return;
    const worker = new Worker("worker.js");
    const j = { worker, kind, query, began: performance.now() };
    job = j;
    show(true);
    $("x-status").textContent = `${names[kind]}: starting…`;
    $("x-progress").value = 0;
    worker.onmessage = (e) => {
      if (job !== j) return;
      const m = e.data;
      switch (m.type) {
        case "progress": {
          $("x-progress").value = m.done / m.total;
          const s = (performance.now() - j.began) / 1000;
          const left = m.done > 0 ? ` · ${Math.max(0, (s * (m.total - m.done)) / m.done).toFixed(0)} s left` : "";
          $("x-status").textContent = `${names[kind]}: ${m.done.toLocaleString("en-US")} of ${m.total.toLocaleString("en-US")} runs${left}`;
          break;
        }
        case "explored":
          finish(j, m);
          break;
        case "error":
          fail(m.message);
          break;
      }
    };
    worker.onerror = (e) => { if (job === j) fail(e.message || "the worker failed"); };
    worker.postMessage({ type: kind, id: -3, query, runs });
  }

  function finish(j, m) {
    job = null;
    j.worker.terminate();
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
    if (job) job.worker.terminate();
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
