"""The shared data model of parsed corpora and the checks every format uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Document", "FormatError", "Span"]


@dataclass(frozen=True)
class Span:
    """A labelled stretch ``text[start:end]`` of a document (end exclusive, code points)."""

    start: int
    end: int
    label: str
    polarity: str | None = None


@dataclass(frozen=True)
class Document:
    """One text with its document classes and its labelled spans."""

    text: str
    classes: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


class FormatError(ValueError):
    """A file that cannot be read as the format it claims; names where the fault is.

    ``message`` is plain English, ``location`` says where ("line 12",
    "sentence id=1004", "task 3"); ``str(error)`` gives both.
    """

    def __init__(self, message: str, location: str = "") -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


def decode_utf8(data: bytes, *, latin1_fallback: bool = False) -> str:
    """Decode UTF-8 (a byte-order mark is dropped); optionally fall back to latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if latin1_fallback:
            return data.decode("latin-1")
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            f"line {line}",
        ) from None


def split_lines(text: str) -> list[str]:
    """Split on newlines only (not on the rarer separators str.splitlines knows), drop CRs."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def check_text(text: object, location: str) -> str:
    if not isinstance(text, str):
        raise FormatError("the text is missing or is not a string", location)
    if not text.strip():
        raise FormatError("the text is empty", location)
    return text


def check_span(text: str, span: Span, location: str, surface: str | None = None) -> Span:
    """Check bounds (and the expected surface form when the format gives one)."""
    if not span.label or not span.label.strip():
        raise FormatError("a span has an empty label", location)
    if not 0 <= span.start < span.end <= len(text):
        raise FormatError(
            f"span {span.start}-{span.end} ({span.label}) lies outside the text "
            f"of {len(text)} characters or is empty",
            location,
        )
    if surface is not None and text[span.start : span.end] != surface:
        raise FormatError(
            f"the term {surface!r} does not match the text at {span.start}-{span.end} "
            f"({text[span.start : span.end]!r})",
            location,
        )
    return span


def unique(items) -> tuple:
    """Drop repeats, keep the first occurrence's order."""
    return tuple(dict.fromkeys(items))


def make_document(text: str, classes=(), spans=()) -> Document:
    """A Document with repeated classes and identical spans dropped (order kept)."""
    return Document(text=text, classes=unique(classes), spans=unique(spans))


def parse_offset(value: object, name: str, location: str) -> int:
    """An integer offset given as an int or as a string of digits (XML attributes)."""
    if isinstance(value, bool):
        raise FormatError(f"{name!r} must be a whole number, not {value!r}", location)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value.strip())
    if value is None:
        raise FormatError(f"{name!r} is missing", location)
    raise FormatError(f"{name!r} must be a whole number, not {value!r}", location)
