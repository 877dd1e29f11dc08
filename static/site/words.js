// Plain words for a room of newcomers: every marked term explains itself in one line when
// hovered, focused or tapped, and a short guided tour walks a first visit through the page
// (skippable; a finished or skipped tour is remembered and not shown again).
"use strict";
const Words = (function () {
  const $ = (id) => document.getElementById(id);
  const meanings = {
    adherence: "How closely a team follows the process-oriented way: 0 is pure goal-oriented (quota, pushes), 1 pure process-oriented (discovery, trust); between them a blend of the two.",
    nd: "No decision: the buyer never chooses anyone, often the most common end of a deal. Nobody wins it.",
    stalled: "Stalled: a deal that has sat in its stage far longer than usual (past the team's stall mark); it may still move on.",
    referral: "Referral: a new deal a happy customer sent the team's way, thanks to the trust it has built.",
    preferred: "Preferred: a customer who trusts the team so much that competitors rarely take its deals.",
    push: "Push window: the last weeks of a quarter, when goal-oriented reps push deals to close, often at a discount, to make quota.",
    paired: "Paired runs: each run puts both teams in the very same market with the same luck, so the difference between them comes from how they sell, not chance.",
    ci: "95% CI (confidence interval): the range the true average very likely lies in, given the runs so far; more runs make it narrower.",
    p1090: "P10 to P90: the middle 80% of the runs' results; one run in ten did worse than P10, one in ten better than P90.",
  };

  // The tip: one at a time, beside the term, closed by Escape, a click elsewhere or leaving it.
  const tip = $("term-tip");
  let owner = null;
  function show(term) {
    const text = meanings[term.dataset.term];
    if (!text) return;
    owner = term;
    tip.textContent = text;
    tip.hidden = false;
    term.setAttribute("aria-describedby", "term-tip");
    const r = term.getBoundingClientRect();
    const w = Math.min(340, document.documentElement.clientWidth - 16);
    tip.style.width = w + "px";
    tip.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - w - 8)) + "px";
    tip.style.top = r.bottom + window.scrollY + 6 + "px";
  }
  function hide() {
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    tip.hidden = true;
  }
  document.querySelectorAll(".term").forEach((t) => {
    t.title = "";
    t.addEventListener("mouseenter", () => show(t));
    t.addEventListener("mouseleave", hide);
    t.addEventListener("focus", () => show(t));
    t.addEventListener("blur", hide);
    t.addEventListener("click", (e) => { e.preventDefault(); e.stopPropagation(); owner === t ? hide() : show(t); });
  });
  document.addEventListener("click", () => owner && hide());

  // The tour: a few steps, each pointing at one part of the page.
  const steps = [
    ["The two teams", ".controls", "Two sales teams sell into the same market. Team A chases goals (quota, quarter-end pushes); team B follows a process (discovery, trust). The sliders blend each team between the two."],
    ["The pipeline", ".canvas-card", "Every dot is a deal moving through the stages to Won, Lost or No decision. Press Play (or space) to watch the weeks go by; click a deal, or press D, for its story."],
    ["One run, then many", "#mc", "One run is one story. Run many paired markets to see whether the difference holds, with its uncertainty in plain words."],
    ["Words you may not know", ".legend", "Any underlined term explains itself: hover it, tab to it or tap it."],
  ];
  const seen = "pipesim-tour-done";
  let step = -1;
  function mark(on) {
    document.querySelectorAll(".tour-target").forEach((e) => e.classList.remove("tour-target"));
    const target = on && document.querySelector(steps[step][1]);
    if (target) target.classList.add("tour-target");
  }
  function render() {
    const [title, , text] = steps[step];
    $("tour-step").textContent = `Tour: ${step + 1} of ${steps.length}`;
    $("tour-title").textContent = title;
    $("tour-text").textContent = text;
    $("tour-next").textContent = step === steps.length - 1 ? "Done" : "Next";
    mark(true);
  }
  function start() {
    step = 0;
    $("tour").hidden = false;
    render();
    $("tour-next").focus();
  }
  function end() {
    step = -1;
    $("tour").hidden = true;
    mark(false);
    try { localStorage.setItem(seen, "1"); } catch (_) { /* private mode: the tour shows again next time */ }
  }
  $("tour-next").addEventListener("click", () => (step < steps.length - 1 ? (step++, render()) : end()));
  $("tour-skip").addEventListener("click", end);
  $("tour-start").addEventListener("click", start);

  // firstVisit starts the tour unless it was done or skipped before, or the page opened in a
  // mode for a room (presenter, predict first), where a facilitator is already talking.
  function firstVisit(quiet) {
    let done = false;
    try { done = localStorage.getItem(seen) === "1"; } catch (_) { done = false; }
    if (!done && !quiet) start();
  }
  return { hide, firstVisit, open: () => step >= 0, end };
})();
