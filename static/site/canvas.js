// Starts the Ebiten game of this iframe and relays what only this document sees (keys pressed
// while the canvas has the focus, the pointer entering and leaving, clicks and taps on deals)
// to the page or the game.
"use strict";
(function () {
  const message = document.getElementById("message");
  const tell = (m) => parent.postMessage(JSON.stringify(m), location.origin);

  // Ebiten draws with WebGL; without it the page explains instead of staying blank.
  const probe = document.createElement("canvas");
  if (!(probe.getContext("webgl2") || probe.getContext("webgl"))) {
    message.textContent = "This browser cannot draw the animation: WebGL is off or unsupported. " +
      "Turn on hardware acceleration, or try another browser.";
    tell({ type: "nowebgl" });
    return;
  }

  const go = new Go();
  const start = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch("canvas.wasm"), go.importObject)
    : fetch("canvas.wasm").then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, go.importObject));
  start.then((r) => {
    message.hidden = true;
    return go.run(r.instance);
  }).catch((err) => {
    message.textContent = "The simulator failed to start: " + err;
    tell({ type: "error", message: "the simulator failed to start: " + err });
  });

  // Keys are heard in the capture phase, before Ebiten's own handlers can swallow them. Tab
  // leaves the frame for the page's next control: inside it, focus would cycle through
  // Ebiten's elements and never come out.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Tab") {
      e.preventDefault();
      e.stopPropagation();
      if (parent.pipesimTab) parent.pipesimTab(e.shiftKey);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (parent.pipesimKey && parent.pipesimKey(e.key)) e.preventDefault();
  }, true);
  // A click (or a tap) selects the deal under it for the page's deal panel.
  document.addEventListener("click", (e) => window.pipesim && window.pipesim.pick(e.clientX, e.clientY));
  document.documentElement.addEventListener("mouseenter", () => window.pipesim && window.pipesim.pointer(true));
  document.documentElement.addEventListener("mouseleave", () => window.pipesim && window.pipesim.pointer(false));
})();
