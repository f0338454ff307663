"""CSV and TSV: a header row naming a text column and (optionally) a label column.

The delimiter is the first of tab, comma, semicolon and bar that splits the
header into cells one of which is a known text column name. The label cell may
hold several labels separated by ``|`` or ``;`` (whichever is not the
delimiter). A file without a label column gives documents without classes. Tab-separated
files that break the CSV quoting rules are read again with quotes taken literally.
"""

from __future__ import annotations

import csv
import io
import re

from .base import Document, FormatError, check_text, decode_utf8, make_document, split_lines

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


def parse_csv(data: bytes) -> list[Document]:
    text = decode_utf8(data)
    lines = split_lines(text)
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise FormatError("the file is empty", "line 1")
    sniffed = sniff_header(first)
    if sniffed is None:
        raise FormatError(
            "the header row names no text column (expected one of: "
            + ", ".join(TEXT_COLUMNS)
            + ")",
            f"line {lines.index(first) + 1}",
        )
    delimiter = sniffed[0]
    label_separators = "|;".replace(delimiter, "")
    split_labels = re.compile("[" + re.escape(label_separators) + "]")

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _read_rows(reader, split_labels)
    except csv.Error as error:
        if delimiter != "\t":
            raise FormatError(f"not valid CSV ({error})", f"line {reader.line_num}") from None
    # Tab-separated files are often written without quoting: read quotes literally.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        return _read_rows(reader, split_labels)
    except csv.Error as error:
        raise FormatError(f"not valid TSV ({error})", f"line {reader.line_num}") from None


def _read_rows(reader, split_labels: re.Pattern) -> list[Document]:
    header = None
    while header is None:
        row = next(reader)
        if any(cell.strip() for cell in row):
            header = row
    names = [_name(cell) for cell in header]
    text_at = _column(names, TEXT_COLUMNS)
    label_at = _column(names, LABEL_COLUMNS)
    documents = []
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
        documents.append(make_document(text, classes, location=location))
    return documents
