"""Label Studio JSON exports: a JSON array of tasks.

The text of a task is ``data["text"]`` or else the first string value of
``data``. Only the first annotation that was not cancelled is read (older
exports call them ``completions``); tasks without one are skipped. In its
``result``:

- ``type: "labels"`` regions give spans (``value.start``, ``value.end``, one
  span per label in ``value.labels``); ``value.text``, when present, must equal
  the text at those offsets. Offsets counted in UTF-16 code units (as browsers
  do) are converted when the text holds characters outside the BMP.
- ``type: "choices"`` results give the document classes, except a choice
  attached to a region (per-region choices share the region's ``id``): its
  first choice becomes the polarity of that region's spans.

Other result types (text areas, ratings, relations …) are ignored.

The file is read whole (its documents come once all of it is parsed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .base import (
    Document,
    FormatError,
    Span,
    check_span,
    check_text,
    clip,
    load_json,
    make_document,
    parse_offset,
    read_text,
)


def read_labelstudio(stream: BinaryIO) -> Iterator[Document]:
    tasks = load_json(read_text(stream))
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise FormatError("expected a JSON array of Label Studio tasks", "line 1")
    for index, task in enumerate(tasks, start=1):
        location = f"task {index}"
        if not isinstance(task, dict):
            raise FormatError("a task must be a JSON object", location)
        if isinstance(task.get("id"), str | int):
            location += f" (id={clip(str(task['id']))})"
        document = _task(task, location)
        if document is not None:
            yield document


def _annotation(task: dict, location: str) -> dict | None:
    annotations = task.get("annotations")
    if annotations is None:
        annotations = task.get("completions")
    if annotations is None:
        return None
    if not isinstance(annotations, list):
        raise FormatError('"annotations" must be a list', location)
    for annotation in annotations:
        if not isinstance(annotation, dict):
            raise FormatError("an annotation must be a JSON object", location)
        if not annotation.get("was_cancelled"):
            return annotation
    return None


def _task_text(task: dict, location: str) -> str:
    data = task.get("data")
    if not isinstance(data, dict):
        raise FormatError('the task has no "data" object', location)
    text = data.get("text")
    if not isinstance(text, str):
        text = next((value for value in data.values() if isinstance(value, str)), None)
    if text is None:
        raise FormatError('the task "data" holds no text', location)
    return check_text(text, location)


def _task(task: dict, location: str) -> Document | None:
    annotation = _annotation(task, location)
    if annotation is None:
        return None
    text = _task_text(task, location)
    results = annotation.get("result") or []
    if not isinstance(results, list):
        raise FormatError('"result" must be a list', location)
    regions: dict[object, list[Span]] = {}
    region_order: list[object] = []
    choices: list[tuple[int, dict]] = []
    for number, result in enumerate(results, start=1):
        where = f"{location}, result {number}"
        if not isinstance(result, dict):
            raise FormatError("a result must be a JSON object", where)
        value = result.get("value")
        kind = result.get("type")
        if kind not in ("labels", "choices"):
            continue
        if not isinstance(value, dict):
            raise FormatError('the result has no "value" object', where)
        if kind == "choices":
            choices.append((number, result))
            continue
        key = _result_id(result, where, f"#{number}")
        regions.setdefault(key, [])
        region_order.append(key)
        regions[key].extend(_region_spans(text, value, where))
    classes: list[str] = []
    polarity: dict[object, str] = {}
    for number, result in choices:
        where = f"{location}, result {number}"
        selected = result["value"].get("choices")
        if not isinstance(selected, list) or not all(isinstance(c, str) for c in selected):
            raise FormatError('"choices" must be a list of strings', where)
        key = _result_id(result, where)
        if key is not None and key in regions:
            if selected:
                polarity.setdefault(key, selected[0])
        else:
            classes.extend(choice.strip() for choice in selected if choice.strip())
    spans = [
        Span(span.start, span.end, span.label, polarity.get(key, span.polarity))
        for key in dict.fromkeys(region_order)
        for span in regions[key]
    ]
    return make_document(text, classes, spans, location=location)


def _result_id(result: dict, where: str, default: object = None) -> object:
    """The ``id`` that ties a per-region choice to its region."""
    key = result.get("id", default)
    if isinstance(key, list | dict):
        raise FormatError('"id" must be a string', where)
    return key


def _region_spans(text: str, value: dict, where: str) -> list[Span]:
    start = parse_offset(value.get("start"), "start", where)
    end = parse_offset(value.get("end"), "end", where)
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise FormatError('"labels" must be a non-empty list of strings', where)
    surface = value.get("text")
    if not isinstance(surface, str):
        surface = None
    if surface is not None and text[start:end] != surface and _has_astral(text):
        start, end = _from_utf16(text, start), _from_utf16(text, end)
    return [check_span(text, Span(start, end, label), where, surface) for label in labels]


def _has_astral(text: str) -> bool:
    return any(ord(char) > 0xFFFF for char in text)


def _from_utf16(text: str, offset: int) -> int:
    """The code-point index of a UTF-16 code-unit offset."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
