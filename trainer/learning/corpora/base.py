"""The shared data model of parsed corpora and the checks every format uses."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

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
    """One text with its document classes and its labelled spans, as the file gives them.

    ``class_labels`` are the ``(class, polarity)`` opinions of the document that
    no stretch of text carries (SemEval-2014 categories, SemEval-2016 and
    GermEval opinions without a target); ``location`` says where the file holds
    the document ("line 3", "sentence id=1004"). :mod:`.typed` maps a Document
    to the vendor's document of a model type.
    """

    text: str
    classes: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    class_labels: tuple[tuple[str, str], ...] = ()
    location: str = field(default="", compare=False)


class FormatError(ValueError):
    """A file that cannot be read as the format it claims; names where the fault is.

    ``message`` is plain English, ``location`` says where ("line 12",
    "sentence id=1004", "task 3"); ``str(error)`` gives both.
    """

    def __init__(self, message: str, location: str = "") -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


_LINE_END = re.compile(r"\r\n|\r|\n")
# Characters a database cannot store in text (PostgreSQL refuses NUL, UTF-8 lone surrogates);
# JSON can spell them as escapes (\u0000, \ud800).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A string, an opening or closing bracket, or a run of digits of a JSON text.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]|[0-9]+')
_OFFSET = re.compile(r"-?[0-9]{1,18}")
MAX_OFFSET = 10**18 - 1


def clip(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object) -> str:
    """A value from the file as a message quotes it: cut short, a list or object only named."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    return clip(repr(value))


def line_at(text: str, index: int) -> int:
    """The 1-based number of the line that holds ``text[index]``."""
    return len(_LINE_END.findall(text, 0, index)) + 1


CHUNK_BYTES = 64 * 1024  # what the readers read at a time


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The rest of ``stream``, CHUNK_BYTES at a time."""
    return iter(partial(stream.read, CHUNK_BYTES), b"")


def is_blank(stream: BinaryIO) -> bool:
    """Whether the rest of ``stream`` is ASCII white space only; seeks back.

    Reads up to the first other byte (all of a blank file)."""
    start = stream.tell()
    try:
        return all(not chunk.strip() for chunk in chunks(stream))
    finally:
        stream.seek(start)


def is_utf8(stream: BinaryIO) -> bool:
    """Whether the rest of ``stream`` decodes as UTF-8; reads it all, then seeks back."""
    start = stream.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks(stream):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(start)
    return True


def _raw_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of the rest of ``stream``, each with its end (CR LF, LF or a lone CR)."""
    pending: list[bytes] = []  # the start of a line the next chunk goes on with
    for chunk in chunks(stream):
        if pending and pending[-1].endswith(b"\r"):  # a line end, CR LF if an LF comes next
            if chunk.startswith(b"\n"):
                pending.append(b"\n")
                chunk = chunk[1:]
            yield b"".join(pending)
            pending = []
        lines = chunk.splitlines(keepends=True)  # bytes split at CR LF, LF and CR only
        rest = lines.pop() if lines and not lines[-1].endswith(b"\n") else None
        if lines:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending = []
            yield from lines
        if rest is not None:
            pending.append(rest)
    if pending:
        yield b"".join(pending)


def read_lines(stream: BinaryIO, *, latin1: bool = False) -> Iterator[str]:
    """The lines of the rest of ``stream``, decoded, each with its end (CR LF, LF or a lone CR).

    UTF-8 (a byte-order mark at the start is dropped), or latin-1 when asked.
    FormatError naming the line of the first byte that is not UTF-8 or of the
    first NUL. The stream is read CHUNK_BYTES at a time, so ``stream.tell()``
    is at most a chunk and a line ahead of the line last given."""
    for number, raw in enumerate(_raw_lines(stream), start=1):
        encoding = "latin-1" if latin1 else "utf-8-sig" if number == 1 else "utf-8"
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise FormatError(
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)",
                f"line {number}",
            ) from None
        check_no_nul(line, number)
        yield line


def read_text(stream: BinaryIO) -> str:
    """The rest of ``stream`` as one text, decoded as read_lines does."""
    return "".join(read_lines(stream))


def check_no_nul(text: str, first_line: int = 1) -> None:
    """FormatError naming the line of the first NUL: text holds none (UTF-16 holds many).

    ``first_line`` is the number in the file of the first line of ``text``."""
    nul = text.find("\x00")
    if nul != -1:
        raise FormatError(
            "the file holds a NUL byte, so it is not UTF-8 text (UTF-16? save it as UTF-8)",
            f"line {first_line + line_at(text, nul) - 1}",
        )


def split_lines(text: str) -> list[str]:
    """Split at the ends of lines: CR LF, LF or a lone CR (old Macs), as the csv module does.

    Not at the rarer separators str.splitlines knows."""
    return _LINE_END.split(text)


def load_json(text: str, first_line: int = 1) -> object:
    """The JSON value in ``text`` (whose first line is ``first_line`` of the file).

    FormatError naming the line for bad syntax, nesting too deep to read and a
    number too long to convert."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"not valid JSON ({error.msg} at column {error.colno})",
            f"line {first_line + error.lineno - 1}",
        ) from None
    except RecursionError:
        message, index = "the JSON is nested too deeply", _deepest(text)
    except ValueError:  # int(): more digits than sys.get_int_max_str_digits()
        message, index = "a number in the JSON has too many digits", _longest_number(text)
    raise FormatError(message, f"line {first_line + line_at(text, index) - 1}")


def _deepest(text: str) -> int:
    """Where the JSON in ``text`` is nested deepest (strings skipped)."""
    depth = deepest = at = 0
    for match in _JSON_TOKEN.finditer(text):
        if match.group() in ("[", "{"):
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif match.group() in ("]", "}"):
            depth -= 1
    return at


def _longest_number(text: str) -> int:
    """Where the first number too long to convert starts in the JSON in ``text``."""
    limit = sys.get_int_max_str_digits()
    for match in _JSON_TOKEN.finditer(text):
        if match.group().isdigit() and len(match.group()) > limit:
            return match.start()
    return 0


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
            f"the term {shown(surface)} does not match the text at {span.start}-{span.end} "
            f"({shown(text[span.start : span.end])})",
            location,
        )
    return span


def unique(items) -> tuple:
    """Drop repeats, keep the first occurrence's order."""
    return tuple(dict.fromkeys(items))


def make_document(text: str, classes=(), spans=(), class_labels=(), *, location: str) -> Document:
    """A Document with repeated classes, spans and class labels dropped (order kept).

    FormatError when a string holds a character that cannot be stored."""
    strings = [("the text", text), *(("a class", name) for name in classes)]
    for span in spans:
        strings += [("a label", span.label), ("a polarity", span.polarity or "")]
    for name, polarity in class_labels:
        strings += [("a class", name), ("a polarity", polarity)]
    for what, value in strings:
        found = _UNSTORABLE.search(value)
        if found:
            raise FormatError(
                f"{what} holds the character U+{ord(found.group()):04X}, which cannot be stored",
                location,
            )
    return Document(
        text=text,
        classes=unique(classes),
        spans=unique(spans),
        class_labels=unique(class_labels),
        location=location,
    )


def parse_offset(value: object, name: str, location: str) -> int:
    """An integer offset given as an int or as a string of digits (XML attributes)."""
    if isinstance(value, str) and _OFFSET.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_OFFSET:
        return value
    if value is None:
        raise FormatError(f"{name!r} is missing", location)
    raise FormatError(
        f"{name!r} must be a whole number of at most 18 digits, not {shown(value)}", location
    )
