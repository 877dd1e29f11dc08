"use strict";
// The facilitator's page: the room code, the join link and QR code, the round's controls, the
// teams and the live leaderboard.
(() => {
  const $ = (id) => document.getElementById(id);
  const code = location.pathname.split("/").pop();
  const api = "/api/" + encodeURIComponent(code);
  let last = null;
  $("room-code").textContent = code.slice(0, 4) + "-" + code.slice(4);
  $("room-qr").src = api + "/qr.svg";

  function ci(d) { return d.ci ? d.text + " (" + d.ci + ")" : d.text + " in every market"; }
  function row(cells, cls) {
    const tr = document.createElement("tr");
    if (cls) tr.className = cls;
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.append(td); }
    return tr;
  }
  const phases = {
    setup: "Setting up: pick the market, then open entries",
    open: "Entries open: join and enter",
    closed: "Entries closed",
    running: "The league is playing",
    ran: "League finished: reveal when ready",
    revealed: "Results revealed",
  };

  function render(v) {
    last = v;
    const rd = v.round;
    document.body.dataset.phase = rd.phase;
    $("room-phase").textContent = "Round " + rd.number + " · " + (phases[rd.phase] || rd.phase);
    $("room-join-url").textContent = v.join_url;
    $("room-count").textContent = v.teams.length + (v.teams.length === 1 ? " team has" : " teams have") + " entered";
    const sel = $("room-preset");
    if (sel.options.length === 0) for (const p of v.presets) sel.append(new Option(p, p));
    if (!$("room-scenario").contains(document.activeElement)) {
      sel.value = rd.preset; $("room-markets").value = rd.markets; $("room-seed").value = rd.seed;
      $("room-sets").value = (rd.sets || []).join("; ");
    }
    // Locked once entries open: the form gives way to one line that names the market.
    $("room-scenario").hidden = rd.phase !== "setup";
    $("room-locked").hidden = rd.phase === "setup";
    $("room-locked").textContent = "Market: " + rd.preset + ((rd.sets || []).length ? " with " + rd.sets.join("; ") : "") + " · " + rd.markets + " markets from seed " + rd.seed;
    const can = {open: ["setup", "closed"], close: ["setup", "open"], run: ["closed"], reveal: ["ran"], next: ["ran", "revealed"]};
    for (const [a, ph] of Object.entries(can)) $("room-" + a).disabled = !ph.includes(rd.phase);
    const tb = $("room-entries").tBodies[0];
    tb.replaceChildren(...v.teams.map((p) => row([p.entry.name, p.entry.adherence.toFixed(2), p.entry.winner + " +" + p.entry.margin + "%", p.changes])));
    const b = rd.board;
    const showBoard = !!b && rd.phase !== "setup" && rd.phase !== "open" && rd.phase !== "closed";
    $("room-board").hidden = !showBoard;
    $("room-entries").hidden = showBoard;
    $("room-list-title").hidden = showBoard;
    if (!showBoard) return;
    $("room-progress").textContent = (b.markets < b.of ? "Playing: " : "") + b.markets + " of " + b.of + " markets · pure " + b.winner + "-oriented wins by " + b.margin.toFixed(1) + "%" +
      (rd.phase === "revealed" ? "" : " · not yet revealed to the teams");
    const lb = $("room-leaderboard").tBodies[0];
    lb.replaceChildren(...b.rows.map((r) => row([r.rank + (r.tied ? " =" : ""), r.name, r.adherence.toFixed(2), r.mean_text,
      r.rank === 1 ? "leader" : ci(r.vs_leader), ci(r.vs_process), Math.round(100 * r.beat_share) + "%", r.reference ? "" : Math.round(r.score)],
      (r.reference ? "ref" : "") + (r.tied ? " tied" : ""))));
    const ex = $("room-exports");
    ex.replaceChildren();
    if (b.markets === b.of) {
      ex.append("Export round " + rd.number + ": ");
      for (const f of ["results.csv", "entries.csv", "report.html"]) {
        const a = document.createElement("a");
        a.href = api + "/export/" + rd.number + "/" + f; a.textContent = f; a.id = "room-export-" + f.split(".")[0];
        ex.append(a, " ");
      }
    }
  }

  async function control(body) {
    const r = await fetch(api + "/control", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const out = await r.json();
    $("room-message").textContent = r.ok ? "" : out.error;
    $("room-message").classList.toggle("error", !r.ok);
  }
  for (const a of ["open", "close", "run", "reveal", "next"]) $("room-" + a).addEventListener("click", () => control({action: a}));
  $("room-scenario").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const sets = $("room-sets").value.split(";").map((s) => s.trim()).filter((s) => s);
    control({action: "scenario", preset: $("room-preset").value, markets: +$("room-markets").value, seed: +$("room-seed").value, sets}).then(() => document.activeElement.blur());
  });

  const source = new EventSource(api + "/events");
  source.onmessage = (m) => render(JSON.parse(m.data));
  source.onerror = () => { $("room-phase").textContent = "Reconnecting to the room…"; document.body.dataset.phase = "reconnecting"; };
})();
