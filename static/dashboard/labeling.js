// Labeling with the keyboard: the number keys press the tag buttons marked
// data-key, the arrows follow the previous and next links (mirrored on a
// right-to-left page), Enter presses "Mark done". The buttons and links do the
// work (htmx or a plain form), so the mouse does the same.
"use strict";

document.addEventListener("keydown", (event) => {
  const root = document.querySelector("[data-labeling]");
  if (!root || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  const focused = event.target instanceof Element ? event.target : null;
  if (focused && focused.closest("input, textarea, select, [contenteditable]")) {
    return;
  }
  const rtl = document.documentElement.dir === "rtl";
  let control = null;
  if (/^[1-9]$/.test(event.key)) {
    control = root.querySelector(`[data-key="${event.key}"]`);
  } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    const forward = (event.key === "ArrowRight") !== rtl;
    control = root.querySelector(`[data-nav="${forward ? "next" : "previous"}"]`);
  } else if (event.key === "Enter" && !(focused && focused.closest("button, a"))) {
    control = root.querySelector("[data-done]");
  }
  if (control) {
    event.preventDefault();
    // htmx wires new content when it settles; a key pressed before that would follow
    // the plain link or form (a whole page load), so wire the control now.
    if (window.htmx) {
      window.htmx.process(control.closest("form") || control);
    }
    control.click();
  }
});
