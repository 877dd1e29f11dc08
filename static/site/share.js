// Copy link: the page's address reproduces the run. Where the browser has a clipboard (a secure
// context: https or localhost) the link is copied; on plain http from a LAN address, which is
// how a room opens the page, there is none, so the link stands selected in a field with a note
// saying how to copy it. Either way a QR code of the link lets the room open the same run.
"use strict";
const Share = (function () {
  const $ = (id) => document.getElementById(id);
  let qr = () => ""; // the canvas's QR encoder, once its Go runs

  function note(text) {
    $("share-note").textContent = text;
  }

  // copy tries the clipboard, then the older copy command on the selected field.
  async function copy(link) {
    const field = $("share-url");
    field.value = link;
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(link);
        return "clipboard";
      } catch (_) { /* refused: fall through to the field */ }
    }
    try {
      if (document.execCommand("copy")) return "command";
    } catch (_) { /* not supported: the field stays selected */ }
    return "";
  }

  async function open() {
    const link = location.href;
    $("share-box").hidden = false;
    $("share").setAttribute("aria-expanded", "true");
    $("share-qr").innerHTML = qr(link); // our own Go's SVG of the link: no markup from outside
    const how = await copy(link);
    const key = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘C" : "Ctrl+C";
    note(how ? "Link copied. Paste it anywhere, or let the room scan the QR code." :
      `This browser has no clipboard here (plain http is not a secure context): the link is selected, press ${key} to copy it, or scan the QR code.`);
    document.body.dataset.share = how || "field"; // for automation: how the link was passed on
    $("share").textContent = how ? "Link copied" : "Copy link";
  }

  function close() {
    $("share-box").hidden = true;
    $("share").setAttribute("aria-expanded", "false");
    $("share").textContent = "Copy link";
    $("share").focus();
  }

  $("share").addEventListener("click", () => ($("share-box").hidden ? open() : close()));
  $("share-close").addEventListener("click", close);
  return { close, isOpen: () => !$("share-box").hidden, encoder(f) { qr = f; } };
})();
