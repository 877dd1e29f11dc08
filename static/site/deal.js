// The deal panel: one deal's story, as the canvas tells it (wasm/canvas/history), in the right
// column. The canvas sends the story when a dot is clicked and again as the run moves it on.
"use strict";
const DealPanel = (function () {
  const $ = (id) => document.getElementById(id);
  let pending = null; // the newest story not yet drawn: at most one draw a display frame
  let onClose = () => {};

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function draw(s) {
    const panel = $("deal");
    panel.dataset.team = s.team ? "b" : "a";
    panel.dataset.status = s.status;
    panel.dataset.id = (s.team ? "B-" : "A-") + s.id; // for automation: which deal is shown
    $("deal-title").textContent = s.title;
    const both = $("deal-both"); // the same deal in the other lane: one market for both teams
    both.textContent = s.both || "";
    both.hidden = !s.both;
    $("deal-lines").replaceChildren(...s.lines.map((l) => {
      const li = el("li", "k-" + l.kind);
      li.append(el("span", "wk", "wk " + l.week), el("span", "txt", l.text));
      return li;
    }));
    const longest = Math.max(1, ...s.stages.map((st) => st.weeks));
    $("deal-stages").replaceChildren(...s.stages.map((st) => {
      const row = el("div", "stint" + (st.now ? " now" : ""));
      const bar = el("span", "bar");
      bar.style.setProperty("--w", (100 * st.weeks) / longest + "%");
      row.append(el("span", "name", st.stage), bar, el("span", "n", st.weeks + (st.weeks === 1 ? " wk" : " wks") + (st.now ? " so far" : "")));
      return row;
    }));
    if (panel.hidden) {
      panel.hidden = false;
      document.body.classList.add("dealing");
      window.dispatchEvent(new Event("resize")); // the charts above it lost height
    }
  }

  function show(story) {
    if (!pending) requestAnimationFrame(() => { const s = pending; pending = null; if (s) draw(s); });
    pending = story;
  }

  // close hides the panel; tell says whether the canvas should drop its ring (not when the
  // canvas itself started a new run).
  function close(tell) {
    pending = null;
    if ($("deal").hidden) return false;
    $("deal").hidden = true;
    document.body.classList.remove("dealing");
    window.dispatchEvent(new Event("resize"));
    if (tell) onClose();
    return true;
  }

  $("deal-close").addEventListener("click", () => close(true));
  return {
    show,
    close,
    isOpen: () => !$("deal").hidden,
    onClose(f) { onClose = f; },
  };
})();
