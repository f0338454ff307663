// Labeling with the keyboard: the number keys press the tag buttons marked
// data-key (the active segment's), the up and down arrows follow the links to the
// previous and next segment, the left and right arrows those to the previous and
// next document (mirrored on a right-to-left page), Escape follows "Back to the
// classes" (where a tag is a class picked, then its label), Enter presses "Mark done".
// The buttons and links do the work (htmx or a plain form), so the mouse does the same.
//
// A stretch of the text selected (in a text marked data-selectable) goes with a tag
// or a class picked, or with "Move to the selection": its offsets, in characters of the
// text (code points, as the service counts them), fill the form's data-span fields.
// After a class, the server carries them on to its labels.
"use strict";

// The offsets [start, end) of the selection in the container's text, or null when
// nothing of it is selected. The container holds exactly the document's text.
function selectionSpan(container) {
  const selection = window.getSelection();
  if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return null;
  }
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
    return null;
  }
  const offset = (node, at) => {
    const before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(node, at);
    return [...before.toString()].length;
  };
  const start = offset(range.startContainer, range.startOffset);
  const end = offset(range.endContainer, range.endOffset);
  return start < end ? [start, end] : null;
}

// Before htmx or the browser sends a form, fill its span fields from the selection
// (left out without one: a class picked keeps its URL short). Capturing runs this
// before htmx's own submit handler.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector("[data-span]")) {
      return;
    }
    const span = selectionSpan(document.querySelector("[data-labeling] [data-selectable]"));
    const start = form.querySelector('[data-span="start"]');
    const end = form.querySelector('[data-span="end"]');
    start.value = span ? span[0] : "";
    end.value = span ? span[1] : "";
    start.disabled = end.disabled = !span;
  },
  true,
);

// A click on such a form's button keeps the selection (pressing a button would
// otherwise clear it before the form is sent).
document.addEventListener("mousedown", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button") : null;
  if (button && button.form && button.form.querySelector("[data-span]")) {
    event.preventDefault();
  }
});

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
  } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
    const down = event.key === "ArrowDown";
    control = root.querySelector(`[data-nav="segment-${down ? "next" : "previous"}"]`);
  } else if (event.key === "Escape") {
    control = root.querySelector('[data-nav="classes"]');
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
