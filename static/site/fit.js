// "Fit to my CRM": a CSV export chosen or dropped on the page is fitted by the Go of sim/fit in
// a Web Worker (wasm/worker), so the file never leaves the device. The page then runs on the
// fitted market: the link it loads carries the base preset, the seed and the fitted values only.
"use strict";
const FitPanel = (function () {
  const $ = (id) => document.getElementById(id);
  let worker = null;
  let seq = 0;

  function status(text, failed) {
    const s = $("fit-status");
    s.textContent = text;
    s.classList.toggle("error", !!failed);
    s.setAttribute("role", failed ? "alert" : "status");
  }

  function fitFile(file) {
    if (!file) return;
    const id = ++seq;
    document.body.dataset.fit = "running";
    status(`Fitting ${file.name} in this browser…`);
    file.arrayBuffer().then((buf) => {
      if (!worker) worker = new Worker("worker.js");
      worker.onmessage = (e) => {
        const m = e.data;
        if (m.id !== seq) return; // the worker's "ready", or a file since replaced
        if (m.type === "fitted") {
          $("fit-report").textContent = m.report;
          $("fit-result").hidden = false;
          status(`Fitted ${m.deals.toLocaleString("en-US")} deals of ${file.name}: the page now runs on the fitted market.`);
          document.body.dataset.fitQuery = m.query;
          document.body.dataset.fit = "done";
          if (window.pipesimLink) window.pipesimLink("?" + m.query);
        } else if (m.type === "error") {
          $("fit-result").hidden = true;
          status(`${m.message}. Nothing was changed.`, true);
          document.body.dataset.fit = "error";
        }
      };
      const seed = Number($("seed").value.trim());
      worker.postMessage({
        type: "fit", id, name: file.name, data: new Uint8Array(buf), format: "auto",
        base: $("preset").value, seed: Number.isSafeInteger(seed) ? seed : 1,
        no_decision: $("fit-nd").value, stage_map: $("fit-map").value,
      });
    }, (err) => { status(`${file.name} could not be read: ${err}`, true); document.body.dataset.fit = "error"; });
  }

  const drop = $("fit-drop");
  $("fit-file").addEventListener("change", (e) => fitFile(e.target.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    fitFile(e.dataTransfer.files[0]);
  });
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("fit-file").click(); } });
  // A file dropped beside the zone must not make the browser open it in place of the page.
  for (const ev of ["dragover", "drop"]) document.addEventListener(ev, (e) => { if (e.dataTransfer && e.dataTransfer.types.includes("Files")) e.preventDefault(); });
  return { fitFile };
})();
