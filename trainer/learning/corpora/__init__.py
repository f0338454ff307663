"""Read uploaded labelled data into plain documents.

``read(stream)`` gives the documents of an uploaded file one by one, as it
reads them; ``parse(data)`` gives all those of some bytes as a list. A
:class:`Document` is a text, its document classes and its labelled spans;
``detect_format`` guesses which of :data:`FORMATS` a file is written in.
``read_typed(stream, model_type=…)`` gives them as the vendor's documents of a
model type (:mod:`.typed` says what maps where). The
first bad line or element raises :class:`FormatError` naming it. Whatever the
bytes (binary, nested too deep to read, numbers too long, characters a
database cannot store), the answer is documents or a FormatError, never
another exception. Lines may end in LF, CR LF or a lone CR.

Every span satisfies ``0 <= start < end <= len(text)`` (offsets in code
points), identical spans and repeated classes are kept once, and spans come in
the order the file gives them. See the format modules for what each format
maps to classes, spans and polarities.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..documents import Document as VendorDocument
from .absa_xml import read_germeval2017, read_semeval2014, read_semeval2016
from .base import Document, FormatError, Span, is_blank
from .conll import read_conll
from .delimited import read_csv
from .detect import HEAD_BYTES, detect_format
from .jsonl import read_jsonl
from .labelstudio import read_labelstudio
from .typed import as_type, refuse_format

__all__ = [
    "FORMATS",
    "Document",
    "FormatError",
    "Span",
    "detect_format",
    "parse",
    "parse_typed",
    "read",
    "read_typed",
]

FORMATS = ("jsonl", "csv", "conll", "semeval2014", "semeval2016", "germeval2017", "labelstudio")

_READERS: dict[str, Callable[[BinaryIO], Iterator[Document]]] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "conll": read_conll,
    "semeval2014": read_semeval2014,
    "semeval2016": read_semeval2016,
    "germeval2017": read_germeval2017,
    "labelstudio": read_labelstudio,
}


def read(stream: BinaryIO, *, format: str | None = None, filename: str = "") -> Iterator[Document]:
    """The documents of the rest of ``stream``, read as ``format`` (detected when None).

    ``stream`` is a seekable binary file, read from where it stands (usually
    its start). Nothing is read until the first document is asked for, and
    every FormatError is raised while iterating, when it is met: for an
    unknown format name, a file of no known format, an empty file, a bad line
    or element (after the documents before it were given), and, once all is
    read, a file that holds no documents. A caller that stores documents as
    they come deletes them on a FormatError.

    JSON Lines, CSV/TSV and CoNLL are read line by line, so memory stays
    bounded whatever the file holds (a TSV file and a CoNLL file are read
    through once first: see their modules); the XML formats and Label Studio
    JSON are read whole. Detection reads the first HEAD_BYTES only, then
    seeks back.

    Between documents, ``stream.tell()`` is how far the reading has come: the
    bytes read so far, up to CHUNK_BYTES (64 KiB) and a line ahead of the
    document just given; a first pass (TSV, CoNLL) runs it to the end once
    before the first document, and a whole-read format is at the end from the
    first document on.
    """
    if format is None:
        start = stream.tell()
        format = detect_format(stream.read(HEAD_BYTES), filename)
        stream.seek(start)
    reader = _READERS.get(format)
    if reader is None:
        raise FormatError(
            f"unknown format {format!r} (expected one of: {', '.join(FORMATS)})", "format"
        )
    if is_blank(stream):
        raise FormatError("the file is empty", "line 1")
    documents = reader(stream)
    first = next(documents, None)
    if first is None:
        raise FormatError(
            "the file holds no documents"
            + (" (no task has an annotation)" if format == "labelstudio" else ""),
            "file",
        )
    yield first
    yield from documents


def parse(data: bytes, *, format: str | None = None, filename: str = "") -> list[Document]:
    """All the documents in ``data``, read as ``format`` (detected when None): see read."""
    return list(read(io.BytesIO(data), format=format, filename=filename))


def read_typed(
    stream: BinaryIO, *, model_type: str, format: str | None = None, filename: str = ""
) -> Iterator[VendorDocument]:
    """The documents of ``stream`` (as :func:`read` gives them) as the vendor's
    documents of ``model_type``; FormatError naming the line or element of the
    first document whose data does not fit the type, or for a format that fits
    none (CoNLL)."""
    if format is None:
        start = stream.tell()
        format = detect_format(stream.read(HEAD_BYTES), filename)
        stream.seek(start)
    refuse_format(format, model_type)
    for document in read(stream, format=format):
        yield as_type(document, model_type)


def parse_typed(
    data: bytes, *, model_type: str, format: str | None = None, filename: str = ""
) -> list[VendorDocument]:
    """All the documents in ``data`` as ``model_type`` documents: see read_typed."""
    return list(
        read_typed(io.BytesIO(data), model_type=model_type, format=format, filename=filename)
    )
