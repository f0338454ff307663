"""CSV and TSV: a header row naming a text column and (optionally) a label column.

The delimiter is the first of tab, comma, semicolon and bar that splits the
header into cells one of which is a known text column name. The label cell may
hold several labels separated by ``|`` or ``;`` (whichever is not the
delimiter). A file without a label column gives documents without classes. Tab-separated
files that break the CSV quoting rules are read with quotes taken literally.

Read line by line (a quoted cell may go on over several lines). A
tab-separated file is read twice: once to see whether it keeps the quoting
rules (keeping nothing), then for its documents.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import BinaryIO

from .base import Document, FormatError, check_text, make_document, read_lines

TEXT_COLUMNS = ("text", "sentence", "document", "content")
LABEL_COLUMNS = ("label", "labels", "class", "classes", "category", "categories")
DELIMITERS = ("\t", ",", ";", "|")


def _name(cell: str) -> str:
    return cell.strip().strip('"').strip().lower()


def sniff_header(first_line: str) -> tuple[str, list[str]] | None:
    """The delimiter and the header cells, if the line is a header with a text column."""
    for delimiter in DELIMITERS:
        if delimiter not in first_line:
            continue
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter))
        except csv.Error:  # a cell over csv.field_size_limit(): no header
            return None
        if any(_name(cell) in TEXT_COLUMNS for cell in cells):
            return delimiter, cells
    if _name(first_line) in TEXT_COLUMNS:  # a single text column: read each line whole
        return "\t", [first_line]
    return None


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for candidate in wanted:
        if candidate in names:
            return names.index(candidate)
    return None


def read_csv(stream: BinaryIO) -> Iterator[Document]:
    start = stream.tell()
    lines = enumerate(read_lines(stream), start=1)
    number, first = next(((n, line) for n, line in lines if line.strip()), (1, ""))
    if not first:
        raise FormatError("the file is empty", "line 1")
    sniffed = sniff_header(first.rstrip("\r\n"))
    if sniffed is None:
        raise FormatError(
            "the header row names no text column (expected one of: "
            + ", ".join(TEXT_COLUMNS)
            + ")",
            f"line {number}",
        )
    delimiter = sniffed[0]
    label_separators = "|;".replace(delimiter, "")
    split_labels = re.compile("[" + re.escape(label_separators) + "]")
    stream.seek(start)
    literal = delimiter == "\t" and _breaks_quoting(stream, split_labels)
    reader = _reader(stream, delimiter, literal=literal)
    try:
        yield from _read_rows(reader, split_labels)
    except csv.Error as error:
        kind = "TSV" if literal else "CSV"
        raise FormatError(f"not valid {kind} ({error})", f"line {reader.line_num}") from None


def _reader(stream: BinaryIO, delimiter: str, *, literal: bool):
    """A csv reader of the rest of ``stream``: by the quoting rules, or taking quotes literally."""
    if literal:
        return csv.reader(read_lines(stream), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    return csv.reader(read_lines(stream), delimiter=delimiter, strict=True)


def _breaks_quoting(stream: BinaryIO, split_labels: re.Pattern) -> bool:
    """Whether the tab-separated rest of ``stream`` breaks the CSV quoting rules before
    any other fault; reads it all, keeping nothing, then seeks back."""
    start = stream.tell()
    try:
        for _document in _read_rows(_reader(stream, "\t", literal=False), split_labels):
            pass
    except csv.Error:
        return True
    except FormatError:  # read by the quoting rules again, it fails at this fault
        return False
    finally:
        stream.seek(start)
    return False


def _read_rows(reader, split_labels: re.Pattern) -> Iterator[Document]:
    header = None
    while header is None:
        row = next(reader)
        if any(cell.strip() for cell in row):
            header = row
    names = [_name(cell) for cell in header]
    text_at = _column(names, TEXT_COLUMNS)
    label_at = _column(names, LABEL_COLUMNS)
    for row in reader:
        location = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise FormatError(
                f"expected {len(header)} columns as in the header, found {len(row)}", location
            )
        text = check_text(row[text_at], location)
        classes = []
        if label_at is not None:
            classes = [name.strip() for name in split_labels.split(row[label_at]) if name.strip()]
        yield make_document(text, classes, location=location)
