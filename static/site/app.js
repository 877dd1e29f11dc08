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
  // What the page calls each field, by the id of its input and by the engine's key it sets,
  // so a problem from either side names the field as the page labels it.
  const fields = {
    seed: { label: "Seed", whole: true },
    weeks: { label: "Weeks", key: "weeks", whole: true },
    reps: { label: "Reps per team", key: "reps", whole: true },
    "new-opps": { label: "New deals/rep/week", key: "new_opps" },
    complexity: { label: "Deal complexity", key: "complexity" },
    "mc-runs": { label: "Paired runs", key: "runs", whole: true },
  };
  const labelOf = { seed: "Seed", "teams.0.adherence": "Adherence A", "teams.1.adherence": "Adherence B", "teams.0.name": "Team A's name", "teams.1.name": "Team B's name", quota_mult: "Quota pressure", trust_adv: "Trust effect", trust_loss: "Trust effect", trust_nd: "Trust effect" };
  for (const id in fields) if (fields[id].key) labelOf[fields[id].key] = fields[id].label;
  let limits = { runs: [1, 1e6] }; // the engine's ranges, sent by the canvas when it starts
  let maxSeed = 18446744073709551615n;

  let game = null;          // window.pipesim of the iframe, once its Go is running
  let playing = false;
  let resumeOnShow = false; // a hidden tab paused a playing run
  let run = null;           // the run being shown: its settings and weekly stats
  let announceEnd = false;  // the run just ended: its verdict is read out once
  const modes = { presenter: query.get("presenter") === "1", predict: query.get("predict") === "1" };

  function settings() {
    const s = { preset: $("preset").value, seed: $("seed").value.trim() };
    for (const id in numbers) s[numbers[id]] = +$(id).value;
    for (const id in sliders) s[sliders[id]] = +$(id).value;
    s.name_a = $("name-a").value.trim();
    s.name_b = $("name-b").value.trim();
    return s;
  }

  const plain = (v) => Number(v).toLocaleString("en-US", { maximumFractionDigits: 6 });

  // check says what is wrong with one field's text, in the engine's words and range, or "".
  function check(id) {
    const f = fields[id], text = $(id).value.trim();
    if (id === "seed") {
      return /^[0-9]{1,20}$/.test(text) && BigInt(text) <= maxSeed ? "" :
        `"${text}" is not a seed; allowed a whole number from 0 to ${maxSeed.toLocaleString("en-US")}`;
    }
    const [lo, hi] = limits[f.key] || [-Infinity, Infinity];
    const v = Number(text);
    if (text === "" || !Number.isFinite(v)) return `"${text}" is not a number; allowed ${plain(lo)} to ${plain(hi)}`;
    if (f.whole && !Number.isInteger(v)) return `${text} is not a whole number; allowed ${plain(lo)} to ${plain(hi)}`;
    if (v < lo || v > hi) return `${plain(v)} is out of range; allowed ${plain(lo)} to ${plain(hi)}`;
    return "";
  }

  // problems names every bad field at once, so a facilitator fixes them in one go.
  function problems(ids) {
    return ids.map((id) => ({ id, label: fields[id].label, message: check(id) })).filter((p) => p.message);
  }

  function showProblems(list) {
    for (const id in fields) $(id).removeAttribute("aria-invalid");
    $("error").hidden = list.length === 0;
    if (!list.length) return;
    for (const p of list) if (p.id) $(p.id).setAttribute("aria-invalid", "true");
    const head = list.length === 1 ? "One value needs fixing; the run shown is the last good one:" : `${list.length} values need fixing; the run shown is the last good one:`;
    $("error").textContent = head + "\n" + list.map((p) => `${p.label}: ${p.message}.`).join("\n");
  }

  const controlFields = ["seed", "weeks", "reps", "new-opps", "complexity"];
  function load(s, ids) {
    if (!game) return;
    const bad = problems(ids || controlFields);
    showProblems(bad);
    if (!bad.length) game.load(JSON.stringify(s));
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
      limits = m.limits;
      maxSeed = BigInt(m.max_seed);
      for (const id in fields) {
        const [lo, hi] = id === "seed" ? [0, maxSeed] : limits[fields[id].key];
        $(id).title = `${fields[id].label}: ${lo.toLocaleString("en-US")} to ${hi.toLocaleString("en-US")}`;
      }
      Share.encoder((link) => game.qr(link));
      game.present(modes.presenter);
      game.speed(speeds[+$("speed").value]);
      game.totals(!modes.predict);
      game.link(location.search);
      MonteCarlo.warm();
    },
    run(m) {
      const s = m.settings;
      $("preset").value = s.preset;
      const about = ($("preset").presets || []).find((p) => p.name === s.preset);
      $("preset-about").textContent = about ? about.description : "";
      // A field set to a bad value since this run was asked for keeps its text and its mark:
      // the run shown is then the last good one, as the message says.
      const bad = problems(controlFields), kept = new Set(bad.map((p) => p.id));
      if (!kept.has("seed")) $("seed").value = s.seed;
      for (const id in numbers) if (!kept.has(id)) $(id).value = s[numbers[id]];
      for (const id in sliders) $(id).value = s[sliders[id]];
      showSliders();
      $("name-a").value = m.teams[0];
      $("name-b").value = m.teams[1];
      showProblems(bad);
      $("weeks-total").textContent = m.weeks;
      link = m.query;
      writeURL();
      DealPanel.close(false); // a new run has other deals; the canvas forgot its selection

      MonteCarlo.clear(link);
      Explore.clear(link);
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
      if (m.done && !run.done) announceEnd = true;
      run.done = m.done;
      run.week = m.week;
      redraw(); // the week badge too: the canvas shows the week every frame
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
    // The engine refused the settings: every bad value, named as the page labels its field.
    invalid(m) {
      const idOf = {};
      for (const id in fields) idOf[fields[id].key || id] = id;
      showProblems(m.problems.map((p) => ({ id: idOf[p.field], label: labelOf[p.field] || p.field || "Settings", message: p.message })));
    },
    deal(m) {
      DealPanel.show(m.story);
    },
    // Where a deal's dot is, asked for with window.pipesim.spot(): for automation.
    spot(m) {
      window.pipesimSpot = m;
    },
    snapshot(m) {
      Exports.snapshot(m.png);
    },
    nowebgl() {
      $("nowebgl").hidden = false;
    },
    perf(m) {
      const p = $("perf");
      p.hidden = false;
      p.textContent = `${m.drawn_fps.toFixed(1)} frames drawn/s of ${m.browser_fps.toFixed(1)} browser frames/s · Go ${(m.update_ms + m.draw_ms).toFixed(2)} ms CPU a drawn frame (worst ${m.worst_ms.toFixed(1)}) · ${m.open} open deals`;
      p.dataset.drawn = String(m.drawn_fps); // for automation: the frame rate measured
      p.dataset.browser = String(m.browser_fps);
    },
  };

  window.addEventListener("message", (e) => {
    if (e.origin !== location.origin || typeof e.data !== "string") return;
    let m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (handlers[m.type]) handlers[m.type](m);
  });

  function announce(text) {
    $("announce").textContent = text;
  }
  window.pipesimAnnounce = announce;

  function showWeek(w) {
    $("week").textContent = w;
  }

  // Charts and the summary redraw at most twice a second, however many
  // weeks arrive: the page shares its thread and, with software WebGL, its painting with the
  // canvas's frame; redrawing the charts every frame halved the canvas's frame rate, and four
  // times a second still cost it half.
  const chartInterval = 500; // ms
  let pending = false, lastDraw = 0;
  function redraw() {
    if (pending) return;
    pending = true;
    setTimeout(() => requestAnimationFrame(() => {
      pending = false;
      lastDraw = performance.now();
      if (run) draw();
    }), Math.max(0, lastDraw + chartInterval - performance.now()));
  }

  function draw() {
    showWeek(run.week || 0);
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
    canvasText(last);
    $("verdict").replaceChildren(...verdict(rev));
    // Screen readers hear the verdict once, when the run ends, not every week.
    if (announceEnd) {
      announceEnd = false;
      if (!modes.predict) announce($("verdict").textContent);
    }
    // For automation: the state of the run whose numbers the page now shows.
    document.body.dataset.run = run.done ? "done" : run.stats.length ? "running" : "new";
  }

  // canvasText fills the table that stands in for the animation: open deals by stage.
  const stageNames = ["Qualified", "Discovery", "Proposal", "Negotiation"];
  function canvasText(last) {
    $("canvas-text-rows").replaceChildren(...stageNames.map((name, k) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = name;
      tr.append(th, ...[0, 1].map((t) => {
        const td = document.createElement("td");
        td.textContent = last ? last.open[t][k] : 0;
        return td;
      }));
      return tr;
    }));
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
  // A new preset starts from its own values, so only the seed must be good.
  $("preset").addEventListener("change", () => load({ preset: $("preset").value, seed: $("seed").value.trim() }, ["seed"]));
  for (const id in numbers) $(id).addEventListener("change", () => load(settings()));
  for (const t of ["a", "b"]) $("name-" + t).addEventListener("change", () => load(settings()));
  for (const id in sliders) {
    $(id).addEventListener("input", showSliders);
    $(id).addEventListener("change", () => load(settings()));
  }
  $("seed").addEventListener("change", () => load(settings()));
  $("speed").addEventListener("input", () => { showSpeed(); if (run) writeURL(); });
  $("play").addEventListener("click", () => game && game.toggle());
  $("step").addEventListener("click", () => game && game.step());
  $("reset").addEventListener("click", () => game && game.reset());

  // Monte Carlo: the run count is part of the link, so a shared link runs the same batch.
  let goodRuns = 500; // the last good run count: the link keeps it while the field is being fixed
  function mcRuns() {
    if (!check("mc-runs")) goodRuns = Number($("mc-runs").value);
    return goodRuns;
  }
  function showRuns() {
    $("mc-run").textContent = `Run ${mcRuns().toLocaleString("en-US")} markets`;
  }
  $("mc-runs").addEventListener("change", () => { showProblems(problems(["mc-runs"])); showRuns(); if (run) writeURL(); });
  $("mc-run").addEventListener("click", () => {
    const bad = problems(["mc-runs"]);
    showProblems(bad);
    if (link && !bad.length) MonteCarlo.start(link, mcRuns());
  });
  $("mc-cancel").addEventListener("click", () => MonteCarlo.cancel());
  // What drives the verdict, and the break-even: the same runs a batch takes, per batch.
  for (const kind of ["drivers", "breakeven"]) {
    $("x-" + kind).addEventListener("click", () => {
      const bad = problems(["mc-runs"]);
      showProblems(bad);
      if (link && !bad.length) Explore.start(kind, link, mcRuns());
    });
  }
  $("x-cancel").addEventListener("click", () => Explore.cancel());
  MonteCarlo.busy((b) => game && game.busy(b));
  DealPanel.onClose(() => game && game.deselect());
  document.querySelectorAll("#mc .tabs button").forEach((b) => b.addEventListener("click", () => {
    document.querySelectorAll("#mc .tabs button").forEach((o) => {
      o.setAttribute("aria-pressed", String(o === b));
      $(o.dataset.chart).hidden = o !== b;
    });
  }));
  // A chart is drawn for 800 pixels: click enlarges it over the canvas, click again or Escape restores.
  document.querySelectorAll(".mc-chart").forEach((c) => {
    c.addEventListener("click", () => c.classList.toggle("big"));
    c.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); c.classList.toggle("big"); }
    });
  });
  // A deal's story without a mouse: the buttons, or D and Shift+D, step through the open deals.
  const nextDeal = (dir) => game && game.next(dir);
  $("deal-open").addEventListener("click", () => nextDeal(1));
  $("deal-next").addEventListener("click", () => nextDeal(1));
  $("deal-prev").addEventListener("click", () => nextDeal(-1));
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
    if (game) { game.totals(!modes.predict); game.present(modes.presenter); }
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
    if (k === "Escape" && Words.open()) { Words.end(); return true; }
    if (k === "Escape" && Share.isOpen()) { Share.close(); return true; }
    if (k === "Escape") Words.hide();
    if (k === "Escape" && DealPanel.close(true)) return true;
    if (typing) return false;
    if (k === "f" || k === "F") { togglePresenter(); return true; }
    if (!game) return false;
    if (k === "d" || k === "D") { nextDeal(k === "d" ? 1 : -1); return true; }
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
  window.pipesimLink = (q) => game && game.link(q); // fit.js: run a fitted market
  window.pipesimKey = (k) => key(k, null); // keys pressed while the canvas has the focus

  // Tab never stays in the canvas: its frame is one stop, and Tab there moves on to the page's
  // next control (Shift+Tab to the one before), as from any other control.
  window.pipesimTab = (back) => {
    const all = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, iframe, [tabindex]")]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
    const i = all.indexOf(frame);
    const next = all[back ? i - 1 : i + 1];
    if (next) next.focus();
    else frame.blur();
  };

  // A hidden tab pauses the run, and showing it again resumes.
  document.addEventListener("visibilitychange", () => {
    if (!game) return;
    if (document.hidden && playing) { resumeOnShow = true; game.pause(); }
    else if (!document.hidden && resumeOnShow) { resumeOnShow = false; game.play(); }
  });

  // The charts follow their own boxes, not the window: presenter mode, a scrollbar coming or
  // going and a whole-page screenshot change a box without resizing the window, and a chart drawn
  // to a box of another size stays so until the next week's redraw, which a paused run never has.
  const boxes = new ResizeObserver(redraw);
  for (const id of ["chart-revenue", "chart-quarters"]) boxes.observe($(id));
  if (/^[0-7]$/.test(query.get("speed") || "")) $("speed").value = query.get("speed");
  // A bad runs value is among the canvas's notice; the field keeps its default then.
  if (/^[1-9][0-9]{0,6}$/.test(query.get("runs") || "") && +query.get("runs") <= 1e6) $("mc-runs").value = query.get("runs");
  mcRuns();
  showRuns();
  showModes();
  showSliders();
  showSpeed();
  Exports.init({ game: () => game, frame });
  Words.firstVisit(modes.presenter || modes.predict);
})();
