// The page: controls, keyboard, live charts and the run summary. The animation runs in the
// canvas iframe; the page calls the functions its Go registers on window.pipesim and hears
// back through postMessage.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const frame = $("canvas");
  const speeds = [1, 2, 4, 8, 16, 32, 64, 0]; // weeks a second; 0 runs to the end at once
  const speedText = (s) => (s ? s + "x" : "to the end");
  const query = new URLSearchParams(location.search);
  if (query.get("debug") === "1") frame.src = "canvas.html?debug=1";

  // The controls and the Settings keys of wasm/canvas/scene they set.
  const numbers = { weeks: "weeks", reps: "reps", "new-opps": "new_opps", complexity: "complexity" };
  const sliders = { "adherence-a": "adherence_a", "adherence-b": "adherence_b", "quota-pressure": "quota_pressure", "trust-effect": "trust_effect" };

  let game = null;          // window.pipesim of the iframe, once its Go is running
  let playing = false;
  let resumeOnShow = false; // a hidden tab paused a playing run
  let run = null;           // the run being shown: its settings and weekly stats
  const modes = { presenter: query.get("presenter") === "1", predict: query.get("predict") === "1" };

  function settings() {
    const s = { preset: $("preset").value, seed: String(Math.max(0, Math.floor(+$("seed").value || 0))) };
    for (const id in numbers) s[numbers[id]] = +$(id).value;
    for (const id in sliders) s[sliders[id]] = +$(id).value;
    s.weeks = Math.round(s.weeks);
    s.reps = Math.round(s.reps);
    return s;
  }

  function load(s) {
    if (!game) return;
    $("error").hidden = true;
    game.load(JSON.stringify(s));
  }

  // The address reproduces the run: the canvas gives the run's link (preset, seed and every
  // change from the preset, as \`pipesim run --url\` reads it), and the page adds its view.
  let link = "";
  function writeURL() {
    // preset and seed first, then the Monte Carlo runs, as sim.Link.Query writes them.
    const q = new URLSearchParams();
    const l = new URLSearchParams(link);
    for (const k of ["preset", "seed"]) if (l.has(k)) q.set(k, l.get(k));
    q.set("runs", String(mcRuns()));
    for (const [k, v] of l) if (!q.has(k)) q.set(k, v);
    q.set("speed", $("speed").value);
    // View settings travel with the link, so a facilitator's link opens the way they present.
    if (modes.presenter) q.set("presenter", "1");
    if (modes.predict) q.set("predict", "1");
    if (query.get("debug") === "1") q.set("debug", "1");
    history.replaceState(null, "", "?" + q.toString());
  }

  function showSliders() {
    for (const id in sliders) $(id + "-out").value = (+$(id).value).toFixed(2);
  }

  function showSpeed() {
    const s = speeds[+$("speed").value];
    $("speed-out").value = speedText(s);
    $("speed").setAttribute("aria-valuetext", s ? s + " weeks a second" : "to the end at once");
    if (game) game.speed(s);
  }

  // Messages from the canvas.
  const handlers = {
    ready(m) {
      game = frame.contentWindow.pipesim;
      const sel = $("preset");
      sel.replaceChildren(...m.presets.map((p) => new Option(p.name, p.name)));
      sel.presets = m.presets;
      game.speed(speeds[+$("speed").value]);
      game.totals(!modes.predict);
      game.link(location.search);
    },
    run(m) {
      const s = m.settings;
      $("preset").value = s.preset;
      const about = ($("preset").presets || []).find((p) => p.name === s.preset);
      $("preset-about").textContent = about ? about.description : "";
      $("seed").value = s.seed;
      for (const id in numbers) $(id).value = s[numbers[id]];
      for (const id in sliders) $(id).value = s[sliders[id]];
      showSliders();
      $("name-a").textContent = m.teams[0];
      $("name-b").textContent = m.teams[1];
      $("weeks-total").textContent = m.weeks;
      link = m.query;
      writeURL();
      DealPanel.close(false); // a new run has other deals; the canvas forgot its selection

      MonteCarlo.clear(link);
      run = { weeks: m.weeks, teams: m.teams, stats: [], revA: [], revB: [], done: false };
      showWeek(0);
      redraw();
    },
    weeks(m) {
      if (!run) return;
      for (const st of m.stats) {
        run.stats.push(st);
        run.revA.push(st.revenue[0]);
        run.revB.push(st.revenue[1]);
      }
      run.done = m.done;
      showWeek(m.week);
      redraw();
    },
    state(m) {
      playing = m.playing;
      $("play").textContent = playing ? "❚❚ Pause" : "▶ Play";
      $("play").setAttribute("aria-pressed", String(playing));
    },
    notice(m) {
      $("notice-list").replaceChildren(...m.problems.map((p) => {
        const li = document.createElement("li");
        li.textContent = p;
        return li;
      }));
      $("notice").hidden = false;
    },
    error(m) {
      $("error").textContent = m.message;
      $("error").hidden = false;
    },
    deal(m) {
      DealPanel.show(m.story);
    },
    // Where a deal's dot is, asked for with window.pipesim.spot(): for automation.
    spot(m) {
      window.pipesimSpot = m;
    },
    nowebgl() {
      $("nowebgl").hidden = false;
    },
    perf(m) {
      const p = $("perf");
      p.hidden = false;
      p.textContent = `frame ${(m.update_ms + m.draw_ms).toFixed(2)} ms (update ${m.update_ms.toFixed(2)}, draw ${m.draw_ms.toFixed(2)}, worst ${m.worst_ms.toFixed(1)}) · ${m.fps.toFixed(0)} fps · ${m.open} open deals`;
    },
  };

  window.addEventListener("message", (e) => {
    if (e.origin !== location.origin || typeof e.data !== "string") return;
    let m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (handlers[m.type]) handlers[m.type](m);
  });

  function showWeek(w) {
    $("week").textContent = w;
  }

  // Charts and the summary redraw at most once a display frame, however many weeks arrive.
  let pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (run) draw();
    });
  }

  function draw() {
    Charts.revenue($("chart-revenue"), run.weeks, run.revA, run.revB);
    const qs = [];
    const total = { won: [0, 0], lost: [0, 0], nd: [0, 0] };
    run.stats.forEach((st, i) => {
      const q = Math.floor(i / 13);
      if (!qs[q]) qs[q] = { won: [0, 0], lost: [0, 0], nd: [0, 0] };
      for (const t of [0, 1]) {
        qs[q].won[t] += st.won[t]; qs[q].lost[t] += st.lost[t]; qs[q].nd[t] += st.nd[t];
        total.won[t] += st.won[t]; total.lost[t] += st.lost[t]; total.nd[t] += st.nd[t];
      }
    });
    Charts.quarters($("chart-quarters"), qs, Math.ceil(run.weeks / 13));
    const last = run.stats[run.stats.length - 1];
    const rev = last ? last.revenue : [0, 0];
    ["a", "b"].forEach((t, i) => {
      const r = $("rev-" + t);
      r.textContent = Charts.money(rev[i]);
      r.dataset.exact = String(rev[i]); // the full number, for checking against the CLI
      $("won-" + t).textContent = total.won[i];
      $("lost-" + t).textContent = total.lost[i];
      $("nd-" + t).textContent = total.nd[i];
      const closed = total.won[i] + total.lost[i] + total.nd[i];
      $("rate-" + t).textContent = closed ? Math.round((100 * total.won[i]) / closed) + "%" : "–";
      $("cust-" + t).textContent = last ? last.customers[i] : 0;
    });
    $("verdict").replaceChildren(...verdict(rev));
    // For automation: the state of the run whose numbers the page now shows.
    document.body.dataset.run = run.done ? "done" : run.stats.length ? "running" : "new";
  }

  // verdict says in a sentence who is ahead, and that one run is one story.
  function verdict(rev) {
    const n = run.stats.length;
    if (!n) return [document.createTextNode("Press Play: both teams sell into the same market, week by week.")];
    const [a, b] = rev;
    const lead = b > a ? 1 : 0;
    const hi = Math.max(a, b), lo = Math.min(a, b);
    const pct = lo > 0 ? Math.round((100 * (hi - lo)) / lo) : null;
    const who = document.createElement("b");
    who.className = lead ? "b" : "a";
    who.textContent = run.teams[lead];
    const when = run.done ? `After ${n} weeks, ` : `At week ${n}, `;
    const how = a === b ? " are level" : pct === null ? " is the only team with revenue" : ` is ${pct}% ahead`;
    const tail = run.done ? ". One run is one story: change the seed to see another." : ".";
    if (a === b) return [document.createTextNode(when + "the two teams are level" + tail)];
    return [document.createTextNode(when), who, document.createTextNode(how + tail)];
  }

  // Controls.
  $("preset").addEventListener("change", () => load({ preset: $("preset").value, seed: $("seed").value }));
  for (const id in numbers) $(id).addEventListener("change", () => load(settings()));
  for (const id in sliders) {
    $(id).addEventListener("input", showSliders);
    $(id).addEventListener("change", () => load(settings()));
  }
  $("seed").addEventListener("change", () => load(settings()));
  $("speed").addEventListener("input", () => { showSpeed(); if (run) writeURL(); });
  $("play").addEventListener("click", () => game && game.toggle());
  $("step").addEventListener("click", () => game && game.step());
  $("reset").addEventListener("click", () => game && game.reset());
  $("share").addEventListener("click", () => {
    const done = () => { $("share").textContent = "Link copied"; setTimeout(() => ($("share").textContent = "Copy link"), 1500); };
    if (navigator.clipboard) navigator.clipboard.writeText(location.href).then(done, () => {});
  });

  // Monte Carlo: the run count is part of the link, so a shared link runs the same batch.
  function mcRuns() {
    const n = Math.floor(+$("mc-runs").value);
    return n >= 1 && n <= 1e6 ? n : 500;
  }
  function showRuns() {
    $("mc-run").textContent = `Run ${mcRuns().toLocaleString("en-US")} markets`;
  }
  $("mc-runs").addEventListener("change", () => { $("mc-runs").value = mcRuns(); showRuns(); if (run) writeURL(); });
  $("mc-run").addEventListener("click", () => { if (link) MonteCarlo.start(link, mcRuns()); });
  $("mc-cancel").addEventListener("click", () => MonteCarlo.cancel());
  MonteCarlo.busy((b) => game && game.busy(b));
  DealPanel.onClose(() => game && game.deselect());
  document.querySelectorAll("#mc .tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll("#mc .tabs button").forEach((o) => {
      o.setAttribute("aria-pressed", String(o === b));
      $(o.dataset.chart).hidden = o !== b;
    });
  }));
  // A chart is drawn for 800 pixels: click enlarges it over the canvas, click again or Escape restores.
  document.querySelectorAll(".mc-chart").forEach((c) => c.addEventListener("click", () => c.classList.toggle("big")));
  $("notice-close").addEventListener("click", () => ($("notice").hidden = true));

  // Presenter mode: controls hidden, large type, high contrast. Predict first: the running
  // totals (revenue on the canvas, charts, this run's table, the Monte Carlo result) stay hidden
  // until the facilitator reveals them.
  function showModes() {
    document.body.classList.toggle("presenter", modes.presenter);
    document.body.classList.toggle("predicting", modes.predict);
    $("presenter").setAttribute("aria-pressed", String(modes.presenter));
    $("predict").setAttribute("aria-pressed", String(modes.predict));
    $("reveal").hidden = !modes.predict;
    if (game) game.totals(!modes.predict);
    if (run) writeURL();
    window.dispatchEvent(new Event("resize"));
  }
  function togglePresenter() { modes.presenter = !modes.presenter; showModes(); }
  $("presenter").addEventListener("click", togglePresenter);
  $("predict").addEventListener("click", () => { modes.predict = !modes.predict; showModes(); });
  $("reveal").addEventListener("click", () => { modes.predict = false; showModes(); });

  // Keyboard: space play/pause, right arrow one week, R reset; not while typing in a field.
  function key(k, target) {
    const tag = target && target.tagName;
    const typing = tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range");
    if (k === "Escape" && DealPanel.close(true)) return true;
    if (typing) return false;
    if (k === "f" || k === "F") { togglePresenter(); return true; }
    if (!game) return false;
    if (k === " ") { game.toggle(); return true; }
    if (k === "ArrowRight" && !(tag === "INPUT")) { game.step(); return true; }
    if (k === "r" || k === "R") { game.reset(); return true; }
    return false;
  }
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") document.querySelectorAll(".mc-chart.big").forEach((c) => c.classList.remove("big"));
    if (key(e.key, e.target)) e.preventDefault();
  });
  window.pipesimKey = (k) => key(k, null); // keys pressed while the canvas has the focus

  // A hidden tab pauses the run, and showing it again resumes.
  document.addEventListener("visibilitychange", () => {
    if (!game) return;
    if (document.hidden && playing) { resumeOnShow = true; game.pause(); }
    else if (!document.hidden && resumeOnShow) { resumeOnShow = false; game.play(); }
  });

  window.addEventListener("resize", redraw);
  if (/^[0-7]$/.test(query.get("speed") || "")) $("speed").value = query.get("speed");
  // A bad runs value is among the canvas's notice; the field keeps its default then.
  if (/^[1-9][0-9]{0,6}$/.test(query.get("runs") || "") && +query.get("runs") <= 1e6) $("mc-runs").value = query.get("runs");
  showRuns();
  showModes();
  showSliders();
  showSpeed();
})();
