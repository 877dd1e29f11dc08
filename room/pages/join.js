"use strict";
// The participant's page: join a room, save an entry, follow the round, see the result.
(() => {
  const $ = (id) => document.getElementById(id);
  const form = $("join-form"), status = $("join-status");
  const params = new URLSearchParams(location.search);
  let code = norm(params.get("room") || "");
  let source = null, phase = "";
  $("join-code").value = show(code);

  function norm(s) { return s.toUpperCase().replace(/[\s-]/g, ""); }
  function show(c) { return c.length === 8 ? c.slice(0, 4) + "-" + c.slice(4) : c; }
  function tokenKey() { return "pipesim-room-token-" + code; }
  function token() { return localStorage.getItem(tokenKey()) || ""; }
  function say(text, bad) {
    status.textContent = text;
    status.classList.toggle("error", !!bad);
  }
  function showAdherence() {
    const a = +$("join-adherence").value;
    $("join-adherence-shown").textContent = a.toFixed(2) + (a === 0 ? " goal-oriented" : a === 1 ? " process-oriented" : " blend");
  }
  $("join-adherence").addEventListener("input", showAdherence);
  showAdherence();

  function fill(e) {
    $("join-name").value = e.name;
    $("join-adherence").value = e.adherence;
    showAdherence();
    for (const r of form.querySelectorAll("input[name=winner]")) r.checked = r.value === e.winner;
    $("join-margin").value = e.margin;
  }

  const phases = {
    setup: "Entries are open: save your strategy and prediction.",
    open: "Entries are open: you can change your entry until they close.",
    closed: "Entries are closed: the league starts soon.",
    running: "The league is playing every team on the same markets…",
    ran: "The league has finished: wait for the reveal.",
    revealed: "Results are in.",
  };

  function render(v) {
    const changed = phase !== v.phase;
    phase = v.phase;
    document.body.dataset.phase = v.phase;
    $("join-phase").textContent = "Round " + v.round + " · " + v.preset + " · " + v.teams + (v.teams === 1 ? " team" : " teams");
    const editable = v.phase === "setup" || v.phase === "open";
    for (const el of form.querySelectorAll("input, button")) if (el.id !== "join-code") el.disabled = !editable;
    if (changed || !status.textContent) say(phases[v.phase] || "", false);
    if (v.entry && !form.dataset.filled) { fill(v.entry); form.dataset.filled = "1"; }
    if (v.known) document.body.dataset.joined = "1";
    const res = $("join-result");
    res.replaceChildren();
    res.hidden = v.phase !== "revealed";
    if (res.hidden) return;
    const h = document.createElement("h2");
    const p = (text) => { const e = document.createElement("p"); e.textContent = text; res.append(e); return e; };
    res.append(h);
    p("The pure " + v.winner + "-oriented strategy won by " + v.margin.toFixed(1) + "%.");
    if (!v.result) { h.textContent = "Round " + v.round + " results"; p("Your device had no entry in this league."); return; }
    const r = v.result;
    h.textContent = "Rank " + r.rank + " of " + v.board.rows.length + (r.tied ? " (tied with the leader)" : "");
    p(r.name + ": " + r.mean_text + " mean net revenue over " + v.board.markets + " markets.");
    p("Against the pure process team: " + r.vs_process.text + (r.vs_process.ci ? " (95% CI " + r.vs_process.ci + ")" : " in every market") + ", ahead in " + Math.round(100 * r.beat_share) + "% of markets.");
    p("Prediction score: " + Math.round(r.score) + " of 100.");
    if (v.run_url) {
      const a = document.createElement("a");
      a.href = v.run_url; a.className = "button"; a.id = "join-watch";
      a.textContent = "Watch your team on one market";
      res.append(a);
    }
  }

  function connect() {
    if (source) source.close();
    if (!code) return;
    source = new EventSource("/api/" + encodeURIComponent(code) + "/events?token=" + encodeURIComponent(token()));
    source.onmessage = (m) => render(JSON.parse(m.data));
    source.onerror = () => { document.body.dataset.phase = "reconnecting"; $("join-phase").textContent = "Reconnecting…"; };
  }

  $("join-code").addEventListener("change", () => {
    code = norm($("join-code").value);
    history.replaceState(null, "", "?room=" + encodeURIComponent(code));
    delete form.dataset.filled;
    connect();
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    code = norm($("join-code").value);
    if (!code) { say("Enter the room code shown on the facilitator's screen.", true); return; }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const winner = form.querySelector("input[name=winner]:checked");
    const margin = $("join-margin").value.trim();
    const body = {name: $("join-name").value, adherence: +$("join-adherence").value, winner: winner ? winner.value : "", margin: margin === "" ? NaN : +margin};
    if (!winner) { say("Predict which pure strategy wins: goal-oriented or process-oriented.", true); $("join-predict").setAttribute("aria-invalid", "true"); return; }
    if (!(body.margin >= 0 && body.margin <= 500)) { say("The predicted margin must be a number from 0 to 500 percent.", true); $("join-margin").setAttribute("aria-invalid", "true"); return; }
    const headers = {"Content-Type": "application/json"};
    if (token()) headers.Authorization = "Bearer " + token();
    let r, out;
    try {
      r = await fetch("/api/" + encodeURIComponent(code) + "/entry", {method: "POST", headers, body: JSON.stringify(body)});
      out = await r.json();
    } catch (e) {
      say("The room's server did not answer: check the network and save again.", true);
      return;
    }
    if (!r.ok) {
      if (out.field === "token") localStorage.removeItem(tokenKey());
      const field = {name: "join-name", adherence: "join-adherence", winner: "join-predict", margin: "join-margin", code: "join-code"}[out.field];
      if (field) $(field).setAttribute("aria-invalid", "true");
      say(out.error, true);
      document.body.dataset.refused = out.field;
      return;
    }
    const fresh = !token();
    localStorage.setItem(tokenKey(), out.token);
    document.body.dataset.saved = out.changes;
    say("Saved: " + out.entry.name + " at adherence " + out.entry.adherence.toFixed(2) + ". You can change it until entries close.", false);
    if (fresh || !source) connect();
  });

  connect();
})();
