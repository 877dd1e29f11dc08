// Live charts of the run, as inline SVG built from the weekly stats the canvas posts.
"use strict";
const Charts = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();

  function el(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // size is the chart's box and its text size (the page's CSS sets it: larger in presenter
  // mode), from which the margins for the axis labels follow; null while the chart has no box
  // (hidden, or not laid out yet): it is drawn when it gets one (app.js observes the boxes).
  function size(svg) {
    const r = svg.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    const probe = el("text", {}, "0");
    svg.replaceChildren(probe);
    const fs = parseFloat(getComputedStyle(probe).fontSize) || 12;
    return { w: Math.max(120, r.width), h: Math.max(80, r.height), fs };
  }

  // niceStep picks a round tick step giving about n ticks up to max.
  function niceStep(max, n) {
    const raw = max / n;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * p) return m * p;
    return 10 * p;
  }

  function money(v) {
    const a = Math.abs(v), s = v < 0 ? "-" : "";
    if (a >= 1e9) return s + "$" + (a / 1e9).toFixed(2) + "B";
    if (a >= 1e6) return s + "$" + (a / 1e6).toFixed(2) + "M";
    if (a >= 1e4) return s + "$" + Math.round(a / 1e3) + "k";
    if (a >= 1e3) return s + "$" + (a / 1e3).toFixed(1) + "k";
    return s + "$" + Math.round(a);
  }

  // tick prints an axis value without trailing zeros: $4M, $2.5M, $500k.
  function tick(v) {
    if (v >= 1e6) return "$" + +(v / 1e6).toFixed(2) + "M";
    if (v >= 1e3) return "$" + +(v / 1e3).toFixed(1) + "k";
    return "$" + v;
  }

  // revenue draws both teams' cumulative net revenue over the weeks of the run.
  function revenue(svg, weeks, a, b, names) {
    const box = size(svg);
    if (!box) return;
    const { w, h, fs } = box;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.replaceChildren();
    const L = 4.3 * fs, R = 12, T = 10, B = 1.75 * fs;
    const top = Math.max(1, ...a, ...b);
    const step = niceStep(top, 4);
    const ymax = Math.ceil(top / step) * step;
    const x = (i) => L + (i / Math.max(1, weeks)) * (w - L - R);
    const y = (v) => T + (1 - v / ymax) * (h - T - B);
    for (let v = 0; v <= ymax + 1e-9; v += step) {
      svg.append(el("line", { x1: L, x2: w - R, y1: y(v), y2: y(v), stroke: color("--grid") }));
      svg.append(el("text", { x: L - 6, y: y(v) + 0.35 * fs, "text-anchor": "end" }, tick(v)));
    }
    for (let q = 13; q < weeks; q += 13) {
      svg.append(el("line", { x1: x(q), x2: x(q), y1: T, y2: h - B, stroke: color("--grid"), "stroke-dasharray": "3 3" }));
    }
    svg.append(el("text", { x: L, y: h - 0.3 * fs }, "0"));
    svg.append(el("text", { x: w - R, y: h - 0.3 * fs, "text-anchor": "end" }, "week " + weeks));
    const line = (vals, c) => {
      if (!vals.length) return;
      const pts = ["" + x(0) + "," + y(0)];
      vals.forEach((v, i) => pts.push(x(i + 1).toFixed(1) + "," + y(v).toFixed(1)));
      svg.append(el("polyline", { points: pts.join(" "), fill: "none", stroke: c, "stroke-width": 2.5, "stroke-linejoin": "round" }));
    };
    line(a, color("--team-a"));
    line(b, color("--team-b"));
    if (a.length) {
      // End labels, nudged apart when the lines end close together.
      let ya = y(a[a.length - 1]), yb = y(b[b.length - 1]);
      const gap = 1.25 * fs;
      if (Math.abs(ya - yb) < gap) { const m = (ya + yb) / 2, up = ya < yb ? -gap / 2 : gap / 2; ya = m + up; yb = m - up; }
      // Both come down together from the top edge, so clamping never stacks one on the other.
      const lift = Math.max(0, T + 1.3 * fs - Math.min(ya, yb));
      ya += lift; yb += lift;
      const xe = Math.min(x(a.length), w - R) - 4;
      svg.append(el("text", { x: xe, y: ya - 5, "text-anchor": "end", class: "end", style: "fill:" + color("--team-a-text") }, "A " + money(a[a.length - 1])));
      svg.append(el("text", { x: xe, y: yb - 5, "text-anchor": "end", class: "end", style: "fill:" + color("--team-b-text") }, "B " + money(b[b.length - 1])));
    }
  }

  // patterns are the fills that tell lost from no decision in greyscale.
  function patterns() {
    const defs = el("defs", {});
    const hatch = el("pattern", { id: "hatch-lost", width: 5, height: 5, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.append(el("rect", { width: 5, height: 5, fill: color("--lost") }), el("rect", { width: 1.6, height: 5, fill: "#fff", "fill-opacity": 0.75 }));
    const dots = el("pattern", { id: "dots-nd", width: 4, height: 4, patternUnits: "userSpaceOnUse" });
    dots.append(el("rect", { width: 4, height: 4, fill: color("--nd") }), el("circle", { cx: 2, cy: 2, r: 0.9, fill: "#fff", "fill-opacity": 0.8 }));
    defs.append(hatch, dots);
    return defs;
  }

  // quarters draws, per quarter, a stacked bar for each team: won, lost, no decision.
  function quarters(svg, qs, nq) {
    const box = size(svg);
    if (!box) return;
    const { w, h, fs } = box;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.replaceChildren();
    const L = 2.6 * fs, R = 6, T = 8, B = 1.75 * fs;
    const n = Math.max(nq, qs.length, 1);
    let top = 1;
    for (const q of qs) for (const t of [0, 1]) top = Math.max(top, q.won[t] + q.lost[t] + q.nd[t]);
    const step = niceStep(top, 4);
    const ymax = Math.ceil(top / step) * step;
    const y = (v) => T + (1 - v / ymax) * (h - T - B);
    for (let v = 0; v <= ymax + 1e-9; v += step) {
      svg.append(el("line", { x1: L, x2: w - R, y1: y(v), y2: y(v), stroke: color("--grid") }));
      svg.append(el("text", { x: L - 5, y: y(v) + 0.35 * fs, "text-anchor": "end" }, String(v)));
    }
    const slot = (w - L - R) / n;
    const bw = Math.max(2, Math.min(22, slot * 0.36));
    // Lost is hatched and no decision dotted, so the three stay apart without colour.
    svg.append(patterns());
    const parts = [["won", color("--won")], ["lost", "url(#hatch-lost)"], ["nd", "url(#dots-nd)"]];
    qs.forEach((q, i) => {
      [0, 1].forEach((t) => {
        const x0 = L + i * slot + slot / 2 + (t === 0 ? -bw - 1 : 1);
        let base = 0;
        for (const [k, c] of parts) {
          const v = q[k][t];
          if (v > 0) svg.append(el("rect", { x: x0, y: y(base + v), width: bw, height: y(base) - y(base + v), fill: c }));
          base += v;
        }
        if (slot > 2.2 * fs) svg.append(el("text", { x: x0 + bw / 2, y: h - 0.4 * fs, "text-anchor": "middle", style: "fill:" + color(t ? "--team-b-text" : "--team-a-text") + ";font-weight:700" }, t ? "B" : "A"));
      });
      const every = Math.ceil((2.2 * fs) / slot);
      if (slot <= 2.2 * fs && (i + 1) % every === 0) svg.append(el("text", { x: L + (i + 0.5) * slot, y: h - 0.4 * fs, "text-anchor": "middle" }, "Q" + (i + 1)));
    });
  }

  return { revenue, quarters, money };
})();
