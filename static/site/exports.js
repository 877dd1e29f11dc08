// Export for slides: the canvas and each chart as a PNG picture, and the Monte Carlo result as
// the same self-contained HTML report `pipesim batch --out` writes, built by a worker.
"use strict";
const Exports = (function () {
  const $ = (id) => document.getElementById(id);
  let deps = null;

  function download(blob, name) {
    document.body.dataset.exported = name + " " + blob.size; // for automation: what was saved
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // stem names a file after the run: preset and seed, as the link has them.
  function stem() {
    const q = new URLSearchParams(location.search);
    return `pipesim-${q.get("preset") || "run"}-seed${q.get("seed") || 1}`;
  }

  // svgPNG draws an SVG as a PNG at twice its size on screen. The page's live charts take
  // their font and colours from the page's CSS, which a lone SVG file has not: those are
  // copied onto a clone first.
  function svgPNG(svg, name) {
    const r = svg.getBoundingClientRect();
    const clone = svg.cloneNode(true);
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    clone.setAttribute("width", r.width);
    clone.setAttribute("height", r.height);
    const from = svg.querySelectorAll("text"), to = clone.querySelectorAll("text");
    from.forEach((t, i) => {
      const cs = getComputedStyle(t);
      to[i].setAttribute("style", `font: ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}; fill: ${cs.fill}`);
    });
    const img = new Image();
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = 2 * r.width;
      c.height = 2 * r.height;
      const g = c.getContext("2d");
      g.fillStyle = "#fff";
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob((b) => download(b, name));
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(clone));
  }

  function base64Blob(b64, type) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type });
  }

  function init(d) {
    deps = d;
    document.querySelectorAll("button.png").forEach((b) =>
      b.addEventListener("click", () => svgPNG($(b.dataset.png), `${stem()}-${b.dataset.png}.png`)));
    // The canvas is drawn with WebGL, which keeps no picture to read back: its Go reads its
    // own screen when it draws next and sends the PNG.
    $("canvas-png").addEventListener("click", () => { const g = deps.game(); if (g) g.snapshot(); });
    $("export-chart").addEventListener("click", () => {
      const shown = document.querySelector(".mc-chart:not([hidden]) svg");
      if (shown) svgPNG(shown, `${stem()}-monte-carlo.png`);
    });
    $("export-report").addEventListener("click", () => MonteCarlo.report((html) =>
      download(new Blob([html], { type: "text/html" }), `${stem()}-report.html`)));
  }

  // snapshot is the canvas's PNG, as its Go sent it.
  function snapshot(b64) {
    download(base64Blob(b64, "image/png"), `${stem()}-canvas.png`);
    document.body.dataset.snapshot = String(b64.length); // for automation: a picture was made
  }

  return { init, snapshot };
})();
