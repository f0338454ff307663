"""Read uploaded labelled data into plain documents.

``parse(data)`` turns the bytes of an uploaded file into a list of
:class:`Document` (text, document classes, labelled spans); ``detect_format``
guesses which of :data:`FORMATS` the file is written in. Parsing is
all-or-nothing: the first bad line or element raises :class:`FormatError`
naming it, and nothing is returned. Whatever the bytes (binary, nested too
deep to read, numbers too long, characters a database cannot store), the
answer is documents or a FormatError, never another exception. Lines may end
in LF, CR LF or a lone CR.

Every span satisfies ``0 <= start < end <= len(text)`` (offsets in code
points), identical spans and repeated classes are kept once, and spans come in
the order the file gives them. See the format modules for what each format
maps to classes, spans and polarities.
"""

from __future__ import annotations

from collections.abc import Callable

from .absa_xml import parse_germeval2017, parse_semeval2014, parse_semeval2016
from .base import Document, FormatError, Span
from .conll import parse_conll
from .delimited import parse_csv
from .detect import detect_format
from .jsonl import parse_jsonl
from .labelstudio import parse_labelstudio

__all__ = ["FORMATS", "Document", "FormatError", "Span", "detect_format", "parse"]

FORMATS = ("jsonl", "csv", "conll", "semeval2014", "semeval2016", "germeval2017", "labelstudio")

_PARSERS: dict[str, Callable[[bytes], list[Document]]] = {
    "jsonl": parse_jsonl,
    "csv": parse_csv,
    "conll": parse_conll,
    "semeval2014": parse_semeval2014,
    "semeval2016": parse_semeval2016,
    "germeval2017": parse_germeval2017,
    "labelstudio": parse_labelstudio,
}


def parse(data: bytes, *, format: str | None = None, filename: str = "") -> list[Document]:
    """The documents in ``data``, read as ``format`` (detected when None).

    Raises FormatError for an unknown format name, a file of no known format, a
    bad line or element, and a file that holds no documents.
    """
    if format is None:
        format = detect_format(data, filename)
    parser = _PARSERS.get(format)
    if parser is None:
        raise FormatError(
            f"unknown format {format!r} (expected one of: {', '.join(FORMATS)})", "format"
        )
    if not data.strip():
        raise FormatError("the file is empty", "line 1")
    documents = parser(data)
    if not documents:
        raise FormatError(
            "the file holds no documents"
            + (" (no task has an annotation)" if format == "labelstudio" else ""),
            "file",
        )
    return documents
