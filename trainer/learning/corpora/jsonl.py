"""JSON Lines: one object a line, ``{"text", "classes"?, "spans"?}``. Read line by line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .base import (
    Document,
    FormatError,
    Span,
    check_span,
    check_text,
    load_json,
    make_document,
    parse_offset,
    read_lines,
)


def read_jsonl(stream: BinaryIO) -> Iterator[Document]:
    for number, line in enumerate(read_lines(stream), start=1):
        if not line.strip():
            continue
        location = f"line {number}"
        record = load_json(line.rstrip("\r\n"), number)
        if not isinstance(record, dict):
            raise FormatError('expected a JSON object with a "text" key', location)
        yield document_from_record(record, location)


def document_from_record(record: dict, location: str) -> Document:
    text = check_text(record.get("text"), location)
    classes = record.get("classes") or []
    if not isinstance(classes, list) or not all(
        isinstance(name, str) and name.strip() for name in classes
    ):
        raise FormatError('"classes" must be a list of non-empty strings', location)
    raw_spans = record.get("spans") or []
    if not isinstance(raw_spans, list):
        raise FormatError('"spans" must be a list of objects', location)
    spans = []
    for index, raw in enumerate(raw_spans, start=1):
        where = f"{location}, span {index}"
        if not isinstance(raw, dict):
            raise FormatError("a span must be an object with start, end and label", where)
        label = raw.get("label")
        if not isinstance(label, str):
            raise FormatError('"label" must be a string', where)
        polarity = raw.get("polarity")
        if polarity is not None and not isinstance(polarity, str):
            raise FormatError('"polarity" must be a string or null', where)
        span = Span(
            start=parse_offset(raw.get("start"), "start", where),
            end=parse_offset(raw.get("end"), "end", where),
            label=label,
            polarity=polarity or None,
        )
        spans.append(check_span(text, span, where))
    return make_document(text, [name.strip() for name in classes], spans, location=location)
