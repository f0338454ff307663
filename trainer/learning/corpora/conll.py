"""CoNLL-style token-per-line files with a BIO tag in the last column.

Columns are separated by tabs (when the first token line holds a tab) or by
runs of spaces; every token line must have as many columns as the first one.
A blank line ends a sentence and ``-DOCSTART-`` lines are ignored. The text of
a sentence is its tokens joined by single spaces. IOB1 and IOB2 are both read:
``B-X`` always starts an entity, ``I-X`` continues an entity of type X and
starts one after ``O`` or after another type.

Read line by line. The file is UTF-8 or, when any byte of it is not, latin-1
(all of it, as one encoding): a first pass over the file decides, keeping
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from .base import Document, FormatError, Span, is_utf8, make_document, read_lines, shown

TAG = re.compile(r"O|[BI]-\S.*")


def looks_like_tag(value: str) -> bool:
    return TAG.fullmatch(value) is not None


def split_columns(line: str, tabs: bool) -> list[str]:
    return line.strip().split("\t") if tabs else line.split()


def read_conll(stream: BinaryIO) -> Iterator[Document]:
    lines = read_lines(stream, latin1=not is_utf8(stream))
    tokens: list[str] = []
    tags: list[str] = []
    width = None
    tabs = False
    sentence = "line 1"  # where the sentence being read starts
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("-DOCSTART-"):
            if tokens:
                yield _document(tokens, tags, sentence)
                tokens, tags = [], []
            continue
        if width is None:
            tabs = "\t" in line.strip()
        columns = split_columns(line, tabs)
        location = f"line {number}"
        if width is None:
            if len(columns) < 2:
                raise FormatError(
                    "expected a token and a tag separated by a space or tab", location
                )
            width = len(columns)
        elif len(columns) != width:
            raise FormatError(
                f"expected {width} columns as on the first token line, found {len(columns)}",
                location,
            )
        token, tag = columns[0], columns[-1]
        if not token:
            raise FormatError("the token is empty", location)
        if not looks_like_tag(tag):
            raise FormatError(
                f"{shown(tag)} is not a tag (expected O, B-LABEL or I-LABEL)", location
            )
        if not tokens:
            sentence = location
        tokens.append(token)
        tags.append(tag)
    if tokens:
        yield _document(tokens, tags, sentence)


def _document(tokens: list[str], tags: list[str], location: str) -> Document:
    """The sentence of ``tokens`` with the entities their BIO ``tags`` mark."""
    spans = []
    position = 0
    current: list = []  # [start, end, label] of the entity being read
    for token, tag in zip(tokens, tags, strict=True):
        start, end = position, position + len(token)
        position = end + 1
        if tag == "O":
            if current:
                spans.append(Span(*current))
            current = []
            continue
        prefix, label = tag[0], tag[2:]
        if prefix == "I" and current and current[2] == label:
            current[1] = end
            continue
        if current:
            spans.append(Span(*current))
        current = [start, end, label]
    if current:
        spans.append(Span(*current))
    return make_document(" ".join(tokens), spans=spans, location=location)
