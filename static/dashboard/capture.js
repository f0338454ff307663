/* The page viewer of a capture document: each page image with the fields'
 * rectangles drawn over it (SVG, in page pixels), and, for managers, drawing:
 * choose a field in the list (radio buttons: arrow keys), drag on a page to add
 * a rectangle, drag one of its rectangles to move it, a corner to resize it (a
 * drag that starts on another field's rectangle draws for the chosen field);
 * Delete or the list's buttons remove one. The text under each field's
 * rectangles is shown beside the field, as the server reads it (the page comes
 * with it; after each change the drawing is posted to data-texts-url, which
 * answers {fields: {name: {text, blank}}}, blank the indexes of the rectangles
 * with no text under them); Train first warns of such a rectangle. The hidden
 * "drawing" input always holds what the Train button sends:
 * [{name, rectangles: [{page_id, x1, y1, x2, y2}]}].
 * No build step, no dependency; works with a strict CSP (no inline styles). */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const MIN_SIZE = 4; // a drag smaller than this (in page pixels) draws nothing
  const HANDLE = 9;

  const stateElement = document.getElementById("capture-state");
  const root = document.querySelector("[data-capture-viewer]");
  if (!stateElement || !root) return;
  const state = JSON.parse(stateElement.textContent);
  const editable = root.dataset.editable === "true";
  const input = document.getElementById("capture-drawing");
  const warning = document.getElementById("capture-empty-warning"); // managers only
  // Words translated by the page; English when absent.
  const T = {
    page: root.dataset.tPage || "Page",
    remove: root.dataset.tDelete || "Delete",
    removeLabel: root.dataset.tDeleteLabel || "Delete rectangle %(index)s of %(field)s",
  };
  const pages = new Map(state.pages.map((page) => [page.id, page]));
  const fields = state.fields.map((field) => ({
    name: field.name,
    label: field.label,
    rectangles: field.rectangles.map((r) => ({ ...r })),
    text: field.text,
    blank: field.blank,
    errors: field.errors || [],
  }));
  let current = fields.length ? fields[0] : null;
  let selected = null; // the chosen rectangle
  let gesture = null;

  function fieldItem(field) {
    return [...root.querySelectorAll(".capture-field")].find(
      (item) => item.dataset.field === field.name,
    );
  }

  // -- the text under the rectangles: the server reads it; the page shows it
  const csrf = input.form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let asked = 0;
  let answered = Promise.resolve(); // settles once the last question is answered

  function askTexts() {
    const number = ++asked;
    const body = new FormData();
    body.append("drawing", input.value);
    answered = fetch(root.dataset.textsUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (!answer || number !== asked) return; // drawn again meanwhile: a newer answer comes
        for (const field of fields) {
          Object.assign(field, answer.fields[field.name] || { text: "", blank: [] });
        }
        render();
      })
      .catch(() => {}); // unanswered: the texts shown stay; training does not depend on them
  }

  // -- rendering ------------------------------------------------------------------------
  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    return element;
  }

  function errorsOf(field, index) {
    return field.errors.filter((error) => error.rectangle === index).map((error) => error.message);
  }

  function renderPage(figure) {
    const pageId = Number(figure.dataset.pageId);
    const svg = figure.querySelector("svg");
    svg.replaceChildren();
    for (const field of fields) {
      field.rectangles.forEach((r, index) => {
        if (r.page_id !== pageId) return;
        const classes = ["capture-rect"];
        if (field === current) classes.push("capture-rect--current");
        if (r === selected) classes.push("capture-rect--selected");
        if (field.blank.includes(index)) classes.push("capture-rect--blank");
        if (errorsOf(field, index).length) classes.push("capture-rect--error");
        const box = svgElement("rect", {
          x: r.x1, y: r.y1, width: r.x2 - r.x1, height: r.y2 - r.y1, class: classes.join(" "),
          "data-field": field.name, "data-index": index,
        });
        if (editable) box.setAttribute("tabindex", "0");
        const title = svgElement("title", {});
        title.textContent = field.name;
        box.append(title);
        svg.append(box);
        if (editable && r === selected) {
          for (const [corner, x, y] of [["nw", r.x1, r.y1], ["ne", r.x2, r.y1], ["sw", r.x1, r.y2], ["se", r.x2, r.y2]]) {
            svg.append(svgElement("rect", {
              x: x - HANDLE / 2, y: y - HANDLE / 2, width: HANDLE, height: HANDLE,
              class: "capture-handle", "data-corner": corner,
            }));
          }
        }
      });
    }
  }

  function renderField(field) {
    const item = fieldItem(field);
    if (!item) return;
    item.classList.toggle("capture-field--current", field === current);
    item.querySelector(".capture-field__text").textContent = field.text;
    const list = item.querySelector(".capture-field__rectangles");
    list.replaceChildren();
    field.rectangles.forEach((r, index) => {
      const entry = document.createElement("li");
      const page = pages.get(r.page_id);
      entry.textContent = `${T.page} ${page ? page.number : "?"}: ${r.x1},${r.y1} – ${r.x2},${r.y2} `;
      for (const message of errorsOf(field, index)) {
        const error = document.createElement("strong");
        error.className = "capture-error";
        error.textContent = message;
        entry.append(error, " ");
      }
      if (editable) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button--quiet button--small";
        remove.textContent = T.remove;
        remove.setAttribute(
          "aria-label",
          T.removeLabel.replace("%(index)s", index + 1).replace("%(field)s", field.label),
        );
        remove.addEventListener("click", () => removeRectangle(field, r));
        entry.append(remove);
      }
      list.append(entry);
    });
  }

  // The fields with a rectangle that has no text under it, listed in the warning
  // (shown while there are any); true when there are.
  function warnOfEmpty() {
    const empty = fields.filter((field) => field.blank.length);
    warning.querySelector("ul").replaceChildren(
      ...empty.map((field) => {
        const item = document.createElement("li");
        const name = document.createElement("code");
        name.title = field.name;
        name.textContent = field.label;
        item.append(name);
        return item;
      }),
    );
    warning.hidden = !empty.length;
    return empty.length > 0;
  }

  function render() {
    root.querySelectorAll(".capture-page").forEach(renderPage);
    fields.forEach(renderField);
    if (warning && !warning.hidden) warnOfEmpty();
    input.value = JSON.stringify(
      fields.filter((f) => f.rectangles.length).map((f) => ({ name: f.name, rectangles: f.rectangles })),
    );
  }

  // -- editing --------------------------------------------------------------------------
  function choose(field) {
    current = field;
    const radio = fieldItem(field).querySelector("input[type=radio]");
    if (!radio.checked) radio.checked = true;
  }

  function removeRectangle(field, rectangle) {
    field.rectangles = field.rectangles.filter((r) => r !== rectangle);
    field.errors = [];
    if (selected === rectangle) selected = null;
    render();
    askTexts();
  }

  function pointOf(event, svg, page) {
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) * page.width) / box.width;
    const y = ((event.clientY - box.top) * page.height) / box.height;
    return { x: Math.min(Math.max(x, 0), page.width), y: Math.min(Math.max(y, 0), page.height) };
  }

  function normalize(r) {
    const [x1, x2] = [Math.round(Math.min(r.x1, r.x2)), Math.round(Math.max(r.x1, r.x2))];
    const [y1, y2] = [Math.round(Math.min(r.y1, r.y2)), Math.round(Math.max(r.y1, r.y2))];
    Object.assign(r, { x1, y1, x2, y2 });
  }

  function fieldOf(rectangle) {
    return fields.find((f) => f.rectangles.includes(rectangle));
  }

  // Only the chosen field's rectangles move or resize: a drag that starts on
  // another field's rectangle draws one for the chosen field.
  function onPointerDown(event) {
    if (!editable || !current || event.button !== 0) return;
    const svg = event.currentTarget;
    const page = pages.get(Number(svg.closest(".capture-page").dataset.pageId));
    const point = pointOf(event, svg, page);
    const target = event.target;
    if (target.dataset.corner && selected) {
      gesture = { kind: "resize", corner: target.dataset.corner, rectangle: selected, start: { ...selected } };
    } else if (target.dataset.field === current.name && target.dataset.index !== undefined) {
      selected = current.rectangles[Number(target.dataset.index)];
      gesture = { kind: "move", rectangle: selected, from: point, start: { ...selected } };
    } else {
      selected = { page_id: page.id, x1: point.x, y1: point.y, x2: point.x, y2: point.y };
      current.rectangles.push(selected);
      current.errors = [];
      gesture = { kind: "draw", rectangle: selected, from: point };
    }
    gesture.svg = svg;
    gesture.page = page;
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
    render();
  }

  function onPointerMove(event) {
    if (!gesture) return;
    const point = pointOf(event, gesture.svg, gesture.page);
    const r = gesture.rectangle;
    if (gesture.kind === "draw") {
      Object.assign(r, { x1: gesture.from.x, y1: gesture.from.y, x2: point.x, y2: point.y });
    } else if (gesture.kind === "move") {
      const { start, page } = gesture;
      const dx = Math.min(Math.max(point.x - gesture.from.x, -start.x1), page.width - start.x2);
      const dy = Math.min(Math.max(point.y - gesture.from.y, -start.y1), page.height - start.y2);
      Object.assign(r, { x1: start.x1 + dx, x2: start.x2 + dx, y1: start.y1 + dy, y2: start.y2 + dy });
    } else {
      if (gesture.corner.includes("n")) r.y1 = point.y; else r.y2 = point.y;
      if (gesture.corner.includes("w")) r.x1 = point.x; else r.x2 = point.x;
    }
    render();
  }

  function onPointerUp() {
    if (!gesture) return;
    const r = gesture.rectangle;
    normalize(r);
    const field = fieldOf(r);
    const { kind, start } = gesture;
    field.errors = [];
    gesture = null;
    if (r.x2 - r.x1 < MIN_SIZE || r.y2 - r.y1 < MIN_SIZE) {
      if (kind === "draw") return removeRectangle(field, r);
      Object.assign(r, start);
    }
    render();
    askTexts();
  }

  function onKeyDown(event) {
    const target = event.target;
    if (target.dataset.field === undefined || target.dataset.index === undefined) return;
    const field = fields.find((f) => f.name === target.dataset.field);
    const rectangle = field.rectangles[Number(target.dataset.index)];
    const page = pages.get(rectangle.page_id);
    const step = event.shiftKey ? 10 : 1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key === "Delete" || event.key === "Backspace") {
      removeRectangle(field, rectangle);
    } else if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      const x = Math.min(Math.max(dx, -rectangle.x1), page.width - rectangle.x2);
      const y = Math.min(Math.max(dy, -rectangle.y1), page.height - rectangle.y2);
      Object.assign(rectangle, {
        x1: rectangle.x1 + x, x2: rectangle.x2 + x, y1: rectangle.y1 + y, y2: rectangle.y2 + y,
      });
      selected = rectangle;
      choose(field);
      render();
      askTexts();
      const again = root.querySelector(
        `.capture-page[data-page-id="${page.id}"] rect[data-field="${CSS.escape(field.name)}"][data-index="${target.dataset.index}"]`,
      );
      if (again) again.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  root.querySelectorAll("input[name=field]").forEach((radio) => {
    radio.addEventListener("change", () => {
      current = fields.find((f) => f.name === radio.value);
      selected = null;
      render();
    });
  });
  // Train waits for the answer about the last change, then warns or sends.
  input.form.addEventListener("submit", (event) => {
    if (!warning || event.submitter?.hasAttribute("data-train-anyway")) return;
    event.preventDefault();
    const number = asked;
    answered.then(() => {
      if (number === asked && !warnOfEmpty()) input.form.submit();
    });
  });
  root.querySelectorAll(".capture-overlay").forEach((svg) => {
    svg.addEventListener("pointerdown", onPointerDown);
    svg.addEventListener("pointermove", onPointerMove);
    svg.addEventListener("pointerup", onPointerUp);
    svg.addEventListener("pointercancel", onPointerUp);
    svg.addEventListener("keydown", onKeyDown);
  });
  document.addEventListener("keydown", (event) => {
    if (!editable || !selected || event.target.closest("input, textarea, button")) return;
    if (event.key === "Delete" && !event.target.closest(".capture-overlay")) {
      removeRectangle(fieldOf(selected), selected);
      event.preventDefault();
    }
  });
  render();
})();
